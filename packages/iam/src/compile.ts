// compileIam(model): every policy of the scenario compiled once, and the lookups evaluation
// needs (principals, resources, the organization tree), with per-principal and per-resource
// results cached so that repeated requests only run statement matching.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
//   SCPs: every level from the root through each OU to the account must allow; SCPs do not
//   affect the management account, nor service-linked roles.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
//   RCPs: RCPFullAWSAccess is attached at every level and cannot be detached; RCPs do not
//   affect resources of the management account; they apply to the services AWS lists (taken
//   from the catalogue, catalog/catalog.ts) and not to service-linked roles.
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
//   A key created without a policy gets the default key policy, which allows the account
//   (`arn:aws:iam::ACCOUNT:root`) `kms:*`, so that IAM policies can grant use of the key.
import { error, expandPrincipal, pushAll, suggestPrincipal, type Diagnostic, type IamGroup, type IamRole, type IamUser, type Model, type OrganizationalUnit, type PolicyDocument, type Resource } from '@vpcsim/model';
import { AWS_MANAGED_POLICIES } from './aws-managed-policies.js';
import { loadCatalog } from './catalog/catalog.js';
import { derived, type DerivedKeys } from './context.js';
import { actionEntry, actionStatements, compilePolicy, type ActionEntry, type CompiledPolicy } from './policy.js';
import type { PrincipalIdentity } from './principal.js';
import type { ContextValue } from './types.js';

/** One level of the organization tree with the policies attached to it. */
export interface OrgLevel {
  /** `root`, an OU id or name, or the account id. */
  readonly name: string;
  readonly policies: readonly CompiledPolicy[];
}

/** The levels from the root to an account, with each level's statements per action cached. */
export interface OrgChain {
  readonly levels: readonly OrgLevel[];
  /** The policies of every level, root first (for explanations). */
  readonly policies: readonly CompiledPolicy[];
  /** The level names joined: `root → ou-prod → 111111111111`. */
  readonly names: string;
  readonly byAction: Map<string, readonly ActionEntry[]>;
}

/** Per level, the statements whose action matches (cached per action). */
export function chainEntries(chain: OrgChain, action: string, service: string): readonly ActionEntry[] {
  let e = chain.byAction.get(action);
  if (e === undefined) {
    e = chain.levels.map((l) => actionEntry(l.policies.flatMap((p) => actionStatements(p, action, service).statements)));
    if (chain.byAction.size < 4096) chain.byAction.set(action, e);
  }
  return e;
}

function orgChain(levels: readonly OrgLevel[]): OrgChain {
  return { levels, policies: levels.flatMap((l) => l.policies), names: levels.map((l) => l.name).join(' → '), byAction: new Map() };
}

/** Everything evaluation needs to know about a request's principal. */
export interface PrincipalInfo {
  readonly who: PrincipalIdentity;
  /** Short label: `user/alice`, `role/web/batch`, `root (111111111111)`. */
  readonly label: string;
  /** Problems (unknown principal, unknown policy): the request is never allowed. */
  readonly errors: readonly Diagnostic[];
  readonly identity: readonly CompiledPolicy[];
  readonly boundary: CompiledPolicy | null;
  readonly session: CompiledPolicy | null;
  /** SCP levels, or null when SCPs do not apply (and `scpWhy` says why). */
  readonly scp: OrgChain | null;
  readonly scpWhy: string;
  readonly serviceLinked: boolean;
  readonly derived: DerivedKeys;
  /** The identity statements (all policies) whose action matches, per lowercased action (cached). */
  readonly identityByAction: Map<string, ActionEntry>;
}

