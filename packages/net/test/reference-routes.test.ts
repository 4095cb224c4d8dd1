// The reference tracer on route states, replaced local route targets and gateway route tables
// (issue 13, items 5 and 6).
// - Blackhole routes: "The blackhole state indicates that the route's target isn't available (for
//   example, the specified gateway isn't attached to the VPC ...)":
//   https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_Route.html
// - Replacing the local route's target (middlebox between subnets), with the local route's priority:
//   https://docs.aws.amazon.com/vpc/latest/userguide/replace-local-route-target.html
//   https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#route-table-routes
// - Gateway route tables route what enters through an internet gateway or a virtual private gateway:
//   https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
import { describe, expect, it } from 'vitest';
import { model, refNo, refOk, refVerdict, tcp443, variant, type Raw } from './helpers.js';
import { traceThreeWays } from './three-way.js';

/** The reference's verdict, and the tracer's and the symbolic engine's (traceThreeWays compares the three). */
function allThree(raw: Raw, from: string, to: string) {
  const t = traceThreeWays(model(raw), from, to, 443);
  expect({ reachable: t.reachable, disposition: t.disposition, blockedBy: t.blockedBy, modelled: true }).toEqual(refVerdict(raw, tcp443(from, to)));
  return refVerdict(raw, tcp443(from, to));
}


