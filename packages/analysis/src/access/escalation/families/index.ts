// Every edge family, in the order paths prefer them (PMapper's edge checks, one file each).
import type { EdgeFamily } from './family.js';
import { iamCredentials } from './iam-credentials.js';
import { iamGroupPolicies } from './iam-group-policies.js';
import { iamGroups } from './iam-groups.js';
import { iamPolicyVersions } from './iam-policy-versions.js';
import { iamPrincipalPolicies } from './iam-principal-policies.js';
import { iamTrust } from './iam-trust.js';
import { passRoleCloudFormation } from './passrole-cloudformation.js';
import { passRoleCodeBuild } from './passrole-codebuild.js';
import { passRoleEc2 } from './passrole-ec2.js';
import { passRoleEcs } from './passrole-ecs.js';
import { passRoleGlue } from './passrole-glue.js';
import { passRoleLambda } from './passrole-lambda.js';
import { passRoleSageMaker } from './passrole-sagemaker.js';
import { ssmInstance } from './ssm.js';
import { stsAssumeRole } from './sts-assume-role.js';

export type { EdgeFamily, Lookups } from './family.js';

/** The edge families. */
export const EDGE_FAMILIES: readonly EdgeFamily[] = [
  stsAssumeRole,
  iamPrincipalPolicies,
  iamGroupPolicies,
  iamPolicyVersions,
  iamGroups,
  iamTrust,
  iamCredentials,
  passRoleEc2,
  passRoleLambda,
  passRoleEcs,
  passRoleCloudFormation,
  passRoleGlue,
  passRoleCodeBuild,
  passRoleSageMaker,
  ssmInstance,
];
