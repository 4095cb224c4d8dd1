// Scenario text → value, keeping line numbers; and the one place the model reads files.
// YAML 1.2 is a superset of JSON, so one parser (yaml's parseDocument) serves both for
// positions and diagnostics; a `.json` file gets JSON-flavoured hints. Valid text takes a fast
// path (JSON.parse, or js-yaml with the YAML 1.2 core schema: ~10x faster than building a
// yaml Document), and positions are found lazily, only when a diagnostic needs a line
// (positions.ts). Never throws and never hangs: alias expansion is bounded
// (`maxAliasCount`), nesting depth is bounded before conversion, and every failure is a
// diagnostic with a line and column.
import { readFileSync, statSync } from 'node:fs';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import jsYaml from 'js-yaml';
import { compile } from './compile.js';
import { fastLocator, type Position } from './positions.js';
import { error, type Diagnostic, type Path } from './diagnostic.js';
import type { Model } from './model.js';

export type { Position };

/** Parsed scenario text: the value, a path → position locator, and syntax errors. */
export interface ParsedText {
  readonly value: unknown;
  /** Where `path` is written; for a path not in the text, its nearest written ancestor. */
  locate(path: Path): Position | undefined;
  readonly errors: Diagnostic[];
}

/** The result of loading a scenario. */
export type LoadResult =
  | {
      readonly ok: true;
      readonly model: Model;
      readonly warnings: readonly Diagnostic[];
      /** Where a path of the scenario is written (`['expect', 2]` → its line), for reports that point into the file. */
      readonly locate: (path: Path) => Position | undefined;
    }
  | { readonly ok: false; readonly errors: readonly Diagnostic[]; readonly warnings: readonly Diagnostic[] };

/** Deeper nesting than this is refused (no scenario needs it; it protects the stack). */
const MAX_DEPTH = 200;
/** Files larger than this are refused before parsing. */
const MAX_BYTES = 64 * 1024 * 1024;
/** Bound on alias expansion ("billion laughs"). */
const MAX_ALIAS_COUNT = 1000;
/** Syntax errors reported at most (the first ones are the useful ones). */
const MAX_SYNTAX_ERRORS = 20;

const isJsonFile = (file: string | undefined): boolean => file !== undefined && /\.json$/i.test(file);

function depthExceeds(node: unknown, max: number): boolean {
  // iterative, so deep input cannot overflow the stack here
  const stack: [unknown, number][] = [[node, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (d > max) return true;
    if (isMap(n) || isSeq(n)) for (const it of n.items) stack.push([it, d + 1]);
    else if (isPair(n)) {
      stack.push([n.key, d]);
      stack.push([n.value, d]);
    }
  }
  return false;
}

const HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear once in a mapping: remove or merge the other one',
  BAD_INDENT: 'indent nested entries consistently with spaces (not tabs)',
  TAB_AS_INDENT: 'YAML indentation uses spaces, not tabs',
  MISSING_CHAR: 'a closing bracket, brace or quote is missing',
  MULTILINE_IMPLICIT_KEY: 'a key and its `:` must be on one line; quote values that contain `: `',
  BLOCK_AS_IMPLICIT_KEY: 'check the indentation of this line against the one above',
  UNEXPECTED_TOKEN: 'check the punctuation on this line',
  ALIAS_PROPS: 'an alias (`*name`) takes no tag or anchor',
  BAD_ALIAS: 'an alias (`*name`) must refer to an anchor (`&name`) defined earlier',
  DUPLICATE_ANCHOR: 'anchor names must be unique',
  RESOURCE_EXHAUSTION: 'the document expands too many aliases',
};

function syntaxHint(code: string, json: boolean, message: string): string {
  if (json) {
    if (code === 'DUPLICATE_KEY') return HINTS.DUPLICATE_KEY!;
    if (/comma|flow/i.test(message) || code === 'UNEXPECTED_TOKEN' || code === 'MISSING_CHAR')
      return 'check for a missing or extra comma, bracket or brace near here (JSON allows no trailing commas)';
    return 'check the JSON syntax near here';
  }
  return HINTS[code] ?? 'check the YAML syntax near here';
}

