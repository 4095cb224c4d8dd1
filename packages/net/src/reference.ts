// A slow, literal reference tracer (STYLE.md item 20), written straight from semantics.md and
// AWS's documentation, independently of the fast tracer. Linear scans only: no indexes, no
// tries, no caches. Differential tests (test/reference.test.ts) run both on random topologies
// and assert they agree.
//
// Sources:
// - Route tables, longest prefix match, local route priority:
//   https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
// - Network ACLs (stateless, numbered rules, first match, ephemeral ports for replies):
//   https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
// - Security groups (stateful, allow only, references match private IPs):
//   https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
//   https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
// - Internet gateways (1:1 NAT of public IPv4, IPv6 untranslated):
//   https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
// - Egress-only internet gateways: https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
// - NAT gateways: https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
// - NAT instances (source/destination check): https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html
// - Peering, not transitive: https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html
// - Gateway endpoints: https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
// - Interface endpoints and private DNS: https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
// - Transit gateway route tables: https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
// - VGW route propagation and priority: https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
//
// What the reference models: instances and interfaces, subnets, route tables (declared CIDR and
// prefix-list routes, the implicit local routes, routes propagated from a VGW), network ACLs,
// security groups (CIDR, prefix list and group references), internet gateways with public IPs,
// egress-only internet gateways, NAT gateways, NAT instances and appliances (interface route
// targets), active and inactive peering, gateway and interface endpoints (`service:X`), transit
// gateways with VPC and VPN attachments, VGW VPNs, and `external:net:ip` endpoints.
// - Network ACLs with transit gateway VPC attachments, and AZ affinity:
//   https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html
//   https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html#tgw-az-overview
// - VPN connections carry only their static routes (static) or advertised networks (BGP):
//   https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
// - Private DNS needs enableDnsSupport and enableDnsHostnames:
//   https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html
// - Interface endpoints: TCP over IPv4 only, however addressed:
//   https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
// - TGW appliance mode (the reply pinned to the request's AZ):
//   https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
// Issue 13 (the behaviours the fast tracer models too; compared on reachable, disposition, blockedBy):
// - Stateful appliances: an interface with the source/destination check off keeps connection
//   state (unless `stateless: true`; a NAT instance always); a reply reaching such an instance
//   (any of its interfaces) that the request did not cross is dropped there (`reply-denied`, the
//   interface). Asymmetric routing through appliances is not supported:
//   https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
//   https://docs.aws.amazon.com/vpc/latest/userguide/gwlb-route.html
//   https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html ("Asymmetric routing is not supported")
//   https://docs.aws.amazon.com/network-firewall/latest/developerguide/asymmetric-routing.html
// - A security group reference admits traffic from the network interfaces that carry the group:
//   once an appliance (not a NAT) forwards a packet, it arrives from the appliance's interface,
//   and no reference to the sender's group matches it any more:
//   https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
// - NAT gateways carry TCP, UDP and ICMP only ("A NAT gateway supports the following protocols"):
//   https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html
// - NAT64: IPv6 to 64:ff9b::/96 routed to a NAT gateway leaves as IPv4 from its private address,
//   the reply comes back as IPv6 from 64:ff9b::<IPv4 source>:
//   https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-nat64-dns64.html
// - Interface endpoints are reachable from peered VPCs, transit gateways and on premises (by the
//   private address of an endpoint interface); gateway endpoints serve only their own VPC:
//   https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html
//   https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
// - Blackhole routes (the route's target is not available: a detached gateway, a deleted peering):
//   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Route.html
// - The local route's target replaced by an appliance (middlebox inspection between subnets), with
//   the local route's priority: https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#route-table-routes
//   https://docs.aws.amazon.com/vpc/latest/userguide/replace-local-route-target.html
// - Gateway route tables (edge associations) route what enters through an internet gateway (after
//   its 1:1 NAT) or a virtual private gateway: https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
// - Direct Connect (virtual interfaces and their states, Direct Connect gateways and allowed
//   prefixes, public VIFs, route priority between Direct Connect and VPN, VPN over a public VIF):
//   https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html
//   https://docs.aws.amazon.com/directconnect/latest/APIReference/API_VirtualInterface.html
//   https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html
//   https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html
//   https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
//   https://docs.aws.amazon.com/directconnect/latest/UserGuide/routing-and-bgp.html
//   https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html
//   https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
//   https://docs.aws.amazon.com/whitepapers/latest/aws-vpc-connectivity-options/aws-direct-connect-site-to-site-vpn.html
// - Load balancers (application, network, classic): a node per subnet, listeners, the load
//   balancer's security groups, target groups, health checks from each node, fail-open,
//   cross-zone load balancing, client IP preservation, replies through the node, an application
//   load balancer behind a network load balancer:
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-healthchecks.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html
// - Gateway Load Balancer endpoints as route targets (GENEVE UDP 6081 to an appliance, back
//   through the endpoint, then the endpoint subnet's route table):
//   https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/gateway-load-balancers.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/target-group-register-targets.html
// Conventions of vpcsim the reference follows (not AWS's to say): a flow to a load balancer by
// id reaches the node in the client's zone, else the first (from the internet: the first with a
// public address; a network load balancer's node that sends to no target is left out, as its DNS
// entry is); a node opens its connections from port 49152; the targets it sends to are listed
// first; a gateway load balancer takes the first appliance it sends to.
// Simplifications: a packet routed onward out of a TGW attachment subnet has no interface to take
// a public IP from. A packet from a transit gateway to an address of the attached VPC follows the
// attachment subnet's route table only where that table does not send it to the local route (a
// replaced local target or a middlebox route): then it is routed from that subnet. Where AWS picks among several virtual
// interfaces by BGP attributes (local preference, AS_PATH), the reference takes the external
// network's `via` order (primary first).
// What it does not model (TGW peering attachments, `external:net` without an address, `service:`
// from the internet, IPv6 over Direct Connect, IPv6 clients of load
// balancers) ends in `modelled: false`, so a differential test skips the case.
import { cidrContains, cidrOf, parseIp, pushAll, type CidrBlock, type IpAddress, type Model, type ModelNetworkInterface, type ModelSubnet } from '@vpcsim/model';
import type { Disposition, Flow } from './trace-types.js';

/** The reference's answer: the verdict only, plus whether the reference models the path at all. */
export interface ReferenceResult {
  readonly reachable: boolean;
  readonly disposition: Disposition;
  readonly blockedBy: string | null;
  /** False when the path needs behaviour the reference does not model: skip the comparison. */
  readonly modelled: boolean;
  /** Why the reference could not model it (for coverage reports). */
  readonly note?: string | undefined;
  /** For a load balancer: whether each target is reachable through its leg (an application load balancer's own targets nested). */
  readonly targets?: readonly ReferenceTarget[] | undefined;
}

/** A load balancer target's verdict, as the reference sees it. */
export interface ReferenceTarget {
  readonly target: string;
  readonly reachable: boolean;
  readonly targets?: readonly ReferenceTarget[] | undefined;
}

/** The internet address used for a bare `internet` endpoint (TEST-NET-3, documentation range). */
export const REFERENCE_DEFAULT_INTERNET_IP = '203.0.113.10';
export const REFERENCE_DEFAULT_INTERNET_IP6 = '2001:db8::10';
const DEFAULT_SRC_PORT = 49152;
const HOP_LIMIT = 64;

interface Packet {
  readonly src: IpAddress;
  readonly dst: IpAddress;
  readonly proto: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly icmpType: number;
  readonly icmpCode: number;
}

/** A NAT translation remembered for the reply (NAT gateway or NAT instance interface). */
interface NatEntry {
  readonly iface: string;
  readonly original: IpAddress;
  readonly translated: IpAddress;
  /** NAT64: the reply becomes IPv6 again (nat-gateway-nat64-dns64.html). */
  readonly nat64?: boolean;
}

/** The well-known NAT64 prefix (RFC 6052), where DNS64 puts the IPv4 address of an IPv4-only name. */
const NAT64_PREFIX = '64:ff9b::/96';
const NAT64_BASE = cidrOf(NAT64_PREFIX).base as bigint;

type End =
  | { readonly kind: 'delivered'; readonly iface: ModelNetworkInterface; readonly pkt: Packet }
  | { readonly kind: 'internet'; readonly pkt: Packet }
  | { readonly kind: 'service'; readonly endpoint: string; readonly pkt: Packet }
  | { readonly kind: 'external'; readonly network: string; readonly pkt: Packet }
  /** A load balancer's listener took the connection at a node. */
  | { readonly kind: 'lb'; readonly node: RefNode; readonly listener: number; readonly pkt: Packet }
  | { readonly kind: 'fail'; readonly disposition: Disposition; readonly blockedBy: string | null }
  | { readonly kind: 'unmodelled'; readonly note: string };

class Unmodelled extends Error {}

const sameIp = (a: IpAddress, b: IpAddress): boolean => a.version === b.version && a.value === b.value;
const ip = (text: string): IpAddress | undefined => parseIp(text);

function protocolNumber(p: string | number | undefined): number | undefined {
  if (p === undefined) return 6;
  if (typeof p === 'number') return p;
  switch (p) {
    case 'tcp': return 6;
    case 'udp': return 17;
    case 'icmp': return 1;
    case 'icmpv6': return 58;
    case 'all': case '-1': return -1;
  }
  return /^\d{1,3}$/.test(p) ? Number(p) : undefined;
}

function portsContain(ports: string | number | undefined, port: number): boolean {
  if (ports === undefined || ports === 'all') return true;
  if (typeof ports === 'number') return ports === port;
  const [a, b] = ports.split('-');
  const lo = Number(a);
  const hi = b === undefined ? lo : Number(b);
  return port >= lo && port <= hi;
}

/** Whether a rule's protocol/ports/ICMP fields match a packet (NACL and SG rules alike). */
function ruleMatchesTraffic(
  rule: { protocol: string | number; ports?: string | number | undefined; icmpType?: number | undefined; icmpCode?: number | undefined },
  pkt: Packet,
): boolean {
  const rp = protocolNumber(rule.protocol);
  if (rp === -1) return true;
  if (rp !== pkt.proto) return false;
  if (rp === 6 || rp === 17) return portsContain(rule.ports, pkt.dstPort);
  if (rp === 1 || rp === 58) {
    if (rule.icmpType !== undefined && rule.icmpType !== -1 && rule.icmpType !== pkt.icmpType) return false;
    if (rule.icmpCode !== undefined && rule.icmpCode !== -1 && rule.icmpCode !== pkt.icmpCode) return false;
  }
  return true;
}

function blockContains(text: string, a: IpAddress): boolean {
  const b: CidrBlock = cidrOf(text);
  return b.version === a.version && cidrContains(b, a.value);
}

function subnetOf(m: Model, id: string): ModelSubnet {
  for (const s of m.network.subnets) if (s.id === id) return s;
  throw new Unmodelled(`unknown subnet ${id}`);
}

function interfaceById(m: Model, id: string): ModelNetworkInterface | undefined {
  for (const i of allInterfaces(m)) if (i.id === id) return i;
  return undefined;
}

/** An interface by its id, or an instance's primary interface by its AWS id (`primaryInterfaceId`: consoles and flow logs name it so). */
function interfaceByIdOrAwsId(m: Model, id: string): ModelNetworkInterface | undefined {
  return interfaceById(m, id) ?? allInterfaces(m).find((i) => i.awsId === id);
}

function ownsIp(i: ModelNetworkInterface, a: IpAddress): boolean {
  for (const t of [i.privateIp, ...i.secondaryPrivateIps, ...i.ipv6Addresses]) {
    const x = ip(t);
    if (x && sameIp(x, a)) return true;
  }
  return false;
}

/** The interface of a VPC that holds a private address (IPv4 primary/secondary or IPv6). */
function ownerInVpc(m: Model, vpc: string, a: IpAddress): ModelNetworkInterface | undefined {
  for (const i of allInterfaces(m)) if (i.vpc === vpc && ownsIp(i, a)) return i;
  return undefined;
}

function ownerOfPublicIp(m: Model, a: IpAddress): ModelNetworkInterface | undefined {
  if (a.version !== 4) return undefined;
  for (const i of allInterfaces(m)) {
    const p = i.publicIp === undefined ? undefined : ip(i.publicIp);
    if (p && sameIp(p, a)) return i;
  }
  return undefined;
}

function vpcContains(m: Model, vpc: string, a: IpAddress): boolean {
  for (const v of m.network.vpcs) if (v.id === vpc) return v.blocks.some((b) => b.version === a.version && cidrContains(b, a.value));
  return false;
}

/**
 * Address space the internet does not route: private and shared (RFC 1918, RFC 6598), and the
 * special blocks RFC 6890 marks not forwardable or not global ("this network", loopback,
 * link-local, multicast, reserved and broadcast; ::, ::1 and ff00::/8 for IPv6).
 */
function notInternetRoutable(m: Model, a: IpAddress): boolean {
  if (a.version === 4) {
    if (['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '0.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '240.0.0.0/4'].some((c) => blockContains(c, a))) return true;
  } else if (['fc00::/7', 'fe80::/10', '::/127', 'ff00::/8'].some((c) => blockContains(c, a))) return true;
  // an address inside any VPC block is private to that VPC
  return m.network.vpcs.some((v) => v.blocks.some((b) => b.version === a.version && cidrContains(b, a.value)));
}