describe('blackhole routes', () => {
  it('a route declared `state: blackhole` drops what it matches, whatever its target was', () => {
    const raw = variant((s) => void (s.routeTables[0].routes[0] = { destination: '0.0.0.0/0', target: 'nat-0deleted', state: 'blackhole' }));
    expect(allThree(raw, 'i-web', '8.8.8.8')).toEqual(refNo('blackhole', 'rtb-pub'));
  });

  it('a route to a detached internet gateway is a blackhole', () => {
    const raw = variant((s) => {
      s.internetGateways = [{ id: 'igw-a' }];
    });
    expect(allThree(raw, 'i-web', '8.8.8.8')).toEqual(refNo('blackhole', 'rtb-pub'));
  });

  it('a route to a deleted peering connection is a blackhole', () => {
    const raw = variant((s) => {
      s.vpcs.push({ id: 'vpc-b', cidr: '10.9.0.0/16' });
      s.subnets.push({ id: 'subnet-b', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.9.0.0/24' });
      s.vpcPeeringConnections = [{ id: 'pcx-gone', requester: 'vpc-a', accepter: 'vpc-b', status: 'deleted' }];
      s.routeTables[0].routes.push({ destination: '10.9.0.0/16', target: 'pcx-gone' });
      s.instances.push({ id: 'i-b', subnet: 'subnet-b', privateIp: '10.9.0.10' });
    });
    expect(allThree(raw, 'i-web', 'i-b')).toEqual(refNo('blackhole', 'rtb-pub'));
  });
});

/**
 * The base VPC (helpers.ts) with an inspection appliance i-fw (10.0.3.10, subnet-fw, its own table
 * with local routes only) and subnet-app's table rtb-mid replacing the local route's target with it.
 */
function middlebox(opts: { fwSg?: unknown[]; target?: string } = {}): Raw {
  return variant((s) => {
    s.subnets.push({ id: 'subnet-fw', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.3.0/24', routeTable: 'rtb-fw' });
    s.subnets[1].routeTable = 'rtb-mid';
    s.routeTables.push({ id: 'rtb-mid', vpc: 'vpc-a', routes: [{ destination: '10.0.0.0/16', target: opts.target ?? 'i-fw' }] }, { id: 'rtb-fw', vpc: 'vpc-a', routes: [] });
    s.securityGroups.push({ id: 'sg-fw', vpc: 'vpc-a', inbound: opts.fwSg ?? [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
    s.instances.push({ id: 'i-fw', subnet: 'subnet-fw', privateIp: '10.0.3.10', securityGroups: ['sg-fw'], sourceDestCheck: false, stateless: true });
  });
}

describe('a local route whose target is replaced by an appliance', () => {
  it('traffic to another subnet goes through the appliance (its groups decide)', () => {
    expect(refVerdict(middlebox(), tcp443('i-app', 'i-db'))).toEqual(refOk());
    expect(refVerdict(middlebox({ fwSg: [] }), tcp443('i-app', 'i-db'))).toEqual(refNo('denied-sg-ingress', 'sg-fw'));
  });

  it('inside one subnet, delivery is direct: the appliance is not on the path', () => {
    expect(refVerdict(middlebox({ fwSg: [] }), tcp443('i-app', 'i-app2'))).toEqual(refOk());
    // an unassigned address of the subnet answers nothing at layer 2: it is not sent to the appliance
    expect(refVerdict(middlebox({ fwSg: [] }), tcp443('i-app', '10.0.1.99'))).toEqual(refNo('unreachable-address', null));
    // one of another subnet is routed (through the appliance, whose group refuses it)
    expect(refVerdict(middlebox({ fwSg: [] }), tcp443('i-app', '10.0.2.99'))).toEqual(refNo('denied-sg-ingress', 'sg-fw'));
  });

  it('a more specific route still wins over the replaced local route', () => {
    const raw = variant((s) => s.routeTables.find((t: Raw) => t.id === 'rtb-mid').routes.push({ destination: '10.0.2.0/24', target: 'i-app2' }), middlebox({ fwSg: [] }));
    // i-app2 keeps its source/destination check: the packet is dropped there, not at i-fw
    expect(refVerdict(raw, tcp443('i-app', 'i-db'))).toEqual(refNo('src-dst-check', 'i-app2/eth0'));
  });

  it('the replaced local route keeps its priority over a less specific route, and a route outside the VPC is unaffected', () => {
    const raw = variant((s) => s.routeTables.find((t: Raw) => t.id === 'rtb-mid').routes.push({ destination: '10.0.0.0/8', target: 'blackhole' }), middlebox({ fwSg: [] }));
    expect(refVerdict(raw, tcp443('i-app', 'i-db'))).toEqual(refNo('denied-sg-ingress', 'sg-fw'));
    expect(refVerdict(raw, tcp443('i-app', '10.7.0.1'))).toEqual(refNo('blackhole', 'rtb-mid'));
  });

  it('the target may be an interface id', () => {
    expect(refVerdict(middlebox({ fwSg: [], target: 'i-fw/eth0' }), tcp443('i-app', 'i-db'))).toEqual(refNo('denied-sg-ingress', 'sg-fw'));
  });

  it('a stateful appliance in one direction only: the reply comes back directly, which it does not see', () => {
    const raw = variant((s) => delete s.instances.find((i: Raw) => i.id === 'i-fw').stateless, middlebox());
    // i-db's subnet uses the main table (plain local route): the reply goes straight to i-app
    expect(refVerdict(raw, tcp443('i-app', 'i-db'))).toEqual(refOk());
    // the other way, the request goes directly and the reply reaches i-fw, which never saw it
    expect(refVerdict(raw, tcp443('i-db', 'i-app'))).toEqual(refNo('reply-denied', 'i-fw/eth0'));
  });
});

/**
 * The base VPC, whose internet gateway has the gateway route table rtb-edge: subnet-pub's block
 * (i-web) goes to the appliance i-fw in subnet-fw (whose table sends the default route to the
 * internet gateway). subnet-pub's own table sends the default route straight to the internet gateway.
 */
function edge(opts: { stateless?: boolean; fwSg?: unknown[]; route?: { destination: string; target: string } } = {}): Raw {
  return variant((s) => {
    s.subnets.push({ id: 'subnet-fw', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.3.0/24', routeTable: 'rtb-fw' });
    s.internetGateways[0].routeTable = 'rtb-edge';
    s.routeTables.push(
      { id: 'rtb-edge', vpc: 'vpc-a', routes: [opts.route ?? { destination: '10.0.0.0/24', target: 'i-fw' }] },
      { id: 'rtb-fw', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'igw-a' }] },
    );
    s.securityGroups.push({ id: 'sg-fw', vpc: 'vpc-a', inbound: opts.fwSg ?? [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
    s.instances.push({ id: 'i-fw', subnet: 'subnet-fw', privateIp: '10.0.3.10', publicIp: '54.0.0.30', securityGroups: ['sg-fw'], sourceDestCheck: false, ...(opts.stateless ? { stateless: true } : {}) });
  });
}

describe('gateway route tables (ingress routing)', () => {
  it('traffic from the internet to a routed subnet crosses the appliance first', () => {
    expect(refVerdict(edge(), tcp443('internet:8.8.8.8', 'i-web'))).toEqual(refOk());
    expect(refVerdict(edge({ fwSg: [] }), tcp443('internet:8.8.8.8', 'i-web'))).toEqual(refNo('denied-sg-ingress', 'sg-fw'));
  });

  it("the appliance's subnet inbound network ACL is on the path", () => {
    const raw = variant((s) => {
      s.networkAcls = [{ id: 'acl-fw', vpc: 'vpc-a', inbound: [], outbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }] }];
      s.subnets.find((x: Raw) => x.id === 'subnet-fw').networkAcl = 'acl-fw';
    }, edge());
    expect(refVerdict(raw, tcp443('internet:8.8.8.8', 'i-web'))).toEqual(refNo('denied-nacl-ingress', 'acl-fw'));
  });

  it('a subnet the gateway route table does not name is reached through the local route', () => {
    const raw = variant((s) => {
      s.instances.push({ id: 'i-app-pub', subnet: 'subnet-app', privateIp: '10.0.1.20', publicIp: '54.0.0.40', securityGroups: ['sg-open'] });
      s.routeTables.push({ id: 'rtb-app-pub', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'igw-a' }] });
      s.subnets[1].routeTable = 'rtb-app-pub';
    }, edge({ fwSg: [] }));
    expect(refVerdict(raw, tcp443('internet:8.8.8.8', 'i-app-pub'))).toEqual(refOk());
  });

  it("replacing the gateway table's local route target sends every subnet through the appliance", () => {
    expect(refVerdict(edge({ fwSg: [], route: { destination: '10.0.0.0/16', target: 'i-fw' } }), tcp443('internet:8.8.8.8', 'i-web'))).toEqual(refNo('denied-sg-ingress', 'sg-fw'));
  });

  it('the reply of a connection the instance opened enters through the appliance, which never saw the request', () => {
    expect(refVerdict(edge(), tcp443('i-web', '8.8.8.8'))).toEqual(refNo('reply-denied', 'i-fw/eth0'));
    expect(refVerdict(edge({ stateless: true }), tcp443('i-web', '8.8.8.8'))).toEqual(refOk('exits-internet'));
  });
});

describe('gateway route table of a virtual private gateway', () => {
  function vgw(fwSg: unknown[]): Raw {
    return variant((s) => {
      s.subnets.push({ id: 'subnet-fw', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.3.0/24' });
      s.vpnGateways = [{ id: 'vgw-a', vpc: 'vpc-a', routeTable: 'rtb-vgw-edge' }];
      s.customerGateways = [{ id: 'cgw-corp', ip: '198.51.100.7' }];
      s.vpnConnections = [{ id: 'vpn-corp', customerGateway: 'cgw-corp', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['192.168.0.0/16'] }];
      s.externalNetworks = [{ id: 'corp', cidrs: ['192.168.0.0/16'], via: 'vpn-corp' }];
      s.routeTables.push({ id: 'rtb-vgw-edge', vpc: 'vpc-a', routes: [{ destination: '10.0.1.0/24', target: 'i-fw' }] });
      s.routeTables.push({ id: 'rtb-main', vpc: 'vpc-a', main: true, routes: [{ destination: '192.168.0.0/16', target: 'vgw-a' }] });
      s.securityGroups.push({ id: 'sg-fw', vpc: 'vpc-a', inbound: fwSg });
      s.instances.push({ id: 'i-fw', subnet: 'subnet-fw', privateIp: '10.0.3.10', securityGroups: ['sg-fw'], sourceDestCheck: false, stateless: true });
    });
  }

  it('traffic from on premises to a routed subnet crosses the appliance', () => {
    expect(refVerdict(vgw([{ protocol: 'all', cidr: '0.0.0.0/0' }]), tcp443('external:corp:192.168.1.5', 'i-app'))).toEqual(refOk());
    expect(refVerdict(vgw([]), tcp443('external:corp:192.168.1.5', 'i-app'))).toEqual(refNo('denied-sg-ingress', 'sg-fw'));
    // subnet-db is not named: the local route
    expect(refVerdict(vgw([]), tcp443('external:corp:192.168.1.5', 'i-db'))).toEqual(refOk());
  });
});

// "Route table rules apply to all traffic that leaves a subnet" (gateway-route-tables.html): what the
// transit gateway delivers into a VPC leaves its interface in the attachment subnet, so that
// subnet's middlebox route (or replaced local route) sends it to the appliance first.
describe("traffic from a transit gateway follows the attachment subnet's route table", () => {
  function spokeInspection(fwSg: unknown[], stateless = false): Raw {
    return {
      version: 1,
      vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16' }, { id: 'vpc-b', cidr: '10.1.0.0/16' }],
      subnets: [
        { id: 'subnet-tgw', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24', routeTable: 'rtb-tgw' },
        { id: 'subnet-app', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24' },
        { id: 'subnet-fw', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.2.0/24' },
        { id: 'subnet-b', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.1.0.0/24' },
      ],
      routeTables: [
        { id: 'rtb-a', vpc: 'vpc-a', main: true, routes: [{ destination: '10.1.0.0/16', target: 'tgw-hub' }] },
        { id: 'rtb-tgw', vpc: 'vpc-a', routes: [{ destination: '10.0.1.0/24', target: 'i-fw' }] },
        { id: 'rtb-b', vpc: 'vpc-b', main: true, routes: [{ destination: '10.0.0.0/16', target: 'tgw-hub' }] },
      ],
      securityGroups: [
        { id: 'sg-a', vpc: 'vpc-a', inbound: [{ protocol: 'all', cidr: '10.0.0.0/8' }] },
        { id: 'sg-fw', vpc: 'vpc-a', inbound: fwSg },
        { id: 'sg-b', vpc: 'vpc-b', inbound: [{ protocol: 'all', cidr: '10.0.0.0/8' }] },
      ],
      instances: [
        { id: 'i-app', subnet: 'subnet-app', privateIp: '10.0.1.10', securityGroups: ['sg-a'] },
        { id: 'i-fw', subnet: 'subnet-fw', privateIp: '10.0.2.10', securityGroups: ['sg-fw'], sourceDestCheck: false, ...(stateless ? { stateless: true } : {}) },
        { id: 'i-b', subnet: 'subnet-b', privateIp: '10.1.0.10', securityGroups: ['sg-b'] },
      ],
      transitGateways: [
        {
          id: 'tgw-hub',
          attachments: [{ id: 'att-a', vpc: 'vpc-a', subnets: ['subnet-tgw'] }, { id: 'att-b', vpc: 'vpc-b', subnets: ['subnet-b'] }],
          routeTables: [{ id: 'tgw-rtb', associations: ['att-a', 'att-b'], propagations: ['att-a', 'att-b'], routes: [] }],
        },
      ],
    };
  }
  const open = [{ protocol: 'all', cidr: '0.0.0.0/0' }];

  it('entering from the transit gateway, the packet crosses the appliance the attachment subnet routes to', () => {
    expect(refVerdict(spokeInspection([]), tcp443('i-b', 'i-app'))).toEqual(refNo('denied-sg-ingress', 'sg-fw'));
    // the reply leaves subnet-app by the main table, straight to the TGW: the appliance saw the request only
    expect(refVerdict(spokeInspection(open), tcp443('i-b', 'i-app'))).toEqual(refOk());
  });

  it('to an address of the attachment subnet itself, delivery is at layer 2: the route table does not apply', () => {
    const raw = spokeInspection([]);
    raw.instances.push({ id: 'i-tgw-side', subnet: 'subnet-tgw', privateIp: '10.0.0.10', securityGroups: ['sg-a'] });
    raw.routeTables[1].routes.push({ destination: '10.0.0.0/16', target: 'i-fw' }, { destination: '10.1.0.0/16', target: 'tgw-hub' });
    expect(refVerdict(raw, tcp443('i-b', 'i-tgw-side'))).toEqual(refOk());
    // the replaced local route still sends what goes to another subnet through the appliance
    expect(refVerdict(raw, tcp443('i-b', 'i-app'))).toEqual(refNo('denied-sg-ingress', 'sg-fw'));
  });

  it('the reply of a connection opened from the VPC enters through the appliance, which drops it unless stateless', () => {
    expect(refVerdict(spokeInspection(open), tcp443('i-app', 'i-b'))).toEqual(refNo('reply-denied', 'i-fw/eth0'));
    expect(refVerdict(spokeInspection(open, true), tcp443('i-app', 'i-b'))).toEqual(refOk());
  });
});
