// Site-to-Site VPN: a virtual private gateway is a route target of its VPC that sends a packet
// into the VPN connection (tunnel up) whose remote networks hold the destination, or over the
// Direct Connect virtual interface it learned the destination from (concepts/direct-connect.ts);
// packets from an external network enter AWS through the VPN connection it is behind (chosen by
// external-network.ts), to the VGW's VPC or, for a VPN attached to a transit gateway, to the TGW
// route table of that attachment.
// https://docs.aws.amazon.com/vpn/latest/s2svpn/how_it_works.html
// https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
// https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html
import { formatIp, type ModelVpnConnection } from '@vpcsim/model';
import type { CompiledNetwork, IfaceC, SubnetC } from '../compile-network.js';
import type { Packet } from '../traffic.js';
import { hostCidr, misrouted, routeHop, unreachableAddress } from '../walk/failures.js';
import type { FlowState, Walk } from '../walk/types.js';
import { otherAssociations, vgwDxState, vgwOverVif } from './direct-connect.js';
import type { RouteTarget } from './index.js';
import { gatewayIngress, type RouteC } from './route-table.js';

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

function vpnRouteFix(up: readonly ModelVpnConnection[], p: Packet): string {
  const st = up.find((v) => v.routing === 'static');
  return st
    ? `add a static route covering ${hostCidr(p.v, p.dst)} to VPN connection \`${st.id}\``
    : `advertise a network covering ${hostCidr(p.v, p.dst)} over BGP from \`${up[0]!.customerGateway}\` (declare it under externalNetworks)`;
}

/**
 * The external networks behind a VPN connection (`via` its id or its customer gateway) that
 * hold the destination, part by part; a part no network holds is an unreachable address.
 */
export function externalNetworkBehind<P>(w: Walk<P>, vpn: ModelVpnConnection, p: P, then: (network: string, part: P) => void): void {
  for (const [n, part] of w.dom.partition(p, 'dst', w.net.externalsBehind(vpn.id))) {
    if (n === undefined) {
      w.fail(part, 'unreachable-address', null, (pk) => ({ component: formatIp(pk.dst), kind: 'address', why: `no external network behind \`${vpn.id}\` holds ${formatIp(pk.dst)}`, setting: 'destination address', fix: `declare the network holding ${formatIp(pk.dst)} under externalNetworks, behind \`${vpn.customerGateway}\`` }));
      continue;
    }
    then(n.id, part);
  }
}

/** A virtual private gateway as a route target. */
export const vpnGateway: RouteTarget = {
  docs: ['https://docs.aws.amazon.com/vpn/latest/s2svpn/how_it_works.html', 'https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html', 'https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html'],
  forward<P>(w: Walk<P>, s: SubnetC, _sender: IfaceC | undefined, r: RouteC, p: P, st: FlowState): void {
    const target = r.target;
    const vgw = w.net.vgws.get(target)!;
    const g = vgw.m;
    if (g.vpc !== s.vpc.id) return w.fail(p, 'blackhole', s.routeTable.id, misrouted(s, r, `\`${target}\` is not attached to \`${s.vpc.id}\``, `attach \`${target}\` to \`${s.vpc.id}\``));
    routeHop(w, s, r, p);
    // "A virtual private gateway does not support IPv6 traffic." (vpn-route-priority.html)
    if (w.dom.family(p) === 6) return w.fail(p, 'unsupported', g.id, () => ({ component: g.id, kind: 'vpn-gateway', why: 'a virtual private gateway does not carry IPv6 traffic', setting: 'IPv6', fix: 'connect IPv6 networks through a transit gateway VPN attachment' }));
    const [own, foreign] = w.dom.split(p, { src: s.vpc.blocks });
    if (foreign !== null) w.fail(foreign, 'not-transitive', g.id, (pk) => ({ component: g.id, kind: 'vpn-gateway', why: `${formatIp(pk.src)} is not an address of \`${s.vpc.id}\`: a VGW carries only the VPC's own traffic`, setting: 'transitive routing', fix: 'use a transit gateway for transitive routing' }));
    if (own === null) return;
    const up = vgw.up;
    if (up.length === 0 && w.net.dx.vgwRoutes(g.id).length === 0) {
      const dx = vgwDxState(w.net, g.id);
      // a VPN whose tunnels are up but whose Direct Connect transport fails says so
      const transport = w.net.model.network.vpnConnections.filter((v) => v.vpnGateway === g.id && v.up).map((v) => w.net.dx.vpnDown(v));
      const vpns = transport.length > 0 ? `no VPN connection of \`${g.id}\` carries traffic: ${transport.join('; ')}` : `no VPN connection of \`${g.id}\` has a tunnel up`;
      const why = dx === undefined ? vpns : `${vpns}, and ${dx}`;
      return w.fail(own, 'blackhole', s.routeTable.id, () => ({ component: g.id, kind: 'vpn-gateway', why, setting: `route ${r.text}: ${why}`, fix: dx === undefined ? 'bring a tunnel of the VPN connection up' : 'bring a tunnel of the VPN connection or a Direct Connect virtual interface up' }));
    }
    for (const [path, part] of w.dom.partition(own, 'dst', vgw.lpm)) {
      if (path === undefined) {
        // a Direct Connect gateway does not carry traffic between its associated gateways
        const rest = otherAssociations(w, g.id, part);
        if (rest === null) continue;
        w.fail(rest, 'no-route', g.id, (pk) => {
          const dx = vgwDxState(w.net, g.id);
          return { component: g.id, kind: 'vpn-gateway', why: `no ${dx === undefined ? 'VPN connection' : 'connection'} of \`${g.id}\` routes ${formatIp(pk.dst)}: ${[vpnCoverage(w.net, up), dx].filter((x) => x !== undefined && x !== '').join('; ')}`, setting: `route to ${formatIp(pk.dst)}`, fix: up.length === 0 ? `declare the network holding ${formatIp(pk.dst)} under externalNetworks, \`via\` a virtual interface that reaches \`${g.id}\`` : vpnRouteFix(up, pk) };
        });
        continue;
      }
      if (path.kind === 'direct-connect') {
        vgwOverVif(w, s, g.id, path, part, st);
        continue;
      }
      const vpn = path.vpn;
      externalNetworkBehind(w, vpn, part, (network, q) => {
        const out = w.nacl(q, s, false);
        if (out === null) return;
        w.hop(out, (pk) => ({ component: g.id, kind: 'vpn-gateway', verdict: 'exit', detail: { step: 'forward', why: `VPN connection \`${vpn.id}\` (${vpn.routing === 'static' ? 'static routing: its static routes cover' : 'BGP: its customer gateway advertises'} ${formatIp(pk.dst)}) carries the packet to external network \`${network}\`` } }));
        w.end(out, { kind: 'external', network }, st);
      });
    }
  },
};

