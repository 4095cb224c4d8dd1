// Importer benchmark: a generated AWS CLI export of 10,000 resources (100 VPCs, each with 10
// subnets, 5 route tables, 2 network ACLs, 10 security groups, an internet gateway, a NAT
// gateway, 35 instances and their 35 interfaces), imported from JSON text in memory.
// Run `npx tsc --build packages/import-aws` first (this imports the compiled packages).
// Target: importAws under 2 s.
import { importAws, scenarioToYaml } from '@vpcsim/import-aws';
import { compile } from '@vpcsim/model';

const gc = globalThis.gc ?? (() => {});
const ACCOUNT = '123456789012';
const tags = (name) => [{ Key: 'Name', Value: name }];
const hex = (n, w = 17) => n.toString(16).padStart(w, '0');

function generate(vpcCount = 100) {
  const out = { Vpcs: [], Subnets: [], RouteTables: [], NetworkAcls: [], SecurityGroups: [], InternetGateways: [], NatGateways: [], Reservations: [], NetworkInterfaces: [] };
  let n = 0;
  for (let v = 0; v < vpcCount; v++) {
    const vpc = `vpc-${hex(v)}`;
    const base = `10.${v}`;
    out.Vpcs.push({ VpcId: vpc, CidrBlock: `${base}.0.0/16`, State: 'available', OwnerId: ACCOUNT, IsDefault: false, InstanceTenancy: 'default', DhcpOptionsId: 'dopt-1', CidrBlockAssociationSet: [{ AssociationId: `vpc-cidr-assoc-${hex(v)}`, CidrBlock: `${base}.0.0/16`, CidrBlockState: { State: 'associated' } }], Tags: tags(`vpc-${v}`) });
    const igw = `igw-${hex(v)}`;
    out.InternetGateways.push({ InternetGatewayId: igw, OwnerId: ACCOUNT, Attachments: [{ State: 'available', VpcId: vpc }], Tags: [] });
    const subnets = [];
    for (let s = 0; s < 10; s++) {
      const id = `subnet-${hex(v * 100 + s)}`;
      subnets.push(id);
      out.Subnets.push({ SubnetId: id, VpcId: vpc, CidrBlock: `${base}.${s * 16}.0/20`, AvailabilityZone: `us-east-1${'abc'[s % 3]}`, AvailabilityZoneId: 'use1-az1', AvailableIpAddressCount: 4091, DefaultForAz: false, MapPublicIpOnLaunch: s === 0, State: 'available', OwnerId: ACCOUNT, AssignIpv6AddressOnCreation: false, Ipv6CidrBlockAssociationSet: [], SubnetArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/${id}`, Tags: tags(`s-${v}-${s}`) });
    }
    const nat = `nat-${hex(v)}`;
    out.NatGateways.push({ NatGatewayId: nat, SubnetId: subnets[0], VpcId: vpc, State: 'available', ConnectivityType: 'public', NatGatewayAddresses: [{ AllocationId: `eipalloc-${hex(v)}`, NetworkInterfaceId: `eni-f${hex(v, 16)}`, PrivateIp: `${base}.0.5`, PublicIp: `52.1.${v}.5`, IsPrimary: true, Status: 'succeeded' }], CreateTime: '2024-01-01T00:00:00+00:00', Tags: [] });
    const local = { DestinationCidrBlock: `${base}.0.0/16`, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' };
    for (let t = 0; t < 5; t++) {
      const id = `rtb-${hex(v * 10 + t)}`;
      const routes = [local, t === 0 ? { DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw, Origin: 'CreateRoute', State: 'active' } : { DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: nat, Origin: 'CreateRoute', State: 'active' }];
      for (let k = 0; k < 6; k++) routes.push({ DestinationCidrBlock: `172.${16 + k}.${t}.0/24`, State: 'blackhole', Origin: 'CreateRoute', VpcPeeringConnectionId: 'pcx-gone' });
      const assocs = t === 0 ? [{ Main: true, RouteTableAssociationId: `rtbassoc-m${hex(v)}`, RouteTableId: id, AssociationState: { State: 'associated' } }] : [];
      for (let s = t * 2; s < t * 2 + 2; s++) assocs.push({ Main: false, RouteTableAssociationId: `rtbassoc-${hex(v * 100 + s)}`, RouteTableId: id, SubnetId: subnets[s], AssociationState: { State: 'associated' } });
      out.RouteTables.push({ RouteTableId: id, VpcId: vpc, OwnerId: ACCOUNT, Associations: assocs, PropagatingVgws: [], Routes: routes, Tags: [] });
    }
    for (let a = 0; a < 2; a++) {
      const id = `acl-${hex(v * 10 + a)}`;
      const entries = [];
      for (let r = 0; r < 8; r++) entries.push({ RuleNumber: 100 + r * 10, Protocol: '6', RuleAction: 'allow', Egress: false, CidrBlock: '0.0.0.0/0', PortRange: { From: 1000 + r, To: 2000 + r } });
      entries.push({ RuleNumber: 100, Protocol: '-1', RuleAction: 'allow', Egress: true, CidrBlock: '0.0.0.0/0' }, { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: true, CidrBlock: '0.0.0.0/0' }, { RuleNumber: 32767, Protocol: '-1', RuleAction: 'deny', Egress: false, CidrBlock: '0.0.0.0/0' });
      out.NetworkAcls.push({ NetworkAclId: id, VpcId: vpc, OwnerId: ACCOUNT, IsDefault: a === 0, Associations: subnets.filter((_, s) => s % 2 === a).map((s, k) => ({ NetworkAclAssociationId: `aclassoc-${hex(v * 100 + k * 2 + a)}`, NetworkAclId: id, SubnetId: s })), Entries: entries, Tags: [] });
    }
    const groups = [];
    for (let g = 0; g < 10; g++) {
      const id = `sg-${hex(v * 10 + g)}`;
      groups.push(id);
      const inbound = g === 0 ? [{ IpProtocol: '-1', IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: id, UserId: ACCOUNT }] }] : [
        { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
        { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: groups[0], UserId: ACCOUNT }] },
      ];
      out.SecurityGroups.push({ GroupId: id, GroupName: g === 0 ? 'default' : `sg-${v}-${g}`, Description: 'bench', VpcId: vpc, OwnerId: ACCOUNT, IpPermissions: inbound, IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }] });
    }
    const instances = [];
    for (let i = 0; i < 35; i++) {
      const s = 1 + (i % 9);
      const id = `i-${hex(v * 100 + i)}`;
      const eniId = `eni-${hex(v * 100 + i)}`;
      const ip = `${base}.${s * 16}.${10 + i}`;
      const eni = { NetworkInterfaceId: eniId, SubnetId: subnets[s], VpcId: vpc, AvailabilityZone: 'us-east-1a', Description: 'Primary network interface', Groups: [{ GroupId: groups[1 + (i % 9)], GroupName: 'x' }], InterfaceType: 'interface', Ipv6Addresses: [], MacAddress: '0e:00:00:00:00:01', OwnerId: ACCOUNT, PrivateDnsName: 'ip.ec2.internal', PrivateIpAddress: ip, PrivateIpAddresses: [{ Primary: true, PrivateDnsName: 'ip.ec2.internal', PrivateIpAddress: ip }], RequesterManaged: false, SourceDestCheck: true, Status: 'in-use', TagSet: [], Attachment: { AttachTime: '2024-01-01T00:00:00+00:00', AttachmentId: `eni-attach-${hex(n)}`, DeleteOnTermination: true, DeviceIndex: 0, InstanceId: id, InstanceOwnerId: ACCOUNT, Status: 'attached' } };
      out.NetworkInterfaces.push(eni);
      instances.push({ InstanceId: id, ImageId: 'ami-1', InstanceType: 't3.micro', State: { Code: 16, Name: 'running' }, SubnetId: subnets[s], VpcId: vpc, PrivateIpAddress: ip, SecurityGroups: eni.Groups, SourceDestCheck: true, NetworkInterfaces: [eni], Placement: { AvailabilityZone: 'us-east-1a', GroupName: '', Tenancy: 'default' }, Tags: tags(`i-${v}-${i}`) });
      n++;
    }
    out.Reservations.push({ ReservationId: `r-${hex(v)}`, OwnerId: ACCOUNT, Groups: [], Instances: instances });
  }
  const files = new Map();
  for (const [k, list] of Object.entries(out)) files.set(`${k}.json`, JSON.stringify({ [k]: list }, null, 4));
  const count = out.Vpcs.length + out.Subnets.length + out.RouteTables.length + out.NetworkAcls.length + out.SecurityGroups.length + out.InternetGateways.length + out.NatGateways.length + out.NetworkInterfaces.length + out.Reservations.reduce((a, r) => a + r.Instances.length, 0);
  return { files, count };
}

function measure(label, f, runs = 5) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = performance.now();
    result = f();
    times.push(performance.now() - t0);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(runs / 2)];
  console.log(`${label.padEnd(44)} first ${times[0].toFixed(0).padStart(5)} ms   median ${median.toFixed(0).padStart(5)} ms`);
  return { result, median };
}

const { files, count } = generate();
const bytes = [...files.values()].reduce((a, t) => a + t.length, 0);
console.log(`generated export: ${count} resources in ${files.size} files, ${(bytes / 1024 / 1024).toFixed(1)} MB of JSON`);

const noValidate = measure('importAws (read + map, no validation)', () => importAws(files, { validate: false }));
const full = measure('importAws (read + map + compile check)', () => importAws(files));
const errors = full.result.diagnostics.filter((d) => d.severity === 'error');
if (errors.length > 0) {
  console.error('the generated export does not import cleanly:', errors.slice(0, 5));
  process.exit(1);
}
const c = measure('compile(imported scenario)', () => compile(full.result.scenario));
if (!c.result.ok) {
  console.error('the imported scenario does not compile:', c.result.errors.slice(0, 5));
  process.exit(1);
}
measure('scenarioToYaml', () => scenarioToYaml(full.result.scenario), 3);
const target = 2000;
console.log(`importAws median ${full.median.toFixed(0)} ms (${noValidate.median.toFixed(0)} ms without the compile check): ${full.median < target ? 'within' : 'OVER'} the ${target} ms target`);
process.exit(full.median < target ? 0 : 1);
