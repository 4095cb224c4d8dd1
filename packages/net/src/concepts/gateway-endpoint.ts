// Gateway endpoint (S3, DynamoDB): a route target (a prefix-list route in the route tables it is
// associated with) that carries traffic from inside its VPC to the service; never from outside
// the VPC (peering, transit gateway, VPN).
// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
import { formatIp } from '@vpcsim/model';
import type { IfaceC, SubnetC } from '../compile-network.js';
import { misrouted, routeHop } from '../walk/failures.js';
import type { FlowState, Walk } from '../walk/types.js';
import type { RouteTarget } from './index.js';
import type { RouteC } from './route-table.js';

export const gatewayEndpoint: RouteTarget = {
  docs: ['https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html'],
  forward<P>(w: Walk<P>, s: SubnetC, _sender: IfaceC | undefined, r: RouteC, p: P, st: FlowState): void {
    const target = r.target;
    const e = w.net.model.index.vpcEndpoint.get(target)!;
    if (e.type !== 'gateway' || e.vpc !== s.vpc.id) return w.fail(p, 'blackhole', s.routeTable.id, misrouted(s, r, `\`${target}\` is not a gateway endpoint of \`${s.vpc.id}\``, `point the route at a gateway endpoint of \`${s.vpc.id}\``));
    routeHop(w, s, r, p);
    const [inside, outside] = w.dom.split(p, { src: s.vpc.blocks });
    if (outside !== null) w.fail(outside, 'not-transitive', e.id, (pk) => ({ component: e.id, kind: 'vpc-endpoint', why: `${formatIp(pk.src)} is not an address of \`${s.vpc.id}\`: a gateway endpoint serves only traffic from inside its VPC`, setting: 'transitive routing', fix: 'create an endpoint in the source VPC' }));
    if (inside === null) return;
    const out = w.nacl(inside, s, false);
    if (out === null) return;
    w.hop(out, () => ({ component: e.id, kind: 'vpc-endpoint', verdict: 'exit', detail: { step: 'forward', why: `the gateway endpoint carries the packet to ${e.service} in ${e.region}` } }));
    w.end(out, { kind: 'service', endpoint: e.id }, st);
  },
};
