// Appliances (interfaces with the source/destination check off): stateful by default, they drop
// replies of connections they did not see; a forwarded packet no longer carries its sender's
// security group identity; the local route's target may be replaced by one (middlebox routing);
// an internet gateway's route table may send inbound traffic through one (ingress routing).
import { describe, expect, it } from 'vitest';
import { expectVerdict, model, run, variant, type Raw } from '../helpers.js';
import { traceThreeWays } from '../three-way.js';

/** i-app → i-db through fw-a (request) and back through fw-b (reply): an asymmetric route. */
function asymmetric(stateless?: boolean): Raw {
  return variant((s) => {
    s.subnets.push({ id: 'subnet-fw', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.9.0/24' });
    s.instances.push(
      { id: 'fw-a', subnet: 'subnet-fw', privateIp: '10.0.9.10', sourceDestCheck: false, securityGroups: ['sg-open'], ...(stateless ? { stateless: true } : {}) },
      { id: 'fw-b', subnet: 'subnet-fw', privateIp: '10.0.9.11', sourceDestCheck: false, securityGroups: ['sg-open'], ...(stateless ? { stateless: true } : {}) },
    );
    s.routeTables.push(
      { id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '10.0.2.0/24', target: 'fw-a' }] },
      { id: 'rtb-db', vpc: 'vpc-a', routes: [{ destination: '10.0.1.0/24', target: 'fw-b' }] },
    );
    s.subnets[1].routeTable = 'rtb-app';
    s.subnets[2].routeTable = 'rtb-db';
  });
}

describe('stateful appliances see both directions', () => {
  // "If the appliance is stateful ... the return traffic must go through the same appliance";
  // https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
  it('a reply through another appliance than the request is dropped there', () => {
    const o = run(asymmetric(), 'i-app', 'i-db', 5432);
    expectVerdict(o, 'reply-denied', 'fw-b/eth0');
    expect(o.path).toContain('fw-a/eth0:forward');
    expect(o.back).toContain('fw-b/eth0:drop');
    expect(o.t.blockers.at(-1)?.fix).toMatch(/route the reply back through the appliance that saw the request/);
  });
  it('a stateless appliance (`stateless: true`, a plain router) forwards the reply', () => {
    expectVerdict(run(asymmetric(true), 'i-app', 'i-db', 5432), 'delivered');
  });
  it('a symmetric route through one appliance is fine', () => {
    const s = variant((x) => {
      x.routeTables[2].routes[0].target = 'fw-a';
    }, asymmetric());
    expectVerdict(run(s, 'i-app', 'i-db', 5432), 'delivered');
  });
});

describe('security group references match the sender itself, not what an appliance forwards for it', () => {
  // a reference admits traffic from the network interfaces of the group; a packet an appliance
  // forwarded arrives from the appliance's interface
  // https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
  const s = variant((x) => {
    x.securityGroups.push({ id: 'sg-app', vpc: 'vpc-a', inbound: [] }, { id: 'sg-db', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 5432, securityGroup: 'sg-app' }] });
    x.instances[1].securityGroups = ['sg-app'];
    x.instances[3].securityGroups = ['sg-db'];
    x.routeTables[2].routes[0].target = 'fw-a';
  }, asymmetric());
  it('through the appliance: denied at the database group', () => {
    expectVerdict(run(s, 'i-app', 'i-db', 5432), 'denied-sg-ingress', 'sg-db');
  });
  it('directly (no appliance on the path): admitted by the reference', () => {
    const direct = variant((x) => {
      x.routeTables = x.routeTables.filter((t: Raw) => t.id !== 'rtb-app' && t.id !== 'rtb-db');
      delete x.subnets[1].routeTable;
      delete x.subnets[2].routeTable;
    }, s);
    expectVerdict(run(direct, 'i-app', 'i-db', 5432), 'delivered');
  });
});

