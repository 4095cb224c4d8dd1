// Turns zod issues into diagnostics people can act on (STYLE.md 11-12): one diagnostic per
// unknown key with a "did you mean" over the keys the schema allows at that path, enum values
// listed, type errors phrased as `expected a number, got a string`, and union errors collapsed
// to the branch that fits the input (or to a list of the accepted forms).
import { z } from 'zod';
import { didYouMean, error, maxOf, type Diagnostic, type Path } from '../diagnostic.js';
import { unescapeKey } from '../schema/dict.js';
import { Scenario } from '../schema/scenario.js';

type Issue = z.core.$ZodIssue;
/** Problems reported at most per scenario; the rest are counted. */
export const MAX_REPORTED = 10_000;

/** The diagnostic that stands for problems not reported one by one. */
export function moreProblems(n: number): Diagnostic {
  return error('more-problems', [], `… and ${n.toLocaleString('en-US')} more problem${n === 1 ? '' : 's'} not listed`, 'fix the ones listed first: in a file broken everywhere one mistake is usually repeated');
}

/** Marks zod's safe-integer bound while issues are converted (a field's own bound replaces it). */
const SAFE_INT = 'safe-integer-bound';
type Segment = string | number;

/** The value at `path` inside `root`, or undefined. */
export function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[p];
  }
  return v;
}

/** Describes the JSON type of a value the way a person would: `a string`, `a list`. */
export function describeType(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(v) ? 'a number' : 'a decimal number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'a mapping';
    default:
      return `a ${typeof v}`;
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'a boolean (`true` or `false`)',
  object: 'a mapping',
  array: 'a list',
  null: 'null',
  bigint: 'a number',
};

/** Short text for a user value, in backticks, cut when long. */
export function show(v: unknown): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else {
    try {
      s = JSON.stringify(v) ?? String(v);
    } catch {
      s = String(v);
    }
  }
  if (s.length > 60) s = `${s.slice(0, 57)}...`;
  return `\`${s.replace(/`/g, "'")}\``;
}

// ---- walking the schema along a path -------------------------------------------------------

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  getter?: () => z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  in?: z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Strips optional/nullable/default/lazy/pipe wrappers. */
function unwrap(s: z.ZodType, depth = 0): z.ZodType {
  if (depth > 20) return s;
  const d = defOf(s);
  switch (d.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return d.innerType ? unwrap(d.innerType, depth + 1) : s;
    case 'lazy':
      return d.getter ? unwrap(d.getter(), depth + 1) : s;
    case 'pipe':
      return d.in ? unwrap(d.in, depth + 1) : s;
    default:
      return s;
  }
}

/** Picks the union option whose shape fits the value (object for a mapping, array for a list). */
function pickOption(options: readonly z.ZodType[], value: unknown): z.ZodType | undefined {
  const want = Array.isArray(value) ? 'array' : value !== null && typeof value === 'object' ? 'object' : undefined;
  if (want === undefined) return undefined;
  for (const o of options) {
    const u = unwrap(o);
    if (defOf(u).type === want) return u;
  }
  return undefined;
}

/** The schema node at `path` below `root`, following the input where unions branch. */
export function schemaAt(root: z.ZodType, path: Path, input: unknown): z.ZodType | undefined {
  let s: z.ZodType | undefined = unwrap(root);
  let v: unknown = input;
  for (const seg of [undefined, ...path]) {
    if (s === undefined) return undefined;
    if (seg !== undefined) {
      const d = defOf(s);
      if (d.type === 'object' && typeof seg === 'string') s = d.shape?.[seg];
      else if (d.type === 'array' && typeof seg === 'number') s = d.element;
      else if (d.type === 'record') s = d.valueType;
      else return undefined;
      if (s === undefined) return undefined;
      v = v !== null && typeof v === 'object' ? (v as Record<Segment, unknown>)[seg] : undefined;
      s = unwrap(s);
    }
    // resolve unions by the input at this level
    for (let k = 0; k < 5 && s !== undefined && defOf(s).type === 'union'; k++) {
      const pick = pickOption(defOf(s).options ?? [], v);
      if (pick === undefined) break;
      s = pick;
    }
  }
  return s;
}

