// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
import { z } from 'zod';
import { AccountId, Cidr4, Cidr6, Id, Labels, Region } from './common.js';

/** A VPC: an isolated network with one primary IPv4 block, optional secondary and IPv6 blocks. */
export const Vpc = z.strictObject({
  id: Id,
  account: AccountId.optional().meta({ description: 'owner account; defaults.account when left out' }),
  region: Region.optional().meta({ description: 'region; defaults.region when left out' }),
  cidr: Cidr4.meta({ description: 'primary IPv4 block, /16 to /28' }),
  secondaryCidrs: z.array(Cidr4).optional(),
  ipv6Cidr: Cidr6.optional().meta({ description: 'IPv6 block, /56' }),
  enableDnsSupport: z.boolean().optional(),
  enableDnsHostnames: z.boolean().optional(),
  ...Labels,
});
export type Vpc = z.infer<typeof Vpc>;
