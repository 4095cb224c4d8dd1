// The indexed packet tracer: follows a flow from its source to its destination and the reply
// back, through security groups, route tables, network ACLs, gateways, peering connections,
// endpoints, transit gateways and VPNs, recording a hop per decision. Reads only the compiled
// network (compile-network.ts), built once per Model.
//
// Evaluation order of a packet leaving an interface: its security groups (outbound), the
// subnet's route table, the source subnet's network ACL (outbound) and, entering another
// subnet, that subnet's network ACL (inbound), then the destination's security groups
// (inbound). Network ACLs apply at subnet boundaries only, never between two interfaces of one
// subnet (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html). Transit
// gateway VPC attachments follow AWS's own rule
// (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html): into the TGW, the sender's subnet
// outbound then the attachment subnet's inbound rules (even when both are one subnet); out of
// the TGW, the attachment subnet's outbound then the destination subnet's inbound rules, and
// none at all when the destination is in the attachment's own subnet.
//
// Blocked-path analysis: a security group or network ACL that denies is recorded as a blocker
// and the walk goes on as if it allowed, so `blockers` lists every filter setting that would
// have to change (as Reachability Analyzer's blocked path does); the first failure decides the
// disposition and `blockedBy`. A routing failure (no route, blackhole, ...) ends the walk: the
// packet cannot go on; its blocker always carries a fix.
import { error, formatIp, parseIp, prefixListIn, type Diagnostic, type Model, type ModelTransitGateway, type ModelVpnConnection } from '@vpcsim/model';
import { compileNetwork, inAnyBlock, inBlock, type Addr, type CompiledNetwork, type ExternalC, type IfaceC, type SubnetC } from './compile-network.js';
import { naclMatch, NACL_DEFAULT_RULE_TEXT } from './network-acl.js';
import type { RouteC } from './route-table.js';
import { naclAllowPatch, newPatchState, peeringActivePatch, sgAllowPatch, sourceDestCheckPatch, type PatchState } from './fixes.js';
import { sgMatch } from './security-group.js';
import { protocolName, protocolNumber, type Packet } from './traffic.js';
import type { Blocker, Disposition, Flow, Hop, HopDetail, ScenarioPatch, ServiceAccess, Trace } from './trace-types.js';

/** The internet address used for a bare `internet` endpoint (TEST-NET-3, a documentation range). */
export const DEFAULT_INTERNET_IP = '203.0.113.10';
/** The address used for a `service:` destination with no bundled range (in AWS's public space). */
export const DEFAULT_SERVICE_IP = '52.94.133.10';
/** The default source port: inside the Linux (32768-60999) and Windows (49152-65535) ephemeral ranges. */
export const DEFAULT_SRC_PORT = 49152;
/** Forwarding steps after which a trace ends with `loop`. */
export const HOP_LIMIT = 64;

const ICMP_REPLY: Record<number, number> = { 8: 0, 13: 14, 128: 129 };

/** A packet with a printable view cached (the view is made once per distinct packet). */
interface Pkt extends Packet {
  view?: Hop['packet'];
}

interface NatEntry {
  readonly iface: string;
  readonly original: Addr;
  readonly translated: Addr;
}

type Fail = { readonly kind: 'fail'; readonly disposition: Disposition; readonly blockedBy: string | null };
type End =
  | { readonly kind: 'delivered'; readonly iface: IfaceC; readonly pkt: Pkt }
  | { readonly kind: 'internet'; readonly pkt: Pkt }
  | { readonly kind: 'service'; readonly endpoint: string; readonly pkt: Pkt }
  | { readonly kind: 'external'; readonly network: string; readonly pkt: Pkt }
  | Fail;

/** A path the tracer does not model: reported as `not-implemented`, never as reachable. */
class NotModelled extends Error {}

class Walk {
  readonly hops: Hop[] = [];
  count = 0;
  /** The first filter denial (the walk goes on past it to collect blockers). */
  first: Fail | undefined;
  /** Made on the first blocker that gets patches (most traces have none). */
  ps: PatchState | undefined;
  /**
   * Appliance-mode attachments to the AZ the flow was pinned to, shared by the request and its
   * reply so both use one AZ's attachment subnet.
   * https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
   */
  pinned = new Map<string, string>();
  /**
   * The interface whose own address the packet carries as its source (the sender, or the NAT
   * instance that translated it; none after a NAT gateway or from outside): a security group
   * reference matches only such an interface's groups.
   */
  origin: IfaceC | undefined;
  started = false;
  /** Whether the packet crossed a transit gateway (group references do not match across one). */
  viaTgw = false;
  constructor(
    readonly net: CompiledNetwork,
    readonly reply: boolean,
    readonly nat: NatEntry[],
    readonly blockers: Blocker[],
  ) {}
}

const fail = (disposition: Disposition, blockedBy: string | null): Fail => ({ kind: 'fail', disposition, blockedBy });

function view(p: Pkt): NonNullable<Hop['packet']> {
  if (p.view === undefined) {
    const isPorts = p.proto === 6 || p.proto === 17;
    p.view = isPorts
      ? { src: formatIp(p.src), dst: formatIp(p.dst), protocol: protocolName(p.proto), srcPort: p.srcPort, dstPort: p.dstPort }
      : { src: formatIp(p.src), dst: formatIp(p.dst), protocol: protocolName(p.proto) };
  }
  return p.view!;
}

const withSrc = (p: Pkt, src: Addr): Pkt => ({ v: p.v, src, dst: p.dst, proto: p.proto, srcPort: p.srcPort, dstPort: p.dstPort, icmpType: p.icmpType, icmpCode: p.icmpCode });
const withDst = (p: Pkt, dst: Addr): Pkt => ({ v: p.v, src: p.src, dst, proto: p.proto, srcPort: p.srcPort, dstPort: p.dstPort, icmpType: p.icmpType, icmpCode: p.icmpCode });

function hop(w: Walk, component: string, kind: string, verdict: Hop['verdict'], rule: string | undefined, detail: HopDetail, p: Pkt): void {
  w.hops.push({ component, kind, verdict, rule, detail, packet: view(p) });
}

/** A hop where the packet leaves or enters interface `eni` (what Flow Logs record). */
function eniHop(w: Walk, eni: IfaceC, direction: 'egress' | 'ingress', component: string, kind: string, verdict: Hop['verdict'], detail: HopDetail, p: Pkt): void {
  w.hops.push({ component, kind, verdict, rule: undefined, detail, interface: { id: eni.id, direction }, packet: view(p) });
}

/** What the packet is, in words, for fixes: `TCP 5432`, `UDP 53`, `ICMP`. */
function trafficWords(p: Pkt): string {
  return p.proto === 6 || p.proto === 17 ? `${protocolName(p.proto)} ${p.dstPort}` : protocolName(p.proto);
}
const hostCidr = (v: 4 | 6, a: Addr): string => `${formatIp(a)}/${v === 4 ? 32 : 128}`;
const trafficOf = (p: Pkt) => ({ proto: p.proto, port: p.dstPort, icmpType: p.icmpType });

/** A hard failure: a drop hop, a blocker, and the end of the walk. */
function stop(w: Walk, disposition: Disposition, blockedBy: string | null, component: string, kind: string, why: string, p: Pkt, setting: string, fix?: string, eni?: IfaceC): Fail {
  if (eni) eniHop(w, eni, 'ingress', component, kind, 'drop', { step: 'drop', why }, p);
  else hop(w, component, kind, 'drop', undefined, { step: 'drop', why }, p);
  // the blocker is the setting to change: the component that blocks, else the hop's component
  w.blockers.push({ component: blockedBy ?? component, setting, fix });
  return w.first ?? fail(disposition, blockedBy);
}

/** A filter denial: recorded; the walk goes on to find further blockers. */
function deny(w: Walk, disposition: Disposition, component: string, setting: string, fix: string, patches: readonly ScenarioPatch[] | undefined): void {
  w.blockers.push({ component, setting, fix, patches });
  if (w.first === undefined) w.first = fail(disposition, component);
}

const patchState = (w: Walk): PatchState => (w.ps ??= newPatchState(w.net.model));

/** Attaches patches to the blocker just recorded. */
function patchLast(w: Walk, make: (ps: PatchState) => readonly ScenarioPatch[] | undefined): void {
  const patches = make(patchState(w));
  const b = w.blockers.at(-1);
  if (b && patches) w.blockers[w.blockers.length - 1] = { ...b, patches };
}

// ---- filters ---------------------------------------------------------------------------

/**
 * The interface's security groups, outbound (`inbound` false) or inbound; skipped for a reply:
 * they are stateful.
 */
function sg(w: Walk, iface: IfaceC, inbound: boolean, p: Pkt): void {
  if (iface.sgs.length === 0) return;
  const direction = inbound ? 'inbound' : 'outbound';
  if (w.reply) {
    hop(w, iface.sgs[0]!.id, 'security-group', 'allow', undefined, { step: 'filter', direction, why: 'security groups are stateful: the reply to a connection they admit needs no rule' }, p);
    return;
  }
  const r = sgMatch(w.net, iface, inbound, p, { origin: w.origin, viaTgw: w.viaTgw });
  if (r) {
    hop(w, r.group, 'security-group', 'allow', r.text, { step: 'filter', direction, why: `an ${direction} rule of the interface's security groups allows it` }, p);
    return;
  }
  const g = iface.sgs[0]!.id;
  const toFrom = inbound ? 'from' : 'to';
  hop(w, g, 'security-group', 'deny', undefined, { step: 'filter', direction, why: `no ${direction} rule of ${iface.sgs.map((x) => x.id).join(', ')} allows ${trafficWords(p)} ${toFrom} ${formatIp(inbound ? p.src : p.dst)}` }, p);
  const peer = hostCidr(p.v, inbound ? p.src : p.dst);
  deny(w, inbound ? 'denied-sg-ingress' : 'denied-sg-egress', g, `${direction} rules`, `add an ${direction} rule to \`${g}\` allowing ${trafficWords(p)} ${toFrom} ${peer}`, sgAllowPatch(patchState(w), g, inbound, trafficOf(p), peer));
}

