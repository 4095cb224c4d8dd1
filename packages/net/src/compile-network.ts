// The tracer's compiled form of a Model: every id resolved to an object, addresses parsed to
// numbers (IPv4) and bigints (IPv6), route tables compiled into longest-prefix-match tables,
// network ACL and security group rules into matchers, and the rule texts the hops print.
// Built once per Model and cached in a module-level WeakMap (BRIEFING: engines cache their
// indexes per model), so `trace` reads only these structures and allocates little.
import { cidrOf, formatIp, mask4, mask6, parseIp, prefixListIn, type CidrBlock, type ComponentKind, type Model, type ModelNetworkInterface, type ModelSubnet, type ModelTransitGateway, type ModelVpc, type ModelVpnConnection, type ModelVpcPeeringConnection, type ModelVpnGateway, type ModelExternalNetwork, pushAll } from '@vpcsim/model';
import { Lpm } from './lpm.js';
import { FirstMatchLookup, HostLookup } from './lookup.js';
import type { HeaderMatch } from './walk/types.js';
import { compileNaclRules, type NaclRuleList } from './concepts/network-acl.js';
import { compileSgRules, type SgRuleC } from './concepts/security-group.js';
import { compileRouteTable, type PropagatedRoute, type RouteTableC } from './concepts/route-table.js';
import { compileDirectConnect, type DirectConnectC, type VgwPath } from './concepts/direct-connect.js';
import { compileLoadBalancers, type LbC } from './concepts/load-balancer.js';

/** An address: IPv4 as an unsigned 32-bit number, IPv6 as a bigint. */
export type Addr = number | bigint;

/** A CIDR block ready to match: `(ip & mask) === base`. */
export interface BlockC {
  readonly v: 4 | 6;
  readonly base: Addr;
  readonly mask: Addr;
  readonly prefix: number;
  readonly text: string;
}

export function blockOf(b: CidrBlock): BlockC {
  return { v: b.version, base: b.base, mask: b.version === 4 ? mask4(b.prefix) : mask6(b.prefix), prefix: b.prefix, text: b.text };
}

const blockCache = new Map<string, BlockC>();

/**
 * The compiled block of CIDR text (validated by the model). Cached by text: rule lists repeat
 * the same few blocks, and parsing IPv6 text is slow.
 */
export function blockOfText(text: string): BlockC {
  let b = blockCache.get(text);
  if (b === undefined) {
    if (blockCache.size > 100_000) blockCache.clear();
    b = blockOf(cidrOf(text));
    blockCache.set(text, b);
  }
  return b;
}

/** Whether `ip` (of version `v`) lies in block `b`. */
export function inBlock(b: BlockC, v: 4 | 6, ip: Addr): boolean {
  if (b.v !== v) return false;
  if (v === 4) return (((ip as number) & (b.mask as number)) >>> 0) === b.base;
  return ((ip as bigint) & (b.mask as bigint)) === b.base;
}

export function inAnyBlock(bs: readonly BlockC[], v: 4 | 6, ip: Addr): boolean {
  for (let k = 0; k < bs.length; k++) if (inBlock(bs[k]!, v, ip)) return true;
  return false;
}

export interface VpcC {
  readonly id: string;
  readonly m: ModelVpc;
  readonly region: string;
  readonly account: string;
  readonly blocks: readonly BlockC[];
  /** Private addresses (primary, secondary, IPv6) to the interface holding them. */
  readonly owner4: Map<number, IfaceC>;
  readonly owner6: Map<bigint, IfaceC>;
  /** The same, as a lookup both engines read. */
  readonly owners: HostLookup<IfaceC>;
  /** VPCs with an active peering connection to this one. */
  readonly activePeers: Set<string>;
  igw?: string | undefined;
  eigw?: string | undefined;
  /** The internet gateway's gateway route table (edge association), if it has one. */
  igwTable?: RouteTableC | undefined;
  /** Primary private IPv4 addresses of the VPC's interfaces that have a public IPv4 address: what its internet gateway maps (1:1). */
  readonly mapped: HostLookup<IfaceC>;
}

export interface SubnetC {
  readonly id: string;
  readonly m: ModelSubnet;
  readonly vpc: VpcC;
  /** Its own CIDR blocks (IPv4, and IPv6 when it has one). */
  readonly blocks: readonly BlockC[];
  readonly az: string;
  readonly region: string;
  routeTable: RouteTableC;
  nacl: NaclC;
}

