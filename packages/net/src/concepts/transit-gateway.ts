// Transit gateway: a route target of the VPCs attached to it, which takes traffic in through
// the attachment's network interface in the sender's AZ and routes it by the TGW route table
// associated with the attachment it came from: to another VPC attachment (delivered, or routed
// on by the attachment subnet's route table), a VPN attachment, or a peered transit gateway.
// Network ACLs at the attachment subnets follow AWS's own rule (tgw-nacls.html).
// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html
// https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html
// A Direct Connect gateway attachment: concepts/direct-connect.ts.
import { formatIp, type ModelTransitGateway } from '@vpcsim/model';
import { inBlock, type Addr, type CompiledNetwork, type IfaceC, type SubnetC } from '../compile-network.js';
import { tgwPropagationPatch } from '../fixes.js';
import { HOP_LIMIT, loopFailure, misrouted, routeHop, unreachableAddress } from '../walk/failures.js';
import type { FlowState, Walk } from '../walk/types.js';
import type { RouteTarget } from './index.js';
import { toDxGateway } from './direct-connect.js';
import type { RouteC } from './route-table.js';
import { externalNetworkBehind } from './vpn.js';

type TgwAttachment = ModelTransitGateway['attachments'][number];

/** The route target: into the TGW through the attachment's interface in the sender subnet's AZ. */
export const transitGatewayTarget: RouteTarget = {
  docs: ['https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html', 'https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html'],
  forward<P>(w: Walk<P>, s: SubnetC, _sender: IfaceC | undefined, r: RouteC, p: P, st: FlowState): void {
    // The TGW receives traffic from a VPC only in AZs where its attachment has a subnet.
    const target = r.target;
    const tgw = w.net.tgws.get(target)!;
    const att = tgw.attachmentByVpc.get(s.vpc.id);
    if (!att) return w.fail(p, 'blackhole', s.routeTable.id, misrouted(s, r, `\`${target}\` has no attachment for \`${s.vpc.id}\``, `attach \`${s.vpc.id}\` to \`${target}\``));
    const entry = attachmentSubnet(w.net, att, s.az);
    routeHop(w, s, r, p);
    if (!entry) return w.fail(p, 'blackhole', att.id, () => ({ component: att.id, kind: 'transit-gateway-attachment', why: `attachment \`${att.id}\` has no subnet in ${s.az}: the transit gateway cannot receive traffic from that AZ`, setting: 'attachment subnets', fix: `add a subnet in ${s.az} to \`${att.id}\`` }));
    const out = w.nacl(p, s, false);
    if (out === null) return;
    // The attachment's subnet in this AZ evaluates the packet with its inbound rules (source
    // address), also when it is the sender's own subnet; its outbound rules are not used.
    const admitted = w.nacl(out, entry, true, `\`${entry.id}\` holds attachment \`${att.id}\` in ${s.az}: its inbound rules filter traffic into the transit gateway`);
    if (admitted === null) return;
    tgwEniHop(w, att.id, entry, 'ingress', `the packet enters \`${tgw.id}\` through the network interface of attachment \`${att.id}\` in \`${entry.id}\``, admitted);
    w.transitGateway(tgw.id, att.id, admitted, st, s.az);
  },
};

/**
 * The packet enters or leaves the transit gateway through its attachment's network interface in
 * `subnet` (what Flow Logs record for that interface). vpcsim does not model the interface's own
 * id: it is named `<attachment>/<subnet>`.
 */
