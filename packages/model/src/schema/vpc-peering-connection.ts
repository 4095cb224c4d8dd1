// https://docs.aws.amazon.com/vpc/latest/peering/what-is-vpc-peering.html
import { z } from 'zod';
import { Id, Labels } from './common.js';

/** A peering connection between exactly two VPCs. */
export const VpcPeeringConnection = z.strictObject({
  id: Id,
  requester: Id,
  accepter: Id,
  status: z.enum(['active', 'pending-acceptance', 'rejected', 'deleted', 'failed', 'expired', 'provisioning']).optional(),
  ...Labels,
});
export type VpcPeeringConnection = z.infer<typeof VpcPeeringConnection>;