/** Everything evaluation needs to know about a request's resource. */
export interface ResourceInfo {
  readonly arn: string;
  readonly account: string;
  /** Service prefix of the ARN (`s3`, `kms`, `iam`), lowercased; `*` for no resource. */
  readonly service: string;
  readonly declared: Resource | undefined;
  /** The resource-based policy (bucket policy, key policy, ...). */
  readonly policy: CompiledPolicy | null;
  /** For a role ARN: its trust policy, and the role. */
  readonly trust: CompiledPolicy | null;
  readonly role: IamRole | undefined;
  /** A role ARN (`arn:aws:iam::ID:role/...`) that names no declared role: nobody can assume it. */
  readonly undeclaredRole: boolean;
  readonly isKey: boolean;
  /** RCP levels of the owner, or null when RCPs do not apply to it (see `rcpWhy`). */
  readonly rcp: OrgChain | null;
  readonly rcpWhy: string;
  /** S3 Block Public Access RestrictPublicBuckets in effect, and where it is set. */
  readonly restrictPublicBuckets: string | null;
  readonly derived: DerivedKeys;
  readonly errors: readonly Diagnostic[];
}

/** The compiled IAM of a model. */
export interface CompiledIam {
  readonly account: string;
  /** Service prefixes RCPs apply to (from the catalogue). */
  readonly rcpServices: ReadonlySet<string>;
  /** Some policy names a CanonicalUser: only the full explanation reports what it may change. */
  readonly hasCanonical: boolean;
  /** The scenario's default region (aws:RequestedRegion when the request names none). */
  readonly region: string;
  readonly orgId: string | undefined;
  readonly managementAccount: string | undefined;
  readonly principals: Map<string, PrincipalInfo>;
  readonly resources: Map<string, ResourceInfo>;
  readonly endpointPolicies: WeakMap<object, CompiledPolicy | Diagnostic>;
  /** Internal lookups. */
  readonly lookup: Lookups;
}

interface Lookups {
  readonly model: Model;
  readonly users: Map<string, IamUser>;
  readonly groups: Map<string, IamGroup>;
  readonly roles: Map<string, IamRole>;
  readonly rolesByArn: Map<string, IamRole>;
  readonly managed: Map<string, CompiledPolicy>;
  readonly managedByName: Map<string, CompiledPolicy>;
  readonly sessions: Map<string, { policy: CompiledPolicy | null; tags: Record<string, string> }>;
  readonly resources: Map<string, Resource>;
  readonly accountLevels: Map<string, { scp: OrgChain; rcp: OrgChain; path: string }>;
  readonly accountSettings: Map<string, { restrictPublicBuckets?: boolean | undefined }>;
  /** The compiled resource-based policy of a declared resource and the trust policy of a role, once each (every object of a bucket shares its bucket's). */
  readonly policyOf: WeakMap<Resource | IamRole, CompiledPolicy>;
  /** The keys resources give, per owner (a declared resource, role or user; `null`: none) and account: shared by every object of a bucket. */
  readonly keysOf: WeakMap<Resource | IamRole | IamUser, Map<string, DerivedKeys>>;
  readonly ownerlessKeys: Map<string, DerivedKeys>;
}

/**
 * Services whose resources RCPs restrict: the list AWS publishes, as the catalogue carries it
 * (read when IAM is compiled, never for network-only work).
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services
 */
export const rcpServices = (): ReadonlySet<string> => loadCatalog().rcpServices;

const FULL_AWS_ACCESS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const RCP_FULL_AWS_ACCESS: PolicyDocument = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] };

/** The partition of an ARN. */
const partitionOf = (arn: string): string => /^arn:([^:]+):/.exec(arn)?.[1] ?? 'aws';

