// The CLI in-process: argument errors, help, version, validation, JSON shapes and exit codes
// for the paths that need no engine.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli-spec.js';
import { parseContext } from '../src/commands/can.js';
import { run } from '../src/main.js';
import { colourEnabled, stripAnsi } from '../src/output/ansi.js';
import { decisionLines } from '../src/present.js';

const FIX = join(import.meta.dirname, 'fixtures');

async function cli(args: string[], opts: { tty?: boolean; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), stdoutIsTTY: opts.tty ?? false, env: opts.env ?? {} });
  return { code, stdout, stderr };
}

describe('help and version', () => {
  it('prints the main help with every command', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name}`);
    expect(r.stdout).toContain('Exit codes: 0');
  });
  it('prints each command help with usage, every flag and examples', async () => {
    for (const c of COMMANDS) {
      const r = await cli([c.name, '--help']);
      expect(r.code, c.name).toBe(0);
      expect(r.stdout).toContain(`Usage: ${c.usage}`);
      for (const f of Object.keys(c.options)) expect(r.stdout).toContain(`--${f}`);
      expect(r.stdout).toContain('Examples:');
    }
  });
  it('prints the version', async () => {
    const r = await cli(['--version']);
    expect(r.stdout.trim().split('\n')[0]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(r.stdout).toMatch(/AWS action catalogue: @cloud-copilot\/iam-data \d+\.\d+\.\d+/);
  });
});

describe('usage errors exit 2 with one clear paragraph', () => {
  it.each([
    [['chek', 'x'], /unknown command `chek`[\s\S]*did you mean `check`/],
    [['trace', 'x.yaml', '--to', 'b'], /`--from` is required/],
    [['trace', 'x.yaml', '--from', 'a', '--to', 'b', '--port', '99999'], /`--port 99999` is not a whole number from 0 to 65,535/],
    [['trace', 'x.yaml', '--bogus'], /unknown option `--bogus`/],
    [['trace', 'x.yaml', '--prot', 'udp'], /unknown option `--prot`[\s\S]*did you mean `--protocol`/],
    [['trace', 'x.yaml', '--from'], /`--from` needs a value/],
    [['trace', 'x.yaml', '--from', '--to', 'b'], /`--from` needs a value/],
    [['trace', 'x.yaml', '--json=yes'], /`--json` takes no value/],
    [['trace', 'x.yaml', '--port', '1', '--port', '2'], /`--port` is given more than once/],
    [['trace'], /missing scenario/],
    [['can', 'a.yaml', 'b.yaml', '--principal', 'p', '--action', 'a'], /unexpected argument `b.yaml`/],
    [['check', join(FIX, 'nope.yaml')], /cannot read `.*nope.yaml`: no such file or directory/],
    [['trace', join(FIX, 'nope.yaml'), '--from', 'a', '--to', 'b', '--port', '1'], /no such file/],
  ])('%j', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
  it('rejects a context flag without `=`', () => {
    expect(() => parseContext(['aws:SecureTransport'])).toThrow(/is not `key=value`/);
  });
});

describe('--context', () => {
  it('repeating a key makes it multi-valued; commas stay in values', () => {
    expect(parseContext(['aws:TagKeys=team', 'aws:TagKeys=env', 'aws:UserAgent=a,b', 'x=1=2'])).toEqual({ 'aws:TagKeys': ['team', 'env'], 'aws:UserAgent': 'a,b', x: '1=2' });
  });
});

describe('validate', () => {
  it('exits 0 on valid files and prints ✓ per file', async () => {
    const r = await cli(['validate', join(FIX, 'small.yaml'), join(FIX, 'failing.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ .*small\.yaml\s+valid/);
    expect(r.stdout).toContain('2 valid');
  });
  it('a directory means the files directly inside it', async () => {
    const r = await cli(['validate', FIX, '--json']);
    const j = JSON.parse(r.stdout) as { scenarios: { file: string; valid: boolean }[] };
    expect(j.scenarios.map((s) => s.file.split('/').pop())).toEqual(['failing.yaml', 'small.yaml']);
    expect(r.code).toBe(0);
  });
  it('exits 2 on an invalid file, with file:line path: message', async () => {
    const r = await cli(['validate', join(FIX, 'invalid')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/✗ .*bad\.yaml\s+invalid: \d+ errors?/);
    expect(r.stdout).toMatch(/bad\.yaml:\d+ subnets\[0\]/);
    expect(r.stdout).toMatch(/syntax\.yaml:\d+ \(top level\)/);
    expect(r.stdout).toContain('0 valid, 2 invalid');
  });
  it('prints the check JSON shape', async () => {
    const r = await cli(['validate', join(FIX, 'invalid', 'bad.yaml'), '--json']);
    const j = JSON.parse(r.stdout) as { scenarios: { file: string; valid: boolean; errors: { path: unknown[]; message: string }[]; results: unknown[] }[] };
    expect(j.scenarios).toHaveLength(1);
    expect(j.scenarios[0]).toMatchObject({ valid: false, results: [] });
    expect(j.scenarios[0]!.errors[0]!.path).toEqual(expect.arrayContaining(['subnets', 0]));
  });
});

describe('colour', () => {
  it('colours only on a terminal without NO_COLOR', async () => {
    expect(colourEnabled({ isTTY: true }, {})).toBe(true);
    expect(colourEnabled({ isTTY: false }, {})).toBe(false);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    const tty = await cli(['validate', join(FIX, 'small.yaml')], { tty: true });
    expect(tty.stdout).toContain('\u001b[32m');
    expect(stripAnsi(tty.stdout)).toContain('✓');
    const plain = await cli(['validate', join(FIX, 'small.yaml')], { tty: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\u001b[');
  });
});

describe('schema', () => {
  it('prints the JSON Schema of the scenario format', async () => {
    const r = await cli(['schema']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { $schema: string; properties: Record<string, unknown>; additionalProperties: unknown };
    expect(j.$schema).toContain('json-schema.org');
    expect(Object.keys(j.properties)).toEqual(expect.arrayContaining(['version', 'vpcs', 'subnets', 'iam', 'expect', 'properties']));
    expect(j.additionalProperties).toBe(false);
  });
});

// ---- the new-user review: each case below failed before its fix ---------------------------

const ROOT = join(import.meta.dirname, '..', '..', '..');
const S3 = join(ROOT, 'scenarios', 'vpc-gateway-endpoint-s3.yaml');
const THREE = join(ROOT, 'scenarios', 'vpc-three-tier.yaml');
const Q1 = ['--action', 's3:GetObject', '--resource', 'arn:aws:s3:::private-bucket/report.csv'];

describe('can: a request the network does not deliver is a denial (exit 1)', () => {
  it('exits 1, says why in the network section, and does not repeat it as an error', async () => {
    const r = await cli(['can', S3, '--from', 'i-batch-1', ...Q1]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/^✗ implicitly-denied /);
    expect(r.stdout).toContain('✗ did not reach the service (no-route)');
    expect(r.stdout).toContain('trace i-batch-1 → service:s3  tcp/443');
    expect(r.stdout).not.toContain('request.from:');
    const j = JSON.parse((await cli(['can', S3, '--from', 'i-batch-1', ...Q1, '--json'])).stdout) as { decision: string; network: { reached: boolean }; errors: unknown[] };
    // not an error: the network section gives the reason
    expect(j).toMatchObject({ decision: 'implicitly-denied', network: { reached: false, reason: expect.stringContaining('rtb-isolated') }, errors: [] });
    expect((await cli(['can', S3, '--from', 'i-batch-1', ...Q1, '--json'])).code).toBe(1);
  });
  it('real input errors still exit 2: a bad action, an unknown principal', async () => {
    expect((await cli(['can', S3, '--from', 'i-app-1', '--action', 'GetObject'])).code).toBe(2);
    expect((await cli(['can', S3, '--principal', 'role/nobody', ...Q1])).code).toBe(2);
  });
});

// Input errors go to stderr, never to stdout as if they were a verdict (issue 18, first hour)
describe('flow and request errors name the file and the flag, and guess the id, on stderr', () => {
  it('trace --from with a typo: the file path and did you mean', async () => {
    const r = await cli(['trace', THREE, '--from', 'i-web-l', '--to', '8.8.8.8', '--port', '443']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`vpcsim: ${THREE}: \`--from\`: unknown endpoint \`i-web-l\`\n  hint: did you mean \`i-web-1\`?\n`);
    const to = await cli(['trace', THREE, '--from', 'internet', '--to', 'i-wbe-1', '--port', '443']);
    expect(to.stderr).toContain('`--to`: unknown endpoint `i-wbe-1`\n  hint: did you mean `i-web-1`?');
    // --json keeps its promise: the errors as JSON on stdout
    const j = await cli(['trace', THREE, '--from', 'i-web-l', '--to', '8.8.8.8', '--port', '443', '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).errors[0].hint).toBe('did you mean `i-web-1`?');
  });
  it('can --from with a typo is an unknown instance, not "not an instance"', async () => {
    const r = await cli(['can', S3, '--from', 'i-app-l', ...Q1]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${S3}: \`--from\`: unknown instance \`i-app-l\`\n  hint: did you mean \`i-app-1\`?`);
    expect(r.stderr).not.toContain('is not an instance');
    // with a principal, the source is traced: the flow error gets the guess too
    const p = await cli(['can', S3, '--principal', 'role/app', '--from', 'i-app-l', ...Q1]);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('did you mean `i-app-1`?');
  });
  it('can --principal with a typo: did you mean a declared principal', async () => {
    const r = await cli(['can', S3, '--principal', 'role/ap', ...Q1]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${S3}: \`--principal\`: role \`ap\` is not declared`);
    expect(r.stderr).toContain('did you mean `role/app`?');
  });
});

