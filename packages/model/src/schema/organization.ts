// AWS Organizations: SCPs and RCPs by level.
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
import { z } from 'zod';
import { AccountId, Tags } from './common.js';
import { PolicyDocument } from './policy.js';

const BlockPublicAccess = z.strictObject({
  blockPublicAcls: z.boolean().optional(),
  ignorePublicAcls: z.boolean().optional(),
  blockPublicPolicy: z.boolean().optional(),
  restrictPublicBuckets: z.boolean().optional(),
});
/** S3 Block Public Access settings (account or bucket level). */
export const S3BlockPublicAccess = BlockPublicAccess;
export type S3BlockPublicAccess = z.infer<typeof S3BlockPublicAccess>;

/** Account-level settings. */
export const Account = z.strictObject({
  id: AccountId,
  name: z.string().optional(),
  s3BlockPublicAccess: BlockPublicAccess.optional(),
  tags: Tags.optional(),
});
export type Account = z.infer<typeof Account>;

/** An account placed in the organization tree, with its own attached policies. */
export const OrganizationAccount = z.union([
  AccountId,
  z.strictObject({
    id: AccountId,
    policies: z.array(z.string()).optional(),
    resourceControlPolicies: z.array(z.string()).optional(),
  }),
]);
export type OrganizationAccount = z.infer<typeof OrganizationAccount>;

/** An organizational unit (or the root): policies, accounts and nested units. */
export interface OrganizationalUnit {
  id?: string | undefined;
  name?: string | undefined;
  policies?: string[] | undefined;
  resourceControlPolicies?: string[] | undefined;
  accounts?: OrganizationAccount[] | undefined;
  units?: OrganizationalUnit[] | undefined;
}
export const OrganizationalUnit: z.ZodType<OrganizationalUnit> = z.lazy(() =>
  z.strictObject({
    id: z.string().optional(),
    name: z.string().optional(),
    policies: z.array(z.string()).optional(),
    resourceControlPolicies: z.array(z.string()).optional(),
    accounts: z.array(OrganizationAccount).optional(),
    units: z.array(OrganizationalUnit).optional(),
  }),
);

/** A named SCP or RCP document. */
export const OrganizationPolicy = z.strictObject({
  name: z.string().min(1),
  type: z.enum(['scp', 'rcp']),
  document: PolicyDocument,
  description: z.string().optional(),
});
export type OrganizationPolicy = z.infer<typeof OrganizationPolicy>;

/** The `organization:` section. */
export const Organization = z.strictObject({
  id: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'an organization id looks like `o-a1b2c3d4e5`').optional(),
  managementAccount: AccountId.optional(),
  root: OrganizationalUnit.optional(),
  policies: z.array(OrganizationPolicy).optional(),
});
export type Organization = z.infer<typeof Organization>;
