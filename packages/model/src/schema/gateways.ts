// Internet, egress-only and NAT gateways.
// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
// https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
import { z } from 'zod';
import { Id, Ipv4, Labels } from './common.js';

/** An internet gateway; `vpc` left out means detached. */
export const InternetGateway = z.strictObject({
  id: Id,
  vpc: Id.optional(),
  routeTable: Id.optional().meta({ description: 'its gateway route table (edge association): decides traffic entering the VPC through it' }),
  ...Labels,
});
export type InternetGateway = z.infer<typeof InternetGateway>;

/** An egress-only internet gateway (IPv6, outbound-initiated). */
export const EgressOnlyInternetGateway = z.strictObject({ id: Id, vpc: Id, ...Labels });
export type EgressOnlyInternetGateway = z.infer<typeof EgressOnlyInternetGateway>;

/** A NAT gateway in a subnet. */
export const NatGateway = z.strictObject({
  id: Id,
  subnet: Id,
  publicIp: Ipv4.optional().meta({ description: 'its Elastic IP (public connectivity)' }),
  privateIp: Ipv4.optional().meta({ description: 'chosen from the subnet when left out' }),
  connectivity: z.enum(['public', 'private']).optional(),
  ...Labels,
});
export type NatGateway = z.infer<typeof NatGateway>;
