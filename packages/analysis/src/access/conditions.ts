// Request contexts that make a statement's conditions hold, or fail: the witnesses behind
// "allowed only when the request carries aws:SourceVpce=vpce-1". For each Allow statement
// that could grant the action, one context satisfying its conditions, joined with one that
// keeps every conditional Deny from applying. Keys the engine derives from the principal or
// the resource (aws:PrincipalTag/*, aws:ResourceAccount, ...) are never set, except where the
// caller says they are free (external principals' tags).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
//   (a missing key makes a positive operator false and a negated one true; `...IfExists` holds
//   when the key is missing; `ForAllValues:` holds for a missing key, `ForAnyValue:` does not)
import { compileGlob, globMatch } from '@vpcsim/iam';
import { ipExamples, shiftDate } from '../iam-space.js';
import { listOf, type PlacedStatement } from './policies.js';

/** A context value as IAM requests carry it. */
export type ContextValue = string | number | boolean | (string | number | boolean)[];
/** Context keys to values. */
export type Context = Record<string, ContextValue>;

/** What a condition needs of a key: a value, or the key left out. */
type Need = { readonly set: ContextValue } | { readonly absent: true } | undefined;

const example = (v: string): string => v.replace(/\*/g, 'example').replace(/\?/g, 'x');
const OTHER = 'vpcsim-other';

interface Op {
  readonly base: string;
  readonly set: 'any' | 'all' | null;
  readonly ifExists: boolean;
}

function parseOp(text: string): Op {
  let t = text;
  let set: Op['set'] = null;
  if (/^ForAnyValue:/i.test(t)) {
    set = 'any';
    t = t.slice(12);
  } else if (/^ForAllValues:/i.test(t)) {
    set = 'all';
    t = t.slice(13);
  }
  const ifExists = /IfExists$/.test(t);
  return { base: ifExists ? t.slice(0, -8) : t, set, ifExists };
}

const negated = (base: string): boolean => /^(StringNot|ArnNot|NumericNotEquals|DateNotEquals|NotIpAddress)/.test(base);

/** A value that makes `base` hold against the condition values (positive operators), or that matches one of them. */
function matching(base: string, values: readonly string[]): ContextValue | undefined {
  const v = values.find((x) => !x.includes('${'));
  if (v === undefined) return undefined;
  if (/^Numeric/.test(base)) {
    const n = Number(v);
    if (Number.isNaN(n)) return undefined;
    return /LessThan$/.test(base) ? n - 1 : /GreaterThan$/.test(base) ? n + 1 : n;
  }
  if (/^Date/.test(base)) return /LessThan$/.test(base) ? shiftDate(v, -1) : /GreaterThan$/.test(base) ? shiftDate(v, 1) : v;
  if (base === 'IpAddress' || base === 'NotIpAddress') return ipExamples(v)[0];
  return example(v);
}

/** A value that makes a numeric or date comparison fail. */
function failing(base: string, values: readonly string[]): ContextValue | undefined {
  const v = values[0];
  if (v === undefined) return undefined;
  if (/^Numeric/.test(base)) {
    const n = Number(v);
    return Number.isNaN(n) ? undefined : /LessThan/.test(base) ? n + 1 : n - 1;
  }
  return /LessThan/.test(base) ? shiftDate(v, 1) : shiftDate(v, -1);
}

/** What the key needs so that the condition holds (`want` true) or fails (`want` false). */
function need(opText: string, raw: unknown, want: boolean): Need {
  const op = parseOp(opText);
  const values = listOf(Array.isArray(raw) ? raw.map(String) : raw === undefined ? [] : String(raw));
  const wrap = (v: ContextValue | undefined): Need => (v === undefined ? undefined : { set: op.set !== null && !Array.isArray(v) ? [v as string] : v });
  if (op.base === 'Null') {
    const nullTrue = values[0] === 'true';
    return nullTrue === want ? { absent: true } : { set: 'example' };
  }
  if (want) {
    if (op.ifExists || op.set === 'all') return { absent: true };
    if (negated(op.base)) return { absent: true };
    if (op.base === 'Bool') return values[0] === undefined ? undefined : { set: values[0] };
    return wrap(matching(op.base, values));
  }
  // make it fail
  if (negated(op.base)) return wrap(matching(op.base.replace('Not', ''), values));
  if (op.ifExists || op.set === 'all') {
    if (/^(Numeric|Date)/.test(op.base)) return wrap(failing(op.base, values));
    return wrap(op.base === 'Bool' ? (values[0] === 'true' ? 'false' : 'true') : OTHER);
  }
  return { absent: true };
}

