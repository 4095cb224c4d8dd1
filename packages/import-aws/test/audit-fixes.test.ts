// Regression tests for the import audit: each case is an inline export that the importer
// mapped wrongly (or reported badly) before its fix.
import type { Diagnostic, Scenario } from '@vpcsim/model';
import { compile } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { importAws } from '../src/index.js';

/** An export folder from objects: path → JSON text. */
const files = (o: Record<string, unknown>): Map<string, string> => new Map(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
const run = (o: Record<string, unknown>): { s: Scenario; d: Diagnostic[] } => {
  const r = importAws(files(o));
  return { s: r.scenario as Scenario, d: r.diagnostics };
};
const byId = <T extends { id: string }>(list: readonly T[] | undefined, id: string): T | undefined => (list ?? []).find((e) => e.id === id);

const VPC = { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', OwnerId: '111111111111', State: 'available' };
const SUBNET = { SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' };
const SG = { GroupId: 'sg-1', GroupName: 'default', VpcId: 'vpc-1', OwnerId: '111111111111', IpPermissions: [], IpPermissionsEgress: [] };

/** An appliance with two interfaces; eth1 carries a secondary address with an Elastic IP. */
const appliance = {
  'Vpcs.json': { Vpcs: [VPC] },
  'Subnets.json': { Subnets: [SUBNET, { ...SUBNET, SubnetId: 'subnet-2', CidrBlock: '10.0.2.0/24' }] },
  'SecurityGroups.json': { SecurityGroups: [SG] },
  'Reservations.json': {
    Reservations: [{
      ReservationId: 'r-1',
      Instances: [{
        InstanceId: 'i-fw', State: { Name: 'running' }, SubnetId: 'subnet-1', PrivateIpAddress: '10.0.1.10', SourceDestCheck: false,
        NetworkInterfaces: [
          { NetworkInterfaceId: 'eni-a', SubnetId: 'subnet-1', PrivateIpAddress: '10.0.1.10', Attachment: { DeviceIndex: 0 }, Groups: [{ GroupId: 'sg-1' }], SourceDestCheck: false,
            PrivateIpAddresses: [{ PrivateIpAddress: '10.0.1.10', Primary: true }, { PrivateIpAddress: '10.0.1.11', Primary: false }] },
          { NetworkInterfaceId: 'eni-b', SubnetId: 'subnet-2', PrivateIpAddress: '10.0.2.10', Attachment: { DeviceIndex: 1 }, Groups: [{ GroupId: 'sg-1' }], SourceDestCheck: false,
            PrivateIpAddresses: [{ PrivateIpAddress: '10.0.2.10', Primary: true }] },
        ],
      }],
    }],
  },
  'Addresses.json': { Addresses: [{ PublicIp: '3.3.3.3', AllocationId: 'eipalloc-1', Domain: 'vpc', NetworkInterfaceId: 'eni-a', InstanceId: 'i-fw', PrivateIpAddress: '10.0.1.11' }] },
  'RouteTables.json': {
    RouteTables: [{
      RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }],
      Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
        { DestinationCidrBlock: '192.168.0.0/16', InstanceId: 'i-fw', NetworkInterfaceId: 'eni-b', Origin: 'CreateRoute', State: 'active' },
        { DestinationCidrBlock: '172.16.0.0/12', InstanceId: 'i-fw', NetworkInterfaceId: 'eni-a', Origin: 'CreateRoute', State: 'active' },
      ],
    }],
  },
};

describe('audit 1: Elastic IP of a secondary address', () => {
  it('is not written as the primary address\'s public IP, and is reported with file and path', () => {
    const { s, d } = run(appliance);
    const fw = byId(s.instances, 'i-fw');
    expect(fw?.privateIp).toBe('10.0.1.10');
    expect(fw?.publicIp).toBeUndefined();
    const w = d.filter((x) => x.message.includes('3.3.3.3'));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', file: 'Addresses.json', path: ['Addresses', 0, 'PrivateIpAddress'] });
    expect(w[0]!.message).toContain('secondary address `10.0.1.11`');
  });

  it('an Elastic IP of the primary address still becomes the public IP', () => {
    const { s } = run({ ...appliance, 'Addresses.json': { Addresses: [{ PublicIp: '3.3.3.4', NetworkInterfaceId: 'eni-a', InstanceId: 'i-fw', PrivateIpAddress: '10.0.1.10' }] } });
    expect(byId(s.instances, 'i-fw')?.publicIp).toBe('3.3.3.4');
  });
});

