// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
// https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
import { z } from 'zod';
import { Cidr, Id, Tags } from './common.js';
import { PolicyDocument } from './policy.js';

/** A VPC endpoint: gateway (s3, dynamodb; route-table based) or interface (ENIs per subnet). */
export const VpcEndpoint = z.strictObject({
  id: Id,
  vpc: Id,
  type: z.enum(['gateway', 'interface']),
  service: z.string().min(1).meta({ description: 's3, dynamodb, or a service name such as sqs' }),
  routeTables: z.array(Id).optional(),
  subnets: z.array(Id).optional(),
  securityGroups: z.array(Id).optional(),
  privateDns: z.boolean().optional(),
  policy: PolicyDocument.optional().meta({ description: 'endpoint policy; left out allows all' }),
  tags: Tags.optional(),
});
export type VpcEndpoint = z.infer<typeof VpcEndpoint>;

/** A managed prefix list: a named set of CIDRs. */
export const PrefixList = z.strictObject({
  id: Id,
  name: z.string().optional(),
  cidrs: z.array(Cidr),
  region: z.string().optional(),
  tags: Tags.optional(),
});
export type PrefixList = z.infer<typeof PrefixList>;
