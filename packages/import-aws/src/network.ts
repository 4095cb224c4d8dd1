// VPCs, subnets, route tables, network ACLs and security groups, from
// describe-vpcs, describe-subnets, describe-route-tables, describe-network-acls and
// describe-security-groups.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Vpc.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Subnet.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RouteTable.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Route.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkAcl.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroup.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
import { cidrWithin, parseCidr, type NetworkAclRule, type Route, type SecurityGroupRule } from '@vpcsim/model';
import { arnParts, isAccountId, isRegion, regionOfZone } from './layout.js';
import type { AwsObject } from './reader.js';
import type { ImportState } from './state.js';

/** AWS protocol strings and numbers as scenario protocols (`"6"` → `tcp`, `"-1"` → `all`). */
export function protocolOf(p: string | undefined): string | number | undefined {
  if (p === undefined) return undefined;
  const s = p.trim().toLowerCase();
  if (s === '-1' || s === 'all') return 'all';
  if (s === 'tcp' || s === '6') return 'tcp';
  if (s === 'udp' || s === '17') return 'udp';
  if (s === 'icmp' || s === '1') return 'icmp';
  if (s === 'icmpv6' || s === '58') return 'icmpv6';
  if (/^\d{1,3}$/.test(s) && Number(s) <= 255) return Number(s);
  return undefined;
}

/** A port range as the scenario writes it. */
export function portsOf(from: number | undefined, to: number | undefined): number | string | undefined {
  if (from === undefined && to === undefined) return undefined;
  const a = from ?? 0;
  const b = to ?? 65535;
  if (a === -1 || b === -1) return undefined;
  if (a === 0 && b === 65535) return 'all';
  return a === b ? a : `${a}-${b}`;
}

const VPC_IGNORED = ['CidrBlockAssociationSet', 'Ipv6CidrBlockAssociationSet', 'DhcpOptionsId', 'InstanceTenancy', 'IsDefault', 'State', 'BlockPublicAccessStates', 'EncryptionControl'];

/** The region of each VPC, from its file's folder, its subnets' zones or ARNs. */
function vpcRegions(st: ImportState): Map<string, string> {
  const out = new Map<string, string>();
  for (const { obj } of st.itemsOf('Subnets')) {
    const vpc = obj.value.VpcId;
    const az = obj.value.AvailabilityZone;
    const r = regionOfZone(typeof az === 'string' ? az : undefined) ?? arnParts(typeof obj.value.SubnetArn === 'string' ? obj.value.SubnetArn : undefined).region;
    if (typeof vpc === 'string' && r !== undefined && !out.has(vpc)) out.set(vpc, r);
  }
  return out;
}

