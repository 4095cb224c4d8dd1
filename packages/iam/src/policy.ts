// A policy document compiled once: lowercased action patterns, resource matchers, principal
// matchers and condition evaluators, with statements indexed by the service prefix of their
// actions. `matchStatement` judges one statement against a request without allocating.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
//   Action values are case-insensitive; `*` and `?` wildcards; NotAction matches every action
//   except those listed.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
//   Resource ARNs are case-sensitive; NotResource matches every resource except those listed.
//   `arn:aws:s3:::b` (the bucket) and `arn:aws:s3:::b/*` (its objects) are different resources.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
//   Variables are replaced only under `Version: 2012-10-17`.
import { statementsOf, type PolicyDocument, type PolicyStatement } from '@vpcsim/model';
import { compileConditions, explainCondition, firstFailingCondition, type CompiledCondition, type ConditionError } from './condition.js';
import type { Env } from './context.js';
import { compileGlob, compileResourceGlob, compileResourcePieces, globMatch, resourceMatch, type Glob, type ResourceGlob } from './glob.js';
import { compilePrincipal, notPrincipalApplies, principalStrength, Strength, type PrincipalIdentity, type PrincipalMatcher } from './principal.js';
import type { PolicyType, StatementMatch } from './types.js';
import { parseTemplate, resolveTemplate, unresolvedVariables, type TemplatePart } from './variables.js';

/** A Resource/NotResource entry: a compiled glob, or a template with policy variables. */
export interface ResourcePattern {
  readonly source: string;
  readonly glob: ResourceGlob | null;
  readonly template: readonly TemplatePart[] | undefined;
}

/** One compiled statement. */
export interface CompiledStatement {
  readonly index: number;
  readonly sid?: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly deny: boolean;
  readonly actions: readonly Glob[] | null;
  readonly notActions: readonly Glob[] | null;
  /** null with `notResources` null too: the element is absent (SCPs may leave it out): all resources. */
  readonly resources: readonly ResourcePattern[] | null;
  readonly notResources: readonly ResourcePattern[] | null;
  readonly principal: PrincipalMatcher | null;
  readonly notPrincipal: PrincipalMatcher | null;
  readonly conditions: readonly CompiledCondition[];
  /** Unknown operators: the statement never matches, and a request it concerns reports an error. */
  readonly errors: readonly ConditionError[];
  /** Whether Resource/NotResource holds a policy variable (decided per request, not by the resource cache). */
  readonly resourceTemplates: boolean;
  /** Service prefixes its Action names (lowercased), or null when any service may match. */
  readonly services: readonly Glob[] | null;
  readonly raw: PolicyStatement;
  /** The static parts of its explanation sentences, built on its first explanation (see statementText). */
  text: StatementText | undefined;
}

/** A compiled policy. */
export interface CompiledPolicy {
  /** As a person finds it: an ARN, `user/alice inline:s3-read`, `scp:ou-prod/DenyRegions`. */
  readonly name: string;
  readonly type: PolicyType;
  readonly statements: readonly CompiledStatement[];
  /** Candidate statements per service prefix, filled lazily. */
  readonly byService: Map<string, readonly CompiledStatement[]>;
  /** Statements whose Action/NotAction admits an action (lowercased), filled lazily. */
  readonly byAction: Map<string, ActionEntry>;
  /** Whether an Allow statement grants to the public (for S3 Block Public Access). */
  readonly public: boolean;
}

/** Why a statement did not match (0: it matched). */
export const Failed = {
  None: 0,
  Action: 1,
  NotAction: 2,
  Resource: 3,
  NotResource: 4,
  Principal: 5,
  NotPrincipal: 6,
  Condition: 7,
  Error: 8,
  /** The statement would apply if a CanonicalUser id named the principal: unknown. */
  Canonical: 9,
} as const;
export type Failed = (typeof Failed)[keyof typeof Failed];

