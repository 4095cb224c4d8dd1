// Every principal that could send a request, as finitely many classes: the principals a
// scenario declares, and everything outside it cut only where its policies can tell
// principals apart (a Principal element, a condition on aws:PrincipalAccount, aws:PrincipalArn,
// aws:PrincipalServiceName, aws:userid). "Every other account" is one class, judged through
// one representative per kind of principal (its root, a user, a role), never an enumeration.
//
// The world is closed for the accounts the scenario declares principals in (and its default
// account): their principals are the declared users, roles, role sessions and the root user.
// Every other account is open: its principals have identity policies the scenario does not
// know, so a representative is judged "as if its own policies allowed everything" (an
// identity policy allowing `*` on `*`), which is the question the resource side answers: who
// may this account's resource admit? SCPs of such an account still apply when the organization
// declares it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
//   (cross-account: the principal's own account must allow too: here assumed)
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html (zone of trust)
import { edit, expandPrincipal, type Model, type OrganizationalUnit } from '@vpcsim/model';
import { declaredPrincipals } from '../iam-space.js';
import { listOf, scenarioPolicies, statementsOfPolicies, type PlacedStatement } from './policies.js';

/** What a class stands for. */
export type PrincipalClassKind = 'declared' | 'root' | 'external' | 'anonymous' | 'service' | 'federated' | 'cloudfront-oai';

/** One class of principals, judged through its representative. */
export interface PrincipalClass {
  /** Unique: the representative's text. */
  readonly id: string;
  readonly kind: PrincipalClassKind;
  /** Classes read together under this heading: `account 111111111111`, `account 222222222222`, `every other account`, `anonymous`, `AWS services`, ... */
  readonly group: string;
  /** For people: `user/alice`, `root (222222222222)`, `any role of account 222222222222`. */
  readonly label: string;
  /** The principal judged for the whole class (short form or ARN, as `vpcsim can --principal` takes it). */
  readonly representative: string;
  readonly account?: string | undefined;
  /** Outside the accounts the scenario declares principals in. */
  readonly external: boolean;
  /** Judged in `externalModel` (declared there with an identity policy allowing everything). */
  readonly assumesOwnPolicies: boolean;
  /** Named by a policy; false for "any other ..." classes. */
  readonly named: boolean;
  /** An AWS principal kind (`root`, `user`, `role`, `session`) or the class kind. */
  readonly principalKind: 'root' | 'user' | 'role' | 'session' | 'anonymous' | 'service' | 'federated' | 'cloudfront-oai';
}

/** An account outside the closed world. */
export interface ExternalAccount {
  readonly id: string;
  /** Named by a policy, the organization tree or `accounts:`; false for the stand-in of every other account. */
  readonly named: boolean;
  readonly inOrganization: boolean;
}

/** The principal classes of a scenario. */
export interface PrincipalUniverse {
  readonly classes: readonly PrincipalClass[];
  /** Accounts whose principals are the declared ones. */
  readonly closedAccounts: readonly string[];
  readonly externalAccounts: readonly ExternalAccount[];
  /** The account id that stands for every account the scenario does not name. */
  readonly otherAccount: string;
  readonly otherService: string;
  readonly otherProvider: string;
  readonly otherOai: string;
  /** What the classes leave out, said in the output. */
  readonly notes: readonly string[];
}

/** The inline policy an external representative is declared with: its own policies are assumed to allow. */
export const ASSUMED_POLICY = 'vpcsim-assumed-own-policies';
/** Names of the representatives of any user or role of an external account. */
export const ANY_USER = 'vpcsim-any-user';
export const ANY_ROLE = 'vpcsim-any-role';

const ARN_ACCOUNT = /^arn:[^:]+:(?:iam|sts)::(\d{12}|\*|[^:]*[*?][^:]*):/;
const PRINCIPAL_KEYS = new Set(['aws:principalaccount', 'aws:principalarn', 'aws:principalservicename', 'aws:userid', 'aws:sourceowner']);

