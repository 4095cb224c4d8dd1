// The Model: a validated scenario, normalized so the engines never deal with defaults or
// implicit resources. Built once by `compile` (see compile.ts); read-only afterwards.
//
// Normalization (docs/scenario-format.md):
// - `account`/`region` filled from `defaults` (fallback 111111111111 / us-east-1);
// - each VPC without a declared main route table gets `<vpc>/main-rtb` (main, local routes
//   only); without a default network ACL, `<vpc>/default-acl` (allow all both ways, rules 100
//   IPv4 and 101 IPv6); without a default security group, `<vpc>/default-sg` (all inbound
//   from itself, all outbound);
// - subnets name their route table and network ACL explicitly;
// - instances become interfaces: the primary `<instance>/eth0` plus the extra ones listed;
// - NAT gateways and interface endpoints own interfaces: `<nat>/eni` and `<vpce>/<subnet>`;
// - SG outbound left out becomes all traffic to 0.0.0.0/0 and ::/0; interfaces without SGs get
//   the VPC's default SG.
import type { Diagnostic } from './diagnostic.js';
import type { CidrBlock } from './address.js';
import type {
  CustomerGateway,
  EgressOnlyInternetGateway,
  ExternalNetwork,
  NetworkAclRule,
  PolicyDocument,
  Route,
  Scenario,
  SecurityGroupRule,
  TransitGatewayAttachment,
  TransitGatewayRoute,
  VpnTunnel,
} from './schema/index.js';

/** Account and region of a resource. */
export interface Scope {
  readonly account: string;
  readonly region: string;
}