/**
 * For "must ... end with a ]" errors, which yaml reports where it gave up (the next line), the
 * line that opened the unclosed flow collection: the nearest earlier line with more openers
 * than closers.
 */
function unclosedOpener(text: string, message: string, at: number | undefined): { open: string; close: string; line: number; column: number } | undefined {
  const m = /end with an? ([\]}])/.exec(message);
  if (!m || at === undefined) return undefined;
  const close = m[1]!;
  const open = close === ']' ? '[' : '{';
  const lines = text.split('\n', at);
  for (let l = Math.min(at, lines.length) - 1, k = 0; l >= 0 && k < 200; l--, k++) {
    const line = (lines[l] ?? '').replace(/\s#.*$/, '');
    const opens = line.split(open).length - 1;
    const closes = line.split(close).length - 1;
    if (opens > closes) return { open, close, line: l + 1, column: line.lastIndexOf(open) + 1 };
  }
  return undefined;
}

function firstLine(m: string): string {
  const l = (m.split('\n')[0] ?? m).replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
  return l.length > 0 ? l[0]!.toLowerCase() + l.slice(1) : 'syntax error';
}

/** Parses YAML or JSON text, keeping line numbers. Never throws. */
export function parseScenarioText(text: string, file?: string): ParsedText {
  const json = isJsonFile(file);
  const noLocate = (): undefined => undefined;
  if (typeof text !== 'string') return { value: undefined, locate: noLocate, errors: [error('syntax', [], 'the scenario is not text')] };
  if (text.length > MAX_BYTES)
    return { value: undefined, locate: noLocate, errors: [error('too-large', [], `the file is larger than ${MAX_BYTES / 1024 / 1024} MB`, 'split the scenario or remove unused parts')] };
  const fast = json || /^\s*[{[]/.test(text) ? parseJsonFast(text) : parseYamlFast(text);
  if (fast !== undefined) {
    // positions are needed only for diagnostics: found lazily, on first use, from js-yaml's
    // events (positions.ts), or the yaml Document when those cannot be trusted
    let lazy: ((path: Path) => Position | undefined) | undefined;
    const locate = (path: Path): Position | undefined => (lazy ??= fastLocator(text) ?? parseWithYaml(text, json).locate)(path);
    if (valueDepthExceeds(fast.value, MAX_DEPTH))
      return { value: undefined, locate, errors: [error('too-deep', [], `the document nests deeper than ${MAX_DEPTH} levels`, 'a scenario never needs this depth')] };
    return { value: fast.value, locate, errors: [] };
  }
  const viaYaml = parseWithYaml(text, json);
  if (json && viaYaml.errors.length === 0) {
    // YAML accepted what JSON does not (a trailing comma, a comment, an unquoted key)
    const problem = jsonProblem(text);
    if (problem !== undefined) return { value: undefined, locate: viaYaml.locate, errors: [problem] };
  }
  return viaYaml;
}

/** The JSON.parse error of `text` as a diagnostic with its line, if it is not valid JSON. */
function jsonProblem(text: string): Diagnostic | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const msg = String((e as Error).message);
    const m = /position (\d+)/.exec(msg);
    let line: number | undefined;
    let column: number | undefined;
    if (m) {
      const at = Number(m[1]);
      const before = text.slice(0, at);
      line = before.split('\n').length;
      column = at - before.lastIndexOf('\n');
    }
    const reason = firstLine(msg.replace(/ in JSON at position \d+.*$/, '').replace(/^JSON\.parse: /, ''));
    return { ...error('syntax', [], `invalid JSON: ${reason}`, 'check for a missing or extra comma, bracket or brace near here (JSON allows no trailing commas or comments)'), line, column };
  }
}

