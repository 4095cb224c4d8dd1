// Instances and network interfaces, from describe-instances (Reservations),
// describe-network-interfaces and describe-addresses (Elastic IPs).
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Instance.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkInterface.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceNetworkInterface.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Address.html
//
// An instance's primary interface (device index 0) is written inline on the instance, as the
// scenario format does (`<instance>/eth0` in the model); its other interfaces become
// `networkInterfaces` listed on the instance. Interfaces AWS creates for resources the
// scenario models itself (NAT gateways, VPC endpoints, transit gateway attachments) are
// represented by those resources.
import { pushAll, type Instance, type NetworkInterface } from '@vpcsim/model';
import type { AwsObject } from './reader.js';
import type { ImportState } from './state.js';

/** Interface types owned by a resource the scenario models (they are not imported as ENIs). */
const OWNED_TYPES = new Set(['nat_gateway', 'vpc_endpoint', 'gateway_load_balancer_endpoint', 'transit_gateway']);

const ENI_IGNORED = [
  'AvailabilityZone', 'AvailabilityZoneId', 'MacAddress', 'OwnerId', 'PrivateDnsName', 'PublicDnsName', 'PublicIpDnsNameOptions', 'RequesterId', 'RequesterManaged', 'Status',
  'Ipv6Address', 'Ipv6Native', 'DenyAllIgwTraffic', 'ConnectionTrackingConfiguration', 'Operator', 'OutpostArn', 'AssociatedSubnets', 'NetworkCardIndex', 'ClientToken',
  'InterfaceType', 'Attachment', 'Ipv4Prefixes', 'Ipv6Prefixes', 'VpcId',
];

/** The interface fields shared by ENIs and instances' embedded interfaces. */
interface IfaceFields {
  subnet: string;
  privateIp: string;
  secondaryPrivateIps: string[];
  publicIp?: string | undefined;
  ipv6Addresses: string[];
  securityGroups: string[];
  sourceDestCheck?: boolean | undefined;
  description?: string | undefined;
  tags?: Record<string, string> | undefined;
}

/**
 * The Elastic IP of an interface's primary address, or undefined. An Elastic IP associated with
 * a secondary private address is not the interface's public IP (the format has one public IP
 * per interface, that of the primary address): it is reported, once, and not imported.
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/MultipleIP.html
 */
function primaryElasticIp(st: ImportState, eip: ElasticIp | undefined, f: IfaceFields, what: string): string | undefined {
  if (eip === undefined) return undefined;
  if (eip.privateIp === undefined || eip.privateIp === f.privateIp) return eip.ip;
  if (!st.warnedPublicIps.has(eip.ip)) {
    st.warnedPublicIps.add(eip.ip);
    st.report.warn(eip.obj.at('PrivateIpAddress'), 'unmapped', `public IP \`${eip.ip}\` of secondary address \`${eip.privateIp}\` of ${what}: the scenario format takes one public IP per interface (its primary address's), not imported`);
  }
  return undefined;
}

function readIface(st: ImportState, o: AwsObject, what: string): IfaceFields | undefined {
  const subnet = o.str('SubnetId');
  const privateIp = o.str('PrivateIpAddress');
  const assoc = o.obj('Association', 'public IP association');
  let publicIp = assoc?.str('PublicIp');
  assoc?.done(['IpOwnerId', 'PublicDnsName', 'AllocationId', 'AssociationId', 'CarrierIp', 'CustomerOwnedIp']);
  const secondary: string[] = [];
  for (const a of o.objs('PrivateIpAddresses', 'private IP address')) {
    const ip = a.str('PrivateIpAddress');
    const primary = a.bool('Primary') ?? false;
    const aa = a.obj('Association', 'public IP association');
    const pub = aa?.str('PublicIp');
    aa?.done(['IpOwnerId', 'PublicDnsName', 'AllocationId', 'AssociationId', 'CarrierIp', 'CustomerOwnedIp']);
    a.done(['PrivateDnsName']);
    if (ip === undefined) continue;
    if (primary || ip === privateIp) {
      publicIp ??= pub;
      continue;
    }
    secondary.push(ip);
    if (pub !== undefined && !st.warnedPublicIps.has(pub)) {
      st.warnedPublicIps.add(pub);
      st.report.warn(a.at('Association', 'PublicIp'), 'unmapped', `public IP \`${pub}\` of secondary address \`${ip}\` of ${what}: the scenario format takes one public IP per interface, not imported`);
    }
  }
  const ipv6: string[] = [];
  for (const a of o.objs('Ipv6Addresses', 'IPv6 address')) {
    const ip = a.str('Ipv6Address');
    a.done(['IsPrimaryIpv6', 'PublicIpv6DnsName']);
    if (ip !== undefined) ipv6.push(ip);
  }
  const groups: string[] = [];
  for (const g of o.objs('Groups', 'security group reference')) {
    const id = g.str('GroupId');
    g.done(['GroupName']);
    if (id !== undefined) groups.push(id);
  }
  for (const k of ['Ipv4Prefixes', 'Ipv6Prefixes']) {
    const v = o.raw(k);
    if (Array.isArray(v) && v.length > 0) st.report.warn(o.at(k), 'unmapped', `prefix delegation (\`${k}\`) on ${what} is not modelled: not imported`);
  }
  const sourceDestCheck = o.bool('SourceDestCheck');
  const description = o.str('Description');
  const tags = o.tags('TagSet') ?? o.tags('Tags');
  if (subnet === undefined || privateIp === undefined) return undefined;
  return { subnet, privateIp, secondaryPrivateIps: secondary, publicIp, ipv6Addresses: ipv6, securityGroups: groups, sourceDestCheck, description, tags };
}

