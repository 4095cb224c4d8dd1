// AWS-managed prefix lists of the gateway-endpoint services (S3, DynamoDB), per region.
// A bundled snapshot of AWS's published ranges (ip-ranges.json, services S3 and DYNAMODB),
// abridged to the principal blocks of a few regions; a scenario overrides a list by declaring
// a prefix list with the same id (`pl-s3`, `pl-dynamodb`). For a region not in the snapshot the
// list is built from a documentation placeholder block and the model warns.
// https://docs.aws.amazon.com/vpc/latest/userguide/aws-ip-ranges.html
// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html

/** Snapshot: region → service → CIDR blocks. */
export const AWS_SERVICE_RANGES: Readonly<Record<string, Readonly<Record<'s3' | 'dynamodb', readonly string[]>>>> = {
  'us-east-1': {
    s3: ['3.5.0.0/19', '16.182.0.0/16', '18.34.0.0/19', '52.216.0.0/15', '54.231.0.0/16'],
    dynamodb: ['3.218.180.0/22', '35.71.64.0/22', '52.94.0.0/22', '52.119.224.0/20'],
  },
  'us-east-2': {
    s3: ['3.5.128.0/22', '16.12.64.0/22', '52.219.80.0/20', '52.219.96.0/20'],
    dynamodb: ['3.218.0.0/24', '52.94.4.0/24'],
  },
  'us-west-2': {
    s3: ['3.5.76.0/22', '18.34.48.0/20', '52.92.128.0/17', '52.218.128.0/17'],
    dynamodb: ['35.71.72.0/22', '52.94.8.0/24', '52.119.176.0/20'],
  },
  'eu-west-1': {
    s3: ['3.5.64.0/21', '52.92.0.0/17', '52.218.0.0/17'],
    dynamodb: ['35.71.100.0/24', '52.94.24.0/23', '52.119.240.0/21'],
  },
  'eu-central-1': {
    s3: ['3.5.134.0/23', '52.219.72.0/22', '52.219.140.0/24'],
    dynamodb: ['35.71.104.0/24', '52.94.17.0/24', '52.119.252.0/22'],
  },
  'ap-southeast-2': {
    s3: ['3.5.164.0/22', '52.95.128.0/21'],
    dynamodb: ['52.94.9.0/24'],
  },
};

/** Ids under which scenarios reference the managed lists. */
export const AWS_MANAGED_PREFIX_LIST_IDS: Readonly<Record<string, 's3' | 'dynamodb'>> = { 'pl-s3': 's3', 'pl-dynamodb': 'dynamodb' };

/** Placeholder ranges for regions outside the snapshot (TEST-NET-style, never routed). */
export const UNKNOWN_REGION_RANGES: Readonly<Record<'s3' | 'dynamodb', readonly string[]>> = {
  s3: ['198.18.0.0/24'],
  dynamodb: ['198.18.1.0/24'],
};
