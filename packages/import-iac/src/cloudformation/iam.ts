// IAM: roles (trust policy, inline `Policies`, `ManagedPolicyArns`, boundary), users, groups,
// managed policies (`Roles`/`Users`/`Groups` attach them), `AWS::IAM::Policy` (inline, attached
// to its principals), user-to-group additions and instance profiles. A principal without a name
// property is named by its logical id (`role/<LogicalId>`), as the import contract says;
// CloudFormation itself would generate `<stack>-<LogicalId>-<suffix>` (reported).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-role.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
import type { IamRole, PolicyDocument } from '@vpcsim/model';
import type { CfnContext, CfnMapper } from './import.js';
import type { CfnResource } from './resource.js';
import { cfnPolicy } from './vpc-endpoint.js';
import { num } from '../core/rules.js';

const LISTS = { role: 'roles', user: 'users', group: 'groups' } as const;
type Kind = keyof typeof LISTS;
type Principal = { name: string; managedPolicies?: string[]; inlinePolicies?: Record<string, PolicyDocument>; groups?: string[] };

function nameOf(c: CfnContext, r: CfnResource, prop: string, kind: string): string {
  const n = r.str(prop);
  if (n) return n;
  c.draft.warn(r.origin(), 'chosen-value', `${r.logicalId}: the ${kind} has no \`${prop}\`; CloudFormation generates one at deployment: \`${r.logicalId}\` stands for it`);
  return r.logicalId;
}

function inlineOf(r: CfnResource): Record<string, PolicyDocument> | undefined {
  const out: Record<string, PolicyDocument> = {};
  for (const x of r.items('Policies')) {
    const name = x.get('PolicyName');
    const doc = typeof name === 'string' ? cfnPolicy(r, [...x.path, 'PolicyDocument'], `inline policy \`${name}\``) : undefined;
    if (typeof name === 'string' && doc) out[name] = doc;
  }
  return Object.keys(out).length ? out : undefined;
}

const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const pathOf = (r: CfnResource): { path?: string } => (r.str('Path') && r.str('Path') !== '/' ? { path: r.str('Path')! } : {});

const role: CfnMapper = {
  phase: 0,
  map(r, c) {
    const x: IamRole = { name: nameOf(c, r, 'RoleName', 'role'), ...pathOf(r) };
    const trust = cfnPolicy(r, 'AssumeRolePolicyDocument', 'its trust policy');
    if (trust) x.trustPolicy = trust;
    const inline = inlineOf(r);
    if (inline) x.inlinePolicies = inline;
    const managed = strs(r.value('ManagedPolicyArns'));
    if (managed.length) x.managedPolicies = managed;
    if (r.str('PermissionsBoundary')) x.permissionsBoundary = r.str('PermissionsBoundary')!;
    const max = num(r.value('MaxSessionDuration')) ?? 0;
    if (Number.isInteger(max) && max > 3600) x.maxSessionDuration = max;
    c.draft.iam.roles.push(c.draft.from(x, r.origin()));
  },
};

const user: CfnMapper = {
  phase: 0,
  map(r, c) {
    const inline = inlineOf(r);
    const managed = strs(r.value('ManagedPolicyArns'));
    const groups = strs(r.value('Groups'));
    c.draft.iam.users.push(c.draft.from({ name: nameOf(c, r, 'UserName', 'user'), ...pathOf(r), ...(inline ? { inlinePolicies: inline } : {}), ...(managed.length ? { managedPolicies: managed } : {}), ...(groups.length ? { groups } : {}), ...(r.str('PermissionsBoundary') ? { permissionsBoundary: r.str('PermissionsBoundary')! } : {}) }, r.origin()));
  },
};

const group: CfnMapper = {
  phase: 0,
  map(r, c) {
    const inline = inlineOf(r);
    const managed = strs(r.value('ManagedPolicyArns'));
    c.draft.iam.groups.push(c.draft.from({ name: nameOf(c, r, 'GroupName', 'group'), ...pathOf(r), ...(inline ? { inlinePolicies: inline } : {}), ...(managed.length ? { managedPolicies: managed } : {}) }, r.origin()));
  },
};