/** The per-request state statements are judged against; `strength` is an output. */
export interface Evaluation {
  /** `service:action`, lowercased. */
  action: string;
  /** The service prefix, lowercased. */
  service: string;
  /** The resource ARN, or `*` when the request names none. */
  resource: string;
  who: PrincipalIdentity;
  env: Env;
  /** Set by matchStatement: how strongly the statement's Principal names the principal. */
  strength: Strength;
  /** Set when a statement with an error concerned the request. */
  errored: boolean;
  /**
   * Set when a Deny statement would apply but for a `CanonicalUser` principal vpcsim cannot
   * resolve: it might deny, so no allow is given.
   */
  unsureDeny: boolean;
  /**
   * Filled while explaining (never on the fast path): statements that could not be evaluated
   * (`Failed.Error`) or that only a CanonicalUser could make apply (`Failed.Canonical`), in the
   * order they were explained.
   */
  problems?: { readonly policy: string; readonly st: CompiledStatement; readonly code: Failed }[] | undefined;
}

const list = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : typeof v === 'string' ? [v] : v);

/**
 * A Resource entry. Variables are replaced only after the fifth colon: "You can't use a
 * variable to replace parts of the ARN before the fifth colon, such as the service or account"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html); a
 * `${...}` before it is literal text.
 */
function resourcePattern(text: string, variables: boolean): ResourcePattern {
  const cut = fifthColon(text);
  const head = cut < 0 ? '' : text.slice(0, cut);
  const tail = cut < 0 ? text : text.slice(cut);
  const rest = parseTemplate(tail, variables);
  const template = rest === undefined ? undefined : head === '' ? rest : [{ kind: 'text' as const, text: head }, ...rest];
  return { source: text, glob: template ? null : compileResourceGlob(text), template };
}

/** The index of an ARN's fifth colon (where the resource part begins), or -1. */
function fifthColon(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 58 && ++n === 5) return i;
  return -1;
}

/** Fixed-value condition keys that make a statement non-public. */
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
//   A policy is non-public only when it pins a key to fixed values (a CIDR for aws:SourceIp).
//   Only a positive equality/like/IP operator does that: `Null`, `Bool`, numeric, date and
//   negated operators test presence or ranges, not a fixed value, so they leave a grant public.
// The key list is the one the reference (src/reference.ts, FIXING_KEYS) reads from that page.
const NON_PUBLIC_KEYS = new Set([
  'aws:sourcearn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceowner',
  'aws:sourceaccount',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalarn',
  'aws:userid',
  'aws:sourceip',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
]);

/** Operators that can pin a key to fixed values (without a set prefix or IfExists). */
const FIXING_OPERATORS = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress']);

/** Whether a source IP value is a range wider than /8 (IPv4) or /32 (IPv6): still public. */
//   "values broader than /8 for IPv4 and /32 for IPv6" (the Block Public Access page above)
function wideRange(v: CompiledCondition['values'][number]): boolean {
  const text = String(v.raw);
  const slash = text.indexOf('/');
  return slash >= 0 && Number(text.slice(slash + 1)) < (text.includes(':') ? 32 : 8);
}

function isPublic(st: CompiledStatement): boolean {
  if (st.deny) return false;
  const everyone = st.principal?.any === true || st.notPrincipal !== null;
  if (!everyone) return false;
  for (const c of st.conditions) {
    if (!NON_PUBLIC_KEYS.has(c.keyLower) || !FIXING_OPERATORS.has(c.op.name) || c.set !== null || c.ifExists) continue;
    if (c.keyLower === 'aws:sourceip') {
      // a /0 or very wide source IP range still counts as public
      if (c.values.some(wideRange)) continue;
    } else if (c.values.some((v) => v.template !== undefined || /[*?]/.test(String(v.raw)))) continue;
    // a fixed value has no wildcard and no policy variable (the Block Public Access page)
    return false;
  }
  return true;
}

