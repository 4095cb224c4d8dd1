// https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
import { z } from 'zod';
import { AccountId, AmazonAsn, Cidr, Description, Id, Labels, Region, Tags } from './common.js';

/** A static TGW route: to an attachment, or a blackhole. */
export const TransitGatewayRoute = z
  .strictObject({
    destination: Cidr,
    attachment: Id.optional(),
    blackhole: z.boolean().optional(),
  })
  .superRefine((r, ctx) => {
    if (!r.attachment && !r.blackhole)
      ctx.addIssue({ code: 'custom', message: 'a transit gateway route needs `attachment` or `blackhole: true`' });
    if (r.attachment && r.blackhole)
      ctx.addIssue({ code: 'custom', message: 'a transit gateway route takes `attachment` or `blackhole`, not both' });
  });
export type TransitGatewayRoute = z.infer<typeof TransitGatewayRoute>;

/** A TGW route table with its associations and propagations. */
export const TransitGatewayRouteTable = z.strictObject({
  id: Id,
  routes: z.array(TransitGatewayRoute).optional(),
  associations: z.array(Id).optional(),
  propagations: z.array(Id).optional(),
  ...Labels,
});
export type TransitGatewayRouteTable = z.infer<typeof TransitGatewayRouteTable>;

/** A TGW attachment: a VPC (with one subnet per AZ), a VPN connection, a peer TGW, or a Direct Connect gateway. */
export const TransitGatewayAttachment = z
  .strictObject({
    id: Id,
    vpc: Id.optional(),
    subnets: z.array(Id).optional(),
    vpnConnection: Id.optional(),
    peerTransitGateway: Id.optional(),
    dxGateway: Id.optional().meta({ description: 'a Direct Connect gateway associated with this transit gateway' }),
    applianceMode: z.boolean().optional(),
    ...Labels,
  })
  .superRefine((a, ctx) => {
    const n = (a.vpc ? 1 : 0) + (a.vpnConnection ? 1 : 0) + (a.peerTransitGateway ? 1 : 0) + (a.dxGateway ? 1 : 0);
    if (n !== 1)
      ctx.addIssue({ code: 'custom', message: 'an attachment names exactly one of `vpc`, `vpnConnection`, `peerTransitGateway` or `dxGateway`' });
  });
export type TransitGatewayAttachment = z.infer<typeof TransitGatewayAttachment>;

/** A transit gateway: a regional router joining attachments through its route tables. */
export const TransitGateway = z.strictObject({
  id: Id,
  account: AccountId.optional(),
  region: Region.optional(),
  asn: AmazonAsn.optional(),
  routeTables: z.array(TransitGatewayRouteTable).optional(),
  attachments: z.array(TransitGatewayAttachment).optional(),
  description: Description.optional(),
  ...Labels,
});
export type TransitGateway = z.infer<typeof TransitGateway>;