export interface NaclC {
  readonly id: string;
  readonly inbound: NaclRuleList;
  readonly outbound: NaclRuleList;
}

export interface SgC {
  readonly id: string;
  readonly inbound: readonly SgRuleC[];
  readonly outbound: readonly SgRuleC[];
}

export interface IfaceC {
  readonly id: string;
  readonly m: ModelNetworkInterface;
  readonly vpc: VpcC;
  subnet: SubnetC;
  readonly sgs: readonly SgC[];
  readonly sgIds: ReadonlySet<string>;
  readonly priv4: number;
  readonly privText: string;
  readonly addrs4: readonly number[];
  readonly addrs6: readonly bigint[];
  readonly v6Texts: readonly string[];
  readonly pub4: number | undefined;
  /** Its private addresses (IPv4 and IPv6) as host blocks; the primary IPv4 address as one. */
  readonly hostBlocks: readonly BlockC[];
  readonly priv4Block: BlockC;
  readonly ownerKind: ModelNetworkInterface['owner']['kind'] | 'load-balancer';
  /** For a load balancer node: its load balancer (concepts/load-balancer.ts). */
  readonly lb?: LbC | undefined;
  /** The NAT gateway that owns it, if any. */
  readonly natGateway: string | undefined;
  /** The instance it belongs to, else itself: what keeps connection state for an appliance. */
  readonly host: string;
}

export interface TgwRouteC {
  readonly destination: string;
  readonly attachment: string | undefined;
  readonly blackhole: boolean;
  readonly propagated: boolean;
  readonly text: string;
}

export interface TgwC {
  readonly id: string;
  readonly m: ModelTransitGateway;
  /** Attachment id to the LPM table of the TGW route table associated with it. */
  readonly tableOf: Map<string, { readonly id: string; readonly lpm: Lpm<TgwRouteC>; readonly rows: readonly string[] }>;
  readonly attachments: Map<string, ModelTransitGateway['attachments'][number]>;
  /** VPC id to its attachment. */
  readonly attachmentByVpc: Map<string, ModelTransitGateway['attachments'][number]>;
}

export interface ExternalC {
  readonly id: string;
  readonly m: ModelExternalNetwork;
  readonly blocks: readonly BlockC[];
}

/** The compiled network. */
export interface CompiledNetwork {
  readonly model: Model;
  readonly vpcs: Map<string, VpcC>;
  readonly subnets: Map<string, SubnetC>;
  readonly ifaces: Map<string, IfaceC>;
  readonly sgs: Map<string, SgC>;
  readonly nacls: Map<string, NaclC>;
  /** Interface of each NAT gateway. */
  readonly natIface: Map<string, IfaceC>;
  /** Any address (first declared owner across VPCs) to its interface. */
  readonly anyOwner4: Map<number, IfaceC>;
  readonly anyOwner6: Map<bigint, IfaceC>;
  /** Every interface holding an address (for security group references). */
  readonly owners4: Map<number, IfaceC[]>;
  readonly owners6: Map<bigint, IfaceC[]>;
  readonly public4: Map<number, IfaceC>;
  /** Every VPC block, to tell VPC-private addresses from internet ones. */
  readonly vpcSpace: Lpm<true>;
  readonly tgws: Map<string, TgwC>;
  readonly externals: readonly ExternalC[];
  readonly externalById: Map<string, ExternalC>;
  /** The remote networks of each VPN connection (static routes, or for BGP the customer gateway's networks). */
  readonly vpnPrefixes: Map<string, readonly string[]>;
  /** The same, parsed (looked up per packet at a virtual private gateway). */
  readonly vpnBlocks: Map<string, readonly BlockC[]>;
  /** Peering connections by id. */
  readonly peerings: Map<string, ModelVpcPeeringConnection>;
  /**
   * Virtual private gateways by id, with their VPN connections whose tunnels are up (declaration
   * order), and which path carries each destination: among their remote networks and the networks
   * it learned over Direct Connect, the longest prefix, then Direct Connect before a static VPN
   * connection before a BGP one, then declaration order.
   * https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
   * https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html
   */
  readonly vgws: Map<string, { readonly m: ModelVpnGateway; readonly up: readonly ModelVpnConnection[]; readonly lpm: Lpm<VgwPath>; /** its gateway route table (edge association), if any */ readonly table?: RouteTableC | undefined }>;
  /** Direct Connect: virtual interfaces, Direct Connect gateways, the routes they carry (concepts/direct-connect.ts). */
  readonly dx: DirectConnectC;
  /** Whether a VPN connection carries traffic: a tunnel up and, over Direct Connect, its transport available. */
  vpnUp(v: ModelVpnConnection): boolean;
  readonly kindOf: (id: string) => ComponentKind | undefined;
  /** Public IPv4 addresses of interfaces, and every interface IPv6 address, to their interface (what the internet reaches). */
  readonly publicOwners4: HostLookup<IfaceC>;
  readonly anyOwners6: HostLookup<IfaceC>;
  /** Destinations the internet does not route, per family (private and shared space, every VPC block). */
  readonly notInternet: readonly [HeaderMatch, HeaderMatch];
  /** The external networks behind a VPN connection (`via` its id or its customer gateway), first declared first. */
  externalsBehind(vpn: string): FirstMatchLookup<ExternalC>;
  /** A host block of an address (cached). */
  hostBlock(v: 4 | 6, a: Addr): BlockC;
  /** Load balancers by id, their nodes registered as interfaces (`ownerKind: 'load-balancer'`). */
  readonly lbs: ReadonlyMap<string, LbC>;
}