function naclFix(denying: number | undefined, inbound: boolean, p: Pkt, reply: boolean): string {
  const where = denying === undefined ? 'before the final `*` deny rule' : `numbered below rule ${denying}`;
  const ports =
    p.proto === 6 || p.proto === 17
      ? reply ? `${protocolName(p.proto)} 1024-65535 (the ephemeral ports replies use)` : `${protocolName(p.proto)} ${p.dstPort}`
      : protocolName(p.proto);
  const peer = inbound ? `from ${hostCidr(p.v, p.src)}` : `to ${hostCidr(p.v, p.dst)}`;
  return `add an ${inbound ? 'inbound' : 'outbound'} allow rule for ${ports} ${peer}, ${where}`;
}

/**
 * A subnet's network ACL in one direction; outbound matches the destination, inbound the source.
 * `where`, when given, says why this subnet's ACL applies (a transit gateway attachment subnet).
 */
function nacl(w: Walk, s: SubnetC, inbound: boolean, p: Pkt, where?: string): void {
  const a = s.nacl;
  const list = inbound ? a.inbound : a.outbound;
  const r = naclMatch(list, inbound ? p.src : p.dst, p);
  const direction = inbound ? 'inbound' : 'outbound';
  const at = where === undefined ? '' : ` (${where})`;
  if (r && r.allow) {
    hop(w, a.id, 'network-acl', 'allow', r.text, { step: 'filter', direction, why: (inbound ? 'the first inbound rule that matches the source allows it' : 'the first outbound rule that matches the destination allows it') + at, table: list.rows }, p);
    return;
  }
  const why = (r
    ? `rule ${r.rule} is the first ${direction} rule that matches, and it denies`
    : `no ${direction} rule matches ${trafficWords(p)} ${inbound ? `from ${formatIp(p.src)}` : `to ${formatIp(p.dst)}`}: the final \`*\` rule denies` +
      (w.reply ? ' (replies use the ephemeral ports: allow 1024-65535)' : '')) + at;
  hop(w, a.id, 'network-acl', 'deny', r ? r.text : NACL_DEFAULT_RULE_TEXT, { step: 'filter', direction, why, table: list.rows }, p);
  const peer = inbound ? hostCidr(p.v, p.src) : hostCidr(p.v, p.dst);
  const patches = naclAllowPatch(patchState(w), a.id, inbound, trafficOf(p), peer, r?.rule, w.reply);
  const fix = naclFix(r?.rule, inbound, p, w.reply) + (where === undefined ? '' : ` (the ACL of transit gateway attachment subnet \`${s.id}\`)`);
  deny(w, inbound ? 'denied-nacl-ingress' : 'denied-nacl-egress', a.id, `${direction} rules`, fix, patches);
}

/** Crossing from subnet `from` into subnet `to`: no ACL inside one subnet. */
function crossSubnets(w: Walk, from: SubnetC, to: SubnetC, p: Pkt): void {
  if (from === to) return;
  nacl(w, from, false, p);
  nacl(w, to, true, p);
}

// ---- forwarding ----------------------------------------------------------------------

/** A packet leaves interface `from`: its security groups, then its subnet's route table. */
function send(w: Walk, from: IfaceC, p: Pkt): End {
  if (!w.started) {
    w.started = true;
    w.origin = from;
  }
  eniHop(w, from, 'egress', from.id, 'network-interface', 'forward', { step: 'forward', why: `the packet leaves \`${from.id}\`` }, p);
  sg(w, from, false, p);
  return route(w, from.subnet, from, p);
}

function routeHop(w: Walk, s: SubnetC, r: RouteC, p: Pkt, why: string): void {
  hop(w, s.routeTable.id, 'route-table', 'forward', r.text, { step: 'route', why, routeTable: s.routeTable.id, destination: r.destination, target: r.target, table: s.routeTable.rows }, p);
}

const ROUTE_WHY: Record<RouteC['origin'], string> = {
  local: 'the local route carries traffic inside the VPC',
  static: 'the most specific matching route (longest prefix match)',
  'prefix-list': 'the most specific matching route: a prefix-list route',
  propagated: 'the most specific matching route: propagated from the virtual private gateway',
};