/** Keys a request never carries itself: the engine derives them from the principal or the resource. */
export function derivedKey(key: string): boolean {
  const k = key.toLowerCase();
  return /^aws:(principal|resource)/.test(k) || k === 'aws:username' || k === 'aws:userid';
}

/** Keys a request sent from an instance gets from its network path. */
export function networkKey(key: string): boolean {
  return ['aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip'].includes(key.toLowerCase());
}

const globs = new Map<string, ReturnType<typeof compileGlob>>();
/** An action pattern compiled once (lowercased: actions match case-insensitively). */
function actionGlob(pattern: string): ReturnType<typeof compileGlob> {
  let g = globs.get(pattern);
  if (g === undefined) {
    g = compileGlob(pattern.toLowerCase());
    if (globs.size < 100_000) globs.set(pattern, g);
  }
  return g;
}

/** Whether a statement's Action/NotAction admits the action. */
export function admitsAction(st: PlacedStatement['statement'], action: string): boolean {
  const a = action.toLowerCase();
  if (st.Action !== undefined) return listOf(st.Action).some((p) => globMatch(actionGlob(p), a));
  if (st.NotAction !== undefined) return !listOf(st.NotAction).some((p) => globMatch(actionGlob(p), a));
  return false;
}

/**
 * The context that makes every condition of a statement hold (`want` true), or one of them
 * fail (`want` false; empty when a condition already fails with its key left out). Keys `free`
 * rejects are left to the engine. Undefined when no context can do it.
 */
function contextFor(st: PlacedStatement['statement'], want: boolean, free: (key: string) => boolean): Context | undefined {
  const conds = Object.entries(st.Condition ?? {}).flatMap(([op, keys]) => Object.entries(keys).map(([key, raw]) => ({ op, key, raw })));
  if (want) {
    const out: Context = {};
    for (const c of conds) {
      if (!free(c.key)) continue;
      const n = need(c.op, c.raw, true);
      if (n !== undefined && 'set' in n) out[c.key] = n.set;
    }
    return out;
  }
  // a condition that needs its key fails while the key is left out
  for (const c of conds) {
    if (!free(c.key)) continue;
    const n = need(c.op, c.raw, true);
    if (n !== undefined && 'set' in n) return {};
  }
  for (const c of conds) {
    if (!free(c.key)) continue;
    const n = need(c.op, c.raw, false);
    if (n !== undefined && 'set' in n) return { [c.key]: n.set };
  }
  return undefined;
}

/** A candidate context and the Allow statement it satisfies. */
export interface ContextCandidate {
  readonly context: Context;
  /** The statement whose conditions it satisfies (`policy statement N`), when one. */
  readonly satisfies?: PlacedStatement | undefined;
}

/**
 * Contexts to try for an action, beyond the one asked: for each Allow statement that admits
 * the action and has conditions, a context satisfying them joined with one that keeps every
 * conditional Deny admitting the action from applying; and the latter alone. `given` keys
 * are kept as given; `free(key)` says which keys the request may carry.
 */
export function contextCandidates(statements: readonly PlacedStatement[], action: string, given: Context, free: (key: string) => boolean, limit = 32): ContextCandidate[] {
  const isFree = (k: string): boolean => free(k) && !Object.keys(given).some((g) => g.toLowerCase() === k.toLowerCase());
  const relevant = statements.filter((s) => s.statement.Condition !== undefined && admitsAction(s.statement, action));
  return candidatesFrom(relevant, given, isFree, limit);
}

/** The candidates of `contextCandidates` from the conditional statements that admit the action. */
export function candidatesFrom(relevant: readonly PlacedStatement[], given: Context, isFree: (key: string) => boolean, limit = 32): ContextCandidate[] {
  const avoid: Context = {};
  for (const s of relevant) if (s.statement.Effect === 'Deny') Object.assign(avoid, contextFor(s.statement, false, isFree) ?? {});
  const out: ContextCandidate[] = [];
  const seen = new Set<string>();
  const push = (c: ContextCandidate): void => {
    const ctx = { ...c.context, ...given };
    const key = JSON.stringify(Object.entries(ctx).sort(([a], [b]) => a.localeCompare(b)));
    if (seen.has(key) || out.length >= limit) return;
    seen.add(key);
    out.push({ ...c, context: ctx });
  };
  if (Object.keys(avoid).length > 0) push({ context: avoid });
  for (const s of relevant) {
    if (s.statement.Effect !== 'Allow') continue;
    const ctx = contextFor(s.statement, true, isFree);
    if (ctx !== undefined && Object.keys(ctx).length > 0) push({ context: { ...avoid, ...ctx }, satisfies: s });
  }
  return out;
}
