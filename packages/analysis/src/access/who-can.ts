// Who can do this? Every principal allowed an action on a resource, exhaustively over the
// principal classes of the scenario (universe.ts): each class is judged through its
// representative by the IAM engine, so every answer is one `vpcsim can` gives. A class that is
// refused as asked is tried again with the contexts its policies' conditions name
// (conditions.ts): "allowed only when the request carries aws:SourceVpce=vpce-1".
// With `from`, requests are sent from that instance over the network first (request.ts): the
// path decides aws:SourceIp / aws:SourceVpce and the endpoint policy, for every class alike.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html
import { authorizeModel, evaluate, type Decision, type DecisionKind } from '@vpcsim/iam';
import { didYouMean, error, expandPrincipal, type Diagnostic, type Model } from '@vpcsim/model';
import { networkPath, type RequestNetwork } from '../request.js';
import { checkAction, defaultActionSource, type ActionSource } from './action-source.js';
import { admitsAction, candidatesFrom, derivedKey, networkKey, type Context, type ContextCandidate } from './conditions.js';
import { listOf, scenarioPolicies, statementLabel, statementsOfPolicies, type PlacedStatement } from './policies.js';
import { ASSUMED_POLICY, externalModel, principalUniverse, type PrincipalClass, type PrincipalUniverse } from './universe.js';
import { resourceProblem } from './resources.js';

/** A who-can question. */
export interface WhoCanQuery {
  readonly action: string;
  /** The resource ARN (or `role/NAME`); absent: a request without a resource. */
  readonly resource?: string | undefined;
  /** Send the requests from this instance or interface, over the network. */
  readonly from?: string | undefined;
  /** Context keys every request carries. */
  readonly context?: Context | undefined;
}

/** One class's answer. */
export interface WhoCanEntry {
  readonly class: PrincipalClass;
  readonly decision: DecisionKind;
  /** The statements that decided (`policy statement N (sid)`); for an external class its own policies are `its own account's policies (assumed to allow)`. */
  readonly decisive: readonly string[];
  /** Allowed only with these context keys added to the request (and the statement they satisfy). */
  readonly context?: Context | undefined;
  readonly satisfies?: string | undefined;
  /** One sentence: why not, for a refused class. */
  readonly reason?: string | undefined;
  /** For a refused class: the gate that stopped it (`block-public-access`, `rcp`, `scp`, `resource`, ...). */
  readonly failedGate?: string | undefined;
}

/** A line of the grouped answer: the classes of one heading that the same statements decide alike. */
export interface WhoCanLine {
  readonly heading: string;
  readonly who: readonly string[];
  readonly decisive: readonly string[];
  readonly context?: Context | undefined;
  /** Every class under the heading (the whole account, every service...). */
  readonly whole: boolean;
}

/** The answer. */
export interface WhoCanResult {
  readonly action: string;
  readonly resource?: string | undefined;
  readonly from?: string | undefined;
  readonly context: Context;
  /** Allowed as asked. */
  readonly allowed: readonly WhoCanEntry[];
  /** Allowed only with more context keys. */
  readonly conditional: readonly WhoCanEntry[];
  /** Refused whatever the context the policies name. */
  readonly denied: readonly WhoCanEntry[];
  /** Allowed and conditional answers, grouped to read in a few lines. */
  readonly lines: readonly WhoCanLine[];
  readonly conditionalLines: readonly WhoCanLine[];
  /** Anonymous callers, or every principal of every other account, are allowed. */
  readonly public: boolean;
  /** The network path with `from`. */
  readonly network?: RequestNetwork | undefined;
  readonly classes: number;
  /** What the answer covers and what it leaves out. */
  readonly notes: readonly string[];
  readonly errors: readonly Diagnostic[];
}

/** Options: where candidate actions come from (for the "unknown action" check). */
export interface WhoCanOptions {
  readonly actions?: ActionSource | undefined;
  /** Judge only the classes this accepts (findings judge those outside the zone of trust). */
  readonly only?: ((c: PrincipalClass) => boolean) | undefined;
}

const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9-]+$/;

/** What every access question about a model reads: its principal classes and its statements (built once per model). */
export interface PreparedAccess {
  readonly universe: PrincipalUniverse;
  readonly statements: readonly PlacedStatement[];
}
const preparedCache = new WeakMap<Model, PreparedAccess>();

/** The principal classes and statements of a model, cached. */
export function prepared(model: Model): PreparedAccess {
  let p = preparedCache.get(model);
  if (p === undefined) {
    p = { universe: principalUniverse(model), statements: statementsOfPolicies(scenarioPolicies(model)) };
    preparedCache.set(model, p);
  }
  return p;
}

