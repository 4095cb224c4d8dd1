// The reach screen (issue 12): its rendering at 80 and 100 columns, the whole flow on the real
// engines (the question, the lines, a line's witness traced on the trace screen, back with esc),
// the question's errors as the CLI says them, and a walk that runs while keys keep working.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { ReachQuery, ReachResult } from '@vpcsim/analysis';
import { loadAnalysis, loadNet } from '../../src/engines.js';
import { loadFile } from '../../src/load.js';
import { stripAnsi } from '../../src/output/ansi.js';
import { App } from '../../src/tui/App.js';
import { initialReach } from '../../src/tui/reach-state.js';
import type { ReachEvents, ReachRunner } from '../../src/tui/reach-run.js';
import { ReachView, type ReachStatus } from '../../src/tui/ReachView.js';
import { delay, KEYS } from './fakes.js';

const frame = (f: string | undefined) => stripAnsi(f ?? '').replace(/\n$/, '');
const THREE_TIER = new URL('../../../../scenarios/vpc-three-tier.yaml', import.meta.url).pathname;

/** Waits until the frame shows every text (a bound on polls for liveness, not a speed assertion). */
async function waitFor(lastFrame: () => string | undefined, ...texts: string[]): Promise<string> {
  for (let i = 0; i < 800; i++) {
    const f = frame(lastFrame());
    if (texts.every((t) => f.includes(t))) return f;
    await delay(25);
  }
  throw new Error(`never showed ${JSON.stringify(texts)}:\n${frame(lastFrame())}`);
}

/** Waits until `ok()` holds (bounded polls, for liveness). */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 800 && !ok(); i++) await delay(25);
  if (!ok()) throw new Error(`never: ${what}`);
}

async function press(stdin: { write(s: string): void }, ...keys: string[]) {
  for (const k of keys) {
    stdin.write(k);
    await delay(25);
  }
}

