// semantics.md, "Gateways": internet gateway, egress-only internet gateway, NAT gateway, NAT
// instance, VPC peering, gateway and interface endpoints, VGW + VPN, transit gateways.
// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
// https://docs.aws.amazon.com/vpc/latest/userguide/egress-only-internet-gateway.html
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html
// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html
// https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html
// https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
// https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-peering.html
import { describe, expect, it } from 'vitest';
import { base, compileErrors, expectVerdict, model, run, variant, type Raw } from './helpers.js';

const ALLOW_ALL = { rule: 1000, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' };

/** subnet-app routes 0.0.0.0/0 to NAT gateway nat-a in `natSubnet`. */
function withNat(natSubnet = 'subnet-pub', extra: Raw = {}): Raw {
  return variant((s) => {
    s.natGateways = [{ id: 'nat-a', subnet: natSubnet, publicIp: '54.0.0.99', privateIp: natSubnet === 'subnet-pub' ? '10.0.0.99' : '10.0.2.99', ...extra }];
    s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'nat-a' }] });
    s.subnets[1].routeTable = 'rtb-app';
  });
}

/** A second VPC `vpc-<n>` (10.<n>.0.0/16) with one subnet and instance `i-<n>`, all inbound open. */
function addVpc(s: Raw, n: number, routes: Raw[] = []): void {
  s.vpcs.push({ id: `vpc-${n}`, cidr: `10.${n}.0.0/16` });
  s.subnets.push({ id: `subnet-${n}`, vpc: `vpc-${n}`, availabilityZone: 'us-east-1a', cidr: `10.${n}.0.0/24`, routeTable: `rtb-${n}` });
  s.routeTables.push({ id: `rtb-${n}`, vpc: `vpc-${n}`, routes });
  s.securityGroups.push({ id: `sg-${n}`, vpc: `vpc-${n}`, inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
  s.instances.push({ id: `i-${n}`, subnet: `subnet-${n}`, privateIp: `10.${n}.0.10`, securityGroups: [`sg-${n}`] });
}

describe('internet gateway', () => {
  it('outbound IPv4 from a private IP with a public IP is translated to it; without one it cannot reach the internet', () => {
    const o = run(base(), 'i-web', '8.8.8.8');
    expectVerdict(o, 'exits-internet');
    expect(o.t.forward.find((h) => h.component === 'igw-a')?.detail).toMatchObject({ step: 'translate', from: '10.0.0.10', to: '54.0.0.10' });
    const raw = variant((s) => s.instances.push({ id: 'i-nopub', subnet: 'subnet-pub', privateIp: '10.0.0.11', securityGroups: ['sg-open'] }));
    const n = run(raw, 'i-nopub', '8.8.8.8');
    expectVerdict(n, 'no-public-ip', 'i-nopub/eth0');
    expect(n.t.blockers[0]?.fix).toMatch(/public or Elastic IP/);
    expectVerdict(run(raw, 'internet', 'i-nopub'), 'no-public-ip', 'i-nopub/eth0');
  });

  it('inbound to a public IP goes through the destination subnet\'s NACL and the interface\'s security groups', () => {
    const nacl = variant((s) => {
      s.networkAcls = [{ id: 'acl-pub', vpc: 'vpc-a', inbound: [{ rule: 100, protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0', action: 'deny' }, ALLOW_ALL], outbound: [ALLOW_ALL] }];
      s.subnets[0].networkAcl = 'acl-pub';
    });
    expectVerdict(run(nacl, 'internet', 'i-web', 22), 'denied-nacl-ingress', 'acl-pub');
    expectVerdict(run(nacl, 'internet', 'i-web', 443), 'delivered');
    const sg = variant((s) => (s.securityGroups[0].inbound = [{ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }]));
    expectVerdict(run(sg, 'internet', 'i-web', 22), 'denied-sg-ingress', 'sg-open');
  });

  it('a subnet is public only if its route table sends 0.0.0.0/0 to the internet gateway', () => {
    const raw = variant((s) => (s.instances[1].publicIp = '54.0.0.20'));
    expectVerdict(run(raw, 'i-app', '8.8.8.8'), 'no-route', 'vpc-a/main-rtb');
    // the request arrives, but the reply finds no route back out
    expectVerdict(run(raw, 'internet', 'i-app'), 'reply-denied', 'vpc-a/main-rtb');
  });

  it('at most one internet gateway per VPC; without one the public IPs are unreachable', () => {
    expect(compileErrors(variant((s) => s.internetGateways.push({ id: 'igw-b', vpc: 'vpc-a' }))).length).toBeGreaterThan(0);
    const none = variant((s) => {
      s.internetGateways = [];
      s.routeTables[0].routes = [];
    });
    expectVerdict(run(none, 'internet', 'i-web'), 'no-route', null);
    expectVerdict(run(none, 'i-web', '8.8.8.8'), 'no-route', 'rtb-pub');
  });
});

describe('egress-only internet gateway', () => {
  const raw = variant((s) => {
    s.egressOnlyInternetGateways = [{ id: 'eigw-a', vpc: 'vpc-a' }];
    s.internetGateways = [];
    s.routeTables[0].routes = [];
    s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '::/0', target: 'eigw-a' }] });
    s.subnets[1].routeTable = 'rtb-app';
    delete s.instances[0].publicIp;
  });

  it('IPv6 connections started inside get out and their replies back', () => {
    const o = run(raw, 'i-app', '2a00:1450:4001::1');
    expectVerdict(o, 'exits-internet');
    expect(o.back).toContain('eigw-a:forward');
  });

  it('connections from outside are dropped', () => {
    expectVerdict(run(raw, 'internet:2a00:1450:4001::1', '2600:1f18:1:101::10'), 'inbound-not-allowed', 'eigw-a');
  });

  it('IPv6 only: an IPv4 route to it is rejected', () => {
    expect(compileErrors(variant((s) => s.routeTables[1].routes.push({ destination: '0.0.0.0/0', target: 'eigw-a' }), raw))).toContain('egress-only-ipv4');
  });
});

describe('NAT gateway', () => {
  it('translates the source to its private IP, then the internet gateway maps that to its Elastic IP', () => {
    const o = run(withNat(), 'i-app', '8.8.8.8');
    expectVerdict(o, 'exits-internet');
    expect(o.t.forward.find((h) => h.component === 'nat-a')?.detail).toMatchObject({ step: 'translate', from: '10.0.1.10', to: '10.0.0.99' });
    expect(o.t.forward.find((h) => h.component === 'igw-a')?.detail).toMatchObject({ step: 'translate', from: '10.0.0.99', to: '54.0.0.99' });
    expect(o.t.forward.at(-1)!.packet?.src).toBe('54.0.0.99');
    // the reply is translated back
    expect(o.back.at(-1)).toBe('i-app/eth0:deliver');
  });

  it('uses its own subnet\'s route table: a NAT gateway in a subnet without an IGW route goes nowhere', () => {
    expectVerdict(run(withNat('subnet-db'), 'i-app', '8.8.8.8'), 'no-route', 'vpc-a/main-rtb');
  });

  it('outbound-initiated only', () => {
    expectVerdict(run(withNat(), 'internet', 'nat-a'), 'inbound-not-allowed', 'nat-a');
    expectVerdict(run(withNat(), 'internet', '54.0.0.99'), 'inbound-not-allowed', 'nat-a');
  });

  it('IPv4 only', () => {
    const raw = variant((s) => s.routeTables[1].routes.push({ destination: '::/0', target: 'nat-a' }), withNat());
    expectVerdict(run(raw, 'i-app', '2a00:1450:4001::1'), 'unsupported', 'nat-a');
  });

  it('has no security groups', () => {
    const o = run(withNat(), 'i-app', '8.8.8.8');
    const k = o.path.indexOf('nat-a/eni:forward');
    expect(k).toBeGreaterThan(0);
    expect(o.t.forward[k + 1]!.kind).toBe('route-table');
  });

  it('a private NAT gateway cannot reach the internet', () => {
    const o = run(withNat('subnet-pub', { connectivity: 'private', publicIp: undefined }), 'i-app', '8.8.8.8');
    expectVerdict(o, 'no-public-ip', 'nat-a/eni');
  });
});

describe('NAT instance', () => {
  const nat = (sourceDestCheck: boolean, sgInbound: Raw[] = [{ protocol: 'all', cidr: '10.0.0.0/16' }]): Raw =>
    variant((s) => {
      s.securityGroups.push({ id: 'sg-nat', vpc: 'vpc-a', inbound: sgInbound });
      s.instances.push({ id: 'i-nat', subnet: 'subnet-pub', privateIp: '10.0.0.50', publicIp: '54.0.0.50', securityGroups: ['sg-nat'], sourceDestCheck, nat: true });
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'i-nat' }] });
      s.subnets[1].routeTable = 'rtb-app';
    });

  it('with the source/destination check off, it translates and forwards', () => {
    const o = run(nat(false), 'i-app', '8.8.8.8');
    expectVerdict(o, 'exits-internet');
    expect(o.t.forward.at(-1)!.packet?.src).toBe('54.0.0.50');
    expect(o.back.at(-1)).toBe('i-app/eth0:deliver');
  });

  it('with the check on, traffic not addressed to it is dropped', () => {
    expectVerdict(run(nat(true), 'i-app', '8.8.8.8'), 'src-dst-check', 'i-nat/eth0');
  });

  it('its security groups apply', () => {
    expectVerdict(run(nat(false, []), 'i-app', '8.8.8.8'), 'denied-sg-ingress', 'sg-nat');
  });
});

