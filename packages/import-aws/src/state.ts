// The importer's working state: the scenario being built, where each object came from, and
// the AWS objects read from every file, grouped by kind.
import type {
  Account,
  CustomerGateway,
  EgressOnlyInternetGateway,
  ExternalNetwork,
  IamGroup,
  IamManagedPolicy,
  IamRole,
  IamUser,
  Instance,
  LoadBalancer,
  TargetGroup,
  DirectConnectConnection,
  DirectConnectGateway,
  VirtualInterface,
  InternetGateway,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  Organization,
  PrefixList,
  Resource,
  RouteTable,
  SecurityGroup,
  Subnet,
  TransitGateway,
  Vpc,
  VpcEndpoint,
  VpcPeeringConnection,
  VpnConnection,
  VpnGateway,
} from '@vpcsim/model';
import type { Ec2File, FileScope, PerIdFolder } from './layout.js';
import type { AwsObject, Origin, Report } from './reader.js';

/** The scenario under construction (plain JSON in the scenario format). */
export interface DraftScenario {
  version: 1;
  name?: string;
  description?: string;
  defaults?: { account?: string; region?: string };
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  networkAcls: NetworkAcl[];
  securityGroups: SecurityGroup[];
  networkInterfaces: NetworkInterface[];
  instances: Instance[];
  internetGateways: InternetGateway[];
  egressOnlyInternetGateways: EgressOnlyInternetGateway[];
  natGateways: NatGateway[];
  vpcPeeringConnections: VpcPeeringConnection[];
  vpcEndpoints: VpcEndpoint[];
  prefixLists: PrefixList[];
  transitGateways: TransitGateway[];
  vpnGateways: VpnGateway[];
  customerGateways: CustomerGateway[];
  vpnConnections: VpnConnection[];
  externalNetworks: ExternalNetwork[];
  loadBalancers: LoadBalancer[];
  targetGroups: TargetGroup[];
  directConnect: { connections: DirectConnectConnection[]; gateways: DirectConnectGateway[]; virtualInterfaces: VirtualInterface[] };
  accounts?: Account[];
  organization?: Organization;
  iam: { users: IamUser[]; groups: IamGroup[]; roles: IamRole[]; policies: IamManagedPolicy[] };
  resources: Resource[];
}

/** An AWS object with the account and region its folder names. */
export interface Item {
  readonly obj: AwsObject;
  readonly scope: FileScope;
}

/** A per-id output (`TransitGatewayRoutes/<tgw-rtb-id>.json`): its parsed top level. */
export interface PerIdFile {
  readonly id: string;
  readonly file: string;
  readonly top: AwsObject;
  readonly scope: FileScope;
}

/** A propagated route of the export (the model derives these; checked against what it will derive). */
export interface PropagatedRoute {
  /** `vpc`: a VPC route table's route from a VGW; `tgw`: a transit gateway route table's. */
  readonly kind: 'vpc' | 'tgw';
  readonly table: string;
  readonly destination: string;
  /** The VGW (vpc) or the attachment (tgw) the route goes to. */
  readonly via: string | undefined;
  readonly origin: Origin;
}

/** Everything the mappers share. */
export class ImportState {
  readonly draft: DraftScenario = {
    version: 1,
    vpcs: [],
    subnets: [],
    routeTables: [],
    networkAcls: [],
    securityGroups: [],
    networkInterfaces: [],
    instances: [],
    internetGateways: [],
    egressOnlyInternetGateways: [],
    natGateways: [],
    vpcPeeringConnections: [],
    vpcEndpoints: [],
    prefixLists: [],
    transitGateways: [],
    vpnGateways: [],
    customerGateways: [],
    vpnConnections: [],
    externalNetworks: [],
    loadBalancers: [],
    targetGroups: [],
    directConnect: { connections: [], gateways: [], virtualInterfaces: [] },
    iam: { users: [], groups: [], roles: [], policies: [] },
    resources: [],
  };
  /** Where each emitted object came from (for diagnostics about the result). */
  readonly origin = new WeakMap<object, Origin>();
  readonly items = new Map<Ec2File, Item[]>();
  readonly perId = new Map<PerIdFolder, PerIdFile[]>();
  /** Ids emitted so far (all network kinds share one namespace in the scenario). */
  readonly ids = new Set<string>();
  /** Accounts and regions seen, to choose the scenario defaults. */
  readonly accounts: string[] = [];
  readonly regions: string[] = [];
  /** Public IPs of secondary addresses already reported (ENI and Addresses.json both list them). */
  readonly warnedPublicIps = new Set<string>();
  /** The account (`UserId`) of each security group a rule names, from the rules' group pairs. */
  readonly sgPeerAccount = new Map<string, string>();
  /** Propagated routes of the export, left to the model and checked once everything is mapped. */
  readonly propagatedRoutes: PropagatedRoute[] = [];
  /** Gateway route tables (edge associations): internet or virtual private gateway id → route table id. */
  readonly gatewayRouteTables = new Map<string, string>();
  /** Load balancer ARN → its scenario id (its name, unless that id is taken). */
  readonly loadBalancerIds = new Map<string, string>();

  constructor(readonly report: Report) {}

  itemsOf(name: Ec2File): Item[] {
    return this.items.get(name) ?? [];
  }

  /** Records where `value` came from and returns it. */
  from<T extends object>(value: T, origin: Origin): T {
    this.origin.set(value, origin);
    return value;
  }

  /**
   * Claims an id for a new resource; false when it is already taken (the same resource seen
   * from a second account or region is imported once).
   */
  claim(id: string): boolean {
    if (this.ids.has(id)) return false;
    this.ids.add(id);
    return true;
  }
}
