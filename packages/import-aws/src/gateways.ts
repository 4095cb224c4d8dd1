// Gateways, peering, endpoints, prefix lists and site-to-site VPN.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InternetGateway.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EgressOnlyInternetGateway.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NatGateway.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcPeeringConnection.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpcEndpoint.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ManagedPrefixList.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_PrefixListEntry.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnGateway.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CustomerGateway.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_VpnConnection.html
import { own, type VpcPeeringConnection, type VpnTunnel } from '@vpcsim/model';
import { decodePolicy } from './policy-document.js';
import type { AwsObject, Origin } from './reader.js';
import type { ImportState } from './state.js';

const ATTACHED = new Set(['attached', 'available', 'attaching']);
const VGW_ATTACHED = new Set(['attached', 'attaching']);

/** The first VPC a gateway is attached to (an attachment without a state counts), from its attachment list. */
function attachedVpc(obj: AwsObject, key: string, label: string, states: ReadonlySet<string>): string | undefined {
  let vpc: string | undefined;
  for (const a of obj.objs(key, label)) {
    const v = a.str('VpcId');
    const s = a.str('State');
    a.done([]);
    if (v !== undefined && (s === undefined || states.has(s))) vpc ??= v;
  }
  return vpc;
}

/** Maps describe-internet-gateways and describe-egress-only-internet-gateways. */
export function mapInternetGateways(st: ImportState): void {
  for (const { obj } of st.itemsOf('InternetGateways')) {
    const id = obj.str('InternetGatewayId', true);
    const vpc = attachedVpc(obj, 'Attachments', 'attachment', ATTACHED);
    const tags = obj.tags();
    obj.done(['OwnerId']);
    if (id === undefined || !st.claim(id)) continue;
    const routeTable = st.gatewayRouteTables.get(id);
    st.draft.internetGateways.push(st.from({ id, ...(vpc !== undefined ? { vpc } : {}), ...(routeTable !== undefined ? { routeTable } : {}), ...(tags ? { tags } : {}) }, obj.at()));
  }
  for (const { obj } of st.itemsOf('EgressOnlyInternetGateways')) {
    const id = obj.str('EgressOnlyInternetGatewayId', true);
    const vpc = attachedVpc(obj, 'Attachments', 'attachment', ATTACHED);
    const tags = obj.tags();
    obj.done(['OwnerId']);
    if (id === undefined) continue;
    if (vpc === undefined) {
      st.report.warn(obj.at('Attachments'), 'unmapped', `egress-only internet gateway \`${id}\` is attached to no VPC: not imported`);
      continue;
    }
    if (!st.claim(id)) continue;
    st.draft.egressOnlyInternetGateways.push(st.from({ id, vpc, ...(tags ? { tags } : {}) }, obj.at()));
  }
}