function peeringsActiveBetween(m: Model, a: string, b: string): boolean {
  return m.network.vpcPeeringConnections.some((p) => p.active && ((p.requester === a && p.accepter === b) || (p.requester === b && p.accepter === a)));
}

function regionOfVpc(m: Model, vpc: string): string | undefined {
  for (const v of m.network.vpcs) if (v.id === vpc) return v.region;
  return undefined;
}

/**
 * Whether a security group rule's peer matches `peer`, seen from interface `self`. A group
 * reference matches the private addresses of interfaces carrying that group, in the same VPC
 * or a VPC peered with it in the same region; traffic through a public IP or a NAT carries a
 * translated source, so it does not match (security-group-rules.html).
 */
function sgPeerMatches(
  m: Model,
  self: ModelNetworkInterface,
  rule: { cidr?: string | undefined; prefixList?: string | undefined; securityGroup?: string | undefined },
  peer: IpAddress,
  w?: Walk,
): boolean {
  if (rule.cidr !== undefined) return blockContains(rule.cidr, peer);
  if (rule.prefixList !== undefined) {
    for (const p of m.network.prefixLists) {
      if (p.id !== rule.prefixList) continue;
      if (p.awsManaged && p.region !== self.region) continue;
      return p.cidrs.some((c) => blockContains(c, peer));
    }
    return false;
  }
  if (rule.securityGroup !== undefined && w !== undefined) {
    // inbound: the packet's own sender must be in the group, in this VPC or a peered one over
    // the peering connection (not through a transit gateway)
    const o = w.origin;
    if (!o || !o.securityGroups.includes(rule.securityGroup) || !ownsIp(o, peer)) return false;
    if (o.vpc === self.vpc) return true;
    return !w.viaTgw && peeringsActiveBetween(m, o.vpc, self.vpc) && regionOfVpc(m, o.vpc) === regionOfVpc(m, self.vpc);
  }
  if (rule.securityGroup !== undefined) {
    for (const i of allInterfaces(m)) {
      if (!i.securityGroups.includes(rule.securityGroup)) continue;
      if (!ownsIp(i, peer)) continue;
      if (i.vpc === self.vpc) return true;
      if (peeringsActiveBetween(m, i.vpc, self.vpc) && regionOfVpc(m, i.vpc) === regionOfVpc(m, self.vpc)) return true;
    }
  }
  return false;
}

/** Security groups: the union of the interface's groups allows the packet, or not. */
function sgAllows(m: Model, self: ModelNetworkInterface, direction: 'inbound' | 'outbound', pkt: Packet, w?: Walk): boolean {
  const peer = direction === 'inbound' ? pkt.src : pkt.dst;
  for (const gid of self.securityGroups) {
    const g = m.network.securityGroups.find((x) => x.id === gid);
    if (!g) continue;
    for (const r of direction === 'inbound' ? g.inbound : g.outbound) {
      if (ruleMatchesTraffic(r, pkt) && sgPeerMatches(m, self, r, peer, direction === 'inbound' ? w : undefined)) return true;
    }
  }
  return false;
}

/** A network ACL's verdict: rules in ascending number, the first match decides, `*` denies. */
export function referenceNaclAllows(
  rules: readonly { rule: number; protocol: string | number; ports?: string | number | undefined; icmpType?: number | undefined; icmpCode?: number | undefined; cidr: string; action: 'allow' | 'deny' }[],
  remote: IpAddress,
  pkt: { proto: number; dstPort: number; icmpType: number; icmpCode: number; src: IpAddress; dst: IpAddress; srcPort: number },
): boolean {
  const sorted = [...rules].sort((a, b) => a.rule - b.rule);
  for (const r of sorted) {
    if (ruleMatchesTraffic(r, pkt) && blockContains(r.cidr, remote)) return r.action === 'allow';
  }
  return false;
}

function naclOf(m: Model, subnet: ModelSubnet) {
  const a = m.network.networkAcls.find((x) => x.id === subnet.networkAcl);
  if (!a) throw new Unmodelled(`unknown network ACL ${subnet.networkAcl}`);
  return a;
}

interface Walk {
  readonly m: Model;
  readonly reply: boolean;
  /** NAT translations made on the forward path (read on the reply). */
  readonly nat: NatEntry[];
  hops: number;
  /** Appliance-mode attachment id to the AZ the flow was pinned to (shared by request and reply). */
  readonly pinned: Map<string, string>;
  /** The interface whose own address the packet carries (the first sender, or a NAT instance); none after a NAT gateway. */
  origin?: ModelNetworkInterface | undefined;
  started?: boolean;
  /** The packet crossed a transit gateway. */
  viaTgw?: boolean;
  /** The instances (or standalone interfaces) the request reached: its source, every appliance it crossed, its destination (shared by request and reply). */
  readonly crossed: Set<string>;
}

/** What keeps connection state for an interface: its instance (any of its interfaces), else the interface itself. */
const stateHolder = (i: ModelNetworkInterface): string => (i.owner.kind === 'instance' ? `instance:${i.owner.instance}` : `interface:${i.id}`);

type Fail = Extract<End, { kind: 'fail' }>;
const fail = (disposition: Disposition, blockedBy: string | null): Fail => ({ kind: 'fail', disposition, blockedBy });

/** Crossing a subnet boundary: the source subnet's outbound rules, the target's inbound rules. */
function crossSubnets(w: Walk, from: ModelSubnet, to: ModelSubnet, pkt: Packet): Fail | undefined {
  if (from.id === to.id) return undefined; // NACLs do not apply inside one subnet
  const out = naclOf(w.m, from);
  if (!referenceNaclAllows(out.outbound, pkt.dst, pkt)) return fail('denied-nacl-egress', out.id);
  const inn = naclOf(w.m, to);
  if (!referenceNaclAllows(inn.inbound, pkt.src, pkt)) return fail('denied-nacl-ingress', inn.id);
  return undefined;
}

type Target =
  | { kind: 'local' }
  | { kind: 'blackhole' }
  | { kind: 'id'; id: string };

/** The remote networks of a VPN: its static routes, or for BGP the networks behind its customer gateway. */
function vpnPrefixes(m: Model, v: Model['network']['vpnConnections'][number]): string[] {
  if (v.routing === 'static') return [...v.staticRoutes];
  const out: string[] = [];
  for (const n of m.network.externalNetworks) if (viaList(n).some((x) => x === v.customerGateway || x === v.id)) pushAll(out, n.cidrs);
  return out;
}

/** An external network's `via` entries, in order (one id or a list in the scenario). */
function viaList(n: Model['network']['externalNetworks'][number]): readonly string[] {
  return n.vias ?? (n.via === undefined ? [] : [n.via]);
}

/** The external network (behind a VPN connection: `via` its id or its customer gateway) that holds an address. */
function externalNetworkOf(m: Model, a: IpAddress, vpn?: { readonly id: string; readonly customerGateway: string }): string | undefined {
  for (const n of m.network.externalNetworks) {
    if (vpn !== undefined && !viaList(n).some((x) => x === vpn.customerGateway || x === vpn.id)) continue;
    if (n.cidrs.some((c) => blockContains(c, a))) return n.id;
  }
  return undefined;
}

// ---- Direct Connect ----------------------------------------------------------------------------

type Vif = Model['network']['virtualInterfaces'][number];
type Vpn = Model['network']['vpnConnections'][number];
type Ext = Model['network']['externalNetworks'][number];

/**
 * A virtual interface carries traffic only in the `available` state, on a connection that is
 * `available` (API_VirtualInterface.html: `down` means BGP down; the other states carry nothing).
 */
function vifCarries(m: Model, v: Vif | undefined): boolean {
  if (!v || v.status !== 'available') return false;
  const c = m.network.directConnectConnections.find((x) => x.id === v.connection);
  return c !== undefined && c.status === 'available';
}

function vifById(m: Model, id: string | undefined): Vif | undefined {
  return id === undefined ? undefined : m.network.virtualInterfaces.find((x) => x.id === id);
}

/**
 * A VPN connection carries traffic when a tunnel is up and, for a VPN over a public VIF, the VIF
 * carries traffic and its advertised prefixes hold the customer gateway's address (AWS accepts
 * traffic over a public VIF only from advertised prefixes: routing-and-bgp.html).
 */
function vpnCarries(m: Model, v: Vpn): boolean {
  if (!v.tunnels.some((t) => t.status === 'up')) return false;
  if (v.transport === undefined) return true;
  const vif = vifById(m, v.transport);
  if (!vif || !vifCarries(m, vif)) return false;
  const cgw = m.network.customerGateways.find((g) => g.id === v.customerGateway);
  const a = cgw === undefined ? undefined : ip(cgw.ip);
  return a === undefined || vif.routeFilterPrefixes.some((c) => blockContains(c, a));
}

/** The blocks of the VPC a virtual private gateway is attached to. */
function vgwVpcBlocks(m: Model, vgw: string | undefined): CidrBlock[] {
  const g = m.network.vpnGateways.find((x) => x.id === vgw);
  const v = g?.vpc === undefined ? undefined : m.network.vpcs.find((x) => x.id === g.vpc);
  return v ? [...v.blocks] : [];
}

/**
 * What on premises learns through one Direct Connect gateway association (allowed-to-prefixes.html):
 * for a virtual private gateway, each VPC block that an allowed prefix equals or is wider than;
 * for a transit gateway, the allowed prefixes themselves.
 */
function associationPrefixes(m: Model, a: Model['network']['directConnectGateways'][number]['associations'][number]): CidrBlock[] {
  if (a.kind === 'transit-gateway') return a.allowedPrefixes.map((c) => cidrOf(c));
  const allowed = a.allowedPrefixes.map((c) => cidrOf(c));
  return vgwVpcBlocks(m, a.gateway).filter((b) => allowed.some((p) => p.version === b.version && p.prefix <= b.prefix && cidrContains(p, b.base)));
}

/** The association of a Direct Connect gateway whose advertised prefixes hold `a` (longest prefix). */
function associationFor(m: Model, dxgw: string, a: IpAddress): Model['network']['directConnectGateways'][number]['associations'][number] | undefined {
  const g = m.network.directConnectGateways.find((x) => x.id === dxgw);
  let best: { prefix: number; assoc: NonNullable<typeof g>['associations'][number] } | undefined;
  for (const assoc of g?.associations ?? []) {
    for (const b of associationPrefixes(m, assoc)) {
      if (b.version !== a.version || !cidrContains(b, a.value)) continue;
      if (!best || b.prefix > best.prefix) best = { prefix: b.prefix, assoc };
    }
  }
  return best?.assoc;
}

/**
 * AWS public address space as vpcsim knows it: the public IPv4 addresses of interfaces, the
 * service ranges (AWS-managed prefix lists, or a scenario's own pl-s3/pl-dynamodb), and the
 * address standing for other services' public endpoints. "You do not have access to non-Amazon
 * prefixes" over a public VIF (WorkingWithVirtualInterfaces.html).
 */
function isAwsPublic(m: Model, a: IpAddress): boolean {
  if (a.version !== 4) return false;
  if (ownerOfPublicIp(m, a)) return true;
  if (m.network.prefixLists.some((p) => (p.awsManaged || p.id === 'pl-s3' || p.id === 'pl-dynamodb') && p.cidrs.some((c) => blockContains(c, a)))) return true;
  return sameIp(a, ip(REFERENCE_SERVICE_IP)!);
}

/** Whether a VIF reaches virtual private gateway `g`: directly, or through a Direct Connect gateway associated with it. */
function vifReachesVgw(m: Model, v: Vif, g: string): boolean {
  if (v.type !== 'private') return false;
  if (v.vpnGateway === g) return true;
  const dx = m.network.directConnectGateways.find((x) => x.id === v.dxGateway);
  return dx !== undefined && dx.associations.some((a) => a.kind === 'vpn-gateway' && a.gateway === g);
}

/** The first VIF of a network's `via` list that carries traffic and passes `ok` (its primary, else a backup). */
function carryingVif(m: Model, n: Ext, ok: (v: Vif) => boolean): Vif | undefined {
  for (const id of viaList(n)) {
    const v = vifById(m, id);
    if (v && vifCarries(m, v) && ok(v)) return v;
  }
  return undefined;
}

/** The blocks (cidr, with the network) that a gateway learned over Direct Connect, in network order. */
function dxLearned(m: Model, ok: (v: Vif) => boolean): { n: Ext; vif: Vif; b: CidrBlock }[] {
  const out: { n: Ext; vif: Vif; b: CidrBlock }[] = [];
  for (const n of m.network.externalNetworks) {
    const vif = carryingVif(m, n, ok);
    if (vif) for (const c of n.cidrs) out.push({ n, vif, b: cidrOf(c) });
  }
  return out;
}

/** The prefixes of the other associations of the Direct Connect gateways associated with `gateway`: "does not allow gateway associations ... to send traffic to each other". */
function otherAssociationHolds(m: Model, gateway: string, a: IpAddress): string | undefined {
  for (const g of m.network.directConnectGateways) {
    if (!g.associations.some((x) => x.gateway === gateway)) continue;
    for (const o of g.associations) {
      if (o.gateway === gateway) continue;
      const blocks = o.kind === 'vpn-gateway' ? vgwVpcBlocks(m, o.gateway) : o.allowedPrefixes.map((c) => cidrOf(c));
      if (blocks.some((b) => b.version === a.version && cidrContains(b, a.value))) return g.id;
    }
  }
  return undefined;
}

