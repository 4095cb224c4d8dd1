// IAM references (groups, managed policies, boundaries, roles, organization policies) and the
// policy grammar rules that depend on where a document is attached.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html
import { boundedDidYouMean, didYouMean, error, warning, type Diagnostic, type Path } from '../diagnostic.js';
import { FALLBACK_SCOPE } from '../model.js';
import { expandPrincipal } from '../principal.js';
import { statementsOf, type OrganizationalUnit, type PolicyDocument, type PolicyKind, type Scenario } from '../schema/index.js';

/** The condition operators AWS defines (without `IfExists` and set prefixes). */
export const CONDITION_OPERATORS: readonly string[] = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnNotEquals',
  'ArnLike',
  'ArnNotLike',
  'Null',
];
const OPERATORS = new Set(CONDITION_OPERATORS);

/** Splits `ForAnyValue:StringLikeIfExists` into its set prefix, base operator and IfExists flag. */
export function parseConditionOperator(op: string): { prefix: string; base: string; ifExists: boolean } {
  const m = /^(ForAllValues:|ForAnyValue:)?(.*?)(IfExists)?$/.exec(op)!;
  return { prefix: m[1] ?? '', base: m[2] ?? '', ifExists: m[3] !== undefined };
}

/** Whether `op` is a condition operator AWS accepts. */
export function isConditionOperator(op: string): boolean {
  const { base, ifExists } = parseConditionOperator(op);
  return OPERATORS.has(base) && !(ifExists && base === 'Null');
}

const ACTION = /^[a-zA-Z0-9*?-]+:[A-Za-z0-9*?]+$/;

const SCP_BUILTIN = 'FullAWSAccess';
const RCP_BUILTIN = 'RCPFullAWSAccess';

/**
 * Why a `Principal.AWS` value is not a principal AWS would accept: [code, message, hint].
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 *   Principals are accounts, IAM users, roles, role sessions, federated users and services;
 *   "You cannot identify a user group as a principal in a policy"; "You cannot use a wildcard
 *   to match part of a principal name or ARN". A principal that was deleted shows up as its
 *   unique id (`AIDA...`, `AROA...`): kept, it matches nobody.
 */
