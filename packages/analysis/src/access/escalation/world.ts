// The account as the escalation search sees it: the declared users and roles, the permission
// states a principal can reach (its own policies; every permission, after it rewrote its
// policies; a group's policies added, after it was put in a group), and for each state a
// model the IAM engine judges requests in. Those models are shared by every principal in the
// state (every principal gets the same extra policy), which is exact for the requests an edge
// makes: they read the acting principal's identity side and the targets' resource side, which
// the states never change. A path the search finds is then replayed with the concrete changes
// its own steps make (graph.ts), and reported only if every request of it is allowed.
import { authorizeModel } from '@vpcsim/iam';
import { AWS_MANAGED_POLICIES } from '@vpcsim/iam';
import { edit, statementsOf, type Model, type PolicyDocument, type PolicyStatement, pushAll } from '@vpcsim/model';
import { admitsAction, type Context } from '../conditions.js';
import { listOf, managedPolicyArn } from '../policies.js';
import type { EscalationNode, ScenarioDraft, StepRequest } from './types.js';

/** A declared user or role. */
export interface DeclaredPrincipal {
  /** As `vpcsim can` takes it: `user/NAME`, `role/NAME` in the default account with the default path; the ARN otherwise. */
  readonly principal: string;
  readonly arn: string;
  readonly kind: 'user' | 'role';
  readonly name: string;
  readonly account: string;
  readonly groups: readonly string[];
  /** ARNs of the managed policies attached to it (directly). */
  readonly managed: readonly string[];
  readonly hasBoundary: boolean;
}