/** Problems with an action: malformed, or unknown (with "did you mean"). */
export function actionProblem(model: Model, action: string, source: ActionSource, path: (string | number)[], statements?: readonly PlacedStatement[]): Diagnostic | undefined {
  if (!ACTION.test(action))
    return error('invalid-action', path, /[*?]/.test(action) ? `\`${action}\` is a pattern: name one action` : `\`${action}\` is not an action`, 'actions look like `service:ActionName`, e.g. `s3:GetObject`');
  const k = checkAction(source, action);
  if (k.known) return undefined;
  if (source.complete) return error('unknown-action', path, `unknown action \`${action}\``, k.suggestion ? `did you mean \`${k.suggestion}\`?` : 'see the Service Authorization Reference for the actions of each service');
  // without AWS's catalogue: a typo is one letter away from a known action and named by no pattern more specific than its service's
  const sts = statements ?? statementsOfPolicies(scenarioPolicies(model));
  const lower = action.toLowerCase();
  const svc = lower.slice(0, lower.indexOf(':'));
  const specific = sts.some(({ statement: st }) => listOf(st.Action).some((p) => p !== '*' && p.toLowerCase() !== `${svc}:*` && admitsAction({ Effect: 'Allow', Action: p }, lower)));
  if (specific || k.suggestion === undefined) return undefined;
  const near = didYouMean(lower, [k.suggestion.toLowerCase()]) !== undefined && distanceOne(lower, k.suggestion.toLowerCase());
  return near ? error('unknown-action', path, `unknown action \`${action}\`: no policy of the scenario names it, and it is one letter away from \`${k.suggestion}\``, `did you mean \`${k.suggestion}\`?`) : undefined;
}

function distanceOne(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i);
}

/** Keys a request of this class may carry (the rest are derived by the engine or the network path). */
function freeKeys(c: PrincipalClass, from: boolean): (key: string) => boolean {
  return (key) => {
    const k = key.toLowerCase();
    if (from && networkKey(k)) return false;
    // an external principal's tags are whatever its account gives it
    if (c.assumesOwnPolicies && k.startsWith('aws:principaltag/')) return true;
    return !derivedKey(k);
  };
}

const labelOf = (d: { policy: string; statement: number; sid?: string | undefined }): string =>
  d.policy.includes(ASSUMED_POLICY) ? "its own account's policies (assumed to allow)" : statementLabel(d.policy, d.statement, d.sid);