/** Compiles the IAM half of a model: every policy, the organization tree, the lookups. */
export function compileIam(model: Model): CompiledIam {
  const s = model.scenario;
  const account = model.defaults.account;
  const acct = (a: string | undefined): string => a ?? account;
  const iam = s.iam ?? {};
  const users = new Map((iam.users ?? []).map((u) => [`${acct(u.account)}|${u.name}`, u]));
  const groups = new Map((iam.groups ?? []).map((g) => [`${acct(g.account)}|${g.name}`, g]));
  const roles = new Map((iam.roles ?? []).map((r) => [`${acct(r.account)}|${r.name}`, r]));
  const rolesByArn = new Map((iam.roles ?? []).map((r) => [`arn:aws:iam::${acct(r.account)}:role${r.path ?? '/'}${r.name}`, r]));
  const managed = new Map<string, CompiledPolicy>();
  const managedByName = new Map<string, CompiledPolicy>();
  for (const [arn, doc] of AWS_MANAGED_POLICIES) managed.set(arn, compilePolicy(doc, arn, 'identity'));
  for (const p of iam.policies ?? []) {
    const arn = p.arn ?? `arn:aws:iam::${acct(p.account)}:policy${p.path ?? '/'}${p.name}`;
    const c = compilePolicy(p.document, arn, 'identity');
    managed.set(arn, c);
    managedByName.set(`${acct(p.account)}|${p.name}`, c);
  }
  const sessions = new Map<string, { policy: CompiledPolicy | null; tags: Record<string, string> }>();
  for (const sess of iam.sessions ?? []) {
    const pr = expandPrincipal(sess.principal, account);
    if (!pr || pr.kind !== 'assumed-role') continue;
    const label = `role/${pr.name}/${pr.session}`;
    sessions.set(pr.arn, { policy: sess.sessionPolicy ? compilePolicy(sess.sessionPolicy, `${label} session policy`, 'session') : null, tags: sess.tags ?? {} });
  }
  const resources = new Map((s.resources ?? []).map((r) => [r.arn, r]));

  // organization: the levels from the root to each account
  const org = s.organization;
  const orgPolicies = new Map((org?.policies ?? []).map((p) => [p.name, p]));
  const accountLevels = new Map<string, { scp: OrgChain; rcp: OrgChain; path: string }>();
  const compiledOrg = new Map<string, CompiledPolicy>();
  const orgPolicy = (levelName: string, name: string, type: 'scp' | 'rcp'): CompiledPolicy | undefined => {
    const key = `${type}|${levelName}|${name}`;
    let c = compiledOrg.get(key);
    if (c === undefined) {
      const doc = name === 'FullAWSAccess' && type === 'scp' ? FULL_AWS_ACCESS : name === 'RCPFullAWSAccess' && type === 'rcp' ? RCP_FULL_AWS_ACCESS : orgPolicies.get(name)?.document;
      if (doc === undefined) return undefined;
      c = compilePolicy(doc, `${type}:${levelName}/${name}`, type);
      compiledOrg.set(key, c);
    }
    return c;
  };
  const level = (name: string, scpNames: readonly string[] | undefined, rcpNames: readonly string[] | undefined): { scp: OrgLevel; rcp: OrgLevel } => ({
    // a level with no SCP listed keeps the default FullAWSAccess
    scp: { name, policies: (scpNames ?? ['FullAWSAccess']).map((n) => orgPolicy(name, n, 'scp')).filter((p): p is CompiledPolicy => p !== undefined) },
    // RCPFullAWSAccess is attached everywhere and cannot be detached
    rcp: { name, policies: ['RCPFullAWSAccess', ...(rcpNames ?? []).filter((n) => n !== 'RCPFullAWSAccess')].map((n) => orgPolicy(name, n, 'rcp')).filter((p): p is CompiledPolicy => p !== undefined) },
  });
  if (org?.root) {
    const rootId = org.root.id ?? 'r-root';
    const stack: [OrganizationalUnit, { scp: OrgLevel; rcp: OrgLevel }[], string][] = [];
    const rootLevel = level('root', org.root.policies, org.root.resourceControlPolicies);
    stack.push([org.root, [rootLevel], `${org.id ?? 'o-unknown'}/${rootId}/`]);
    while (stack.length > 0) {
      const [u, levels, path] = stack.pop()!;
      for (const a of u.accounts ?? []) {
        const id = typeof a === 'string' ? a : a.id;
        const own = typeof a === 'string' ? level(id, undefined, undefined) : level(id, a.policies, a.resourceControlPolicies);
        const all = [...levels, own];
        accountLevels.set(id, { scp: orgChain(all.map((l) => l.scp)), rcp: orgChain(all.map((l) => l.rcp)), path });
      }
      (u.units ?? []).forEach((c, k) => {
        const name = c.id ?? c.name ?? `ou-${k}`;
        stack.push([c, [...levels, level(name, c.policies, c.resourceControlPolicies)], `${path}${name}/`]);
      });
    }
  }
  const accountSettings = new Map((s.accounts ?? []).map((a) => [a.id, { restrictPublicBuckets: a.s3BlockPublicAccess?.restrictPublicBuckets }]));

  return {
    account,
    region: model.defaults.region,
    rcpServices: rcpServices(),
    // expectations and properties hold no policies (and may be most of a large scenario)
    hasCanonical: JSON.stringify({ ...s, expect: undefined, properties: undefined }).includes('"CanonicalUser"'),
    orgId: org?.id,
    managementAccount: org?.managementAccount,
    principals: new Map(),
    resources: new Map(),
    endpointPolicies: new WeakMap(),
    lookup: { model, users, groups, roles, rolesByArn, managed, managedByName, sessions, resources, accountLevels, accountSettings, policyOf: new WeakMap(), keysOf: new WeakMap(), ownerlessKeys: new Map() },
  };
}

