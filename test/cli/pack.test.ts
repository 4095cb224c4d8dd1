// vpcsim as a user installs it: `npm pack` of the CLI (its prepack bundles every workspace
// package and dependency, and ships the worked scenarios), installed into an empty folder with
// no registry access, then run: --version, init, check, trace (and trace again from its V8 code
// cache). Skipped, with the reason printed, only where npm itself is not available.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
const hasNpm = npm.status === 0;
if (!hasNpm) console.log(`SKIPPED: the package test needs npm, which is not available here (${npm.error?.message ?? npm.stderr})`);

describe.skipIf(!hasNpm)('npm pack → install in an empty folder → run', () => {
  it('installs with no dependencies and runs --version, init, check and trace', () => {
    const work = mkdtempSync(join(tmpdir(), 'vpcsim-pack-'));
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: join(ROOT, 'packages', 'cli'), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((f) => f.path);
    expect(files).toContain('bundle/bin.js');
    // the terminal UI's reach worker: a file of its own beside the chunks (src/tui/reach-run.ts)
    expect(files).toContain('bundle/reach-worker.js');
    expect(files).toContain('bundle/worker.js');
    expect(files).toContain('bundle/cli.cjs');
    expect(files).toContain('bundle/run-cached.cjs');
    expect(files).toContain('scenarios/vpc-three-tier.yaml');
    expect(files.some((f) => f.startsWith('src/') || f.startsWith('dist/'))).toBe(false);
    // zod's translations of its messages are left out (vpcsim words its own): one of its French ones
    const bundled = readdirSync(join(ROOT, 'packages', 'cli', 'bundle')).filter((f) => f.endsWith('.js'));
    expect(bundled.filter((f) => readFileSync(join(ROOT, 'packages', 'cli', 'bundle', f), 'utf8').includes('attendu'))).toEqual([]);
    const app = join(work, 'app');
    mkdirSync(app);
    execFileSync('npm', ['init', '-y'], { cwd: app, stdio: 'ignore' });
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, packed[0]!.filename)], { cwd: app, stdio: 'pipe' });
    expect(readdirSync(join(app, 'node_modules')).filter((d) => !d.startsWith('.'))).toEqual(['@vpcsim']);
    const bin = join(app, 'node_modules', '.bin', 'vpcsim');
    // the V8 code cache (scripts/run-cached.cjs) goes to a folder of the test's own
    const cache = join(work, 'cache');
    const run = (args: string[], env: Record<string, string> = {}) => spawnSync(bin, args, { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', VPCSIM_CACHE_DIR: cache, ...env } });
    const version = run(['--version']);
    expect(version.status, version.stderr).toBe(0);
    // the CLI's version, then the AWS action catalogue's (shipped with the package)
    expect(version.stdout.split('\n')[0]).toBe(JSON.parse(readFileSync(join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')).version);
    expect(version.stdout).toMatch(/AWS action catalogue: @cloud-copilot\/iam-data \d/);

    // as the README says it: `npx vpcsim init` in the folder writes the scenario there
    const init = spawnSync('npx', ['--offline', 'vpcsim', 'init'], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', VPCSIM_CACHE_DIR: cache } });
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toContain('wrote vpc-three-tier.yaml');
    expect(existsSync(join(app, 'vpc-three-tier.yaml'))).toBe(true);
    const check = run(['check', 'vpc-three-tier.yaml']);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/✓ vpc-three-tier\.yaml {2}\d+ expectations/);
    // worker threads (`--jobs`) run from the bundle too (bundle/worker.js), with the same report
    const jobs = run(['check', 'vpc-three-tier.yaml', '--jobs', '2']);
    expect(jobs.status, jobs.stderr).toBe(0);
    expect(jobs.stdout).toBe(check.stdout);
    const reach = [run(['reach', 'vpc-three-tier.yaml', '--jobs', '1']), run(['reach', 'vpc-three-tier.yaml', '--jobs', '3'])];
    expect(reach[1]!.status, reach[1]!.stderr).toBe(0);
    expect(reach[1]!.stdout).toBe(reach[0]!.stdout);
    const t = run(['trace', 'vpc-three-tier.yaml', '--from', 'i-web-1', '--to', 'i-db-1', '--port', '5432']);
    expect(t.status).toBe(1);
    expect(t.stdout).toContain('unreachable (denied-nacl-ingress): blocked by acl-db');
    // the first run wrote the code cache; a run from it, one from a damaged cache (V8 refuses
    // it, the CLI compiles and writes it again) and one with the cache off answer alike
    const cached = readdirSync(cache).filter((f) => f.endsWith('.cache'));
    expect(cached).toHaveLength(1);
    const traceArgs = ['trace', 'vpc-three-tier.yaml', '--from', 'i-web-1', '--to', 'i-db-1', '--port', '5432'];
    expect(run(traceArgs)).toMatchObject({ status: 1, stdout: t.stdout });
    writeFileSync(join(cache, cached[0]!), 'not a V8 code cache');
    expect(run(traceArgs)).toMatchObject({ status: 1, stdout: t.stdout });
    expect(readFileSync(join(cache, cached[0]!), 'utf8')).not.toBe('not a V8 code cache');
    const off = join(work, 'no-cache');
    expect(run(traceArgs, { NODE_DISABLE_COMPILE_CACHE: '1', VPCSIM_CACHE_DIR: off })).toMatchObject({ status: 1, stdout: t.stdout });
    expect(existsSync(off)).toBe(false);
    // the action catalogue ships with the package: a misspelt action gets its did-you-mean
    const can = run(['can', 'vpc-three-tier.yaml', '--principal', 'root', '--action', 's3:GetObjekt', '--resource', 'arn:aws:s3:::b/k']);
    expect(can.status).toBe(2);
    expect(`${can.stdout}${can.stderr}`).toContain('s3:GetObject');
  });
});

