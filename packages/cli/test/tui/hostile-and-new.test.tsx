// The UI items of issue 18: ctrl-c exits 130, the request screen shows the network path, its
// context keys and its hops, the deciding condition wraps, the checks screen opens a check's
// trace or request, the what-if scenario can be saved, the port picker offers the scenario's
// own ports, and nothing from input reaches the terminal as a control character.
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { DecisionLike } from '../../src/engine-types.js';
import { loadFile } from '../../src/load.js';
import { stripAnsi } from '../../src/output/ansi.js';
import { App, caseOf } from '../../src/tui/App.js';
import { initialState } from '../../src/tui/state.js';
import { loadNet } from '../../src/engines.js';
import { BLOCKED, delay, fakeEngines, fakeIam, fixture, KEYS } from './fakes.js';
import { join } from 'node:path';

const frame = (f: string | undefined) => stripAnsi(f ?? '');
async function press(stdin: { write(s: string): void }, ...keys: string[]) {
  for (const k of keys) {
    stdin.write(k);
    await delay(25);
  }
}
const THREE_TIER = join(import.meta.dirname, '..', '..', '..', '..', 'scenarios', 'vpc-three-tier.yaml');

describe('quitting', () => {
  it('q quits with 0, ctrl-c with 130 (an interrupted command), from anywhere, even while editing', async () => {
    for (const [keys, code] of [[['q'], 0], [['\u0003'], 130], [[KEYS.enter, 'i', '\u0003'], 130]] as const) {
      const codes: number[] = [];
      const { stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines()} width={100} height={40} onQuit={(c) => codes.push(c)} />);
      await delay();
      await press(stdin, ...keys);
      await delay();
      expect(codes).toEqual([code]);
      unmount();
    }
  });
});

