// Lookup maps over a NetworkModel, built once per model.
import type { ComponentKind, ModelIndex, ModelNetworkInterface, ModelSubnet, NetworkModel } from './model.js';

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
    routeTable: new Map(n.routeTables.map((v) => [v.id, v])),
    networkAcl: new Map(n.networkAcls.map((v) => [v.id, v])),
    securityGroup: new Map(n.securityGroups.map((v) => [v.id, v])),
    networkInterface: new Map(n.networkInterfaces.map((v) => [v.id, v])),
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
  };
}

/** Looks up a prefix list as a route table or rule in `region` names it (`pl-s3` → that region's list). */
export function prefixListIn(index: ModelIndex, id: string, region: string) {
  return index.prefixList.get(id) ?? index.prefixList.get(`${id}@${region}`);
}