describe('audit 2: routes naming an instance and an interface', () => {
  it('target the interface the route names (eth1 of a multi-ENI appliance)', () => {
    const { s } = run(appliance);
    const routes = byId(s.routeTables, 'rtb-1')?.routes ?? [];
    expect(routes).toContainEqual({ destination: '192.168.0.0/16', target: 'eni-b' });
    // the primary interface is written inline on the instance: its id is the instance's
    expect(routes).toContainEqual({ destination: '172.16.0.0/12', target: 'i-fw' });
    expect(byId(s.networkInterfaces, 'eni-b')?.subnet).toBe('subnet-2');
    const c = compile(s);
    expect(c.ok ? [] : c.errors).toEqual([]);
  });
});

describe('audit 3: transit gateway peering associations', () => {
  it('each end of a peering attachment keeps the association with its own TGW\'s table', async () => {
    const { fixture } = await import('./helpers.js');
    const r = importAws(fixture('real-transit-gateway-peering'));
    const s = r.scenario as Scenario;
    const west = byId(s.transitGateways, 'tgw-03201f1960ddb0c25');
    const westTable = byId(west?.routeTables, 'tgw-rtb-00be87593fb2cd0ae');
    expect(westTable?.associations).toContain('tgw-attach-012e5d602f859dd80@tgw-03201f1960ddb0c25');
    const east = byId(s.transitGateways, 'tgw-0e20010ebf43d07a2');
    expect(byId(east?.routeTables, 'tgw-rtb-05d2952671d1f460a')?.associations).toContain('tgw-attach-012e5d602f859dd80');
    expect(compile(s).ok).toBe(true);
  });
});

describe('audit 4: gateway endpoints route the exported AWS-managed list', () => {
  const s3List = (region: string, id: string, cidrs: string[]) => ({ PrefixListId: id, PrefixListName: `com.amazonaws.${region}.s3`, Cidrs: cidrs });
  const base = {
    'us-east-1/Vpcs.json': { Vpcs: [VPC] },
    'us-east-1/Subnets.json': { Subnets: [SUBNET] },
    'us-east-1/SecurityGroups.json': {
      SecurityGroups: [{ ...SG, IpPermissionsEgress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListIds: [{ PrefixListId: 'pl-63a5400a' }], IpRanges: [], Ipv6Ranges: [], UserIdGroupPairs: [] }] }],
    },
    'us-east-1/RouteTables.json': {
      RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }], Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
        { DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-1', Origin: 'CreateRoute', State: 'active' },
      ] }],
    },
    'us-east-1/VpcEndpoints.json': { VpcEndpoints: [{ VpcEndpointId: 'vpce-1', VpcId: 'vpc-1', VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.us-east-1.s3', State: 'available', RouteTableIds: ['rtb-1'] }] },
    'us-east-1/PrefixLists.json': { PrefixLists: [s3List('us-east-1', 'pl-63a5400a', ['198.51.100.0/24'])] },
  };

  it('without a gateway endpoint of the service, the list keeps its AWS id', () => {
    const { s } = run({ ...base, 'us-east-1/VpcEndpoints.json': { VpcEndpoints: [] }, 'us-east-1/RouteTables.json': { RouteTables: [] } });
    expect(s.prefixLists?.map((p) => p.id)).toEqual(['pl-63a5400a']);
  });

  it('declares `pl-s3` with the exported CIDRs and rewrites the references', () => {
    const { s } = run(base);
    expect(s.prefixLists).toEqual([{ id: 'pl-s3', name: 'com.amazonaws.us-east-1.s3 (pl-63a5400a)', cidrs: ['198.51.100.0/24'], region: 'us-east-1' }]);
    expect(byId(s.securityGroups, 'sg-1')?.outbound).toEqual([{ protocol: 'tcp', ports: 443, prefixList: 'pl-s3' }]);
    const c = compile(s);
    expect(c.ok).toBe(true);
    // the model's s3 list in the endpoint's region is the exported one, not the bundled snapshot
    if (c.ok) expect(c.model.network.prefixLists.filter((p) => p.id === 'pl-s3').map((p) => p.cidrs)).toEqual([['198.51.100.0/24']]);
  });

  it('a second region\'s list is kept under its own id and reported with file and path', () => {
    const { s, d } = run({
      ...base,
      'us-west-2/Vpcs.json': { Vpcs: [{ ...VPC, VpcId: 'vpc-2' }] },
      'us-west-2/VpcEndpoints.json': { VpcEndpoints: [{ VpcEndpointId: 'vpce-2', VpcId: 'vpc-2', VpcEndpointType: 'Gateway', ServiceName: 'com.amazonaws.us-west-2.s3', State: 'available', RouteTableIds: [] }] },
      'us-west-2/PrefixLists.json': { PrefixLists: [s3List('us-west-2', 'pl-68a54001', ['203.0.113.0/24'])] },
    });
    expect(byId(s.prefixLists, 'pl-s3')?.cidrs).toEqual(['198.51.100.0/24']);
    expect(byId(s.prefixLists, 'pl-68a54001')?.cidrs).toEqual(['203.0.113.0/24']);
    const w = d.find((x) => x.message.includes('`pl-68a54001`') && x.severity === 'warning');
    expect(w).toMatchObject({ file: 'us-west-2/PrefixLists.json', path: ['PrefixLists', 0] });
  });
});

