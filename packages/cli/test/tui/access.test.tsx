// The request screen's access views (issue 16): `w` who can, `p` escalation paths stepped
// through like hops; on the worked scenarios with the real engines.
import { join, relative } from 'node:path';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { loadAnalysis, loadIam } from '../../src/engines.js';
import { loadFile } from '../../src/load.js';
import { stripAnsi } from '../../src/output/ansi.js';
import { accessCommand, initialAccess } from '../../src/tui/access-state.js';
import { App } from '../../src/tui/App.js';
import { commandFor } from '../../src/tui/keymap.js';
import { initialState, reducer } from '../../src/tui/state.js';
import { delay, KEYS } from './fakes.js';

const frame = (f: string | undefined) => stripAnsi(f ?? '');
const scenario = (name: string) => loadFile(relative(process.cwd(), join(import.meta.dirname, '..', '..', '..', '..', 'scenarios', name)));
const engines = async () => ({ iam: await loadIam(), analysis: await loadAnalysis() });
async function press(stdin: { write(s: string): void }, ...keys: string[]) {
  for (const k of keys) {
    stdin.write(k);
    await delay(40);
  }
}
/** The frame once it shows `want` (the real engines answer; on a busy machine that takes a while): a liveness bound, not a speed target. */
async function until(lastFrame: () => string | undefined, want: string | RegExp): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const f = frame(lastFrame());
    if (typeof want === 'string' ? f.includes(want) : want.test(f)) return f;
    await delay(25);
  }
  return frame(lastFrame());
}

describe('who-can and paths views of the request screen', () => {
  it('2 again shows every principal class allowed, grouped, with the statements; twice more goes back', async () => {
    const initial = initialState({ mode: 'request', request: { action: 's3:GetObject', resource: 'arn:aws:s3:::assets/public/logo.png' } });
    const { lastFrame, stdin, unmount } = render(<App loaded={await scenario('iam-account.yaml')} engines={await engines()} initial={initial} width={100} height={40} />);
    await delay();
    await press(stdin, '2');
    const f = await until(lastFrame, 'allowed (13 of 13 principal classes)');
    expect(f).toContain('who can · 2: escalation paths');
    expect(f).toContain('! public');
    expect(f).toContain('allowed (13 of 13 principal classes)');
    expect(f).toMatch(/✓ anonymous {2}anonymous callers/);
    expect(f).toContain('by arn:aws:s3:::assets bucket policy statement 0 (sid PublicRead)');
    await press(stdin, '2');
    expect(await until(lastFrame, 'escalation paths · tab')).toContain('escalation paths · tab');
    await press(stdin, 'r');
    expect(frame(lastFrame())).not.toContain('who can ·');
    expect(frame(lastFrame())).not.toContain('escalation paths ·');
    unmount();
  });

  it('2 twice lists the escalation paths; tab and j step through them, each step in detail', async () => {
    const initial = initialState({ mode: 'request', request: { principal: 'user/dev' } });
    const { lastFrame, stdin, unmount } = render(<App loaded={await scenario('access-privilege-escalation.yaml')} engines={await engines()} initial={initial} width={100} height={40} />);
    await delay();
    await press(stdin, '2', '2');
    let f = await until(lastFrame, '✗ 2 paths from user/dev to an administrator');
    expect(f).toContain('✗ 2 paths from user/dev to an administrator');
    expect(f).toContain('1.1 user/dev → user/dev (with every permission)');
    await press(stdin, KEYS.tab);
    f = await until(lastFrame, /▶ 1\.1 user\/dev → user\/dev/);
    expect(f).toMatch(/▶ 1\.1 user\/dev → user\/dev/);
    expect(f).toContain('✓ user/dev iam:CreatePolicyVersion on arn:aws:iam::111111111111:policy/DeveloperAccess');
    expect(f).toContain('by arn:aws:iam::111111111111:policy/DeveloperAccess statement 2 (sid ManageOwnAppPolicies)');
    await press(stdin, 'j', 'j');
    f = await until(lastFrame, /▶ 2\.1 user\/dev → role\/ops-admin/);
    expect(f).toMatch(/▶ 2\.1 user\/dev → role\/ops-admin/);
    expect(f).toContain('✓ user/dev iam:PassRole on arn:aws:iam::111111111111:role/ops-admin');
    await press(stdin, 'j', 'j', 'j'); // stays on the last step
    expect(await until(lastFrame, /▶ 2\.2 administrator/)).toMatch(/▶ 2\.2 administrator/);
    unmount();
  });

  it('the target is picked from a list: admin or a principal', async () => {
    const initial = initialState({ mode: 'request', request: { principal: 'user/intern' } });
    const { lastFrame, stdin, unmount } = render(<App loaded={await scenario('access-privilege-escalation.yaml')} engines={await engines()} initial={initial} width={100} height={40} />);
    await delay();
    await press(stdin, '2', '2');
    expect(await until(lastFrame, '✓ no path from user/intern to an administrator')).toContain('✓ no path from user/intern to an administrator');
    await press(stdin, 'j', KEYS.enter, 'o', 'p', 's', KEYS.enter);
    const f = await until(lastFrame, '✓ no path from user/intern to role/ops-admin');
    expect(f).toContain('to role/ops-admin');
    expect(f).toContain('✓ no path from user/intern to role/ops-admin');
    unmount();
  });

  it('2 cycles the request screen\'s views only once on it; the hooks leave other screens alone', () => {
    const cmd = (command: 'mode-request' | 'toggle-focus') => ({ type: 'command' as const, command, counts: { hops: 0, checks: 0 } });
    expect(reducer(initialState(), cmd('mode-request')).access.view).toBe('request');
    expect(reducer(initialState({ mode: 'request' }), cmd('mode-request')).access.view).toBe('who-can');
    expect(reducer(reducer(initialState({ mode: 'request' }), cmd('mode-request')), cmd('mode-request')).access.view).toBe('paths');
    expect(commandFor('2', 'request')?.command).toBe('mode-request');
    expect(reducer(initialState(), cmd('toggle-focus')).focus).toBe('hops');
    expect(accessCommand({ mode: 'trace', field: 0, editor: null, request: {}, access: initialAccess() }, 'mode-request', 0)).toBe(false);
  });
});