/** Resolves a managed policy reference (a name in the entity's account, or an ARN). */
function managedPolicy(c: CompiledIam, ref: string, account: string, errors: Diagnostic[], where: string): CompiledPolicy | undefined {
  const p = ref.startsWith('arn:') ? c.lookup.managed.get(ref) : c.lookup.managedByName.get(`${account}|${ref}`);
  if (p === undefined)
    errors.push(
      ref.startsWith('arn:aws:iam::aws:policy/')
        ? error('not-implemented', [where], `the AWS-managed policy \`${ref}\` is not bundled`, `declare it under \`iam.policies\` with \`arn: ${ref}\` and its document`)
        : error('unknown-policy', [where], `unknown managed policy \`${ref}\``),
    );
  return p;
}

function inline(docs: Record<string, PolicyDocument> | undefined, owner: string): CompiledPolicy[] {
  return Object.entries(docs ?? {}).map(([name, doc]) => compilePolicy(doc, `${owner} inline:${name}`, 'identity'));
}

function orgKeys(c: CompiledIam, account: string | undefined, prefix: 'Principal' | 'Resource'): [string, ContextValue | undefined][] {
  if (account === undefined || c.orgId === undefined) return [];
  const lv = c.lookup.accountLevels.get(account);
  if (lv === undefined && account !== c.managementAccount) return [];
  return [
    [`aws:${prefix}OrgID`, c.orgId],
    [`aws:${prefix}OrgPaths`, lv ? [lv.path] : [`${c.orgId}/`]],
  ];
}

function tagKeys(prefix: string, tags: Record<string, string> | undefined): [string, ContextValue][] {
  return Object.entries(tags ?? {}).map(([k, v]) => [`${prefix}/${k}`, v]);
}

/** SCP levels for a principal's account, or null with the reason they do not apply. */
function scpFor(c: CompiledIam, account: string | undefined, serviceLinked: boolean): [OrgChain | null, string] {
  if (account === undefined) return [null, 'SCPs apply only to principals of an organization account'];
  if (account === c.managementAccount) return [null, `SCPs do not affect the management account ${account}`];
  if (serviceLinked) return [null, 'SCPs do not affect service-linked roles'];
  const lv = c.lookup.accountLevels.get(account);
  if (lv === undefined) return [null, c.lookup.accountLevels.size === 0 ? 'the scenario declares no organization' : `account ${account} is not in the organization`];
  return [lv.scp, ''];
}

/** The principal of a request, resolved against the scenario (cached). */
export function principalInfo(c: CompiledIam, text: string): PrincipalInfo {
  const cached = c.principals.get(text);
  if (cached !== undefined) return cached;
  const info = resolvePrincipal(c, text);
  if (c.principals.size < 100_000) c.principals.set(text, info);
  return info;
}