function route(w: Walk, s: SubnetC, sender: IfaceC | undefined, p: Pkt): End {
  if (++w.count > HOP_LIMIT) return stop(w, 'loop', null, s.routeTable.id, 'route-table', `the packet was forwarded ${HOP_LIMIT} times: a forwarding loop`, p, 'routes', 'break the loop: route the destination to a gateway or its owner instead of back to an appliance');
  const net = w.net;
  const rt = s.routeTable;
  // "Traffic that is destined for the MAC address of another network interface in the subnet
  // makes use of data link (layer 2) routing instead of network (layer 3), so the rules do not
  // apply to this traffic": no route table, no network ACL inside a subnet.
  // https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
  if (sender !== undefined) {
    const here = p.v === 4 ? s.vpc.owner4.get(p.dst as number) : s.vpc.owner6.get(p.dst as bigint);
    if (here !== undefined && here.subnet === s && here !== sender) {
      hop(w, s.id, 'subnet', 'forward', undefined, { step: 'forward', why: `${formatIp(p.dst)} is in the same subnet \`${s.id}\`: delivered directly, without the route table or the network ACL` }, p);
      return arrive(w, here, p);
    }
  }
  const r = rt.lpm.lookup(p.v, p.dst);
  if (!r) {
    return stop(w, 'no-route', rt.id, rt.id, 'route-table', `no route in \`${rt.id}\` matches ${formatIp(p.dst)}`, p, `route to ${formatIp(p.dst)}`, `add a route for ${hostCidr(p.v, p.dst)} (or a covering block) to \`${rt.id}\``);
  }
  const tk = r.targetKind;
  if (tk === 'blackhole' || tk === 'missing') {
    hop(w, rt.id, 'route-table', 'drop', r.text, { step: 'route', why: tk === 'missing' ? `the route's target \`${r.target}\` does not exist: a blackhole` : 'the matching route is a blackhole', routeTable: rt.id, destination: r.destination, target: r.target, table: rt.rows }, p);
    w.blockers.push({ component: rt.id, setting: `route ${r.text}`, fix: `point the route for ${r.destination} at a live target` });
    return w.first ?? fail('blackhole', rt.id);
  }
  if (tk === 'local') {
    routeHop(w, s, r, p, ROUTE_WHY.local);
    const d = p.v === 4 ? s.vpc.owner4.get(p.dst as number) : s.vpc.owner6.get(p.dst as bigint);
    if (!d) return stop(w, 'unreachable-address', null, formatIp(p.dst), 'address', `no interface in \`${s.vpc.id}\` holds ${formatIp(p.dst)}`, p, 'destination address', 'send to an address an interface holds');
    crossSubnets(w, s, d.subnet, p);
    return arrive(w, d, p);
  }
  const target = r.target;
  switch (tk) {
    case 'internet-gateway': {
      // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
      if (s.vpc.igw !== target) return stop(w, 'blackhole', rt.id, rt.id, 'route-table', `\`${target}\` is not attached to \`${s.vpc.id}\``, p, `route ${r.text}`, `attach \`${target}\` to \`${s.vpc.id}\` or route to its own internet gateway`);
      routeHop(w, s, r, p, ROUTE_WHY[r.origin]);
      let out = p;
      if (p.v === 4) {
        // The IGW maps the interface's private IPv4 to its public or Elastic IP (1:1 NAT); an
        // interface without one cannot reach the internet over IPv4.
        if (!sender || sender.pub4 === undefined || sender.priv4 !== p.src) {
          const who = sender?.id ?? null;
          return stop(w, 'no-public-ip', who, target, 'internet-gateway', sender ? `\`${sender.id}\` has no public or Elastic IP for ${formatIp(p.src)}: the internet gateway cannot translate it` : 'the packet was not sent by an interface with a public IP', p, 'public IP', sender ? `assign a public or Elastic IP to \`${sender.id}\`, or route 0.0.0.0/0 through a NAT gateway` : undefined);
        }
        out = withSrc(p, sender.pub4);
      }
      nacl(w, s, false, p);
      if (p.v === 4) hop(w, target, 'internet-gateway', 'translate', undefined, { step: 'translate', why: 'the internet gateway maps the private address to the public one (1:1 NAT)', from: formatIp(p.src), to: formatIp(out.src) }, out);
      else hop(w, target, 'internet-gateway', 'forward', undefined, { step: 'forward', why: 'IPv6 addresses are public: the internet gateway forwards them untranslated' }, out);
      return internet(w, out);
    }
    case 'egress-only-internet-gateway': {
      // https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
      if (s.vpc.eigw !== target || p.v !== 6) return stop(w, 'blackhole', rt.id, rt.id, 'route-table', p.v !== 6 ? 'an egress-only internet gateway carries IPv6 only' : `\`${target}\` is not attached to \`${s.vpc.id}\``, p, `route ${r.text}`, 'route IPv4 through an internet or NAT gateway');
      routeHop(w, s, r, p, ROUTE_WHY[r.origin]);
      nacl(w, s, false, p);
      hop(w, target, 'egress-only-internet-gateway', 'forward', undefined, { step: 'forward', why: 'the egress-only internet gateway forwards IPv6 started inside the VPC' }, p);
      return internet(w, p);
    }
    case 'nat-gateway': {
      // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
      const ni = net.natIface.get(target);
      if (!ni || ni.vpc !== s.vpc) return stop(w, 'blackhole', rt.id, rt.id, 'route-table', `\`${target}\` is not in \`${s.vpc.id}\``, p, `route ${r.text}`, 'route to a NAT gateway of this VPC');
      if (p.v !== 4) return stop(w, 'unsupported', target, target, 'nat-gateway', 'a NAT gateway translates IPv4 only (use an egress-only internet gateway for IPv6)', p, 'IPv6 route', 'route ::/0 to an egress-only internet gateway');
      // A reply is never sent through a NAT as a new connection: the peer would see another source.
      if (w.reply) return stop(w, 'reply-denied', rt.id, rt.id, 'route-table', `the reply is routed to \`${target}\`, which did not translate the request: the peer would see another source (asymmetric route)`, p, `route ${r.text}`, 'route replies back the way the request came');
      routeHop(w, s, r, p, ROUTE_WHY[r.origin]);
      crossSubnets(w, s, ni.subnet, p);
      const out = withSrc(p, ni.priv4);
      w.nat.push({ iface: ni.id, original: p.src, translated: ni.priv4 });
      eniHop(w, ni, 'ingress', target, 'nat-gateway', 'translate', { step: 'translate', why: 'the NAT gateway replaces the source with its private address; its subnet\'s route table carries the packet on', from: formatIp(p.src), to: ni.privText }, out);
      // the source is now the NAT gateway's, which has no security groups
      w.origin = undefined;
      return send(w, ni, out);
    }
    case 'vpc-peering-connection': {
      // Peering is not transitive: a packet may cross only to an address inside the peer VPC.
      // https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html
      const pc = net.peerings.get(target)!;
      if (!pc.active) {
        const f = stop(w, 'blackhole', rt.id, rt.id, 'route-table', `peering connection \`${target}\` is \`${pc.status}\`, not active`, p, `peering ${target}`, `accept peering connection \`${target}\``);
        patchLast(w, (ps) => peeringActivePatch(ps, pc.id));
        return f;
      }
      const otherId = pc.requester === s.vpc.id ? pc.accepter : pc.accepter === s.vpc.id ? pc.requester : undefined;
      const other = otherId === undefined ? undefined : net.vpcs.get(otherId);
      if (!other) return stop(w, 'blackhole', rt.id, rt.id, 'route-table', `\`${target}\` does not connect \`${s.vpc.id}\``, p, `route ${r.text}`, 'route to a peering connection of this VPC');
      routeHop(w, s, r, p, ROUTE_WHY[r.origin]);
      if (!inAnyBlock(other.blocks, p.v, p.dst)) return stop(w, 'not-transitive', pc.id, pc.id, 'vpc-peering-connection', `${formatIp(p.dst)} is not inside \`${other.id}\`: a peering connection carries traffic only to the peer VPC's own addresses`, p, 'transitive routing', 'peer the two VPCs directly, or use a transit gateway');
      hop(w, pc.id, 'vpc-peering-connection', 'forward', undefined, { step: 'forward', why: `the active peering connection carries the packet into \`${other.id}\`` }, p);
      const d = p.v === 4 ? other.owner4.get(p.dst as number) : other.owner6.get(p.dst as bigint);
      if (!d) return stop(w, 'unreachable-address', null, formatIp(p.dst), 'address', `no interface in \`${other.id}\` holds ${formatIp(p.dst)}`, p, 'destination address', 'send to an address an interface holds');
      crossSubnets(w, s, d.subnet, p);
      return arrive(w, d, p);
    }
    case 'instance':
    case 'network-interface': {
      const id = tk === 'instance' ? net.model.index.instance.get(target)?.interfaces[0] : target;
      const e = id === undefined ? undefined : net.ifaces.get(id);
      if (!e || e.vpc !== s.vpc) return stop(w, 'blackhole', rt.id, rt.id, 'route-table', `\`${target}\` is not an interface of \`${s.vpc.id}\``, p, `route ${r.text}`, 'route to an interface of this VPC');
      routeHop(w, s, r, p, ROUTE_WHY[r.origin]);
      crossSubnets(w, s, e.subnet, p);
      return arrive(w, e, p);
    }
    case 'transit-gateway': {
      // The TGW receives traffic from a VPC only in AZs where its attachment has a subnet.
      // https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html
      const tgw = net.tgws.get(target)!;
      const att = tgw.attachmentByVpc.get(s.vpc.id);
      if (!att) return stop(w, 'blackhole', rt.id, rt.id, 'route-table', `\`${target}\` has no attachment for \`${s.vpc.id}\``, p, `route ${r.text}`, `attach \`${s.vpc.id}\` to \`${target}\``);
      const entry = attachmentSubnet(net, att, s.az);
      routeHop(w, s, r, p, ROUTE_WHY[r.origin]);
      if (!entry) return stop(w, 'blackhole', att.id, att.id, 'transit-gateway-attachment', `attachment \`${att.id}\` has no subnet in ${s.az}: the transit gateway cannot receive traffic from that AZ`, p, 'attachment subnets', `add a subnet in ${s.az} to \`${att.id}\``);
      nacl(w, s, false, p);
      // The attachment's subnet in this AZ evaluates the packet with its inbound rules (source
      // address), also when it is the sender's own subnet; its outbound rules are not used.
      // https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html
      nacl(w, entry, true, p, `\`${entry.id}\` holds attachment \`${att.id}\` in ${s.az}: its inbound rules filter traffic into the transit gateway`);
      tgwEniHop(w, att.id, entry, 'ingress', `the packet enters \`${tgw.id}\` through the network interface of attachment \`${att.id}\` in \`${entry.id}\``, p);
      return transitGateway(w, tgw.id, att.id, p, s.az);
    }
    case 'vpn-gateway': {
      // https://docs.aws.amazon.com/vpn/latest/s2svpn/how_it_works.html
      const vgw = net.vgws.get(target)!;
      const g = vgw.m;
      if (g.vpc !== s.vpc.id) return stop(w, 'blackhole', rt.id, rt.id, 'route-table', `\`${target}\` is not attached to \`${s.vpc.id}\``, p, `route ${r.text}`, `attach \`${target}\` to \`${s.vpc.id}\``);
      routeHop(w, s, r, p, ROUTE_WHY[r.origin]);
      // "A virtual private gateway does not support IPv6 traffic."
      // https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html
      if (p.v === 6) return stop(w, 'unsupported', g.id, g.id, 'vpn-gateway', 'a virtual private gateway does not carry IPv6 traffic', p, 'IPv6', 'connect IPv6 networks through a transit gateway VPN attachment');
      if (!inAnyBlock(s.vpc.blocks, p.v, p.src)) return stop(w, 'not-transitive', g.id, g.id, 'vpn-gateway', `${formatIp(p.src)} is not an address of \`${s.vpc.id}\`: a VGW carries only the VPC's own traffic`, p, 'transitive routing', 'use a transit gateway for transitive routing');
      const up = vgw.up;
      if (up.length === 0) return stop(w, 'blackhole', rt.id, g.id, 'vpn-gateway', `no VPN connection of \`${g.id}\` has a tunnel up`, p, `route ${r.text}: no VPN connection of \`${g.id}\` has a tunnel up`, 'bring a tunnel of the VPN connection up');
      const vpn = vgwConnection(net, up, p);
      if (!vpn) return stop(w, 'no-route', g.id, g.id, 'vpn-gateway', `no VPN connection of \`${g.id}\` routes ${formatIp(p.dst)}: ${vpnCoverage(net, up)}`, p, `route to ${formatIp(p.dst)}`, vpnRouteFix(up, p));
      const network = externalNetworkOf(net, p, vpn);
      if (network === undefined) return stop(w, 'unreachable-address', null, formatIp(p.dst), 'address', `no external network behind \`${vpn.id}\` holds ${formatIp(p.dst)}`, p, 'destination address', `declare the network holding ${formatIp(p.dst)} under externalNetworks, behind \`${vpn.customerGateway}\``);
      nacl(w, s, false, p);
      hop(w, g.id, 'vpn-gateway', 'exit', undefined, { step: 'forward', why: `VPN connection \`${vpn.id}\` (${vpn.routing === 'static' ? 'static routing: its static routes cover' : 'BGP: its customer gateway advertises'} ${formatIp(p.dst)}) carries the packet to external network \`${network}\`` }, p);
      return { kind: 'external', network, pkt: p };
    }
    case 'vpc-endpoint': {
      // Gateway endpoints: a prefix-list route to the endpoint; used only by traffic from inside the VPC.
      // https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
      const e = net.model.index.vpcEndpoint.get(target)!;
      if (e.type !== 'gateway' || e.vpc !== s.vpc.id) return stop(w, 'blackhole', rt.id, rt.id, 'route-table', `\`${target}\` is not a gateway endpoint of \`${s.vpc.id}\``, p, `route ${r.text}`, `point the route at a gateway endpoint of \`${s.vpc.id}\``);
      routeHop(w, s, r, p, ROUTE_WHY[r.origin]);
      if (!inAnyBlock(s.vpc.blocks, p.v, p.src)) return stop(w, 'not-transitive', e.id, e.id, 'vpc-endpoint', `${formatIp(p.src)} is not an address of \`${s.vpc.id}\`: a gateway endpoint serves only traffic from inside its VPC`, p, 'transitive routing', 'create an endpoint in the source VPC');
      nacl(w, s, false, p);
      hop(w, e.id, 'vpc-endpoint', 'exit', undefined, { step: 'forward', why: `the gateway endpoint carries the packet to ${e.service} in ${e.region}` }, p);
      return { kind: 'service', endpoint: e.id, pkt: p };
    }
    default:
      throw new NotModelled(`route target kind \`${tk}\` (\`${target}\`)`);
  }
}

