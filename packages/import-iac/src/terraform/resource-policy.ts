// Resources with resource-based policies: S3 buckets (bucket policies, Block Public Access at
// bucket and account level), SQS queues and KMS keys (their policy, or an aws_kms_key_policy). A bucket the plan creates gets S3's
// creation default of today, Block Public Access on, unless the plan sets it (reported).
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
// ("new buckets ... have Block Public Access enabled by default", since April 2023)
import type { Resource } from '@vpcsim/model';
import type { TfContext, TfMapper } from './import.js';
import { tagsOf } from './network.js';
import { UNKNOWN, type TfResource } from './resource.js';
import { policyField } from '../core/source.js';

const ALL_ON = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };

function add(c: TfContext, r: TfResource, arn: string, extra: Partial<Resource> = {}): Resource {
  return c.draft.add('resources', { arn, ...(arn.startsWith('arn:aws:s3:::') && c.draft.account ? { account: c.draft.account } : arn.startsWith('arn:aws:s3:::') ? { account: '111111111111' } : {}), ...extra, ...tagsOf(r) }, r.origin()) as Resource;
}

const bucket: TfMapper = {
  phase: 0,
  map(r, c) {
    const name = r.str('bucket');
    if (!name) {
      c.draft.warn(r.origin('bucket'), 'unknown-value', `${r.address}: the bucket's name is chosen at apply time: left out`, 'give it a `bucket` name: policies name buckets by ARN');
      return;
    }
    const b = add(c, r, `arn:aws:s3:::${name}`);
    const policy = policyField(r, 'policy', 'its bucket policy');
    if (policy) b.policy = policy;
    if (r.creates && !c.all('aws_s3_bucket_public_access_block').some((x) => x.str('bucket') === name)) {
      b.blockPublicAccess = { ...ALL_ON };
      c.draft.warn(r.origin(), 'aws-default', `${r.address}: a new bucket has S3 Block Public Access on (AWS's default since April 2023); the plan does not set it`, 'add an `aws_s3_bucket_public_access_block` to say otherwise');
    }
  },
};

function bucketOf(c: TfContext, r: TfResource): Resource | undefined {
  const name = r.str('bucket');
  const b = name ? c.draft.find('resources', `arn:aws:s3:::${name}`) : undefined;
  if (!b && name) return add(c, r, `arn:aws:s3:::${name}`);
  if (!name) c.draft.warn(r.origin('bucket'), 'unknown-reference', `${r.address}: its bucket cannot be known: left out`);
  return b;
}

const bucketPolicy: TfMapper = {
  phase: 1,
  map(r, c) {
    const b = bucketOf(c, r);
    const policy = policyField(r, 'policy', 'the bucket policy');
    if (b && policy) b.policy = c.draft.from(policy, r.origin('policy'));
  },
};

const flags = (r: TfResource): Record<string, boolean> => {
  const out: Record<string, boolean> = {};
  for (const [f, k] of [['block_public_acls', 'blockPublicAcls'], ['ignore_public_acls', 'ignorePublicAcls'], ['block_public_policy', 'blockPublicPolicy'], ['restrict_public_buckets', 'restrictPublicBuckets']] as const) out[k] = r.bool(f) === true;
  return out;
};

const bucketBpa: TfMapper = {
  phase: 1,
  map(r, c) {
    const b = bucketOf(c, r);
    if (b) b.blockPublicAccess = flags(r);
  },
};

const accountBpa: TfMapper = {
  phase: 1,
  map(r, c) {
    const id = r.str('account_id') ?? c.draft.account ?? '111111111111';
    c.draft.accounts.push({ id, s3BlockPublicAccess: flags(r) });
  },
};

