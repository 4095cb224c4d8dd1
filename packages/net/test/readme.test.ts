// Runs the README's example (STYLE.md item 22), so the docs stay true: every `console.log`
// line that ends with a `// expected` comment must print exactly that.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as model from '@vpcsim/model';
import * as net from '@vpcsim/net';
import { expect, it } from 'vitest';

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../README.md'), 'utf8');

it('the README example runs and prints what its comments say', () => {
  const code = /```ts\n([^]*?)```/.exec(readme)?.[1];
  expect(code).toBeDefined();
  const body = code!.replace(/^import .*$/gm, '');
  const printed: string[] = [];
  const fakeConsole = { log: (...xs: unknown[]) => printed.push(xs.map(String).join(' ')) };
  new Function('compile', 'trace', 'formatTrace', 'flowLogs', 'console', body)(model.compile, net.trace, net.formatTrace, net.flowLogs, fakeConsole);
  const expected = [...body.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
  expect(expected.length).toBe(3);
  expect(printed.slice(0, 3)).toEqual(expected);
  expect(printed[3]).toContain('DENY      sg-web (security-group inbound)');
  expect(printed[4]).toMatch(/ i-web\/eth0 198\.51\.100\.7 10\.0\.0\.10 49152 22 6 .* REJECT OK$/);
});

it('the README lists every disposition of the contract', () => {
  const types = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../src/trace-types.ts'), 'utf8');
  const union = /export type Disposition =([^;]*);/.exec(types)![1]!;
  for (const [, d] of union.matchAll(/'([a-z-]+)'/g)) expect(readme).toContain(`| \`${d}\` |`);
});
