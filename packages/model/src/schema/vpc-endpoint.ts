// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
// https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
import { z } from 'zod';
import { Cidr, Id, Ipv4, Labels } from './common.js';
import { PolicyDocument } from './policy.js';

/**
 * A VPC endpoint: gateway (s3, dynamodb; route-table based), interface (an ENI per subnet), or
 * gatewayLoadBalancer (an ENI in one subnet, a route target that sends traffic to a Gateway Load
 * Balancer named by `service`).
 * https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html
 */
export const VpcEndpoint = z.strictObject({
  id: Id,
  vpc: Id,
  type: z.enum(['gateway', 'interface', 'gatewayLoadBalancer']),
  service: z.string().min(1).meta({ description: 's3, dynamodb, a service name such as sqs, or (gatewayLoadBalancer) the id of a gateway load balancer' }),
  routeTables: z.array(Id).optional(),
  subnets: z.array(Id).optional(),
  securityGroups: z.array(Id).optional(),
  privateDns: z.boolean().optional(),
  policy: PolicyDocument.optional().meta({ description: 'endpoint policy; left out allows all' }),
  addresses: z.record(z.string(), Ipv4).optional().meta({ description: 'subnet id to the private IPv4 of the endpoint interface there (left out: chosen)' }),
  ...Labels,
});
export type VpcEndpoint = z.infer<typeof VpcEndpoint>;

/** A managed prefix list: a named set of CIDRs. */
export const PrefixList = z.strictObject({
  id: Id,
  name: z.string().optional(),
  cidrs: z.array(Cidr),
  region: z.string().optional(),
  tags: Labels.tags,
});
export type PrefixList = z.infer<typeof PrefixList>;
