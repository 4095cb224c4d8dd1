// Wildcard matching for actions, StringLike values and the segments of ArnLike values: `*`
// matches any run of characters, `?` exactly one character (globMatch). Resource/NotResource
// patterns keep wildcards within an ARN segment unless a `*` ends the segment (resourceMatch,
// below; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
//   (actions are matched case-insensitively; callers lowercase both sides).
//
// Linear in the text by construction: the pattern is split at `*` into segments; the first must
// match at the start, the last at the end, and each middle one is found at its leftmost position
// after the previous one (greedy leftmost is exact for globs, no backtracking), so the text is
// scanned once, left to right. A middle segment without `?` is found with `indexOf`. One with
// `?` drops its leading and trailing `?`s (they only ask for that many characters: `*???x*`
// is `x` at least three characters in) and finds the rest with a bit-parallel scan (Shift-And,
// agrep's algorithm), one step per text character and 32 pattern characters: text length x
// ceil(segment length / 32) in all, where a scan trying each start in turn costs text length x
// segment length (a 23-second `*?…?x*` against a long resource). `matchSteps()` counts the
// steps, so tests assert the bound without a clock. No RegExp is ever built from a pattern.

/** One `*`-free piece of a pattern; `q` marks the positions of `?` wildcards (null: none). */
export interface Segment {
  readonly text: string;
  readonly q: Uint8Array | null;
  /** How a middle segment is searched for (built once, when the pattern is compiled). */
  readonly search?: Search | undefined;
}

/**
 * A middle segment as searched: `lead` and `trail` `?`s around a core that starts and ends with
 * a literal character; the core is found with `indexOf` (no `?`) or Shift-And (with `?`).
 */
interface Search {
  readonly lead: number;
  readonly trail: number;
  readonly core: string;
  readonly bits: ShiftAnd | null;
}

/** Shift-And masks: for each character, the core positions it may stand at (`?` positions: any). */
interface ShiftAnd {
  readonly words: number;
  readonly byChar: ReadonlyMap<number, Uint32Array>;
  readonly any: Uint32Array;
  /** The word and bit of the core's last position: set when a match ends. */
  readonly lastWord: number;
  readonly lastBit: number;
}

let steps = 0;

/**
 * Work done by the matchers since the process started (characters scanned, words of a
 * bit-parallel step, segment tests): tests compare it before and after a match to assert a
 * linear bound without timing anything.
 */
export function matchSteps(): number {
  return steps;
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
  if (!q.includes(true)) return text === '' ? EMPTY : { text, q: null, search: { lead: 0, trail: 0, core: text, bits: null } };
  const mask = new Uint8Array(q.length);
  for (let i = 0; i < q.length; i++) if (q[i]) mask[i] = 1;
  return { text, q: mask, search: searchOf(chars, q) };
}

/** How to search for a segment with `?`s: its leading and trailing `?`s counted, its core compiled. */
function searchOf(chars: readonly string[], q: readonly boolean[]): Search {
  let lead = 0;
  while (lead < q.length && q[lead]) lead++;
  let end = q.length;
  while (end > lead && q[end - 1]) end--;
  const core = chars.slice(lead, end);
  const coreQ = q.slice(lead, end);
  const trail = q.length - end;
  if (!coreQ.includes(true)) return { lead, trail, core: core.join(''), bits: null };
  const words = Math.ceil(core.length / 32);
  const any = new Uint32Array(words);
  for (let i = 0; i < core.length; i++) if (coreQ[i]) any[i >>> 5]! |= 1 << (i & 31);
  const byChar = new Map<number, Uint32Array>();
  for (let i = 0; i < core.length; i++) {
    if (coreQ[i]) continue;
    const c = core[i]!.charCodeAt(0);
    let m = byChar.get(c);
    if (!m) byChar.set(c, (m = Uint32Array.from(any)));
    m[i >>> 5]! |= 1 << (i & 31);
  }
  const last = core.length - 1;
  return { lead, trail, core: core.join(''), bits: { words, byChar, any, lastWord: last >>> 5, lastBit: 1 << (last & 31) } };
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
  steps += t.length;
  if (q === null) return text.startsWith(t, at);
  for (let i = 0; i < t.length; i++) {
    if (q[i] === 1) continue;
    if (text.charCodeAt(at + i) !== t.charCodeAt(i)) return false;
  }
  return true;
}

/** The leftmost position >= `from` where a middle segment matches, ending at or before `limit`, or -1. */
function find(s: Segment, text: string, from: number, limit: number): number {
  const n = s.text.length;
  const x = s.search!;
  const start = from + x.lead;
  const end = limit - x.trail;
  if (x.core === '') return from + n <= limit ? from : -1;
  if (x.bits === null) {
    const i = text.indexOf(x.core, start);
    // indexOf scans once from `start` (V8: Boyer-Moore-Horspool, linear for a first match)
    steps += (i < 0 ? text.length - start : i - start) + x.core.length;
    return i >= 0 && i + x.core.length <= end ? i - x.lead : -1;
  }
  const i = shiftAnd(x.bits, x.core.length, text, start, end);
  return i < 0 ? -1 : i - x.lead;
}

/**
 * The leftmost start >= `from` of the core in `text`, ending at or before `limit`, or -1: the
 * text is read once, each character updating a bit vector of the core positions matched so far.
 */
function shiftAnd(b: ShiftAnd, len: number, text: string, from: number, limit: number): number {
  const words = b.words;
  const d = new Uint32Array(words);
  for (let j = from; j < limit; j++) {
    steps += words;
    const mask = b.byChar.get(text.charCodeAt(j)) ?? b.any;
    let carry = 1;
    for (let w = 0; w < words; w++) {
      const v = d[w]!;
      d[w] = ((v << 1) | carry) & mask[w]!;
      carry = v >>> 31;
    }
    if ((d[b.lastWord]! & b.lastBit) !== 0) return j - len + 1;
  }
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
  for (let k = 0; k < n; k++) {
    steps++;
    if (!globMatch(parts[from + k]!.glob, segs[at + k]!)) return false;
  }
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
