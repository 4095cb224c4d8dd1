// Every screen fits the terminal's rows (80x24 is the minimum promised), and keys that arrive
// together in one chunk (fast typing, a paste) act as if typed one by one.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { FlowSpec, HopLike } from '../../src/engine-types.js';
import { loadFile } from '../../src/load.js';
import { loadNet } from '../../src/engines.js';
import { stripAnsi } from '../../src/output/ansi.js';
import { App } from '../../src/tui/App.js';
import { Form } from '../../src/tui/Form.js';
import { HelpOverlay } from '../../src/tui/HelpOverlay.js';
import { HopList } from '../../src/tui/HopList.js';
import { KEYMAP, splitKeys } from '../../src/tui/keymap.js';
import { allocate, scrollWindow, wrapText } from '../../src/tui/layout.js';
import { initialState, reducer } from '../../src/tui/state.js';
import { delay, fakeEngines, fixture, KEYS } from './fakes.js';

const frame = (f: string | undefined) => stripAnsi(f ?? '').replace(/\n$/, '');
const rowsOf = (f: string) => f.split('\n').length;
const THREE_TIER = new URL('../../../../scenarios/vpc-three-tier.yaml', import.meta.url).pathname;

async function press(stdin: { write(s: string): void }, ...keys: string[]) {
  for (const k of keys) {
    stdin.write(k);
    await delay(25);
  }
}

/** The README's example at 80x24: i-web-1 to i-db-1 on 5432, on the real tracer. */
async function readmeApp(height?: number) {
  const loaded = await loadFile(THREE_TIER);
  const initial = initialState({ flow: { from: 'i-web-1', to: 'i-db-1', port: '5432' } });
  const r = render(<App loaded={loaded} engines={{ net: await loadNet() }} initial={initial} width={80} height={height} />);
  await delay();
  return r;
}

function expectFits(f: string, rows = 24) {
  expect(rowsOf(f), f).toBeLessThanOrEqual(rows);
  for (const l of f.split('\n')) expect([...l].length, l).toBeLessThanOrEqual(80);
  expect(f.split('\n')[0], 'the title row').toMatch(/^vpcsim .*1 trace/);
}