/** Over a VIF from on premises into AWS: a VGW's VPC, a Direct Connect gateway's VGW or TGW, or AWS public addresses. */
function enterOverVif(w: Walk, vif: Vif, pkt: Packet): End {
  const m = w.m;
  if (pkt.dst.version === 6) throw new Unmodelled('IPv6 over Direct Connect');
  if (vif.type === 'public') {
    // inbound packet filtering on the advertised prefixes; Amazon public destinations only (routing-and-bgp.html)
    if (!vif.routeFilterPrefixes.some((c) => blockContains(c, pkt.src))) return fail('no-route', vif.id);
    if (!isAwsPublic(m, pkt.dst)) return fail('no-route', vif.id);
    if (ownerOfPublicIp(m, pkt.dst)) return internet(w, pkt);
    return { kind: 'internet', pkt };
  }
  if (vif.vpnGateway !== undefined) return intoVgwVpc(w, vif.vpnGateway, vif.id, pkt);
  const dx = vif.dxGateway;
  if (dx === undefined) return fail('no-route', vif.id);
  const a = associationFor(m, dx, pkt.dst);
  if (!a) return fail('no-route', dx);
  if (a.kind === 'vpn-gateway') return intoVgwVpc(w, a.gateway, dx, pkt);
  const tgw = m.network.transitGateways.find((t) => t.id === a.gateway);
  const att = tgw?.attachments.find((x) => x.dxGateway === dx);
  if (!tgw || !att) return fail('blackhole', a.gateway);
  return transitGateway(w, tgw.id, att.id, pkt, undefined);
}

/** From a transit gateway into its Direct Connect gateway attachment: the on-premises network behind a transit VIF of that gateway (longest prefix). */
function tgwToDx(w: Walk, tgwId: string, dx: string, pkt: Packet): End {
  const m = w.m;
  let best: { prefix: number; n: Ext } | undefined;
  for (const x of dxLearned(m, (v) => v.type !== 'public' && v.dxGateway === dx)) {
    if (x.b.version !== pkt.dst.version || !cidrContains(x.b, pkt.dst.value)) continue;
    if (!best || x.b.prefix > best.prefix) best = { prefix: x.b.prefix, n: x.n };
  }
  if (best) return { kind: 'external', network: best.n.id, pkt };
  const other = otherAssociationHolds(m, tgwId, pkt.dst);
  if (other !== undefined) return fail('not-transitive', other);
  return fail('no-route', dx);
}

/** On AWS's public network toward a customer prefix advertised over a public VIF (AWS prefers Direct Connect for it): the network, or undefined. */
function publicVifNetwork(m: Model, a: IpAddress): string | undefined {
  let best: { prefix: number; n: Ext } | undefined;
  for (const n of m.network.externalNetworks) {
    const vif = carryingVif(m, n, (v) => v.type === 'public');
    if (!vif) continue;
    for (const c of n.cidrs) {
      for (const f of vif.routeFilterPrefixes) {
        if (!blockContains(c, a) || !blockContains(f, a)) continue;
        const prefix = Math.max(cidrOf(c).prefix, cidrOf(f).prefix);
        if (!best || prefix > best.prefix) best = { prefix, n };
      }
    }
  }
  return best?.n.id;
}

/** Into the VPC of virtual private gateway `g` from on premises (over a VPN or a VIF): only the VPC's own addresses. */
function intoVgwVpc(w: Walk, vgw: string | undefined, via: string, pkt: Packet): End {
  const m = w.m;
  const g = m.network.vpnGateways.find((x) => x.id === vgw);
  if (g && pkt.dst.version === 6) return fail('unsupported', g.id);
  if (!g || g.vpc === undefined || !vpcContains(m, g.vpc, pkt.dst)) return fail('no-route', vgw ?? via);
  // the virtual private gateway's own route table (an edge association) decides first
  const routed = gatewayIngress(w, g, pkt);
  if (routed) return routed;
  const d = ownerInVpc(m, g.vpc, pkt.dst);
  if (!d) return fail('unreachable-address', null);
  const acl = naclOf(m, subnetOf(m, d.subnet));
  if (!referenceNaclAllows(acl.inbound, pkt.src, pkt)) return fail('denied-nacl-ingress', acl.id);
  return arrive(w, d, pkt);
}

/**
 * A packet entering transit gateway `tgwId` from attachment `from`: the TGW route table associated
 * with that attachment decides (static routes, then propagated ones; longest prefix; a static
 * route wins a tie with a propagated one).
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
 */
function transitGateway(w: Walk, tgwId: string, from: string, pkt: Packet, entryAz: string | undefined): End {
  if (++w.hops > HOP_LIMIT) return fail('loop', null);
  w.viaTgw = true;
  const m = w.m;
  const tgw = m.network.transitGateways.find((t) => t.id === tgwId)!;
  const rt = tgw.routeTables.find((r) => r.associations.includes(from));
  if (!rt) return fail('no-route', tgw.id);
  let best: { prefix: number; attachment?: string | undefined; blackhole: boolean } | undefined;
  for (const r of rt.routes) {
    const b = cidrOf(r.destination);
    if (b.version !== pkt.dst.version || !cidrContains(b, pkt.dst.value)) continue;
    if (!best || b.prefix > best.prefix) best = { prefix: b.prefix, attachment: r.attachment, blackhole: r.blackhole === true };
  }
  // route evaluation order for one CIDR: VPC-propagated, then Direct Connect gateway-propagated,
  // then VPN-propagated routes (a tie keeps the first): how-transit-gateways-work.html
  const order = (pid: string): number => {
    const a = tgw.attachments.find((x) => x.id === pid);
    return a?.vpnConnection !== undefined ? 2 : a?.dxGateway !== undefined ? 1 : 0;
  };
  for (const pid of [...rt.propagations].sort((x, y) => order(x) - order(y))) {
    const a = tgw.attachments.find((x) => x.id === pid);
    if (!a) continue;
    let prefixes: string[] = [];
    if (a.vpc !== undefined) {
      const v = m.network.vpcs.find((x) => x.id === a.vpc);
      prefixes = v ? v.blocks.map((b) => b.text) : [];
    } else if (a.vpnConnection !== undefined) {
      const v = m.network.vpnConnections.find((x) => x.id === a.vpnConnection);
      prefixes = v ? vpnPrefixes(m, v) : [];
    } else if (a.dxGateway !== undefined) {
      // what the Direct Connect gateway learned over its transit VIFs that carry traffic
      prefixes = dxLearned(m, (v) => v.type !== 'public' && v.dxGateway === a.dxGateway).map((x) => x.b.text);
    }
    for (const c of prefixes) {
      const b = cidrOf(c);
      if (b.version !== pkt.dst.version || !cidrContains(b, pkt.dst.value)) continue;
      if (!best || b.prefix > best.prefix) best = { prefix: b.prefix, attachment: a.id, blackhole: false };
    }
  }
  if (!best) return fail('no-route', rt.id);
  if (best.blackhole) return fail('blackhole', rt.id);
  const to = tgw.attachments.find((x) => x.id === best.attachment);
  if (!to) return fail('blackhole', rt.id);
  if (to.vpc !== undefined) {
    const inVpc = vpcContains(m, to.vpc, pkt.dst);
    if (inVpc) {
      const d = ownerInVpc(m, to.vpc, pkt.dst);
      if (!d) return fail('unreachable-address', null);
      const dSubnet = subnetOf(m, d.subnet);
      const exit = applianceExit(w, to, entryAz, dSubnet.availabilityZone);
      if (!exit) return fail('blackhole', to.id);
      // the transit gateway's interface sits in the attachment subnet, and "route table rules apply
      // to all traffic that leaves a subnet" (gateway-route-tables.html): where that table sends
      // this VPC's own address elsewhere than the local route (a replaced local target, a middlebox
      // route), the packet goes there (replace-local-route-target.html). Inside the attachment
      // subnet itself, delivery is at layer 2 and no route applies (the same page).
      const viaTable = exit.id === dSubnet.id ? undefined : lookupRoute(m, exit, pkt.dst);
      if (viaTable && viaTable.target.kind !== 'local') return route(w, exit, undefined, pkt);
      // tgw-nacls.html, different subnets: the attachment subnet's outbound rules (destination),
      // then the instance subnet's inbound rules (source); same subnet: neither is evaluated
      if (exit.id !== dSubnet.id) {
        const out = naclOf(m, exit);
        if (!referenceNaclAllows(out.outbound, pkt.dst, pkt)) return fail('denied-nacl-egress', out.id);
        const n = naclOf(m, dSubnet);
        if (!referenceNaclAllows(n.inbound, pkt.src, pkt)) return fail('denied-nacl-ingress', n.id);
      }
      return arrive(w, d, pkt);
    }
    // onward from the attachment's subnet (e.g. a central egress VPC): that subnet's route table
    const exit = applianceExit(w, to, entryAz, undefined);
    if (!exit) return fail('blackhole', to.id);
    return route(w, exit, undefined, pkt);
  }
  if (to.vpnConnection !== undefined) {
    // a VPN on a transit gateway: the TGW route table decides, not the connection's own routes
    // (https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-edit-static-routes.html)
    const v = m.network.vpnConnections.find((x) => x.id === to.vpnConnection);
    if (!v || !vpnCarries(m, v)) return fail('blackhole', to.vpnConnection);
    const net = externalNetworkOf(m, pkt.dst, v);
    if (!net) return fail('unreachable-address', null);
    return { kind: 'external', network: net, pkt };
  }
  if (to.dxGateway !== undefined) return tgwToDx(w, tgw.id, to.dxGateway, pkt);
  throw new Unmodelled('transit gateway peering attachment');
}

/**
 * The attachment subnet a transit gateway sends a packet out of: the one in the AZ where the
 * packet entered the TGW (AZ affinity, how-transit-gateways-work.html), else the one in the
 * destination's AZ, else the first.
 */
/**
 * Appliance mode: both directions of a flow use one AZ's attachment subnet (AWS picks it by a
 * flow hash; here, the AZ the request used, remembered for the reply).
 * https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
 */
function applianceExit(w: Walk, to: { id: string; subnets?: string[] | undefined; applianceMode?: boolean | undefined }, entryAz: string | undefined, dstAz: string | undefined): ModelSubnet | undefined {
  const subnets = to.subnets ?? [];
  if (to.applianceMode !== true) return tgwExitSubnet(w.m, subnets, entryAz, dstAz);
  const pin = w.pinned.get(to.id);
  if (pin !== undefined) {
    const x = subnets.map((id) => subnetOf(w.m, id)).find((y) => y.availabilityZone === pin);
    if (x) return x;
  }
  const x = tgwExitSubnet(w.m, subnets, entryAz, dstAz);
  if (x && pin === undefined) w.pinned.set(to.id, x.availabilityZone);
  return x;
}

function tgwExitSubnet(m: Model, subnetIds: readonly string[], entryAz: string | undefined, dstAz: string | undefined): ModelSubnet | undefined {
  const subnets = subnetIds.map((id) => subnetOf(m, id));
  return subnets.find((x) => x.availabilityZone === entryAz) ?? subnets.find((x) => x.availabilityZone === dstAz) ?? subnets[0];
}

/**
 * A packet from an external network enters AWS over the first of its `via` connections (a
 * customer gateway standing for each of its VPN connections) that carries traffic and over which
 * on premises learned a route to the destination; if none learned one, the first that carries
 * traffic. What on premises learns: over a VPN to a VGW, the VPC's blocks; to a TGW, everything;
 * over a VIF, its gateway's advertised prefixes (allowed-to-prefixes.html), or AWS public
 * addresses for a public VIF.
 */
function external(w: Walk, network: string, pkt: Packet): End {
  const m = w.m;
  const n = m.network.externalNetworks.find((x) => x.id === network);
  if (!n) return fail('no-route', network);
  const up: ({ kind: 'vpn'; vpn: Vpn } | { kind: 'vif'; vif: Vif })[] = [];
  const seen = new Set<string>();
  for (const id of viaList(n)) {
    for (const v of m.network.vpnConnections) {
      if ((v.id !== id && v.customerGateway !== id) || seen.has(v.id)) continue;
      seen.add(v.id);
      if (vpnCarries(m, v)) up.push({ kind: 'vpn', vpn: v });
    }
    const vif = vifById(m, id);
    if (vif && !seen.has(vif.id)) {
      seen.add(vif.id);
      if (vifCarries(m, vif)) up.push({ kind: 'vif', vif });
    }
  }
  if (up.length === 0) return fail('no-route', network);
  const learned = (c: (typeof up)[number]): boolean => {
    const d = pkt.dst;
    const inVgwVpc = (g: string | undefined): boolean => vgwVpcBlocks(m, g).some((b) => b.version === d.version && cidrContains(b, d.value));
    if (c.kind === 'vpn') return c.vpn.transitGateway !== undefined || inVgwVpc(c.vpn.vpnGateway);
    if (c.vif.type === 'public') return isAwsPublic(m, d);
    if (c.vif.vpnGateway !== undefined) return inVgwVpc(c.vif.vpnGateway);
    const g = m.network.directConnectGateways.find((x) => x.id === c.vif.dxGateway);
    return (g?.associations ?? []).some((a) => associationPrefixes(m, a).some((b) => b.version === d.version && cidrContains(b, d.value)));
  };
  const c = up.find(learned) ?? up[0]!;
  if (c.kind === 'vif') return enterOverVif(w, c.vif, pkt);
  const vpn = c.vpn;
  if (vpn.transitGateway !== undefined) {
    const tgw = m.network.transitGateways.find((t) => t.id === vpn.transitGateway);
    const att = tgw?.attachments.find((a) => a.vpnConnection === vpn.id);
    if (!tgw || !att) return fail('no-route', vpn.id);
    return transitGateway(w, tgw.id, att.id, pkt, undefined);
  }
  return intoVgwVpc(w, vpn.vpnGateway, vpn.id, pkt);
}

