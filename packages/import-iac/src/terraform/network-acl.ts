// Network ACLs with inline rules, `aws_network_acl_rule`, associations and the VPC's default
// ACL. A network ACL Terraform creates holds only the rules it declares (and AWS's final `*`
// deny); rule resources are merged into their ACL.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/network_acl
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/network_acl_rule
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
import type { NetworkAcl, NetworkAclRule } from '@vpcsim/model';
import { aclRule } from '../core/rules.js';
import type { TfContext, TfMapper } from './import.js';
import { tagsOf } from './network.js';
import type { TfBlock, TfResource } from './resource.js';

function blockRule(b: TfBlock, r: TfResource, where: string): NetworkAclRule | undefined {
  const x = aclRule({ rule: b.value('rule_no'), protocol: b.value('protocol'), action: b.value('action'), cidr: b.str('cidr_block') ?? b.str('ipv6_cidr_block'), from: b.value('from_port'), to: b.value('to_port'), icmpType: b.value('icmp_type'), icmpCode: b.value('icmp_code') });
  if (!x) r.w.draft.warn(r.origin(), 'unknown-value', `${r.address}: ${where} lacks a known rule number, protocol, action or CIDR: left out`);
  return x;
}

function associate(c: TfContext, r: TfResource, acl: string, subnets: string[]): void {
  for (const id of subnets) {
    const s = c.draft.find('subnets', id);
    if (s) s.networkAcl = acl;
    else c.draft.warn(r.origin('subnet_ids'), 'unknown-reference', `${r.address}: subnet \`${id}\` is not in the plan: its association is left out`);
  }
}

function declare(c: TfContext, r: TfResource, id: string, vpc: string, isDefault: boolean): void {
  const inbound = r.blocks('ingress').flatMap((b, i) => blockRule(b, r, `ingress[${i}]`) ?? []);
  const outbound = r.blocks('egress').flatMap((b, i) => blockRule(b, r, `egress[${i}]`) ?? []);
  const a: NetworkAcl = { id, vpc, ...(isDefault ? { default: true } : {}), inbound, outbound, ...tagsOf(r) };
  c.draft.add('networkAcls', a, r.origin());
  associate(c, r, id, r.refs('subnet_ids', 'its subnets'));
}

const acl: TfMapper = {
  phase: 1,
  map(r, c) {
    const vpc = r.ref('vpc_id', 'its VPC');
    if (vpc) declare(c, r, r.id, vpc, false);
  },
};

const defaultAcl: TfMapper = {
  phase: 1,
  map(r, c) {
    const id = r.ref('default_network_acl_id', "the VPC's default network ACL");
    const vpc = id ? /^(.*)\/default-acl$/.exec(id)?.[1] ?? c.draft.lists.vpcs.find((v) => id === `${v.id}/default-acl`)?.id : undefined;
    if (!id || !vpc) return;
    declare(c, r, id, vpc, true);
  },
};

const rule: TfMapper = {
  phase: 2,
  map(r, c) {
    const id = r.ref('network_acl_id', 'the network ACL');
    const a = id ? c.draft.find('networkAcls', id) : undefined;
    if (!a) {
      if (id) c.draft.warn(r.origin('network_acl_id'), 'unknown-reference', `${r.address}: network ACL \`${id}\` is not in the plan: the rule is left out`);
      return;
    }
    const x = aclRule({ rule: r.value('rule_number'), protocol: r.value('protocol'), action: r.value('rule_action'), cidr: r.str('cidr_block') ?? r.str('ipv6_cidr_block'), from: r.value('from_port'), to: r.value('to_port'), icmpType: r.value('icmp_type'), icmpCode: r.value('icmp_code') });
    if (!x) {
      c.draft.warn(r.origin(), 'unknown-value', `${r.address}: the rule lacks a known number, protocol, action or CIDR: left out`);
      return;
    }
    const dir = r.bool('egress') ? 'outbound' : 'inbound';
    a[dir] = [...(a[dir] ?? []), c.draft.from(x, r.origin())];
  },
};

const association: TfMapper = {
  phase: 2,
  map(r, c) {
    const id = r.ref('network_acl_id', 'the network ACL');
    const subnet = r.ref('subnet_id', 'the subnet');
    if (id && subnet) associate(c, r, id, [subnet]);
  },
};

/** Network ACLs and their rules. */
export const NETWORK_ACLS: Record<string, TfMapper> = { aws_network_acl: acl, aws_default_network_acl: defaultAcl, aws_network_acl_rule: rule, aws_network_acl_association: association };
