// Security groups: stateful allow lists on an interface. All groups of an interface are
// unioned; what no rule allows is denied; the reply of an allowed flow is allowed whatever the
// rules say. A rule's peer is a CIDR, a prefix list, or a security group: a group reference
// matches the private addresses of the interfaces that carry that group, in the same VPC or in
// a peered VPC of the same region; traffic that arrives through a public IP or a NAT carries a
// translated source, so a reference does not match it.
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
// https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html
import { formatIp, type Model, type SecurityGroupRule, pushAll } from '@vpcsim/model';
import { blockOfText, hostBlock, inAnyBlock, inBlock, prefixListBlocks, type Addr, type BlockC, type CompiledNetwork, type IfaceC } from '../compile-network.js';
import { sgAllowGroupPatch, sgAllowPatch, type PatchState } from '../fixes.js';
import { compileTraffic, trafficMatch, trafficMatches, type Packet, type TrafficC } from '../traffic.js';
import type { ScenarioPatch } from '../trace-types.js';
import type { HeaderMatch, Walk } from '../walk/types.js';
import { UnionAll } from '../walk/union-all.js';
import { trafficWords } from './network-acl.js';

export interface SgRuleC {
  /** The group the rule belongs to. */
  readonly group: string;
  readonly index: number;
  readonly traffic: TrafficC;
  /** The traffic fields as a header match (the peer is added per packet set). */
  readonly match: HeaderMatch;
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
      match: trafficMatch(traffic),
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

const memberCache = new WeakMap<CompiledNetwork, Map<string, readonly BlockC[]>>();

/**
 * The addresses a group reference admits as a peer without a known sender (outbound rules):
 * every address of an interface in the group, in `self`'s VPC or in a peered VPC of its region.
 */
function groupPeers(net: CompiledNetwork, self: IfaceC, group: string): readonly BlockC[] {
  let m = memberCache.get(net);
  if (!m) memberCache.set(net, (m = new Map()));
  const key = `${self.vpc.id}|${group}`;
  let bs = m.get(key);
  if (!bs) {
    const a4: number[] = [];
    const a6: bigint[] = [];
    for (const o of net.ifaces.values()) {
      if (!o.sgIds.has(group)) continue;
      if (o.vpc !== self.vpc && !(self.vpc.activePeers.has(o.vpc.id) && o.vpc.region === self.vpc.region)) continue;
      pushAll(a4, o.addrs4);
      pushAll(a6, o.addrs6);
    }
    bs = [...a4.map((a) => hostBlock(4, a)), ...a6.map((a) => hostBlock(6, a))];
    m.set(key, bs);
  }
  return bs;
}

const cidrLists = new WeakMap<SgRuleC, readonly BlockC[]>();
const matches = new WeakMap<SgRuleC, [WeakMap<readonly BlockC[], HeaderMatch>, WeakMap<readonly BlockC[], HeaderMatch>]>();

/** The rule's match toward these peers, made once per (rule, direction, peer list): the set domain caches constraints by match. */
function ruleMatch(r: SgRuleC, inbound: boolean, peers: readonly BlockC[]): HeaderMatch {
  let pair = matches.get(r);
  if (!pair) matches.set(r, (pair = [new WeakMap(), new WeakMap()]));
  const byPeers = pair[inbound ? 0 : 1];
  let m = byPeers.get(peers);
  if (!m) byPeers.set(peers, (m = inbound ? { ...r.match, src: peers } : { ...r.match, dst: peers }));
  return m;
}

/** The rule's peer as address blocks, for a packet set with a known sender (`source`, inbound). */
function peerBlocks(net: CompiledNetwork, self: IfaceC, r: SgRuleC, source?: SgSource): readonly BlockC[] {
  if (r.cidr !== undefined) {
    let one = cidrLists.get(r);
    if (!one) cidrLists.set(r, (one = [r.cidr]));
    return one;
  }
  if (r.prefixList !== undefined) return r.prefixList;
  if (r.securityGroup === undefined) return [];
  if (source === undefined) return groupPeers(net, self, r.securityGroup);
  const o = source.origin;
  if (o === undefined || !o.sgIds.has(r.securityGroup)) return [];
  if (o.vpc !== self.vpc && (source.viaTgw || !self.vpc.activePeers.has(o.vpc.id) || o.vpc.region !== self.vpc.region)) return [];
  return o.hostBlocks;
}

/** The part of a packet set the interface's groups admit in a direction (any rule of any group). */
export function sgAdmits<P>(w: Walk<P>, self: IfaceC, inbound: boolean, p: P, source?: SgSource): P | null {
  const admitted = new UnionAll(w.dom);
  for (const g of self.sgs) {
    for (const r of inbound ? g.inbound : g.outbound) {
      const peers = peerBlocks(w.net, self, r, inbound ? source : undefined);
      if (peers.length === 0) continue;
      const hit = w.dom.meet(p, ruleMatch(r, inbound, peers));
      if (hit !== null) admitted.add(hit);
    }
  }
  return admitted.result();
}

const hostCidr = (v: 4 | 6, a: Addr): string => `${formatIp(a)}/${v === 4 ? 32 : 128}`;

/**
 * The tracer's account of a denial: the hop's sentence and the blocker's fix. A packet a load
 * balancer node sends from its own address (`origin`, a node with security groups) is admitted
 * by the load balancer's group, as AWS recommends for targets: "setting the load balancer's
 * security group as the source in the ingress rule of the target's security group".
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
 */
export function sgDenial(self: IfaceC, inbound: boolean, p: Packet, origin?: IfaceC): { group: string; why: string; fix: string; patches: (ps: PatchState) => ScenarioPatch[] | undefined } {
  const direction = inbound ? 'inbound' : 'outbound';
  const g = self.sgs[0]!.id;
  const toFrom = inbound ? 'from' : 'to';
  const peer = hostCidr(p.v, inbound ? p.src : p.dst);
  const traffic = { proto: p.proto, port: p.dstPort, icmpType: p.icmpType };
  const lbGroup = inbound && origin?.lb !== undefined && origin.sgs.length > 0 && origin.vpc === self.vpc && origin.addrs4.includes(p.src as number) ? origin.sgs[0]!.id : undefined;
  if (lbGroup !== undefined)
    return {
      group: g,
      why: `no inbound rule of ${self.sgs.map((x) => x.id).join(', ')} allows ${trafficWords(p)} from ${formatIp(p.src)} (load balancer \`${origin!.lb!.id}\`, group \`${lbGroup}\`)`,
      fix: `add an inbound rule to \`${g}\` allowing ${trafficWords(p)} from the load balancer's security group \`${lbGroup}\``,
      patches: (ps) => sgAllowGroupPatch(ps, g, true, traffic, lbGroup),
    };
  return {
    group: g,
    why: `no ${direction} rule of ${self.sgs.map((x) => x.id).join(', ')} allows ${trafficWords(p)} ${toFrom} ${formatIp(inbound ? p.src : p.dst)}`,
    fix: `add an ${direction} rule to \`${g}\` allowing ${trafficWords(p)} ${toFrom} ${peer}`,
    patches: (ps) => sgAllowPatch(ps, g, inbound, traffic, peer),
  };
}
