// The case space of an IAM property: principals, actions, resources and context values
// expanded against what the scenario declares and what its policies name.
import { cidrLast, error, expandPrincipal, formatIpv4, parseCidr, pushAll, type Diagnostic, type ForallProperty, type Model } from '@vpcsim/model';
import { loadCatalog } from '@vpcsim/iam';
import { globToRegExp } from './selectors.js';

type ContextValue = string | number | boolean | (string | number | boolean)[];

/** The expanded dimensions of an IAM property, each simplest first. */
export interface IamSpace {
  readonly principals: readonly (string | undefined)[];
  readonly actions: readonly string[];
  readonly resources: readonly (string | undefined)[];
  /**
   * Context combinations, the empty context first. Up to CONTEXTS_LISTED of them are listed,
   * fewest keys first; past that they are computed from their index when read (each key absent
   * or one of its values, as the digits of the index), so a property with many condition keys
   * never holds its whole space in memory (16 keys of 2 values are 43 million contexts).
   */
  readonly contexts: readonly Readonly<Record<string, ContextValue>>[];
  readonly errors: readonly Diagnostic[];
}

/** Context combinations listed (and sorted) at most; larger spaces are indexed lazily. */
export const CONTEXTS_LISTED = 100_000;
/** Cases an IAM property may have at most: each is a whole number below this, so indexing stays exact. */
export const MAX_IAM_CASES = Number.MAX_SAFE_INTEGER;

type Ctx = Readonly<Record<string, ContextValue>>;

/**
 * The contexts of `dims` (each key absent or one of its values) as a read-only list whose items
 * are computed from their index: item i takes, for each key, digit i mod (1 + values) of i
 * (0: absent). Reading `length` or an index is all that is asked of it.
 */
function lazyContexts(dims: readonly (readonly [string, readonly ContextValue[]])[], total: number): readonly Ctx[] {
  const at = (i: number): Ctx => {
    const c: Record<string, ContextValue> = {};
    let rest = i;
    for (const [key, values] of dims) {
      const radix = values.length + 1;
      const d = rest % radix;
      rest = Math.floor(rest / radix);
      if (d > 0) c[key] = values[d - 1]!;
    }
    return c;
  };
  return new Proxy([] as Ctx[], {
    get(target, prop, receiver) {
      if (prop === 'length') return total;
      if (typeof prop === 'string' && /^(0|[1-9]\d*)$/.test(prop)) {
        const i = Number(prop);
        return i < total ? at(i) : undefined;
      }
      return Reflect.get(target, prop, receiver);
    },
    has(_t, prop) {
      return typeof prop === 'string' && /^(0|[1-9]\d*)$/.test(prop) && Number(prop) < total;
    },
  });
}

/** A few common actions, so globs like `s3:Delete*` expand even when policies name only `s3:*`. */
export const COMMON_ACTIONS: readonly string[] = [
  's3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:CreateBucket', 's3:DeleteBucket', 's3:GetBucketPolicy', 's3:PutBucketPolicy',
  'ec2:DescribeInstances', 'ec2:RunInstances', 'ec2:StartInstances', 'ec2:StopInstances', 'ec2:TerminateInstances',
  'iam:CreateUser', 'iam:DeleteUser', 'iam:CreateRole', 'iam:DeleteRole', 'iam:PassRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy',
  'sts:AssumeRole', 'sts:GetCallerIdentity',
  'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ScheduleKeyDeletion',
  'sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage',
  'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan',
  'lambda:InvokeFunction', 'organizations:LeaveOrganization',
];

const isGlob = (s: string): boolean => s.includes('*') || s.includes('?');
const list = <T>(x: T | readonly T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? [...(x as T[])] : [x as T]);

/** A policy condition block: operator to key to value(s). */
type ConditionBlock = Record<string, Record<string, unknown>>;

