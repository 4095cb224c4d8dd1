// Internet, egress-only and NAT gateways, Elastic IPs, virtual private and customer gateways,
// VPN connections and peering connections. An Elastic IP's address is chosen by AWS at
// allocation: when the plan does not know it, a documentation address stands for it (reported).
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/nat_gateway
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eip
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpn_connection
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/vpc_peering_connection
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
import type { NatGateway, VpnConnection } from '@vpcsim/model';
import type { TfContext, TfMapper } from './import.js';
import { missing, tagsOf } from './network.js';
import type { TfResource } from './resource.js';
import { num } from '../core/rules.js';

/** The public address of an Elastic IP (by scenario id), chosen once when the plan does not know it. */
const eipAddress = new WeakMap<TfContext, Map<string, string>>();
export function publicIpOf(c: TfContext, eip: TfResource): string | undefined {
  const known = eip.str('public_ip');
  if (known) return known;
  const m = eipAddress.get(c) ?? eipAddress.set(c, new Map()).get(c)!;
  let ip = m.get(eip.id);
  if (ip === undefined) {
    ip = c.addresses.public();
    if (ip === undefined) return undefined;
    m.set(eip.id, ip);
    c.draft.warn(eip.origin('public_ip'), 'chosen-value', `${eip.address}: its public address is allocated by AWS at apply time: ${ip} (a documentation address) stands for it`);
  }
  return ip;
}

/** The Elastic IP resource a field refers to. */
function eipOf(c: TfContext, r: TfResource, field: string): TfResource | undefined {
  const id = r.ref(field, 'the Elastic IP', false);
  return id ? c.all('aws_eip').find((e) => e.id === id || e.str('allocation_id') === id) : undefined;
}

const igw: TfMapper = {
  phase: 0,
  map(r, c) {
    const vpc = r.value('vpc_id') !== undefined || r.isUnknown('vpc_id') ? r.ref('vpc_id', 'its VPC') : undefined;
    c.draft.add('internetGateways', { id: r.id, ...(vpc ? { vpc } : {}), ...tagsOf(r) }, r.origin());
  },
};

const igwAttachment: TfMapper = {
  phase: 1,
  map(r, c) {
    const id = r.ref('internet_gateway_id', 'the internet gateway');
    const vpc = r.ref('vpc_id', 'the VPC');
    const g = id ? c.draft.find('internetGateways', id) : undefined;
    if (g && vpc) g.vpc = vpc;
  },
};

const eigw: TfMapper = {
  phase: 0,
  map(r, c) {
    const vpc = r.ref('vpc_id', 'its VPC');
    if (vpc) c.draft.add('egressOnlyInternetGateways', { id: r.id, vpc, ...tagsOf(r) }, r.origin());
  },
};

const nat: TfMapper = {
  phase: 1,
  map(r, c) {
    const subnet = r.ref('subnet_id', 'its subnet');
    if (!subnet) return;
    const connectivity = r.str('connectivity_type') === 'private' ? 'private' : 'public';
    const g: NatGateway = { id: r.id, subnet, ...(connectivity === 'private' ? { connectivity } : {}), ...tagsOf(r) };
    const priv = r.str('private_ip');
    if (priv) g.privateIp = priv;
    if (connectivity === 'public') {
      const eip = eipOf(c, r, 'allocation_id');
      let ip = r.str('public_ip') ?? (eip ? publicIpOf(c, eip) : undefined);
      if (!ip && r.creates) {
        // which Elastic IP it gets cannot be followed, but its address is AWS's choice anyway
        ip = c.addresses.public();
        if (ip) c.draft.warn(r.origin('allocation_id'), 'chosen-value', `${r.address}: its Elastic IP cannot be followed to an \`aws_eip\` of the plan; its public address is AWS's choice: ${ip} (a documentation address) stands for it`);
      }
      if (!ip) {
        c.draft.warn(r.origin('allocation_id'), 'unknown-reference', `${r.address}: its Elastic IP is not known: the public NAT gateway is left out`);
        return;
      }
      g.publicIp = ip;
    }
    c.draft.add('natGateways', g, r.origin());
  },
};