const cache = new WeakMap<Model, CompiledNetwork>();

/** Returns the compiled network of a model, building it on first use. */
export function compileNetwork(model: Model): CompiledNetwork {
  let c = cache.get(model);
  if (!c) {
    c = build(model);
    cache.set(model, c);
  }
  return c;
}

function addrOf(text: string): Addr | undefined {
  return parseIp(text)?.value;
}

/** Whether external network `n` is reached through VPN connection `v` (its id or its customer gateway among `via`). */
const behindVpn = (n: ModelExternalNetwork, v: ModelVpnConnection): boolean => (n.vias ?? []).some((x) => x === v.customerGateway || x === v.id);

/** The remote networks of a VPN: its static routes, or for BGP the networks behind its customer gateway. */
export function vpnPrefixesOf(model: Model, v: ModelVpnConnection): string[] {
  if (v.routing === 'static') return [...v.staticRoutes];
  const out: string[] = [];
  for (const n of model.network.externalNetworks) if (behindVpn(n, v)) pushAll(out, n.cidrs);
  return out;
}

function build(model: Model): CompiledNetwork {
  const n = model.network;
  const vpcs = new Map<string, VpcC>();
  for (const v of n.vpcs) {
    const owner4 = new Map<number, IfaceC>();
    const owner6 = new Map<bigint, IfaceC>();
    vpcs.set(v.id, { id: v.id, m: v, region: v.region, account: v.account, blocks: v.blocks.map(blockOf), owner4, owner6, owners: new HostLookup(owner4, owner6), mapped: new HostLookup(new Map(), new Map()), activePeers: new Set() });
  }
  for (const p of n.vpcPeeringConnections) {
    if (!p.active) continue;
    vpcs.get(p.requester)?.activePeers.add(p.accepter);
    vpcs.get(p.accepter)?.activePeers.add(p.requester);
  }
  for (const g of n.internetGateways) if (g.vpc) { const v = vpcs.get(g.vpc); if (v && v.igw === undefined) v.igw = g.id; }
  for (const g of n.egressOnlyInternetGateways) { const v = vpcs.get(g.vpc); if (v && v.eigw === undefined) v.eigw = g.id; }

  const nacls = new Map<string, NaclC>();
  for (const a of n.networkAcls) nacls.set(a.id, { id: a.id, inbound: compileNaclRules(a.inbound), outbound: compileNaclRules(a.outbound) });
  const sgs = new Map<string, SgC>();
  for (const g of n.securityGroups) {
    sgs.set(g.id, { id: g.id, inbound: compileSgRules(model, g.id, g.inbound, g.region), outbound: compileSgRules(model, g.id, g.outbound, g.region) });
  }

  const vpnPrefixes = new Map<string, readonly string[]>();
  for (const v of n.vpnConnections) vpnPrefixes.set(v.id, vpnPrefixesOf(model, v));
  const externals: ExternalC[] = n.externalNetworks.map((e) => ({ id: e.id, m: e, blocks: e.cidrs.map(blockOfText) }));
  const dx = compileDirectConnect(model, externals);
  const vpnUp = (v: ModelVpnConnection): boolean => dx.vpnDown(v) === undefined;
  // what each virtual private gateway propagates into the route tables that propagate from it
  const propagated = new Map<string, PropagatedRoute[]>();
  for (const g of n.vpnGateways) {
    const l: PropagatedRoute[] = [];
    for (const r of dx.vgwRoutes(g.id)) for (const c of r.network.m.cidrs) l.push({ destination: c, from: 'direct-connect' });
    for (const v of n.vpnConnections) if (v.vpnGateway === g.id && vpnUp(v)) for (const c of vpnPrefixes.get(v.id) ?? []) l.push({ destination: c, from: v.routing === 'bgp' ? 'vpn-bgp' : 'vpn-static' });
    propagated.set(g.id, l);
  }

  const kindOf = (id: string): ComponentKind | undefined => model.index.byId.get(id)?.kind;
  const tables = new Map<string, RouteTableC>();
  for (const t of n.routeTables) {
    const vpc = vpcs.get(t.vpc);
    tables.set(t.id, compileRouteTable(model, t, vpc?.blocks ?? [], propagated, kindOf));
  }
  for (const v of vpcs.values()) {
    const t = v.igw === undefined ? undefined : model.index.gatewayRouteTable.get(v.igw);
    if (t) v.igwTable = tables.get(t.id);
  }
  const missingTable = (id: string): RouteTableC => compileRouteTable(model, { id, vpc: '', main: false, implicit: true, routes: [], propagatingGateways: [], account: '', region: '' }, [], propagated, kindOf);
  const missingNacl = (id: string): NaclC => ({ id, inbound: compileNaclRules([]), outbound: compileNaclRules([]) });

  const subnets = new Map<string, SubnetC>();
  for (const s of n.subnets) {
    const vpc = vpcs.get(s.vpc);
    if (!vpc) continue; // INVARIANT: validation ensures every subnet's VPC exists
    subnets.set(s.id, {
      id: s.id, m: s, vpc, az: s.availabilityZone, region: s.region,
      blocks: [blockOf(s.block), ...(s.ipv6Block ? [blockOf(s.ipv6Block)] : [])],
      routeTable: tables.get(s.routeTable) ?? missingTable(s.routeTable),
      nacl: nacls.get(s.networkAcl) ?? missingNacl(s.networkAcl),
    });
  }

  const ifaces = new Map<string, IfaceC>();
  const anyOwner4 = new Map<number, IfaceC>();
  const anyOwner6 = new Map<bigint, IfaceC>();
  const owners4 = new Map<number, IfaceC[]>();
  const owners6 = new Map<bigint, IfaceC[]>();
  const public4 = new Map<number, IfaceC>();
  const natIface = new Map<string, IfaceC>();
  for (const i of n.networkInterfaces) {
    const vpc = vpcs.get(i.vpc);
    const subnet = subnets.get(i.subnet);
    if (!vpc || !subnet) continue;
    const addrs4: number[] = [];
    for (const t of [i.privateIp, ...i.secondaryPrivateIps]) {
      const a = addrOf(t);
      if (typeof a === 'number') addrs4.push(a);
    }
    const addrs6: bigint[] = [];
    for (const t of i.ipv6Addresses) {
      const a = addrOf(t);
      if (typeof a === 'bigint') addrs6.push(a);
    }
    const pub = i.publicIp === undefined ? undefined : addrOf(i.publicIp);
    const hosts = [...addrs4.map((a) => hostBlock(4, a)), ...addrs6.map((a) => hostBlock(6, a))];
    const c: IfaceC = {
      id: i.id, m: i, vpc, subnet,
      sgs: i.securityGroups.map((g) => sgs.get(g) ?? { id: g, inbound: [], outbound: [] }),
      sgIds: new Set(i.securityGroups),
      priv4: addrs4[0] ?? 0,
      privText: i.privateIp,
      addrs4, addrs6, v6Texts: i.ipv6Addresses,
      pub4: typeof pub === 'number' ? pub : undefined,
      hostBlocks: hosts,
      priv4Block: hostBlock(4, addrs4[0] ?? 0),
      ownerKind: i.owner.kind,
      natGateway: i.owner.kind === 'nat-gateway' ? i.owner.natGateway : undefined,
      host: i.owner.kind === 'instance' ? i.owner.instance : i.id,
    };
    register(c);
  }
  /** Makes an interface known: by id, by its addresses (per VPC and across VPCs), by its public address. */
  function register(c: IfaceC): void {
    const vpc = c.vpc;
    const addrs4 = c.addrs4;
    const addrs6 = c.addrs6;
    ifaces.set(c.id, c);
    if (c.natGateway !== undefined) natIface.set(c.natGateway, c);
    for (const a of addrs4) {
      if (!vpc.owner4.has(a)) vpc.owner4.set(a, c);
      if (!anyOwner4.has(a)) anyOwner4.set(a, c);
      let l = owners4.get(a);
      if (!l) owners4.set(a, (l = []));
      l.push(c);
    }
    for (const a of addrs6) {
      if (!vpc.owner6.has(a)) vpc.owner6.set(a, c);
      if (!anyOwner6.has(a)) anyOwner6.set(a, c);
      let l = owners6.get(a);
      if (!l) owners6.set(a, (l = []));
      l.push(c);
    }
    if (c.pub4 !== undefined && !public4.has(c.pub4)) public4.set(c.pub4, c);
    if (c.pub4 !== undefined && addrs4.length > 0) (vpc.mapped.v4 as Map<number, IfaceC>).set(addrs4[0]!, c);
  }
  const lbs = compileLoadBalancers(model, vpcs, subnets, sgs, ifaces, register);

  const vpcSpace = new Lpm<true>();
  for (const v of vpcs.values()) for (const b of v.blocks) vpcSpace.insert(b, 0, true);

  const tgws = new Map<string, TgwC>();
  for (const t of n.transitGateways) tgws.set(t.id, compileTgw(t, vpcs, vpnPrefixes, dx));

  const vpnBlocks = new Map([...vpnPrefixes].map(([id, cs]) => [id, cs.map(blockOfText)]));
  const peerings = new Map(n.vpcPeeringConnections.map((x) => [x.id, x]));
  const vgws = new Map(
    n.vpnGateways.map((g) => {
      const up = n.vpnConnections.filter((v) => v.vpnGateway === g.id && vpnUp(v));
      // for the same prefix: Direct Connect (0), then VPN static (1), then VPN BGP (2) (vpn-route-priority.html)
      const lpm = new Lpm<VgwPath>();
      for (const r of dx.vgwRoutes(g.id)) for (const b of r.network.blocks) lpm.insert(b, 0, r);
      for (const v of up) {
        const path: VgwPath = { kind: 'vpn', vpn: v };
        for (const b of vpnBlocks.get(v.id) ?? []) lpm.insert(b, v.routing === 'static' ? 1 : 2, path);
      }
      const t = model.index.gatewayRouteTable.get(g.id);
      return [g.id, { m: g, up, lpm, table: t ? tables.get(t.id) : undefined }];
    }),
  );
  const behind = new Map<string, FirstMatchLookup<ExternalC>>();
  const vpnById = new Map(n.vpnConnections.map((v) => [v.id, v]));
  const externalsBehind = (vpn: string): FirstMatchLookup<ExternalC> => {
    let l = behind.get(vpn);
    if (!l) {
      const v = vpnById.get(vpn);
      l = new FirstMatchLookup(externals.filter((e) => v !== undefined && behindVpn(e.m, v)).map((e) => ({ blocks: e.blocks, value: e })));
      behind.set(vpn, l);
    }
    return l;
  };
  const notInternet4 = [...NOT_INTERNET4.map(blockOfText), ...[...vpcs.values()].flatMap((v) => v.blocks.filter((b) => b.v === 4))];
  const notInternet6 = [...NOT_INTERNET6.map(blockOfText), ...[...vpcs.values()].flatMap((v) => v.blocks.filter((b) => b.v === 6))];
  return {
    model, vpcs, subnets, ifaces, sgs, nacls, natIface, anyOwner4, anyOwner6, owners4, owners6, public4, vpcSpace, tgws,
    externals, externalById: new Map(externals.map((e) => [e.id, e])), vpnPrefixes, vpnBlocks, peerings, vgws, kindOf,
    publicOwners4: new HostLookup(public4, new Map()),
    anyOwners6: new HostLookup(new Map(), anyOwner6),
    notInternet: [{ dst: notInternet4 }, { dst: notInternet6 }],
    externalsBehind,
    hostBlock,
    dx,
    vpnUp,
    lbs,
  };
}

