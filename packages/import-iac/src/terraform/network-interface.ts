// Instances and network interfaces: subnet, private address (chosen from the subnet the way AWS
// does when the plan does not know it), security groups (the VPC's default group when none is
// given, as AWS does), public address (an Elastic IP, or one AWS assigns at launch), instance
// profile, and interfaces attached at other device indexes.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/instance
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/network_interface
// https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-instance-addressing.html
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html
import type { Instance, NetworkInterface } from '@vpcsim/model';
import { publicIpOf } from './gateways.js';
import type { TfContext, TfMapper } from './import.js';
import { tagsOf } from './network.js';
import type { TfResource } from './resource.js';
import { pushAll } from '@vpcsim/model';

/** The private address: known, or the first free one of the subnet (reported). */
function privateIp(c: TfContext, r: TfResource, subnetId: string, known: string | undefined): string | undefined {
  if (known) return known;
  const s = c.draft.find('subnets', subnetId);
  if (!s) return undefined;
  const ip = c.addresses.private(s.cidr);
  if (ip) c.draft.warn(r.origin('private_ip'), 'chosen-value', `${r.address}: its private address is assigned by AWS at launch: ${ip}, the first free address of \`${subnetId}\`, stands for it`);
  return ip;
}

/** The public address an Elastic IP gives this resource (by `instance`/`network_interface` or an `aws_eip_association`). */
function elasticIp(c: TfContext, r: TfResource, field: 'instance' | 'network_interface'): string | undefined {
  for (const e of c.all('aws_eip')) if (e.value(field) !== undefined && e.ref(field, field, false) === r.id) return publicIpOf(c, e);
  const assocField = field === 'instance' ? 'instance_id' : 'network_interface_id';
  for (const a of c.all('aws_eip_association')) {
    if (a.ref(assocField, field, false) !== r.id) continue;
    const known = a.str('public_ip');
    if (known) return known;
    const id = a.ref('allocation_id', 'the Elastic IP', false);
    const e = c.all('aws_eip').find((x) => x.id === id || x.str('allocation_id') === id);
    if (e) return publicIpOf(c, e);
  }
  return undefined;
}

