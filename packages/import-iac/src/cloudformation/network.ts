// VPCs, secondary blocks and subnets.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-vpc.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-subnet.html
import type { Subnet } from '@vpcsim/model';
import type { CfnMapper } from './import.js';
import type { CfnResource } from './resource.js';

/** Tags (`[{ Key, Value }]`) as a map. */
export function cfnTags(r: CfnResource): { tags?: Record<string, string> } {
  const v = r.value('Tags');
  if (!Array.isArray(v)) return {};
  const out: Record<string, string> = {};
  for (const t of v) if (t && typeof t === 'object' && typeof (t as { Key?: unknown }).Key === 'string' && typeof (t as { Value?: unknown }).Value === 'string') out[(t as { Key: string }).Key] = (t as { Value: string }).Value;
  return Object.keys(out).length ? { tags: out } : {};
}

/** Reports a required property that cannot be known, and returns undefined. */
export function cfnMissing(r: CfnResource, field: string, what: string): undefined {
  r.w.draft.warn(r.origin(field), 'unknown-value', `${r.logicalId}: ${what} (\`${field}\`) is ${r.value(field) === undefined ? 'not set' : 'not known before deployment'}: left out`);
  return undefined;
}

const vpc: CfnMapper = {
  phase: 0,
  map(r, c) {
    const cidr = r.str('CidrBlock') ?? cfnMissing(r, 'CidrBlock', 'its IPv4 block');
    if (!cidr) return;
    c.draft.add('vpcs', { id: r.id, cidr, ...(r.bool('EnableDnsSupport') === false ? { enableDnsSupport: false } : {}), ...(r.bool('EnableDnsHostnames') ? { enableDnsHostnames: true } : {}), ...cfnTags(r) }, r.origin());
  },
};

const cidrBlock: CfnMapper = {
  phase: 1,
  map(r, c) {
    const v = c.draft.find('vpcs', r.ref('VpcId', 'the VPC') ?? '');
    const cidr = r.str('CidrBlock');
    if (v && cidr) v.secondaryCidrs = [...(v.secondaryCidrs ?? []), cidr];
  },
};

const subnet: CfnMapper = {
  phase: 0,
  map(r, c) {
    const vpc = r.ref('VpcId', 'its VPC');
    const cidr = r.str('CidrBlock') ?? cfnMissing(r, 'CidrBlock', 'its IPv4 block');
    if (!vpc || !cidr) return;
    let az = r.str('AvailabilityZone');
    if (!az) {
      az = `${c.scope.region}a`;
      c.draft.warn(r.origin('AvailabilityZone'), 'chosen-value', `${r.logicalId}: its availability zone is chosen by AWS at deployment: \`${az}\` stands for it`);
    }
    const s: Subnet = { id: r.id, vpc, availabilityZone: az, cidr, ...cfnTags(r) };
    if (r.bool('MapPublicIpOnLaunch')) s.mapPublicIpOnLaunch = true;
    c.draft.add('subnets', s, r.origin());
  },
};

/** VPCs and subnets. */
export const CFN_NETWORK: Record<string, CfnMapper> = { 'AWS::EC2::VPC': vpc, 'AWS::EC2::VPCCidrBlock': cidrBlock, 'AWS::EC2::Subnet': subnet };
