// Key bindings as data: command ids, the keys that trigger them, where, and the help text.
// The `?` overlay (HelpOverlay.tsx) is generated from this same table.

/** What a key can do. */
export type CommandId =
  | 'quit'
  | 'help'
  | 'mode-trace'
  | 'mode-request'
  | 'mode-checks'
  | 'mode-reach'
  | 'next-mode'
  | 'prev-mode'
  | 'toggle-focus'
  | 'up'
  | 'down'
  | 'edit'
  | 'clear-field'
  | 'what-if'
  | 'swap'
  | 'rerun'
  | 'open'
  | 'save-what-if'
  | 'interrupt';

/** A screen. */
export type Screen = 'trace' | 'request' | 'checks' | 'reach';
/** Where a binding applies. `global` applies everywhere except while editing a field. */
export type Scope = 'global' | Screen;

/** One binding. */
export interface Binding {
  readonly command: CommandId;
  /** Normalized key names (see `keyName`). */
  readonly keys: readonly string[];
  /** Where it applies: everywhere, one screen, or several screens (help lists it once, under all of them). */
  readonly scope: Scope | readonly Screen[];
  /** How the keys are written in help. */
  readonly label: string;
  readonly help: string;
}

/** Every binding, in help order. */
export const KEYMAP: readonly Binding[] = [
  { command: 'mode-trace', keys: ['1', 't'], scope: 'global', label: '1 / t', help: 'trace screen: pick source, destination, protocol, port' },
  { command: 'mode-request', keys: ['2', 'r'], scope: 'global', label: '2 / r', help: 'request screen; again: who can, then escalation paths' },
  { command: 'mode-checks', keys: ['3', 'c'], scope: 'global', label: '3 / c', help: "checks screen: the scenario's expectations and properties" },
  // esc arrives as `cancel` (it closes an editor or the help first); reach-state.ts handles the rest
  { command: 'mode-reach', keys: ['4', 'a'], scope: 'global', label: '4 / a', help: 'reach screen: what reaches what (esc on its trace: back)' },
  { command: 'next-mode', keys: ['right'], scope: 'global', label: '→', help: 'next screen' },
  { command: 'prev-mode', keys: ['left'], scope: 'global', label: '←', help: 'previous screen' },
  { command: 'toggle-focus', keys: ['tab', 'shift-tab'], scope: 'global', label: 'tab', help: "move focus: form, hops, steps or lines, each target's leg" },
  { command: 'up', keys: ['up', 'k'], scope: 'global', label: '↑ / k', help: 'up a field, hop or line' },
  { command: 'down', keys: ['down', 'j'], scope: 'global', label: '↓ / j', help: 'down a field, hop or line' },
  { command: 'edit', keys: ['enter', 'e'], scope: 'global', label: 'enter / e', help: 'edit the selected field: pick from a list you filter by typing' },
  { command: 'clear-field', keys: ['x', 'backspace'], scope: 'global', label: 'x', help: 'clear the selected field' },
  { command: 'swap', keys: ['s'], scope: 'trace', label: 's', help: 'swap source and destination' },
  { command: 'what-if', keys: ['f'], scope: 'trace', label: 'f', help: "what if: trace with the blockers' fixes on a copy (f: back)" },
  { command: 'save-what-if', keys: ['w'], scope: 'trace', label: 'w', help: 'in what-if: save the fixed scenario as YAML beside it' },
  { command: 'open', keys: ['enter', 'o'], scope: ['checks', 'reach'], label: 'enter / o', help: 'open the selected check or line: its trace or request' },
  { command: 'rerun', keys: ['R'], scope: ['checks', 'reach'], label: 'R', help: 're-run the checks or the reach question' },
  { command: 'help', keys: ['?'], scope: 'global', label: '?', help: 'show or hide this help' },
  { command: 'quit', keys: ['q'], scope: 'global', label: 'q', help: 'quit' },
  { command: 'interrupt', keys: ['ctrl-c'], scope: 'global', label: 'ctrl-c', help: 'quit (exit status 130)' },
];

/** The subset of ink's Key we read. */
export interface KeyLike {
  readonly upArrow?: boolean;
  readonly downArrow?: boolean;
  readonly leftArrow?: boolean;
  readonly rightArrow?: boolean;
  readonly return?: boolean;
  readonly escape?: boolean;
  readonly tab?: boolean;
  readonly shift?: boolean;
  readonly backspace?: boolean;
  readonly delete?: boolean;
  readonly ctrl?: boolean;
  readonly meta?: boolean;
}

/** A key event as one name: `up`, `enter`, `shift-tab`, `ctrl-c`, or the typed character. */
export function keyName(input: string, key: KeyLike): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.tab) return key.shift ? 'shift-tab' : 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl && input) return `ctrl-${input}`;
  return input;
}

/** Whether a binding applies on a screen (global ones excepted). */
export const onScreen = (b: Binding, screen: Screen): boolean => (typeof b.scope === 'string' ? b.scope === screen : b.scope.includes(screen));

/** The command a key triggers on a screen (screen bindings win over global ones), if any. */
export function commandFor(name: string, mode: Screen): Binding | undefined {
  return KEYMAP.find((b) => onScreen(b, mode) && b.keys.includes(name)) ?? KEYMAP.find((b) => b.scope === 'global' && b.keys.includes(name));
}

/** One key of a chunk of input: what ink's `useInput` would have passed for it alone. */
export interface KeyEvent {
  readonly input: string;
  readonly key: KeyLike;
}

/**
 * Splits what arrives in one read (fast typing, a paste, `tmux send-keys -l 'jj'`) into single
 * keys, in order: ink's `useInput` delivers such a chunk as one `input` string. Printable
 * characters come one by one, `\r`/`\n` as return, `\t` as tab, DEL/BS as backspace, other
 * control characters as ctrl-letter; escape sequences (which ink already delivers alone, as
 * flags on `key`) stay whole.
 */
export function splitKeys(input: string, key: KeyLike): KeyEvent[] {
  const chars = [...input];
  const flagged = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.return || key.escape || key.tab || key.backspace || key.delete;
  if (chars.length <= 1 || flagged || key.meta) return [{ input, key }];
  return chars.map(charKey);
}

/** The key event of one character typed alone. */
function charKey(c: string): KeyEvent {
  if (c === '\r' || c === '\n') return { input: '', key: { return: true } };
  if (c === '\t') return { input: '', key: { tab: true } };
  if (c === '\u007f' || c === '\b') return { input: '', key: { backspace: true } };
  if (c === '\u001b') return { input: '', key: { escape: true } };
  const code = c.codePointAt(0)!;
  if (code < 0x20) return { input: String.fromCharCode(code + 0x60), key: { ctrl: true } };
  if (code >= 0x7f && code < 0xa0) return { input: '', key: {} };
  return { input: c, key: /[A-Z]/.test(c) ? { shift: true } : {} };
}

/** `text` without control characters (C0, DEL, C1): what a filter may contain. */
export const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
