// Text that is not text: control characters (NUL, ESC, ...) and lone UTF-16 surrogates in the
// keys and strings of a scenario. An id with a NUL byte or an escape sequence would print as
// another id, or repaint the terminal; a line break in a name fakes a row of output; a lone
// surrogate (`"\ud800"` in JSON) is no character at all. Only a `description` may span lines
// (tabs and line breaks). Checked on the parsed value before the schema, so every string is
// covered, wherever it is.
import { error, type Diagnostic, type Path } from '../diagnostic.js';

/** Problems reported at most (the first ones say what is wrong). */
const MAX_PROBLEMS = 20;

// Also invisible format characters: a byte order mark or zero-width space makes two ids that
// print alike differ, and bidirectional overrides make text print in another order than it reads.
// eslint-disable-next-line no-control-regex
const BAD = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** In a description: tabs and line breaks are text. */
// eslint-disable-next-line no-control-regex
const BAD_IN_PROSE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** `U+001B`: a code unit as people write it. */
const NAMES: Readonly<Record<string, string>> = { '\n': 'a line break', '\r': 'a carriage return', '\t': 'a tab' };
const codePoint = (c: string): string => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

function problem(s: string, prose = false): string | undefined {
  const m = (prose ? BAD_IN_PROSE : BAD).exec(s);
  if (!m) return undefined;
  const c = m[0];
  const what =
    c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff
      ? `half of a UTF-16 surrogate pair (${codePoint(c)}), which is not a character`
      : NAMES[c] !== undefined
        ? `${NAMES[c]} (${codePoint(c)})`
        : c.charCodeAt(0) >= 0x200b
          ? `the invisible character ${codePoint(c)}`
          : `the control character ${codePoint(c)}`;
  return `${what} at position ${m.index + 1}`;
}

/** Control characters and lone surrogates in the keys and strings of `raw`, with their paths. */
export function textProblems(raw: unknown): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: [unknown, Path][] = [[raw, []]];
  const seen = new Set<object>();
  while (stack.length > 0 && out.length < MAX_PROBLEMS) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const prose = path[path.length - 1] === 'description';
      const p = problem(v, prose);
      if (p !== undefined) out.push(error('invalid-text', path, `the text holds ${p}`, prose ? 'remove it: a description is printable text' : 'remove it: ids, names and values are printable text on one line (only a `description` may span lines)'));
      continue;
    }
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], [...path, i]]);
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      const p = problem(k);
      // the key as printable text, so the path in the message cannot itself carry the character
      if (p !== undefined) out.push(error('invalid-text', [...path, k.replace(new RegExp(BAD.source, 'g'), '?')], `the key holds ${p}`, 'remove it: keys are printable text'));
      else stack.push([(v as Record<string, unknown>)[k], [...path, k]]);
    }
  }
  return out;
}
