import { defineConfig } from 'vitest/config';

// Tests import packages by name; the `source` export condition maps them to
// their TypeScript sources so tests never depend on a stale build.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.{ts,tsx}', 'packages/*/test/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    testTimeout: 30000,
    pool: 'forks',
  },
});