describe('VPC peering', () => {
  const peered = (returnRoute: boolean): Raw =>
    variant((s) => {
      addVpc(s, 1, returnRoute ? [{ destination: '10.0.0.0/16', target: 'pcx-a1' }] : []);
      s.vpcPeeringConnections = [{ id: 'pcx-a1', requester: 'vpc-a', accepter: 'vpc-1', status: 'active' }];
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '10.1.0.0/16', target: 'pcx-a1' }] });
      s.subnets[1].routeTable = 'rtb-app';
    });

  it('carries traffic between the two VPCs when both route tables have a route', () => {
    const o = run(peered(true), 'i-app', 'i-1');
    expectVerdict(o, 'delivered');
    expect(o.path).toContain('pcx-a1:forward');
  });

  it('without the return route, the reply does not get back', () => {
    expectVerdict(run(peered(false), 'i-app', 'i-1'), 'reply-denied', 'rtb-1');
  });

  it('is not transitive: not to a third VPC, nor onward through the peer\'s gateways', () => {
    const chain = variant((s) => {
      addVpc(s, 2, [{ destination: '10.1.0.0/16', target: 'pcx-12' }]);
      s.vpcPeeringConnections.push({ id: 'pcx-12', requester: 'vpc-1', accepter: 'vpc-2', status: 'active' });
      s.routeTables.find((t: Raw) => t.id === 'rtb-1').routes.push({ destination: '10.2.0.0/16', target: 'pcx-12' });
      s.routeTables.find((t: Raw) => t.id === 'rtb-app').routes.push({ destination: '10.2.0.0/16', target: 'pcx-a1' }, { destination: '0.0.0.0/0', target: 'pcx-a1' });
      s.internetGateways.push({ id: 'igw-1', vpc: 'vpc-1' });
    }, peered(true));
    expectVerdict(run(chain, 'i-app', 'i-2'), 'not-transitive', 'pcx-a1');
    expectVerdict(run(chain, 'i-app', '8.8.8.8'), 'not-transitive', 'pcx-a1');
    expectVerdict(run(chain, 'i-1', 'i-2'), 'delivered');
  });

  it('VPCs with overlapping blocks cannot be peered', () => {
    const raw = variant((s) => {
      s.vpcs.push({ id: 'vpc-o', cidr: '10.0.0.0/16' });
      s.vpcPeeringConnections = [{ id: 'pcx-o', requester: 'vpc-a', accepter: 'vpc-o', status: 'active' }];
    });
    expect(compileErrors(raw)).toContain('peering-overlap');
  });
});

