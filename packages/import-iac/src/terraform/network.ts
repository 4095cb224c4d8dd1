// VPCs, their secondary blocks and subnets.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/subnet
// https://docs.aws.amazon.com/vpc/latest/userguide/configure-subnets.html
import type { Subnet, Vpc } from '@vpcsim/model';
import type { TfContext, TfMapper } from './import.js';
import type { TfResource } from './resource.js';

/** Known string tags of a resource. */
export function tagsOf(r: TfResource): { tags?: Record<string, string> } {
  const t = r.value('tags');
  if (t === null || typeof t !== 'object' || Array.isArray(t)) return {};
  const out = Object.fromEntries(Object.entries(t as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return Object.keys(out).length ? { tags: out } : {};
}

/** Reports a required value the plan does not know, and returns undefined. */
export function missing(r: TfResource, field: string, what: string): undefined {
  r.w.draft.warn(r.origin(field), 'unknown-value', `${r.address}: ${what} (\`${field}\`) is ${r.isUnknown(field) ? 'known only after apply' : 'not set'}: the ${r.type.replace(/^aws_/, '').replace(/_/g, ' ')} is left out`);
  return undefined;
}

const vpc: TfMapper = {
  phase: 0,
  map(r, c) {
    const cidr = r.str('cidr_block') ?? missing(r, 'cidr_block', 'its IPv4 block');
    if (!cidr) return;
    const v: Vpc = { id: r.id, cidr, ...tagsOf(r) };
    const ipv6 = r.str('ipv6_cidr_block');
    if (ipv6) v.ipv6Cidr = ipv6;
    else if (r.bool('assign_generated_ipv6_cidr_block')) c.draft.warn(r.origin('ipv6_cidr_block'), 'unknown-value', `${r.address}: its Amazon-provided IPv6 block is known only after apply: left out (traces use IPv4)`);
    const dns = r.bool('enable_dns_support');
    if (dns === false) v.enableDnsSupport = false;
    if (r.bool('enable_dns_hostnames') === true) v.enableDnsHostnames = true;
    c.draft.add('vpcs', v, r.origin());
  },
};

const cidrAssociation: TfMapper = {
  phase: 1,
  map(r, c) {
    const id = r.ref('vpc_id', 'the VPC');
    const cidr = r.str('cidr_block');
    const v = id ? c.draft.find('vpcs', id) : undefined;
    if (!v || !cidr) return;
    v.secondaryCidrs = [...(v.secondaryCidrs ?? []), cidr];
  },
};

const subnet: TfMapper = {
  phase: 0,
  map(r, c) {
    const vpcId = r.ref('vpc_id', 'its VPC');
    const cidr = r.str('cidr_block') ?? missing(r, 'cidr_block', 'its IPv4 block');
    if (!vpcId || !cidr) return;
    let az = r.str('availability_zone');
    if (!az) {
      az = `${c.draft.region ?? 'us-east-1'}a`;
      c.draft.warn(r.origin('availability_zone'), 'chosen-value', `${r.address}: its availability zone is chosen by AWS at apply time: \`${az}\` stands for it`);
    }
    const s: Subnet = { id: r.id, vpc: vpcId, availabilityZone: az, cidr, ...tagsOf(r) };
    const ipv6 = r.str('ipv6_cidr_block');
    if (ipv6) s.ipv6Cidr = ipv6;
    if (r.bool('map_public_ip_on_launch') === true) s.mapPublicIpOnLaunch = true;
    c.draft.add('subnets', s, r.origin());
  },
};

/**
 * Data sources of existing VPCs and subnets (`data "aws_vpc"`, `data "aws_subnet"`): what the
 * plan read of them is declared, so resources created in them keep their place.
 */
export const NETWORK_DATA: Record<string, TfMapper> = {
  aws_vpc: { phase: 0, map: (r, c) => (r.str('cidr_block') ? vpc.map(r, c) : undefined) },
  aws_subnet: { phase: 0, map: (r, c) => (r.str('cidr_block') && r.str('vpc_id') ? subnet.map(r, c) : undefined) },
};

/** VPCs and subnets. */
export const NETWORK: Record<string, TfMapper> = { aws_vpc: vpc, aws_vpc_ipv4_cidr_block_association: cidrAssociation, aws_subnet: subnet };

/** The subnet of this scenario id, if declared. */
export const subnetOf = (c: TfContext, id: string | undefined): Subnet | undefined => (id ? c.draft.find('subnets', id) : undefined);
