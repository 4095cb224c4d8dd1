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
// - routes marked `state: blackhole`, and routes to a detached internet gateway, have the target
//   `blackhole` (the declared target is kept in `blackholeTarget`);
// - load balancers get one node per subnet, target groups their resolved targets and AWS's
//   defaults (cross-zone, client IP preservation, health check), virtual interfaces their
//   effective state, Direct Connect gateway associations their effective allowed prefixes;
// - addresses left out (NAT gateways, endpoint interfaces, load balancer nodes) are chosen from
//   their subnet: the lowest free address after the four reserved ones, declared ones first.
// packages/model/README.md lists what the Model exposes.
import type { Diagnostic } from './diagnostic.js';
import type { CidrBlock } from './address.js';
import type {
  CustomerGateway,
  DirectConnectConnectionState,
  EgressOnlyInternetGateway,
  ExternalNetwork,
  HealthCheck,
  ListenerProtocol,
  LoadBalancerType,
  NetworkAclRule,
  PolicyDocument,
  Route,
  Scenario,
  SecurityGroupRule,
  TransitGatewayAttachment,
  TransitGatewayRoute,
  TargetGroupProtocol,
  TargetHealthState,
  VirtualInterfaceState,
  VpnTunnel,
} from './schema/index.js';

/** Tags of a resource (empty when it has none). */
export type ModelTags = Readonly<Record<string, string>>;

/** The name and tags every network resource may carry. `name` is the `name` field, else the `Name` tag. */
export interface Labelled {
  readonly name?: string | undefined;
  readonly tags?: ModelTags | undefined;
}

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
  readonly name?: string | undefined;
}

