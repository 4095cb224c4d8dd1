// Scenario text → value, keeping line numbers; and the one place the model reads files.
// YAML 1.2 is a superset of JSON, so one parser (yaml's parseDocument) serves both for
// positions and diagnostics; a `.json` file gets JSON-flavoured hints. Valid text takes a fast
// path (JSON.parse, or js-yaml with the YAML 1.2 core schema: ~10x faster than building a
// yaml Document), and positions are found lazily, only when a diagnostic needs a line
// (positions.ts). Never throws and never hangs: alias expansion is bounded
// (`maxAliasCount`), nesting depth is bounded before conversion, and every failure is a
// diagnostic with a line and column.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Node as YamlNode } from 'yaml';
import jsYaml from 'js-yaml';
import { compile } from './compile.js';
import { fastLocator, type Position } from './positions.js';
import { error, type Diagnostic, type Path } from './diagnostic.js';
import { withHint } from './hints.js';
import { locateJson } from './json-locate.js';
import { copyTree, someKey } from './tree.js';
import type { Model } from './model.js';
import { MAX_FILE_BYTES, readTextFile } from './read-file.js';

export type { Position };

/** Parsed scenario text: the value, a path → position locator, and syntax errors. */
export interface ParsedText {
  readonly value: unknown;
  /** Where `path` is written; for a path not in the text, its nearest written ancestor. */
  locate(path: Path): Position | undefined;
  /** `locate` for many paths at once (one pass over the text where the format allows). */
  locateAll?(paths: readonly Path[]): (Position | undefined)[];
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
/** Texts longer than this are refused before parsing. */
const MAX_BYTES = MAX_FILE_BYTES;
/**
 * Bound on what aliases may expand to ("billion laughs"): a document with `*alias` references
 * may hold, expanded, at most as many nodes as its text has characters (what a file of that
 * size without aliases could hold), and at least this many. A shared list reused a thousand
 * times is far below it; a document that doubles at each level is far above.
 */
const MIN_EXPANDED_NODES = 100_000;
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

/** The tags of YAML 1.2's core schema: the only ones a scenario may spell out. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

const HINTS: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear once in a mapping: remove or merge the other one',
  BAD_INDENT: 'indent nested entries consistently with spaces (not tabs)',
  TAB_AS_INDENT: 'YAML indentation uses spaces, not tabs',
  MISSING_CHAR: 'a closing bracket, brace or quote is missing',
  MULTILINE_IMPLICIT_KEY: 'a key and its `:` must be on one line; quote values that contain `: `',
  BLOCK_AS_IMPLICIT_KEY: 'check the indentation of this line against the one above',
  UNEXPECTED_TOKEN: 'check the punctuation on this line',
  MULTIPLE_DOCS: 'remove the second `---` and what follows it, or split the scenarios into files',
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

/** Messages of the yaml package that name its own API, in vpcsim's words. */
const REWORDED: readonly (readonly [RegExp, string])[] = [[/^source contains multiple documents/i, 'the file holds more than one YAML document (a second `---`): a scenario is one document']];

function firstLine(m: string): string {
  const l = (m.split('\n')[0] ?? m).replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
  const own = REWORDED.find(([re]) => re.test(l));
  if (own) return own[1];
  return l.length > 0 ? l[0]!.toLowerCase() + l.slice(1) : 'syntax error';
}

/** Parses YAML or JSON text, keeping line numbers. Never throws. */
export function parseScenarioText(text: string, file?: string): ParsedText {
  const json = isJsonFile(file);
  const noLocate = (): undefined => undefined;
  if (typeof text !== 'string') return { value: undefined, locate: noLocate, errors: [error('syntax', [], 'the scenario is not text')] };
  if (text.length > MAX_BYTES)
    return { value: undefined, locate: noLocate, errors: [error('too-large', [], `the file is larger than ${MAX_BYTES / 1024 / 1024} MB`, 'split the scenario or remove unused parts')] };
  const asJson = json || /^\s*[{[]/.test(text);
  const fast = asJson ? parseJsonFast(text) : parseYamlFast(text);
  if (fast !== undefined) {
    if (asJson) {
      // valid JSON: positions come from one pass over the text, for all diagnostics at once
      const locateAll = (paths: readonly Path[]): (Position | undefined)[] => locateJson(text, paths);
      return { ...finish(fast.value, text, (path) => locateAll([path])[0], json), locateAll };
    }
    // positions are needed only for diagnostics: found lazily, on first use, from js-yaml's
    // events (positions.ts), or the yaml Document when those cannot be trusted
    let lazy: ((path: Path) => Position | undefined) | undefined;
    const locate = (path: Path): Position | undefined => (lazy ??= fastLocator(text) ?? parseWithYaml(text, json, true).locate)(path);
    return finish(fast.value, text, locate, json);
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

/** The yaml package's parse: positions and syntax errors, and the value unless only positions are wanted. */
function parseWithYaml(text: string, json: boolean, positionsOnly = false): ParsedText {
  const noLocate = (): undefined => undefined;
  const lineCounter = new LineCounter();
  let doc;
  try {
    // logLevel: the library never writes to the console; what it would warn about is an error here
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2', keepSourceTokens: false, logLevel: 'error' });
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
  if (errors.length > 0 || positionsOnly) return { value: undefined, locate, errors };
  // a tag asks for a type a scenario has none of (`!!binary` would come back as bytes)
  let tagged: Diagnostic | undefined;
  if (!positionsOnly)
    visit(doc, (_key, node) => {
      // a list or mapping used as a key (`? [a, b]: 1`): a scenario's keys are text
      if (isPair(node) && (isMap(node.key) || isSeq(node.key))) {
        const at = pos((node.key as YamlNode).range?.[0]);
        tagged = { ...error('complex-key', [], 'a list or mapping is used as a key: the keys of a scenario are text', 'write the key as plain text before its `:`'), line: at?.line, column: at?.column };
        return visit.BREAK;
      }
      // an empty key, `~` or `null` (YAML reads them as no key at all)
      if (isPair(node) && (node.key === null || (isScalar(node.key) && node.key.value === null))) {
        const at = pos((isScalar(node.key) ? node.key : (node.value as YamlNode | null))?.range?.[0]);
        tagged = { ...error('null-key', [], 'a key is empty or null (`~`, `null`): the keys of a scenario are text', 'write the key before its `:`, or quote it (`"null":`) if it is the word'), line: at?.line, column: at?.column };
        return visit.BREAK;
      }
      const tag = (node as { tag?: string } | null)?.tag;
      if (tag === undefined || CORE_TAGS.has(tag)) return undefined;
      const at = pos((node as YamlNode).range?.[0]);
      tagged = { ...error('yaml-tag', [], `the YAML tag \`${tag.replace(/^tag:yaml\.org,2002:/, '!!')}\` asks for a type a scenario does not have`, 'write the value without a tag: text, a number, `true`/`false`, a list or a mapping'), line: at?.line, column: at?.column };
      return visit.BREAK;
    });
  if (tagged) return { value: undefined, locate, errors: [tagged] };
  if (depthExceeds(doc.contents, MAX_DEPTH))
    return { value: undefined, locate, errors: [error('too-deep', [], `the document nests deeper than ${MAX_DEPTH} levels`, 'a scenario never needs this depth: check the indentation')] };
  let value: unknown;
  try {
    // aliases come back as shared nodes; `finish` bounds what they expand to
    value = doc.toJS({ maxAliasCount: -1 });
  } catch {
    return { value: undefined, locate, errors: [error('syntax', [], `the ${json ? 'JSON' : 'YAML'} document cannot be read`, 'check the syntax near the anchors (`&name`) and aliases (`*name`)')] };
  }
  return finish(value, text, locate, json);
}

/**
 * The value of a document without syntax errors, checked: not empty, its aliases within the
 * expansion bound (then expanded, so every later step sees a tree), not too deep.
 */
function finish(raw: unknown, text: string, locate: (path: Path) => Position | undefined, json: boolean): ParsedText {
  if (raw === null || raw === undefined) {
    const blank = text.trim() === '';
    return {
      value: undefined,
      locate,
      errors: [
        {
          ...error('empty-file', [], blank ? 'the file is empty' : `the file holds no ${json ? 'JSON value' : 'YAML mapping'} (only comments or \`null\`)`, 'a scenario is a mapping that starts with `version: 1` (scenarios/README.md lists worked examples)'),
          line: 1,
          column: 1,
        },
      ],
    };
  }
  const limit = Math.max(MIN_EXPANDED_NODES, text.length);
  const size = expandedSize(raw, limit);
  if (size === 'cycle')
    return { value: undefined, locate, errors: [error('alias-cycle', [], 'an alias (`*name`) refers to the node that contains it: the document would be infinite', 'an alias must refer to an anchor outside itself')] };
  if (size === 'too-large')
    return {
      value: undefined,
      locate,
      errors: [error('too-many-aliases', [], `the aliases (\`*name\`) expand to more than ${limit.toLocaleString('en-US')} values`, 'use fewer `*alias` references, or fewer levels of aliases of aliases')],
    };
  const value = size.shared ? copyTree(raw) : raw;
  if (valueDepthExceeds(value, MAX_DEPTH))
    return { value: undefined, locate, errors: [error('too-deep', [], `the document nests deeper than ${MAX_DEPTH} levels`, 'a scenario never needs this depth: check the indentation and brackets')] };
  return { value, locate, errors: [] };
}

/**
 * The number of values `v` holds once every shared node (an alias) is expanded, computed on
 * the shared graph (each node once), so a "billion laughs" document costs its own size to
 * measure. `too-large` past `limit`; `cycle` when a node contains itself.
 */
function expandedSize(v: unknown, limit: number): { readonly nodes: number; readonly shared: boolean } | 'too-large' | 'cycle' {
  if (v === null || typeof v !== 'object') return { nodes: 1, shared: false };
  const size = new Map<object, number>();
  const onPath = new Set<object>();
  let shared = false;
  // iterative post-order: [node, children pushed?]
  const stack: [object, boolean][] = [[v, false]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const [n, expanded] = top;
    if (!expanded) {
      if (size.has(n)) {
        shared = true;
        stack.pop();
        continue;
      }
      if (onPath.has(n)) return 'cycle';
      onPath.add(n);
      top[1] = true;
      for (const c of childrenOf(n)) {
        if (c === null || typeof c !== 'object') continue;
        if (onPath.has(c)) return 'cycle';
        stack.push([c, false]);
      }
      continue;
    }
    stack.pop();
    onPath.delete(n);
    let total = 1;
    for (const c of childrenOf(n)) {
      total += c !== null && typeof c === 'object' ? size.get(c)! : 1;
      if (total > limit) return 'too-large';
    }
    size.set(n, total);
  }
  return { nodes: size.get(v)!, shared };
}

/** The values directly inside an object or array (own enumerable keys, `__proto__` included). */
function childrenOf(n: object): unknown[] {
  if (Array.isArray(n)) return n;
  const out: unknown[] = [];
  for (const k of Object.keys(n)) out.push((n as Record<string, unknown>)[k]);
  return out;
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

// YAML 1.2 core schema scalars (https://yaml.org/spec/1.2.2/#1032-tag-resolution), as the yaml
// package reads them: js-yaml's CORE_SCHEMA also reads `0b1`, `+0x1` and `-0x1` as numbers
// (YAML 1.1) and `+.5` as a string. The two parsers must give the same value for every text.
const INT_12 = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT_12 = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const int12 = new jsYaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (s: string | null) => s !== null && INT_12.test(s),
  construct: (s: string) => (s.startsWith('0o') ? parseInt(s.slice(2), 8) : s.startsWith('0x') ? parseInt(s.slice(2), 16) : Number(s)),
  predicate: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
});
const float12 = new jsYaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (s: string | null) => s !== null && FLOAT_12.test(s),
  construct: (s: string) => {
    const t = s.toLowerCase();
    if (t.endsWith('.inf')) return t.startsWith('-') ? -Infinity : Infinity;
    if (t === '.nan') return NaN;
    return Number(s);
  },
  predicate: (v: unknown) => typeof v === 'number',
});
const null12 = new jsYaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (s: string | null) => s === null || s === '' || s === '~' || s === 'null' || s === 'Null' || s === 'NULL',
  construct: () => null,
  predicate: (v: unknown) => v === null,
});
const bool12 = new jsYaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (s: string | null) => s !== null && /^(?:true|True|TRUE|false|False|FALSE)$/.test(s),
  construct: (s: string) => s[0] === 't' || s[0] === 'T',
  predicate: (v: unknown) => typeof v === 'boolean',
});
/** An explicit key (`? `), or a flow list or mapping followed by `:`: a key that is not text. */
const COMPLEX_KEY = /(?:^|\n)[ \t]*(?:-[ \t]+)*\?(?:[ \t]|$)|(?:^|\n|[{,])[ \t]*(?:-[ \t]+)*[[{][^\n]*[\]}][ \t]*:(?:[ \t]|$)/m;
/**
 * A tag (`!x`, `!!str`) or a block scalar header (`|`, `>`): the two parsers differ on corner
 * cases of both (an empty tagged value, a `#` line in a block scalar), so the yaml package, which
 * follows the 1.2 spec there, reads them.
 */
const TAG_OR_BLOCK = /(?:^|[\s[{,])!|(?:^|[:\-?\s])[|>][+-]?[1-9]?[+-]?[ \t]*(?:#.*)?$/m;
/** Keys js-yaml writes for a key that was not text (`~`, an empty key, a mapping): the yaml package says which. */
const SUSPECT_KEYS = new Set(['', 'null', 'Null', 'NULL', '~', '[object Object]']);

const CORE_12 = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [null12, bool12, int12, float12] });

/**
 * js-yaml with the YAML 1.2 core schema above (no timestamps, no merge keys: the same values
 * as the yaml package), when the text is a valid single document; otherwise undefined, and the
 * yaml parser reports the problem with its line.
 */
function parseYamlFast(text: string): { value: unknown } | undefined {
  // js-yaml turns a list or mapping used as a key into text, and reads a byte order mark inside
  // the text as a character; the yaml package reports the one and skips the other
  if (COMPLEX_KEY.test(text) || text.includes('\ufeff') || TAG_OR_BLOCK.test(text)) return undefined;
  let value: unknown;
  try {
    value = jsYaml.load(text, { schema: CORE_12, json: false });
  } catch {
    return undefined;
  }
  return someKey(value, (k) => SUSPECT_KEYS.has(k)) ? undefined : { value };
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
  const place = (raw: Diagnostic): Diagnostic => {
    const d = withHint(raw);
    if (d.line !== undefined) return file === undefined ? d : { ...d, file };
    const p = parsed.locate(d.path);
    return { ...d, file, line: p?.line, column: p?.column };
  };
  const placeAll = (ds: readonly Diagnostic[]): Diagnostic[] => {
    let placed: Diagnostic[];
    if (parsed.locateAll) {
      const hinted = ds.map(withHint);
      const at = parsed.locateAll(hinted.map((d) => d.path));
      placed = hinted.map((d, i) => (d.line !== undefined ? { ...d, file } : { ...d, file, line: at[i]?.line, column: at[i]?.column }));
    } else placed = ds.map(place);
    // in the order they are written; the count of problems not listed comes last
    return placed.sort((a, b) => Number(a.code === 'more-problems') - Number(b.code === 'more-problems') || (a.line ?? 0) - (b.line ?? 0));
  };
  if (parsed.errors.length > 0) return { ok: false, errors: placeAll(parsed.errors), warnings: [] };
  try {
    const r = compile(parsed.value, { file, textLength: text.length });
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

/**
 * Reads and loads a scenario file (YAML or JSON). Never throws, never blocks: a path that is
 * not a regular file, too large, not UTF-8 or unreadable is a diagnostic.
 */
export function loadScenarioFile(path: string): LoadResult {
  const r = readTextFile(path);
  if (!r.ok) return { ok: false, errors: [r.error], warnings: [] };
  return loadScenario(r.text, path);
}
