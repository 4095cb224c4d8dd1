// readExportDir: reads `.json` files recursively, keyed by `/` paths; skips others with a warning.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAws, listExportDir, readExportDir, readExportFiles } from '../src/index.js';

describe('readExportDir', () => {
  it('reads the tree and reports skipped files through importAws', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-export-'));
    mkdirSync(join(dir, 'accounts', '123456789012', 'us-east-1'), { recursive: true });
    writeFileSync(join(dir, 'accounts', '123456789012', 'us-east-1', 'Vpcs.json'), JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: '123456789012' }] }));
    writeFileSync(join(dir, 'README.txt'), 'notes');
    writeFileSync(join(dir, '.DS_Store'), 'x');
    const files = await readExportDir(dir);
    expect([...files.keys()]).toEqual(['accounts/123456789012/us-east-1/Vpcs.json']);
    expect(files.diagnostics).toEqual([expect.objectContaining({ file: 'README.txt', code: 'unknown-file', severity: 'warning' })]);
    const r = importAws(files);
    expect(r.scenario.defaults).toEqual({ account: '123456789012', region: 'us-east-1' });
    expect(r.diagnostics.map((d) => d.file)).toEqual(['README.txt']);
  });

  it('caps each file and the total read, with an error naming the file (issue 18: no cap before)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-export-'));
    const vpcs = JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: '123456789012' }] });
    writeFileSync(join(dir, 'Vpcs.json'), vpcs);
    writeFileSync(join(dir, 'Subnets.json'), JSON.stringify({ Subnets: [] }).padEnd(5000, ' '));
    const one = await readExportDir(dir, { maxFileBytes: 1000 });
    expect(one.diagnostics).toEqual([expect.objectContaining({ file: 'Subnets.json', code: 'too-large', severity: 'error' })]);
    expect(one.get('Vpcs.json')).toBe(vpcs);
    const total = await readExportDir(dir, { maxTotalBytes: 10 });
    expect(total.diagnostics.map((d) => d.code)).toEqual(['too-large']);
    expect(total.diagnostics[0]!.message).toContain('were not read');
  });
  it('lists by name first: files the importer does not read are never opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-export-'));
    writeFileSync(join(dir, 'Vpcs.json'), JSON.stringify({ Vpcs: [] }));
    writeFileSync(join(dir, 'Unrelated.json'), '{ not json at all');
    const listing = await listExportDir(dir);
    expect([...listing.files.keys()]).toEqual(['Unrelated.json', 'Vpcs.json']);
    const files = readExportFiles(listing);
    expect(files.get('Unrelated.json')).toBe('');
    expect(importAws(files).diagnostics.map((d) => d.code)).toEqual(['unknown-file']);
  });

  it('rejects a folder that does not exist', async () => {
    await expect(readExportDir(join(tmpdir(), 'no-such-vpcsim-export'))).rejects.toThrow();
  });
});
