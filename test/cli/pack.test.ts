// vpcsim as a user installs it: `npm pack` of the CLI (its prepack bundles every workspace
// package and dependency, and ships the worked scenarios), installed into an empty folder with
// no registry access, then run: --version, init, check, trace. Skipped, with the reason
// printed, only where npm itself is not available.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
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
    const run = (args: string[]) => spawnSync(bin, args, { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const version = run(['--version']);
    expect(version.status, version.stderr).toBe(0);
    // the CLI's version, then the AWS action catalogue's (shipped with the package)
    expect(version.stdout.split('\n')[0]).toBe(JSON.parse(readFileSync(join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')).version);
    expect(version.stdout).toMatch(/AWS action catalogue: @cloud-copilot\/iam-data \d/);

    // as the README says it: `npx vpcsim init` in the folder writes the scenario there
    const init = spawnSync('npx', ['--offline', 'vpcsim', 'init'], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(init.status, init.stderr).toBe(0);
    expect(init.stdout).toContain('wrote vpc-three-tier.yaml');
    expect(existsSync(join(app, 'vpc-three-tier.yaml'))).toBe(true);
    const check = run(['check', 'vpc-three-tier.yaml']);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/✓ vpc-three-tier\.yaml {2}\d+ expectations/);
    const t = run(['trace', 'vpc-three-tier.yaml', '--from', 'i-web-1', '--to', 'i-db-1', '--port', '5432']);
    expect(t.status).toBe(1);
    expect(t.stdout).toContain('unreachable (denied-nacl-ingress): blocked by acl-db');
    // the action catalogue ships with the package: a misspelt action gets its did-you-mean
    const can = run(['can', 'vpc-three-tier.yaml', '--principal', 'root', '--action', 's3:GetObjekt', '--resource', 'arn:aws:s3:::b/k']);
    expect(can.status).toBe(2);
    expect(`${can.stdout}${can.stderr}`).toContain('s3:GetObject');
  });
});

