// https://docs.aws.amazon.com/vpn/latest/s2svpn/VPC_VPN.html
import { z } from 'zod';
import { AmazonAsn, Cidr, CustomerAsn, Description, Id, Ipv4, Labels } from './common.js';

/** A virtual private gateway attached to one VPC. */
export const VpnGateway = z.strictObject({
  id: Id,
  vpc: Id.optional(),
  asn: AmazonAsn.optional(),
  routeTable: Id.optional().meta({ description: 'its gateway route table (edge association): decides traffic entering the VPC through it' }),
  ...Labels,
});
export type VpnGateway = z.infer<typeof VpnGateway>;

/** A customer gateway: the on-premises end of a VPN. */
export const CustomerGateway = z.strictObject({ id: Id, ip: Ipv4, asn: CustomerAsn.optional(), ...Labels });
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
    transport: Id.optional().meta({ description: 'a public Direct Connect virtual interface the tunnels run over (left out: the internet)' }),
    ...Labels,
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

/**
 * A network outside AWS (an office, a partner), reached through a customer gateway, a VPN
 * connection or a Direct Connect virtual interface; a list is primary first, then backups.
 */
export const ExternalNetwork = z.strictObject({
  id: Id,
  cidrs: z.array(Cidr).min(1).max(MAX_EXTERNAL_CIDRS),
  via: z
    .union([Id, z.array(Id).min(1)])
    .optional()
    .meta({ description: 'a customer gateway (its VPN connections), a VPN connection or a Direct Connect virtual interface; or a list of them: the first that is up carries traffic toward AWS' }),
  description: Description.optional(),
  ...Labels,
});
export type ExternalNetwork = z.infer<typeof ExternalNetwork>;
