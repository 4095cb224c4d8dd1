// Writing output that may be large: JSON is serialized piece by piece and written in chunks, so
// no single string approaches V8's limit (about 512 MB: `JSON.stringify` then throws "Invalid
// string length"), and nothing is held twice in memory. The text is the same as
// `JSON.stringify(value, replacer, 2)` with bigints written as strings.
import type { Io } from '../command-context.js';

/** Bytes gathered before one write. */
const CHUNK = 1 << 16;

/** Writes `value` as indented JSON followed by a newline, in chunks. */
export function writeJson(io: Pick<Io, 'out'>, value: unknown): void {
  let buf = '';
  for (const piece of jsonPieces(value)) {
    buf += piece;
    if (buf.length >= CHUNK) {
      io.out(buf);
      buf = '';
    }
  }
  io.out(`${buf}\n`);
}

/** Lines written in chunks, each followed by a newline. */
export function writeLines(io: Pick<Io, 'out'>, lines: Iterable<string>): void {
  let buf = '';
  for (const l of lines) {
    buf += `${l}\n`;
    if (buf.length >= CHUNK) {
      io.out(buf);
      buf = '';
    }
  }
  if (buf) io.out(buf);
}

/** A JSON value as `JSON.stringify` would give it, or undefined for what it leaves out. */
function toValue(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') v = (v as { toJSON(): unknown }).toJSON();
  if (typeof v === 'bigint') return v.toString();
  return v;
}

const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** The pieces of `JSON.stringify(value, bigintAsString, 2)`, iteratively. */
export function* jsonPieces(value: unknown): Generator<string> {
  type Frame = { readonly keys: readonly (string | number)[] | null; readonly src: unknown; i: number; readonly indent: string; wrote: boolean };
  const onStack = new Set<unknown>();
  const open = (v: unknown, indent: string): Frame | string => {
    if (v === null || typeof v !== 'object') return scalar(v);
    // as JSON.stringify does: a value that contains itself has no JSON text
    if (onStack.has(v)) throw new TypeError('the output refers to itself: it has no JSON form');
    if (Array.isArray(v)) return v.length === 0 ? '[]' : { keys: null, src: v, i: 0, indent, wrote: false };
    const keys = Object.keys(v).filter((k) => !omitted(toValue((v as Record<string, unknown>)[k])));
    return keys.length === 0 ? '{}' : { keys, src: v, i: 0, indent, wrote: false };
  };
  const first = open(toValue(value), '');
  if (typeof first === 'string') {
    yield first;
    return;
  }
  yield Array.isArray(first.src) ? '[' : '{';
  onStack.add(first.src);
  const stack: Frame[] = [first];
  while (stack.length > 0) {
    const f = stack[stack.length - 1]!;
    const arr = Array.isArray(f.src);
    const n = arr ? (f.src as unknown[]).length : f.keys!.length;
    if (f.i >= n) {
      stack.pop();
      onStack.delete(f.src);
      yield `\n${f.indent}${arr ? ']' : '}'}`;
      continue;
    }
    const inner = `${f.indent}  `;
    const key = arr ? f.i : f.keys![f.i]!;
    f.i++;
    let v = toValue((f.src as Record<string | number, unknown>)[key]);
    if (arr && omitted(v)) v = null;
    yield `${f.wrote ? ',' : ''}\n${inner}${arr ? '' : `${JSON.stringify(key)}: `}`;
    f.wrote = true;
    const next = open(v, inner);
    if (typeof next === 'string') yield next;
    else {
      yield Array.isArray(next.src) ? '[' : '{';
      onStack.add(next.src);
      stack.push(next);
    }
  }
}

function scalar(v: unknown): string {
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (omitted(v)) return 'null';
  return JSON.stringify(v) ?? 'null';
}
