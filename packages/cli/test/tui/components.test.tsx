// Each screen component rendered at a fixed width; assertions on the rendered frame.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/output/ansi.js';
import { ChecksView } from '../../src/tui/ChecksView.js';
import { ErrorView } from '../../src/tui/ErrorView.js';
import { HelpOverlay } from '../../src/tui/HelpOverlay.js';
import { HopDetail, isDecidingRow } from '../../src/tui/HopDetail.js';
import { HopList } from '../../src/tui/HopList.js';
import { KEYMAP } from '../../src/tui/keymap.js';
import { RequestView } from '../../src/tui/RequestView.js';
import { initialState } from '../../src/tui/state.js';
import { TracePicker } from '../../src/tui/TracePicker.js';
import { TraceView } from '../../src/tui/TraceView.js';
import { BLOCKED, fakeAnalysis, fakeIam, fixture, REACHABLE } from './fakes.js';

const frame = (f: string | undefined) => stripAnsi(f ?? '');

describe('HopList', () => {
  it('shows each hop with ✓/✗ and its rule, and names the blocking hop', () => {
    const { lastFrame } = render(<HopList title="forward path" hops={BLOCKED.forward} selected={-1} width={80} />);
    const f = frame(lastFrame());
    expect(f).toContain('forward path');
    expect(f).toMatch(/1 ✓ igw-app/);
    // a network ACL hop says which way the packet crosses it (issue 18)
    expect(f).toMatch(/2 ✓ acl-private\s+in  100  ALL  all  0\.0\.0\.0\/0  ALLOW/);
    expect(f).toMatch(/3 ✗ sg-db/);
    expect(f).toContain('✗ blocked at hop 3: sg-db');
  });
  it('marks the selected hop', () => {
    const { lastFrame } = render(<HopList title="forward path" hops={REACHABLE.forward} selected={1} width={80} />);
    const lines = frame(lastFrame()).split('\n');
    expect(lines.find((l) => l.startsWith('▶'))).toMatch(/2 ✓ rtb-public/);
    expect(lines.filter((l) => l.startsWith('▶'))).toHaveLength(1);
  });
  it('says so when a direction has no hops', () => {
    const { lastFrame } = render(<HopList title="reply path" hops={[]} selected={-1} width={80} />);
    expect(frame(lastFrame())).toContain('(no hops)');
  });
});

describe('HopDetail', () => {
  it('marks the chosen route in the route table', () => {
    const hop = REACHABLE.forward[1]!;
    const { lastFrame } = render(<HopDetail hop={hop} position="forward 2" width={100} maxRows={10} />);
    const f = frame(lastFrame());
    expect(f).toContain('rtb-public');
    expect(f).toContain('chosen 0.0.0.0/0 → igw-app');
    expect(f).toMatch(/▶ 0\.0\.0\.0\/0 → igw-app/);
    expect(f).not.toMatch(/▶ 10\.0\.0\.0\/16/);
  });
  it('marks the matched rule of a filter and shows why', () => {
    const hop = BLOCKED.forward[1]!;
    const f = frame(render(<HopDetail hop={hop} position="forward 2" width={100} maxRows={10} />).lastFrame());
    expect(f).toMatch(/▶ 100  ALL  all  0\.0\.0\.0\/0  ALLOW/);
    expect(f).toContain('rule 100 allows');
    expect(isDecidingRow(hop, '*  ALL  all  0.0.0.0/0  DENY')).toBe(false);
  });
  it('shows a denial in red words with its reason', () => {
    const f = frame(render(<HopDetail hop={BLOCKED.forward[2]} position="forward 3" width={100} maxRows={10} />).lastFrame());
    expect(f).toContain('✗ deny');
    expect(f).toContain('no inbound rule allows tcp 5432');
  });
});

describe('TracePicker', () => {
  it('shows the four fields and the selected one', () => {
    const s = initialState({ flow: { from: 'i-web-1', to: '' } });
    const f = frame(render(<TracePicker flow={s.flow} selected={1} focused editor={null} candidates={[]} width={100} />).lastFrame());
    expect(f).toContain('source i-web-1');
    expect(f).toContain('▸destination pick…');
    expect(f).toContain('protocol tcp');
    expect(f).toContain('port 443');
  });
  it('lists filtered candidates under the editor with the highlighted one marked', () => {
    const s = initialState();
    const candidates = [
      { value: 'i-web-1', kind: 'instance' },
      { value: 'i-db-1', kind: 'instance' },
    ];
    const f = frame(render(<TracePicker flow={s.flow} selected={0} focused editor={{ text: 'i-', index: 1 }} candidates={candidates} width={100} />).lastFrame());
    expect(f).toContain('source › i-');
    expect(f).toContain('2 matches');
    expect(f).toMatch(/▶ i-db-1\s+instance/);
  });
});

