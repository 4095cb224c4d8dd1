// A full disk while `import -o` writes: said plainly, exit 2, and the file it would replace is
// left as it was (the scenario goes to a temporary file first). The disk is made full by
// making the write fail with ENOSPC.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:fs/promises', async (load) => {
  const real = await load<typeof import('node:fs/promises')>();
  const writeFile = async (path: unknown, ...rest: unknown[]) => {
    if (String(path).endsWith('.vpcsim-tmp')) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    return (real.writeFile as (...a: unknown[]) => Promise<void>)(path, ...rest);
  };
  return { ...real, writeFile, default: { ...real, writeFile } };
});

const { run } = await import('../src/main.js');
const CORP = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'aws', 'corp');

describe('import -o on a full disk', () => {
  it('exit 2 with a plain message and a hint; the old file intact; no temporary file left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-full-'));
    const out = join(dir, 'account.yaml');
    writeFileSync(out, 'the old scenario\n');
    let stderr = '';
    const code = await run(['import', CORP, '-o', out, '--force'], { out: () => {}, err: (t) => (stderr += t), stdoutIsTTY: false, env: {} });
    expect(code).toBe(2);
    expect(stderr).toMatch(/vpcsim: cannot write `.*account\.yaml`: no space left on the device\n {2}hint: free some space, or write the scenario elsewhere\n$/);
    expect(stderr).not.toContain('vpcsim bug');
    expect(readFileSync(out, 'utf8')).toBe('the old scenario\n');
    expect(readdirSync(dir)).toEqual(['account.yaml']);
  });
});
