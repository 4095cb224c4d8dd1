// The reference tracer on stateful appliances and on security group references after an
// appliance (issue 13, items 1 and 2). Each case is written from the cited AWS page, not from the
// fast tracer.
import { describe, expect, it } from 'vitest';
import { refNo, refOk, refVerdict, tcp443, variant, type Raw } from './helpers.js';


const open = [{ protocol: 'all', cidr: '0.0.0.0/0' }];

/**
 * One VPC, three subnets: subnet-a (i-a) routes subnet-b's block through i-fw1, subnet-b (i-b)
 * routes subnet-a's block through i-fw2: asymmetric, one appliance per direction. The
 * appliances sit in subnet-fw (main table: local routes only).
 */
function twoAppliances(): Raw {
  return {
    version: 1,
    vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16' }],
    subnets: [
      { id: 'subnet-a', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', routeTable: 'rtb-a' },
      { id: 'subnet-b', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.2.0/24', routeTable: 'rtb-b' },
      { id: 'subnet-fw', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.3.0/24' },
    ],
    routeTables: [
      { id: 'rtb-a', vpc: 'vpc-a', routes: [{ destination: '10.0.2.0/24', target: 'i-fw1' }] },
      { id: 'rtb-b', vpc: 'vpc-a', routes: [{ destination: '10.0.1.0/24', target: 'i-fw2' }] },
    ],
    securityGroups: [{ id: 'sg-open', vpc: 'vpc-a', inbound: open }],
    instances: [
      { id: 'i-a', subnet: 'subnet-a', privateIp: '10.0.1.10', securityGroups: ['sg-open'] },
      { id: 'i-b', subnet: 'subnet-b', privateIp: '10.0.2.10', securityGroups: ['sg-open'] },
      { id: 'i-fw1', subnet: 'subnet-fw', privateIp: '10.0.3.10', securityGroups: ['sg-open'], sourceDestCheck: false },
      { id: 'i-fw2', subnet: 'subnet-fw', privateIp: '10.0.3.11', securityGroups: ['sg-open'], sourceDestCheck: false },
    ],
  };
}

// https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html: "When routing traffic
// through a middlebox appliance, the return traffic ... must be routed through the same appliance.
// Asymmetric routing is not supported." A stateful appliance that sees only the reply drops it.
describe('stateful appliances: a reply reaching an appliance that never saw the request is dropped there', () => {
  it('asymmetric routes through two stateful appliances: reply-denied at the second one', () => {
    expect(refVerdict(twoAppliances(), tcp443('i-a', 'i-b'))).toEqual(refNo('reply-denied', 'i-fw2/eth0'));
    expect(refVerdict(twoAppliances(), tcp443('i-b', 'i-a'))).toEqual(refNo('reply-denied', 'i-fw1/eth0'));
  });

  it('the same routes through stateless routers (`stateless: true`) carry the connection', () => {
    const raw = variant((s) => {
      for (const i of s.instances) if (i.id.startsWith('i-fw')) i.stateless = true;
    }, twoAppliances());
    expect(refVerdict(raw, tcp443('i-a', 'i-b'))).toEqual(refOk());
  });

  it('only the appliance that sees the reply alone matters: a stateless second appliance forwards it', () => {
    const raw = variant((s) => void (s.instances.find((i: Raw) => i.id === 'i-fw2').stateless = true), twoAppliances());
    expect(refVerdict(raw, tcp443('i-a', 'i-b'))).toEqual(refOk());
    // the other way, the stateful i-fw1 sees only the reply
    expect(refVerdict(raw, tcp443('i-b', 'i-a'))).toEqual(refNo('reply-denied', 'i-fw1/eth0'));
  });

  it('symmetric routes through one stateful appliance carry the connection', () => {
    const raw = variant((s) => void (s.routeTables[1].routes[0].target = 'i-fw1'), twoAppliances());
    expect(refVerdict(raw, tcp443('i-a', 'i-b'))).toEqual(refOk());
    expect(refVerdict(raw, tcp443('i-b', 'i-a'))).toEqual(refOk());
  });

  it('the state belongs to the instance: a reply on another interface of the same appliance passes', () => {
    const raw = variant((s) => {
      s.networkInterfaces = [{ id: 'eni-fw1-b', subnet: 'subnet-fw', privateIp: '10.0.3.20', securityGroups: ['sg-open'], sourceDestCheck: false }];
      s.instances.find((i: Raw) => i.id === 'i-fw1').networkInterfaces = ['eni-fw1-b'];
      s.routeTables[1].routes[0].target = 'eni-fw1-b';
    }, twoAppliances());
    expect(refVerdict(raw, tcp443('i-a', 'i-b'))).toEqual(refOk());
  });

  it('a NAT instance always keeps state: a reply it never translated is dropped', () => {
    // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html (the model refuses `stateless` on one)
    const raw = variant((s) => void (s.instances.find((i: Raw) => i.id === 'i-fw2').nat = true), twoAppliances());
    expect(refVerdict(raw, tcp443('i-a', 'i-b'))).toEqual(refNo('reply-denied', 'i-fw2/eth0'));
  });

  it('UDP and ICMP echo replies are tracked as connections too; an ICMP message without a reply is not', () => {
    expect(refVerdict(twoAppliances(), { from: 'i-a', to: 'i-b', protocol: 'udp', port: 53 })).toEqual(refNo('reply-denied', 'i-fw2/eth0'));
    expect(refVerdict(twoAppliances(), { from: 'i-a', to: 'i-b', protocol: 'icmp' })).toEqual(refNo('reply-denied', 'i-fw2/eth0'));
    // destination unreachable (type 3) is not a query: nothing comes back
    expect(refVerdict(twoAppliances(), { from: 'i-a', to: 'i-b', protocol: 'icmp', icmpType: 3, icmpCode: 1 })).toEqual(refOk());
  });
});

/**
 * Two spokes and an inspection VPC behind one transit gateway, after AWS's "Appliance in a shared
 * services VPC": the spokes' TGW route table sends everything to the inspection attachment, whose
 * subnet in each AZ routes to that AZ's firewall; the firewalls route back to the TGW, whose
 * inspection route table has the spokes' propagated routes. i-s1 is in us-east-1a, i-s2 in
 * us-east-1b, so the request enters the TGW in 1a and the reply in 1b.
 */
function inspection(applianceMode: boolean, stateless = false): Raw {
  const spoke = (v: number) => ({ id: `vpc-s${v}`, cidr: `10.${v}.0.0/16` });
  return {
    version: 1,
    vpcs: [{ id: 'vpc-insp', cidr: '10.0.0.0/16' }, spoke(1), spoke(2)],
    subnets: [
      { id: 'subnet-tgw-a', vpc: 'vpc-insp', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24', routeTable: 'rtb-tgw-a' },
      { id: 'subnet-tgw-b', vpc: 'vpc-insp', availabilityZone: 'us-east-1b', cidr: '10.0.1.0/24', routeTable: 'rtb-tgw-b' },
      { id: 'subnet-fw-a', vpc: 'vpc-insp', availabilityZone: 'us-east-1a', cidr: '10.0.2.0/24' },
      { id: 'subnet-fw-b', vpc: 'vpc-insp', availabilityZone: 'us-east-1b', cidr: '10.0.3.0/24' },
      ...[1, 2].flatMap((v) => [
        { id: `subnet-s${v}a`, vpc: `vpc-s${v}`, availabilityZone: 'us-east-1a', cidr: `10.${v}.0.0/24` },
        { id: `subnet-s${v}b`, vpc: `vpc-s${v}`, availabilityZone: 'us-east-1b', cidr: `10.${v}.1.0/24` },
      ]),
    ],
    routeTables: [
      { id: 'rtb-insp-main', vpc: 'vpc-insp', main: true, routes: [{ destination: '10.0.0.0/8', target: 'tgw-hub' }] },
      { id: 'rtb-tgw-a', vpc: 'vpc-insp', routes: [{ destination: '0.0.0.0/0', target: 'i-fw-a' }] },
      { id: 'rtb-tgw-b', vpc: 'vpc-insp', routes: [{ destination: '0.0.0.0/0', target: 'i-fw-b' }] },
      ...[1, 2].map((v) => ({ id: `rtb-s${v}`, vpc: `vpc-s${v}`, main: true, routes: [{ destination: '0.0.0.0/0', target: 'tgw-hub' }] })),
    ],
    securityGroups: [
      { id: 'sg-insp', vpc: 'vpc-insp', inbound: [{ protocol: 'all', cidr: '10.0.0.0/8' }] },
      { id: 'sg-s1', vpc: 'vpc-s1', inbound: [{ protocol: 'all', cidr: '10.0.0.0/8' }] },
      { id: 'sg-s2', vpc: 'vpc-s2', inbound: [{ protocol: 'all', cidr: '10.0.0.0/8' }] },
    ],
    instances: [
      { id: 'i-fw-a', subnet: 'subnet-fw-a', privateIp: '10.0.2.10', securityGroups: ['sg-insp'], sourceDestCheck: false, ...(stateless ? { stateless: true } : {}) },
      { id: 'i-fw-b', subnet: 'subnet-fw-b', privateIp: '10.0.3.10', securityGroups: ['sg-insp'], sourceDestCheck: false, ...(stateless ? { stateless: true } : {}) },
      { id: 'i-s1', subnet: 'subnet-s1a', privateIp: '10.1.0.10', securityGroups: ['sg-s1'] },
      { id: 'i-s2', subnet: 'subnet-s2b', privateIp: '10.2.1.10', securityGroups: ['sg-s2'] },
    ],
    transitGateways: [
      {
        id: 'tgw-hub',
        attachments: [
          { id: 'att-insp', vpc: 'vpc-insp', subnets: ['subnet-tgw-a', 'subnet-tgw-b'], ...(applianceMode ? { applianceMode: true } : {}) },
          { id: 'att-s1', vpc: 'vpc-s1', subnets: ['subnet-s1a', 'subnet-s1b'] },
          { id: 'att-s2', vpc: 'vpc-s2', subnets: ['subnet-s2a', 'subnet-s2b'] },
        ],
        routeTables: [
          { id: 'tgw-rtb-spokes', associations: ['att-s1', 'att-s2'], propagations: [], routes: [{ destination: '0.0.0.0/0', attachment: 'att-insp' }] },
          { id: 'tgw-rtb-insp', associations: ['att-insp'], propagations: ['att-s1', 'att-s2'], routes: [] },
        ],
      },
    ],
  };
}

// https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html: with appliance
// mode the TGW "uses the same network interface for the return traffic"; without it, traffic is kept
// to the originating AZ, so a reply entering in another AZ reaches that AZ's firewall.
describe('transit gateway inspection VPC in two AZs', () => {
  it('without appliance mode the reply crosses the other AZ firewall, which drops it', () => {
    expect(refVerdict(inspection(false), tcp443('i-s1', 'i-s2'))).toEqual(refNo('reply-denied', 'i-fw-b/eth0'));
    expect(refVerdict(inspection(false), tcp443('i-s2', 'i-s1'))).toEqual(refNo('reply-denied', 'i-fw-a/eth0'));
  });

  it('with appliance mode both directions use one AZ firewall', () => {
    expect(refVerdict(inspection(true), tcp443('i-s1', 'i-s2'))).toEqual(refOk());
    expect(refVerdict(inspection(true), tcp443('i-s2', 'i-s1'))).toEqual(refOk());
  });

  it('stateless routers in the inspection VPC carry the connection without appliance mode', () => {
    expect(refVerdict(inspection(false, true), tcp443('i-s1', 'i-s2'))).toEqual(refOk());
  });

  it('two spokes in the same AZ never leave it: no appliance mode needed', () => {
    const raw = variant((s) => void (s.instances.find((i: Raw) => i.id === 'i-s2').subnet = 'subnet-s2a'), inspection(false));
    raw.instances.find((i: Raw) => i.id === 'i-s2').privateIp = '10.2.0.10';
    expect(refVerdict(raw, tcp443('i-s1', 'i-s2'))).toEqual(refOk());
  });
});

// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html: a rule that references a
// group allows traffic from the network interfaces associated with that group. A packet an
// appliance forwards arrives from the appliance's interface, not the sender's.
describe('security group references after an appliance', () => {
  /** i-a (sg-a) talks to i-b, whose group admits sg-a (or sg-fw) only; rtb-a may send subnet-b through an appliance. */
  function refs(opts: { via?: 'appliance' | 'nat-instance'; admit: string }): Raw {
    return {
      version: 1,
      vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16' }],
      subnets: [
        { id: 'subnet-a', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', routeTable: 'rtb-a' },
        { id: 'subnet-b', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.2.0/24' },
        { id: 'subnet-fw', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.3.0/24' },
      ],
      routeTables: [{ id: 'rtb-a', vpc: 'vpc-a', routes: opts.via ? [{ destination: '10.0.2.0/24', target: 'i-fw' }] : [] }],
      securityGroups: [
        { id: 'sg-a', vpc: 'vpc-a', inbound: open },
        { id: 'sg-fw', vpc: 'vpc-a', inbound: open },
        { id: 'sg-b', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 443, securityGroup: opts.admit }] },
      ],
      instances: [
        { id: 'i-a', subnet: 'subnet-a', privateIp: '10.0.1.10', securityGroups: ['sg-a'] },
        { id: 'i-b', subnet: 'subnet-b', privateIp: '10.0.2.10', securityGroups: ['sg-b'] },
        { id: 'i-fw', subnet: 'subnet-fw', privateIp: '10.0.3.10', securityGroups: ['sg-fw'], sourceDestCheck: false, ...(opts.via === 'nat-instance' ? { nat: true } : {}) },
      ],
    };
  }

  it("directly, the sender's group matches", () => {
    expect(refVerdict(refs({ admit: 'sg-a' }), tcp443('i-a', 'i-b'))).toEqual(refOk());
  });

  it("through an appliance, the sender's group no longer matches", () => {
    expect(refVerdict(refs({ via: 'appliance', admit: 'sg-a' }), tcp443('i-a', 'i-b'))).toEqual(refNo('denied-sg-ingress', 'sg-b'));
    // nor does the appliance's own group: the packet still carries the sender's address
    expect(refVerdict(refs({ via: 'appliance', admit: 'sg-fw' }), tcp443('i-a', 'i-b'))).toEqual(refNo('denied-sg-ingress', 'sg-b'));
  });

  it("through a NAT instance, the NAT instance's own group matches (it is the sender after translation)", () => {
    expect(refVerdict(refs({ via: 'nat-instance', admit: 'sg-fw' }), tcp443('i-a', 'i-b'))).toEqual(refOk());
    expect(refVerdict(refs({ via: 'nat-instance', admit: 'sg-a' }), tcp443('i-a', 'i-b'))).toEqual(refNo('denied-sg-ingress', 'sg-b'));
  });

  it("the appliance itself is admitted by a reference to the sender's group (it receives from the sender)", () => {
    const raw = variant((s) => void (s.securityGroups[1].inbound = [{ protocol: 'tcp', ports: 443, securityGroup: 'sg-a' }]), refs({ via: 'appliance', admit: 'sg-fw' }));
    // i-fw admits sg-a, then i-b refuses the forwarded packet (neither sg-a nor sg-fw matches it)
    expect(refVerdict(raw, tcp443('i-a', 'i-b'))).toEqual(refNo('denied-sg-ingress', 'sg-b'));
    raw.securityGroups[1].inbound = [{ protocol: 'tcp', ports: 80, securityGroup: 'sg-a' }];
    expect(refVerdict(raw, tcp443('i-a', 'i-b'))).toEqual(refNo('denied-sg-ingress', 'sg-fw'));
  });
});
