// Instances and network interfaces: subnet (or an interface at device index 0), private address
// (chosen from the subnet as AWS does when not given), security groups, public address (an
// Elastic IP, or one given at launch), instance profile.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-instance.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-networkinterface.html
import type { Instance, NetworkInterface } from '@vpcsim/model';
import type { CfnContext, CfnMapper } from './import.js';
import { eipAddress } from './import.js';
import { cfnTags } from './network.js';
import type { CfnResource } from './resource.js';

function privateIp(c: CfnContext, r: CfnResource, subnet: string, known: string | undefined): string | undefined {
  if (known) return known;
  const s = c.draft.find('subnets', subnet);
  const ip = s ? c.addresses.private(s.cidr) : undefined;
  if (ip) c.draft.warn(r.origin('PrivateIpAddress'), 'chosen-value', `${r.logicalId}: its private address is assigned by AWS at launch: ${ip}, the first free address of \`${subnet}\`, stands for it`);
  return ip;
}

/** The address an Elastic IP gives a resource (`InstanceId` on the EIP, or an `EIPAssociation`). */
function elasticIp(c: CfnContext, id: string, field: 'InstanceId' | 'NetworkInterfaceId'): string | undefined {
  for (const e of c.all('AWS::EC2::EIP')) if (e.str(field) === id) return eipAddress(c, e) as string;
  for (const a of c.all('AWS::EC2::EIPAssociation')) {
    if (a.str(field) !== id) continue;
    const alloc = a.str('AllocationId') ?? a.str('EIP');
    const e = alloc ? c.get(alloc) : undefined;
    if (e?.type === 'AWS::EC2::EIP') return eipAddress(c, e) as string;
    return alloc && /^\d+\.\d+\.\d+\.\d+$/.test(alloc) ? alloc : undefined;
  }
  return undefined;
}

function groups(c: CfnContext, r: CfnResource, field: string, subnet: string): string[] | undefined {
  const g = r.refs(field, 'its security groups');
  if (g.length) return g;
  c.draft.warn(r.origin(field), 'aws-default', `${r.logicalId}: no security group is given: AWS puts it in the VPC's default group (\`${c.draft.find('subnets', subnet)?.vpc ?? '?'}/default-sg\`)`);
  return undefined;
}

const eni: CfnMapper = {
  phase: 1,
  map(r, c) {
    const subnet = r.ref('SubnetId', 'its subnet');
    if (!subnet) return;
    const ip = privateIp(c, r, subnet, r.str('PrivateIpAddress'));
    if (!ip) return;
    const n: NetworkInterface = { id: r.id, subnet, privateIp: ip, ...cfnTags(r) };
    const sgs = groups(c, r, 'GroupSet', subnet);
    if (sgs) n.securityGroups = sgs;
    if (r.bool('SourceDestCheck') === false) n.sourceDestCheck = false;
    const pub = elasticIp(c, r.id, 'NetworkInterfaceId');
    if (pub) n.publicIp = pub;
    c.draft.add('networkInterfaces', n, r.origin());
  },
};

const instance: CfnMapper = {
  phase: 2,
  map(r, c) {
    const nics = r.items('NetworkInterfaces');
    const first = nics.find((x) => Number(x.get('DeviceIndex')) === 0);
    let subnet = r.ref('SubnetId', 'its subnet', !first);
    let ip = r.str('PrivateIpAddress');
    let sgs: string[] | undefined;
    let publicLaunch = false;
    const extra: string[] = [];
    if (first) {
      const eniId = first.get('NetworkInterfaceId');
      const el = typeof eniId === 'string' ? c.draft.find('networkInterfaces', eniId) : undefined;
      if (el) {
        subnet = el.subnet;
        ip = el.privateIp;
        sgs = el.securityGroups;
        c.draft.lists.networkInterfaces.splice(c.draft.lists.networkInterfaces.indexOf(el), 1);
      } else {
        subnet = typeof first.get('SubnetId') === 'string' ? (first.get('SubnetId') as string) : subnet;
        ip = typeof first.get('PrivateIpAddress') === 'string' ? (first.get('PrivateIpAddress') as string) : ip;
        const g = first.get('GroupSet');
        if (Array.isArray(g)) sgs = g.filter((x): x is string => typeof x === 'string');
        publicLaunch = first.get('AssociatePublicIpAddress') === true || first.get('AssociatePublicIpAddress') === 'true';
      }
    }
    for (const x of nics) if (x !== first && typeof x.get('NetworkInterfaceId') === 'string') extra.push(x.get('NetworkInterfaceId') as string);
    if (!subnet) {
      c.draft.warn(r.origin('SubnetId'), 'unknown-reference', `${r.logicalId}: its subnet is not known: the instance is left out`);
      return;
    }
    const addr = privateIp(c, r, subnet, ip);
    if (!addr) return;
    const i: Instance = { id: r.id, subnet, privateIp: addr, ...cfnTags(r) };
    if (sgs?.length) i.securityGroups = sgs;
    else {
      const g = groups(c, r, r.value('SecurityGroupIds') !== undefined ? 'SecurityGroupIds' : 'SecurityGroups', subnet);
      if (g) i.securityGroups = g;
    }
    if (extra.length) i.networkInterfaces = extra;
    if (r.bool('SourceDestCheck') === false) i.sourceDestCheck = false;
    const pub = elasticIp(c, r.id, 'InstanceId');
    const sn = c.draft.find('subnets', subnet);
    if (pub) i.publicIp = pub;
    else if (publicLaunch || (!first && sn?.mapPublicIpOnLaunch)) {
      const p = c.addresses.public();
      if (p) {
        i.publicIp = p;
        c.draft.warn(r.origin(), 'chosen-value', `${r.logicalId}: AWS gives it a public address at launch: ${p} (a documentation address) stands for it`);
      }
    }
    const profile = r.str('IamInstanceProfile');
    if (profile) {
      const role = c.profiles.get(profile);
      if (role) i.instanceProfile = `role/${role}`;
      else c.draft.warn(r.origin('IamInstanceProfile'), 'unknown-reference', `${r.logicalId}: instance profile \`${profile}\` is not in the template: its requests are not given a role`);
    }
    c.draft.add('instances', i, r.origin());
  },
};

/** Instances and interfaces. */
export const CFN_INTERFACES: Record<string, CfnMapper> = { 'AWS::EC2::NetworkInterface': eni, 'AWS::EC2::Instance': instance, 'AWS::EC2::EIPAssociation': { phase: 2, map() {} } };
