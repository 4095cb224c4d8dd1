// STYLE.md 22: the CLI README's examples run, so the docs stay true.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { engines, ensureBuilt, ROOT, vpcsim } from './helpers.js';

const readme = readFileSync(join(ROOT, 'packages', 'cli', 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l.startsWith('npx vpcsim '));

const HAS = engines();
describe.skipIf(!HAS.net)('packages/cli/README.md examples', () => {
  beforeAll(() => ensureBuilt(), 300_000);
  it('has at least one runnable example', () => expect(examples.length).toBeGreaterThan(0));
  it.each(examples)('%s exits 0', (line) => {
    const args = line.slice('npx vpcsim '.length).split(/\s+/);
    const r = vpcsim(args);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