/** Maps describe-nat-gateways. */
export function mapNatGateways(st: ImportState): void {
  for (const { obj } of st.itemsOf('NatGateways')) {
    const id = obj.str('NatGatewayId', true);
    const subnet = obj.str('SubnetId', true);
    const state = obj.str('State');
    const connectivity = obj.str('ConnectivityType');
    let publicIp: string | undefined;
    let privateIp: string | undefined;
    for (const a of obj.objs('NatGatewayAddresses', 'NAT gateway address')) {
      const pub = a.str('PublicIp');
      const priv = a.str('PrivateIp');
      const primary = a.bool('IsPrimary');
      a.done(['AllocationId', 'NetworkInterfaceId', 'AssociationId', 'Status', 'FailureMessage']);
      if (primary === false) {
        if (pub !== undefined || priv !== undefined) st.report.warn(a.at(), 'unmapped', `secondary address of NAT gateway \`${id}\` is not modelled: not imported`);
        continue;
      }
      publicIp ??= pub;
      privateIp ??= priv;
    }
    const tags = obj.tags();
    obj.done(['CreateTime', 'DeleteTime', 'FailureCode', 'FailureMessage', 'ProvisionedBandwidth', 'VpcId', 'ConnectivityType', 'AvailabilityMode', 'AutoScalingIps', 'AutoProvisionZones', 'AttachedAppliances', 'RouteTableId']);
    if (id === undefined || subnet === undefined) continue;
    if (state !== undefined && state !== 'available' && state !== 'pending') {
      st.report.warn(obj.at('State'), 'skipped-state', `NAT gateway \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    if (!st.claim(id)) continue;
    const conn = connectivity === 'private' ? 'private' : 'public';
    st.draft.natGateways.push(
      st.from(
        {
          id,
          subnet,
          ...(conn === 'public' && publicIp !== undefined ? { publicIp } : {}),
          ...(privateIp !== undefined ? { privateIp } : {}),
          ...(connectivity !== undefined ? { connectivity: conn } : {}),
          ...(tags ? { tags } : {}),
        },
        obj.at(),
      ),
    );
  }
}

const PEERING_STATUS: Record<string, VpcPeeringConnection['status']> = {
  active: 'active',
  'pending-acceptance': 'pending-acceptance',
  'initiating-request': 'provisioning',
  provisioning: 'provisioning',
  rejected: 'rejected',
  failed: 'failed',
  expired: 'expired',
  deleted: 'deleted',
  deleting: 'deleted',
};

/** Maps describe-vpc-peering-connections; needs the VPCs mapped first. */
export function mapVpcPeeringConnections(st: ImportState): void {
  const vpcs = new Set(st.draft.vpcs.map((v) => v.id));
  for (const { obj } of st.itemsOf('VpcPeeringConnections')) {
    const id = obj.str('VpcPeeringConnectionId', true);
    const req = obj.obj('RequesterVpcInfo', 'peering VPC info');
    const acc = obj.obj('AccepterVpcInfo', 'peering VPC info');
    const requester = req?.str('VpcId');
    const accepter = acc?.str('VpcId');
    for (const side of [req, acc]) side?.done(['CidrBlock', 'CidrBlockSet', 'Ipv6CidrBlockSet', 'OwnerId', 'PeeringOptions', 'Region']);
    const statusObj = obj.obj('Status', 'peering status');
    const code = statusObj?.str('Code');
    statusObj?.done(['Message']);
    const tags = obj.tags();
    obj.done(['ExpirationTime']);
    if (id === undefined) continue;
    if (requester === undefined || accepter === undefined) {
      st.report.warn(obj.at(), 'unmapped', `peering connection \`${id}\` does not name both VPCs: not imported`);
      continue;
    }
    const status = own(PEERING_STATUS, code);
    if (status === 'deleted' || status === 'rejected' || status === 'failed' || status === 'expired') {
      st.report.warn(obj.at('Status', 'Code'), 'skipped-state', `peering connection \`${id}\` is \`${code}\`: not imported`);
      continue;
    }
    const missing = [requester, accepter].filter((v) => !vpcs.has(v));
    if (missing.length > 0) {
      if (!st.ids.has(id))
        st.report.warn(obj.at(), 'unresolved', `peering connection \`${id}\` joins ${missing.map((m) => `\`${m}\``).join(' and ')}, not in the export: not imported`, 'export the peer account too (`accounts/<id>/<region>/`)');
      continue;
    }
    if (!st.claim(id)) continue;
    st.draft.vpcPeeringConnections.push(st.from({ id, requester, accepter, ...(status !== undefined ? { status } : {}), ...(tags ? { tags } : {}) }, obj.at()));
  }
}

/** Gateway endpoint id → its route tables (read before the route tables are mapped). */
export function gatewayEndpointTables(st: ImportState): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const { obj } of st.itemsOf('VpcEndpoints')) {
    const id = obj.value.VpcEndpointId;
    const tables = obj.value.RouteTableIds;
    if (typeof id === 'string' && Array.isArray(tables)) out.set(id, new Set(tables.filter((t): t is string => typeof t === 'string')));
  }
  return out;
}

/** Endpoint service name → the gateway load balancer behind it (describe-vpc-endpoint-service-configurations). */
function gatewayLoadBalancerServices(st: ImportState): Map<string, string> {
  const out = new Map<string, string>();
  for (const { obj } of st.itemsOf('VpcEndpointServiceConfigurations')) {
    const name = obj.str('ServiceName');
    const arns = obj.strs('GatewayLoadBalancerArns');
    obj.done([
      'ServiceType', 'ServiceId', 'ServiceState', 'AvailabilityZones', 'AcceptanceRequired', 'ManagesVpcEndpoints', 'NetworkLoadBalancerArns', 'SupportedIpAddressTypes', 'BaseEndpointDnsNames',
      'PrivateDnsName', 'PrivateDnsNameConfiguration', 'PayerResponsibility', 'Tags', 'SupportedRegions', 'RemoteAccessEnabled',
    ]);
    const lb = arns.map((a) => st.loadBalancerIds.get(a)).find((x) => x !== undefined);
    if (name !== undefined && lb !== undefined) out.set(name, lb);
  }
  return out;
}

/** Maps describe-vpc-endpoints (needs the load balancers mapped first, for Gateway Load Balancer endpoints). */
export function mapVpcEndpoints(st: ImportState): void {
  // the endpoints' interfaces (InterfaceType vpc_endpoint), by id
  const endpointEnis = new Map<string, { id: string; ip: string; subnet: string; endpoint: string | undefined }>();
  for (const { obj } of st.itemsOf('NetworkInterfaces')) {
    const v = obj.value;
    if (typeof v.NetworkInterfaceId !== 'string' || typeof v.PrivateIpAddress !== 'string' || typeof v.SubnetId !== 'string') continue;
    const endpoint = typeof v.Description === 'string' ? /\b(vpce-[0-9a-f]+)\b/.exec(v.Description)?.[1] : undefined;
    if (v.InterfaceType === 'vpc_endpoint' || v.InterfaceType === 'gateway_load_balancer_endpoint' || endpoint !== undefined) endpointEnis.set(v.NetworkInterfaceId, { id: v.NetworkInterfaceId, ip: v.PrivateIpAddress, subnet: v.SubnetId, endpoint });
  }
  let gwlbServices: Map<string, string> | undefined;
  for (const { obj } of st.itemsOf('VpcEndpoints')) {
    const id = obj.str('VpcEndpointId', true);
    const vpc = obj.str('VpcId', true);
    const type = obj.str('VpcEndpointType');
    const service = obj.str('ServiceName', true);
    const state = obj.str('State');
    const routeTables = obj.strs('RouteTableIds');
    const subnets = obj.strs('SubnetIds');
    const groups = obj.objs('Groups', 'security group reference').map((g) => {
      const gid = g.str('GroupId');
      g.done(['GroupName']);
      return gid;
    }).filter((g): g is string => g !== undefined);
    const eniIds = obj.strs('NetworkInterfaceIds');
    const privateDns = obj.bool('PrivateDnsEnabled');
    const policy = decodePolicy(obj.raw('PolicyDocument'), obj.at('PolicyDocument'), st.report, `the policy of \`${id}\``);
    const tags = obj.tags();
    obj.done([
      'CreationTimestamp', 'DnsEntries', 'OwnerId', 'RequesterManaged', 'IpAddressType', 'DnsOptions', 'LastError', 'Ipv4Prefixes', 'Ipv6Prefixes',
      'ServiceNetworkArn', 'ResourceConfigurationArn', 'ServiceRegion', 'FailureReason',
    ]);
    if (id === undefined || vpc === undefined || service === undefined) continue;
    if (state !== undefined && !['available', 'pending', 'pendingacceptance', 'pendingAcceptance'].includes(state)) {
      st.report.warn(obj.at('State'), 'skipped-state', `VPC endpoint \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    const t = type?.toLowerCase();
    if (t !== 'gateway' && t !== 'interface' && t !== 'gatewayloadbalancer') {
      st.report.warn(obj.at('VpcEndpointType'), 'unmapped', `VPC endpoint \`${id}\` is of type \`${type}\`, which is not modelled (gateway, interface and GatewayLoadBalancer are): not imported`);
      continue;
    }
    let gwlb: string | undefined;
    if (t === 'gatewayloadbalancer') {
      gwlb = (gwlbServices ??= gatewayLoadBalancerServices(st)).get(service);
      if (gwlb === undefined) {
        st.report.warn(
          obj.at('ServiceName'),
          'unresolved',
          `Gateway Load Balancer endpoint \`${id}\` connects to \`${service}\`, whose gateway load balancer is not in the export: not imported`,
          'add VpcEndpointServiceConfigurations.json (aws ec2 describe-vpc-endpoint-service-configurations) and LoadBalancers.json from the account that provides the service',
        );
        continue;
      }
    }
    if (!st.claim(id)) continue;
    // the real address of each endpoint interface, from its ENIs (describe-network-interfaces)
    const addresses: Record<string, string> = {};
    if (t !== 'gateway') {
      for (const e of endpointEnis.values()) if ((eniIds.includes(e.id) || e.endpoint === id) && subnets.includes(e.subnet) && addresses[e.subnet] === undefined) addresses[e.subnet] = e.ip;
      const missing = subnets.filter((sn) => addresses[sn] === undefined);
      if (missing.length > 0)
        st.report.warn(
          obj.at(...(eniIds.length > 0 ? ['NetworkInterfaceIds'] : ['SubnetIds'])),
          'endpoint-address',
          `the interfaces of endpoint \`${id}\` in ${missing.map((m) => `\`${m}\``).join(', ')} are not in NetworkInterfaces.json: vpcsim chooses their addresses (a free address of each subnet)`,
          'add NetworkInterfaces.json (aws ec2 describe-network-interfaces) so the endpoint keeps its real addresses',
        );
    }
    if (gwlb !== undefined) {
      st.draft.vpcEndpoints.push(st.from({ id, vpc, type: 'gatewayLoadBalancer', service: gwlb, subnets, ...(Object.keys(addresses).length > 0 ? { addresses } : {}), ...(tags ? { tags } : {}) }, obj.at()));
      continue;
    }
    if (t === 'gatewayloadbalancer') continue;
    st.draft.vpcEndpoints.push(
      st.from(
        {
          id,
          vpc,
          type: t,
          service,
          ...(t === 'gateway' ? { routeTables } : { subnets }),
          ...(t === 'interface' && groups.length > 0 ? { securityGroups: groups } : {}),
          ...(t === 'interface' && privateDns !== undefined ? { privateDns } : {}),
          ...(t === 'interface' && Object.keys(addresses).length > 0 ? { addresses } : {}),
          ...(policy !== undefined ? { policy: policy as never } : {}),
          ...(tags ? { tags } : {}),
        },
        obj.at(),
      ),
    );
  }
}

/** Maps describe-managed-prefix-lists (+ entries per list) and describe-prefix-lists. */
export function mapPrefixLists(st: ImportState): void {
  const entries = new Map<string, string[]>();
  for (const f of st.perId.get('ManagedPrefixListEntries') ?? []) {
    const cidrs: string[] = [];
    for (const e of f.top.objs('Entries', 'prefix list entry', true)) {
      const c = e.str('Cidr', true);
      e.done(['Description']);
      if (c !== undefined) cidrs.push(c);
    }
    f.top.done(['NextToken']);
    entries.set(f.id, cidrs);
  }
  const used = new Set<string>();
  for (const { obj, scope } of st.itemsOf('ManagedPrefixLists')) {
    const id = obj.str('PrefixListId', true);
    const name = obj.str('PrefixListName');
    const tags = obj.tags();
    obj.done(['AddressFamily', 'State', 'StateMessage', 'PrefixListArn', 'MaxEntries', 'Version', 'OwnerId', 'IpamPrefixListResolverSyncEnabled', 'IpamPrefixListResolverTargetId']);
    if (id === undefined) continue;
    const cidrs = entries.get(id);
    used.add(id);
    if (cidrs === undefined)
      st.report.warn(obj.at(), 'missing-entries', `prefix list \`${id}\` has no entries file: imported with no CIDR blocks`, `add \`ManagedPrefixListEntries/${id}.json\` (aws ec2 get-managed-prefix-list-entries --prefix-list-id ${id})`);
    if (!st.claim(id)) continue;
    st.draft.prefixLists.push(
      st.from({ id, ...(name !== undefined ? { name } : {}), cidrs: cidrs ?? [], ...(scope.region !== undefined ? { region: scope.region } : {}), ...(tags ? { tags } : {}) }, obj.at()),
    );
  }
  for (const f of st.perId.get('ManagedPrefixListEntries') ?? [])
    if (!used.has(f.id)) st.report.warn({ file: f.file, path: [] }, 'unresolved', `entries of prefix list \`${f.id}\`, which ManagedPrefixLists.json does not list: not imported`);
  // describe-prefix-lists: the AWS-managed lists of gateway-endpoint services, with their CIDRs
  for (const { obj, scope } of st.itemsOf('PrefixLists')) {
    const id = obj.str('PrefixListId', true);
    const name = obj.str('PrefixListName');
    const cidrs = obj.strs('Cidrs');
    obj.done([]);
    if (id === undefined || !st.claim(id)) continue;
    st.draft.prefixLists.push(st.from({ id, ...(name !== undefined ? { name } : {}), cidrs, ...(scope.region !== undefined ? { region: scope.region } : {}) }, obj.at()));
  }
  overrideServiceLists(st);
}

