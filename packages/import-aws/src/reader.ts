// Reading AWS CLI JSON defensively: every access knows its file and JSON path, so any shape
// problem becomes a diagnostic (`RouteTables[2].Routes[0].DestinationCidrBlock`) instead of a
// crash. The importer's mappers read AWS objects only through `AwsObject`.
import { error, warning, type Diagnostic, type Path } from '@vpcsim/model';

/** Where a value came from: the export file and the JSON path inside it. */
export interface Origin {
  readonly file: string;
  readonly path: Path;
}

/** Collects the diagnostics of one import; unknown fields are reported once per file and kind. */
export class Report {
  readonly diagnostics: Diagnostic[] = [];
  private readonly unknownSeen = new Set<string>();

  add(file: string, d: Diagnostic): void {
    this.diagnostics.push({ ...d, file });
  }
  error(o: Origin, code: string, message: string, hint?: string): void {
    this.add(o.file, error(code, o.path, message, hint));
  }
  warn(o: Origin, code: string, message: string, hint?: string): void {
    this.add(o.file, warning(code, o.path, message, hint));
  }
  /** One warning per file, object kind and field name (AWS adds fields over time). */
  unknownField(o: Origin, kind: string, key: string): void {
    const k = `${o.file}|${kind}|${key}`;
    if (this.unknownSeen.has(k)) return;
    this.unknownSeen.add(k);
    this.warn(o, 'unknown-field', `unknown field \`${key}\` in ${kind}: ignored`, 'a newer AWS CLI may add fields; the importer reads the ones it knows');
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/**
 * A JSON object of an AWS response, read field by field. Each accessor marks the field as
 * read; `done(ignored)` then warns about fields neither read nor known to be ignored.
 */
export class AwsObject {
  private readonly read = new Set<string>();
  constructor(
    readonly report: Report,
    readonly file: string,
    readonly path: Path,
    readonly value: Record<string, unknown>,
    /** How messages name this object, e.g. `route table`. */
    readonly kind: string,
  ) {}

  /** The origin of this object or of one of its fields. */
  at(...rest: (string | number)[]): Origin {
    return { file: this.file, path: [...this.path, ...rest] };
  }

  has(key: string): boolean {
    this.read.add(key);
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  private wrong(key: string, want: string, v: unknown, required: boolean): void {
    const o = this.at(key);
    if (required) this.report.error(o, 'wrong-shape', `\`${key}\` of ${this.kind} is ${typeName(v)}, expected ${want}`);
    else this.report.warn(o, 'wrong-shape', `\`${key}\` of ${this.kind} is ${typeName(v)}, expected ${want}: ignored`);
  }

  /** A string field; a missing required field is an error. */
  str(key: string, required = false): string | undefined {
    this.read.add(key);
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (required) this.report.error(this.at(key), 'missing-field', `${this.kind} has no \`${key}\``);
      return undefined;
    }
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && !required) return String(v);
    this.wrong(key, 'a string', v, required);
    return undefined;
  }

  num(key: string): number | undefined {
    this.read.add(key);
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return Number(v);
    this.wrong(key, 'a number', v, false);
    return undefined;
  }

  bool(key: string): boolean | undefined {
    this.read.add(key);
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    this.wrong(key, 'true or false', v, false);
    return undefined;
  }

  /** A raw field (policy documents may be strings or objects). */
  raw(key: string): unknown {
    this.read.add(key);
    return this.value[key];
  }

  obj(key: string, kind: string): AwsObject | undefined {
    this.read.add(key);
    const v = this.value[key];
    if (v === undefined || v === null) return undefined;
    if (!isRecord(v)) {
      this.wrong(key, 'an object', v, false);
      return undefined;
    }
    return new AwsObject(this.report, this.file, [...this.path, key], v, kind);
  }

  /** A list of objects; items of another type are reported and skipped. */
  objs(key: string, kind: string, required = false): AwsObject[] {
    this.read.add(key);
    const v = this.value[key];
    if (v === undefined || v === null) {
      if (required) this.report.error(this.at(key), 'missing-field', `${this.kind} has no \`${key}\``);
      return [];
    }
    if (!Array.isArray(v)) {
      this.wrong(key, 'a list', v, required);
      return [];
    }
    const out: AwsObject[] = [];
    v.forEach((item, i) => {
      if (isRecord(item)) out.push(new AwsObject(this.report, this.file, [...this.path, key, i], item, kind));
      else this.report.error(this.at(key, i), 'wrong-shape', `item ${i} of \`${key}\` is ${typeName(item)}, expected ${kind === 'item' ? 'an object' : `a ${kind}`}: skipped`);
    });
    return out;
  }

  /** A list of strings; other items are reported and skipped. */
  strs(key: string): string[] {
    this.read.add(key);
    const v = this.value[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.wrong(key, 'a list of strings', v, false);
      return [];
    }
    const out: string[] = [];
    v.forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else this.report.warn(this.at(key, i), 'wrong-shape', `item ${i} of \`${key}\` is ${typeName(item)}, expected a string: skipped`);
    });
    return out;
  }

  /** AWS tags (`[{ Key, Value }]`) as a record; undefined when there are none. */
  tags(key = 'Tags'): Record<string, string> | undefined {
    const list = this.objs(key, 'tag');
    if (list.length === 0) return undefined;
    // null prototype: a tag key `__proto__` or `constructor` is kept like any other
    const out = Object.create(null) as Record<string, string>;
    for (const t of list) {
      const k = t.str('Key');
      const v = t.str('Value');
      if (k !== undefined) out[k] = v ?? '';
      t.done([]);
    }
    return out;
  }

  /** Marks fields as known but not mapped, then warns about any field left unread. */
  done(ignored: readonly string[]): void {
    for (const key of Object.keys(this.value)) {
      if (this.read.has(key) || ignored.includes(key)) continue;
      this.report.unknownField(this.at(key), this.kind, key);
    }
  }
}

