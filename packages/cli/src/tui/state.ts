// The UI's state and its one reducer (immer). Engine results are derived from this state
// in App.tsx; the reducer itself is pure and knows nothing of React.
import { produce, type Draft as ImmerDraft } from 'immer';
import { printable, type CommandId } from './keymap.js';
import { accessCommand, accessField, accessPick, initialAccess, type AccessState, type PathsField } from './access-state.js';
import { initialReach, REACH_FIELDS, reachCancel, reachCommand, reachOpen, reachPick, type ReachField, type ReachOpen, type ReachState } from './reach-state.js';

/** The screens. */
export type Mode = 'trace' | 'request' | 'checks' | 'reach';
export const MODES: readonly Mode[] = ['trace', 'request', 'checks', 'reach'];

/** Fields of the trace form, in order. */
export const TRACE_FIELDS = ['from', 'to', 'protocol', 'port'] as const;
export type TraceField = (typeof TRACE_FIELDS)[number];
/** Fields of the request form, in order. */
export const REQUEST_FIELDS = ['principal', 'action', 'resource', 'from'] as const;
export type RequestField = (typeof REQUEST_FIELDS)[number];

/** An open field editor: the text typed and the highlighted candidate. */
export interface Editor {
  readonly text: string;
  readonly index: number;
}

export interface UiState {
  readonly mode: Mode;
  readonly help: boolean;
  /** Trace screen: the form or the hop list has the keyboard. */
  readonly focus: 'form' | 'hops';
  readonly flow: Readonly<Record<TraceField, string>>;
  readonly request: Readonly<Record<RequestField, string>>;
  /** Selected field of the current form. */
  readonly field: number;
  readonly editor: Editor | null;
  /** Selected hop: forward hops first, then return hops. */
  readonly hop: number;
  /** A trace to a load balancer: the leg shown (0: the client's; then each target's, legs.ts). */
  readonly leg: number;
  readonly check: number;
  /** Bumped to re-run the checks. */
  readonly checksRun: number;
  /** Trace screen: show the trace after applying the blockers' fixes to a copy of the scenario. */
  readonly whatIf: boolean;
  /** Bumped to ask for the what-if scenario to be saved (`w`). */
  readonly saveRequests: number;
  /** One line to show until the next key: what a command did (a file saved, nothing to open). */
  readonly notice: string | null;
  readonly quit: boolean;
  /** Request screen: the who-can and paths views (access-state.ts). */
  readonly access: AccessState;
  /** Quit by ctrl-c: the exit status is 130, as for an interrupted command. */
  readonly interrupted: boolean;
  /** The reach screen (reach-state.ts). */
  readonly reach: ReachState;
}

/** The initial state; `flow`/`request` may be pre-filled. */
export function initialState(init: { flow?: Partial<Record<TraceField, string>>; request?: Partial<Record<RequestField, string>>; mode?: Mode; reach?: Partial<Record<ReachField, string>> } = {}): UiState {
  return {
    mode: init.mode ?? 'trace',
    help: false,
    focus: 'form',
    flow: { from: '', to: '', protocol: 'tcp', port: '443', ...init.flow },
    request: { principal: '', action: '', resource: '', from: '', ...init.request },
    field: 0,
    editor: null,
    hop: 0,
    leg: 0,
    check: 0,
    checksRun: 0,
    whatIf: false,
    saveRequests: 0,
    notice: null,
    quit: false,
    access: initialAccess(),
    interrupted: false,
    reach: initialReach(init.reach),
  };
}

/** Everything that changes the state. `counts` tells list-moving actions how long lists are. */
export type Action =
  | { readonly type: 'command'; readonly command: CommandId; readonly counts: Counts }
  | { readonly type: 'type'; readonly text: string }
  | { readonly type: 'backspace' }
  | { readonly type: 'editor-move'; readonly delta: number; readonly size: number }
  | { readonly type: 'pick'; readonly value: string }
  | { readonly type: 'cancel' }
  | { readonly type: 'set-flow'; readonly flow: Partial<Record<TraceField, string>> }
  /** Opens a check's case: its flow on the trace screen or its request on the request screen. */
  | { readonly type: 'open'; readonly flow?: Partial<Record<TraceField, string>> | undefined; readonly request?: Partial<Record<RequestField, string>> | undefined }
  | { readonly type: 'notice'; readonly text: string | null }
  | ReachOpen;

