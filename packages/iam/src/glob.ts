// Wildcard matching for actions, StringLike values and the segments of ArnLike values: `*`
// matches any run of characters, `?` exactly one character (globMatch). Resource/NotResource
// patterns keep wildcards within an ARN segment unless a `*` ends the segment (resourceMatch,
// below; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
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

// ---------------------------------------------------------------------------------------------
// Resource and NotResource patterns: wildcards stay within an ARN segment.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
//   "You can use wildcard characters (* and ?) within the individual segments of an ARN (the
//   parts separated by colons)... If the * wildcard is the last character of a resource ARN
//   segment, it can expand to match beyond the colon boundaries."
// So a `*` followed by `:` or ending the pattern matches any run (colons included); any other
// `*` matches a run without colons, and `?` one character other than a colon (as the reference,
// src/reference.ts resourceMatch, reads it). `arn:aws:sqs:*` covers every SQS ARN, while the `*`
// of `us-*1` stays within its segment.
//
// Matching without backtracking (the same bound as globMatch): colons in the matched text can only come
// from colons of the pattern or from segment-ending `*`s. Split the pattern at its colons into
// parts, each a colon-free glob; split the text at its colons into segments. Each part matches
// one whole segment with the plain glob (a segment-ending `*` then matches the rest of it), and
// a part ending with `*` may be followed by any number of further whole segments. At the segment
// level this is a glob whose "characters" are segment tests and whose `*`s follow the spanning
// parts: the first block is anchored at the start, the last at the end, and each middle block
// is placed at its leftmost fit (exact for fixed-length blocks, as in globMatch). Cost: at most
// (text segments x block length) segment tests, each a plain globMatch; patterns without `?`
// and with every `*` ending its segment (most ARNs: `arn:aws:s3:::b/*`, `arn:aws:sqs:*:*:q`)
// take the plain globMatch path directly, since both readings agree on them.
// ---------------------------------------------------------------------------------------------

/** One colon-free part of a resource pattern; `spans`: it ends with a `*` that may cross colons. */
interface ResourcePart {
  readonly glob: Glob;
  readonly spans: boolean;
}

/** A compiled Resource/NotResource pattern. */
export interface ResourceGlob {
  readonly source: string;
  /** Set when no wildcard is confined to its segment (no `?`, every `*` ends one): plain glob semantics are the same. */
  readonly plain: Glob | null;
  /** The colon-separated parts (used when `plain` is null). */
  readonly parts: readonly ResourcePart[];
}

/** Whether a pattern holds a wildcard confined to its segment: a `?`, or a `*` not followed by `:` nor ending it. */
function confinedWildcard(pieces: readonly GlobPiece[]): boolean {
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k]!;
    if (p.literal) continue;
    const t = p.text;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 63 /* ? */) return true;
      if (c !== 42 /* * */) continue;
      // the next character, possibly in a following piece
      let next = i + 1 < t.length ? t[i + 1] : undefined;
      for (let j = k + 1; next === undefined && j < pieces.length; j++) next = pieces[j]!.text[0];
      if (next !== undefined && next !== ':') return true;
    }
  }
  return false;
}

/** Compiles pieces of a Resource pattern (substituted variable text is literal). */
export function compileResourcePieces(pieces: readonly GlobPiece[], source?: string): ResourceGlob {
  const src = source ?? pieces.map((p) => p.text).join('');
  if (!confinedWildcard(pieces)) return { source: src, plain: compileGlobPieces(pieces, src), parts: [] };
  const parts: ResourcePart[] = [];
  let current: GlobPiece[] = [];
  const closePart = (): void => {
    const last = current.length > 0 ? current[current.length - 1]! : undefined;
    const spans = last !== undefined && !last.literal && last.text === '*';
    parts.push({ glob: compileGlobPieces(current), spans });
    current = [];
  };
  for (const p of pieces)
    for (const ch of p.text) {
      if (ch === ':') closePart();
      else current.push({ text: ch, literal: p.literal });
    }
  closePart();
  return { source: src, plain: null, parts };
}

/** Compiles a Resource pattern as written (`*` and `?` are wildcards). */
export function compileResourceGlob(pattern: string): ResourceGlob {
  return compileResourcePieces([{ text: pattern, literal: false }], pattern);
}

/** Whether parts [from, from + n) match segments [at, at + n). */
function blockAt(parts: readonly ResourcePart[], from: number, n: number, segs: readonly string[], at: number): boolean {
  for (let k = 0; k < n; k++) if (!globMatch(parts[from + k]!.glob, segs[at + k]!)) return false;
  return true;
}

/** Whether a resource ARN (or `*`) matches a compiled Resource pattern. */
export function resourceMatch(g: ResourceGlob, text: string): boolean {
  if (g.plain !== null) return globMatch(g.plain, text);
  const parts = g.parts;
  const segs = text.split(':');
  const m = segs.length;
  // blocks: runs of parts ending with a spanning part (the last block may not span)
  let i = 0;
  while (i < parts.length && !parts[i]!.spans) i++;
  if (i === parts.length) return parts.length === m && blockAt(parts, 0, m, segs, 0);
  // head block: parts [0, i], anchored at segment 0
  const headLen = i + 1;
  if (headLen > m || !blockAt(parts, 0, headLen, segs, 0)) return false;
  // tail block: the parts after the last spanning part, anchored at the end
  let last = parts.length - 1;
  while (!parts[last]!.spans) last--;
  const tailLen = parts.length - 1 - last;
  const tailAt = m - tailLen;
  if (tailAt < headLen || (tailLen > 0 && !blockAt(parts, last + 1, tailLen, segs, tailAt))) return false;
  // middle blocks, each at its leftmost fit between the head and the tail
  let pos = headLen;
  let start = headLen;
  while (start <= last) {
    let end = start;
    while (!parts[end]!.spans) end++;
    const len = end - start + 1;
    let at = pos;
    while (at + len <= tailAt && !blockAt(parts, start, len, segs, at)) at++;
    if (at + len > tailAt) return false;
    pos = at + len;
    start = end + 1;
  }
  return true;
}
