// The whole UI driven by keys: rendered frames asserted after each step.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { FlowSpec } from '../../src/engine-types.js';
import { loadText } from '../../src/load.js';
import { stripAnsi } from '../../src/output/ansi.js';
import { App } from '../../src/tui/App.js';
import { initialState } from '../../src/tui/state.js';
import { delay, fakeEngines, fixture, KEYS } from './fakes.js';

const frame = (f: string | undefined) => stripAnsi(f ?? '');

async function press(stdin: { write(s: string): void }, ...keys: string[]) {
  for (const k of keys) {
    stdin.write(k);
    await delay(25);
  }
}

describe('App', () => {
  it('picks a source and destination from filtered lists and shows the path', async () => {
    const calls: FlowSpec[] = [];
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines(calls)} width={100} height={40} />);
    await delay();
    expect(frame(lastFrame())).toContain('pick a source and a destination');
    await press(stdin, KEYS.enter, 'i', 'n', 't', 'e', 'r');
    expect(frame(lastFrame())).toMatch(/▶ internet\s+internet/);
    await press(stdin, KEYS.enter); // pick `internet`, move to destination
    expect(frame(lastFrame())).toContain('source internet');
    await press(stdin, KEYS.enter, 'd', 'b');
    const listing = frame(lastFrame());
    expect(listing).toContain('i-db-1');
    expect(listing).not.toContain('i-web-1');
    await press(stdin, KEYS.enter); // destination i-db-1; then port
    await press(stdin, KEYS.down, KEYS.enter, '5', '4', '3', '2', KEYS.enter);
    const f = frame(lastFrame());
    expect(f).toContain('port 5432');
    expect(calls.at(-1)).toEqual({ from: 'internet', to: 'i-db-1', protocol: 'tcp', port: 5432 });
    expect(f).toContain('✗ unreachable (denied-sg-ingress) — blocked by sg-db');
    expect(f).toMatch(/3 ✗ sg-db/);
    unmount();
  });

  it('moves through hops with the keyboard and shows each hop in detail', async () => {
    const initial = initialState({ flow: { from: 'i-web-1', to: '8.8.8.8' } });
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines()} initial={initial} width={100} height={40} />);
    await delay();
    expect(frame(lastFrame())).toContain('✓ reachable (exits-internet)');
    await press(stdin, KEYS.tab);
    expect(frame(lastFrame())).toMatch(/▶ 1 ✓ sg-web/);
    expect(frame(lastFrame())).toContain('outbound rules allow all traffic');
    await press(stdin, 'j');
    const f = frame(lastFrame());
    expect(f).toMatch(/▶ 2 ✓ rtb-public/);
    expect(f).toContain('chosen 0.0.0.0/0 → igw-app');
    expect(f).toMatch(/▶ 0\.0\.0\.0\/0 → igw-app/);
    await press(stdin, KEYS.down, KEYS.down); // onto the reply path
    expect(frame(lastFrame())).toContain('reply 1');
    await press(stdin, KEYS.down); // stays on the last hop
    expect(frame(lastFrame())).toContain('reply 1');
    unmount();
  });

  it('swaps source and destination with s', async () => {
    const calls: FlowSpec[] = [];
    const initial = initialState({ flow: { from: 'i-db-1', to: 'internet', port: '5432' } });
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines(calls)} initial={initial} width={100} height={40} />);
    await delay();
    expect(frame(lastFrame())).toContain('✓ reachable');
    await press(stdin, 's');
    expect(frame(lastFrame())).toContain('blocked by sg-db');
    expect(calls.at(-1)?.from).toBe('internet');
    unmount();
  });

  it('judges a request in request mode and shows the gates', async () => {
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines()} width={100} height={40} />);
    await delay();
    await press(stdin, '2');
    expect(frame(lastFrame())).toContain('pick a principal and an action');
    await press(stdin, KEYS.enter, 'w', 'e', 'b', KEYS.enter); // role/web
    await press(stdin, KEYS.enter, 'G', 'e', 't', KEYS.enter); // s3:GetObject from the scenario's policies
    const f = frame(lastFrame());
    expect(f).toContain('principal role/web');
    expect(f).toContain('action s3:GetObject');
    expect(f).toContain('✓ allowed');
    expect(f).toContain('(sid ReadAssets)');
    expect(f).toContain('identity policies');
    await press(stdin, KEYS.up, 'x'); // clear the action
    expect(frame(lastFrame())).not.toContain('✓ allowed');
    unmount();
  });

  it('runs the checks on the checks screen and re-runs them on R', async () => {
    const counter = { runs: 0 };
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines([], counter)} width={100} height={40} />);
    await delay();
    expect(counter.runs).toBe(0);
    await press(stdin, '3');
    await delay(60);
    let f = frame(lastFrame());
    expect(f).toContain('1 passed, 1 failed');
    expect(f).toContain('(run 1,');
    expect(counter.runs).toBe(1);
    await press(stdin, 'j');
    expect(frame(lastFrame())).toContain('counterexample from: i-web-1');
    await press(stdin, 'R');
    await delay(60);
    f = frame(lastFrame());
    expect(counter.runs).toBe(2);
    expect(f).toContain('(run 2,');
    unmount();
  });

  it('shows the keys on ? and hides them on esc', async () => {
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines()} width={100} height={40} />);
    await delay();
    await press(stdin, '?');
    expect(frame(lastFrame())).toContain('keys (? or esc closes)');
    expect(frame(lastFrame())).toContain('swap source and destination');
    await press(stdin, KEYS.escape);
    await delay(60); // a lone escape is only known after a pause
    expect(frame(lastFrame())).not.toContain('keys (? or esc closes)');
    unmount();
  });

  it('switches screens with ← →', async () => {
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines()} width={100} height={40} />);
    await delay();
    await press(stdin, KEYS.right);
    expect(frame(lastFrame())).toContain('pick a principal');
    await press(stdin, KEYS.left, KEYS.left); // past the trace screen to the last one, reach
    expect(frame(lastFrame())).toContain('from internet');
    await press(stdin, KEYS.left);
    await delay(60);
    expect(frame(lastFrame())).toMatch(/running the checks|passed/);
    unmount();
  });

  it('stops on q', async () => {
    const { lastFrame, stdin } = render(<App loaded={await fixture()} engines={fakeEngines()} width={100} height={40} />);
    await delay();
    await press(stdin, 'q');
    const before = frame(lastFrame());
    await press(stdin, '?');
    expect(frame(lastFrame())).toBe(before);
  });

  it('shows the validation errors of an invalid scenario instead of crashing', async () => {
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture('invalid/bad.yaml')} engines={fakeEngines()} width={100} height={40} />);
    await delay();
    await press(stdin, '2', KEYS.tab, KEYS.enter);
    const f = frame(lastFrame());
    expect(f).toContain('is not a valid scenario');
    expect(f).toContain('subnets[0]');
    unmount();
  });

  it('opens an empty file and a minimal scenario without crashing', async () => {
    for (const text of ['', 'version: 1\n']) {
      const loaded = await loadText(text, 'empty.yaml');
      const { lastFrame, stdin, unmount } = render(<App loaded={loaded} engines={fakeEngines()} width={80} height={24} />);
      await delay();
      await press(stdin, KEYS.enter, 'x', KEYS.enter, '3');
      await delay(60);
      const f = frame(lastFrame());
      expect(f).toContain('vpcsim');
      if (text === '') expect(f).toContain('is not a valid scenario');
      else expect(f).toMatch(/passed/);
      unmount();
    }
  });
});