/** `com.amazonaws.<region>.s3` / `.dynamodb`: the AWS-managed list of a gateway-endpoint service. */
const SERVICE_LIST = /^com\.amazonaws\.([a-z0-9-]+)\.(s3|dynamodb)$/;

/**
 * The model routes a gateway endpoint's traffic to the prefix list `pl-<service>` (its bundled
 * snapshot of AWS's ranges unless the scenario declares a list with that id). When the export
 * holds the AWS-managed list of the service (with entries), it becomes that declaration, so the
 * imported scenario routes the exported CIDRs; references to the AWS id (SG rules, routes) are
 * rewritten to `pl-<service>` and the AWS id is kept in the list's name. The format has one
 * `pl-<service>` for all regions: when several regions export the list, one is declared and the
 * others are reported (they stay as lists of their own ids).
 * https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
 */
function overrideServiceLists(st: ImportState): void {
  const vpcRegion = new Map(st.draft.vpcs.map((v) => [v.id, v.region]));
  const commonRegion = (rs: (string | undefined)[]): string | undefined => {
    const n = new Map<string, number>();
    for (const r of rs) if (r !== undefined) n.set(r, (n.get(r) ?? 0) + 1);
    return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  };
  for (const svc of ['s3', 'dynamodb'] as const) {
    const target = `pl-${svc}`;
    const candidates = st.draft.prefixLists
      .map((p) => ({ p, m: SERVICE_LIST.exec(p.name ?? '') }))
      .filter((c): c is { p: (typeof c)['p']; m: RegExpExecArray } => c.m !== null && c.m[2] === svc && c.p.cidrs.length > 0)
      .sort((a, b) => a.p.id.localeCompare(b.p.id));
    if (candidates.length === 0) continue;
    if (st.ids.has(target)) {
      const o = st.origin.get(candidates[0]!.p);
      if (o) st.report.warn(o, 'unmapped', `the export already uses the id \`${target}\`: the AWS-managed list \`${candidates[0]!.p.id}\` is not declared as the override of the ${svc} gateway endpoints' list`);
      continue;
    }
    // the region of the service's gateway endpoints (most of them); without gateway endpoints of
    // the service, the lists stay under their own ids (nothing routes `pl-<service>`)
    const defaultRegion = st.draft.defaults?.region ?? commonRegion(st.regions);
    const endpointRegions = st.draft.vpcEndpoints.filter((e) => e.type === 'gateway' && (e.service === svc || e.service.endsWith(`.${svc}`))).map((e) => vpcRegion.get(e.vpc) ?? defaultRegion);
    const inEndpointRegion = candidates.filter((c) => endpointRegions.includes(c.m[1]));
    if (inEndpointRegion.length === 0) continue;
    const want = commonRegion(inEndpointRegion.flatMap((c) => endpointRegions.filter((r) => r === c.m[1])));
    const chosen = inEndpointRegion.find((c) => c.m[1] === want) ?? inEndpointRegion[0]!;
    const region = chosen.m[1]!;
    const oldId = chosen.p.id;
    st.ids.add(target);
    chosen.p.id = target;
    chosen.p.name = `${chosen.p.name} (${oldId})`;
    chosen.p.region = region;
    const o = st.origin.get(chosen.p) ?? { file: '<import>', path: [] };
    st.report.add(o.file, { code: 'prefix-list-override', severity: 'warning', path: o.path, message: `AWS-managed prefix list \`${oldId}\` (${svc}, \`${region}\`) is written as \`${target}\`, the list the model's ${svc} gateway endpoints route: references to \`${oldId}\` are rewritten` });
    for (const c of inEndpointRegion) {
      if (c === chosen) continue;
      const co = st.origin.get(c.p) ?? { file: '<import>', path: [] };
      st.report.warn(co, 'unmapped', `AWS-managed prefix list \`${c.p.id}\` (${svc}, \`${c.m[1]}\`): the scenario format declares one \`${target}\` for all regions and it is \`${region}\`'s, so ${svc} gateway endpoints in \`${c.m[1]}\` route \`${region}\`'s CIDRs; the list is imported under its own id for the references to it`);
    }
    for (const r of new Set(endpointRegions)) {
      if (r === undefined || r === region || inEndpointRegion.some((c) => c.m[1] === r)) continue;
      st.report.warn(o, 'unmapped', `${svc} gateway endpoints in \`${r}\` route \`${target}\`, declared from \`${region}\`'s list: the scenario format has one \`${target}\` for all regions, so traces through them use \`${region}\`'s CIDRs`, `export describe-prefix-lists in \`${r}\` too, or split the scenario by region`);
    }
    for (const sg of st.draft.securityGroups) for (const rule of [...(sg.inbound ?? []), ...(sg.outbound ?? [])]) if (rule.prefixList === oldId) rule.prefixList = target;
    for (const t of st.draft.routeTables) for (const route of t.routes ?? []) if (route.destination === oldId) route.destination = target;
  }
}

