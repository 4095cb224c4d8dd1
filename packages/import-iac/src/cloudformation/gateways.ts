// Internet gateways (attached by `VPCGatewayAttachment`), egress-only and NAT gateways, Elastic
// IPs, VPN gateways, customer gateways, VPN connections and peering connections.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-vpcgatewayattachment.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-natgateway.html
import type { CfnMapper } from './import.js';
import { eipAddress } from './import.js';
import { cfnMissing, cfnTags } from './network.js';
import { num } from '../core/rules.js';

const igw: CfnMapper = { phase: 0, map: (r, c) => void c.draft.add('internetGateways', { id: r.id, ...cfnTags(r) }, r.origin()) };

const attachment: CfnMapper = {
  phase: 1,
  map(r, c) {
    const vpc = r.ref('VpcId', 'the VPC');
    if (!vpc) return;
    if (r.value('InternetGatewayId') !== undefined) {
      const g = c.draft.find('internetGateways', r.ref('InternetGatewayId', 'the internet gateway') ?? '');
      if (g) g.vpc = vpc;
    }
    if (r.value('VpnGatewayId') !== undefined) {
      const g = c.draft.find('vpnGateways', r.ref('VpnGatewayId', 'the VPN gateway') ?? '');
      if (g) g.vpc = vpc;
    }
  },
};

const eigw: CfnMapper = {
  phase: 0,
  map(r, c) {
    const vpc = r.ref('VpcId', 'its VPC');
    if (vpc) c.draft.add('egressOnlyInternetGateways', { id: r.id, vpc }, r.origin());
  },
};

const nat: CfnMapper = {
  phase: 1,
  map(r, c) {
    const subnet = r.ref('SubnetId', 'its subnet');
    if (!subnet) return;
    const priv = r.str('ConnectivityType') === 'private';
    if (priv) {
      c.draft.add('natGateways', { id: r.id, subnet, connectivity: 'private', ...cfnTags(r) }, r.origin());
      return;
    }
    const alloc = r.str('AllocationId');
    const eip = alloc ? c.get(alloc) : undefined;
    const ip = eip?.type === 'AWS::EC2::EIP' ? eipAddress(c, eip) : undefined;
    if (typeof ip !== 'string') {
      c.draft.warn(r.origin('AllocationId'), 'unknown-reference', `${r.logicalId}: its Elastic IP is not an \`AWS::EC2::EIP\` of the template: the public NAT gateway is left out`);
      return;
    }
    c.draft.add('natGateways', { id: r.id, subnet, publicIp: ip, ...(r.str('PrivateIpAddress') ? { privateIp: r.str('PrivateIpAddress')! } : {}), ...cfnTags(r) }, r.origin());
  },
};

const vgw: CfnMapper = {
  phase: 0,
  map(r, c) {
    const asn = num(r.value('AmazonSideAsn')) ?? 0;
    c.draft.add('vpnGateways', { id: r.id, ...(Number.isInteger(asn) && asn > 0 ? { asn } : {}), ...cfnTags(r) }, r.origin());
  },
};

const cgw: CfnMapper = {
  phase: 0,
  map(r, c) {
    const ip = r.str('IpAddress') ?? cfnMissing(r, 'IpAddress', 'its public address');
    const asn = num(r.value('BgpAsn')) ?? 0;
    if (ip) c.draft.add('customerGateways', { id: r.id, ip, ...(Number.isInteger(asn) && asn > 0 ? { asn } : {}), ...cfnTags(r) }, r.origin());
  },
};

const vpn: CfnMapper = {
  phase: 1,
  map(r, c) {
    const cg = r.ref('CustomerGatewayId', 'its customer gateway');
    const toVgw = r.value('VpnGatewayId') !== undefined;
    const end = toVgw ? r.ref('VpnGatewayId', 'its VPN gateway') : r.ref('TransitGatewayId', 'its transit gateway');
    if (cg && end) c.draft.add('vpnConnections', { id: r.id, customerGateway: cg, ...(toVgw ? { vpnGateway: end } : { transitGateway: end }), routing: r.bool('StaticRoutesOnly') ? 'static' : 'bgp', ...cfnTags(r) }, r.origin());
  },
};

const vpnRoute: CfnMapper = {
  phase: 2,
  map(r, c) {
    const v = c.draft.find('vpnConnections', r.ref('VpnConnectionId', 'the VPN connection') ?? '');
    const cidr = r.str('DestinationCidrBlock');
    if (v && cidr) v.staticRoutes = [...(v.staticRoutes ?? []), cidr];
  },
};

const peering: CfnMapper = {
  phase: 1,
  map(r, c) {
    const requester = r.ref('VpcId', 'the requester VPC');
    const accepter = r.ref('PeerVpcId', 'the accepter VPC');
    if (!requester || !accepter) return;
    // in one account and region the peering is accepted when created; across accounts it waits for the peer
    const cross = r.value('PeerOwnerId') !== undefined && r.str('PeerOwnerId') !== c.scope.account;
    c.draft.add('vpcPeeringConnections', { id: r.id, requester, accepter, status: cross ? 'pending-acceptance' : 'active', ...cfnTags(r) }, r.origin());
  },
};

/** Gateways, VPN and peering. */
export const CFN_GATEWAYS: Record<string, CfnMapper> = {
  'AWS::EC2::InternetGateway': igw,
  'AWS::EC2::VPCGatewayAttachment': attachment,
  'AWS::EC2::EgressOnlyInternetGateway': eigw,
  'AWS::EC2::NatGateway': nat,
  'AWS::EC2::EIP': { phase: 2, map() {} },
  'AWS::EC2::VPNGateway': vgw,
  'AWS::EC2::CustomerGateway': cgw,
  'AWS::EC2::VPNConnection': vpn,
  'AWS::EC2::VPNConnectionRoute': vpnRoute,
  'AWS::EC2::VPCPeeringConnection': peering,
};