describe('what-if (f) on the real tracer', () => {
  it("applies the blockers' fixes to a copy of the scenario, shows the trace after them, and f goes back", async () => {
    const { loadFile } = await import('../../src/load.js');
    const { loadNet } = await import('../../src/engines.js');
    const loaded = await loadFile(new URL('../../../../scenarios/vpc-three-tier.yaml', import.meta.url).pathname);
    const initial = initialState({ flow: { from: 'i-web-1', to: 'i-db-1', port: '5432' } });
    const { lastFrame, stdin, unmount } = render(<App loaded={loaded} engines={{ net: await loadNet() }} initial={initial} width={120} height={50} />);
    await delay();
    const before = frame(lastFrame());
    expect(before).toContain('✗ unreachable (denied-nacl-ingress) — blocked by acl-db');
    expect(before).toContain('f: what if the fixes were applied?');
    await press(stdin, 'f');
    const after = frame(lastFrame());
    expect(after).toContain('what-if: 3 fixes applied to a copy of the scenario (f: back to the scenario)');
    expect(after).toContain('add networkAcls[acl-db].inbound[1] = { rule: 101, protocol: tcp, ports: 5432, cidr: 10.16.48.10/32, action: allow }');
    expect(after).toContain('add securityGroups[sg-db].inbound[1] = { protocol: tcp, ports: 5432, cidr: 10.16.48.10/32 }');
    expect(after).toContain('✓ reachable (delivered)');
    await press(stdin, 'f');
    const back = frame(lastFrame());
    expect(back).not.toContain('what-if:');
    expect(back).toContain('✗ unreachable (denied-nacl-ingress)');
    unmount();
  });
});
