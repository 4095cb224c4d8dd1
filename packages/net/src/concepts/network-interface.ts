// Elastic network interfaces: where packets are sent from and delivered to. An instance (its
// primary interface) or an interface can also be a route target: a packet routed to it that is
// not addressed to it is dropped by the source/destination check, or, with the check off,
// forwarded by the appliance (a NAT instance also replaces the source with its own address).
// A reply that comes back to the interface that translated its request has its destination
// restored (NAT gateways and NAT instances alike).
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-eni.html
// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html
// https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html (middlebox routing)
import { formatIp } from '@vpcsim/model';
import type { IfaceC, SubnetC } from '../compile-network.js';
import { applianceModePatch, sourceDestCheckPatch, type PatchState } from '../fixes.js';
import { misrouted, routeHop } from '../walk/failures.js';
import type { FlowState, NatSession, Walk } from '../walk/types.js';
import type { RouteTarget } from './index.js';
import { loadBalancerArrive } from './load-balancer.js';
import { crossSubnets } from './network-acl.js';
import type { RouteC } from './route-table.js';

/** An instance (its primary interface) or an interface as a route target. */
export const networkInterfaceTarget: RouteTarget = {
  docs: ['https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html'],
  forward<P>(w: Walk<P>, s: SubnetC, _sender: IfaceC | undefined, r: RouteC, p: P, st: FlowState): void {
    const target = r.target;
    const id = r.targetKind === 'instance' ? w.net.model.index.instance.get(target)?.interfaces[0] : target;
    const e = id === undefined ? undefined : w.net.ifaces.get(id);
    if (!e || e.vpc !== s.vpc) return w.fail(p, 'blackhole', s.routeTable.id, misrouted(s, r, `\`${target}\` is not an interface of \`${s.vpc.id}\``, 'route to an interface of this VPC'));
    routeHop(w, s, r, p);
    const inside = crossSubnets(w, s, e.subnet, p);
    if (inside !== null) w.arrive(e, inside, st);
  },
};

/** A packet leaves interface `from`: its security groups (outbound), then its subnet's route table. */
export function leave<P>(w: Walk<P>, from: IfaceC, p: P, st: FlowState): void {
  // the sender keeps the connection's state too (a stateful appliance that sends its own traffic)
  const s = st.started ? st : { ...st, started: true, origin: from, crossed: { host: from.host, next: st.crossed } };
  w.hop(p, () => ({ component: from.id, kind: 'network-interface', verdict: 'forward', interface: { id: from.id, direction: 'egress' }, detail: { step: 'forward', why: `the packet leaves \`${from.id}\`` } }));
  const out = w.sg(p, from, false, s);
  if (out !== null) w.route(from.subnet, from, out, s);
}

/** The NAT sessions of interface `d`, oldest first. */
function sessionsOf(nat: NatSession | undefined, d: IfaceC): NatSession[] {
  const out: NatSession[] = [];
  for (let n = nat; n !== undefined; n = n.next) if (n.iface === d.id) out.push(n);
  return out.reverse();
}

