// AWS Direct Connect: connections and virtual interfaces (VIFs), Direct Connect gateways and
// their associations, and the routes they carry both ways.
//
// - Only an `available` virtual interface on an `available` connection carries traffic
//   (API_VirtualInterface.html: `down` is BGP down; `testing`, `pending`, ... carry nothing).
// - A private VIF reaches one virtual private gateway, or a Direct Connect gateway associated
//   with virtual private gateways (private kind); a transit VIF reaches a Direct Connect gateway
//   associated with transit gateways, entering a TGW through its attachment `dxGateway`
//   (WorkingWithVirtualInterfaces.html, direct-connect-transit-gateways.html).
// - What on premises learns through a Direct Connect gateway is each association's `advertised`
//   prefixes: for a VGW the VPC blocks an allowed prefix equals or covers, for a TGW the allowed
//   prefixes themselves (allowed-to-prefixes.html); a destination no association advertises has
//   no route on premises.
// - "A Direct Connect gateway does not allow gateway associations that are on the same Direct
//   Connect gateway to send traffic to each other" (direct-connect-gateways-intro.html); "a
//   Direct Connect gateway supports communication between attached transit virtual interfaces
//   and associated transit gateways only" (direct-connect-transit-gateways.html).
// - AWS learns the on-premises networks behind a VIF (the external networks reached `via` it)
//   over BGP: a VGW propagates them into VPC route tables like VPN routes, and a TGW route table
//   that propagates the Direct Connect gateway attachment installs them. At a VGW, for the same
//   prefix, "BGP propagated routes from an AWS Direct Connect connection" come before VPN static,
//   then VPN BGP routes (vpn-route-priority.html); in a TGW route table: static, prefix list,
//   VPC-propagated, then Direct Connect gateway-propagated, then VPN-propagated routes
//   (how-transit-gateways-work.html, route evaluation order). Among several VIFs that carry one
//   network, vpcsim uses the network's `via` order (primary first) where AWS would use BGP
//   attributes (local preference, AS_PATH; routing-and-bgp.html).
// - A public VIF reaches AWS public addresses only: "You do not have access to non-Amazon
//   prefixes" (WorkingWithVirtualInterfaces.html); traffic must come from the prefixes the
//   customer advertises (`routeFilterPrefixes`): "AWS Direct Connect performs inbound packet
//   filtering to validate that the source of the traffic originated from your advertised
//   prefix", and "AWS Direct Connect is the preferred path for traffic sourced from Amazon" to
//   those prefixes (routing-and-bgp.html). vpcsim's AWS public space: the public IPv4 addresses
//   of interfaces, the service ranges of the AWS-managed prefix lists (and a scenario's own
//   `pl-s3`/`pl-dynamodb`), and the address that stands for other services' public endpoints.
// - A VPN over a public VIF (`transport`) runs its tunnels to AWS public addresses over the VIF:
//   it is down when the VIF is not available, or when the customer gateway's address is outside
//   the VIF's advertised prefixes (AWS drops its packets).
//   https://docs.aws.amazon.com/whitepapers/latest/aws-vpc-connectivity-options/aws-direct-connect-site-to-site-vpn.html
// IPv6 over a virtual interface is not modelled (a `not-implemented` end, never a success).
import { AWS_MANAGED_PREFIX_LIST_IDS, formatIp, parseIp, type Model, type ModelDirectConnectGateway, type ModelDirectConnectGatewayAssociation, type ModelVirtualInterface, type ModelVpnConnection } from '@vpcsim/model';
import { blockOfText, hostBlock, inAnyBlock, type BlockC, type CompiledNetwork, type ExternalC, type SubnetC } from '../compile-network.js';
import { DEFAULT_SERVICE_IP } from '../flow.js';
import { Lpm } from '../lpm.js';
import type { Packet } from '../traffic.js';
import type { FlowState, Walk } from '../walk/types.js';
import { enterThroughVgw } from './vpn.js';