/** The identity statements of a principal whose action matches `action` (lowercased), across its policies. */
export function identityStatements(p: PrincipalInfo, action: string, service: string): ActionEntry {
  let c = p.identityByAction.get(action);
  if (c === undefined) {
    c = actionEntry(p.identity.flatMap((pol) => actionStatements(pol, action, service).statements));
    if (p.identityByAction.size < 4096) p.identityByAction.set(action, c);
  }
  return c;
}

/**
 * The keys of an anonymous request.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (principal
 * key values: an anonymous caller has `aws:userid` `anonymous` and `aws:PrincipalType`
 * `Anonymous`, no `aws:username`)
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * (aws:PrincipalIsAWSService: "Anonymous requests do not include this key")
 */
const ANONYMOUS_KEYS: [string, string][] = [
  // CHOICE: an anonymous request's aws:PrincipalAccount is `anonymous`, as its aws:userid is
  ['aws:PrincipalAccount', 'anonymous'],
  ['aws:PrincipalType', 'Anonymous'],
  ['aws:userid', 'anonymous'],
];

/** A did-you-mean for an undeclared user or role (the closest declared name of its account, written as given), then `hint`. */
function guessHint(text: string, name: string, declared: ReadonlyMap<string, { readonly name: string }>, account: string, hint: string): string {
  const names: string[] = [];
  for (const [k, e] of declared) if (k.startsWith(`${account}|`)) names.push(e.name);
  const guess = suggestPrincipal(text, name, names);
  return guess === undefined ? hint : `did you mean \`${guess}\`? or ${hint}`;
}

