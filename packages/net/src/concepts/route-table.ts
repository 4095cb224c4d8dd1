// Route tables: the implicit local routes, declared CIDR and prefix-list routes, gateway
// endpoint routes and routes propagated from a virtual private gateway, compiled once into a
// longest-prefix-match table.
//
// Route priority (https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html):
// 1. the longest prefix wins; 2. among routes to the same block, static routes (internet
// gateway, NAT gateway, interface, instance, gateway endpoint, transit gateway, peering) win
// over prefix-list routes, which win over propagated routes (Direct Connect BGP routes, then VPN
// static, then VPN BGP routes: concepts/direct-connect.ts). The local route wins against
// any route as or less specific; a more specific static route inside the VPC block may override
// it (allowed since 2021, toward in-VPC targets), a propagated one never does.
// Gateway endpoint routes: https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
// Route propagation from a VGW: https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
// (and the routes it learned over Direct Connect: https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html)
import { formatIp, type ComponentKind, type Model, type ModelRouteTable } from '@vpcsim/model';
import { blockOfText, inAnyBlock, inBlock, prefixListBlocks, type Addr, type BlockC, type CompiledNetwork, type IfaceC, type SubnetC, type VpcC } from '../compile-network.js';
import { routePatch } from '../fixes.js';
import type { Packet } from '../traffic.js';
import { Lpm } from '../lpm.js';
import { HOP_LIMIT, hostCidr, loopFailure, routeHop, unreachableAddress } from '../walk/failures.js';
import type { FailureText, FlowState, Walk } from '../walk/types.js';
import { ROUTE_TARGETS } from './index.js';
import { crossSubnets } from './network-acl.js';
import { gatewayIngressToEndpoint } from './gateway-load-balancer.js';

/** Where a route came from, in priority order for routes to the same block. */
export type RouteOrigin = 'local' | 'static' | 'prefix-list' | 'propagated';
const RANK: Record<RouteOrigin, number> = { local: 0, static: 1, 'prefix-list': 2, propagated: 3 };
/** Where a propagated route came from, in priority order: Direct Connect BGP, VPN static, VPN BGP (route-tables-priority.html). */
export type PropagatedFrom = 'direct-connect' | 'vpn-static' | 'vpn-bgp';
/** Among propagated routes to one block: Direct Connect (3) before VPN static (4) before VPN BGP (5). */
const PROPAGATED_RANK: Record<PropagatedFrom, number> = { 'direct-connect': 3, 'vpn-static': 4, 'vpn-bgp': 5 };
const PROPAGATED_TEXT: Record<PropagatedFrom, string> = { 'direct-connect': 'Direct Connect', 'vpn-static': 'VPN static', 'vpn-bgp': 'VPN BGP' };

/** A route a virtual private gateway propagates into the route tables that propagate from it. */
export interface PropagatedRoute {
  readonly destination: string;
  readonly from: PropagatedFrom;
}

/** A compiled route. `targetKind` is `local`, `blackhole`, a component kind, or `missing` (a target that is gone: a blackhole). */
export interface RouteC {
  readonly destination: string;
  readonly target: string;
  readonly targetKind: ComponentKind | 'local' | 'blackhole' | 'missing';
  readonly origin: RouteOrigin;
  /** For a propagated route: where the VGW learned it (Direct Connect, a static or a BGP VPN connection). */
  readonly propagatedFrom?: PropagatedFrom | undefined;
  /** As the console shows it: `0.0.0.0/0 → igw-app`. */
  readonly text: string;
}

export interface RouteTableC {
  readonly id: string;
  readonly lpm: Lpm<RouteC>;
  /** Every route of the table, printed (local routes first). */
  readonly rows: readonly string[];
}