/**
 * Every Action/NotAction and Resource/NotResource string named in the scenario's policies,
 * the AWS principals their Principal/NotPrincipal elements name, and their Condition blocks.
 */
function policyStrings(model: Model): { actions: string[]; resources: string[]; principals: string[]; conditions: ConditionBlock[] } {
  const actions: string[] = [];
  const resources: string[] = [];
  const principals: string[] = [];
  const conditions: ConditionBlock[] = [];
  const strings = (x: unknown): string[] => list(x as string | string[]).filter((s): s is string => typeof s === 'string');
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Action' || k === 'NotAction') pushAll(actions, strings(x));
        else if (k === 'Resource' || k === 'NotResource') pushAll(resources, strings(x));
        else if ((k === 'Principal' || k === 'NotPrincipal') && x && typeof x === 'object' && !Array.isArray(x)) pushAll(principals, strings((x as Record<string, unknown>).AWS));
        else if (k === 'Condition' && x && typeof x === 'object' && !Array.isArray(x)) conditions.push(x as ConditionBlock);
        else walk(x);
      }
    }
  };
  walk(model.scenario);
  return { actions, resources, principals, conditions };
}

/**
 * The principals policies name (`Principal: { AWS: ... }`) that no declared principal is:
 * users, roles and role sessions (an assumed-role session ARN), as short forms where the
 * default account allows. Account principals (`:root`, a bare account id) and wildcards stand
 * for whole accounts, not for one principal, and are left out.
 */
function namedPrincipals(model: Model, named: readonly string[], declared: readonly string[]): string[] {
  const acct = model.defaults.account;
  const arnOf = (p: string): string => expandPrincipal(p, acct)?.arn ?? p;
  const known = new Set(declared.map(arnOf));
  const out: string[] = [];
  for (const text of named) {
    if (!text.startsWith('arn:') || isGlob(text)) continue;
    const e = expandPrincipal(text, acct);
    if (!e || (e.kind !== 'user' && e.kind !== 'role' && e.kind !== 'assumed-role') || known.has(e.arn)) continue;
    known.add(e.arn);
    const m = /^arn:[^:]+:(?:iam|sts)::\d{12}:(user|role|assumed-role)\/(.+)$/.exec(e.arn);
    const short = m ? `${m[1] === 'assumed-role' ? 'role' : m[1]}/${m[2]}` : undefined;
    out.push(short !== undefined && arnOf(short) === e.arn ? short : e.arn);
  }
  return out;
}

/** User names a scenario declares (the values of `${aws:username}`). */
function userNames(model: Model): string[] {
  return (model.scenario.iam?.users ?? []).map((u) => u.name);
}

/**
 * Examples of a policy resource pattern: `${aws:username}` becomes each declared user's
 * name (other policy variables cannot be known, so patterns with them give none), then `*`
 * and `?` become text. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
 */
function resourceExamples(model: Model, pattern: string): string[] {
  const variants = pattern.includes('${aws:username}') ? userNames(model).map((u) => pattern.split('${aws:username}').join(u)) : [pattern];
  return variants.filter((v) => !v.includes('${')).map((v) => (isGlob(v) ? v.replace(/\*/g, 'example').replace(/\?/g, 'x') : v));
}

/**
 * The shortest string two `*`/`?` patterns both match, or undefined when none does (a
 * breadth-first search over pairs of positions in the two patterns; linear in their product).
 * Two policies' patterns that overlap (an allow on `reports/*`, a deny on `*\/secret*`) give a
 * resource both decide (`reports/secret`), which an example of either alone would miss.
 */
