// The AWS concepts a route can point at, each in its own file with its step (run by both the
// tracer and the symbolic engine: walk/types.ts) and the AWS pages it follows. A route target
// kind missing here is `not-implemented`, never a silent success. Adding a concept: a file with
// its `RouteTarget`, and a line here.
import type { IfaceC, SubnetC } from '../compile-network.js';
import type { FlowState, Walk } from '../walk/types.js';
import { egressOnlyInternetGateway } from './egress-only-internet-gateway.js';
import { gatewayEndpoint } from './gateway-endpoint.js';
import { gatewayLoadBalancerEndpoint } from './gateway-load-balancer.js';
import { internetGateway } from './internet-gateway.js';
import { natGateway } from './nat-gateway.js';
import { networkInterfaceTarget } from './network-interface.js';
import type { RouteC } from './route-table.js';
import { transitGatewayTarget } from './transit-gateway.js';
import { vpcPeeringConnection } from './vpc-peering-connection.js';
import { vpnGateway } from './vpn.js';

/** A concept a route can send packets to. */
export interface RouteTarget {
  /** The AWS pages the step follows (the reference tracer cites them too: test/concepts.test.ts). */
  readonly docs: readonly string[];
  /** Carries p, routed by `r` in subnet `from`'s route table (sent by `sender`, when an interface sent it). */
  forward<P>(w: Walk<P>, from: SubnetC, sender: IfaceC | undefined, r: RouteC, p: P, s: FlowState): void;
}

/** Route target kinds (the model's component kinds) to their concepts. */
export const ROUTE_TARGETS = {
  'internet-gateway': internetGateway,
  'egress-only-internet-gateway': egressOnlyInternetGateway,
  'nat-gateway': natGateway,
  'vpc-peering-connection': vpcPeeringConnection,
  instance: networkInterfaceTarget,
  'network-interface': networkInterfaceTarget,
  'transit-gateway': transitGatewayTarget,
  'vpn-gateway': vpnGateway,
  'vpc-endpoint': gatewayEndpoint,
  'gateway-load-balancer-endpoint': gatewayLoadBalancerEndpoint,
} as const satisfies Record<string, RouteTarget>;
