// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-eni.html
import { z } from 'zod';
import { Description, Id, Ipv4, Ipv6, Labels } from './common.js';

const Stateless = z
  .boolean()
  .optional()
  .meta({ description: 'true: a plain router that keeps no connection state (an interface with the source/destination check off is stateful by default)' });

/** An elastic network interface in a subnet. */
export const NetworkInterface = z.strictObject({
  id: Id,
  subnet: Id,
  privateIp: Ipv4.meta({ description: 'primary private IPv4, not a reserved address' }),
  secondaryPrivateIps: z.array(Ipv4).optional(),
  publicIp: Ipv4.optional().meta({ description: 'auto-assigned public IPv4 or Elastic IP' }),
  ipv6Addresses: z.array(Ipv6).optional(),
  securityGroups: z.array(Id).optional().meta({ description: '1 to 5; none: the VPC default SG' }),
  sourceDestCheck: z.boolean().optional(),
  nat: z.boolean().optional().meta({ description: 'translates the source of forwarded traffic (NAT instance)' }),
  stateless: Stateless,
  description: Description.optional(),
  ...Labels,
});
export type NetworkInterface = z.infer<typeof NetworkInterface>;

/** An instance, with its primary interface inline (its id is `<instance id>/eth0`). */
export const Instance = z.strictObject({
  id: Id,
  subnet: Id,
  privateIp: Ipv4,
  secondaryPrivateIps: z.array(Ipv4).optional(),
  publicIp: Ipv4.optional(),
  ipv6Addresses: z.array(Ipv6).optional(),
  securityGroups: z.array(Id).optional(),
  networkInterfaces: z.array(Id).optional().meta({ description: 'extra interfaces, same AZ' }),
  primaryInterfaceId: Id.optional().meta({ description: "the AWS id of its primary interface (`eni-…`, as imports write it): a trace endpoint naming `<instance id>/eth0`" }),
  instanceProfile: z.string().optional().meta({ description: 'the IAM role its requests are made as' }),
  sourceDestCheck: z.boolean().optional(),
  nat: z.boolean().optional(),
  stateless: Stateless,
  ...Labels,
});
export type Instance = z.infer<typeof Instance>;
