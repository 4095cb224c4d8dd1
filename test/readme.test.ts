// The root README's examples run, so the docs stay true: every `$ npx vpcsim ...` line of a
// console block runs with the built binary, never exits 2, and prints the first line the
// README shows; every command in the "Every command" table is an example that runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, vpcsim } from './cli/helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const consoleExamples = [...readme.matchAll(/```console\n([\s\S]*?)```/g)].map((m) => {
  const lines = m[1]!.split('\n');
  return { command: lines[0]!.replace(/^\$ npx vpcsim /, ''), first: lines[1] ?? '' };
});
const tableExamples = readme.split('\n').filter((l) => l.startsWith('| `')).flatMap((l) => [...l.matchAll(/`npx vpcsim ([^`]+)`/g)].map((m) => m[1]!)).filter((c) => !c.includes('>') && !c.startsWith('tui') && !c.startsWith('start'));
const argv = (c: string) => c.split(/\s+/).filter(Boolean);

describe('README.md', () => {
  beforeAll(() => ensureBuilt(), 300_000);
  it('has console examples and a command table', () => {
    expect(consoleExamples.length).toBeGreaterThanOrEqual(5);
    expect(tableExamples.length).toBeGreaterThanOrEqual(5);
  });
  it.each(consoleExamples)('$ npx vpcsim $command', ({ command, first }) => {
    const r = vpcsim(argv(command));
    const expectedCode = command.startsWith('validate scenarios/invalid') ? 2 : undefined;
    if (expectedCode !== undefined) expect(r.code).toBe(expectedCode);
    else expect(r.code, r.stderr).not.toBe(2);
    expect(r.stdout.split('\n')[0]).toBe(first);
  });
  it.each(tableExamples)('npx vpcsim %s', (command) => {
    const r = vpcsim(argv(command.replace(' -o /tmp/corp.yaml', '')));
    if (command.includes('scenarios/invalid')) expect(r.code).toBe(2);
    else expect(r.code, r.stderr).toBeLessThan(2);
  });
});