/** Longest prefix match over the implicit local routes and the declared routes of a subnet's route table (linear). */
function lookupRoute(m: Model, subnet: ModelSubnet, dst: IpAddress): { target: Target; table: string } | undefined {
  const table = m.network.routeTables.find((t) => t.id === subnet.routeTable);
  if (!table) throw new Unmodelled(`unknown route table ${subnet.routeTable}`);
  return lookupInTable(m, table, subnet.region, dst);
}

const sameCidr = (a: CidrBlock, b: CidrBlock): boolean => a.version === b.version && a.prefix === b.prefix && a.base === b.base;

/** Longest prefix match in one route table (a subnet's, or a gateway route table). */
function lookupInTable(m: Model, table: Model['network']['routeTables'][number], region: string, dst: IpAddress): { target: Target; table: string } | undefined {
  let best: { prefix: number; local: boolean; target: Target } | undefined;
  const vpc = m.network.vpcs.find((v) => v.id === table.vpc);
  for (const b of vpc?.blocks ?? []) {
    if (b.version !== dst.version || !cidrContains(b, dst.value)) continue;
    // the local route wins against any route as or less specific; its target may have been
    // replaced by an appliance, which then gets what the local route would (replace-local-route-target.html)
    const replaced = (table.localTargets ?? []).find((x) => sameCidr(cidrOf(x.destination), b));
    const target: Target = replaced ? { kind: 'id', id: replaced.target } : { kind: 'local' };
    if (!best || b.prefix >= best.prefix) best = { prefix: b.prefix, local: true, target };
  }
  // a gateway endpoint associated with this table adds a route: its service's prefix list -> the endpoint
  // https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
  const routes = [...table.routes];
  for (const e of m.network.vpcEndpoints) {
    if (e.type === 'gateway' && e.routeTables.includes(table.id)) routes.push({ destination: `pl-${e.service}`, target: e.id });
  }
  // propagated routes from a virtual private gateway: the VPN's static routes, or (BGP) the networks
  // behind its customer gateway; listed after the static routes, so a static route wins a tie
  // https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
  // among propagated routes: Direct Connect BGP routes, then VPN static, then VPN BGP
  const propagated: { destination: string; target: string; rank: number }[] = [];
  const insideVpc = (c: string): boolean => {
    // the local route wins over a propagated route inside the VPC block, however specific
    // https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html
    const cb = cidrOf(c);
    return (vpc?.blocks ?? []).some((b) => b.version === cb.version && cb.prefix >= b.prefix && cidrContains(b, cb.base));
  };
  for (const g of table.propagatingGateways) {
    // the networks the VGW learned over a private VIF (directly, or through a Direct Connect gateway)
    for (const x of dxLearned(m, (v) => vifReachesVgw(m, v, g))) if (!insideVpc(x.b.text)) propagated.push({ destination: x.b.text, target: g, rank: 3 });
    for (const v of m.network.vpnConnections) {
      if (v.vpnGateway !== g || !vpnCarries(m, v)) continue;
      for (const c of vpnPrefixes(m, v)) if (!insideVpc(c)) propagated.push({ destination: c, target: g, rank: v.routing === 'bgp' ? 5 : 4 });
    }
  }
  const rankAt = new Map<number, number>();
  for (const x of propagated) {
    rankAt.set(routes.length, x.rank);
    routes.push({ destination: x.destination, target: x.target });
  }
  // For routes to the same block: static CIDR routes, then prefix-list routes, then propagated
  // routes (route-tables-priority.html, "Route priority for prefix lists": a static route wins
  // over a prefix-list route to the same CIDR). A stable sort keeps declaration order otherwise;
  // the scan below keeps the first of equally long matches.
  const declared = table.routes.length;
  // after the declared routes come the gateway-endpoint routes (prefix lists) and the propagated ones (CIDRs)
  const rank = (r: { destination: string }, k: number): number => (!r.destination.includes('/') ? 2 : rankAt.get(k) ?? (k >= declared ? 3 : 1));
  const ranked = routes.map((r, k) => ({ r, k: rank(r, k) }));
  ranked.sort((a, b) => a.k - b.k);
  routes.length = 0;
  for (const x of ranked) routes.push(x.r);
  for (const r of routes) {
    let blocks: CidrBlock[];
    if (r.destination.includes('/')) blocks = [cidrOf(r.destination)];
    else {
      const pl = m.network.prefixLists.find((p) => p.id === r.destination && (!p.awsManaged || p.region === region));
      if (!pl) continue;
      blocks = [...pl.blocks];
    }
    for (const b of blocks) {
      if (b.version !== dst.version || !cidrContains(b, dst.value)) continue;
      const target: Target = r.target === 'local' ? { kind: 'local' } : r.target === 'blackhole' ? { kind: 'blackhole' } : { kind: 'id', id: r.target };
      if (!best || b.prefix > best.prefix) best = { prefix: b.prefix, local: target.kind === 'local', target };
    }
  }
  return best && { target: best.target, table: table.id };
}

/**
 * NAT64 at NAT gateway `g`, routed from subnet `s` by table `table`. RFC 6052/7915 as AWS applies
 * them: the IPv4 destination is the last 32 bits of the 64:ff9b::/96 address; TCP and UDP keep
 * their ports; an ICMPv6 echo request (128) becomes an ICMP echo request (8), and other ICMPv6
 * messages starting a flow are dropped; TCP, UDP and ICMP only, as for IPv4 (nat-gateway-basics.html).
 */
function nat64(w: Walk, g: Model['network']['natGateways'][number], s: ModelSubnet, table: string, pkt: Packet): End {
  if (!blockContains(NAT64_PREFIX, pkt.dst)) return fail('unsupported', g.id);
  const echo = pkt.proto === 58 && pkt.icmpType === 128;
  if (pkt.proto !== 6 && pkt.proto !== 17 && !echo) return fail('unsupported', g.id);
  if (w.reply) return fail('reply-denied', table);
  const ni = interfaceById(w.m, g.interface)!;
  const x = crossSubnets(w, s, subnetOf(w.m, ni.subnet), pkt);
  if (x) return x;
  const translated = ip(g.privateIp)!;
  const dst: IpAddress = { version: 4, value: Number((pkt.dst.value as bigint) - NAT64_BASE), text: '' };
  w.nat.push({ iface: ni.id, original: pkt.src, translated, nat64: true });
  w.origin = undefined;
  return send(w, ni, { ...pkt, src: translated, dst, proto: echo ? 1 : pkt.proto, icmpType: echo ? 8 : pkt.icmpType });
}

function natEntryFor(w: Walk, iface: ModelNetworkInterface, dst: IpAddress): NatEntry | undefined {
  return w.nat.find((e) => e.iface === iface.id && sameIp(e.translated, dst));
}

/** A packet leaves interface `from`: its security groups (outbound), then its subnet's route table. */
function send(w: Walk, from: ModelNetworkInterface, pkt: Packet): End {
  if (!w.started) {
    w.started = true;
    w.origin = from;
    if (!w.reply) w.crossed.add(stateHolder(from));
  }
  if (!w.reply && from.securityGroups.length > 0 && !sgAllows(w.m, from, 'outbound', pkt)) return fail('denied-sg-egress', from.securityGroups[0]!);
  return route(w, subnetOf(w.m, from.subnet), from, pkt);
}

function route(w: Walk, s: ModelSubnet, sender: ModelNetworkInterface | undefined, pkt: Packet): End {
  if (++w.hops > HOP_LIMIT) return fail('loop', null);
  const m = w.m;
  // inside a subnet, delivery is at layer 2: no route table, no network ACL (gateway-route-tables.html)
  if (sender !== undefined) {
    const here = ownerInVpc(m, s.vpc, pkt.dst);
    if (here && here.subnet === s.id && here.id !== sender.id) return arrive(w, here, pkt);
    // an unassigned address of the sender's own subnet: nothing answers at layer 2, whatever the
    // route table says for the subnet's block (a replaced local route, a middlebox route)
    const onLink = [s.block, s.ipv6Block].some((b) => b !== undefined && b.version === pkt.dst.version && cidrContains(b, pkt.dst.value));
    if (onLink && !here) return fail('unreachable-address', null);
  }
  const found = lookupRoute(m, s, pkt.dst);
  if (!found) return fail('no-route', s.routeTable);
  const { target, table } = found;
  if (target.kind === 'blackhole') return fail('blackhole', table);
  if (target.kind === 'local') {
    const d = ownerInVpc(m, s.vpc, pkt.dst);
    if (!d) return fail('unreachable-address', null);
    const x = crossSubnets(w, s, subnetOf(m, d.subnet), pkt);
    return x ?? arrive(w, d, pkt);
  }
  const kind = m.index.byId.get(target.id)?.kind;
  switch (kind) {
    case 'internet-gateway': {
      const igw = m.network.internetGateways.find((g) => g.id === target.id);
      if (!igw || igw.vpc !== s.vpc) return fail('blackhole', table);
      let out = pkt;
      if (pkt.dst.version === 4) {
        // the IGW maps the primary private IPv4 address of an interface of its VPC that has a
        // public/Elastic IP to that address (1:1 NAT), whichever interface forwards the packet (an
        // appliance in an inspection design); otherwise the packet cannot leave
        // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
        const mapped = allInterfaces(m).find((i) => i.vpc === s.vpc && i.publicIp !== undefined && sameIp(ip(i.privateIp)!, pkt.src));
        if (!mapped) {
          const holder = allInterfaces(m).find((i) => i.vpc === s.vpc && [i.privateIp, ...i.secondaryPrivateIps].some((a) => sameIp(ip(a)!, pkt.src)));
          return fail('no-public-ip', holder?.id ?? sender?.id ?? null);
        }
        out = { ...pkt, src: ip(mapped.publicIp!)! };
      }
      const n = naclOf(m, s);
      if (!referenceNaclAllows(n.outbound, pkt.dst, pkt)) return fail('denied-nacl-egress', n.id);
      return internet(w, out);
    }
    case 'egress-only-internet-gateway': {
      const g = m.network.egressOnlyInternetGateways.find((x) => x.id === target.id);
      if (!g || g.vpc !== s.vpc || pkt.dst.version !== 6) return fail('blackhole', table);
      const n = naclOf(m, s);
      if (!referenceNaclAllows(n.outbound, pkt.dst, pkt)) return fail('denied-nacl-egress', n.id);
      return internet(w, pkt);
    }
    case 'nat-gateway': {
      const g = m.network.natGateways.find((x) => x.id === target.id)!;
      if (g.vpc !== s.vpc) return fail('blackhole', table);
      // NAT64 (nat-gateway-nat64-dns64.html): "A NAT gateway supports network address translation
      // from IPv6 to IPv4": IPv6 sent to 64:ff9b::/96 leaves as IPv4 from the NAT gateway's private
      // address to the IPv4 address the synthesized one carries; no other IPv6 is carried
      if (pkt.dst.version === 6) return nat64(w, g, s, table, pkt);
      // "A NAT gateway supports the following protocols: TCP, UDP, and ICMP" (nat-gateway-basics.html):
      // anything else routed to it is dropped there, before any translation
      if (pkt.proto !== 6 && pkt.proto !== 17 && pkt.proto !== 1) return fail('unsupported', g.id);
      // a reply is never sent through a NAT as a new connection: the peer would see another source
      if (w.reply) return fail('reply-denied', table);
      const ni = interfaceById(m, g.interface)!;
      const x = crossSubnets(w, s, subnetOf(m, ni.subnet), pkt);
      if (x) return x;
      const translated = ip(g.privateIp)!;
      w.nat.push({ iface: ni.id, original: pkt.src, translated });
      w.origin = undefined;
      return send(w, ni, { ...pkt, src: translated });
    }
    case 'vpc-peering-connection': {
      const p = m.network.vpcPeeringConnections.find((x) => x.id === target.id)!;
      if (!p.active) return fail('blackhole', table);
      const other = p.requester === s.vpc ? p.accepter : p.accepter === s.vpc ? p.requester : undefined;
      if (other === undefined) return fail('blackhole', table);
      // not transitive: the destination must be inside the peer VPC
      if (!vpcContains(m, other, pkt.dst)) return fail('not-transitive', p.id);
      const d = ownerInVpc(m, other, pkt.dst);
      if (!d) return fail('unreachable-address', null);
      const x = crossSubnets(w, s, subnetOf(m, d.subnet), pkt);
      return x ?? arrive(w, d, pkt);
    }
    case 'instance':
    case 'network-interface': {
      const id = kind === 'instance' ? m.network.instances.find((i) => i.id === target.id)!.interfaces[0]! : target.id;
      const e = interfaceById(m, id);
      if (!e || e.vpc !== s.vpc) return fail('blackhole', table);
      const x = crossSubnets(w, s, subnetOf(m, e.subnet), pkt);
      return x ?? arrive(w, e, pkt);
    }
    case 'transit-gateway': {
      const tgw = m.network.transitGateways.find((t) => t.id === target.id)!;
      const att = tgw.attachments.find((a) => a.vpc === s.vpc);
      if (!att) return fail('blackhole', table);
      // the TGW receives traffic only in AZs where its attachment has a subnet
      const entry = (att.subnets ?? []).map((id) => subnetOf(m, id)).find((x) => x.availabilityZone === s.availabilityZone);
      if (!entry) return fail('blackhole', att.id);
      const n = naclOf(m, s);
      if (!referenceNaclAllows(n.outbound, pkt.dst, pkt)) return fail('denied-nacl-egress', n.id);
      // tgw-nacls.html: traffic to the transit gateway is also evaluated by the inbound rules of
      // the attachment's subnet (source address), whether or not it is the sender's own subnet
      const a = naclOf(m, entry);
      if (!referenceNaclAllows(a.inbound, pkt.src, pkt)) return fail('denied-nacl-ingress', a.id);
      return transitGateway(w, tgw.id, att.id, pkt, s.availabilityZone);
    }
    case 'vpn-gateway': {
      const g = m.network.vpnGateways.find((x) => x.id === target.id)!;
      if (g.vpc !== s.vpc) return fail('blackhole', table);
      // a virtual private gateway carries no IPv6 (vpn-route-priority.html)
      if (pkt.dst.version === 6) return fail('unsupported', g.id);
      if (!vpcContains(m, s.vpc, pkt.src)) return fail('not-transitive', g.id);
      const vpns = m.network.vpnConnections.filter((v) => v.vpnGateway === g.id && vpnCarries(m, v));
      const dx = dxLearned(m, (v) => vifReachesVgw(m, v, g.id));
      if (vpns.length === 0 && dx.length === 0) return fail('blackhole', table);
      // vpn-route-priority.html: "Longest prefix match applies"; for the same prefix, "BGP
      // propagated routes from an AWS Direct Connect connection", then "manually added static
      // routes for a Site-to-Site VPN connection", then "BGP propagated routes from a Site-to-Site
      // VPN connection"; a static connection carries only its static routes, a BGP one the
      // networks its customer gateway advertises (VPNRoutingTypes.html); then declaration order
      const candidates: { b: CidrBlock; rank: number; vpn?: (typeof vpns)[number]; network?: string }[] = [
        ...dx.map((x) => ({ b: x.b, rank: 0, network: x.n.id })),
        ...vpns.flatMap((v) => vpnPrefixes(m, v).map((c) => ({ b: cidrOf(c), rank: v.routing === 'static' ? 1 : 2, vpn: v }))),
      ];
      let chosen: (typeof candidates)[number] | undefined;
      for (const c of candidates) {
        if (c.b.version !== pkt.dst.version || !cidrContains(c.b, pkt.dst.value)) continue;
        if (!chosen || c.b.prefix > chosen.b.prefix || (c.b.prefix === chosen.b.prefix && c.rank < chosen.rank)) chosen = c;
      }
      if (!chosen) {
        // "A Direct Connect gateway does not allow gateway associations that are on the same Direct
        // Connect gateway to send traffic to each other" (direct-connect-gateways-intro.html)
        const other = otherAssociationHolds(m, g.id, pkt.dst);
        return fail(other !== undefined ? 'not-transitive' : 'no-route', other ?? g.id);
      }
      if (chosen.network !== undefined) {
        const n = naclOf(m, s);
        if (!referenceNaclAllows(n.outbound, pkt.dst, pkt)) return fail('denied-nacl-egress', n.id);
        return { kind: 'external', network: chosen.network, pkt };
      }
      const net = externalNetworkOf(m, pkt.dst, chosen.vpn!);
      if (!net) return fail('unreachable-address', null);
      const n = naclOf(m, s);
      if (!referenceNaclAllows(n.outbound, pkt.dst, pkt)) return fail('denied-nacl-egress', n.id);
      return { kind: 'external', network: net, pkt };
    }
    case 'vpc-endpoint': {
      const e = m.network.vpcEndpoints.find((x) => x.id === target.id)!;
      if (e.type !== 'gateway' || e.vpc !== s.vpc) return fail('blackhole', table);
      // gateway endpoints are not transitive: only traffic from inside this VPC uses them
      if (!vpcContains(m, s.vpc, pkt.src)) return fail('not-transitive', e.id);
      const n = naclOf(m, s);
      if (!referenceNaclAllows(n.outbound, pkt.dst, pkt)) return fail('denied-nacl-egress', n.id);
      return { kind: 'service', endpoint: e.id, pkt };
    }
    case 'gateway-load-balancer-endpoint':
      return gatewayLoadBalancerEndpoint(w, s, table, target.id, pkt);
    default:
      throw new Unmodelled(`route target kind ${kind ?? 'unknown'} (${target.id})`);
  }
}