describe('typos in IAM scenarios: located warnings with did-you-mean, never a hint toward a typo', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-typos-'));
  const file = join(dir, 'typos.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      'defaults: { account: "111111111111", region: us-east-1 }',
      'iam:',
      '  users:',
      '    - name: dana',
      '      inlinePolicies:',
      '        P: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:GetObjekt", Resource: "*", Condition: { StringEquals: { "s3:prefx": a } } }] }',
      'expect:',
      '  - name: dana reads',
      '    request: { principal: user/dana, action: s3:GetObject, resource: "arn:aws:s3:::b/k", context: { "aws:SourceIpp": 10.1.1.1 } }',
      '    decision: denied',
      '  - name: dnaa reads',
      '    request: { principal: user/dnaa, action: s3:GetObject, resource: "arn:aws:s3:::b/k" }',
      '    decision: denied',
      '',
    ].join('\n'),
  );
  it('check: the policy action, the condition keys and the principal, each on its line', async () => {
    const r = await cli(['check', file]);
    expect(r.stdout).toContain(`${file}:7 iam.users[0].inlinePolicies.P.Statement[0].Action: warning: \`s3:GetObjekt\` is not an action of Amazon S3`);
    expect(r.stdout).toContain('did you mean `s3:GetObject`?');
    expect(r.stdout).toMatch(/:7 .*"s3:prefx"\]: warning: .*did you mean `s3:prefix`\?/);
    expect(r.stdout).toContain(`${file}:13 expect[1].request.principal: warning: user \`dnaa\` is not declared in account 111111111111 — hint: did you mean \`user/dana\`?`);
    expect(r.stdout).toContain(`${file}:10 expect[0].request.context["aws:SourceIpp"]: warning: \`aws:SourceIpp\` is not a global condition key`);
    expect(r.stdout).toContain('did you mean `aws:SourceIp`?');
    // the failure's own error, on its entry's line, with the guess
    expect(r.stdout).toContain(`${file}:13 expect[1].request.principal: user \`dnaa\` is not declared in account 111111111111 — hint: did you mean \`user/dana\`?`);
    // the request's s3:GetObject is right: no hint toward the policy's typo
    expect(r.stdout).not.toContain('did you mean `s3:GetObjekt`');
  });
});

