// The reference IAM evaluator: slow, literal, written straight from AWS's policy evaluation
// documentation so that the fast engine (evaluate.ts) can be checked against it on random
// inputs. Linear scans over the scenario, plain matching code, no caches and no indexes: when
// the two disagree, this file should be the one that is easy to read against the docs.
//
// The flow (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html):
//   1. Deny evaluation: a matching Deny statement in ANY applicable policy is final.
//   2. RCPs (of the resource's account) must allow at every level.
//   3. SCPs (of the principal's account) must allow at every level.
//   4. The VPC endpoint policy, when the request went through an endpoint, must allow.
//   5. Resource-based policy, identity-based policies, permissions boundary and session policy
//      combine as the single-account and cross-account pages describe:
//      https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
//      https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
//   6. Exceptions: role trust policies and KMS key policies must allow explicitly.
//
// Ambiguities and the rule chosen are marked `CHOICE:` with the URL they come from.
import {
  expandPrincipal,
  mask4,
  mask6,
  parseIp,
  pushAll,
  PolicyDocument as PolicyDocumentSchema,
  statementsOf,
  type Diagnostic,
  type IamGroup,
  type IamRole,
  type IamUser,
  type Model,
  type OrganizationalUnit,
  type PolicyDocument,
  type PolicyPrincipal,
  type PolicyStatement,
  type Resource,
  type S3BlockPublicAccess,
} from '@vpcsim/model';
import { AWS_MANAGED_POLICIES } from './aws-managed-policies.js';
import { loadCatalog } from './catalog/catalog.js';
import type { ContextValue, Decision, DecisiveStatement, GateResult, PolicyType, Request, RequestContext, StatementMatch } from './types.js';

/** aws:CurrentTime when the request gives none, so decisions are reproducible. */
const REFERENCE_CURRENT_TIME = '2025-01-01T00:00:00Z';

// ---------------------------------------------------------------------------------------------
// Wildcard matching: `*` any run of characters, `?` exactly one. A pattern is a list of
// characters, each marked literal or not (text substituted from policy variables and the
// special `${*}` `${?}` `${$}` are literal). Plain dynamic programming over (pattern, text):
// O(|pattern| * |text|) time, no regex built from user input, no exponential backtracking.
// ---------------------------------------------------------------------------------------------

interface PatternChar {
  readonly ch: string;
  readonly literal: boolean;
}

function plainPattern(text: string): PatternChar[] {
  const out: PatternChar[] = [];
  for (const ch of text) out.push({ ch, literal: false });
  return out;
}

/**
 * `segments`: the text is an ARN whose colons separate segments; a `*` or `?` stays within a
 * segment, except a `*` that ends its segment (followed by `:` or the end of the pattern),
 * which may run on across colons (the Resource element rule, see resourceMatch).
 */
function wildcardMatch(pattern: readonly PatternChar[], text: string, ignoreCase: boolean, segments = false): boolean {
  const t = [...(ignoreCase ? text.toLowerCase() : text)];
  const p = pattern.map((c) => ({ ch: ignoreCase ? c.ch.toLowerCase() : c.ch, literal: c.literal }));
  // row[j]: pattern[0..i) matches text[0..j)
  let row: boolean[] = new Array<boolean>(t.length + 1).fill(false);
  row[0] = true;
  for (let i = 0; i < p.length; i++) {
    const pc = p[i]!;
    const next: boolean[] = new Array<boolean>(t.length + 1).fill(false);
    if (!pc.literal && pc.ch === '*') {
      const after = p[i + 1];
      const crossesColons = !segments || after === undefined || after.ch === ':';
      next[0] = row[0]!;
      for (let j = 1; j <= t.length; j++) next[j] = row[j]! || (next[j - 1]! && (crossesColons || t[j - 1] !== ':'));
    } else {
      for (let j = 1; j <= t.length; j++) {
        const one = !pc.literal && pc.ch === '?' && !(segments && t[j - 1] === ':');
        next[j] = row[j - 1]! && (one || pc.ch === t[j - 1]);
      }
    }
    row = next;
  }
  return row[t.length]!;
}

/** Splits an ARN into its six colon-separated parts (the last keeps its colons). */
function arnParts<T>(chars: readonly T[], isColon: (c: T) => boolean): T[][] | undefined {
  const parts: T[][] = [[]];
  for (const c of chars) {
    if (parts.length < 6 && isColon(c)) parts.push([]);
    else parts[parts.length - 1]!.push(c);
  }
  return parts.length === 6 ? parts : undefined;
}

/**
 * ARN matching, segment by segment.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN
 *   "Each of the six colon-delimited components of the ARN is checked separately and each can
 *   include multi-character match wildcards (*) or single-character match wildcards (?)."
 * CHOICE: a pattern with fewer than six segments never matches an ARN; text that is not an
 * ARN is matched as a whole string.
 */
