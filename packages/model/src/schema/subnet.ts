// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
import { z } from 'zod';
import { Cidr4, Cidr6, Id, Labels } from './common.js';

/** A subnet: one AZ, a block inside its VPC, one route table and one network ACL. */
export const Subnet = z.strictObject({
  id: Id,
  vpc: Id,
  availabilityZone: z.string().min(1).meta({ description: 'e.g. us-east-1a' }),
  cidr: Cidr4.meta({ description: 'IPv4 block inside the VPC, /16 to /28' }),
  ipv6Cidr: Cidr6.optional().meta({ description: 'IPv6 /64 inside the VPC /56' }),
  routeTable: Id.optional().meta({ description: 'without it, the VPC main route table' }),
  networkAcl: Id.optional().meta({ description: 'without it, the VPC default network ACL' }),
  mapPublicIpOnLaunch: z.boolean().optional(),
  ...Labels,
});
export type Subnet = z.infer<typeof Subnet>;
