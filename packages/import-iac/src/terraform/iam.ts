// IAM: users, groups, roles (trust policy, inline policies, managed policy ARNs, boundary),
// customer-managed policies, the policy and membership attachments, instance profiles, and
// `aws_iam_policy_document` data sources (their rendered `json`, or rendered here from their
// statement blocks when the plan knows it only after apply). Principals are named by their IAM
// name, never by the Terraform address.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
import type { IamGroup, IamRole, IamUser, PolicyDocument } from '@vpcsim/model';
import type { TfContext, TfMapper } from './import.js';
import { tagsOf } from './network.js';
import { UNKNOWN, type TfResource } from './resource.js';
import { policyField } from '../core/source.js';
import { num } from '../core/rules.js';

const AWS_POLICY_VERSION = '2012-10-17';

/**
 * An `aws_iam_policy_document` rendered as the provider renders it: `Version` (2012-10-17 by
 * default), `Id`, and per statement `Sid`, `Effect` (Allow by default), `Action`/`NotAction`,
 * `Resource`/`NotResource`, `Principal`/`NotPrincipal` by type, `Condition` by test and
 * variable. Undefined when a part is known only after apply and cannot be followed, or when it
 * merges other documents the plan does not show.
 */
export function renderPolicyDocument(r: TfResource): string | undefined {
  const known = r.value('json');
  if (typeof known === 'string' && known !== '') return known;
  for (const f of ['source_json', 'override_json', 'source_policy_documents', 'override_policy_documents']) {
    const v = r.value(f);
    if (v === UNKNOWN || (typeof v === 'string' && v !== '') || (Array.isArray(v) && v.length > 0)) return undefined;
  }
  let ok = true;
  const val = (p: (string | number)[]): unknown => {
    const v = r.value(p);
    if (v === UNKNOWN || (Array.isArray(v) && v.some((x) => x === null || x === UNKNOWN))) ok = false;
    return v;
  };
  const one = (v: unknown): unknown => (Array.isArray(v) && v.length === 1 ? v[0] : v);
  const statements = r.blocks('statement').map((b) => {
    const p = b.path as (string | number)[];
    const s: Record<string, unknown> = {};
    const sid = val([...p, 'sid']);
    if (typeof sid === 'string' && sid !== '') s.Sid = sid;
    s.Effect = (val([...p, 'effect']) as string | undefined) ?? 'Allow';
    for (const [f, k] of [['actions', 'Action'], ['not_actions', 'NotAction'], ['resources', 'Resource'], ['not_resources', 'NotResource']] as const) {
      const v = val([...p, f]);
      if (Array.isArray(v) && v.length > 0) s[k] = one([...v].sort());
    }
    for (const [f, k] of [['principals', 'Principal'], ['not_principals', 'NotPrincipal']] as const) {
      const blocks = val([...p, f]);
      if (!Array.isArray(blocks) || blocks.length === 0) continue;
      const out: Record<string, unknown> = {};
      blocks.forEach((_, i) => {
        const type = val([...p, f, i, 'type']);
        const ids = val([...p, f, i, 'identifiers']);
        if (typeof type === 'string' && Array.isArray(ids)) out[type] = one([...((out[type] as unknown[] | undefined) ?? []), ...ids]);
      });
      s[k] = Object.keys(out).length === 1 && out['*'] !== undefined ? '*' : out;
    }
    const conds = val([...p, 'condition']);
    if (Array.isArray(conds) && conds.length > 0) {
      const out: Record<string, Record<string, unknown>> = {};
      conds.forEach((_, i) => {
        const test = val([...p, 'condition', i, 'test']);
        const variable = val([...p, 'condition', i, 'variable']);
        const values = val([...p, 'condition', i, 'values']);
        if (typeof test === 'string' && typeof variable === 'string' && Array.isArray(values)) (out[test] ??= {})[variable] = one(values);
      });
      s.Condition = out;
    }
    return s;
  });
  if (!ok) return undefined;
  const version = r.value('version');
  const id = r.value('policy_id');
  return JSON.stringify({ Version: typeof version === 'string' ? version : AWS_POLICY_VERSION, ...(typeof id === 'string' ? { Id: id } : {}), Statement: statements });
}

/** An IAM name, or undefined (reported) when AWS or Terraform chooses it at apply time. */
function nameOf(r: TfResource, what: string): string | undefined {
  const n = r.str('name');
  if (n) return n;
  r.w.draft.warn(r.origin('name'), 'unknown-value', `${r.address}: the ${what}'s name is chosen at apply time${r.str('name_prefix') ? ` (prefix \`${r.str('name_prefix')}\`)` : ''}: it is left out`, 'give it a `name`: policies match principals by name');
  return undefined;
}

const path = (r: TfResource): { path?: string } => {
  const p = r.str('path');
  return p && p !== '/' ? { path: p } : {};
};

function boundary(r: TfResource): { permissionsBoundary?: string } {
  const b = r.str('permissions_boundary');
  return b ? { permissionsBoundary: b } : {};
}

const role: TfMapper = {
  phase: 0,
  map(r, c) {
    const name = nameOf(r, 'role');
    if (!name) return;
    const x: IamRole = { name, ...path(r), ...boundary(r), ...tagsOf(r) };
    const trust = policyField(r, 'assume_role_policy', 'its trust policy');
    if (trust) x.trustPolicy = trust;
    const inline: Record<string, PolicyDocument> = {};
    for (const b of r.blocks('inline_policy')) {
      const n = b.str('name');
      const doc = n ? policyField(r, [...b.path, 'policy'], `inline policy \`${n}\``) : undefined;
      if (n && doc) inline[n] = doc;
    }
    if (Object.keys(inline).length) x.inlinePolicies = inline;
    const managed = r.value('managed_policy_arns');
    if (Array.isArray(managed) && managed.length) x.managedPolicies = managed.filter((a): a is string => typeof a === 'string');
    const max = num(r.value('max_session_duration')) ?? 0;
    if (Number.isInteger(max) && max > 3600) x.maxSessionDuration = max;
    if (r.str('path')?.startsWith('/aws-service-role/')) x.serviceLinked = true;
    c.draft.iam.roles.push(c.draft.from(x, r.origin()));
  },
};