describe('audit 5: propagated routes', () => {
  const vpnExport = (opts: { staticOnly: boolean; routes?: string[] }) => ({
    'Vpcs.json': { Vpcs: [VPC] },
    'Subnets.json': { Subnets: [SUBNET] },
    'VpnGateways.json': { VpnGateways: [{ VpnGatewayId: 'vgw-1', State: 'available', Type: 'ipsec.1', VpcAttachments: [{ VpcId: 'vpc-1', State: 'attached' }] }] },
    'CustomerGateways.json': { CustomerGateways: [{ CustomerGatewayId: 'cgw-1', IpAddress: '198.51.100.7', BgpAsn: '65000', State: 'available', Type: 'ipsec.1' }] },
    'VpnConnections.json': {
      VpnConnections: [{
        VpnConnectionId: 'vpn-1', CustomerGatewayId: 'cgw-1', VpnGatewayId: 'vgw-1', State: 'available', Type: 'ipsec.1',
        Options: { StaticRoutesOnly: opts.staticOnly },
        Routes: (opts.routes ?? []).map((c) => ({ DestinationCidrBlock: c, State: 'available', Source: 'Static' })),
      }],
    },
    'RouteTables.json': {
      RouteTables: [{
        RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }], PropagatingVgws: [{ GatewayId: 'vgw-1' }],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' },
          { DestinationCidrBlock: '172.16.0.0/12', GatewayId: 'vgw-1', Origin: 'EnableVgwRoutePropagation', State: 'active' },
          ...(opts.routes ?? []).map((c) => ({ DestinationCidrBlock: c, GatewayId: 'vgw-1', Origin: 'EnableVgwRoutePropagation', State: 'active' })),
        ],
      }],
    },
  });

  it('a BGP route the model would miss becomes an external network behind the customer gateway', () => {
    const { s, d } = run(vpnExport({ staticOnly: false }));
    expect(s.externalNetworks).toEqual([expect.objectContaining({ id: 'onprem-cgw-1', cidrs: ['172.16.0.0/12'], via: 'cgw-1' })]);
    const w = d.find((x) => x.code === 'propagated-route-added');
    expect(w).toMatchObject({ file: 'RouteTables.json', path: ['RouteTables', 0, 'Routes', 1] });
    expect(compile(s).ok).toBe(true);
  });

  it('a route the static VPN does not give is reported with file and path; the ones it gives are not', () => {
    const { s, d } = run(vpnExport({ staticOnly: true, routes: ['10.9.0.0/16'] }));
    const w = d.filter((x) => x.code === 'propagated-route');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ severity: 'warning', file: 'RouteTables.json', path: ['RouteTables', 0, 'Routes', 1] });
    expect(w[0]!.message).toContain('propagated route 172.16.0.0/12 → vgw-1 is not derived from the imported VPN connections: traces to it will differ');
    expect(s.externalNetworks?.flatMap((n) => n.cidrs)).toEqual(['10.9.0.0/16']);
  });

  it('a transit gateway propagated route the attachment does not give is reported', () => {
    const { d } = run({
      'Vpcs.json': { Vpcs: [VPC] },
      'TransitGateways.json': { TransitGateways: [{ TransitGatewayId: 'tgw-1', OwnerId: '111111111111', State: 'available' }] },
      'TransitGatewayAttachments.json': { TransitGatewayAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-1', TransitGatewayId: 'tgw-1', ResourceType: 'vpc', ResourceId: 'vpc-1', State: 'available', Association: { TransitGatewayRouteTableId: 'tgw-rtb-1', State: 'associated' } }] },
      'TransitGatewayVpcAttachments.json': { TransitGatewayVpcAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-1', TransitGatewayId: 'tgw-1', VpcId: 'vpc-1', State: 'available', SubnetIds: [] }] },
      'TransitGatewayRouteTables.json': { TransitGatewayRouteTables: [{ TransitGatewayRouteTableId: 'tgw-rtb-1', TransitGatewayId: 'tgw-1', State: 'available' }] },
      'TransitGatewayRouteTablePropagations/tgw-rtb-1.json': { TransitGatewayRouteTablePropagations: [{ TransitGatewayAttachmentId: 'tgw-attach-1', State: 'enabled' }] },
      'TransitGatewayRoutes/tgw-rtb-1.json': { Routes: [
        { DestinationCidrBlock: '10.0.0.0/16', Type: 'propagated', State: 'active', TransitGatewayAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-1' }] },
        { DestinationCidrBlock: '10.50.0.0/16', Type: 'propagated', State: 'active', TransitGatewayAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-1' }] },
      ] },
    });
    const w = d.filter((x) => x.code === 'propagated-route');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ file: 'TransitGatewayRoutes/tgw-rtb-1.json', path: ['Routes', 1] });
    expect(w[0]!.message).toContain('10.50.0.0/16');
  });

  it('warns when a BGP VPN shares its customer gateway with a static VPN whose routes it would advertise', () => {
    const base = vpnExport({ staticOnly: false });
    const { d } = run({
      ...base,
      'VpnConnections.json': { VpnConnections: [
        ...(base['VpnConnections.json'].VpnConnections),
        { VpnConnectionId: 'vpn-2', CustomerGatewayId: 'cgw-1', TransitGatewayId: 'tgw-9', State: 'available', Options: { StaticRoutesOnly: true }, Routes: [{ DestinationCidrBlock: '192.168.50.0/24', State: 'available' }] },
      ] },
    });
    const w = d.find((x) => x.code === 'vpn-advertisement');
    expect(w?.message).toContain('`vpn-1`');
    expect(w?.message).toContain('`vpn-2`');
    expect(w?.message).toContain('192.168.50.0/24');
    expect(w).toMatchObject({ file: 'VpnConnections.json', path: ['VpnConnections', 0] });
  });
});