/** Compiles a policy document. */
export function compilePolicy(doc: PolicyDocument, name: string, type: PolicyType): CompiledPolicy {
  const variables = doc.Version === '2012-10-17';
  const statements = statementsOf(doc).map((raw, index): CompiledStatement => {
    // patterns are lowercased for matching; `source` keeps the text as written
    const actions = list(raw.Action)?.map((a) => ({ ...compileGlob(a.toLowerCase()), source: a })) ?? null;
    const notActions = list(raw.NotAction)?.map((a) => ({ ...compileGlob(a.toLowerCase()), source: a })) ?? null;
    const { conditions, errors } = compileConditions(raw.Condition, variables);
    let services: Glob[] | null = null;
    if (actions !== null) {
      services = [];
      for (const a of actions) {
        const text = a.source.toLowerCase();
        const i = text.indexOf(':');
        if (i < 0) {
          services = null;
          break;
        }
        services.push(compileGlob(text.slice(0, i)));
      }
    }
    // a key policy statement without Resource/NotResource: AWS stores it, and it applies to no
    // request (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html:
    // Resource is required in a key policy statement); elsewhere an absent element is every resource
    const noResource: ResourcePattern[] | null = type === 'key' && raw.NotResource === undefined ? [] : null;
    const resources = list(raw.Resource)?.map((r) => resourcePattern(r, variables)) ?? noResource;
    const notResources = list(raw.NotResource)?.map((r) => resourcePattern(r, variables)) ?? null;
    return {
      index,
      sid: raw.Sid,
      effect: raw.Effect,
      deny: raw.Effect === 'Deny',
      actions,
      notActions,
      resources,
      notResources,
      resourceTemplates: (resources ?? notResources ?? []).some((r) => r.template !== undefined),
      principal: raw.Principal !== undefined ? compilePrincipal(raw.Principal) : null,
      notPrincipal: raw.NotPrincipal !== undefined ? compilePrincipal(raw.NotPrincipal) : null,
      conditions,
      errors,
      services,
      raw,
      text: undefined,
    };
  });
  return { name, type, statements, byService: new Map(), byAction: new Map(), public: statements.some(isPublic) };
}

/** The statements that may concern actions of `service` (lowercased), in document order. */
export function candidates(p: CompiledPolicy, service: string): readonly CompiledStatement[] {
  let c = p.byService.get(service);
  if (c === undefined) {
    c = p.statements.filter((st) => st.services === null || st.services.some((g) => globMatch(g, service)));
    p.byService.set(service, c);
  }
  return c;
}

/** Statements admitting one action, and their subsets per resource (both cached). */
export interface ActionEntry {
  readonly statements: readonly CompiledStatement[];
  readonly byResource: Map<string, readonly CompiledStatement[]>;
}

/** A new cache entry for a statement list. */
export function actionEntry(statements: readonly CompiledStatement[]): ActionEntry {
  return { statements, byResource: new Map() };
}

function staticResourceMayMatch(st: CompiledStatement, resource: string): boolean {
  const list = st.resources ?? st.notResources;
  if (list === null) return true;
  let hit = false;
  for (const r of list) {
    if (r.glob === null) return true; // a template: decided per request
    if (resourceMatch(r.glob, resource)) hit = true;
  }
  return st.resources !== null ? hit : !hit;
}

// not frozen: a frozen array would make the statement loops see two kinds of array
const NO_STATEMENTS: readonly CompiledStatement[] = [];

/** The statements of an entry that may match `resource` (templates kept), cached per resource. */
function narrowByResource(e: ActionEntry, resource: string): readonly CompiledStatement[] {
  let r = e.byResource.get(resource);
  if (r === undefined) {
    r = e.statements.filter((st) => staticResourceMayMatch(st, resource));
    // kept per resource: the entry's own list when none is left out, one empty list when all are
    if (r.length === e.statements.length) r = e.statements;
    else if (r.length === 0) r = NO_STATEMENTS;
    if (e.byResource.size < ACTION_CACHE_LIMIT) e.byResource.set(resource, r);
  }
  return r;
}

/** Most actions (and resources per action) cached per policy; beyond it, lists are computed per request. */
const ACTION_CACHE_LIMIT = 4096;

/** Whether the statement's Action/NotAction admits the (lowercased) action. */
function actionMatches(st: CompiledStatement, action: string): boolean {
  if (st.actions !== null) return anyGlob(st.actions, action);
  if (st.notActions !== null) return !anyGlob(st.notActions, action);
  return false;
}

/** The statements of a policy whose Action/NotAction admits `action`, in document order (cached). */
export function actionStatements(p: CompiledPolicy, action: string, service: string): ActionEntry {
  let c = p.byAction.get(action);
  if (c === undefined) {
    c = actionEntry(candidates(p, service).filter((st) => actionMatches(st, action)));
    if (p.byAction.size < ACTION_CACHE_LIMIT) p.byAction.set(action, c);
  }
  return c;
}

