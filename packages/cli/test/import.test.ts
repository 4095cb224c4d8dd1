// `vpcsim import` meets wrong folders and careless -o (issue 18): a folder without export files
// is refused before anything is read, warnings are summarised (counts by kind, the first few,
// --verbose for all), progress shows on a terminal, symbolic links are followed or reported, and
// -o never overwrites without --force, never writes into the folder it reads, never through a
// link or over a device, and reports file system errors in vpcsim's words.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/main.js';

const CORP = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'aws', 'corp');

async function cli(args: string[], opts: { stderrIsTTY?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), stdoutIsTTY: false, stderrIsTTY: opts.stderrIsTTY ?? false, env: {} });
  return { code, stdout, stderr };
}

const tmp = (): string => mkdtempSync(join(tmpdir(), 'vpcsim-import-'));

/** A small export: one VPC file, plus `junk` files that are not exports. */
function exportWith(junk: number): string {
  const dir = tmp();
  writeFileSync(join(dir, 'Vpcs.json'), JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: '111111111111' }] }));
  mkdirSync(join(dir, 'junk'));
  for (let i = 0; i < junk; i++) writeFileSync(join(dir, 'junk', `note-${String(i).padStart(3, '0')}.txt`), 'x');
  return dir;
}

describe('the folder', () => {
  it('a folder with no export file is refused before any file is read, with a count of what it holds', async () => {
    const dir = tmp();
    for (let i = 0; i < 30; i++) writeFileSync(join(dir, `f${i}.yaml`), 'version: 1\n');
    execFileSync('mkfifo', [join(dir, 'Vpcs.txt')]);
    const r = await cli(['import', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^vpcsim: no AWS CLI export files found in `.*` \(31 other files\)\n {2}hint: docs\/import\.md lists/);
  });
  it('warnings are summarised: counts by kind and the first ten; --verbose lists them all', async () => {
    const dir = exportWith(40);
    const r = await cli(['import', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('40 warnings: 40 unknown-file; the first 10:');
    expect(r.stderr.split('\n').filter((l) => l.includes('not a `.json` file'))).toHaveLength(10);
    expect(r.stderr).toContain('run again with --verbose to list them all');
    const v = await cli(['import', dir, '--verbose']);
    expect(v.stderr.split('\n').filter((l) => l.includes('not a `.json` file'))).toHaveLength(40);
  });
  it('on a terminal, progress while reading', async () => {
    const r = await cli(['import', CORP], { stderrIsTTY: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\rimport: read (\d+) of \1 files \([\d.]+ MB\)\n/);
    expect((await cli(['import', CORP])).stderr).not.toContain('import: read');
  });
  it('symbolic links to export files are followed; broken ones and FIFOs are reported, never opened', async () => {
    const dir = tmp();
    cpSync(join(CORP, 'iam'), join(dir, 'real-iam'), { recursive: true });
    symlinkSync(join(dir, 'real-iam'), join(dir, 'iam'));
    symlinkSync(join(dir, 'nowhere.json'), join(dir, 'Vpcs.json'));
    execFileSync('mkfifo', [join(dir, 'Subnets.json')]);
    const r = await cli(['import', dir, '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('name: alice');
    expect(r.stderr).toMatch(/Vpcs\.json \(top level\): warning: cannot read `.*Vpcs\.json`: it is a symbolic link to `.*nowhere\.json`, which does not exist: skipped/);
    expect(r.stderr).toMatch(/Subnets\.json \(top level\): warning: not a regular file \(a FIFO, a device or a socket\): skipped, never opened/);
  });
});

describe('-o', () => {
  it('refuses to replace a file without --force, replaces it with --force', async () => {
    const out = join(tmp(), 'account.yaml');
    writeFileSync(out, 'keep me\n');
    const r = await cli(['import', CORP, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/`.*account\.yaml` already exists\n {2}hint: add `--force` to replace it/);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    const f = await cli(['import', CORP, '-o', out, '--force']);
    expect(f.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('version: 1');
  });
  it('never writes into the folder it reads, even with --force', async () => {
    const dir = exportWith(0);
    const r = await cli(['import', dir, '-o', join(dir, 'junk', 'scenario.yaml'), '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is inside the export folder');
    expect(existsSync(join(dir, 'junk', 'scenario.yaml'))).toBe(false);
  });
  it('never writes through a symbolic link, nor over a device', async () => {
    const d = tmp();
    writeFileSync(join(d, 'target.yaml'), 'keep me\n');
    symlinkSync(join(d, 'target.yaml'), join(d, 'link.yaml'));
    const r = await cli(['import', CORP, '-o', join(d, 'link.yaml'), '--force']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is a symbolic link');
    expect(readFileSync(join(d, 'target.yaml'), 'utf8')).toBe('keep me\n');
    const dev = await cli(['import', CORP, '-o', '/dev/null', '--force']);
    expect(dev.code).toBe(2);
    expect(dev.stderr).toContain('is not a regular file');
  });
  it('a missing folder or a folder as the file: said plainly (not "a vpcsim bug"), --debug shows the cause', async () => {
    const missing = await cli(['import', CORP, '-o', join(tmp(), 'no', 'such', 'x.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^vpcsim: cannot write `.*x\.yaml`: no such file or directory\n {2}hint: create the folder `.*such` first\n$/);
    const folder = await cli(['import', CORP, '-o', tmp()]);
    expect(folder.stderr).toMatch(/is a folder\n {2}hint: name the file to write/);
    const debug = await cli(['import', CORP, '-o', join(tmp(), 'no', 'x.yaml'), '--debug']);
    expect(debug.stderr).toMatch(/caused by: Error: ENOENT/);
    for (const r of [missing, folder, debug]) expect(r.stderr).not.toContain('vpcsim bug');
  });
});
