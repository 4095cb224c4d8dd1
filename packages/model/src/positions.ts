// Where each node of a valid YAML (or JSON) text starts, for diagnostics found after loading:
// js-yaml's parse events give each node's start, kept per container (a mapping's keys and the
// start of each key and value, a sequence's items), a small fraction of what a yaml Document
// keeps (a 4.5 MB scenario of 30,000 expectations: about 0.9 s and 50 MB, against 3.4 s and
// 300 MB for parseDocument). The loader uses it for valid text and keeps the yaml Document for
// text with syntax errors; test/positions.test.ts holds the two to the same answers.
import jsYaml from 'js-yaml';
import type { Path } from './diagnostic.js';

/** A 1-based position in a text. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A mapping or sequence: where each child starts, its child containers, a mapping's keys. */
interface Container {
  /** A mapping's keys in source order; null for a sequence. */
  readonly keys: readonly string[] | null;
  /** Start offsets: a mapping's key, value, key, value...; a sequence's items. */
  readonly starts: readonly number[];
  /** The children that are containers (null for scalars), at the same indices as `starts`. */
  readonly kids: readonly (Container | null)[];
}

interface Frame {
  readonly start: number;
  readonly starts: number[];
  readonly kids: (Container | null)[];
  /** Scalar children as text (mapping keys), null for containers. */
  readonly names: (string | null)[];
}

/**
 * The locator of a valid YAML text, or undefined when js-yaml's events do not give a tree the
 * locator can trust (then the caller keeps the yaml Document).
 */
export function fastLocator(text: string): ((path: Path) => Position | undefined) | undefined {
  const stack: Frame[] = [];
  // a node js-yaml composes twice (a flow mapping read first as a possible key): the inner one
  const byValue = new WeakMap<object, Container>();
  let rootStart = 0;
  let root: Container | null = null;
  let trusted = true;
  const listener = (event: 'open' | 'close', state: { position: number; result: unknown }): void => {
    if (event === 'open') {
      stack.push({ start: state.position, starts: [], kids: [], names: [] });
      return;
    }
    const f = stack.pop()!;
    const v = state.result;
    let node: Container | null = null;
    if (v !== null && typeof v === 'object') {
      const only = f.kids.length === 1 ? f.kids[0] : undefined;
      if (only !== undefined && only !== null && byValue.get(v) === only) node = only;
      else if (Array.isArray(v)) {
        if (f.starts.length !== v.length) trusted = false;
        node = { keys: null, starts: f.starts, kids: f.kids };
      } else {
        const keys: string[] = [];
        for (let j = 0; j < f.names.length; j += 2) {
          const k = f.names[j];
          if (k === null || k === undefined) trusted = false;
          else keys.push(k);
        }
        if (f.starts.length % 2 !== 0 || keys.length !== Object.keys(v).length) trusted = false;
        node = { keys, starts: f.starts, kids: f.kids };
      }
      byValue.set(v, node);
    }
    const parent = stack[stack.length - 1];
    if (parent === undefined) {
      rootStart = f.start;
      root = node;
      return;
    }
    parent.starts.push(f.start);
    parent.kids.push(node);
    parent.names.push(node === null ? String(v) : null);
  };
  try {
    jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: false, listener });
  } catch {
    return undefined;
  }
  if (!trusted) return undefined;
  const lines = lineStarts(text);
  const at = (offset: number): Position => position(lines, nodeStart(text, offset));
  return (path) => {
    let node = root;
    let best = at(rootStart);
    for (const seg of path) {
      if (node === null) return best;
      const i = node.keys === null ? (typeof seg === 'number' && seg < node.starts.length ? seg : -1) : 2 * node.keys.indexOf(String(seg));
      if (i < 0) return best;
      best = at(node.starts[i]!);
      node = node.kids[node.keys === null ? i : i + 1] ?? null;
    }
    return best;
  };
}

/** Where a node opened at `offset` begins: after the spaces, line breaks and comments before it. */
function nodeStart(text: string, offset: number): number {
  let i = offset;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
    else if (c === 0x23 /* # */) while (i < text.length && text.charCodeAt(i) !== 0x0a) i++;
    else return i;
  }
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

function position(lines: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lines[lo]! + 1 };
}
