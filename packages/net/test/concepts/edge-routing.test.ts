// Flows that begin outside a VPC (issue 13, item 5): from on premises or from a peered VPC toward
// another VPC's internet gateway, NAT gateway or gateway endpoint. AWS does not route "edge to
// edge": a peering connection carries traffic only to the peer VPC's own addresses, a virtual
// private gateway only to its VPC's addresses, a NAT gateway takes no connection addressed to it,
// a gateway endpoint serves only its VPC. Each is traced and refused there, never an invalid flow.
// https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html (edge-to-edge routing)
// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
// https://docs.aws.amazon.com/vpn/latest/s2svpn/how_it_works.html
// A transit gateway is a router: on premises reaches the internet through a VPC's NAT gateway
// when the transit gateway's table sends it there (centralized egress).
// https://docs.aws.amazon.com/whitepapers/latest/building-scalable-secure-multi-vpc-network-infrastructure/centralized-egress-to-internet.html
import { describe, expect, it } from 'vitest';
import { referenceTrace } from '../../src/reference.js';
import { model, type Raw } from '../helpers.js';
import { traceThreeWays } from '../three-way.js';

/** vpc-a: a public subnet (igw-a, nat-a), a private one (nat-a, vpce-s3), a VPN to the office through vgw-a; vpc-b peered, routing everything to the peering. */
function edge(): Raw {
  return {
    version: 1,
    defaults: { account: '111111111111', region: 'us-east-1' },
    vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16' }, { id: 'vpc-b', cidr: '10.1.0.0/16' }],
    subnets: [
      { id: 'subnet-pub', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24', routeTable: 'rtb-pub' },
      { id: 'subnet-priv', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', routeTable: 'rtb-priv' },
      { id: 'subnet-b', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.1.0.0/24', routeTable: 'rtb-b' },
    ],
    internetGateways: [{ id: 'igw-a', vpc: 'vpc-a' }],
    natGateways: [{ id: 'nat-a', subnet: 'subnet-pub', publicIp: '52.0.0.10', privateIp: '10.0.0.5' }],
    vpnGateways: [{ id: 'vgw-a', vpc: 'vpc-a' }],
    customerGateways: [{ id: 'cgw-office', ip: '198.51.100.7', asn: 65000 }],
    vpnConnections: [{ id: 'vpn-office', customerGateway: 'cgw-office', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['192.168.0.0/16'] }],
    externalNetworks: [{ id: 'office', cidrs: ['192.168.0.0/16'], via: 'cgw-office' }],
    vpcPeeringConnections: [{ id: 'pcx-ab', requester: 'vpc-a', accepter: 'vpc-b', status: 'active' }],
    vpcEndpoints: [{ id: 'vpce-s3', vpc: 'vpc-a', type: 'gateway', service: 's3', routeTables: ['rtb-priv'] }],
    routeTables: [
      { id: 'rtb-pub', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'igw-a' }, { destination: '10.1.0.0/16', target: 'pcx-ab' }, { destination: '192.168.0.0/16', target: 'vgw-a' }] },
      { id: 'rtb-priv', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'nat-a' }, { destination: '10.1.0.0/16', target: 'pcx-ab' }, { destination: '192.168.0.0/16', target: 'vgw-a' }] },
      { id: 'rtb-b', vpc: 'vpc-b', routes: [{ destination: '0.0.0.0/0', target: 'pcx-ab' }] },
    ],
    securityGroups: [
      { id: 'sg-open-a', vpc: 'vpc-a', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] },
      { id: 'sg-open-b', vpc: 'vpc-b', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] },
    ],
    instances: [
      { id: 'i-a', subnet: 'subnet-priv', privateIp: '10.0.1.10', securityGroups: ['sg-open-a'] },
      { id: 'i-b', subnet: 'subnet-b', privateIp: '10.1.0.10', securityGroups: ['sg-open-b'] },
    ],
  };
}

const verdict = (t: { reachable: boolean; disposition: string; blockedBy: string | null }) => ({ reachable: t.reachable, disposition: t.disposition, blockedBy: t.blockedBy });