function ifaceBody(f: IfaceFields): Omit<NetworkInterface, 'id'> {
  return {
    subnet: f.subnet,
    privateIp: f.privateIp,
    ...(f.secondaryPrivateIps.length > 0 ? { secondaryPrivateIps: f.secondaryPrivateIps } : {}),
    ...(f.publicIp !== undefined ? { publicIp: f.publicIp } : {}),
    ...(f.ipv6Addresses.length > 0 ? { ipv6Addresses: f.ipv6Addresses } : {}),
    ...(f.securityGroups.length > 0 ? { securityGroups: f.securityGroups } : {}),
    ...(f.sourceDestCheck === false ? { sourceDestCheck: false } : {}),
  };
}

/** Elastic IPs by interface and by instance, from describe-addresses. */
interface ElasticIp {
  readonly ip: string;
  /** The private address it is associated with (AWS: `PrivateIpAddress`), when exported. */
  readonly privateIp: string | undefined;
  readonly obj: AwsObject;
}

function elasticIps(st: ImportState): { byEni: Map<string, ElasticIp>; byInstance: Map<string, ElasticIp> } {
  const byEni = new Map<string, ElasticIp>();
  const byInstance = new Map<string, ElasticIp>();
  for (const { obj } of st.itemsOf('Addresses')) {
    const ip = obj.str('PublicIp');
    const eni = obj.str('NetworkInterfaceId');
    const inst = obj.str('InstanceId');
    const privateIp = obj.str('PrivateIpAddress');
    obj.done([
      'AllocationId', 'AssociationId', 'Domain', 'NetworkInterfaceOwnerId', 'PublicIpv4Pool', 'NetworkBorderGroup', 'Tags', 'CustomerOwnedIp', 'CustomerOwnedIpv4Pool',
      'CarrierIp', 'ServiceManaged', 'SubnetId', 'AvailabilityZone',
    ]);
    if (ip === undefined) continue;
    if (eni !== undefined) byEni.set(eni, { ip, privateIp, obj });
    else if (inst !== undefined) byInstance.set(inst, { ip, privateIp, obj });
    else st.report.warn(obj.at(), 'unmapped', `Elastic IP \`${ip}\` is not associated with anything: not imported`);
  }
  return { byEni, byInstance };
}

/**
 * The primary ENI of each instance (for routes that name it). Read before the route tables
 * are mapped.
 */
export function primaryInterfaces(st: ImportState): Map<string, string> {
  const out = new Map<string, string>();
  for (const { obj } of st.itemsOf('Reservations')) {
    const insts = obj.value.Instances;
    if (!Array.isArray(insts)) continue;
    for (const i of insts) {
      if (typeof i !== 'object' || i === null) continue;
      const rec = i as Record<string, unknown>;
      const enis = Array.isArray(rec.NetworkInterfaces) ? rec.NetworkInterfaces : [];
      for (const e of enis) {
        if (typeof e !== 'object' || e === null) continue;
        const er = e as Record<string, unknown>;
        const att = er.Attachment as Record<string, unknown> | undefined;
        if (typeof er.NetworkInterfaceId === 'string' && typeof rec.InstanceId === 'string' && (att?.DeviceIndex ?? 0) === 0) out.set(er.NetworkInterfaceId, rec.InstanceId);
      }
    }
  }
  return out;
}