/** Maps describe-vpcs. */
export function mapVpcs(st: ImportState): void {
  const regions = vpcRegions(st);
  for (const { obj, scope } of st.itemsOf('Vpcs')) {
    const id = obj.str('VpcId', true);
    const cidr = obj.str('CidrBlock', true);
    if (id === undefined || cidr === undefined) continue;
    const state = obj.str('State');
    const owner = obj.str('OwnerId');
    const account = isAccountId(owner) ? owner : isAccountId(scope.account) ? scope.account : undefined;
    if (owner !== undefined && !isAccountId(owner)) st.report.warn(obj.at('OwnerId'), 'invalid-account', `owner \`${owner}\` is not a 12-digit account id: the VPC's account is left to the defaults`);
    const region = scope.region ?? regions.get(id);
    const secondary: string[] = [];
    for (const a of obj.objs('CidrBlockAssociationSet', 'CIDR block association')) {
      const c = a.str('CidrBlock');
      const s = a.obj('CidrBlockState', 'CIDR block state')?.str('State');
      a.done(['AssociationId', 'CidrBlockState']);
      if (c !== undefined && c !== cidr && (s === undefined || s === 'associated')) secondary.push(c);
    }
    let ipv6: string | undefined;
    for (const a of obj.objs('Ipv6CidrBlockAssociationSet', 'IPv6 CIDR block association')) {
      const c = a.str('Ipv6CidrBlock');
      const s = a.obj('Ipv6CidrBlockState', 'CIDR block state')?.str('State');
      a.done(['AssociationId', 'Ipv6CidrBlockState', 'NetworkBorderGroup', 'Ipv6Pool', 'Ipv6AddressAttribute', 'IpSource']);
      if (c === undefined || (s !== undefined && s !== 'associated')) continue;
      if (ipv6 === undefined) ipv6 = c;
      else st.report.warn(a.at('Ipv6CidrBlock'), 'unmapped', `second IPv6 block \`${c}\` of \`${id}\`: the scenario format takes one IPv6 block per VPC, not imported`);
    }
    const tags = obj.tags();
    obj.done(VPC_IGNORED);
    if (state !== undefined && state !== 'available' && state !== 'pending') {
      st.report.warn(obj.at('State'), 'skipped-state', `VPC \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    if (!st.claim(id)) continue;
    if (account !== undefined) st.accounts.push(account);
    if (region !== undefined) st.regions.push(region);
    st.draft.vpcs.push(
      st.from(
        {
          id,
          ...(account !== undefined ? { account } : {}),
          ...(region !== undefined && isRegion(region) ? { region } : {}),
          cidr,
          ...(secondary.length > 0 ? { secondaryCidrs: secondary } : {}),
          ...(ipv6 !== undefined ? { ipv6Cidr: ipv6 } : {}),
          ...(tags ? { tags } : {}),
        },
        obj.at(),
      ),
    );
  }
}

/** Maps describe-subnets; route tables and ACLs are joined from their associations. */
export function mapSubnets(st: ImportState, routeTableOf: Map<string, string>, aclOf: Map<string, string>): void {
  for (const { obj } of st.itemsOf('Subnets')) {
    const id = obj.str('SubnetId', true);
    const vpc = obj.str('VpcId', true);
    const cidr = obj.str('CidrBlock', true);
    const az = obj.str('AvailabilityZone', true);
    if (id === undefined || vpc === undefined || cidr === undefined || az === undefined) continue;
    let ipv6: string | undefined;
    for (const a of obj.objs('Ipv6CidrBlockAssociationSet', 'IPv6 CIDR block association')) {
      const c = a.str('Ipv6CidrBlock');
      const s = a.obj('Ipv6CidrBlockState', 'CIDR block state')?.str('State');
      a.done(['AssociationId', 'Ipv6CidrBlockState', 'Ipv6AddressAttribute', 'IpSource']);
      if (c !== undefined && (s === undefined || s === 'associated') && ipv6 === undefined) ipv6 = c;
    }
    const mapPublic = obj.bool('MapPublicIpOnLaunch');
    const state = obj.str('State');
    const tags = obj.tags();
    obj.done([
      'AssignIpv6AddressOnCreation', 'AvailabilityZoneId', 'AvailableIpAddressCount', 'DefaultForAz', 'OwnerId', 'SubnetArn', 'EnableDns64', 'Ipv6Native',
      'MapCustomerOwnedIpOnLaunch', 'CustomerOwnedIpv4Pool', 'OutpostArn', 'EnableLniAtDeviceIndex', 'PrivateDnsNameOptionsOnLaunch', 'BlockPublicAccessStates', 'Type', 'State', 'Ipv4IpamPoolId'
    ]);
    if (state !== undefined && state !== 'available' && state !== 'pending') {
      st.report.warn(obj.at('State'), 'skipped-state', `subnet \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    if (!st.claim(id)) continue;
    const routeTable = routeTableOf.get(id);
    const networkAcl = aclOf.get(id);
    st.draft.subnets.push(
      st.from(
        {
          id,
          vpc,
          availabilityZone: az,
          cidr,
          ...(ipv6 !== undefined ? { ipv6Cidr: ipv6 } : {}),
          ...(routeTable !== undefined ? { routeTable } : {}),
          ...(networkAcl !== undefined ? { networkAcl } : {}),
          ...(mapPublic ? { mapPublicIpOnLaunch: true } : {}),
          ...(tags ? { tags } : {}),
        },
        obj.at(),
      ),
    );
  }
}

/** What the route mapper needs to know about other resources. */
export interface RouteContext {
  /** The VPC blocks, to recognize the implicit local routes. */
  readonly vpcBlocks: Map<string, string[]>;
  /** Primary ENI id → its instance (the instance's primary interface is inline). */
  readonly primaryEniOwner: Map<string, string>;
  /** Gateway endpoint id → the route tables it is associated with. */
  readonly gatewayEndpointTables: Map<string, Set<string>>;
}

/**
 * Maps describe-route-tables. Returns subnet → route table for explicit subnet associations.
 * The implicit local routes and the `*` routes propagated from a VGW are left out (the model
 * makes them from the VPC blocks and `propagatingGateways`).
 */
export function mapRouteTables(st: ImportState, ctx: RouteContext): Map<string, string> {
  const subnetTable = new Map<string, string>();
  for (const { obj } of st.itemsOf('RouteTables')) {
    const id = obj.str('RouteTableId', true);
    const vpc = obj.str('VpcId', true);
    if (id === undefined || vpc === undefined) continue;
    let main = false;
    for (const a of obj.objs('Associations', 'route table association')) {
      const isMain = a.bool('Main');
      const subnet = a.str('SubnetId');
      const gateway = a.str('GatewayId');
      const state = a.obj('AssociationState', 'association state')?.str('State');
      a.done(['RouteTableAssociationId', 'RouteTableId', 'AssociationState']);
      if (state !== undefined && state !== 'associated' && state !== 'associating') continue;
      if (isMain) main = true;
      if (subnet !== undefined) subnetTable.set(subnet, id);
      // an edge association: the table is the gateway route table of an internet or virtual private gateway
      // https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
      if (gateway !== undefined) st.gatewayRouteTables.set(gateway, id);
    }
    const propagating: string[] = [];
    for (const p of obj.objs('PropagatingVgws', 'propagating gateway')) {
      const g = p.str('GatewayId');
      p.done([]);
      if (g !== undefined) propagating.push(g);
    }
    const routes: Route[] = [];
    for (const r of obj.objs('Routes', 'route')) {
      const route = mapRoute(st, r, id, vpc, ctx);
      if (route) routes.push(st.from(route, r.at()));
    }
    const tags = obj.tags();
    obj.done(['OwnerId']);
    if (!st.claim(id)) continue;
    st.draft.routeTables.push(
      st.from(
        {
          id,
          vpc,
          ...(main ? { main: true } : {}),
          routes,
          ...(propagating.length > 0 ? { propagatingGateways: propagating } : {}),
          ...(tags ? { tags } : {}),
        },
        obj.at(),
      ),
    );
  }
  return subnetTable;
}

function mapRoute(st: ImportState, r: AwsObject, table: string, vpc: string, ctx: RouteContext): Route | undefined {
  const d4 = r.str('DestinationCidrBlock');
  const d6 = r.str('DestinationIpv6CidrBlock');
  const dpl = r.str('DestinationPrefixListId');
  const origin = r.str('Origin');
  const state = r.str('State');
  const gateway = r.str('GatewayId');
  const instance = r.str('InstanceId');
  const eni = r.str('NetworkInterfaceId');
  const nat = r.str('NatGatewayId');
  const pcx = r.str('VpcPeeringConnectionId');
  const tgw = r.str('TransitGatewayId');
  const eigw = r.str('EgressOnlyInternetGatewayId');
  const carrier = r.str('CarrierGatewayId');
  const local = r.str('LocalGatewayId');
  const core = r.str('CoreNetworkArn');
  r.done(['InstanceOwnerId', 'OdbNetworkArn']);
  const destination = d4 ?? d6 ?? dpl;
  if (destination === undefined) {
    st.report.warn(r.at(), 'unmapped', `a route of \`${table}\` has no destination: not imported`);
    return undefined;
  }
  // propagated routes come back from `propagatingGateways` (checked in propagation.ts)
  if (origin === 'EnableVgwRoutePropagation') {
    st.propagatedRoutes.push({ kind: 'vpc', table, destination, via: gateway, origin: r.at() });
    return undefined;
  }
  if (gateway === 'local') {
    const blocks = ctx.vpcBlocks.get(vpc) ?? [];
    const d = parseCidr(destination);
    // the local route of each VPC block is implicit in the model
    if (blocks.some((b) => b === destination)) return undefined;
    const inside = typeof d !== 'string' && blocks.some((b) => {
      const vb = parseCidr(b);
      return typeof vb !== 'string' && cidrWithin(d, vb);
    });
    if (!inside) {
      st.report.warn(r.at('DestinationCidrBlock' in r.value ? 'DestinationCidrBlock' : 'DestinationIpv6CidrBlock'), 'unmapped', `local route to \`${destination}\` of \`${table}\` is not inside an associated block of \`${vpc}\`: not imported`);
      return undefined;
    }
    return { destination, target: 'local' };
  }
  if (carrier !== undefined || local !== undefined || core !== undefined) {
    const what = carrier !== undefined ? `carrier gateway \`${carrier}\`` : local !== undefined ? `local gateway \`${local}\`` : `core network \`${core}\``;
    st.report.warn(r.at(carrier !== undefined ? 'CarrierGatewayId' : local !== undefined ? 'LocalGatewayId' : 'CoreNetworkArn'), 'unmapped', `route to \`${destination}\` targets a ${what}, which is not modelled: not imported`);
    return undefined;
  }
  let target: string | undefined;
  // a route to a multi-ENI appliance names the instance and the interface: the interface
  // decides (an instance id alone means its primary interface, `<instance>/eth0`)
  if (eni !== undefined) target = ctx.primaryEniOwner.get(eni) ?? eni;
  else if (instance !== undefined) target = instance;
  else target = nat ?? pcx ?? tgw ?? eigw ?? gateway;
  // AWS reports a route whose target was deleted or detached as `blackhole`; the target it
  // names may be gone from the export, and the route drops what it matches
  if (state === 'blackhole') return target === undefined ? { destination, target: 'blackhole' } : { destination, target, state: 'blackhole' };
  if (target === undefined) {
    st.report.warn(r.at(), 'unmapped', `route to \`${destination}\` of \`${table}\` has no target the importer knows: not imported`);
    return undefined;
  }
  // a gateway endpoint's prefix-list route is implied by the endpoint's route tables
  if (dpl !== undefined && ctx.gatewayEndpointTables.get(target)?.has(table)) return undefined;
  return { destination, target };
}

const ACL_ENTRY_IGNORED: string[] = [];

/** Maps describe-network-acls. Returns subnet → network ACL. */
export function mapNetworkAcls(st: ImportState): Map<string, string> {
  const subnetAcl = new Map<string, string>();
  for (const { obj } of st.itemsOf('NetworkAcls')) {
    const id = obj.str('NetworkAclId', true);
    const vpc = obj.str('VpcId', true);
    if (id === undefined || vpc === undefined) continue;
    const isDefault = obj.bool('IsDefault') ?? false;
    for (const a of obj.objs('Associations', 'network ACL association')) {
      const s = a.str('SubnetId');
      a.done(['NetworkAclAssociationId', 'NetworkAclId']);
      if (s !== undefined) subnetAcl.set(s, id);
    }
    const inbound: NetworkAclRule[] = [];
    const outbound: NetworkAclRule[] = [];
    for (const e of obj.objs('Entries', 'network ACL entry')) {
      const rule = mapAclEntry(st, e, id);
      if (!rule) continue;
      (rule.egress ? outbound : inbound).push(st.from(rule.rule, e.at()));
    }
    const tags = obj.tags();
    obj.done(['OwnerId']);
    if (!st.claim(id)) continue;
    st.draft.networkAcls.push(st.from({ id, vpc, ...(isDefault ? { default: true } : {}), inbound, outbound, ...(tags ? { tags } : {}) }, obj.at()));
  }
  return subnetAcl;
}

function mapAclEntry(st: ImportState, e: AwsObject, acl: string): { rule: NetworkAclRule; egress: boolean } | undefined {
  const n = e.num('RuleNumber');
  const proto = e.str('Protocol');
  const action = e.str('RuleAction');
  const egress = e.bool('Egress') ?? false;
  const cidr = e.str('CidrBlock') ?? e.str('Ipv6CidrBlock');
  const icmp = e.obj('IcmpTypeCode', 'ICMP type and code');
  const ports = e.obj('PortRange', 'port range');
  const icmpType = icmp?.num('Type');
  const icmpCode = icmp?.num('Code');
  icmp?.done([]);
  const from = ports?.num('From');
  const to = ports?.num('To');
  ports?.done([]);
  e.done(ACL_ENTRY_IGNORED);
  // 32767 (IPv4) and 32768 (IPv6) are the final `*` deny rules, implicit in the model
  if (n === undefined || n >= 32767) return undefined;
  const protocol = protocolOf(proto);
  if (protocol === undefined || cidr === undefined || (action !== 'allow' && action !== 'deny')) {
    st.report.warn(e.at(), 'unmapped', `entry ${n} of \`${acl}\` has an unknown protocol, action or CIDR block: not imported`);
    return undefined;
  }
  const isIcmp = protocol === 'icmp' || protocol === 'icmpv6';
  const isPorts = protocol === 'tcp' || protocol === 'udp';
  const p = isPorts ? portsOf(from, to) : undefined;
  const rule: NetworkAclRule = {
    rule: n,
    protocol,
    ...(p !== undefined ? { ports: p } : {}),
    ...(isIcmp && icmpType !== undefined && icmpType !== -1 ? { icmpType } : {}),
    ...(isIcmp && icmpCode !== undefined && icmpCode !== -1 ? { icmpCode } : {}),
    cidr,
    action,
  };
  return { rule, egress };
}

/** Maps describe-security-groups. */
export function mapSecurityGroups(st: ImportState): void {
  for (const { obj } of st.itemsOf('SecurityGroups')) {
    const id = obj.str('GroupId', true);
    const vpc = obj.str('VpcId');
    const name = obj.str('GroupName');
    if (id === undefined) continue;
    if (vpc === undefined) {
      st.report.warn(obj.at(), 'unmapped', `security group \`${id}\` has no VPC (EC2-Classic): not imported`);
      continue;
    }
    const inbound = obj.objs('IpPermissions', 'IP permission').flatMap((p) => mapPermission(st, p, id));
    const outbound = obj.objs('IpPermissionsEgress', 'IP permission').flatMap((p) => mapPermission(st, p, id));
    const tags = obj.tags();
    obj.done(['Description', 'OwnerId', 'SecurityGroupArn']);
    if (!st.claim(id)) continue;
    st.draft.securityGroups.push(
      st.from({ id, vpc, ...(name !== undefined ? { name } : {}), ...(name === 'default' ? { default: true } : {}), inbound, outbound, ...(tags ? { tags } : {}) }, obj.at()),
    );
  }
}

function mapPermission(st: ImportState, p: AwsObject, group: string): SecurityGroupRule[] {
  const proto = p.str('IpProtocol');
  const from = p.num('FromPort');
  const to = p.num('ToPort');
  const protocol = protocolOf(proto);
  const out: SecurityGroupRule[] = [];
  const peers: [AwsObject, Partial<SecurityGroupRule>][] = [];
  for (const r of p.objs('IpRanges', 'IP range')) {
    const c = r.str('CidrIp');
    const description = r.str('Description');
    r.done([]);
    if (c !== undefined) peers.push([r, { cidr: c, ...(description ? { description } : {}) }]);
  }
  for (const r of p.objs('Ipv6Ranges', 'IPv6 range')) {
    const c = r.str('CidrIpv6');
    const description = r.str('Description');
    r.done([]);
    if (c !== undefined) peers.push([r, { cidr: c, ...(description ? { description } : {}) }]);
  }
  for (const r of p.objs('PrefixListIds', 'prefix list id')) {
    const c = r.str('PrefixListId');
    const description = r.str('Description');
    r.done([]);
    if (c !== undefined) peers.push([r, { prefixList: c, ...(description ? { description } : {}) }]);
  }
  for (const r of p.objs('UserIdGroupPairs', 'group pair')) {
    const g = r.str('GroupId');
    const description = r.str('Description');
    const user = r.str('UserId');
    r.done(['GroupName', 'VpcId', 'VpcPeeringConnectionId', 'PeeringStatus']);
    if (g !== undefined && user !== undefined && !st.sgPeerAccount.has(g)) st.sgPeerAccount.set(g, user);
    if (g !== undefined) peers.push([r, { securityGroup: g, ...(description ? { description } : {}) }]);
  }
  p.done([]);
  if (protocol === undefined) {
    st.report.warn(p.at('IpProtocol'), 'unmapped', `rule of \`${group}\` has unknown protocol \`${proto}\`: not imported`);
    return [];
  }
  const isIcmp = protocol === 'icmp' || protocol === 'icmpv6';
  const isPorts = protocol === 'tcp' || protocol === 'udp';
  const ports = isPorts ? portsOf(from, to) : undefined;
  for (const [src, peer] of peers) {
    const rule: SecurityGroupRule = {
      protocol,
      ...(ports !== undefined ? { ports } : {}),
      // for ICMP, FromPort is the type and ToPort the code; -1 means all
      ...(isIcmp && from !== undefined && from !== -1 ? { icmpType: from } : {}),
      ...(isIcmp && to !== undefined && to !== -1 ? { icmpCode: to } : {}),
      ...peer,
    };
    out.push(st.from(rule, src.at()));
  }
  return out;
}
