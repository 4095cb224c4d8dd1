// The hostile cases of issue 18, run as a user runs them: the real binary, each within a memory
// budget (a V8 heap of 256 MB: past it the process dies and the case fails) and a liveness
// bound (a hang fails). Each must end in a right answer or a clean error: exit 0, 1 or 2, the
// reason in vpcsim's words, no stack trace.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ensureBuilt, ROOT } from '../cli/helpers.js';

const HEAP_MB = 256;
const FIX = join(import.meta.dirname, 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'vpcsim-hostile-'));

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `vpcsim ...args` with a heap of HEAP_MB; stdout to `stdoutFd` when given (e.g. /dev/full). */
function vpcsim(args: readonly string[], opts: { stdoutFd?: number; input?: string } = {}): Outcome {
  const r = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
    stdio: ['pipe', opts.stdoutFd ?? 'pipe', 'pipe'],
    input: opts.input,
    timeout: 120_000 /* liveness only: a hang fails the case */,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** A clean end: a known exit code, no crash, no stack trace, no runtime wording. */
function expectClean(r: Outcome, code: number): void {
  const shown = `exit ${r.code} (${r.signal ?? 'no signal'})\n${r.stderr.slice(0, 3000)}`;
  expect(r.signal, shown).toBeNull();
  expect(r.code, shown).toBe(code);
  expect(r.stderr, shown).not.toMatch(/\n\s+at |internal error|heap out of memory|Invalid string length|Maximum call stack|ERR_/);
}

/** An instance behind a network ACL of `n` single-port TCP rules (`port(i)`), denying and allowing in turn, and two properties over its ports. */
function naclScenario(n: number, port: (i: number) => number): unknown {
  const inbound = Array.from({ length: n }, (_, i) => ({ rule: i + 1, protocol: 'tcp', ports: String(port(i)), cidr: '0.0.0.0/0', action: i % 2 ? 'allow' : 'deny' }));
  return {
    version: 1,
    defaults: { account: '111111111111', region: 'us-east-1' },
    vpcs: [{ id: 'v', cidr: '10.0.0.0/16' }],
    internetGateways: [{ id: 'igw', vpc: 'v' }],
    routeTables: [{ id: 'rt', vpc: 'v', routes: [{ destination: '0.0.0.0/0', target: 'igw' }] }],
    subnets: [{ id: 's', vpc: 'v', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', routeTable: 'rt', networkAcl: 'acl' }],
    networkAcls: [{ id: 'acl', vpc: 'v', inbound, outbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }] }],
    securityGroups: [{ id: 'sg', vpc: 'v', inbound: [{ protocol: 'tcp', ports: '0-65535', cidr: '0.0.0.0/0' }] }],
    instances: [{ id: 'i-1', subnet: 's', privateIp: '10.0.1.10', publicIp: '3.3.3.3', securityGroups: ['sg'] }],
    properties: [
      { name: 'the internet reaches no port of the rules', forall: { from: 'internet', to: 'i-1', protocol: 'tcp', port: `1-${n}` }, reachable: false },
      { name: 'nothing past the rules gets in', forall: { from: 'internet', to: 'i-1', protocol: 'tcp', port: `${n + 1}-65535` }, reachable: false },
    ],
  };
}

beforeAll(() => ensureBuilt(), 300_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('files that are not files, or never end', () => {
  it('a FIFO as the scenario: refused at once (it used to block forever)', () => {
    const fifo = join(work, 'pipe.yaml');
    spawnSync('mkfifo', [fifo]);
    const r = vpcsim(['check', fifo]);
    expectClean(r, 2);
    expect(r.stderr).toContain('is a named pipe (FIFO), not a scenario file');
  });
  it.skipIf(!existsSync('/dev/zero'))('/dev/zero: refused before reading (it was read to 1 GB)', () => {
    const r = vpcsim(['validate', '/dev/zero']);
    expectClean(r, 2);
    expect(r.stderr).toContain('is a character device');
  });
});

describe('documents built to exhaust', () => {
  it('an alias bomb is refused', () => {
    const lines = ['version: 1', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 15; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    writeFileSync(join(work, 'bomb.yaml'), lines.join('\n'));
    const r = vpcsim(['validate', join(work, 'bomb.yaml')]);
    expectClean(r, 2);
    expect(r.stdout).toContain('aliases');
  });
  it('nesting 100,000 deep is refused', () => {
    writeFileSync(join(work, 'deep.json'), `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    const r = vpcsim(['validate', join(work, 'deep.json')]);
    expectClean(r, 2);
    expect(r.stdout).toMatch(/too deep|nests/);
  });
  it('a file broken everywhere (60,000 errors) is reported within the budget', () => {
    const subnets = Array.from({ length: 60_000 }, (_, i) => ({ id: `s-${i}`, vpc: 'v', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24', routTable: 'x' }));
    writeFileSync(join(work, 'broken.json'), JSON.stringify({ version: 1, vpcs: [{ id: 'v', cidr: '10.0.0.0/8' }], subnets }));
    const r = vpcsim(['validate', join(work, 'broken.json')]);
    expectClean(r, 2);
    expect(r.stdout).toContain('… and 50,000 more problems not listed');
  });
  it('an IAM property over 16 condition keys (43 million contexts) is sampled within the budget, and says so', () => {
    const r = vpcsim(['check', join(FIX, 'sampled.yaml')]);
    expectClean(r, 0);
    expect(r.stdout).toContain('sampled, not proved');
  });
  it('10,000 network ACL port rules under a property over every port: an answer (it ran to 5.3 GB and out of memory)', () => {
    writeFileSync(join(work, 'nacl-10k.json'), JSON.stringify(naclScenario(10_000, (i) => i + 1)));
    const r = vpcsim(['check', join(work, 'nacl-10k.json')]);
    expectClean(r, 1);
    expect(r.stdout).toContain('2 properties: 1 passed, 1 failed');
    // the first even port is allowed (rule 2): the counterexample, and its class read on one line
    expect(r.stdout).toMatch(/counterexample from: internet:\S+, to: i-1, protocol: tcp, port: 2, class: .* tcp 2, 4, 6, .*… \(5,000 ranges\)/);
  });
  it('30,000 scattered port rules past the memory budget: check and reach say the question is too large (exit 2), never die of memory', () => {
    writeFileSync(join(work, 'nacl-30k.json'), JSON.stringify(naclScenario(30_000, (i) => ((i * 7919) % 65000) + 1)));
    const c = vpcsim(['check', join(work, 'nacl-30k.json')]);
    expectClean(c, 2);
    expect(c.stdout).toContain('the property is too large to prove in the memory given');
    const q = vpcsim(['reach', join(work, 'nacl-30k.json'), '--from', 'internet']);
    expectClean(q, 2);
    expect(q.stderr).toContain('reach stopped: the packet sets need more than');
  });
  it('`…/*` + 5,000 `?` + `x*` against a 100,000-character resource (one argument holds at most 128 KB): an answer', () => {
    const policy = { Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: `arn:aws:s3:::b/*${'?'.repeat(5000)}x*` }, { Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
    writeFileSync(join(work, 'glob.json'), JSON.stringify({ version: 1, defaults: { account: '111111111111' }, iam: { users: [{ name: 'alice', inlinePolicies: { p: policy } }] } }));
    const resource = `arn:aws:s3:::b/${'a'.repeat(100_000)}`;
    const r = vpcsim(['can', join(work, 'glob.json'), '--principal', 'user/alice', '--action', 's3:GetObject', '--resource', resource]);
    expectClean(r, 0);
    const x = vpcsim(['can', join(work, 'glob.json'), '--principal', 'user/alice', '--action', 's3:GetObject', '--resource', `${resource}x`]);
    expectClean(x, 1);
  });
});

describe('output that cannot be written', () => {
  it.skipIf(!existsSync('/dev/full'))('`vpcsim schema > /dev/full`: one line on stderr, exit 2 (it was a raw stack)', () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const r = vpcsim(['schema'], { stdoutFd: fd });
      expectClean(r, 2);
      expect(r.stderr).toBe('vpcsim: cannot write the output: no space left on the device\n  hint: free some space, or write the output elsewhere\n');
    } finally {
      closeSync(fd);
    }
  });
  it('`vpcsim schema | head -c 10`: the closed pipe ends it quietly', () => {
    const r = spawnSync('bash', ['-c', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} schema | head -c 10 > /dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('0');
  });
});

describe('answers that used to be wrong', () => {
  it('a Deny in an inline policy named `__proto__` denies', () => {
    const r = vpcsim(['can', join(FIX, 'proto-keys.yaml'), '--principal', 'user/alice', '--action', 's3:DeleteObject', '--resource', 'arn:aws:s3:::b/k']);
    expectClean(r, 1);
    expect(r.stdout).toContain('explicitly-denied');
  });
  it('`ports: 0b1` is text in YAML 1.2, so it is not a port', () => {
    writeFileSync(join(work, 'binary.yaml'), 'version: 1\nvpcs: [{ id: v, cidr: 10.0.0.0/16 }]\nsecurityGroups:\n  - id: sg\n    vpc: v\n    inbound:\n      - { protocol: tcp, ports: 0b1, cidr: 0.0.0.0/0 }\n');
    const r = vpcsim(['validate', join(work, 'binary.yaml')]);
    expectClean(r, 2);
    expect(r.stdout).toMatch(/binary\.yaml:7 securityGroups\[0\]\.inbound\[0\]\.ports: `0b1`/);
  });
  it('`-p 999` is no protocol: refused, not traced', () => {
    const r = vpcsim(['trace', join(ROOT, 'scenarios', 'vpc-three-tier.yaml'), '--from', 'i-web-1', '--to', 'i-db-1', '-p', '999']);
    expectClean(r, 2);
    expect(r.stdout).toBe('');
  });
});

describe('a wrong import folder', () => {
  it('thousands of files and no export: refused before anything is read', () => {
    const dir = join(work, 'not-an-export');
    mkdirSync(join(dir, 'cache'), { recursive: true });
    for (let i = 0; i < 3000; i++) writeFileSync(join(dir, 'cache', `${i}.bin`), 'x');
    const r = vpcsim(['import', dir]);
    expectClean(r, 2);
    expect(r.stderr).toMatch(/^vpcsim: no AWS CLI export files found in `.*` \(3,000 other files\)\n/);
  });
});