function parseWithYaml(text: string, json: boolean): ParsedText {
  const noLocate = (): undefined => undefined;
  const lineCounter = new LineCounter();
  let doc;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2', keepSourceTokens: false });
  } catch (e) {
    const msg = String((e as Error).message);
    if (/call stack/i.test(msg)) return { value: undefined, locate: noLocate, errors: [error('too-deep', [], 'the document nests too deeply to read', 'a scenario never needs this depth: check the brackets')] };
    return { value: undefined, locate: noLocate, errors: [error('syntax', [], `cannot parse the ${json ? 'JSON' : 'YAML'}: ${firstLine(msg)}`)] };
  }
  const pos = (offset: number | undefined): Position | undefined => {
    if (offset === undefined) return undefined;
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const errors: Diagnostic[] = [];
  for (const e of doc.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    let p = pos(e.pos?.[0]);
    // a line indented too far reads as a value running on into a key: the parser reports where
    // that value starts; the line to fix is the next one
    if ((e.code === 'BLOCK_AS_IMPLICIT_KEY' || e.code === 'MULTILINE_IMPLICIT_KEY') && p !== undefined) {
      const end = pos(e.pos?.[1]);
      const next = end !== undefined && end.line > p.line ? end.line : p.line + 1;
      if (next <= lineCounter.lineStarts.length) p = { line: next, column: 1 + (/^ */.exec(text.slice(lineCounter.lineStarts[next - 1]))?.[0].length ?? 0) };
    }
    if (/call stack/i.test(e.message)) {
      errors.push({ ...error('too-deep', [], 'the document nests too deeply to read', 'a scenario never needs this depth: check the brackets'), line: p?.line, column: p?.column });
      break;
    }
    const unclosed = unclosedOpener(text, e.message, p?.line);
    if (unclosed) {
      errors.push({ ...error('syntax', [], `\`${unclosed.open}\` is never closed`, `add the closing \`${unclosed.close}\` at the end of the list or mapping`), line: unclosed.line, column: unclosed.column });
      continue;
    }
    errors.push({ ...error('syntax', [], firstLine(e.message), syntaxHint(e.code, json, e.message)), line: p?.line, column: p?.column });
  }
  const locate = (path: Path): Position | undefined => locateIn(doc.contents, path, pos);
  if (errors.length > 0) return { value: undefined, locate, errors };
  if (depthExceeds(doc.contents, MAX_DEPTH))
    return { value: undefined, locate, errors: [error('too-deep', [], `the document nests deeper than ${MAX_DEPTH} levels`, 'a scenario never needs this depth: check the indentation')] };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const msg = String((e as Error).message ?? e);
    const alias = /alias/i.test(msg);
    return {
      value: undefined,
      locate,
      errors: [error(alias ? 'too-many-aliases' : 'syntax', [], alias ? 'the document expands too many aliases' : `cannot read the document: ${firstLine(msg)}`, alias ? 'use fewer `*alias` references' : undefined)],
    };
  }
  return { value, locate, errors };
}

/** Depth of a plain value, iteratively. */
function valueDepthExceeds(v: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[v, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (n === null || typeof n !== 'object') continue;
    if (d > max) return true;
    for (const c of Array.isArray(n) ? n : Object.values(n as object)) if (c !== null && typeof c === 'object') stack.push([c, d + 1]);
  }
  return false;
}

/**
 * JSON.parse, when the text is plain JSON without duplicate keys (JSON.parse would silently
 * keep the last one); otherwise undefined, and the YAML parser reports the problem with a line.
 */
function parseJsonFast(text: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return hasDuplicateJsonKey(text) ? undefined : { value };
}

/**
 * js-yaml with the YAML 1.2 core schema (no timestamps, no merge keys: the same values as the
 * yaml package's default), when the text is a valid single document whose anchors are not
 * reused (shared nodes would let a small file expand without bound downstream); otherwise
 * undefined, and the yaml parser reports the problem with its line or bounds the aliases.
 */
function parseYamlFast(text: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA, json: false });
  } catch {
    return undefined;
  }
  if (value === undefined || hasSharedNode(value)) return undefined;
  return { value };
}

/** Whether an object or array is reachable twice (an alias), iteratively. */
function hasSharedNode(v: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [v];
  while (stack.length > 0) {
    const n = stack.pop();
    if (n === null || typeof n !== 'object') continue;
    if (seen.has(n)) return true;
    seen.add(n);
    if (Array.isArray(n)) for (const c of n) stack.push(c);
    else for (const k in n) stack.push((n as Record<string, unknown>)[k]);
  }
  return false;
}