export interface ModelSubnet extends Scope, Labelled {
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

/** A declared route. A blackhole route (`state: blackhole`, or to a detached internet gateway) has
 * the target `blackhole`; the target it names is in `blackholeTarget`. */
export interface ModelRoute extends Route {
  readonly blackholeTarget?: string | undefined;
}

export interface ModelRouteTable extends Scope, Labelled {
  readonly id: string;
  readonly vpc: string;
  readonly main: boolean;
  /** True for the implicit `<vpc>/main-rtb`. */
  readonly implicit: boolean;
  /**
   * Declared routes, in order (the implicit local routes are not listed). A route whose
   * destination is a whole VPC block replaces that local route's target (see `localTargets`).
   */
  readonly routes: readonly ModelRoute[];
  readonly propagatingGateways: readonly string[];
  /** The internet or virtual private gateways this table is the gateway route table of (edge associations). */
  readonly gateways?: readonly string[] | undefined;
  /** Local routes whose target is replaced: VPC block → the interface, instance, NAT gateway or GWLB endpoint. */
  readonly localTargets?: readonly { readonly destination: string; readonly target: string }[] | undefined;
}

export interface ModelNetworkAcl extends Scope, Labelled {
  readonly id: string;
  readonly vpc: string;
  readonly default: boolean;
  readonly implicit: boolean;
  /** Rules sorted by rule number. */
  readonly inbound: readonly NetworkAclRule[];
  readonly outbound: readonly NetworkAclRule[];
}

export interface ModelSecurityGroup extends Scope, Labelled {
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

export interface ModelNetworkInterface extends Scope, Labelled {
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
  /**
   * Whether the interface keeps connection state for traffic it forwards (a firewall or appliance):
   * its source/destination check is off and it is not declared `stateless: true` (a NAT instance
   * is always stateful). A reply reaching a stateful interface that never saw the request is dropped.
   * https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
   */
  readonly stateful?: boolean | undefined;
  readonly owner: InterfaceOwner;
  /** The AWS id of an instance's primary interface (`eni-…`) when the scenario gives it (`instances[].primaryInterfaceId`); the model's id stays `<instance>/eth0`. */
  readonly awsId?: string | undefined;
}

export interface ModelInstance extends Scope, Labelled {
  readonly id: string;
  readonly name?: string | undefined;
  /** `<instance>/eth0` first, then the extra interfaces. */
  readonly interfaces: readonly string[];
  readonly instanceProfile?: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ModelInternetGateway extends Scope, Labelled {
  readonly id: string;
  readonly vpc?: string | undefined;
  /** Its gateway route table (edge association), when it has one. */
  readonly routeTable?: string | undefined;
}

export interface ModelNatGateway extends Scope, Labelled {
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

export interface ModelVpcPeeringConnection extends Labelled {
  readonly id: string;
  readonly requester: string;
  readonly accepter: string;
  readonly status: string;
  readonly active: boolean;
}

export interface ModelVpcEndpoint extends Scope, Labelled {
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
  /** Interface endpoints: subnet → the private IPv4 of its interface there (declared or chosen). */
  readonly addresses?: Readonly<Record<string, string>> | undefined;
}

/**
 * A Gateway Load Balancer endpoint (`vpcEndpoints` of `type: gatewayLoadBalancer`): a route target
 * in one subnet that hands traffic to the gateway load balancer `loadBalancer` and takes it back.
 * Kept apart from `vpcEndpoints` (and from `networkInterfaces`): it is neither a service endpoint
 * nor a trace endpoint. https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html
 */
export interface ModelGatewayLoadBalancerEndpoint extends Scope, Labelled {
  readonly id: string;
  readonly vpc: string;
  readonly subnet: string;
  readonly availabilityZone: string;
  /** The gateway load balancer it sends to (the `service` field). */
  readonly loadBalancer: string;
  /** The private IPv4 of its interface (declared in `addresses`, or chosen). */
  readonly privateIp: string;
}

export interface ModelPrefixList extends Labelled {
  readonly id: string;
  readonly name?: string | undefined;
  /** Region for AWS-managed lists; undefined for customer lists usable anywhere. */
  readonly region?: string | undefined;
  readonly cidrs: readonly string[];
  readonly blocks: readonly CidrBlock[];
  readonly awsManaged: boolean;
}

export interface ModelTransitGatewayRouteTable extends Labelled {
  readonly id: string;
  readonly routes: readonly TransitGatewayRoute[];
  readonly associations: readonly string[];
  readonly propagations: readonly string[];
}

export interface ModelTransitGateway extends Scope, Labelled {
  readonly id: string;
  readonly asn?: number | undefined;
  readonly routeTables: readonly ModelTransitGatewayRouteTable[];
  readonly attachments: readonly TransitGatewayAttachment[];
}

export interface ModelVpnGateway extends Scope, Labelled {
  readonly id: string;
  readonly vpc?: string | undefined;
  readonly asn?: number | undefined;
  /** Its gateway route table (edge association), when it has one. */
  readonly routeTable?: string | undefined;
}

export interface ModelVpnConnection extends Labelled {
  readonly id: string;
  readonly customerGateway: string;
  readonly vpnGateway?: string | undefined;
  readonly transitGateway?: string | undefined;
  readonly routing: 'static' | 'bgp';
  readonly staticRoutes: readonly string[];
  readonly tunnels: readonly VpnTunnel[];
  /** At least one tunnel is up. */
  readonly up: boolean;
  /** The public virtual interface its tunnels run over (VPN over Direct Connect); undefined: the internet. */
  readonly transport?: string | undefined;
}

/** An external network; `via` is the first entry of the declared `via` (one id or a list). */
export interface ModelExternalNetwork extends Omit<ExternalNetwork, 'via'> {
  readonly via?: string | undefined;
  /** Every `via` entry in order: the first that is up carries traffic toward AWS (primary, then backups). */
  readonly vias?: readonly string[] | undefined;
}

// ---- Elastic Load Balancing -------------------------------------------------------------------

/** A load balancer node: the load balancer's presence (an interface AWS manages) in one subnet. */
export interface ModelLoadBalancerNode {
  /** `<load balancer>/<subnet>`. */
  readonly id: string;
  readonly loadBalancer: string;
  readonly subnet: string;
  readonly vpc: string;
  readonly availabilityZone: string;
  readonly privateIp: string;
  /**
   * Internet-facing nodes: the public address, as declared, else a stand-in vpcsim chose (AWS
   * assigns one; see `publicIpChosen`). Internal and gateway load balancers' nodes have none.
   */
  readonly publicIp?: string | undefined;
  readonly ipv6Address?: string | undefined;
  /** True when vpcsim chose `privateIp` (the scenario did not give it). */
  readonly chosen: boolean;
  /** True when vpcsim stood in `publicIp` (an internet-facing node whose address the scenario did not give): 52.4.0.1, 52.4.0.2, ... */
  readonly publicIpChosen: boolean;
}

/** A listener with AWS's defaults applied. */
export interface ModelListener {
  readonly protocol: ListenerProtocol;
  readonly port: number;
  /** application, network, gateway: the target group of the default action. */
  readonly targetGroup?: string | undefined;
  /** classic: the port and protocol on the instances, and the instances (listener's own, else the load balancer's). */
  readonly instancePort?: number | undefined;
  readonly instanceProtocol?: 'HTTP' | 'HTTPS' | 'TCP' | 'SSL' | undefined;
  readonly instances: readonly string[];
}

/** A health check with AWS's defaults applied. `port` is a number or `traffic-port` (each target's own port). */
export interface ModelHealthCheck {
  readonly protocol: NonNullable<HealthCheck['protocol']>;
  readonly port: number | 'traffic-port';
  readonly path?: string | undefined;
}

/**
 * A load balancer with AWS's defaults applied.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
 */
export interface ModelLoadBalancer extends Scope, Labelled {
  readonly id: string;
  readonly type: LoadBalancerType;
  /** undefined for a gateway load balancer (it has no scheme: only its endpoints reach it). */
  readonly scheme?: 'internet-facing' | 'internal' | undefined;
  readonly vpc: string;
  readonly subnets: readonly string[];
  /** The zones of its nodes, in subnet order. */
  readonly availabilityZones: readonly string[];
  /**
   * Effective security groups: as declared; classic without any: the VPC's default group;
   * network without any and gateway: none. See `checksSecurityGroups`.
   */
  readonly securityGroups: readonly string[];
  /** False for a network load balancer without security groups and for a gateway load balancer: no SG check at the node. */
  readonly checksSecurityGroups: boolean;
  /** Load-balancer-level cross-zone (application: always true; network, gateway, classic: declared, default false). */
  readonly crossZone: boolean;
  readonly ipAddressType: 'ipv4' | 'dualstack';
  /** One node per subnet, in subnet order. */
  readonly nodes: readonly ModelLoadBalancerNode[];
  readonly listeners: readonly ModelListener[];
  /** The target groups its listeners forward to, in listener order, without repeats. */
  readonly targetGroups: readonly string[];
  /** classic: the health check (default TCP:80). */
  readonly healthCheck?: ModelHealthCheck | undefined;
}

/** A registered target, resolved. */
export interface ModelTarget {
  readonly kind: 'instance' | 'ip' | 'alb';
  /** The instance id, the application load balancer id, or the address (ip targets). */
  readonly id: string;
  /** The address traffic goes to: the instance's primary private IPv4, or the ip target's address (undefined for alb targets). */
  readonly ip?: string | undefined;
  /** The interface holding `ip` inside the VPC, when one does (instance targets: `<instance>/eth0`). */
  readonly interface?: string | undefined;
  readonly port: number;
  /** Its zone; `all` for an ip target outside the VPC. */
  readonly availabilityZone: string;
  readonly subnet?: string | undefined;
  /** Whether the address is inside the target group's VPC (false: on premises or a peered VPC, reached by routes). */
  readonly insideVpc: boolean;
  /** The health as imported, if declared. */
  readonly declaredHealth?: TargetHealthState | undefined;
  /** True when the declared health takes the target out of service (`unhealthy`, `unhealthy.draining`, `draining`, `unused`, `unavailable`). */
  readonly declaredUnhealthy: boolean;
}

/**
 * A target group with AWS's defaults applied.
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html
 */
export interface ModelTargetGroup extends Scope, Labelled {
  readonly id: string;
  readonly vpc: string;
  readonly targetType: 'instance' | 'ip' | 'alb';
  readonly protocol: TargetGroupProtocol;
  readonly port: number;
  /** The load balancer whose listeners use it (AWS allows one), if any. */
  readonly loadBalancer?: string | undefined;
  /** Effective cross-zone: the group's own setting, else its load balancer's (application groups without one: true). */
  readonly crossZone: boolean;
  /**
   * Whether targets see the client's address as the source (else the node's private address).
   * network groups: declared, else on for instance and alb targets and for UDP/TCP_UDP, off for ip
   * targets with TCP/TLS; application groups: false (the node opens a new connection);
   * gateway (GENEVE) groups: false for the outer packet (the appliance sees the original inside).
   */
  readonly preserveClientIp: boolean;
  readonly healthCheck: ModelHealthCheck;
  readonly targets: readonly ModelTarget[];
}

// ---- Direct Connect --------------------------------------------------------------------------

export interface ModelDirectConnectConnection extends Scope, Labelled {
  readonly id: string;
  readonly location?: string | undefined;
  readonly bandwidth?: string | undefined;
  readonly status: DirectConnectConnectionState;
  /** Only an `available` connection carries traffic. */
  readonly available: boolean;
}

/** A Direct Connect gateway association with its effective allowed prefixes. */
export interface ModelDirectConnectGatewayAssociation {
  readonly id?: string | undefined;
  readonly kind: 'vpn-gateway' | 'transit-gateway';
  /** The virtual private gateway or transit gateway id. */
  readonly gateway: string;
  /**
   * Allowed prefixes: declared, or for a virtual private gateway left out, the VPC's IPv4 blocks.
   * https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
   */
  readonly allowedPrefixes: readonly string[];
  /**
   * What on premises learns through this association: for a virtual private gateway, each VPC
   * block that an allowed prefix equals or covers (a narrower prefix advertises nothing for it);
   * for a transit gateway, the allowed prefixes themselves.
   */
  readonly advertised: readonly string[];
}

export interface ModelDirectConnectGateway extends Labelled {
  readonly id: string;
  readonly account: string;
  readonly asn?: number | undefined;
  /** `private`: virtual private gateways and private VIFs; `transit`: transit gateways and transit VIFs; `unused`: neither yet. */
  readonly kind: 'private' | 'transit' | 'unused';
  readonly associations: readonly ModelDirectConnectGatewayAssociation[];
  /** The virtual interfaces attached to it. */
  readonly virtualInterfaces: readonly string[];
}

export interface ModelVirtualInterface extends Scope, Labelled {
  readonly id: string;
  readonly type: 'private' | 'transit' | 'public';
  readonly connection: string;
  readonly dxGateway?: string | undefined;
  readonly vpnGateway?: string | undefined;
  /** The declared state, with `up` read as `available` (default `available`). */
  readonly status: Exclude<VirtualInterfaceState, 'up'>;
  /** Carries traffic: the interface is `available` and so is its connection. */
  readonly available: boolean;
  readonly routeFilterPrefixes: readonly string[];
  readonly asn?: number | undefined;
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
  | 'external-network'
  | 'load-balancer'
  | 'target-group'
  | 'gateway-load-balancer-endpoint'
  | 'direct-connect-connection'
  | 'direct-connect-gateway'
  | 'virtual-interface';

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
  readonly externalNetworks: readonly ModelExternalNetwork[];
  readonly loadBalancers: readonly ModelLoadBalancer[];
  readonly targetGroups: readonly ModelTargetGroup[];
  readonly gatewayLoadBalancerEndpoints: readonly ModelGatewayLoadBalancerEndpoint[];
  readonly directConnectConnections: readonly ModelDirectConnectConnection[];
  readonly directConnectGateways: readonly ModelDirectConnectGateway[];
  readonly virtualInterfaces: readonly ModelVirtualInterface[];
}

/** A network resource found by name: its kind and id. */
export interface NamedResource {
  readonly kind: ComponentKind;
  readonly id: string;
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
  /** An AWS interface id the model names otherwise (an instance's `primaryInterfaceId`) to its interface (`<instance>/eth0`). */
  readonly interfaceByAwsId: ReadonlyMap<string, ModelNetworkInterface>;
  /** `<vpc id>|<private IPv4 or IPv6 text as written>` to the interface holding it. */
  readonly interfaceByPrivateIp: ReadonlyMap<string, ModelNetworkInterface>;
  /** Public IPv4 (auto-assigned or Elastic) to the interface it maps to. */
  readonly interfaceByPublicIp: ReadonlyMap<string, ModelNetworkInterface>;
  /** Interfaces that carry a security group. */
  readonly interfacesBySecurityGroup: ReadonlyMap<string, readonly ModelNetworkInterface[]>;
  /** The internet gateway attached to a VPC. */
  readonly internetGatewayByVpc: ReadonlyMap<string, ModelInternetGateway>;
  /** Resources by name (`name`, else the `Name` tag); `resolveName` picks the one resource of a name. */
  readonly byName: ReadonlyMap<string, readonly NamedResource[]>;
  /** Gateway route tables: internet or virtual private gateway id → its route table. */
  readonly gatewayRouteTable: ReadonlyMap<string, ModelRouteTable>;
  readonly loadBalancer: ReadonlyMap<string, ModelLoadBalancer>;
  /** `<vpc id>|<private IPv4 or IPv6 text>` → the load balancer node holding it. */
  readonly loadBalancerNodeByIp: ReadonlyMap<string, ModelLoadBalancerNode>;
  /** A declared public IPv4 of a load balancer node → the node. */
  readonly loadBalancerNodeByPublicIp: ReadonlyMap<string, ModelLoadBalancerNode>;
  /** Load balancer nodes of a subnet. */
  readonly loadBalancerNodesBySubnet: ReadonlyMap<string, readonly ModelLoadBalancerNode[]>;
  readonly targetGroup: ReadonlyMap<string, ModelTargetGroup>;
  readonly gatewayLoadBalancerEndpoint: ReadonlyMap<string, ModelGatewayLoadBalancerEndpoint>;
  /** GWLB endpoints that send to a gateway load balancer. */
  readonly gatewayLoadBalancerEndpointsByLoadBalancer: ReadonlyMap<string, readonly ModelGatewayLoadBalancerEndpoint[]>;
  readonly directConnectConnection: ReadonlyMap<string, ModelDirectConnectConnection>;
  readonly directConnectGateway: ReadonlyMap<string, ModelDirectConnectGateway>;
  readonly virtualInterface: ReadonlyMap<string, ModelVirtualInterface>;
  /** Virtual private gateway or transit gateway id → the Direct Connect gateways associated with it. */
  readonly directConnectGatewaysByGateway: ReadonlyMap<string, readonly ModelDirectConnectGateway[]>;
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