describe('from a peered VPC through the other VPC\'s gateways', () => {
  const m = model(edge());
  it('to the internet through its internet gateway or NAT gateway: the peering carries only the peer VPC\'s addresses', () => {
    expect(verdict(traceThreeWays(m, 'i-b', '8.8.8.8'))).toEqual({ reachable: false, disposition: 'not-transitive', blockedBy: 'pcx-ab' });
  });
  it('to its NAT gateway: a NAT gateway takes no connection addressed to it', () => {
    expect(verdict(traceThreeWays(m, 'i-b', 'nat-a'))).toEqual({ reachable: false, disposition: 'inbound-not-allowed', blockedBy: 'nat-a' });
  });
  it('to its gateway endpoint (by id, by service, by a prefix-list address): refused', () => {
    expect(verdict(traceThreeWays(m, 'i-b', 'vpce-s3'))).toEqual({ reachable: false, disposition: 'not-transitive', blockedBy: 'vpce-s3' });
    expect(verdict(traceThreeWays(m, 'i-b', '52.216.8.9'))).toEqual({ reachable: false, disposition: 'not-transitive', blockedBy: 'pcx-ab' });
  });
});

describe('from on premises through a virtual private gateway', () => {
  const m = model(edge());
  it('to the internet: the VGW carries only its VPC\'s addresses (not on to the internet gateway or NAT gateway)', () => {
    const t = traceThreeWays(m, 'external:office:192.168.1.5', '8.8.8.8');
    expect(verdict(t)).toEqual({ reachable: false, disposition: 'no-route', blockedBy: 'vgw-a' });
    expect(t.blockers[0]?.fix).toContain('send to an address inside `vpc-a`');
    expect(verdict(traceThreeWays(m, 'external:office:192.168.1.5', 'internet:203.0.113.9', undefined, { protocol: 'icmp' }))).toEqual({ reachable: false, disposition: 'no-route', blockedBy: 'vgw-a' });
  });
  it('to the NAT gateway and to the gateway endpoint: refused there', () => {
    expect(verdict(traceThreeWays(m, 'external:office:192.168.1.5', 'nat-a'))).toEqual({ reachable: false, disposition: 'inbound-not-allowed', blockedBy: 'nat-a' });
    expect(verdict(traceThreeWays(m, 'external:office:192.168.1.5', 'vpce-s3'))).toEqual({ reachable: false, disposition: 'not-transitive', blockedBy: 'vpce-s3' });
  });
});

describe('from on premises through a transit gateway (centralized egress)', () => {
  /** The VPN ends on tgw-1, whose table sends everything to vpc-a; vpc-a's transit gateway subnet routes to nat-a. */
  const raw = edge();
  raw.vpnGateways = [];
  raw.vpnConnections = [{ id: 'vpn-office', customerGateway: 'cgw-office', transitGateway: 'tgw-1', routing: 'static', staticRoutes: ['192.168.0.0/16'] }];
  raw.subnets.push({ id: 'subnet-tgw', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.2.0/24', routeTable: 'rtb-tgw' });
  raw.routeTables.push({ id: 'rtb-tgw', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'nat-a' }] });
  for (const t of raw.routeTables) if (t.vpc === 'vpc-a') t.routes = t.routes.map((r: Raw) => (r.target === 'vgw-a' ? { ...r, target: 'tgw-1' } : r));
  raw.transitGateways = [
    {
      id: 'tgw-1',
      attachments: [{ id: 'att-a', vpc: 'vpc-a', subnets: ['subnet-tgw'] }, { id: 'att-vpn', vpnConnection: 'vpn-office' }],
      routeTables: [
        { id: 'tgw-rtb-vpn', associations: ['att-vpn'], propagations: ['att-a'], routes: [{ destination: '0.0.0.0/0', attachment: 'att-a' }] },
        { id: 'tgw-rtb-vpc', associations: ['att-a'], propagations: ['att-vpn'] },
      ],
    },
  ];
  const m = model(raw);
  it('the transit gateway sends it into the VPC, its NAT gateway translates it, its internet gateway lets it out', () => {
    const t = traceThreeWays(m, 'external:office:192.168.1.5', '8.8.8.8');
    expect(verdict(t)).toEqual({ reachable: true, disposition: 'exits-internet', blockedBy: null });
    expect(t.forward.map((h) => h.component)).toEqual(expect.arrayContaining(['tgw-rtb-vpn', 'nat-a', 'igw-a']));
    // the reference models these paths (the three-way check above compared it)
    expect(referenceTrace(m, { from: 'external:office:192.168.1.5', to: '8.8.8.8', protocol: 'tcp', port: 443 }).modelled).toBe(true);
    expect(referenceTrace(model(edge()), { from: 'external:office:192.168.1.5', to: '8.8.8.8', protocol: 'tcp', port: 443 }).modelled).toBe(true);
  });
  it('without a default route in the transit gateway table: no route there', () => {
    const none = structuredClone(raw);
    none.transitGateways[0].routeTables[0].routes = [];
    expect(verdict(traceThreeWays(model(none), 'external:office:192.168.1.5', '8.8.8.8'))).toEqual({ reachable: false, disposition: 'no-route', blockedBy: 'tgw-rtb-vpn' });
  });
});

