// iam:PassRole + ecs:RegisterTaskDefinition + ecs:RunTask: a task definition naming the role
// as its task role; the task's containers get the role's credentials.
// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
//   (the task role is assumed by ecs-tasks.amazonaws.com; registering a task definition with
//   a task role needs iam:PassRole)
import { passRoleFamily } from './passrole.js';

export const passRoleEcs = passRoleFamily({
  id: 'passrole-ecs',
  title: 'iam:PassRole to ECS (ecs:RegisterTaskDefinition, ecs:RunTask)',
  docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html'],
  principal: 'ecs-tasks.amazonaws.com',
  runs: () => [{ how: 'run a task with it as the task role (ecs:RegisterTaskDefinition, ecs:RunTask)', requests: [{ request: { action: 'ecs:RegisterTaskDefinition' } }, { request: { action: 'ecs:RunTask' } }] }],
});