describe('80x24: every screen fits', () => {
  it('shows the title, the flow and the verdict of the README example', async () => {
    const { lastFrame, unmount } = await readmeApp(24);
    const f = frame(lastFrame());
    expectFits(f);
    expect(f).toContain('source i-web-1');
    expect(f).toContain('destination i-db-1');
    expect(f).toContain('✗ unreachable (denied-nacl-ingress) — blocked by acl-db');
    expect(f).toMatch(/5 ✗ acl-db/);
    unmount();
  });

  it('keeps the selected hop in view, with the hops above and below counted', async () => {
    const { lastFrame, stdin, unmount } = await readmeApp(24);
    await press(stdin, KEYS.tab);
    let f = frame(lastFrame());
    expectFits(f);
    expect(f).toMatch(/▶ 1 ✓ i-web-1\/eth0/);
    expect(f).toContain('forward 1');
    expect(f).toMatch(/↓ \d+ more/);
    for (let i = 0; i < 11; i++) await press(stdin, 'j'); // reply hop 5
    f = frame(lastFrame());
    expectFits(f);
    expect(f).toMatch(/▶ 5 ✓ vpc-app\/default-acl/);
    expect(f).toContain('reply 5');
    expect(f).toMatch(/↑ \d+ more/);
    expect(f).toContain('source i-web-1');
    unmount();
  });

  it('fits the what-if trace (f), with its banner and the title', async () => {
    const { lastFrame, stdin, unmount } = await readmeApp(24);
    await press(stdin, 'f');
    let f = frame(lastFrame());
    expectFits(f);
    expect(f).toContain('what-if: 3 fixes applied to a copy of the scenario');
    expect(f).toContain('✓ reachable (delivered)');
    await press(stdin, KEYS.tab, 'j');
    f = frame(lastFrame());
    expectFits(f);
    expect(f).toMatch(/▶ 2 ✓ sg-web/);
    unmount();
  });

  it('fits an open picker under the title and the field being edited', async () => {
    const { lastFrame, stdin, unmount } = await readmeApp(24);
    await press(stdin, KEYS.enter);
    let f = frame(lastFrame());
    expectFits(f);
    expect(f).toContain('source ›');
    expect(f).toMatch(/▶ i-web-1/);
    await press(stdin, KEYS.escape);
    await delay(60);
    await press(stdin, KEYS.down, KEYS.down, KEYS.down, KEYS.enter); // the port picker
    f = frame(lastFrame());
    expectFits(f);
    expect(f).toContain('port ›');
    expect(f).toMatch(/▶ 22\s+port/);
    unmount();
  });

  it('fits the help overlay with both borders and every binding uncut', async () => {
    const { lastFrame, stdin, unmount } = await readmeApp(24);
    await press(stdin, '?');
    const f = frame(lastFrame());
    expectFits(f);
    expect(f.split('\n')[1]).toMatch(/^╔═+╗$/);
    expect(f).toMatch(/╚═+╝/);
    for (const b of KEYMAP) expect(f).toContain(b.help);
    expect(f.split('\n').slice(1).join('\n')).not.toContain('…');
    unmount();
  });

  it('fits the checks screen', async () => {
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines()} width={80} height={24} />);
    await delay();
    await press(stdin, '3');
    await delay(60);
    const f = frame(lastFrame());
    expectFits(f);
    expect(f).toContain('1 passed, 1 failed');
    unmount();
  });

  it('fits the request screen with its decision, and an invalid scenario\'s errors', async () => {
    const r = render(<App loaded={await fixture()} engines={fakeEngines()} width={80} height={24} />);
    await delay();
    await press(r.stdin, '2', KEYS.enter, 'web\r', KEYS.enter, 'Get\r');
    let f = frame(r.lastFrame());
    expectFits(f);
    expect(f).toContain('✓ allowed');
    r.unmount();
    const bad = render(<App loaded={await fixture('invalid/bad.yaml')} engines={fakeEngines()} width={80} height={24} />);
    await delay();
    f = frame(bad.lastFrame());
    expectFits(f);
    expect(f).toContain('is not a valid scenario');
    bad.unmount();
  });

  it('takes its rows from the terminal (24 when it does not say)', async () => {
    const { lastFrame, stdin, unmount } = await readmeApp(undefined);
    await press(stdin, KEYS.tab);
    expectFits(frame(lastFrame()));
    unmount();
  });

  it('uses the room a taller terminal gives: nothing hidden at 80x40', async () => {
    const { lastFrame, stdin, unmount } = await readmeApp(40);
    await press(stdin, KEYS.tab);
    const f = frame(lastFrame());
    expectFits(f, 40);
    expect(f).not.toMatch(/↑ \d+ more|↓ \d+ more/);
    expect(f).toContain('✗ blocked at hop 5: acl-db');
    unmount();
  });
});

describe('a picker says how many of its matches it shows', () => {
  it('"6 of 7 matches shown" when the list is cut', () => {
    const candidates = Array.from({ length: 7 }, (_, i) => ({ value: `i-${i}`, kind: 'instance' }));
    const props = { fields: [{ name: 'from', label: 'source', value: '' }], selected: 0, focused: true, editor: { text: '', index: 0 }, candidates, width: 80 };
    expect(frame(render(<Form {...props} maxListRows={6} />).lastFrame())).toContain('6 of 7 matches shown');
    expect(frame(render(<Form {...props} maxListRows={10} />).lastFrame())).toContain('7 matches');
  });
});

describe('HopList in a few rows', () => {
  const hops: HopLike[] = Array.from({ length: 12 }, (_, i) => ({ component: `hop-${i + 1}`, kind: 'k', verdict: 'allow', rule: undefined, detail: { step: 'forward', why: '' } }));
  it('shows a window around the selected hop with the rest counted', () => {
    const f = frame(render(<HopList title="forward path" hops={hops} selected={9} width={80} maxRows={6} />).lastFrame());
    expect(rowsOf(f)).toBeLessThanOrEqual(6);
    expect(f).toMatch(/▶10 ✓ hop-10/);
    expect(f).toMatch(/↑ \d+ more/);
    expect(f).toMatch(/↓ 1 more|12 ✓ hop-12/);
  });
});

