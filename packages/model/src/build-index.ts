// Lookup maps over a NetworkModel, built once per model.
import { editDistance } from './diagnostic.js';
import { namesOf } from './normalize.js';
import type {
  ComponentKind,
  Labelled,
  Model,
  ModelDirectConnectGateway,
  ModelIndex,
  ModelLoadBalancerNode,
  ModelNetworkInterface,
  ModelRouteTable,
  ModelSubnet,
  NamedResource,
  NetworkModel,
} from './model.js';

function group<T>(items: readonly T[], key: (t: T) => string | readonly string[] | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    if (k === undefined) continue;
    for (const kk of typeof k === 'string' ? [k] : k) {
      let list = m.get(kk);
      if (!list) m.set(kk, (list = []));
      list.push(t);
    }
  }
  return m;
}

/** Builds the model's indexes. */
export function buildIndex(n: NetworkModel): ModelIndex {
  const byId = new Map<string, { kind: ComponentKind; value: unknown }>();
  const put = (kind: ComponentKind, items: readonly { id: string }[]): void => {
    for (const v of items) if (!byId.has(v.id)) byId.set(v.id, { kind, value: v });
  };
  put('vpc', n.vpcs);
  put('subnet', n.subnets);
  put('route-table', n.routeTables);
  put('network-acl', n.networkAcls);
  put('security-group', n.securityGroups);
  put('instance', n.instances);
  put('network-interface', n.networkInterfaces);
  put('internet-gateway', n.internetGateways);
  put('egress-only-internet-gateway', n.egressOnlyInternetGateways);
  put('nat-gateway', n.natGateways);
  put('vpc-peering-connection', n.vpcPeeringConnections);
  put('vpc-endpoint', n.vpcEndpoints);
  put('prefix-list', n.prefixLists.filter((p) => !p.awsManaged));
  put('transit-gateway', n.transitGateways);
  for (const t of n.transitGateways) {
    put('transit-gateway-route-table', t.routeTables);
    put('transit-gateway-attachment', t.attachments);
  }
  put('vpn-gateway', n.vpnGateways);
  put('customer-gateway', n.customerGateways);
  put('vpn-connection', n.vpnConnections);
  put('external-network', n.externalNetworks);
  put('load-balancer', n.loadBalancers);
  put('target-group', n.targetGroups);
  put('gateway-load-balancer-endpoint', n.gatewayLoadBalancerEndpoints);
  put('direct-connect-connection', n.directConnectConnections);
  put('direct-connect-gateway', n.directConnectGateways);
  put('virtual-interface', n.virtualInterfaces);

  // names: the `name` field and the `Name` tag; implicit resources have none
  const byName = new Map<string, NamedResource[]>();
  for (const [id, { kind, value }] of byId) {
    for (const name of namesOf(value as Labelled)) {
      let list = byName.get(name);
      if (!list) byName.set(name, (list = []));
      list.push({ kind, id });
    }
  }

  const loadBalancerNodeByIp = new Map<string, ModelLoadBalancerNode>();
  const loadBalancerNodeByPublicIp = new Map<string, ModelLoadBalancerNode>();
  const nodes: ModelLoadBalancerNode[] = [];
  for (const lb of n.loadBalancers)
    for (const node of lb.nodes) {
      nodes.push(node);
      loadBalancerNodeByIp.set(`${node.vpc}|${node.privateIp}`, node);
      if (node.ipv6Address !== undefined) loadBalancerNodeByIp.set(`${node.vpc}|${node.ipv6Address}`, node);
      if (node.publicIp !== undefined) loadBalancerNodeByPublicIp.set(node.publicIp, node);
    }
  const routeTableById = new Map(n.routeTables.map((v) => [v.id, v]));
  const gatewayRouteTable = new Map<string, ModelRouteTable>();
  for (const g of [...n.internetGateways, ...n.vpnGateways]) {
    const t = g.routeTable === undefined ? undefined : routeTableById.get(g.routeTable);
    if (t) gatewayRouteTable.set(g.id, t);
  }
  const directConnectGatewaysByGateway = group<ModelDirectConnectGateway>(n.directConnectGateways, (g) => g.associations.map((a) => a.gateway));

  const interfaceByPrivateIp = new Map<string, ModelNetworkInterface>();
  const interfaceByPublicIp = new Map<string, ModelNetworkInterface>();
  for (const i of n.networkInterfaces) {
    interfaceByPrivateIp.set(`${i.vpc}|${i.privateIp}`, i);
    for (const ip of i.secondaryPrivateIps) interfaceByPrivateIp.set(`${i.vpc}|${ip}`, i);
    for (const ip of i.ipv6Addresses) interfaceByPrivateIp.set(`${i.vpc}|${ip}`, i);
    if (i.publicIp) interfaceByPublicIp.set(i.publicIp, i);
  }
  const prefixList = new Map(n.prefixLists.map((p) => [p.awsManaged ? `${p.id}@${p.region}` : p.id, p]));
  return {
    byId,
    vpc: new Map(n.vpcs.map((v) => [v.id, v])),
    subnet: new Map(n.subnets.map((v) => [v.id, v])),
    routeTable: routeTableById,
    networkAcl: new Map(n.networkAcls.map((v) => [v.id, v])),
    securityGroup: new Map(n.securityGroups.map((v) => [v.id, v])),
    networkInterface: new Map(n.networkInterfaces.map((v) => [v.id, v])),
    interfaceByAwsId: new Map(n.networkInterfaces.flatMap((v) => (v.awsId === undefined ? [] : [[v.awsId, v] as const]))),
    instance: new Map(n.instances.map((v) => [v.id, v])),
    natGateway: new Map(n.natGateways.map((v) => [v.id, v])),
    vpcEndpoint: new Map(n.vpcEndpoints.map((v) => [v.id, v])),
    prefixList,
    transitGateway: new Map(n.transitGateways.map((v) => [v.id, v])),
    vpnConnection: new Map(n.vpnConnections.map((v) => [v.id, v])),
    subnetsByVpc: group<ModelSubnet>(n.subnets, (s) => s.vpc),
    interfacesBySubnet: group(n.networkInterfaces, (i) => i.subnet),
    interfaceByPrivateIp,
    interfaceByPublicIp,
    interfacesBySecurityGroup: group(n.networkInterfaces, (i) => i.securityGroups),
    internetGatewayByVpc: new Map(n.internetGateways.filter((g) => g.vpc).map((g) => [g.vpc!, g])),
    byName,
    gatewayRouteTable,
    loadBalancer: new Map(n.loadBalancers.map((v) => [v.id, v])),
    loadBalancerNodeByIp,
    loadBalancerNodeByPublicIp,
    loadBalancerNodesBySubnet: group(nodes, (x) => x.subnet),
    targetGroup: new Map(n.targetGroups.map((v) => [v.id, v])),
    gatewayLoadBalancerEndpoint: new Map(n.gatewayLoadBalancerEndpoints.map((v) => [v.id, v])),
    gatewayLoadBalancerEndpointsByLoadBalancer: group(n.gatewayLoadBalancerEndpoints, (e) => e.loadBalancer),
    directConnectConnection: new Map(n.directConnectConnections.map((v) => [v.id, v])),
    directConnectGateway: new Map(n.directConnectGateways.map((v) => [v.id, v])),
    virtualInterface: new Map(n.virtualInterfaces.map((v) => [v.id, v])),
    directConnectGatewaysByGateway,
  };
}