function resourceMatches(r: ResourcePattern, resource: string, env: Env): boolean {
  if (r.glob !== null) return resourceMatch(r.glob, resource);
  const pieces = resolveTemplate(r.template!, env);
  return pieces !== undefined && resourceMatch(compileResourcePieces(pieces), resource);
}

function anyResource(list: readonly ResourcePattern[], resource: string, env: Env): boolean {
  for (let i = 0; i < list.length; i++) if (resourceMatches(list[i]!, resource, env)) return true;
  return false;
}

function anyGlob(list: readonly Glob[], text: string): boolean {
  for (let i = 0; i < list.length; i++) if (globMatch(list[i]!, text)) return true;
  return false;
}

/** Judges one statement; sets `ev.strength` when it matches. */
function matchStatement(st: CompiledStatement, ev: Evaluation): Failed {
  if (st.actions !== null) {
    if (!anyGlob(st.actions, ev.action)) return Failed.Action;
  } else if (st.notActions !== null) {
    if (anyGlob(st.notActions, ev.action)) return Failed.NotAction;
  } else return Failed.Action;
  return matchRest(st, ev);
}

/** Judges a statement whose action is known to match: resource, principal, conditions. */
function matchRest(st: CompiledStatement, ev: Evaluation): Failed {
  return matchPrincipalAndConditions(st, ev, matchResource(st, ev));
}

/** Judges a statement whose action and static resource patterns are known to match (from the caches). */
function matchNarrowed(st: CompiledStatement, ev: Evaluation): Failed {
  return matchPrincipalAndConditions(st, ev, st.resourceTemplates ? matchResource(st, ev) : Failed.None);
}

function matchResource(st: CompiledStatement, ev: Evaluation): Failed {
  if (st.resources !== null) {
    if (!anyResource(st.resources, ev.resource, ev.env)) return Failed.Resource;
  } else if (st.notResources !== null) {
    if (anyResource(st.notResources, ev.resource, ev.env)) return Failed.NotResource;
  }
  return Failed.None;
}

function matchPrincipalAndConditions(st: CompiledStatement, ev: Evaluation, resource: Failed): Failed {
  if (resource !== Failed.None) return resource;
  let strength: Strength = Strength.Direct;
  if (st.principal !== null) {
    strength = principalStrength(st.principal, ev.who);
    if (strength === Strength.None) {
      if (st.principal.canonicalUsers === 0 || st.errors.length > 0) return Failed.Principal;
      // a CanonicalUser entry might name this principal: unknown if everything else matches
      if (st.conditions.length > 0 && firstFailingCondition(st.conditions, ev.env) >= 0) return Failed.Condition;
      if (st.deny) ev.unsureDeny = true;
      return Failed.Canonical;
    }
  } else if (st.notPrincipal !== null) {
    if (!notPrincipalApplies(st.notPrincipal, ev.who, st.deny)) return Failed.NotPrincipal;
    strength = Strength.Any;
  }
  if (st.errors.length > 0) {
    ev.errored = true;
    return Failed.Error;
  }
  if (st.conditions.length > 0 && firstFailingCondition(st.conditions, ev.env) >= 0) return Failed.Condition;
  ev.strength = strength;
  return Failed.None;
}

/** Bits of a policy's verdict: a Deny matched; the strongest matching Allow is `>> 1`. */
export const DENY = 1;
/** Whether a policy's flags hold a matching Deny. */
export const denies = (flags: number): boolean => (flags & DENY) !== 0;
/** The strongest matching Allow's principal strength in a policy's flags (`Strength.None`: no Allow). */
export const allowStrength = (flags: number): Strength => (flags >> 1) as Strength;

/**
 * Judges statements: `DENY` bit, and the strongest Allow strength shifted left by one.
 * `narrowed`: the action and resource caches (`narrowByResource`) already matched their static
 * resource patterns; otherwise the resources are checked here.
 */
function evalStatements(sts: readonly CompiledStatement[], ev: Evaluation, narrowed: boolean): number {
  let out = 0;
  for (let i = 0; i < sts.length; i++) {
    const st = sts[i]!;
    if ((narrowed ? matchNarrowed(st, ev) : matchRest(st, ev)) !== Failed.None) continue;
    if (st.deny) out |= DENY;
    else {
      const a = ev.strength * 2;
      if (a > (out & ~DENY)) out = (out & DENY) | a;
    }
  }
  return out;
}

