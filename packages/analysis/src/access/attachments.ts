// Which statements apply to a principal: its identity-based policies (its own, its groups'),
// its permissions boundary and session policy, and the SCPs of every level from the
// organization root to its account; and the resource side every request may meet (resource
// policies, trust policies, RCPs). The access diff compares these sets between two versions
// of a scenario to find what changed for whom.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
import { expandPrincipal, type Model, type OrganizationalUnit } from '@vpcsim/model';
import { managedPolicyArn, scenarioPolicies, statementsOfPolicies, type PlacedPolicy, type PlacedStatement } from './policies.js';

/** A statement with the side of the evaluation it sits on. */
export interface SidedStatement extends PlacedStatement {
  /** `identity`, `boundary`, `session`, `scp` (the principal's side); `resource`, `trust`, `rcp` (the resource's). */
  readonly side: 'identity' | 'boundary' | 'session' | 'scp' | 'resource' | 'trust' | 'rcp';
  /** For a resource or trust policy: the resources it is consulted for (the bucket and its objects, the key, the role). */
  readonly scope?: readonly string[] | undefined;
}

/** The organization levels from the root to each account (names as the engine gives them). */
export function orgChains(model: Model): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (u: OrganizationalUnit, chain: string[]): void => {
    for (const a of u.accounts ?? []) {
      const id = typeof a === 'string' ? a : a.id;
      out.set(id, [...chain, id]);
    }
    (u.units ?? []).forEach((c, k) => walk(c, [...chain, c.id ?? c.name ?? `ou-${k}`]));
  };
  const root = model.scenario.organization?.root;
  if (root) walk(root, ['root']);
  return out;
}

/** Statements of a model by who they apply to, built once per model. */
export class Attachments {
  private readonly policies: readonly PlacedPolicy[];
  private readonly byName = new Map<string, PlacedPolicy>();
  private readonly chains: Map<string, string[]>;
  private readonly cache = new Map<string, SidedStatement[]>();
  /** The resource side: resource policies, trust policies, RCPs. */
  readonly resourceSide: readonly SidedStatement[];

  /** Customer-managed policy ARNs by `account|name`. */
  private readonly managedArns = new Map<string, string>();
  /** Inline policies (and SCPs) by owner. */
  private readonly byOwner = new Map<string, PlacedPolicy[]>();

  constructor(readonly model: Model) {
    this.policies = scenarioPolicies(model);
    for (const p of this.policies) {
      this.byName.set(`${p.type}|${p.name}`, p);
      const l = this.byOwner.get(p.owner) ?? [];
      l.push(p);
      this.byOwner.set(p.owner, l);
    }
    for (const p of model.scenario.iam?.policies ?? []) this.managedArns.set(`${p.account ?? model.defaults.account}|${p.name}`, managedPolicyArn(model, p));
    this.chains = orgChains(model);
    const side = (p: PlacedPolicy): SidedStatement['side'] => (p.type === 'trust' ? 'trust' : p.type === 'rcp' ? 'rcp' : 'resource');
    this.resourceSide = this.policies
      .filter((p) => p.type === 'resource' || p.type === 'trust' || p.type === 'rcp')
      .flatMap((p) => statementsOfPolicies([p]).map((s) => ({ ...s, side: side(p), ...(p.type === 'rcp' ? {} : { scope: scopeOf(p.owner) }) })));
  }

  private managed(ref: string, account: string): PlacedPolicy | undefined {
    const arn = ref.startsWith('arn:') ? ref : this.managedArns.get(`${account}|${ref}`);
    return arn === undefined ? undefined : this.byName.get(`identity|${arn}`);
  }

  /** The principal side of a principal (short form or ARN): identity, boundary, session, SCPs. */
  principalSide(principal: string): SidedStatement[] {
    const cached = this.cache.get(principal);
    if (cached) return cached;
    const m = this.model;
    const def = m.defaults.account;
    const e = expandPrincipal(principal, def);
    const out: SidedStatement[] = [];
    const add = (p: PlacedPolicy | undefined, side: SidedStatement['side']): void => {
      if (p) for (const s of statementsOfPolicies([p])) out.push({ ...s, side });
    };
    const inline = (owner: string): void => {
      for (const p of this.byOwner.get(owner) ?? []) if (p.type === 'identity' && p.name.startsWith(`${owner} inline:`)) add(p, 'identity');
    };
    if (e && (e.kind === 'user' || e.kind === 'role' || e.kind === 'assumed-role') && e.account !== undefined) {
      const account = e.account;
      const iam = m.scenario.iam ?? {};
      const entity = e.kind === 'user' ? (iam.users ?? []).find((u) => u.name === e.name && (u.account ?? def) === account) : (iam.roles ?? []).find((r) => r.name === e.name && (r.account ?? def) === account);
      if (entity) {
        const label = `${e.kind === 'user' ? 'user' : 'role'}/${entity.name}`;
        inline(label);
        for (const ref of entity.managedPolicies ?? []) add(this.managed(ref, account), 'identity');
        if (entity.permissionsBoundary) add(this.managed(entity.permissionsBoundary, account), 'boundary');
        if (e.kind === 'user')
          for (const g of (entity as { groups?: string[] | undefined }).groups ?? []) {
            inline(`group/${g}`);
            const grp = (iam.groups ?? []).find((x) => x.name === g && (x.account ?? def) === account);
            for (const ref of grp?.managedPolicies ?? []) add(this.managed(ref, account), 'identity');
          }
        if (e.kind === 'assumed-role') for (const p of this.byOwner.get(`role/${e.name}/${e.session}`) ?? []) if (p.type === 'session') add(p, 'session');
      }
    }
    const account = e?.account;
    if (account !== undefined) for (const level of this.chains.get(account) ?? []) for (const p of this.byOwner.get(level) ?? []) if (p.type === 'scp') add(p, 'scp');
    this.cache.set(principal, out);
    return out;
  }
}

/** The resources a resource-based policy is consulted for: a bucket's objects too. */
function scopeOf(owner: string): string[] {
  return owner.startsWith('arn:aws:s3:::') && !owner.slice(13).includes('/') ? [owner, `${owner}/*`] : [owner];
}

/** A statement's identity across versions: its side, policy and text. */
export function statementKey(s: SidedStatement): string {
  return `${s.side}|${s.policy.name}|${JSON.stringify(s.statement)}`;
}