/**
 * The VPN connection of a virtual private gateway that carries a packet: among its connections
 * with a tunnel up, one whose remote networks hold the destination (a static connection: its
 * static routes only; a BGP connection: the networks its customer gateway advertises), the
 * longest prefix first, then a static connection before a BGP one, then declaration order.
 * https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
 * https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html
 */
function vgwConnection(net: CompiledNetwork, up: readonly ModelVpnConnection[], p: Pkt): ModelVpnConnection | undefined {
  let best: ModelVpnConnection | undefined;
  let bestKey = -1;
  for (const v of up) {
    for (const b of net.vpnBlocks.get(v.id) ?? []) {
      if (!inBlock(b, p.v, p.dst)) continue;
      const key = b.prefix * 2 + (v.routing === 'static' ? 1 : 0);
      if (key > bestKey) { best = v; bestKey = key; }
    }
  }
  return best;
}

/** What a VGW's connections route, in words. */
function vpnCoverage(net: CompiledNetwork, up: readonly ModelVpnConnection[]): string {
  return up
    .map((v) => {
      const ps = net.vpnPrefixes.get(v.id) ?? [];
      const list = ps.length === 0 ? 'nothing' : ps.join(', ');
      return v.routing === 'static' ? `\`${v.id}\` (static routing) sends only its static routes (${list})` : `\`${v.id}\` (BGP) sends only the networks its customer gateway advertises (${list})`;
    })
    .join('; ');
}

function vpnRouteFix(up: readonly ModelVpnConnection[], p: Pkt): string {
  const st = up.find((v) => v.routing === 'static');
  return st
    ? `add a static route covering ${hostCidr(p.v, p.dst)} to VPN connection \`${st.id}\``
    : `advertise a network covering ${hostCidr(p.v, p.dst)} over BGP from \`${up[0]!.customerGateway}\` (declare it under externalNetworks)`;
}

/** The external network holding the destination, among those behind a VPN connection (`via` its id or its customer gateway). */
function externalNetworkOf(net: CompiledNetwork, p: Pkt, vpn?: { readonly id: string; readonly customerGateway: string }): string | undefined {
  for (const n of net.externals) {
    if (vpn !== undefined && n.m.via !== vpn.customerGateway && n.m.via !== vpn.id) continue;
    if (inAnyBlock(n.blocks, p.v, p.dst)) return n.id;
  }
  return undefined;
}

function natEntryFor(w: Walk, iface: IfaceC, dst: Addr): NatEntry | undefined {
  for (const e of w.nat) if (e.iface === iface.id && e.translated === dst) return e;
  return undefined;
}

const ownsAddr = (d: IfaceC, p: Pkt): boolean => (p.v === 4 ? d.addrs4.includes(p.dst as number) : d.addrs6.includes(p.dst as bigint));

/** A packet reaches interface `d`: its security groups (inbound), then delivery or forwarding. */
function arrive(w: Walk, d: IfaceC, p: Pkt): End {
  sg(w, d, true, p);
  const entry = w.reply ? natEntryFor(w, d, p.dst) : undefined;
  if (entry) {
    const back = withDst(p, entry.original);
    eniHop(w, d, 'ingress', d.natGateway ?? d.id, d.natGateway ? 'nat-gateway' : 'network-interface', 'translate', { step: 'translate', why: 'the reply matches the translation made for the request: the destination is restored', from: formatIp(p.dst), to: formatIp(entry.original) }, back);
    return send(w, d, back);
  }
  if (d.natGateway !== undefined) {
    return stop(w, 'inbound-not-allowed', d.natGateway, d.natGateway, 'nat-gateway', 'a NAT gateway is not a destination: it translates traffic routed through it to other addresses, and admits only the replies to those connections', p, 'destination', 'address the host you want to reach, and route its traffic through the NAT gateway', d);
  }
  if (ownsAddr(d, p)) {
    eniHop(w, d, 'ingress', d.id, 'network-interface', 'deliver', { step: 'deliver', why: `\`${d.id}\` holds ${formatIp(p.dst)}` }, p);
    return { kind: 'delivered', iface: d, pkt: p };
  }
  // Routed through d (an appliance): the source/destination check drops what is not for it.
  // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html
  if (d.m.sourceDestCheck) {
    const f = stop(w, 'src-dst-check', d.id, d.id, 'network-interface', `\`${d.id}\` has its source/destination check on and ${formatIp(p.dst)} is not its address`, p, 'sourceDestCheck', `disable the source/destination check of \`${d.id}\``, d);
    patchLast(w, (ps) => sourceDestCheckPatch(ps, d.id));
    return f;
  }
  if (d.m.nat && !w.reply) {
    const out = withSrc(p, d.priv4);
    w.nat.push({ iface: d.id, original: p.src, translated: d.priv4 });
    eniHop(w, d, 'ingress', d.id, 'network-interface', 'translate', { step: 'translate', why: 'the NAT instance replaces the source with its own address', from: formatIp(p.src), to: d.privText }, out);
    w.origin = d;
    return send(w, d, out);
  }
  eniHop(w, d, 'ingress', d.id, 'network-interface', 'forward', { step: 'forward', why: 'the appliance (source/destination check off) forwards the packet' }, p);
  return send(w, d, p);
}

/** Whether the internet does not route an address: private and shared space, or inside any VPC block. */
function notInternetRoutable(net: CompiledNetwork, v: 4 | 6, a: Addr): boolean {
  if (v === 4) {
    const x = a as number;
    if (x >>> 24 === 10 || x >>> 20 === 0xac1 || x >>> 16 === 0xc0a8 || x >>> 22 === 0x191 || x >>> 24 === 127) return true;
  } else {
    const x = a as bigint;
    if (x >> 121n === 0x7en || x >> 118n === 0x3fan) return true; // fc00::/7, fe80::/10
  }
  return net.vpcSpace.lookup(v, a) !== undefined;
}

/** A packet on the internet: to a public address of an interface (through its VPC's IGW), or out. */
function internet(w: Walk, p: Pkt): End {
  const net = w.net;
  if (++w.count > HOP_LIMIT) return stop(w, 'loop', null, 'internet', 'internet', `the packet was forwarded ${HOP_LIMIT} times: a forwarding loop`, p, 'routes', 'break the loop: route the destination to a gateway or its owner instead of back to an appliance');
  if (p.v === 4) {
    const d = net.public4.get(p.dst as number);
    if (!d) {
      if (notInternetRoutable(net, 4, p.dst)) return stop(w, 'no-route', null, 'internet', 'internet', `${formatIp(p.dst)} is a private address: the internet does not route it`, p, `route to ${formatIp(p.dst)}`, 'address the destination by its public IP');
      hop(w, 'internet', 'internet', 'exit', undefined, { step: 'forward', why: `the packet leaves AWS toward ${formatIp(p.dst)}` }, p);
      return { kind: 'internet', pkt: p };
    }
    const igw = d.vpc.igw;
    if (igw === undefined) return stop(w, 'no-route', null, d.vpc.id, 'vpc', `\`${d.vpc.id}\` has no internet gateway: its public addresses are unreachable`, p, 'internet gateway', `attach an internet gateway to \`${d.vpc.id}\``);
    const inner = withDst(p, d.priv4);
    if (d.natGateway !== undefined && !w.reply) return stop(w, 'inbound-not-allowed', d.natGateway, d.natGateway, 'nat-gateway', 'from the internet, a NAT gateway admits only the replies to connections started from inside the VPC', p, 'connection direction', 'start the connection from inside the VPC');
    hop(w, igw, 'internet-gateway', 'translate', undefined, { step: 'translate', why: 'the internet gateway maps the public address to the private one (1:1 NAT)', from: formatIp(p.dst), to: d.privText }, inner);
    nacl(w, d.subnet, true, inner);
    return arrive(w, d, inner);
  }
  // IPv6: every address is public; the owning VPC's IGW carries it, an egress-only IGW only replies.
  const d = net.anyOwner6.get(p.dst as bigint);
  if (!d) {
    if (notInternetRoutable(net, 6, p.dst)) return stop(w, 'no-route', null, 'internet', 'internet', `${formatIp(p.dst)} is not routed on the internet`, p, `route to ${formatIp(p.dst)}`, 'address the destination by a global unicast IPv6 address');
    hop(w, 'internet', 'internet', 'exit', undefined, { step: 'forward', why: `the packet leaves AWS toward ${formatIp(p.dst)}` }, p);
    return { kind: 'internet', pkt: p };
  }
  const igw = d.vpc.igw;
  if (igw === undefined) {
    const eigw = d.vpc.eigw;
    if (eigw === undefined) return stop(w, 'no-route', null, d.vpc.id, 'vpc', `\`${d.vpc.id}\` has no internet gateway`, p, 'internet gateway', `attach an internet gateway to \`${d.vpc.id}\``);
    if (!w.reply) return stop(w, 'inbound-not-allowed', eigw, eigw, 'egress-only-internet-gateway', 'an egress-only internet gateway drops connections started from the internet', p, 'connection direction', `attach an internet gateway to \`${d.vpc.id}\` to accept inbound IPv6`);
    hop(w, eigw, 'egress-only-internet-gateway', 'forward', undefined, { step: 'forward', why: 'the egress-only internet gateway admits the reply of a connection started inside' }, p);
  } else {
    hop(w, igw, 'internet-gateway', 'forward', undefined, { step: 'forward', why: 'IPv6 addresses are public: the internet gateway forwards them untranslated' }, p);
  }
  nacl(w, d.subnet, true, p);
  return arrive(w, d, p);
}

