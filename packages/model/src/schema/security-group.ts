// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
import { z } from 'zod';
import { Cidr, Description, Id, Ports, Protocol, Tags } from './common.js';

/** One SG rule (allow only); its peer is exactly one of cidr, prefixList or securityGroup. */
export const SecurityGroupRule = z
  .strictObject({
    protocol: Protocol,
    ports: Ports.optional(),
    icmpType: z.number().int().min(-1).max(255).optional(),
    icmpCode: z.number().int().min(-1).max(255).optional(),
    cidr: Cidr.optional(),
    prefixList: Id.optional(),
    securityGroup: Id.optional().meta({ description: 'a referenced group, may be this group itself' }),
    description: z.string().optional(),
  })
  .superRefine((r, ctx) => {
    const n = (r.cidr ? 1 : 0) + (r.prefixList ? 1 : 0) + (r.securityGroup ? 1 : 0);
    if (n !== 1)
      ctx.addIssue({
        code: 'custom',
        message: n === 0 ? 'a rule needs one of `cidr`, `prefixList` or `securityGroup`' : 'a rule takes only one of `cidr`, `prefixList` or `securityGroup`',
      });
  });
export type SecurityGroupRule = z.infer<typeof SecurityGroupRule>;

/** A security group: stateful allow rules on an interface. */
export const SecurityGroup = z.strictObject({
  id: Id,
  vpc: Id,
  name: z.string().optional().meta({ description: 'the group name (AWS GroupName)' }),
  description: Description.optional(),
  default: z.boolean().optional(),
  inbound: z.array(SecurityGroupRule).optional(),
  outbound: z.array(SecurityGroupRule).optional().meta({ description: 'left out: all traffic to 0.0.0.0/0 and ::/0' }),
  tags: Tags.optional(),
});
export type SecurityGroup = z.infer<typeof SecurityGroup>;
