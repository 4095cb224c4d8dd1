// An engine package that fails to load (an incomplete build) is one clear paragraph and exit 2, never a crash.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../src/main.js';

vi.mock('@vpcsim/net', () => {
  throw new Error('dist/index.js is missing');
});

describe('a missing engine', () => {
  const trace = async (...extra: string[]) => {
    let stderr = '';
    const code = await run(['trace', join(import.meta.dirname, 'fixtures', 'small.yaml'), '--from', 'i-web-1', '--to', '8.8.8.8', '--port', '443', ...extra], {
      out: () => {},
      err: (t) => (stderr += t),
      stdoutIsTTY: false,
      env: {},
    });
    return { code, stderr };
  };
  it('is one clear paragraph and exit 2, in vpcsim\'s words (the loader\'s own text only with --debug)', async () => {
    const r = await trace();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('vpcsim: @vpcsim/net could not be loaded\n  hint: this build of vpcsim is incomplete: run `npm run build` after updating the workspace (--debug shows why)\n');
  });
  it('--debug shows the real cause, not only where vpcsim gave up', async () => {
    const r = await trace('--debug');
    expect(r.stderr).toMatch(/\ncaused by: Error: dist\/index\.js is missing\n\s+at /);
  });
});
