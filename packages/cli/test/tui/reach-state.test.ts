// The reach screen's state (reach-state.ts), through the one reducer: pure, no React.
import { describe, expect, it } from 'vitest';
import { initialReach, reachFlow, reachKey, reachQueryOf, witnessFields } from '../../src/tui/reach-state.js';
import { initialState, reducer, type Action, type Counts, type UiState } from '../../src/tui/state.js';

const cmd = (command: Extract<Action, { type: 'command' }>['command'], counts: Counts = { hops: 4, checks: 0, lines: 3 }): Action => ({ type: 'command', command, counts });
const apply = (s: UiState, ...as: Action[]) => as.reduce(reducer, s);
const onReach = (init: Parameters<typeof initialState>[0] = {}) => apply(initialState(init), cmd('mode-reach'));
const ICMP = { from: 'i-web-1', to: 'internet:0.0.0.0', protocol: 'icmp', icmpType: 8, icmpCode: 0 } as const;

describe('the reach question', () => {
  it('starts as "what does the internet reach", and an empty field asks of every', () => {
    expect(initialReach().query).toEqual({ from: 'internet', to: '', protocol: '', port: '' });
    expect(reachQueryOf({ from: '', to: '', protocol: '', port: '' })).toEqual({ from: undefined, to: undefined });
  });
  it('takes several selectors separated by spaces or commas, a protocol and a port range', () => {
    expect(reachQueryOf({ from: 'i-web-1, i-app-1  subnet:subnet-a', to: 'i-db-1', protocol: 'tcp', port: '1024-65535' })).toEqual({
      from: ['i-web-1', 'i-app-1', 'subnet:subnet-a'],
      to: ['i-db-1'],
      protocol: 'tcp',
      ports: '1024-65535',
    });
  });
  it('has a key that changes with the question and with R, not with the selection', () => {
    const s = onReach();
    const k = reachKey(s.reach);
    expect(reachKey(apply(s, cmd('toggle-focus'), cmd('down')).reach)).toBe(k);
    expect(reachKey(apply(s, cmd('rerun')).reach)).not.toBe(k);
    expect(reachKey(apply(s, cmd('clear-field')).reach)).not.toBe(k);
  });
});

describe('the reach screen', () => {
  it('is the fourth screen: 4 goes there, ← from the trace screen too, → from it back to trace', () => {
    expect(onReach().mode).toBe('reach');
    expect(apply(initialState(), cmd('prev-mode')).mode).toBe('reach');
    expect(apply(onReach(), cmd('next-mode')).mode).toBe('trace');
    // 4 again on the reach screen changes nothing
    const s = apply(onReach(), cmd('toggle-focus'), cmd('down'));
    expect(apply(s, cmd('mode-reach'))).toEqual(s);
  });
  it('moves between fields on the form, and between lines (within the answer) once tab gives them the keyboard', () => {
    const form = apply(onReach(), cmd('down'), cmd('down'), cmd('down'), cmd('down'));
    expect(form.field).toBe(3);
    expect(form.reach.focus).toBe('form');
    const lines = apply(onReach(), cmd('toggle-focus'), cmd('down'), cmd('down'), cmd('down'), cmd('down'));
    expect(lines.reach.focus).toBe('lines');
    expect(lines.reach.line).toBe(2);
    expect(lines.field).toBe(0);
    expect(apply(lines, cmd('up')).reach.line).toBe(1);
    expect(apply(lines, cmd('toggle-focus')).reach.focus).toBe('form');
  });
  it('keeps the keyboard on the form while the answer has no line', () => {
    expect(apply(onReach(), cmd('toggle-focus', { hops: 0, checks: 0, lines: 0 })).reach.focus).toBe('form');
  });
  it('edits a field: enter opens the picker on the form, a pick fills it and moves on, x empties it (every)', () => {
    const editing = apply(onReach(), cmd('down'), cmd('open'));
    expect(editing.editor).toEqual({ text: '', index: 0 });
    const picked = apply(editing, { type: 'pick', value: 'i-db-1' });
    expect(picked.reach.query.to).toBe('i-db-1');
    expect(picked.field).toBe(2);
    expect(picked.editor).toBeNull();
    expect(picked.flow.to, 'the trace form is not touched').toBe('');
    expect(apply(onReach(), cmd('clear-field')).reach.query.from).toBe('');
  });
  it('does not open anything itself on a line: the App turns enter into a reach-open with the witness', () => {
    const s = apply(onReach(), cmd('toggle-focus'), cmd('down'));
    expect(apply(s, cmd('open'))).toEqual(s);
  });
  it('stops the walk on esc, after closing an open picker first', () => {
    const s = apply(onReach(), cmd('edit'));
    const closed = reducer(s, { type: 'cancel' });
    expect(closed.editor).toBeNull();
    expect(closed.reach.stops).toBe(0);
    expect(reducer(closed, { type: 'cancel' }).reach.stops).toBe(1);
  });
});

describe('a line opened on the trace screen', () => {
  const opened = () => apply(onReach(), cmd('toggle-focus'), { type: 'reach-open', n: 5, flow: ICMP });
  it('shows its witness as the trace form, on its hops', () => {
    const s = opened();
    expect(s.mode).toBe('trace');
    expect(s.flow).toEqual({ from: 'i-web-1', to: 'internet:0.0.0.0', protocol: 'icmp', port: '' });
    expect(s.focus).toBe('hops');
    expect(s.hop).toBe(0);
    expect(s.reach.line).toBe(4);
  });
  it('is traced exactly (ICMP type and code, which the form has no field for) until the form changes', () => {
    const s = opened();
    expect(reachFlow(s)).toEqual(ICMP);
    const changed = apply(s, cmd('edit'), { type: 'pick', value: 'i-app-1' });
    expect(changed.flow.from).toBe('i-app-1');
    expect(reachFlow(changed)).toBeUndefined();
    expect(reachFlow(apply(s, cmd('swap')))).toBeUndefined();
  });
  it('goes back to the list on esc, on the line it came from', () => {
    const back = reducer(apply(opened(), cmd('down')), { type: 'cancel' });
    expect(back.mode).toBe('reach');
    expect(back.reach.focus).toBe('lines');
    expect(back.reach.line).toBe(4);
    expect(back.reach.stops, 'going back stops nothing').toBe(0);
  });
  it('is forgotten when a check is opened: esc on that trace stays there', () => {
    const s = apply(opened(), { type: 'open', flow: { from: 'i-web-1', to: 'i-db-1', port: '5432' } });
    expect(s.reach.opened).toBeNull();
    expect(reducer(s, { type: 'cancel' }).mode).toBe('trace');
  });
  it('gives a protocol number and no port as the form writes them', () => {
    expect(witnessFields({ from: 'i-web-1', to: 'internet:0.0.0.0', protocol: 0 })).toEqual({ from: 'i-web-1', to: 'internet:0.0.0.0', protocol: '0', port: '' });
    expect(witnessFields({ from: 'a', to: 'b', protocol: 'tcp', port: 80 })).toMatchObject({ protocol: 'tcp', port: '80' });
  });
  it('never mutates the state it came from', () => {
    const s0 = onReach();
    const s1 = apply(s0, cmd('toggle-focus'), { type: 'reach-open', n: 1, flow: ICMP });
    expect(s0.mode).toBe('reach');
    expect(s0.reach.opened).toBeNull();
    expect(Object.isFrozen(s1.reach)).toBe(true);
  });
});