/** A packet from an external network enters AWS through VPN connection `vpn` (up; external-network.ts chose it). */
export function enterThroughVpn<P>(w: Walk<P>, vpn: ModelVpnConnection, p: P, st: FlowState): void {
  const net = w.net;
  w.hop(p, () => ({ component: vpn.id, kind: 'vpn-connection', verdict: 'forward', detail: { step: 'forward', why: `the packet enters AWS through VPN connection \`${vpn.id}\`` } }));
  if (vpn.transitGateway !== undefined) {
    const tgw = net.tgws.get(vpn.transitGateway);
    const att = tgw ? [...tgw.attachments.values()].find((a) => a.vpnConnection === vpn.id) : undefined;
    if (!tgw || !att) return w.fail(p, 'no-route', vpn.id, () => ({ component: vpn.id, kind: 'vpn-connection', why: `\`${vpn.id}\` has no transit gateway attachment`, setting: 'attachment', fix: `add an attachment for \`${vpn.id}\` to \`${vpn.transitGateway}\`` }));
    return w.transitGateway(tgw.id, att.id, p, st, undefined);
  }
  enterThroughVgw(w, vpn.vpnGateway, vpn.id, p, st);
}

/**
 * From on premises into the VPC of virtual private gateway `vgwId`, arriving `via` a VPN
 * connection or a Direct Connect virtual interface or gateway: only the VPC's own addresses, by
 * the VGW's gateway route table when it has one.
 */
export function enterThroughVgw<P>(w: Walk<P>, vgwId: string | undefined, via: string, p: P, st: FlowState): void {
  const net = w.net;
  const g = vgwId === undefined ? undefined : net.vgws.get(vgwId)?.m;
  if (g && w.dom.family(p) === 6) return w.fail(p, 'unsupported', g.id, () => ({ component: g.id, kind: 'vpn-gateway', why: 'a virtual private gateway does not carry IPv6 traffic', setting: 'IPv6', fix: 'connect IPv6 networks through a transit gateway VPN attachment' }));
  const vpc = g?.vpc === undefined ? undefined : net.vpcs.get(g.vpc);
  const [inside, outside] = vpc ? w.dom.split(p, { dst: vpc.blocks }) : [null, p];
  if (outside !== null) {
    const id = vgwId ?? via;
    w.fail(outside, 'no-route', id, (pk) => ({ component: id, kind: 'vpn-gateway', why: `${formatIp(pk.dst)} is not inside the VPC of \`${id}\``, setting: `route to ${formatIp(pk.dst)}`, fix: g?.vpc === undefined ? `attach \`${id}\` to a VPC` : `send to an address inside \`${g.vpc}\`, or connect through a transit gateway` }));
  }
  if (inside === null || !g || !vpc) return;
  const deliver = (q: P): void => {
    for (const [d, part] of w.dom.partition(q, 'dst', vpc.owners)) {
      if (d === undefined) {
        w.fail(part, 'unreachable-address', null, unreachableAddress(vpc));
        continue;
      }
      const admitted = w.nacl(part, d.subnet, true);
      if (admitted !== null) w.arrive(d, admitted, st);
    }
  };
  const table = net.vgws.get(g.id)?.table;
  if (table !== undefined) {
    w.hop(inside, () => ({ component: g.id, kind: 'vpn-gateway', verdict: 'forward', detail: { step: 'forward', why: `the virtual private gateway takes the packet into \`${vpc.id}\` by its gateway route table \`${table.id}\`` } }));
    return gatewayIngress(w, g.id, table, inside, st, deliver);
  }
  w.hop(inside, () => ({ component: g.id, kind: 'vpn-gateway', verdict: 'forward', detail: { step: 'forward', why: `the virtual private gateway delivers into \`${vpc.id}\` (the local route)` } }));
  deliver(inside);
}
