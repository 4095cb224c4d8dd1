// Security groups with inline rules, `aws_security_group_rule`, `aws_vpc_security_group_
// ingress_rule`/`_egress_rule` and the VPC's default group. Terraform's own default is not AWS's:
// a group Terraform creates has no egress rule unless one is declared (the provider removes AWS's
// allow-all egress rule), so an absent egress list is imported as empty.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/security_group_rule
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_security_group_ingress_rule
// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
import type { SecurityGroup, SecurityGroupRule } from '@vpcsim/model';
import { portFields, protocolOf } from '../core/rules.js';
import { standInVpc } from '../core/stand-in.js';
import type { TfContext, TfMapper } from './import.js';
import { tagsOf } from './network.js';
import type { TfResource } from './resource.js';
import { pushAll } from '@vpcsim/model';

/** The scenario rules of one provider rule: one per peer (CIDR, IPv6 CIDR, prefix list, group, self). */
function rulesOf(
  r: TfResource,
  where: string,
  x: { protocol: unknown; from: unknown; to: unknown; cidrs: string[]; prefixLists: string[]; groups: string[]; self: boolean; description?: string | undefined },
  self: string,
): SecurityGroupRule[] {
  const protocol = protocolOf(x.protocol);
  if (protocol === undefined) {
    r.w.draft.warn(r.origin(), 'unknown-value', `${r.address}: ${where} has no known protocol: left out`);
    return [];
  }
  const base = { protocol, ...portFields(protocol, x.from, x.to), ...(x.description ? { description: x.description } : {}) };
  const out: SecurityGroupRule[] = [
    ...x.cidrs.map((cidr) => ({ ...base, cidr })),
    ...x.prefixLists.map((prefixList) => ({ ...base, prefixList })),
    ...x.groups.map((securityGroup) => ({ ...base, securityGroup })),
    ...(x.self ? [{ ...base, securityGroup: self }] : []),
  ];
  if (out.length === 0) r.w.draft.warn(r.origin(), 'unknown-value', `${r.address}: ${where} names no peer (CIDR, prefix list or group) known before apply: left out`);
  return out;
}

function inline(r: TfResource, field: 'ingress' | 'egress', self: string): SecurityGroupRule[] {
  return r.blocks(field).flatMap((b, i) =>
    rulesOf(r, `${field}[${i}]`, { protocol: b.value('protocol'), from: b.value('from_port'), to: b.value('to_port'), cidrs: [...b.list('cidr_blocks'), ...b.list('ipv6_cidr_blocks')], prefixLists: b.list('prefix_list_ids'), groups: b.list('security_groups'), self: b.bool('self') === true, description: b.str('description') }, self),
  );
}

function declare(c: TfContext, r: TfResource, id: string, vpc: string, isDefault: boolean): void {
  const g: SecurityGroup = { id, vpc, ...(typeof r.value('name') === 'string' ? { name: r.value('name') as string } : {}), ...(isDefault ? { default: true } : {}), inbound: inline(r, 'ingress', id), outbound: inline(r, 'egress', id), ...tagsOf(r) };
  c.draft.add('securityGroups', g, r.origin());
}

const group: TfMapper = {
  phase: 1,
  map(r, c) {
    const vpc = r.ref('vpc_id', 'its VPC', false);
    if (!vpc) {
      c.draft.warn(r.origin('vpc_id'), 'not-modelled', `${r.address}: a security group without a known VPC (the region's default VPC) is not imported`, 'set `vpc_id`');
      return;
    }
    if (!c.draft.find('vpcs', vpc)) standInVpc(c, vpc, r.origin('vpc_id'));
    declare(c, r, r.id, vpc, false);
  },
};

const defaultGroup: TfMapper = {
  phase: 1,
  map(r, c) {
    const vpc = r.ref('vpc_id', 'its VPC');
    if (vpc) declare(c, r, `${vpc}/default-sg`, vpc, true);
  },
};

function addRules(c: TfContext, r: TfResource, field: string, dir: 'inbound' | 'outbound', rules: SecurityGroupRule[]): void {
  const id = r.ref(field, 'the security group');
  const g = id ? c.draft.find('securityGroups', id) : undefined;
  if (!g) {
    if (id) c.draft.warn(r.origin(field), 'unknown-reference', `${r.address}: security group \`${id}\` is not in the input: the rule is left out`);
    return;
  }
  g[dir] = [...(g[dir] ?? []), ...rules.map((x) => c.draft.from({ ...x, ...(x.securityGroup === '' ? { securityGroup: g.id } : {}) }, r.origin()))];
}

const rule: TfMapper = {
  phase: 1,
  map(r, c) {
    const dir = r.str('type') === 'egress' ? 'outbound' : 'inbound';
    const groups = typeof r.value('source_security_group_id') === 'string' ? [r.ref('source_security_group_id', 'the source group') ?? []].flat() : [];
    const rules = rulesOf(r, 'the rule', { protocol: r.value('protocol'), from: r.value('from_port'), to: r.value('to_port'), cidrs: [...strs(r.value('cidr_blocks')), ...strs(r.value('ipv6_cidr_blocks'))], prefixLists: strs(r.value('prefix_list_ids')), groups, self: r.bool('self') === true, description: r.str('description') }, '');
    if (r.isUnknown('source_security_group_id') && r.written('source_security_group_id')) {
      const src = r.ref('source_security_group_id', 'the source group', false);
      if (src) pushAll(rules, rulesOf(r, 'the rule', { protocol: r.value('protocol'), from: r.value('from_port'), to: r.value('to_port'), cidrs: [], prefixLists: [], groups: [src], self: false }, ''));
    }
    addRules(c, r, 'security_group_id', dir, rules);
  },
};

const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

function vpcRule(dir: 'inbound' | 'outbound'): TfMapper {
  return {
    phase: 1,
    map(r, c) {
      const peer = r.value('referenced_security_group_id') !== undefined || r.isUnknown('referenced_security_group_id') ? r.ref('referenced_security_group_id', 'the referenced group', false) : undefined;
      const rules = rulesOf(r, 'the rule', { protocol: r.value('ip_protocol'), from: r.value('from_port'), to: r.value('to_port'), cidrs: [r.str('cidr_ipv4'), r.str('cidr_ipv6')].filter((x): x is string => !!x), prefixLists: [r.str('prefix_list_id')].filter((x): x is string => !!x), groups: peer ? [peer] : [], self: false, description: r.str('description') }, '');
      addRules(c, r, 'security_group_id', dir, rules);
    },
  };
}

/** Security groups and their rules. */
export const SECURITY_GROUPS: Record<string, TfMapper> = {
  aws_security_group: group,
  aws_default_security_group: defaultGroup,
  aws_security_group_rule: rule,
  aws_vpc_security_group_ingress_rule: vpcRule('inbound'),
  aws_vpc_security_group_egress_rule: vpcRule('outbound'),
};