/** A VPC with its blocks parsed. */
export interface ModelVpc extends Scope {
  readonly id: string;
  readonly cidr: string;
  readonly secondaryCidrs: readonly string[];
  readonly ipv6Cidr?: string | undefined;
  /** Every block, primary first, IPv6 last. */
  readonly blocks: readonly CidrBlock[];
  readonly enableDnsSupport: boolean;
  readonly enableDnsHostnames: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ModelSubnet extends Scope {
  readonly id: string;
  readonly vpc: string;
  readonly availabilityZone: string;
  readonly cidr: string;
  readonly block: CidrBlock;
  readonly ipv6Cidr?: string | undefined;
  readonly ipv6Block?: CidrBlock | undefined;
  /** The route table in effect: its own, or the VPC's main table. */
  readonly routeTable: string;
  /** Whether the route table is the subnet's own (false: the main table, implicitly). */
  readonly routeTableExplicit: boolean;
  /** The network ACL in effect: its own, or the VPC's default ACL. */
  readonly networkAcl: string;
  readonly mapPublicIpOnLaunch: boolean;
}

export interface ModelRouteTable extends Scope {
  readonly id: string;
  readonly vpc: string;
  readonly main: boolean;
  /** True for the implicit `<vpc>/main-rtb`. */
  readonly implicit: boolean;
  /** Declared routes, in order (the implicit local routes are not listed). */
  readonly routes: readonly Route[];
  readonly propagatingGateways: readonly string[];
}

export interface ModelNetworkAcl extends Scope {
  readonly id: string;
  readonly vpc: string;
  readonly default: boolean;
  readonly implicit: boolean;
  /** Rules sorted by rule number. */
  readonly inbound: readonly NetworkAclRule[];
  readonly outbound: readonly NetworkAclRule[];
}

export interface ModelSecurityGroup extends Scope {
  readonly id: string;
  readonly vpc: string;
  readonly name?: string | undefined;
  readonly default: boolean;
  readonly implicit: boolean;
  readonly inbound: readonly SecurityGroupRule[];
  readonly outbound: readonly SecurityGroupRule[];
}

/** Who an interface belongs to. */
export type InterfaceOwner =
  | { readonly kind: 'interface' }
  | { readonly kind: 'instance'; readonly instance: string; readonly primary: boolean }
  | { readonly kind: 'nat-gateway'; readonly natGateway: string }
  | { readonly kind: 'vpc-endpoint'; readonly vpcEndpoint: string };

export interface ModelNetworkInterface extends Scope {
  readonly id: string;
  readonly subnet: string;
  readonly vpc: string;
  readonly availabilityZone: string;
  readonly privateIp: string;
  readonly secondaryPrivateIps: readonly string[];
  readonly publicIp?: string | undefined;
  readonly ipv6Addresses: readonly string[];
  readonly securityGroups: readonly string[];
  readonly sourceDestCheck: boolean;
  readonly nat: boolean;
  readonly owner: InterfaceOwner;
}

export interface ModelInstance extends Scope {
  readonly id: string;
  readonly name?: string | undefined;
  /** `<instance>/eth0` first, then the extra interfaces. */
  readonly interfaces: readonly string[];
  readonly instanceProfile?: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ModelInternetGateway extends Scope {
  readonly id: string;
  readonly vpc?: string | undefined;
}

export interface ModelNatGateway extends Scope {
  readonly id: string;
  readonly subnet: string;
  readonly vpc: string;
  readonly availabilityZone: string;
  readonly connectivity: 'public' | 'private';
  readonly privateIp: string;
  readonly publicIp?: string | undefined;
  /** Its interface: `<nat>/eni`. */
  readonly interface: string;
}

export interface ModelVpcPeeringConnection {
  readonly id: string;
  readonly requester: string;
  readonly accepter: string;
  readonly status: string;
  readonly active: boolean;
}

export interface ModelVpcEndpoint extends Scope {
  readonly id: string;
  readonly vpc: string;
  readonly type: 'gateway' | 'interface';
  /** Short service name: `s3`, `dynamodb`, `sqs`, ... */
  readonly service: string;
  /** Full service name: `com.amazonaws.us-east-1.s3`. */
  readonly serviceName: string;
  readonly routeTables: readonly string[];
  readonly subnets: readonly string[];
  readonly securityGroups: readonly string[];
  readonly privateDns: boolean;
  /** The endpoint policy; undefined means the default full-access policy. */
  readonly policy?: PolicyDocument | undefined;
  /** Interface endpoints: one interface per subnet, `<vpce>/<subnet>`. */
  readonly interfaces: readonly string[];
}

export interface ModelPrefixList {
  readonly id: string;
  readonly name?: string | undefined;
  /** Region for AWS-managed lists; undefined for customer lists usable anywhere. */
  readonly region?: string | undefined;
  readonly cidrs: readonly string[];
  readonly blocks: readonly CidrBlock[];
  readonly awsManaged: boolean;
}

export interface ModelTransitGatewayRouteTable {
  readonly id: string;
  readonly routes: readonly TransitGatewayRoute[];
  readonly associations: readonly string[];
  readonly propagations: readonly string[];
}

export interface ModelTransitGateway extends Scope {
  readonly id: string;
  readonly asn?: number | undefined;
  readonly routeTables: readonly ModelTransitGatewayRouteTable[];
  readonly attachments: readonly TransitGatewayAttachment[];
}

export interface ModelVpnGateway extends Scope {
  readonly id: string;
  readonly vpc?: string | undefined;
  readonly asn?: number | undefined;
}

export interface ModelVpnConnection {
  readonly id: string;
  readonly customerGateway: string;
  readonly vpnGateway?: string | undefined;
  readonly transitGateway?: string | undefined;
  readonly routing: 'static' | 'bgp';
  readonly staticRoutes: readonly string[];
  readonly tunnels: readonly VpnTunnel[];
  /** At least one tunnel is up. */
  readonly up: boolean;
}

/** The kinds of network component an id can name. */
export type ComponentKind =
  | 'vpc'
  | 'subnet'
  | 'route-table'
  | 'network-acl'
  | 'security-group'
  | 'network-interface'
  | 'instance'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'vpc-peering-connection'
  | 'vpc-endpoint'
  | 'prefix-list'
  | 'transit-gateway'
  | 'transit-gateway-route-table'
  | 'transit-gateway-attachment'
  | 'vpn-gateway'
  | 'customer-gateway'
  | 'vpn-connection'
  | 'external-network';

/** The normalized network, one list per kind, each in declaration order. */
export interface NetworkModel {
  readonly vpcs: readonly ModelVpc[];
  readonly subnets: readonly ModelSubnet[];
  readonly routeTables: readonly ModelRouteTable[];
  readonly networkAcls: readonly ModelNetworkAcl[];
  readonly securityGroups: readonly ModelSecurityGroup[];
  readonly networkInterfaces: readonly ModelNetworkInterface[];
  readonly instances: readonly ModelInstance[];
  readonly internetGateways: readonly ModelInternetGateway[];
  readonly egressOnlyInternetGateways: readonly (EgressOnlyInternetGateway & Scope)[];
  readonly natGateways: readonly ModelNatGateway[];
  readonly vpcPeeringConnections: readonly ModelVpcPeeringConnection[];
  readonly vpcEndpoints: readonly ModelVpcEndpoint[];
  readonly prefixLists: readonly ModelPrefixList[];
  readonly transitGateways: readonly ModelTransitGateway[];
  readonly vpnGateways: readonly ModelVpnGateway[];
  readonly customerGateways: readonly CustomerGateway[];
  readonly vpnConnections: readonly ModelVpnConnection[];
  readonly externalNetworks: readonly ExternalNetwork[];
}

/** Lookup structures built once per model. */
export interface ModelIndex {
  /** Any network id to its kind and object. */
  readonly byId: ReadonlyMap<string, { readonly kind: ComponentKind; readonly value: unknown }>;
  readonly vpc: ReadonlyMap<string, ModelVpc>;
  readonly subnet: ReadonlyMap<string, ModelSubnet>;
  readonly routeTable: ReadonlyMap<string, ModelRouteTable>;
  readonly networkAcl: ReadonlyMap<string, ModelNetworkAcl>;
  readonly securityGroup: ReadonlyMap<string, ModelSecurityGroup>;
  readonly networkInterface: ReadonlyMap<string, ModelNetworkInterface>;
  readonly instance: ReadonlyMap<string, ModelInstance>;
  readonly natGateway: ReadonlyMap<string, ModelNatGateway>;
  readonly vpcEndpoint: ReadonlyMap<string, ModelVpcEndpoint>;
  /** A prefix list by id; for AWS-managed ids (`pl-s3`), the key is `<id>@<region>`. */
  readonly prefixList: ReadonlyMap<string, ModelPrefixList>;
  readonly transitGateway: ReadonlyMap<string, ModelTransitGateway>;
  readonly vpnConnection: ReadonlyMap<string, ModelVpnConnection>;
  /** Subnets of a VPC. */
  readonly subnetsByVpc: ReadonlyMap<string, readonly ModelSubnet[]>;
  /** Interfaces of a subnet. */
  readonly interfacesBySubnet: ReadonlyMap<string, readonly ModelNetworkInterface[]>;
  /** `<vpc id>|<private IPv4 or IPv6 text as written>` to the interface holding it. */
  readonly interfaceByPrivateIp: ReadonlyMap<string, ModelNetworkInterface>;
  /** Public IPv4 (auto-assigned or Elastic) to the interface it maps to. */
  readonly interfaceByPublicIp: ReadonlyMap<string, ModelNetworkInterface>;
  /** Interfaces that carry a security group. */
  readonly interfacesBySecurityGroup: ReadonlyMap<string, readonly ModelNetworkInterface[]>;
  /** The internet gateway attached to a VPC. */
  readonly internetGatewayByVpc: ReadonlyMap<string, ModelInternetGateway>;
}

/** A compiled scenario: what every engine reads. Never mutated; use `edit` for what-ifs. */
export interface Model {
  /** The scenario as validated (before normalization): what `edit` changes. */
  readonly scenario: Scenario;
  /** The file it was loaded from, if any. */
  readonly file?: string | undefined;
  readonly defaults: Scope;
  readonly network: NetworkModel;
  readonly index: ModelIndex;
  /** Non-fatal findings (e.g. a NAT instance with its source/destination check left on). */
  readonly warnings: readonly Diagnostic[];
}

/** The default account and region when a scenario names none. */
export const FALLBACK_SCOPE: Scope = { account: '111111111111', region: 'us-east-1' };