/** A packet reaches interface `d`: its security groups (inbound), then delivery or forwarding. */
function arrive(w: Walk, d: ModelNetworkInterface, pkt: Packet): End {
  const m = w.m;
  if (!w.reply && d.securityGroups.length > 0 && !sgAllows(m, d, 'inbound', pkt, w)) return fail('denied-sg-ingress', d.securityGroups[0]!);
  if (isNode(d)) return nodeArrive(w, d, pkt);
  // a stateful appliance drops a reply of a connection it never saw (asymmetric routing):
  // transit-gateway-appliance-scenario.html, gateway-route-tables.html
  // (an appliance is an instance's or a standalone interface; a NAT gateway's is no appliance)
  const appliance = d.owner.kind === 'instance' || d.owner.kind === 'interface';
  if (w.reply && appliance && d.stateful === true && !w.crossed.has(stateHolder(d))) return fail('reply-denied', d.id);
  if (!w.reply) w.crossed.add(stateHolder(d));
  const entry = w.reply ? natEntryFor(w, d, pkt.dst) : undefined;
  // reverse translation of a reply; after NAT64 back to IPv6: from 64:ff9b::<IPv4 source>, an echo reply as ICMPv6's
  if (entry?.nat64) {
    const src: IpAddress = { version: 6, value: NAT64_BASE + BigInt(pkt.src.value), text: '' };
    const icmp = pkt.proto === 1;
    return send(w, d, { ...pkt, src, dst: entry.original, proto: icmp ? 58 : pkt.proto, icmpType: icmp && pkt.icmpType === 0 ? 129 : pkt.icmpType });
  }
  if (entry) return send(w, d, { ...pkt, dst: entry.original });
  if (d.owner.kind === 'nat-gateway') {
    if (ownsIp(d, pkt.dst)) return fail('inbound-not-allowed', d.owner.natGateway);
    // a packet routed through the NAT gateway is handled by the route target case, not here
    return fail('inbound-not-allowed', d.owner.natGateway);
  }
  if (ownsIp(d, pkt.dst)) return { kind: 'delivered', iface: d, pkt };
  // routed through d (an appliance): the source/destination check drops what is not for it
  if (d.sourceDestCheck) return fail('src-dst-check', d.id);
  if (d.nat && !w.reply) {
    const translated = ip(d.privateIp)!;
    w.nat.push({ iface: d.id, original: pkt.src, translated });
    w.origin = d;
    return send(w, d, { ...pkt, src: translated });
  }
  // forwarded by an appliance: the packet now arrives from the appliance's interface, so no
  // reference to the sender's group matches it (security-group-rules.html)
  if (!w.reply) w.origin = undefined;
  return send(w, d, pkt);
}

/** A packet on the internet: to a public address of an interface (through its VPC's IGW), or out. */
function internet(w: Walk, pkt: Packet): End {
  if (++w.hops > HOP_LIMIT) return fail('loop', null);
  const m = w.m;
  if (pkt.dst.version === 4) {
    const d = ownerOfPublicIp(m, pkt.dst);
    if (!d) {
      // a customer prefix advertised over a public VIF: "AWS Direct Connect is the preferred path
      // for traffic sourced from Amazon" (routing-and-bgp.html)
      const onPremises = publicVifNetwork(m, pkt.dst);
      if (onPremises !== undefined) return { kind: 'external', network: onPremises, pkt };
      if (notInternetRoutable(m, pkt.dst)) return fail('no-route', null);
      return { kind: 'internet', pkt };
    }
    const igw = m.network.internetGateways.find((g) => g.vpc === d.vpc);
    if (!igw) return fail('no-route', null);
    const inner = { ...pkt, dst: ip(d.privateIp)! };
    const routed = gatewayIngress(w, igw, inner);
    if (routed) return routed;
    if (d.owner.kind === 'nat-gateway' && !w.reply) return fail('inbound-not-allowed', d.owner.natGateway);
    const n = naclOf(m, subnetOf(m, d.subnet));
    if (!referenceNaclAllows(n.inbound, pkt.src, inner)) return fail('denied-nacl-ingress', n.id);
    return arrive(w, d, inner);
  }
  // IPv6: every address is public; the owning VPC's IGW carries it, an egress-only IGW only replies
  const d = allInterfaces(m).find((i) => i.ipv6Addresses.some((t) => sameIp(ip(t)!, pkt.dst)));
  if (!d) {
    if (publicVifNetwork(m, pkt.dst) !== undefined) throw new Unmodelled('IPv6 over Direct Connect');
    if (notInternetRoutable(m, pkt.dst)) return fail('no-route', null);
    return { kind: 'internet', pkt };
  }
  const igw = m.network.internetGateways.find((g) => g.vpc === d.vpc);
  if (!igw) {
    const eigw = m.network.egressOnlyInternetGateways.find((g) => g.vpc === d.vpc);
    if (!eigw) return fail('no-route', null);
    if (!w.reply) return fail('inbound-not-allowed', eigw.id);
  } else {
    const routed = gatewayIngress(w, igw, pkt);
    if (routed) return routed;
  }
  const n = naclOf(m, subnetOf(m, d.subnet));
  if (!referenceNaclAllows(n.inbound, pkt.src, pkt)) return fail('denied-nacl-ingress', n.id);
  return arrive(w, d, pkt);
}

/**
 * A packet entering the VPC through gateway `gw` (an internet gateway, after its 1:1 NAT, or a
 * virtual private gateway) that has a gateway route table: that table's longest match decides.
 * Undefined for the local route: the packet is then delivered as without a gateway route table.
 * An appliance gets it through its subnet's inbound network ACL.
 * https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
 */
function gatewayIngress(w: Walk, gw: { readonly id: string; readonly routeTable?: string | undefined }, pkt: Packet): End | undefined {
  if (gw.routeTable === undefined) return undefined;
  const m = w.m;
  const table = m.network.routeTables.find((t) => t.id === gw.routeTable);
  if (!table) throw new Unmodelled(`unknown gateway route table ${gw.routeTable}`);
  const found = lookupInTable(m, table, table.region, pkt.dst);
  if (!found) return fail('no-route', table.id);
  if (found.target.kind === 'local') return undefined;
  if (found.target.kind === 'blackhole') return fail('blackhole', table.id);
  const id = found.target.id;
  const kind = m.index.byId.get(id)?.kind;
  let e: ModelNetworkInterface | undefined;
  if (kind === 'network-interface') e = interfaceById(m, id);
  else if (kind === 'instance') e = interfaceById(m, m.network.instances.find((i) => i.id === id)!.interfaces[0]!);
  else throw new Unmodelled(`gateway route table target kind ${kind ?? 'unknown'} (${id})`);
  if (!e || e.vpc !== table.vpc) return fail('blackhole', table.id);
  const n = naclOf(m, subnetOf(m, e.subnet));
  if (!referenceNaclAllows(n.inbound, pkt.src, pkt)) return fail('denied-nacl-ingress', n.id);
  return arrive(w, e, pkt);
}

type Endpoint =
  | { kind: 'iface'; iface: ModelNetworkInterface; addr: IpAddress }
  | { kind: 'internet'; addr: IpAddress }
  | { kind: 'external'; network: string; addr: IpAddress }
  | {
      kind: 'service';
      service: string;
      addr: IpAddress;
      viaInterfaceEndpoint?: string | undefined;
      iface?: ModelNetworkInterface | undefined;
      /** `to: <gateway endpoint id>`: the flow must leave through that endpoint. */
      viaGatewayEndpoint?: string | undefined;
    }
  | { kind: 'lb'; lb: string; node: RefNode; addr: IpAddress }
  /** The flow is refused before any packet moves (a gateway endpoint asked for from outside its VPC). */
  | { kind: 'refused'; disposition: Disposition; blockedBy: string };

/** The public address the reference uses for a service with no bundled range (TEST-NET-2 would not be routed; this is in AWS space). */
export const REFERENCE_SERVICE_IP = '52.94.133.10';

/**
 * Where `service:X` goes from interface `src`: an interface endpoint of its VPC with private DNS
 * (the regional name resolves to the endpoint's interfaces; the one in the source's AZ is used),
 * else the service's public address (the first address of its prefix list for S3/DynamoDB), which
 * the route table sends to a gateway endpoint or toward the internet.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
 */
