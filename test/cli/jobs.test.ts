// `--jobs N` (worker threads) of check, diff and reach, and `check --shard i/n` (issue 12 item 6),
// through the real binary: the output is the same for any number of threads, on the worked
// scenarios and on a generated estate; the shards of a check, together, are the whole check;
// bad values are usage errors (exit 2); a budget or a failure in a worker ends the command with
// exit 2 and the reason. No timing: how much faster is in bench/jobs.bench.mjs.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, FIX, json, ROOT, vpcsim } from './helpers.js';
import { runShared, type Job } from '../../packages/cli/src/jobs.js';
import { loadModel } from '../../packages/cli/src/load.js';
import { CliError } from '../../packages/cli/src/errors.js';
// @ts-expect-error: the benchmark generator is plain JavaScript without types
import { generateNetwork } from '../../bench/generate-network.mjs';

beforeAll(() => ensureBuilt(), 300_000);

type Json = Record<string, unknown>;
/** A check result or report without what differs between two runs of the same work: time taken. */
const untimed = (x: unknown): unknown => JSON.parse(JSON.stringify(x), (k, v: unknown) => (k === 'elapsedMs' ? 0 : v));
/** A diff or reach answer without its set-node count (each thread has its own set space). */
const sansNodes = (x: unknown): unknown => JSON.parse(JSON.stringify(x), (k, v: unknown) => (k === 'nodes' ? 0 : v));

const three = 'scenarios/vpc-three-tier.yaml';
const ssh = 'test/fixtures/diff/vpc-three-tier-ssh.yaml';

