// https://docs.aws.amazon.com/vpn/latest/s2svpn/VPC_VPN.html
import { z } from 'zod';
import { AmazonAsn, Cidr, CustomerAsn, Id, Ipv4, Tags } from './common.js';

/** A virtual private gateway attached to one VPC. */
export const VpnGateway = z.strictObject({ id: Id, vpc: Id.optional(), asn: AmazonAsn.optional(), tags: Tags.optional() });
export type VpnGateway = z.infer<typeof VpnGateway>;

/** A customer gateway: the on-premises end of a VPN. */
export const CustomerGateway = z.strictObject({ id: Id, ip: Ipv4, asn: CustomerAsn.optional(), tags: Tags.optional() });
export type CustomerGateway = z.infer<typeof CustomerGateway>;

/** One IPsec tunnel of a VPN connection. */
export const VpnTunnel = z.strictObject({ outsideIp: Ipv4.optional(), status: z.enum(['up', 'down']) });
export type VpnTunnel = z.infer<typeof VpnTunnel>;

/** A site-to-site VPN connection to a VGW or a TGW. */
export const VpnConnection = z
  .strictObject({
    id: Id,
    customerGateway: Id,
    vpnGateway: Id.optional(),
    transitGateway: Id.optional(),
    routing: z.enum(['static', 'bgp']).optional(),
    staticRoutes: z.array(Cidr).optional(),
    tunnels: z.array(VpnTunnel).optional().meta({ description: 'two tunnels, both up, when left out' }),
    tags: Tags.optional(),
  })
  .superRefine((v, ctx) => {
    if (!v.vpnGateway === !v.transitGateway)
      ctx.addIssue({ code: 'custom', message: 'a VPN connection ends at exactly one of `vpnGateway` or `transitGateway`' });
  });
export type VpnConnection = z.infer<typeof VpnConnection>;

/**
 * CIDR blocks one external network may list. Its blocks are the routes it advertises over BGP,
 * and a transit gateway holds at most 10,000 routes in all (a virtual private gateway takes far
 * fewer): https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html
 */
export const MAX_EXTERNAL_CIDRS = 10_000;

/** A network outside AWS (an office, a partner), reached through a customer gateway. */
export const ExternalNetwork = z.strictObject({
  id: Id,
  cidrs: z.array(Cidr).min(1).max(MAX_EXTERNAL_CIDRS),
  via: Id.optional().meta({ description: 'the customer gateway it reaches AWS through (its VPN connections), or one VPN connection (vpcsim extension)' }),
  description: z.string().optional(),
});
export type ExternalNetwork = z.infer<typeof ExternalNetwork>;