/** Judges every principal class; see the module header. Never throws on user data. */
export function whoCan(model: Model, q: WhoCanQuery, options: WhoCanOptions = {}): WhoCanResult {
  const source = options.actions ?? defaultActionSource();
  const statements = prepared(model).statements;
  const given: Context = { ...(q.context ?? {}) };
  const empty = (errors: Diagnostic[], extra: Partial<WhoCanResult> = {}): WhoCanResult => ({
    action: q.action, resource: q.resource, from: q.from, context: given, allowed: [], conditional: [], denied: [], lines: [], conditionalLines: [], public: false, classes: 0, notes: [], errors, ...extra,
  });
  const errors: Diagnostic[] = [];
  const bad = actionProblem(model, q.action, source, ['request', 'action'], statements);
  if (bad) errors.push(bad);
  if (q.resource !== undefined) {
    const r = resourceProblem(model, q.resource, ['request', 'resource'], statements);
    if (r) errors.push(r);
  }
  if (q.from !== undefined && !model.index.instance.has(q.from) && !model.index.networkInterface.has(q.from)) {
    const guess = didYouMean(q.from, [...model.index.instance.keys(), ...model.index.networkInterface.keys()]);
    errors.push(error('unknown-endpoint', ['request', 'from'], `unknown instance \`${q.from}\``, guess ? `did you mean \`${guess}\`?` : 'name an instance or interface of the scenario'));
  }
  if (errors.length > 0) return empty(errors);

  const universe = prepared(model).universe;
  let ext: Model | undefined;
  const modelFor = (c: PrincipalClass): Model => (c.assumesOwnPolicies ? (ext ??= externalModel(model, universe)) : model);

  // the network path, the same for every principal
  let network: RequestNetwork | undefined;
  let endpoint: { id: string; policy?: unknown } | undefined;
  let pathContext: Context = {};
  if (q.from !== undefined) {
    const path = networkPath(model, q.from, q.action, q.resource);
    network = path.network;
    if (!path.ok) {
      const notDelivered = path.errors.every((e) => e.code === 'request-not-delivered');
      return empty(notDelivered ? [] : path.errors, { network, classes: universe.classes.length, notes: [`no principal can: ${path.why}`] });
    }
    endpoint = path.endpoint;
    pathContext = { ...path.derived };
  }
  const base: Context = { ...Object.fromEntries(Object.entries(given).filter(([k]) => q.from === undefined || !networkKey(k))), ...pathContext };

  const allowed: WhoCanEntry[] = [];
  const conditional: WhoCanEntry[] = [];
  const denied: WhoCanEntry[] = [];
  const problems: Diagnostic[] = [];
  const decide = (m: Model, c: PrincipalClass, context: Context): Decision =>
    evaluate(m, { principal: c.representative, action: q.action, resource: q.resource, context, ...(endpoint ? { endpoint } : {}) });
  // the contexts to try depend on the class only through which keys it may carry (freeKeys)
  const candidates = new Map<string, ContextCandidate[]>();
  let relevant: PlacedStatement[] | undefined;
  for (const c of universe.classes) {
    if (options.only && !options.only(c)) continue;
    const m = modelFor(c);
    const d = decide(m, c, base);
    for (const e of d.errors) if (e.severity === 'error' && !problems.some((p) => p.message === e.message)) problems.push(e);
    if (d.decision === 'allowed') {
      allowed.push({ class: c, decision: d.decision, decisive: d.decisive.map(labelOf) });
      continue;
    }
    let found: WhoCanEntry | undefined;
    const kind = c.assumesOwnPolicies ? 'external' : 'own';
    let cands = candidates.get(kind);
    if (cands === undefined) {
      relevant ??= statements.filter((s) => s.statement.Condition !== undefined && admitsAction(s.statement, q.action));
      cands = candidatesFrom(relevant, base, freeKeys(c, q.from !== undefined));
      candidates.set(kind, cands);
    }
    for (const cand of cands) {
      const request = { principal: c.representative, action: q.action, resource: q.resource, context: cand.context, ...(endpoint ? { endpoint } : {}) };
      if (authorizeModel(m, request) !== 'allowed') continue;
      const w = evaluate(m, request);
      const extra = Object.fromEntries(Object.entries(cand.context).filter(([k]) => !(k in base)));
      found = { class: c, decision: 'allowed', decisive: w.decisive.map(labelOf), context: extra, satisfies: cand.satisfies ? statementLabel(cand.satisfies.policy.name, cand.satisfies.index, cand.satisfies.statement.Sid) : undefined };
      break;
    }
    if (found) conditional.push(found);
    else denied.push({ class: c, decision: d.decision, decisive: d.decisive.map(labelOf), reason: d.reason, failedGate: d.failedGate });
  }

  const notes = [...universe.notes];
  notes.push(
    `${universe.classes.length} principal classes: the declared principals and root users of ${universe.closedAccounts.join(', ')}; each other account a policy or the organization names, and one for every other account (root, a user, a role: as if their own policies allowed); anonymous callers; each AWS service, identity provider and origin access identity a policy names, and one for every other`,
    'contexts tried: the one asked, and for each conditional Allow statement one that satisfies it (keeping conditional Denies from applying)',
  );
  const isPublic = [...allowed].some((e) => e.class.kind === 'anonymous') || everyClass(allowed, universe, (c) => c.kind === 'external' && !c.named);
  return {
    action: q.action,
    resource: q.resource,
    from: q.from,
    context: given,
    allowed,
    conditional,
    denied,
    lines: group(allowed, universe),
    conditionalLines: group(conditional, universe),
    public: isPublic,
    network,
    classes: universe.classes.length,
    notes,
    errors: problems,
  };
}

function everyClass(entries: readonly WhoCanEntry[], u: PrincipalUniverse, pred: (c: PrincipalClass) => boolean): boolean {
  const want = u.classes.filter(pred);
  return want.length > 0 && want.every((c) => entries.some((e) => e.class === c));
}

/**
 * Entries grouped to read in a few lines: a heading whose every class is allowed alike (same
 * context) is one line with the statements of all of them; otherwise its classes are grouped
 * by the statements that decide them. Headings in class order.
 */
export function group(entries: readonly WhoCanEntry[], u: PrincipalUniverse): WhoCanLine[] {
  const lines: WhoCanLine[] = [];
  const headings = [...new Set(u.classes.map((c) => c.group))];
  for (const heading of headings) {
    const mine = entries.filter((e) => e.class.group === heading);
    if (mine.length === 0) continue;
    const all = u.classes.filter((c) => c.group === heading);
    const contexts = new Set(mine.map((e) => JSON.stringify(e.context ?? null)));
    if (all.length > 1 && mine.length === all.length && contexts.size === 1) {
      lines.push({ heading, who: mine.map((e) => e.class.label), decisive: [...new Set(mine.flatMap((e) => e.decisive))], ...(mine[0]!.context ? { context: mine[0]!.context } : {}), whole: true });
      continue;
    }
    const byKey = new Map<string, WhoCanEntry[]>();
    for (const e of mine) {
      const key = JSON.stringify([e.decisive, e.context ?? null]);
      byKey.set(key, [...(byKey.get(key) ?? []), e]);
    }
    for (const g of byKey.values()) lines.push({ heading, who: g.map((e) => e.class.label), decisive: g[0]!.decisive, ...(g[0]!.context ? { context: g[0]!.context } : {}), whole: false });
  }
  return lines;
}

/** The principal a who-can line's class stands for, for `vpcsim can`. */
export function canPrincipal(c: PrincipalClass, model: Model): string {
  return expandPrincipal(c.representative, model.defaults.account)?.arn ?? c.representative;
}
