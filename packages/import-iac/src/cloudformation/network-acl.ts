// Network ACLs, their entries (merged into the ACL) and subnet associations.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-networkaclentry.html
import { aclRule } from '../core/rules.js';
import type { CfnMapper } from './import.js';
import { cfnTags } from './network.js';

const acl: CfnMapper = {
  phase: 0,
  map(r, c) {
    const vpc = r.ref('VpcId', 'its VPC');
    if (vpc) c.draft.add('networkAcls', { id: r.id, vpc, inbound: [], outbound: [], ...cfnTags(r) }, r.origin());
  },
};

const entry: CfnMapper = {
  phase: 1,
  map(r, c) {
    const a = c.draft.find('networkAcls', r.ref('NetworkAclId', 'the network ACL') ?? '');
    if (!a) return;
    const range = r.value('PortRange') as { From?: unknown; To?: unknown } | undefined;
    const icmp = r.value('Icmp') as { Type?: unknown; Code?: unknown } | undefined;
    const x = aclRule({ rule: r.value('RuleNumber'), protocol: r.value('Protocol'), action: r.value('RuleAction'), cidr: r.str('CidrBlock') ?? r.str('Ipv6CidrBlock'), from: range?.From, to: range?.To, icmpType: icmp?.Type, icmpCode: icmp?.Code });
    if (!x) {
      c.draft.warn(r.origin(), 'unknown-value', `${r.logicalId}: the entry lacks a known number, protocol, action or CIDR: left out`);
      return;
    }
    const dir = r.bool('Egress') ? 'outbound' : 'inbound';
    a[dir] = [...(a[dir] ?? []), c.draft.from(x, r.origin())];
  },
};

const association: CfnMapper = {
  phase: 1,
  map(r, c) {
    const s = c.draft.find('subnets', r.ref('SubnetId', 'the subnet') ?? '');
    const a = r.ref('NetworkAclId', 'the network ACL');
    if (s && a) s.networkAcl = a;
  },
};

/** Network ACLs. */
export const CFN_NETWORK_ACLS: Record<string, CfnMapper> = { 'AWS::EC2::NetworkAcl': acl, 'AWS::EC2::NetworkAclEntry': entry, 'AWS::EC2::SubnetNetworkAclAssociation': association };