function tgwEniHop<P>(w: Walk<P>, att: string, subnet: SubnetC, direction: 'egress' | 'ingress', why: string, p: P): void {
  w.hop(p, () => ({ component: att, kind: 'transit-gateway-attachment', verdict: 'forward', interface: { id: `${att}/${subnet.id}`, direction }, detail: { step: 'forward', why } }));
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

function pinOf(st: FlowState, attachment: string): string | undefined {
  for (let p = st.pins; p !== undefined; p = p.next) if (p.attachment === attachment) return p.az;
  return undefined;
}

/**
 * The subnet through which the TGW sends a packet into attachment `to`, and the flow state with
 * the pin. With appliance mode the TGW keeps both directions of a flow on one AZ's attachment
 * interface, choosing the AZ by a flow hash; vpcsim, to be deterministic, pins the AZ the first
 * packet of the flow used and sends the reply through it too. Without it, `exitSubnet`.
 */
function tgwExit(net: CompiledNetwork, st: FlowState, to: TgwAttachment, entryAz: string | undefined, dstAz: string | undefined): { subnet: SubnetC | undefined; st: FlowState } {
  if (to.applianceMode !== true) return { subnet: exitSubnet(net, to, entryAz, dstAz), st };
  const pin = pinOf(st, to.id);
  const x = (pin === undefined ? undefined : attachmentSubnet(net, to, pin)) ?? exitSubnet(net, to, entryAz, dstAz);
  if (x && pin === undefined) return { subnet: x, st: { ...st, pins: { attachment: to.id, az: x.az, next: st.pins } } };
  return { subnet: x, st };
}

/** The attachment of `tgw` whose propagated networks would hold `dst` (a VPC's blocks, a VPN's remote networks). */
function holdingAttachment(net: CompiledNetwork, tgw: ModelTransitGateway, v: 4 | 6, dst: Addr): string | undefined {
  for (const a of tgw.attachments) {
    if (a.vpc !== undefined && net.vpcs.get(a.vpc)?.blocks.some((b) => inBlock(b, v, dst))) return a.id;
    if (a.vpnConnection !== undefined && (net.vpnBlocks.get(a.vpnConnection) ?? []).some((b) => inBlock(b, v, dst))) return a.id;
  }
  return undefined;
}

const applianceWhy = (st: FlowState, to: TgwAttachment): string =>
  to.applianceMode === true ? ` (appliance mode: the flow is pinned to ${pinOf(st, to.id) ?? '?'} in both directions)` : '';

/**
 * A packet entering transit gateway `tgwId` from attachment `from`: the TGW route table
 * associated with that attachment decides.
 */
export function transitGateway<P>(w: Walk<P>, tgwId: string, from: string, p: P, st0: FlowState, az: string | undefined): void {
  const net = w.net;
  if (st0.count + 1 > HOP_LIMIT) return w.fail(p, 'loop', null, loopFailure(tgwId, 'transit-gateway'));
  const st: FlowState = { ...st0, viaTgw: true, count: st0.count + 1 };
  const tgw = net.tgws.get(tgwId)!;
  const rt = tgw.tableOf.get(from);
  if (!rt) return w.fail(p, 'no-route', tgw.id, () => ({ component: tgw.id, kind: 'transit-gateway', why: `attachment \`${from}\` is associated with no route table of \`${tgw.id}\``, setting: `association of ${from}`, fix: `associate \`${from}\` with a route table of \`${tgw.id}\`` }));
  for (const [r, part] of w.dom.partition(p, 'dst', rt.lpm)) {
    if (r === undefined) {
      w.fail(part, 'no-route', rt.id, (pk) => {
        const base = { component: rt.id, kind: 'transit-gateway-route-table', why: `no route in \`${rt.id}\` matches ${formatIp(pk.dst)}`, setting: `route to ${formatIp(pk.dst)}` };
        // the attachment whose networks hold the destination: its propagation is the fix
        const att = holdingAttachment(net, tgw.m, pk.v, pk.dst);
        if (att === undefined) return { ...base, fix: `add a route or a propagation for ${formatIp(pk.dst)} to \`${rt.id}\`` };
        return { ...base, fix: `propagate \`${att}\` into \`${rt.id}\` (its networks hold ${formatIp(pk.dst)})`, patches: (ps) => tgwPropagationPatch(ps, tgw.id, rt.id, att) };
      });
      continue;
    }
    if (r.blackhole) {
      w.fail(part, 'blackhole', rt.id, () => ({ component: rt.id, kind: 'transit-gateway-route-table', why: '', setting: `route ${r.text}`, fix: `remove the blackhole route for ${r.destination}`, hop: { component: rt.id, kind: 'transit-gateway-route-table', verdict: 'drop', rule: r.text, detail: { step: 'route', why: 'the matching route is a blackhole', routeTable: rt.id, destination: r.destination, target: 'blackhole', table: rt.rows } } }));
      continue;
    }
    const to = r.attachment === undefined ? undefined : tgw.attachments.get(r.attachment);
    if (!to) {
      w.fail(part, 'blackhole', rt.id, () => ({ component: rt.id, kind: 'transit-gateway-route-table', why: `the route's attachment \`${r.attachment ?? ''}\` does not exist`, setting: `route ${r.text}`, fix: `point the route for ${r.destination} at an attachment of \`${tgw.id}\`` }));
      continue;
    }
    w.hop(part, () => ({ component: rt.id, kind: 'transit-gateway-route-table', verdict: 'forward', rule: r.text, detail: { step: 'route', why: r.propagated ? 'the most specific matching route, propagated from the attachment' : 'the most specific matching route (static)', routeTable: rt.id, destination: r.destination, target: to.id, table: rt.rows } }));
    if (to.vpc !== undefined) toVpc(w, tgw.id, to, part, st, az);
    else if (to.vpnConnection !== undefined) toVpn(w, to.vpnConnection, part, st);
    else if (to.dxGateway !== undefined) toDxGateway(w, tgw.id, to.dxGateway, part, st);
    else if (to.peerTransitGateway !== undefined) {
      // TGW peering: the packet enters the peer TGW through the peer's attachment back to this one;
      // peering attachments support static routes only (no propagation).
      const peer = net.tgws.get(to.peerTransitGateway);
      const back = peer ? [...peer.attachments.values()].find((a) => a.peerTransitGateway === tgw.id) : undefined;
      if (!peer || !back) {
        w.fail(part, 'blackhole', to.id, () => ({ component: to.id, kind: 'transit-gateway-attachment', why: `the peer transit gateway \`${to.peerTransitGateway}\` has no peering attachment back to \`${tgw.id}\``, setting: 'peering attachment', fix: `add a peering attachment to \`${to.peerTransitGateway}\` that points back to \`${tgw.id}\`` }));
        continue;
      }
      w.hop(part, () => ({ component: to.id, kind: 'transit-gateway-attachment', verdict: 'forward', detail: { step: 'forward', why: `the peering attachment carries the packet to \`${peer.id}\`` } }));
      w.transitGateway(peer.id, back.id, part, st, az);
    } else w.notModelled(part, `transit gateway attachment \`${to.id}\``);
  }
}

/** Out of the transit gateway into a VPC attachment: delivered in the VPC, or routed on from the attachment subnet. */
function toVpc<P>(w: Walk<P>, tgwId: string, to: TgwAttachment, p: P, st: FlowState, az: string | undefined): void {
  const net = w.net;
  const vpc = net.vpcs.get(to.vpc!)!;
  const [inside, onward] = w.dom.split(p, { dst: vpc.blocks });
  if (inside !== null) {
    for (const [d, part] of w.dom.partition(inside, 'dst', vpc.owners)) {
      if (d === undefined) {
        w.fail(part, 'unreachable-address', null, unreachableAddress(vpc));
        continue;
      }
      const { subnet: exit, st: pinned } = tgwExit(net, st, to, az, d.subnet.az);
      if (!exit) {
        w.fail(part, 'blackhole', to.id, () => ({ component: to.id, kind: 'transit-gateway-attachment', why: `attachment \`${to.id}\` has no subnet`, setting: 'attachment subnets', fix: `add a subnet in ${d.subnet.az} to \`${to.id}\`` }));
        continue;
      }
      // Out of the attachment's subnet: its outbound rules (destination address), then the
      // destination subnet's inbound rules; when the destination is in the attachment's own
      // subnet, neither is evaluated.
      tgwEniHop(w, to.id, exit, 'egress', `the packet leaves \`${tgwId}\` through the network interface of attachment \`${to.id}\` in \`${exit.id}\`${applianceWhy(pinned, to)}`, part);
      if (exit === d.subnet) {
        w.hop(part, () => ({ component: exit.nacl.id, kind: 'network-acl', verdict: 'allow', detail: { step: 'filter', direction: 'inbound', why: `not evaluated: \`${d.id}\` is in \`${exit.id}\`, the subnet of attachment \`${to.id}\`, and AWS evaluates neither the outbound nor the inbound rules for traffic from the transit gateway to its own subnet` } }));
        w.arrive(d, part, pinned);
        continue;
      }
      // "Route table rules apply to all traffic that leaves a subnet": the attachment subnet's
      // route table may send the packet through an appliance first (a replaced local route)
      // https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
      for (const [r, q] of w.dom.partition(part, 'dst', exit.routeTable.lpm)) {
        if (r !== undefined && r.targetKind === 'local') {
          const out = w.nacl(q, exit, false, `\`${exit.id}\` holds attachment \`${to.id}\` in ${exit.az}: its outbound rules filter traffic out of the transit gateway`);
          const admitted = out === null ? null : w.nacl(out, d.subnet, true);
          if (admitted !== null) w.arrive(d, admitted, pinned);
        } else w.route(exit, undefined, q, pinned);
      }
    }
  }
  if (onward === null) return;
  // Onward from the attachment's subnet (e.g. a central egress VPC): that subnet's route table.
  const { subnet: s, st: pinned } = tgwExit(net, st, to, az, undefined);
  if (!s) return w.fail(onward, 'blackhole', to.id, () => ({ component: to.id, kind: 'transit-gateway-attachment', why: `attachment \`${to.id}\` has no subnet`, setting: 'attachment subnets', fix: `add a subnet to \`${to.id}\`` }));
  tgwEniHop(w, to.id, s, 'egress', `the packet leaves \`${tgwId}\` through the network interface of attachment \`${to.id}\` in \`${s.id}\`${applianceWhy(pinned, to)}; that subnet's route table carries it on`, onward);
  w.route(s, undefined, onward, pinned);
}

/**
 * Into a VPN attachment: the TGW route table decides what enters it; for a VPN on a transit
 * gateway, static routes live in the TGW route table and are not filtered by the VPN
 * (https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-edit-static-routes.html,
 * https://docs.aws.amazon.com/vpc/latest/tgw/tgw-create-static-route.html); unlike a VGW,
 * no check against the connection's own routes.
 */
function toVpn<P>(w: Walk<P>, vpnId: string, p: P, st: FlowState): void {
  const v = w.net.model.index.vpnConnection.get(vpnId);
  if (!v || !v.up) return w.fail(p, 'blackhole', vpnId, () => ({ component: vpnId, kind: 'vpn-connection', why: `VPN connection \`${vpnId}\` has no tunnel up`, setting: 'VPN tunnels', fix: 'bring a tunnel of the VPN connection up' }));
  const down = w.net.dx.vpnDown(v);
  if (down !== undefined) return w.fail(p, 'blackhole', vpnId, () => ({ component: vpnId, kind: 'vpn-connection', why: down, setting: 'transport', fix: `make the public virtual interface \`${v.transport ?? ''}\` available, with the customer gateway's address among its advertised prefixes` }));
  externalNetworkBehind(w, v, p, (network, part) => {
    w.hop(part, () => ({ component: v.id, kind: 'vpn-connection', verdict: 'exit', detail: { step: 'forward', why: `the VPN carries the packet to external network \`${network}\`` } }));
    w.end(part, { kind: 'external', network }, st);
  });
}
