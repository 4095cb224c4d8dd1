// Where paths are written in JSON text, for diagnostics: one pass over the text for any number
// of paths, with no document tree built (the yaml package's parse, which keeps positions for
// YAML, costs seconds and a gigabyte on a 14 MB JSON file). Each path resolves to the position
// of its deepest segment found: an object member's key, an array element's first character.
import type { Path } from './diagnostic.js';

/** A 1-based position. */
export interface JsonPosition {
  readonly line: number;
  readonly column: number;
}

interface Trie {
  readonly children: Map<string, Trie>;
  /** The position of the key or element this node stands for, once scanned. */
  at?: JsonPosition;
}

/** The positions of `paths` in valid JSON `text`, in order (undefined where not even the root is found). */
export function locateJson(text: string, paths: readonly Path[]): (JsonPosition | undefined)[] {
  const root: Trie = { children: new Map() };
  for (const p of paths) {
    let t = root;
    for (const seg of p) {
      const k = String(seg);
      let c = t.children.get(k);
      if (!c) t.children.set(k, (c = { children: new Map() }));
      t = c;
    }
  }
  scan(text, root);
  return paths.map((p) => {
    let t: Trie | undefined = root;
    let best = root.at;
    for (const seg of p) {
      t = t.children.get(String(seg));
      if (!t || !t.at) break;
      best = t.at;
    }
    return best;
  });
}

/** One open object or array: the trie node of its members (null: nothing wanted inside). */
interface Frame {
  readonly array: boolean;
  readonly node: Trie | null;
  index: number;
}

// INVARIANT: the text is valid JSON (the loader's fast path parsed it), so tokens and brackets
// are well formed and only the structure needs following.
function scan(text: string, root: Trie): void {
  let line = 1;
  let lineStart = 0;
  const stack: Frame[] = [];
  // the trie node of the next value (null: not wanted), and whether a member's key comes next
  let next: Trie | null = root;
  let expectKey = false;
  const mark = (t: Trie | null, i: number): void => {
    if (t && !t.at) t.at = { line, column: i - lineStart + 1 };
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      lineStart = i + 1;
      continue;
    }
    if (c === 0x20 || c === 0x0d || c === 0x09 || c === 0x3a /* : */) continue;
    const top = stack[stack.length - 1];
    if (c === 0x2c /* , */) {
      if (top?.array) next = top.node?.children.get(String(++top.index)) ?? null;
      else expectKey = true;
      continue;
    }
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      next = null;
      expectKey = false;
      continue;
    }
    if (expectKey && c === 0x22) {
      // a member's key: the member is located at its key
      const end = stringEnd(text, i);
      const key = JSON.parse(text.slice(i, end + 1)) as string;
      next = top?.node?.children.get(key) ?? null;
      mark(next, i);
      expectKey = false;
      i = end;
      continue;
    }
    // a value starts here
    mark(next, i);
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      const frame: Frame = { array: c === 0x5b, node: next, index: 0 };
      stack.push(frame);
      if (frame.array) next = frame.node?.children.get('0') ?? null;
      else expectKey = true;
      continue;
    }
    if (c === 0x22) i = stringEnd(text, i);
    else while (i + 1 < n && !isDelimiter(text.charCodeAt(i + 1))) i++;
  }
}

const isDelimiter = (c: number): boolean => c === 0x2c || c === 0x7d || c === 0x5d || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The index of the quote that closes the string opening at `i`. */
function stringEnd(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 0x5c) j++;
    else if (c === 0x22) return j;
  }
  return text.length - 1;
}
