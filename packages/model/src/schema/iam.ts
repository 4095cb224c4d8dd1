// IAM identities and customer-managed policies.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id.html
import { z } from 'zod';
import { AccountId, Tags } from './common.js';
import { Dict } from './dict.js';
import { PolicyDocument } from './policy.js';

const Path = z.string().regex(/^\/([\w+=,.@-]+\/)*$/, 'an IAM path starts and ends with `/`');
const InlinePolicies = Dict(PolicyDocument);
/** A managed policy reference: a customer policy name, or an ARN (AWS-managed or customer). */
const PolicyRef = z.string().min(1);

/** An IAM user. */
export const IamUser = z.strictObject({
  name: z.string().min(1),
  account: AccountId.optional(),
  path: Path.optional(),
  groups: z.array(z.string()).optional(),
  managedPolicies: z.array(PolicyRef).optional(),
  inlinePolicies: InlinePolicies.optional(),
  permissionsBoundary: PolicyRef.nullable().optional(),
  tags: Tags.optional(),
});
export type IamUser = z.infer<typeof IamUser>;

/** An IAM group: not a principal; its policies apply to its users. */
export const IamGroup = z.strictObject({
  name: z.string().min(1),
  account: AccountId.optional(),
  path: Path.optional(),
  managedPolicies: z.array(PolicyRef).optional(),
  inlinePolicies: InlinePolicies.optional(),
});
export type IamGroup = z.infer<typeof IamGroup>;

/** An IAM role, assumed through its trust policy. */
export const IamRole = z.strictObject({
  name: z.string().min(1),
  account: AccountId.optional(),
  path: Path.optional(),
  trustPolicy: PolicyDocument.optional(),
  managedPolicies: z.array(PolicyRef).optional(),
  inlinePolicies: InlinePolicies.optional(),
  permissionsBoundary: PolicyRef.nullable().optional(),
  tags: Tags.optional(),
  maxSessionDuration: z.number().int().min(3600).max(43200).optional(),
  serviceLinked: z.boolean().optional().meta({ description: 'a service-linked role (SCPs do not restrict it)' }),
});
export type IamRole = z.infer<typeof IamRole>;

/** A managed policy declared in the scenario (customer-managed, or an AWS one by arn). */
export const IamManagedPolicy = z.strictObject({
  name: z.string().min(1),
  arn: z.string().optional(),
  account: AccountId.optional(),
  path: Path.optional(),
  document: PolicyDocument,
  versions: z.record(z.string().regex(/^v[1-9]\d*$/, 'a policy version id looks like `v2`'), PolicyDocument).optional().meta({ description: 'versions other than the default one (`document`), by version id: what `iam:SetDefaultPolicyVersion` can make the default' }),
});
export type IamManagedPolicy = z.infer<typeof IamManagedPolicy>;

/** A role session with a session policy and/or session tags. */
export const IamSession = z.strictObject({
  principal: z.string().min(1).meta({ description: 'role/NAME/SESSION or an assumed-role ARN' }),
  sessionPolicy: PolicyDocument.optional(),
  tags: Tags.optional(),
});
export type IamSession = z.infer<typeof IamSession>;

/** The `iam:` section. */
export const Iam = z.strictObject({
  users: z.array(IamUser).optional(),
  groups: z.array(IamGroup).optional(),
  roles: z.array(IamRole).optional(),
  policies: z.array(IamManagedPolicy).optional(),
  sessions: z.array(IamSession).optional(),
});
export type Iam = z.infer<typeof Iam>;
