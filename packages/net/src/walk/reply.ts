// Where the reply to a flow starts: from the interface the request was delivered to, back
// through the gateway endpoint that carried it to the service, from the external network or
// from the internet. Security groups admit it (stateful); network ACLs evaluate it again.
import type { IfaceC } from '../compile-network.js';
import type { End, FlowState, Walk } from './types.js';

/** The flow state a reply starts with: the request's NAT sessions and appliance-mode pins. */
export function replyState(request: FlowState): FlowState {
  return { origin: undefined, started: false, viaTgw: false, count: 0, nat: request.nat, pins: request.pins, crossed: request.crossed };
}

/** Walks the reply `r` to a request that ended at `end`, sent by `source` (an interface, or none). */
export function startReply<P>(w: Walk<P>, end: End, r: P, s: FlowState, source: IfaceC | undefined): void {
  switch (end.kind) {
    case 'delivered':
      return w.leave(end.iface, r, s);
    case 'external': {
      const n = w.net.externalById.get(end.network)!;
      return w.external(n, r, s);
    }
    case 'internet':
      return w.internet(r, s);
    case 'load-balancer':
      // the node that took the connection answers the client (the load balancer tracks it)
      return w.leave(end.node, r, s);
    case 'service': {
      // the service answers the address it saw (a NAT gateway's, when the request came through
      // one) through the gateway endpoint, into the endpoint's VPC: that address's subnet's
      // inbound rules, then its interface (stateful groups; a NAT restores the destination)
      const e = w.net.model.index.vpcEndpoint.get(end.endpoint);
      const vpc = e === undefined ? undefined : w.net.vpcs.get(e.vpc);
      if (!vpc) return w.fail(r, 'reply-denied', null, () => ({ component: end.endpoint, kind: 'vpc-endpoint', why: 'the endpoint is gone', setting: 'endpoint' }));
      w.hop(r, () => ({ component: end.endpoint, kind: 'vpc-endpoint', verdict: 'forward', detail: { step: 'forward', why: 'the service replies through the gateway endpoint' } }));
      for (const [d, part] of w.dom.partition(r, 'dst', vpc.owners)) {
        if (d === undefined) {
          w.fail(part, 'reply-denied', null, () => ({ component: end.endpoint, kind: 'vpc-endpoint', why: 'no interface of the VPC holds the address the service answers', setting: 'return path' }));
          continue;
        }
        const admitted = w.nacl(part, d.subnet, true);
        if (admitted !== null) w.arrive(d, admitted, s);
      }
      return;
    }
  }
}