describe('gateway endpoint', () => {
  const s3 = (f: (s: Raw) => void = () => {}): Raw =>
    variant((s) => {
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [] });
      s.subnets[1].routeTable = 'rtb-app';
      s.vpcEndpoints = [{ id: 'vpce-s3', vpc: 'vpc-a', type: 'gateway', service: 's3', routeTables: ['rtb-app'] }];
      f(s);
    });

  it('a route to the service\'s prefix list targets the endpoint', () => {
    const o = run(s3(), 'i-app', 'service:s3');
    expectVerdict(o, 'exits-service');
    expect(o.t.forward.find((h) => h.kind === 'route-table')?.rule).toBe('pl-s3 → vpce-s3');
    expect(o.t.service).toMatchObject({ service: 's3', via: 'gateway-endpoint', endpoint: 'vpce-s3', vpc: 'vpc-a', vpcSourceIp: '10.0.1.10', region: 'us-east-1' });
  });

  it('without an endpoint in its table, the request goes over the internet with the public source address', () => {
    const o = run(s3(), 'i-web', 'service:s3');
    expectVerdict(o, 'exits-service');
    expect(o.t.service).toMatchObject({ via: 'internet', sourceIp: '54.0.0.10' });
    expectVerdict(run(s3(), 'i-db', 'service:s3'), 'no-route', 'vpc-a/main-rtb');
  });

  it('the endpoint itself can be the destination: reached only through a table associated with it', () => {
    expectVerdict(run(s3(), 'i-app', 'vpce-s3'), 'exits-service');
    const o = run(s3(), 'i-web', 'vpce-s3');
    expectVerdict(o, 'no-route', 'rtb-pub');
    expect(o.t.blockers.at(-1)?.fix).toMatch(/associate `rtb-pub` with gateway endpoint `vpce-s3`/);
  });

  it('usable only from inside its VPC (not for traffic arriving through a transit gateway)', () => {
    const raw = s3((s) => {
      addVpc(s, 1, [{ destination: '0.0.0.0/0', target: 'tgw-1' }]);
      s.transitGateways = [
        {
          id: 'tgw-1',
          routeTables: [{ id: 'tgw-rtb', routes: [{ destination: '0.0.0.0/0', attachment: 'att-a' }], associations: ['att-a', 'att-1'], propagations: ['att-a', 'att-1'] }],
          attachments: [
            { id: 'att-a', vpc: 'vpc-a', subnets: ['subnet-app'] },
            { id: 'att-1', vpc: 'vpc-1', subnets: ['subnet-1'] },
          ],
        },
      ];
    });
    expectVerdict(run(raw, 'i-1', 'service:s3'), 'not-transitive', 'vpce-s3');
  });
});