const INSTANCE_IGNORED = [
  'AmiLaunchIndex', 'Architecture', 'BlockDeviceMappings', 'CapacityReservationSpecification', 'CapacityReservationId', 'ClientToken', 'CpuOptions', 'EbsOptimized', 'EnaSupport',
  'HibernationOptions', 'Hypervisor', 'ImageId', 'InstanceType', 'KeyName', 'LaunchTime', 'Monitoring', 'Placement', 'PrivateDnsName', 'ProductCodes', 'PublicDnsName',
  'RootDeviceName', 'RootDeviceType', 'StateTransitionReason', 'VirtualizationType', 'MetadataOptions', 'EnclaveOptions', 'BootMode', 'PlatformDetails', 'UsageOperation',
  'UsageOperationUpdateTime', 'PrivateDnsNameOptions', 'MaintenanceOptions', 'CurrentInstanceBootMode', 'Platform', 'KernelId', 'RamdiskId', 'SriovNetSupport', 'StateReason',
  'InstanceLifecycle', 'SpotInstanceRequestId', 'ElasticGpuAssociations', 'ElasticInferenceAcceleratorAssociations', 'Licenses', 'OutpostArn', 'Licenses', 'NetworkPerformanceOptions',
  'Operator', 'TpmSupport', 'Ipv6Address', 'PublicIpAddress', 'PrivateIpAddress', 'VpcId', 'SecurityGroups', 'SubnetId', 'NetworkInterfaces', 'SourceDestCheck', 'Tags',
  'IamInstanceProfile', 'CapacityBlockId', 'InstanceId', 'State',
];

/**
 * Maps instances and interfaces. `roleOfProfile` turns an instance profile ARN into the role
 * ARN the instance's requests are made as.
 */
