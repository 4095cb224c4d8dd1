// A few AWS-managed policies bundled so that scenarios can attach them by ARN without copying
// them (a scenario may declare any AWS-managed policy under `iam.policies` with its `arn`; a
// declared one wins). Documents as AWS publishes them:
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonS3FullAccess.html
// https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonS3ReadOnlyAccess.html
import type { PolicyDocument } from '@vpcsim/model';

/** Bundled AWS-managed policy documents by ARN. */
export const AWS_MANAGED_POLICIES: ReadonlyMap<string, PolicyDocument> = new Map<string, PolicyDocument>([
  ['arn:aws:iam::aws:policy/AdministratorAccess', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }],
  [
    'arn:aws:iam::aws:policy/PowerUserAccess',
    {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
        {
          Effect: 'Allow',
          Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions', 'account:GetAccountInformation'],
          Resource: '*',
        },
      ],
    },
  ],
  ['arn:aws:iam::aws:policy/AmazonS3FullAccess', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:*', 's3-object-lambda:*'], Resource: '*' }] }],
  [
    'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 's3:List*', 's3:Describe*', 's3-object-lambda:Get*', 's3-object-lambda:List*'], Resource: '*' }] },
  ],
]);
