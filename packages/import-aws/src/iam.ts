// IAM from `aws iam get-account-authorization-details`: users, groups, roles (with trust
// policies and instance profiles), customer-managed policies (their default version),
// inline policies, permissions boundaries and tags.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UserDetail.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleDetail.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html
import type { IamManagedPolicy, PolicyDocument } from '@vpcsim/model';
import { arnParts, isAccountId } from './layout.js';
import { decodePolicy } from './policy-document.js';
import { AwsObject, isRecord } from './reader.js';
import type { ImportState } from './state.js';

/** One parsed authorization-details file. */
export interface IamFile {
  readonly file: string;
  readonly value: unknown;
  readonly account?: string | undefined;
}

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//;

function inlinePolicies(st: ImportState, o: AwsObject, key: string, owner: string): Record<string, PolicyDocument> | undefined {
  // null prototype: a policy named `__proto__` or `constructor` is kept like any other
  const out = Object.create(null) as Record<string, PolicyDocument>;
  for (const p of o.objs(key, 'inline policy')) {
    const name = p.str('PolicyName', true);
    const doc = decodePolicy(p.raw('PolicyDocument'), p.at('PolicyDocument'), st.report, `inline policy \`${name}\` of \`${owner}\``);
    p.done([]);
    if (name !== undefined && doc !== undefined) out[name] = st.from(doc as PolicyDocument, p.at('PolicyDocument'));
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function attached(o: AwsObject, referenced: Set<string>): string[] {
  const out: string[] = [];
  for (const p of o.objs('AttachedManagedPolicies', 'attached policy')) {
    const arn = p.str('PolicyArn');
    p.done(['PolicyName']);
    if (arn !== undefined) {
      out.push(arn);
      referenced.add(arn);
    }
  }
  return out;
}

function boundary(o: AwsObject, referenced: Set<string>): string | undefined {
  const b = o.obj('PermissionsBoundary', 'permissions boundary');
  const arn = b?.str('PermissionsBoundaryArn');
  b?.done(['PermissionsBoundaryType']);
  if (arn !== undefined) referenced.add(arn);
  return arn;
}

const path = (p: string | undefined): { path?: string } => (p !== undefined && p !== '/' ? { path: p } : {});

/**
 * A managed policy's name from its ARN (`arn:aws:iam::123456789012:policy/team/ReadAssets` →
 * `ReadAssets`), for exports that leave `PolicyName` out (moto's emulator does; AWS includes it:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html). The policy's
 * name is the last segment of the ARN's resource, after its path
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns).
 */
function nameFromArn(st: ImportState, m: AwsObject, arn: string | undefined): string | undefined {
  const resource = arn?.startsWith('arn:') ? arn.split(':').slice(5).join(':') : undefined;
  const name = resource?.startsWith('policy/') ? resource.slice(resource.lastIndexOf('/') + 1) : undefined;
  if (name) st.report.warn(m.at('PolicyName'), 'name-from-arn', `managed policy \`${arn}\` has no \`PolicyName\`: named \`${name}\` from its ARN`, 'AWS includes `PolicyName`; an emulator or a trimmed export may not');
  else st.report.error(m.at('PolicyName'), 'missing-field', `managed policy has no \`PolicyName\`${arn ? ` and its ARN \`${arn}\` names no policy` : ''}`);
  return name;
}

/**
 * Maps authorization details. Returns instance profile ARN → role ARN, for instances.
 * Managed policies are referenced by ARN; customer-managed ones are declared under
 * `iam.policies`, AWS-managed ones only when attached (with their document from the export).
 */
export function mapIam(st: ImportState, files: readonly IamFile[]): Map<string, string> {
  const roleOfProfile = new Map<string, string>();
  const referenced = new Set<string>();
  const policies: { p: IamManagedPolicy; arn: string }[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    if (!isRecord(f.value)) {
      st.report.add(f.file, { code: 'wrong-shape', severity: 'error', path: [], message: 'the top level is not an object, expected the output of `aws iam get-account-authorization-details`' });
      continue;
    }
    const top = new AwsObject(st.report, f.file, [], f.value, 'authorization details');
    const hasAny = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'].some((k) => k in (f.value as Record<string, unknown>));
    if (!hasAny) {
      st.report.add(f.file, { code: 'wrong-shape', severity: 'error', path: [], message: 'the top level has none of `UserDetailList`, `GroupDetailList`, `RoleDetailList`, `Policies`', hint: 'this file should hold `aws iam get-account-authorization-details`' });
      continue;
    }
    const acct = (arn: string | undefined): string | undefined => {
      const a = arnParts(arn).account;
      return isAccountId(a) ? a : isAccountId(f.account) ? f.account : undefined;
    };
    for (const u of top.objs('UserDetailList', 'user')) {
      const name = u.str('UserName', true);
      const arn = u.str('Arn');
      const p = u.str('Path');
      const groups = u.strs('GroupList');
      const inline = inlinePolicies(st, u, 'UserPolicyList', name ?? '?');
      const managed = attached(u, referenced);
      const pb = boundary(u, referenced);
      const tags = u.tags();
      u.done(['UserId', 'CreateDate']);
      if (name === undefined || seen.has(arn ?? `user/${name}`)) continue;
      seen.add(arn ?? `user/${name}`);
      const account = acct(arn);
      st.draft.iam.users.push(
        st.from(
          {
            name,
            ...(account !== undefined ? { account } : {}),
            ...path(p),
            ...(groups.length > 0 ? { groups } : {}),
            ...(managed.length > 0 ? { managedPolicies: managed } : {}),
            ...(inline ? { inlinePolicies: inline } : {}),
            ...(pb !== undefined ? { permissionsBoundary: pb } : {}),
            ...(tags ? { tags } : {}),
          },
          u.at(),
        ),
      );
    }
    for (const g of top.objs('GroupDetailList', 'group')) {
      const name = g.str('GroupName', true);
      const arn = g.str('Arn');
      const p = g.str('Path');
      const inline = inlinePolicies(st, g, 'GroupPolicyList', name ?? '?');
      const managed = attached(g, referenced);
      g.done(['GroupId', 'CreateDate']);
      if (name === undefined || seen.has(arn ?? `group/${name}`)) continue;
      seen.add(arn ?? `group/${name}`);
      const account = acct(arn);
      st.draft.iam.groups.push(st.from({ name, ...(account !== undefined ? { account } : {}), ...path(p), ...(managed.length > 0 ? { managedPolicies: managed } : {}), ...(inline ? { inlinePolicies: inline } : {}) }, g.at()));
    }
    for (const r of top.objs('RoleDetailList', 'role')) {
      const name = r.str('RoleName', true);
      const arn = r.str('Arn');
      const p = r.str('Path');
      const trust = decodePolicy(r.raw('AssumeRolePolicyDocument'), r.at('AssumeRolePolicyDocument'), st.report, `the trust policy of \`${name}\``);
      for (const ip of r.objs('InstanceProfileList', 'instance profile')) {
        const ipArn = ip.str('Arn');
        ip.done(['Path', 'InstanceProfileName', 'InstanceProfileId', 'CreateDate', 'Roles', 'Tags']);
        if (ipArn !== undefined && arn !== undefined) roleOfProfile.set(ipArn, arn);
      }
      const inline = inlinePolicies(st, r, 'RolePolicyList', name ?? '?');
      const managed = attached(r, referenced);
      const pb = boundary(r, referenced);
      const tags = r.tags();
      const maxSession = r.num('MaxSessionDuration');
      r.done(['RoleId', 'CreateDate', 'RoleLastUsed', 'Description']);
      if (name === undefined || seen.has(arn ?? `role/${name}`)) continue;
      seen.add(arn ?? `role/${name}`);
      const account = acct(arn);
      const serviceLinked = p?.startsWith('/aws-service-role/') ?? false;
      st.draft.iam.roles.push(
        st.from(
          {
            name,
            ...(account !== undefined ? { account } : {}),
            ...path(p),
            ...(trust !== undefined ? { trustPolicy: st.from(trust as PolicyDocument, r.at('AssumeRolePolicyDocument')) } : {}),
            ...(managed.length > 0 ? { managedPolicies: managed } : {}),
            ...(inline ? { inlinePolicies: inline } : {}),
            ...(pb !== undefined ? { permissionsBoundary: pb } : {}),
            ...(tags ? { tags } : {}),
            ...(maxSession !== undefined && maxSession >= 3600 && maxSession <= 43200 ? { maxSessionDuration: maxSession } : {}),
            ...(serviceLinked ? { serviceLinked: true } : {}),
          },
          r.at(),
        ),
      );
    }
    for (const m of top.objs('Policies', 'managed policy')) {
      const arn = m.str('Arn', true);
      const name = m.str('PolicyName') ?? nameFromArn(st, m, arn);
      const p = m.str('Path');
      const defaultVersion = m.str('DefaultVersionId');
      let doc: Record<string, unknown> | undefined;
      const versions = m.objs('PolicyVersionList', 'policy version');
      for (const v of versions) {
        const isDefault = v.bool('IsDefaultVersion');
        const id = v.str('VersionId');
        const raw = v.raw('Document');
        v.done(['CreateDate']);
        if (doc === undefined && (isDefault === true || (defaultVersion !== undefined && id === defaultVersion)))
          doc = decodePolicy(raw, v.at('Document'), st.report, `the default version of \`${name}\``);
      }
      m.done(['PolicyId', 'AttachmentCount', 'PermissionsBoundaryUsageCount', 'IsAttachable', 'Description', 'CreateDate', 'UpdateDate', 'Tags']);
      if (name === undefined || arn === undefined || seen.has(arn)) continue;
      seen.add(arn);
      if (doc === undefined) {
        st.report.warn(m.at('PolicyVersionList'), 'unmapped', `managed policy \`${arn}\` has no default version in the export: not imported`);
        continue;
      }
      const account = AWS_MANAGED.test(arn) ? undefined : acct(arn);
      policies.push({ arn, p: st.from({ name, arn, ...(account !== undefined ? { account } : {}), ...path(p), document: doc as PolicyDocument }, m.at()) });
    }
    top.done(['IsTruncated', 'Marker']);
    if (top.value.IsTruncated === true)
      st.report.warn({ file: f.file, path: ['IsTruncated'] }, 'paginated', 'the output is truncated (`IsTruncated: true`): users, roles or policies may be missing', 'let the AWS CLI paginate (do not pass `--max-items`)');
  }
  // AWS-managed policies: only those attached to something of the export
  for (const { p, arn } of policies) {
    if (AWS_MANAGED.test(arn) && !referenced.has(arn)) continue;
    st.draft.iam.policies.push(p);
  }
  return roleOfProfile;
}

