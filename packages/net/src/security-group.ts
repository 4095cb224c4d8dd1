// Security groups: stateful allow lists on an interface. All groups of an interface are
// unioned; what no rule allows is denied; the reply of an allowed flow is allowed whatever the
// rules say. A rule's peer is a CIDR, a prefix list, or a security group: a group reference
// matches the private addresses of the interfaces that carry that group, in the same VPC or in
// a peered VPC of the same region; traffic that arrives through a public IP or a NAT carries a
// translated source, so a reference does not match it.
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
// https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html
import type { Model, SecurityGroupRule } from '@vpcsim/model';
import { blockOfText, inAnyBlock, inBlock, prefixListBlocks, type BlockC, type CompiledNetwork, type IfaceC } from './compile-network.js';
import { compileTraffic, trafficMatches, type Packet, type TrafficC } from './traffic.js';

export interface SgRuleC {
  /** The group the rule belongs to. */
  readonly group: string;
  readonly index: number;
  readonly traffic: TrafficC;
  readonly cidr: BlockC | undefined;
  /** Prefix-list blocks; empty when the list does not exist in the group's region. */
  readonly prefixList: readonly BlockC[] | undefined;
  readonly securityGroup: string | undefined;
  /** `#2  TCP  443  10.0.0.0/16`. */
  readonly text: string;
}

export function compileSgRules(model: Model, group: string, rules: readonly SecurityGroupRule[], region: string): SgRuleC[] {
  return rules.map((r, index) => {
    const traffic = compileTraffic(r);
    const peer = r.cidr ?? r.prefixList ?? r.securityGroup ?? '?';
    return {
      group,
      index,
      traffic,
      cidr: r.cidr === undefined ? undefined : blockOfText(r.cidr),
      prefixList: r.prefixList === undefined ? undefined : prefixListBlocks(model, r.prefixList, region) ?? [],
      securityGroup: r.securityGroup,
      text: `#${index + 1}  ${traffic.text}  ${peer}`,
    };
  });
}

/** Where an inbound packet came from: the interface whose address it carries, and whether it crossed a transit gateway. */
export interface SgSource {
  readonly origin: IfaceC | undefined;
  readonly viaTgw: boolean;
}

function peerMatches(net: CompiledNetwork, self: IfaceC, r: SgRuleC, v: 4 | 6, peer: number | bigint, source?: SgSource): boolean {
  if (r.cidr !== undefined) return inBlock(r.cidr, v, peer);
  if (r.prefixList !== undefined) return inAnyBlock(r.prefixList, v, peer);
  if (r.securityGroup !== undefined && source !== undefined) {
    // A reference admits the interfaces of the group, not an address: the packet's own sender
    // (in this VPC, or in a peered VPC over the peering connection; a transit gateway does not
    // carry group references, and a translated source is no member).
    // https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
    // https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html
    const o = source.origin;
    if (o === undefined || !o.sgIds.has(r.securityGroup)) return false;
    const own = v === 4 ? o.addrs4.includes(peer as number) : o.addrs6.includes(peer as bigint);
    if (!own) return false;
    if (o.vpc === self.vpc) return true;
    return !source.viaTgw && self.vpc.activePeers.has(o.vpc.id) && o.vpc.region === self.vpc.region;
  }
  if (r.securityGroup !== undefined) {
    const owners = v === 4 ? net.owners4.get(peer as number) : net.owners6.get(peer as bigint);
    if (!owners) return false;
    for (const o of owners) {
      if (!o.sgIds.has(r.securityGroup)) continue;
      if (o.vpc === self.vpc) return true;
      if (self.vpc.activePeers.has(o.vpc.id) && o.vpc.region === self.vpc.region) return true;
    }
  }
  return false;
}

/** The rule (of any of the interface's groups) that allows the packet in a direction, or undefined (denied). */
export function sgMatch(net: CompiledNetwork, self: IfaceC, inbound: boolean, p: Packet, source?: SgSource): SgRuleC | undefined {
  const peer = inbound ? p.src : p.dst;
  for (const g of self.sgs) {
    const rules = inbound ? g.inbound : g.outbound;
    for (let k = 0; k < rules.length; k++) {
      const r = rules[k]!;
      if (trafficMatches(r.traffic, p) && peerMatches(net, self, r, p.v, peer, inbound ? source : undefined)) return r;
    }
  }
  return undefined;
}
