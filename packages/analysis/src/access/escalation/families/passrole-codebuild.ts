// iam:PassRole + codebuild:CreateProject + codebuild:StartBuild: the build runs its buildspec
// with the project's service role.
// https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html
import { passRoleFamily } from './passrole.js';

export const passRoleCodeBuild = passRoleFamily({
  id: 'passrole-codebuild',
  title: 'iam:PassRole to CodeBuild (codebuild:CreateProject, codebuild:StartBuild)',
  docs: ['https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html'],
  principal: 'codebuild.amazonaws.com',
  runs: () => [{ how: 'create a project with it and start a build (codebuild:CreateProject, codebuild:StartBuild)', requests: [{ request: { action: 'codebuild:CreateProject' } }, { request: { action: 'codebuild:StartBuild' } }] }],
});
