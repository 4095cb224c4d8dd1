// iam:PassRole + sagemaker:CreateNotebookInstance (or CreateTrainingJob, CreateProcessingJob):
// the notebook's or job's code runs with the execution role.
// https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html
import { passRoleFamily } from './passrole.js';

export const passRoleSageMaker = passRoleFamily({
  id: 'passrole-sagemaker',
  title: 'iam:PassRole to SageMaker (a notebook instance, training or processing job)',
  docs: ['https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html'],
  principal: 'sagemaker.amazonaws.com',
  runs: () => [
    { how: 'create a notebook instance with it (sagemaker:CreateNotebookInstance)', requests: [{ request: { action: 'sagemaker:CreateNotebookInstance' } }] },
    { how: 'create a training job with it (sagemaker:CreateTrainingJob)', requests: [{ request: { action: 'sagemaker:CreateTrainingJob' } }] },
    { how: 'create a processing job with it (sagemaker:CreateProcessingJob)', requests: [{ request: { action: 'sagemaker:CreateProcessingJob' } }] },
  ],
});