describe('keys that arrive together', () => {
  it('moves two hops on `jj`', async () => {
    const initial = initialState({ flow: { from: 'i-web-1', to: '8.8.8.8' } });
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines()} initial={initial} width={80} height={24} />);
    await delay();
    await press(stdin, KEYS.tab, 'jj');
    const f = frame(lastFrame());
    expect(f).toMatch(/▶ 3 ✓ igw-app/);
    expectFits(f);
    unmount();
  });

  it('picks on `db\\r` and never puts a control character in the filter', async () => {
    const calls: FlowSpec[] = [];
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines(calls)} width={80} height={24} />);
    await delay();
    await press(stdin, KEYS.enter, 'inter\r');
    expect(frame(lastFrame())).toContain('source internet');
    await press(stdin, `${KEYS.enter}db\r`); // open, filter and pick in one chunk
    let f = frame(lastFrame());
    expect(f).toContain('destination i-db-1');
    expect(f).not.toContain('›'); // the editor closed
    await press(stdin, KEYS.enter, 'x\u0007y');
    f = frame(lastFrame());
    expect(f).toContain('protocol › xy');
    expect(stripAnsi(lastFrame() ?? '')).not.toMatch(/\u0007/);
    expectFits(f);
    unmount();
  });

  it('switches screens on `12` and `32` like two keys', async () => {
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines()} width={80} height={24} />);
    await delay();
    await press(stdin, '21');
    expect(frame(lastFrame())).toContain('pick a source and a destination');
    await press(stdin, '12');
    expect(frame(lastFrame())).toContain('pick a principal and an action');
    unmount();
  });
});

describe('splitKeys', () => {
  it('splits printable characters and control keys, and keeps escape sequences whole', () => {
    expect(splitKeys('jj', {})).toEqual([
      { input: 'j', key: {} },
      { input: 'j', key: {} },
    ]);
    expect(splitKeys('dB\r\n\t\u007f', {}).map((k) => k.input || Object.keys(k.key).join())).toEqual(['d', 'B', 'return', 'return', 'tab', 'backspace']);
    expect(splitKeys('\u0003x', {})[0]).toEqual({ input: 'c', key: { ctrl: true } });
    expect(splitKeys('[A', { upArrow: true, meta: true })).toHaveLength(1);
    expect(splitKeys('q', {})).toEqual([{ input: 'q', key: {} }]);
  });
  it('keeps control characters out of the filter text', () => {
    let s = reducer(initialState(), { type: 'command', command: 'edit', counts: { hops: 0, checks: 0 } });
    s = reducer(s, { type: 'type', text: 'd\rb\u0007\u001b[\u009b' });
    expect(s.editor?.text).toBe('db[');
  });
});

describe('layout helpers', () => {
  it('scrollWindow keeps the focus visible within the budget, markers included', () => {
    for (let total = 0; total < 30; total++)
      for (let budget = 1; budget < 12; budget++)
        for (let focus = 0; focus < total; focus++) {
          const w = scrollWindow(total, budget, focus);
          const rows = w.end - w.start + (w.above > 0 ? 1 : 0) + (w.below > 0 ? 1 : 0);
          expect(rows, `${total} ${budget} ${focus}`).toBeLessThanOrEqual(Math.max(budget, 1));
          expect(focus >= w.start && focus < w.end, `${total} ${budget} ${focus}`).toBe(true);
          if (budget >= 3) expect(w.above + (w.end - w.start) + w.below).toBe(total);
        }
  });
  it('wrapText wraps at words, breaks long words, and marks what it leaves out', () => {
    expect(wrapText('the quick brown fox', 9)).toEqual(['the quick', 'brown fox']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('one two three four', 8, 1)).toEqual(['one two…']);
  });
  it('allocate gives minimums first, then extras in order', () => {
    expect(allocate(10, [{ min: 2, max: 2 }, { min: 3, max: 20 }, { min: 1, max: 4 }])).toEqual([2, 7, 1]);
    expect(allocate(10, [{ min: 2, max: 2 }, { min: 3, max: 20 }, { min: 1, max: 4 }], [2, 1])).toEqual([2, 4, 4]);
    expect(allocate(3, [{ min: 2, max: 2 }, { min: 3, max: 20 }])).toEqual([2, 1]);
  });
});