type TgwAttachment = ModelTransitGateway['attachments'][number];

/**
 * The packet enters or leaves the transit gateway through its attachment's network interface in
 * `subnet` (what Flow Logs record for that interface). vpcsim does not model the interface's own
 * id: it is named `<attachment>/<subnet>`.
 */
function tgwEniHop(w: Walk, att: string, subnet: SubnetC, direction: 'egress' | 'ingress', why: string, p: Pkt): void {
  w.hops.push({ component: att, kind: 'transit-gateway-attachment', verdict: 'forward', rule: undefined, detail: { step: 'forward', why }, interface: { id: `${att}/${subnet.id}`, direction }, packet: view(p) });
}

/** The subnet of VPC attachment `att` in availability zone `az` (one per AZ), if any. */
function attachmentSubnet(net: CompiledNetwork, att: TgwAttachment, az: string | undefined): SubnetC | undefined {
  if (az === undefined) return undefined;
  for (const sid of att.subnets ?? []) {
    const x = net.subnets.get(sid);
    if (x?.az === az) return x;
  }
  return undefined;
}

/**
 * The subnet through which the transit gateway sends a packet into attachment `att`'s VPC.
 * Without appliance mode the TGW keeps a flow in the AZ where it entered (`entryAz`), crossing
 * AZs only when the attachment has no subnet there
 * (https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html#tgw-az-overview);
 * then, as an assumption, the subnet in the destination's AZ, else the first one.
 */
function exitSubnet(net: CompiledNetwork, att: TgwAttachment, entryAz: string | undefined, dstAz: string | undefined): SubnetC | undefined {
  const x = attachmentSubnet(net, att, entryAz) ?? attachmentSubnet(net, att, dstAz);
  if (x) return x;
  for (const sid of att.subnets ?? []) {
    const f = net.subnets.get(sid);
    if (f) return f;
  }
  return undefined;
}

/**
 * The subnet through which the TGW sends a packet into attachment `to`. With appliance mode the
 * TGW keeps both directions of a flow on one AZ's attachment interface, choosing the AZ by a
 * flow hash; vpcsim, to be deterministic, pins the AZ the first packet of the flow used and
 * sends the reply through it too. Without it, `exitSubnet` (AZ affinity).
 * https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
 */
function tgwExit(w: Walk, to: TgwAttachment, entryAz: string | undefined, dstAz: string | undefined): SubnetC | undefined {
  if (to.applianceMode !== true) return exitSubnet(w.net, to, entryAz, dstAz);
  const pin = w.pinned.get(to.id);
  const x = (pin === undefined ? undefined : attachmentSubnet(w.net, to, pin)) ?? exitSubnet(w.net, to, entryAz, dstAz);
  if (x && pin === undefined) w.pinned.set(to.id, x.az);
  return x;
}

const applianceWhy = (w: Walk, to: TgwAttachment): string =>
  to.applianceMode === true ? ` (appliance mode: the flow is pinned to ${w.pinned.get(to.id) ?? '?'} in both directions)` : '';

/**
 * A packet entering transit gateway `tgwId` from attachment `from`: the TGW route table
 * associated with that attachment decides.
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
 */
function transitGateway(w: Walk, tgwId: string, from: string, p: Pkt, az: string | undefined): End {
  const net = w.net;
  w.viaTgw = true;
  if (++w.count > HOP_LIMIT) return stop(w, 'loop', null, tgwId, 'transit-gateway', `the packet was forwarded ${HOP_LIMIT} times: a forwarding loop`, p, 'routes', 'break the loop: route the destination to a gateway or its owner instead of back to an appliance');
  const tgw = net.tgws.get(tgwId)!;
  const rt = tgw.tableOf.get(from);
  if (!rt) return stop(w, 'no-route', tgw.id, tgw.id, 'transit-gateway', `attachment \`${from}\` is associated with no route table of \`${tgw.id}\``, p, `association of ${from}`, `associate \`${from}\` with a route table of \`${tgw.id}\``);
  const r = rt.lpm.lookup(p.v, p.dst);
  if (!r) return stop(w, 'no-route', rt.id, rt.id, 'transit-gateway-route-table', `no route in \`${rt.id}\` matches ${formatIp(p.dst)}`, p, `route to ${formatIp(p.dst)}`, `add a route or a propagation for ${formatIp(p.dst)} to \`${rt.id}\``);
  if (r.blackhole) {
    hop(w, rt.id, 'transit-gateway-route-table', 'drop', r.text, { step: 'route', why: 'the matching route is a blackhole', routeTable: rt.id, destination: r.destination, target: 'blackhole', table: rt.rows }, p);
    w.blockers.push({ component: rt.id, setting: `route ${r.text}`, fix: `remove the blackhole route for ${r.destination}` });
    return w.first ?? fail('blackhole', rt.id);
  }
  const to = r.attachment === undefined ? undefined : tgw.attachments.get(r.attachment);
  if (!to) return stop(w, 'blackhole', rt.id, rt.id, 'transit-gateway-route-table', `the route's attachment \`${r.attachment ?? ''}\` does not exist`, p, `route ${r.text}`, `point the route for ${r.destination} at an attachment of \`${tgw.id}\``);
  hop(w, rt.id, 'transit-gateway-route-table', 'forward', r.text, { step: 'route', why: r.propagated ? 'the most specific matching route, propagated from the attachment' : 'the most specific matching route (static)', routeTable: rt.id, destination: r.destination, target: to.id, table: rt.rows }, p);
  if (to.vpc !== undefined) {
    const vpc = net.vpcs.get(to.vpc)!;
    if (inAnyBlock(vpc.blocks, p.v, p.dst)) {
      const d = p.v === 4 ? vpc.owner4.get(p.dst as number) : vpc.owner6.get(p.dst as bigint);
      if (!d) return stop(w, 'unreachable-address', null, formatIp(p.dst), 'address', `no interface in \`${vpc.id}\` holds ${formatIp(p.dst)}`, p, 'destination address', 'send to an address an interface holds');
      const exit = tgwExit(w, to, az, d.subnet.az);
      if (!exit) return stop(w, 'blackhole', to.id, to.id, 'transit-gateway-attachment', `attachment \`${to.id}\` has no subnet`, p, 'attachment subnets', `add a subnet in ${d.subnet.az} to \`${to.id}\``);
      // Out of the attachment's subnet: its outbound rules (destination address), then the
      // destination subnet's inbound rules; when the destination is in the attachment's own
      // subnet, neither is evaluated. https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html
      tgwEniHop(w, to.id, exit, 'egress', `the packet leaves \`${tgw.id}\` through the network interface of attachment \`${to.id}\` in \`${exit.id}\`${applianceWhy(w, to)}`, p);
      if (exit !== d.subnet) {
        nacl(w, exit, false, p, `\`${exit.id}\` holds attachment \`${to.id}\` in ${exit.az}: its outbound rules filter traffic out of the transit gateway`);
        nacl(w, d.subnet, true, p);
      } else {
        hop(w, exit.nacl.id, 'network-acl', 'allow', undefined, { step: 'filter', direction: 'inbound', why: `not evaluated: \`${d.id}\` is in \`${exit.id}\`, the subnet of attachment \`${to.id}\`, and AWS evaluates neither the outbound nor the inbound rules for traffic from the transit gateway to its own subnet` }, p);
      }
      return arrive(w, d, p);
    }
    // Onward from the attachment's subnet (e.g. a central egress VPC): that subnet's route table.
    const s = tgwExit(w, to, az, undefined);
    if (!s) return stop(w, 'blackhole', to.id, to.id, 'transit-gateway-attachment', `attachment \`${to.id}\` has no subnet`, p, 'attachment subnets', `add a subnet to \`${to.id}\``);
    tgwEniHop(w, to.id, s, 'egress', `the packet leaves \`${tgw.id}\` through the network interface of attachment \`${to.id}\` in \`${s.id}\`${applianceWhy(w, to)}; that subnet's route table carries it on`, p);
    return route(w, s, undefined, p);
  }
  if (to.vpnConnection !== undefined) {
    // The TGW route table decides what enters a VPN attachment: for a VPN on a transit gateway,
    // static routes live in the TGW route table and are not filtered by the VPN
    // (https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-edit-static-routes.html,
    // https://docs.aws.amazon.com/vpc/latest/tgw/tgw-create-static-route.html); unlike a VGW,
    // no check against the connection's own routes.
    const v = net.model.index.vpnConnection.get(to.vpnConnection);
    if (!v || !v.up) return stop(w, 'blackhole', to.vpnConnection, to.vpnConnection, 'vpn-connection', `VPN connection \`${to.vpnConnection}\` has no tunnel up`, p, 'VPN tunnels', 'bring a tunnel of the VPN connection up');
    const network = externalNetworkOf(net, p, v);
    if (!network) return stop(w, 'unreachable-address', null, formatIp(p.dst), 'address', `no external network behind \`${v.id}\` holds ${formatIp(p.dst)}`, p, 'destination address', `declare the network holding ${formatIp(p.dst)} under externalNetworks, behind \`${v.customerGateway}\``);
    hop(w, v.id, 'vpn-connection', 'exit', undefined, { step: 'forward', why: `the VPN carries the packet to external network \`${network}\`` }, p);
    return { kind: 'external', network, pkt: p };
  }
  if (to.peerTransitGateway !== undefined) {
    // TGW peering: the packet enters the peer TGW through the peer's attachment back to this one;
    // peering attachments support static routes only (no propagation).
    // https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html
    const peer = net.tgws.get(to.peerTransitGateway);
    const back = peer ? [...peer.attachments.values()].find((a) => a.peerTransitGateway === tgw.id) : undefined;
    if (!peer || !back) return stop(w, 'blackhole', to.id, to.id, 'transit-gateway-attachment', `the peer transit gateway \`${to.peerTransitGateway}\` has no peering attachment back to \`${tgw.id}\``, p, 'peering attachment', `add a peering attachment to \`${to.peerTransitGateway}\` that points back to \`${tgw.id}\``);
    hop(w, to.id, 'transit-gateway-attachment', 'forward', undefined, { step: 'forward', why: `the peering attachment carries the packet to \`${peer.id}\`` }, p);
    return transitGateway(w, peer.id, back.id, p, az);
  }
  throw new NotModelled(`transit gateway attachment \`${to.id}\``);
}