/** Private, shared and loopback IPv4 space, and unique-local and link-local IPv6: not routed on the internet. */
// private (RFC 1918), shared (RFC 6598), and the special blocks RFC 6890 marks not forwardable or
// not global: "this network", loopback, link-local (the instance metadata service's
// 169.254.169.254 answers only its own instance), multicast, reserved and broadcast
const NOT_INTERNET4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '0.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '240.0.0.0/4'];
const NOT_INTERNET6 = ['fc00::/7', 'fe80::/10', '::/127', 'ff00::/8'];

const hostCache4 = new Map<number, BlockC>();
const hostCache6 = new Map<bigint, BlockC>();

/** The /32 or /128 block of an address (cached). */
export function hostBlock(v: 4 | 6, a: Addr): BlockC {
  if (v === 4) {
    let b = hostCache4.get(a as number);
    if (!b) {
      if (hostCache4.size > 1_000_000) hostCache4.clear();
      b = { v: 4, base: a, mask: mask4(32), prefix: 32, text: `${formatIp(a)}/32` };
      hostCache4.set(a as number, b);
    }
    return b;
  }
  let b = hostCache6.get(a as bigint);
  if (!b) {
    if (hostCache6.size > 100_000) hostCache6.clear();
    b = { v: 6, base: a, mask: mask6(128), prefix: 128, text: `${formatIp(a)}/128` };
    hostCache6.set(a as bigint, b);
  }
  return b;
}

