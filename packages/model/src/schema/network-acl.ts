// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
import { z } from 'zod';
import { Cidr, Id, Labels, Ports, Protocol } from './common.js';

/** One numbered NACL rule: the lowest matching number decides. */
export const NetworkAclRule = z.strictObject({
  rule: z.number().int().min(1).max(32766).meta({ description: 'rule number, 1 to 32766' }),
  protocol: Protocol,
  ports: Ports.optional().meta({ description: 'tcp/udp ports; all when left out' }),
  icmpType: z.number().int().min(-1).max(255).optional(),
  icmpCode: z.number().int().min(-1).max(255).optional(),
  cidr: Cidr,
  action: z.enum(['allow', 'deny']),
});
export type NetworkAclRule = z.infer<typeof NetworkAclRule>;

/** A network ACL: stateless, at the subnet boundary, numbered rules in each direction. */
export const NetworkAcl = z.strictObject({
  id: Id,
  vpc: Id,
  default: z.boolean().optional(),
  inbound: z.array(NetworkAclRule).optional(),
  outbound: z.array(NetworkAclRule).optional(),
  ...Labels,
});
export type NetworkAcl = z.infer<typeof NetworkAcl>;