/**
 * A packet from an external network enters AWS through the VPN connection it is behind (`via`
 * a VPN connection id), or the first VPN of its customer gateway whose tunnels are up.
 */
function external(w: Walk, network: ExternalC, p: Pkt): End {
  const net = w.net;
  const via = network.m.via;
  const vpn = via === undefined ? undefined : net.model.network.vpnConnections.find((v) => (v.id === via || v.customerGateway === via) && v.up);
  if (!vpn) return stop(w, 'no-route', network.id, network.id, 'external-network', `\`${network.id}\` has no VPN connection with a tunnel up`, p, 'VPN connection', 'connect the network through a VPN whose tunnels are up');
  hop(w, vpn.id, 'vpn-connection', 'forward', undefined, { step: 'forward', why: `the packet enters AWS through VPN connection \`${vpn.id}\`` }, p);
  if (vpn.transitGateway !== undefined) {
    const tgw = net.tgws.get(vpn.transitGateway);
    const att = tgw ? [...tgw.attachments.values()].find((a) => a.vpnConnection === vpn.id) : undefined;
    if (!tgw || !att) return stop(w, 'no-route', vpn.id, vpn.id, 'vpn-connection', `\`${vpn.id}\` has no transit gateway attachment`, p, 'attachment', `add an attachment for \`${vpn.id}\` to \`${vpn.transitGateway}\``);
    return transitGateway(w, tgw.id, att.id, p, undefined);
  }
  const g = vpn.vpnGateway === undefined ? undefined : net.vgws.get(vpn.vpnGateway)?.m;
  if (g && p.v === 6) return stop(w, 'unsupported', g.id, g.id, 'vpn-gateway', 'a virtual private gateway does not carry IPv6 traffic', p, 'IPv6', 'connect IPv6 networks through a transit gateway VPN attachment');
  const vpc = g?.vpc === undefined ? undefined : net.vpcs.get(g.vpc);
  if (!g || !vpc || !inAnyBlock(vpc.blocks, p.v, p.dst)) {
    const id = vpn.vpnGateway ?? vpn.id;
    return stop(w, 'no-route', id, id, 'vpn-gateway', `${formatIp(p.dst)} is not inside the VPC of \`${id}\``, p, `route to ${formatIp(p.dst)}`, g?.vpc === undefined ? `attach \`${id}\` to a VPC` : `send to an address inside \`${g.vpc}\`, or connect through a transit gateway`);
  }
  hop(w, g.id, 'vpn-gateway', 'forward', undefined, { step: 'forward', why: `the virtual private gateway delivers into \`${vpc.id}\` (the local route)` }, p);
  const d = p.v === 4 ? vpc.owner4.get(p.dst as number) : vpc.owner6.get(p.dst as bigint);
  if (!d) return stop(w, 'unreachable-address', null, formatIp(p.dst), 'address', `no interface in \`${vpc.id}\` holds ${formatIp(p.dst)}`, p, 'destination address', 'send to an address an interface holds');
  nacl(w, d.subnet, true, p);
  return arrive(w, d, p);
}

// ---- endpoints -----------------------------------------------------------------------

type Endpoint =
  | { readonly kind: 'iface'; readonly iface: IfaceC; readonly v: 4 | 6; readonly addr: Addr }
  | { readonly kind: 'internet'; readonly v: 4 | 6; readonly addr: Addr }
  | { readonly kind: 'external'; readonly network: ExternalC; readonly v: 4 | 6; readonly addr: Addr }
  | { readonly kind: 'service'; readonly service: string; readonly region: string; readonly v: 4 | 6; readonly addr: Addr; readonly viaInterfaceEndpoint?: string | undefined; readonly iface?: IfaceC | undefined; readonly viaGatewayEndpoint?: string | undefined; readonly dns?: { readonly vpc: string; readonly endpoint: string; readonly why: string } | undefined };

const ip = (text: string) => parseIp(text);

/**
 * Where `service:X` goes from an interface: an interface endpoint of its VPC with private DNS
 * (the regional name resolves to the endpoint's interfaces; the one in the source's AZ is
 * used), else the service's public address (in its prefix list for S3/DynamoDB: the scenario's
 * own `prefixLists[]` entry when it declares one, else the AWS-managed snapshot), which the
 * route table sends to a gateway endpoint or toward the internet.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
 * Private DNS names resolve to the endpoint only when the VPC has both enableDnsSupport and
 * enableDnsHostnames on; otherwise the name resolves to the public service address.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html
 */
function resolveService(net: CompiledNetwork, service: string, src: Endpoint): Endpoint {
  if (src.kind !== 'iface') throw new NotModelled('a `service:` destination from outside a VPC');
  const from = src.iface;
  const vm = from.vpc.m;
  const dnsOn = vm.enableDnsSupport && vm.enableDnsHostnames;
  let dns: { vpc: string; endpoint: string; why: string } | undefined;
  for (const e of net.model.network.vpcEndpoints) {
    if (e.type !== 'interface' || e.vpc !== from.vpc.id || e.service !== service || !e.privateDns) continue;
    let pick: IfaceC | undefined;
    for (const id of e.interfaces) {
      const i = net.ifaces.get(id);
      if (!i) continue;
      if (pick === undefined) pick = i;
      if (i.subnet.az === from.subnet.az) { pick = i; break; }
    }
    if (!pick) continue;
    if (!dnsOn) {
      const off = [vm.enableDnsSupport ? undefined : 'enableDnsSupport', vm.enableDnsHostnames ? undefined : 'enableDnsHostnames'].filter((x) => x !== undefined).join(' and ');
      dns ??= { vpc: from.vpc.id, endpoint: e.id, why: `\`${from.vpc.id}\` has ${off} off: the private DNS name of interface endpoint \`${e.id}\` does not resolve in the VPC (it needs enableDnsSupport and enableDnsHostnames), so \`service:${service}\` resolves to the service's public address` };
      continue;
    }
    return { kind: 'service', service, region: from.m.region, v: 4, addr: pick.priv4, viaInterfaceEndpoint: e.id, iface: pick };
  }
  const pl = prefixListIn(net.model.index, `pl-${service}`, from.m.region);
  const block = pl && !(pl.awsManaged && pl.region !== from.m.region) ? pl.blocks[0] : undefined;
  if (block && block.version === 4) return { kind: 'service', service, region: from.m.region, v: 4, addr: (block.base as number) + 1, dns };
  return { kind: 'service', service, region: from.m.region, v: 4, addr: ip(DEFAULT_SERVICE_IP)!.value, dns };
}