/** Sizes of the lists the cursor moves in. */
export interface Counts {
  readonly hops: number;
  readonly checks: number;
  /** Steps of the paths view (access-state.ts). */
  readonly steps?: number | undefined;
  /** Legs of the trace shown (a load balancer's: the client's and one per target). */
  readonly legs?: number | undefined;
  /** Lines of the reach screen's answer. */
  readonly lines?: number | undefined;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** The selected field's name in the current mode (the checks screen has none). */
export function currentField(s: UiState): TraceField | RequestField | PathsField | ReachField | undefined {
  const access = accessField(s);
  if (access !== undefined) return access;
  if (s.mode === 'reach') return REACH_FIELDS[s.field];
  if (s.mode === 'trace') return TRACE_FIELDS[s.field];
  if (s.mode === 'request') return REQUEST_FIELDS[s.field];
  return undefined;
}

/** The one reducer. */
export const reducer = (state: UiState, action: Action): UiState =>
  produce(state, (d) => {
    // a notice lasts until the next key
    if (action.type !== 'notice' && d.notice !== null) d.notice = null;
    switch (action.type) {
      case 'notice':
        d.notice = action.text;
        return;
      case 'reach-open':
        reachOpen(d, action);
        return;
      case 'open':
        // a check's case is not a reach line: esc on its trace stays there
        d.reach.opened = null;
        if (action.flow) {
          d.mode = 'trace';
          d.flow = { from: '', to: '', protocol: 'tcp', port: '', ...action.flow };
          d.whatIf = false;
        } else if (action.request) {
          d.mode = 'request';
          d.request = { principal: '', action: '', resource: '', from: '', ...action.request };
        } else return;
        d.focus = 'hops';
        d.hop = 0;
        d.field = 0;
        d.help = false;
        return;
      case 'type': {
        // the filter never holds control characters, whatever arrives
        const text = printable(action.text);
        if (d.editor && text) d.editor = { text: d.editor.text + text, index: 0 };
        return;
      }
      case 'backspace':
        if (d.editor) d.editor = { text: d.editor.text.slice(0, -1), index: 0 };
        return;
      case 'editor-move':
        if (d.editor && action.size > 0) d.editor.index = (d.editor.index + action.delta + action.size) % action.size;
        return;
      case 'cancel':
        if (d.editor) d.editor = null;
        else if (d.help) d.help = false;
        else reachCancel(d);
        return;
      case 'pick': {
        if (accessPick(d, action.value) || reachPick(d, action.value)) return;
        const f = currentField(d);
        if (d.mode === 'trace' && f) {
          d.flow[f as TraceField] = action.value;
          d.whatIf = false;
          d.leg = 0;
        }
        if (d.mode === 'request' && f) d.request[f as RequestField] = action.value;
        d.editor = null;
        d.hop = 0;
        // move on to the next empty field, as a form does
        const fields: readonly string[] = d.mode === 'trace' ? TRACE_FIELDS : REQUEST_FIELDS;
        if (d.field < fields.length - 1) d.field += 1;
        return;
      }
      case 'set-flow':
        Object.assign(d.flow, action.flow);
        d.hop = 0;
        d.leg = 0;
        return;
      case 'command':
        runCommand(d, action.command, action.counts);
        return;
    }
  });

type Draft = ImmerDraft<UiState>;

function runCommand(d: Draft, command: CommandId, counts: Counts): void {
  if (accessCommand(d, command, counts.steps ?? 0) || reachCommand(d, command, counts.lines ?? 0)) return;
  const fields = d.mode === 'trace' ? TRACE_FIELDS.length : d.mode === 'request' ? REQUEST_FIELDS.length : 0;
  switch (command) {
    case 'quit':
      d.quit = true;
      return;
    case 'interrupt':
      d.quit = true;
      d.interrupted = true;
      return;
    case 'help':
      d.help = !d.help;
      return;
    case 'mode-trace':
    case 'mode-request':
    case 'mode-checks':
    case 'mode-reach': {
      const m = command.slice(5) as Mode;
      if (m !== d.mode) {
        d.field = 0;
        d.focus = 'form';
        d.hop = 0;
      }
      d.mode = m;
      d.help = false;
      return;
    }
    case 'next-mode':
    case 'prev-mode': {
      const i = MODES.indexOf(d.mode) + (command === 'next-mode' ? 1 : -1);
      d.mode = MODES[(i + MODES.length) % MODES.length]!;
      d.field = 0;
      d.focus = 'form';
      d.hop = 0;
      return;
    }
    case 'toggle-focus':
      if (d.mode === 'trace') {
        // a trace to a load balancer: from its client's leg on to each target's leg, then the form
        if (d.focus === 'hops' && d.leg + 1 < (counts.legs ?? 1)) {
          d.leg += 1;
          d.hop = 0;
          return;
        }
        d.focus = d.focus === 'form' ? 'hops' : 'form';
        if (d.leg !== 0) {
          d.leg = 0;
          d.hop = 0;
        }
        return;
      }
      // the request screen has hops only for a request sent from an instance
      if (d.mode === 'request' && (d.focus === 'hops' || counts.hops > 0)) d.focus = d.focus === 'form' ? 'hops' : 'form';
      return;
    case 'up':
    case 'down': {
      const delta = command === 'up' ? -1 : 1;
      if (d.mode === 'checks') d.check = clamp(d.check + delta, 0, Math.max(0, counts.checks - 1));
      else if (d.focus === 'hops') d.hop = clamp(d.hop + delta, 0, Math.max(0, counts.hops - 1));
      else d.field = clamp(d.field + delta, 0, fields - 1);
      return;
    }
    case 'edit': {
      if (d.mode === 'checks') return;
      if (d.focus === 'hops') d.focus = 'form';
      d.editor = { text: '', index: 0 };
      return;
    }
    case 'clear-field': {
      if (d.mode === 'trace' && d.focus === 'form') d.flow[TRACE_FIELDS[d.field]!] = '';
      if (d.mode === 'request') d.request[REQUEST_FIELDS[d.field]!] = '';
      return;
    }
    case 'swap':
      if (d.mode === 'trace') {
        const { from, to } = d.flow;
        d.flow.from = to;
        d.flow.to = from;
        d.hop = 0;
        d.leg = 0;
      }
      return;
    case 'what-if':
      if (d.mode === 'trace') {
        d.whatIf = !d.whatIf;
        d.hop = 0;
        d.leg = 0;
      }
      return;

    case 'rerun':
      if (d.mode === 'checks') d.checksRun += 1;
      return;
    case 'save-what-if':
      if (d.mode === 'trace') {
        if (d.whatIf) d.saveRequests += 1;
        else d.notice = 'press f first: w saves the scenario with the what-if fixes applied';
      }
      return;
    case 'open':
      // the App turns this into an `open` action with the selected check's flow or request
      return;
  }
}
