// Gateway Load Balancer endpoints: a route target (in a subnet's route table, or in a gateway
// route table for traffic entering through an internet or virtual private gateway) that hands
// the packet to a gateway load balancer, which sends it to one of its appliances in GENEVE (UDP
// 6081, the original packet inside, unchanged); the appliance returns it through the same
// endpoint, and the endpoint subnet's route table carries it on. The appliances' security groups
// and network ACLs must let the GENEVE exchange through (UDP 6081 from the gateway load
// balancer); the appliance is chosen per flow among the healthy ones of the node's zone (flow
// stickiness), and a gateway load balancer does not fail open. vpcsim does not model what an
// appliance's own software drops: what reaches an appliance comes back.
// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/gateway-load-balancers.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/target-groups.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/target-group-register-targets.html
// https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
import type { ModelGatewayLoadBalancerEndpoint } from '@vpcsim/model';
import type { IfaceC, SubnetC } from '../compile-network.js';
import { geneveLeg } from '../walk/lb-trace.js';
import { misrouted, routeHop } from '../walk/failures.js';
import type { FlowState, Walk } from '../walk/types.js';
import type { RouteTarget } from './index.js';
import { targetPlans } from './load-balancer.js';
import { crossSubnets } from './network-acl.js';
import type { RouteC } from './route-table.js';

const GWLBE_DOCS = 'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html';

/** A Gateway Load Balancer endpoint as a route target of its VPC's subnets. */
export const gatewayLoadBalancerEndpoint: RouteTarget = {
  docs: [GWLBE_DOCS, 'https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/gateway-load-balancers.html', 'https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/target-group-register-targets.html'],
  forward<P>(w: Walk<P>, s: SubnetC, _sender: IfaceC | undefined, r: RouteC, p: P, st: FlowState): void {
    const e = w.net.model.index.gatewayLoadBalancerEndpoint.get(r.target);
    const es = e === undefined ? undefined : w.net.subnets.get(e.subnet);
    if (!e || !es || e.vpc !== s.vpc.id) return w.fail(p, 'blackhole', s.routeTable.id, misrouted(s, r, `\`${r.target}\` is not a Gateway Load Balancer endpoint of \`${s.vpc.id}\``, 'route to a Gateway Load Balancer endpoint of this VPC'));
    routeHop(w, s, r, p);
    // the endpoint is an interface of its own subnet: leaving this subnet for it crosses both ACLs
    const inside = crossSubnets(w, s, es, p);
    if (inside !== null) inspect(w, e, es, inside, st);
  },
};

/** Traffic a gateway route table sends to a Gateway Load Balancer endpoint: into the endpoint's subnet, then inspected. */
export function gatewayIngressToEndpoint<P>(w: Walk<P>, id: string, p: P, st: FlowState): void {
  const e = w.net.model.index.gatewayLoadBalancerEndpoint.get(id);
  const es = e === undefined ? undefined : w.net.subnets.get(e.subnet);
  if (!e || !es) return w.fail(p, 'blackhole', id, () => ({ component: id, kind: 'gateway-load-balancer-endpoint', why: `\`${id}\` is not a Gateway Load Balancer endpoint`, setting: 'route target', fix: 'route to a Gateway Load Balancer endpoint' }));
  const admitted = w.nacl(p, es, true);
  if (admitted !== null) inspect(w, e, es, admitted, st);
}

/**
 * The endpoint hands the packet to its gateway load balancer's node in the endpoint's zone,
 * which sends it to an appliance and back; then the endpoint subnet's route table decides.
 */
function inspect<P>(w: Walk<P>, e: ModelGatewayLoadBalancerEndpoint, es: SubnetC, p: P, st: FlowState): void {
  const lb = w.net.lbs.get(e.loadBalancer);
  if (!lb || lb.m.type !== 'gateway') return w.fail(p, 'blackhole', e.id, () => ({ component: e.id, kind: 'gateway-load-balancer-endpoint', why: `\`${e.loadBalancer}\` is not a gateway load balancer`, setting: 'service', fix: 'point the endpoint at a gateway load balancer' }));
  const node = lb.nodes.find((n) => n.subnet.az === e.availabilityZone);
  if (!node) {
    return w.fail(p, 'blackhole', e.id, () => ({ component: e.id, kind: 'gateway-load-balancer-endpoint', why: `\`${lb.id}\` has no node in ${e.availabilityZone}, the zone of endpoint \`${e.id}\``, setting: 'availability zone', fix: `add a subnet of ${e.availabilityZone} to \`${lb.id}\`` }));
  }
  if (lb.listeners.length === 0) return w.fail(p, 'no-listener', lb.id, () => ({ component: lb.id, kind: 'load-balancer', why: `gateway load balancer \`${lb.id}\` has no listener`, setting: 'listeners', fix: `add a listener with a target group of appliances to \`${lb.id}\`` }));
  const plans = targetPlans(w.net, node, 0);
  const plan = plans.find((x) => x.sent);
  if (!plan) {
    const first = plans[0];
    if (!first) return w.fail(p, 'no-target', lb.listeners[0]!.group ?? lb.id, () => ({ component: lb.listeners[0]!.group ?? lb.id, kind: 'target-group', why: `gateway load balancer \`${lb.id}\` has no appliance registered`, setting: 'targets', fix: 'register the appliances in its target group' }));
    const ns = first.notSent!;
    return w.fail(p, ns.disposition, ns.blockedBy, () => ({ component: lb.id, kind: 'load-balancer', why: `${ns.why} (a gateway load balancer does not fail open: with no healthy appliance it drops the traffic)`, setting: ns.setting, fix: ns.fix, patches: ns.patches }));
  }
  w.hop(p, () => ({ component: e.id, kind: 'gateway-load-balancer-endpoint', verdict: 'forward', detail: { step: 'forward', why: `Gateway Load Balancer endpoint \`${e.id}\` hands the packet to \`${lb.id}\` (node \`${node.id}\`), which sends it to appliance \`${plan.target.id}\` in GENEVE (UDP 6081), the original packet inside` } }));
  const g = geneveLeg(w.net, plan);
  for (const h of g.hops) w.hop(p, () => h);
  if (!g.ok) {
    return w.fail(p, g.disposition, g.blockedBy, () => ({ component: g.blockedBy ?? lb.id, kind: 'gateway-load-balancer', why: `the GENEVE exchange between \`${node.id}\` and appliance \`${plan.target.id}\` does not get through (${g.disposition})`, setting: g.setting, fix: g.fix, patches: g.patches }));
  }
  w.hop(p, () => ({ component: e.id, kind: 'gateway-load-balancer-endpoint', verdict: 'forward', detail: { step: 'forward', why: `appliance \`${plan.target.id}\` returns the packet unchanged through \`${lb.id}\` to endpoint \`${e.id}\`; the route table of \`${es.id}\` carries it on` } }));
  w.route(es, undefined, p, st);
}