/** Parses JSON text; a syntax error becomes one error diagnostic with line and column. Never throws. */
export function parseJson(text: string, file: string, report: Report): unknown {
  if (typeof text !== 'string') {
    report.add(file, error('not-json', [], 'the file is not text'));
    return undefined;
  }
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    report.add(file, error('not-json', [], 'the file is empty', 'an AWS CLI call that failed may leave an empty file: run it again with `--output json`'));
    return undefined;
  }
  try {
    return JSON.parse(body) as unknown;
  } catch (e) {
    const msg = String((e as Error).message ?? e);
    const m = /position (\d+)/.exec(msg);
    let line: number | undefined;
    let column: number | undefined;
    let atEnd = false;
    if (m) {
      const at = Number(m[1]);
      atEnd = at >= body.trimEnd().length;
      const before = body.slice(0, at);
      line = before.split('\n').length;
      column = at - before.lastIndexOf('\n');
    }
    const truncated = atEnd || /end of (JSON )?input|unterminated|Unexpected end/i.test(msg);
    const reason = msg.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '').split('\n')[0] ?? 'syntax error';
    report.add(file, {
      ...error('not-json', [], truncated ? 'the JSON ends early: the file is truncated' : `invalid JSON: ${reason.charAt(0).toLowerCase()}${reason.slice(1).replace(/\.$/, '')}`, 'export again with the AWS CLI and `--output json`'),
      line,
      column,
    });
    return undefined;
  }
}

/**
 * The top level of a `describe-*` output: an object holding `key` (a list). Returns the list's
 * objects, or reports a shape error for the file and returns undefined.
 */
export function topLevelList(value: unknown, file: string, key: string, kind: string, report: Report, alsoAllowed: readonly string[] = []): AwsObject[] | undefined {
  if (!isRecord(value)) {
    report.add(file, error('wrong-shape', [], `the top level is ${typeName(value)}, expected an object with \`${key}\``, `this file should hold the output of the AWS CLI call that returns \`${key}\``));
    return undefined;
  }
  const top = new AwsObject(report, file, [], value, 'the output');
  if (!(key in value)) {
    report.add(file, error('wrong-shape', [], `the top level has no \`${key}\`${Object.keys(value).length ? ` (it has ${Object.keys(value).slice(0, 5).map((k) => `\`${k}\``).join(', ')})` : ''}`, `the file name says it holds \`${key}\`: check that it is the output of the matching AWS CLI call`));
    return undefined;
  }
  if (!Array.isArray(value[key])) {
    report.add(file, error('wrong-shape', [key], `\`${key}\` is ${typeName(value[key])}, expected a list`));
    return undefined;
  }
  const items = top.objs(key, kind);
  if (top.has('NextToken') || top.has('Marker'))
    report.add(file, warning('paginated', ['NextToken'], 'the output has a `NextToken`: it is one page of a longer list, so resources may be missing', 'let the AWS CLI paginate (do not pass `--max-items`)'));
  top.str('NextToken');
  top.done(['Marker', 'IsTruncated', ...alsoAllowed]);
  return items;
}

export { isRecord, typeName };
