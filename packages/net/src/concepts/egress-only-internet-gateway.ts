// Egress-only internet gateway: a route target of its VPC for IPv6 only; it carries connections
// started inside the VPC out to the internet and admits only their replies (the internet side
// is in internet-gateway.ts: an IPv6 destination in a VPC without an internet gateway).
// https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
import type { IfaceC, SubnetC } from '../compile-network.js';
import { misrouted, routeHop } from '../walk/failures.js';
import type { FlowState, Walk } from '../walk/types.js';
import type { RouteTarget } from './index.js';
import type { RouteC } from './route-table.js';

export const egressOnlyInternetGateway: RouteTarget = {
  docs: ['https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html'],
  forward<P>(w: Walk<P>, s: SubnetC, _sender: IfaceC | undefined, r: RouteC, p: P, st: FlowState): void {
    const target = r.target;
    const v6 = w.dom.family(p) === 6;
    if (s.vpc.eigw !== target || !v6) {
      return w.fail(p, 'blackhole', s.routeTable.id, misrouted(s, r, !v6 ? 'an egress-only internet gateway carries IPv6 only' : `\`${target}\` is not attached to \`${s.vpc.id}\``, 'route IPv4 through an internet or NAT gateway'));
    }
    routeHop(w, s, r, p);
    const out = w.nacl(p, s, false);
    if (out === null) return;
    w.hop(out, () => ({ component: target, kind: 'egress-only-internet-gateway', verdict: 'forward', detail: { step: 'forward', why: 'the egress-only internet gateway forwards IPv6 started inside the VPC' } }));
    w.internet(out, st);
  },
};