const vgw: TfMapper = {
  phase: 0,
  map(r, c) {
    const vpc = r.value('vpc_id') !== undefined || r.isUnknown('vpc_id') ? r.ref('vpc_id', 'its VPC', false) : undefined;
    const asn = num(r.value('amazon_side_asn')) ?? 0;
    c.draft.add('vpnGateways', { id: r.id, ...(vpc ? { vpc } : {}), ...(Number.isInteger(asn) && asn > 0 ? { asn } : {}), ...tagsOf(r) }, r.origin());
  },
};

const vgwAttachment: TfMapper = {
  phase: 1,
  map(r, c) {
    const id = r.ref('vpn_gateway_id', 'the virtual private gateway');
    const vpc = r.ref('vpc_id', 'the VPC');
    const g = id ? c.draft.find('vpnGateways', id) : undefined;
    if (g && vpc) g.vpc = vpc;
  },
};

const cgw: TfMapper = {
  phase: 0,
  map(r, c) {
    const ip = r.str('ip_address') ?? missing(r, 'ip_address', 'its public address');
    if (!ip) return;
    const asn = num(r.value('bgp_asn')) ?? 0;
    c.draft.add('customerGateways', { id: r.id, ip, ...(Number.isInteger(asn) && asn > 0 ? { asn } : {}), ...tagsOf(r) }, r.origin());
  },
};

const vpn: TfMapper = {
  phase: 1,
  map(r, c) {
    const customerGateway = r.ref('customer_gateway_id', 'its customer gateway');
    if (!customerGateway) return;
    const toVgw = r.value('vpn_gateway_id') !== undefined || (r.isUnknown('vpn_gateway_id') && !r.value('transit_gateway_id'));
    const end = toVgw ? r.ref('vpn_gateway_id', 'its virtual private gateway') : r.ref('transit_gateway_id', 'its transit gateway');
    if (!end) return;
    const v: VpnConnection = { id: r.id, customerGateway, ...(toVgw ? { vpnGateway: end } : { transitGateway: end }), routing: r.bool('static_routes_only') ? 'static' : 'bgp', ...tagsOf(r) };
    c.draft.add('vpnConnections', v, r.origin());
  },
};

const vpnRoute: TfMapper = {
  phase: 2,
  map(r, c) {
    const id = r.ref('vpn_connection_id', 'the VPN connection');
    const v = id ? c.draft.find('vpnConnections', id) : undefined;
    const cidr = r.str('destination_cidr_block');
    if (v && cidr) v.staticRoutes = [...(v.staticRoutes ?? []), cidr];
  },
};

const peering: TfMapper = {
  phase: 1,
  map(r, c) {
    const requester = r.ref('vpc_id', 'the requester VPC');
    const accepter = r.ref('peer_vpc_id', 'the accepter VPC');
    if (!requester || !accepter) return;
    const accepted = r.bool('auto_accept') === true || r.str('accept_status') === 'active' || c.all('aws_vpc_peering_connection_accepter').some((a) => a.ref('vpc_peering_connection_id', 'the peering', false) === r.id);
    c.draft.add('vpcPeeringConnections', { id: r.id, requester, accepter, status: accepted ? 'active' : 'pending-acceptance', ...tagsOf(r) }, r.origin());
    if (!accepted) c.draft.warn(r.origin('auto_accept'), 'pending-peering', `${r.address}: nothing in the plan accepts this peering connection: imported as \`pending-acceptance\` (it carries no traffic)`, 'set `auto_accept = true` or add an `aws_vpc_peering_connection_accepter`');
  },
};

/** Gateways, Elastic IPs, VPN and peering. */
export const GATEWAYS: Record<string, TfMapper> = {
  aws_internet_gateway: igw,
  aws_internet_gateway_attachment: igwAttachment,
  aws_egress_only_internet_gateway: eigw,
  aws_nat_gateway: nat,
  aws_eip: { phase: 2, map() {} },
  aws_vpn_gateway: vgw,
  aws_vpn_gateway_attachment: vgwAttachment,
  aws_customer_gateway: cgw,
  aws_vpn_connection: vpn,
  aws_vpn_connection_route: vpnRoute,
  aws_vpc_peering_connection: peering,
  aws_vpc_peering_connection_accepter: { phase: 2, map() {} },
};