export function globIntersection(p: string, q: string, maxStates = 5_000): string | undefined {
  const close = (pat: string, i: number): number[] => {
    const out = [i];
    while (i < pat.length && pat[i] === '*') out.push(++i);
    return out;
  };
  const step = (pat: string, i: number, c: string): number[] => {
    if (i >= pat.length) return [];
    const x = pat[i]!;
    if (x === '*') return close(pat, i);
    return x === '?' || x === c ? close(pat, i + 1) : [];
  };
  const alphabet = [...new Set([...p, ...q, 'x'].filter((c) => c !== '*' && c !== '?'))];
  const key = (i: number, j: number): number => i * (q.length + 1) + j;
  const prev = new Map<number, { from: number; c: string } | null>();
  const queue: [number, number][] = [];
  for (const i of close(p, 0)) for (const j of close(q, 0)) if (!prev.has(key(i, j))) { prev.set(key(i, j), null); queue.push([i, j]); }
  for (let h = 0; h < queue.length && h < maxStates; h++) {
    const [i, j] = queue[h]!;
    if (i === p.length && j === q.length) {
      let out = '';
      for (let k: number | undefined = key(i, j); k !== undefined; ) {
        const e = prev.get(k);
        if (!e) break;
        out = e.c + out;
        k = e.from;
      }
      return out;
    }
    for (const c of alphabet)
      for (const ni of step(p, i, c))
        for (const nj of step(q, j, c)) {
          const k = key(ni, nj);
          if (prev.has(k)) continue;
          prev.set(k, { from: key(i, j), c });
          queue.push([ni, nj]);
        }
  }
  return undefined;
}

const DATE_KEYS = new Set(['aws:currenttime', 'aws:epochtime']);