function resolvePrincipal(c: CompiledIam, text: string): PrincipalInfo {
  const pr = expandPrincipal(text, c.account);
  const none = (label: string, who: PrincipalIdentity, errors: Diagnostic[]): PrincipalInfo => ({
    who,
    label,
    errors,
    identity: [],
    boundary: null,
    session: null,
    scp: null,
    scpWhy: 'the principal is not resolved',
    serviceLinked: false,
    derived: derived([]),
    identityByAction: new Map(),
  });
  if (pr === undefined || pr.kind === 'unknown')
    return none(text, { kind: 'anonymous', arn: text, hasBoundary: false }, [
      error('invalid-principal', ['request', 'principal'], `\`${text}\` is not a principal`, 'write `user/NAME`, `role/NAME`, `role/NAME/SESSION`, `root`, `anonymous`, `service:NAME`, `cloudfront-oai/ID`, an account id or an ARN'),
    ]);
  switch (pr.kind) {
    case 'anonymous':
      return { ...none('anonymous', { kind: 'anonymous', arn: '*', hasBoundary: false }, []), scpWhy: 'SCPs do not apply to anonymous requests', derived: derived(ANONYMOUS_KEYS) };
    case 'service':
      return {
        ...none(`service:${pr.arn}`, { kind: 'service', arn: pr.arn, hasBoundary: false }, []),
        scpWhy: 'SCPs do not apply to AWS service principals',
        derived: derived([['aws:PrincipalIsAWSService', 'true'], ['aws:PrincipalServiceName', pr.arn]]),
      };
    case 'federated':
      return { ...none(`federated:${pr.arn}`, { kind: 'federated', arn: pr.arn, hasBoundary: false }, []), scpWhy: 'SCPs do not apply to federated principals before they assume a role' };
    case 'cloudfront-oai':
      // an OAI is a CloudFront identity, in no account of the organization: only a
      // resource-based policy naming its ARN lets it act
      return { ...none(`cloudfront-oai/${pr.name}`, { kind: 'cloudfront-oai', arn: pr.arn, hasBoundary: false }, []), scpWhy: 'SCPs do not apply to CloudFront origin access identities' };
    case 'root': {
      const account = pr.account!;
      const [scp, scpWhy] = scpFor(c, account, false);
      return {
        who: { kind: 'root', arn: pr.arn, account, hasBoundary: false },
        label: `root (${account})`,
        errors: [],
        identity: [],
        boundary: null,
        session: null,
        scp,
        scpWhy,
        serviceLinked: false,
        identityByAction: new Map(),
        derived: derived([
          ['aws:PrincipalArn', pr.arn],
          ['aws:PrincipalAccount', account],
          ['aws:PrincipalType', 'Account'],
          ['aws:userid', account],
          ['aws:PrincipalIsAWSService', 'false'],
          ...orgKeys(c, account, 'Principal'),
        ]),
      };
    }
    case 'user': {
      const account = pr.account!;
      const u = c.lookup.users.get(`${account}|${pr.name}`);
      const label = `user/${pr.name}`;
      if (u === undefined)
        return none(label, { kind: 'user', arn: pr.arn, account, hasBoundary: false }, [
          error('unknown-principal', ['request', 'principal'], `user \`${pr.name}\` is not declared in account ${account}`, guessHint(text, pr.name!, c.lookup.users, account, 'declare it under `iam.users`')),
        ]);
      const arn = `arn:${partitionOf(pr.arn)}:iam::${account}:user${u.path ?? '/'}${u.name}`;
      const errors: Diagnostic[] = [];
      const identity: CompiledPolicy[] = [];
      (u.managedPolicies ?? []).forEach((m) => {
        const p = managedPolicy(c, m, account, errors, `user/${u.name} managedPolicies`);
        if (p) identity.push(p);
      });
      pushAll(identity, inline(u.inlinePolicies, label));
      for (const g of u.groups ?? []) {
        const grp = c.lookup.groups.get(`${account}|${g}`);
        if (grp === undefined) continue;
        (grp.managedPolicies ?? []).forEach((m) => {
          const p = managedPolicy(c, m, account, errors, `group/${g} managedPolicies`);
          if (p) identity.push(p);
        });
        pushAll(identity, inline(grp.inlinePolicies, `group/${g}`));
      }
      const boundary = u.permissionsBoundary ? boundaryPolicy(c, u.permissionsBoundary, account, errors, label) : null;
      const [scp, scpWhy] = scpFor(c, account, false);
      return {
        who: { kind: 'user', arn, account, hasBoundary: boundary !== null },
        label,
        errors,
        identity,
        boundary,
        session: null,
        scp,
        scpWhy,
        serviceLinked: false,
        identityByAction: new Map(),
        derived: derived([
          ['aws:PrincipalArn', arn],
          ['aws:PrincipalAccount', account],
          ['aws:PrincipalType', 'User'],
          ['aws:username', u.name],
          // no unique ids in a scenario: aws:userid is the user name (AWS: the AIDA... id)
          ['aws:userid', u.name],
          ['aws:PrincipalIsAWSService', 'false'],
          ...orgKeys(c, account, 'Principal'),
          ...tagKeys('aws:PrincipalTag', u.tags),
        ]),
      };
    }
    case 'role':
    case 'assumed-role': {
      const account = pr.account!;
      const r = c.lookup.roles.get(`${account}|${pr.name}`);
      const label = pr.kind === 'role' ? `role/${pr.name}` : `role/${pr.name}/${pr.session}`;
      const roleArnGuess = `arn:${partitionOf(pr.arn)}:iam::${account}:role/${pr.name}`;
      if (r === undefined)
        return none(label, { kind: pr.kind, arn: pr.arn, roleArn: roleArnGuess, account, hasBoundary: false }, [
          error('unknown-principal', ['request', 'principal'], `role \`${pr.name}\` is not declared in account ${account}`, guessHint(text, pr.name!, c.lookup.roles, account, 'declare it under `iam.roles`')),
        ]);
      const roleArn = `arn:${partitionOf(pr.arn)}:iam::${account}:role${r.path ?? '/'}${r.name}`;
      const errors: Diagnostic[] = [];
      const identity: CompiledPolicy[] = [];
      (r.managedPolicies ?? []).forEach((m) => {
        const p = managedPolicy(c, m, account, errors, `role/${r.name} managedPolicies`);
        if (p) identity.push(p);
      });
      pushAll(identity, inline(r.inlinePolicies, `role/${r.name}`));
      const boundary = r.permissionsBoundary ? boundaryPolicy(c, r.permissionsBoundary, account, errors, `role/${r.name}`) : null;
      const sess = pr.kind === 'assumed-role' ? c.lookup.sessions.get(pr.arn) : undefined;
      // a session's tags override the role's tags of the same key
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
      const tags = { ...(r.tags ?? {}), ...(sess?.tags ?? {}) };
      // a service-linked role is declared so, or sits under the path AWS gives every one of them
      // https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html
      const serviceLinked = r.serviceLinked === true || (r.path ?? '/').startsWith('/aws-service-role/');
      const [scp, scpWhy] = scpFor(c, account, serviceLinked);
      const arn = pr.kind === 'role' ? roleArn : pr.arn;
      return {
        who: { kind: pr.kind, arn, roleArn, account, hasBoundary: boundary !== null },
        label,
        errors,
        identity,
        boundary,
        session: sess?.policy ?? null,
        scp,
        scpWhy,
        serviceLinked,
        identityByAction: new Map(),
        derived: derived([
          // for a role session, aws:PrincipalArn is the role's ARN
          // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalarn
          ['aws:PrincipalArn', roleArn],
          ['aws:PrincipalAccount', account],
          ['aws:PrincipalType', 'AssumedRole'],
          // no unique ids in a scenario: aws:userid is `ROLE-NAME:SESSION` (AWS: `AROA...:SESSION`)
          ['aws:userid', `${r.name}:${pr.session ?? r.name}`],
          ['aws:PrincipalIsAWSService', 'false'],
          ...orgKeys(c, account, 'Principal'),
          ...tagKeys('aws:PrincipalTag', tags),
        ]),
      };
    }
  }
}