function resolveService(m: Model, service: string, src: Endpoint): Endpoint | string {
  // from an external network: the service's public address, routed like any other (a VGW carries
  // only its VPC's addresses, so it refuses it with no-route)
  if (src.kind === 'external') return { kind: 'service', service, addr: servicePublicAddress(m, service, m.defaults.region) };
  if (src.kind !== 'iface') throw new Unmodelled('service endpoint from outside a VPC');
  const from = src.iface;
  // private DNS needs both VPC DNS attributes (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html)
  const vpc = m.network.vpcs.find((v) => v.id === from.vpc);
  const dnsOn = vpc !== undefined && vpc.enableDnsSupport && vpc.enableDnsHostnames;
  for (const e of m.network.vpcEndpoints) {
    if (!dnsOn) break;
    if (e.type !== 'interface' || e.vpc !== from.vpc || e.service !== service || !e.privateDns) continue;
    const ifaces = e.interfaces.map((id) => interfaceById(m, id)!).filter(Boolean);
    const iface = ifaces.find((i) => i.availabilityZone === from.availabilityZone) ?? ifaces[0];
    if (iface) return { kind: 'service', service, addr: ip(iface.privateIp)!, viaInterfaceEndpoint: e.id, iface };
  }
  return { kind: 'service', service, addr: servicePublicAddress(m, service, from.region) };
}

/** The public address of a service: the first address of its prefix list (S3, DynamoDB), else REFERENCE_SERVICE_IP. */
function servicePublicAddress(m: Model, service: string, region: string): IpAddress {
  // a scenario's own `pl-s3` / `pl-dynamodb` entry replaces the AWS-managed snapshot
  const pl = m.network.prefixLists.find((p) => !p.awsManaged && p.id === `pl-${service}`) ?? m.network.prefixLists.find((p) => p.awsManaged && p.id === `pl-${service}` && p.region === region);
  const block = pl?.blocks[0];
  if (block && block.version === 4) return { version: 4, value: (block.base as number) + 1, text: '' };
  return ip(REFERENCE_SERVICE_IP)!;
}

/**
 * `to: <VPC endpoint id>`. An interface endpoint: its interface in the source's AZ if it has one
 * there, else its first, by its private address, routed normally from wherever the source is
 * (privatelink-interface-endpoints.html: reachable over peering, transit gateways, VPN). A gateway
 * endpoint serves only traffic from inside its VPC (vpc-endpoints-s3.html): from elsewhere the flow
 * is refused (`not-transitive`); from inside, it goes to the service's address and must leave
 * through that endpoint.
 */
function resolveVpcEndpoint(m: Model, e: Model['network']['vpcEndpoints'][number], other: Endpoint): Endpoint | string {
  if (e.type === 'gateway') {
    if (other.kind !== 'iface' || other.iface.vpc !== e.vpc) return { kind: 'refused', disposition: 'not-transitive', blockedBy: e.id };
    return { kind: 'service', service: e.service, addr: servicePublicAddress(m, e.service, e.region), viaGatewayEndpoint: e.id };
  }
  if (other.kind === 'internet') throw new Unmodelled('an interface endpoint from the internet');
  const ifaces: ModelNetworkInterface[] = [];
  for (const id of e.interfaces) {
    const i = interfaceById(m, id);
    if (i) ifaces.push(i);
  }
  const az = other.kind === 'iface' ? other.iface.availabilityZone : undefined;
  const iface = ifaces.find((i) => i.availabilityZone === az) ?? ifaces[0];
  if (!iface) return `endpoint ${e.id} has no interfaces`;
  return { kind: 'service', service: e.service, addr: ip(iface.privateIp)!, viaInterfaceEndpoint: e.id, iface };
}

/**
 * A destination by DNS name (privatelink-access-aws-services.html, "DNS hostnames"): AWS creates
 * for each interface endpoint a Regional name `<endpoint id>-<suffix>.<service>.<region>.vpce.amazonaws.com`
 * and a zonal one per zone, `<endpoint id>-<suffix>-<zone>.<service>.<region>.vpce.amazonaws.com`,
 * public records of the endpoint's private addresses that resolve from any network; with private
 * DNS, the service's default name `<service>.<region>.amazonaws.com` resolves to the endpoint in
 * the endpoint's own VPC only, elsewhere to the service's public address.
 */
function resolveDnsName(m: Model, name: string, other: Endpoint): Endpoint | string {
  const labels = name.split('.');
  const short = (svc: string): string => (svc.startsWith('com.amazonaws.') ? svc.split('.').slice(3).join('.') : svc);
  if (name.endsWith('.vpce.amazonaws.com')) {
    const first = labels[0]!;
    const service = labels.slice(1, labels.length - 4).join('.');
    const region = labels[labels.length - 4];
    const candidates = m.network.vpcEndpoints.filter((e) => e.type === 'interface' && (first === e.id.toLowerCase() || first.startsWith(`${e.id.toLowerCase()}-`)));
    // the longest id that starts the label (an id may be the prefix of another)
    const e = candidates.sort((a, b) => b.id.length - a.id.length)[0];
    if (!e || short(e.service) !== service || e.region !== region) return `no interface endpoint named ${name}`;
    const ifaces: ModelNetworkInterface[] = e.interfaces.map((id) => interfaceById(m, id)).filter((i): i is ModelNetworkInterface => i !== undefined);
    const zonal = ifaces.find((i) => first.endsWith(`-${i.availabilityZone.toLowerCase()}`));
    const az = zonal?.availabilityZone ?? (other.kind === 'iface' ? other.iface.availabilityZone : undefined);
    const iface = ifaces.find((i) => i.availabilityZone === az) ?? ifaces[0];
    if (!iface) return `endpoint ${e.id} has no interfaces`;
    return { kind: 'service', service: e.service, addr: ip(iface.privateIp)!, viaInterfaceEndpoint: e.id, iface };
  }
  if (labels.length < 4) return `not a service name: ${name}`;
  const region = labels[labels.length - 3]!;
  const service = labels.slice(0, labels.length - 3).join('.');
  if (other.kind === 'iface' && other.iface.region === region) return resolveService(m, service, other);
  return { kind: 'service', service, addr: servicePublicAddress(m, service, region) };
}

function resolveEndpoint(m: Model, text: string, role: 'from' | 'to', other?: Endpoint, proto = 6, port = 0): Endpoint | string {
  if (text.startsWith('name:')) {
    const named = Object.values(m.network).flat().filter((r) => (r as { name?: string; tags?: Record<string, string> }).name === text.slice(5) || (r as { tags?: Record<string, string> }).tags?.['Name'] === text.slice(5));
    if (named.length !== 1) return `no single resource named ${text.slice(5)}`;
    return resolveEndpoint(m, (named[0] as { id: string }).id, role, other, proto, port);
  }
  const lbId = text.startsWith('lb:') ? text.slice(3) : m.network.loadBalancers.some((l) => l.id === text) ? text : undefined;
  if (lbId !== undefined) {
    const lb = m.network.loadBalancers.find((l) => l.id === lbId);
    if (!lb) return `unknown load balancer ${lbId}`;
    if (role === 'from') throw new Unmodelled('a load balancer as the source');
    return loadBalancerAt(m, lb, undefined, other, proto, port);
  }
  const nodeById = lbNodes(m).find((n) => n.id === text);
  if (nodeById) {
    if (role === 'from') throw new Unmodelled('a load balancer as the source');
    return loadBalancerAt(m, m.network.loadBalancers.find((l) => l.id === nodeById.lb)!, nodeById, other, proto, port);
  }
  if (text === 'internet' || text.startsWith('internet:')) {
    const a = ip(text === 'internet' ? REFERENCE_DEFAULT_INTERNET_IP : text.slice('internet:'.length));
    return a ? { kind: 'internet', addr: a } : `bad internet address in ${text}`;
  }
  if (text.startsWith('service:') && role === 'to' && other) return resolveService(m, text.slice('service:'.length), other);
  if (text.startsWith('external:')) {
    const rest = text.slice('external:'.length);
    const colon = rest.indexOf(':');
    const id = colon < 0 ? rest : rest.slice(0, colon);
    const n = m.network.externalNetworks.find((x) => x.id === id);
    if (!n) return `unknown external network ${id}`;
    if (colon < 0) throw new Unmodelled('external network without an address');
    const a = ip(rest.slice(colon + 1));
    if (!a || !n.cidrs.some((c) => blockContains(c, a))) return `address outside external network ${id}`;
    return { kind: 'external', network: id, addr: a };
  }
  if (text.startsWith('service:')) throw new Unmodelled(`endpoint ${text}`);
  if (role === 'to' && other && text.toLowerCase().replace(/\.$/, '').endsWith('.amazonaws.com')) return resolveDnsName(m, text.toLowerCase().replace(/\.$/, ''), other);
  const vpce = m.network.vpcEndpoints.find((e) => e.id === text);
  if (vpce && role === 'to' && other) return resolveVpcEndpoint(m, vpce, other);
  let iface: ModelNetworkInterface | undefined;
  const inst = m.network.instances.find((i) => i.id === text);
  const natGw = m.network.natGateways.find((g) => g.id === text);
  if (inst) {
    iface = interfaceById(m, inst.interfaces[0]!);
    // from the internet: the public address of any of its interfaces, eth0's first
    if (role === 'to' && other?.kind === 'internet' && other.addr.version === 4 && iface?.publicIp === undefined)
      iface = inst.interfaces.map((id) => interfaceById(m, id)).find((i) => i?.publicIp !== undefined) ?? iface;
  } else if (natGw && role === 'to') iface = interfaceById(m, natGw.interface);
  else iface = interfaceByIdOrAwsId(m, text);
  if (!iface && m.index.byId.has(text)) throw new Unmodelled(`endpoint kind ${m.index.byId.get(text)!.kind}`);
  if (iface) {
    if (iface.owner.kind !== 'instance' && iface.owner.kind !== 'interface' && !(role === 'to' && (iface.owner.kind === 'nat-gateway' || iface.owner.kind === 'vpc-endpoint')))
      throw new Unmodelled(`endpoint owned by ${iface.owner.kind}`);
    // from the internet, an interface is addressed by its public IPv4
    if (role === 'to' && other?.kind === 'internet') {
      if (other.addr.version === 6) {
        const v6 = iface.ipv6Addresses[0];
        return v6 ? { kind: 'iface', iface, addr: ip(v6)! } : 'no-public-ip';
      }
      return iface.publicIp ? { kind: 'iface', iface, addr: ip(iface.publicIp)! } : 'no-public-ip';
    }
    if (role === 'to' && other?.kind === 'iface' && other.addr.version === 6) {
      const v6 = iface.ipv6Addresses[0];
      if (v6) return { kind: 'iface', iface, addr: ip(v6)! };
    }
    return { kind: 'iface', iface, addr: ip(iface.privateIp)! };
  }
  const a = ip(text);
  if (!a) return `unknown endpoint ${text}`;
  // a DNS64 address (64:ff9b::/96) stands for the owner of the IPv4 address it carries
  if (role === 'to' && a.version === 6 && blockContains(NAT64_PREFIX, a) && !allInterfaces(m).some((i) => ownsIp(i, a))) {
    const v4 = (a.value as bigint) - NAT64_BASE;
    const four = resolveEndpoint(m, `${(v4 >> 24n) & 255n}.${(v4 >> 16n) & 255n}.${(v4 >> 8n) & 255n}.${v4 & 255n}`, role, other, proto, port);
    if (typeof four !== 'string' && (four.kind === 'iface' || four.kind === 'external' || four.kind === 'lb')) return { ...four, addr: a };
    return { kind: 'internet', addr: a };
  }
  const owner = allInterfaces(m).find((i) => ownsIp(i, a)) ?? ownerOfPublicIp(m, a);
  if (owner && isNode(owner)) {
    if (role === 'from') throw new Unmodelled('a load balancer as the source');
    return { kind: 'lb', lb: owner.lb, node: owner, addr: a };
  }
  if (owner && owner.owner.kind !== 'instance' && owner.owner.kind !== 'interface' && !(role === 'to' && owner.owner.kind === 'vpc-endpoint')) throw new Unmodelled(`endpoint owned by ${owner.owner.kind}`);
  if (owner) return { kind: 'iface', iface: owner, addr: a };
  // an address inside a declared external network belongs to it
  const ext = m.network.externalNetworks.find((x) => x.cidrs.some((c) => blockContains(c, a)));
  if (ext) return { kind: 'external', network: ext.id, addr: a };
  if (role === 'from') return { kind: 'internet', addr: a };
  // an unowned destination address: inside a VPC block it is unassigned; elsewhere, the internet
  return { kind: 'internet', addr: a };
}

const ICMP_REPLY: Record<number, number> = { 8: 0, 13: 14, 128: 129 };

/**
 * Traces a flow the slow, literal way and returns only the verdict. `reachable` means the
 * packet arrived (or left AWS toward its destination) and its reply got back.
 */
export function referenceTrace(model: Model, flow: Flow): ReferenceResult {
  try {
    return run(model, flow);
  } catch (e) {
    if (e instanceof Unmodelled) return { reachable: false, disposition: 'not-implemented', blockedBy: null, modelled: false, note: e.message };
    throw e;
  }
}

