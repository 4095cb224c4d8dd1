// The evaluation flow: every policy type combined into one decision.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
//   1. An explicit Deny in any applicable policy (SCP, RCP, endpoint, resource-based, identity,
//      boundary, session) decides: explicitly denied.
//   2. RCPs of the resource's account, then SCPs of the principal's account: every level must
//      have an Allow, else implicitly denied.
//   3. Resource-based policy, identity-based policies, permissions boundary, session policy.
//   Everything not allowed is implicitly denied; the root user "has full access" in its own
//   account (identity policies do not restrict it; SCPs and explicit denies do).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
//   Same account: "If either the identity-based policy or the resource-based policy within the
//   same account allows the request and the other doesn't, the request is still allowed."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
//   Same account, resource-based policy naming... the IAM user ARN: not limited by an implicit
//   deny in the identity policies or the boundary; the role session ARN: not limited by the
//   boundary nor the session policy; the role ARN: limited by an implicit deny in the boundary
//   or session policy (the identity policies need not allow). `Principal: "*"` names every
//   principal, the session itself included, so it grants like naming the session ARN (a
//   documented choice: AWS does not spell out this case). Naming the account
//   (`arn:aws:iam::ID:root`) delegates to the account's IAM policies: they must allow.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_session.html
//   Session policies limit identity-based permissions and resource-based permissions granted to
//   the role ARN, not those granted to the session ARN.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
//   Cross-account: the identity side (principal's account: SCPs, identity policies, boundary,
//   session policy) AND the resource-based policy (resource's account) must both allow.
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
//   KMS: "Unless the key policy explicitly allows it, you cannot use IAM policies to allow
//   access to a KMS key." The key policy must allow the principal, or trust the account
//   (`arn:aws:iam::ID:root`), in which case IAM policies must allow.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html (trust policy)
//   sts:AssumeRole on a role: its trust policy is the resource-based policy and must allow;
//   the same rules apply (a trust policy naming the user or session directly is enough in the
//   same account, within the caller's permissions boundary; naming the account needs an
//   identity allow; cross-account needs both).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
//   "If a permissions boundary is set for the user, then it must allow the sts:AssumeRole action."
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
//   RestrictPublicBuckets: a bucket with a public policy is accessible only to AWS service
//   principals and authorized users of the bucket owner's account; all cross-account access
//   through it is blocked.
// https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
//   A VPC endpoint policy is one more gate: no policy means full access; otherwise it must
//   allow, and a Deny in it denies.
// Anonymous requests: only a resource-based policy naming everyone ("*") can allow them.
//
// Here every gate is evaluated (gates.ts: denies and allows, nothing decided); decide.ts decides
// from the gates alone, the resource side by its authorizer (authorizers/trust.ts, key.ts, s3.ts);
// STS's own rules (authorizers/sts.ts) come before any policy is read.
import { error, PolicyDocument, type Diagnostic } from '@vpcsim/model';
import { Env, lowerContext, type DerivedKeys } from './context.js';
import { chainEntries, identityStatements, principalInfo, resourceInfo, type CompiledIam, type OrgChain, type OrgLevel, type PrincipalInfo, type ResourceInfo } from './compile.js';
import { Failed, allowStrength, compilePolicy, denies, evalEntry, evalPolicy, explainAdmitted, explainStatement, type CompiledPolicy, type CompiledStatement, type Evaluation } from './policy.js';
import { Strength } from './principal.js';
import { carriesViaAwsService, requestedRegion } from './global-keys.js';
import { ASSUME_ACTIONS, DURATION_ACTIONS, DURATION_HINT, durationProblem, stsVerdict } from './authorizers/sts.js';
import { kmsCrossAccountProblem } from './authorizers/kms.js';
import { restrictsPublicGrant } from './authorizers/s3.js';
import { decide } from './decide.js';
import { boundaryAllows, clearGates, denial, hasIdentityPolicies, resourceGate, type Gates, type Outcome, type Why } from './gates.js';
import type { Decision, DecisionKind, DecisiveStatement, GateResult, PolicyType, Request, StatementMatch } from './types.js';

// A request names one action: no wildcards (those belong in policies).
const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9-]+$/;