describe('HelpOverlay', () => {
  it('at 80 columns cuts no help text, and in few rows says what it left out', () => {
    const f = frame(render(<HelpOverlay width={80} />).lastFrame());
    for (const b of KEYMAP) expect(f).toContain(b.help);
    const short = frame(render(<HelpOverlay width={80} height={12} />).lastFrame());
    expect(rowsOf(short)).toBeLessThanOrEqual(12);
    expect(short).toMatch(/↓ \d+ more rows/);
  });
});

describe('every size from 80x24 up', () => {
  const closed = (f: string) => {
    // a box cut off at the bottom would leave a top corner without its bottom corner
    for (const [top, bottom] of [['┌', '└'], ['╭', '╰'], ['╔', '╚']] as const) expect(f.split(top).length, `${top} in\n${f}`).toBe(f.split(bottom).length);
  };
  for (const width of [80, 120])
    for (const height of [24, 29, 30, 40])
      it(`${width}x${height}: the trace, its hops, what-if, a picker and help all fit, boxes whole`, async () => {
        const loaded = await loadFile(THREE_TIER);
        const initial = initialState({ flow: { from: 'i-web-1', to: 'i-db-1', port: '5432' } });
        const { lastFrame, stdin, unmount } = render(<App loaded={loaded} engines={{ net: await loadNet() }} initial={initial} width={width} height={height} />);
        await delay();
        const check = (what: RegExp | string) => {
          const f = frame(lastFrame());
          expect(rowsOf(f), f).toBeLessThan(height);
          expect(f.split('\n')[0]).toMatch(/^vpcsim /);
          closed(f);
          if (typeof what === 'string') expect(f, f).toContain(what);
          else expect(f, f).toMatch(what);
        };
        check('✗ unreachable (denied-nacl-ingress)');
        await press(stdin, KEYS.tab, 'jjjjjjjjjj'); // reply hop 4
        check(/▶ 4 ✗ acl-db/);
        check('reply 4');
        check('✗ unreachable');
        await press(stdin, 'f');
        check(/▶ 1 ✓ i-web-1\/eth0/);
        check('what-if:');
        await press(stdin, 'f', KEYS.tab, KEYS.enter);
        check('source ›');
        await press(stdin, KEYS.escape);
        await delay(60);
        await press(stdin, '?');
        check('re-run the checks');
        unmount();
      });
});

describe('stepping through every hop at 80x24 and 120x24', () => {
  for (const width of [80, 120])
    it(`${width}x24: the selected hop and its whole detail box are always on screen`, async () => {
      const loaded = await loadFile(THREE_TIER);
      for (const flow of [
        { from: 'i-web-1', to: 'i-db-1', port: '5432' },
        { from: 'internet', to: 'i-web-1', port: '443' },
        { from: 'i-app-1', to: '8.8.8.8', port: '443' },
      ]) {
        for (const whatIf of [false, true]) {
          const { lastFrame, stdin, unmount } = render(<App loaded={loaded} engines={{ net: await loadNet() }} initial={initialState({ flow })} width={width} height={24} />);
          await delay();
          await press(stdin, ...(whatIf ? ['f'] : []), KEYS.tab);
          for (let i = 0; i < 16; i++) {
            const f = frame(lastFrame());
            expect(rowsOf(f)).toBeLessThan(24);
            expect(f.split('\n')[0]).toMatch(/^vpcsim /);
            expect(f.split('\n').filter((l) => /^▶ ?\d+ [✓✗]/.test(l.trimStart().replace(/^.*?(▶)/, '$1')))).toHaveLength(1);
            expect(f.split('┌').length, f).toBe(f.split('└').length);
            expect(f).toMatch(/(forward|reply) \d+ {2}·/);
            await press(stdin, 'j');
          }
          unmount();
        }
      }
    });
});