/** The keys the schema allows for the mapping at `path`, if it is an object schema. */
export function allowedKeys(path: Path, input: unknown, root: z.ZodType = Scenario): string[] {
  const s = schemaAt(root, path, input);
  if (s === undefined) return [];
  const d = defOf(s);
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : [];
}

function descriptionOf(s: z.ZodType | undefined): string | undefined {
  if (s === undefined) return undefined;
  return z.globalRegistry.get(s)?.description ?? z.globalRegistry.get(unwrap(s))?.description;
}

// ---- issues → diagnostics -------------------------------------------------------------------

const POLICY_KEYS = new Set(['Statement', 'document', 'policy', 'trustPolicy', 'sessionPolicy', 'inlinePolicies']);
const inPolicy = (path: Path): boolean => path.some((p) => typeof p === 'string' && POLICY_KEYS.has(p));

function normPath(path: readonly PropertyKey[]): Segment[] {
  return path.map((p) => (typeof p === 'symbol' ? String(p) : p));
}

/**
 * Maps zod issues to diagnostics with paths and hints. `raw` is the parsed input. At most
 * `limit` issues are converted (a file broken everywhere repeats one mistake; the first ones
 * say what to fix), and a last diagnostic counts the rest.
 */
export function zodDiagnostics(issues: readonly Issue[], raw?: unknown, limit = MAX_REPORTED): Diagnostic[] {
  const all: Diagnostic[] = [];
  let converted = 0;
  for (const i of issues) {
    if (all.length >= limit) break;
    convert(i, [], raw, all, 0);
    converted++;
  }
  // zod's safe-integer bound goes when the field states its own (`rule: 1e20`: the maximum is 32766)
  const bounded = new Set(all.filter((d) => (d.code === 'too-big' || d.code === 'too-small')).map((d) => JSON.stringify(d.path)));
  const out = all.filter((d) => d.code !== SAFE_INT || !bounded.has(JSON.stringify(d.path))).map((d) => (d.code === SAFE_INT ? { ...d, code: /small/.test(d.message) ? 'too-small' : 'too-big' } : d));
  // one diagnostic per path and message
  const seen = new Set<string>();
  const unique = out.filter((d) => {
    const k = `${JSON.stringify(d.path)}|${d.code}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (converted < issues.length) unique.push(moreProblems(issues.length - converted));
  // paths name keys as the user wrote them (compile escaped `__proto__` for zod)
  return unique.map((d) => (d.path.some((p) => typeof p === 'string' && p !== unescapeKey(p)) ? { ...d, path: d.path.map((p) => (typeof p === 'string' ? unescapeKey(p) : p)) } : d));
}

function convert(issue: Issue, prefix: Path, raw: unknown, out: Diagnostic[], depth: number): void {
  const path: Segment[] = [...prefix, ...normPath(issue.path)];
  const value = valueAt(raw, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(path, raw);
      for (const escaped of issue.keys) {
        const key = unescapeKey(escaped);
        if (key === '<<') {
          // YAML 1.1's merge key: YAML 1.2 (what vpcsim reads) has none, so `<<` is a plain key
          out.push(error('merge-key', [...path, escaped], 'the merge key `<<` is YAML 1.1, not YAML 1.2 (what vpcsim reads): here it is a field named `<<`', 'write the shared fields out in each item, or reuse the whole item or list with an anchor (`&name`) and an alias (`*name`)'));
          continue;
        }
        const guess = didYouMean(key, allowed) ?? prefixMatch(key, allowed);
        const hint = guess !== undefined ? `did you mean \`${guess}\`?` : allowed.length > 0 ? `allowed here: ${allowed.map((k) => `\`${k}\``).join(', ')}` : undefined;
        out.push(error('unknown-field', [...path, escaped], `unknown field \`${key}\``, hint));
      }
      return;
    }
    case 'invalid_type': {
      const expected = EXPECTED[issue.expected] ?? `a ${issue.expected}`;
      if (value === undefined) {
        const field = path[path.length - 1];
        out.push(error('missing-field', path, typeof field === 'string' ? `missing required field \`${field}\`` : `missing value: expected ${expected}`));
        return;
      }
      const hint =
        issue.expected === 'string' && typeof value === 'number' ? `quote it: \`"${String(value)}"\`` : issue.expected === 'array' ? 'write a list: `[a, b]` or one `- item` per line' : undefined;
      out.push(error(inPolicy(path) ? 'invalid-policy' : 'invalid-type', path, `expected ${expected}, got ${describeType(value)}`, hint));
      return;
    }
    case 'invalid_value': {
      const values = issue.values;
      const field = path[path.length - 1];
      if (value === undefined && typeof field === 'string') {
        out.push(error('missing-field', path, `missing required field \`${field}\``, values.length === 1 ? `add \`${field}: ${String(values[0])}\`` : undefined));
        return;
      }
      if (values.length === 1) {
        // `version: "1"` is text, not the number 1: say so, or the message reads "`1`: expected `1`"
        const kind = typeof value !== typeof values[0] ? ` (${describeType(value)}, not ${describeType(values[0])})` : '';
        out.push(error('invalid-value', path, `invalid value ${show(value)}${kind}: expected ${show(values[0])}`, issue.message && !issue.message.startsWith('Invalid') ? issue.message : kind ? `write it without quotes: \`${String(values[0])}\`` : undefined));
        return;
      }
      const strs = values.map(String);
      const guess = typeof value === 'string' ? didYouMean(value, strs) : undefined;
      out.push(
        error(
          inPolicy(path) ? 'invalid-policy' : 'invalid-value',
          path,
          `invalid value ${show(value)}: expected one of ${values.map((v) => show(v)).join(', ')}`,
          guess !== undefined ? `did you mean \`${guess}\`?` : undefined,
        ),
      );
      return;
    }
    case 'invalid_union': {
      collapseUnion(issue, path, value, raw, out, depth);
      return;
    }
    case 'invalid_format': {
      const desc = descriptionOf(schemaAt(Scenario, path, raw));
      const custom = issue.message && !issue.message.startsWith('Invalid') ? issue.message : undefined;
      if (custom !== undefined) {
        out.push(error('invalid-format', path, `${show(value)}: ${custom.replace(/^`[^`]*`:?\s*/, '')}`));
        return;
      }
      const field = [...path].reverse().find((p) => typeof p === 'string');
      // words of the description (`tcp, udp, icmp, ...`) are the likely intended values
      const words = (desc ?? '').split(/,\s*(?:or\s+)?|\s+or\s+/).filter((w) => /^[\w-]+$/.test(w));
      const guess = typeof value === 'string' ? didYouMean(value, words) : undefined;
      out.push(
        error(
          'invalid-format',
          path,
          `invalid ${field ?? 'value'} ${show(value)}${desc === undefined ? `: not a valid ${issue.format}` : ''}`,
          guess !== undefined ? `did you mean \`${guess}\`? (expected ${desc})` : desc !== undefined ? `expected ${desc}` : undefined,
        ),
      );
      return;
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const bound = small ? (issue as { minimum: number | bigint }).minimum : (issue as { maximum: number | bigint }).maximum;
      const origin = (issue as { origin?: string }).origin;
      let msg: string;
      if (origin === 'array' || origin === 'set') msg = small ? (Number(bound) <= 1 ? 'the list must not be empty' : `the list needs at least ${bound} items`) : `the list takes at most ${bound} items`;
      else if (origin === 'string') msg = small ? (Number(bound) <= 1 ? 'must not be empty' : `must be at least ${bound} characters`) : `must be at most ${bound} characters`;
      else if (Math.abs(Number(bound)) === Number.MAX_SAFE_INTEGER) {
        // zod's own bound for whole numbers, not the field's: said only when the field has no other
        out.push({ ...error(small ? 'too-small' : 'too-big', path, `${show(value)} is too ${small ? 'small' : 'large'} for a whole number`, 'write the number in full, without an exponent'), code: SAFE_INT });
        return;
      } else msg = `${show(value)} is too ${small ? 'small' : 'large'}: the ${small ? 'minimum' : 'maximum'} is ${bound}`;
      out.push(error(small ? 'too-small' : 'too-big', path, msg, origin === 'array' || origin === 'set' || origin === 'string' ? undefined : `use ${String(bound)} or ${small ? 'more' : 'less'}`));
      return;
    }
    case 'not_multiple_of':
      out.push(error('invalid-value', path, `${show(value)} must be a multiple of ${String(issue.divisor)}`));
      return;
    case 'custom':
    default: {
      const code = inPolicy(path) ? 'invalid-policy' : 'invalid-value';
      // a refinement may carry its hint: `params: { hint }`
      const hint = (issue as { params?: { hint?: unknown } }).params?.hint;
      out.push(error(code, path, lower(issue.message), typeof hint === 'string' ? hint : undefined));
    }
  }
}