function run(m: Model, flow: Flow): ReferenceResult {
  const invalid = (note: string): ReferenceResult => ({ reachable: false, disposition: 'invalid-flow', blockedBy: null, modelled: true, note });
  const proto = protocolNumber(flow.protocol);
  if (proto === undefined || proto === -1) return invalid('protocol');
  if ((proto === 6 || proto === 17) && flow.port === undefined) return invalid('port');
  let src = resolveEndpoint(m, flow.from, 'from');
  if (typeof src === 'string') return invalid(src);
  if (src.kind === 'refused') return { reachable: false, disposition: src.disposition, blockedBy: src.blockedBy, modelled: true };
  // an interface talking to an IPv6 address uses its own IPv6 address
  const toIp = ip(flow.to.startsWith('internet:') ? flow.to.slice('internet:'.length) : flow.to.startsWith('external:') ? flow.to.slice(flow.to.indexOf(':', 'external:'.length) + 1) : flow.to);
  if (src.kind === 'iface' && toIp?.version === 6 && src.addr.version === 4) {
    const v6 = src.iface.ipv6Addresses[0];
    if (v6 === undefined) return invalid('source has no IPv6 address');
    src = { kind: 'iface', iface: src.iface, addr: ip(v6)! };
  }
  // `internet` toward an IPv6 address stands for an IPv6 host of the internet
  if (flow.from === 'internet' && toIp?.version === 6) src = { kind: 'internet', addr: ip(REFERENCE_DEFAULT_INTERNET_IP6)! };
  if (src.kind === 'internet' && flow.from !== 'internet' && !flow.from.startsWith('internet:') && notInternetRoutable(m, src.addr)) return invalid('unowned source');
  const dst = resolveEndpoint(m, flow.to, 'to', src, proto, flow.port ?? 0);
  if (dst === 'no-public-ip') {
    const d = resolveEndpoint(m, flow.to, 'from');
    return { reachable: false, disposition: 'no-public-ip', blockedBy: typeof d === 'string' || d.kind !== 'iface' ? null : d.iface.id, modelled: true };
  }
  if (typeof dst === 'string') return invalid(dst);
  if (dst.kind === 'refused') return { reachable: false, disposition: dst.disposition, blockedBy: dst.blockedBy, modelled: true };
  if (src.kind === 'internet' && dst.kind === 'internet') return invalid('internet to internet');
  if (src.kind === 'service') return invalid('service as a source');
  // on premises to an internet address: through its connection to AWS, which decides (a VGW
  // carries only its VPC's addresses; a transit gateway routes by its table)
  if (src.kind !== 'iface' && dst.kind !== 'iface' && dst.kind !== 'service' && dst.kind !== 'lb' && !(src.kind === 'external' && (dst.kind === 'internet' || (dst.kind === 'external' && dst.network !== src.network)))) return invalid('neither end is in a VPC');
  if (src.addr.version !== dst.addr.version) return invalid('address families differ');
  if ((proto === 1 && src.addr.version === 6) || (proto === 58 && src.addr.version === 4)) return invalid('ICMP of the other address family');
  const isIcmp = proto === 1 || proto === 58;
  const pkt: Packet = {
    src: src.addr,
    dst: dst.addr,
    proto,
    srcPort: isIcmp ? 0 : flow.srcPort ?? DEFAULT_SRC_PORT,
    dstPort: isIcmp ? 0 : flow.port ?? 0,
    icmpType: isIcmp ? flow.icmpType ?? (proto === 1 ? 8 : 128) : 0,
    icmpCode: isIcmp ? flow.icmpCode ?? 0 : 0,
  };
  // interface endpoints carry TCP over IPv4 only, however addressed
  // (https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html)
  const viaEndpoint = dst.kind === 'service' ? dst.viaInterfaceEndpoint : dst.kind === 'iface' && dst.iface.owner.kind === 'vpc-endpoint' ? dst.iface.owner.vpcEndpoint : undefined;
  if (viaEndpoint !== undefined && (proto !== 6 || pkt.dst.version !== 4)) {
    return { reachable: false, disposition: 'unsupported', blockedBy: viaEndpoint, modelled: true };
  }
  const w: Walk = { m, reply: false, nat: [], hops: 0, pinned: new Map(), crossed: new Set() };
  if (src.kind === 'iface') w.crossed.add(stateHolder(src.iface));
  if (dst.kind === 'iface' && src.kind === 'iface' && dst.iface.id === src.iface.id) return invalid('same interface');
  // unassigned address inside the source VPC
  const fwd: End = src.kind === 'iface' ? send(w, src.iface, pkt) : src.kind === 'external' ? external(w, src.network, pkt) : internet(w, pkt);
  if (fwd.kind === 'unmodelled') return { reachable: false, disposition: 'not-implemented', blockedBy: null, modelled: false, note: fwd.note };
  if (fwd.kind === 'fail') return { reachable: false, disposition: fwd.disposition, blockedBy: fwd.blockedBy, modelled: true };
  // the forward packet must end where the flow said
  if (dst.kind === 'service' && dst.viaGatewayEndpoint !== undefined) {
    // `to: <gateway endpoint>`: the source subnet's route table must send the service's address to it
    if (fwd.kind !== 'service' || fwd.endpoint !== dst.viaGatewayEndpoint) {
      const table = src.kind === 'iface' ? subnetOf(m, src.iface.subnet).routeTable : null;
      return { reachable: false, disposition: 'no-route', blockedBy: table, modelled: true, note: 'the gateway endpoint is not on the path' };
    }
  } else if (dst.kind === 'service') {
    const ok = dst.iface ? fwd.kind === 'delivered' && fwd.iface.id === dst.iface.id : fwd.kind === 'service' || fwd.kind === 'internet';
    if (!ok) return { reachable: false, disposition: 'unreachable-address', blockedBy: null, modelled: true, note: 'service not reached' };
  } else if (dst.kind === 'lb') {
    if (fwd.kind !== 'lb' || fwd.node.lb !== dst.lb) return { reachable: false, disposition: fwd.kind === 'internet' ? 'no-route' : 'unreachable-address', blockedBy: null, modelled: true, note: 'load balancer not reached' };
  } else if (dst.kind === 'iface') {
    if (fwd.kind !== 'delivered' || fwd.iface.id !== dst.iface.id) {
      return { reachable: false, disposition: fwd.kind === 'internet' ? 'no-route' : 'unreachable-address', blockedBy: null, modelled: true, note: 'ended elsewhere' };
    }
  } else if (dst.kind === 'external') {
    if (fwd.kind !== 'external' || fwd.network !== dst.network) return { reachable: false, disposition: fwd.kind === 'internet' ? 'no-route' : 'unreachable-address', blockedBy: null, modelled: true, note: 'external network not reached' };
  } else if (fwd.kind !== 'internet' && fwd.kind !== 'service') {
    return { reachable: false, disposition: 'unreachable-address', blockedBy: null, modelled: true, note: 'internet address owned by an interface' };
  }
  // an address of a service's prefix list that a gateway endpoint took has reached the service
  // (as `service:s3` does): https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
  const success: Disposition =
    dst.kind === 'iface' || dst.kind === 'lb' ? 'delivered' : dst.kind === 'service' || fwd.kind === 'service' ? 'exits-service' : dst.kind === 'external' ? 'exits-external' : 'exits-internet';
  // an ICMP message that is not a query has no reply (RFC 792, RFC 4443)
  if (isIcmp && ICMP_REPLY[fwd.pkt.icmpType] === undefined) return { reachable: true, disposition: success, blockedBy: null, modelled: true };
  // the reply: ports swapped, security groups stateful, NACLs evaluated again
  const last = fwd.pkt;
  const rpkt: Packet = {
    src: last.dst,
    dst: last.src,
    proto,
    srcPort: last.dstPort,
    dstPort: last.srcPort,
    icmpType: isIcmp ? ICMP_REPLY[last.icmpType] ?? last.icmpType : 0,
    icmpCode: last.icmpCode,
  };
  const rw: Walk = { m, reply: true, nat: w.nat, hops: 0, pinned: w.pinned, crossed: w.crossed };
  let back: End;
  if (fwd.kind === 'delivered') back = send(rw, fwd.iface, rpkt);
  else if (fwd.kind === 'lb') back = send(rw, fwd.node, rpkt); // the node answers the client
  else if (fwd.kind === 'service') {
    // the service answers the address it saw through the gateway endpoint, into the endpoint's VPC:
    // the interface holding that address (a NAT gateway's, when the request came through one: its
    // private address is the source the service sees, nat-gateway-basics.html), after the inbound
    // rules of that interface's subnet; a NAT gateway translates the reply back and routes it on
    const e = m.network.vpcEndpoints.find((x) => x.id === fwd.endpoint);
    const owner = e === undefined ? undefined : allInterfaces(m).find((i) => i.vpc === e.vpc && ownsIp(i, rpkt.dst));
    const n = owner ? naclOf(m, subnetOf(m, owner.subnet)) : undefined;
    if (!owner || !n) back = fail('reply-denied', null);
    else if (!referenceNaclAllows(n.inbound, rpkt.src, rpkt)) back = fail('denied-nacl-ingress', n.id);
    else back = arrive(rw, owner, rpkt);
  } else if (fwd.kind === 'external') back = external(rw, fwd.network, rpkt);
  else back = internet(rw, rpkt);
  const ok =
    src.kind === 'iface' ? back.kind === 'delivered' && back.iface.id === src.iface.id : src.kind === 'external' ? back.kind === 'external' && back.network === src.network : back.kind === 'internet';
  if (ok && fwd.kind === 'lb') {
    // two legs: the client reached the node and back; now the node's targets
    const t = serve(m, fwd.node, fwd.listener, fwd.pkt, 0);
    return { reachable: t.ok, disposition: t.disposition, blockedBy: t.ok ? null : t.blockedBy, modelled: true, targets: t.targets };
  }
  if (ok) return { reachable: true, disposition: success, blockedBy: null, modelled: true };
  if (back.kind === 'unmodelled') return { reachable: false, disposition: 'not-implemented', blockedBy: null, modelled: false, note: back.note };
  return { reachable: false, disposition: 'reply-denied', blockedBy: back.kind === 'fail' ? back.blockedBy : null, modelled: true };
}

// ---- load balancers ------------------------------------------------------------------------
// Written from the Elastic Load Balancing guides (header), in the reference's literal style:
// every rule a scan over the model's lists.

/** A load balancer node, seen as the interface AWS creates for it in its subnet. */
type RefNode = ModelNetworkInterface & { readonly lb: string };

const isNode = (i: ModelNetworkInterface): i is RefNode => typeof (i as Partial<RefNode>).lb === 'string';

/**
 * The nodes of every load balancer: one per subnet, with its private (and, internet-facing,
 * public) address; its security groups are the load balancer's, when it checks any (a network
 * load balancer without groups and a gateway load balancer check none).
 */
function lbNodes(m: Model): RefNode[] {
  const out: RefNode[] = [];
  for (const lb of m.network.loadBalancers) {
    const groups = lb.type === 'gateway' || (lb.type === 'network' && lb.securityGroups.length === 0) ? [] : lb.securityGroups;
    for (const n of lb.nodes) {
      out.push({
        id: n.id, lb: lb.id, account: lb.account, region: lb.region, subnet: n.subnet, vpc: n.vpc, availabilityZone: n.availabilityZone,
        privateIp: n.privateIp, secondaryPrivateIps: [], publicIp: n.publicIp, ipv6Addresses: n.ipv6Address === undefined ? [] : [n.ipv6Address],
        securityGroups: groups, sourceDestCheck: true, nat: false, owner: { kind: 'interface' },
      });
    }
  }
  return out;
}

/** Every interface: the scenario's and the load balancers' nodes. */
function allInterfaces(m: Model): ModelNetworkInterface[] {
  return [...m.network.networkInterfaces, ...lbNodes(m)];
}

/** The IP protocols a listener protocol takes: UDP; TCP and UDP for TCP_UDP; GENEVE runs over UDP; the others over TCP. */
function listenerProtocols(p: string): number[] {
  return p === 'UDP' || p === 'GENEVE' ? [17] : p === 'TCP_UDP' ? [6, 17] : [6];
}

/** A packet reaches a node: a reply ends there; a request is taken by the listener of its protocol and port, else refused. */
function nodeArrive(w: Walk, node: RefNode, pkt: Packet): End {
  if (w.reply) return { kind: 'delivered', iface: node, pkt };
  const lb = w.m.network.loadBalancers.find((l) => l.id === node.lb)!;
  // a gateway load balancer is reached through its endpoints, never at a node's address
  if (lb.type === 'gateway') return fail('no-listener', lb.id);
  const k = lb.listeners.findIndex((l) => l.port === pkt.dstPort && listenerProtocols(l.protocol).includes(pkt.proto));
  if (k < 0) return fail('no-listener', lb.id);
  return { kind: 'lb', node, listener: k, pkt };
}

/** A registered target as the reference reads it. */
interface RefTarget {
  readonly id: string;
  readonly kind: 'instance' | 'ip' | 'alb';
  readonly port: number;
  readonly az: string;
  /** The address the node sends to (an application load balancer target: its node in the sender's zone, else its first). */
  readonly addr: IpAddress | undefined;
  readonly declaredUnhealthy: boolean;
}

/** The targets of a listener: a classic load balancer's instances (on the instance port), else its target group's. */
function listenerTargets(m: Model, lb: Model['network']['loadBalancers'][number], k: number, node: RefNode): RefTarget[] {
  const l = lb.listeners[k]!;
  if (lb.type === 'classic') {
    return l.instances.map((id) => {
      const i = interfaceById(m, m.network.instances.find((x) => x.id === id)?.interfaces[0] ?? '');
      return { id, kind: 'instance' as const, port: l.instancePort ?? l.port, az: i?.availabilityZone ?? 'all', addr: i ? ip(i.privateIp) : undefined, declaredUnhealthy: false };
    });
  }
  const tg = m.network.targetGroups.find((g) => g.id === l.targetGroup);
  return (tg?.targets ?? []).map((t) => {
    let addr: IpAddress | undefined = t.ip === undefined ? undefined : ip(t.ip);
    if (t.kind === 'alb') {
      const alb = m.network.loadBalancers.find((x) => x.id === t.id);
      const n = alb?.nodes.find((x) => x.availabilityZone === node.availabilityZone) ?? alb?.nodes[0];
      addr = n ? ip(n.privateIp) : undefined;
    }
    return { id: t.id, kind: t.kind, port: t.port, az: t.availabilityZone, addr: addr?.version === 4 ? addr : undefined, declaredUnhealthy: t.declaredUnhealthy };
  });
}

