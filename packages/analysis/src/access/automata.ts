// Wildcard patterns as regular languages, and the cells they cut a space into.
//
// IAM's Action and Resource patterns are regular: an action pattern is a glob over lowercase
// text (`*` any run, `?` one character); a Resource pattern keeps a `*` within its ARN segment
// unless the `*` ends the segment, and `?` is one character other than a colon (the IAM
// engine's reading, packages/iam/src/glob.ts;
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
// `cells` runs every pattern's automaton at once (a subset construction over the product,
// breadth first) and records, for every combination of patterns some string matches exactly,
// the shortest such string: one witness per cell. Requests whose actions (or resources) fall
// in one cell are matched by the same patterns, so the engine treats them alike as far as
// Action/Resource go: judging one witness per cell covers every action and resource, not only
// the names the policies spell out. The search is bounded (`maxStates`); a result cut short
// says so (`complete: false`).
//
// Why automata and not an SMT solver: see packages/analysis/README.md ("Comparing access").

/** How a pattern reads its wildcards. */
export type PatternMode = 'action' | 'resource';

const LIT = 0;
const ANY = 1; // `?` (action): any character
const ANY_SEG = 2; // `?` (resource): any character but a colon
const STAR = 3; // `*` that may span colons
const STAR_SEG = 4; // `*` confined to its segment
const WORD = 5; // shapes only: one of [a-z0-9-]
const WORD_STAR = 6; // shapes only: a run of [a-z0-9-]

/** A compiled pattern: token kinds and literal characters. */
export interface Pattern {
  readonly source: string;
  readonly mode: PatternMode;
  readonly kinds: Uint8Array;
  readonly chars: string;
}

/** Compiles a pattern (actions lowercased: they match case-insensitively). */
export function compilePattern(source: string, mode: PatternMode): Pattern {
  const text = mode === 'action' ? source.toLowerCase() : source;
  const kinds: number[] = [];
  let chars = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '*') {
      const next = text[i + 1];
      kinds.push(mode === 'action' || next === undefined || next === ':' ? STAR : STAR_SEG);
      chars += '*';
    } else if (c === '?') {
      kinds.push(mode === 'action' ? ANY : ANY_SEG);
      chars += '?';
    } else {
      kinds.push(LIT);
      chars += c;
    }
  }
  return { source, mode, kinds: Uint8Array.from(kinds), chars };
}

/** Position sets of one pattern, as sorted arrays. */
type Positions = readonly number[];

function closure(p: Pattern, set: Set<number>): void {
  // a `*` may match nothing: its position also stands at the next one
  const stack = [...set];
  while (stack.length > 0) {
    const i = stack.pop()!;
    const k = p.kinds[i];
    if ((k === STAR || k === STAR_SEG || k === WORD_STAR) && !set.has(i + 1)) {
      set.add(i + 1);
      stack.push(i + 1);
    }
  }
}

function start(p: Pattern): Positions {
  const s = new Set([0]);
  closure(p, s);
  return [...s].sort((a, b) => a - b);
}

function step(p: Pattern, from: Positions, ch: string): Positions {
  const out = new Set<number>();
  for (const i of from) {
    const k = p.kinds[i];
    if (k === undefined) continue; // past the end: no move
    if (k === LIT) {
      if (p.chars[i] === ch) out.add(i + 1);
    } else if (k === ANY) out.add(i + 1);
    else if (k === ANY_SEG) {
      if (ch !== ':') out.add(i + 1);
    } else if (k === STAR) out.add(i);
    else if (k === STAR_SEG) {
      if (ch !== ':') out.add(i);
    } else if (k === WORD) {
      if (isWord(ch)) out.add(i + 1);
    } else if (isWord(ch)) out.add(i); // WORD_STAR
  }
  if (out.size === 0) return [];
  closure(p, out);
  return [...out].sort((a, b) => a - b);
}

