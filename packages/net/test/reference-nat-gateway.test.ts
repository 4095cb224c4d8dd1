// The reference tracer on what a NAT gateway carries (issue 13, item 3), from
// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html: "A NAT gateway supports
// the following protocols: TCP, UDP, and ICMP." NAT64 (IPv6 to 64:ff9b::/96), from
// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-nat64-dns64.html: "A NAT gateway
// supports network address translation from IPv6 to IPv4".
import { describe, expect, it } from 'vitest';
import { refVerdict, variant, type Raw } from './helpers.js';


/** A private subnet (i-app) whose default route goes to nat-a in a public subnet (default route to igw-a). */
function natScenario(): Raw {
  return {
    version: 1,
    vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16', ipv6Cidr: '2600:1f18:1:100::/56' }],
    subnets: [
      { id: 'subnet-pub', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24', routeTable: 'rtb-pub' },
      { id: 'subnet-app', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', ipv6Cidr: '2600:1f18:1:101::/64', routeTable: 'rtb-app' },
    ],
    internetGateways: [{ id: 'igw-a', vpc: 'vpc-a' }],
    natGateways: [{ id: 'nat-a', subnet: 'subnet-pub', publicIp: '52.0.0.10' }],
    routeTables: [
      { id: 'rtb-pub', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'igw-a' }] },
      { id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'nat-a' }, { destination: '64:ff9b::/96', target: 'nat-a' }] },
    ],
    securityGroups: [{ id: 'sg-open', vpc: 'vpc-a', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] }],
    instances: [{ id: 'i-app', subnet: 'subnet-app', privateIp: '10.0.1.10', ipv6Addresses: ['2600:1f18:1:101::10'], securityGroups: ['sg-open'] }],
  };
}

describe('NAT gateways carry TCP, UDP and ICMP only', () => {
  it('TCP, UDP and ICMP leave through the NAT gateway', () => {
    for (const flow of [
      { from: 'i-app', to: '8.8.8.8', protocol: 'tcp', port: 443 },
      { from: 'i-app', to: '8.8.8.8', protocol: 'udp', port: 53 },
      { from: 'i-app', to: '8.8.8.8', protocol: 'icmp' },
    ])
      expect(refVerdict(natScenario(), flow), JSON.stringify(flow)).toEqual({ reachable: true, disposition: 'exits-internet', blockedBy: null, modelled: true });
  });

  it('GRE (47) and ESP (50) routed to a NAT gateway are unsupported there', () => {
    for (const protocol of [47, '47', 50])
      expect(refVerdict(natScenario(), { from: 'i-app', to: '8.8.8.8', protocol }), String(protocol)).toEqual({ reachable: false, disposition: 'unsupported', blockedBy: 'nat-a', modelled: true });
  });

  it('the NAT gateway refuses it before any network ACL on its way matters (CHOICE: at the routing decision, like IPv6)', () => {
    const raw = variant((s) => {
      s.networkAcls = [{ id: 'acl-pub', vpc: 'vpc-a', inbound: [{ rule: 100, protocol: 'tcp', ports: 'all', cidr: '0.0.0.0/0', action: 'allow' }], outbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }] }];
      s.subnets[0].networkAcl = 'acl-pub';
    }, natScenario());
    expect(refVerdict(raw, { from: 'i-app', to: '8.8.8.8', protocol: 47 })).toEqual({ reachable: false, disposition: 'unsupported', blockedBy: 'nat-a', modelled: true });
  });

  it('GRE without a NAT gateway on its path is carried like any protocol (a public instance)', () => {
    const raw = variant((s) => {
      s.routeTables[1].routes = [{ destination: '0.0.0.0/0', target: 'igw-a' }];
      s.instances[0].publicIp = '54.0.0.10';
    }, natScenario());
    expect(refVerdict(raw, { from: 'i-app', to: '8.8.8.8', protocol: 47 })).toEqual({ reachable: true, disposition: 'exits-internet', blockedBy: null, modelled: true });
  });

});

describe('NAT64: IPv6 to 64:ff9b::/96 through the NAT gateway', () => {
  it('TCP, UDP and ICMPv6 echo reach the IPv4 internet and come back', () => {
    for (const flow of [
      { from: 'i-app', to: '64:ff9b::808:808', protocol: 'tcp', port: 443 },
      { from: 'i-app', to: '64:ff9b::8.8.8.8', protocol: 'udp', port: 53 },
      { from: 'i-app', to: 'internet:64:ff9b::8.8.8.8', protocol: 'icmpv6' },
    ])
      expect(refVerdict(natScenario(), flow), JSON.stringify(flow)).toEqual({ reachable: true, disposition: 'exits-internet', blockedBy: null, modelled: true });
  });
  it('a synthesized address of an IPv4 interface of the VPC stands for it: delivered, from the NAT gateway\'s address', () => {
    const raw = variant((s) => {
      s.subnets.push({ id: 'subnet-db', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.2.0/24' });
      s.securityGroups.push({ id: 'sg-db', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 5432, cidr: '10.0.0.0/24' }] });
      s.instances.push({ id: 'i-db', subnet: 'subnet-db', privateIp: '10.0.2.10', securityGroups: ['sg-db'] });
    }, natScenario());
    expect(refVerdict(raw, { from: 'i-app', to: '64:ff9b::10.0.2.10', protocol: 'tcp', port: 5432 })).toEqual({ reachable: true, disposition: 'delivered', blockedBy: null, modelled: true });
    const closed = variant((s) => (s.securityGroups[1].inbound[0].cidr = '10.0.1.0/24'), raw);
    expect(refVerdict(closed, { from: 'i-app', to: '64:ff9b::10.0.2.10', protocol: 'tcp', port: 5432 })).toEqual({ reachable: false, disposition: 'denied-sg-ingress', blockedBy: 'sg-db', modelled: true });
  });
  it('GRE, and an ICMPv6 message other than an echo request, are unsupported at the NAT gateway', () => {
    expect(refVerdict(natScenario(), { from: 'i-app', to: '64:ff9b::808:808', protocol: 47 })).toEqual({ reachable: false, disposition: 'unsupported', blockedBy: 'nat-a', modelled: true });
    expect(refVerdict(natScenario(), { from: 'i-app', to: '64:ff9b::808:808', protocol: 'icmpv6', icmpType: 135 })).toEqual({ reachable: false, disposition: 'unsupported', blockedBy: 'nat-a', modelled: true });
  });
  it('IPv6 outside 64:ff9b::/96 routed to the NAT gateway is unsupported there', () => {
    const raw = variant((s) => s.routeTables[1].routes.push({ destination: '::/0', target: 'nat-a' }), natScenario());
    expect(refVerdict(raw, { from: 'i-app', to: '2600:1f18:ffff::1', protocol: 'tcp', port: 443 })).toEqual({ reachable: false, disposition: 'unsupported', blockedBy: 'nat-a', modelled: true });
  });
});
