// An engine package that fails to load (an incomplete build) is one clear paragraph and exit 2, never a crash.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../src/main.js';

vi.mock('@vpcsim/net', () => {
  throw new Error('dist/index.js is missing');
});

describe('a missing engine', () => {
  it('is one clear paragraph and exit 2', async () => {
    let stderr = '';
    const code = await run(['trace', join(import.meta.dirname, 'fixtures', 'small.yaml'), '--from', 'i-web-1', '--to', '8.8.8.8', '--port', '443'], {
      out: () => {},
      err: (t) => (stderr += t),
      stdoutIsTTY: false,
      env: {},
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^vpcsim: @vpcsim\/net could not be loaded: [^\n]+\n  hint: this build of vpcsim is incomplete: run `npm run build` after updating the workspace\n$/s);
  });
});