function boundaryPolicy(c: CompiledIam, ref: string, account: string, errors: Diagnostic[], owner: string): CompiledPolicy | null {
  const p = managedPolicy(c, ref, account, errors, `${owner} permissionsBoundary`);
  return p ? { ...p, type: 'permissions-boundary', byService: new Map(), byAction: new Map() } : null;
}

const NO_ERRORS: readonly Diagnostic[] = Object.freeze([]);

/** The keys a resource gives (its account, its organization, its owner's tags), built once per owner and account. */
function resourceKeys(c: CompiledIam, account: string, owner: Resource | IamRole | IamUser | undefined, iam: boolean): DerivedKeys {
  let byAccount = owner === undefined ? c.lookup.ownerlessKeys : c.lookup.keysOf.get(owner);
  if (byAccount === undefined) c.lookup.keysOf.set(owner!, (byAccount = new Map()));
  let keys = byAccount.get(account);
  if (keys === undefined) {
    const tags = owner?.tags;
    keys = derived([['aws:ResourceAccount', account], ...orgKeys(c, account, 'Resource'), ...tagKeys('aws:ResourceTag', tags), ...(iam ? tagKeys('iam:ResourceTag', tags) : [])]);
    byAccount.set(account, keys);
  }
  return keys;
}

/** The policy of a declared resource or role, compiled on first use. */
function compiledOnce(c: CompiledIam, owner: Resource | IamRole, build: () => CompiledPolicy): CompiledPolicy {
  let p = c.lookup.policyOf.get(owner);
  if (p === undefined) c.lookup.policyOf.set(owner, (p = build()));
  return p;
}

/** The resource of a request, resolved against the scenario (cached). */
export function resourceInfo(c: CompiledIam, arn: string, principalAccount: string | undefined): ResourceInfo {
  const key = arn === '*' ? `*|${principalAccount ?? ''}` : arn;
  const cached = c.resources.get(key);
  if (cached !== undefined) return cached;
  const info = resolveResource(c, arn, principalAccount);
  if (c.resources.size < 100_000) c.resources.set(key, info);
  return info;
}

