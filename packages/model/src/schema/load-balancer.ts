// Elastic Load Balancing: application, network, gateway (elbv2) and classic load balancers.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/gateway-load-balancers.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-listener-config.html
import { z } from 'zod';
import { Description, Id, Ipv4, Ipv6, Labels, Port } from './common.js';

/** The four kinds of load balancer. */
export const LoadBalancerType = z.enum(['application', 'network', 'classic', 'gateway']);
export type LoadBalancerType = z.infer<typeof LoadBalancerType>;

/** Listener protocols, as AWS spells them (which apply depends on the type). */
export const ListenerProtocol = z
  .enum(['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'SSL', 'GENEVE'])
  .meta({ description: 'application: HTTP, HTTPS; network: TCP, TLS, UDP, TCP_UDP; classic: TCP, SSL, HTTP, HTTPS; gateway: GENEVE' });
export type ListenerProtocol = z.infer<typeof ListenerProtocol>;

/** A health check: protocol, port (`traffic-port`: the target's own port) and HTTP path. */
export const HealthCheck = z.strictObject({
  protocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'SSL']).optional().meta({ description: "left out: the target group's protocol (TCP for TCP, TLS, UDP, TCP_UDP and GENEVE groups); classic: TCP" }),
  port: z
    .union([z.literal('traffic-port'), Port])
    .optional()
    .meta({ description: "`traffic-port` (each target's port; the default) or a port number; classic: the default is 80" }),
  path: z.string().optional().meta({ description: 'HTTP(S) checks: the path requested (not used by the tracer)' }),
});
export type HealthCheck = z.infer<typeof HealthCheck>;

/** One listener: a protocol and port the load balancer accepts, and where it sends connections. */
export const Listener = z.strictObject({
  protocol: ListenerProtocol.optional().meta({ description: 'required except on a gateway load balancer (GENEVE)' }),
  port: Port.optional().meta({ description: 'required except on a gateway load balancer (6081)' }),
  targetGroup: Id.optional().meta({ description: 'application, network, gateway: the target group of the default action' }),
  instancePort: Port.optional().meta({ description: 'classic: the port on the instances (left out: the listener port)' }),
  instanceProtocol: z.enum(['HTTP', 'HTTPS', 'TCP', 'SSL']).optional().meta({ description: 'classic: the protocol to the instances' }),
  instances: z.array(Id).optional().meta({ description: "classic: the instances behind this listener (left out: the load balancer's `instances`)" }),
});
export type Listener = z.infer<typeof Listener>;

/** A load balancer node's addresses in one of its subnets (imports give the real ones). */
export const LoadBalancerNode = z.strictObject({
  subnet: Id,
  privateIp: Ipv4.optional().meta({ description: 'left out: chosen from the subnet' }),
  publicIp: Ipv4.optional().meta({ description: 'internet-facing only' }),
  ipv6Address: Ipv6.optional().meta({ description: 'dualstack only' }),
});
export type LoadBalancerNode = z.infer<typeof LoadBalancerNode>;

/** A load balancer: one node per subnet (per availability zone), listeners, security groups. */
export const LoadBalancer = z.strictObject({
  id: Id,
  type: LoadBalancerType,
  scheme: z.enum(['internet-facing', 'internal']).optional().meta({ description: 'left out: internet-facing (not for gateway load balancers)' }),
  subnets: z.array(Id).min(1).meta({ description: 'one node per subnet, at most one subnet per availability zone' }),
  securityGroups: z
    .array(Id)
    .optional()
    .meta({ description: "application: required; network: optional (none: no security group check); classic: none = the VPC's default group; gateway: none" }),
  crossZone: z.boolean().optional().meta({ description: 'left out: on for application, off for network, gateway and classic' }),
  ipAddressType: z.enum(['ipv4', 'dualstack']).optional(),
  nodes: z.array(LoadBalancerNode).optional().meta({ description: 'real node addresses; nodes left out get addresses chosen from their subnets' }),
  listeners: z.array(Listener).optional(),
  instances: z.array(Id).optional().meta({ description: 'classic: the registered instances (every listener, unless a listener lists its own)' }),
  healthCheck: HealthCheck.optional().meta({ description: 'classic: the health check (left out: TCP:80)' }),
  description: Description.optional(),
  ...Labels,
});
export type LoadBalancer = z.infer<typeof LoadBalancer>;