export const DX_DOCS: readonly string[] = [
  'https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html',
  'https://docs.aws.amazon.com/directconnect/latest/APIReference/API_VirtualInterface.html',
  'https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html',
  'https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html',
  'https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html',
  'https://docs.aws.amazon.com/directconnect/latest/UserGuide/routing-and-bgp.html',
  'https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html',
  'https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html',
  'https://docs.aws.amazon.com/whitepapers/latest/aws-vpc-connectivity-options/aws-direct-connect-site-to-site-vpn.html',
];

/** A virtual interface, compiled. */
export interface VifC {
  readonly id: string;
  readonly m: ModelVirtualInterface;
  /** Carries traffic: `available`, on an `available` connection. */
  readonly available: boolean;
  /** Why it carries nothing (undefined when available). */
  readonly down: string | undefined;
  /** A public VIF's advertised prefixes (`routeFilterPrefixes`). */
  readonly filter: readonly BlockC[];
}

/** How AWS reaches an on-premises network over Direct Connect: the VIF that carries it, through a Direct Connect gateway or not. */
export interface DxRoute {
  readonly kind: 'direct-connect';
  readonly network: ExternalC;
  readonly vif: VifC;
  readonly dxGateway?: DxGatewayC | undefined;
}

/** A route a virtual private gateway chooses: a VPN connection, or a VIF (Direct Connect). */
export type VgwPath = { readonly kind: 'vpn'; readonly vpn: ModelVpnConnection } | DxRoute;

/** A Direct Connect gateway, compiled. */
export interface DxGatewayC {
  readonly id: string;
  readonly m: ModelDirectConnectGateway;
  /** What on premises learns through it: each association's advertised prefixes. */
  readonly advertised: Lpm<ModelDirectConnectGatewayAssociation>;
  /** The on-premises networks its available VIFs reach, longest prefix first (what it propagates to associated transit gateways). */
  readonly onPremises: Lpm<DxRoute>;
  /** Those networks' blocks, as text (routes propagated into TGW route tables). */
  readonly learned: readonly string[];
  /** Per associated gateway: the prefixes the other associations advertise (no traffic between associations). */
  readonly others: ReadonlyMap<string, readonly BlockC[]>;
}

/** One connection of an external network toward AWS, in its `via` order. */
export type ViaC =
  | { readonly kind: 'vpn'; readonly id: string; readonly vpn: ModelVpnConnection; readonly up: boolean; readonly down: string | undefined; readonly covers: readonly BlockC[] }
  | { readonly kind: 'vif'; readonly id: string; readonly vif: VifC; readonly up: boolean; readonly down: string | undefined; readonly covers: readonly BlockC[] };

/** Direct Connect, compiled once per model (compile-network.ts). */
export interface DirectConnectC {
  readonly vifs: ReadonlyMap<string, VifC>;
  readonly gateways: ReadonlyMap<string, DxGatewayC>;
  /** The on-premises networks a virtual private gateway reaches over Direct Connect (one route per network), declaration order. */
  vgwRoutes(vgw: string): readonly DxRoute[];
  /** The Direct Connect gateways associated with a VGW or TGW. */
  gatewaysOf(gateway: string): readonly DxGatewayC[];
  /** The VIFs that reach a VGW (directly, or through an associated Direct Connect gateway). */
  vifsOf(vgw: string): readonly VifC[];
  /** Customer prefixes AWS reaches over an available public VIF (a network's blocks within the VIF's advertised prefixes), longest prefix first. */
  readonly publicNetworks: Lpm<DxRoute>;
  /** AWS public address space (IPv4) as vpcsim knows it. */
  readonly awsPublic: readonly BlockC[];
  /** The connections of an external network toward AWS, primary first (a customer gateway: each of its VPN connections). */
  vias(network: ExternalC): readonly ViaC[];
  /** Why a VPN connection carries nothing (no tunnel up, its Direct Connect transport), undefined when it is up. */
  vpnDown(v: ModelVpnConnection): string | undefined;
}