function arnMatch(pattern: readonly PatternChar[], text: string): boolean {
  if (pattern.length === 1 && pattern[0]!.ch === '*' && !pattern[0]!.literal) return true;
  const pp = arnParts(pattern, (c) => c.ch === ':');
  const tp = arnParts([...text], (c) => c === ':');
  // An ARN is six segments: a pattern with fewer never matches one (a `*` cannot make up for
  // missing segments). Text that is not an ARN (a request without resource, `*`) is matched whole.
  if (tp === undefined) return wildcardMatch(pattern, text, false);
  if (pp === undefined) return false;
  for (let i = 0; i < 6; i++) if (!wildcardMatch(pp[i]!, tp[i]!.join(''), false)) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// The request context: given keys win; derived global keys fill in.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// "Condition key names are not case-sensitive."
// ---------------------------------------------------------------------------------------------

type Context = Record<string, ContextValue>;

function lookup(ctx: Context, key: string): ContextValue | undefined {
  const want = key.toLowerCase();
  for (const k of Object.keys(ctx)) if (k.toLowerCase() === want) return ctx[k];
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Policy variables.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
// - replaced only when the policy's Version is 2012-10-17;
// - `${key, 'default'}` gives a default for a missing key;
// - `${*}`, `${?}`, `${$}` stand for the literal characters;
// - substituted values are literal text (a `*` in a tag value is not a wildcard);
// - multivalued keys cannot be used as variables.
// CHOICE: a variable whose key is missing (and has no default) makes that one element value
// unusable: a Resource/NotResource entry with it matches nothing, a condition value with it
// equals nothing (so a negated operator against only that value is true).
// ---------------------------------------------------------------------------------------------

function substitute(text: string, ctx: Context, variables: boolean): PatternChar[] | undefined {
  if (!variables) return plainPattern(text);
  const out: PatternChar[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '$' && text[i + 1] === '{') {
      const close = text.indexOf('}', i + 2);
      if (close >= 0) {
        const inner = text.slice(i + 2, close).trim();
        i = close + 1;
        if (inner === '*' || inner === '?' || inner === '$') {
          out.push({ ch: inner, literal: true });
          continue;
        }
        let key = inner;
        let fallback: string | undefined;
        const comma = inner.indexOf(',');
        if (comma >= 0) {
          key = inner.slice(0, comma).trim();
          const rest = inner.slice(comma + 1).trim();
          if (rest.length >= 2 && rest.startsWith("'") && rest.endsWith("'")) fallback = rest.slice(1, -1);
        }
        const v = lookup(ctx, key);
        let value: string | undefined;
        if (v !== undefined && !Array.isArray(v)) value = String(v);
        else value = fallback;
        if (value === undefined) return undefined;
        for (const ch of value) out.push({ ch, literal: true });
        continue;
      }
    }
    out.push({ ch: text[i]!, literal: false });
    i++;
  }
  return out;
}

const asText = (p: readonly PatternChar[]): string => p.map((c) => c.ch).join('');

// ---------------------------------------------------------------------------------------------
// Conditions.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
// - AND across operators and across keys; OR across the values of one key.
// - A missing key: the condition is false, except for negated operators (true), `...IfExists`
//   (true) and `Null`.
// - ForAllValues: true when every request value matches (true when the key is missing or empty);
//   ForAnyValue: true when at least one request value matches (false when missing or empty).
// ---------------------------------------------------------------------------------------------

const NEGATED = new Set([
  'StringNotEquals',
  'StringNotEqualsIgnoreCase',
  'StringNotLike',
  'NumericNotEquals',
  'DateNotEquals',
  'ArnNotEquals',
  'ArnNotLike',
  'NotIpAddress',
]);
/** Operators whose policy values may hold policy variables. */
const WITH_VARIABLES = /^(String|Arn)/;

function splitOperator(op: string): { prefix: '' | 'ForAllValues' | 'ForAnyValue'; base: string; ifExists: boolean } {
  let rest = op;
  let prefix: '' | 'ForAllValues' | 'ForAnyValue' = '';
  if (rest.startsWith('ForAllValues:')) {
    prefix = 'ForAllValues';
    rest = rest.slice('ForAllValues:'.length);
  } else if (rest.startsWith('ForAnyValue:')) {
    prefix = 'ForAnyValue';
    rest = rest.slice('ForAnyValue:'.length);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  return { prefix, base: rest, ifExists };
}

function parseNumber(v: string | number | boolean): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Dates: ISO 8601 text or epoch seconds. */
function parseDate(v: string | number | boolean): number | undefined {
  if (typeof v === 'number') return v * 1000;
  if (typeof v !== 'string') return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

function ipInRange(requestIp: string, range: string): boolean {
  const slash = range.indexOf('/');
  const addr = parseIp(slash < 0 ? range : range.slice(0, slash));
  const ip = parseIp(requestIp);
  if (addr === undefined || ip === undefined || addr.version !== ip.version) return false;
  const maxPrefix = addr.version === 4 ? 32 : 128;
  const prefix = slash < 0 ? maxPrefix : Number(range.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix) return false;
  if (addr.version === 4) {
    const m = mask4(prefix);
    return ((addr.value as number) & m) >>> 0 === ((ip.value as number) & m) >>> 0;
  }
  const m = mask6(prefix);
  return ((addr.value as bigint) & m) === ((ip.value as bigint) & m);
}

/**
 * Whether one request value matches one policy value under the positive form of `base`
 * (for negated operators the caller negates). Undefined: the operator is unknown.
 */
function positiveMatch(base: string, requestValue: string | number | boolean, policyValue: PatternChar[]): boolean | undefined {
  const rv = String(requestValue);
  const pv = asText(policyValue);
  switch (base) {
    case 'StringEquals':
    case 'StringNotEquals':
      return rv === pv;
    case 'StringEqualsIgnoreCase':
    case 'StringNotEqualsIgnoreCase':
      return rv.toLowerCase() === pv.toLowerCase();
    case 'StringLike':
    case 'StringNotLike':
      return wildcardMatch(policyValue, rv, false);
    case 'NumericEquals':
    case 'NumericNotEquals':
    case 'NumericLessThan':
    case 'NumericLessThanEquals':
    case 'NumericGreaterThan':
    case 'NumericGreaterThanEquals': {
      const a = parseNumber(requestValue);
      const b = parseNumber(pv);
      if (a === undefined || b === undefined) return false;
      if (base === 'NumericLessThan') return a < b;
      if (base === 'NumericLessThanEquals') return a <= b;
      if (base === 'NumericGreaterThan') return a > b;
      if (base === 'NumericGreaterThanEquals') return a >= b;
      return a === b;
    }
    case 'DateEquals':
    case 'DateNotEquals':
    case 'DateLessThan':
    case 'DateLessThanEquals':
    case 'DateGreaterThan':
    case 'DateGreaterThanEquals': {
      const a = parseDate(requestValue);
      const b = parseDate(pv);
      if (a === undefined || b === undefined) return false;
      if (base === 'DateLessThan') return a < b;
      if (base === 'DateLessThanEquals') return a <= b;
      if (base === 'DateGreaterThan') return a > b;
      if (base === 'DateGreaterThanEquals') return a >= b;
      return a === b;
    }
    case 'Bool':
      // "Boolean matching": the value is `true` or `false`, case-insensitively.
      return rv.toLowerCase() === pv.toLowerCase() && (pv.toLowerCase() === 'true' || pv.toLowerCase() === 'false');
    case 'BinaryEquals':
      return rv === pv;
    case 'IpAddress':
    case 'NotIpAddress':
      return ipInRange(rv, pv);
    case 'ArnEquals':
    case 'ArnLike':
    case 'ArnNotEquals':
    case 'ArnNotLike':
      return arnMatch(policyValue, rv);
    default:
      return undefined;
  }
}

const KNOWN_BASES = new Set([
  'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
  'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
  'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
  'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
]);

interface ConditionOutcome {
  readonly ok: boolean;
  readonly why: string;
  readonly error?: string | undefined;
}

function evaluateCondition(op: string, key: string, raw: unknown, ctx: Context, variables: boolean): ConditionOutcome {
  const { prefix, base, ifExists } = splitOperator(op);
  if (!KNOWN_BASES.has(base) || (base === 'Null' && (ifExists || prefix !== '')))
    return { ok: false, why: `condition ${op}: unknown operator`, error: `unknown condition operator \`${op}\`` };
  const policyValues: (string | number | boolean)[] = Array.isArray(raw) ? (raw as (string | number | boolean)[]) : [raw as string | number | boolean];
  const value = lookup(ctx, key);
  // CHOICE: a multivalued key with an empty list of values is treated as missing (as `Null`
  // does, and as ForAllValues/ForAnyValue treat an empty set).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
  const missing = value === undefined || (Array.isArray(value) && value.length === 0);
  const requestValues: (string | number | boolean)[] = value === undefined ? [] : Array.isArray(value) ? [...(value as (string | number | boolean)[])] : [value as string | number | boolean];

  if (base === 'Null') {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
    // true: the key must be absent; false: the key must be present (and not null).
    const absent = missing;
    const ok = policyValues.some((p) => String(p).toLowerCase() === (absent ? 'true' : 'false'));
    return { ok, why: `condition Null ${key}: key ${absent ? 'absent' : 'present'}` };
  }

  if (prefix === 'ForAllValues') {
    if (requestValues.length === 0) return { ok: true, why: `condition ${op} ${key}: no values, so all of them match` };
  } else if (prefix === 'ForAnyValue') {
    // CHOICE: ForAnyValue with a missing key is false even for a negated operator (no value can
    // satisfy it); with IfExists it is true.
    if (requestValues.length === 0) return { ok: ifExists, why: `condition ${op} ${key}: key missing from the request` };
  } else if (missing) {
    if (ifExists) return { ok: true, why: `condition ${op} ${key}: key missing, IfExists makes it true` };
    if (NEGATED.has(base)) return { ok: true, why: `condition ${op} ${key}: key missing, a negated operator is true` };
    return { ok: false, why: `condition ${op} ${key}: key missing from the request` };
  }

  const negated = NEGATED.has(base);
  const resolved: PatternChar[][] = [];
  for (const p of policyValues) {
    const pat = WITH_VARIABLES.test(base) && typeof p === 'string' ? substitute(p, ctx, variables) : plainPattern(String(p));
    if (pat !== undefined) resolved.push(pat);
  }
  /** The operator applied to one request value: OR across the policy values (negated: none matches). */
  const one = (rv: string | number | boolean): boolean => {
    let any = false;
    for (const pv of resolved) if (positiveMatch(base, rv, pv) === true) any = true;
    return negated ? !any : any;
  };
  let ok: boolean;
  if (prefix === 'ForAllValues') ok = requestValues.every(one);
  else if (prefix === 'ForAnyValue') ok = requestValues.some(one);
  else if (negated) {
    // CHOICE: a multivalued key under a single-valued negated operator: true when no request
    // value matches any policy value (the negation of the positive "any matches").
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
    ok = requestValues.every(one);
  } else ok = requestValues.some(one);
  return { ok, why: `condition ${op} ${key}: ${ok ? 'holds' : 'does not hold'} for ${JSON.stringify(value)}` };
}

// ---------------------------------------------------------------------------------------------
// Principals.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
// ---------------------------------------------------------------------------------------------

type Kind = 'user' | 'role' | 'assumed-role' | 'root' | 'anonymous' | 'service' | 'federated' | 'cloudfront-oai';

interface Who {
  readonly kind: Kind;
  /** Own ARN: user ARN, session ARN, role ARN (a bare role), root ARN; service name; `*`. */
  readonly arn: string;
  readonly roleArn?: string | undefined;
  readonly account?: string | undefined;
  readonly name?: string | undefined;
  readonly session?: string | undefined;
  readonly user?: IamUser | undefined;
  readonly role?: IamRole | undefined;
  readonly hasBoundary: boolean;
}

/**
 * How a Principal element names the principal:
 * - `direct`: its own user ARN, session ARN, service or provider name;
 * - `role`: the role ARN, for the role or one of its sessions;
 * - `any`: `"*"` (everyone, anonymous included);
 * - `account`: the account (`123456789012` or `arn:aws:iam::123456789012:root`): a delegation
 *   to that account's IAM policies.
 */
type Strength = 'none' | 'account' | 'role' | 'any' | 'direct';

const listOf = (v: string | string[] | undefined): string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v);

function accountOfPrincipalValue(v: string): string | undefined {
  if (/^\d{12}$/.test(v)) return v;
  const m = /^arn:aws[a-z-]*:iam::(\d{12}):root$/.exec(v);
  return m ? m[1] : undefined;
}

function principalStrength(p: PolicyPrincipal, who: Who): Strength {
  if (p === '*') return 'any';
  let best: Strength = 'none';
  const rank: Record<Strength, number> = { none: 0, account: 1, role: 2, any: 3, direct: 4 };
  const take = (s: Strength): void => {
    if (rank[s] > rank[best]) best = s;
  };
  for (const v of listOf(p.AWS)) {
    if (v === '*') take('any');
    else if (who.kind === 'anonymous' || who.kind === 'service' || who.kind === 'federated') continue;
    else if (accountOfPrincipalValue(v) !== undefined) {
      if (accountOfPrincipalValue(v) === who.account) take(who.kind === 'root' ? 'direct' : 'account');
    } else if (v === who.arn) take(who.kind === 'role' ? 'role' : 'direct');
    else if (who.roleArn !== undefined && v === who.roleArn) take('role');
  }
  for (const v of listOf(p.Service)) {
    if (v === '*') take('any');
    else if (who.kind === 'service' && v.toLowerCase() === who.arn.toLowerCase()) take('direct');
  }
  for (const v of listOf(p.Federated)) {
    if (v === '*') take('any');
    else if (who.kind === 'federated' && v === who.arn) take('direct');
  }
  // CanonicalUser entries are not resolved here: judge() treats them as "might match".
  return best;
}

/**
 * NotPrincipal: the statement applies to everyone except the principals listed. A request
 * carries several identities (session, role, account); it is excluded only when all of them
 * are listed ("you must also include the account ARN", and for a session both the session ARN
 * and the role ARN).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 *   "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
 *   permissions boundary policy attached, regardless of the values specified."
 */
function notPrincipalApplies(p: PolicyPrincipal, who: Who, deny: boolean): boolean {
  if (deny && who.hasBoundary) return true;
  if (p === '*') return false;
  const aws = listOf(p.AWS);
  if (aws.includes('*')) return false;
  const listed = (arn: string): boolean => aws.includes(arn);
  const accountListed = who.account !== undefined && aws.some((v) => accountOfPrincipalValue(v) === who.account);
  switch (who.kind) {
    case 'anonymous':
      return true;
    case 'service':
      return !listOf(p.Service).some((s) => s.toLowerCase() === who.arn.toLowerCase());
    case 'federated':
      return !listOf(p.Federated).includes(who.arn);
    case 'cloudfront-oai':
      return !listed(who.arn);
    case 'root':
      return !accountListed;
    case 'user':
      return !(listed(who.arn) && accountListed);
    case 'role':
      return !(listed(who.arn) && accountListed);
    case 'assumed-role':
      return !(listed(who.arn) && who.roleArn !== undefined && listed(who.roleArn) && accountListed);
  }
}

// ---------------------------------------------------------------------------------------------
// Statements.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
//   Actions are case-insensitive, with `*` and `?`; NotAction matches every action not listed.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
// ---------------------------------------------------------------------------------------------

interface Policy {
  readonly name: string;
  readonly type: PolicyType;
  readonly doc: PolicyDocument;
}

interface Judged {
  readonly policy: Policy;
  readonly index: number;
  readonly statement: PolicyStatement;
  readonly matched: boolean;
  readonly failed?: StatementMatch['failed'];
  readonly why: string;
  /** For statements with a Principal: how strongly it names the principal. */
  readonly strength: Strength;
  /** Everything matched but the Principal, which names a CanonicalUser: it might apply. */
  readonly unsure?: boolean;
}

interface Evaluation {
  readonly action: string;
  readonly resource: string;
  readonly who: Who;
  readonly ctx: Context;
  readonly errors: Diagnostic[];
}

function actionMatches(patterns: string[], action: string): boolean {
  for (const p of patterns) if (wildcardMatch(plainPattern(p), action, true)) return true;
  return false;
}

/**
 * The Resource and NotResource elements.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
 *   "You can use wildcard characters (* and ?) within the individual segments of an ARN (the
 *   parts separated by colons)... If the * wildcard is the last character of a resource ARN
 *   segment, it can expand to match beyond the colon boundaries."
 * So `arn:aws:s3:*` covers every S3 ARN, while the `*` of `a*b` stays within its segment.
 * (ArnLike conditions are stricter: each of the six segments is matched on its own; arnMatch.)
 */
function resourceMatch(pattern: readonly PatternChar[], text: string): boolean {
  return wildcardMatch(pattern, text, false, true);
}

function resourceMatches(patterns: string[], resource: string, ctx: Context, variables: boolean): boolean {
  for (const p of patterns) {
    // variables are replaced only after the fifth colon (the resource part of the ARN)
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    const parts = p.split(':');
    const head = parts.length > 5 ? `${parts.slice(0, 5).join(':')}` : '';
    const tail = parts.length > 5 ? `:${parts.slice(5).join(':')}` : p;
    const rest = substitute(tail, ctx, variables);
    const pat = rest === undefined ? undefined : [...plainPattern(head), ...rest];
    if (pat !== undefined && resourceMatch(pat, resource)) return true;
  }
  return false;
}

function judge(policy: Policy, index: number, st: PolicyStatement, ev: Evaluation, withPrincipal: boolean): Judged {
  const base = { policy, index, statement: st };
  const variables = policy.doc.Version === '2012-10-17';
  let strength: Strength = 'none';
  // A CanonicalUser (an S3 canonical id) cannot be resolved to a principal of the scenario: the
  // statement might apply, so it is judged on everything else and reported, never applied.
  let unsure = false;
  if (withPrincipal) {
    if (st.Principal !== undefined) {
      strength = principalStrength(st.Principal, ev.who);
      if (strength === 'none') {
        if (st.Principal === '*' || listOf(st.Principal.CanonicalUser).length === 0) return { ...base, matched: false, failed: 'Principal', why: 'the Principal element does not name the caller', strength };
        unsure = true;
      }
    } else if (st.NotPrincipal !== undefined) {
      if (!notPrincipalApplies(st.NotPrincipal, ev.who, st.Effect === 'Deny'))
        return { ...base, matched: false, failed: 'NotPrincipal', why: 'the caller is excluded by NotPrincipal', strength };
      strength = 'any';
    } else {
      return { ...base, matched: false, failed: 'Principal', why: 'the statement names no principal', strength };
    }
  }
  if (st.Action !== undefined && !actionMatches(listOf(st.Action), ev.action))
    return { ...base, matched: false, failed: 'Action', why: `Action does not match \`${ev.action}\``, strength };
  if (st.NotAction !== undefined && actionMatches(listOf(st.NotAction), ev.action))
    return { ...base, matched: false, failed: 'NotAction', why: `\`${ev.action}\` is listed in NotAction`, strength };
  // CHOICE: a statement without Resource/NotResource (allowed in SCPs and trust policies)
  // covers every resource. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
  // A key policy statement without them is stored, but "Resource" is required in a key policy:
  // it applies to nothing. https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
  if (policy.type === 'key' && st.Resource === undefined && st.NotResource === undefined)
    return { ...base, matched: false, failed: 'Resource', why: 'a key policy statement without Resource applies to nothing', strength };
  if (st.Resource !== undefined && !resourceMatches(listOf(st.Resource), ev.resource, ev.ctx, variables))
    return { ...base, matched: false, failed: 'Resource', why: `Resource does not match \`${ev.resource}\``, strength };
  if (st.NotResource !== undefined && resourceMatches(listOf(st.NotResource), ev.resource, ev.ctx, variables))
    return { ...base, matched: false, failed: 'NotResource', why: `\`${ev.resource}\` is listed in NotResource`, strength };
  for (const [op, keys] of Object.entries(st.Condition ?? {})) {
    for (const [key, raw] of Object.entries(keys)) {
      const c = evaluateCondition(op, key, raw, ev.ctx, variables);
      if (c.error !== undefined) {
        ev.errors.push({ code: 'unknown-condition-operator', severity: 'error', path: [], message: `${c.error} in ${policy.name}`, hint: 'the statement never matches' });
        return { ...base, matched: false, failed: 'Condition', why: c.why, strength };
      }
      if (!c.ok) return { ...base, matched: false, failed: 'Condition', why: c.why, strength };
    }
  }
  if (unsure) return { ...base, matched: false, failed: 'Principal', why: 'only a CanonicalUser entry could name the caller, and canonical user ids are not implemented', strength, unsure };
  return { ...base, matched: true, why: `${st.Effect} matches`, strength };
}

function judgeAll(policies: readonly Policy[], ev: Evaluation, withPrincipal: boolean): Judged[] {
  const out: Judged[] = [];
  for (const p of policies) statementsOf(p.doc).forEach((st, i) => out.push(judge(p, i, st, ev, withPrincipal)));
  return out;
}

const decisiveOf = (j: Judged): DecisiveStatement => ({
  policy: j.policy.name,
  policyType: j.policy.type,
  statement: j.index,
  sid: j.statement.Sid,
  effect: j.statement.Effect,
});

const matchOf = (j: Judged): StatementMatch => ({
  policy: j.policy.name,
  statement: j.index,
  sid: j.statement.Sid,
  effect: j.statement.Effect,
  matched: j.matched,
  failed: j.failed,
  why: j.why,
});

const sortMatches = (js: readonly Judged[]): StatementMatch[] => [...js.filter((j) => j.matched), ...js.filter((j) => !j.matched)].map(matchOf);

// ---------------------------------------------------------------------------------------------
// Finding the policies in the scenario.
// ---------------------------------------------------------------------------------------------

interface World {
  readonly model: Model;
  readonly defaultAccount: string;
  readonly errors: Diagnostic[];
}

const accountOf = (w: World, a: string | undefined): string => a ?? w.defaultAccount;

function findUser(w: World, account: string, name: string): IamUser | undefined {
  for (const u of w.model.scenario.iam?.users ?? []) if (accountOf(w, u.account) === account && u.name === name) return u;
  return undefined;
}

/** A service-linked role: declared so, or under the `/aws-service-role/` path AWS gives them. */
function isServiceLinked(role: IamRole | undefined): boolean {
  return role !== undefined && (role.serviceLinked === true || (role.path ?? '/').startsWith('/aws-service-role/'));
}

function findRole(w: World, account: string, name: string): IamRole | undefined {
  for (const r of w.model.scenario.iam?.roles ?? []) if (accountOf(w, r.account) === account && r.name === name) return r;
  return undefined;
}

function findGroup(w: World, account: string, name: string): IamGroup | undefined {
  for (const g of w.model.scenario.iam?.groups ?? []) if (accountOf(w, g.account) === account && g.name === name) return g;
  return undefined;
}

/** A managed policy by name (customer, in `account`) or ARN (declared, else bundled AWS-managed). */
function managedPolicy(w: World, ref: string, account: string, type: PolicyType): Policy | undefined {
  for (const p of w.model.scenario.iam?.policies ?? []) {
    const arn = p.arn ?? `arn:aws:iam::${accountOf(w, p.account)}:policy${p.path ?? '/'}${p.name}`;
    if (ref.startsWith('arn:') ? arn === ref : p.arn === undefined && p.name === ref && accountOf(w, p.account) === account) return { name: arn, type, doc: p.document };
  }
  const bundled = AWS_MANAGED_POLICIES.get(ref);
  if (bundled !== undefined) return { name: ref, type, doc: bundled };
  w.errors.push({ code: 'unknown-reference', severity: 'error', path: [], message: `unknown managed policy \`${ref}\``, hint: 'declare it under `iam.policies` (with its `arn` for an AWS-managed policy)' });
  return undefined;
}

function attachedPolicies(w: World, owner: string, account: string, e: { managedPolicies?: string[] | undefined; inlinePolicies?: Record<string, PolicyDocument> | undefined }): Policy[] {
  const out: Policy[] = [];
  for (const ref of e.managedPolicies ?? []) {
    const p = managedPolicy(w, ref, account, 'identity');
    if (p !== undefined) out.push(p);
  }
  for (const [name, doc] of Object.entries(e.inlinePolicies ?? {})) out.push({ name: `${owner} inline:${name}`, type: 'identity', doc });
  return out;
}

/** The session entry for a session ARN, if the scenario lists one. */
function findSession(w: World, sessionArn: string): { sessionPolicy?: PolicyDocument | undefined; tags?: Record<string, string> | undefined } | undefined {
  for (const s of w.model.scenario.iam?.sessions ?? []) {
    const p = expandPrincipal(s.principal, w.defaultAccount);
    if (p !== undefined && p.arn === sessionArn) return s;
  }
  return undefined;
}

const FULL_AWS_ACCESS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const RCP_FULL_AWS_ACCESS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };

/**
 * The organization levels above an account, root first: `[levelName, unit-or-account entry]`.
 * Undefined when the account is not in the organization tree.
 */
function orgPath(w: World, account: string): { name: string; scps: string[] | undefined; rcps: string[] | undefined }[] | undefined {
  const root = w.model.scenario.organization?.root;
  if (root === undefined) return undefined;
  const walk = (u: OrganizationalUnit, name: string, above: { name: string; scps: string[] | undefined; rcps: string[] | undefined }[]): typeof above | undefined => {
    const here = [...above, { name, scps: u.policies, rcps: u.resourceControlPolicies }];
    for (const a of u.accounts ?? []) {
      if (typeof a === 'string') {
        if (a === account) return [...here, { name: a, scps: undefined, rcps: undefined }];
      } else if (a.id === account) return [...here, { name: a.id, scps: a.policies, rcps: a.resourceControlPolicies }];
    }
    for (const c of u.units ?? []) {
      const found = walk(c, c.id ?? c.name ?? 'ou', here);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(root, root.id ?? 'root', []);
}

function orgPolicy(w: World, name: string, type: 'scp' | 'rcp', level: string): Policy | undefined {
  if (type === 'scp' && name === 'FullAWSAccess') return { name: `scp:${level}/FullAWSAccess`, type, doc: FULL_AWS_ACCESS };
  if (type === 'rcp' && name === 'RCPFullAWSAccess') return { name: `rcp:${level}/RCPFullAWSAccess`, type, doc: RCP_FULL_AWS_ACCESS };
  for (const p of w.model.scenario.organization?.policies ?? []) if (p.name === name && p.type === type) return { name: `${type}:${level}/${name}`, type, doc: p.document };
  w.errors.push({ code: 'unknown-reference', severity: 'error', path: [], message: `unknown ${type} \`${name}\`` });
  return undefined;
}

/**
 * SCP levels: root, each OU, the account. A level with no `policies` list has FullAWSAccess
 * (AWS attaches it by default; the scenario format says a bare account id means FullAWSAccess).
 * CHOICE: an explicit empty list means nothing is allowed at that level (AWS never lets the
 * last SCP be detached, so this only happens in hand-written scenarios).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html
 */
function scpLevels(w: World, account: string): { level: string; policies: Policy[] }[] | undefined {
  const path = orgPath(w, account);
  if (path === undefined) return undefined;
  return path.map((l) => ({
    level: l.name,
    policies: (l.scps ?? ['FullAWSAccess']).map((n) => orgPolicy(w, n, 'scp', l.name)).filter((p): p is Policy => p !== undefined),
  }));
}

/**
 * RCP levels: RCPFullAWSAccess is attached to every level and cannot be detached.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
 */
function rcpLevels(w: World, account: string): { level: string; policies: Policy[] }[] | undefined {
  const path = orgPath(w, account);
  if (path === undefined) return undefined;
  return path.map((l) => ({
    level: l.name,
    policies: ['RCPFullAWSAccess', ...(l.rcps ?? []).filter((n) => n !== 'RCPFullAWSAccess')].map((n) => orgPolicy(w, n, 'rcp', l.name)).filter((p): p is Policy => p !== undefined),
  }));
}

/**
 * Services whose resources RCPs cover.
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
 * CHOICE: the list as documented (S3, STS, KMS, SQS, Secrets Manager, and the later additions
 * ECR, OpenSearch Serverless, Cognito identity pools, CloudWatch Logs, DynamoDB).
 */
// The services RCPs apply to: AWS's published list, as the catalogue carries it (data, not engine code).
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services
const rcpSupported = (service: string): boolean => loadCatalog().rcpServices.has(service);

// ---------------------------------------------------------------------------------------------
// The resource: owner, resource-based policy, tags.
// ---------------------------------------------------------------------------------------------

interface ResourceInfo {
  readonly arn: string;
  readonly owner: string | undefined;
  readonly declared?: Resource | undefined;
  readonly policy?: Policy | undefined;
  readonly tags: Record<string, string>;
  readonly service: string;
  readonly isKmsKey: boolean;
  readonly trustRole?: IamRole | undefined;
  /** A role ARN naming no declared role: it has no trust policy. */
  readonly undeclaredRole?: boolean | undefined;
  /** A declared IAM user or role: its tags are also iam:ResourceTag/*. */
  readonly iamEntity?: boolean | undefined;
}

const ARN_ACCOUNT = /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/;

function resourceInfo(w: World, arn: string, action: string, principalAccount: string | undefined): ResourceInfo {
  const service = action.includes(':') ? action.slice(0, action.indexOf(':')).toLowerCase() : action.toLowerCase();
  if (arn === '*' || arn === '') return { arn: '*', owner: principalAccount, tags: {}, service, isKmsKey: false };
  // An S3 object belongs to its bucket: arn:aws:s3:::bucket/key -> arn:aws:s3:::bucket.
  let declared: Resource | undefined;
  for (const r of w.model.scenario.resources ?? []) if (r.arn === arn) declared = r;
  if (declared === undefined && arn.startsWith('arn:aws:s3:::') && arn.includes('/')) {
    const bucket = arn.slice(0, arn.indexOf('/'));
    for (const r of w.model.scenario.resources ?? []) if (r.arn === bucket) declared = r;
  }
  const m = ARN_ACCOUNT.exec(arn);
  // CHOICE: an undeclared resource whose ARN names no account belongs to the default account.
  const owner = declared?.account ?? (declared !== undefined ? ARN_ACCOUNT.exec(declared.arn)?.[1] : undefined) ?? m?.[1] ?? w.defaultAccount;
  const isKmsKey = /^arn:aws[a-z-]*:kms:[^:]*:\d{12}:key\//.test(arn);
  // sts:AssumeRole on a role: the role's trust policy is the resource-based policy. Only the STS
  // actions whose resource type is `role` act on one: AssumeRole, AssumeRoleWithSAML,
  // AssumeRoleWithWebIdentity, TagSession, SetSourceIdentity, SetContext
  // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awssecuritytokenservice.html);
  // others (GetCallerIdentity, GetSessionToken) take no resource: a role ARN is any other ARN.
  // ORACLE: on purpose, the list is written here again (the engine's is ASSUME_ACTIONS).
  const roleArn = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(arn);
  const onRole = ['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity', 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext'].includes(action.toLowerCase());
  if (roleArn !== null && onRole) {
    // the role whose ARN (with its path) is exactly the one named
    const named = findRole(w, roleArn[1]!, roleArn[2]!);
    const role = named !== undefined && `arn:aws:iam::${roleArn[1]}:role${named.path ?? '/'}${named.name}` === arn ? named : undefined;
    return {
      arn,
      owner: roleArn[1],
      tags: role?.tags ?? {},
      service,
      isKmsKey: false,
      trustRole: role,
      undeclaredRole: role === undefined,
      iamEntity: role !== undefined,
      policy: role?.trustPolicy !== undefined ? { name: `${arn} trust policy`, type: 'trust', doc: role.trustPolicy } : undefined,
    };
  }
  // An IAM user or role named as the resource: its own tags.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html
  const entity = /^arn:aws[a-z-]*:iam::(\d{12}):(user|role)(\/(?:.*\/)?)([^/]+)$/.exec(arn);
  if (entity !== null) {
    const found = entity[2] === 'user' ? findUser(w, entity[1]!, entity[4]!) : findRole(w, entity[1]!, entity[4]!);
    if (found !== undefined && (found.path ?? '/') === entity[3]) return { arn, owner, declared, tags: found.tags ?? {}, service, isKmsKey, iamEntity: true };
  }
  let policy: Policy | undefined;
  if (declared?.policy !== undefined) policy = { name: declared.arn, type: isKmsKey ? 'key' : 'resource', doc: declared.policy };
  else if (isKmsKey) {
    // CHOICE: a key without a declared policy has the default key policy, which trusts the
    // owner account so that IAM policies apply.
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
    policy = {
      name: `${arn} default key policy`,
      type: 'key',
      doc: { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${owner}:root` }, Action: 'kms:*', Resource: '*' }] },
    };
  }
  return { arn, owner, declared, policy, tags: declared?.tags ?? {}, service, isKmsKey };
}

// ---------------------------------------------------------------------------------------------
// S3 Block Public Access: RestrictPublicBuckets.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
// "RestrictPublicBuckets ... restricts access to an access point or bucket with a public policy
// to only AWS service principals and authorized users within the bucket owner's account."
// A policy is public unless each Allow grants only to fixed principals or under fixed values of
// aws:SourceIp (not a wide range), aws:SourceArn, aws:SourceVpc, aws:SourceVpce,
// aws:SourceOwner, aws:SourceAccount, aws:PrincipalAccount, aws:PrincipalOrgID, aws:userid,
// aws:PrincipalArn, s3:DataAccessPointArn, s3:DataAccessPointAccount.
// CHOICE: "fixed value" means a positive String/Arn/Ip operator without IfExists or a set
// prefix, with no wildcard (and a source IP prefix of at least /8).
// ---------------------------------------------------------------------------------------------

const FIXING_KEYS = [
  'aws:sourceip', 'aws:sourcearn', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:sourceowner', 'aws:sourceaccount',
  'aws:principalaccount', 'aws:principalorgid', 'aws:userid', 'aws:principalarn', 's3:dataaccesspointarn', 's3:dataaccesspointaccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
];

function statementIsPublic(st: PolicyStatement, variables: boolean): boolean {
  if (st.Effect !== 'Allow') return false;
  let everyone = false;
  if (st.NotPrincipal !== undefined) everyone = true;
  else if (st.Principal === '*') everyone = true;
  else if (st.Principal !== undefined && (listOf(st.Principal.AWS).includes('*') || listOf(st.Principal.Service).includes('*'))) everyone = true;
  if (!everyone) return false;
  for (const [op, keys] of Object.entries(st.Condition ?? {})) {
    const { prefix, base, ifExists } = splitOperator(op);
    if (prefix !== '' || ifExists) continue;
    if (!['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress'].includes(base)) continue;
    for (const [key, raw] of Object.entries(keys)) {
      if (!FIXING_KEYS.includes(key.toLowerCase())) continue;
      const values = (Array.isArray(raw) ? raw : [raw]).map(String);
      if (key.toLowerCase() === 'aws:sourceip') {
        const wide = values.some((v) => {
          const slash = v.indexOf('/');
          // broader than /8 for IPv4, /32 for IPv6
          return slash >= 0 && Number(v.slice(slash + 1)) < (v.includes(':') ? 32 : 8);
        });
        if (!wide) return false;
      } else if (!values.some((v) => v.includes('*') || v.includes('?') || (variables && v.includes('${')))) return false;
    }
  }
  return true;
}

function restrictPublicBuckets(w: World, r: ResourceInfo): boolean {
  // CHOICE: the setting belongs to the bucket: it applies to every request on the bucket or its
  // objects, whatever the action's service prefix.
  if (!r.arn.startsWith('arn:aws:s3:::')) return false;
  const bucket: S3BlockPublicAccess | undefined = r.declared?.blockPublicAccess;
  let account: S3BlockPublicAccess | undefined;
  for (const a of w.model.scenario.accounts ?? []) if (a.id === r.owner) account = a.s3BlockPublicAccess;
  return bucket?.restrictPublicBuckets === true || account?.restrictPublicBuckets === true;
}

// ---------------------------------------------------------------------------------------------
// The principal and its policies.
// ---------------------------------------------------------------------------------------------

interface PrincipalPolicies {
  readonly identity: Policy[];
  readonly boundary?: Policy | undefined;
  readonly session?: Policy | undefined;
  readonly tags: Record<string, string>;
}

function resolvePrincipal(w: World, text: string): Who | undefined {
  const p = expandPrincipal(text, w.defaultAccount);
  if (p === undefined || p.kind === 'unknown') return undefined;
  switch (p.kind) {
    case 'anonymous':
      return { kind: 'anonymous', arn: '*', hasBoundary: false };
    case 'service':
    case 'federated':
    case 'cloudfront-oai':
      return { kind: p.kind, arn: p.arn, hasBoundary: false };
    case 'root':
      return { kind: 'root', arn: p.arn, account: p.account, hasBoundary: false };
    case 'user': {
      const user = findUser(w, p.account!, p.name!);
      const arn = user !== undefined ? `arn:aws:iam::${p.account}:user${user.path ?? '/'}${user.name}` : p.arn;
      return { kind: 'user', arn, account: p.account, name: p.name, user, hasBoundary: !!user?.permissionsBoundary };
    }
    case 'role': {
      const role = findRole(w, p.account!, p.name!);
      const arn = role !== undefined ? `arn:aws:iam::${p.account}:role${role.path ?? '/'}${role.name}` : p.arn;
      return { kind: 'role', arn, roleArn: arn, account: p.account, name: p.name, role, hasBoundary: !!role?.permissionsBoundary };
    }
    case 'assumed-role': {
      const role = findRole(w, p.account!, p.name!);
      const roleArn = role !== undefined ? `arn:aws:iam::${p.account}:role${role.path ?? '/'}${role.name}` : `arn:aws:iam::${p.account}:role/${p.name}`;
      return { kind: 'assumed-role', arn: p.arn, roleArn, account: p.account, name: p.name, session: p.session, role, hasBoundary: !!role?.permissionsBoundary };
    }
  }
}

function principalPolicies(w: World, who: Who): PrincipalPolicies {
  if (who.kind === 'user' && who.user !== undefined) {
    const u = who.user;
    const account = who.account!;
    const identity = attachedPolicies(w, `user/${u.name}`, account, u);
    for (const g of u.groups ?? []) {
      const group = findGroup(w, account, g);
      if (group !== undefined) pushAll(identity, attachedPolicies(w, `group/${group.name}`, account, group));
    }
    const boundary = u.permissionsBoundary ? managedPolicy(w, u.permissionsBoundary, account, 'permissions-boundary') : undefined;
    return { identity, boundary, tags: { ...(u.tags ?? {}) } };
  }
  if ((who.kind === 'role' || who.kind === 'assumed-role') && who.role !== undefined) {
    const r = who.role;
    const account = who.account!;
    const identity = attachedPolicies(w, `role/${r.name}`, account, r);
    const boundary = r.permissionsBoundary ? managedPolicy(w, r.permissionsBoundary, account, 'permissions-boundary') : undefined;
    const sess = who.kind === 'assumed-role' ? findSession(w, who.arn) : undefined;
    const session = sess?.sessionPolicy !== undefined ? { name: `${who.arn} session policy`, type: 'session' as const, doc: sess.sessionPolicy } : undefined;
    // Session tags override role tags with the same key.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html#id_session-tags_operations
    return { identity, boundary, session, tags: { ...(r.tags ?? {}), ...(sess?.tags ?? {}) } };
  }
  return { identity: [], tags: {} };
}

function inOrganization(w: World, account: string | undefined): boolean {
  if (account === undefined) return false;
  const org = w.model.scenario.organization;
  if (org === undefined) return false;
  return org.managementAccount === account || orgPath(w, account) !== undefined;
}

/** The derived global keys. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html */
function derivedContext(w: World, who: Who, pp: PrincipalPolicies, r: ResourceInfo): Context {
  // null prototype: a context key named `__proto__` or `constructor` is a key like any other
  const ctx = Object.create(null) as Context;
  const org = w.model.scenario.organization;
  switch (who.kind) {
    case 'anonymous':
      // no aws:PrincipalIsAWSService ("Anonymous requests do not include this key"); aws:userid
      // is `anonymous` (the principal key table of the policy variables page)
      ctx['aws:PrincipalType'] = 'Anonymous';
      ctx['aws:userid'] = 'anonymous';
      // CHOICE: its account is `anonymous` too
      ctx['aws:PrincipalAccount'] = 'anonymous';
      break;
    case 'service':
      ctx['aws:PrincipalIsAWSService'] = 'true';
      ctx['aws:PrincipalServiceName'] = who.arn;
      break;
    case 'federated':
      ctx['aws:PrincipalType'] = 'FederatedUser';
      break;
    case 'root':
      ctx['aws:PrincipalType'] = 'Account';
      ctx['aws:PrincipalArn'] = who.arn;
      ctx['aws:PrincipalAccount'] = who.account!;
      ctx['aws:userid'] = who.account!;
      break;
    case 'user':
      ctx['aws:PrincipalType'] = 'User';
      ctx['aws:PrincipalArn'] = who.arn;
      ctx['aws:PrincipalAccount'] = who.account!;
      ctx['aws:username'] = who.name!;
      // CHOICE: a scenario has no unique ids: aws:userid is the user name (AWS: AIDA...).
      ctx['aws:userid'] = who.name!;
      break;
    case 'role':
    case 'assumed-role':
      ctx['aws:PrincipalType'] = 'AssumedRole';
      // aws:PrincipalArn of a session is the role ARN.
      ctx['aws:PrincipalArn'] = who.roleArn!;
      ctx['aws:PrincipalAccount'] = who.account!;
      // CHOICE: aws:userid is `ROLE-NAME:SESSION` (AWS: `AROA...:SESSION`); a bare role uses its name as session.
      ctx['aws:userid'] = `${who.name}:${who.session ?? who.name}`;
      break;
  }
  if (who.kind !== 'service' && who.kind !== 'anonymous') ctx['aws:PrincipalIsAWSService'] = 'false';
  if (org?.id !== undefined && inOrganization(w, who.account)) ctx['aws:PrincipalOrgID'] = org.id;
  for (const [k, v] of Object.entries(pp.tags)) ctx[`aws:PrincipalTag/${k}`] = v;
  // CHOICE: a request without a resource (`ec2:DescribeInstances`) acts on the caller's own
  // account, so aws:ResourceAccount is the caller's account (r.owner is set so for `*`).
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceaccount
  if (r.owner !== undefined) {
    ctx['aws:ResourceAccount'] = r.owner;
    if (org?.id !== undefined && inOrganization(w, r.owner)) ctx['aws:ResourceOrgID'] = org.id;
  }
  for (const [k, v] of Object.entries(r.tags)) ctx[`aws:ResourceTag/${k}`] = v;
  // "iam:ResourceTag/key-name" for IAM users and roles, beside aws:ResourceTag
  if (r.iamEntity === true) for (const [k, v] of Object.entries(r.tags)) ctx[`iam:ResourceTag/${k}`] = v;
  ctx['aws:CurrentTime'] = REFERENCE_CURRENT_TIME;
  return ctx;
}

/**
 * The keys AWS always puts in the request context, with AWS's value for this request
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html,
 * each key's "Availability" line), for the keys the caller did not give.
 */
function alwaysIncluded(w: World, who: Who, r: ResourceInfo, action: string, given: RequestContext): Context {
  const ctx: Context = {};
  const service = action.slice(0, action.indexOf(':')).toLowerCase();
  const givenTime = lookup({ ...given }, 'aws:CurrentTime');
  const now = typeof givenTime === 'string' ? givenTime : REFERENCE_CURRENT_TIME;
  // aws:EpochTime: "always included"; the request time in seconds since 1970
  const ms = Date.parse(now);
  ctx['aws:EpochTime'] = String(Math.floor((Number.isNaN(ms) ? Date.parse(REFERENCE_CURRENT_TIME) : ms) / 1000));
  // aws:RequestedRegion: "always included". "IAM calls are always made to the us-east-1 Region";
  // CHOICE: a resource ARN that names a region is called there; else the scenario's region.
  const arnRegion = r.arn.startsWith('arn:') ? r.arn.split(':')[3] : undefined;
  ctx['aws:RequestedRegion'] = service === 'iam' ? 'us-east-1' : arnRegion !== undefined && arnRegion !== '' ? arnRegion : w.model.defaults.region;
  // aws:SecureTransport: "always included"; a vpcsim request is an API call over HTTPS
  ctx['aws:SecureTransport'] = 'true';
  // aws:ViaAWSService: "always included ... for most services"; false for a direct call. "The
  // following services do not currently support aws:ViaAWSService: Amazon EC2, AWS Glue, AWS
  // Lake Formation, AWS OpsWorks".
  if (!['ec2', 'glue', 'lakeformation', 'opsworks'].includes(service)) ctx['aws:ViaAWSService'] = 'false';
  // aws:TokenIssueTime and aws:MultiFactorAuthPresent: only for temporary credentials (role
  // sessions, federated users); the token was issued at the request time, without MFA.
  if (who.kind === 'role' || who.kind === 'assumed-role' || who.kind === 'federated') {
    ctx['aws:TokenIssueTime'] = now;
    ctx['aws:MultiFactorAuthPresent'] = 'false';
  }
  for (const k of Object.keys(ctx)) if (lookup({ ...given }, k) !== undefined) delete ctx[k];
  return ctx;
}

// ---------------------------------------------------------------------------------------------
// The decision.
// ---------------------------------------------------------------------------------------------

function fail(principal: string, context: RequestContext, errors: Diagnostic[], why: string): Decision {
  return { decision: 'implicitly-denied', decisive: [], explain: [{ gate: 'identity', result: 'no-allow', why, statements: [] }], errors, context, principal };
}

/**
 * Judges one request against the scenario, literally following AWS's documented evaluation
 * logic. Never throws on user data; problems come back in `errors`.
 */
export function referenceEvaluate(model: Model, request: Request): Decision {
  const w: World = { model, defaultAccount: model.defaults.account, errors: [] };
  const who = resolvePrincipal(w, request.principal);
  if (who === undefined) {
    w.errors.push({ code: 'invalid-principal', severity: 'error', path: ['principal'], message: `\`${request.principal}\` is not a principal`, hint: 'write `user/NAME`, `role/NAME`, `role/NAME/SESSION`, `root`, `anonymous`, `service:NAME`, `cloudfront-oai/ID` or an ARN' });
    return fail(request.principal, { ...(request.context ?? {}) }, w.errors, 'the principal could not be resolved');
  }
  if (!/^[^:*?]+:[^:*?]+$/.test(request.action)) {
    w.errors.push({ code: 'invalid-action', severity: 'error', path: ['action'], message: `\`${request.action}\` is not an action`, hint: 'actions look like `service:ActionName`' });
    return fail(who.arn, { ...(request.context ?? {}) }, w.errors, 'the action could not be parsed');
  }
  // An IAM user or role the scenario does not declare has no policies: judged so, and reported.
  if ((who.kind === 'user' && who.user === undefined) || ((who.kind === 'role' || who.kind === 'assumed-role') && who.role === undefined))
    w.errors.push({
      code: 'unknown-principal',
      severity: 'error',
      path: ['principal'],
      message: `${who.kind === 'user' ? 'user' : 'role'} \`${who.name}\` is not declared in account ${who.account}`,
      hint: `declare it under \`iam.${who.kind === 'user' ? 'users' : 'roles'}\`: an undeclared principal has no policies`,
    });
  let resource = request.resource === undefined || request.resource === '' ? '*' : request.resource;
  if (resource.startsWith('role/')) {
    // `role/NAME`: the declared role of that name in the default account, with its path
    const name = resource.slice(resource.lastIndexOf('/') + 1);
    const role = findRole(w, w.defaultAccount, name);
    resource = `arn:aws:iam::${w.defaultAccount}:role${role?.path ?? '/'}${name}`;
  }
  const r = resourceInfo(w, resource, request.action, who.account);
  const pp = principalPolicies(w, who);
  // Given keys win over derived ones (a caller-supplied key replaces the derived one).
  const always = alwaysIncluded(w, who, r, request.action, request.context ?? {});
  const assumed = [...(lookup({ ...(request.context ?? {}) }, 'aws:CurrentTime') === undefined ? ['aws:CurrentTime'] : []), ...Object.keys(always)];
  // null prototype (as derivedContext): a given key named `__proto__` is set as a key, not as the prototype
  const ctx: Context = Object.assign(Object.create(null) as Context, derivedContext(w, who, pp, r), always);
  for (const [k, v] of Object.entries(request.context ?? {})) {
    for (const d of Object.keys(ctx)) if (d.toLowerCase() === k.toLowerCase()) delete ctx[d];
    ctx[k] = v;
  }
  const ev: Evaluation = { action: request.action, resource, who, ctx, errors: w.errors };
  const explain: GateResult[] = [];
  const isIamPrincipal = who.kind === 'user' || who.kind === 'role' || who.kind === 'assumed-role';
  const sameAccount = who.account !== undefined && who.account === r.owner;

  // --- which gates apply -------------------------------------------------------------------
  const org = model.scenario.organization;
  // SCPs: principals of member accounts; not the management account, not service-linked roles,
  // not service principals or anonymous callers.
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
  //   "SCPs don't affect users or roles in the management account" and "SCPs do not affect
  //   service-linked roles".
  let scp: { level: string; policies: Policy[] }[] | undefined;
  let scpWhy = '';
  if (who.account === undefined || (who.kind !== 'user' && who.kind !== 'role' && who.kind !== 'assumed-role' && who.kind !== 'root')) scpWhy = 'SCPs apply only to principals of member accounts';
  else if (org === undefined) scpWhy = 'no organization';
  else if (org.managementAccount === who.account) scpWhy = 'the management account is not restricted by SCPs';
  else if (isServiceLinked(who.role)) scpWhy = 'SCPs do not restrict service-linked roles';
  else {
    scp = scpLevels(w, who.account);
    if (scp === undefined) scpWhy = `account ${who.account} is not in the organization`;
  }
  // RCPs: resources of member accounts, for the services RCPs support; not the management
  // account's resources; not requests by service-linked roles.
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
  // CHOICE: the service is the action's prefix (sts:AssumeRole on an `iam` role ARN is STS);
  // anonymous callers and AWS service principals are covered like any other caller.
  let rcp: { level: string; policies: Policy[] }[] | undefined;
  let rcpWhy = '';
  if (r.arn === '*' || r.owner === undefined) rcpWhy = 'the request names no resource';
  else if (org === undefined) rcpWhy = 'no organization';
  else if (!rcpSupported(r.service)) rcpWhy = `RCPs do not apply to ${r.service}`;
  else if (org.managementAccount === r.owner) rcpWhy = "RCPs do not restrict the management account's resources";
  else if (isServiceLinked(who.role)) rcpWhy = 'RCPs do not restrict service-linked roles';
  else {
    rcp = rcpLevels(w, r.owner);
    if (rcp === undefined) rcpWhy = `account ${r.owner} is not in the organization`;
  }
  // The endpoint policy: absent means the default full-access policy.
  // https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
  let endpoint: Policy | undefined;
  if (request.endpoint?.policy !== undefined) {
    const parsed = PolicyDocumentSchema.safeParse(request.endpoint.policy);
    if (parsed.success) endpoint = { name: `endpoint:${request.endpoint.id}`, type: 'endpoint', doc: parsed.data };
    else {
      w.errors.push({ code: 'invalid-policy', severity: 'error', path: ['endpoint', 'policy'], message: `the policy of endpoint \`${request.endpoint.id}\` is not a policy document` });
      endpoint = { name: `endpoint:${request.endpoint.id}`, type: 'endpoint', doc: { Version: '2012-10-17', Statement: [] } };
    }
  }

  // --- STS request validation, before any policy ---------------------------------------------
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (DurationSeconds):
  // 900 seconds up to the role's maximum session duration (one hour by default); at most one
  // hour when a role session assumes a role (role chaining). Otherwise the call fails.
  const assumeFamily = ['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity'];
  // A role ARN that names no declared role has no trust policy: the call cannot succeed.
  if (r.undeclaredRole === true && [...assumeFamily, 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext'].includes(request.action.toLowerCase())) {
    const why = `role \`${resource}\` is not declared in the scenario`;
    w.errors.push({ code: 'unknown-resource', severity: 'error', path: ['resource'], message: why });
    return { decision: 'implicitly-denied', decisive: [], explain: [{ gate: 'trust', result: 'no-allow', why, statements: [] }], errors: w.errors, context: { ...ctx }, principal: who.arn, reason: why, failedGate: 'trust' };
  }
  if (r.trustRole !== undefined && assumeFamily.includes(request.action.toLowerCase())) {
    const key = Object.keys(request.context ?? {}).find((k) => k.toLowerCase() === 'sts:durationseconds');
    if (key !== undefined) {
      const raw = request.context![key];
      const one = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
      const seconds = typeof one === 'number' ? one : typeof one === 'string' && /^\d+$/.test(one.trim()) ? Number(one) : NaN;
      const limit = Math.min(r.trustRole.maxSessionDuration ?? 3600, who.kind === 'assumed-role' ? 3600 : Infinity);
      if (!Number.isInteger(seconds) || seconds < 900 || seconds > limit) {
        const why = `sts:DurationSeconds ${JSON.stringify(raw)} is outside 900..${limit} seconds for role \`${r.trustRole.name}\`: the call fails`;
        w.errors.push({ code: 'invalid-request', severity: 'error', path: ['context', key], message: why });
        return { decision: 'implicitly-denied', decisive: [], explain: [{ gate: 'trust', result: 'no-allow', why, statements: [] }], errors: w.errors, context: { ...ctx }, principal: who.arn, reason: why, failedGate: 'trust' };
      }
    }
  }

  // --- STS's own rules, before any policy --------------------------------------------------
  const act = request.action.toLowerCase();
  const stsDecides = (decision: 'allowed' | 'implicitly-denied', why: string): Decision => {
    const d = w.errors.length > 0 ? 'implicitly-denied' : decision;
    return { decision: d, decisive: [], explain: [{ gate: 'identity', result: d === 'allowed' ? 'allow' : 'no-allow', why, statements: [] }], errors: w.errors, context: { ...ctx }, assumed, principal: who.arn, reason: why, failedGate: d === 'allowed' ? undefined : 'identity' };
  };
  const signed = who.kind === 'user' || who.kind === 'role' || who.kind === 'assumed-role' || who.kind === 'root' || who.kind === 'federated';
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html: "No
  // permissions are required to perform this operation", and an explicit deny does not stop it.
  if (act === 'sts:getcalleridentity' && signed) return stsDecides('allowed', 'GetCallerIdentity needs no permission');
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html:
  // "No permissions are required for a user to get a session token"; it "must be called by using
  // the long-term AWS security credentials of an IAM user" (API_GetSessionToken.html).
  if (act === 'sts:getsessiontoken' && (who.kind === 'user' || who.kind === 'root')) return stsDecides('allowed', 'GetSessionToken needs no permission');
  if (act === 'sts:getsessiontoken' && (who.kind === 'role' || who.kind === 'assumed-role' || who.kind === 'federated')) return stsDecides('implicitly-denied', 'GetSessionToken needs long-term credentials');
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html: "You cannot use AWS
  // account root user credentials to call AssumeRole."
  if (who.kind === 'root' && assumeFamily.includes(act)) return stsDecides('implicitly-denied', 'the root user cannot assume a role');

  // --- judge every statement ---------------------------------------------------------------
  const scpJudged = (scp ?? []).map((l) => ({ level: l.level, judged: judgeAll(l.policies, ev, false) }));
  const rcpJudged = (rcp ?? []).map((l) => ({ level: l.level, judged: judgeAll(l.policies, ev, true) }));
  const endpointJudged = endpoint !== undefined ? judgeAll([endpoint], ev, true) : [];
  const resourceJudged = r.policy !== undefined ? judgeAll([r.policy], ev, true) : [];
  const identityJudged = judgeAll(pp.identity, ev, false);
  const boundaryJudged = pp.boundary !== undefined ? judgeAll([pp.boundary], ev, false) : [];
  const sessionJudged = pp.session !== undefined ? judgeAll([pp.session], ev, false) : [];

  const everything: Judged[] = [
    ...scpJudged.flatMap((l) => l.judged),
    ...rcpJudged.flatMap((l) => l.judged),
    ...endpointJudged,
    ...resourceJudged,
    ...identityJudged,
    ...boundaryJudged,
    ...sessionJudged,
  ];
  const allows = (js: readonly Judged[]): Judged[] => js.filter((j) => j.matched && j.statement.Effect === 'Allow');
  const denies = (js: readonly Judged[]): Judged[] => js.filter((j) => j.matched && j.statement.Effect === 'Deny');

  const gate = (g: PolicyType, js: readonly Judged[], result: GateResult['result'], why: string): void => {
    explain.push({ gate: g, result, why, statements: sortMatches(js) });
  };
  const context: RequestContext = { ...ctx };
  const done = (decisionIn: Decision['decision'], decisiveIn: Judged[], failedGateIn?: PolicyType): Decision => {
    let decision = decisionIn;
    let decisive = decisiveIn;
    let failedGate = failedGateIn;
    // Statements that only a CanonicalUser could make apply: a Deny might deny (no allow is
    // given), an Allow might allow; either is reported where it could change the outcome.
    const unsureDenies = everything.filter((j) => j.unsure === true && j.statement.Effect === 'Deny');
    const unsureAllows = everything.filter((j) => j.unsure === true && j.statement.Effect === 'Allow');
    if (decision === 'allowed' && unsureDenies.length > 0) {
      decision = 'implicitly-denied';
      decisive = [];
      failedGate = unsureDenies[0]!.policy.type;
    }
    for (const j of [...(decision !== 'explicitly-denied' ? unsureDenies : []), ...(decision !== 'allowed' ? unsureAllows : [])])
      w.errors.push({
        code: 'not-implemented',
        severity: 'error',
        path: [j.policy.name, 'Statement', j.index, 'Principal', 'CanonicalUser'],
        message: `${j.policy.name} statement ${j.index}: only a CanonicalUser entry could name the caller, and canonical user ids are not implemented`,
      });
    // The gate that stopped a denied request: the one named, else the first that denied, else
    // the last without an allow.
    const stopped =
      decision === 'allowed'
        ? undefined
        : ((failedGate !== undefined ? explain.find((g) => g.gate === failedGate) : undefined) ?? explain.find((g) => g.result === 'deny') ?? [...explain].reverse().find((g) => g.result === 'no-allow'));
    const reason =
      decision === 'allowed'
        ? `allowed by ${decisive.map((j) => `${j.policy.name} statement ${j.index}${j.statement.Sid ? ` (${j.statement.Sid})` : ''}`).join(', ') || 'the account root user in its own account'}`
        : (stopped?.why ?? 'no policy allows the request');
    return { decision, decisive: decisive.map(decisiveOf), explain, errors: w.errors, context, assumed, principal: who.arn, reason, failedGate: stopped?.gate };
  };

  // --- 1. deny evaluation: an explicit deny in any applicable policy is final ---------------
  const allDenies = denies(everything);
  if (allDenies.length > 0) {
    const types = new Set(allDenies.map((d) => d.policy.type));
    for (const t of types)
      gate(t, everything.filter((j) => j.policy.type === t), 'deny', `explicit deny in ${allDenies.filter((d) => d.policy.type === t).map((d) => `${d.policy.name} statement ${d.index}${d.statement.Sid ? ` (${d.statement.Sid})` : ''}`).join(', ')}`);
    return done('explicitly-denied', allDenies);
  }

  // --- KMS: only some operations work on a key of another account ---------------------------
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
  // "Cross-account permissions are effective only for the following operations"; permission for
  // any other operation "has no effect".
  const kmsCrossAccount = ['decrypt', 'encrypt', 'generatedatakey', 'generatedatakeypair', 'generatedatakeypairwithoutplaintext', 'generatedatakeywithoutplaintext', 'generatemac', 'verifymac', 'reencryptfrom', 'reencryptto', 'sign', 'verify', 'derivesharedsecret', 'describekey', 'getpublickey', 'getkeyrotationstatus', 'creategrant', 'listgrants', 'retiregrant', 'revokegrant'];
  if (r.isKmsKey && (isIamPrincipal || who.kind === 'root') && who.account !== r.owner && act.startsWith('kms:') && !kmsCrossAccount.includes(act.slice(4))) {
    gate('key', resourceJudged, 'no-allow', `\`${request.action}\` cannot be used on a KMS key of another account`);
    return done('implicitly-denied', [], 'key');
  }

  // --- 2. RCPs: every level must allow -----------------------------------------------------
  if (rcp === undefined) gate('rcp', [], 'not-applicable', rcpWhy);
  else {
    const missing = rcpJudged.find((l) => allows(l.judged).length === 0);
    if (missing !== undefined) {
      gate('rcp', missing.judged, 'no-allow', `no RCP at level \`${missing.level}\` allows \`${request.action}\``);
      return done('implicitly-denied', []);
    }
    gate('rcp', rcpJudged.flatMap((l) => l.judged), 'allow', 'every RCP level allows');
  }

  // --- 3. SCPs: every level must allow -----------------------------------------------------
  if (scp === undefined) gate('scp', [], 'not-applicable', scpWhy);
  else {
    const missing = scpJudged.find((l) => allows(l.judged).length === 0);
    if (missing !== undefined) {
      gate('scp', missing.judged, 'no-allow', `no SCP at level \`${missing.level}\` allows \`${request.action}\``);
      return done('implicitly-denied', []);
    }
    gate('scp', scpJudged.flatMap((l) => l.judged), 'allow', 'every SCP level allows');
  }

  // --- 4. the VPC endpoint policy ----------------------------------------------------------
  if (endpoint !== undefined) {
    if (allows(endpointJudged).length === 0) {
      gate('endpoint', endpointJudged, 'no-allow', `the policy of endpoint \`${request.endpoint!.id}\` does not allow the request`);
      return done('implicitly-denied', []);
    }
    gate('endpoint', endpointJudged, 'allow', `the policy of endpoint \`${request.endpoint!.id}\` allows the request`);
  } else if (request.endpoint !== undefined) gate('endpoint', [], 'allow', `endpoint \`${request.endpoint.id}\` has the default full-access policy`);

  // --- 5. resource-based policy, identity policies, boundary, session policy -----------------
  let resourceAllows = allows(resourceJudged);
  let bpaCancelled = false;
  const resourceType: PolicyType = r.policy?.type ?? 'resource';
  // S3 Block Public Access (RestrictPublicBuckets) cancels a public bucket policy's grants to
  // anyone outside the bucket owner's account (AWS service principals excepted).
  if (r.policy !== undefined && resourceAllows.length > 0 && restrictPublicBuckets(w, r) && statementsOf(r.policy.doc).some((st) => statementIsPublic(st, r.policy!.doc.Version === '2012-10-17')) && who.kind !== 'service' && !sameAccount) {
    gate('block-public-access', resourceAllows, 'no-allow', 'S3 Block Public Access (RestrictPublicBuckets) limits this public bucket policy to the owner account and AWS services');
    resourceAllows = [];
    bpaCancelled = true;
  }
  /** The resource-side gate that failed: Block Public Access when it cancelled the grant. */
  const resourceGate = (): PolicyType => (bpaCancelled ? 'block-public-access' : resourceType);
  const strongest = (js: readonly Judged[]): Strength => {
    const rank: Record<Strength, number> = { none: 0, account: 1, role: 2, any: 3, direct: 4 };
    let best: Strength = 'none';
    for (const j of js) if (rank[j.strength] > rank[best]) best = j.strength;
    return best;
  };
  const resourceStrength = strongest(resourceAllows);
  const identityAllows = allows(identityJudged);
  const boundaryOk = pp.boundary === undefined || allows(boundaryJudged).length > 0;
  const sessionOk = pp.session === undefined || allows(sessionJudged).length > 0;

  const explainLimits = (): void => {
    if (pp.boundary !== undefined) gate('permissions-boundary', boundaryJudged, boundaryOk ? 'allow' : 'no-allow', boundaryOk ? 'the permissions boundary allows the request' : 'the permissions boundary does not allow the request');
    if (pp.session !== undefined) gate('session', sessionJudged, sessionOk ? 'allow' : 'no-allow', sessionOk ? 'the session policy allows the request' : 'the session policy does not allow the request');
  };
  const explainIdentity = (): void => {
    gate('identity', identityJudged, identityAllows.length > 0 ? 'allow' : 'no-allow', identityAllows.length > 0 ? 'an identity-based policy allows the request' : `no identity-based policy allows \`${request.action}\``);
  };
  const explainResource = (): void => {
    if (r.policy === undefined) gate(resourceType, [], 'not-applicable', r.isKmsKey ? 'the key has no key policy' : 'the resource has no resource-based policy');
    else gate(resourceType, resourceJudged, resourceAllows.length > 0 ? 'allow' : 'no-allow', resourceAllows.length > 0 ? `${r.policy.name} allows the caller` : `${r.policy.name} does not allow the caller`);
  };

  // Anonymous callers, service principals and federated users: only the resource policy grants.
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-overview.html
  if (!isIamPrincipal && who.kind !== 'root') {
    explainResource();
    return resourceAllows.length > 0 ? done('allowed', resourceAllows) : done('implicitly-denied', [], resourceGate());
  }

  // The account root user: "full access" in its own account, not limited by identity policies
  // (SCPs and explicit denies were applied above); elsewhere it needs the resource policy.
  // Trust policies and key policies must still name it.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html
  const mustExplicitlyAllow = r.isKmsKey || r.policy?.type === 'trust' || (r.trustRole !== undefined);
  if (who.kind === 'root') {
    explainResource();
    if (mustExplicitlyAllow || !sameAccount) return resourceAllows.length > 0 ? done('allowed', resourceAllows) : done('implicitly-denied', [], resourceGate());
    gate('identity', [], 'allow', 'the account root user has full access in its own account');
    return done('allowed', resourceAllows);
  }

  const identitySideOk = identityAllows.length > 0 && boundaryOk && sessionOk;
  /** The identity-side gate that failed: identity policies first, then the boundary, then the session policy. */
  const identityGate = (): PolicyType => (identityAllows.length === 0 ? 'identity' : !boundaryOk ? 'permissions-boundary' : 'session');
  /** The limit that stopped a resource-side grant: the boundary, then the session policy. */
  const limitsGate = (): PolicyType => (!boundaryOk ? 'permissions-boundary' : !sessionOk ? 'session' : identityGate());
  // Whether a resource-side grant names the principal itself, so that an implicit deny in the
  // identity policies, the boundary and the session policy does not limit it.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
  // CHOICE: the docs do not say how `"*"` counts. It names every principal, the user or the
  // session itself included, so it counts as naming the principal directly (a request made as
  // `role/NAME` is a session of the role too). (The differential
  // test found this point: a public bucket, a role session whose boundary does not allow the
  // action; the compiled engine now reads it the same way.)
  const namesDirectly = (s: Strength): boolean => (s === 'direct' || s === 'any') && isIamPrincipal;

  // Trust policies and KMS key policies must allow explicitly: an identity policy alone never
  // grants sts:AssumeRole or use of a key.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
  //   "IAM role trust policies and KMS key policies are exceptions to this logic, because they
  //   must explicitly allow access for principals."
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
  //   A key policy that allows the account (`arn:aws:iam::ID:root`) lets IAM policies apply.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_compare-resource-policies.html
  //   Cross-account role assumption also needs an identity policy allowing sts:AssumeRole.
  if (mustExplicitlyAllow) {
    explainResource();
    explainIdentity();
    explainLimits();
    if (resourceAllows.length === 0) return done('implicitly-denied', [], resourceGate());
    if (sameAccount) {
      // Named directly (user, session, `*`): the trust/key policy grants without an identity
      // policy; the role ARN: only within the boundary and session policy.
      // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
      //   "To allow a user to assume a role in the same account, you can do either of the
      //   following: attach a policy to the user ... or add the user as a principal directly in
      //   the role's trust policy."
      // A trust policy is the exception to the exception: the caller's permissions boundary
      // still has to allow sts:AssumeRole.
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
      //   "If a user is listed as the principal in a role's trust policy but cannot assume the
      //   role, check the user's permissions boundary. If a permissions boundary is set for the
      //   user, then it must allow the sts:AssumeRole action."
      // CHOICE: that sentence is read for every IAM principal (users and role sessions) and for
      // trust policies only; a KMS key policy naming the principal is not limited by it.
      if (namesDirectly(resourceStrength) && (r.policy?.type !== 'trust' || boundaryOk)) return done('allowed', resourceAllows);
      if (resourceStrength !== 'account' && boundaryOk && sessionOk) return done('allowed', resourceAllows);
      // the account is trusted: IAM policies decide
      return identitySideOk ? done('allowed', [...resourceAllows, ...identityAllows]) : done('implicitly-denied', [], resourceStrength === 'account' ? identityGate() : limitsGate());
    }
    return identitySideOk ? done('allowed', [...resourceAllows, ...identityAllows]) : done('implicitly-denied', [], identityGate());
  }

  if (sameAccount) {
    // Same account: an allow in either the identity-based or the resource-based policy is enough.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
    //   "If either the identity-based policy or the resource-based policy within the same
    //   account allows the request and the other doesn't, the request is still allowed."
    // How a resource-policy allow meets the boundary and session policy depends on the principal
    // it names (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html,
    // "Evaluating effective permissions with boundaries"):
    // - a user ARN: not limited by an implicit deny in the identity policies or the boundary;
    // - a role session ARN: not limited by the boundary or the session policy;
    // - a role ARN: limited by an implicit deny in the boundary and the session policy;
    // - the account: a delegation to IAM, so the identity side decides.
    explainResource();
    explainIdentity();
    explainLimits();
    if (resourceAllows.length > 0) {
      if (namesDirectly(resourceStrength)) return done('allowed', resourceAllows);
      if ((resourceStrength === 'direct' || resourceStrength === 'any' || resourceStrength === 'role') && boundaryOk && sessionOk) return done('allowed', resourceAllows);
    }
    if (identitySideOk) return done('allowed', identityAllows);
    return done('implicitly-denied', [], resourceAllows.length > 0 && resourceStrength !== 'account' ? limitsGate() : identityGate());
  }

  // Cross account: the identity side in the principal's account AND the resource-based policy
  // in the resource's account must both allow.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  explainResource();
  explainIdentity();
  explainLimits();
  if (resourceAllows.length > 0 && identitySideOk) return done('allowed', [...resourceAllows, ...identityAllows]);
  return done('implicitly-denied', [], identitySideOk ? resourceGate() : identityGate());
}