describe('interface endpoint', () => {
  const sqs = (f: (s: Raw) => void = () => {}): Raw =>
    variant((s) => {
      s.securityGroups.push({ id: 'sg-endpoints', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 443, cidr: '10.0.1.0/24' }, { protocol: 'tcp', ports: 443, cidr: '10.0.2.0/24' }] });
      s.vpcEndpoints = [{ id: 'vpce-sqs', vpc: 'vpc-a', type: 'interface', service: 'sqs', subnets: ['subnet-app', 'subnet-db'], securityGroups: ['sg-endpoints'], privateDns: true }];
      // private DNS needs both VPC DNS attributes (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html)
      Object.assign(s.vpcs[0], { enableDnsSupport: true, enableDnsHostnames: true });
      f(s);
    });

  it('private DNS resolves the service to the endpoint interface in the source\'s AZ', () => {
    const a = run(sqs(), 'i-app', 'service:sqs');
    expectVerdict(a, 'exits-service');
    expect(a.path.at(-1)).toBe('vpce-sqs/subnet-app:deliver');
    expect(a.t.service).toMatchObject({ via: 'interface-endpoint', endpoint: 'vpce-sqs', vpcSourceIp: '10.0.1.10' });
    expect(run(sqs(), 'i-db', 'service:sqs').path.at(-1)).toBe('vpce-sqs/subnet-db:deliver');
  });

  it('the endpoint or one of its interfaces can be the destination, with or without private DNS', () => {
    const raw = sqs((s) => (s.vpcEndpoints[0].privateDns = false));
    const o = run(raw, 'i-db', 'vpce-sqs');
    expectVerdict(o, 'exits-service');
    expect(o.path.at(-1)).toBe('vpce-sqs/subnet-db:deliver');
    expectVerdict(run(raw, 'i-app', 'vpce-sqs/subnet-db'), 'delivered');
  });

  it('the endpoint\'s security groups apply', () => {
    expectVerdict(run(sqs(), 'i-web', 'service:sqs'), 'denied-sg-ingress', 'sg-endpoints');
  });

  it('TCP only', () => {
    expectVerdict(run(sqs(), 'i-app', 'service:sqs', 53, { protocol: 'udp' }), 'unsupported', 'vpce-sqs');
  });

  it('without private DNS the service name resolves to its public address', () => {
    const raw = sqs((s) => (s.vpcEndpoints[0].privateDns = false));
    expectVerdict(run(raw, 'i-app', 'service:sqs'), 'no-route', 'vpc-a/main-rtb');
    expect(run(raw, 'i-web', 'service:sqs').t.service?.via).toBe('internet');
  });
});