/**
 * Judges the statements of an action entry for the request's resource: through the
 * per-resource cache when the resource is in it or fits, else directly (no allocation).
 */
export function evalEntry(e: ActionEntry, ev: Evaluation): number {
  const narrowed = e.byResource.get(ev.resource);
  if (narrowed !== undefined) return evalStatements(narrowed, ev, true);
  if (e.byResource.size < ACTION_CACHE_LIMIT) return evalStatements(narrowByResource(e, ev.resource), ev, true);
  return evalStatements(e.statements, ev, false);
}

/** Judges a policy: `DENY` bit, and the strongest Allow principal strength shifted left by one. */
export function evalPolicy(p: CompiledPolicy, ev: Evaluation): number {
  return evalEntry(actionStatements(p, ev.action, ev.service), ev);
}

const FAILED_NAME: Record<number, StatementMatch['failed']> = {
  1: 'Action',
  2: 'NotAction',
  3: 'Resource',
  4: 'NotResource',
  5: 'Principal',
  6: 'NotPrincipal',
  7: 'Condition',
  8: 'Condition',
  9: 'Principal',
};

const quoteList = (xs: readonly { source: string }[]): string => xs.map((x) => `\`${x.source}\``).join(', ');

/**
 * The parts of a statement's sentences that do not depend on the request, so that explaining a
 * statement costs a few string concatenations: the request's action, resource and principal
 * are put between them.
 */
export interface StatementText {
  /** The whole `matches: ...` sentence when it names neither the action nor the resource (no NotAction, no NotResource). */
  readonly matched: string | null;
  /** `matches: Action ...` or `matches: NotAction ... leaves \`` (the action follows). */
  readonly matchedAction: string;
  /** `; Resource ...`, `; NotResource ... leaves \`` (the resource follows), or empty. */
  readonly matchedResource: string;
  /** `; Principal ...; 2 conditions hold`, or empty. */
  readonly matchedRest: string;
  /** After `action \`ACTION`: `\` is not in Action ...` (null: the statement has no Action). */
  readonly actionFailed: string | null;
  readonly notActionFailed: string;
  /** After `resource \`RESOURCE`. */
  readonly resourceFailed: string;
  readonly notResourceFailed: string;
  /** After `principal \`ARN`. */
  readonly principalFailed: string;
  readonly notPrincipalFailed: string;
  /** After `principal \`ARN`, for Failed.Canonical. */
  readonly canonical: string;
  readonly error: string;
}

/** The static sentence parts of a statement (computed once, on its first explanation). */
function statementText(st: CompiledStatement): StatementText {
  if (st.text !== undefined) return st.text;
  const actions = st.actions !== null ? quoteList(st.actions) : '';
  const notActions = st.notActions !== null ? quoteList(st.notActions) : '';
  const resources = st.resources !== null ? quoteList(st.resources) : '';
  const notResources = st.notResources !== null ? quoteList(st.notResources) : '';
  const n = st.conditions.length;
  let rest = '';
  if (st.principal) rest += `; Principal ${st.principal.text}`;
  if (n > 0) rest += n === 1 ? '; 1 condition holds' : `; ${n} conditions hold`;
  const matchedAction = st.actions ? `matches: Action ${actions}` : `matches: NotAction ${notActions} leaves \``;
  const matchedResource = st.resources ? `; Resource ${resources}` : st.notResources ? `; NotResource ${notResources} leaves \`` : '';
  const text: StatementText = {
    matched: st.actions && !st.notResources ? matchedAction + matchedResource + rest : null,
    matchedAction,
    matchedResource,
    matchedRest: rest,
    actionFailed: st.actions ? `\` is not in Action ${actions}` : null,
    notActionFailed: `\` is excluded by NotAction ${notActions}`,
    resourceFailed: `\` is not in Resource ${resources}`,
    notResourceFailed: `\` is excluded by NotResource ${notResources}`,
    principalFailed: st.principal ? `\` is not named by Principal ${st.principal.text}` : '',
    canonical: st.principal
      ? `\` is not named by Principal ${st.principal.text} unless a CanonicalUser id there is its account's: canonical user ids are not implemented, so the statement ${st.deny ? 'might deny' : 'might allow'} and is not applied`
      : '',
    notPrincipalFailed: st.notPrincipal ? `\` is excluded by NotPrincipal ${st.notPrincipal.text}` : '',
    error: `the statement cannot be evaluated: ${st.errors.map((e) => e.message).join('; ')}`,
  };
  st.text = text;
  return text;
}

