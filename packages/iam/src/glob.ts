// Wildcard matching for actions, resource ARNs and StringLike/ArnLike values: `*` matches any
// run of characters (including `:` and `/`), `?` exactly one character.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
//   "The asterisk (*) character can expand to replace everything within a segment, including
//   characters like a forward slash (/)" and a `*` ending a segment can match across the colon
//   boundary: we match the ARN as one string, so wildcards span `:` and `/`.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
//   (actions are matched case-insensitively; callers lowercase both sides).
//
// Linear time by construction: the pattern is split at `*` into segments; the first must match
// at the start, the last at the end, and each middle one is found at its leftmost position
// after the previous one (greedy leftmost is exact for `*`-only globs, no backtracking). Cost is
// O(text length x segment length) in the worst case, usually one `indexOf` per segment.
// No RegExp is ever built from a pattern.

/** One `*`-free piece of a pattern; `q` marks the positions of `?` wildcards (null: none). */
export interface Segment {
  readonly text: string;
  readonly q: Uint8Array | null;
}

/** A compiled wildcard pattern. */
export interface Glob {
  /** The pattern as written. */
  readonly source: string;
  /** No `*`: the text must match this single segment exactly (length equal). */
  readonly exact: Segment | null;
  /** With `*`: the segment before the first `*`, those between, and the one after the last. */
  readonly head: Segment;
  readonly middle: readonly Segment[];
  readonly tail: Segment;
  /** The pattern is `*` alone (or only `*`s): matches everything. */
  readonly all: boolean;
}

/** A piece of pattern text: wildcard characters in `literal` pieces are plain characters. */
export interface GlobPiece {
  readonly text: string;
  readonly literal: boolean;
}

const EMPTY: Segment = { text: '', q: null };

function segment(chars: string[], q: boolean[]): Segment {
  const text = chars.join('');
  if (!q.includes(true)) return text === '' ? EMPTY : { text, q: null };
  const mask = new Uint8Array(q.length);
  for (let i = 0; i < q.length; i++) if (q[i]) mask[i] = 1;
  return { text, q: mask };
}

/** Compiles pieces of pattern text (pattern text and literal, e.g. substituted variables) into a Glob. */
export function compileGlobPieces(pieces: readonly GlobPiece[], source?: string): Glob {
  const segs: Segment[] = [];
  let chars: string[] = [];
  let q: boolean[] = [];
  let stars = 0;
  for (const p of pieces) {
    for (const ch of p.text) {
      if (!p.literal && ch === '*') {
        segs.push(segment(chars, q));
        chars = [];
        q = [];
        stars++;
      } else {
        chars.push(ch);
        q.push(!p.literal && ch === '?');
      }
    }
  }
  segs.push(segment(chars, q));
  const src = source ?? pieces.map((p) => p.text).join('');
  if (stars === 0) return { source: src, exact: segs[0]!, head: EMPTY, middle: [], tail: EMPTY, all: false };
  const head = segs[0]!;
  const tail = segs[segs.length - 1]!;
  const middle = segs.slice(1, -1).filter((s) => s.text.length > 0);
  return { source: src, exact: null, head, middle, tail, all: head.text === '' && tail.text === '' && middle.length === 0 };
}

/** Compiles a wildcard pattern (`*` and `?`). */
export function compileGlob(pattern: string): Glob {
  return compileGlobPieces([{ text: pattern, literal: false }], pattern);
}

/** Whether segment `s` matches `text` at position `at` (the caller checked the length fits). */
function matchesAt(s: Segment, text: string, at: number): boolean {
  const q = s.q;
  const t = s.text;
  if (q === null) return text.startsWith(t, at);
  for (let i = 0; i < t.length; i++) {
    if (q[i] === 1) continue;
    if (text.charCodeAt(at + i) !== t.charCodeAt(i)) return false;
  }
  return true;
}

/** The leftmost position >= `from` where segment `s` matches, or -1. */
function find(s: Segment, text: string, from: number, limit: number): number {
  const n = s.text.length;
  if (s.q === null) {
    const i = text.indexOf(s.text, from);
    return i >= 0 && i + n <= limit ? i : -1;
  }
  for (let i = from; i + n <= limit; i++) if (matchesAt(s, text, i)) return i;
  return -1;
}

/** Whether `text` matches the compiled pattern (case-sensitive: lowercase both sides for actions). */
export function globMatch(g: Glob, text: string): boolean {
  if (g.exact !== null) return text.length === g.exact.text.length && matchesAt(g.exact, text, 0);
  if (g.all) return true;
  const head = g.head;
  const tail = g.tail;
  const hl = head.text.length;
  const tl = tail.text.length;
  if (text.length < hl + tl) return false;
  if (hl > 0 && !matchesAt(head, text, 0)) return false;
  const end = text.length - tl;
  if (tl > 0 && !matchesAt(tail, text, end)) return false;
  let pos = hl;
  const middle = g.middle;
  for (let k = 0; k < middle.length; k++) {
    const s = middle[k]!;
    const i = find(s, text, pos, end);
    if (i < 0) return false;
    pos = i + s.text.length;
  }
  return true;
}

/** Whether a pattern contains a wildcard. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}