/** Every address (what on premises learns over a VPN to a transit gateway: the TGW route table decides); built on first use (module cycles). */
let ALL: readonly BlockC[] | undefined;

/** The common part of two blocks (one holds the other, or they are disjoint). */
function meetBlocks(a: BlockC, b: BlockC): BlockC | undefined {
  if (a.v !== b.v) return undefined;
  if (a.prefix >= b.prefix) return inAnyBlock([b], a.v, a.base) ? a : undefined;
  return inAnyBlock([a], b.v, b.base) ? b : undefined;
}

/** Compiles Direct Connect: VIF states, gateways, the routes each side learns, the vias of external networks. */
export function compileDirectConnect(model: Model, externals: readonly ExternalC[]): DirectConnectC {
  const n = model.network;
  const conns = new Map(n.directConnectConnections.map((c) => [c.id, c]));
  const vifs = new Map<string, VifC>();
  for (const v of n.virtualInterfaces) {
    const c = conns.get(v.connection);
    const down = v.available
      ? undefined
      : v.status !== 'available'
        ? `virtual interface \`${v.id}\` is \`${v.status}\``
        : `the connection \`${v.connection}\` of virtual interface \`${v.id}\` is \`${c?.status ?? 'missing'}\``;
    vifs.set(v.id, { id: v.id, m: v, available: v.available, down, filter: v.routeFilterPrefixes.map(blockOfText) });
  }
  const vpcBlocksOfVgw = (g: string | undefined): readonly BlockC[] => {
    const vgw = g === undefined ? undefined : n.vpnGateways.find((x) => x.id === g);
    const vpc = vgw?.vpc === undefined ? undefined : n.vpcs.find((x) => x.id === vgw.vpc);
    return vpc ? vpc.blocks.map((b) => blockOfText(b.text)) : [];
  };
  // the first VIF of a network's `via` list that carries traffic and passes `ok`
  const carrier = (e: ExternalC, ok: (v: VifC) => boolean): VifC | undefined => {
    for (const id of e.m.vias ?? []) {
      const v = vifs.get(id);
      if (v && v.available && ok(v)) return v;
    }
    return undefined;
  };

  const gateways = new Map<string, DxGatewayC>();
  const byGateway = new Map<string, DxGatewayC[]>();
  for (const g of n.directConnectGateways) {
    const advertised = new Lpm<ModelDirectConnectGatewayAssociation>();
    const blocksOf = new Map<string, BlockC[]>();
    for (const a of g.associations) {
      for (const b of a.advertised) advertised.insert(blockOfText(b), 0, a);
      // the other side of "no traffic between associations": a VGW's whole VPC, a TGW's allowed prefixes
      blocksOf.set(a.gateway, a.kind === 'vpn-gateway' ? [...vpcBlocksOfVgw(a.gateway)] : a.advertised.map(blockOfText));
    }
    const others = new Map<string, readonly BlockC[]>();
    for (const a of g.associations) others.set(a.gateway, g.associations.filter((x) => x.gateway !== a.gateway).flatMap((x) => blocksOf.get(x.gateway) ?? []));
    const learned: string[] = [];
    const c: DxGatewayC = { id: g.id, m: g, advertised, onPremises: new Lpm(), learned, others };
    for (const e of externals) {
      const vif = carrier(e, (v) => v.m.type !== 'public' && v.m.dxGateway === g.id);
      if (!vif) continue;
      const r: DxRoute = { kind: 'direct-connect', network: e, vif, dxGateway: c };
      for (const b of e.blocks) c.onPremises.insert(b, 0, r);
      learned.push(...e.m.cidrs);
    }
    gateways.set(g.id, c);
    for (const a of g.associations) {
      let l = byGateway.get(a.gateway);
      if (!l) byGateway.set(a.gateway, (l = []));
      l.push(c);
    }
  }

  const vgwRoutes = new Map<string, DxRoute[]>();
  const routesOf = (vgw: string): readonly DxRoute[] => {
    let l = vgwRoutes.get(vgw);
    if (!l) {
      const assoc = (byGateway.get(vgw) ?? []).filter((x) => x.m.kind === 'private');
      l = [];
      for (const e of externals) {
        const vif = carrier(e, (v) => v.m.type === 'private' && (v.m.vpnGateway === vgw || assoc.some((x) => x.id === v.m.dxGateway)));
        if (vif) l.push({ kind: 'direct-connect', network: e, vif, dxGateway: vif.m.dxGateway === undefined ? undefined : gateways.get(vif.m.dxGateway) });
      }
      vgwRoutes.set(vgw, l);
    }
    return l;
  };
  const vifsOf = (vgw: string): readonly VifC[] => {
    const assoc = new Set((byGateway.get(vgw) ?? []).map((x) => x.id));
    return [...vifs.values()].filter((v) => v.m.type === 'private' && (v.m.vpnGateway === vgw || (v.m.dxGateway !== undefined && assoc.has(v.m.dxGateway))));
  };

  // a customer's public prefixes reached over an available public VIF
  const pub = new Lpm<DxRoute>();
  for (const e of externals) {
    const vif = carrier(e, (v) => v.m.type === 'public');
    if (!vif) continue;
    const r: DxRoute = { kind: 'direct-connect', network: e, vif };
    for (const b of e.blocks) for (const f of vif.filter) {
      const x = meetBlocks(b, f);
      if (x) pub.insert(x, 0, r);
    }
  }
  const awsPublic: BlockC[] = [];
  for (const i of n.networkInterfaces) {
    const a = i.publicIp === undefined ? undefined : parseIp(i.publicIp);
    if (a?.version === 4) awsPublic.push(hostBlock(4, a.value));
  }
  for (const p of n.prefixLists) if (p.awsManaged || AWS_MANAGED_PREFIX_LIST_IDS[p.id] !== undefined) for (const b of p.cidrs) awsPublic.push(blockOfText(b));
  awsPublic.push(blockOfText(`${DEFAULT_SERVICE_IP}/32`));
  const awsPublic4 = awsPublic.filter((b) => b.v === 4);

  const downOf = new Map<string, string | undefined>();
  const cgwIp = new Map(n.customerGateways.map((g) => [g.id, g.ip]));
  const vpnDown = (v: ModelVpnConnection): string | undefined => {
    if (downOf.has(v.id)) return downOf.get(v.id);
    let why: string | undefined;
    if (!v.up) why = `no tunnel of VPN connection \`${v.id}\` is up`;
    else if (v.transport !== undefined) {
      const t = vifs.get(v.transport);
      const ip = cgwIp.get(v.customerGateway);
      const a = ip === undefined ? undefined : parseIp(ip);
      if (!t) why = `the transport \`${v.transport}\` of VPN connection \`${v.id}\` does not exist`;
      else if (!t.available) why = `VPN connection \`${v.id}\` runs over public virtual interface \`${t.id}\`, and ${t.down}`;
      else if (a && !inAnyBlock(t.filter, a.version, a.value))
        why = `VPN connection \`${v.id}\` runs over public virtual interface \`${t.id}\`, whose advertised prefixes (${t.m.routeFilterPrefixes.join(', ') || 'none'}) do not hold its customer gateway address ${ip}: AWS drops packets from it`;
    }
    downOf.set(v.id, why);
    return why;
  };

  const viasOf = new Map<string, readonly ViaC[]>();
  const vias = (e: ExternalC): readonly ViaC[] => {
    let l = viasOf.get(e.id);
    if (l) return l;
    const out: ViaC[] = [];
    const seen = new Set<string>();
    const addVpn = (v: ModelVpnConnection): void => {
      if (seen.has(v.id)) return;
      seen.add(v.id);
      const down = vpnDown(v);
      const covers = v.transitGateway !== undefined ? (ALL ??= [blockOfText('0.0.0.0/0'), blockOfText('::/0')]) : vpcBlocksOfVgw(v.vpnGateway);
      out.push({ kind: 'vpn', id: v.id, vpn: v, up: down === undefined, down, covers });
    };
    for (const id of e.m.vias ?? []) {
      const kind = model.index.byId.get(id)?.kind;
      if (kind === 'customer-gateway') for (const v of n.vpnConnections) if (v.customerGateway === id) addVpn(v);
      if (kind === 'vpn-connection') {
        const v = model.index.vpnConnection.get(id);
        if (v) addVpn(v);
      }
      const vif = vifs.get(id);
      if (vif && !seen.has(id)) {
        seen.add(id);
        const g = vif.m.dxGateway === undefined ? undefined : gateways.get(vif.m.dxGateway);
        const covers = vif.m.type === 'public' ? awsPublic4 : g ? g.m.associations.flatMap((a) => a.advertised.map(blockOfText)) : vpcBlocksOfVgw(vif.m.vpnGateway);
        out.push({ kind: 'vif', id, vif, up: vif.available, down: vif.down, covers });
      }
    }
    viasOf.set(e.id, (l = out));
    return l;
  };
  return {
    vifs,
    gateways,
    vgwRoutes: routesOf,
    gatewaysOf: (g) => byGateway.get(g) ?? [],
    vifsOf,
    publicNetworks: pub,
    awsPublic: awsPublic4,
    vias,
    vpnDown,
  };
}

