// Gateway Load Balancer endpoints: route targets that send the packet to an appliance behind a
// gateway load balancer (GENEVE, UDP 6081) and take it back; each rule cites the AWS page it
// follows, and each case is held to the reference tracer (where it models the path) and the
// symbolic engine.
import { applyScenarioPatches } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace-types.js';
import { trace } from '../../src/trace.js';
import { model, variant, type Raw } from '../helpers.js';
import { traceThreeWays } from '../three-way.js';

/**
 * Inspection of internet traffic (bump in the wire): igw-app's gateway route table sends traffic
 * for the app subnet to GWLB endpoint vpce-fw (subnet-gwlbe-a), whose subnet routes 0.0.0.0/0 to
 * the internet gateway; the app subnet routes 0.0.0.0/0 to the endpoint; gwlb-fw (subnet-fw-a)
 * sends to appliance i-fw-1 (sg-fw: UDP 6081 and TCP 80 from the appliance subnet).
 */
function gwlb(): Raw {
  return {
    version: 1,
    name: 'gwlb',
    defaults: { account: '111111111111', region: 'us-east-1' },
    vpcs: [{ id: 'vpc-app', cidr: '10.16.0.0/16' }],
    subnets: [
      { id: 'subnet-app-a', vpc: 'vpc-app', availabilityZone: 'us-east-1a', cidr: '10.16.32.0/24', routeTable: 'rtb-app' },
      { id: 'subnet-gwlbe-a', vpc: 'vpc-app', availabilityZone: 'us-east-1a', cidr: '10.16.64.0/28', routeTable: 'rtb-gwlbe' },
      { id: 'subnet-fw-a', vpc: 'vpc-app', availabilityZone: 'us-east-1a', cidr: '10.16.80.0/24' },
    ],
    internetGateways: [{ id: 'igw-app', vpc: 'vpc-app', routeTable: 'rtb-ingress' }],
    routeTables: [
      { id: 'rtb-app', vpc: 'vpc-app', routes: [{ destination: '0.0.0.0/0', target: 'vpce-fw' }] },
      { id: 'rtb-gwlbe', vpc: 'vpc-app', routes: [{ destination: '0.0.0.0/0', target: 'igw-app' }] },
      { id: 'rtb-ingress', vpc: 'vpc-app', routes: [{ destination: '10.16.32.0/24', target: 'vpce-fw' }] },
    ],
    securityGroups: [
      { id: 'sg-web', vpc: 'vpc-app', inbound: [{ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] },
      { id: 'sg-fw', vpc: 'vpc-app', inbound: [{ protocol: 'udp', ports: 6081, cidr: '10.16.80.0/24' }, { protocol: 'tcp', ports: 80, cidr: '10.16.80.0/24' }] },
    ],
    instances: [
      { id: 'i-web', subnet: 'subnet-app-a', privateIp: '10.16.32.10', publicIp: '3.80.0.10', securityGroups: ['sg-web'] },
      { id: 'i-fw-1', subnet: 'subnet-fw-a', privateIp: '10.16.80.10', securityGroups: ['sg-fw'] },
    ],
    vpcEndpoints: [{ id: 'vpce-fw', vpc: 'vpc-app', type: 'gatewayLoadBalancer', service: 'gwlb-fw', subnets: ['subnet-gwlbe-a'] }],
    loadBalancers: [{ id: 'gwlb-fw', type: 'gateway', subnets: ['subnet-fw-a'], listeners: [{ targetGroup: 'tg-fw' }] }],
    targetGroups: [{ id: 'tg-fw', vpc: 'vpc-app', protocol: 'GENEVE', targets: [{ id: 'i-fw-1' }] }],
  };
}

const check = traceThreeWays;

const path = (t: Trace, dir: 'forward' | 'return' = 'forward') => t[dir].map((h) => `${h.component}:${h.verdict}`);

describe('Gateway Load Balancer endpoints', () => {
  // "Gateway Load Balancer endpoints ... intercept traffic and route it to a network or security
  // service that you've configured using a Gateway Load Balancer"; gateway route tables send
  // inbound traffic to the endpoint (ingress routing).
  // https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html
  // https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
  it('traffic from the internet goes through the appliance and on by the endpoint subnet\'s route table, both ways', () => {
    const t = check(gwlb(), 'internet', 'i-web');
    expect(t).toMatchObject({ reachable: true, disposition: 'delivered' });
    expect(path(t)).toEqual(expect.arrayContaining(['rtb-ingress:forward', 'vpce-fw:forward', 'gwlb-fw:forward', 'i-fw-1/eth0:deliver', 'rtb-gwlbe:forward', 'i-web/eth0:deliver']));
    // the appliance sees GENEVE: UDP 6081 from the node, the original packet inside, unchanged
    expect(t.forward.find((h) => h.component === 'sg-fw')?.packet).toMatchObject({ protocol: 'UDP', dstPort: 6081, dst: '10.16.80.10' });
    expect(t.forward.at(-1)?.packet).toMatchObject({ src: '203.0.113.10', dst: '10.16.32.10', dstPort: 443 });
    // the reply: the app subnet's route table sends it to the same endpoint
    expect(path(t, 'return')).toEqual(expect.arrayContaining(['rtb-app:forward', 'vpce-fw:forward', 'rtb-gwlbe:forward', 'igw-app:translate']));
  });
  it('traffic to the internet: the subnet routes to the endpoint, the endpoint subnet to the internet gateway', () => {
    const t = check(gwlb(), 'i-web', 'internet:8.8.8.8');
    expect(t).toMatchObject({ reachable: true, disposition: 'exits-internet' });
    expect(path(t)).toEqual(expect.arrayContaining(['rtb-app:forward', 'vpce-fw:forward', 'rtb-gwlbe:forward', 'igw-app:translate']));
  });
  // Target security groups of a Gateway Load Balancer must allow GENEVE (UDP 6081) and the health checks.
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/target-group-register-targets.html
  it("an appliance whose groups do not admit UDP 6081: blocked by them, with a fix --what-if applies", () => {
    const s = variant((x) => (x.securityGroups[1].inbound = [{ protocol: 'tcp', ports: 80, cidr: '10.16.80.0/24' }]), gwlb());
    const m = model(s);
    const t = check(m, 'i-web', 'internet:8.8.8.8');
    expect(t).toMatchObject({ reachable: false, disposition: 'denied-sg-ingress', blockedBy: 'sg-fw' });
    const b = t.blockers.find((x) => x.component === 'sg-fw')!;
    expect(b.fix).toContain('UDP 6081');
    const r = applyScenarioPatches(m, t.blockers.flatMap((x) => x.patches ?? []).map((p) => ({ ...p, path: [...p.path] })));
    expect(r.ok).toBe(true);
    if (r.ok) expect(check(r.model, 'i-web', 'internet:8.8.8.8').reachable).toBe(true);
  });
  // "The Gateway Load Balancer routes requests to the registered targets that are healthy" (no fail-open).
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/target-groups.html
  it('a gateway load balancer does not fail open: with every appliance unhealthy, traffic is dropped', () => {
    const s = variant((x) => (x.securityGroups[1].inbound = [{ protocol: 'udp', ports: 6081, cidr: '10.16.80.0/24' }]), gwlb());
    const t = check(s, 'i-web', 'internet:8.8.8.8');
    expect(t).toMatchObject({ reachable: false, disposition: 'target-unhealthy', blockedBy: 'sg-fw' });
    expect(t.forward.at(-1)!.detail.why).toContain('does not fail open');
    const declared = variant((x) => (x.targetGroups[0].targets[0].health = 'unhealthy'), gwlb());
    expect(check(declared, 'i-web', 'internet:8.8.8.8')).toMatchObject({ disposition: 'target-unhealthy', blockedBy: 'i-fw-1' });
  });
  it('the endpoint hands traffic to the gateway load balancer\'s node in its own zone', () => {
    const s = variant((x) => {
      x.subnets.push({ id: 'subnet-fw-b', vpc: 'vpc-app', availabilityZone: 'us-east-1b', cidr: '10.16.81.0/24' });
      x.loadBalancers[0].subnets = ['subnet-fw-b'];
    }, gwlb());
    expect(check(s, 'i-web', 'internet:8.8.8.8')).toMatchObject({ reachable: false, disposition: 'blackhole', blockedBy: 'vpce-fw' });
  });
  it('a gateway load balancer is not a destination', () => {
    expect(trace(model(gwlb()), { from: 'i-web', to: 'gwlb-fw', protocol: 'tcp', port: 443 })).toMatchObject({ disposition: 'invalid-flow' });
  });
  // "replace the local route target" with a Gateway Load Balancer endpoint: traffic between subnets goes through it.
  // https://docs.aws.amazon.com/vpc/latest/userguide/replace-local-route-target.html
  it('the local route\'s target replaced by the endpoint inspects traffic between subnets', () => {
    const s = variant((x) => {
      x.subnets.push({ id: 'subnet-db-a', vpc: 'vpc-app', availabilityZone: 'us-east-1a', cidr: '10.16.48.0/24' });
      x.instances.push({ id: 'i-db', subnet: 'subnet-db-a', privateIp: '10.16.48.10', securityGroups: ['sg-web'] });
      x.routeTables[0].routes.push({ destination: '10.16.48.0/24', target: 'vpce-fw' });
    }, gwlb());
    const t = check(s, 'i-web', 'i-db');
    expect(t.reachable).toBe(true);
    expect(path(t)).toEqual(expect.arrayContaining(['vpce-fw:forward', 'i-fw-1/eth0:deliver', 'i-db/eth0:deliver']));
  });
});
