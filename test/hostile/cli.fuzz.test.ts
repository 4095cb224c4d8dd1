// Fuzzing the command line (issue 18): any arguments to any command (the access commands and
// reach included) end in exit 0, 1 or 2 with output in
// vpcsim's words: no stack trace, no "internal error", no library or runtime wording, no
// control character from the input on the terminal, and JSON on stdout whenever --json asks.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../packages/cli/src/cli-spec.js';
import { run } from '../../packages/cli/src/main.js';

const ROOT = join(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'vpcsim-cli-fuzz-'));
const fifo = join(work, 'pipe.yaml');
execFileSync('mkfifo', [fifo]);
mkdirSync(join(work, 'out'));
writeFileSync(join(work, 'broken.yaml'), 'version: 1\nvpcs:\n  - { id: vpc-a, cidr: 10.0.0.0/33 }\n');

const FILES = [
  join(ROOT, 'scenarios', 'vpc-three-tier.yaml'),
  join(ROOT, 'scenarios', 'iam-account.yaml'),
  join(ROOT, 'scenarios', 'vpc-gateway-endpoint-s3.yaml'),
  join(ROOT, 'packages', 'cli', 'test', 'fixtures', 'failing.yaml'),
  join(work, 'broken.yaml'),
  join(work, 'missing.yaml'),
  fifo,
  work,
  join(ROOT, 'test', 'fixtures', 'aws', 'corp'),
];
const hostile = fc.constantFrom('', '-', '--', '0', '-1', '99999', '1e3', '0x10', 'https', 'tcp', '999', 'all', 'i-web-1', 'internet', 'internet:8.8.8.8', 'external:office', 'service:s3', '10.16.48.10', 'user/alice', 'role/app', 's3:GetObject', 'arn:aws:s3:::assets/logo.png', 'k=v', '=v', '__proto__=x', 'constructor', 'i-web-1\u001b[2J', 'a\nb', '\u0000', '\ud800', '../../etc/passwd', '*', '?*?');
const value = fc.oneof({ weight: 3, arbitrary: hostile }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });

const file = fc.constantFrom(...FILES);
const scenario = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(FILES[0]!, FILES[1]!, FILES[2]!, FILES[3]!) }, { weight: 1, arbitrary: file });
const endpoint = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('i-web-1', 'i-app-1', 'i-db-1', 'internet', 'internet:8.8.8.8', '8.8.8.8', 'service:s3', 'i-app-1/eth0', 'external:office', '10.16.48.10') }, { weight: 1, arbitrary: value });
const access = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(join(ROOT, 'scenarios', 'access-external-access.yaml'), join(ROOT, 'scenarios', 'access-privilege-escalation.yaml'), FILES[1]!) }, { weight: 1, arbitrary: file });
const principal = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('user/dev', 'user/intern', 'user/analyst', 'role/ops-admin', 'root', 'anonymous', 'arn:aws:iam::222222222222:root', 'service:ec2.amazonaws.com', 'user/deev') }, { weight: 1, arbitrary: value });
const resource = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('arn:aws:s3:::shared-reports', 'arn:aws:s3:::shared-reports/2024/q3.csv', 'role/partner-access', 'arn:aws:s3:::nope', 'arn:aws:s3:::shared-*') }, { weight: 1, arbitrary: value });
const opt = (name: string, v: fc.Arbitrary<string>) => fc.option(v.map((x) => [name, x]), { nil: undefined });
const flags = (...fs: fc.Arbitrary<string[] | undefined>[]) => fc.tuple(...fs).map((xs) => xs.flatMap((x) => x ?? []));