/**
 * A transit gateway route table: static routes (including blackholes) and the routes its
 * propagations install; longest prefix first, a static route wins a tie with a propagated one.
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
 */
function compileTgw(t: ModelTransitGateway, vpcs: Map<string, VpcC>, vpnPrefixes: Map<string, readonly string[]>, dx: DirectConnectC): TgwC {
  const tableOf: TgwC['tableOf'] = new Map();
  const attachments = new Map(t.attachments.map((a) => [a.id, a]));
  for (const rt of t.routeTables) {
    const lpm = new Lpm<TgwRouteC>();
    const rows: string[] = [];
    for (const r of rt.routes) {
      const text = `${r.destination} → ${r.blackhole ? 'blackhole' : r.attachment ?? '?'}`;
      rows.push(`${text}  (static)`);
      lpm.insert(blockOfText(r.destination), 0, { destination: r.destination, attachment: r.attachment, blackhole: r.blackhole === true, propagated: false, text });
    }
    for (const pid of rt.propagations) {
      const a = attachments.get(pid);
      if (!a) continue;
      let prefixes: readonly string[] = [];
      if (a.vpc !== undefined) prefixes = vpcs.get(a.vpc)?.blocks.map((b) => b.text) ?? [];
      else if (a.vpnConnection !== undefined) prefixes = vpnPrefixes.get(a.vpnConnection) ?? [];
      else if (a.dxGateway !== undefined) prefixes = dx.gateways.get(a.dxGateway)?.learned ?? [];
      for (const c of prefixes) {
        const text = `${c} → ${a.id}`;
        rows.push(`${text}  (propagated${a.vpnConnection !== undefined ? ', VPN' : a.dxGateway !== undefined ? ', Direct Connect' : ''})`);
        // among routes to one block: static, then VPC-propagated, then Direct Connect gateway-propagated, then VPN-propagated
        // https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html (route evaluation order)
        lpm.insert(blockOfText(c), a.vpnConnection !== undefined ? 3 : a.dxGateway !== undefined ? 2 : 1, { destination: c, attachment: a.id, blackhole: false, propagated: true, text });
      }
    }
    const entry = { id: rt.id, lpm, rows };
    for (const a of rt.associations) if (!tableOf.has(a)) tableOf.set(a, entry);
  }
  const attachmentByVpc = new Map<string, ModelTransitGateway['attachments'][number]>();
  for (const a of t.attachments) if (a.vpc !== undefined && !attachmentByVpc.has(a.vpc)) attachmentByVpc.set(a.vpc, a);
  return { id: t.id, m: t, tableOf, attachments, attachmentByVpc };
}

/** Looks up a prefix list's blocks as seen from a region, or undefined when it does not exist there. */
export function prefixListBlocks(model: Model, id: string, region: string): BlockC[] | undefined {
  const pl = prefixListIn(model.index, id, region);
  if (!pl) return undefined;
  if (pl.awsManaged && pl.region !== region) return undefined;
  return pl.blocks.map(blockOf);
}