/** An action lowercased, with its service prefix; empty strings when it is not an action. */
interface ActionText {
  readonly action: string;
  readonly service: string;
}
const NOT_ACTION: ActionText = { action: '', service: '' };
const actionCache = new Map<string, ActionText>();
function parseAction(s: string): ActionText {
  let l = actionCache.get(s);
  if (l === undefined) {
    if (ACTION.test(s)) {
      const action = s.toLowerCase();
      l = { action, service: action.slice(0, action.indexOf(':')) };
    } else l = NOT_ACTION;
    if (actionCache.size < 10000) actionCache.set(s, l);
  }
  return l;
}

/** Everything the flow computed for one request (read by the explanation). */
interface Verdict {
  p: PrincipalInfo;
  r: ResourceInfo;
  ev: Evaluation;
  /** The gates, evaluated (gates.ts), and what `decide` made of them. */
  g: Gates;
  outcome: Outcome;
  resPolicy: CompiledPolicy | null;
  endpoint: CompiledPolicy | null | undefined;
  endpointError: Diagnostic | undefined;
  /** The first SCP/RCP level without an Allow (the sentence names it). */
  scpFailed: OrgLevel | null;
  rcpFailed: OrgLevel | null;
  /** The request could not be judged at all (invalid principal or action): no gates ran. */
  early: Diagnostic | undefined;
  /** STS decided before any policy was read (no gates ran), and its sentence (authorizers/sts.ts). */
  stsDecided: boolean;
  stsWhy: string;
}

/** Judges organization levels: the deny flag, and the first level without an allow. */
function levels(chain: OrgChain, ev: Evaluation, g: Gates, v: Verdict, scp: boolean): void {
  const entries = chainEntries(chain, ev.action, ev.service);
  let deny = false;
  let failed: OrgLevel | null = null;
  for (let i = 0; i < entries.length; i++) {
    const f = evalEntry(entries[i]!, ev);
    if (denies(f)) deny = true;
    if (allowStrength(f) === Strength.None && failed === null) failed = chain.levels[i]!;
  }
  if (scp) {
    g.scpDenied = deny;
    g.scpAllowed = failed === null;
    v.scpFailed = failed;
  } else {
    g.rcpDenied = deny;
    g.rcpAllowed = failed === null;
    v.rcpFailed = failed;
  }
}