describe('virtual private gateway and VPN', () => {
  const vpn = (tunnels: Raw[] = [{ status: 'up' }, { status: 'down' }]): Raw =>
    variant((s) => {
      s.vpnGateways = [{ id: 'vgw-a', vpc: 'vpc-a' }];
      s.customerGateways = [{ id: 'cgw-office', ip: '198.51.100.7', asn: 65000 }];
      s.vpnConnections = [{ id: 'vpn-office', customerGateway: 'cgw-office', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['192.168.0.0/16'], tunnels }];
      s.externalNetworks = [{ id: 'office', cidrs: ['192.168.0.0/16'], via: 'cgw-office' }];
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '192.168.0.0/16', target: 'vgw-a' }] });
      s.subnets[1].routeTable = 'rtb-app';
    });

  it('carries traffic both ways between the VPC and the networks behind the customer gateway', () => {
    expectVerdict(run(vpn(), 'i-app', 'external:office:192.168.1.5'), 'exits-external');
    expectVerdict(run(vpn(), 'external:office:192.168.1.5', 'i-app'), 'delivered');
    // the reply to the office needs the route too
    expectVerdict(run(vpn(), 'external:office:192.168.1.5', 'i-db'), 'reply-denied', 'vpc-a/main-rtb');
  });

  it('with every tunnel down, nothing passes', () => {
    const down = vpn([{ status: 'down' }, { status: 'down' }]);
    expectVerdict(run(down, 'i-app', 'external:office:192.168.1.5'), 'blackhole', 'rtb-app');
    expectVerdict(run(down, 'external:office:192.168.1.5', 'i-app'), 'no-route', 'office');
  });

  it('serves one VPC: the office reaches nothing else through it', () => {
    const raw = variant((s) => addVpc(s, 1), vpn());
    expectVerdict(run(raw, 'external:office:192.168.1.5', 'i-1'), 'no-route', 'vgw-a');
  });
});

