// The scenario file, version 1 (docs/scenario-format.md).
import { z } from 'zod';
import { AccountId, Region } from './common.js';
import { Expectation, Property } from './expect.js';
import { EgressOnlyInternetGateway, InternetGateway, NatGateway } from './gateways.js';
import { Iam } from './iam.js';
import { Instance, NetworkInterface } from './network-interface.js';
import { NetworkAcl } from './network-acl.js';
import { Account, Organization } from './organization.js';
import { Resource } from './resource.js';
import { RouteTable } from './route-table.js';
import { SecurityGroup } from './security-group.js';
import { Subnet } from './subnet.js';
import { TransitGateway } from './transit-gateway.js';
import { Vpc } from './vpc.js';
import { PrefixList, VpcEndpoint } from './vpc-endpoint.js';
import { VpcPeeringConnection } from './vpc-peering-connection.js';
import { CustomerGateway, ExternalNetwork, VpnConnection, VpnGateway } from './vpn.js';
import { LoadBalancer } from './load-balancer.js';
import { TargetGroup } from './target-group.js';
import { DirectConnect } from './direct-connect.js';

/** Defaults for `account` and `region` wherever they are left out. */
export const Defaults = z.strictObject({ account: AccountId.optional(), region: Region.optional() });
export type Defaults = z.infer<typeof Defaults>;

/** A whole scenario file. */
export const Scenario = z.strictObject({
  version: z.literal(1, { message: 'the only format version is `1`' }),
  name: z.string().optional(),
  description: z.string().optional(),
  defaults: Defaults.optional(),
  vpcs: z.array(Vpc).optional(),
  subnets: z.array(Subnet).optional(),
  routeTables: z.array(RouteTable).optional(),
  networkAcls: z.array(NetworkAcl).optional(),
  securityGroups: z.array(SecurityGroup).optional(),
  networkInterfaces: z.array(NetworkInterface).optional(),
  instances: z.array(Instance).optional(),
  internetGateways: z.array(InternetGateway).optional(),
  egressOnlyInternetGateways: z.array(EgressOnlyInternetGateway).optional(),
  natGateways: z.array(NatGateway).optional(),
  vpcPeeringConnections: z.array(VpcPeeringConnection).optional(),
  vpcEndpoints: z.array(VpcEndpoint).optional(),
  prefixLists: z.array(PrefixList).optional(),
  transitGateways: z.array(TransitGateway).optional(),
  vpnGateways: z.array(VpnGateway).optional(),
  customerGateways: z.array(CustomerGateway).optional(),
  vpnConnections: z.array(VpnConnection).optional(),
  externalNetworks: z.array(ExternalNetwork).optional(),
  loadBalancers: z.array(LoadBalancer).optional(),
  targetGroups: z.array(TargetGroup).optional(),
  directConnect: DirectConnect.optional(),
  accounts: z.array(Account).optional(),
  organization: Organization.optional(),
  iam: Iam.optional(),
  resources: z.array(Resource).optional(),
  expect: z.array(Expectation).optional(),
  properties: z.array(Property).optional(),
});
export type Scenario = z.infer<typeof Scenario>;
