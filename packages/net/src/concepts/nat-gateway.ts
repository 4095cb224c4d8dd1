// NAT gateway: a route target of its VPC that gives IPv4 packets its private address as source
// and sends them on by its own subnet's route table (where a public NAT gateway's route to the
// internet gateway maps that address to its Elastic IP); it admits only the replies to those
// connections, restoring the destination (network-interface.ts, `arrive`), and is never a
// destination itself.
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
// NAT64: IPv6 packets to 64:ff9b::/96 (the well-known prefix of RFC 6052, which DNS64 puts before
// the IPv4 address of a name that has no IPv6 one) become IPv4 packets from the NAT gateway's
// private address to the IPv4 address in the last 32 bits, carried on by its subnet's route table
// like any it translates; the reply is translated back (from 64:ff9b::<IPv4 source> to the IPv6
// source). DNS64 is the resolver's side: a flow names the synthesized address (`64:ff9b::8.8.8.8`).
// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-nat64-dns64.html
// ICMPv6 echo requests become ICMP echo requests; other ICMPv6 messages that start a flow are
// dropped (RFC 7915 translates echo and the errors of flows it tracks).
import { formatIp } from '@vpcsim/model';
import type { IfaceC, SubnetC } from '../compile-network.js';
import { NAT64_PREFIX } from '../domain/packet.js';
import { misrouted, routeHop } from '../walk/failures.js';
import type { FlowState, Walk } from '../walk/types.js';
import type { RouteTarget } from './index.js';
import { crossSubnets } from './network-acl.js';
import type { RouteC } from './route-table.js';

const NAT_PROTOCOLS = [1, 6, 17] as const;

const NAT_DOCS = 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html';
const NAT64_DOCS = 'https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-nat64-dns64.html';

/** The part of p with one of the protocols, and the rest. */
export function onlyProtocols<P>(w: Walk<P>, p: P, protocols: readonly number[]): { inside: P | null; outside: P | null } {
  let outside: P | null = p;
  for (const n of protocols) if (outside !== null) outside = w.dom.minus(outside, { proto: [n, n] });
  const inside = outside === null ? p : w.dom.without(p, outside);
  return { inside, outside };
}

export const natGateway: RouteTarget = {
  docs: [NAT_DOCS, NAT64_DOCS],
  forward<P>(w: Walk<P>, s: SubnetC, _sender: IfaceC | undefined, r: RouteC, p: P, st: FlowState): void {
    const target = r.target;
    const ni = w.net.natIface.get(target);
    if (!ni || ni.vpc !== s.vpc) return w.fail(p, 'blackhole', s.routeTable.id, misrouted(s, r, `\`${target}\` is not in \`${s.vpc.id}\``, 'route to a NAT gateway of this VPC'));
    const v6 = w.dom.family(p) === 6;
    if (v6) {
      // "You will then need to route this traffic through the NAT gateway": IPv6 to 64:ff9b::/96 only
      const [to64, other] = w.dom.split(p, { dst: [NAT64_PREFIX] });
      if (other !== null) w.fail(other, 'unsupported', target, () => ({ component: target, kind: 'nat-gateway', why: 'a NAT gateway translates IPv6 only toward 64:ff9b::/96 (NAT64, to the IPv4 address in its last 32 bits); other IPv6 traffic needs an egress-only internet gateway', setting: 'IPv6 route', fix: 'route ::/0 to an egress-only internet gateway (or an internet gateway), and only 64:ff9b::/96 to the NAT gateway' }));
      if (to64 === null) return;
      p = to64;
    }
    // "NAT gateways support the following protocols: TCP, UDP, and ICMP."
    // https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html
    // Through NAT64, ICMPv6 echo requests (which become ICMP echo requests); RFC 7915 drops the
    // other ICMPv6 messages that start a flow.
    const { inside: ports, outside: rest } = onlyProtocols(w, p, v6 ? [6, 17] : NAT_PROTOCOLS);
    const [echo6, other] = v6 && rest !== null ? w.dom.split(rest, { proto: [58, 58], icmpType: [128, 128] }) : [null, rest];
    if (other !== null) w.fail(other, 'unsupported', target, (pk) => ({ component: target, kind: 'nat-gateway', why: pk.proto === 58 ? `NAT64 translates ICMPv6 echo requests, not ICMPv6 type ${pk.icmpType}` : `a NAT gateway carries TCP, UDP and ICMP only, not protocol ${pk.proto}`, setting: 'protocol', fix: pk.proto === 58 ? 'send ICMPv6 echo requests, TCP or UDP through NAT64' : 'route this protocol through an internet gateway from an interface with a public IP, or a NAT instance' }));
    const carried = ports === null ? echo6 : echo6 === null ? ports : w.dom.union(ports, echo6);
    if (carried === null) return;
    // A reply is never sent through a NAT as a new connection: the peer would see another source.
    if (w.reply) {
      const rt = s.routeTable.id;
      return w.fail(carried, 'reply-denied', rt, () => ({ component: rt, kind: 'route-table', why: `the reply is routed to \`${target}\`, which did not translate the request: the peer would see another source (asymmetric route)`, setting: `route ${r.text}`, fix: 'route replies back the way the request came' }));
    }
    routeHop(w, s, r, carried);
    const inside = crossSubnets(w, s, ni.subnet, carried);
    if (inside === null) return;
    if (v6) {
      // each kind translated on its own (TCP and UDP keep their protocol, the echo request becomes ICMP's)
      const [icmp, tcpUdp] = w.dom.split(inside, { proto: [58, 58] });
      for (const q of [tcpUdp, icmp]) if (q !== null) nat64(w, target, ni, q, st);
      return;
    }
    const { p: out, saved } = w.dom.rewrite(inside, 'src', ni.priv4);
    w.hop(out, (_pk, before) => ({
      component: target,
      kind: 'nat-gateway',
      verdict: 'translate',
      interface: { id: ni.id, direction: 'ingress' },
      detail: { step: 'translate', why: "the NAT gateway replaces the source with its private address; its subnet's route table carries the packet on", from: formatIp(before.src), to: ni.privText },
    }), inside);
    // the source is now the NAT gateway's, which has no security groups
    w.leave(ni, out, { ...st, origin: undefined, nat: { iface: ni.id, translated: ni.priv4, saved, next: st.nat } });
  },
};

/** NAT64: the IPv6 packets p as IPv4 ones from the NAT gateway's private address, on by its subnet's route table. */
function nat64<P>(w: Walk<P>, target: string, ni: IfaceC, p: P, st: FlowState): void {
  const { p: out, saved } = w.dom.nat64(p, ni.priv4);
  w.hop(out, (pk, before) => ({
    component: target,
    kind: 'nat-gateway',
    verdict: 'translate',
    interface: { id: ni.id, direction: 'ingress' },
    detail: { step: 'translate', why: "NAT64: the NAT gateway translates the IPv6 packet to IPv4, from its private address to the IPv4 address in the destination's last 32 bits (64:ff9b::/96); its subnet's route table carries the packet on", from: `${formatIp(before.src)} → ${formatIp(before.dst)}`, to: `${ni.privText} → ${formatIp(pk.dst)}` },
  }), p);
  w.leave(ni, out, { ...st, origin: undefined, nat: { iface: ni.id, translated: ni.priv4, saved, nat64: true, next: st.nat } });
}