function resolveEndpoint(net: CompiledNetwork, text: string, role: 'from' | 'to', other?: Endpoint): Endpoint | string {
  const model = net.model;
  if (text === 'internet' || text.startsWith('internet:')) {
    const a = ip(text === 'internet' ? DEFAULT_INTERNET_IP : text.slice('internet:'.length));
    return a ? { kind: 'internet', v: a.version, addr: a.value } : `\`${text}\`: not an internet address (write \`internet:8.8.8.8\`)`;
  }
  if (text.startsWith('service:')) {
    if (role === 'to' && other) return resolveService(net, text.slice('service:'.length), other);
    throw new NotModelled('a `service:` endpoint as the source');
  }
  if (text.startsWith('external:')) {
    const rest = text.slice('external:'.length);
    const colon = rest.indexOf(':');
    const id = colon < 0 ? rest : rest.slice(0, colon);
    const n = net.externalById.get(id);
    if (!n) return `unknown external network \`${id}\``;
    if (colon < 0) {
      // the network's first address stands for it
      const b = n.blocks[0]!;
      const first = b.v === 4 ? ((b.base as number) + (b.prefix < 32 ? 1 : 0)) : (b.base as bigint) + 1n;
      return { kind: 'external', network: n, v: b.v, addr: first };
    }
    const a = ip(rest.slice(colon + 1));
    if (!a || !inAnyBlock(n.blocks, a.version, a.value)) return `\`${rest.slice(colon + 1)}\` is not an address of external network \`${id}\``;
    return { kind: 'external', network: n, v: a.version, addr: a.value };
  }
  const vpce = role === 'to' && other ? model.index.vpcEndpoint.get(text) : undefined;
  if (vpce && other) {
    // A VPC endpoint as the destination: its service, through that endpoint.
    if (other.kind !== 'iface') throw new NotModelled(`endpoint \`${vpce.id}\` as the destination of a flow from outside a VPC`);
    if (vpce.vpc !== other.iface.vpc.id) return `\`${vpce.id}\` is an endpoint of \`${vpce.vpc}\`, not of the source's VPC \`${other.iface.vpc.id}\``;
    if (vpce.type === 'interface') {
      let pick: IfaceC | undefined;
      for (const id of vpce.interfaces) {
        const i = net.ifaces.get(id);
        if (!i) continue;
        if (pick === undefined) pick = i;
        if (i.subnet.az === other.iface.subnet.az) { pick = i; break; }
      }
      if (!pick) return `interface endpoint \`${vpce.id}\` has no interface`;
      return { kind: 'service', service: vpce.service, region: vpce.region, v: 4, addr: pick.priv4, viaInterfaceEndpoint: vpce.id, iface: pick };
    }
    const svc = resolveService(net, vpce.service, other);
    return svc.kind === 'service' ? { ...svc, viaInterfaceEndpoint: undefined, iface: undefined, viaGatewayEndpoint: vpce.id } : svc;
  }
  let iface: IfaceC | undefined;
  const inst = model.index.instance.get(text);
  if (inst) {
    iface = net.ifaces.get(inst.interfaces[0]!);
    // from the internet, an instance is reached at the public address of any of its interfaces
    // (eth0's first); `eni-...` names a particular one
    if (role === 'to' && other?.kind === 'internet' && other.v === 4 && iface?.pub4 === undefined) {
      const pub = inst.interfaces.map((id) => net.ifaces.get(id)).find((i) => i?.pub4 !== undefined);
      if (pub) iface = pub;
    }
  }
  else if (role === 'to' && net.natIface.has(text)) iface = net.natIface.get(text);
  else iface = net.ifaces.get(text);
  if (!iface) {
    const known = model.index.byId.get(text);
    if (known) throw new NotModelled(`a ${known.kind} (\`${text}\`) as the ${role === 'from' ? 'source' : 'destination'}`);
  }
  if (iface) {
    if (iface.ownerKind !== 'instance' && iface.ownerKind !== 'interface' && !(role === 'to' && (iface.ownerKind === 'nat-gateway' || iface.ownerKind === 'vpc-endpoint'))) {
      throw new NotModelled(`an interface owned by a ${iface.ownerKind} (\`${iface.id}\`) as the ${role === 'from' ? 'source' : 'destination'}`);
    }
    // From the internet, an interface is addressed by its public IPv4 (or its IPv6 address).
    if (role === 'to' && other?.kind === 'internet') {
      if (other.v === 6) return iface.addrs6.length > 0 ? { kind: 'iface', iface, v: 6, addr: iface.addrs6[0]! } : 'no-public-ip';
      return iface.pub4 !== undefined ? { kind: 'iface', iface, v: 4, addr: iface.pub4 } : 'no-public-ip';
    }
    if (role === 'to' && other?.kind === 'iface' && other.v === 6 && iface.addrs6.length > 0) return { kind: 'iface', iface, v: 6, addr: iface.addrs6[0]! };
    return { kind: 'iface', iface, v: 4, addr: iface.priv4 };
  }
  const a = ip(text);
  if (!a) return `unknown endpoint \`${text}\``;
  const owner = (a.version === 4 ? net.anyOwner4.get(a.value as number) : net.anyOwner6.get(a.value as bigint)) ?? (a.version === 4 ? net.public4.get(a.value as number) : undefined);
  if (owner && owner.ownerKind !== 'instance' && owner.ownerKind !== 'interface' && !(role === 'to' && (owner.ownerKind === 'nat-gateway' || owner.ownerKind === 'vpc-endpoint'))) {
    throw new NotModelled(`an address of a ${owner.ownerKind} interface (\`${owner.id}\`) as the source`);
  }
  if (owner) return { kind: 'iface', iface: owner, v: a.version, addr: a.value };
  // an address inside a declared external network is that network's (`external:ID:IP`)
  for (const n of net.externals) if (inAnyBlock(n.blocks, a.version, a.value)) return { kind: 'external', network: n, v: a.version, addr: a.value };
  return { kind: 'internet', v: a.version, addr: a.value };
}

// ---- the trace -----------------------------------------------------------------------

const EMPTY: readonly Hop[] = [];

/** The disposition of a flow that reached each kind of destination; these four are `reachable`. */
const SUCCESS: Record<Endpoint['kind'], Disposition> = { iface: 'delivered', service: 'exits-service', external: 'exits-external', internet: 'exits-internet' };
const REACHED: ReadonlySet<Disposition> = new Set(Object.values(SUCCESS));

function result(
  disposition: Disposition,
  blockedBy: string | null,
  fwd: Walk | undefined,
  back: Walk | undefined,
  blockers: readonly Blocker[],
  errors: readonly Diagnostic[],
  service?: ServiceAccess,
): Trace {
  const reachable = REACHED.has(disposition);
  return { reachable, disposition, blockedBy: reachable ? null : blockedBy, blockers, forward: fwd?.hops ?? EMPTY, return: back?.hops ?? EMPTY, service, errors };
}

const invalid = (field: 'from' | 'to' | 'protocol' | 'port', message: string, hint?: string): Trace =>
  result('invalid-flow', null, undefined, undefined, [], [error('invalid-flow', ['flow', field], message, hint)]);

/**
 * Traces a flow through the model: the forward path, the reply, the disposition, what blocks
 * it and why. Never throws: a bad flow gives `invalid-flow`, an unmodelled path `not-implemented`.
 */
export function trace(model: Model, flow: Flow): Trace {
  try {
    return run(compileNetwork(model), flow);
  } catch (e) {
    // INVARIANT: only NotModelled is expected here; anything else is a tracer bug, reported, never thrown
    const d = e instanceof NotModelled
      ? error('trace-not-implemented', ['flow'], `vpcsim does not model this path: ${e.message}`)
      : error('trace-internal-error', ['flow'], `the tracer failed: ${e instanceof Error ? e.message : String(e)}`, 'please report this with the scenario and the flow');
    return result('not-implemented', null, undefined, undefined, [], [d]);
  }
}

function run(net: CompiledNetwork, flow: Flow): Trace {
  const proto = protocolNumber(flow.protocol);
  if (proto === undefined || proto === -1) return invalid('protocol', `cannot trace protocol \`${String(flow.protocol)}\``, 'use tcp, udp, icmp, icmpv6 or a protocol number');
  if ((proto === 6 || proto === 17) && flow.port === undefined) return invalid('port', `a ${protocolName(proto)} flow needs a destination port`, 'add `port: 443`');
  if (flow.port !== undefined && (!Number.isInteger(flow.port) || flow.port < 0 || flow.port > 65535)) return invalid('port', `port \`${flow.port}\` is not 0 to 65535`);
  if (flow.srcPort !== undefined && (!Number.isInteger(flow.srcPort) || flow.srcPort < 0 || flow.srcPort > 65535)) return invalid('port', `source port \`${flow.srcPort}\` is not 0 to 65535`);
  let src = resolveEndpoint(net, flow.from, 'from');
  if (typeof src === 'string') return invalid('from', src);
  // An interface talking to an IPv6 address uses its own IPv6 address.
  const toIp = ip(flow.to.startsWith('internet:') ? flow.to.slice('internet:'.length) : flow.to.startsWith('external:') ? flow.to.slice(flow.to.indexOf(':', 'external:'.length) + 1) : flow.to);
  if (src.kind === 'iface' && toIp?.version === 6 && src.v === 4) {
    const v6 = src.iface.addrs6[0];
    if (v6 === undefined) return invalid('from', `\`${flow.from}\` has no IPv6 address to reach \`${flow.to}\``, 'assign it an IPv6 address');
    src = { kind: 'iface', iface: src.iface, v: 6, addr: v6 };
  }
  if (src.kind === 'internet' && flow.from !== 'internet' && !flow.from.startsWith('internet:') && notInternetRoutable(net, src.v, src.addr)) {
    return invalid('from', `no interface holds \`${flow.from}\`, and it is not an internet address`);
  }
  const dst = resolveEndpoint(net, flow.to, 'to', src);
  if (dst === 'no-public-ip') {
    const d = resolveEndpoint(net, flow.to, 'from');
    const id = typeof d === 'string' || d.kind !== 'iface' ? null : d.iface.id;
    const blockers: Blocker[] = id ? [{ component: id, setting: 'public IP', fix: `assign a public or Elastic IP to \`${id}\`` }] : [];
    const w = new Walk(net, false, [], blockers);
    if (id) w.hops.push({ component: id, kind: 'network-interface', verdict: 'drop', detail: { step: 'drop', why: `\`${id}\` has no public IP: nothing on the internet can address it` } });
    return result('no-public-ip', id, w, undefined, blockers, []);
  }
  if (typeof dst === 'string') return invalid('to', dst);
  if (src.kind === 'internet' && dst.kind === 'internet') return invalid('to', 'both ends are on the internet');
  if (src.kind === 'service') return invalid('from', 'a service cannot be the source');
  if (src.kind !== 'iface' && dst.kind !== 'iface') return invalid('to', 'neither end is in a VPC');
  if (src.v !== dst.v) return invalid('to', 'the two ends use different address families (IPv4 and IPv6)');
  // ICMP is IPv4's (protocol 1); IPv6 has its own, ICMPv6 (protocol 58)
  if (proto === 1 && src.v === 6) return invalid('protocol', 'ICMP (protocol 1) does not run over IPv6', 'use `icmpv6` for IPv6 addresses');
  if (proto === 58 && src.v === 4) return invalid('protocol', 'ICMPv6 (protocol 58) does not run over IPv4', 'use `icmp` for IPv4 addresses');
  const isIcmp = proto === 1 || proto === 58;
  const pkt: Pkt = {
    v: src.v,
    src: src.addr,
    dst: dst.addr,
    proto,
    srcPort: isIcmp ? 0 : flow.srcPort ?? DEFAULT_SRC_PORT,
    dstPort: isIcmp ? 0 : flow.port ?? 0,
    icmpType: isIcmp ? flow.icmpType ?? (proto === 1 ? 8 : 128) : 0,
    icmpCode: isIcmp ? flow.icmpCode ?? 0 : 0,
  };
  // Interface endpoints carry TCP over IPv4 only, however they are addressed (`service:X`, the
  // endpoint id, an interface id or an IP address); vpcsim models endpoint interfaces as IPv4.
  // https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
  const viaEndpoint = dst.kind === 'service' ? dst.viaInterfaceEndpoint : dst.kind === 'iface' && dst.iface.m.owner.kind === 'vpc-endpoint' ? dst.iface.m.owner.vpcEndpoint : undefined;
  if (viaEndpoint !== undefined && (proto !== 6 || pkt.v !== 4)) {
    const e = viaEndpoint;
    const what = proto !== 6 ? `${protocolName(proto)} traffic` : 'IPv6 traffic';
    const blockers: Blocker[] = [{ component: e, setting: 'protocol', fix: `send TCP over IPv4: interface endpoint \`${e}\` accepts nothing else` }];
    const w = new Walk(net, false, [], blockers);
    hop(w, e, 'vpc-endpoint', 'drop', undefined, { step: 'drop', why: `interface endpoint \`${e}\` accepts TCP over IPv4 only, not ${what}` }, pkt);
    return result('unsupported', e, w, undefined, blockers, []);
  }
  if (dst.kind === 'iface' && src.kind === 'iface' && dst.iface === src.iface) return invalid('to', 'the source and the destination are the same interface');

  const blockers: Blocker[] = [];
  const w = new Walk(net, false, [], blockers);
  const dnsOff = dst.kind === 'service' ? dst.dns : undefined;
  if (dnsOff) hop(w, dnsOff.vpc, 'vpc', 'forward', undefined, { step: 'forward', why: dnsOff.why }, pkt);
  let tr = runFrom(w, net, flow, src, dst, pkt, proto, isIcmp);
  if (dst.kind === 'service' && tr.disposition === 'no-route') {
    // a route to the service's public address is rarely what one wants: say how services are reached
    const target = formatIp(pkt.dst);
    const how = (b: Blocker): Blocker =>
      b.setting === `route to ${target}`
        ? { ...b, fix: `reach ${dst.service} through an endpoint (a gateway endpoint for s3 or dynamodb adds its prefix-list route to \`${b.component}\`; an interface endpoint with private DNS for other services), or route 0.0.0.0/0 in \`${b.component}\` to a NAT gateway or an internet gateway` }
        : b;
    tr = { ...tr, blockers: tr.blockers.map(how) };
  }
  if (dnsOff && !tr.reachable) {
    const b: Blocker = { component: dnsOff.vpc, setting: 'enableDnsSupport, enableDnsHostnames', fix: `turn on enableDnsSupport and enableDnsHostnames in \`${dnsOff.vpc}\` so the service name resolves to interface endpoint \`${dnsOff.endpoint}\`` };
    return { ...tr, blockers: [b, ...tr.blockers] };
  }
  return tr;
}

