// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
import { z } from 'zod';
import { Id, Labels } from './common.js';

/**
 * A route: destination (an IPv4/IPv6 CIDR or a prefix-list id) and a target id, or
 * `blackhole`. `local` targets are implicit for the VPC blocks and may be written for
 * more-specific in-VPC routes (middlebox routing).
 */
export const Route = z.strictObject({
  destination: z.string().min(1).meta({ description: 'a CIDR block or a prefix-list id' }),
  target: Id.meta({ description: 'gateway, NAT gateway, interface, instance, peering, TGW, VGW, endpoint, local or blackhole' }),
  state: z.enum(['active', 'blackhole']).optional().meta({ description: 'blackhole: the target was deleted or detached (as AWS reports it); the route drops traffic' }),
});
export type Route = z.infer<typeof Route>;

/** A route table; exactly one per VPC is main (implicit when none is declared). A table named by
 * `internetGateways[].routeTable` or `vpnGateways[].routeTable` is a gateway route table. */
export const RouteTable = z.strictObject({
  id: Id,
  vpc: Id,
  main: z.boolean().optional(),
  routes: z.array(Route).optional(),
  propagatingGateways: z.array(Id).optional().meta({ description: 'VGWs whose routes propagate here' }),
  ...Labels,
});
export type RouteTable = z.infer<typeof RouteTable>;