// A request whose resource is not of a type its action applies to tests none of the statements
// written for the real request: a located warning with an example of the right ARN, from the
// resource types the Service Authorization Reference lists for the action (s3:GetObject: object;
// s3:ListBucket: bucket). https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
describe('check: an expectation whose resource is of the wrong type for its action', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-rtype-'));
  const file = join(dir, 'types.yaml');
  const expectations = (n: number): string[] =>
    Array.from({ length: n }, (_, i) => [`  - name: read ${i}`, `    request: { principal: user/dana, action: s3:GetObject, resource: "arn:aws:s3:::assets${i}" }`, '    decision: allowed']).flat();
  const scenarioText = (n: number): string =>
    [
      'version: 1',
      'defaults: { account: "111111111111", region: us-east-1 }',
      'iam:',
      '  users:',
      '    - name: dana',
      '      inlinePolicies:',
      '        P: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: ["s3:*", "secretsmanager:GetSecretValue"], Resource: "*" }] }',
      'expect:',
      '  - name: dana lists the bucket',
      '    request: { principal: user/dana, action: s3:ListBucket, resource: "arn:aws:s3:::assets" }',
      '    decision: allowed',
      '  - name: dana reads a secret whose name has a slash',
      '    request: { principal: user/dana, action: secretsmanager:GetSecretValue, resource: "arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbCdEf" }',
      '    decision: allowed',
      ...expectations(n),
      '',
    ].join('\n');
  it('s3:GetObject on a bucket ARN: a warning on its line, with the object ARN format as the hint', async () => {
    writeFileSync(file, scenarioText(1));
    const r = await cli(['check', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${file}:16 expect[2].request.resource: warning: \`arn:aws:s3:::assets0\` is not a resource \`s3:GetObject\` applies to (accesspointobject, object) — hint: e.g. \`arn:\${Partition}:s3:::\${BucketName}/\${ObjectName}\``);
    // the bucket ARN is right for s3:ListBucket, and a secret's name may hold a slash
    expect(r.stdout).not.toContain('expect[0].request.resource');
    expect(r.stdout).not.toContain('expect[1].request.resource');
  });
  it('many of them: the first 20, then how many more', async () => {
    writeFileSync(file, scenarioText(25));
    const r = await cli(['check', file]);
    expect(r.stdout.split('\n').filter((l) => l.includes('is not a resource `s3:GetObject` applies to'))).toHaveLength(20);
    expect(r.stdout).toContain('expect: warning: 5 more expectations name a resource of a type their action does not apply to');
  });
});

