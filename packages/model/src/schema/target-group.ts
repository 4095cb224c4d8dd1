// Target groups of application, network and gateway load balancers.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-target-groups.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/target-groups.html
import { z } from 'zod';
import { Id, Ipv4, Ipv6, Labels, Port } from './common.js';
import { HealthCheck } from './load-balancer.js';

/** Target group protocols: HTTP/HTTPS (application), TCP/TLS/UDP/TCP_UDP (network), GENEVE (gateway). */
export const TargetGroupProtocol = z.enum(['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE']);
export type TargetGroupProtocol = z.infer<typeof TargetGroupProtocol>;

/** Target health states as `describe-target-health` reports them. */
export const TargetHealthState = z.enum(['initial', 'healthy', 'unhealthy', 'unhealthy.draining', 'unused', 'draining', 'unavailable']);
export type TargetHealthState = z.infer<typeof TargetHealthState>;

/** A registered target: an instance or load balancer (`id`), or an address (`ip`). */
export const Target = z
  .strictObject({
    id: Id.optional().meta({ description: 'instance targets: an instance id; alb targets: an application load balancer id' }),
    ip: z.union([Ipv4, Ipv6]).optional().meta({ description: 'ip targets: an address in the VPC, or a private address outside it (on premises, a peered VPC)' }),
    port: Port.optional().meta({ description: "left out: the target group's port" }),
    availabilityZone: z.string().optional().meta({ description: 'ip targets: `all` for an address outside the VPC (the default there)' }),
    health: TargetHealthState.optional().meta({ description: 'as imported; `unhealthy` makes the target unhealthy whatever the health check finds' }),
  })
  .superRefine((t, ctx) => {
    if ((t.id === undefined) === (t.ip === undefined))
      ctx.addIssue({ code: 'custom', message: 'a target has exactly one of `id` (an instance or load balancer) or `ip` (an address)', params: { hint: 'write `{ id: i-web-1 }` or `{ ip: 10.16.0.5 }`' } });
  });
export type Target = z.infer<typeof Target>;

/** A target group: where a listener sends connections, with the health check that picks targets. */
export const TargetGroup = z.strictObject({
  id: Id,
  vpc: Id,
  targetType: z.enum(['instance', 'ip', 'alb']).optional().meta({ description: 'left out: instance' }),
  protocol: TargetGroupProtocol,
  port: Port.optional().meta({ description: 'the default port of its targets (GENEVE: 6081)' }),
  crossZone: z.boolean().optional().meta({ description: "application and network groups: overrides the load balancer's cross-zone setting" }),
  preserveClientIp: z
    .boolean()
    .optional()
    .meta({ description: 'network groups: targets see the client address. Left out: on for instance and alb targets and for UDP and TCP_UDP; off for ip targets with TCP or TLS' }),
  healthCheck: HealthCheck.optional(),
  targets: z.array(Target).optional(),
  ...Labels,
});
export type TargetGroup = z.infer<typeof TargetGroup>;