export function compileRouteTable(
  model: Model,
  t: ModelRouteTable,
  vpcBlocks: readonly BlockC[],
  /** Per virtual private gateway: the routes it propagates (compile-network.ts). */
  propagation: ReadonlyMap<string, readonly PropagatedRoute[]>,
  kindOf: (id: string) => ComponentKind | undefined,
): RouteTableC {
  const lpm = new Lpm<RouteC>();
  const rows: string[] = [];
  const add = (b: BlockC, r: RouteC): void => {
    lpm.insert(b, r.origin === 'propagated' && r.propagatedFrom !== undefined ? PROPAGATED_RANK[r.propagatedFrom] : RANK[r.origin], r);
  };
  const kind = (target: string): RouteC['targetKind'] => (target === 'local' ? 'local' : target === 'blackhole' ? 'blackhole' : kindOf(target) ?? 'missing');
  // Local routes for every VPC block, implicit and permanent; the target of one may be replaced
  // by an interface (middlebox inspection): "replace the target of the local route", same
  // priority, the route stays the VPC block's.
  // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#route-table-routes
  const replaced = new Set<string>();
  for (const b of vpcBlocks) {
    const lt = t.localTargets?.find((x) => blockOfText(x.destination).base === b.base && blockOfText(x.destination).prefix === b.prefix && blockOfText(x.destination).v === b.v);
    const r: RouteC = lt
      ? { destination: b.text, target: lt.target, targetKind: kind(lt.target), origin: 'local', text: `${b.text} → ${lt.target}` }
      : { destination: b.text, target: 'local', targetKind: 'local', origin: 'local', text: `${b.text} → local` };
    if (lt) replaced.add(lt.destination);
    rows.push(lt ? `${r.text}  (the local route, its target replaced)` : r.text);
    add(b, r);
  }
  const routes: { destination: string; target: string; origin?: RouteOrigin; propagatedFrom?: PropagatedFrom }[] = [...t.routes];
  // A gateway endpoint associated with this table adds `pl-<service> → vpce-...`.
  for (const e of model.network.vpcEndpoints) {
    if (e.type === 'gateway' && e.routeTables.includes(t.id)) routes.push({ destination: `pl-${e.service}`, target: e.id });
  }
  // Routes propagated from a VGW: the networks it learned over Direct Connect and the remote
  // networks of its VPN connections that are up.
  for (const g of t.propagatingGateways) {
    for (const r of propagation.get(g) ?? []) routes.push({ destination: r.destination, target: g, origin: 'propagated', propagatedFrom: r.from });
  }
  for (const r of routes) {
    if (replaced.has(r.destination)) continue; // the local route's new target, added above
    const targetKind = kind(r.target);
    if (r.destination.includes('/')) {
      const origin: RouteOrigin = r.origin ?? (targetKind === 'local' ? 'local' : 'static');
      const text = `${r.destination} → ${r.target}`;
      // "If propagated routes from a Site-to-Site VPN connection or AWS Direct Connect connection
      // overlap with the local route for your VPC, the local route is most preferred even if the
      // propagated routes are more specific."
      // https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html
      if (origin === 'propagated') {
        const b = blockOfText(r.destination);
        if (vpcBlocks.some((v) => v.v === b.v && b.prefix >= v.prefix && inBlock(v, b.v, b.base))) {
          rows.push(`${text}  (propagated, ignored: the local route wins over propagated routes)`);
          continue;
        }
      }
      rows.push(origin === 'propagated' ? `${text}  (propagated, ${PROPAGATED_TEXT[r.propagatedFrom ?? 'vpn-static']})` : text);
      add(blockOfText(r.destination), { destination: r.destination, target: r.target, targetKind, origin, propagatedFrom: r.propagatedFrom, text });
    } else {
      const blocks = prefixListBlocks(model, r.destination, t.region);
      const text = `${r.destination} → ${r.target}`;
      rows.push(blocks ? text : `${text}  (unknown prefix list)`);
      if (!blocks) continue;
      const route: RouteC = { destination: r.destination, target: r.target, targetKind, origin: 'prefix-list', text };
      for (const b of blocks) add(b, route);
    }
  }
  return { id: t.id, lpm, rows };
}

/**
 * A packet in subnet `s` (sent by `sender`, or forwarded into the subnet by a gateway): the
 * subnet's route table decides where it goes.
 */
