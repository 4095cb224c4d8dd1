// iam:PassRole + cloudformation:CreateStack with the role as the stack's service role:
// CloudFormation then creates whatever the template says with the role's permissions.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html
//   (a user who can pass a service role and create stacks can perform the role's actions)
import { passRoleFamily } from './passrole.js';

export const passRoleCloudFormation = passRoleFamily({
  id: 'passrole-cloudformation',
  title: 'iam:PassRole to CloudFormation (cloudformation:CreateStack)',
  docs: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html'],
  principal: 'cloudformation.amazonaws.com',
  runs: (_w, role) => [{ how: 'create a stack with it as the service role (cloudformation:CreateStack)', requests: [{ request: { action: 'cloudformation:CreateStack', context: { 'cloudformation:RoleArn': role.arn } } }] }],
});