const user: TfMapper = {
  phase: 0,
  map(r, c) {
    const name = nameOf(r, 'user');
    if (name) c.draft.iam.users.push(c.draft.from<IamUser>({ name, ...path(r), ...boundary(r), ...tagsOf(r) }, r.origin()));
  },
};

const group: TfMapper = {
  phase: 0,
  map(r, c) {
    const name = nameOf(r, 'group');
    if (name) c.draft.iam.groups.push(c.draft.from<IamGroup>({ name, ...path(r) }, r.origin()));
  },
};

const policy: TfMapper = {
  phase: 0,
  map(r, c) {
    const name = nameOf(r, 'policy');
    const doc = policyField(r, 'policy', 'the policy document');
    const arn = r.str('arn') ?? (c.attrOf(r.inst, 'arn') as string | typeof UNKNOWN);
    if (!name || !doc || typeof arn !== 'string') return;
    c.draft.iam.policies.push(c.draft.from({ name, arn, ...path(r), document: doc }, r.origin()));
  },
};

const profile: TfMapper = {
  phase: 0,
  map(r, c) {
    const name = r.str('name');
    const roleName = r.str('role');
    if (name && roleName) c.profiles.set(name, roleName);
  },
};

type Principal = { managedPolicies?: string[]; inlinePolicies?: Record<string, PolicyDocument> };
const LISTS = { role: 'roles', user: 'users', group: 'groups' } as const;

function principal(c: TfContext, r: TfResource, kind: keyof typeof LISTS, name: string | undefined): Principal | undefined {
  if (!name) return undefined;
  const p = (c.draft.iam[LISTS[kind]] as { name: string }[]).find((x) => x.name === name) as Principal | undefined;
  if (!p) c.draft.warn(r.origin(kind), 'unknown-reference', `${r.address}: ${kind} \`${name}\` is not in the input: left out`);
  return p;
}

function inlinePolicy(kind: keyof typeof LISTS): TfMapper {
  return {
    phase: 1,
    map(r, c) {
      const p = principal(c, r, kind, r.str(kind) ?? r.ref(kind, `the ${kind}`, true, 'name'));
      const name = r.str('name') ?? r.address;
      const doc = policyField(r, 'policy', `inline policy \`${name}\``);
      if (p && doc) p.inlinePolicies = { ...(p.inlinePolicies ?? {}), [name]: c.draft.from(doc, r.origin('policy')) };
    },
  };
}

function attach(p: Principal | undefined, arn: string | undefined): void {
  if (p && arn) p.managedPolicies = [...new Set([...(p.managedPolicies ?? []), arn])];
}

function attachment(kind: keyof typeof LISTS): TfMapper {
  return { phase: 1, map: (r, c) => attach(principal(c, r, kind, r.str(kind) ?? r.ref(kind, `the ${kind}`, true, 'name')), r.str('policy_arn') ?? r.ref('policy_arn', 'the policy', true, 'arn')) };
}

const exclusiveAttachment: TfMapper = {
  phase: 1,
  map(r, c) {
    const arn = r.str('policy_arn') ?? r.ref('policy_arn', 'the policy', true, 'arn');
    for (const kind of ['user', 'role', 'group'] as const) {
      const names = r.value(`${kind}s`);
      if (Array.isArray(names)) for (const n of names) if (typeof n === 'string') attach(principal(c, r, kind, n), arn);
    }
  },
};

const userGroups: TfMapper = {
  phase: 1,
  map(r, c) {
    const u = c.draft.iam.users.find((x) => x.name === r.str('user'));
    const groups = r.value('groups');
    if (u && Array.isArray(groups)) u.groups = [...new Set([...(u.groups ?? []), ...groups.filter((g): g is string => typeof g === 'string')])];
  },
};

const groupMembers: TfMapper = {
  phase: 1,
  map(r, c) {
    const g = r.str('group');
    const users = r.value('users');
    if (!g || !Array.isArray(users)) return;
    for (const n of users) {
      const u = c.draft.iam.users.find((x) => x.name === n);
      if (u) u.groups = [...new Set([...(u.groups ?? []), g])];
    }
  },
};

/** IAM. */
export const IAM: Record<string, TfMapper> = {
  aws_iam_role: role,
  aws_iam_user: user,
  aws_iam_group: group,
  aws_iam_policy: policy,
  aws_iam_instance_profile: profile,
  aws_iam_role_policy: inlinePolicy('role'),
  aws_iam_user_policy: inlinePolicy('user'),
  aws_iam_group_policy: inlinePolicy('group'),
  aws_iam_role_policy_attachment: attachment('role'),
  aws_iam_user_policy_attachment: attachment('user'),
  aws_iam_group_policy_attachment: attachment('group'),
  aws_iam_policy_attachment: exclusiveAttachment,
  aws_iam_user_group_membership: userGroups,
  aws_iam_group_membership: groupMembers,
};
