// Resources with resource-based policies (S3 buckets, KMS keys, SQS queues, ...).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html
import { z } from 'zod';
import { AccountId, Region, Tags } from './common.js';
import { S3BlockPublicAccess } from './organization.js';
import { PolicyDocument } from './policy.js';

/** A resource, named by ARN, with its owner and optional resource-based policy. */
export const Resource = z.strictObject({
  arn: z.string().regex(/^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/, 'an ARN looks like `arn:aws:s3:::bucket`'),
  account: AccountId.optional().meta({ description: 'owner; required when the ARN has no account' }),
  region: Region.optional(),
  policy: PolicyDocument.optional(),
  blockPublicAccess: S3BlockPublicAccess.optional(),
  tags: Tags.optional(),
});
export type Resource = z.infer<typeof Resource>;