/** An ISO date or epoch seconds moved by `seconds`, in the form it was written. */
export function shiftDate(v: string | number, seconds: number): string | number | undefined {
  if (typeof v === 'number' || /^\d+$/.test(v)) return Number(v) + seconds;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t + seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** An IPv4 CIDR's first address, and the address just after its last (outside it). */
export function ipExamples(v: string): string[] {
  const b = parseCidr(v.includes('/') ? v : `${v}/32`);
  if (typeof b === 'string' || b.version !== 4) return [v.split('/')[0]!];
  const last = cidrLast(b) as number;
  const outside = last < 0xffffffff ? last + 1 : (b.base as number) - 1;
  return [formatIpv4(b.base as number), ...(outside >= 0 ? [formatIpv4(outside)] : [])];
}

/**
 * Context values the policies' own conditions name, for keys the property does not quantify:
 * `aws:CurrentTime`/`aws:EpochTime` under Date operators (the date, a second before and after),
 * `aws:SourceIp` under IpAddress/NotIpAddress (the block's first address, and one just
 * outside), and String/Bool conditions on global `aws:` keys (their values).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
function conditionContext(conditions: readonly ConditionBlock[], quantified: ReadonlySet<string>, strings: boolean): Map<string, ContextValue[]> {
  const out = new Map<string, ContextValue[]>();
  const add = (key: string, v: ContextValue | undefined): void => {
    if (v === undefined) return;
    const vs = out.get(key) ?? [];
    if (!vs.some((x) => JSON.stringify(x) === JSON.stringify(v))) vs.push(v);
    out.set(key, vs);
  };
  for (const block of conditions)
    for (const [rawOp, keys] of Object.entries(block)) {
      if (!keys || typeof keys !== 'object') continue;
      const op = rawOp.replace(/^(ForAllValues|ForAnyValue):/, '').replace(/IfExists$/, '');
      for (const [key, raw] of Object.entries(keys)) {
        const lower = key.toLowerCase();
        if (!lower.startsWith('aws:') || quantified.has(lower)) continue;
        const values = list(raw as ContextValue).filter((x): x is string | number | boolean => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean');
        for (const v of values) {
          if (op.startsWith('Date') && DATE_KEYS.has(lower) && typeof v !== 'boolean') {
            add(key, shiftDate(v, -1));
            add(key, typeof v === 'number' ? v : String(v));
            add(key, shiftDate(v, 1));
          } else if ((op === 'IpAddress' || op === 'NotIpAddress') && lower === 'aws:sourceip' && typeof v === 'string') for (const ip of ipExamples(v)) add(key, ip);
          else if (strings && (op.startsWith('String') || op === 'Bool') && !DATE_KEYS.has(lower)) add(key, v);
        }
      }
    }
  return out;
}

/** The principals a scenario declares, as short forms where the default account allows. */
export function declaredPrincipals(model: Model): string[] {
  const iam = model.scenario.iam;
  const acct = model.defaults.account;
  const out: string[] = [];
  for (const u of iam?.users ?? []) out.push((u.account ?? acct) === acct && (u.path ?? '/') === '/' ? `user/${u.name}` : `arn:aws:iam::${u.account ?? acct}:user${u.path ?? '/'}${u.name}`);
  for (const r of iam?.roles ?? []) out.push((r.account ?? acct) === acct && (r.path ?? '/') === '/' ? `role/${r.name}` : `arn:aws:iam::${r.account ?? acct}:role${r.path ?? '/'}${r.name}`);
  for (const s of iam?.sessions ?? []) out.push(s.principal);
  return [...new Set(out)];
}

function principalMatches(model: Model, pattern: string, principal: string): boolean {
  if (pattern === principal) return true;
  const acct = model.defaults.account;
  const arn = expandPrincipal(principal, acct)?.arn ?? principal;
  if (isGlob(pattern)) return globToRegExp(pattern).test(principal) || globToRegExp(pattern).test(arn);
  return (expandPrincipal(pattern, acct)?.arn ?? pattern) === arn;
}

/** Expands the quantified fields of an IAM property. */
export function iamSpace(model: Model, p: ForallProperty, options: { conditionValues?: 'time-and-ip' | 'all' | undefined } = {}): IamSpace {
  const errors: Diagnostic[] = [];
  const path = (f: string) => ['properties', p.name, 'forall', f];
  const named = policyStrings(model);
  const except = p.except ?? [];

  // principals: `*` is every declared one; globs filter them; other text is taken as written
  let principals: (string | undefined)[] = [];
  // the declared principals, then those only the policies name (a session ARN in a bucket policy)
  const declared = declaredPrincipals(model);
  pushAll(declared, namedPrincipals(model, named.principals, declared));
  const sels = list(p.forall.principal);
  if (sels.length === 0) principals = [undefined]; // requests `from` an instance use its role
  for (const s of sels) {
    if (s === '*') pushAll(principals, declared);
    else if (isGlob(s)) {
      const m = declared.filter((d) => principalMatches(model, s, d));
      if (m.length === 0) errors.push(error('selector-unknown', path('principal'), `no declared principal matches \`${s}\``));
      pushAll(principals, m);
    } else principals.push(s);
  }
  principals = [...new Set(principals)].filter((x) => x === undefined || !except.some((e) => principalMatches(model, e, x)));

  // actions: globs expand against the actions the policies name (and a few common ones), and
  // within one service against AWS's catalogue, so that an action only a policy wildcard names
  // (`s3:*` in a policy, `s3:Delete*` in the property) is tried too
  const known = [...new Set([...named.actions.filter((a) => !isGlob(a)), ...COMMON_ACTIONS])];
  const actions: string[] = [];
  for (const a of list(p.forall.action)) {
    if (!isGlob(a)) actions.push(a);
    else {
      const re = globToRegExp(a, 'i');
      const service = a.slice(0, Math.max(0, a.indexOf(':')));
      const fromCatalog = service !== '' && !isGlob(service) ? loadCatalog().expand(a) : [];
      const m = [...new Set([...known.filter((k) => re.test(k)), ...fromCatalog])];
      if (m.length === 0) errors.push(error('selector-unknown', path('action'), `no action named in the scenario matches \`${a}\``, 'list the actions explicitly'));
      pushAll(actions, m);
    }
  }
  if (list(p.forall.action).length === 0) errors.push(error('property-incomplete', path('action'), 'an IAM property needs `action`'));

  // resources: globs expand against declared ARNs, ARNs the policies name, and examples of
  // the policies' own patterns (`arn:aws:s3:::assets/*` gives `arn:aws:s3:::assets/example`)
  const arns = (model.scenario.resources ?? []).map((r) => r.arn);
  const candidates = new Set<string>(arns);
  for (const a of arns) if (a.startsWith('arn:aws:s3:::') && !a.slice(13).includes('/')) candidates.add(`${a}/example`);
  for (const r of named.resources) {
    if (r === '*') continue;
    for (const x of resourceExamples(model, r)) candidates.add(x);
  }
  // resources two overlapping patterns both match (bounded: patterns of one ARN prefix, short enough)
  const globs = [...new Set(named.resources.filter((r) => r !== '*' && isGlob(r) && !r.includes('${') && r.length <= 120))];
  let pairs = 0;
  for (let a = 0; a < globs.length && pairs < 200; a++)
    for (let b = a + 1; b < globs.length && pairs < 200; b++) {
      const [x, y] = [globs[a]!, globs[b]!];
      if (x.split(':').slice(0, 3).join(':') !== y.split(':').slice(0, 3).join(':') && !x.startsWith('*') && !y.startsWith('*')) continue;
      pairs++;
      const w = globIntersection(x, y);
      if (w !== undefined) candidates.add(w);
    }
  let resources: (string | undefined)[] = [];
  const rsels = list(p.forall.resource);
  if (rsels.length === 0) resources = [undefined];
  for (const r of rsels) {
    if (!isGlob(r)) resources.push(r);
    else {
      const re = globToRegExp(r);
      const m = [...candidates].filter((c) => re.test(c));
      if (m.length === 0) errors.push(error('selector-unknown', path('resource'), `no resource in the scenario matches \`${r}\``));
      pushAll(resources, m);
    }
  }
  resources = [...new Set(resources)];

  // context: each key absent or one of its values; fewest keys first
  // the keys the property quantifies, then keys only the policies' conditions name
  const quantified = Object.entries(p.forall.context ?? {}) as [string, ContextValue[]][];
  const fromPolicies = conditionContext(named.conditions, new Set(quantified.map(([k]) => k.toLowerCase())), options.conditionValues !== 'time-and-ip');
  const dims = [...quantified, ...fromPolicies].filter(([, values]) => values.length > 0);
  const uniqueActions = [...new Set(actions)];
  // the space before building any of it: past the exact-integer bound it cannot even be indexed
  let total = 1;
  for (const [, values] of dims) total *= values.length + 1;
  const cases = total * Math.max(1, principals.length) * Math.max(1, uniqueActions.length) * Math.max(1, resources.length);
  if (!(cases <= MAX_IAM_CASES)) {
    errors.push(
      error(
        'property-too-large',
        ['properties', p.name, 'forall'],
        `the property has more cases than vpcsim can count (${dims.length} context keys with ${dims.reduce((n, [, v]) => n + v.length, 0)} values, over ${principals.length} principals, ${uniqueActions.length} actions and ${resources.length} resources)`,
        'narrow it: fewer context keys or values (`forall.context` with the values that matter), or fewer actions and resources',
      ),
    );
    return { principals, actions: uniqueActions, resources, contexts: [{}], errors };
  }
  let contexts: readonly Ctx[];
  if (total <= CONTEXTS_LISTED) {
    let listed: Record<string, ContextValue>[] = [{}];
    for (const [key, values] of dims) {
      const next: Record<string, ContextValue>[] = [];
      for (const c of listed) {
        next.push(c);
        for (const v of values) next.push({ ...c, [key]: v });
      }
      listed = next;
    }
    contexts = listed.map((c, i) => ({ c, i })).sort((a, b) => Object.keys(a.c).length - Object.keys(b.c).length || a.i - b.i).map((x) => x.c);
  } else contexts = lazyContexts(dims, total);

  return { principals, actions: uniqueActions, resources, contexts, errors };
}