const TYPE: Record<ModelVirtualInterface['type'], string> = { private: 'private', transit: 'transit', public: 'public' };

/** The VIF hop as a packet enters AWS over it. */
function vifEntryHop<P>(w: Walk<P>, vif: VifC, to: string, p: P): void {
  w.hop(p, () => ({ component: vif.id, kind: 'virtual-interface', verdict: 'forward', detail: { step: 'forward', why: `the packet enters AWS over ${TYPE[vif.m.type]} virtual interface \`${vif.id}\` (connection \`${vif.m.connection}\`) to ${to}` } }));
}

const advertisedText = (g: DxGatewayC): string =>
  g.m.associations.length === 0 ? 'it has no association' : g.m.associations.map((a) => `\`${a.gateway}\` advertises ${a.advertised.length === 0 ? 'nothing' : a.advertised.join(', ')} (allowed prefixes ${a.allowedPrefixes.join(', ') || 'none'})`).join('; ');

/**
 * A packet from external network `network` enters AWS over virtual interface `vif` (chosen by
 * the network's location: external-network.ts): into a VGW's VPC, through a Direct Connect
 * gateway to an associated VGW or TGW, or onto AWS's public network.
 */
export function enterOverVif<P>(w: Walk<P>, network: ExternalC, vif: VifC, p: P, st: FlowState): void {
  if (w.dom.family(p) === 6) return w.notModelled(p, `IPv6 over Direct Connect virtual interface \`${vif.id}\``);
  const m = vif.m;
  if (m.type === 'public') return enterOverPublicVif(w, network, vif, p, st);
  if (m.vpnGateway !== undefined) {
    vifEntryHop(w, vif, `\`${m.vpnGateway}\``, p);
    return enterThroughVgw(w, m.vpnGateway, vif.id, p, st);
  }
  const g = m.dxGateway === undefined ? undefined : w.net.dx.gateways.get(m.dxGateway);
  if (!g) return w.fail(p, 'no-route', vif.id, () => ({ component: vif.id, kind: 'virtual-interface', why: `virtual interface \`${vif.id}\` reaches no gateway`, setting: 'dxGateway', fix: 'attach the virtual interface to a Direct Connect gateway' }));
  vifEntryHop(w, vif, `Direct Connect gateway \`${g.id}\``, p);
  for (const [a, part] of w.dom.partition(p, 'dst', g.advertised)) {
    if (a === undefined) {
      // on premises learned no route to the destination through this gateway
      w.fail(part, 'no-route', g.id, (pk) => ({
        component: g.id,
        kind: 'direct-connect-gateway',
        why: `no association of Direct Connect gateway \`${g.id}\` advertises ${formatIp(pk.dst)} to on premises: ${advertisedText(g)}`,
        setting: 'allowed prefixes',
        fix: m.type === 'transit' ? `add a prefix covering ${formatIp(pk.dst)} to the allowed prefixes of the transit gateway association of \`${g.id}\`` : `associate \`${g.id}\` with the virtual private gateway of the VPC holding ${formatIp(pk.dst)}, with an allowed prefix equal to or wider than the VPC block`,
      }));
      continue;
    }
    if (a.kind === 'vpn-gateway') {
      w.hop(part, () => ({ component: g.id, kind: 'direct-connect-gateway', verdict: 'forward', detail: { step: 'forward', why: `Direct Connect gateway \`${g.id}\` sends the packet to \`${a.gateway}\`, whose association advertises ${a.advertised.join(', ')} to on premises (allowed prefixes ${a.allowedPrefixes.join(', ')})` } }));
      enterThroughVgw(w, a.gateway, g.id, part, st);
      continue;
    }
    const tgw = w.net.tgws.get(a.gateway);
    const att = tgw ? [...tgw.attachments.values()].find((x) => x.dxGateway === g.id) : undefined;
    if (!tgw || !att) {
      w.fail(part, 'blackhole', a.gateway, () => ({ component: a.gateway, kind: 'transit-gateway', why: `transit gateway \`${a.gateway}\` has no attachment for Direct Connect gateway \`${g.id}\``, setting: 'attachments', fix: `add \`{ dxGateway: ${g.id} }\` to the attachments of \`${a.gateway}\`, and associate it with a route table` }));
      continue;
    }
    w.hop(part, () => ({ component: g.id, kind: 'direct-connect-gateway', verdict: 'forward', detail: { step: 'forward', why: `Direct Connect gateway \`${g.id}\` sends the packet to transit gateway \`${tgw.id}\` through attachment \`${att.id}\`: its allowed prefixes (${a.allowedPrefixes.join(', ')}) are what on premises learns` } }));
    w.transitGateway(tgw.id, att.id, part, st, undefined);
  }
}