describe('audit 6: references the export cannot resolve', () => {
  it('a route to an internet gateway with no InternetGateways.json names the missing file and the CLI call', () => {
    const { s, d } = run({
      'accounts/111111111111/us-east-1/Vpcs.json': { Vpcs: [VPC] },
      'accounts/111111111111/us-east-1/EgressOnlyInternetGateways.json': { EgressOnlyInternetGateways: [{ EgressOnlyInternetGatewayId: 'eigw-1', Attachments: [{ VpcId: 'vpc-1', State: 'attached' }] }] },
      'accounts/111111111111/us-east-1/RouteTables.json': { RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ Main: true }], Routes: [
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', Origin: 'CreateRoute', State: 'active' },
      ] }] },
    });
    expect(byId(s.routeTables, 'rtb-1')?.routes ?? []).toEqual([]);
    const w = d.find((x) => x.message.includes('igw-1'));
    expect(w).toMatchObject({ severity: 'warning', file: 'accounts/111111111111/us-east-1/RouteTables.json', path: ['RouteTables', 0, 'Routes', 0] });
    expect(w!.message).toContain('`accounts/111111111111/us-east-1/InternetGateways.json`, the file that would declare it, is missing from the export');
    expect(w!.hint).toContain('aws ec2 describe-internet-gateways');
    expect(w!.hint).not.toContain('did you mean');
  });

  it('a security group rule naming a group of an account not exported says so', () => {
    const { d } = run({
      'Vpcs.json': { Vpcs: [VPC] },
      'SecurityGroups.json': { SecurityGroups: [SG, { ...SG, GroupId: 'sg-2', GroupName: 'web', IpPermissions: [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: 'sg-3', UserId: '333333333333' }] },
      ] }] },
    });
    const w = d.find((x) => x.message.includes('sg-3'));
    expect(w).toMatchObject({ file: 'SecurityGroups.json', path: ['SecurityGroups', 1, 'IpPermissions', 0, 'UserIdGroupPairs', 0] });
    expect(w!.message).toContain('belongs to account `333333333333`, which is not in the export');
    expect(w!.hint).not.toContain('did you mean');
  });
});

