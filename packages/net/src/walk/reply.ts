// Where the reply to a flow starts: from the interface the request was delivered to, back
// through the gateway endpoint that carried it to the service, from the external network or
// from the internet. Security groups admit it (stateful); network ACLs evaluate it again.
import type { IfaceC } from '../compile-network.js';
import type { End, FlowState, Walk } from './types.js';

/** The flow state a reply starts with: the request's NAT sessions and appliance-mode pins. */
export function replyState(request: FlowState): FlowState {
  return { origin: undefined, started: false, viaTgw: false, count: 0, nat: request.nat, pins: request.pins };
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
    case 'service': {
      // the reply comes back through the gateway endpoint into the source subnet
      if (!source) return w.fail(r, 'reply-denied', null, () => ({ component: end.endpoint, kind: 'vpc-endpoint', why: 'the service replies only to a sender inside the VPC', setting: 'source' }));
      w.hop(r, () => ({ component: end.endpoint, kind: 'vpc-endpoint', verdict: 'forward', detail: { step: 'forward', why: 'the service replies through the gateway endpoint' } }));
      const admitted = w.nacl(r, source.subnet, true);
      if (admitted === null) return;
      w.hop(admitted, () => ({ component: source.id, kind: 'network-interface', verdict: 'deliver', interface: { id: source.id, direction: 'ingress' }, detail: { step: 'deliver', why: 'the reply reaches the source' } }));
      return w.end(admitted, { kind: 'delivered', iface: source }, s);
    }
  }
}