/** Onto AWS's public network over a public VIF: from the customer's advertised prefixes, to AWS public addresses only. */
function enterOverPublicVif<P>(w: Walk<P>, network: ExternalC, vif: VifC, p: P, st: FlowState): void {
  const [ok, spoofed] = w.dom.split(p, { src: vif.filter });
  if (spoofed !== null) {
    w.fail(spoofed, 'no-route', vif.id, (pk) => ({
      component: vif.id,
      kind: 'virtual-interface',
      why: `${formatIp(pk.src)} is not among the prefixes public virtual interface \`${vif.id}\` advertises (${vif.m.routeFilterPrefixes.join(', ') || 'none'}): AWS accepts traffic over it only from the customer's advertised prefixes`,
      setting: 'routeFilterPrefixes',
      fix: `advertise a public prefix covering ${formatIp(pk.src)} on \`${vif.id}\` (routeFilterPrefixes)`,
    }));
  }
  if (ok === null) return;
  const [aws, other] = w.dom.split(ok, { dst: w.net.dx.awsPublic });
  if (other !== null) {
    w.fail(other, 'no-route', vif.id, (pk) => ({
      component: vif.id,
      kind: 'virtual-interface',
      why: `${formatIp(pk.dst)} is not an AWS public address: public virtual interface \`${vif.id}\` reaches AWS public services and public IPs only, never VPC private addresses or the rest of the internet`,
      setting: `route to ${formatIp(pk.dst)}`,
      fix: `reach private addresses of a VPC over a private or transit virtual interface (or a VPN over \`${vif.id}\`)`,
    }));
  }
  if (aws === null) return;
  vifEntryHop(w, vif, "AWS's public network", aws);
  for (const [owner, part] of w.dom.partition(aws, 'dst', w.net.publicOwners4)) {
    if (owner !== undefined) {
      w.internet(part, st); // a public IP: through its VPC's internet gateway
      continue;
    }
    w.hop(part, (pk) => ({ component: vif.id, kind: 'virtual-interface', verdict: 'exit', detail: { step: 'forward', why: `${formatIp(pk.dst)} is an AWS public service address, reached over public virtual interface \`${vif.id}\` from \`${network.id}\`` } }));
    w.end(part, { kind: 'internet' }, st);
  }
}