/** The sentence for a statement that matched the request. */
function matchedWhy(st: CompiledStatement, t: StatementText, ev: Evaluation, actionText: string): string {
  if (t.matched !== null) return t.matched;
  let why = t.matchedAction;
  if (!st.actions) why += actionText + '`';
  why += t.matchedResource;
  if (!st.resources && st.notResources) why += ev.resource + '`';
  return why + t.matchedRest;
}

/** Why a statement did not match, as a sentence (`code` from matchStatement). */
function failedWhy(st: CompiledStatement, t: StatementText, code: Failed, ev: Evaluation, actionText: string): string {
  switch (code) {
    case Failed.Action:
      return t.actionFailed === null ? 'the statement has no Action' : 'action `' + actionText + t.actionFailed;
    case Failed.NotAction:
      return 'action `' + actionText + t.notActionFailed;
    case Failed.Resource: {
      let why = 'resource `' + ev.resource + t.resourceFailed;
      if (st.resourceTemplates) {
        const unresolved = st.resources!.flatMap((r) => (r.template ? unresolvedVariables(r.template, ev.env) : []));
        if (unresolved.length > 0) why += `; policy variable ${unresolved.map((u) => `\`\${${u}}\``).join(', ')} has no value in the request`;
      }
      return why;
    }
    case Failed.NotResource:
      return 'resource `' + ev.resource + t.notResourceFailed;
    case Failed.Principal:
      return 'principal `' + ev.who.arn + t.principalFailed;
    case Failed.NotPrincipal:
      return 'principal `' + ev.who.arn + t.notPrincipalFailed;
    case Failed.Error:
      return t.error;
    case Failed.Canonical:
      return 'principal `' + ev.who.arn + t.canonical;
    default: {
      const i = firstFailingCondition(st.conditions, ev.env);
      return i >= 0 ? explainCondition(st.conditions[i]!, ev.env) : 'condition does not hold';
    }
  }
}

/** The StatementMatch of a statement judged `code`. */
function statementMatch(p: CompiledPolicy, st: CompiledStatement, code: Failed, ev: Evaluation, actionText: string): StatementMatch {
  const t = statementText(st);
  if ((code === Failed.Error || code === Failed.Canonical) && ev.problems !== undefined) ev.problems.push({ policy: p.name, st, code });
  // INVARIANT: the key order (policy, statement, sid, effect, matched, failed, why) is the Decision's JSON order
  if (code === Failed.None) return { policy: p.name, statement: st.index, sid: st.sid, effect: st.effect, matched: true, why: matchedWhy(st, t, ev, actionText) };
  return { policy: p.name, statement: st.index, sid: st.sid, effect: st.effect, matched: false, failed: FAILED_NAME[code], why: failedWhy(st, t, code, ev, actionText) };
}

/** Explains one statement against the request. */
export function explainStatement(p: CompiledPolicy, st: CompiledStatement, ev: Evaluation, actionText: string): StatementMatch {
  return statementMatch(p, st, matchStatement(st, ev), ev, actionText);
}

/**
 * Explains the statements of a policy whose Action/NotAction admits the request's action, in
 * document order, appending them to `out`. Resource patterns are judged through the
 * per-resource cache: a statement the cache left out fails on its Resource (or NotResource).
 */
export function explainAdmitted(p: CompiledPolicy, ev: Evaluation, actionText: string, out: StatementMatch[]): void {
  const e = actionStatements(p, ev.action, ev.service);
  const sts = e.statements;
  if (sts.length === 0) return;
  // INVARIANT: narrowByResource keeps the statements in document order (a subsequence of e.statements)
  const narrowed = narrowByResource(e, ev.resource);
  let k = 0;
  for (let i = 0; i < sts.length; i++) {
    const st = sts[i]!;
    let code: Failed;
    if (k < narrowed.length && narrowed[k] === st) {
      k++;
      code = matchNarrowed(st, ev);
    } else code = st.resources !== null ? Failed.Resource : Failed.NotResource;
    out.push(statementMatch(p, st, code, ev, actionText));
  }
}