describe('the request screen', () => {
  const request = initialState({ mode: 'request', request: { action: 's3:GetObject', resource: 'arn:aws:s3:::assets/a', from: 'i-web-1' } });
  it('shows how the request reached the service, the context keys it set, and its hops', async () => {
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines()} initial={request} width={100} height={50} />);
    await delay();
    const f = frame(lastFrame());
    expect(f).toContain('network: ✓ reached the service (exits-service) via gateway-endpoint vpce-s3');
    expect(f).toContain('context aws:SourceVpce=vpce-s3, aws:SourceVpc=vpc-app');
    expect(f).toContain('network path: ✓ exits-internet (3 hops · tab: step through them)');
    await press(stdin, KEYS.tab, 'j');
    const hops = frame(lastFrame());
    expect(hops).toMatch(/▶ 2 ✓ rtb-public/);
    expect(hops).toContain('chosen 0.0.0.0/0 → igw-app');
    unmount();
  });
  it('wraps the deciding condition, never cuts it, even at 200 columns', async () => {
    const long = `condition StringEquals aws:PrincipalTag/team: the request has \`blue\`, the statement wants ${Array.from({ length: 40 }, (_, i) => `\`value-${i}\``).join(', ')} and the end is here`;
    const iam = { evaluate: (): DecisionLike => ({ decision: 'implicitly-denied', decisive: [], explain: [{ gate: 'identity policies', outcome: 'no match', why: long }], errors: [] }) };
    const initial = initialState({ mode: 'request', request: { principal: 'role/web', action: 's3:GetObject' } });
    const { lastFrame, unmount } = render(<App loaded={await fixture()} engines={{ ...fakeEngines(), iam }} initial={initial} width={200} height={60} />);
    await delay();
    const text = frame(lastFrame()).replace(/\s+/g, ' ');
    expect(text).toContain('and the end is here');
    expect(text).toContain('`value-39`');
    unmount();
  });
});

describe('the checks screen', () => {
  it('enter opens the selected check: an expectation on the trace screen, a counterexample with its flow', async () => {
    const { lastFrame, stdin, unmount } = render(<App loaded={await fixture()} engines={fakeEngines()} width={100} height={40} />);
    await press(stdin, '3');
    await delay(80);
    await press(stdin, 'j', KEYS.enter);
    const f = frame(lastFrame());
    // the property's counterexample, i-web-1 → i-db-1 tcp/5432, traced with its hops in focus
    expect(f).toMatch(/source i-web-1\s+destination i-db-1\s+protocol tcp\s+port 5432/);
    expect(f).toContain('forward path');
    unmount();
  });
  it('caseOf: an expectation opens its own flow or request', async () => {
    const loaded = await loadFile(THREE_TIER);
    if (!loaded.ok) throw new Error('fixture');
    const results = loaded.model.scenario.expect!.map((e) => ({ name: e.name, kind: 'expect' as const, passed: true, expected: {}, actual: {}, errors: [] }));
    const first = loaded.model.scenario.expect![0]!;
    expect(caseOf(loaded.model, results, 0)).toEqual({ type: 'open', flow: { from: first.trace!.from, to: first.trace!.to, protocol: String(first.trace!.protocol ?? 'tcp'), port: String(first.trace!.port) } });
    expect(caseOf(loaded.model, results, results.length)).toBeUndefined();
  });
});

describe('what-if', () => {
  it('w saves the scenario with the fixes applied (through `save`), and says where', async () => {
    const loaded = await loadFile(THREE_TIER);
    const saved: { scenario: unknown; header: string }[] = [];
    const save = async (scenario: unknown, header: string) => {
      saved.push({ scenario, header });
      return 'scenarios/vpc-three-tier.what-if.yaml';
    };
    const initial = initialState({ flow: { from: 'i-web-1', to: 'i-db-1', port: '5432' } });
    const { lastFrame, stdin, unmount } = render(<App loaded={loaded} engines={{ net: await loadNet() }} initial={initial} width={120} height={40} save={save} />);
    await delay();
    await press(stdin, 'w');
    expect(frame(lastFrame())).toContain('press f first');
    await press(stdin, 'f', 'w');
    await delay();
    expect(saved).toHaveLength(1);
    expect(saved[0]!.header).toContain('add networkAcls[acl-db].inbound');
    const acl = (saved[0]!.scenario as { networkAcls: { id: string; inbound: unknown[] }[] }).networkAcls.find((a) => a.id === 'acl-db')!;
    expect(acl.inbound.length).toBeGreaterThan(1);
    expect(frame(lastFrame())).toContain('saved the scenario with the fixes to scenarios/vpc-three-tier.what-if.yaml');
    unmount();
  });
});

describe('the port picker', () => {
  it("offers the scenario's own ports first, named by where they come from", async () => {
    const loaded = await loadFile(THREE_TIER);
    const initial = { ...initialState({ flow: { from: 'i-web-1', to: 'i-db-1' } }), field: 3 };
    const { lastFrame, stdin, unmount } = render(<App loaded={loaded} engines={{ net: await loadNet() }} initial={initial} width={120} height={40} />);
    await delay();
    await press(stdin, KEYS.enter);
    const f = frame(lastFrame());
    expect(f).toMatch(/▶ 22\s+port in the scenario · ssh · an expectation/);
    expect(f).toMatch(/5432\s+port in the scenario · postgresql · sg-db, acl-db, an expectation/);
    expect(f).toMatch(/8080\s+port in the scenario · sg-app/);
    // the common ports the scenario does not name come after
    expect(f.indexOf('3306')).toBeGreaterThan(f.indexOf('8080'));
    unmount();
  });
});

describe('control characters from input', () => {
  it('never reach the terminal: ids from an engine and the file name are escaped', async () => {
    const evil = { ...BLOCKED, blockedBy: 'sg-db\u001b[2J\u001b[32m', forward: BLOCKED.forward.map((h, i) => (i === 2 ? { ...h, component: 'sg-db\nfake row' } : h)) };
    const net = { trace: () => evil, flowLogs: () => [] };
    const loaded = await fixture();
    const initial = initialState({ flow: { from: 'internet', to: 'i-db-1' } });
    const { lastFrame, unmount } = render(<App loaded={{ ...loaded, file: 'evil\u001b]8;;x\u0007.yaml' }} engines={{ ...fakeEngines(), net, iam: fakeIam() }} initial={initial} width={120} height={40} />);
    await delay();
    const raw = lastFrame() ?? '';
    // only SGR colour sequences of the UI itself remain
    expect(raw.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(frame(raw)).toContain('sg-db\\u001b[2J\\u001b[32m');
    expect(frame(raw)).toContain('sg-db\\nfake row');
    expect(frame(raw)).toContain('evil\\u001b]8;;x\\u0007.yaml');
    unmount();
  });
});

describe('saving the what-if scenario', () => {
  it('writes beside the scenario, never over a file, and the result loads', async () => {
    const { saveBeside } = await import('../../src/tui/run.js');
    const { mkdtempSync, copyFileSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-whatif-'));
    const file = join(dir, 'three.yaml');
    copyFileSync(THREE_TIER, file);
    const loaded = await loadFile(file);
    if (!loaded.ok) throw new Error('fixture');
    const first = await saveBeside(file, loaded.model.scenario, ' with the fixes');
    const second = await saveBeside(file, loaded.model.scenario, ' with the fixes');
    expect(first).toBe(join(dir, 'three.what-if.yaml'));
    expect(second).toBe(join(dir, 'three.what-if-2.yaml'));
    expect(readFileSync(first, 'utf8').startsWith('# with the fixes\n')).toBe(true);
    expect((await loadFile(first)).ok).toBe(true);
  });
});