/** A packet reaches interface `d`: its security groups (inbound), then delivery or forwarding. */
export function arrive<P>(w: Walk<P>, d: IfaceC, p: P, st: FlowState): void {
  let rest = w.sg(p, d, true, st);
  if (rest === null) return;
  // a load balancer node answers its listeners (load-balancer.ts)
  if (d.lb !== undefined) return loadBalancerArrive(w, d, rest, st);
  if (w.reply) {
    // the reply to a translated request: its destination is restored and it goes on from here
    for (const session of sessionsOf(st.nat, d)) {
      const [hit, other] = w.dom.split(rest, { dst: [w.net.hostBlock(4, session.translated)] });
      if (hit !== null) {
        // NAT64: the reply becomes IPv6 again, from 64:ff9b::<its IPv4 source> (nat-gateway.ts)
        const back = session.nat64 ? w.dom.nat46(hit, session.saved) : w.dom.restore(hit, 'dst', session.saved);
        w.hop(back, (pk, before) => ({
          component: d.natGateway ?? d.id,
          kind: d.natGateway ? 'nat-gateway' : 'network-interface',
          verdict: 'translate',
          interface: { id: d.id, direction: 'ingress' },
          detail: session.nat64
            ? { step: 'translate', why: 'NAT64: the reply matches the translation made for the request: it is translated back to IPv6, from 64:ff9b::/96 and the IPv4 source, to the requester', from: `${formatIp(before.src)} → ${formatIp(before.dst)}`, to: `${formatIp(pk.src)} → ${formatIp(pk.dst)}` }
            : { step: 'translate', why: 'the reply matches the translation made for the request: the destination is restored', from: formatIp(before.dst), to: formatIp(pk.dst) },
        }), hit);
        w.leave(d, back, st);
      }
      if (other === null) return;
      rest = other;
    }
  }
  if (d.natGateway !== undefined) {
    const nat = d.natGateway;
    return w.fail(rest, 'inbound-not-allowed', nat, () => ({ component: nat, kind: 'nat-gateway', why: 'a NAT gateway is not a destination: it translates traffic routed through it to other addresses, and admits only the replies to those connections', setting: 'destination', fix: 'address the host you want to reach, and route its traffic through the NAT gateway', eni: d }));
  }
  const [own, through] = w.dom.split(rest, { dst: d.hostBlocks });
  if (own !== null) {
    w.hop(own, (pk) => ({ component: d.id, kind: 'network-interface', verdict: 'deliver', interface: { id: d.id, direction: 'ingress' }, detail: { step: 'deliver', why: `\`${d.id}\` holds ${formatIp(pk.dst)}` } }));
    // the destination host terminates the connection: it knows it when the reply passes it again
    w.end(own, { kind: 'delivered', iface: d }, w.reply ? st : { ...st, crossed: { host: d.host, next: st.crossed } });
  }
  if (through === null) return;
  // Routed through d (an appliance): the source/destination check drops what is not for it.
  // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html
  if (d.m.sourceDestCheck) {
    return w.fail(through, 'src-dst-check', d.id, (pk) => ({ component: d.id, kind: 'network-interface', why: `\`${d.id}\` has its source/destination check on and ${formatIp(pk.dst)} is not its address`, setting: 'sourceDestCheck', fix: `disable the source/destination check of \`${d.id}\``, eni: d, patches: (ps) => sourceDestCheckPatch(ps, d.id) }));
  }
  if (d.m.nat && !w.reply) {
    const { p: out, saved } = w.dom.rewrite(through, 'src', d.priv4);
    w.hop(out, (_pk, before) => ({ component: d.id, kind: 'network-interface', verdict: 'translate', interface: { id: d.id, direction: 'ingress' }, detail: { step: 'translate', why: 'the NAT instance replaces the source with its own address', from: formatIp(before.src), to: d.privText } }), through);
    return w.leave(d, out, { ...st, origin: d, nat: { iface: d.id, translated: d.priv4, saved, next: st.nat } });
  }
  // A stateful appliance (a firewall) keeps connection state: it forwards only the replies of
  // connections whose request it saw; a reply that comes back through another appliance (an
  // asymmetric route, or a transit gateway without appliance mode choosing another AZ) is dropped.
  // https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
  if (w.reply && d.m.stateful && !crossedBy(st, d.host)) {
    return w.fail(through, 'reply-denied', d.id, () => ({ component: d.id, kind: 'network-interface', why: `\`${d.host}\` is a stateful appliance that did not see the request: it drops the reply (asymmetric route)`, setting: 'return path', ...symmetricFix(w, d, st), eni: d }));
  }
  w.hop(through, () => ({ component: d.id, kind: 'network-interface', verdict: 'forward', interface: { id: d.id, direction: 'ingress' }, detail: { step: 'forward', why: `the appliance (source/destination check off) forwards the packet${d.m.stateful ? '' : ' (stateless: it keeps no connection state)'}` } }));
  // the packet now arrives from the appliance's interface: group references of the original
  // sender no longer match it (https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html)
  w.leave(d, through, { ...st, origin: undefined, crossed: w.reply ? st.crossed : { host: d.host, next: st.crossed } });
}

function crossedBy(st: FlowState, host: string): boolean {
  for (let c = st.crossed; c !== undefined; c = c.next) if (c.host === host) return true;
  return false;
}

/** What makes the reply come back through the appliance that saw the request. */
/**
 * The fix for a reply dropped by a stateful appliance that did not see the request. When the reply
 * came over a transit gateway into the appliance's VPC through an attachment without appliance
 * mode, turning it on (a patch `--what-if` applies) keeps both directions on one AZ's appliance.
 */
function symmetricFix<P>(w: Walk<P>, d: IfaceC, st: FlowState): { fix: string; patches?: (ps: PatchState) => ReturnType<typeof applianceModePatch> } {
  if (st.viaTgw) {
    for (const tgw of w.net.tgws.values()) {
      const att = tgw.attachmentByVpc.get(d.vpc.id);
      if (att && att.applianceMode !== true) return { fix: `turn on appliance mode on transit gateway attachment \`${att.id}\` (the transit gateway then keeps both directions of a flow on one AZ's appliance), or route the reply back through the appliance that saw the request`, patches: (ps) => applianceModePatch(ps, tgw.id, att.id) };
    }
  }
  return { fix: 'route the reply back through the appliance that saw the request (symmetric routes), or make the appliance stateless (`stateless: true`) if it keeps no connection state' };
}