describe('audit 7: interface endpoint addresses', () => {
  it("the real address of each endpoint interface is written (`addresses`), from the endpoint's ENIs", () => {
    const { s, d } = run({
      'Vpcs.json': { Vpcs: [VPC] },
      'Subnets.json': { Subnets: [SUBNET] },
      'SecurityGroups.json': { SecurityGroups: [SG] },
      'NetworkInterfaces.json': { NetworkInterfaces: [{ NetworkInterfaceId: 'eni-e', InterfaceType: 'vpc_endpoint', Description: 'VPC Endpoint Interface vpce-9', SubnetId: 'subnet-1', VpcId: 'vpc-1', PrivateIpAddress: '10.0.1.77', Groups: [{ GroupId: 'sg-1' }] }] },
      'VpcEndpoints.json': { VpcEndpoints: [{ VpcEndpointId: 'vpce-9', VpcId: 'vpc-1', VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.sqs', State: 'available', SubnetIds: ['subnet-1'], NetworkInterfaceIds: ['eni-e'], Groups: [{ GroupId: 'sg-1' }] }] },
    });
    expect(byId(s.vpcEndpoints, 'vpce-9')).toMatchObject({ type: 'interface', subnets: ['subnet-1'], addresses: { 'subnet-1': '10.0.1.77' } });
    expect(d.filter((x) => x.code === 'endpoint-address')).toEqual([]);
    // the endpoint's own interface is represented by the endpoint, not imported as an ENI
    expect(s.networkInterfaces ?? []).toEqual([]);
  });
  it('an endpoint interface missing from NetworkInterfaces.json is reported: its address is then chosen', () => {
    const { s, d } = run({
      'Vpcs.json': { Vpcs: [VPC] },
      'Subnets.json': { Subnets: [SUBNET] },
      'VpcEndpoints.json': { VpcEndpoints: [{ VpcEndpointId: 'vpce-9', VpcId: 'vpc-1', VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.us-east-1.sqs', State: 'available', SubnetIds: ['subnet-1'], NetworkInterfaceIds: ['eni-e'] }] },
    });
    expect(byId(s.vpcEndpoints, 'vpce-9').addresses).toBeUndefined();
    const w = d.filter((x) => x.code === 'endpoint-address');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ file: 'VpcEndpoints.json', path: ['VpcEndpoints', 0, 'NetworkInterfaceIds'] });
    expect(w[0]!.message).toContain('`subnet-1`');
  });
});

describe('audit 8: AvailabilityZones.json', () => {
  it('is skipped without a warning', () => {
    const { d } = run({ 'Vpcs.json': { Vpcs: [VPC] }, 'AvailabilityZones.json': { AvailabilityZones: [{ ZoneName: 'us-east-1a', State: 'available' }] } });
    expect(d.filter((x) => x.file === 'AvailabilityZones.json')).toEqual([]);
  });
});