const isWord = (ch: string): boolean => (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch === '-';

const accepts = (p: Pattern, s: Positions): boolean => s.includes(p.kinds.length);

/** Whether a string is in a pattern's language (the automaton's own reading; tested against the IAM engine). */
export function patternMatches(p: Pattern, text: string): boolean {
  let s = start(p);
  const t = p.mode === 'action' ? text.toLowerCase() : text;
  for (const ch of t) {
    s = step(p, s, ch);
    if (s.length === 0) return false;
  }
  return accepts(p, s);
}

/** Which patterns a string matches, as a signature (one character per pattern, `1` or `0`). */
export function signatureOf(patterns: readonly Pattern[], text: string): string {
  return patterns.map((p) => (patternMatches(p, text) ? '1' : '0')).join('');
}

/** One cell: the patterns its strings match (`1`/`0` per pattern) and the shortest string in it. */
export interface Cell {
  readonly signature: string;
  readonly witness: string;
}

/** The cells of a set of patterns. */
export interface Cells {
  readonly cells: readonly Cell[];
  /** False when the search stopped at `maxStates`: some cells may be missing. */
  readonly complete: boolean;
  readonly states: number;
}

/**
 * Every non-empty cell the patterns cut the strings of `shape` into (strings `shape` accepts:
 * a well-formed action, an ARN), each with its shortest witness. The alphabet is the
 * patterns' own characters, the colon and one character none of them uses (it stands for
 * every other character: they are all treated alike).
 */
export function cells(patterns: readonly Pattern[], shape: Pattern, maxStates = 20_000): Cells {
  const all = [shape, ...patterns];
  const used = new Set<string>();
  for (const p of all) for (let i = 0; i < p.chars.length; i++) if (p.kinds[i] === LIT) used.add(p.chars[i]!);
  const other = [...'xqzjkvw0123456789-abcdefghilmnoprstuy'].find((c) => !used.has(c)) ?? '~';
  const alphabet = [...new Set([...used, ':', other])].sort((a, b) => (a === other ? -1 : b === other ? 1 : a.localeCompare(b)));
  type State = Positions[];
  const keyOf = (s: State): string => s.map((x) => x.join(',')).join('|');
  const init: State = all.map(start);
  const seen = new Map<string, string>([[keyOf(init), '']]);
  const queue: [State, string][] = [[init, '']];
  const found = new Map<string, string>();
  let complete = true;
  for (let h = 0; h < queue.length; h++) {
    const [state, text] = queue[h]!;
    if (accepts(shape, state[0]!)) {
      const sig = patterns.map((p, i) => (accepts(p, state[i + 1]!) ? '1' : '0')).join('');
      if (!found.has(sig)) found.set(sig, text);
    }
    for (const ch of alphabet) {
      const next = all.map((p, i) => step(p, state[i]!, ch));
      if (next[0]!.length === 0) continue; // outside the shape: no cell below
      const k = keyOf(next);
      if (seen.has(k)) continue;
      if (seen.size >= maxStates) {
        complete = false;
        break;
      }
      seen.set(k, text + ch);
      queue.push([next, text + ch]);
    }
  }
  return { cells: [...found].map(([signature, witness]) => ({ signature, witness })), complete, states: seen.size };
}

/** A shape: a pattern written as token kinds (`w` one word character, `W` a run of them, `s` a run without colons, `S` a run of anything, other characters literal). */
function shape(spec: string, mode: PatternMode): Pattern {
  const kinds: number[] = [];
  let chars = '';
  for (const c of spec) {
    kinds.push(c === 'w' ? WORD : c === 'W' ? WORD_STAR : c === 's' ? STAR_SEG : c === 'S' ? STAR : LIT);
    chars += c;
  }
  return { source: spec, mode, kinds: Uint8Array.from(kinds), chars };
}

/** Well-formed actions, as the engine takes them: `service:Action`, word characters (lowercase) on each side of one colon. */
export const ACTION_SHAPE: Pattern = shape('wW:wW', 'action');
/** ARNs: `arn:`, a partition, a service, a region and an account (no colons), then a resource (colons allowed). */
export const ARN_SHAPE: Pattern = shape('arn:wW:wW:s:s:wS', 'resource');