const queue: TfMapper = {
  phase: 0,
  map(r, c) {
    const arn = c.attrOf(r.inst, 'arn');
    if (typeof arn !== 'string') {
      c.draft.warn(r.origin('name'), 'unknown-value', `${r.address}: the queue's name is chosen at apply time: left out`);
      return;
    }
    const q = add(c, r, arn);
    const policy = policyField(r, 'policy', 'its queue policy');
    if (policy) q.policy = policy;
  },
};

const queuePolicy: TfMapper = {
  phase: 1,
  map(r, c) {
    const url = r.str('queue_url');
    const owner = url ? c.all('aws_sqs_queue').find((q) => c.attrOf(q.inst, 'url') === url) : undefined;
    const arn = owner ? (c.attrOf(owner.inst, 'arn') as string) : undefined;
    const q = arn ? c.draft.find('resources', arn) : undefined;
    const policy = policyField(r, 'policy', 'the queue policy');
    if (q && policy) q.policy = policy;
    else if (!q) c.draft.warn(r.origin('queue_url'), 'unknown-reference', `${r.address}: its queue is not in the input: left out`);
  },
};

/** A key's ARN: known, or (a key the plan creates) a stand-in made of its address. */
function keyArn(c: TfContext, k: TfResource): { arn: string; chosen: boolean } {
  const arn = k.str('arn');
  return arn ? { arn, chosen: false } : { arn: `arn:aws:kms:${c.draft.region ?? 'us-east-1'}:${c.draft.account ?? '111111111111'}:key/${k.address}`, chosen: true };
}

const key: TfMapper = {
  phase: 0,
  map(r, c) {
    const { arn, chosen } = keyArn(c, r);
    if (chosen) c.draft.warn(r.origin('arn'), 'chosen-value', `${r.address}: its key id is chosen by AWS at creation: \`${arn}\` stands for its ARN`);
    const k = add(c, r, arn);
    const policy = r.value('policy') === UNKNOWN ? undefined : policyField(r, 'policy', 'its key policy');
    if (policy) k.policy = policy;
  },
};

/**
 * `aws_kms_key_policy`: the key policy set apart from its key (`key_id`: the key's id or ARN,
 * or a reference to a key of the plan). It replaces the key's policy, the default one included.
 * https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key_policy
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
 */
const keyPolicy: TfMapper = {
  phase: 1,
  map(r, c) {
    const keys = c.all('aws_kms_key');
    const known = r.str('key_id');
    let arn: string | undefined;
    if (known !== undefined) {
      const owner = keys.find((k) => [k.str('key_id'), k.str('id'), k.str('arn')].includes(known));
      arn = owner ? keyArn(c, owner).arn : known.startsWith('arn:') ? known : `arn:aws:kms:${c.draft.region ?? 'us-east-1'}:${c.draft.account ?? '111111111111'}:key/${known}`;
    } else {
      // known only after apply: the key of the plan it refers to (reported when it cannot be followed)
      const id = r.ref('key_id', 'the key the policy is for');
      const owner = id === undefined ? undefined : keys.find((k) => k.id === id);
      if (id !== undefined && owner === undefined) c.draft.warn(r.origin('key_id'), 'unknown-reference', `${r.address}: its key \`${id}\` is not a key of the input: left out`);
      if (owner === undefined) return;
      arn = keyArn(c, owner).arn;
    }
    const policy = policyField(r, 'policy', 'the key policy');
    if (policy === undefined) return;
    const k = c.draft.find('resources', arn) ?? add(c, r, arn);
    k.policy = c.draft.from(policy, r.origin('policy'));
  },
};

/** Resource policies. */
export const RESOURCE_POLICIES: Record<string, TfMapper> = {
  aws_s3_bucket: bucket,
  aws_s3_bucket_policy: bucketPolicy,
  aws_s3_bucket_public_access_block: bucketBpa,
  aws_s3_account_public_access_block: accountBpa,
  aws_sqs_queue: queue,
  aws_sqs_queue_policy: queuePolicy,
  aws_kms_key: key,
  aws_kms_key_policy: keyPolicy,
};