/** A generated estate (bench/generate-network.mjs) with checks, and a copy that opens SSH from the internet. */
const estate = ((): { dir: string; before: string; after: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-jobs-'));
  const g = generateNetwork({ vpcs: 12, interfacesPerVpc: 4 }) as { scenario: Json & { securityGroups: { inbound: object[] }[]; networkAcls: { inbound: object[] }[] } };
  const s = g.scenario;
  s['expect'] = [
    { name: 'the internet reaches the first web server on 443', trace: { from: 'internet', to: 'i-0-0', protocol: 'tcp', port: 443 }, reachable: true },
    { name: 'the internet does not reach it on SSH', trace: { from: 'internet', to: 'i-0-0', protocol: 'tcp', port: 22 }, reachable: false },
    { name: 'wrong on purpose: the internet reaches a database on 5432', trace: { from: 'internet', to: 'i-3-2', protocol: 'tcp', port: 5432 }, reachable: true },
    { name: 'a web server reaches its neighbour', trace: { from: 'i-0-0', to: 'i-0-1', protocol: 'tcp', port: 443 }, reachable: true },
  ];
  s['properties'] = [
    { name: 'nothing on the internet reaches a private subnet', forall: { from: 'internet', to: 'subnet:subnet-*-private', protocol: ['tcp', 'udp'], port: '0-65535' }, reachable: false },
    { name: 'nothing on the internet reaches SSH', forall: { from: 'internet', to: 'i-*', protocol: 'tcp', port: 22 }, reachable: false },
    { name: 'the first VPC reaches no database of the fourth on 5432', forall: { from: 'vpc:vpc-0', to: 'subnet:subnet-3-private', protocol: 'tcp', port: 5432 }, reachable: false },
  ];
  const before = join(dir, 'estate.json');
  writeFileSync(before, JSON.stringify(s));
  const changed = structuredClone(s);
  changed.securityGroups[0]!.inbound.push({ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' });
  changed.networkAcls[0]!.inbound.push({ rule: 1, protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0', action: 'allow' });
  const after = join(dir, 'estate-ssh.json');
  writeFileSync(after, JSON.stringify(changed));
  return { dir, before, after };
})();

/** Runs the same command with `--jobs 1` and `--jobs 3`: the exit codes and outputs. */
function both(args: string[]): [ReturnType<typeof vpcsim>, ReturnType<typeof vpcsim>] {
  return [vpcsim([...args, '--jobs', '1']), vpcsim([...args, '--jobs', '3'])];
}

describe('--jobs: the same output for any number of threads', () => {
  it('check on the worked scenarios: text and JSON (the CI formats are made from the same report)', () => {
    for (const format of ['text', 'json']) {
      const [one, three] = both(['check', 'scenarios/', '--format', format]);
      expect(one.code, one.stderr).toBe(0);
      expect(three.code, three.stderr).toBe(0);
      if (format === 'json') expect(untimed(JSON.parse(three.stdout))).toEqual(untimed(JSON.parse(one.stdout)));
      else expect(three.stdout).toBe(one.stdout);
    }
  });

  it('reach and diff on the worked scenarios', () => {
    for (const args of [['reach', three], ['reach', three, '--from', 'internet'], ['reach', three, '--to', 'i-db-1', '--explain', '1'], ['diff', three, ssh], ['diff', three, ssh, '--format', 'markdown']]) {
      const [one, many] = both(args);
      expect(one.code, `${args.join(' ')}: ${one.stderr}`).toBeLessThan(2);
      expect(many.code).toBe(one.code);
      expect(many.stdout, args.join(' ')).toBe(one.stdout);
    }
    for (const args of [['reach', three, '--json'], ['diff', three, ssh, '--json']]) {
      const [one, many] = both(args);
      expect(sansNodes(json(many))).toEqual(sansNodes(json(one)));
    }
  });

  it('a generated estate: check, reach and the diff of a pull request that opens SSH', () => {
    const [c1, c3] = both(['check', estate.before, '--json']);
    expect(c1.code, c1.stderr).toBe(1); // one expectation is wrong on purpose
    expect(c3.code).toBe(1);
    expect(untimed(json(c3))).toEqual(untimed(json(c1)));
    const results = (json(c1) as { scenarios: { results: { name: string; passed: boolean }[] }[] }).scenarios[0]!.results;
    expect(results.map((r) => r.passed)).toEqual([true, true, false, true, true, true, true]);
    for (const args of [['check', estate.before], ['reach', estate.before], ['reach', estate.before, '--from', 'internet'], ['diff', estate.before, estate.after]]) {
      const [one, many] = both(args);
      expect(many.code, `${args.join(' ')}: ${many.stderr}`).toBe(one.code);
      expect(many.stdout, args.join(' ')).toBe(one.stdout);
    }
    const [d1, d3] = both(['diff', estate.before, estate.after, '--json']);
    expect(d1.code).toBe(1);
    expect((json(d1) as { network: { changed: unknown[]; complete: boolean } }).network.complete).toBe(true);
    expect(sansNodes(json(d3))).toEqual(sansNodes(json(d1)));
    const [r1, r3] = both(['reach', estate.before, '--json']);
    expect(sansNodes(json(r3))).toEqual(sansNodes(json(r1)));
  });
});

describe('check --shard i/n', () => {
  type Report = { scenarios: { file: string; valid: boolean; results: Json[] }[]; shard?: { index: number; count: number; checks: number; total: number } };
  /** Every result of a report, keyed by its file and position of its name. */
  const resultsOf = (r: Report): Map<string, unknown> => new Map(r.scenarios.flatMap((s) => s.results.map((x) => [`${s.file}\u0000${String(x['name'])}`, untimed(x)] as const)));

  it('the shards together are the whole check: each check in one shard, with the same result', () => {
    for (const args of [['check', 'scenarios/'], ['check', estate.before]]) {
      const whole = vpcsim([...args, '--json']);
      const all = resultsOf(json<Report>(whole));
      const union = new Map<string, unknown>();
      let covered = 0;
      const codes: number[] = [];
      for (let i = 1; i <= 3; i++) {
        const r = vpcsim([...args, '--json', '--shard', `${i}/3`, '--jobs', i === 2 ? '2' : '1']);
        codes.push(r.code!);
        const j = json<Report>(r);
        expect(j.shard).toMatchObject({ index: i, count: 3, total: all.size });
        covered += j.shard!.checks;
        for (const [k, v] of resultsOf(j)) {
          expect(union.has(k), `${k} in two shards`).toBe(false);
          union.set(k, v);
        }
      }
      expect(covered).toBe(all.size);
      expect(union).toEqual(all);
      // the whole check fails when a shard does
      expect(Math.max(...codes)).toBe(whole.code);
    }
  });

  it('text says which shard ran and how many checks it covered; JUnit and SARIF stay valid reports', () => {
    const t = vpcsim(['check', 'scenarios/vpc-three-tier.yaml', '--shard', '2/3']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^shard 2\/3: \d+ of \d+ checks \(the 3 shards together run each check once\)$/m);
    const junit = vpcsim(['check', 'scenarios/vpc-three-tier.yaml', '--shard', '2/3', '--format', 'junit']);
    expect(junit.stdout).toContain('<testsuites name="vpcsim check (shard 2/3)"');
    const sarif = JSON.parse(vpcsim(['check', 'scenarios/vpc-three-tier.yaml', '--shard', '2/3', '--format', 'sarif']).stdout) as { runs: { properties?: Json }[] };
    expect(sarif.runs[0]!.properties).toMatchObject({ 'vpcsim/shard': { index: 2, count: 3 } });
    const gh = vpcsim(['check', 'scenarios/vpc-three-tier.yaml', '--shard', '3/3', '--format', 'github']);
    expect(gh.stdout).toMatch(/^vpcsim check \(shard 3\/3: \d+ of \d+ checks\): \d+ passed, 0 failed$/m);
  });

  it('a failing check fails only its shard; an invalid file fails every shard', () => {
    const failing = join(FIX, 'failing.yaml');
    expect([1, 2].map((i) => vpcsim(['check', failing, '--shard', `${i}/2`]).code)).toEqual([1, 0]);
    const empty = vpcsim(['check', failing, '--shard', '2/2']);
    expect(empty.stdout).toContain('shard 2/2: 0 of 1 checks');
    const invalid = join(FIX, 'invalid', 'bad.yaml');
    expect([1, 2].map((i) => vpcsim(['check', failing, invalid, '--shard', `${i}/2`]).code)).toEqual([2, 2]);
  });
});

describe('bad --jobs and --shard values', () => {
  it.each([
    [['check', three, '--shard', '0/3'], 'shards are numbered from 1', 'JOB_COMPLETION_INDEX counts from 0'],
    [['check', three, '--shard', '4/3'], 'there are 3 shards', 'give a shard from 1 to 3'],
    [['check', three, '--shard', 'x'], '`--shard x` is not a shard', 'write INDEX/COUNT'],
    [['check', three, '--shard', '1/0'], 'there must be at least one shard', 'write INDEX/COUNT'],
    [['check', three, '--jobs', '0'], '`--jobs 0` is not a whole number from 1 to 64', 'the number of threads'],
    [['reach', three, '--jobs', 'many'], '`--jobs many` is not a whole number', 'the number of threads'],
    [['diff', three, ssh, '--jobs', '65'], '`--jobs 65`', 'the number of threads'],
    [['validate', three, '--shard', '1/2'], 'unknown option `--shard`', ''],
  ])('%j: exit 2 with a hint', (args, message, hint) => {
    const r = vpcsim(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(hint);
  });
});

describe('a worker that cannot answer ends the command with exit 2', () => {
  it('a budget exceeded in the worker threads: the message, exit 2, never a short answer that looks whole', () => {
    for (const args of [['reach', three, '--max-nodes', '10'], ['diff', three, ssh, '--max-nodes', '10']]) {
      const [one, many] = both(args);
      expect(one.code).toBe(2);
      expect(many.code).toBe(2);
      expect(many.stderr).toMatch(/stopped: the (question|comparison) needs more than 10 set nodes/);
      expect(many.stdout).toContain('NOT');
    }
  });

  const fixtures = mkdtempSync(join(tmpdir(), 'vpcsim-worker-'));
  const job: Job = { kind: 'reach', file: join(ROOT, three), query: { from: ['internet'] }, share: { index: 0, count: 2 } };
  const worker = (name: string, code: string): URL => {
    const f = join(fixtures, name);
    writeFileSync(f, code);
    return new URL(`file://${f}`);
  };
  it.each([
    ['throws', 'throw new Error("boom")', 'a worker thread failed: boom'],
    ['exits', 'process.exit(3)', 'a worker thread stopped (exit code 3) before it answered'],
    ['reports an internal error', 'import { parentPort } from "node:worker_threads"; parentPort.postMessage({ ok: false, user: false, message: "x is undefined" })', 'a worker thread failed: internal error: x is undefined'],
  ])('a worker that %s: a CliError (exit 2) with the reason, the other workers stopped', async (name, code, message) => {
    const url = worker(`${name.replace(/\W/g, '-')}.mjs`, code);
    const err = await runShared([job, { ...job, share: { index: 1, count: 2 } }], loadModel, { url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(2);
    expect((err as CliError).message).toContain(message);
  });

  // from the sources (this test), the build's worker (dist/worker.js) on the built packages
  it('the real worker on a file that changed since the command read it: exit 2, said as it is', async () => {
    const gone = { ...job, file: join(fixtures, 'deleted-meanwhile.yaml'), share: { index: 1, count: 2 } };
    const err = await runShared([job, gone], loadModel).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).message).toContain('read again by a worker thread');
    // and the shares of a question answer in order when every worker can
    const ok = await runShared([job, { ...job, share: { index: 1, count: 2 } }], loadModel);
    expect(ok).toHaveLength(2);
  });
});
