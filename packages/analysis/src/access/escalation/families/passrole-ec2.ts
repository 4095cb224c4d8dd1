// iam:PassRole + ec2:RunInstances: launch an instance with the role's instance profile; code
// on the instance gets the role's credentials. A role no instance profile holds also needs
// iam:CreateInstanceProfile and iam:AddRoleToInstanceProfile (as PMapper checks).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
//   "to launch an instance with a role, the developer must have permission to launch EC2
//   instances and permission to pass IAM roles"
import { passRoleFamily } from './passrole.js';

export const passRoleEc2 = passRoleFamily({
  id: 'passrole-ec2',
  title: 'iam:PassRole to EC2 (ec2:RunInstances)',
  docs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html'],
  principal: 'ec2.amazonaws.com',
  runs: (w, role) =>
    w.instanceProfiles.has(role.arn)
      ? [{ how: 'launch an instance with its instance profile (ec2:RunInstances)', requests: [{ request: { action: 'ec2:RunInstances' } }] }]
      : [
          {
            how: 'launch an instance with a new instance profile holding it (iam:CreateInstanceProfile, iam:AddRoleToInstanceProfile, ec2:RunInstances)',
            requests: [{ request: { action: 'iam:CreateInstanceProfile' } }, { request: { action: 'iam:AddRoleToInstanceProfile', resource: role.arn } }, { request: { action: 'ec2:RunInstances' } }],
          },
          // an instance profile may hold it outside the scenario's instances: launching with it is still the edge
          { how: 'launch an instance with an instance profile holding it (ec2:RunInstances; no instance of the scenario uses one, so this assumes the role has one)', requests: [{ request: { action: 'ec2:RunInstances' } }] },
        ],
});