/** A candidate that the word is a prefix of, or that is a prefix of it (`policy` → `policies`). */
function prefixMatch(word: string, candidates: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  if (w.length < 4) return undefined;
  const stem = w.replace(/(ies|es|s|y)$/, '');
  return candidates.find((c) => {
    const l = c.toLowerCase();
    return l.startsWith(w) || w.startsWith(l) || (stem.length >= 4 && l.startsWith(stem));
  });
}

function lower(m: string): string {
  const t = m.replace(/\.$/, '');
  return /^[A-Z][a-z]/.test(t) && !/^(Effect|Version|Action|Resource|Principal)\b/.test(t) ? t[0]!.toLowerCase() + t.slice(1) : t;
}

function collapseUnion(issue: Extract<Issue, { code: 'invalid_union' }>, path: Segment[], value: unknown, raw: unknown, out: Diagnostic[], depth: number): void {
  const branches = (issue.errors ?? []) as Issue[][];
  // branches that accepted the type of the value and failed deeper or on a refinement
  const fitting = branches.filter(
    (b) =>
      b.length > 0 &&
      !b.some(
        (e) =>
          e.path.length === 0 &&
          (e.code === 'invalid_type' || (e.code === 'invalid_value' && !e.values.some((v) => typeof v === typeof value))),
      ),
  );
  const describe = (): string => {
    const desc = descriptionOf(schemaAt(Scenario, path, raw));
    return desc ?? 'one of the accepted forms';
  };
  if (depth < 8 && fitting.length >= 1) {
    // prefer the branch whose errors are deepest (it got furthest), then the fewest errors
    const score = (b: Issue[]): number => maxOf(b.map((e) => e.path.length)) * 100 - b.length;
    const best = [...fitting].sort((a, b) => score(b) - score(a))[0]!;
    if (fitting.length === 1 || score(best) >= 100 || value === null || typeof value !== 'object') {
      // a primitive that fitted one literal branch's type but not its value: say what forms are accepted
      if (typeof value !== 'object' && best.every((e) => e.path.length === 0 && e.code === 'invalid_value') && fitting.length > 1) {
        out.push(error('invalid-value', path, `${show(value)} is not valid here: expected ${describe()}`));
        return;
      }
      for (const e of best) convert(e, path, raw, out, depth + 1);
      return;
    }
  }
  if (value === undefined) {
    out.push(error('missing-field', path, `missing required field \`${String(path[path.length - 1] ?? '')}\``));
    return;
  }
  out.push(error(inPolicy(path) ? 'invalid-policy' : 'invalid-type', path, `expected ${describe()}, got ${describeType(value)} ${show(value)}`));
}