function principal(c: CfnContext, r: CfnResource, kind: Kind, name: string): Principal | undefined {
  const p = (c.draft.iam[LISTS[kind]] as Principal[]).find((x) => x.name === name);
  if (!p) c.draft.warn(r.origin(), 'unknown-reference', `${r.logicalId}: ${kind} \`${name}\` is not in the template: left out`);
  return p;
}

const managedPolicy: CfnMapper = {
  phase: 1,
  map(r, c) {
    const doc = cfnPolicy(r, 'PolicyDocument', 'the policy document');
    const arn = c.scope.ref(r.logicalId);
    const name = r.str('ManagedPolicyName') ?? r.logicalId;
    if (!doc || typeof arn !== 'string') return;
    c.draft.iam.policies.push(c.draft.from({ name, arn, ...pathOf(r), document: doc }, r.origin()));
    for (const kind of ['role', 'user', 'group'] as const)
      for (const n of strs(r.value(`${kind[0]!.toUpperCase()}${kind.slice(1)}s`))) {
        const p = principal(c, r, kind, n);
        if (p) p.managedPolicies = [...new Set([...(p.managedPolicies ?? []), arn])];
      }
  },
};

const policy: CfnMapper = {
  phase: 1,
  map(r, c) {
    const name = r.str('PolicyName') ?? r.logicalId;
    const doc = cfnPolicy(r, 'PolicyDocument', `policy \`${name}\``);
    if (!doc) return;
    for (const kind of ['role', 'user', 'group'] as const)
      for (const n of strs(r.value(`${kind[0]!.toUpperCase()}${kind.slice(1)}s`))) {
        const p = principal(c, r, kind, n);
        if (p) p.inlinePolicies = { ...(p.inlinePolicies ?? {}), [name]: doc };
      }
  },
};

const addToGroup: CfnMapper = {
  phase: 1,
  map(r, c) {
    const g = r.str('GroupName');
    for (const n of strs(r.value('Users'))) {
      const u = principal(c, r, 'user', n);
      if (u && g) u.groups = [...new Set([...(u.groups ?? []), g])];
    }
  },
};

const profile: CfnMapper = {
  phase: 0,
  map(r, c) {
    const roles = strs(r.value('Roles'));
    const name = c.scope.ref(r.logicalId);
    if (typeof name === 'string' && roles[0]) c.profiles.set(name, roles[0]);
  },
};

/** IAM. */
export const CFN_IAM: Record<string, CfnMapper> = {
  'AWS::IAM::Role': role,
  'AWS::IAM::User': user,
  'AWS::IAM::Group': group,
  'AWS::IAM::ManagedPolicy': managedPolicy,
  'AWS::IAM::Policy': policy,
  'AWS::IAM::RolePolicy': { phase: 1, map: (r, c) => inlineFor(c, r, 'role', 'RoleName') },
  'AWS::IAM::UserPolicy': { phase: 1, map: (r, c) => inlineFor(c, r, 'user', 'UserName') },
  'AWS::IAM::GroupPolicy': { phase: 1, map: (r, c) => inlineFor(c, r, 'group', 'GroupName') },
  'AWS::IAM::UserToGroupAddition': addToGroup,
  'AWS::IAM::InstanceProfile': profile,
};

function inlineFor(c: CfnContext, r: CfnResource, kind: Kind, prop: string): void {
  const owner = r.str(prop);
  const name = r.str('PolicyName') ?? r.logicalId;
  const doc = cfnPolicy(r, 'PolicyDocument', `policy \`${name}\``);
  const p = owner ? principal(c, r, kind, owner) : undefined;
  if (p && doc) p.inlinePolicies = { ...(p.inlinePolicies ?? {}), [name]: doc };
}