/** What the policies name about principals. */
interface Named {
  readonly accounts: Set<string>;
  readonly arns: Set<string>;
  readonly services: Set<string>;
  readonly federated: Set<string>;
  /** `ROLE:SESSION` values of aws:userid conditions. */
  readonly userids: Set<string>;
}

/** A pattern instantiated: `*` → `example`, `?` → `x`. */
const example = (pattern: string): string => pattern.replace(/\*/g, 'example').replace(/\?/g, 'x');

function namedInPolicies(statements: readonly PlacedStatement[]): Named {
  const n: Named = { accounts: new Set(), arns: new Set(), services: new Set(), federated: new Set(), userids: new Set() };
  for (const { statement: st } of statements) {
    for (const p of [st.Principal, st.NotPrincipal]) {
      if (p === undefined || p === '*') continue;
      for (const a of listOf(p.AWS)) {
        if (a === '*') continue;
        if (/^\d{12}$/.test(a)) n.accounts.add(a);
        else if (a.startsWith('arn:')) n.arns.add(a);
      }
      for (const s of listOf(p.Service)) if (s !== '*') n.services.add(s.toLowerCase());
      for (const f of listOf(p.Federated)) n.federated.add(f);
    }
    for (const [op, keys] of Object.entries(st.Condition ?? {})) {
      if (/Not|Null/.test(op)) continue;
      for (const [key, raw] of Object.entries(keys)) {
        const k = key.toLowerCase();
        if (!PRINCIPAL_KEYS.has(k)) continue;
        for (const v of listOf(Array.isArray(raw) ? raw.map(String) : String(raw))) {
          if (v.includes('${')) continue;
          if (k === 'aws:principalaccount' || k === 'aws:sourceowner') {
            if (/^\d{12}$/.test(v)) n.accounts.add(v);
          } else if (k === 'aws:principalarn') n.arns.add(v);
          else if (k === 'aws:principalservicename') n.services.add(v.toLowerCase());
          else if (k === 'aws:userid' && v.includes(':')) n.userids.add(v);
        }
      }
    }
  }
  return n;
}

/** The accounts of an organization tree, into `out`. */
export function orgAccounts(u: OrganizationalUnit | undefined, out: Set<string>): void {
  if (!u) return;
  for (const a of u.accounts ?? []) out.add(typeof a === 'string' ? a : a.id);
  for (const c of u.units ?? []) orgAccounts(c, out);
}

/** A fresh name: `base`, else `base` with a number, not in `taken`. */
function fresh(taken: ReadonlySet<string>, candidates: readonly string[]): string {
  for (const c of candidates) if (!taken.has(c)) return c;
  for (let i = 2; ; i++) if (!taken.has(`${candidates[0]}${i}`)) return `${candidates[0]}${i}`;
}

/**
 * The principal classes of a scenario: declared principals and their root users; each other
 * account a policy or the organization names, and one account for all the others, through a
 * root, a user and a role representative plus every ARN the policies name there; anonymous
 * callers; each named AWS service, identity provider and CloudFront origin access identity,
 * and one for all the others of each.
 */