function awsPrincipalProblem(a: string): [string, string, string] | undefined {
  if (a === '*' || /^\d{12}$/.test(a) || /^A[A-Z0-9]{15,127}$/.test(a)) return undefined;
  const arn = /^arn:aws[a-z-]*:(iam|sts)::(\d{12}|cloudfront):(.*)$/.exec(a);
  if (arn === null) return ['invalid-principal', `\`${a}\` is not a principal`, 'write an account id, `arn:aws:iam::ACCOUNT:root`, a user, role or assumed-role session ARN, or `*`'];
  const rest = arn[3]!;
  if (/^group\//.test(rest)) return ['policy-principal-group', `\`${a}\` is a group: groups are not principals and cannot be named in a policy`, "name the group's users, or a role its users assume"];
  if (rest.includes('*') || rest.includes('?'))
    return ['policy-principal-wildcard', `\`${a}\`: a principal cannot be matched with a wildcard`, 'use `Principal: { AWS: "*" }` with a condition such as `ArnLike: { aws:PrincipalArn: ... }`'];
  if (arn[1] === 'iam' && /^(root|user\/.+|role\/.+|federated-user\/.+)$/.test(rest) && (arn[2] !== 'cloudfront' || rest.startsWith('user/CloudFront Origin Access Identity '))) return undefined;
  if (arn[1] === 'sts' && /^(assumed-role\/[^/]+\/[^/]+|federated-user\/.+)$/.test(rest)) return undefined;
  return ['invalid-principal', `\`${a}\` is not a principal ARN`, 'principal ARNs end in `:root`, `:user/NAME`, `:role/NAME` or `:assumed-role/ROLE/SESSION`'];
}

/** Checks one policy document for the elements its attachment point requires or forbids. */
export function validatePolicy(doc: PolicyDocument, kind: PolicyKind, path: Path, out: Diagnostic[], keyPolicy = false): void {
  const single = !Array.isArray(doc.Statement);
  const where: Record<PolicyKind, string> = {
    identity: 'an identity policy',
    boundary: 'a permissions boundary',
    session: 'a session policy',
    scp: 'a service control policy',
    rcp: 'a resource control policy',
    resource: 'a resource-based policy',
    trust: 'a role trust policy',
    endpoint: 'a VPC endpoint policy',
  };
  statementsOf(doc).forEach((st, k) => {
    const p: Path = single ? [...path, 'Statement'] : [...path, 'Statement', k];
    const hasPrincipal = st.Principal !== undefined || st.NotPrincipal !== undefined;
    const hasResource = st.Resource !== undefined || st.NotResource !== undefined;
    const identityLike = kind === 'identity' || kind === 'boundary' || kind === 'session' || kind === 'scp';
    if (identityLike && hasPrincipal)
      out.push(
        error('policy-principal-not-allowed', [...p, st.Principal !== undefined ? 'Principal' : 'NotPrincipal'], `${where[kind]} has no \`Principal\`: it applies to the identity it is attached to`, 'remove `Principal`'),
      );
    // SCPs may leave Resource out (the SCP syntax lists it as optional); identity policies may not.
    // A KMS key policy statement without Resource is stored as written and applies to nothing.
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html ("Resource (Required)")
    if (keyPolicy && !hasResource)
      out.push(warning('key-policy-resource-missing', p, 'a key policy statement without `Resource` is stored by AWS but has no effect', 'add `Resource: "*"` (in a key policy, `*` is the key itself)'));
    else if ((kind === 'identity' || kind === 'boundary' || kind === 'session' || kind === 'resource' || kind === 'rcp') && !hasResource)
      out.push(error('policy-resource-required', p, `a statement of ${where[kind]} needs \`Resource\` or \`NotResource\``, 'add `Resource: "*"` or the ARNs it covers'));
    if ((kind === 'resource' || kind === 'trust' || kind === 'endpoint' || kind === 'rcp') && !hasPrincipal)
      out.push(error('policy-principal-required', p, `a statement of ${where[kind]} needs \`Principal\` or \`NotPrincipal\``, kind === 'trust' ? 'e.g. `Principal: { Service: ec2.amazonaws.com }`' : 'e.g. `Principal: "*"` or `Principal: { AWS: arn:aws:iam::111111111111:root }`'));
    // Trust policies reject a Resource element (MalformedPolicyDocument: Has prohibited field Resource).
    if (kind === 'trust' && hasResource) out.push(error('policy-resource-not-allowed', [...p, st.Resource !== undefined ? 'Resource' : 'NotResource'], 'a role trust policy has no `Resource`: the resource is the role itself', 'remove `Resource`'));
    if (kind === 'rcp') {
      if (st.Principal !== undefined && st.Principal !== '*') out.push(error('policy-principal-not-allowed', [...p, 'Principal'], 'a resource control policy takes only `Principal: "*"`', 'narrow principals with `Condition`'));
      if (st.Effect === 'Allow') out.push(error('rcp-allow', [...p, 'Effect'], 'a resource control policy statement must deny: only `RCPFullAWSAccess` allows', 'use `Effect: Deny` with conditions'));
    }
    for (const key of ['Principal', 'NotPrincipal'] as const) {
      const v = st[key];
      if (v === undefined || v === '*') continue;
      const aws = v.AWS === undefined ? [] : typeof v.AWS === 'string' ? [v.AWS] : v.AWS;
      aws.forEach((a, j) => {
        const problem = awsPrincipalProblem(a);
        // a warning: AWS would refuse to store the policy ("Invalid principal in policy"); the
        // engines read such an entry as naming nobody
        if (problem !== undefined) out.push(warning(problem[0], typeof v.AWS === 'string' ? [...p, key, 'AWS'] : [...p, key, 'AWS', j], `${problem[1]} (AWS refuses such a policy; vpcsim matches it against nobody)`, problem[2]));
      });
    }
    for (const key of ['Action', 'NotAction'] as const) {
      const v = st[key];
      if (v === undefined) continue;
      const list = typeof v === 'string' ? [v] : v;
      list.forEach((a, j) => {
        if (a === '*' || ACTION.test(a)) return;
        const fix = /^([a-z0-9-]+)([A-Z*][A-Za-z0-9*?]*)$/.exec(a);
        const fixed = fix ? `${fix[1]}:${fix[2]}` : a.includes('.') ? a.replace('.', ':') : undefined;
        out.push(
          error('invalid-action', typeof v === 'string' ? [...p, key] : [...p, key, j], `\`${a}\` is not an action: actions look like \`service:ActionName\``, fixed !== undefined && ACTION.test(fixed) ? `did you mean \`${fixed}\`?` : 'e.g. `s3:GetObject`, `ec2:Describe*` or `*`'),
        );
      });
    }
    for (const op of Object.keys(st.Condition ?? {})) {
      if (isConditionOperator(op)) continue;
      const { prefix, base, ifExists } = parseConditionOperator(op);
      let hint: string | undefined;
      if (base === 'Null' && ifExists) hint = '`Null` has no `IfExists` form';
      else {
        const guess = didYouMean(base, CONDITION_OPERATORS);
        const pfx = /^for(all|any)values?:/i.test(prefix || op) ? (prefix || (/^forall/i.test(op) ? 'ForAllValues:' : 'ForAnyValue:')) : prefix;
        if (guess !== undefined) hint = `did you mean \`${pfx}${guess}${ifExists && guess !== 'Null' ? 'IfExists' : ''}\`?`;
      }
      out.push(error('unknown-condition-operator', [...p, 'Condition', op], `unknown condition operator \`${op}\``, hint ?? 'operators: String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, NotIpAddress, Arn*, Null'));
    }
  });
}

/** Checks IAM references, names and every attached policy document. */
export function validateIam(s: Scenario, out: Diagnostic[]): void {
  const defaultAccount = s.defaults?.account ?? FALLBACK_SCOPE.account;
  const acct = (a: string | undefined): string => a ?? defaultAccount;
  const iam = s.iam ?? {};

  // names unique per account and kind
  const names = new Map<string, Set<string>>();
  const unique = (kind: string, list: readonly { name: string; account?: string | undefined }[] | undefined, key: string): void => {
    const seen = new Set<string>();
    (list ?? []).forEach((e, i) => {
      const k = `${acct(e.account)}|${e.name}`;
      if (seen.has(k)) out.push(error('duplicate-name', [...key.split('.'), i, 'name'], `duplicate ${kind} \`${e.name}\` in account ${acct(e.account)}`, `${kind} names are unique per account`));
      seen.add(k);
    });
    names.set(kind, seen);
  };
  unique('user', iam.users, 'iam.users');
  unique('group', iam.groups, 'iam.groups');
  unique('role', iam.roles, 'iam.roles');
  unique('policy', iam.policies, 'iam.policies');
  const has = (kind: string, account: string, name: string): boolean => names.get(kind)?.has(`${account}|${name}`) ?? false;
  const namesOf = (kind: string, account: string): string[] =>
    [...(names.get(kind) ?? [])].filter((k) => k.startsWith(`${account}|`)).map((k) => k.slice(account.length + 1));
  const suggest = boundedDidYouMean();
  const unknown = (path: Path, what: string, name: string, cands: () => string[]): void => {
    const guess = suggest(name, cands);
    out.push(error('unknown-reference', path, `unknown ${what} \`${name}\``, guess !== undefined ? `did you mean \`${guess}\`?` : undefined));
  };

  const policyArns = new Set<string>();
  for (const p of iam.policies ?? []) {
    policyArns.add(p.arn ?? `arn:aws:iam::${acct(p.account)}:policy${p.path ?? '/'}${p.name}`);
  }
  const policyRef = (path: Path, ref: string, account: string): void => {
    if (ref.startsWith('arn:')) {
      // AWS-managed policies are named by ARN in the `aws` account namespace.
      if (/^arn:aws[a-z-]*:iam::aws:policy\/.+/.test(ref)) return;
      if (policyArns.has(ref)) return;
      if (/^arn:aws[a-z-]*:iam::\d{12}:policy\/.+/.test(ref)) {
        unknown(path, 'managed policy', ref, () => [...policyArns]);
        return;
      }
      out.push(error('invalid-reference', path, `\`${ref}\` is not a managed policy ARN`, 'e.g. `arn:aws:iam::aws:policy/ReadOnlyAccess` or a name from `iam.policies`'));
      return;
    }
    if (!has('policy', account, ref)) unknown(path, 'managed policy', ref, () => namesOf('policy', account));
  };
  const attachable = (path: Path, e: { account?: string | undefined; managedPolicies?: string[] | undefined; inlinePolicies?: Record<string, PolicyDocument> | undefined; permissionsBoundary?: string | null | undefined }): void => {
    const a = acct(e.account);
    (e.managedPolicies ?? []).forEach((m, k) => policyRef([...path, 'managedPolicies', k], m, a));
    if (e.permissionsBoundary) policyRef([...path, 'permissionsBoundary'], e.permissionsBoundary, a);
    for (const [name, doc] of Object.entries(e.inlinePolicies ?? {})) validatePolicy(doc, 'identity', [...path, 'inlinePolicies', name], out);
  };
  (iam.users ?? []).forEach((u, i) => {
    const path: Path = ['iam', 'users', i];
    attachable(path, u);
    (u.groups ?? []).forEach((g, k) => {
      if (!has('group', acct(u.account), g)) unknown([...path, 'groups', k], 'group', g, () => namesOf('group', acct(u.account)));
    });
  });
  (iam.groups ?? []).forEach((g, i) => attachable(['iam', 'groups', i], g));
  (iam.roles ?? []).forEach((r, i) => {
    const path: Path = ['iam', 'roles', i];
    attachable(path, r);
    if (r.trustPolicy) validatePolicy(r.trustPolicy, 'trust', [...path, 'trustPolicy'], out);
  });
  (iam.policies ?? []).forEach((p, i) => {
    validatePolicy(p.document, 'identity', ['iam', 'policies', i, 'document'], out);
    for (const [v, doc] of Object.entries(p.versions ?? {})) validatePolicy(doc, 'identity', ['iam', 'policies', i, 'versions', v], out);
  });
  (iam.sessions ?? []).forEach((sess, i) => {
    const path: Path = ['iam', 'sessions', i];
    const pr = expandPrincipal(sess.principal, defaultAccount);
    if (!pr || pr.kind !== 'assumed-role')
      out.push(error('invalid-principal', [...path, 'principal'], `\`${sess.principal}\` is not a role session`, 'write it `role/NAME/SESSION` or as an assumed-role ARN'));
    else if (!has('role', pr.account ?? defaultAccount, pr.name!)) unknown([...path, 'principal'], 'role', pr.name!, () => namesOf('role', pr.account ?? defaultAccount));
    if (sess.sessionPolicy) validatePolicy(sess.sessionPolicy, 'session', [...path, 'sessionPolicy'], out);
  });

  // instance profiles name a role: `role/web`, `web`, or a role ARN
  (s.instances ?? []).forEach((inst, i) => {
    if (inst.instanceProfile === undefined) return;
    const path: Path = ['instances', i, 'instanceProfile'];
    const text = inst.instanceProfile;
    const pr = text.startsWith('role/') || text.startsWith('arn:') ? expandPrincipal(text, defaultAccount) : expandPrincipal(`role/${text}`, defaultAccount);
    if (!pr || pr.kind !== 'role') {
      out.push(error('invalid-reference', path, `\`${text}\` is not a role`, 'an instance profile names a role: `role/NAME`'));
      return;
    }
    if (!has('role', pr.account ?? defaultAccount, pr.name!)) unknown(path, 'role', pr.name!, () => namesOf('role', pr.account ?? defaultAccount));
  });

  // organization policies by name and type
  const org = s.organization;
  if (org) {
    const types = new Map<string, 'scp' | 'rcp'>();
    (org.policies ?? []).forEach((p, i) => {
      if (types.has(p.name) || p.name === SCP_BUILTIN || p.name === RCP_BUILTIN)
        out.push(error('duplicate-name', ['organization', 'policies', i, 'name'], `duplicate organization policy \`${p.name}\``, p.name === SCP_BUILTIN || p.name === RCP_BUILTIN ? `\`${p.name}\` is built in` : undefined));
      else types.set(p.name, p.type);
      validatePolicy(p.document, p.type, ['organization', 'policies', i, 'document'], out);
    });
    const check = (path: Path, list: readonly string[] | undefined, want: 'scp' | 'rcp'): void => {
      (list ?? []).forEach((name, k) => {
        if (name === (want === 'scp' ? SCP_BUILTIN : RCP_BUILTIN)) return;
        const t = types.get(name) ?? (name === SCP_BUILTIN ? 'scp' : name === RCP_BUILTIN ? 'rcp' : undefined);
        if (t === undefined) unknown([...path, k], want === 'scp' ? 'service control policy' : 'resource control policy', name, () => [...[...types].filter(([, v]) => v === want).map(([n]) => n), want === 'scp' ? SCP_BUILTIN : RCP_BUILTIN]);
        else if (t !== want)
          out.push(error('wrong-kind', [...path, k], `\`${name}\` is ${t === 'scp' ? 'a service control policy' : 'a resource control policy'}, not ${want === 'scp' ? 'a service control policy' : 'a resource control policy'}`, want === 'scp' ? 'list it under `resourceControlPolicies`' : 'list it under `policies`'));
      });
    };
    // iterative walk: the tree may be deep
    const stack: [OrganizationalUnit, Path][] = org.root ? [[org.root, ['organization', 'root']]] : [];
    while (stack.length > 0) {
      const [u, path] = stack.pop()!;
      check([...path, 'policies'], u.policies, 'scp');
      check([...path, 'resourceControlPolicies'], u.resourceControlPolicies, 'rcp');
      (u.accounts ?? []).forEach((a, k) => {
        if (typeof a === 'string') return;
        check([...path, 'accounts', k, 'policies'], a.policies, 'scp');
        check([...path, 'accounts', k, 'resourceControlPolicies'], a.resourceControlPolicies, 'rcp');
      });
      (u.units ?? []).forEach((c, k) => stack.push([c, [...path, 'units', k]]));
    }
  }

  (s.resources ?? []).forEach((res, i) => {
    if (res.policy) validatePolicy(res.policy, 'resource', ['resources', i, 'policy'], out, /^arn:aws[a-z-]*:kms:[^:]*:\d{12}:key\//.test(res.arn));
    if (!/^arn:[^:]+:[^:]+:[^:]*:\d{12}:/.test(res.arn) && res.account === undefined && s.defaults?.account === undefined)
      out.push(warning('resource-owner-default', ['resources', i, 'account'], `\`${res.arn}\` names no account: it is owned by the fallback account ${FALLBACK_SCOPE.account}`, 'set `account` (or `defaults.account`)'));
  });
  (s.vpcEndpoints ?? []).forEach((e, i) => {
    if (e.policy) validatePolicy(e.policy, 'endpoint', ['vpcEndpoints', i, 'policy'], out);
  });
}