function runFrom(w: Walk, net: CompiledNetwork, flow: Flow, src: Endpoint, dst: Endpoint, pkt: Pkt, proto: number, isIcmp: boolean): Trace {
  const blockers = w.blockers;
  const fwd: End = src.kind === 'iface' ? send(w, src.iface, pkt) : src.kind === 'external' ? external(w, src.network, pkt) : internet(w, pkt);
  if (fwd.kind === 'fail') return result(fwd.disposition, fwd.blockedBy, w, undefined, blockers, []);

  // The forward packet must end where the flow said.
  let service: ServiceAccess | undefined;
  let elsewhere: Disposition | undefined;
  if (dst.kind === 'service') {
    const ok = dst.iface
      ? fwd.kind === 'delivered' && fwd.iface === dst.iface
      : dst.viaGatewayEndpoint !== undefined
        ? fwd.kind === 'service' && fwd.endpoint === dst.viaGatewayEndpoint
        : fwd.kind === 'service' || fwd.kind === 'internet';
    if (!ok) elsewhere = 'unreachable-address';
    else if (src.kind === 'iface') {
      if (dst.viaInterfaceEndpoint !== undefined) {
        service = { service: dst.service, region: dst.region, via: 'interface-endpoint', vpc: src.iface.vpc.id, endpoint: dst.viaInterfaceEndpoint, vpcSourceIp: formatIp(src.addr) };
      } else if (fwd.kind === 'service') {
        const e = net.model.index.vpcEndpoint.get(fwd.endpoint);
        service = { service: dst.service, region: e?.region ?? dst.region, via: 'gateway-endpoint', vpc: src.iface.vpc.id, endpoint: fwd.endpoint, vpcSourceIp: formatIp(src.addr) };
      } else {
        service = { service: dst.service, region: dst.region, via: 'internet', sourceIp: formatIp(fwd.pkt.src) };
      }
    }
  } else if (dst.kind === 'iface') {
    if (fwd.kind !== 'delivered' || fwd.iface !== dst.iface) elsewhere = fwd.kind === 'internet' ? 'no-route' : 'unreachable-address';
  } else if (dst.kind === 'external') {
    if (fwd.kind !== 'external' || fwd.network !== dst.network.id) elsewhere = fwd.kind === 'internet' ? 'no-route' : 'unreachable-address';
  } else if (fwd.kind !== 'internet') {
    elsewhere = 'unreachable-address';
  }
  if (elsewhere !== undefined) {
    const where = fwd.kind === 'delivered' ? `\`${fwd.iface.id}\`` : fwd.kind === 'service' ? `\`${fwd.endpoint}\`` : fwd.kind === 'external' ? `\`${fwd.network}\`` : 'the internet';
    if (dst.kind === 'service' && dst.viaGatewayEndpoint !== undefined && src.kind === 'iface') {
      // the source subnet's table does not send the service's prefix list to this endpoint
      const rt = src.iface.subnet.routeTable.id;
      blockers.push({ component: rt, setting: `route to pl-${dst.service}`, fix: `associate \`${rt}\` with gateway endpoint \`${dst.viaGatewayEndpoint}\`` });
      return result(w.first?.disposition ?? 'no-route', w.first?.blockedBy ?? rt, w, undefined, blockers, []);
    }
    blockers.push({ component: formatIp(dst.addr), setting: 'destination', fix: `the packet ends at ${where}, not at \`${flow.to}\`: check the routes toward it` });
    return result(w.first?.disposition ?? elsewhere, w.first?.blockedBy ?? null, w, undefined, blockers, []);
  }

  // An ICMP message that is not a query (destination unreachable, time exceeded, an echo
  // reply...) has no reply (RFC 792, RFC 4443): delivering it is the whole flow.
  if (isIcmp && ICMP_REPLY[fwd.pkt.icmpType] === undefined) {
    if (w.first) return result(w.first.disposition, w.first.blockedBy, w, undefined, blockers, [], service);
    return result(SUCCESS[dst.kind], null, w, undefined, blockers, [], service);
  }

  // The reply: addresses and ports swapped, back through the real return route; security
  // groups admit it (stateful), network ACLs evaluate it again.
  const last = fwd.pkt;
  const rpkt: Pkt = {
    v: last.v,
    src: last.dst,
    dst: last.src,
    proto,
    srcPort: last.dstPort,
    dstPort: last.srcPort,
    icmpType: isIcmp ? ICMP_REPLY[last.icmpType] ?? last.icmpType : 0,
    icmpCode: last.icmpCode,
  };
  const rw = new Walk(net, true, w.nat, blockers);
  rw.ps = w.ps;
  rw.pinned = w.pinned;
  let back: End;
  if (fwd.kind === 'delivered') back = send(rw, fwd.iface, rpkt);
  else if (fwd.kind === 'service') {
    // the reply comes back through the gateway endpoint into the source subnet
    const srcIface = src.kind === 'iface' ? src.iface : undefined;
    if (!srcIface) back = fail('reply-denied', null);
    else {
      hop(rw, fwd.endpoint, 'vpc-endpoint', 'forward', undefined, { step: 'forward', why: 'the service replies through the gateway endpoint' }, rpkt);
      nacl(rw, srcIface.subnet, true, rpkt);
      if (rw.first) back = rw.first;
      else {
        eniHop(rw, srcIface, 'ingress', srcIface.id, 'network-interface', 'deliver', { step: 'deliver', why: 'the reply reaches the source' }, rpkt);
        back = { kind: 'delivered', iface: srcIface, pkt: rpkt };
      }
    }
  } else if (fwd.kind === 'external') back = external(rw, net.externalById.get(fwd.network)!, rpkt);
  else back = internet(rw, rpkt);
  if (back.kind !== 'fail' && rw.first) back = rw.first;
  const ok = src.kind === 'iface' ? back.kind === 'delivered' && back.iface === src.iface : src.kind === 'external' ? back.kind === 'external' && back.network === src.network.id : back.kind === 'internet';
  if (w.first) return result(w.first.disposition, w.first.blockedBy, w, rw, blockers, [], service);
  const success = SUCCESS[dst.kind];
  if (ok) return result(success, null, w, rw, blockers, [], service);
  if (back.kind !== 'fail') blockers.push({ component: 'return path', setting: 'return route', fix: 'route the reply back the way the request came (asymmetric routing)' });
  return result('reply-denied', back.kind === 'fail' ? back.blockedBy : null, w, rw, blockers, [], service);
}
