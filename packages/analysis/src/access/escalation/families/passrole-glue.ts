// iam:PassRole + glue:CreateDevEndpoint (or glue:CreateJob + glue:StartJobRun): Glue runs the
// endpoint's or job's code with the role.
// https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html
// https://docs.aws.amazon.com/glue/latest/dg/attach-policy-iam-user.html (iam:PassRole for Glue)
import { passRoleFamily } from './passrole.js';

export const passRoleGlue = passRoleFamily({
  id: 'passrole-glue',
  title: 'iam:PassRole to Glue (glue:CreateDevEndpoint, or glue:CreateJob and glue:StartJobRun)',
  docs: ['https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html', 'https://docs.aws.amazon.com/glue/latest/dg/attach-policy-iam-user.html'],
  principal: 'glue.amazonaws.com',
  runs: () => [
    { how: 'create a development endpoint with it (glue:CreateDevEndpoint)', requests: [{ request: { action: 'glue:CreateDevEndpoint' } }] },
    { how: 'create and start a job with it (glue:CreateJob, glue:StartJobRun)', requests: [{ request: { action: 'glue:CreateJob' } }, { request: { action: 'glue:StartJobRun' } }] },
  ],
});