export function principalUniverse(model: Model): PrincipalUniverse {
  const s = model.scenario;
  const def = model.defaults.account;
  const iam = s.iam ?? {};
  const notes: string[] = [];
  const statements = statementsOfPolicies(scenarioPolicies(model));
  const named = namedInPolicies(statements);

  // closed accounts: the default one and every account with a declared user or role
  const closed = new Set<string>([def]);
  for (const e of [...(iam.users ?? []), ...(iam.roles ?? [])]) closed.add(e.account ?? def);
  const org = new Set<string>();
  orgAccounts(s.organization?.root, org);
  if (s.organization?.managementAccount) org.add(s.organization.managementAccount);

  // every account anything names
  const mentioned = new Set<string>([...named.accounts, ...org, ...(s.accounts ?? []).map((a) => a.id)]);
  for (const a of named.arns) {
    const m = ARN_ACCOUNT.exec(a);
    if (m && /^\d{12}$/.test(m[1]!)) mentioned.add(m[1]!);
  }
  const otherAccount = fresh(new Set([...mentioned, ...closed]), ['999999999999', '999999999998', '888888888888']);
  const externalAccounts: ExternalAccount[] = [...mentioned]
    .filter((a) => !closed.has(a))
    .sort()
    .map((id) => ({ id, named: true, inOrganization: org.has(id) }));
  externalAccounts.push({ id: otherAccount, named: false, inOrganization: false });

  const classes: PrincipalClass[] = [];
  const seen = new Set<string>();
  const add = (c: PrincipalClass): void => {
    if (seen.has(c.id)) return;
    seen.add(c.id);
    classes.push(c);
  };
  const groupOf = (account: string): string => (account === otherAccount ? 'every other account' : `account ${account}`);

  // declared principals, their sessions named anywhere, and the root users of closed accounts
  const declared = declaredPrincipals(model);
  const declaredRoles = new Map((iam.roles ?? []).map((r) => [`${r.account ?? def}|${r.name}`, r]));
  const kindOf = (text: string): PrincipalClass['principalKind'] => {
    const k = expandPrincipal(text, def)?.kind;
    return k === 'user' ? 'user' : k === 'assumed-role' ? 'session' : 'role';
  };
  for (const d of declared) {
    const account = expandPrincipal(d, def)?.account ?? def;
    add({ id: d, kind: 'declared', group: groupOf(account), label: d, representative: d, account, external: false, assumesOwnPolicies: false, named: true, principalKind: kindOf(d) });
  }
  for (const a of named.arns) {
    if (/[*?]/.test(a)) continue;
    const e = expandPrincipal(a, def);
    if (!e || e.account === undefined || !closed.has(e.account)) continue;
    if (e.kind === 'assumed-role' && declaredRoles.has(`${e.account}|${e.name}`)) {
      const text = e.account === def ? `role/${e.name}/${e.session}` : e.arn;
      add({ id: text, kind: 'declared', group: groupOf(e.account), label: text, representative: text, account: e.account, external: false, assumesOwnPolicies: false, named: true, principalKind: 'session' });
    } else if ((e.kind === 'user' || e.kind === 'role') && !declared.some((d) => expandPrincipal(d, def)?.arn === e.arn))
      notes.push(`a policy names \`${a}\`, which the scenario does not declare: it is not a principal of account ${e.account}`);
  }
  for (const u of named.userids) {
    const [role, session] = u.split(':') as [string, string];
    if (!session || /[*?]/.test(role) || !declaredRoles.has(`${def}|${role}`)) continue;
    const text = `role/${role}/${example(session)}`;
    add({ id: text, kind: 'declared', group: groupOf(def), label: text, representative: text, account: def, external: false, assumesOwnPolicies: false, named: true, principalKind: 'session' });
  }
  for (const a of [...closed].sort((x, y) => (x === def ? -1 : y === def ? 1 : x.localeCompare(y)))) {
    const text = a === def ? 'root' : `arn:aws:iam::${a}:root`;
    add({ id: text, kind: 'root', group: groupOf(a), label: `root (${a})`, representative: text, account: a, external: false, assumesOwnPolicies: false, named: true, principalKind: 'root' });
  }

  // external accounts: root, any user, any role, and every ARN the policies name there
  for (const x of externalAccounts) {
    const a = x.id;
    const what = x.named ? `account ${a}` : 'any other account';
    add({ id: `arn:aws:iam::${a}:root`, kind: 'external', group: groupOf(a), label: `root of ${what}`, representative: `arn:aws:iam::${a}:root`, account: a, external: true, assumesOwnPolicies: false, named: x.named, principalKind: 'root' });
    add({ id: `arn:aws:iam::${a}:user/${ANY_USER}`, kind: 'external', group: groupOf(a), label: `any user of ${what}`, representative: `arn:aws:iam::${a}:user/${ANY_USER}`, account: a, external: true, assumesOwnPolicies: true, named: x.named, principalKind: 'user' });
    add({ id: `arn:aws:iam::${a}:role/${ANY_ROLE}`, kind: 'external', group: groupOf(a), label: `any role of ${what}`, representative: `arn:aws:iam::${a}:role/${ANY_ROLE}`, account: a, external: true, assumesOwnPolicies: true, named: x.named, principalKind: 'role' });
  }
  for (const raw of named.arns) {
    const m = ARN_ACCOUNT.exec(raw);
    if (!m) continue;
    const accounts = /^\d{12}$/.test(m[1]!) ? [m[1]!] : externalAccounts.map((x) => x.id);
    for (const a of accounts) {
      if (closed.has(a)) continue;
      const text = example(raw.replace(ARN_ACCOUNT, (all, id: string) => all.replace(id, a)));
      const e = expandPrincipal(text, def);
      if (!e || (e.kind !== 'user' && e.kind !== 'role' && e.kind !== 'assumed-role')) continue;
      const pk = e.kind === 'assumed-role' ? 'session' : e.kind;
      add({ id: e.arn, kind: 'external', group: groupOf(a), label: e.arn, representative: e.arn, account: a, external: true, assumesOwnPolicies: true, named: true, principalKind: pk });
    }
  }

  add({ id: 'anonymous', kind: 'anonymous', group: 'anonymous', label: 'anonymous callers (no credentials)', representative: 'anonymous', external: true, assumesOwnPolicies: false, named: true, principalKind: 'anonymous' });
  const otherService = fresh(named.services, ['vpcsim-other.amazonaws.com']);
  for (const svc of [...named.services].sort()) add({ id: `service:${svc}`, kind: 'service', group: 'AWS services', label: `service:${svc}`, representative: `service:${svc}`, external: true, assumesOwnPolicies: false, named: true, principalKind: 'service' });
  add({ id: `service:${otherService}`, kind: 'service', group: 'AWS services', label: 'any other AWS service', representative: `service:${otherService}`, external: true, assumesOwnPolicies: false, named: false, principalKind: 'service' });
  const oais = [...named.arns].filter((a) => expandPrincipal(a, def)?.kind === 'cloudfront-oai');
  const otherProvider = fresh(named.federated, ['vpcsim-other-provider.example.com']);
  for (const f of [...named.federated].sort()) add({ id: `federated:${f}`, kind: 'federated', group: 'identity providers', label: `federated:${f}`, representative: `federated:${f}`, external: true, assumesOwnPolicies: false, named: true, principalKind: 'federated' });
  add({ id: `federated:${otherProvider}`, kind: 'federated', group: 'identity providers', label: 'any other identity provider', representative: `federated:${otherProvider}`, external: true, assumesOwnPolicies: false, named: false, principalKind: 'federated' });
  const otherOai = fresh(new Set(oais.map((a) => expandPrincipal(a, def)?.name ?? '')), ['VPCSIMOTHER']);
  for (const a of oais.sort()) add({ id: a, kind: 'cloudfront-oai', group: 'CloudFront origin access identities', label: `cloudfront-oai/${expandPrincipal(a, def)?.name}`, representative: a, external: true, assumesOwnPolicies: false, named: true, principalKind: 'cloudfront-oai' });
  add({ id: `cloudfront-oai/${otherOai}`, kind: 'cloudfront-oai', group: 'CloudFront origin access identities', label: 'any other CloudFront origin access identity', representative: `cloudfront-oai/${otherOai}`, external: true, assumesOwnPolicies: false, named: false, principalKind: 'cloudfront-oai' });

  return { classes, closedAccounts: [...closed], externalAccounts, otherAccount, otherService, otherProvider, otherOai, notes };
}

