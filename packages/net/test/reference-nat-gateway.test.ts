// The reference tracer on what a NAT gateway carries (issue 13, item 3), from
// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html: "A NAT gateway supports
// the following protocols: TCP, UDP, and ICMP." NAT64 (IPv6 to 64:ff9b::/96), from
// https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-nat64-dns64.html: "A NAT gateway
// supports network address translation from IPv6 to IPv4".
import { describe, expect, it } from 'vitest';
import { model, refVerdict, variant, type Raw } from './helpers.js';
import { traceThreeWays } from './three-way.js';


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

// "The NAT gateway replaces the source IP address of the instances with the IP address of the NAT
// gateway ... When sending response traffic to the instances, the NAT device translates the
// addresses back": https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html. A gateway
// endpoint on the NAT gateway's subnet sees the NAT gateway's address, and answers it: the reply
// comes back into the NAT gateway's subnet and through the NAT gateway, not straight to the instance.
describe('a gateway endpoint reached through a NAT gateway: the reply returns through the NAT gateway', () => {
  /** rtb-pub (the NAT gateway's subnet) sends S3 to vpce-s3; i-app reaches S3 only through nat-a. */
  const withEndpoint = (f: (s: Raw) => void = () => {}): Raw =>
    variant((s) => {
      s.vpcEndpoints = [{ id: 'vpce-s3', vpc: 'vpc-a', type: 'gateway', service: 's3', routeTables: ['rtb-pub'] }];
      f(s);
    }, natScenario());
  it('reachable, and the reply is filtered by the NAT gateway\'s subnet (its inbound network ACL), not the instance\'s', () => {
    expect(refVerdict(withEndpoint(), { from: 'i-app', to: 'service:s3', protocol: 'tcp', port: 443 })).toEqual({ reachable: true, disposition: 'exits-service', blockedBy: null, modelled: true });
    const closedPub = withEndpoint((s) => {
      // the public subnet lets nothing in from S3's addresses: the reply dies there
      s.networkAcls = [{ id: 'acl-pub', vpc: 'vpc-a', inbound: [{ rule: 100, protocol: 'all', cidr: '10.0.0.0/16', action: 'allow' }], outbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }] }];
      s.subnets[0].networkAcl = 'acl-pub';
    });
    expect(refVerdict(closedPub, { from: 'i-app', to: 'service:s3', protocol: 'tcp', port: 443 })).toEqual({ reachable: false, disposition: 'reply-denied', blockedBy: 'acl-pub', modelled: true });
    traceThreeWays(model(closedPub), 'i-app', '52.216.8.9', 443);
  });
  it('after the NAT gateway, its subnet routes the reply: through a stateful appliance that never saw the request, it is dropped', () => {
    const viaAppliance = withEndpoint((s) => {
      s.subnets.push({ id: 'subnet-fw', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.7.0/24', routeTable: 'rtb-app' });
      s.instances.push({ id: 'i-fw', subnet: 'subnet-fw', privateIp: '10.0.7.10', securityGroups: ['sg-open'], sourceDestCheck: false });
      // the public subnet's table replaces the local route's target with the firewall
      s.routeTables[0].routes.push({ destination: '10.0.0.0/16', target: 'i-fw' });
    });
    expect(refVerdict(viaAppliance, { from: 'i-app', to: '52.216.8.9', protocol: 'tcp', port: 443 })).toEqual({ reachable: false, disposition: 'reply-denied', blockedBy: 'i-fw/eth0', modelled: true });
    traceThreeWays(model(viaAppliance), 'i-app', '52.216.8.9', 443);
  });
});