/** Scans valid JSON text for a key repeated within one object. */
function hasDuplicateJsonKey(text: string): boolean {
  const stack: (Set<string> | null)[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) stack.push(new Set());
    else if (c === 0x5b /* [ */) stack.push(null);
    else if (c === 0x7d || c === 0x5d) stack.pop();
    else if (c === 0x22 /* " */) {
      const start = i + 1;
      let j = start;
      let escaped = false;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d === 0x5c) {
          j++;
          escaped = true;
        } else if (d === 0x22) break;
      }
      const top = stack[stack.length - 1];
      if (top) {
        let k = j + 1;
        while (k < n && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x0a || text.charCodeAt(k) === 0x0d || text.charCodeAt(k) === 0x09)) k++;
        if (text.charCodeAt(k) === 0x3a /* : */) {
          const raw = text.slice(start, j);
          const key = escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
          if (top.has(key)) return true;
          top.add(key);
        }
      }
      i = j;
    }
  }
  return false;
}

function locateIn(root: unknown, path: Path, pos: (o: number | undefined) => Position | undefined): Position | undefined {
  let node: unknown = root;
  let best: Position | undefined = nodePos(node, pos);
  for (const seg of path) {
    if (isAlias(node)) return best; // an alias: its anchor is elsewhere; stay here
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key;
        return isScalar(k) ? String(k.value) === String(seg) : k === seg;
      });
      if (!pair) return best;
      best = nodePos(pair.key, pos) ?? best;
      node = pair.value;
    } else if (isSeq(node)) {
      if (typeof seg !== 'number') return best;
      const item = node.items[seg];
      if (item === undefined) return best;
      best = nodePos(item, pos) ?? best;
      node = item;
    } else return best;
  }
  return best;
}

function nodePos(n: unknown, pos: (o: number | undefined) => Position | undefined): Position | undefined {
  const range = (n as YamlNode | null | undefined)?.range;
  return range ? pos(range[0]) : undefined;
}

/** Parses and compiles scenario text; every diagnostic carries `file` and `line`. Never throws. */
export function loadScenario(text: string, file?: string): LoadResult {
  const parsed = parseScenarioText(text, file);
  const place = (d: Diagnostic): Diagnostic => {
    if (d.line !== undefined) return file === undefined ? d : { ...d, file };
    const p = parsed.locate(d.path);
    return { ...d, file, line: p?.line, column: p?.column };
  };
  const placeAll = (ds: readonly Diagnostic[]): Diagnostic[] => ds.map(place).sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (parsed.errors.length > 0) return { ok: false, errors: placeAll(parsed.errors), warnings: [] };
  try {
    const r = compile(parsed.value, { file });
    if (r.ok) return { ok: true, model: r.model, warnings: placeAll(r.warnings), locate: parsed.locate };
    return { ok: false, errors: placeAll(r.errors), warnings: placeAll(r.warnings) };
  } catch (e) {
    return {
      ok: false,
      errors: [place(error('internal', [], `internal error while compiling: ${String((e as Error)?.message ?? e)}`, 'this is a vpcsim bug: please report it with the scenario'))],
      warnings: [],
    };
  }
}

/** Reads and loads a scenario file (YAML or JSON). Never throws: an unreadable file is a diagnostic. */
export function loadScenarioFile(path: string): LoadResult {
  let text: string;
  try {
    const st = statSync(path);
    if (st.isDirectory()) return { ok: false, errors: [{ ...error('read-error', [], `\`${path}\` is a directory, not a scenario file`), file: path }], warnings: [] };
    if (st.size > MAX_BYTES) return { ok: false, errors: [{ ...error('too-large', [], `the file is larger than ${MAX_BYTES / 1024 / 1024} MB`), file: path }], warnings: [] };
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const msg = code === 'ENOENT' ? `no such file \`${path}\`` : code === 'EACCES' ? `permission denied reading \`${path}\`` : `cannot read \`${path}\`: ${String((e as Error).message)}`;
    return { ok: false, errors: [{ ...error('read-error', [], msg), file: path }], warnings: [] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return loadScenario(text, path);
}
