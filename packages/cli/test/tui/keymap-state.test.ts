// Key bindings as data and the one reducer.
import { describe, expect, it } from 'vitest';
import { commandFor, KEYMAP, keyName, onScreen } from '../../src/tui/keymap.js';
import { initialState, reducer, type Action, type UiState } from '../../src/tui/state.js';

const counts = { hops: 4, checks: 3 };
const cmd = (command: Extract<Action, { type: 'command' }>['command']): Action => ({ type: 'command', command, counts });
const apply = (s: UiState, ...as: Action[]) => as.reduce(reducer, s);

describe('keymap', () => {
  it('names keys the way bindings list them', () => {
    expect(keyName('', { upArrow: true })).toBe('up');
    expect(keyName('', { tab: true, shift: true })).toBe('shift-tab');
    expect(keyName('', { return: true })).toBe('enter');
    expect(keyName('c', { ctrl: true })).toBe('ctrl-c');
    expect(keyName('', { delete: true })).toBe('backspace');
    expect(keyName('q', {})).toBe('q');
  });
  it('gives every key at most one command per scope', () => {
    for (const scope of ['global', 'trace', 'request', 'checks', 'reach'] as const) {
      const keys = KEYMAP.filter((b) => (scope === 'global' ? b.scope === 'global' : onScreen(b, scope))).flatMap((b) => b.keys);
      expect(new Set(keys).size, scope).toBe(keys.length);
    }
  });
  it('lets screen bindings win over global ones', () => {
    expect(commandFor('enter', 'checks')?.command).toBe('open');
    expect(commandFor('R', 'checks')?.command).toBe('rerun');
    expect(commandFor('o', 'reach')?.command).toBe('open');
    expect(commandFor('R', 'reach')?.command).toBe('rerun');
    expect(commandFor('o', 'trace')).toBeUndefined();
    expect(commandFor('ctrl-c', 'trace')?.command).toBe('interrupt');
    expect(commandFor('enter', 'trace')?.command).toBe('edit');
    expect(commandFor('s', 'trace')?.command).toBe('swap');
    expect(commandFor('s', 'request')).toBeUndefined();
    expect(commandFor('q', 'request')?.command).toBe('quit');
  });
});

describe('reducer', () => {
  it('does not mutate the previous state', () => {
    const s0 = initialState();
    const s1 = reducer(s0, cmd('down'));
    expect(s0.field).toBe(0);
    expect(s1.field).toBe(1);
    expect(Object.isFrozen(s1)).toBe(true);
  });
  it('edits a field: type, backspace, pick moves to the next field', () => {
    const s = apply(initialState(), cmd('edit'), { type: 'type', text: 'i-w' }, { type: 'type', text: 'x' }, { type: 'backspace' });
    expect(s.editor?.text).toBe('i-w');
    const picked = reducer(s, { type: 'pick', value: 'i-web-1' });
    expect(picked.flow.from).toBe('i-web-1');
    expect(picked.editor).toBeNull();
    expect(picked.field).toBe(1);
  });
  it('cancels the editor, then the help, with escape', () => {
    const s = apply(initialState(), cmd('help'), cmd('edit'));
    expect(s.help && s.editor !== null).toBe(true);
    const s1 = reducer(s, { type: 'cancel' });
    expect(s1.editor).toBeNull();
    expect(s1.help).toBe(true);
    expect(reducer(s1, { type: 'cancel' }).help).toBe(false);
  });
  it('wraps the editor highlight around the list', () => {
    const s = apply(initialState(), cmd('edit'), { type: 'editor-move', delta: -1, size: 3 });
    expect(s.editor?.index).toBe(2);
  });
  it('moves hops only when the hop list has focus, within bounds', () => {
    const s = apply(initialState(), cmd('toggle-focus'), cmd('down'), cmd('down'), cmd('down'), cmd('down'), cmd('down'));
    expect(s.focus).toBe('hops');
    expect(s.hop).toBe(3);
    expect(s.field).toBe(0);
    expect(apply(s, cmd('up')).hop).toBe(2);
  });
  it('switches screens and cycles with next/prev', () => {
    expect(apply(initialState(), cmd('mode-checks')).mode).toBe('checks');
    expect(apply(initialState(), cmd('prev-mode')).mode).toBe('reach');
    expect(apply(initialState(), cmd('next-mode'), cmd('next-mode'), cmd('next-mode'), cmd('next-mode')).mode).toBe('trace');
  });
  it('swaps source and destination and resets the selected hop', () => {
    const s = apply(initialState({ flow: { from: 'a', to: 'b' } }), cmd('toggle-focus'), cmd('down'), cmd('swap'));
    expect(s.flow).toMatchObject({ from: 'b', to: 'a' });
    expect(s.hop).toBe(0);
  });
  it('counts re-runs only on the checks screen, and quits', () => {
    expect(apply(initialState(), cmd('rerun')).checksRun).toBe(0);
    expect(apply(initialState(), cmd('mode-checks'), cmd('rerun'), cmd('rerun')).checksRun).toBe(2);
    expect(apply(initialState(), cmd('quit')).quit).toBe(true);
  });
  it('clears the selected field', () => {
    const s = apply(initialState({ request: { principal: 'role/web', action: 's3:GetObject' } }), cmd('mode-request'), cmd('down'), cmd('clear-field'));
    expect(s.request).toMatchObject({ principal: 'role/web', action: '' });
  });
});
