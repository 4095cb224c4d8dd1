// Terminal injection: text that reaches a terminal must not carry control characters of its
// own. An id, a Sid, an expectation name, a file name or a flag value holding ESC could repaint
// a failed check as passed, add a hyperlink or move the cursor; a newline could fake a row.
// Every string from input is escaped before it is styled and printed: `\u001b`, `\n`, and a
// lone surrogate as `\ud800`. Only vpcsim's own styles (output/ansi.ts) emit escape sequences.

// Bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) are escaped too: they make
// a terminal print text in another order than it reads.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `s` with control characters (C0, DEL, C1) and lone surrogates written as visible escapes. */
export function escapeControls(s: string): string {
  if (!HAS_CONTROL.test(s)) return s;
  return s.replace(CONTROL, (c) => NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A copy of `v` in which every string (and every key) is escaped; `v` itself when none needs it.
 * Plain objects and arrays are copied; anything else is kept as is. Iterative, so deep values
 * cannot overflow the stack.
 */
export function printableDeep<T>(v: T): T {
  if (!needsEscape(v)) return v;
  return copy(v) as T;
}

function needsEscape(v: unknown): boolean {
  const stack: unknown[] = [v];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const n = stack.pop();
    if (typeof n === 'string') {
      if (HAS_CONTROL.test(n)) return true;
      continue;
    }
    if (n === null || typeof n !== 'object' || seen.has(n) || !plain(n)) continue;
    seen.add(n);
    if (Array.isArray(n)) for (const c of n) stack.push(c);
    else
      for (const k of Object.keys(n)) {
        if (HAS_CONTROL.test(k)) return true;
        stack.push((n as Record<string, unknown>)[k]);
      }
  }
  return false;
}

const plain = (o: object): boolean => Array.isArray(o) || Object.getPrototypeOf(o) === Object.prototype || Object.getPrototypeOf(o) === null;

function copy(v: unknown): unknown {
  if (typeof v === 'string') return escapeControls(v);
  if (v === null || typeof v !== 'object' || !plain(v)) return v;
  const root: Record<string, unknown> | unknown[] = Array.isArray(v) ? [] : {};
  const stack: [object, Record<string, unknown> | unknown[]][] = [[v, root]];
  const made = new Map<object, Record<string, unknown> | unknown[]>([[v, root]]);
  const child = (c: unknown): unknown => {
    if (typeof c === 'string') return escapeControls(c);
    if (c === null || typeof c !== 'object' || !plain(c)) return c;
    const done = made.get(c);
    if (done) return done;
    const d: Record<string, unknown> | unknown[] = Array.isArray(c) ? [] : {};
    made.set(c, d);
    stack.push([c, d]);
    return d;
  };
  while (stack.length > 0) {
    const [src, dst] = stack.pop()!;
    if (Array.isArray(src)) for (let i = 0; i < src.length; i++) (dst as unknown[])[i] = child(src[i]);
    else
      for (const k of Object.keys(src)) {
        const key = escapeControls(k);
        const value = child((src as Record<string, unknown>)[k]);
        if (key === '__proto__') Object.defineProperty(dst, key, { value, enumerable: true, writable: true, configurable: true });
        else (dst as Record<string, unknown>)[key] = value;
      }
  }
  return root;
}