/** Maps describe-vpn-gateways, describe-customer-gateways and describe-vpn-connections. */
export function mapVpn(st: ImportState): void {
  for (const { obj } of st.itemsOf('VpnGateways')) {
    const id = obj.str('VpnGatewayId', true);
    const state = obj.str('State');
    const asn = obj.num('AmazonSideAsn');
    const vpc = attachedVpc(obj, 'VpcAttachments', 'VPC attachment', VGW_ATTACHED);
    const tags = obj.tags();
    obj.done(['Type', 'AvailabilityZone']);
    if (id === undefined) continue;
    if (state === 'deleted' || state === 'deleting') {
      st.report.warn(obj.at('State'), 'skipped-state', `virtual private gateway \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    if (!st.claim(id)) continue;
    const routeTable = st.gatewayRouteTables.get(id);
    st.draft.vpnGateways.push(st.from({ id, ...(vpc !== undefined ? { vpc } : {}), ...(asn !== undefined ? { asn } : {}), ...(routeTable !== undefined ? { routeTable } : {}), ...(tags ? { tags } : {}) }, obj.at()));
  }
  for (const { obj } of st.itemsOf('CustomerGateways')) {
    const id = obj.str('CustomerGatewayId', true);
    const ip = obj.str('IpAddress');
    const asn = obj.num('BgpAsn') ?? obj.num('BgpAsnExtended');
    const state = obj.str('State');
    const tags = obj.tags();
    obj.done(['Type', 'CertificateArn', 'DeviceName']);
    if (id === undefined) continue;
    if (state === 'deleted' || state === 'deleting') {
      st.report.warn(obj.at('State'), 'skipped-state', `customer gateway \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    if (ip === undefined) {
      st.report.warn(obj.at('IpAddress'), 'unmapped', `customer gateway \`${id}\` has no IP address (certificate-based): not imported`);
      continue;
    }
    if (!st.claim(id)) continue;
    st.draft.customerGateways.push(st.from({ id, ip, ...(asn !== undefined ? { asn } : {}), ...(tags ? { tags } : {}) }, obj.at()));
  }
  const statics: { id: string; cgw: string; staticRoutes: string[]; origin: Origin }[] = [];
  for (const { obj } of st.itemsOf('VpnConnections')) {
    const id = obj.str('VpnConnectionId', true);
    const cgw = obj.str('CustomerGatewayId');
    const vgw = obj.str('VpnGatewayId');
    const tgw = obj.str('TransitGatewayId');
    const core = obj.str('CoreNetworkArn');
    const state = obj.str('State');
    const staticOnly = obj.obj('Options', 'VPN options')?.bool('StaticRoutesOnly');
    const staticRoutes: string[] = [];
    for (const r of obj.objs('Routes', 'VPN static route')) {
      const c = r.str('DestinationCidrBlock');
      const s = r.str('State');
      r.done(['Source']);
      if (c !== undefined && (s === undefined || s === 'available' || s === 'pending')) staticRoutes.push(c);
    }
    const tunnels: VpnTunnel[] = [];
    for (const t of obj.objs('VgwTelemetry', 'tunnel telemetry')) {
      const outsideIp = t.str('OutsideIpAddress');
      const status = t.str('Status');
      t.done(['AcceptedRouteCount', 'LastStatusChange', 'StatusMessage', 'CertificateArn']);
      tunnels.push({ ...(outsideIp !== undefined ? { outsideIp } : {}), status: status?.toUpperCase() === 'UP' ? 'up' : 'down' });
    }
    const tags = obj.tags();
    obj.done(['Category', 'CustomerGatewayConfiguration', 'Type', 'Options', 'GatewayAssociationState', 'PreSharedKeyArn', 'TransportTransitGatewayAttachmentId']);
    if (id === undefined) continue;
    if (state === 'deleted' || state === 'deleting') {
      st.report.warn(obj.at('State'), 'skipped-state', `VPN connection \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    if (cgw === undefined || (vgw === undefined && tgw === undefined)) {
      st.report.warn(obj.at(), 'unmapped', `VPN connection \`${id}\` ${core !== undefined ? 'ends at a Cloud WAN core network, which is not modelled' : 'names no customer gateway and no VGW or transit gateway'}: not imported`);
      continue;
    }
    if (!st.claim(id)) continue;
    const routing = staticOnly === true ? 'static' : staticOnly === false ? 'bgp' : undefined;
    st.draft.vpnConnections.push(
      st.from(
        {
          id,
          customerGateway: cgw,
          ...(vgw !== undefined ? { vpnGateway: vgw } : { transitGateway: tgw! }),
          ...(routing !== undefined ? { routing } : {}),
          ...(staticRoutes.length > 0 ? { staticRoutes } : {}),
          ...(tunnels.length > 0 ? { tunnels } : {}),
          ...(tags ? { tags } : {}),
        },
        obj.at(),
      ),
    );
    // the remote networks of a static VPN, so traces can name them (`external:onprem-<cgw>`)
    if (staticRoutes.length > 0) statics.push({ id, cgw, staticRoutes, origin: obj.at('Routes') });
  }
  // each static VPN's networks sit behind its customer gateway; behind the connection itself when
  // the customer gateway has several (so a BGP connection there does not advertise them)
  for (const v of statics) {
    if (sharesCustomerGateway(st, v.cgw)) {
      const first = !st.draft.externalNetworks.some((n) => n.id === `onprem-${v.cgw}`);
      const nid = first ? `onprem-${v.cgw}` : `onprem-${v.id}`;
      if (!st.claim(nid)) continue;
      const description = first ? `the networks behind ${v.cgw}, from the static routes of ${v.id} (its own: ${v.cgw} has other VPN connections)` : `the networks behind ${v.cgw}, from the static routes of ${v.id}`;
      st.draft.externalNetworks.push(first ? st.from({ id: nid, cidrs: [...v.staticRoutes], via: v.id, description }, v.origin) : { id: nid, cidrs: [...v.staticRoutes], via: v.id, description });
      continue;
    }
    const ext = st.draft.externalNetworks.find((n) => n.via === v.cgw);
    if (ext) ext.cidrs = [...new Set([...ext.cidrs, ...v.staticRoutes])];
    else if (st.claim(`onprem-${v.cgw}`)) st.draft.externalNetworks.push(st.from({ id: `onprem-${v.cgw}`, cidrs: [...v.staticRoutes], via: v.cgw, description: `the networks behind ${v.cgw}, from the static routes of ${v.id}` }, v.origin));
  }
}

/** Whether a customer gateway has several imported VPN connections (their networks are then keyed by connection). */
export function sharesCustomerGateway(st: ImportState, cgw: string): boolean {
  let n = 0;
  for (const v of st.draft.vpnConnections) if (v.customerGateway === cgw && ++n > 1) return true;
  return false;
}
