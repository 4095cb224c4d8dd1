// Security groups with inline rules, and `SecurityGroupIngress`/`SecurityGroupEgress` resources
// (merged into their group). CloudFormation keeps AWS's default: a group declared without
// `SecurityGroupEgress` allows all outbound traffic.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroup.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-securitygroupingress.html
import type { SecurityGroup, SecurityGroupRule } from '@vpcsim/model';
import { portFields, protocolOf } from '../core/rules.js';
import { standInVpc } from '../core/stand-in.js';
import type { CfnContext, CfnMapper } from './import.js';
import { cfnTags } from './network.js';
import type { CfnResource } from './resource.js';

/** One rule object (inline or a resource's properties) as scenario rules. */
function ruleOf(c: CfnContext, r: CfnResource, get: (f: string) => unknown, where: string, peerField: 'SourceSecurityGroupId' | 'DestinationSecurityGroupId'): SecurityGroupRule[] {
  const protocol = protocolOf(get('IpProtocol'));
  if (protocol === undefined) {
    c.draft.warn(r.origin(), 'unknown-value', `${r.logicalId}: ${where} has no known protocol: left out`);
    return [];
  }
  const base = { protocol, ...portFields(protocol, get('FromPort'), get('ToPort')), ...(typeof get('Description') === 'string' ? { description: get('Description') as string } : {}) };
  const out: SecurityGroupRule[] = [];
  for (const f of ['CidrIp', 'CidrIpv6']) if (typeof get(f) === 'string') out.push({ ...base, cidr: get(f) as string });
  const pl = get(peerField === 'SourceSecurityGroupId' ? 'SourcePrefixListId' : 'DestinationPrefixListId');
  if (typeof pl === 'string') out.push({ ...base, prefixList: pl });
  const sg = get(peerField) ?? get(peerField === 'SourceSecurityGroupId' ? 'SourceSecurityGroupName' : '');
  if (typeof sg === 'string') out.push({ ...base, securityGroup: sg });
  if (out.length === 0) c.draft.warn(r.origin(), 'unknown-value', `${r.logicalId}: ${where} names no peer known before deployment: left out`);
  return out;
}

const group: CfnMapper = {
  phase: 0,
  map(r, c) {
    const vpc = r.ref('VpcId', 'its VPC', false);
    if (!vpc) {
      c.draft.warn(r.origin('VpcId'), 'not-modelled', `${r.logicalId}: a security group without a known VPC (EC2-Classic or the default VPC) is not imported`);
      return;
    }
    if (!c.get(vpc) && !c.draft.find('vpcs', vpc)) standInVpc(c, vpc, r.origin('VpcId'));
    const g: SecurityGroup = { id: r.id, vpc, ...(r.str('GroupName') ? { name: r.str('GroupName')! } : {}), ...cfnTags(r) };
    g.inbound = r.items('SecurityGroupIngress').flatMap((x, i) => ruleOf(c, r, x.get, `SecurityGroupIngress[${i}]`, 'SourceSecurityGroupId'));
    if (r.value('SecurityGroupEgress') !== undefined) g.outbound = r.items('SecurityGroupEgress').flatMap((x, i) => ruleOf(c, r, x.get, `SecurityGroupEgress[${i}]`, 'DestinationSecurityGroupId'));
    c.draft.add('securityGroups', g, r.origin());
  },
};

function separate(dir: 'inbound' | 'outbound'): CfnMapper {
  return {
    phase: 1,
    map(r, c) {
      const id = r.ref('GroupId', 'the security group');
      const g = id ? c.draft.find('securityGroups', id) : undefined;
      if (!g) {
        if (id) c.draft.warn(r.origin('GroupId'), 'unknown-reference', `${r.logicalId}: security group \`${id}\` is not in the template: the rule is left out`);
        return;
      }
      const rules = ruleOf(c, r, (f) => r.value(f), 'the rule', dir === 'inbound' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId');
      // the first egress rule replaces AWS's default allow-all egress
      g[dir] = [...(g[dir] ?? []), ...rules.map((x) => c.draft.from(x, r.origin()))];
    },
  };
}

/** Security groups. */
export const CFN_SECURITY_GROUPS: Record<string, CfnMapper> = { 'AWS::EC2::SecurityGroup': group, 'AWS::EC2::SecurityGroupIngress': separate('inbound'), 'AWS::EC2::SecurityGroupEgress': separate('outbound') };
