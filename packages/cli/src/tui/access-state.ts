// The request screen's access views (issue 16). Pressing `2` (or `r`) again on the request
// screen cycles its views: who can do the request's action on its resource (every principal
// class, instead of one principal), then the privilege-escalation paths from the request's
// principal to a target (`admin` or a principal), a list of steps to move through like hops
// (tab, then ↑↓), then back. Hooks called from state.ts keep that reducer's own code as it was.
import type { Draft } from 'immer';
import type { CommandId } from './keymap.js';

/** Which view of the request screen is shown. */
export type AccessView = 'request' | 'who-can' | 'paths';

/** Fields of the paths form, in order: the request's principal, and the target. */
export const PATHS_FIELDS = ['principal', 'to'] as const;
export type PathsField = (typeof PATHS_FIELDS)[number];

/** The access views' state. */
export interface AccessState {
  readonly view: AccessView;
  /** Paths view: the target, `admin` or a principal. */
  readonly to: string;
  /** Paths view: the form or the steps have the keyboard. */
  readonly focus: 'form' | 'steps';
  /** Paths view: the selected step, all paths' steps in order. */
  readonly step: number;
}

/** The access views' initial state. */
export function initialAccess(init: Partial<AccessState> = {}): AccessState {
  return { view: 'request', to: 'admin', focus: 'form', step: 0, ...init };
}

/** What these hooks read of the UI state (state.ts's UiState has it). */
interface Host {
  mode: string;
  field: number;
  editor: { text: string; index: number } | null;
  request: Record<string, string>;
  access: AccessState;
}

/** The selected field in the paths view, or undefined when another view or screen is shown. */
export function accessField(s: { readonly mode: string; readonly field: number; readonly access: AccessState }): PathsField | undefined {
  return s.mode === 'request' && s.access.view === 'paths' ? PATHS_FIELDS[s.field] : undefined;
}

/** Applies a picked value in the paths view; false when the paths view is not shown. */
export function accessPick(d: Draft<Host>, value: string): boolean {
  const f = accessField(d);
  if (f === undefined) return false;
  if (f === 'to') d.access.to = value;
  else d.request.principal = value;
  d.editor = null;
  d.access.step = 0;
  if (d.field < PATHS_FIELDS.length - 1) d.field += 1;
  return true;
}

/**
 * Runs a command that concerns the access views; false when it does not (the screen's own
 * handling applies). `steps`: how many steps the paths view lists.
 */
export function accessCommand(d: Draft<Host>, command: CommandId, steps: number): boolean {
  if (d.mode !== 'request') return false;
  const a = d.access;
  switch (command) {
    case 'mode-request': {
      // on the request screen already: its next view
      const order: readonly AccessView[] = ['request', 'who-can', 'paths'];
      a.view = order[(order.indexOf(a.view) + 1) % order.length]!;
      a.focus = 'form';
      a.step = 0;
      d.field = 0;
      d.editor = null;
      return true;
    }
    case 'toggle-focus':
      if (a.view !== 'paths') return false;
      a.focus = a.focus === 'form' ? 'steps' : 'form';
      return true;
    case 'up':
    case 'down': {
      if (a.view !== 'paths') return false;
      const delta = command === 'up' ? -1 : 1;
      if (a.focus === 'steps') a.step = Math.max(0, Math.min(Math.max(0, steps - 1), a.step + delta));
      else d.field = Math.max(0, Math.min(PATHS_FIELDS.length - 1, d.field + delta));
      return true;
    }
    case 'edit':
      if (a.view !== 'paths') return false;
      a.focus = 'form';
      d.editor = { text: '', index: 0 };
      return true;
    case 'clear-field':
      if (a.view !== 'paths') return false;
      if (PATHS_FIELDS[d.field] === 'to') a.to = '';
      else d.request.principal = '';
      return true;
    default:
      return false;
  }
}
