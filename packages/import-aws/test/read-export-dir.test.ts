// readExportDir: reads `.json` files recursively, keyed by `/` paths; skips others with a warning.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importAws, readExportDir } from '../src/index.js';

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

  it('rejects a folder that does not exist', async () => {
    await expect(readExportDir(join(tmpdir(), 'no-such-vpcsim-export'))).rejects.toThrow();
  });
});