function expectFits(f: string, width: number, rows: number) {
  expect(f.split('\n').length, f).toBeLessThanOrEqual(rows);
  for (const l of f.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(width);
  // a box cut off at the bottom would leave its top corner alone
  expect(f.split('┌').length, f).toBe(f.split('└').length);
}

const line = (n: number, from: string[], to: string, extra: Partial<ReachResult['lines'][number]> = {}) => ({ n, from, to, protocol: 'tcp', ports: '443', ...extra });
const RESULT: ReachResult = {
  lines: [line(1, ['internet'], 'i-web-1', { toAddresses: '3.80.1.10', ports: '80, 443' }), line(2, ['i-app-1', 'i-web-1'], 'internet', { protocol: 'icmp', ports: undefined }), line(3, ['i-web-1'], 'i-app-1', { toAddresses: '10.16.32.10', ports: '8080' })],
  complete: true,
  stats: { sources: 4, destinations: 5, pairs: 20, scope: 'every packet of 4 sources to 5 destinations; every protocol, source ports 1024-65535', nodes: 10 },
  errors: [],
  witnesses: [
    { from: 'internet:203.0.113.10', to: '3.80.1.10', protocol: 'tcp', port: 80 },
    { from: 'i-app-1', to: 'internet:0.0.0.0', protocol: 'icmp', icmpType: 8, icmpCode: 0 },
    { from: 'i-web-1', to: '10.16.32.10', protocol: 'tcp', port: 8080 },
  ],
};
const MANY: ReachResult = {
  ...RESULT,
  lines: Array.from({ length: 60 }, (_, i) => line(i + 1, [`i-${i}`, 'i-web-1', 'i-app-1', 'i-db-1', 'i-cache-1', 'i-batch-1', 'i-queue-1'], `i-dest-${i}`, { toAddresses: `10.0.${i}.10` })),
  witnesses: Array.from({ length: 60 }, (_, i) => ({ from: `i-${i}`, to: `10.0.${i}.10`, protocol: 'tcp', port: 443 })),
};

const view = (status: ReachStatus, width: number, height: number, reach = initialReach(), seconds?: number) =>
  frame(render(<ReachView reach={reach} field={0} editor={null} candidates={[]} status={status} seconds={seconds} width={width} height={height} />).lastFrame());

describe('ReachView at 80 and 100 columns', () => {
  for (const width of [80, 100]) {
    it(`${width}: numbered lines, sources merged, destination addresses, the selected line's detail and witness`, () => {
      const reach = { ...initialReach(), focus: 'lines' as const, line: 1 };
      const f = view({ state: 'done', key: 'k', result: RESULT, elapsedMs: 12 }, width, 22, reach);
      expectFits(f, width, 22);
      expect(f).toContain('from internet');
      expect(f).toContain('3 lines · proved over every packet of 4 sources to 5 destinations');
      expect(f).toMatch(/ {2}1 {2}internet → i-web-1 \(3\.80\.1\.10\) tcp 80, 443/);
      expect(f).toMatch(/▶ 2 {2}i-app-1, i-web-1 → internet icmp/);
      expect(f).toContain('line 2 of 3');
      expect(f).toMatch(/witness +i-app-1 → internet:0\.0\.0\.0 {2}icmp type 8 code 0/);
      expect(f).toContain("enter: trace line 2's witness hop by hop");
    });

    it(`${width}: 60 lines in 22 rows keep the selected one in view, the rest counted`, () => {
      const reach = { ...initialReach(), focus: 'lines' as const, line: 41 };
      const f = view({ state: 'done', key: 'k', result: MANY, elapsedMs: 1500 }, width, 22, reach);
      expectFits(f, width, 22);
      expect(f).toMatch(/▶ 42 {2}i-41, i-web-1/);
      expect(f).toMatch(/↑ \d+ more/);
      expect(f).toMatch(/↓ \d+ more/);
      expect(f).toContain('line 42 of 60');
      expect(f).toContain('(1.5 s)');
      // a line of many sources names the first few; the detail lists them all
      expect(f).toContain('and 2 more → i-dest-41');
      expect(f).toMatch(/from +i-41, i-web-1, i-app-1, i-db-1, i-cache-1, i-batch-1, i-queue-1/);
    });
  }

  it('while walking: what it walks, for how long, and how to stop it', () => {
    expect(view({ state: 'running', key: 'k' }, 80, 22)).toContain('walking the question… · esc stops');
    const f = view({ state: 'running', key: 'k', sides: { sources: 1001, destinations: 1001 } }, 80, 22, initialReach(), 3);
    expect(f).toContain('walking every packet of 1,001 sources to 1,001 destinations… 3 s · esc stops');
  });

  it('says the question could not be asked, with the hint, as `vpcsim reach` does', () => {
    const bad: ReachResult = {
      lines: [],
      complete: false,
      stats: { sources: 0, destinations: 5, pairs: 0, scope: '', nodes: 0 },
      errors: [{ code: 'unknown-endpoint', severity: 'error', path: ['from'], message: 'no endpoint `i-wbe-1`', hint: 'did you mean `i-web-1`?' }],
      witnesses: [],
    };
    const f = view({ state: 'done', key: 'k', result: bad, elapsedMs: 3 }, 80, 22);
    expect(f).toContain('`from`: no endpoint `i-wbe-1` — hint: did you mean `i-web-1`?');
    expect(f).not.toContain('proved');
  });

  it('says when nothing is reachable (proved), when the walk stopped short, was stopped or failed', () => {
    expect(view({ state: 'done', key: 'k', result: { ...RESULT, lines: [], witnesses: [] }, elapsedMs: 3 }, 80, 22)).toContain('nothing is reachable · proved over every packet');
    const short = view({ state: 'done', key: 'k', result: { ...RESULT, complete: false, errors: [{ code: 'reach-budget', severity: 'error', path: [], message: 'reach stopped: more than 100,000 lines; the lines listed are not all of them', hint: 'narrow the question' }] }, elapsedMs: 3 }, 80, 22);
    expect(short).toContain('3 lines · NOT complete:');
    expect(short).toContain('reach stopped: more than 100,000 lines');
    expect(view({ state: 'stopped', key: 'k' }, 80, 22)).toContain('stopped before the answer (esc) · R asks again');
    expect(view({ state: 'failed', key: 'k', message: 'the reach question ran out of memory: narrow it' }, 80, 22)).toContain('ran out of memory');
  });
});

describe('the reach screen on the real engines (vpc-three-tier.yaml)', () => {
  const app = async (width: number, height: number) => {
    const loaded = await loadFile(THREE_TIER);
    return render(<App loaded={loaded} engines={{ net: await loadNet(), analysis: await loadAnalysis() }} width={width} height={height} />);
  };

  for (const [width, height] of [
    [80, 24],
    [100, 30],
  ] as const)
    it(`${width}x${height}: 4 asks what the internet reaches; x asks it of every source; enter traces a line's witness; esc comes back`, async () => {
      const r = await app(width, height);
      await delay();
      await press(r.stdin, '4');
      let f = await waitFor(r.lastFrame, '1 line · proved over every packet of 1 source to 5 destinations');
      expectFits(f, width, height);
      expect(f.split('\n')[0]).toMatch(/4 reach/);
      expect(f).toContain('1  internet → i-web-1 (3.80.1.10) tcp 80, 443');

      await press(r.stdin, 'x'); // from: every source
      f = await waitFor(r.lastFrame, '8 lines · proved over every packet of 4 sources to 5 destinations');
      expectFits(f, width, height);
      expect(f).toContain('from every source');
      expect(f).toContain('i-app-1, i-web-1 → internet tcp (every port)');

      await press(r.stdin, KEYS.tab, 'j', 'j');
      f = await waitFor(r.lastFrame, 'line 3 of 8');
      expect(f).toMatch(/▶ 3 {2}i-app-1 → i-web-1 \(3\.80\.1\.10, 10\.16\.48\.10\) tcp 80, 443/);

      await press(r.stdin, KEYS.enter);
      f = await waitFor(r.lastFrame, 'reach line 3 of 8: its witness packet, hop by hop · esc: back to the lines', '✓ reachable (delivered)');
      expectFits(f, width, height);
      expect(f).toContain('source i-app-1');
      expect(f).toContain('destination 3.80.1.10');
      expect(f).toMatch(/▶ 1 ✓ i-app-1\/eth0/); // on its hops: the trace screen's own navigation
      await press(r.stdin, 'j');
      expect(await waitFor(r.lastFrame, 'forward 2')).toMatch(/▶ 2 ✓ sg-app/);

      await press(r.stdin, KEYS.escape);
      await delay(60); // a lone escape is only known after a pause
      f = await waitFor(r.lastFrame, 'line 3 of 8', '8 lines');
      expectFits(f, width, height);
      expect(f).toMatch(/▶ 3 {2}i-app-1 → i-web-1/);
      r.unmount();
    });

  it('traces the exact witness of an ICMP line (type and code), and of a line of other protocols', async () => {
    const r = await app(100, 30);
    await delay();
    await press(r.stdin, '4', 'x');
    await waitFor(r.lastFrame, '8 lines');
    await press(r.stdin, KEYS.tab, 'j', 'j', 'j', 'j', KEYS.enter); // line 5: icmp
    let f = await waitFor(r.lastFrame, 'reach line 5 of 8');
    expect(f).toContain('protocol icmp');
    expect(f).toMatch(/✓ reachable/);
    await press(r.stdin, KEYS.escape);
    await delay(60);
    await press(r.stdin, 'j', 'o'); // line 6: every other protocol; o opens too
    f = await waitFor(r.lastFrame, 'reach line 6 of 8');
    expect(f).toContain('protocol 47'); // GRE, where the line has it
    expect(f).toMatch(/✓ reachable/);
    r.unmount();
  });

  it('says a selector that selects nothing, with its did-you-mean, and lists nothing to open', async () => {
    const r = await app(80, 24);
    await delay();
    await press(r.stdin, '4', KEYS.enter, ...'i-wbe-1', KEYS.enter);
    const f = await waitFor(r.lastFrame, '`from`: no endpoint `i-wbe-1` — hint: did you mean `i-web-1`?');
    expectFits(f, 80, 24);
    await press(r.stdin, 'o');
    expect(await waitFor(r.lastFrame, 'nothing to open: no line is listed yet')).toBeTruthy();
    r.unmount();
  });

  it('offers the selectors a question over many takes in the from and to pickers', async () => {
    const r = await app(100, 30);
    await delay();
    await press(r.stdin, '4', KEYS.enter, ...'subnet:');
    const f = await waitFor(r.lastFrame, 'subnet:');
    expect(f).toMatch(/subnet:subnet-\S+\s+subnet/);
    r.unmount();
  });
});

/** A runner the test answers by hand: what a long walk looks like, with keys pressed meanwhile. */
function manualRunner() {
  const runs: { query: ReachQuery; on: ReachEvents; stopped: boolean }[] = [];
  const runner: ReachRunner = {
    start(_model, query, on) {
      const run = { query, on, stopped: false };
      runs.push(run);
      return () => {
        run.stopped = true;
      };
    },
  };
  return { runner, runs };
}

describe('a long walk', () => {
  it('keeps the keys working: other screens, esc stops it, R asks again, a new question stops the old', async () => {
    const { runner, runs } = manualRunner();
    const loaded = await loadFile(THREE_TIER);
    const r = render(<App loaded={loaded} engines={{ net: await loadNet() }} reach={runner} width={80} height={24} />);
    await delay();
    await press(r.stdin, '4');
    await waitFor(r.lastFrame, 'walking the question… · esc stops');
    // the screen says "walking" as soon as it shows a question with no answer; the walk starts just after
    await until(() => runs.length === 1, 'the walk started');
    expect(runs[0]!.query).toEqual({ from: ['internet'], to: undefined });
    runs[0]!.on.sides({ sources: 1, destinations: 5 });
    await waitFor(r.lastFrame, 'walking every packet of 1 source to 5 destinations…');

    // other screens while it walks; back, it is still walking (not started again)
    await press(r.stdin, '1');
    await waitFor(r.lastFrame, 'pick a source and a destination');
    await press(r.stdin, '4');
    await waitFor(r.lastFrame, 'walking every packet of 1 source to 5 destinations…');
    expect(runs).toHaveLength(1);

    await press(r.stdin, KEYS.escape);
    await delay(60);
    await waitFor(r.lastFrame, 'stopped before the answer (esc) · R asks again');
    expect(runs[0]!.stopped).toBe(true);

    await press(r.stdin, 'R');
    await waitFor(r.lastFrame, 'walking the question…');
    await until(() => runs.length === 2, 'R started a second walk');

    // a new question (to: i-db-1) stops the walk of the old one
    await press(r.stdin, 'j', KEYS.enter, ...'i-db-1', KEYS.enter);
    await waitFor(r.lastFrame, 'to i-db-1');
    await until(() => runs.length === 3, 'the new question started a walk');
    expect(runs[1]!.stopped).toBe(true);
    expect(runs[2]!.query).toEqual({ from: ['internet'], to: ['i-db-1'] });
    // an answer to a question no longer asked is dropped
    runs[1]!.on.done(RESULT);
    runs[2]!.on.done({ ...RESULT, lines: [], witnesses: [] });
    const f = await waitFor(r.lastFrame, 'nothing is reachable');
    expect(f).not.toContain('internet → i-web-1');
    r.unmount();
  });

  it('is stopped when the UI quits', async () => {
    const { runner, runs } = manualRunner();
    const r = render(<App loaded={await loadFile(THREE_TIER)} engines={{}} reach={runner} width={80} height={24} />);
    await delay();
    await press(r.stdin, '4');
    await until(() => runs.length === 1, 'the walk started');
    r.unmount();
    expect(runs[0]!.stopped).toBe(true);
  });

  it('shows a failure of the walk', async () => {
    const { runner, runs } = manualRunner();
    const r = render(<App loaded={await loadFile(THREE_TIER)} engines={{}} reach={runner} width={80} height={24} />);
    await delay();
    await press(r.stdin, '4');
    await until(() => runs.length === 1, 'the walk started');
    runs[0]!.on.fail('the reach question ran out of memory: narrow it (from, to, protocol, port)');
    await waitFor(r.lastFrame, 'ran out of memory');
    r.unmount();
  });
});