/** A command line: mostly well formed, with hostile values; sometimes anything at all. */
const argv = fc
  .tuple(
    fc.oneof(
      fc.tuple(fc.constant('trace'), scenario, flags(opt('--from', endpoint), opt('--to', endpoint), opt('--port', value), opt('--protocol', value), opt('--src-port', value), opt('--icmp-type', value))).map(([c, f, rest]) => [c, f, ...rest]),
      fc.tuple(fc.constant('can'), scenario, flags(opt('--principal', fc.oneof(fc.constantFrom('user/alice', 'role/app', 'root', 'anonymous'), value)), opt('--action', fc.oneof(fc.constantFrom('s3:GetObject', 's3:*', 'iam:PassRole'), value)), opt('--resource', value), opt('--context', value), opt('--from', endpoint))).map(([c, f, rest]) => [c, f, ...rest]),
      fc.tuple(fc.constantFrom('check', 'validate'), fc.array(file, { minLength: 1, maxLength: 3 }), flags(opt('--seed', value), opt('--runs', fc.constantFrom('1', '5', '0', '100001')))).map(([c, fs, rest]) => [c, ...fs, ...rest]),
      fc.tuple(fc.constant('diff'), scenario, scenario).map((a) => [...a]),
      // the access commands (issue 16) and reach (issue 12)
      fc.tuple(fc.constant('who-can'), access, flags(opt('--action', fc.oneof(fc.constantFrom('s3:GetObject', 'sts:AssumeRole', 's3:GetObjekt', 's3:Get*'), value)), opt('--principal', principal), opt('--resource', resource), opt('--from', endpoint), opt('--context', value))).map(([c, f, rest]) => [c, f, ...rest]),
      fc.tuple(fc.constant('findings'), access, flags(opt('--trust', fc.oneof(fc.constantFrom('account', 'organization'), value)), opt('--resource', resource))).map(([c, f, rest]) => [c, f, ...rest]),
      fc.tuple(fc.constant('paths'), access, flags(opt('--from', principal), opt('--to', fc.oneof(principal, resource)), fc.option(fc.constant(['--to-admin']), { nil: undefined }))).map(([c, f, rest]) => [c, f, ...rest]),
      fc.tuple(fc.constant('reach'), scenario, flags(opt('--from', endpoint), opt('--to', endpoint), opt('--port', value), opt('--protocol', value), opt('--explain', value), opt('--max-nodes', value))).map(([c, f, rest]) => [c, f, ...rest]),
      fc.tuple(fc.constant('import'), file, fc.boolean()).map(([c, f, o]) => [c, f, ...(o ? ['-o', join(work, 'out', 'scenario.yaml'), '--force'] : [])]),
      fc.constant(['schema']),
      fc.tuple(value, fc.array(value, { maxLength: 3 })).map(([c, rest]) => [c, ...rest]),
    ),
    fc.boolean(),
  )
  // --help prints help, --debug prints stack traces on purpose: both have their own tests
  .map(([args, json]) => [...args, ...(json ? ['--json'] : [])].filter((a) => a !== '--help' && a !== '-h' && a !== '--debug'));

/** Wording that belongs to a library or the runtime, not to vpcsim. */
const FOREIGN = /\n\s+at |internal error|vpcsim bug|parseAllDocuments|Invalid string length|Maximum call stack|ERR_[A-Z_]+|Unknown option '|argument missing|undefined is not|Cannot read propert|is not a function|ZodError/;

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('vpcsim with any arguments', () => {
  it('exits 0, 1 or 2 in its own words, never passing a control character through', async () => {
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        let stdout = '';
        let stderr = '';
        const code = await run(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, env: { NO_COLOR: '1' } });
        const shown = `${JSON.stringify(args)} → ${code}\n${stderr}`;
        expect([0, 1, 2], shown).toContain(code);
        expect(stderr, shown).not.toMatch(FOREIGN);
        expect(stdout.slice(0, 20_000), shown).not.toMatch(FOREIGN);
        // eslint-disable-next-line no-control-regex
        expect(`${stdout}${stderr}`, shown).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
        if (args.includes('--json') && stdout !== '') expect(() => JSON.parse(stdout), shown).not.toThrow();
        if (code === 2 && stdout === '') expect(stderr, shown).toMatch(/^vpcsim: [^\n]+\n {2}hint: /);
      }),
      { numRuns: 350, seed: 18 },
    );
  });
});
