// iam:PassRole + lambda:CreateFunction, then lambda:InvokeFunction (or an event source mapping
// that invokes it): the function's code runs with the execution role's permissions.
// https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
//   "To create an execution role ... users need iam:PassRole permission"; the function assumes
//   the role when invoked.
import { passRoleFamily } from './passrole.js';

export const passRoleLambda = passRoleFamily({
  id: 'passrole-lambda',
  title: 'iam:PassRole to Lambda (lambda:CreateFunction, lambda:InvokeFunction)',
  docs: ['https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html'],
  principal: 'lambda.amazonaws.com',
  runs: () => [
    { how: 'create a function with it and invoke it (lambda:CreateFunction, lambda:InvokeFunction)', requests: [{ request: { action: 'lambda:CreateFunction' } }, { request: { action: 'lambda:InvokeFunction' } }] },
    { how: 'create a function with it and an event source mapping that runs it (lambda:CreateFunction, lambda:CreateEventSourceMapping)', requests: [{ request: { action: 'lambda:CreateFunction' } }, { request: { action: 'lambda:CreateEventSourceMapping' } }] },
  ],
});