function endpointPolicy(c: CompiledIam, req: Request): [CompiledPolicy | null | undefined, Diagnostic | undefined] {
  const e = req.endpoint;
  if (e === undefined) return [undefined, undefined];
  const raw = e.policy;
  if (raw === undefined || raw === null) return [null, undefined];
  if (typeof raw !== 'object') return [null, error('invalid-endpoint-policy', ['request', 'endpoint', 'policy'], `the policy of endpoint \`${e.id}\` is not a policy document`)];
  let cp = c.endpointPolicies.get(raw);
  if (cp === undefined) {
    const parsed = PolicyDocument.safeParse(raw);
    cp = parsed.success
      ? compilePolicy(parsed.data, `${e.id} endpoint policy`, 'endpoint')
      : error('invalid-endpoint-policy', ['request', 'endpoint', 'policy'], `the policy of endpoint \`${e.id}\` is not a valid policy document: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    c.endpointPolicies.set(raw, cp);
  }
  return 'code' in cp ? [null, cp] : [cp, undefined];
}

const EMPTY_KEYS: DerivedKeys = new Map();
/** Scratch objects the fast path reuses (evaluation is synchronous and never re-entered). */
const scratchEnv = new Env(null, EMPTY_KEYS, EMPTY_KEYS);
const scratchEv: Evaluation = { action: '', service: '', resource: '*', who: { kind: 'anonymous', arn: '*', hasBoundary: false }, env: scratchEnv, strength: Strength.None, errored: false, unsureDeny: false };
const scratchGates = clearGates({} as Gates);
let scratchV: Verdict | undefined;

/** `role/NAME` as a resource: the declared role's ARN, with its path. */
function shortRoleArn(c: CompiledIam, resource: string): string {
  const name = resource.slice(resource.lastIndexOf('/') + 1);
  const role = c.lookup.roles.get(`${c.account}|${name}`);
  return `arn:aws:iam::${c.account}:role${role?.path ?? '/'}${name}`;
}

/** Whether the principal signs with temporary credentials: a role session (a request as a role is one), a federated user. */
const temporaryCredentials = (p: PrincipalInfo): boolean => p.who.kind === 'role' || p.who.kind === 'assumed-role' || p.who.kind === 'federated';

/** STS allowed the call before any policy was read (authorizers/sts.ts). */
const STS_GRANT: Outcome = Object.freeze({ decision: 'allowed', failedGate: null, why: 'service', usedIdentity: false, usedResource: false });

/**
 * Evaluates every gate of a request (denies and allows, nothing decided), then decides from the
 * gates (decide.ts); returns both for the explanation. Never throws on user data. `reuse`: fill
 * the scratch objects (fast path).
 */
function run(c: CompiledIam, req: Request, reuse: boolean): Verdict {
  const p = principalInfo(c, req.principal);
  const { action, service } = typeof req.action === 'string' ? parseAction(req.action) : NOT_ACTION;
  let resource = req.resource === undefined || req.resource === '' ? '*' : req.resource;
  if (resource.startsWith('role/')) resource = shortRoleArn(c, resource);
  const r = resourceInfo(c, resource, p.who.account);
  const given = req.context ? lowerContext(req.context) : null;
  let env: Env;
  let ev: Evaluation;
  let g: Gates;
  if (reuse) {
    env = scratchEnv;
    env.given = given;
    env.principal = p.derived;
    env.resource = r.derived;
    const f = env.facts;
    f.region = requestedRegion(service, resource, c.region);
    f.temporary = temporaryCredentials(p);
    f.via = carriesViaAwsService(service);
    ev = scratchEv;
    ev.action = action;
    ev.service = service;
    ev.resource = resource;
    ev.who = p.who;
    ev.strength = Strength.None;
    ev.errored = false;
    ev.unsureDeny = false;
    g = clearGates(scratchGates);
  } else {
    env = new Env(given, p.derived, r.derived, { region: requestedRegion(service, resource, c.region), temporary: temporaryCredentials(p), via: carriesViaAwsService(service) });
    ev = { action, service, resource, who: p.who, env, strength: Strength.None, errored: false, unsureDeny: false };
    g = clearGates({} as Gates);
  }
  const kind = p.who.kind;
  g.who = kind;
  g.sameAccount = p.who.account !== undefined && p.who.account === r.account;
  g.restrictPublicBuckets = r.restrictPublicBuckets !== null;
  g.errored = p.errors.length > 0;
  const v: Verdict = reuse && scratchV !== undefined ? scratchV : ({} as Verdict);
  if (reuse) scratchV = v;
  v.p = p;
  v.r = r;
  v.ev = ev;
  v.g = g;
  v.resPolicy = null;
  v.endpoint = undefined;
  v.endpointError = undefined;
  v.scpFailed = null;
  v.rcpFailed = null;
  v.early = undefined;
  v.stsDecided = false;
  v.stsWhy = '';
  if (p.errors.length > 0 && kind !== 'user' && kind !== 'role' && kind !== 'assumed-role') v.early = p.errors[0]!;
  else if (action === '')
    v.early = error(
      'invalid-action',
      ['request', 'action'],
      /[*?]/.test(req.action) ? `\`${req.action}\` is a pattern: a request names one action` : `\`${req.action}\` is not an action`,
      /[*?]/.test(req.action) ? 'name one action, e.g. `s3:GetObject`; to ask about many, write a property with an action list' : 'actions look like `service:ActionName`, e.g. `s3:GetObject`',
    );
  let earlyGate: PolicyType = 'identity';
  if (v.early === undefined && r.undeclaredRole && ASSUME_ACTIONS.has(action)) {
    // no trust policy to judge: never fall back to the identity side alone
    v.early = error('unknown-resource', ['request', 'resource'], `role \`${resource}\` is not declared in the scenario: it has no trust policy to allow \`${req.action}\``, 'declare it under `iam.roles`; a role ARN includes the role\'s path (`arn:aws:iam::ACCOUNT:role/PATH/NAME`), or write `role/NAME`');
    earlyGate = 'trust';
  }
  if (v.early === undefined && given !== null && r.role !== undefined && DURATION_ACTIONS.has(action)) {
    const d = given.get('sts:durationseconds');
    const problem = d === undefined ? undefined : durationProblem(d, r.role.name, r.role.maxSessionDuration, p.who.kind === 'assumed-role');
    if (problem !== undefined) {
      v.early = error('invalid-request', ['request', 'context', 'sts:DurationSeconds'], problem, DURATION_HINT);
      earlyGate = 'trust';
    }
  }
  if (v.early !== undefined) {
    g.errored = true;
    v.outcome = denial(earlyGate, 'early');
    return v;
  }
  // STS calls that no policy controls, and those STS refuses (authorizers/sts.ts)
  const sts = service === 'sts' ? stsVerdict(action, kind) : undefined;
  if (sts !== undefined) {
    v.stsDecided = true;
    v.stsWhy = sts.why;
    v.outcome = g.errored ? denial('identity', 'errors') : sts.decision === 'allowed' ? STS_GRANT : denial('identity', 'service');
    return v;
  }

  // every applicable policy, denies and allows
  if (p.scp !== null && !p.serviceLinked) levels(p.scp, ev, g, v, true);
  if (r.rcp !== null && !p.serviceLinked && c.rcpServices.has(service)) levels(r.rcp, ev, g, v, false);
  if (req.endpoint !== undefined) {
    [v.endpoint, v.endpointError] = endpointPolicy(c, req);
    if (v.endpointError !== undefined) {
      g.endpointError = true;
      g.errored = true;
      g.endpoint = 0;
    }
  }
  if (v.endpoint) {
    g.endpoint = evalPolicy(v.endpoint, ev);
    if (ev.unsureDeny) g.unsureDeny = 'endpoint';
  }
  if (ASSUME_ACTIONS.has(action) && r.role !== undefined) {
    g.resKind = 'trust';
    v.resPolicy = r.trust;
  } else if (r.isKey) {
    g.resKind = 'key';
    v.resPolicy = r.policy;
    g.kmsLocalOnly = kmsCrossAccountProblem(action) !== undefined;
  } else if (r.policy !== null) {
    g.resKind = 'resource';
    v.resPolicy = r.policy;
  }
  if (v.resPolicy !== null) {
    g.resPresent = true;
    g.resPublic = v.resPolicy.public;
    g.res = evalPolicy(v.resPolicy, ev);
    if (ev.unsureDeny && g.unsureDeny === null) g.unsureDeny = resourceGate(g);
  }
  if (hasIdentityPolicies(g)) {
    g.identity = evalEntry(identityStatements(p, action, service), ev);
    if (p.boundary) g.boundary = evalPolicy(p.boundary, ev);
    if (p.session) g.session = evalPolicy(p.session, ev);
  }
  if (ev.errored) g.errored = true;
  v.outcome = decide(g);
  return v;
}

/** The outcomes decided before the resource and identity sides are weighed (the explanation shows those sides only past them). */
const BEFORE_SIDES: ReadonlySet<Why> = new Set<Why>(['early', 'deny', 'service', 'rcp', 'scp', 'endpoint-error', 'endpoint']);
/** Whether the decision weighed the resource and identity sides (past every guardrail). */
const weighedSides = (v: Verdict): boolean => !v.stsDecided && !BEFORE_SIDES.has(v.outcome.why);

/** A decision STS or KMS made by its own rule: its sentence. */
function serviceWhy(v: Verdict, req: Request): string {
  return v.stsDecided ? v.stsWhy : (kmsCrossAccountProblem(v.ev.action, req.action) ?? 'a service rule refused the request');
}

/** The sentence for a verdict (built only for explanations). */
function reasonText(v: Verdict, req: Request): string {
  const { p, r, g } = v;
  const act = `\`${req.action}\``;
  const label = `\`${p.label}\``;
  const policyName = v.resPolicy?.name ?? 'the resource-based policy';
  const what = g.resKind === 'trust' ? 'trust policy' : g.resKind === 'key' ? 'key policy' : 'resource-based policy';
  const identityWhy = !hasIdentityPolicies(g)
    ? 'no identity policies apply to this principal'
    : allowStrength(g.identity) === Strength.None
      ? `no identity-based policy of ${label} allows ${act}`
      : !boundaryAllows(g)
        ? `the permissions boundary of ${label} does not allow ${act}`
        : `the session policy of ${label} does not allow ${act}`;
  switch (v.outcome.why) {
    case 'service':
      return serviceWhy(v, req);
    case 'none':
      return v.outcome.decision === 'allowed' ? allowedWhy(v, req) : '';
    case 'early':
      return v.early?.message ?? 'the request cannot be judged';
    case 'errors':
      return 'errors prevent an allow: fix them first';
    case 'unsure-deny':
      return 'a Deny statement naming a CanonicalUser might apply, and canonical user ids are not implemented: no allow is given';
    case 'deny':
      return 'an explicit Deny matched';
    case 'rcp':
      return `no RCP at level \`${v.rcpFailed?.name}\` allows ${act}`;
    case 'scp':
      return `no SCP at level \`${v.scpFailed?.name}\` allows ${act}`;
    case 'endpoint-error':
      return v.endpointError?.message ?? 'invalid endpoint policy';
    case 'endpoint':
      return `the policy of endpoint \`${req.endpoint?.id}\` does not allow the request`;
    case 'bpa':
      return `Block Public Access (RestrictPublicBuckets on ${r.restrictPublicBuckets}) cancels the public grant`;
    case 'anon-none':
      return 'anonymous requests need a resource-based policy that allows everyone (`Principal: "*"`)';
    case 'anon-no-statement':
      return `no statement of ${policyName} allows anonymous requests`;
    case 'service-none':
      return `${label} can act only where a resource-based policy allows it`;
    case 'service-no-statement':
      return `no statement of ${policyName} allows ${label}`;
    case 'no-trust-policy':
      return `role \`${r.role?.name}\` has no trust policy: nobody can assume it`;
    case 'gate-no-allow':
      return `the ${what} ${policyName} does not allow ${label}`;
    case 'gate-trusts-account':
      return `${identityWhy}; the ${what} trusts the account, so IAM policies must also allow`;
    case 'gate-limited': {
      const res = allowStrength(g.res);
      const named = res === Strength.Role ? `the role \`${p.who.roleArn ?? p.who.arn}\`` : res === Strength.Any ? 'everyone (`*`)' : `\`${p.who.arn}\` directly`;
      const limit = !boundaryAllows(g) ? 'permissions boundary' : 'session policy';
      const alsoIdentity = allowStrength(g.identity) === Strength.None ? `, and no identity-based policy of ${label} allows it` : '';
      const title = policyName.endsWith(what) ? policyName : `the ${what} ${policyName}`;
      return `${title} names ${named}, but the ${limit} of ${label} does not allow ${act}${alsoIdentity}`;
    }
    case 'gate-cross-account':
      return `${identityWhy}; the ${what} allows it, but cross-account access also needs an identity-based allow`;
    case 'account-delegates':
      return `${identityWhy}; the resource-based policy names the account, which delegates to IAM policies`;
    case 'role-limited':
      return `the resource-based policy allows the role, but the ${!boundaryAllows(g) ? 'permissions boundary' : 'session policy'} of ${label} does not allow ${act}`;
    case 'identity':
      return identityWhy;
    case 'cross-identity':
      return `${identityWhy} (cross-account access needs an identity-based allow in account ${p.who.account})`;
    case 'cross-bpa':
      return `Block Public Access (RestrictPublicBuckets on ${r.restrictPublicBuckets}) blocks cross-account access to a bucket with a public policy`;
    case 'cross-no-policy':
      return `\`${r.arn}\` is in account ${r.account} and has no resource-based policy: cross-account access needs one that allows ${label}`;
    case 'cross-no-statement':
      return `${policyName} does not allow ${label} (cross-account access needs the resource-based policy to allow)`;
  }
}

/** The decision when vpcsim itself failed: never an allow, with the error to report. */
export function internalError(req: Request, path: string[], message: string): Decision {
  return { decision: 'implicitly-denied', decisive: [], explain: [], errors: [error('internal', path, message, 'this is a vpcsim bug: please report it with the scenario')], context: req.context ?? {}, principal: req.principal };
}

/** Judges a request: the decision only (the fast path, for searches and benchmarks). */
export function authorize(c: CompiledIam, req: Request): DecisionKind {
  try {
    return run(c, req, true).outcome.decision;
  } catch {
    // INVARIANT: run never throws on valid models; a throw is a bug, never an allow
    return 'implicitly-denied';
  }
}

/**
 * Judges a request with the fast path, for a caller that shows the explanation only when asked
 * (`vpcsim check` explains failures only): the decision when the fast path can vouch for it, or
 * undefined when the full explanation must decide (the request has errors, or a statement naming a
 * CanonicalUser might apply; both are reported only by evaluateCompiled).
 */
export function authorizeIfClean(c: CompiledIam, req: Request): DecisionKind | undefined {
  try {
    if (c.hasCanonical) return undefined;
    const v = run(c, req, true);
    if (v.g.errored || v.early !== undefined || v.g.unsureDeny !== null || v.p.errors.length > 0 || v.r.errors.length > 0) return undefined;
    return v.outcome.decision;
  } catch {
    return undefined;
  }
}

/** At most this many statements are listed when none admits the action. */
const MAX_UNRELATED = 20;

/**
 * The statements of a gate, explained: those whose Action/NotAction admits the request's action
 * (the ones the engine examines), matched ones first; when none does, the first statements
 * with why their Action does not match (to catch a mistyped action).
 */
function explainPolicies(ps: readonly CompiledPolicy[], ev: Evaluation, actionText: string): StatementMatch[] {
  const out: StatementMatch[] = [];
  for (let i = 0; i < ps.length; i++) explainAdmitted(ps[i]!, ev, actionText, out);
  if (out.length === 0) {
    for (const p of ps) for (const st of p.statements) if (out.length < MAX_UNRELATED) out.push(explainStatement(p, st, ev, actionText));
    return out;
  }
  // matched ones first, then those that got furthest (failed on a condition or principal): a
  // stable order by rank, often already the document order
  let ordered = true;
  for (let i = 1; i < out.length && ordered; i++) ordered = rank(out[i - 1]!) <= rank(out[i]!);
  if (ordered) return out;
  const sorted: StatementMatch[] = [];
  for (let r = 0; r < 4; r++) for (let i = 0; i < out.length; i++) if (rank(out[i]!) === r) sorted.push(out[i]!);
  return sorted;
}

/** The order of a statement in its gate's list: matched, failed on a condition, on the principal, on the rest. */
function rank(m: StatementMatch): number {
  return m.matched ? 0 : m.failed === 'Condition' ? 1 : m.failed === 'Principal' || m.failed === 'NotPrincipal' ? 2 : 3;
}

function gateOf(gate: PolicyType, flags: number, statements: StatementMatch[], allowWhy: string, noAllowWhy: string): GateResult {
  if (denies(flags)) {
    const d = statements.find((s) => s.matched && s.effect === 'Deny');
    return { gate, result: 'deny', why: `explicit Deny in ${d?.policy ?? 'a policy'} statement ${d?.statement ?? '?'}${d?.sid ? ` (${d.sid})` : ''}`, statements };
  }
  return allowStrength(flags) > Strength.None ? { gate, result: 'allow', why: allowWhy, statements } : { gate, result: 'no-allow', why: noAllowWhy, statements };
}

/** Judges a request with the full explanation. Never throws. */
export function evaluateCompiled(c: CompiledIam, req: Request): Decision {
  let v: Verdict;
  try {
    v = run(c, req, false);
  } catch (e) {
    return internalError(req, ['request'], `internal error while evaluating: ${(e as Error).message}`);
  }
  const { p, r, ev, g, outcome } = v;
  ev.problems = [];
  const act = req.action;
  const explain: GateResult[] = [];
  const errors: Diagnostic[] = [...p.errors, ...r.errors];
  if (v.endpointError) errors.push(v.endpointError);
  if (v.early !== undefined && !errors.includes(v.early)) errors.push(v.early);

  const orgGate = (gate: 'scp' | 'rcp', chain: OrgChain | null, why: string, deny: boolean, failed: OrgLevel | null): void => {
    if (chain === null || p.serviceLinked) {
      explain.push({ gate, result: 'not-applicable', why: p.serviceLinked ? `${gate === 'scp' ? 'SCPs' : 'RCPs'} do not affect service-linked roles` : why, statements: [] });
      return;
    }
    const statements = explainPolicies(chain.policies, ev, act);
    if (deny) {
      const d = statements.find((s) => s.matched && s.effect === 'Deny');
      explain.push({ gate, result: 'deny', why: `explicit Deny in ${d?.policy} statement ${d?.statement}${d?.sid ? ` (${d.sid})` : ''}`, statements });
    } else if (failed) explain.push({ gate, result: 'no-allow', why: `no ${gate === 'scp' ? 'SCP' : 'RCP'} attached at \`${failed.name}\` allows \`${act}\`: every level from the root to the account must allow`, statements });
    else explain.push({ gate, result: 'allow', why: `every level (${chain.names}) allows \`${act}\``, statements });
  };
  // the resource and identity sides as the decision saw them: unweighed when a guardrail stopped it
  const weighed = weighedSides(v);
  if (v.stsDecided) explain.push({ gate: 'identity', result: outcome.decision === 'allowed' ? 'allow' : 'no-allow', why: v.stsWhy, statements: [] });
  else if (v.early === undefined) {
    orgGate('scp', p.scp, p.scpWhy, g.scpDenied, v.scpFailed);
    const svc = ev.service;
    if (r.rcp !== null && !c.rcpServices.has(svc)) explain.push({ gate: 'rcp', result: 'not-applicable', why: `RCPs do not apply to \`${svc}\` actions`, statements: [] });
    else orgGate('rcp', r.rcp, r.rcpWhy, g.rcpDenied, v.rcpFailed);
    if (req.endpoint !== undefined) {
      if (v.endpointError) explain.push({ gate: 'endpoint', result: 'no-allow', why: v.endpointError.message, statements: [] });
      else if (v.endpoint === null) explain.push({ gate: 'endpoint', result: 'allow', why: `endpoint \`${req.endpoint.id}\` has no policy: the default policy allows full access`, statements: [] });
      else if (v.endpoint) explain.push(gateOf('endpoint', g.endpoint, explainPolicies([v.endpoint], ev, act), `the policy of endpoint \`${req.endpoint.id}\` allows it`, `no statement of the policy of endpoint \`${req.endpoint.id}\` allows it`));
    }
    const resGate = resourceGate(g);
    if (v.resPolicy === null)
      explain.push({
        gate: resGate,
        result: 'not-applicable',
        why: g.resKind === 'trust' ? `role \`${r.role?.name}\` has no trust policy` : r.arn === '*' ? 'the request names no resource' : `\`${r.arn}\` has no resource-based policy in the scenario`,
        statements: [],
      });
    else {
      const res = allowStrength(g.res);
      const how = res === Strength.Account ? 'the account (delegating to its IAM policies)' : res === Strength.Role ? 'the role' : res === Strength.Any ? 'everyone (`*`)' : 'the principal directly';
      explain.push(gateOf(resGate, g.res, explainPolicies([v.resPolicy], ev, act), `${v.resPolicy.name} allows it, naming ${how}`, `no statement of ${v.resPolicy.name} allows \`${act}\` for \`${p.label}\``));
    }
    if (r.restrictPublicBuckets !== null && v.resPolicy?.public) {
      const blocks = weighed && restrictsPublicGrant(g);
      explain.push({
        gate: 'block-public-access',
        result: blocks ? 'no-allow' : 'not-applicable',
        why: blocks
          ? `RestrictPublicBuckets (on ${r.restrictPublicBuckets}) limits a bucket with a public policy to AWS services and principals of account ${r.account}`
          : `RestrictPublicBuckets (on ${r.restrictPublicBuckets}) does not restrict principals of the bucket's own account`,
        statements: [],
      });
    }
    const kind = p.who.kind;
    if (kind === 'root') explain.push({ gate: 'identity', result: weighed && g.sameAccount ? 'allow' : 'not-applicable', why: 'the root user is not limited by identity-based policies', statements: [] });
    else if (kind === 'anonymous' || kind === 'service' || kind === 'federated' || kind === 'cloudfront-oai') explain.push({ gate: 'identity', result: 'not-applicable', why: `${kind === 'anonymous' ? 'an anonymous request' : `\`${p.label}\``} has no identity-based policies`, statements: [] });
    else {
      explain.push(gateOf('identity', g.identity, explainPolicies(p.identity, ev, act), `an identity-based policy of \`${p.label}\` allows it`, p.identity.length === 0 ? `\`${p.label}\` has no identity-based policies` : `no identity-based policy of \`${p.label}\` allows \`${act}\``));
      if (p.boundary) explain.push(gateOf('permissions-boundary', g.boundary, explainPolicies([p.boundary], ev, act), `the permissions boundary ${p.boundary.name} allows it`, `the permissions boundary ${p.boundary.name} does not allow \`${act}\``));
      if (p.session) explain.push(gateOf('session', g.session, explainPolicies([p.session], ev, act), 'the session policy allows it', `the session policy of \`${p.label}\` does not allow \`${act}\``));
    }
  } else {
    explain.push({ gate: outcome.failedGate ?? 'identity', result: 'no-allow', why: reasonText(v, req), statements: [] });
  }

  // statements the explanation could not evaluate (unknown operators), then those only a
  // CanonicalUser could make apply, where they could change the outcome
  const problems = ev.problems ?? [];
  const seen = new Set<string>();
  const once = (x: { policy: string; st: CompiledStatement }): boolean => {
    const k = `${x.policy}|${x.st.index}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  };
  for (const x of problems)
    if (x.code === Failed.Error && once(x))
      errors.push(error('unknown-condition-operator', [x.policy, 'Statement', x.st.index, 'Condition'], `${x.policy} statement ${x.st.index}: ${x.st.errors.map((e) => e.message).join('; ')}`, 'operators: String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, NotIpAddress, Arn*, Null'));
  seen.clear();
  for (const x of problems) {
    if (x.code !== Failed.Canonical) continue;
    const { st } = x;
    const couldChange = st.deny ? outcome.decision !== 'explicitly-denied' : outcome.decision !== 'allowed';
    if (!couldChange || !once(x)) continue;
    errors.push(
      error(
        'not-implemented',
        [x.policy, 'Statement', st.index, 'Principal', 'CanonicalUser'],
        `${x.policy} statement ${st.index}${st.sid ? ` (${st.sid})` : ''}: its Principal names a CanonicalUser, and canonical user ids are not implemented; the ${st.effect} ${st.deny ? 'might deny' : 'might allow'} this request`,
        'name the principal by ARN or account id in `Principal.AWS` (for a CloudFront OAI: `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ID`)',
      ),
    );
  }

  const reason = outcome.decision === 'allowed' ? allowedWhy(v, req) : reasonText(v, req);
  const decisive: DecisiveStatement[] = [];
  const pick = (effect: 'Allow' | 'Deny', gates: ReadonlySet<PolicyType> | null): void => {
    for (const g of explain) {
      if (gates !== null && !gates.has(g.gate)) continue;
      for (const s of g.statements) if (s.matched && s.effect === effect) decisive.push({ policy: s.policy, policyType: g.gate, statement: s.statement, sid: s.sid, effect });
    }
  };
  if (outcome.decision === 'explicitly-denied') pick('Deny', null);
  else if (outcome.decision === 'allowed') {
    const gates = new Set<PolicyType>();
    if (outcome.usedIdentity) gates.add('identity');
    if (outcome.usedResource) {
      gates.add('resource');
      gates.add('trust');
      gates.add('key');
    }
    pick('Allow', gates);
  }
  if (outcome.decision !== 'allowed' && outcome.failedGate !== null) {
    // name the gate that stopped the request first among its peers
    const i = explain.findIndex((x) => x.gate === outcome.failedGate);
    if (i >= 0 && explain[i]!.result === 'allow') explain[i] = { ...explain[i]!, result: 'no-allow', why: reason };
  }
  return {
    decision: outcome.decision,
    decisive,
    explain,
    errors,
    context: ev.env.toObject(req.context),
    assumed: ev.env.assumed(),
    principal: p.who.arn,
    reason,
    failedGate: outcome.decision === 'allowed' ? undefined : (outcome.failedGate ?? undefined),
  };
}

function allowedWhy(v: Verdict, req: Request): string {
  const { outcome, g } = v;
  if (outcome.why === 'service') return serviceWhy(v, req);
  if (outcome.usedIdentity && outcome.usedResource) return g.sameAccount ? 'both the identity-based and the resource-based policy allow it' : 'the identity side and the resource side both allow it (cross-account)';
  if (outcome.usedResource) return `the ${g.resKind === 'trust' ? 'trust' : g.resKind === 'key' ? 'key' : 'resource-based'} policy allows it`;
  if (v.p.who.kind === 'root') return 'the root user has full access in its own account';
  return 'an identity-based policy allows it';
}