const externalModels = new WeakMap<Model, Model>();

/**
 * The scenario with every external user and role representative declared, each with an
 * identity policy allowing `*` on `*` (its own account's policies are assumed to allow): the
 * model `assumesOwnPolicies` classes are judged in. Cached per model.
 */
export function externalModel(model: Model, universe: PrincipalUniverse = principalUniverse(model)): Model {
  const cached = externalModels.get(model);
  if (cached !== undefined) return cached;
  const reps = universe.classes.filter((c) => c.assumesOwnPolicies).map((c) => c.representative);
  const m = withAssumedPrincipals(model, reps);
  externalModels.set(model, m);
  return m;
}

const ALLOW_ALL = { Version: '2012-10-17' as const, Statement: [{ Effect: 'Allow' as const, Action: '*', Resource: '*' }] };

/**
 * The model with these principals (user, role or role-session ARNs of accounts the scenario
 * does not declare them in) declared, each with an identity policy allowing everything.
 * Throws when the edited scenario does not compile (a vpcsim bug: the names are valid ARNs).
 */
export function withAssumedPrincipals(model: Model, principals: readonly string[]): Model {
  if (principals.length === 0) return model;
  const def = model.defaults.account;
  const r = edit(model, (d) => {
    d.iam ??= {};
    const users = (d.iam.users ??= []);
    const roles = (d.iam.roles ??= []);
    const have = new Set([...users.map((u) => `user|${u.account ?? def}|${u.name}`), ...roles.map((x) => `role|${x.account ?? def}|${x.name}`)]);
    for (const p of principals) {
      const e = expandPrincipal(p, def);
      if (!e || e.account === undefined || e.name === undefined) continue;
      const kind = e.kind === 'user' ? 'user' : 'role';
      const key = `${kind}|${e.account}|${e.name}`;
      if (have.has(key)) continue;
      have.add(key);
      const entity = { name: e.name, account: e.account, ...(e.kind !== 'assumed-role' && e.path && e.path !== '/' ? { path: e.path } : {}), inlinePolicies: { [ASSUMED_POLICY]: ALLOW_ALL } };
      if (kind === 'user') users.push(entity);
      else roles.push(entity);
    }
  });
  if (!r.ok) throw new Error(`the scenario with external principals declared does not compile: ${r.errors[0]?.message}`);
  return r.model;
}