export function route<P>(w: Walk<P>, s: SubnetC, sender: IfaceC | undefined, p: P, st: FlowState): void {
  const rt = s.routeTable;
  if (st.count + 1 > HOP_LIMIT) return w.fail(p, 'loop', null, loopFailure(rt.id, 'route-table'));
  const state: FlowState = { ...st, count: st.count + 1 };
  // "Traffic that is destined for the MAC address of another network interface in the subnet
  // makes use of data link (layer 2) routing instead of network (layer 3), so the rules do not
  // apply to this traffic": no route table, no network ACL inside a subnet.
  // https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
  let rest: P | null = p;
  if (sender !== undefined) {
    const [inSubnet, beyond] = w.dom.split(p, { dst: s.blocks });
    rest = beyond;
    if (inSubnet !== null) {
      for (const [here, part] of w.dom.partition(inSubnet, 'dst', s.vpc.owners)) {
        if (here === undefined) {
          // nobody answers for that address on the subnet (layer 2): no route table can help
          w.fail(part, 'unreachable-address', null, (pk) => ({ component: formatIp(pk.dst), kind: 'address', why: `no interface in \`${s.id}\` holds ${formatIp(pk.dst)}: inside a subnet, delivery is direct (layer 2)`, setting: 'destination address', fix: 'send to an address an interface holds' }));
        } else if (here.subnet === s && here !== sender) {
          w.hop(part, (pk) => ({ component: s.id, kind: 'subnet', verdict: 'forward', detail: { step: 'forward', why: `${formatIp(pk.dst)} is in the same subnet \`${s.id}\`: delivered directly, without the route table or the network ACL` } }));
          w.arrive(here, part, state);
        } else rest = rest === null ? part : w.dom.union(rest, part);
      }
    }
    if (rest === null) return;
  }
  for (const [r, part] of w.dom.partition(rest, 'dst', rt.lpm)) {
    if (r === undefined) {
      w.fail(part, 'no-route', rt.id, (pk) => missingRoute(w.net, rt.id, s.vpc, pk));
      continue;
    }
    const tk = r.targetKind;
    if (tk === 'blackhole' || tk === 'missing') {
      w.fail(part, 'blackhole', rt.id, () => ({
        component: rt.id,
        kind: 'route-table',
        why: '',
        setting: `route ${r.text}`,
        fix: `point the route for ${r.destination} at a live target`,
        hop: { component: rt.id, kind: 'route-table', verdict: 'drop', rule: r.text, detail: { step: 'route', why: tk === 'missing' ? `the route's target \`${r.target}\` does not exist: a blackhole` : 'the matching route is a blackhole', routeTable: rt.id, destination: r.destination, target: r.target, table: rt.rows } },
      }));
      continue;
    }
    if (tk === 'local') {
      local(w, s, r, part, state);
      continue;
    }
    const target = ROUTE_TARGETS[tk as keyof typeof ROUTE_TARGETS];
    if (target === undefined) w.notModelled(part, `route target kind \`${tk}\` (\`${r.target}\`)`);
    else target.forward(w, s, sender, r, part, state);
  }
}

/**
 * No route in table `table` (of `vpc`) for the packet's destination. When a peering connection of
 * the VPC or a transit gateway it is attached to would carry it (a peer VPC holds the address, or
 * the transit gateway's table for this VPC's attachment routes it), the fix names that route, as a
 * patch: the most common mistake is a missing return route over a peering or a transit gateway.
 * https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
 */
export function missingRoute(net: CompiledNetwork, table: string, vpc: VpcC, pk: Packet): FailureText {
  const base = { component: table, kind: 'route-table', why: `no route in \`${table}\` matches ${formatIp(pk.dst)}`, setting: `route to ${formatIp(pk.dst)}` };
  const route = carrierOf(net, vpc, pk.v, pk.dst);
  if (route === undefined) return { ...base, fix: `add a route for ${hostCidr(pk.v, pk.dst)} (or a covering block) to \`${table}\`` };
  return { ...base, fix: `add ${route.destination} → ${route.target} to \`${table}\` (${route.why})`, patches: (ps) => routePatch(ps, table, route.destination, route.target) };
}

/** The route that would carry `dst` out of `vpc`: over an active peering connection to the VPC holding it, else to a transit gateway whose table routes it. */
function carrierOf(net: CompiledNetwork, vpc: VpcC, v: 4 | 6, dst: Addr): { destination: string; target: string; why: string } | undefined {
  for (const p of net.peerings.values()) {
    if (!p.active || (p.requester !== vpc.id && p.accepter !== vpc.id)) continue;
    const other = net.vpcs.get(p.requester === vpc.id ? p.accepter : p.requester);
    const b = other?.blocks.find((x) => inBlock(x, v, dst));
    if (other && b) return { destination: b.text, target: p.id, why: `\`${other.id}\` is reached over peering connection \`${p.id}\`` };
  }
  // a transit gateway for private destinations only (VPCs, on premises): an internet address is
  // better reached by this VPC's own gateways than by a default route a transit gateway happens to have
  const priv = inAnyBlock(net.notInternet[v === 4 ? 0 : 1].dst ?? [], v, dst) || net.externals.some((n) => inAnyBlock(n.blocks, v, dst));
  for (const tgw of priv ? net.tgws.values() : []) {
    const att = tgw.attachmentByVpc.get(vpc.id);
    const r = att === undefined ? undefined : tgw.tableOf.get(att.id)?.lpm.lookup(v, dst);
    if (!r || r.blackhole) continue;
    // the destination VPC's own block when the transit gateway leads to an attached VPC, else the transit gateway's route
    const to = r.attachment === undefined ? undefined : tgw.attachments.get(r.attachment);
    const b = to?.vpc === undefined ? undefined : net.vpcs.get(to.vpc)?.blocks.find((x) => inBlock(x, v, dst));
    return { destination: b?.text ?? r.destination, target: tgw.id, why: `transit gateway \`${tgw.id}\` routes it to \`${r.attachment ?? '?'}\`` };
  }
  return undefined;
}

