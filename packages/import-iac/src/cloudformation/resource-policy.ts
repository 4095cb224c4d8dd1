// Buckets (bucket policies, Block Public Access: on for a new bucket unless the template sets
// `PublicAccessBlockConfiguration`), queues with queue policies, and KMS keys with key policies.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucketpolicy.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
import type { Resource } from '@vpcsim/model';
import type { CfnContext, CfnMapper } from './import.js';
import { cfnTags } from './network.js';
import type { CfnResource } from './resource.js';
import { cfnPolicy } from './vpc-endpoint.js';

function add(c: CfnContext, r: CfnResource, arn: string): Resource {
  return c.draft.add('resources', { arn, ...(arn.startsWith('arn:aws:s3:::') ? { account: c.scope.account } : {}), ...cfnTags(r) }, r.origin()) as Resource;
}

const bucket: CfnMapper = {
  phase: 0,
  map(r, c) {
    const arn = c.scope.getAtt(r.logicalId, 'Arn') as string;
    const b = add(c, r, arn);
    const cfg = r.value('PublicAccessBlockConfiguration') as Record<string, unknown> | undefined;
    if (cfg && typeof cfg === 'object') {
      b.blockPublicAccess = { blockPublicAcls: cfg.BlockPublicAcls === true, ignorePublicAcls: cfg.IgnorePublicAcls === true, blockPublicPolicy: cfg.BlockPublicPolicy === true, restrictPublicBuckets: cfg.RestrictPublicBuckets === true };
    } else {
      b.blockPublicAccess = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
      c.draft.warn(r.origin(), 'aws-default', `${r.logicalId}: a new bucket has S3 Block Public Access on (AWS's default since April 2023); the template does not set \`PublicAccessBlockConfiguration\``);
    }
  },
};

const bucketPolicy: CfnMapper = {
  phase: 1,
  map(r, c) {
    const name = r.str('Bucket');
    const doc = cfnPolicy(r, 'PolicyDocument', 'the bucket policy');
    if (!name || !doc) return;
    const arn = `arn:aws:s3:::${name}`;
    (c.draft.find('resources', arn) ?? add(c, r, arn)).policy = c.draft.from(doc, r.origin('PolicyDocument'));
  },
};

const queue: CfnMapper = { phase: 0, map: (r, c) => void add(c, r, c.scope.getAtt(r.logicalId, 'Arn') as string) };

const queuePolicy: CfnMapper = {
  phase: 1,
  map(r, c) {
    const doc = cfnPolicy(r, 'PolicyDocument', 'the queue policy');
    for (const url of Array.isArray(r.value('Queues')) ? (r.value('Queues') as unknown[]) : []) {
      const q = c.all('AWS::SQS::Queue').find((x) => c.scope.ref(x.logicalId) === url);
      const res = q ? c.draft.find('resources', c.scope.getAtt(q.logicalId, 'Arn') as string) : undefined;
      if (res && doc) res.policy = doc;
      else if (!res) c.draft.warn(r.origin('Queues'), 'unknown-reference', `${r.logicalId}: queue \`${String(url)}\` is not in the template: left out`);
    }
  },
};

const key: CfnMapper = {
  phase: 0,
  map(r, c) {
    const arn = c.scope.getAtt(r.logicalId, 'Arn') as string;
    c.draft.warn(r.origin(), 'chosen-value', `${r.logicalId}: its key id is chosen by AWS at creation: \`${arn}\` stands for its ARN`);
    const k = add(c, r, arn);
    const doc = cfnPolicy(r, 'KeyPolicy', 'its key policy');
    if (doc) k.policy = doc;
  },
};

/** Resource policies. */
export const CFN_RESOURCE_POLICIES: Record<string, CfnMapper> = {
  'AWS::S3::Bucket': bucket,
  'AWS::S3::BucketPolicy': bucketPolicy,
  'AWS::SQS::Queue': queue,
  'AWS::SQS::QueuePolicy': queuePolicy,
  'AWS::KMS::Key': key,
};
