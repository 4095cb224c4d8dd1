// Scenario → NetworkModel: defaults filled, implicit resources materialized (see model.ts).
// INVARIANT: the input passed schema parsing and validateScenario without errors, so every
// reference resolves and every CIDR and address parses.
import { cidrOf, formatIpv4, parseIpv4, type CidrBlock } from './address.js';
import { AWS_MANAGED_PREFIX_LIST_IDS, AWS_SERVICE_RANGES, UNKNOWN_REGION_RANGES } from './aws-prefix-lists.js';
import { warning, type Diagnostic } from './diagnostic.js';
import {
  FALLBACK_SCOPE,
  type ModelInstance,
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
import type { NetworkAclRule, Scenario, SecurityGroupRule } from './schema/index.js';

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
      tags: v.tags ?? {},
    };
  });
  const vpcById = new Map(vpcs.map((v) => [v.id, v]));
  const scopeOfVpc = (id: string): Scope => {
    const v = vpcById.get(id);
    return { account: v?.account ?? scope.account, region: v?.region ?? scope.region };
  };

  // Route tables, with the implicit main table where none is declared.
  const routeTables: ModelRouteTable[] = (s.routeTables ?? []).map((t) => ({
    id: t.id,
    vpc: t.vpc,
    ...scopeOfVpc(t.vpc),
    main: t.main ?? false,
    implicit: false,
    routes: t.routes ?? [],
    propagatingGateways: t.propagatingGateways ?? [],
  }));
  const mainOf = new Map<string, string>();
  for (const t of routeTables) if (t.main) mainOf.set(t.vpc, t.id);
  for (const v of vpcs) {
    if (mainOf.has(v.id)) continue;
    const id = implicitMainRouteTableId(v.id);
    routeTables.push({ id, vpc: v.id, account: v.account, region: v.region, main: true, implicit: true, routes: [], propagatingGateways: [] });
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
    networkAcls.push({ id, vpc: v.id, account: v.account, region: v.region, default: true, implicit: true, inbound: allowAll, outbound: allowAll });
    defaultAclOf.set(v.id, id);
  }

  // Security groups, with the implicit default group.
  const securityGroups: ModelSecurityGroup[] = (s.securityGroups ?? []).map((g) => ({
    id: g.id,
    vpc: g.vpc,
    ...scopeOfVpc(g.vpc),
    name: g.name,
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
    },
    owner: ModelNetworkInterface['owner'],
  ): ModelNetworkInterface => {
    const sn = subnetById.get(subnetId)!;
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
      sourceDestCheck: f.sourceDestCheck ?? true,
      nat: f.nat ?? false,
      owner,
    };
  };

  const extraOf = new Map<string, { instance: string }>();
  for (const i of s.instances ?? []) for (const e of i.networkInterfaces ?? []) extraOf.set(e, { instance: i.id });

  const networkInterfaces: ModelNetworkInterface[] = [];
  const instances: ModelInstance[] = [];
  for (const i of s.instances ?? []) {
    const primary = primaryInterfaceId(i.id);
    networkInterfaces.push(iface(primary, i.subnet, i, { kind: 'instance', instance: i.id, primary: true }));
    const sn = subnetById.get(i.subnet)!;
    instances.push({
      id: i.id,
      account: sn.account,
      region: sn.region,
      name: i.name,
      interfaces: [primary, ...(i.networkInterfaces ?? [])],
      instanceProfile: i.instanceProfile,
      tags: i.tags ?? {},
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
    return { id: g.id, subnet: g.subnet, vpc: sn.vpc, account: sn.account, region: sn.region, availabilityZone: sn.availabilityZone, connectivity, privateIp, publicIp: connectivity === 'public' ? g.publicIp : undefined, interface: ifaceId };
  });
  // NAT gateways have no security groups: clear what `iface` defaulted.
  for (let k = 0; k < networkInterfaces.length; k++) {
    const n = networkInterfaces[k]!;
    if (n.owner.kind === 'nat-gateway') networkInterfaces[k] = { ...n, securityGroups: [] };
  }

  const vpcEndpoints: ModelVpcEndpoint[] = (s.vpcEndpoints ?? []).map((e) => {
    const vs = scopeOfVpc(e.vpc);
    const interfaces: string[] = [];
    if (e.type === 'interface') {
      for (const sid of e.subnets ?? []) {
        const id = `${e.id}/${sid}`;
        interfaces.push(id);
        networkInterfaces.push(iface(id, sid, { privateIp: freeIp(sid), securityGroups: e.securityGroups }, { kind: 'vpc-endpoint', vpcEndpoint: e.id }));
      }
    }
    const service = e.service.startsWith('com.amazonaws.') ? e.service.split('.').slice(3).join('.') : e.service;
    return {
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
    internetGateways: (s.internetGateways ?? []).map((g) => ({ id: g.id, vpc: g.vpc, ...(g.vpc ? scopeOfVpc(g.vpc) : scope) })),
    egressOnlyInternetGateways: (s.egressOnlyInternetGateways ?? []).map((g) => ({ ...g, ...scopeOfVpc(g.vpc) })),
    natGateways,
    vpcPeeringConnections: (s.vpcPeeringConnections ?? []).map((p) => ({
      id: p.id,
      requester: p.requester,
      accepter: p.accepter,
      status: p.status ?? 'active',
      active: (p.status ?? 'active') === 'active',
    })),
    vpcEndpoints,
    prefixLists,
    transitGateways: (s.transitGateways ?? []).map((t) => ({
      id: t.id,
      account: t.account ?? scope.account,
      region: t.region ?? scope.region,
      asn: t.asn,
      routeTables: (t.routeTables ?? []).map((r) => ({ id: r.id, routes: r.routes ?? [], associations: r.associations ?? [], propagations: r.propagations ?? [] })),
      attachments: t.attachments ?? [],
    })),
    vpnGateways: (s.vpnGateways ?? []).map((g) => ({ id: g.id, vpc: g.vpc, asn: g.asn, ...(g.vpc ? scopeOfVpc(g.vpc) : scope) })),
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
      };
    }),
    externalNetworks: s.externalNetworks ?? [],
  };
}