/** The local route: delivered to the interface in the VPC that holds the destination. */
function local<P>(w: Walk<P>, s: SubnetC, r: RouteC, p: P, st: FlowState): void {
  routeHop(w, s, r, p);
  for (const [d, part] of w.dom.partition(p, 'dst', s.vpc.owners)) {
    if (d === undefined) {
      w.fail(part, 'unreachable-address', null, unreachableAddress(s.vpc));
      continue;
    }
    const inside = crossSubnets(w, s, d.subnet, part);
    if (inside !== null) w.arrive(d, inside, st);
  }
}

/**
 * Traffic entering a VPC through a gateway (an internet gateway after its 1:1 NAT, a virtual
 * private gateway) that has a gateway route table (edge association): that table's longest match
 * decides. `local` delivers as without the table; an interface (an appliance) gets the packet
 * first (bump in the wire). https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
 */
export function gatewayIngress<P>(w: Walk<P>, gateway: string, table: RouteTableC, p: P, st: FlowState, deliver: (part: P) => void): void {
  for (const [r, part] of w.dom.partition(p, 'dst', table.lpm)) {
    if (r === undefined) {
      w.fail(part, 'no-route', table.id, (pk) => ({ component: table.id, kind: 'route-table', why: `no route in gateway route table \`${table.id}\` (of \`${gateway}\`) matches ${formatIp(pk.dst)}`, setting: `route to ${formatIp(pk.dst)}`, fix: `add a route for the destination subnet to \`${table.id}\`, or remove the edge association` }));
      continue;
    }
    const hop = (why: string): void =>
      w.hop(part, () => ({ component: table.id, kind: 'route-table', verdict: 'forward', rule: r.text, detail: { step: 'route', why, routeTable: table.id, destination: r.destination, target: r.target, table: table.rows } }));
    if (r.targetKind === 'local') {
      hop(`the gateway route table of \`${gateway}\` sends traffic for the VPC by its local route`);
      deliver(part);
      continue;
    }
    if (r.targetKind === 'blackhole' || r.targetKind === 'missing') {
      w.fail(part, 'blackhole', table.id, () => ({ component: table.id, kind: 'route-table', why: 'the matching route of the gateway route table is a blackhole', setting: `route ${r.text}`, fix: `point the route for ${r.destination} at a live target` }));
      continue;
    }
    if (r.targetKind === 'network-interface' || r.targetKind === 'instance') {
      const id = r.targetKind === 'instance' ? w.net.model.index.instance.get(r.target)?.interfaces[0] : r.target;
      const e = id === undefined ? undefined : w.net.ifaces.get(id);
      if (!e) {
        w.fail(part, 'blackhole', table.id, () => ({ component: table.id, kind: 'route-table', why: `\`${r.target}\` is not an interface`, setting: `route ${r.text}`, fix: 'route to an appliance interface of this VPC' }));
        continue;
      }
      hop(`the gateway route table of \`${gateway}\` sends the traffic through the appliance \`${e.id}\` first`);
      const admitted = w.nacl(part, e.subnet, true);
      if (admitted !== null) w.arrive(e, admitted, st);
      continue;
    }
    if (r.targetKind === 'gateway-load-balancer-endpoint') {
      hop(`the gateway route table of \`${gateway}\` sends the traffic through Gateway Load Balancer endpoint \`${r.target}\` first`);
      gatewayIngressToEndpoint(w, r.target, part, st);
      continue;
    }
    w.notModelled(part, `a gateway route table route to a ${r.targetKind} (\`${r.target}\`)`);
  }
}