function resolveResource(c: CompiledIam, arn: string, principalAccount: string | undefined): ResourceInfo {
  const parts = arn.split(':');
  const service = arn === '*' ? '*' : (parts[2] ?? '').toLowerCase();
  // the declared resource: the ARN itself, or for an S3 object its bucket
  let declared = c.lookup.resources.get(arn);
  if (declared === undefined && service === 's3') {
    const slash = arn.indexOf('/');
    if (slash > 0) declared = c.lookup.resources.get(arn.slice(0, slash));
  }
  const role = service === 'iam' ? c.lookup.rolesByArn.get(arn) : undefined;
  const undeclaredRole = role === undefined && service === 'iam' && /^arn:aws[a-z-]*:iam::\d{12}:role\/./.test(arn);
  const arnAccount = /^\d{12}$/.test(parts[4] ?? '') ? parts[4] : undefined;
  // owner: the ARN's account, the declared owner, or (no resource) the caller's account
  const account = arnAccount ?? declared?.account ?? (arn === '*' ? principalAccount : undefined) ?? c.account;
  const isKey = service === 'kms' && /^key\//.test(parts.slice(5).join(':'));
  let policy: CompiledPolicy | null = null;
  if (declared?.policy) policy = compiledOnce(c, declared, () => compilePolicy(declared.policy!, `${declared.arn} ${isKey ? 'key policy' : service === 's3' ? 'bucket policy' : 'resource policy'}`, isKey ? 'key' : 'resource'));
  else if (isKey)
    policy = compilePolicy(
      { Version: '2012-10-17', Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:${partitionOf(arn)}:iam::${account}:root` }, Action: 'kms:*', Resource: '*' }] },
      `${arn} default key policy`,
      'key',
    );
  const trust = role?.trustPolicy ? compiledOnce(c, role, () => compilePolicy(role.trustPolicy!, `role/${role.name} trust policy`, 'trust')) : null;
  let rcp: OrgChain | null = null;
  let rcpWhy = '';
  // which services RCPs cover is decided per request, by the action's service (sts:AssumeRole on an iam role ARN is STS)
  if (arn === '*') rcpWhy = 'RCPs apply to resources; the request names none';
  else if (account === c.managementAccount) rcpWhy = `RCPs do not affect resources of the management account ${account}`;
  else {
    const lv = c.lookup.accountLevels.get(account);
    if (lv === undefined) rcpWhy = c.lookup.accountLevels.size === 0 ? 'the scenario declares no organization' : `account ${account} is not in the organization`;
    else rcp = lv.rcp;
  }
  let restrictPublicBuckets: string | null = null;
  if (service === 's3') {
    if (declared?.blockPublicAccess?.restrictPublicBuckets === true) restrictPublicBuckets = `bucket \`${declared.arn}\``;
    else if (c.lookup.accountSettings.get(account)?.restrictPublicBuckets === true) restrictPublicBuckets = `account ${account}`;
  }
  // an IAM user or role as the resource: its tags are aws:ResourceTag/* and iam:ResourceTag/*
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html
  const userArn = service === 'iam' ? /^arn:aws[a-z-]*:iam::(\d{12}):user(\/(?:.*\/)?)([^/]+)$/.exec(arn) : null;
  const userEntity = userArn ? c.lookup.users.get(`${userArn[1]}|${userArn[3]}`) : undefined;
  const user = userEntity !== undefined && (userEntity.path ?? '/') === userArn![2] ? userEntity : undefined;
  const owner = role ?? user ?? declared;
  return {
    arn,
    account,
    service,
    declared,
    policy,
    trust,
    role,
    undeclaredRole,
    isKey,
    rcp,
    rcpWhy,
    restrictPublicBuckets,
    derived: resourceKeys(c, account, owner, role !== undefined || user !== undefined),
    errors: NO_ERRORS,
  };
}