describe('the local route may be replaced by an appliance (middlebox inspection)', () => {
  // "You can replace the target of the local route with a network interface..." so traffic
  // between subnets goes through the appliance
  // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html#route-table-routes
  const s = variant((x) => {
    x.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '10.0.0.0/16', target: 'fw-a' }] }, { id: 'rtb-db2', vpc: 'vpc-a', routes: [{ destination: '10.0.0.0/16', target: 'fw-a' }] });
    x.subnets[1].routeTable = 'rtb-app';
    x.subnets[2].routeTable = 'rtb-db2';
  }, variant((y) => {
    y.routeTables = y.routeTables.filter((t: Raw) => t.id !== 'rtb-app' && t.id !== 'rtb-db');
  }, asymmetric()));
  it('traffic to another subnet goes through the appliance, both ways', () => {
    const o = run(s, 'i-app', 'i-db', 5432);
    expectVerdict(o, 'delivered');
    expect(o.path).toContain('fw-a/eth0:forward');
    expect(o.back).toContain('fw-a/eth0:forward');
    expect(o.t.forward.find((h) => h.component === 'rtb-app')?.rule).toBe('10.0.0.0/16 → fw-a');
  });
  it('inside one subnet delivery stays direct', () => {
    const o = run(s, 'i-app', 'i-app2', 5432);
    expectVerdict(o, 'delivered');
    expect(o.path).not.toContain('fw-a/eth0:forward');
  });
});

describe('an internet gateway route table sends inbound traffic through an appliance (ingress routing)', () => {
  // https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
  const s = variant((x) => {
    x.routeTables.push({ id: 'rtb-edge', vpc: 'vpc-a', routes: [{ destination: '10.0.0.0/24', target: 'fw-a' }] });
    x.internetGateways[0].routeTable = 'rtb-edge';
    // the web subnet's replies go back through the same appliance (symmetric)
    x.routeTables[0].routes[0].target = 'fw-a';
    x.routeTables.push({ id: 'rtb-fw', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'igw-a' }] });
    x.subnets.find((n: Raw) => n.id === 'subnet-fw').routeTable = 'rtb-fw';
  }, asymmetric());
  it('from the internet to the web server: through the appliance first', () => {
    const o = run(s, 'internet', 'i-web', 443);
    expectVerdict(o, 'delivered');
    expect(o.path).toEqual(expect.arrayContaining(['rtb-edge:forward', 'fw-a/eth0:forward', 'i-web/eth0:deliver']));
    expect(o.path.indexOf('rtb-edge:forward')).toBeLessThan(o.path.indexOf('fw-a/eth0:forward'));
  });
  it('with the web subnet sending replies straight to the internet gateway, the appliance sees no request from inside... the reply still enters through it', () => {
    const asym = variant((x) => {
      x.routeTables[0].routes[0].target = 'igw-a';
    }, s);
    // the request enters through fw-a (ingress routing); the reply leaves straight through the IGW: fine
    expectVerdict(run(asym, 'internet', 'i-web', 443), 'delivered');
    // a connection from the web server: out straight, the reply in through fw-a, which did not see it
    expectVerdict(run(asym, 'i-web', 'internet:8.8.8.8', 443), 'reply-denied', 'fw-a/eth0');
  });
});

describe("the internet gateway maps the source's address, whichever interface forwards the packet", () => {
  // "the internet gateway ... performs one-to-one NAT on behalf of the instance": the packet's
  // source is an instance's private address; an appliance forwarding it to the internet gateway does
  // not change that. https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
  /** subnet-app sends everything to fw-a (public address 54.0.0.20), whose subnet routes to the internet gateway. */
  const egress = (appPublic: boolean) =>
    variant((x) => {
      x.instances.find((i: Raw) => i.id === 'fw-a').publicIp = '54.0.0.20';
      x.routeTables.find((t: Raw) => t.id === 'rtb-app').routes.push({ destination: '0.0.0.0/0', target: 'fw-a' });
      x.routeTables.push({ id: 'rtb-fw', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'igw-a' }] });
      x.subnets.find((n: Raw) => n.id === 'subnet-fw').routeTable = 'rtb-fw';
      if (appPublic) x.instances.find((i: Raw) => i.id === 'i-app').publicIp = '54.0.0.30';
    }, asymmetric(true));
  it("a source without a public address: no-public-ip, blocked by the interface that holds it (not the appliance's address)", () => {
    const t = traceThreeWays(model(egress(false)), 'i-app', '8.8.8.8', 443);
    expect(t).toMatchObject({ disposition: 'no-public-ip', blockedBy: 'i-app/eth0' });
  });
  it("with a public address, the packet leaves as the instance's public address, not the appliance's", () => {
    const t = traceThreeWays(model(egress(true)), 'i-app', '8.8.8.8', 443);
    expect(t.disposition).toBe('exits-internet');
    expect(t.forward.find((h) => h.component === 'igw-a')?.packet?.src).toBe('54.0.0.30');
  });
});
