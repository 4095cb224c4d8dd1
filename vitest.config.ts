import { defineConfig } from 'vitest/config';

// Tests import packages by name; the `source` export condition maps them to
// their TypeScript sources so tests never depend on a stale build.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.{ts,tsx}', 'packages/*/test/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    // Liveness bounds, not speed assertions: a busy 2-core CI machine may be several times
    // slower than a quiet one. Speed is measured in `npm run bench`.
    testTimeout: 180_000,
    hookTimeout: 600_000,
    pool: 'forks',
    setupFiles: ['test/fast-check-setup.ts'],
  },
});
