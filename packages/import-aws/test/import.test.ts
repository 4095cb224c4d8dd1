// The importer on the hand-written `corp` export: every file kind maps, ids are AWS's own,
// the result compiles, and what cannot be mapped is reported with its file and JSON path.
import { compile, formatPath, type Scenario } from '@vpcsim/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify, EC2_FILES, importAws, PER_ID_FOLDERS } from '../src/index.js';
import { fixture } from './helpers.js';

let s: Scenario;
let diagnostics: ReturnType<typeof importAws>['diagnostics'];

beforeAll(() => {
  const r = importAws(fixture('corp'));
  s = r.scenario as Scenario;
  diagnostics = r.diagnostics;
});

const byId = <T extends { id: string }>(list: readonly T[] | undefined, id: string): T => {
  const x = (list ?? []).find((e) => e.id === id);
  if (!x) throw new Error(`no ${id}`);
  return x;
};

describe('corp export', () => {
  it('covers every file kind of the issue', () => {
    const kinds = new Set([...fixture('corp').keys()].map((f) => {
      const k = classify(f);
      return k.kind === 'ec2' ? k.name : k.kind === 'per-id' ? k.folder : k.kind === 'organizations' ? `organizations/${k.rest[0]}` : k.kind;
    }));
    const batfishOnly = ['PrefixLists', 'TransitGatewayStaticRoutes', 'TransitGatewayPropagations', 'LoadBalancerListeners', 'LoadBalancerTargetHealth', 'LoadBalancerAttributes'];
    // load balancers and Direct Connect: the corp-elb-dx fixture (elb-dx.test.ts)
    const elbDx = (f: string) => /LoadBalancer|TargetGroup|TargetHealth|Listeners|DirectConnect|VirtualInterfaces|VpcEndpointService/.test(f);
    for (const f of EC2_FILES) if (!batfishOnly.includes(f) && !elbDx(f)) expect(kinds, f).toContain(f);
    for (const f of Object.keys(PER_ID_FOLDERS)) if (!elbDx(f)) expect(kinds, f).toContain(f);
    for (const f of ['iam', 'resource-policy', 'organizations/Organization', 'organizations/Roots', 'organizations/OrganizationalUnits', 'organizations/Accounts', 'organizations/Policies', 'organizations/Targets']) expect(kinds, f).toContain(f);
  });

  it('compiles into a model without errors', () => {
    const r = compile(s);
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('keeps AWS ids and picks the most common account and region as defaults', () => {
    expect(s.defaults).toEqual({ account: '111111111111', region: 'us-east-1' });
    expect(s.vpcs?.map((v) => v.id).sort()).toEqual(['vpc-0a1b2c3d4e5f60001', 'vpc-0b2c3d4e5f6a70002', 'vpc-0c3d4e5f6a7b80003']);
    expect(byId(s.vpcs, 'vpc-0b2c3d4e5f6a70002').account).toBe('222222222222');
    expect(byId(s.vpcs, 'vpc-0c3d4e5f6a7b80003').region).toBe('us-west-2');
    expect(byId(s.vpcs, 'vpc-0a1b2c3d4e5f60001').ipv6Cidr).toBe('2600:1f18:1:1200::/56');
  });

  it('maps the main route table, the default ACL and SG explicitly, and subnet associations', () => {
    expect(byId(s.routeTables, 'rtb-0a1000000000000a1').main).toBe(true);
    expect(byId(s.networkAcls, 'acl-0a1000000000000a1').default).toBe(true);
    expect(byId(s.networkAcls, 'acl-0a2000000000000a2').default).toBeUndefined();
    const sg = byId(s.securityGroups, 'sg-0a1000000000000a1');
    expect(sg.default).toBe(true);
    expect(sg.inbound).toEqual([{ protocol: 'all', securityGroup: 'sg-0a1000000000000a1' }]);
    const pub = byId(s.subnets, 'subnet-0a11111111111aaa1');
    expect(pub).toMatchObject({ routeTable: 'rtb-0a2000000000000a2', networkAcl: 'acl-0a2000000000000a2', mapPublicIpOnLaunch: true, availabilityZone: 'us-east-1a' });
    // the main table is implicit for subnets without an explicit association
    expect(byId(s.subnets, 'subnet-0c11111111111ccc1').routeTable).toBeUndefined();
  });

  it('maps routes: targets by kind, blackholes, more-specific local; leaves out local, propagated and endpoint routes', () => {
    expect(byId(s.routeTables, 'rtb-0a3000000000000a3').routes).toEqual([
      { destination: '0.0.0.0/0', target: 'nat-0a1000000000000a1' },
      { destination: '::/0', target: 'eigw-0a1000000000000a1' },
      { destination: '10.32.0.0/16', target: 'pcx-0ab1000000000000a' },
      { destination: '10.0.0.0/8', target: 'tgw-0a1b2c3d4e5f60001' },
      { destination: '10.99.0.0/16', target: 'pcx-0dead00000000000d', state: 'blackhole' },
      { destination: '10.16.96.0/28', target: 'eni-0a5000000000000a5' },
    ]);
    expect(byId(s.routeTables, 'rtb-0a3000000000000a3').propagatingGateways).toEqual(['vgw-0a1000000000000a1']);
    expect(byId(s.routeTables, 'rtb-0a1000000000000a1').routes).toEqual([]);
  });

  it('maps network ACL entries without the final `*` rules', () => {
    const acl = byId(s.networkAcls, 'acl-0a2000000000000a2');
    expect(acl.inbound).toEqual([
      { rule: 100, protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0', action: 'allow' },
      { rule: 110, protocol: 'tcp', ports: '1024-65535', cidr: '0.0.0.0/0', action: 'allow' },
      { rule: 120, protocol: 'icmp', icmpType: 8, cidr: '10.0.0.0/8', action: 'allow' },
      { rule: 130, protocol: 'tcp', ports: 22, cidr: '203.0.113.0/24', action: 'deny' },
      { rule: 140, protocol: 'tcp', ports: 443, cidr: '::/0', action: 'allow' },
    ]);
    expect(acl.outbound?.map((r) => r.rule)).toEqual([100, 101]);
  });

  it('maps security group rules one per peer, and an empty egress list as no outbound', () => {
    const web = byId(s.securityGroups, 'sg-0a2000000000000a2');
    expect(web.inbound).toEqual([
      { protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0', description: 'https from anywhere' },
      { protocol: 'tcp', ports: 443, cidr: '::/0' },
      { protocol: 'tcp', ports: 22, prefixList: 'pl-0a1b2c3d4e5f60001' },
      { protocol: 'icmp', icmpType: 8, cidr: '10.0.0.0/8' },
    ]);
    expect(byId(s.securityGroups, 'sg-0a4000000000000a4').outbound).toEqual([]);
    expect(byId(s.securityGroups, 'sg-0b2000000000000b2').inbound).toContainEqual({ protocol: 'tcp', ports: 5432, securityGroup: 'sg-0a2000000000000a2' });
  });

  it('writes instances with their primary interface inline and extra interfaces by id', () => {
    const web = byId(s.instances, 'i-0a1000000000000a1');
    expect(web).toMatchObject({ subnet: 'subnet-0a11111111111aaa1', privateIp: '10.16.0.10', publicIp: '3.80.1.10', securityGroups: ['sg-0a2000000000000a2'], instanceProfile: 'arn:aws:iam::111111111111:role/web', name: 'web-1' });
    expect(web.ipv6Addresses).toEqual(['2600:1f18:1:1200::10']);
    expect(byId(s.instances, 'i-0a2000000000000a2').networkInterfaces).toEqual(['eni-0a2000000000000b2']);
    // the primary interface keeps its AWS id (a trace endpoint; issue 13, item 7)
    expect(byId(s.instances, 'i-0a2000000000000a2').primaryInterfaceId).toBe('eni-0a2000000000000a2');
    expect(byId(s.networkInterfaces, 'eni-0a2000000000000b2')).toMatchObject({ privateIp: '10.16.48.11', secondaryPrivateIps: ['10.16.48.12'] });
    expect(byId(s.networkInterfaces, 'eni-0a5000000000000a5').sourceDestCheck).toBe(false);
    // interfaces of NAT gateways and endpoints are represented by those resources
    const enis = (s.networkInterfaces ?? []).map((n) => n.id);
    expect(enis).not.toContain('eni-0a3000000000000a3');
    expect(enis).not.toContain('eni-0a4000000000000a4');
    expect((s.instances ?? []).map((i) => i.id)).not.toContain('i-0a9000000000000a9');
  });

  it('maps gateways, peering, endpoints and prefix lists', () => {
    expect(s.internetGateways).toEqual([{ id: 'igw-0a1000000000000a1', vpc: 'vpc-0a1b2c3d4e5f60001', tags: { Name: 'app-igw' } }]);
    expect(s.egressOnlyInternetGateways).toEqual([{ id: 'eigw-0a1000000000000a1', vpc: 'vpc-0a1b2c3d4e5f60001' }]);
    expect(s.natGateways).toEqual([{ id: 'nat-0a1000000000000a1', subnet: 'subnet-0a11111111111aaa1', publicIp: '52.0.0.10', privateIp: '10.16.0.20', connectivity: 'public', tags: { Name: 'app-nat-a' } }]);
    expect(s.vpcPeeringConnections).toEqual([{ id: 'pcx-0ab1000000000000a', requester: 'vpc-0a1b2c3d4e5f60001', accepter: 'vpc-0b2c3d4e5f6a70002', status: 'active', tags: { Name: 'app-data' } }]);
    const s3 = byId(s.vpcEndpoints, 'vpce-0a1000000000000a1');
    expect(s3).toMatchObject({ type: 'gateway', service: 'com.amazonaws.us-east-1.s3', routeTables: ['rtb-0a3000000000000a3'] });
    expect(s3.policy?.Version).toBe('2008-10-17');
    expect(byId(s.vpcEndpoints, 'vpce-0a2000000000000a2')).toMatchObject({ type: 'interface', subnets: ['subnet-0a22222222222aaa2'], securityGroups: ['sg-0a4000000000000a4'], privateDns: true });
    expect(byId(s.prefixLists, 'pl-0a1b2c3d4e5f60001')).toMatchObject({ name: 'corp-networks', cidrs: ['192.168.0.0/16', '172.16.0.0/12'], region: 'us-east-1' });
  });

  it('maps the transit gateway with attachments from both accounts, static routes, associations and propagations', () => {
    const tgw = byId(s.transitGateways, 'tgw-0a1b2c3d4e5f60001');
    expect(tgw.asn).toBe(64512);
    expect(tgw.attachments).toEqual([
      { id: 'tgw-attach-0a1000000000000a1', vpc: 'vpc-0a1b2c3d4e5f60001', subnets: ['subnet-0a33333333333aaa3'], tags: { Name: 'app' } },
      { id: 'tgw-attach-0b1000000000000b1', vpc: 'vpc-0b2c3d4e5f6a70002', subnets: ['subnet-0b11111111111bbb1'], tags: { Name: 'data' } },
      { id: 'tgw-attach-0a3000000000000a3', vpnConnection: 'vpn-0a1000000000000a1', tags: { Name: 'office-vpn' } },
    ]);
    const rt = tgw.routeTables![0]!;
    expect(rt.routes).toEqual([{ destination: '192.168.0.0/16', attachment: 'tgw-attach-0a3000000000000a3' }, { destination: '10.99.0.0/16', blackhole: true }]);
    expect(rt.associations).toHaveLength(3);
    expect(rt.propagations).toEqual(['tgw-attach-0a1000000000000a1', 'tgw-attach-0b1000000000000b1']);
  });

  it('maps VPN gateways, customer gateways and connections with tunnel status', () => {
    expect(s.vpnGateways).toEqual([{ id: 'vgw-0a1000000000000a1', vpc: 'vpc-0a1b2c3d4e5f60001', asn: 64513, tags: { Name: 'app-vgw' } }]);
    expect(s.customerGateways).toEqual([{ id: 'cgw-0a1000000000000a1', ip: '198.51.100.7', asn: 65000, tags: { Name: 'office' } }]);
    expect(byId(s.vpnConnections, 'vpn-0a1000000000000a1')).toMatchObject({ transitGateway: 'tgw-0a1b2c3d4e5f60001', routing: 'static', staticRoutes: ['192.168.0.0/16'] });
    expect(byId(s.vpnConnections, 'vpn-0a2000000000000a2')).toMatchObject({ vpnGateway: 'vgw-0a1000000000000a1', routing: 'bgp', tunnels: [{ outsideIp: '3.5.2.10', status: 'up' }, { outsideIp: '3.5.2.11', status: 'down' }] });
    // 172.16.0.0/12: the route the BGP VPN propagates in the export (audit 5), so the model derives it
    // the customer gateway has two VPN connections: each one's networks sit behind it alone, so
    // the BGP connection does not advertise the static one's routes (the export shows it does not)
    expect(s.externalNetworks).toEqual([
      expect.objectContaining({ id: 'onprem-cgw-0a1000000000000a1', cidrs: ['192.168.0.0/16'], via: 'vpn-0a1000000000000a1' }),
      expect.objectContaining({ id: 'onprem-cgw-0a1000000000000a1-2', cidrs: ['172.16.0.0/12'], via: 'vpn-0a2000000000000a2' }),
    ]);
  });

  it('maps IAM: default policy versions, URL-encoded documents, boundaries, instance profiles, attached AWS-managed policies only', () => {
    const iam = s.iam!;
    const alice = iam.users!.find((u) => u.name === 'alice')!;
    expect(alice).toMatchObject({ path: '/engineering/', groups: ['developers'], managedPolicies: ['arn:aws:iam::111111111111:policy/ReadOnlyS3'], permissionsBoundary: 'arn:aws:iam::111111111111:policy/DevBoundary', tags: { team: 'blue' } });
    expect(alice.inlinePolicies?.AllowOwnPrefix?.Statement).toEqual([{ Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::corp-assets/home/${aws:username}/*' }]);
    const readOnly = iam.policies!.find((p) => p.name === 'ReadOnlyS3')!;
    expect(readOnly.arn).toBe('arn:aws:iam::111111111111:policy/ReadOnlyS3');
    expect(JSON.stringify(readOnly.document)).toContain('ReadAssets'); // v2, the default version
    const names = iam.policies!.map((p) => p.name);
    expect(names).toContain('ReadOnlyAccess');
    expect(names).not.toContain('AmazonS3FullAccess'); // AWS-managed and attached to nothing
    const web = iam.roles!.find((r) => r.name === 'web')!;
    expect(web.trustPolicy?.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    expect(iam.roles!.find((r) => r.name === 'AWSServiceRoleForElasticLoadBalancing')).toMatchObject({ serviceLinked: true, path: '/aws-service-role/elasticloadbalancing.amazonaws.com/' });
  });

  it('maps the organization tree with SCPs and RCPs, FullAWSAccess as the built-in', () => {
    const org = s.organization!;
    expect(org).toMatchObject({ id: 'o-a1b2c3d4e5', managementAccount: '111111111111' });
    expect(org.root).toEqual({
      id: 'r-a1b2',
      policies: ['FullAWSAccess'],
      resourceControlPolicies: ['DenyExternalS3'],
      accounts: ['111111111111'],
      units: [{ id: 'ou-a1b2-prod1234', name: 'prod', policies: ['FullAWSAccess', 'DenyLeavingRegion'], accounts: ['222222222222'] }],
    });
    expect(org.policies?.map((p) => [p.name, p.type])).toEqual([['DenyLeavingRegion', 'scp'], ['DenyExternalS3', 'rcp']]);
    expect(s.accounts).toContainEqual({ id: '222222222222', name: 'data' });
  });

  it('maps resource policies given as objects, JSON strings and URL-encoded strings', () => {
    const arns = (s.resources ?? []).map((r) => r.arn).sort();
    expect(arns).toEqual(['arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'arn:aws:s3:::corp-assets', 'arn:aws:sqs:us-east-1:111111111111:jobs']);
    for (const r of s.resources ?? []) expect(r.policy?.Statement).toBeDefined();
    expect(s.resources!.find((r) => r.arn === 'arn:aws:s3:::corp-assets')!.account).toBe('111111111111');
  });

  it('reports what it cannot map with file and JSON path, as warnings', () => {
    const at = (code: string, text: string) => diagnostics.find((d) => d.code === code && d.message.includes(text));
    const carrier = at('unmapped', 'carrier gateway');
    expect(carrier?.file).toBe('accounts/111111111111/us-east-1/RouteTables.json');
    expect(formatPath(carrier!.path)).toBe('RouteTables[2].Routes[8].CarrierGatewayId');
    expect(at('unresolved', 'Gateway Load Balancer endpoint')?.file).toBe('accounts/111111111111/us-east-1/VpcEndpoints.json');
    expect(at('skipped-state', 'i-0a9000000000000a9')?.path).toEqual(['Reservations', 1, 'Instances', 1, 'State']);
    expect(at('unmapped', '3.80.1.99')).toBeDefined();
    for (const d of diagnostics) {
      expect(d.file).toBeTruthy();
      expect(d.severity).toBe('warning');
    }
  });
});

describe('NAT instances', () => {
  it('an instance with the source/destination check off, a public IP and a default route to it is a NAT instance', () => {
    const eni = { NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-1', PrivateIpAddress: '10.0.0.10', PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: '10.0.0.10', Association: { PublicIp: '3.3.3.3' } }], Association: { PublicIp: '3.3.3.3' }, SourceDestCheck: false, Groups: [], Attachment: { DeviceIndex: 0 } };
    const files = new Map([
      ['Vpcs.json', JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }] })],
      ['Subnets.json', JSON.stringify({ Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.0.0/24', AvailabilityZone: 'us-east-1a' }, { SubnetId: 'subnet-2', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' }] })],
      ['RouteTables.json', JSON.stringify({ RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-1', Associations: [{ SubnetId: 'subnet-2' }], Routes: [{ DestinationCidrBlock: '0.0.0.0/0', InstanceId: 'i-nat', NetworkInterfaceId: 'eni-1', State: 'active', Origin: 'CreateRoute' }] }] })],
      ['Reservations.json', JSON.stringify({ Reservations: [{ Instances: [{ InstanceId: 'i-nat', SubnetId: 'subnet-1', PrivateIpAddress: '10.0.0.10', SourceDestCheck: false, NetworkInterfaces: [eni] }] }] })],
    ]);
    const r = importAws(files);
    expect((r.scenario as Scenario).instances).toEqual([{ id: 'i-nat', subnet: 'subnet-1', privateIp: '10.0.0.10', publicIp: '3.3.3.3', sourceDestCheck: false, nat: true, primaryInterfaceId: 'eni-1' }]);
    expect(r.diagnostics.find((d) => d.code === 'assumed-nat')).toMatchObject({ file: 'Reservations.json', path: ['Reservations', 0, 'Instances', 0] });
    expect(compile(r.scenario).ok).toBe(true);
  });
});

describe('organizations', () => {
  it('an account with its own policies is written as an object; a missing targets file is reported', () => {
    const j = (v: unknown) => JSON.stringify(v);
    const summary = (Id: string, Name: string, Type: string, AwsManaged = false) => ({ Id, Arn: `arn:aws:organizations::111111111111:policy/o-a1b2c3d4e5/x/${Id}`, Name, Description: '', Type, AwsManaged });
    const doc = j({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ec2:*', Resource: '*' }] });
    const files = new Map([
      ['organizations/Roots.json', j({ Roots: [{ Id: 'r-a1b2', Arn: 'arn', Name: 'Root', PolicyTypes: [] }] })],
      ['organizations/Accounts/r-a1b2.json', j({ Accounts: [{ Id: '111111111111', Name: 'a', Status: 'ACTIVE' }, { Id: '333333333333', Name: 'gone', Status: 'SUSPENDED' }] })],
      ['organizations/OrganizationalUnits/r-a1b2.json', j({ OrganizationalUnits: [] })],
      ['organizations/Policies/p-FullAWSAccess.json', j({ Policy: { PolicySummary: summary('p-FullAWSAccess', 'FullAWSAccess', 'SERVICE_CONTROL_POLICY', true), Content: j({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) } })],
      ['organizations/Policies/p-deny.json', j({ Policy: { PolicySummary: summary('p-deny', 'DenyEc2', 'SERVICE_CONTROL_POLICY'), Content: doc } })],
      ['organizations/Policies/p-tag.json', j({ Policy: { PolicySummary: summary('p-tag', 'Tags', 'TAG_POLICY'), Content: '{}' } })],
      ['organizations/Policies/p-nowhere.json', j({ Policy: { PolicySummary: summary('p-nowhere', 'Nowhere', 'SERVICE_CONTROL_POLICY'), Content: doc } })],
      ['organizations/Targets/p-FullAWSAccess.json', j({ Targets: [{ TargetId: 'r-a1b2', Type: 'ROOT' }, { TargetId: '111111111111', Type: 'ACCOUNT' }] })],
      ['organizations/Targets/p-deny.json', j({ Targets: [{ TargetId: '111111111111', Type: 'ACCOUNT' }] })],
    ]);
    const r = importAws(files);
    const org = (r.scenario as Scenario).organization!;
    expect(org.root).toEqual({ id: 'r-a1b2', policies: ['FullAWSAccess'], accounts: [{ id: '111111111111', policies: ['FullAWSAccess', 'DenyEc2'] }] });
    expect(org.policies?.map((p) => p.name)).toEqual(['DenyEc2', 'Nowhere']);
    const codes = r.diagnostics.map((d) => [d.file, d.code]);
    expect(codes).toContainEqual(['organizations/Targets/p-nowhere.json'.replace('Targets', 'Policies'), 'missing-targets']);
    expect(codes).toContainEqual(['organizations/Policies/p-tag.json', 'unmapped']);
    expect(codes).toContainEqual(['organizations/Accounts/r-a1b2.json', 'skipped-state']);
    expect(compile(r.scenario).ok).toBe(true);
  });
});
