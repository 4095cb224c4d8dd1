// AWS Direct Connect: connections, Direct Connect gateways and their associations, virtual interfaces.
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/Welcome.html
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
// https://docs.aws.amazon.com/directconnect/latest/APIReference/API_VirtualInterface.html
// https://docs.aws.amazon.com/directconnect/latest/APIReference/API_Connection.html
import { z } from 'zod';
import { AccountId, Cidr, Id, Labels, Region } from './common.js';

/** Connection states (API_Connection.html). */
export const DirectConnectConnectionState = z.enum(['ordering', 'requested', 'pending', 'available', 'down', 'deleting', 'deleted', 'rejected', 'unknown']);
export type DirectConnectConnectionState = z.infer<typeof DirectConnectConnectionState>;

/** A dedicated or hosted connection at a Direct Connect location. */
export const DirectConnectConnection = z.strictObject({
  id: Id,
  location: z.string().optional().meta({ description: 'the Direct Connect location code, e.g. EqDC2' }),
  bandwidth: z.string().optional().meta({ description: 'e.g. 1Gbps, 10Gbps' }),
  status: DirectConnectConnectionState.optional().meta({ description: 'left out: available; only an available connection carries traffic' }),
  account: AccountId.optional(),
  region: Region.optional(),
  ...Labels,
});
export type DirectConnectConnection = z.infer<typeof DirectConnectConnection>;

/** An association of a Direct Connect gateway with a virtual private gateway or a transit gateway. */
export const DirectConnectGatewayAssociation = z
  .strictObject({
    id: Id.optional().meta({ description: 'the association id (imports)' }),
    vpnGateway: Id.optional(),
    transitGateway: Id.optional(),
    allowedPrefixes: z
      .array(Cidr)
      .optional()
      .meta({ description: "virtual private gateway: a filter on what is advertised (left out: the VPC's blocks); transit gateway: what on premises learns (required)" }),
  })
  .superRefine((a, ctx) => {
    if ((a.vpnGateway === undefined) === (a.transitGateway === undefined))
      ctx.addIssue({ code: 'custom', message: 'an association names exactly one of `vpnGateway` or `transitGateway`', params: { hint: 'write `{ vpnGateway: vgw-app }` or `{ transitGateway: tgw-hub, allowedPrefixes: [10.0.0.0/8] }`' } });
  });
export type DirectConnectGatewayAssociation = z.infer<typeof DirectConnectGatewayAssociation>;

/** A Direct Connect gateway: global; joins virtual interfaces to VGWs (private) or TGWs (transit). */
export const DirectConnectGateway = z.strictObject({
  id: Id,
  asn: z.number().int().optional().meta({ description: 'the Amazon side ASN: 64512-65534 or 4200000000-4294967294' }),
  associations: z.array(DirectConnectGatewayAssociation).optional(),
  account: AccountId.optional(),
  ...Labels,
});
export type DirectConnectGateway = z.infer<typeof DirectConnectGateway>;

/** Virtual interface states (API_VirtualInterface.html); `up` is accepted for `available`. */
export const VirtualInterfaceState = z.enum(['confirming', 'verifying', 'pending', 'available', 'up', 'down', 'testing', 'deleting', 'deleted', 'rejected', 'unknown']);
export type VirtualInterfaceState = z.infer<typeof VirtualInterfaceState>;

/** A virtual interface on a connection: private (to a VGW or a DX gateway), transit (to a DX gateway), public. */
export const VirtualInterface = z.strictObject({
  id: Id,
  type: z.enum(['private', 'transit', 'public']),
  connection: Id,
  dxGateway: Id.optional().meta({ description: 'private and transit: the Direct Connect gateway' }),
  vpnGateway: Id.optional().meta({ description: 'private: a virtual private gateway directly (instead of a Direct Connect gateway)' }),
  status: VirtualInterfaceState.optional().meta({ description: 'left out: available; only available (or `up`) carries traffic; `down`: BGP down' }),
  routeFilterPrefixes: z.array(Cidr).optional().meta({ description: "public: the customer's public prefixes AWS accepts" }),
  vlan: z.number().int().min(1).max(4094).optional(),
  asn: z.number().int().optional().meta({ description: "the customer side's BGP ASN" }),
  amazonAddress: Cidr.optional(),
  customerAddress: Cidr.optional(),
  account: AccountId.optional(),
  region: Region.optional(),
  ...Labels,
});
export type VirtualInterface = z.infer<typeof VirtualInterface>;

/** The `directConnect:` section. */
export const DirectConnect = z.strictObject({
  connections: z.array(DirectConnectConnection).optional(),
  gateways: z.array(DirectConnectGateway).optional(),
  virtualInterfaces: z.array(VirtualInterface).optional(),
});
export type DirectConnect = z.infer<typeof DirectConnect>;
