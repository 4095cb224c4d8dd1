// Every policy document of a scenario, placed: what kind of policy it is, what it is attached
// to, and the name the IAM engine gives it in decisions (`decisive[].policy`), so the access
// analyses (who-can, findings, escalation paths, the access diff) can read statements and
// name them the way `vpcsim can` does.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies.html (policy types)
import { expandPrincipal, statementsOf, type Model, type OrganizationalUnit, type Path, type PolicyDocument, type PolicyStatement } from '@vpcsim/model';
import { AWS_MANAGED_POLICIES } from '@vpcsim/iam';

/** The kinds of policy a scenario holds. */
export type PlacedPolicyType = 'identity' | 'permissions-boundary' | 'session' | 'resource' | 'trust' | 'scp' | 'rcp' | 'endpoint';

/** A policy document with where it sits. */
export interface PlacedPolicy {
  /** The name the engine gives it: an ARN, `user/alice inline:X`, `role/web trust policy`, `arn:aws:s3:::b bucket policy`, `scp:ou-prod/DenyX`. */
  readonly name: string;
  readonly type: PlacedPolicyType;
  readonly document: PolicyDocument;
  /** Where it is written in the scenario (`iam.users[0].inlinePolicies.X`). */
  readonly path: Path;
  /** What it belongs to: the resource ARN (resource, trust), the principal (`user/alice`, inline, session), the group (`group/devs`), the policy ARN (managed), the organization level (SCP, RCP), the endpoint id. */
  readonly owner: string;
}

/** A statement of a placed policy. */
export interface PlacedStatement {
  readonly policy: PlacedPolicy;
  readonly index: number;
  readonly statement: PolicyStatement;
}

const acct = (model: Model, a: string | undefined): string => a ?? model.defaults.account;

/** The ARN of a customer-managed policy declared under `iam.policies`. */
export function managedPolicyArn(model: Model, p: { name: string; arn?: string | undefined; account?: string | undefined; path?: string | undefined }): string {
  return p.arn ?? `arn:aws:iam::${acct(model, p.account)}:policy${p.path ?? '/'}${p.name}`;
}

/** The resource-policy name the engine uses: `ARN bucket policy`, `ARN key policy`, `ARN resource policy`. */
export function resourcePolicyName(arn: string): string {
  const service = arn.split(':')[2] ?? '';
  const isKey = service === 'kms' && /^key\//.test(arn.split(':').slice(5).join(':'));
  return `${arn} ${isKey ? 'key policy' : service === 's3' ? 'bucket policy' : 'resource policy'}`;
}

/** Every policy document the scenario declares (AWS-managed ones only where attached), in a stable order. */
export function scenarioPolicies(model: Model): PlacedPolicy[] {
  const s = model.scenario;
  const out: PlacedPolicy[] = [];
  const iam = s.iam ?? {};
  const declaredManaged = new Set<string>();
  (iam.policies ?? []).forEach((p, i) => {
    const arn = managedPolicyArn(model, p);
    declaredManaged.add(arn);
    out.push({ name: arn, type: 'identity', document: p.document, path: ['iam', 'policies', i, 'document'], owner: arn });
  });
  // bundled AWS-managed policies that something attaches
  const attached = new Set<string>();
  for (const e of [...(iam.users ?? []), ...(iam.groups ?? []), ...(iam.roles ?? [])]) for (const m of e.managedPolicies ?? []) if (m.startsWith('arn:')) attached.add(m);
  for (const arn of attached) {
    const doc = AWS_MANAGED_POLICIES.get(arn);
    if (doc !== undefined && !declaredManaged.has(arn)) out.push({ name: arn, type: 'identity', document: doc, path: [], owner: arn });
  }
  const inline = (kind: 'users' | 'groups' | 'roles', label: string, i: number, docs: Record<string, PolicyDocument> | undefined): void => {
    for (const [name, doc] of Object.entries(docs ?? {})) out.push({ name: `${label} inline:${name}`, type: 'identity', document: doc, path: ['iam', kind, i, 'inlinePolicies', name], owner: label });
  };
  (iam.users ?? []).forEach((u, i) => inline('users', `user/${u.name}`, i, u.inlinePolicies));
  (iam.groups ?? []).forEach((g, i) => inline('groups', `group/${g.name}`, i, g.inlinePolicies));
  (iam.roles ?? []).forEach((r, i) => {
    inline('roles', `role/${r.name}`, i, r.inlinePolicies);
    if (r.trustPolicy) out.push({ name: `role/${r.name} trust policy`, type: 'trust', document: r.trustPolicy, path: ['iam', 'roles', i, 'trustPolicy'], owner: `arn:aws:iam::${acct(model, r.account)}:role${r.path ?? '/'}${r.name}` });
  });
  (iam.sessions ?? []).forEach((sess, i) => {
    if (!sess.sessionPolicy) return;
    const pr = expandPrincipal(sess.principal, model.defaults.account);
    const label = pr?.kind === 'assumed-role' ? `role/${pr.name}/${pr.session}` : sess.principal;
    out.push({ name: `${label} session policy`, type: 'session', document: sess.sessionPolicy, path: ['iam', 'sessions', i, 'sessionPolicy'], owner: label });
  });
  (s.resources ?? []).forEach((r, i) => {
    if (r.policy) out.push({ name: resourcePolicyName(r.arn), type: 'resource', document: r.policy, path: ['resources', i, 'policy'], owner: r.arn });
  });
  (s.vpcEndpoints ?? []).forEach((e, i) => {
    if (e.policy) out.push({ name: `${e.id} endpoint policy`, type: 'endpoint', document: e.policy, path: ['vpcEndpoints', i, 'policy'], owner: e.id });
  });
  // SCPs and RCPs, once per level that attaches them (the engine names them `scp:LEVEL/NAME`)
  const org = s.organization;
  if (org) {
    const docs = new Map((org.policies ?? []).map((p, i) => [p.name, { p, i }]));
    const level = (name: string, scps: readonly string[] | undefined, rcps: readonly string[] | undefined): void => {
      for (const [type, names] of [['scp', scps], ['rcp', rcps]] as const)
        for (const n of names ?? []) {
          const d = docs.get(n);
          if (d && d.p.type === type) out.push({ name: `${type}:${name}/${n}`, type, document: d.p.document, path: ['organization', 'policies', d.i, 'document'], owner: name });
        }
    };
    const walk = (u: OrganizationalUnit, name: string): void => {
      level(name, u.policies, u.resourceControlPolicies);
      for (const a of u.accounts ?? []) if (typeof a !== 'string') level(a.id, a.policies, a.resourceControlPolicies);
      (u.units ?? []).forEach((c, k) => walk(c, c.id ?? c.name ?? `ou-${k}`));
    };
    if (org.root) walk(org.root, 'root');
  }
  return out;
}

/** Every statement of the given policies, with its index. */
export function statementsOfPolicies(policies: readonly PlacedPolicy[]): PlacedStatement[] {
  const out: PlacedStatement[] = [];
  for (const policy of policies) statementsOf(policy.document).forEach((statement, index) => out.push({ policy, index, statement }));
  return out;
}

/** A string or list of strings as a list (policy elements are either). */
export function listOf(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** `policy statement N (sid X)`, as `vpcsim can` prints a decisive statement. */
export function statementLabel(policy: string, index: number, sid?: string | undefined): string {
  return `${policy} statement ${index}${sid ? ` (sid ${sid})` : ''}`;
}