/**
 * On AWS's public network, toward a customer's public prefix advertised over an available public
 * VIF: "AWS Direct Connect is the preferred path for traffic sourced from Amazon" (routing-and-bgp.html).
 * `rest` gets every other part (the internet).
 */
export function overPublicVif<P>(w: Walk<P>, p: P, st: FlowState, rest: (q: P) => void): void {
  if (w.net.dx.publicNetworks.size === 0) return rest(p); // no public VIF carries a customer prefix (the usual case)
  for (const [r, part] of w.dom.partition(p, 'dst', w.net.dx.publicNetworks)) {
    if (r === undefined) {
      rest(part);
      continue;
    }
    if (w.dom.family(part) === 6) {
      w.notModelled(part, `IPv6 over Direct Connect virtual interface \`${r.vif.id}\``);
      continue;
    }
    w.hop(part, (pk) => ({ component: r.vif.id, kind: 'virtual-interface', verdict: 'exit', detail: { step: 'forward', why: `${formatIp(pk.dst)} is in a prefix \`${r.network.id}\` advertises over public virtual interface \`${r.vif.id}\` (${r.vif.m.routeFilterPrefixes.join(', ')}): AWS prefers Direct Connect for traffic from AWS to it` } }));
    w.end(part, { kind: 'external', network: r.network.id }, st);
  }
}

