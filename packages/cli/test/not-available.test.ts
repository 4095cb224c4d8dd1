// While an engine is missing from the workspace, its command says so (exit 2), never crashes.
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../src/main.js';

vi.mock('@vpcsim/net', () => ({}));

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
    expect(stderr).toBe('vpcsim: `trace` is not available yet in @vpcsim/net\n  hint: this build of vpcsim is incomplete: rebuild after updating the workspace\n');
  });
});