/**
 * The class a principal falls in: a declared principal or a named one is its own class; a
 * principal of an account the scenario does not name falls in "every other account" by kind;
 * an unnamed service, provider or origin access identity in "any other". Undefined for text
 * that is not a principal, or an undeclared principal of a closed account.
 */
export function classOf(universe: PrincipalUniverse, model: Model, text: string): PrincipalClass | undefined {
  const def = model.defaults.account;
  const e = expandPrincipal(text, def);
  if (!e || e.kind === 'unknown') return undefined;
  const byId = new Map(universe.classes.map((c) => [expandPrincipal(c.id, def)?.arn ?? c.id, c]));
  const direct = byId.get(e.arn) ?? universe.classes.find((c) => c.id === text);
  if (direct) return direct;
  const find = (pred: (c: PrincipalClass) => boolean): PrincipalClass | undefined => universe.classes.find(pred);
  switch (e.kind) {
    case 'anonymous':
      return find((c) => c.kind === 'anonymous');
    case 'service':
      return find((c) => c.kind === 'service' && !c.named);
    case 'federated':
      return find((c) => c.kind === 'federated' && !c.named);
    case 'cloudfront-oai':
      return find((c) => c.kind === 'cloudfront-oai' && !c.named);
    default: {
      const account = e.account ?? def;
      if (universe.closedAccounts.includes(account)) {
        // a session of a declared role that no policy names behaves as the role
        if (e.kind === 'assumed-role') return find((c) => c.kind === 'declared' && c.account === account && c.principalKind === 'role' && expandPrincipal(c.id, def)?.name === e.name);
        return undefined;
      }
      const ext = universe.externalAccounts.find((x) => x.id === account) ?? universe.externalAccounts.find((x) => !x.named)!;
      const pk = e.kind === 'root' ? 'root' : e.kind === 'user' ? 'user' : 'role';
      return find((c) => c.kind === 'external' && c.account === ext.id && c.principalKind === pk && (pk === 'root' || c.representative.endsWith(pk === 'user' ? ANY_USER : ANY_ROLE)));
    }
  }
}