/** From a VGW over Direct Connect (the VGW's route `r` won): the subnet's outbound ACL, the Direct Connect gateway, the VIF, on premises. */
export function vgwOverVif<P>(w: Walk<P>, s: SubnetC, vgw: string, r: DxRoute, p: P, st: FlowState): void {
  const out = w.nacl(p, s, false);
  if (out === null) return;
  const g = r.dxGateway;
  if (g) w.hop(out, () => ({ component: g.id, kind: 'direct-connect-gateway', verdict: 'forward', detail: { step: 'forward', why: `\`${vgw}\` sends the packet to Direct Connect gateway \`${g.id}\`, which carries it to private virtual interface \`${r.vif.id}\`` } }));
  w.hop(out, (pk) => ({
    component: r.vif.id,
    kind: 'virtual-interface',
    verdict: 'exit',
    detail: { step: 'forward', why: `private virtual interface \`${r.vif.id}\` carries the packet to external network \`${r.network.id}\`: \`${vgw}\` learned a route to ${formatIp(pk.dst)} over Direct Connect (BGP), and Direct Connect routes come before VPN routes for the same prefix` },
  }));
  w.end(out, { kind: 'external', network: r.network.id }, st);
}

/** Whether a destination is advertised by another association of a Direct Connect gateway associated with `gateway`: no traffic between associations. */
export function otherAssociations<P>(w: Walk<P>, gateway: string, p: P): P | null {
  let rest: P | null = p;
  for (const g of w.net.dx.gatewaysOf(gateway)) {
    if (rest === null) return null;
    const blocks = g.others.get(gateway) ?? [];
    if (blocks.length === 0) continue;
    const [hit, miss] = w.dom.split(rest, { dst: blocks });
    if (hit !== null) {
      w.fail(hit, 'not-transitive', g.id, (pk) => ({
        component: g.id,
        kind: 'direct-connect-gateway',
        why: `${formatIp(pk.dst)} is behind \`${otherGateway(w.net, g, gateway, pk) ?? '?'}\`, another gateway associated with Direct Connect gateway \`${g.id}\`: a Direct Connect gateway does not carry traffic between the gateways associated with it`,
        setting: 'transitive routing',
        fix: 'connect the two VPCs with a transit gateway or a peering connection',
      }));
    }
    rest = miss;
  }
  return rest;
}