interface LegResult {
  readonly ok: boolean;
  readonly disposition: Disposition;
  readonly blockedBy: string | null;
  /** A target that is a load balancer: where the leg ended (its listener), for its own targets. */
  readonly lb?: Extract<End, { kind: 'lb' }> | undefined;
}

/** Whether a leg from a node ended at the target: the instance's interface, an interface or external network holding the address, or the application load balancer. */
function reachedTarget(m: Model, t: RefTarget, end: End): boolean {
  if (t.kind === 'alb') return end.kind === 'lb' && end.node.lb === t.id;
  if (t.kind === 'instance') return end.kind === 'delivered' && end.iface.id === m.network.instances.find((x) => x.id === t.id)?.interfaces[0];
  if (!t.addr) return false;
  if (end.kind === 'delivered') return ownsIp(end.iface, t.addr);
  if (end.kind === 'external') return m.network.externalNetworks.some((n) => n.id === end.network && n.cidrs.some((c) => blockContains(c, t.addr!)));
  return false;
}

/**
 * One leg from a node to a target and back: the node sends `pkt`; it must reach the target;
 * the reply comes back to the node: from a target in the node's VPC directly (the load balancer
 * tracks the connection: the target's and the node's subnets' network ACLs apply, not the route
 * table), from elsewhere by its own routes.
 */
function leg(m: Model, node: RefNode, t: RefTarget, pkt: Packet): LegResult {
  const w: Walk = { m, reply: false, nat: [], hops: 0, pinned: new Map(), crossed: new Set() };
  const fwd = send(w, node, pkt);
  if (fwd.kind === 'unmodelled') throw new Unmodelled(fwd.note);
  if (fwd.kind === 'fail') return { ok: false, disposition: fwd.disposition, blockedBy: fwd.blockedBy };
  if (!reachedTarget(m, t, fwd)) return { ok: false, disposition: fwd.kind === 'internet' ? 'no-route' : 'unreachable-address', blockedBy: null };
  const last = fwd.pkt;
  const rpkt: Packet = { src: last.dst, dst: last.src, proto: last.proto, srcPort: last.dstPort, dstPort: last.srcPort, icmpType: 0, icmpCode: 0 };
  const rw: Walk = { m, reply: true, nat: w.nat, hops: 0, pinned: w.pinned, crossed: w.crossed };
  const from = fwd.kind === 'delivered' ? fwd.iface : fwd.kind === 'lb' ? fwd.node : undefined;
  let back: End;
  if (from !== undefined && from.vpc === node.vpc) {
    const x = crossSubnets(rw, subnetOf(m, from.subnet), subnetOf(m, node.subnet), rpkt);
    back = x ?? arrive(rw, node, rpkt);
  } else if (fwd.kind === 'delivered') back = send(rw, fwd.iface, rpkt);
  else if (fwd.kind === 'external') back = external(rw, fwd.network, rpkt);
  else back = fail('reply-denied', null);
  if (back.kind === 'unmodelled') throw new Unmodelled(back.note);
  if (back.kind === 'fail') return { ok: false, disposition: 'reply-denied', blockedBy: back.blockedBy };
  if (back.kind !== 'delivered' || back.iface.id !== node.id) return { ok: false, disposition: 'reply-denied', blockedBy: null };
  const disposition: Disposition = fwd.kind === 'external' ? 'exits-external' : 'delivered';
  return fwd.kind === 'lb' ? { ok: true, disposition, blockedBy: null, lb: fwd } : { ok: true, disposition, blockedBy: null };
}

/** One target of a node, decided: sent to or not (with why), and where its leg stops. */
interface Decided {
  readonly t: RefTarget;
  readonly sent: boolean;
  readonly ok: boolean;
  readonly disposition: Disposition;
  readonly blockedBy: string | null;
}

/**
 * Which targets of listener `k` node `node` sends to: each target is health-checked from the
 * node (TCP to the health check port, through the same filters; a declared unhealthy state
 * counts as unhealthy); the node sends to the healthy targets of its zone (every zone with
 * cross-zone load balancing; a target in a zone without a node is unused); an application or
 * network load balancer whose every target is unhealthy sends to all of them; a classic or
 * gateway one does not. Those it sends to first, in target group order; the others say why not.
 */
function decideTargets(m: Model, node: RefNode, k: number): { readonly preserve: boolean; readonly group: string | undefined; readonly rows: readonly Decided[] } {
  const lb = m.network.loadBalancers.find((l) => l.id === node.lb)!;
  const l = lb.listeners[k]!;
  const tg = m.network.targetGroups.find((g) => g.id === l.targetGroup);
  const targets = listenerTargets(m, lb, k, node);
  const crossZone = lb.type === 'classic' ? lb.crossZone : tg?.crossZone ?? lb.crossZone;
  const hc = lb.type === 'classic' ? lb.healthCheck ?? { protocol: 'TCP' as const, port: 80 } : tg?.healthCheck ?? { protocol: 'TCP' as const, port: 'traffic-port' as const };
  const zones = lb.nodes.map((n) => n.availabilityZone);
  const rows = targets.map((t) => {
    const used = t.az === 'all' || zones.includes(t.az);
    const inZone = used && (crossZone || t.az === 'all' || t.az === node.availabilityZone);
    const port = hc.port === 'traffic-port' ? t.port : hc.port;
    const check: LegResult = t.addr ? leg(m, node, t, { src: ip(node.privateIp)!, dst: t.addr, proto: 6, srcPort: 49152, dstPort: port, icmpType: 0, icmpCode: 0 }) : { ok: false, disposition: 'no-target', blockedBy: t.id };
    return { t, used, inZone, check, healthy: check.ok && !t.declaredUnhealthy };
  });
  const failOpen = (lb.type === 'application' || lb.type === 'network') && rows.some((r) => r.inZone) && !rows.some((r) => r.healthy && r.used);
  const decided = rows.map((r): Decided => {
    const sent = r.inZone && (r.healthy || failOpen);
    if (sent) return { t: r.t, sent, ok: true, disposition: 'delivered', blockedBy: null };
    if (!r.used) return { t: r.t, sent, ok: false, disposition: 'target-unhealthy', blockedBy: lb.id };
    if (!r.inZone) return { t: r.t, sent, ok: false, disposition: 'cross-zone-off', blockedBy: tg?.id ?? lb.id };
    if (r.t.declaredUnhealthy) return { t: r.t, sent, ok: false, disposition: 'target-unhealthy', blockedBy: r.t.id };
    return { t: r.t, sent, ok: false, disposition: 'target-unhealthy', blockedBy: r.check.blockedBy ?? r.t.id };
  });
  const preserve = lb.type === 'network' && tg !== undefined && tg.preserveClientIp;
  return { preserve, group: tg?.id ?? (lb.type === 'classic' ? undefined : lb.id), rows: [...decided.filter((d) => d.sent), ...decided.filter((d) => !d.sent)] };
}

/**
 * A connection node `node`'s listener `k` took (`pkt` as it arrived), sent to the targets:
 * reachable when some target it sends to is reachable both ways; otherwise the first target's
 * verdict.
 */
function serve(m: Model, node: RefNode, k: number, pkt: Packet, depth: number): { readonly ok: boolean; readonly disposition: Disposition; readonly blockedBy: string | null; readonly targets: readonly ReferenceTarget[] } {
  if (depth > 3) throw new Unmodelled('load balancers nested too deep');
  const lb = m.network.loadBalancers.find((l) => l.id === node.lb)!;
  const { preserve, rows } = decideTargets(m, node, k);
  if (rows.length === 0) return { ok: false, disposition: 'no-target', blockedBy: m.network.targetGroups.find((g) => g.id === lb.listeners[k]!.targetGroup)?.id ?? lb.id, targets: [] };
  const outcomes = rows.map((d): Decided & { readonly inner?: readonly ReferenceTarget[] } => {
    if (!d.sent) return d;
    if (!d.t.addr) return { ...d, ok: false, disposition: 'no-target', blockedBy: d.t.id };
    // the target sees the client's address where the client IP is preserved, else the node's
    const q: Packet = preserve ? { ...pkt, dst: d.t.addr, dstPort: d.t.port } : { ...pkt, src: ip(node.privateIp)!, srcPort: 49152, dst: d.t.addr, dstPort: d.t.port };
    const x = leg(m, node, d.t, q);
    if (!x.ok || !x.lb) return { ...d, ok: x.ok, disposition: x.disposition, blockedBy: x.blockedBy };
    const inner = serve(m, x.lb.node, x.lb.listener, x.lb.pkt, depth + 1);
    return { ...d, ok: inner.ok, disposition: inner.disposition, blockedBy: inner.blockedBy, inner: inner.targets };
  });
  const targets = outcomes.map((o): ReferenceTarget => ({ target: o.t.id, reachable: o.ok, ...(o.inner ? { targets: o.inner } : {}) }));
  const hit = outcomes.find((d) => d.ok);
  if (hit) return { ok: true, disposition: hit.disposition, blockedBy: null, targets };
  const first = outcomes[0]!;
  return { ok: false, disposition: first.disposition, blockedBy: first.blockedBy, targets };
}

/**
 * The node a flow to a load balancer reaches (vpcsim's convention, header): `at` when the flow
 * names a node, else the one in the client's zone, else the first. From the internet a node is
 * addressed by its public address (an internal load balancer has none).
 */
function loadBalancerAt(m: Model, lb: Model['network']['loadBalancers'][number], at: RefNode | undefined, other: Endpoint | undefined, proto: number, port: number): Endpoint | string {
  if (lb.type === 'gateway') return 'a gateway load balancer is not a destination';
  const nodes = lbNodes(m).filter((n) => n.lb === lb.id);
  const fromInternet = other?.kind === 'internet';
  let node = at;
  if (!node) {
    const addressable = nodes.filter((n) => !fromInternet || n.publicIp !== undefined);
    const candidates = addressable.length > 0 ? addressable : nodes;
    const k = lb.listeners.findIndex((l) => l.port === port && listenerProtocols(l.protocol).includes(proto));
    // a network load balancer's node that sends to no target is not in its DNS answers
    const live = lb.type === 'network' && k >= 0 ? candidates.filter((n) => decideTargets(m, n, k).rows.some((d) => d.sent)) : candidates;
    const pool = live.length > 0 ? live : candidates;
    const az = other?.kind === 'iface' ? other.iface.availabilityZone : undefined;
    node = pool.find((n) => n.availabilityZone === az) ?? pool[0];
  }
  if (!node) return 'load balancer without nodes';
  if (fromInternet) {
    if (other.addr.version === 6) throw new Unmodelled('IPv6 clients of load balancers');
    if (node.publicIp === undefined) return { kind: 'refused', disposition: 'no-public-ip', blockedBy: lb.id };
    return { kind: 'lb', lb: lb.id, node, addr: ip(node.publicIp)! };
  }
  if (other?.kind === 'iface' && other.addr.version === 6) throw new Unmodelled('IPv6 clients of load balancers');
  return { kind: 'lb', lb: lb.id, node, addr: ip(node.privateIp)! };
}

/**
 * A Gateway Load Balancer endpoint as a route target: into the endpoint's subnet, to the gateway
 * load balancer's node in the endpoint's zone, which sends the packet to an appliance in GENEVE
 * (UDP 6081 both ways, through the appliance's security groups and both subnets' ACLs); the
 * appliance returns it unchanged and the endpoint subnet's route table carries it on. A gateway
 * load balancer sends only to healthy appliances (it does not fail open).
 */
function gatewayLoadBalancerEndpoint(w: Walk, s: ModelSubnet, table: string, id: string, pkt: Packet): End {
  const m = w.m;
  const e = m.network.gatewayLoadBalancerEndpoints.find((x) => x.id === id)!;
  if (e.vpc !== s.vpc) return fail('blackhole', table);
  const es = subnetOf(m, e.subnet);
  const x = crossSubnets(w, s, es, pkt);
  if (x) return x;
  const lb = m.network.loadBalancers.find((l) => l.id === e.loadBalancer);
  if (!lb || lb.type !== 'gateway') return fail('blackhole', e.id);
  const node = lbNodes(m).find((n) => n.lb === lb.id && n.availabilityZone === e.availabilityZone);
  if (!node) return fail('blackhole', e.id);
  if (lb.listeners.length === 0) return fail('no-listener', lb.id);
  const { rows } = decideTargets(m, node, 0);
  const first = rows[0];
  if (!first) return fail('no-target', m.network.targetGroups.find((g) => g.id === lb.listeners[0]!.targetGroup)?.id ?? lb.id);
  if (!first.sent) return fail(first.disposition, first.blockedBy);
  // GENEVE: UDP 6081 from the node to the first appliance it sends to, and back
  if (!first.t.addr) return fail('no-target', first.t.id);
  const g = leg(m, node, first.t, { src: ip(node.privateIp)!, dst: first.t.addr, proto: 17, srcPort: 6081, dstPort: first.t.port, icmpType: 0, icmpCode: 0 });
  if (!g.ok) return fail(g.disposition, g.blockedBy);
  return route(w, es, undefined, pkt);
}
