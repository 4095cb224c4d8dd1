// The reach screen's state (issue 12, `4` or `a`): a question (from, to, protocol, port; an
// empty field is every source, every destination, every protocol, every port), the numbered
// lines of its answer moved through like hops, and the line whose witness packet the trace
// screen shows (enter on a line; esc there comes back to the list). Pure: hooks called from
// state.ts's reducer, so that reducer's own code stays as it was.
import type { Draft } from 'immer';
import type { ReachQuery } from '@vpcsim/analysis';
import type { FlowSpec } from '../engine-types.js';
import type { CommandId } from './keymap.js';

/** Fields of the reach form, in order (the trace form's, as selectors). */
export const REACH_FIELDS = ['from', 'to', 'protocol', 'port'] as const;
export type ReachField = (typeof REACH_FIELDS)[number];

/** A line opened on the trace screen: its number and its witness packet, exactly as the analysis gave it. */
export interface OpenedLine {
  readonly n: number;
  readonly flow: FlowSpec;
}

/** The reach screen's state. */
export interface ReachState {
  /** The question as typed: selectors separated by spaces or commas; empty is every. */
  readonly query: Readonly<Record<ReachField, string>>;
  /** The form or the lines have the keyboard. */
  readonly focus: 'form' | 'lines';
  /** The selected line (0-based; line numbers start at 1). */
  readonly line: number;
  /** Bumped by `R`: ask the question again. */
  readonly run: number;
  /** Bumped by esc on the reach screen: stop the walk under way. */
  readonly stops: number;
  /** The line whose witness the trace screen was opened on (esc there comes back). */
  readonly opened: OpenedLine | null;
}

/**
 * The reach screen's initial state. The question starts as "what does the internet reach"
 * (Network Access Analyzer's first question, and cheap on any estate); clear `from` (x) to ask
 * it of every source.
 */
export function initialReach(init: Partial<Record<ReachField, string>> = {}): ReachState {
  return { query: { from: 'internet', to: '', protocol: '', port: '', ...init }, focus: 'form', line: 0, run: 0, stops: 0, opened: null };
}

/** Opens line `n`'s witness on the trace screen (the App builds it from the answer). */
export interface ReachOpen {
  readonly type: 'reach-open';
  readonly n: number;
  readonly flow: FlowSpec;
}

/** What these hooks read and write of the UI state (state.ts's UiState has it). */
interface Host {
  mode: string;
  field: number;
  focus: 'form' | 'hops';
  hop: number;
  leg: number;
  whatIf: boolean;
  help: boolean;
  editor: { text: string; index: number } | null;
  flow: Record<ReachField, string>;
  reach: ReachState;
}

/** The question the form asks, as `reachQuery` takes it. */
export function reachQueryOf(q: Readonly<Record<ReachField, string>>): ReachQuery {
  const list = (t: string): string[] | undefined => {
    const xs = t.split(/[\s,]+/).filter(Boolean);
    return xs.length > 0 ? xs : undefined;
  };
  const protocol = q.protocol.trim();
  const port = q.port.trim();
  return { from: list(q.from), to: list(q.to), ...(protocol ? { protocol } : {}), ...(port ? { ports: port } : {}) };
}

/** A key that changes when the question (or `R`) does: a new key is a new walk. */
export function reachKey(r: Pick<ReachState, 'query' | 'run'>): string {
  return JSON.stringify([reachQueryOf(r.query), r.run]);
}

/** A witness packet as the trace form's fields. */
export function witnessFields(f: FlowSpec): Record<ReachField, string> {
  return { from: f.from, to: f.to, protocol: String(f.protocol ?? 'tcp'), port: f.port === undefined ? '' : String(f.port) };
}

/**
 * The witness packet to trace while the trace form still shows the opened line's: exact, with
 * its source port and ICMP type and code, which the form has no fields for. Undefined once a
 * field is changed (the form's own flow is traced then).
 */
export function reachFlow(s: { readonly mode: string; readonly flow: Readonly<Record<ReachField, string>>; readonly reach: ReachState }): FlowSpec | undefined {
  const o = s.reach.opened;
  if (!o || s.mode !== 'trace') return undefined;
  const w = witnessFields(o.flow);
  return REACH_FIELDS.every((k) => s.flow[k] === w[k]) ? o.flow : undefined;
}

/** Opens a line's witness on the trace screen, on its hops. */
export function reachOpen(d: Draft<Host>, a: ReachOpen): void {
  d.reach.opened = { n: a.n, flow: a.flow };
  d.reach.line = a.n - 1;
  d.reach.focus = 'lines';
  d.mode = 'trace';
  d.flow = witnessFields(a.flow);
  d.focus = 'hops';
  d.hop = 0;
  d.leg = 0;
  d.whatIf = false;
  d.field = 0;
  d.help = false;
  d.editor = null;
}

/** esc with nothing else to close: from an opened line's trace back to the list; on the reach screen, stop the walk. */
export function reachCancel(d: Draft<Host>): void {
  if (d.mode === 'trace' && d.reach.opened) {
    d.mode = 'reach';
    d.reach.focus = 'lines';
    d.focus = 'form';
    d.field = 0;
    d.hop = 0;
  } else if (d.mode === 'reach') d.reach.stops += 1;
}

/** Applies a picked value on the reach screen; false on another screen. */
export function reachPick(d: Draft<Host>, value: string): boolean {
  if (d.mode !== 'reach') return false;
  const f = REACH_FIELDS[d.field];
  if (f) d.reach.query[f] = value;
  d.editor = null;
  d.reach.line = 0;
  if (d.field < REACH_FIELDS.length - 1) d.field += 1;
  return true;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/**
 * Runs a command on the reach screen; false when it is not shown or the command is not its own
 * (the reducer's handling applies). `lines`: how many lines the answer shown has.
 */
export function reachCommand(d: Draft<Host>, command: CommandId, lines: number): boolean {
  if (d.mode !== 'reach') return false;
  const r = d.reach;
  switch (command) {
    case 'mode-reach':
      d.help = false;
      return true;
    case 'toggle-focus':
      // the lines take the keyboard only when there are some
      r.focus = r.focus === 'lines' || lines === 0 ? 'form' : 'lines';
      return true;
    case 'up':
    case 'down': {
      const delta = command === 'up' ? -1 : 1;
      if (r.focus === 'lines') r.line = clamp(r.line + delta, 0, Math.max(0, lines - 1));
      else d.field = clamp(d.field + delta, 0, REACH_FIELDS.length - 1);
      return true;
    }
    case 'open':
      // on a line the App opens its witness (a `reach-open` action); on the form, enter edits
      if (r.focus === 'lines') return true;
      d.editor = { text: '', index: 0 };
      return true;
    case 'edit':
      r.focus = 'form';
      d.editor = { text: '', index: 0 };
      return true;
    case 'clear-field':
      if (r.focus !== 'form') return true;
      r.query[REACH_FIELDS[d.field]!] = '';
      r.line = 0;
      return true;
    case 'rerun':
      r.run += 1;
      r.line = 0;
      return true;
    default:
      return false;
  }
}