/** The policy that gives a principal every permission, as an escalation would write it. */
export const ALL_PERMISSIONS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
/** Its name, as an inline policy. */
export const ESCALATION_POLICY = 'vpcsim-escalation';
/** The AWS-managed policy an escalation attaches. */
export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
/** MFA in a request context, as PMapper tries it for edges that require MFA. */
export const MFA_CONTEXT: Context = { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': 1 };

/** A judgement: allowed as is, only with MFA, or not. */
export type Verdict = 'yes' | 'mfa' | 'no';

/** The declared users and roles, the states' models, and the lookups the edge families share. */
export class EscalationWorld {
  readonly principals: readonly DeclaredPrincipal[];
  private readonly byKey = new Map<string, DeclaredPrincipal>();
  private readonly models = new Map<string, Model>();
  private readonly admitsCache = new Map<string, boolean>();
  private readonly docsCache = new Map<string, readonly PolicyStatement[]>();
  /** Customer-managed policies by ARN, with their other versions. */
  readonly policies: ReadonlyMap<string, { readonly name: string; readonly account: string; readonly document: PolicyDocument; readonly versions: Readonly<Record<string, PolicyDocument>> }>;
  /** Role ARNs an instance of the scenario uses as its instance profile. */
  readonly instanceProfiles: ReadonlySet<string>;
  /** Requests judged (for benchmarks). */
  requests = 0;
  /** Whether any condition names MFA keys: only then is a refused request tried again with MFA. */
  private readonly mfaMatters: boolean;

  constructor(readonly model: Model) {
    const s = model.scenario;
    const def = model.defaults.account;
    const iam = s.iam ?? {};
    const policies = new Map<string, { name: string; account: string; document: PolicyDocument; versions: Record<string, PolicyDocument> }>();
    for (const p of iam.policies ?? []) policies.set(managedPolicyArn(model, p), { name: p.name, account: p.account ?? def, document: p.document, versions: p.versions ?? {} });
    this.policies = policies;
    const ref = (m: string, account: string): string => (m.startsWith('arn:') ? m : `arn:aws:iam::${account}:policy/${m}`);
    const byName = new Map((iam.policies ?? []).map((p) => [`${p.account ?? def}|${p.name}`, managedPolicyArn(model, p)]));
    const resolve = (m: string, account: string): string => (m.startsWith('arn:') ? m : (byName.get(`${account}|${m}`) ?? ref(m, account)));
    const list: DeclaredPrincipal[] = [];
    for (const u of iam.users ?? []) {
      const account = u.account ?? def;
      const arn = `arn:aws:iam::${account}:user${u.path ?? '/'}${u.name}`;
      list.push({ principal: account === def && (u.path ?? '/') === '/' ? `user/${u.name}` : arn, arn, kind: 'user', name: u.name, account, groups: u.groups ?? [], managed: (u.managedPolicies ?? []).map((m) => resolve(m, account)), hasBoundary: !!u.permissionsBoundary });
    }
    for (const r of iam.roles ?? []) {
      const account = r.account ?? def;
      const arn = `arn:aws:iam::${account}:role${r.path ?? '/'}${r.name}`;
      list.push({ principal: account === def && (r.path ?? '/') === '/' ? `role/${r.name}` : arn, arn, kind: 'role', name: r.name, account, groups: [], managed: (r.managedPolicies ?? []).map((m) => resolve(m, account)), hasBoundary: !!r.permissionsBoundary });
    }
    this.principals = list;
    for (const p of list) {
      this.byKey.set(p.principal, p);
      this.byKey.set(p.arn, p);
    }
    this.mfaMatters = /aws:MultiFactorAuth/i.test(JSON.stringify([s.iam, s.resources, s.organization]));
    this.instanceProfiles = new Set(
      model.network.instances
        .map((i) => i.instanceProfile)
        .filter((x): x is string => !!x)
        .map((x) => (x.startsWith('arn:') ? x : `arn:aws:iam::${def}:role/${x.replace(/^role\//, '')}`)),
    );
  }

  /** A declared user or role by short form or ARN. */
  find(text: string): DeclaredPrincipal | undefined {
    return this.byKey.get(text);
  }

  /** The node of a principal in a state. */
  node(p: DeclaredPrincipal, state = 'declared'): EscalationNode {
    return { key: state === 'declared' ? p.principal : `${p.principal}#${state}`, principal: p.principal, arn: p.arn, kind: p.kind, name: p.name, account: p.account, state };
  }

  /** The declared principal behind a node. */
  of(n: EscalationNode): DeclaredPrincipal {
    return this.byKey.get(n.principal)!;
  }

  /** The model requests of a principal in `state` are judged in; `openTrust`: every role's trust policy admits every principal. */
  world(state: string, openTrust = false): Model {
    const key = `${state}${openTrust ? '+trust' : ''}`;
    let m = this.models.get(key);
    if (m !== undefined) return m;
    if (state === 'declared' && !openTrust) m = this.model;
    else {
      // after iam:UpdateAssumeRolePolicy the trust policy names the caller; `Principal: "*"` is
      // judged alike for every caller (a grant without an identity allow in the same account,
      // within the caller's permissions boundary; an identity allow needed across accounts) and
      // keeps this shared world small
      const r = edit(this.model, (d) => {
        applyState(d, state, this.model.defaults.account);
        if (openTrust) for (const role of d.iam?.roles ?? []) role.trustPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole' }] };
      });
      if (!r.ok) throw new Error(`escalation world \`${key}\` does not compile: ${r.errors[0]?.message}`);
      m = r.model;
    }
    this.models.set(key, m);
    return m;
  }

  /** Whether a request of `node` (its principal unless the request names another) is allowed, only with MFA, or not. */
  judge(node: EscalationNode, req: Omit<StepRequest, 'principal'> & { principal?: string | undefined }, openTrust = false): Verdict {
    const m = this.world(node.state, openTrust);
    const principal = req.principal ?? node.principal;
    this.requests++;
    if (authorizeModel(m, { principal, action: req.action, resource: req.resource, context: req.context }) === 'allowed') return 'yes';
    if (!this.mfaMatters) return 'no';
    this.requests++;
    return authorizeModel(m, { principal, action: req.action, resource: req.resource, context: { ...MFA_CONTEXT, ...(req.context ?? {}) } }) === 'allowed' ? 'mfa' : 'no';
  }

  /**
   * Whether any identity-based Allow statement of the node admits the action: without one, no
   * IAM action and no passed role can be allowed (IAM resources have no resource-based
   * policies), so the families skip the node.
   */
  admits(node: EscalationNode, action: string): boolean {
    if (node.state === 'full') return true;
    const key = `${node.key}|${action.toLowerCase()}`;
    let a = this.admitsCache.get(key);
    if (a === undefined) {
      a = this.identityStatements(node).some((st) => st.Effect === 'Allow' && admitsAction(st, action));
      this.admitsCache.set(key, a);
    }
    return a;
  }

  /** The identity statements of a node: its own policies, its groups', and the state's. */
  identityStatements(node: EscalationNode): readonly PolicyStatement[] {
    let sts = this.docsCache.get(node.key);
    if (sts !== undefined) return sts;
    const p = this.of(node);
    const s = this.model.scenario;
    const def = this.model.defaults.account;
    const docs: PolicyDocument[] = [];
    const managed = (arn: string): void => {
      const d = this.policies.get(arn)?.document ?? AWS_MANAGED_POLICIES.get(arn);
      if (d) docs.push(d);
    };
    const entity = p.kind === 'user' ? (s.iam?.users ?? []).find((u) => u.name === p.name && (u.account ?? def) === p.account) : (s.iam?.roles ?? []).find((r) => r.name === p.name && (r.account ?? def) === p.account);
    pushAll(docs, Object.values(entity?.inlinePolicies ?? {}));
    p.managed.forEach(managed);
    const groups = [...p.groups, ...(node.state.startsWith('group:') ? [node.state.slice(6)] : [])];
    for (const g of groups) {
      const grp = (s.iam?.groups ?? []).find((x) => x.name === g && (x.account ?? def) === p.account);
      if (!grp) continue;
      pushAll(docs, Object.values(grp.inlinePolicies ?? {}));
      for (const m of grp.managedPolicies ?? []) managed(m.startsWith('arn:') ? m : [...this.policies.entries()].find(([, v]) => v.name === m && v.account === p.account)?.[0] ?? m);
    }
    if (node.state.startsWith('version:')) {
      const [arn, id] = splitVersion(node.state);
      const v = this.policies.get(arn)?.versions[id];
      if (v && p.managed.includes(arn)) docs.push(v);
    }
    sts = docs.flatMap((d) => [...statementsOf(d)]);
    this.docsCache.set(node.key, sts);
    return sts;
  }

  /** The customer-managed policies that apply to a principal: attached to it, or to one of its groups. */
  customerPolicies(p: DeclaredPrincipal): { arn: string; via?: string | undefined }[] {
    const out: { arn: string; via?: string | undefined }[] = p.managed.filter((a) => this.policies.has(a)).map((arn) => ({ arn }));
    const def = this.model.defaults.account;
    for (const g of p.groups) {
      const grp = (this.model.scenario.iam?.groups ?? []).find((x) => x.name === g && (x.account ?? def) === p.account);
      for (const m of grp?.managedPolicies ?? []) {
        const arn = m.startsWith('arn:') ? m : [...this.policies.entries()].find(([, v]) => v.name === m && v.account === p.account)?.[0];
        if (arn !== undefined && this.policies.has(arn)) out.push({ arn, via: g });
      }
    }
    return out;
  }
}

/** `version:ARN:ID` → [ARN, ID]. */
export function splitVersion(state: string): [string, string] {
  const rest = state.slice(8);
  const i = rest.lastIndexOf(':');
  return [rest.slice(0, i), rest.slice(i + 1)];
}

/** The change that puts every principal in a state (shared by every principal: see the module header). */
function applyState(d: ScenarioDraft, state: string, def: string): void {
  if (state === 'declared') return;
  if (state === 'full') {
    for (const e of [...(d.iam?.users ?? []), ...(d.iam?.roles ?? [])]) e.inlinePolicies = { ...(e.inlinePolicies ?? {}), [ESCALATION_POLICY]: ALL_PERMISSIONS };
    return;
  }
  if (state.startsWith('group:')) {
    const g = state.slice(6);
    for (const u of d.iam?.users ?? []) if (!(u.groups ?? []).includes(g)) u.groups = [...(u.groups ?? []), g];
    return;
  }
  if (state.startsWith('version:')) {
    const [arn, id] = splitVersion(state);
    for (const p of d.iam?.policies ?? []) {
      const pArn = p.arn ?? `arn:aws:iam::${p.account ?? def}:policy${p.path ?? '/'}${p.name}`;
      if (pArn === arn && p.versions?.[id]) p.document = p.versions[id]!;
    }
    return;
  }
  throw new Error(`unknown escalation state \`${state}\``);
}

/** Every Action of a statement list, for the families' quick checks. */
export function namedIn(sts: readonly PolicyStatement[]): string[] {
  return sts.flatMap((s) => listOf(s.Action));
}
