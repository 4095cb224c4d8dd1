// The trace screen on a trace to a load balancer: the client's leg first; tab on the hops steps
// into each target's leg (its hops, its verdict), and from the last back to the form.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { loadFile } from '../../src/load.js';
import { loadNet } from '../../src/engines.js';
import { stripAnsi } from '../../src/output/ansi.js';
import { App } from '../../src/tui/App.js';
import { initialState, reducer } from '../../src/tui/state.js';
import { delay } from './fakes.js';

const frame = (f: string | undefined) => stripAnsi(f ?? '');

describe('a trace to a load balancer on the trace screen', () => {
  it("shows the client's leg, then each target's leg with tab, and back", async () => {
    const loaded = await loadFile(new URL('../../../../scenarios/lb-alb-private-instances.yaml', import.meta.url).pathname);
    const initial = initialState({ flow: { from: 'internet', to: 'alb-web', port: '443' } });
    const { lastFrame, stdin, unmount } = render(<App loaded={loaded} engines={{ net: await loadNet() }} initial={initial} width={120} height={50} />);
    await delay();
    const client = frame(lastFrame());
    expect(client).toContain('leg 1/4 client → alb-web/subnet-public-a: ✓ reachable (delivered)');
    expect(client).toContain("then each target's leg");
    stdin.write('\t'); // the client's hops
    await delay();
    expect(frame(lastFrame())).toContain('leg 1/4 client');
    stdin.write('\t');
    await delay();
    const first = frame(lastFrame());
    expect(first).toContain('leg 2/4 target i-web-1 (instance, port 8080) from alb-web/subnet-public-a: ✓ reachable (delivered)');
    expect(first).toMatch(/sg-web/);
    stdin.write('\t');
    await delay();
    stdin.write('\t');
    await delay();
    const third = frame(lastFrame());
    expect(third).toContain('leg 4/4 target i-web-3 (instance, port 8080) from alb-web/subnet-public-a, unhealthy: ✗ unreachable (target-unhealthy)');
    expect(third).toContain('health check of `i-web-3`');
    stdin.write('\t'); // back to the form, and the client's leg
    await delay();
    expect(frame(lastFrame())).toContain('leg 1/4 client');
    unmount();
  });
  it("tab steps through the legs from the hops, then back to the form and the client's leg", () => {
    const counts = { hops: 3, checks: 0, legs: 3 };
    const tab = { type: 'command' as const, command: 'toggle-focus' as const, counts };
    const s1 = reducer(reducer(reducer(initialState(), tab), tab), tab);
    expect([s1.focus, s1.leg]).toEqual(['hops', 2]);
    expect([reducer(s1, tab).focus, reducer(s1, tab).leg]).toEqual(['form', 0]);
    expect(reducer(s1, { type: 'set-flow', flow: { to: 'i-web-1' } }).leg).toBe(0);
    // a trace with one leg: tab only moves the focus, and keeps the hop
    const one = { ...tab, counts: { hops: 3, checks: 0, legs: 1 } };
    const h = reducer(reducer(reducer(initialState(), one), { type: 'command', command: 'down', counts }), one);
    expect([h.focus, h.leg, h.hop]).toEqual(['form', 0, 1]);
  });
});
