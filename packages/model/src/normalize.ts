// Scenario → NetworkModel: defaults filled, implicit resources materialized (see model.ts).
// INVARIANT: the input passed schema parsing and validateScenario without errors, so every
// reference resolves and every CIDR and address parses.
import { cidrContains, cidrOf, cidrWithin, formatIpv4, parseIp, parseIpv4, type CidrBlock } from './address.js';
import { AWS_MANAGED_PREFIX_LIST_IDS, AWS_SERVICE_RANGES, UNKNOWN_REGION_RANGES } from './aws-prefix-lists.js';
import { warning, type Diagnostic } from './diagnostic.js';
import {
  FALLBACK_SCOPE,
  type ModelDirectConnectConnection,
  type ModelDirectConnectGateway,
  type ModelDirectConnectGatewayAssociation,
  type ModelExternalNetwork,
  type ModelGatewayLoadBalancerEndpoint,
  type ModelHealthCheck,
  type ModelInstance,
  type ModelListener,
  type ModelLoadBalancer,
  type ModelLoadBalancerNode,
  type ModelRoute,
  type ModelTarget,
  type ModelTargetGroup,
  type ModelTags,
  type ModelVirtualInterface,
  type ModelNatGateway,
  type ModelNetworkAcl,
  type ModelNetworkInterface,
  type ModelPrefixList,
  type ModelRouteTable,
  type ModelSecurityGroup,
  type ModelSubnet,
  type ModelVpc,
  type ModelVpcEndpoint,
  type NetworkModel,
  type Scope,
} from './model.js';
import type { HealthCheck, NetworkAclRule, Route, Scenario, SecurityGroupRule, TargetGroupProtocol, TargetHealthState } from './schema/index.js';

/** The implicit main route table id of a VPC. */
export const implicitMainRouteTableId = (vpc: string): string => `${vpc}/main-rtb`;
/** The implicit default network ACL id of a VPC. */
export const implicitDefaultNetworkAclId = (vpc: string): string => `${vpc}/default-acl`;
/** The implicit default security group id of a VPC. */
export const implicitDefaultSecurityGroupId = (vpc: string): string => `${vpc}/default-sg`;
/** The id of an instance's primary interface. */
export const primaryInterfaceId = (instance: string): string => `${instance}/eth0`;

/** The scenario's default account and region. */
export function scopeOf(s: Scenario): Scope {
  return { account: s.defaults?.account ?? FALLBACK_SCOPE.account, region: s.defaults?.region ?? FALLBACK_SCOPE.region };
}

const ALL_OUT: readonly SecurityGroupRule[] = [
  { protocol: 'all', cidr: '0.0.0.0/0' },
  { protocol: 'all', cidr: '::/0' },
];

const byRuleNumber = (a: NetworkAclRule, b: NetworkAclRule): number => a.rule - b.rule;

/** A resource's name and tags: `name`, else the `Name` tag (as the console shows it). */
export function labelsOf(x: { readonly name?: string | undefined; readonly tags?: Readonly<Record<string, string>> | undefined }): { name: string | undefined; tags: ModelTags } {
  const tags = x.tags ?? {};
  const tagName = Object.prototype.hasOwnProperty.call(tags, 'Name') ? tags['Name'] : undefined;
  return { name: x.name ?? (tagName === '' ? undefined : tagName), tags };
}

/** The names a resource answers to in `name:` lookups: its `name` and its `Name` tag (a security group's `name` is its group name). */
export function namesOf(x: { readonly name?: unknown; readonly tags?: unknown }): string[] {
  const out: string[] = [];
  if (typeof x.name === 'string' && x.name !== '') out.push(x.name);
  const tags = x.tags;
  if (tags !== null && typeof tags === 'object' && Object.prototype.hasOwnProperty.call(tags, 'Name')) {
    const t = (tags as Record<string, unknown>)['Name'];
    if (typeof t === 'string' && t !== '' && t !== x.name) out.push(t);
  }
  return out;
}

/** Peering states after which AWS shows routes to the connection as blackholes. */
export const DEAD_PEERING_STATES: ReadonlySet<string> = new Set(['deleted', 'rejected', 'failed', 'expired']);

/** Health states that take a target out of service (describe-target-health's TargetHealth.State). */
const OUT_OF_SERVICE: ReadonlySet<TargetHealthState> = new Set<TargetHealthState>(['unhealthy', 'unhealthy.draining', 'draining', 'unused', 'unavailable']);

/** Network load balancer protocols (target groups that take `preserveClientIp`). */
export const NETWORK_PROTOCOLS: ReadonlySet<string> = new Set(['TCP', 'TLS', 'UDP', 'TCP_UDP']);

/**
 * A target group's client IP preservation after AWS's defaults: on for instance targets, for alb
 * targets and for UDP/TCP_UDP; off for ip targets with TCP/TLS. Application (HTTP/HTTPS) and
 * gateway (GENEVE) groups: false (the node's address is the source the target's groups see).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
 */