function groups(c: TfContext, r: TfResource, field: string, subnetId: string): string[] | undefined {
  const g = r.isUnknown(field) && !r.written(field) ? [] : r.refs(field, 'its security groups');
  if (g.length) return g;
  if (r.creates) {
    const vpc = c.draft.find('subnets', subnetId)?.vpc;
    c.draft.warn(r.origin(field), 'aws-default', `${r.address}: no security group is given: AWS puts it in the VPC's default group${vpc ? ` (\`${vpc}/default-sg\`)` : ''}`);
  }
  return undefined;
}

const eni: TfMapper = {
  phase: 1,
  map(r, c) {
    const subnet = r.ref('subnet_id', 'its subnet');
    if (!subnet) return;
    const known = (Array.isArray(r.value('private_ips')) ? (r.value('private_ips') as unknown[]).filter((x): x is string => typeof x === 'string') : []).concat(r.str('private_ip') ?? []);
    const ip = privateIp(c, r, subnet, known[0]);
    if (!ip) return;
    const n: NetworkInterface = { id: r.id, subnet, privateIp: ip, ...tagsOf(r) };
    const secondary = [...new Set(known.slice(1))].filter((x) => x !== ip);
    if (secondary.length) n.secondaryPrivateIps = secondary;
    const sgs = groups(c, r, 'security_groups', subnet);
    if (sgs) n.securityGroups = sgs;
    if (r.bool('source_dest_check') === false) n.sourceDestCheck = false;
    const pub = elasticIp(c, r, 'network_interface');
    if (pub) n.publicIp = pub;
    c.draft.add('networkInterfaces', n, r.origin());
  },
};

const instance: TfMapper = {
  phase: 2,
  map(r, c) {
    // an interface given at device index 0 is the instance's primary interface
    const primary = r.blocks('network_interface').find((b) => Number(b.value('device_index')) === 0);
    const eniId = primary?.ref('network_interface_id', 'its primary interface', true);
    const eniEl = eniId ? c.draft.find('networkInterfaces', eniId) : undefined;
    const subnet = eniEl?.subnet ?? r.ref('subnet_id', 'its subnet');
    if (!subnet) return;
    const ip = eniEl?.privateIp ?? privateIp(c, r, subnet, r.str('private_ip'));
    if (!ip) return;
    const i: Instance = { id: r.id, subnet, privateIp: ip, ...(typeof tagsOf(r).tags?.Name === 'string' ? { name: tagsOf(r).tags!.Name } : {}), ...tagsOf(r) };
    if (eniEl) {
      // the interface becomes the instance's inline primary one
      if (eniEl.securityGroups) i.securityGroups = eniEl.securityGroups;
      if (eniEl.secondaryPrivateIps) i.secondaryPrivateIps = eniEl.secondaryPrivateIps;
      if (eniEl.sourceDestCheck === false) i.sourceDestCheck = false;
      if (eniEl.publicIp) i.publicIp = eniEl.publicIp;
      c.draft.lists.networkInterfaces.splice(c.draft.lists.networkInterfaces.indexOf(eniEl), 1);
      c.draft.warn(r.origin('network_interface'), 'merged', `${r.address}: interface \`${eniEl.id}\` at device index 0 is its primary interface: imported as the instance's own (\`${r.id}/eth0\`)`);
    } else {
      const secondary = Array.isArray(r.value('secondary_private_ips')) ? (r.value('secondary_private_ips') as unknown[]).filter((x): x is string => typeof x === 'string') : [];
      if (secondary.length) i.secondaryPrivateIps = secondary;
      const sgs = groups(c, r, 'vpc_security_group_ids', subnet);
      if (sgs) i.securityGroups = sgs;
      if (r.bool('source_dest_check') === false) i.sourceDestCheck = false;
    }
    const extra = r.blocks('network_interface').filter((b) => b !== primary).flatMap((b) => b.ref('network_interface_id', 'an attached interface', true) ?? []);
    for (const a of c.all('aws_network_interface_attachment')) if (a.ref('instance_id', 'the instance', false) === r.id) pushAll(extra, [a.ref('network_interface_id', 'the interface')].flatMap((x) => x ?? []));
    if (extra.length) i.networkInterfaces = extra;
    const pub = r.str('public_ip') ?? elasticIp(c, r, 'instance');
    const sn = c.draft.find('subnets', subnet);
    if (pub) i.publicIp = pub;
    else if (!i.publicIp && (r.bool('associate_public_ip_address') === true || (r.isUnknown('associate_public_ip_address') && sn?.mapPublicIpOnLaunch === true && r.creates))) {
      const ip = c.addresses.public();
      if (ip) {
        i.publicIp = ip;
        c.draft.warn(r.origin('public_ip'), 'chosen-value', `${r.address}: AWS gives it a public address at launch${r.bool('associate_public_ip_address') === true ? '' : ` (its subnet \`${subnet}\` maps public addresses on launch)`}: ${ip} (a documentation address) stands for it`);
      }
    }
    const profile = r.str('iam_instance_profile');
    if (profile) {
      const role = c.profiles.get(profile);
      if (role) i.instanceProfile = `role/${role}`;
      else c.draft.warn(r.origin('iam_instance_profile'), 'unknown-reference', `${r.address}: instance profile \`${profile}\` is not in the input: its requests are not given a role`);
    }
    c.draft.add('instances', i, r.origin());
  },
};

const sgAttachment: TfMapper = {
  phase: 2,
  map(r, c) {
    const id = r.ref('network_interface_id', 'the interface');
    const sg = r.ref('security_group_id', 'the security group');
    const n = id ? c.draft.find('networkInterfaces', id) : undefined;
    if (n && sg) n.securityGroups = [...new Set([...(n.securityGroups ?? []), sg])];
  },
};

/** Instances, interfaces and their attachments. */
export const INTERFACES: Record<string, TfMapper> = {
  aws_network_interface: eni,
  aws_instance: instance,
  aws_eip_association: { phase: 2, map() {} },
  aws_network_interface_attachment: { phase: 2, map() {} },
  aws_network_interface_sg_attachment: sgAttachment,
};
