// Load balancers (application, network, classic): a trace to a load balancer has two legs, the
// client to a node (routes, network ACLs, the load balancer's security groups, the listener) and
// the node to each target; each rule below cites the AWS page it follows. Every case is also
// held to the reference tracer and the symbolic engine (three ways).
import { applyScenarioPatches, type Model } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { flowLogs } from '../../src/flow-logs.js';
import type { Flow, TargetTrace, Trace } from '../../src/trace-types.js';
import { trace } from '../../src/trace.js';
import { model, variant, type Raw } from '../helpers.js';
import { traceThreeWays } from '../three-way.js';

/**
 * vpc-app 10.16.0.0/16: public subnets a/b (10.16.0.0/24, 10.16.1.0/24, route to igw-app),
 * app subnets a/b (10.16.32.0/24, 10.16.33.0/24, local only); an internet-facing ALB in the
 * public subnets (sg-alb: TCP 443 from anywhere) with listener HTTPS 443 → tg-web (HTTP 8080,
 * i-web-1 in a, i-web-2 in b, both in sg-web: TCP 8080 from sg-alb); i-client in app subnet a.
 */
function alb(): Raw {
  return {
    version: 1,
    name: 'alb',
    defaults: { account: '111111111111', region: 'us-east-1' },
    vpcs: [{ id: 'vpc-app', cidr: '10.16.0.0/16' }],
    subnets: [
      { id: 'subnet-public-a', vpc: 'vpc-app', availabilityZone: 'us-east-1a', cidr: '10.16.0.0/24', routeTable: 'rtb-public' },
      { id: 'subnet-public-b', vpc: 'vpc-app', availabilityZone: 'us-east-1b', cidr: '10.16.1.0/24', routeTable: 'rtb-public' },
      { id: 'subnet-app-a', vpc: 'vpc-app', availabilityZone: 'us-east-1a', cidr: '10.16.32.0/24' },
      { id: 'subnet-app-b', vpc: 'vpc-app', availabilityZone: 'us-east-1b', cidr: '10.16.33.0/24' },
    ],
    internetGateways: [{ id: 'igw-app', vpc: 'vpc-app' }],
    routeTables: [{ id: 'rtb-public', vpc: 'vpc-app', routes: [{ destination: '0.0.0.0/0', target: 'igw-app' }] }],
    securityGroups: [
      { id: 'sg-alb', vpc: 'vpc-app', inbound: [{ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] },
      { id: 'sg-web', vpc: 'vpc-app', inbound: [{ protocol: 'tcp', ports: 8080, securityGroup: 'sg-alb' }] },
      { id: 'sg-client', vpc: 'vpc-app', inbound: [] },
    ],
    instances: [
      { id: 'i-web-1', subnet: 'subnet-app-a', privateIp: '10.16.32.10', securityGroups: ['sg-web'] },
      { id: 'i-web-2', subnet: 'subnet-app-b', privateIp: '10.16.33.10', securityGroups: ['sg-web'] },
      { id: 'i-client', subnet: 'subnet-app-a', privateIp: '10.16.32.50', securityGroups: ['sg-client'] },
    ],
    loadBalancers: [
      {
        id: 'alb-web', type: 'application', subnets: ['subnet-public-a', 'subnet-public-b'], securityGroups: ['sg-alb'], name: 'public web',
        nodes: [{ subnet: 'subnet-public-a', privateIp: '10.16.0.50', publicIp: '3.80.0.50' }],
        listeners: [{ protocol: 'HTTPS', port: 443, targetGroup: 'tg-web' }],
      },
    ],
    targetGroups: [{ id: 'tg-web', vpc: 'vpc-app', protocol: 'HTTP', port: 8080, targets: [{ id: 'i-web-1' }, { id: 'i-web-2' }] }],
  };
}

/** The same VPC with a network load balancer (no security groups) instead: TCP 443 → tg-api (TCP 8080). */
function nlb(): Raw {
  return variant((s) => {
    s.loadBalancers = [{ id: 'nlb-api', type: 'network', scheme: 'internet-facing', subnets: ['subnet-public-a', 'subnet-public-b'], listeners: [{ protocol: 'TCP', port: 443, targetGroup: 'tg-api' }] }];
    s.targetGroups = [{ id: 'tg-api', vpc: 'vpc-app', protocol: 'TCP', port: 8080, targets: [{ id: 'i-web-1' }, { id: 'i-web-2' }] }];
    s.securityGroups[1].inbound = [{ protocol: 'tcp', ports: 8080, cidr: '10.16.0.0/16' }];
  }, alb());
}

interface Checked {
  readonly t: Trace;
  readonly target: (id: string) => TargetTrace;
}

/** Traces a flow, held to the reference and the symbolic engine (three-way.ts); `target` finds one target's leg. */
function check(m: Model | Raw, from: string, to: string, port: number | undefined = 443, extra: Partial<Flow> = {}): Checked {
  const t = traceThreeWays(m, from, to, port, extra);
  return { t, target: (id: string) => t.targets?.find((x) => x.target === id) ?? (expect.fail(`no target ${id} in ${JSON.stringify(t.targets?.map((x) => x.target))}`) as never) };
}

describe('the client leg: to a node, its security groups, a listener', () => {
  // "The nodes of an internet-facing load balancer have public IP addresses ... The nodes of an
  // internal load balancer have only private IP addresses."
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
  it('an internet-facing load balancer is reached from the internet at a node\'s public address, then every target', () => {
    const { t, target } = check(alb(), 'internet', 'alb-web');
    expect(t).toMatchObject({ reachable: true, disposition: 'delivered', loadBalancer: { id: 'alb-web', node: 'alb-web/subnet-public-a', listener: 'HTTPS 443 → tg-web' } });
    expect(t.forward.map((h) => `${h.component}:${h.verdict}`)).toEqual(['igw-app:translate', 'vpc-app/default-acl:allow', 'sg-alb:allow', 'alb-web:forward']);
    expect(t.forward[0]!.detail).toMatchObject({ from: '3.80.0.50', to: '10.16.0.50' });
    expect(t.return.at(-1)?.component).toBe('internet');
    expect(target('i-web-1')).toMatchObject({ reachable: true, healthy: true, node: 'alb-web/subnet-public-a', port: 8080, disposition: 'delivered' });
    expect(target('i-web-2').reachable).toBe(true);
  });
  it('by `lb:ID`, a node\'s private or public address, or its name (any resource by `name:`)', () => {
    for (const to of ['lb:alb-web', '3.80.0.50', 'name:public web']) expect(check(alb(), 'internet', to).t.loadBalancer?.node, to).toBe('alb-web/subnet-public-a');
    expect(check(alb(), 'i-client', '10.16.0.50').t.reachable).toBe(true);
    expect(check(alb(), 'i-client', 'name:public web').t.loadBalancer?.id).toBe('alb-web');
  });
  it('an unknown load balancer is an invalid flow with a did-you-mean', () => {
    const t = trace(model(alb()), { from: 'internet', to: 'lb:alb-wbe', protocol: 'tcp', port: 443 });
    expect(t.disposition).toBe('invalid-flow');
    expect(t.errors[0]!.message).toContain('did you mean `alb-web`?');
  });
  it('from inside the VPC, a client reaches the node in its own zone (the DNS name resolves to every node)', () => {
    const s = variant((x) => x.instances.push({ id: 'i-client-b', subnet: 'subnet-app-b', privateIp: '10.16.33.50', securityGroups: ['sg-client'] }), alb());
    expect(check(s, 'i-client', 'alb-web').t.loadBalancer?.node).toBe('alb-web/subnet-public-a');
    expect(check(s, 'i-client-b', 'alb-web').t.loadBalancer?.node).toBe('alb-web/subnet-public-b');
  });
  it('an internal load balancer has no public address: not reachable from the internet', () => {
    const s = variant((x) => (x.loadBalancers[0].scheme = 'internal', x.loadBalancers[0].nodes = undefined), alb());
    const { t } = check(s, 'internet', 'alb-web');
    expect(t).toMatchObject({ reachable: false, disposition: 'no-public-ip', blockedBy: 'alb-web' });
    expect(t.blockers[0]!.fix).toContain('internet-facing');
    expect(check(s, 'i-client', 'alb-web').t.reachable).toBe(true);
  });
  it('an internet-facing node without a declared public address is reached at the address vpcsim stands in', () => {
    const { t } = check(alb(), 'internet', '52.4.0.1');
    expect(t.loadBalancer?.node).toBe('alb-web/subnet-public-b');
    expect(t.reachable).toBe(true);
  });
  // "The security group for your Application Load Balancer controls the traffic that is allowed to reach and leave the load balancer."
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
  it("the load balancer's security groups admit clients (inbound) and its targets (outbound)", () => {
    expect(check(alb(), 'internet', 'alb-web', 80).t).toMatchObject({ disposition: 'denied-sg-ingress', blockedBy: 'sg-alb' });
    const s = variant((x) => (x.securityGroups[0].outbound = [{ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }]), alb());
    const { t, target } = check(s, 'internet', 'alb-web');
    expect(t).toMatchObject({ reachable: false, disposition: 'denied-sg-egress', blockedBy: 'sg-alb' });
    expect(target('i-web-1').forward.map((h) => `${h.component}:${h.verdict}`)).toContain('sg-alb:deny');
  });
  // A listener "checks for connection requests using the protocol and port that you configure".
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html
  it('a port the groups admit but no listener serves is refused at the listener, with a blocker and a fix', () => {
    const s = variant((x) => x.securityGroups[0].inbound.push({ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' }), alb());
    const { t } = check(s, 'internet', 'alb-web', 22);
    expect(t).toMatchObject({ reachable: false, disposition: 'no-listener', blockedBy: 'alb-web' });
    expect(t.forward.at(-1)).toMatchObject({ component: 'alb-web', verdict: 'drop' });
    expect(t.forward.at(-1)!.detail.why).toContain('HTTPS 443');
    expect(t.blockers.at(-1)).toMatchObject({ component: 'alb-web', setting: 'listeners' });
    expect(t.blockers.at(-1)!.fix).toContain('add a listener for TCP 22');
    expect(t.targets).toBeUndefined();
  });
  // "A Network Load Balancer without security groups" has no security group check at the node.
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
  it('a network load balancer without security groups checks none at its nodes', () => {
    const { t } = check(nlb(), 'i-client', 'nlb-api');
    expect(t.forward.some((h) => h.kind === 'security-group' && h.detail.step === 'filter' && h.detail.direction === 'inbound')).toBe(false);
    expect(t.reachable).toBe(true);
  });
  it('a load balancer is not a source', () => {
    expect(trace(model(alb()), { from: 'alb-web', to: 'i-web-1', protocol: 'tcp', port: 8080 }).disposition).toBe('not-implemented');
  });
});

describe('the target legs: the source the target sees, and the fixes', () => {
  // "restrict the security groups associated with your targets to accept traffic solely from the
  // load balancer ... by setting the load balancer's security group as the source in the ingress rule"
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
  it("an application load balancer's targets see the node's address; its group admits them by reference", () => {
    const { target } = check(alb(), 'internet', 'alb-web');
    const leg = target('i-web-1').forward;
    expect(leg[0]).toMatchObject({ component: 'alb-web', verdict: 'translate' });
    expect(leg.find((h) => h.component === 'sg-web')).toMatchObject({ verdict: 'allow', rule: '#1  TCP  8080  sg-alb', packet: { src: '10.16.0.50', dst: '10.16.32.10', dstPort: 8080 } });
  });
  it("targets whose group does not admit the load balancer: blocked by it, the fix admits the load balancer's group, and --what-if makes it reachable", () => {
    const s = variant((x) => (x.securityGroups[1].inbound = []), alb());
    const m = model(s);
    const { t, target } = check(m, 'internet', 'alb-web');
    expect(t).toMatchObject({ reachable: false, disposition: 'denied-sg-ingress', blockedBy: 'sg-web' });
    // every target fails its health check: the load balancer fails open and sends to all
    expect(target('i-web-1')).toMatchObject({ healthy: false, disposition: 'denied-sg-ingress', blockedBy: 'sg-web' });
    const b = t.blockers.find((x) => x.component === 'sg-web')!;
    expect(b.fix).toBe("add an inbound rule to `sg-web` allowing TCP 8080 from the load balancer's security group `sg-alb`");
    // both targets share the fix: one patch
    expect(t.blockers.filter((x) => x.component === 'sg-web')).toHaveLength(1);
    expect(b.patches).toEqual([{ op: 'add', path: ['securityGroups', 1, 'inbound', 0], value: { protocol: 'tcp', ports: 8080, securityGroup: 'sg-alb' } }]);
    const r = applyScenarioPatches(m, t.blockers.flatMap((x) => x.patches ?? []).map((p) => ({ ...p, path: [...p.path] })));
    expect(r.ok).toBe(true);
    if (r.ok) expect(check(r.model, 'internet', 'alb-web').t.reachable).toBe(true);
  });
  // "Instance type target groups: Enabled" (client IP preservation); "IP type target groups (TCP, TLS): Disabled".
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
  it('a network load balancer preserves the client IP for instance targets: the target group must admit the clients', () => {
    const { t, target } = check(nlb(), 'internet', 'nlb-api');
    expect(t).toMatchObject({ reachable: false, disposition: 'denied-sg-ingress', blockedBy: 'sg-web' });
    expect(target('i-web-1').forward.find((h) => h.component === 'sg-web')?.packet?.src).toBe('203.0.113.10');
    // health checks come from the nodes (inside the VPC CIDR): the targets are healthy
    expect(target('i-web-1').healthy).toBe(true);
    expect(t.blockers.find((x) => x.component === 'sg-web')!.fix).toBe('add an inbound rule to `sg-web` allowing TCP 8080 from 203.0.113.10/32');
    expect(check(nlb(), 'i-client', 'nlb-api').t.reachable).toBe(true);
  });
  it('ip targets with TCP see the node\'s address (client IP preservation off by default)', () => {
    const s = variant((x) => {
      x.targetGroups[0].targetType = 'ip';
      x.targetGroups[0].targets = [{ ip: '10.16.32.10' }, { ip: '10.16.33.10' }];
    }, nlb());
    const { t, target } = check(s, 'internet', 'nlb-api');
    expect(t.reachable).toBe(true);
    expect(target('10.16.32.10').forward.find((h) => h.component === 'sg-web')?.packet?.src).toMatch(/^10\.16\.[01]\./);
  });
  it('replies come back through the node whatever the target subnet\'s route table says (the client IP preserved)', () => {
    const s = variant((x) => {
      x.securityGroups[1].inbound = [{ protocol: 'tcp', ports: 8080, cidr: '0.0.0.0/0' }];
      x.natGateways = [{ id: 'nat-a', subnet: 'subnet-public-a', publicIp: '52.0.0.9', privateIp: '10.16.0.9' }];
      x.routeTables.push({ id: 'rtb-app', vpc: 'vpc-app', routes: [{ destination: '0.0.0.0/0', target: 'nat-a' }] });
      x.subnets[2].routeTable = 'rtb-app';
      x.subnets[3].routeTable = 'rtb-app';
    }, nlb());
    const { t, target } = check(s, 'internet', 'nlb-api');
    expect(t.reachable).toBe(true);
    expect(target('i-web-1').return.map((h) => h.component)).not.toContain('rtb-app');
  });
  it("the network ACLs of the target's and the node's subnets apply to both directions of a leg", () => {
    const s = variant((x) => {
      x.networkAcls = [{ id: 'acl-app', vpc: 'vpc-app', inbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }], outbound: [{ rule: 100, protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0', action: 'allow' }] }];
      x.subnets[2].networkAcl = 'acl-app';
      x.subnets[3].networkAcl = 'acl-app';
    }, alb());
    const { t, target } = check(s, 'internet', 'alb-web');
    // the reply to the node's port 49152 is denied leaving the app subnets (health checks too: fail open)
    expect(t).toMatchObject({ reachable: false, disposition: 'reply-denied', blockedBy: 'acl-app' });
    expect(target('i-web-1').return.some((h) => h.component === 'acl-app' && h.verdict === 'deny')).toBe(true);
    expect(t.blockers.find((b) => b.component === 'acl-app')!.fix).toContain('1024-65535');
  });
  it('flow logs record both legs: the node\'s interface and each target\'s', () => {
    const t = trace(model(alb()), { from: 'internet', to: 'alb-web', protocol: 'tcp', port: 443 });
    const ids = flowLogs(model(alb()), t).map((r) => `${r['interface-id']} ${r.srcaddr}>${r.dstaddr}:${r.dstport}`);
    expect(ids).toContain('alb-web/subnet-public-a 203.0.113.10>10.16.0.50:443');
    expect(ids).toContain('i-web-1/eth0 10.16.0.50>10.16.32.10:8080');
    expect(ids).toContain('i-web-2/eth0 10.16.0.50>10.16.33.10:8080');
  });
});

describe('health checks, fail-open and cross-zone load balancing', () => {
  // "Each load balancer node checks the health of each target ... Each load balancer node routes
  // requests only to the healthy targets in the enabled Availability Zones."
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
  it('a target whose health check does not get through is not sent to; the healthy one is', () => {
    const s = variant((x) => {
      x.securityGroups.push({ id: 'sg-web-2', vpc: 'vpc-app', inbound: [{ protocol: 'tcp', ports: 9000, securityGroup: 'sg-alb' }] });
      x.instances[1].securityGroups = ['sg-web-2'];
    }, alb());
    const { t, target } = check(s, 'internet', 'alb-web');
    expect(t.reachable).toBe(true);
    expect(target('i-web-2')).toMatchObject({ healthy: false, reachable: false, disposition: 'target-unhealthy', blockedBy: 'sg-web-2' });
    expect(target('i-web-2').healthCheck).toMatchObject({ protocol: 'HTTP', port: 8080, passed: false });
    // the targets the node sends to come first
    expect(t.targets!.map((x) => x.target)).toEqual(['i-web-1', 'i-web-2']);
  });
  it('the health check uses its own port (traffic-port or a number) through the same filters', () => {
    const s = variant((x) => (x.targetGroups[0].healthCheck = { protocol: 'HTTP', port: 8081 }), alb());
    const { t, target } = check(s, 'internet', 'alb-web');
    expect(target('i-web-1').healthCheck).toMatchObject({ port: 8081, passed: false });
    // every target unhealthy: the application load balancer fails open
    expect(t.reachable).toBe(true);
    expect(target('i-web-1').forward[0]!.detail.why).toContain('fails open');
  });
  it('a target declared unhealthy is not sent to while another is healthy', () => {
    const s = variant((x) => (x.targetGroups[0].targets[1].health = 'unhealthy'), alb());
    const { target } = check(s, 'internet', 'alb-web');
    expect(target('i-web-2')).toMatchObject({ healthy: false, disposition: 'target-unhealthy', blockedBy: 'i-web-2' });
  });
  // "If a target group contains only unhealthy registered targets, the load balancer routes requests to all those targets"
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html
  it('application and network load balancers fail open when every target is unhealthy', () => {
    const s = variant((x) => x.targetGroups[0].targets.forEach((t: Raw) => (t.health = 'unhealthy')), alb());
    const { t, target } = check(s, 'internet', 'alb-web');
    expect(t.reachable).toBe(true);
    expect(target('i-web-1')).toMatchObject({ healthy: false, reachable: true });
  });
  // "The load balancer routes requests only to the healthy instances."
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-healthchecks.html
  it('a classic load balancer does not fail open; it checks TCP 80 unless told otherwise', () => {
    const s = variant((x) => {
      x.loadBalancers = [{ id: 'clb', type: 'classic', subnets: ['subnet-public-a', 'subnet-public-b'], securityGroups: ['sg-alb'], instances: ['i-web-1', 'i-web-2'], listeners: [{ protocol: 'HTTPS', port: 443, instancePort: 8080 }] }];
      x.targetGroups = [];
    }, alb());
    const { t, target } = check(s, 'internet', 'clb');
    // sg-web admits 8080 from sg-alb, not the health check's port 80
    expect(target('i-web-1').healthCheck).toMatchObject({ protocol: 'TCP', port: 80, passed: false });
    expect(t).toMatchObject({ reachable: false, disposition: 'target-unhealthy', blockedBy: 'sg-web' });
    const ok = variant((x) => (x.loadBalancers[0].healthCheck = { protocol: 'TCP', port: 8080 }), s);
    expect(check(ok, 'internet', 'clb').t.reachable).toBe(true);
  });
  // "When cross-zone load balancing is off, each load balancer node distributes traffic only across the registered targets in its Availability Zone."
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing
  it('with cross-zone load balancing off (network load balancers by default), a node sends only to its zone\'s targets', () => {
    const s = variant((x) => (x.securityGroups[1].inbound = [{ protocol: 'tcp', ports: 8080, cidr: '0.0.0.0/0' }]), nlb());
    const { t, target } = check(s, 'i-client', 'nlb-api');
    expect(t.loadBalancer?.node).toBe('nlb-api/subnet-public-a');
    expect(target('i-web-1').reachable).toBe(true);
    expect(target('i-web-2')).toMatchObject({ reachable: false, disposition: 'cross-zone-off', blockedBy: 'tg-api' });
    const fix = t.blockers.find((b) => b.component === 'tg-api')!;
    expect(fix.patches).toEqual([{ op: 'add', path: ['targetGroups', 0, 'crossZone'], value: true }]);
    const on = variant((x) => (x.targetGroups[0].crossZone = true), s);
    expect(check(on, 'i-client', 'nlb-api').target('i-web-2').reachable).toBe(true);
  });
  it('application load balancers balance across zones unless the target group turns it off', () => {
    const off = variant((x) => (x.targetGroups[0].crossZone = false), alb());
    expect(check(off, 'internet', 'alb-web').target('i-web-2').disposition).toBe('cross-zone-off');
  });
  // Network Load Balancer: "If there are no healthy targets in an Availability Zone ... we remove
  // the IP address of the load balancer node in that zone from DNS" (the other zones' nodes answer).
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#availability-zones
  it("a network load balancer's node with no target to send to is not given out by its name; by its address it fails", () => {
    const s = variant((x) => {
      x.securityGroups[1].inbound = [{ protocol: 'tcp', ports: 8080, cidr: '0.0.0.0/0' }];
      x.targetGroups[0].targets = [{ id: 'i-web-2' }];
    }, nlb());
    const byName = check(s, 'i-client', 'nlb-api');
    expect(byName.t).toMatchObject({ reachable: true, loadBalancer: { node: 'nlb-api/subnet-public-b' } });
    const node = model(s).index.loadBalancer.get('nlb-api')!.nodes[0]!.privateIp;
    expect(check(s, 'i-client', node).t).toMatchObject({ reachable: false, disposition: 'cross-zone-off', blockedBy: 'tg-api' });
  });
  // A target in an Availability Zone that is not enabled for the load balancer is `unused`.
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
  it('a target in a zone where the load balancer has no node is unused', () => {
    const s = variant((x) => (x.loadBalancers[0].subnets = ['subnet-public-a'], x.loadBalancers[0].nodes = undefined), alb());
    expect(check(s, 'internet', 'alb-web').target('i-web-2')).toMatchObject({ disposition: 'target-unhealthy', blockedBy: 'alb-web' });
  });
  it('an empty target group: no target', () => {
    const s = variant((x) => (x.targetGroups[0].targets = []), alb());
    expect(check(s, 'internet', 'alb-web').t).toMatchObject({ reachable: false, disposition: 'no-target', blockedBy: 'tg-web' });
  });
});

describe('targets outside the VPC and load balancers behind load balancers', () => {
  const onPrem = (): Raw =>
    variant((x) => {
      x.vpnGateways = [{ id: 'vgw-app', vpc: 'vpc-app' }];
      x.customerGateways = [{ id: 'cgw-dc', ip: '198.51.100.7' }];
      x.vpnConnections = [{ id: 'vpn-dc', customerGateway: 'cgw-dc', vpnGateway: 'vgw-app', routing: 'static', staticRoutes: ['192.168.0.0/16'] }];
      x.externalNetworks = [{ id: 'dc', cidrs: ['192.168.0.0/16'], via: 'vpn-dc' }];
      x.routeTables[0].routes.push({ destination: '192.168.0.0/16', target: 'vgw-app' });
      x.loadBalancers = [{ id: 'nlb-db', type: 'network', scheme: 'internal', subnets: ['subnet-public-a'], listeners: [{ protocol: 'TCP', port: 5432, targetGroup: 'tg-db' }] }];
      x.targetGroups = [{ id: 'tg-db', vpc: 'vpc-app', targetType: 'ip', protocol: 'TCP', port: 5432, targets: [{ ip: '192.168.10.5' }] }];
    }, alb());
  // ip targets may be "outside the VPC ... on premises" (their zone is `all`).
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-target-groups.html#target-type
  it('an ip target on premises is reached through the VPN and replies back to the node', () => {
    const { t, target } = check(onPrem(), 'i-client', 'nlb-db', 5432);
    expect(t.reachable).toBe(true);
    expect(target('192.168.10.5')).toMatchObject({ reachable: true, disposition: 'exits-external' });
  });
  it('an on-premises target that cannot route back to the node fails on its reply', () => {
    // with the client IP preserved, the target answers the client's address: its routes take the
    // reply to the client, not back to the node
    const s = variant((x) => (x.targetGroups[0].preserveClientIp = true), onPrem());
    const { t, target } = check(s, 'i-client', 'nlb-db', 5432);
    expect(t).toMatchObject({ reachable: false, disposition: 'reply-denied' });
    expect(target('192.168.10.5').healthy).toBe(true);
    // and a node subnet whose ACL does not admit the on-premises addresses stops the reply there
    const acl = variant((x) => {
      x.networkAcls = [{ id: 'acl-public', vpc: 'vpc-app', inbound: [{ rule: 100, protocol: 'all', cidr: '10.0.0.0/8', action: 'allow' }], outbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }] }];
      x.subnets[0].networkAcl = 'acl-public';
    }, onPrem());
    expect(check(acl, 'i-client', 'nlb-db', 5432).t).toMatchObject({ reachable: false, disposition: 'reply-denied', blockedBy: 'acl-public' });
  });
  // "You can use an Application Load Balancer as the target of a Network Load Balancer" (client IP preserved).
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html
  it('an application load balancer behind a network load balancer: its own targets nest under it', () => {
    const s = variant((x) => {
      x.loadBalancers[0].scheme = 'internal';
      x.loadBalancers[0].nodes = undefined;
      x.loadBalancers.push({ id: 'nlb-front', type: 'network', subnets: ['subnet-public-a', 'subnet-public-b'], listeners: [{ protocol: 'TCP', port: 443, targetGroup: 'tg-alb' }] });
      x.targetGroups.push({ id: 'tg-alb', vpc: 'vpc-app', targetType: 'alb', protocol: 'TCP', port: 443, targets: [{ id: 'alb-web' }] });
    }, alb());
    const { t, target } = check(s, 'internet', 'nlb-front');
    expect(t.reachable).toBe(true);
    const a = target('alb-web');
    expect(a).toMatchObject({ kind: 'alb', reachable: true });
    expect(a.targets!.map((x) => `${x.target}:${x.reachable}`)).toEqual(['i-web-1:true', 'i-web-2:true']);
    // the application load balancer sees the client's address (preserved), and its group admits it
    expect(a.forward.find((h) => h.component === 'sg-alb')?.packet?.src).toBe('203.0.113.10');
  });
});

describe('more listener and target group rules', () => {
  // "Network Load Balancers support security groups": with groups, they filter the clients.
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
  it('a network load balancer with security groups filters its clients', () => {
    const s = variant((x) => {
      x.securityGroups.push({ id: 'sg-nlb', vpc: 'vpc-app', inbound: [{ protocol: 'tcp', ports: 443, cidr: '198.51.100.0/24' }] });
      x.loadBalancers[0].securityGroups = ['sg-nlb'];
      x.securityGroups[1].inbound.push({ protocol: 'tcp', ports: 8080, cidr: '0.0.0.0/0' });
    }, nlb());
    expect(check(s, 'internet', 'nlb-api').t).toMatchObject({ reachable: false, disposition: 'denied-sg-ingress', blockedBy: 'sg-nlb' });
    expect(check(s, 'internet:198.51.100.7', 'nlb-api').t.reachable).toBe(true);
  });
  // Listener protocols TCP, TLS, UDP, TCP_UDP (a TCP_UDP listener takes both on its port); UDP
  // target groups are health-checked over TCP (the default health check protocol of UDP groups).
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
  it('a TCP_UDP listener takes TCP and UDP on its port; a UDP group is health-checked over TCP', () => {
    const s = variant((x) => {
      x.loadBalancers[0].listeners = [{ protocol: 'TCP_UDP', port: 53, targetGroup: 'tg-api' }];
      x.targetGroups[0].protocol = 'TCP_UDP';
      x.targetGroups[0].port = 53;
      x.targetGroups[0].crossZone = true;
      x.securityGroups[1].inbound = [{ protocol: 'udp', ports: 53, cidr: '10.16.0.0/16' }, { protocol: 'tcp', ports: 53, cidr: '10.16.0.0/16' }];
    }, nlb());
    expect(check(s, 'i-client', 'nlb-api', 53, { protocol: 'udp' }).t.reachable).toBe(true);
    expect(check(s, 'i-client', 'nlb-api', 53).t.reachable).toBe(true);
    // without TCP the health checks fail: every target unhealthy, the network load balancer fails open
    const udpOnly = variant((x) => (x.securityGroups[1].inbound = [{ protocol: 'udp', ports: 53, cidr: '10.16.0.0/16' }]), s);
    const { t, target } = check(udpOnly, 'i-client', 'nlb-api', 53, { protocol: 'udp' });
    expect(t.reachable).toBe(true);
    expect(target('i-web-1')).toMatchObject({ healthy: false, reachable: true, healthCheck: { protocol: 'TCP', port: 53, passed: false } });
  });
  // Classic Load Balancers: cross-zone load balancing off when created with the API or CLI.
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-disable-crosszone-lb.html
  it("a classic load balancer's cross-zone setting is its own", () => {
    const s = variant((x) => {
      x.loadBalancers = [{ id: 'clb', type: 'classic', subnets: ['subnet-public-a', 'subnet-public-b'], securityGroups: ['sg-alb'], instances: ['i-web-1', 'i-web-2'], healthCheck: { protocol: 'TCP', port: 8080 }, listeners: [{ protocol: 'TCP', port: 443, instancePort: 8080 }] }];
      x.targetGroups = [];
    }, alb());
    const { t, target } = check(s, 'i-client', 'clb');
    expect(target('i-web-2')).toMatchObject({ disposition: 'cross-zone-off', blockedBy: 'clb' });
    expect(t.blockers.find((b) => b.component === 'clb')?.patches).toEqual([{ op: 'add', path: ['loadBalancers', 0, 'crossZone'], value: true }]);
    const on = variant((x) => (x.loadBalancers[0].crossZone = true), s);
    expect(check(on, 'i-client', 'clb').target('i-web-2').reachable).toBe(true);
  });
  it('an IPv6 client of a dualstack load balancer is not modelled (its targets are reached over IPv4): said, never a success', () => {
    const s = variant((x) => {
      x.vpcs[0].ipv6Cidr = '2600:1f18:1:1200::/56';
      x.subnets.forEach((sn: Raw, k: number) => (sn.ipv6Cidr = `2600:1f18:1:12${String(k).padStart(2, '0')}::/64`));
      x.routeTables[0].routes.push({ destination: '::/0', target: 'igw-app' });
      x.securityGroups[0].inbound.push({ protocol: 'tcp', ports: 443, cidr: '::/0' });
      x.loadBalancers[0].ipAddressType = 'dualstack';
      x.loadBalancers[0].nodes = [{ subnet: 'subnet-public-a', privateIp: '10.16.0.50', publicIp: '3.80.0.50', ipv6Address: '2600:1f18:1:1200::50' }];
    }, alb());
    const t = trace(model(s), { from: 'internet:2001:db8::7', to: 'alb-web', protocol: 'tcp', port: 443 });
    expect(t).toMatchObject({ reachable: false, disposition: 'not-implemented' });
    expect(t.targets?.[0]?.disposition).toBe('not-implemented');
    expect(t.errors[0]!.message).toContain('IPv6 clients of load balancer `alb-web`');
  });
  it('`name:` names any resource; a near miss suggests names', () => {
    const t = trace(model(alb()), { from: 'internet', to: 'name:public wbe', protocol: 'tcp', port: 443 });
    expect(t.errors[0]!.message).toContain('did you mean `name:public web`?');
  });
});