export function effectivePreserveClientIp(protocol: TargetGroupProtocol, targetType: 'instance' | 'ip' | 'alb', declared: boolean | undefined): boolean {
  if (!NETWORK_PROTOCOLS.has(protocol)) return false;
  if (protocol === 'UDP' || protocol === 'TCP_UDP') return true;
  return declared ?? targetType !== 'ip';
}

/**
 * A target group's health check after AWS's defaults: the protocol of the group (TCP for network
 * and GENEVE groups), `traffic-port` (GENEVE: 80).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
 */
export function effectiveHealthCheck(protocol: TargetGroupProtocol, hc: HealthCheck | undefined): ModelHealthCheck {
  const p = hc?.protocol ?? (protocol === 'HTTP' || protocol === 'HTTPS' ? protocol : 'TCP');
  return { protocol: p, port: hc?.port ?? (protocol === 'GENEVE' ? 80 : 'traffic-port'), path: p === 'HTTP' || p === 'HTTPS' ? (hc?.path ?? '/') : undefined };
}

/** Normalizes a validated scenario into the network the engines read. */
export function normalizeNetwork(s: Scenario, warnings: Diagnostic[]): NetworkModel {
  const scope = scopeOf(s);
  const vpcs: ModelVpc[] = (s.vpcs ?? []).map((v) => {
    const blocks: CidrBlock[] = [cidrOf(v.cidr), ...(v.secondaryCidrs ?? []).map(cidrOf)];
    if (v.ipv6Cidr) blocks.push(cidrOf(v.ipv6Cidr));
    return {
      id: v.id,
      account: v.account ?? scope.account,
      region: v.region ?? scope.region,
      cidr: v.cidr,
      secondaryCidrs: v.secondaryCidrs ?? [],
      ipv6Cidr: v.ipv6Cidr,
      blocks,
      enableDnsSupport: v.enableDnsSupport ?? true,
      enableDnsHostnames: v.enableDnsHostnames ?? false,
      ...labelsOf(v),
    };
  });
  const vpcById = new Map(vpcs.map((v) => [v.id, v]));
  const scopeOfVpc = (id: string): Scope => {
    const v = vpcById.get(id);
    return { account: v?.account ?? scope.account, region: v?.region ?? scope.region };
  };

  // Route tables, with the implicit main table where none is declared. Blackhole routes (declared,
  // or to an internet gateway that is detached or a peering that is deleted) get the target `blackhole`; routes for a whole VPC
  // block replace that block's local route target.
  // https://docs.aws.amazon.com/vpc/latest/userguide/replace-local-route-target.html
  // a deleted (rejected, failed, expired) peering leaves blackhole routes too
  const detachedIgws = new Set([
    ...(s.internetGateways ?? []).filter((g) => g.vpc === undefined).map((g) => g.id),
    ...(s.vpcPeeringConnections ?? []).filter((p) => p.status !== undefined && DEAD_PEERING_STATES.has(p.status)).map((p) => p.id),
  ]);
  const gatewaysOfTable = new Map<string, string[]>();
  for (const g of [...(s.internetGateways ?? []), ...(s.vpnGateways ?? [])]) {
    if (g.routeTable === undefined) continue;
    let list = gatewaysOfTable.get(g.routeTable);
    if (!list) gatewaysOfTable.set(g.routeTable, (list = []));
    list.push(g.id);
  }
  // a route to an instance's primary interface by its AWS id (`primaryInterfaceId`) goes to the instance
  const instanceOfEni = new Map((s.instances ?? []).flatMap((i) => (i.primaryInterfaceId === undefined ? [] : [[i.primaryInterfaceId, i.id] as const])));
  const modelRoute = (r: Route): ModelRoute =>
    r.state === 'blackhole' || detachedIgws.has(r.target)
      ? { ...r, target: 'blackhole', state: 'blackhole', ...(r.target !== 'blackhole' ? { blackholeTarget: r.target } : {}) }
      : instanceOfEni.has(r.target)
        ? { ...r, target: instanceOfEni.get(r.target)! }
        : r;
  const routeTables: ModelRouteTable[] = (s.routeTables ?? []).map((t) => {
    const routes = (t.routes ?? []).map(modelRoute);
    const blocks = vpcById.get(t.vpc)?.blocks ?? [];
    const localTargets = routes
      .filter((r) => r.target !== 'local' && r.target !== 'blackhole' && blocks.some((b) => b.text === r.destination || sameBlock(b, r.destination)))
      .map((r) => ({ destination: r.destination, target: r.target }));
    return {
      id: t.id,
      vpc: t.vpc,
      ...scopeOfVpc(t.vpc),
      main: t.main ?? false,
      implicit: false,
      routes,
      propagatingGateways: t.propagatingGateways ?? [],
      gateways: gatewaysOfTable.get(t.id) ?? [],
      localTargets,
      ...labelsOf(t),
    };
  });
  const mainOf = new Map<string, string>();
  for (const t of routeTables) if (t.main) mainOf.set(t.vpc, t.id);
  for (const v of vpcs) {
    if (mainOf.has(v.id)) continue;
    const id = implicitMainRouteTableId(v.id);
    routeTables.push({ id, vpc: v.id, account: v.account, region: v.region, main: true, implicit: true, routes: [], propagatingGateways: [], gateways: [], localTargets: [], tags: {} });
    mainOf.set(v.id, id);
  }

  // Network ACLs, with the implicit default ACL (allow all both ways).
  const networkAcls: ModelNetworkAcl[] = (s.networkAcls ?? []).map((a) => ({
    id: a.id,
    vpc: a.vpc,
    ...scopeOfVpc(a.vpc),
    default: a.default ?? false,
    implicit: false,
    inbound: [...(a.inbound ?? [])].sort(byRuleNumber),
    outbound: [...(a.outbound ?? [])].sort(byRuleNumber),
    ...labelsOf(a),
  }));
  const defaultAclOf = new Map<string, string>();
  for (const a of networkAcls) if (a.default) defaultAclOf.set(a.vpc, a.id);
  const allowAll: NetworkAclRule[] = [
    { rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' },
    { rule: 101, protocol: 'all', cidr: '::/0', action: 'allow' },
  ];
  for (const v of vpcs) {
    if (defaultAclOf.has(v.id)) continue;
    const id = implicitDefaultNetworkAclId(v.id);
    networkAcls.push({ id, vpc: v.id, account: v.account, region: v.region, default: true, implicit: true, inbound: allowAll, outbound: allowAll, tags: {} });
    defaultAclOf.set(v.id, id);
  }

  // Security groups, with the implicit default group.
  const securityGroups: ModelSecurityGroup[] = (s.securityGroups ?? []).map((g) => ({
    id: g.id,
    vpc: g.vpc,
    ...scopeOfVpc(g.vpc),
    ...labelsOf(g),
    default: g.default ?? false,
    implicit: false,
    inbound: g.inbound ?? (g.default ? [{ protocol: 'all', securityGroup: g.id }] : []),
    outbound: g.outbound ?? ALL_OUT,
  }));
  const defaultSgOf = new Map<string, string>();
  for (const g of securityGroups) if (g.default) defaultSgOf.set(g.vpc, g.id);
  for (const v of vpcs) {
    if (defaultSgOf.has(v.id)) continue;
    const id = implicitDefaultSecurityGroupId(v.id);
    securityGroups.push({
      id,
      vpc: v.id,
      account: v.account,
      region: v.region,
      name: 'default',
      default: true,
      implicit: true,
      inbound: [{ protocol: 'all', securityGroup: id }],
      outbound: ALL_OUT,
      tags: {},
    });
    defaultSgOf.set(v.id, id);
  }

  const subnets: ModelSubnet[] = (s.subnets ?? []).map((n) => ({
    id: n.id,
    vpc: n.vpc,
    ...scopeOfVpc(n.vpc),
    availabilityZone: n.availabilityZone,
    cidr: n.cidr,
    block: cidrOf(n.cidr),
    ipv6Cidr: n.ipv6Cidr,
    ipv6Block: n.ipv6Cidr ? cidrOf(n.ipv6Cidr) : undefined,
    routeTable: n.routeTable ?? mainOf.get(n.vpc)!,
    routeTableExplicit: n.routeTable !== undefined,
    networkAcl: n.networkAcl ?? defaultAclOf.get(n.vpc)!,
    mapPublicIpOnLaunch: n.mapPublicIpOnLaunch ?? false,
    ...labelsOf(n),
  }));
  const subnetById = new Map(subnets.map((n) => [n.id, n]));

  // Addresses in use per subnet, to choose free ones for NAT gateways and endpoints.
  const used = new Map<string, Set<number>>();
  const markUsed = (subnet: string, ip: string | undefined): void => {
    const v = ip === undefined ? undefined : parseIpv4(ip);
    if (v === undefined) return;
    let set = used.get(subnet);
    if (!set) used.set(subnet, (set = new Set()));
    set.add(v);
  };
  for (const i of s.networkInterfaces ?? []) {
    markUsed(i.subnet, i.privateIp);
    for (const ip of i.secondaryPrivateIps ?? []) markUsed(i.subnet, ip);
  }
  for (const i of s.instances ?? []) {
    markUsed(i.subnet, i.privateIp);
    for (const ip of i.secondaryPrivateIps ?? []) markUsed(i.subnet, ip);
  }
  for (const g of s.natGateways ?? []) markUsed(g.subnet, g.privateIp);
  for (const e of s.vpcEndpoints ?? []) for (const [sid, ip] of Object.entries(e.addresses ?? {})) markUsed(sid, ip);
  for (const lb of s.loadBalancers ?? []) for (const n of lb.nodes ?? []) markUsed(n.subnet, n.privateIp);
  const freeIp = (subnetId: string): string => {
    const sn = subnetById.get(subnetId)!;
    const base = sn.block.base as number;
    const last = base + 2 ** (32 - sn.block.prefix) - 1;
    let set = used.get(subnetId);
    if (!set) used.set(subnetId, (set = new Set()));
    // first address after the four reserved at the start, skipping the broadcast address
    for (let a = base + 4; a < last; a++) {
      if (!set.has(a)) {
        set.add(a);
        return formatIpv4(a >>> 0);
      }
    }
    // INVARIANT: validation reports a full subnet before we get here.
    return formatIpv4((base + 4) >>> 0);
  };

  const iface = (
    id: string,
    subnetId: string,
    f: {
      privateIp: string;
      secondaryPrivateIps?: string[] | undefined;
      publicIp?: string | undefined;
      ipv6Addresses?: string[] | undefined;
      securityGroups?: string[] | undefined;
      sourceDestCheck?: boolean | undefined;
      nat?: boolean | undefined;
      stateless?: boolean | undefined;
      name?: string | undefined;
      tags?: Readonly<Record<string, string>> | undefined;
    },
    owner: ModelNetworkInterface['owner'],
  ): ModelNetworkInterface => {
    const sn = subnetById.get(subnetId)!;
    const sourceDestCheck = f.sourceDestCheck ?? true;
    const nat = f.nat ?? false;
    return {
      id,
      subnet: subnetId,
      vpc: sn.vpc,
      account: sn.account,
      region: sn.region,
      availabilityZone: sn.availabilityZone,
      privateIp: f.privateIp,
      secondaryPrivateIps: f.secondaryPrivateIps ?? [],
      publicIp: f.publicIp,
      ipv6Addresses: f.ipv6Addresses ?? [],
      securityGroups: f.securityGroups && f.securityGroups.length > 0 ? f.securityGroups : [defaultSgOf.get(sn.vpc)!],
      sourceDestCheck,
      nat,
      // appliances keep connection state unless declared a plain router; a NAT instance always does
      stateful: !sourceDestCheck && (nat || f.stateless !== true),
      owner,
      // an instance's primary interface is named by its instance, not by itself
      ...(owner.kind === 'instance' && owner.primary ? { tags: {} } : labelsOf(f)),
    };
  };

  const extraOf = new Map<string, { instance: string }>();
  for (const i of s.instances ?? []) for (const e of i.networkInterfaces ?? []) extraOf.set(e, { instance: i.id });

  const networkInterfaces: ModelNetworkInterface[] = [];
  const instances: ModelInstance[] = [];
  for (const i of s.instances ?? []) {
    const primary = primaryInterfaceId(i.id);
    const eth0 = iface(primary, i.subnet, i, { kind: 'instance', instance: i.id, primary: true });
    networkInterfaces.push(i.primaryInterfaceId === undefined ? eth0 : { ...eth0, awsId: i.primaryInterfaceId });
    const sn = subnetById.get(i.subnet)!;
    instances.push({
      id: i.id,
      account: sn.account,
      region: sn.region,
      ...labelsOf(i),
      interfaces: [primary, ...(i.networkInterfaces ?? [])],
      instanceProfile: i.instanceProfile,
    });
    if (i.nat && (i.sourceDestCheck ?? true))
      warnings.push(
        warning('nat-source-dest-check', ['instances', (s.instances ?? []).indexOf(i), 'sourceDestCheck'], `NAT instance \`${i.id}\` has its source/destination check on: packets it forwards are dropped`, 'set `sourceDestCheck: false`'),
      );
  }
  (s.networkInterfaces ?? []).forEach((n, idx) => {
    const owner = extraOf.get(n.id);
    networkInterfaces.push(iface(n.id, n.subnet, n, owner ? { kind: 'instance', instance: owner.instance, primary: false } : { kind: 'interface' }));
    if (n.nat && (n.sourceDestCheck ?? true))
      warnings.push(warning('nat-source-dest-check', ['networkInterfaces', idx, 'sourceDestCheck'], `NAT interface \`${n.id}\` has its source/destination check on: packets it forwards are dropped`, 'set `sourceDestCheck: false`'));
  });

  const natGateways: ModelNatGateway[] = (s.natGateways ?? []).map((g) => {
    const sn = subnetById.get(g.subnet)!;
    const privateIp = g.privateIp ?? freeIp(g.subnet);
    const ifaceId = `${g.id}/eni`;
    const connectivity = g.connectivity ?? 'public';
    networkInterfaces.push(
      iface(ifaceId, g.subnet, { privateIp, publicIp: connectivity === 'public' ? g.publicIp : undefined, sourceDestCheck: false, securityGroups: [] }, { kind: 'nat-gateway', natGateway: g.id }),
    );
    return { id: g.id, subnet: g.subnet, vpc: sn.vpc, account: sn.account, region: sn.region, availabilityZone: sn.availabilityZone, connectivity, privateIp, publicIp: connectivity === 'public' ? g.publicIp : undefined, interface: ifaceId, ...labelsOf(g) };
  });
  // NAT gateways have no security groups: clear what `iface` defaulted.
  for (let k = 0; k < networkInterfaces.length; k++) {
    const n = networkInterfaces[k]!;
    if (n.owner.kind === 'nat-gateway') networkInterfaces[k] = { ...n, securityGroups: [] };
  }

  // Gateway Load Balancer endpoints are kept apart from the other endpoints (see model.ts).
  const vpcEndpoints: ModelVpcEndpoint[] = [];
  const gwlbEndpointDecls: (NonNullable<Scenario['vpcEndpoints']>[number])[] = [];
  for (const e of s.vpcEndpoints ?? []) {
    if (e.type === 'gatewayLoadBalancer') {
      gwlbEndpointDecls.push(e);
      continue;
    }
    const vs = scopeOfVpc(e.vpc);
    const interfaces: string[] = [];
    const addresses: Record<string, string> = {};
    if (e.type === 'interface') {
      for (const sid of e.subnets ?? []) {
        const id = `${e.id}/${sid}`;
        interfaces.push(id);
        const privateIp = e.addresses?.[sid] ?? freeIp(sid);
        addresses[sid] = privateIp;
        networkInterfaces.push(iface(id, sid, { privateIp, securityGroups: e.securityGroups }, { kind: 'vpc-endpoint', vpcEndpoint: e.id }));
      }
    }
    const service = e.service.startsWith('com.amazonaws.') ? e.service.split('.').slice(3).join('.') : e.service;
    vpcEndpoints.push({
      id: e.id,
      vpc: e.vpc,
      ...vs,
      type: e.type,
      service,
      serviceName: `com.amazonaws.${vs.region}.${service}`,
      routeTables: e.routeTables ?? [],
      subnets: e.subnets ?? [],
      securityGroups: e.securityGroups ?? [],
      privateDns: e.privateDns ?? e.type === 'interface',
      policy: e.policy,
      interfaces,
      addresses,
      ...labelsOf(e),
    });
  }
  const gatewayLoadBalancerEndpoints: ModelGatewayLoadBalancerEndpoint[] = gwlbEndpointDecls.map((e) => {
    // INVARIANT: validation requires exactly one subnet.
    const sid = e.subnets![0]!;
    const sn = subnetById.get(sid)!;
    return { id: e.id, vpc: e.vpc, ...scopeOfVpc(e.vpc), subnet: sid, availabilityZone: sn.availabilityZone, loadBalancer: e.service, privateIp: e.addresses?.[sid] ?? freeIp(sid), ...labelsOf(e) };
  });

  // Load balancers: one node per subnet; AWS's defaults per type.
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
  // An internet-facing node's public address is AWS's to assign; where the scenario gives none,
  // vpcsim stands one in: the lowest free address of 52.4.0.0/16 (EC2 space, outside the bundled
  // service prefix lists), after every declared public address. Internal and gateway load
  // balancers have none. https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
  const publicTaken = new Set<number>();
  const takePublic = (ip: string | undefined): void => {
    const v = ip === undefined ? undefined : parseIpv4(ip);
    if (v !== undefined) publicTaken.add(v);
  };
  for (const i of s.networkInterfaces ?? []) takePublic(i.publicIp);
  for (const i of s.instances ?? []) takePublic(i.publicIp);
  for (const g of s.natGateways ?? []) takePublic(g.publicIp);
  for (const g of s.customerGateways ?? []) takePublic(g.ip);
  for (const lb of s.loadBalancers ?? []) for (const n of lb.nodes ?? []) takePublic(n.publicIp);
  const PUBLIC_STAND_IN = 0x34040001; // 52.4.0.1
  let nextPublic = PUBLIC_STAND_IN;
  const freePublic = (): string => {
    while (publicTaken.has(nextPublic)) nextPublic++;
    publicTaken.add(nextPublic);
    return formatIpv4(nextPublic >>> 0);
  };
  const loadBalancers: ModelLoadBalancer[] = (s.loadBalancers ?? []).map((lb) => {
    const vpc = subnetById.get(lb.subnets[0]!)!.vpc;
    const internetFacing = lb.type !== 'gateway' && (lb.scheme ?? 'internet-facing') === 'internet-facing';
    const nodes: ModelLoadBalancerNode[] = lb.subnets.map((sid) => {
      const sn = subnetById.get(sid)!;
      const decl = (lb.nodes ?? []).find((n) => n.subnet === sid);
      return {
        id: `${lb.id}/${sid}`,
        loadBalancer: lb.id,
        subnet: sid,
        vpc: sn.vpc,
        availabilityZone: sn.availabilityZone,
        privateIp: decl?.privateIp ?? freeIp(sid),
        publicIp: decl?.publicIp ?? (internetFacing ? freePublic() : undefined),
        ipv6Address: decl?.ipv6Address,
        chosen: decl?.privateIp === undefined,
        publicIpChosen: internetFacing && decl?.publicIp === undefined,
      };
    });
    const declaredSgs = lb.securityGroups ?? [];
    const securityGroups = lb.type === 'gateway' ? [] : lb.type === 'classic' && declaredSgs.length === 0 ? [defaultSgOf.get(vpc)!] : declaredSgs;
    const listeners: ModelListener[] = (lb.listeners ?? []).map((l) =>
      lb.type === 'classic'
        ? { protocol: l.protocol!, port: l.port!, instancePort: l.instancePort ?? l.port!, instanceProtocol: l.instanceProtocol ?? classicInstanceProtocol(l.protocol!), instances: l.instances ?? lb.instances ?? [] }
        : { protocol: l.protocol ?? 'GENEVE', port: l.port ?? 6081, targetGroup: l.targetGroup, instances: [] },
    );
    return {
      id: lb.id,
      ...scopeOfVpc(vpc),
      ...labelsOf(lb),
      type: lb.type,
      scheme: lb.type === 'gateway' ? undefined : (lb.scheme ?? 'internet-facing'),
      vpc,
      subnets: lb.subnets,
      availabilityZones: nodes.map((n) => n.availabilityZone),
      securityGroups,
      checksSecurityGroups: securityGroups.length > 0,
      crossZone: lb.type === 'application' ? true : (lb.crossZone ?? false),
      ipAddressType: lb.ipAddressType ?? 'ipv4',
      nodes,
      listeners,
      targetGroups: [...new Set(listeners.flatMap((l) => (l.targetGroup === undefined ? [] : [l.targetGroup])))],
      healthCheck: lb.type === 'classic' ? { protocol: lb.healthCheck?.protocol ?? 'TCP', port: lb.healthCheck?.port ?? 80, path: lb.healthCheck?.path } : undefined,
    };
  });
  const lbOfTargetGroup = new Map<string, ModelLoadBalancer>();
  for (const lb of loadBalancers) for (const tg of lb.targetGroups) if (!lbOfTargetGroup.has(tg)) lbOfTargetGroup.set(tg, lb);

  // Target groups: resolved targets and AWS's defaults.
  const instanceDecl = new Map((s.instances ?? []).map((i) => [i.id, i]));
  const ifaceByVpcIp = new Map<string, ModelNetworkInterface>();
  for (const n of networkInterfaces) {
    for (const ip of [n.privateIp, ...n.secondaryPrivateIps, ...n.ipv6Addresses]) ifaceByVpcIp.set(`${n.vpc}|${ip}`, n);
  }
  const subnetsOfVpc = new Map<string, ModelSubnet[]>();
  for (const sn of subnets) {
    let list = subnetsOfVpc.get(sn.vpc);
    if (!list) subnetsOfVpc.set(sn.vpc, (list = []));
    list.push(sn);
  }
  const targetGroups: ModelTargetGroup[] = (s.targetGroups ?? []).map((tg) => {
    const targetType = tg.targetType ?? 'instance';
    const lb = lbOfTargetGroup.get(tg.id);
    const port = tg.port ?? 6081; // INVARIANT: validation requires `port` except for GENEVE groups
    const vpcBlocks = vpcById.get(tg.vpc)?.blocks ?? [];
    const targets: ModelTarget[] = (tg.targets ?? []).map((t): ModelTarget => {
      const health = { declaredHealth: t.health, declaredUnhealthy: t.health !== undefined && OUT_OF_SERVICE.has(t.health) };
      if (t.ip !== undefined) {
        const a = parseIp(t.ip)!;
        const insideVpc = vpcBlocks.some((b) => b.version === a.version && cidrContains(b, a.value));
        const sn = insideVpc ? (subnetsOfVpc.get(tg.vpc) ?? []).find((x) => (a.version === 4 ? cidrContains(x.block, a.value) : x.ipv6Block !== undefined && cidrContains(x.ipv6Block, a.value))) : undefined;
        return {
          kind: 'ip',
          id: t.ip,
          ip: t.ip,
          interface: ifaceByVpcIp.get(`${tg.vpc}|${t.ip}`)?.id,
          port: t.port ?? port,
          availabilityZone: t.availabilityZone ?? sn?.availabilityZone ?? 'all',
          subnet: sn?.id,
          insideVpc,
          ...health,
        };
      }
      const id = t.id!;
      if (targetType === 'alb') return { kind: 'alb', id, port: t.port ?? port, availabilityZone: 'all', insideVpc: true, ...health };
      const inst = instanceDecl.get(id)!;
      const sn = subnetById.get(inst.subnet)!;
      return { kind: 'instance', id, ip: inst.privateIp, interface: primaryInterfaceId(id), port: t.port ?? port, availabilityZone: sn.availabilityZone, subnet: sn.id, insideVpc: sn.vpc === tg.vpc, ...health };
    });
    return {
      id: tg.id,
      ...scopeOfVpc(tg.vpc),
      ...labelsOf(tg),
      vpc: tg.vpc,
      targetType,
      protocol: tg.protocol,
      port,
      loadBalancer: lb?.id,
      crossZone: tg.crossZone ?? lb?.crossZone ?? (tg.protocol === 'HTTP' || tg.protocol === 'HTTPS'),
      preserveClientIp: effectivePreserveClientIp(tg.protocol, targetType, tg.preserveClientIp),
      healthCheck: effectiveHealthCheck(tg.protocol, tg.healthCheck),
      targets,
    };
  });

  // Prefix lists: declared ones, plus the AWS-managed lists per region in use.
  const prefixLists: ModelPrefixList[] = (s.prefixLists ?? []).map((p) => ({
    id: p.id,
    name: p.name,
    region: p.region,
    cidrs: p.cidrs,
    blocks: p.cidrs.map(cidrOf),
    awsManaged: false,
  }));
  const declared = new Set(prefixLists.map((p) => p.id));
  const regions = new Set<string>([scope.region, ...vpcs.map((v) => v.region)]);
  for (const [id, svc] of Object.entries(AWS_MANAGED_PREFIX_LIST_IDS)) {
    if (declared.has(id)) continue;
    for (const region of regions) {
      const snap = AWS_SERVICE_RANGES[region]?.[svc];
      if (!snap) {
        const used = (s.routeTables ?? []).some((t) => (t.routes ?? []).some((r) => r.destination === id)) || (s.vpcEndpoints ?? []).some((e) => e.type === 'gateway' && e.service === svc);
        if (used)
          warnings.push(warning('prefix-list-snapshot', ['prefixLists'], `no bundled ranges for \`${id}\` in \`${region}\`: a placeholder block stands in`, `declare \`${id}\` under prefixLists with the region's ranges`));
      }
      const cidrs = snap ?? UNKNOWN_REGION_RANGES[svc];
      prefixLists.push({ id, name: `com.amazonaws.${region}.${svc}`, region, cidrs, blocks: cidrs.map(cidrOf), awsManaged: true });
    }
  }

  return {
    vpcs,
    subnets,
    routeTables,
    networkAcls,
    securityGroups,
    networkInterfaces,
    instances,
    internetGateways: (s.internetGateways ?? []).map((g) => ({ id: g.id, vpc: g.vpc, ...(g.vpc ? scopeOfVpc(g.vpc) : scope), routeTable: g.routeTable, ...labelsOf(g) })),
    egressOnlyInternetGateways: (s.egressOnlyInternetGateways ?? []).map((g) => ({ ...g, ...scopeOfVpc(g.vpc), ...labelsOf(g) })),
    natGateways,
    vpcPeeringConnections: (s.vpcPeeringConnections ?? []).map((p) => ({
      id: p.id,
      requester: p.requester,
      accepter: p.accepter,
      status: p.status ?? 'active',
      active: (p.status ?? 'active') === 'active',
      ...labelsOf(p),
    })),
    vpcEndpoints,
    prefixLists,
    transitGateways: (s.transitGateways ?? []).map((t) => ({
      id: t.id,
      account: t.account ?? scope.account,
      region: t.region ?? scope.region,
      asn: t.asn,
      routeTables: (t.routeTables ?? []).map((r) => ({ id: r.id, routes: r.routes ?? [], associations: r.associations ?? [], propagations: r.propagations ?? [], ...labelsOf(r) })),
      attachments: t.attachments ?? [],
      ...labelsOf(t),
    })),
    vpnGateways: (s.vpnGateways ?? []).map((g) => ({ id: g.id, vpc: g.vpc, asn: g.asn, ...(g.vpc ? scopeOfVpc(g.vpc) : scope), routeTable: g.routeTable, ...labelsOf(g) })),
    customerGateways: s.customerGateways ?? [],
    vpnConnections: (s.vpnConnections ?? []).map((c) => {
      const tunnels = c.tunnels ?? [{ status: 'up' as const }, { status: 'up' as const }];
      return {
        id: c.id,
        customerGateway: c.customerGateway,
        vpnGateway: c.vpnGateway,
        transitGateway: c.transitGateway,
        routing: c.routing ?? (c.staticRoutes && c.staticRoutes.length > 0 ? 'static' : 'bgp'),
        staticRoutes: c.staticRoutes ?? [],
        tunnels,
        up: tunnels.some((t) => t.status === 'up'),
        transport: c.transport,
        ...labelsOf(c),
      };
    }),
    externalNetworks: (s.externalNetworks ?? []).map((n): ModelExternalNetwork => {
      const vias = n.via === undefined ? [] : typeof n.via === 'string' ? [n.via] : n.via;
      return { ...n, via: vias[0], vias, ...labelsOf(n) };
    }),
    loadBalancers,
    targetGroups,
    gatewayLoadBalancerEndpoints,
    ...normalizeDirectConnect(s, scope, vpcById),
  };
}

/** Whether CIDR text `text` is the same block as `b` (written differently, e.g. IPv6 forms). */
function sameBlock(b: CidrBlock, text: string): boolean {
  const c = parseIp(text.split('/')[0] ?? '');
  return c !== undefined && c.version === b.version && c.value === b.base && Number(text.split('/')[1]) === b.prefix;
}

/** A classic listener's instance protocol when left out: the listener's own protocol. */
function classicInstanceProtocol(p: string): 'HTTP' | 'HTTPS' | 'TCP' | 'SSL' {
  return p === 'HTTP' || p === 'HTTPS' || p === 'SSL' ? p : 'TCP';
}

/**
 * Direct Connect: connection and virtual interface states (`up` is read as `available`), and the
 * effective allowed prefixes of each Direct Connect gateway association.
 * https://docs.aws.amazon.com/directconnect/latest/APIReference/API_VirtualInterface.html
 * https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
 */
function normalizeDirectConnect(
  s: Scenario,
  scope: Scope,
  vpcById: ReadonlyMap<string, ModelVpc>,
): Pick<NetworkModel, 'directConnectConnections' | 'directConnectGateways' | 'virtualInterfaces'> {
  const dx = s.directConnect ?? {};
  const directConnectConnections: ModelDirectConnectConnection[] = (dx.connections ?? []).map((c) => {
    const status = c.status ?? 'available';
    return { id: c.id, account: c.account ?? scope.account, region: c.region ?? scope.region, ...labelsOf(c), location: c.location, bandwidth: c.bandwidth, status, available: status === 'available' };
  });
  const connById = new Map(directConnectConnections.map((c) => [c.id, c]));
  const virtualInterfaces: ModelVirtualInterface[] = (dx.virtualInterfaces ?? []).map((v) => {
    const conn = connById.get(v.connection);
    const status = v.status === undefined || v.status === 'up' ? 'available' : v.status;
    return {
      id: v.id,
      account: v.account ?? conn?.account ?? scope.account,
      region: v.region ?? conn?.region ?? scope.region,
      ...labelsOf(v),
      type: v.type,
      connection: v.connection,
      dxGateway: v.dxGateway,
      vpnGateway: v.vpnGateway,
      status,
      available: status === 'available' && conn?.available === true,
      routeFilterPrefixes: v.routeFilterPrefixes ?? [],
      asn: v.asn,
    };
  });
  const vgwVpc = new Map((s.vpnGateways ?? []).map((g) => [g.id, g.vpc]));
  const directConnectGateways: ModelDirectConnectGateway[] = (dx.gateways ?? []).map((g) => {
    const associations = (g.associations ?? []).map((a): ModelDirectConnectGatewayAssociation => {
      if (a.transitGateway !== undefined) {
        const allowed = a.allowedPrefixes ?? [];
        return { id: a.id, kind: 'transit-gateway', gateway: a.transitGateway, allowedPrefixes: allowed, advertised: allowed };
      }
      const vpcId = vgwVpc.get(a.vpnGateway!);
      const vpc = vpcId === undefined ? undefined : vpcById.get(vpcId);
      const blocks = vpc?.blocks ?? [];
      const allowed = a.allowedPrefixes ?? blocks.filter((b) => b.version === 4).map((b) => b.text);
      const allowedBlocks = allowed.map(cidrOf);
      // "a range that is the same or wider than the VPC CIDR": each VPC block an allowed prefix covers
      const advertised = blocks.filter((b) => allowedBlocks.some((p) => cidrWithin(b, p))).map((b) => b.text);
      return { id: a.id, kind: 'vpn-gateway', gateway: a.vpnGateway!, allowedPrefixes: allowed, advertised };
    });
    const vifs = virtualInterfaces.filter((v) => v.dxGateway === g.id);
    const transit = associations.some((a) => a.kind === 'transit-gateway') || vifs.some((v) => v.type === 'transit');
    const priv = associations.some((a) => a.kind === 'vpn-gateway') || vifs.some((v) => v.type === 'private');
    return {
      id: g.id,
      account: g.account ?? scope.account,
      ...labelsOf(g),
      asn: g.asn,
      // INVARIANT: validation refuses a gateway that mixes the two kinds
      kind: transit ? 'transit' : priv ? 'private' : 'unused',
      associations,
      virtualInterfaces: vifs.map((v) => v.id),
    };
  });
  return { directConnectConnections, directConnectGateways, virtualInterfaces };
}