/** The other associated gateway whose side holds the packet's destination (for the sentence). */
function otherGateway(net: CompiledNetwork, g: DxGatewayC, gateway: string, pk: Packet): string | undefined {
  for (const a of g.m.associations) {
    if (a.gateway === gateway) continue;
    const vpc = a.kind === 'vpn-gateway' ? net.vpcs.get(net.vgws.get(a.gateway)?.m.vpc ?? '') : undefined;
    const blocks = vpc ? vpc.blocks : a.advertised.map(blockOfText);
    if (inAnyBlock(blocks, pk.v, pk.dst)) return a.gateway;
  }
  return undefined;
}

/** Out of a transit gateway into its Direct Connect gateway attachment: to the on-premises network behind an available transit VIF. */
export function toDxGateway<P>(w: Walk<P>, tgw: string, dxGateway: string, p: P, st: FlowState): void {
  const g = w.net.dx.gateways.get(dxGateway);
  if (!g) return w.fail(p, 'blackhole', tgw, () => ({ component: tgw, kind: 'transit-gateway', why: `Direct Connect gateway \`${dxGateway}\` does not exist`, setting: 'attachment', fix: `remove the attachment for \`${dxGateway}\`` }));
  for (const [r, part] of w.dom.partition(p, 'dst', g.onPremises)) {
    if (r !== undefined) {
      w.hop(part, () => ({ component: g.id, kind: 'direct-connect-gateway', verdict: 'forward', detail: { step: 'forward', why: `Direct Connect gateway \`${g.id}\` carries the packet to transit virtual interface \`${r.vif.id}\`` } }));
      w.hop(part, () => ({ component: r.vif.id, kind: 'virtual-interface', verdict: 'exit', detail: { step: 'forward', why: `transit virtual interface \`${r.vif.id}\` carries the packet to external network \`${r.network.id}\`` } }));
      w.end(part, { kind: 'external', network: r.network.id }, st);
      continue;
    }
    const rest = otherAssociations(w, tgw, part);
    if (rest === null) continue;
    const vifs = [...w.net.dx.vifs.values()].filter((v) => v.m.dxGateway === g.id);
    w.fail(rest, 'no-route', g.id, (pk) => ({
      component: g.id,
      kind: 'direct-connect-gateway',
      why: `no on-premises network behind an available virtual interface of \`${g.id}\` holds ${formatIp(pk.dst)}${vifs.length === 0 ? ' (it has no virtual interface)' : `: ${vifs.map((v) => (v.available ? `\`${v.id}\` is available` : v.down)).join('; ')}`}`,
      setting: `route to ${formatIp(pk.dst)}`,
      fix: vifs.some((v) => !v.available) && !vifs.some((v) => v.available) ? 'bring a virtual interface of the Direct Connect gateway up' : `declare the network holding ${formatIp(pk.dst)} under externalNetworks, \`via\` a transit virtual interface of \`${g.id}\``,
    }));
  }
}

/** The Direct Connect state of a VGW, in words (for its failures), or undefined when no VIF reaches it. */
export function vgwDxState(net: CompiledNetwork, vgw: string): string | undefined {
  const vifs = net.dx.vifsOf(vgw);
  if (vifs.length === 0) return undefined;
  const routes = net.dx.vgwRoutes(vgw);
  const avail = vifs.filter((v) => v.available);
  if (avail.length === 0) return `no Direct Connect virtual interface to it is available (${vifs.map((v) => v.down).join('; ')})`;
  return routes.length === 0
    ? `no external network is declared \`via\` its available virtual interfaces (${avail.map((v) => `\`${v.id}\``).join(', ')})`
    : `over Direct Connect it learned ${routes.map((r) => `${r.network.m.cidrs.join(', ')} (\`${r.vif.id}\`)`).join(', ')}`;
}
