// NAT gateway: a route target of its VPC that gives IPv4 packets its private address as source
// and sends them on by its own subnet's route table (where a public NAT gateway's route to the
// internet gateway maps that address to its Elastic IP); it admits only the replies to those
// connections, restoring the destination (network-interface.ts, `arrive`), and is never a
// destination itself.
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
import { formatIp } from '@vpcsim/model';
import type { IfaceC, SubnetC } from '../compile-network.js';
import { misrouted, routeHop } from '../walk/failures.js';
import type { FlowState, Walk } from '../walk/types.js';
import type { RouteTarget } from './index.js';
import { crossSubnets } from './network-acl.js';
import type { RouteC } from './route-table.js';

const NAT_PROTOCOLS = [1, 6, 17] as const;

/** The part of p with one of the protocols, and the rest. */
export function onlyProtocols<P>(w: Walk<P>, p: P, protocols: readonly number[]): { inside: P | null; outside: P | null } {
  let outside: P | null = p;
  for (const n of protocols) if (outside !== null) outside = w.dom.minus(outside, { proto: [n, n] });
  const inside = outside === null ? p : w.dom.without(p, outside);
  return { inside, outside };
}

export const natGateway: RouteTarget = {
  docs: ['https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html'],
  forward<P>(w: Walk<P>, s: SubnetC, _sender: IfaceC | undefined, r: RouteC, p: P, st: FlowState): void {
    const target = r.target;
    const ni = w.net.natIface.get(target);
    if (!ni || ni.vpc !== s.vpc) return w.fail(p, 'blackhole', s.routeTable.id, misrouted(s, r, `\`${target}\` is not in \`${s.vpc.id}\``, 'route to a NAT gateway of this VPC'));
    if (w.dom.family(p) !== 4) return w.fail(p, 'unsupported', target, () => ({ component: target, kind: 'nat-gateway', why: 'a NAT gateway translates IPv4 only (use an egress-only internet gateway for IPv6)', setting: 'IPv6 route', fix: 'route ::/0 to an egress-only internet gateway' }));
    // "NAT gateways support the following protocols: TCP, UDP, and ICMP."
    // https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html
    const { inside: carried, outside: other } = onlyProtocols(w, p, NAT_PROTOCOLS);
    if (other !== null) w.fail(other, 'unsupported', target, (pk) => ({ component: target, kind: 'nat-gateway', why: `a NAT gateway carries TCP, UDP and ICMP only, not protocol ${pk.proto}`, setting: 'protocol', fix: 'route this protocol through an internet gateway from an interface with a public IP, or a NAT instance' }));
    if (carried === null) return;
    p = carried;
    // A reply is never sent through a NAT as a new connection: the peer would see another source.
    if (w.reply) {
      const rt = s.routeTable.id;
      return w.fail(p, 'reply-denied', rt, () => ({ component: rt, kind: 'route-table', why: `the reply is routed to \`${target}\`, which did not translate the request: the peer would see another source (asymmetric route)`, setting: `route ${r.text}`, fix: 'route replies back the way the request came' }));
    }
    routeHop(w, s, r, p);
    const inside = crossSubnets(w, s, ni.subnet, p);
    if (inside === null) return;
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