describe('trace flags', () => {
  it('--flow-logs prints each record once', async () => {
    const r = await cli(['trace', THREE, '--from', 'i-web-1', '--to', '8.8.8.8', '--port', '443', '--flow-logs']);
    expect(r.code).toBe(0);
    const logs = r.stdout.slice(r.stdout.indexOf('flow logs')).trim().split('\n').slice(1);
    expect(logs).toHaveLength(2);
    for (const l of logs) {
      expect(l).toMatch(/^ {2}2 111111111111 i-web-1\/eth0 \S+ \S+ \d+ \d+ 6 1 60 \d+ \d+ ACCEPT OK$/);
    }
  });
  it('a missing port hints the flag, not the scenario field', async () => {
    const r = await cli(['trace', THREE, '--from', 'internet', '--to', 'i-web-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('hint: add `--port 443`');
    expect(r.stderr).not.toContain('`port: 443`');
  });
  it('a service destination without a port is tcp/443', async () => {
    const r = await cli(['trace', S3, '--from', 'i-app-1', '--to', 'service:s3']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('trace i-app-1 → service:s3  tcp/443');
    // a port given, or another protocol, is left alone
    expect((await cli(['trace', S3, '--from', 'i-app-1', '--to', 'service:s3', '-p', 'udp'])).code).toBe(2);
  });
  it('--help lists the protocols the engine traces (no `all`)', async () => {
    const r = await cli(['trace', '--help']);
    expect(r.stdout).toMatch(/--protocol P\s+tcp \(default\), udp, icmp, icmpv6, or a protocol number/);
    expect(r.stdout).not.toMatch(/\ball\b/);
  });
});

describe('--json prints JSON on stdout, errors too', () => {
  it('an invalid scenario: { errors: [diagnostic] }, exit 2', async () => {
    const typo = join(ROOT, 'scenarios', 'invalid', 'typo-field.yaml');
    for (const args of [
      ['trace', typo, '--from', 'a', '--to', 'b', '--port', '1', '--json'],
      ['can', typo, '--principal', 'role/x', '--action', 's3:GetObject', '--json'],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      const j = JSON.parse(r.stdout) as { errors: Record<string, unknown>[] };
      expect(j.errors[0]).toMatchObject({ file: typo, line: expect.any(Number), path: ['subnets', 0, 'routTable'], message: 'unknown field `routTable`', hint: 'did you mean `routeTable`?' });
    }
  });
  it('a missing file and a usage error: JSON, exit 2', async () => {
    const missing = join(FIX, 'nosuch.yaml');
    const c = await cli(['check', missing, '--json']);
    expect(c.code).toBe(2);
    const j = JSON.parse(c.stdout) as { scenarios: { file: string; valid: boolean }[]; errors: { file: string; message: string }[] };
    expect(j.scenarios).toEqual([expect.objectContaining({ file: missing, valid: false })]);
    expect(j.errors[0]).toMatchObject({ file: missing, message: expect.stringContaining('no such file or directory') });
    const t = await cli(['trace', missing, '--from', 'a', '--to', 'b', '--port', '1', '--json']);
    expect(t.code).toBe(2);
    expect((JSON.parse(t.stdout) as { errors: { file: string }[] }).errors[0]!.file).toBe(missing);
    const u = await cli(['trace', missing, '--from', 'a', '--json']);
    expect(u.code).toBe(2);
    expect((JSON.parse(u.stdout) as { errors: { message: string }[] }).errors[0]!.message).toContain('`--to` is required');
  });
});

describe('check arguments', () => {
  it('a missing file beside a valid one: the valid one is still checked, exit 2', async () => {
    const r = await cli(['check', join(FIX, 'nosuch.yaml'), join(FIX, 'small.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/✓ .*small\.yaml\s+\d+ expectations/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('5 passed, 0 failed, 1 unreadable');
    expect(r.stderr).toMatch(/cannot read `.*nosuch\.yaml`: no such file or directory/);
  });
  it('a directory skips *.schema.json (vpcsim schema > scenario.schema.json)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-schema-'));
    copyFileSync(join(FIX, 'small.yaml'), join(dir, 'small.yaml'));
    writeFileSync(join(dir, 'scenario.schema.json'), (await cli(['schema'])).stdout);
    const r = await cli(['check', dir, '--json']);
    expect(r.code, r.stdout).toBe(0);
    expect((JSON.parse(r.stdout) as { scenarios: { file: string }[] }).scenarios.map((s) => s.file)).toEqual([join(dir, 'small.yaml')]);
  });
  // issue 18: `check <dir>` skipped symbolic links to scenario files without a word
  it('a directory follows symbolic links to scenario files, and names the broken ones and loops (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-links-'));
    symlinkSync(join(FIX, 'small.yaml'), join(dir, 'linked.yaml'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'broken.yaml'));
    symlinkSync(join(dir, 'loop.yaml'), join(dir, 'loop.yaml'));
    const r = await cli(['check', dir]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/✓ .*linked\.yaml\s+\d+ expectations/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('5 passed, 0 failed, 2 unreadable');
    expect(r.stderr).toContain('broken.yaml`: it is a symbolic link to');
    expect(r.stderr).toContain('loop.yaml`: a loop of symbolic links');
    const only = await cli(['check', join(dir, 'linked.yaml')]);
    expect(only.code).toBe(0);
  });
  it('a scenario without `version`: missing required field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-nover-'));
    writeFileSync(join(dir, 'nover.yaml'), readFileSync(join(FIX, 'small.yaml'), 'utf8').replace(/^version: 1\n/m, ''));
    const r = await cli(['validate', join(dir, 'nover.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('version: missing required field `version`');
    expect(r.stdout).not.toContain('undefined');
  });
});

describe('import, no command, diff, tui', () => {
  it('import of a folder without AWS CLI exports is an error; nothing written', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vpcsim-imp-')), 'x.yaml');
    const r = await cli(['import', join(ROOT, 'scenarios'), '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no AWS CLI export files found in `.*scenarios`/);
    expect(r.stderr).toContain('docs/import.md');
    expect(existsSync(out)).toBe(false);
  });
  it('no command prints the usage on stderr, exit 2', async () => {
    const r = await cli([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: vpcsim <command>');
    expect(r.stdout).toBe('');
  });
  it('diff with one file names the missing one', async () => {
    const r = await cli(['diff', THREE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vpcsim: diff: missing the after scenario\n/);
  });
  it('tui with a missing file says so before anything about the terminal', async () => {
    const r = await cli(['tui', join(FIX, 'nosuch.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read `.*nosuch\.yaml`: no such file or directory/);
    expect(r.stderr).not.toContain('terminal');
  });
});

describe('decision gates', () => {
  it('✗ only for the failed gate or a deny; · for another gate without an allow', async () => {
    const gates = [
      { gate: 'scp', result: 'not-applicable', why: 'x', statements: [] },
      { gate: 'resource', result: 'no-allow', why: 'no bucket statement', statements: [] },
      { gate: 'identity', result: 'allow', why: 'y', statements: [] },
      { gate: 'permissions-boundary', result: 'deny', why: 'z', statements: [] },
    ] as const;
    const allowed = decisionLines({ decision: 'allowed', explain: gates as never, failedGate: undefined });
    expect(allowed.map((l) => l.ok)).toEqual([true, undefined, true, false]);
    const denied = decisionLines({ decision: 'implicitly-denied', explain: gates as never, failedGate: 'resource' });
    expect(denied.map((l) => l.ok)).toEqual([true, false, true, false]);
  });
  it('the README example: the bucket gate without an allow is ·, its statements did not match', async () => {
    const r = await cli(['can', join(ROOT, 'scenarios', 'iam-account.yaml'), '--principal', 'user/alice', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::assets/logo.png']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines.find((l) => l.includes('resource: no-allow'))).toMatch(/^ {2}· resource: no-allow/);
    expect(lines.find((l) => l.includes('(sid DenyInsecureTransport)'))).toMatch(/^ {4}· .*: Deny, no match/);
    expect(lines.find((l) => l.includes('(sid ReadObjects): '))).toMatch(/^ {4}✓ .*: Allow {2}matches/);
  });
});

// issue 18: values a person types, and values a hostile input holds
describe('flag values', () => {
  it('a port name is its port: `--port https` traces tcp/443', async () => {
    const r = await cli(['trace', THREE, '--from', 'internet', '--to', 'i-web-1', '--port', 'https']);
    expect(r.stdout.split('\n')[0]).toBe('trace internet → i-web-1  tcp/443');
    expect((await cli(['trace', THREE, '--from', 'internet', '--to', 'i-web-1', '--port', 'SSH'])).stdout.split('\n')[0]).toBe('trace internet → i-web-1  tcp/22');
    const typo = await cli(['trace', THREE, '--from', 'internet', '--to', 'i-web-1', '--port', 'htps']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('vpcsim: `--port htps` is not a port\n  hint: did you mean `https` (443)?\n');
  });
  it('a protocol number past 255 is no protocol: refused, never traced nor "fixed"', async () => {
    const r = await cli(['trace', THREE, '--from', 'i-web-1', '--to', 'i-db-1', '-p', '999']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/`--protocol 999` is not an IP protocol: protocol numbers are 0 to 255\n {2}hint: /);
    const name = await cli(['trace', THREE, '--from', 'i-web-1', '--to', 'i-db-1', '-p', 'tpc', '--port', '1']);
    expect(name.stderr).toContain('did you mean `tcp`?');
  });
  it('`--runs` is bounded, with a hint', async () => {
    const r = await cli(['check', THREE, '--runs', '10000000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/`--runs 10000000` is not a whole number from 1 to 100,000\n {2}hint: at most 100,000 runs/);
  });
  it('control characters in flag values and file names are printed escaped', async () => {
    const r = await cli(['trace', THREE, '--from', 'i-web-1\u001b[32m', '--to', 'i-db-1', '--port', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('\u001b');
    expect(r.stderr).toContain('i-web-1\\u001b[32m');
    const f = await cli(['check', join(FIX, 'no\nsuch\u001b]8;;x\u0007.yaml')]);
    expect(f.code).toBe(2);
    expect(f.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(f.stderr.trim().split('\n')).toHaveLength(2);
  });
});

const HOSTILE = join(ROOT, 'test', 'hostile', 'fixtures');

describe('check output that does not mislead (issue 18)', () => {
  it('a sampled property says "sampled, not proved", not only in JSON', async () => {
    const r = await cli(['check', join(HOSTILE, 'sampled.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 passed (1 sampled, not proved), 0 failed');
    expect(r.stdout).toMatch(/~ alice reads whatever the request says \(property\): sampled, not proved: no counterexample in 1,000 runs \(seed 42; space of 43,046,721 cases\)/);
  });
  it('a routing loop in a failed expectation is folded, not 190 hops on one line', async () => {
    const r = await cli(['check', join(HOSTILE, 'routing-loop.yaml')]);
    expect(r.code).toBe(1);
    const path = r.stdout.split('\n').find((l) => l.trimStart().startsWith('path '))!;
    expect(path).toMatch(/\) ×32 → /);
    expect(path.length).toBeLessThan(300);
  });
  it('an expectation naming an endpoint the scenario does not have: invalid (exit 2), with its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-ep-'));
    const file = join(dir, 'bad-endpoint.yaml');
    writeFileSync(file, readFileSync(THREE, 'utf8').replace('trace: { from: internet, to: i-web-1,', 'trace: { from: internet, to: i-wbe-1,'));
    const r = await cli(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/bad-endpoint\.yaml:\d+ expect\[\d+\]\.trace\.to: `i-wbe-1` is not a declared resource — hint: did you mean `i-web-1`\?/);
  });
});

describe('fixes that can be done (issue 18)', () => {
  it('a network ACL whose rule 1 denies: no fix proposes "a rule numbered below rule 1", in the trace, its JSON or the what-if', async () => {
    const args = ['trace', join(HOSTILE, 'deny-rule-1.yaml'), '--from', 'i-web', '--to', 'i-db', '--port', '5432'];
    const t = await cli([...args, '--what-if']);
    expect(t.code).toBe(1);
    expect(t.stdout).not.toContain('below rule 1');
    expect(t.stdout).toContain('no rule can come before rule 1 (rule 1 is the first a network ACL can have), so narrow rule 1');
    const j = JSON.parse((await cli([...args, '--json'])).stdout) as { blockers: { fix: string }[] };
    expect(j.blockers[0]!.fix).not.toContain('below rule 1');
  });
});

describe('an IAM property too large to count (issue 18)', () => {
  it('says so, exit 2 (it used to run out of memory)', async () => {
    const cond: Record<string, string[]> = {};
    for (let k = 0; k < 40; k++) cond[`aws:RequestTag/k${k}`] = ['a', 'b'];
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-huge-'));
    const file = join(dir, 'huge.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        defaults: { account: '111111111111' },
        iam: { users: [{ name: 'alice', inlinePolicies: { p: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: cond } }] } } }] },
        properties: [{ name: 'p', forall: { principal: 'user/alice', action: 's3:GetObject' }, decision: 'denied' }],
      }),
    );
    const r = await cli(['check', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('the property has more cases than vpcsim can count (40 context keys with 80 values');
    expect(r.stdout).toContain('hint: narrow it');
  });
});
