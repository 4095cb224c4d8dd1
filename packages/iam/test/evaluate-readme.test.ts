// The README's example runs and prints what it says (STYLE: a test runs the README's examples).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

describe('README example', () => {
  it('runs and shows the failing condition', async () => {
    const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(code).toBeDefined();
    const file = join(import.meta.dirname, `.readme-example-${process.pid}.ts`);
    writeFileSync(file, code!);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(/* @vite-ignore */ file);
      const printed = log.mock.calls.map((c) => String(c[0]));
      expect(printed[0]).toBe('implicitly-denied');
      expect(printed[1]).toContain('condition StringEquals aws:SourceVpc: request value `vpc-2` does not match `vpc-1`');
    } finally {
      log.mockRestore();
      rmSync(file, { force: true });
    }
  });
});