describe('TraceView', () => {
  it('at 120 columns puts the reply path beside the forward path', async () => {
    const s = initialState({ flow: { from: 'i-web-1', to: '8.8.8.8' } });
    const f = frame(render(<TraceView state={s} candidates={[]} result={{ trace: REACHABLE }} width={120} height={40} />).lastFrame());
    const line = f.split('\n').find((l) => l.includes('forward path'));
    expect(line).toContain('reply path');
    expect(f).toContain('✓ reachable (exits-internet)');
  });
  it('at 80 columns stacks them and shows the blocker with its fix', () => {
    const s = initialState({ flow: { from: 'internet', to: 'i-db-1', port: '5432' } });
    const f = frame(render(<TraceView state={s} candidates={[]} result={{ trace: BLOCKED }} width={80} height={40} />).lastFrame());
    expect(f.split('\n').find((l) => l.includes('forward path'))).not.toContain('reply path');
    expect(f).toContain('✗ unreachable (denied-sg-ingress) — blocked by sg-db');
    expect(f).toContain('fix: add an inbound rule');
    for (const l of f.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
  });
  it('shows an engine error instead of a path', () => {
    const f = frame(render(<TraceView state={initialState()} candidates={[]} result={{ error: 'unknown endpoint `i-nope`' }} width={100} height={40} />).lastFrame());
    expect(f).toContain('unknown endpoint `i-nope`');
  });
});

describe('RequestView', () => {
  it('shows the decision first, then the decisive statement and the gates', async () => {
    const loaded = await fixture();
    if (!loaded.ok) throw new Error('fixture invalid');
    const s = initialState({ mode: 'request', request: { principal: 'role/web', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/logo.png' } });
    const decision = fakeIam().evaluate(loaded.model, s.request);
    const f = frame(render(<RequestView state={s} candidates={[]} result={{ decision }} width={100} />).lastFrame());
    expect(f.indexOf('✓ allowed')).toBeLessThan(f.indexOf('decisive statements'));
    expect(f).toContain('role/web inline read-assets statement 0 (sid ReadAssets)');
    expect(f).toMatch(/✓ identity policies: allow\s+ReadAssets allows s3:GetObject/);
  });
  it('says when nothing allows a request', async () => {
    const loaded = await fixture();
    if (!loaded.ok) throw new Error('fixture invalid');
    const s = initialState({ mode: 'request', request: { principal: 'role/web', action: 's3:DeleteObject' } });
    const f = frame(render(<RequestView state={s} candidates={[]} result={{ decision: fakeIam().evaluate(loaded.model, s.request) }} width={100} />).lastFrame());
    expect(f).toContain('✗ implicitly-denied');
    expect(f).toContain('none: no statement allows it');
  });
});

describe('ChecksView', () => {
  it('lists results with pass/fail and details the selected one', async () => {
    const loaded = await fixture();
    if (!loaded.ok) throw new Error('fixture invalid');
    const results = fakeAnalysis().checkScenario(loaded.model, {});
    const f = frame(render(<ChecksView status={{ state: 'done', run: 0, results, elapsedMs: 3 }} selected={1} width={100} height={40} />).lastFrame());
    expect(f).toContain('1 passed, 1 failed');
    expect(f).toMatch(/✓ web reaches the internet/);
    expect(f).toMatch(/▶✗ nothing reaches the database/);
    expect(f).toContain('counterexample from: i-web-1, to: i-db-1, port: 5432');
  });
  it('shows progress while running', () => {
    expect(frame(render(<ChecksView status={{ state: 'running', run: 0 }} selected={0} width={100} height={40} />).lastFrame())).toContain('running the checks');
  });
});

describe('HelpOverlay', () => {
  it('lists every binding of the key map', () => {
    const f = frame(render(<HelpOverlay width={100} />).lastFrame());
    for (const b of KEYMAP) expect(f).toContain(b.help.slice(0, 40));
  });
});

describe('ErrorView', () => {
  it('shows each validation error with file, line and path', async () => {
    const loaded = await fixture('invalid/bad.yaml');
    if (loaded.ok) throw new Error('expected invalid');
    const f = frame(render(<ErrorView file={loaded.file} errors={loaded.errors} width={100} />).lastFrame());
    expect(f).toContain('is not a valid scenario');
    expect(f).toMatch(/bad\.yaml:\d+ subnets\[0\]/);
  });
});