describe('from one on-premises network to another', () => {
  // A transit gateway routes between its VPN attachments by its route tables; a virtual private
  // gateway carries only its VPC's addresses (vpcsim does not model VPN CloudHub, a virtual
  // private gateway relaying between its own BGP connections: said in the README).
  // https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
  const raw = edge();
  raw.vpnGateways = [];
  raw.customerGateways.push({ id: 'cgw-lab', ip: '198.51.100.8', asn: 65001 });
  raw.vpnConnections = [
    { id: 'vpn-office', customerGateway: 'cgw-office', transitGateway: 'tgw-1', routing: 'static', staticRoutes: ['192.168.0.0/16'] },
    { id: 'vpn-lab', customerGateway: 'cgw-lab', transitGateway: 'tgw-1', routing: 'static', staticRoutes: ['172.17.0.0/16'] },
  ];
  raw.externalNetworks.push({ id: 'lab', cidrs: ['172.17.0.0/16'], via: 'cgw-lab' });
  for (const t of raw.routeTables) if (t.vpc === 'vpc-a') t.routes = t.routes.filter((r: Raw) => r.target !== 'vgw-a');
  raw.transitGateways = [
    {
      id: 'tgw-1',
      attachments: [{ id: 'att-a', vpc: 'vpc-a', subnets: ['subnet-priv'] }, { id: 'att-office', vpnConnection: 'vpn-office' }, { id: 'att-lab', vpnConnection: 'vpn-lab' }],
      routeTables: [{ id: 'tgw-rtb', associations: ['att-a', 'att-office', 'att-lab'], propagations: ['att-a', 'att-office', 'att-lab'] }],
    },
  ];
  it('through a transit gateway whose table has the other network: it leaves by that VPN (three ways); without the route: no route there', () => {
    expect(verdict(traceThreeWays(model(raw), 'external:office:192.168.1.5', 'external:lab:172.17.0.9'))).toEqual({ reachable: true, disposition: 'exits-external', blockedBy: null });
    const cut = structuredClone(raw);
    cut.transitGateways[0].routeTables[0].propagations = ['att-a', 'att-office'];
    expect(verdict(traceThreeWays(model(cut), 'external:office:192.168.1.5', 'external:lab:172.17.0.9'))).toEqual({ reachable: false, disposition: 'no-route', blockedBy: 'tgw-rtb' });
  });
  it('through a virtual private gateway: no route there (it carries only its VPC\'s addresses)', () => {
    const vgw = edge();
    vgw.customerGateways.push({ id: 'cgw-lab', ip: '198.51.100.8', asn: 65001 });
    vgw.vpnConnections.push({ id: 'vpn-lab', customerGateway: 'cgw-lab', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['172.17.0.0/16'] });
    vgw.externalNetworks.push({ id: 'lab', cidrs: ['172.17.0.0/16'], via: 'cgw-lab' });
    expect(verdict(traceThreeWays(model(vgw), 'external:office:192.168.1.5', 'external:lab:172.17.0.9'))).toEqual({ reachable: false, disposition: 'no-route', blockedBy: 'vgw-a' });
  });
});

describe('a gateway or a connection is not the end of a flow', () => {
  it('an invalid flow that says what to name instead (never "not modelled")', async () => {
    const { trace } = await import('../../src/trace.js');
    const m = model(edge());
    for (const [to, says] of [['igw-a', 'is an internet gateway, not the destination of a flow: name what lies beyond it'], ['pcx-ab', 'is a vpc peering connection'], ['vgw-a', 'is a vpn gateway'], ['subnet-b', 'name an instance or interface in it'], ['vpn-office', 'name the network behind it']] as const) {
      const t = trace(m, { from: 'i-b', to, protocol: 'tcp', port: 443 });
      expect(t.disposition, to).toBe('invalid-flow');
      expect(t.errors[0]?.message, to).toContain(says);
    }
    expect(trace(m, { from: 'igw-a', to: 'i-b', protocol: 'tcp', port: 443 }).errors[0]?.message).toContain('not the source of a flow');
  });
});