describe('transit gateway', () => {
  /** vpc-a and vpc-1 (and vpc-2) attached to tgw-1; one route table; `f` adjusts. */
  const hub = (f: (s: Raw) => void = () => {}): Raw =>
    variant((s) => {
      addVpc(s, 1, [{ destination: '10.0.0.0/8', target: 'tgw-1' }]);
      addVpc(s, 2, [{ destination: '10.0.0.0/8', target: 'tgw-1' }]);
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '10.0.0.0/8', target: 'tgw-1' }] });
      s.subnets[1].routeTable = 'rtb-app';
      s.subnets[2].routeTable = 'rtb-app';
      s.transitGateways = [
        {
          id: 'tgw-1',
          routeTables: [{ id: 'tgw-rtb', routes: [], associations: ['att-a', 'att-1', 'att-2'], propagations: ['att-a', 'att-1', 'att-2'] }],
          attachments: [
            { id: 'att-a', vpc: 'vpc-a', subnets: ['subnet-app'] },
            { id: 'att-1', vpc: 'vpc-1', subnets: ['subnet-1'] },
            { id: 'att-2', vpc: 'vpc-2', subnets: ['subnet-2'] },
          ],
        },
      ];
      f(s);
    });

  it('attachments, associations and propagations connect the VPCs (transitive by design)', () => {
    const o = run(hub(), 'i-app', 'i-1');
    expectVerdict(o, 'delivered');
    expect(o.t.forward.find((h) => h.component === 'tgw-rtb')?.rule).toBe('10.1.0.0/16 → att-1');
    expectVerdict(run(hub(), 'i-1', 'i-2'), 'delivered');
  });

  it('static and blackhole routes; longest prefix first', () => {
    const raw = hub((s) => s.transitGateways[0].routeTables[0].routes.push({ destination: '10.2.0.0/24', blackhole: true }));
    expectVerdict(run(raw, 'i-1', 'i-2'), 'blackhole', 'tgw-rtb');
    expectVerdict(run(raw, 'i-1', 'i-app'), 'delivered');
  });

  it('an attachment associated with no route table routes nothing; an attachment that is not propagated has no route', () => {
    const unassociated = hub((s) => (s.transitGateways[0].routeTables[0].associations = ['att-a', 'att-2']));
    expectVerdict(run(unassociated, 'i-1', 'i-app'), 'no-route', 'tgw-1');
    const unpropagated = hub((s) => (s.transitGateways[0].routeTables[0].propagations = ['att-a', 'att-1']));
    expectVerdict(run(unpropagated, 'i-1', 'i-2'), 'no-route', 'tgw-rtb');
  });

  it('a VPC attachment receives traffic only in the AZs of its subnets', () => {
    // i-db is in us-east-1b; att-a has a subnet in us-east-1a only
    expectVerdict(run(hub(), 'i-db', 'i-1'), 'blackhole', 'att-a');
    const both = hub((s) => s.transitGateways[0].attachments[0].subnets.push('subnet-db'));
    expectVerdict(run(both, 'i-db', 'i-1'), 'delivered');
  });

  it('peered transit gateways carry traffic with static routes on both sides', () => {
    const raw = variant((s) => {
      addVpc(s, 1, [{ destination: '10.0.0.0/8', target: 'tgw-1' }]);
      addVpc(s, 2, [{ destination: '10.0.0.0/8', target: 'tgw-2' }]);
      s.transitGateways = [
        {
          id: 'tgw-1',
          routeTables: [{ id: 'tgw-1-rtb', routes: [{ destination: '10.2.0.0/16', attachment: 'att-1-peer' }], associations: ['att-1', 'att-1-peer'], propagations: ['att-1'] }],
          attachments: [{ id: 'att-1', vpc: 'vpc-1', subnets: ['subnet-1'] }, { id: 'att-1-peer', peerTransitGateway: 'tgw-2' }],
        },
        {
          id: 'tgw-2',
          routeTables: [{ id: 'tgw-2-rtb', routes: [{ destination: '10.1.0.0/16', attachment: 'att-2-peer' }], associations: ['att-2', 'att-2-peer'], propagations: ['att-2'] }],
          attachments: [{ id: 'att-2', vpc: 'vpc-2', subnets: ['subnet-2'] }, { id: 'att-2-peer', peerTransitGateway: 'tgw-1' }],
        },
      ];
    });
    const o = run(raw, 'i-1', 'i-2');
    expectVerdict(o, 'delivered');
    expect(o.path).toContain('att-1-peer:forward');
    expect(o.back).toContain('att-2-peer:forward');
  });

  it('a VPN attachment reaches the VPCs through the TGW', () => {
    const raw = hub((s) => {
      s.customerGateways = [{ id: 'cgw-office', ip: '198.51.100.7', asn: 65000 }];
      s.vpnConnections = [{ id: 'vpn-office', customerGateway: 'cgw-office', transitGateway: 'tgw-1', routing: 'static', staticRoutes: ['192.168.0.0/16'] }];
      s.externalNetworks = [{ id: 'office', cidrs: ['192.168.0.0/16'], via: 'cgw-office' }];
      s.transitGateways[0].attachments.push({ id: 'att-vpn', vpnConnection: 'vpn-office' });
      s.transitGateways[0].routeTables[0].associations.push('att-vpn');
      s.transitGateways[0].routeTables[0].propagations.push('att-vpn');
      for (const t of s.routeTables) if (t.id !== 'rtb-pub') t.routes.push({ destination: '192.168.0.0/16', target: 'tgw-1' });
    });
    expectVerdict(run(raw, 'external:office:192.168.1.5', 'i-2'), 'delivered');
    expectVerdict(run(raw, 'i-2', 'external:office:192.168.1.5'), 'exits-external');
  });
});

it('every base network trace compiles (fixtures sanity)', () => {
  expect(() => model(base())).not.toThrow();
});