export function mapInstancesAndInterfaces(st: ImportState, roleOfProfile: Map<string, string>, loadBalancerEnis: ReadonlyMap<string, unknown> = new Map()): void {
  const eips = elasticIps(st);
  const enis = new Map<string, AwsObject>();
  for (const { obj } of st.itemsOf('NetworkInterfaces')) {
    const id = obj.str('NetworkInterfaceId', true);
    if (id !== undefined && !enis.has(id)) enis.set(id, obj);
  }
  const consumed = new Set<string>();
  const instances: Instance[] = [];
  const extra: NetworkInterface[] = [];

  for (const { obj: res } of st.itemsOf('Reservations')) {
    for (const inst of res.objs('Instances', 'instance', true)) {
      const id = inst.str('InstanceId', true);
      const stateObj = inst.obj('State', 'instance state');
      const state = stateObj?.str('Name');
      stateObj?.done(['Code']);
      if (id === undefined) continue;
      if (state === 'terminated' || state === 'shutting-down') {
        st.report.warn(inst.at('State'), 'skipped-state', `instance \`${id}\` is \`${state}\`: not imported`);
        inst.done(INSTANCE_IGNORED);
        continue;
      }
      const embedded = inst.objs('NetworkInterfaces', 'instance network interface');
      let primary: { eniId: string | undefined; fields: IfaceFields } | undefined;
      const others: string[] = [];
      for (const e of embedded) {
        const eniId = e.str('NetworkInterfaceId');
        const att = e.obj('Attachment', 'attachment');
        const index = att?.num('DeviceIndex') ?? 0;
        att?.done(['AttachTime', 'AttachmentId', 'DeleteOnTermination', 'Status', 'NetworkCardIndex', 'EnaSrdSpecification', 'EnaQueueCount']);
        const full = eniId !== undefined ? enis.get(eniId) : undefined;
        const src = full ?? e;
        const fields = readIface(st, src, `\`${eniId ?? id}\``);
        if (full) full.done(ENI_IGNORED);
        else e.done(ENI_IGNORED);
        if (eniId !== undefined) consumed.add(eniId);
        if (!fields) continue;
        if (eniId !== undefined && fields.publicIp === undefined) fields.publicIp = primaryElasticIp(st, eips.byEni.get(eniId), fields, `\`${eniId}\``);
        if (index === 0 && primary === undefined) primary = { eniId, fields };
        else if (eniId !== undefined) {
          if (!st.claim(eniId)) continue;
          extra.push(st.from({ id: eniId, ...ifaceBody(fields), ...(fields.description ? { description: fields.description } : {}), ...(fields.tags ? { tags: fields.tags } : {}) }, src.at()));
          others.push(eniId);
        }
      }
      if (primary === undefined) {
        // an instance listed without interfaces: take its top-level addresses
        const subnet = inst.str('SubnetId');
        const privateIp = inst.str('PrivateIpAddress');
        if (subnet === undefined || privateIp === undefined) {
          st.report.warn(inst.at(), 'unmapped', `instance \`${id}\` has no subnet or private IP (stopped without a VPC?): not imported`);
          inst.done(INSTANCE_IGNORED);
          continue;
        }
        const groups = inst.objs('SecurityGroups', 'security group reference').map((g) => g.str('GroupId')).filter((g): g is string => g !== undefined);
        primary = { eniId: undefined, fields: { subnet, privateIp, secondaryPrivateIps: [], publicIp: inst.str('PublicIpAddress'), ipv6Addresses: [], securityGroups: groups, sourceDestCheck: inst.bool('SourceDestCheck') } };
      }
      if (primary.fields.publicIp === undefined) primary.fields.publicIp = primaryElasticIp(st, eips.byInstance.get(id), primary.fields, `\`${id}\``);
      const profile = inst.obj('IamInstanceProfile', 'instance profile');
      const profileArn = profile?.str('Arn');
      profile?.done(['Id']);
      let instanceProfile: string | undefined;
      if (profileArn !== undefined) {
        instanceProfile = roleOfProfile.get(profileArn);
        if (instanceProfile === undefined)
          st.report.warn(inst.at('IamInstanceProfile', 'Arn'), 'unresolved', `instance profile \`${profileArn}\` of \`${id}\` is not in the IAM export: the instance's role is not imported`, 'add `iam/AuthorizationDetails.json` (aws iam get-account-authorization-details)');
      }
      const tags = inst.tags();
      inst.done(INSTANCE_IGNORED);
      if (!st.claim(id)) continue;
      const name = tags?.Name;
      instances.push(
        st.from(
          {
            id,
            ...ifaceBody(primary.fields),
            ...(others.length > 0 ? { networkInterfaces: others } : {}),
            // flow logs and the console name the primary interface by its own id: a trace endpoint too
            ...(primary.eniId !== undefined ? { primaryInterfaceId: primary.eniId } : {}),
            ...(instanceProfile !== undefined ? { instanceProfile } : {}),
            ...(name !== undefined ? { name } : {}),
            ...(tags ? { tags } : {}),
          },
          inst.at(),
        ),
      );
    }
    res.done(['Groups', 'OwnerId', 'RequesterId', 'ReservationId']);
  }

  // interfaces not attached to an instance of the export
  for (const [id, obj] of enis) {
    if (consumed.has(id)) continue;
    const type = obj.str('InterfaceType');
    // interfaces AWS creates for resources the scenario declares (load balancer nodes among them)
    if ((type !== undefined && OWNED_TYPES.has(type)) || loadBalancerEnis.has(id)) {
      obj.done([...ENI_IGNORED, ...Object.keys(obj.value)]);
      continue;
    }
    const att = obj.obj('Attachment', 'attachment');
    const instance = att?.str('InstanceId');
    att?.done(['AttachTime', 'AttachmentId', 'DeleteOnTermination', 'Status', 'NetworkCardIndex', 'DeviceIndex', 'InstanceOwnerId', 'EnaSrdSpecification', 'EnaQueueCount']);
    const fields = readIface(st, obj, `\`${id}\``);
    obj.done(ENI_IGNORED);
    if (!fields) {
      st.report.warn(obj.at(), 'unmapped', `interface \`${id}\` has no subnet or private IP: not imported`);
      continue;
    }
    if (fields.publicIp === undefined) fields.publicIp = primaryElasticIp(st, eips.byEni.get(id), fields, `\`${id}\``);
    if (instance !== undefined)
      st.report.warn(obj.at('Attachment', 'InstanceId'), 'unresolved', `interface \`${id}\` is attached to instance \`${instance}\`, which is not in the export: imported as a standalone interface`, 'add Reservations.json (aws ec2 describe-instances)');
    if (!st.claim(id)) continue;
    extra.push(st.from({ id, ...ifaceBody(fields), ...(fields.description ? { description: fields.description } : {}), ...(fields.tags ? { tags: fields.tags } : {}) }, obj.at()));
  }
  pushAll(st.draft.instances, instances);
  pushAll(st.draft.networkInterfaces, extra);
}

/**
 * An instance or interface with its source/destination check off, a public IP, and a default
 * route (0.0.0.0/0) pointing at it is taken for a NAT instance (`nat: true`): the export cannot
 * say whether it translates addresses, so this is reported as an assumption.
 * https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html
 */
export function markNatInstances(st: ImportState): void {
  const defaultTargets = new Set(st.draft.routeTables.flatMap((t) => (t.routes ?? []).filter((r) => r.destination === '0.0.0.0/0').map((r) => r.target)));
  for (const x of [...st.draft.instances, ...st.draft.networkInterfaces]) {
    if (x.sourceDestCheck !== false || x.publicIp === undefined || !defaultTargets.has(x.id)) continue;
    x.nat = true;
    const o = st.origin.get(x);
    if (o) st.report.warn(o, 'assumed-nat', `\`${x.id}\` has its source/destination check off, a public IP and a default route to it: imported as a NAT instance (\`nat: true\`)`, 'set `nat: false` in the scenario if it forwards without translating addresses');
  }
}