/** Looks up a prefix list as a route table or rule in `region` names it (`pl-s3` → that region's list). */
export function prefixListIn(index: ModelIndex, id: string, region: string) {
  return index.prefixList.get(id) ?? index.prefixList.get(`${id}@${region}`);
}

/** The outcome of looking a resource up by name. */
export type NameLookup =
  | { readonly ok: true; readonly resource: NamedResource }
  | { readonly ok: false; readonly reason: string; readonly candidates: readonly NamedResource[] };

/**
 * The one network resource named `name` (its `name` field, else its `Name` tag), as a trace
 * endpoint `name:Jump Host` names it. None, or more than one: not ok, with the reason and the
 * resources that carry the name (or, for none, the closest names).
 */
export function resolveName(model: Pick<Model, 'index'>, name: string): NameLookup {
  const hits = model.index.byName.get(name) ?? [];
  if (hits.length === 1) return { ok: true, resource: hits[0]! };
  if (hits.length > 1)
    return { ok: false, reason: `${hits.length} resources are named \`${name}\`: ${hits.map((h) => `\`${h.id}\``).join(', ')}`, candidates: hits };
  const lower = name.toLowerCase();
  const near = [...model.index.byName.keys()].filter((k) => k.toLowerCase() === lower || editDistance(k, name) <= Math.max(2, Math.floor(name.length / 3)));
  return { ok: false, reason: `no resource is named \`${name}\``, candidates: near.flatMap((k) => model.index.byName.get(k) ?? []) };
}
