// semantics.md, "Security groups": allow-only, union of groups, stateful, CIDR / prefix-list /
// group references (private IPs of the members; same region across peering; not through a
// public IP or a NAT), default and new groups.
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
// https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html
// https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html
import { describe, expect, it } from 'vitest';
import type { Model } from '@vpcsim/model';
import { base, compileErrors, expectVerdict, model, run, variant, type Raw } from './helpers.js';

/** The base network with i-app in `sg-app` (inbound rules `inbound`, outbound as given or all). */
function withAppGroup(inbound: Raw[], outbound?: Raw[], f: (s: Raw) => void = () => {}): Raw {
  return variant((s) => {
    s.securityGroups.push({ id: 'sg-app', vpc: 'vpc-a', inbound, ...(outbound ? { outbound } : {}) });
    s.instances[1].securityGroups = ['sg-app'];
    f(s);
  });
}

/** Two peered VPCs; vpc-b's region is `region`; sg-b admits 443 from sg-open (a group of vpc-a). */
function peered(region: string): Raw {
  return variant((s) => {
    s.vpcs.push({ id: 'vpc-b', cidr: '10.1.0.0/16', region });
    s.subnets.push({ id: 'subnet-b', vpc: 'vpc-b', availabilityZone: `${region}a`, cidr: '10.1.0.0/24', routeTable: 'rtb-b' });
    s.securityGroups.push({ id: 'sg-b', vpc: 'vpc-b', inbound: [{ protocol: 'tcp', ports: 443, securityGroup: 'sg-open' }] });
    s.instances.push({ id: 'i-b', subnet: 'subnet-b', privateIp: '10.1.0.10', securityGroups: ['sg-b'] });
    s.vpcPeeringConnections = [{ id: 'pcx-ab', requester: 'vpc-a', accepter: 'vpc-b', status: 'active' }];
    s.routeTables.push({ id: 'rtb-b', vpc: 'vpc-b', routes: [{ destination: '10.0.0.0/16', target: 'pcx-ab' }] });
    s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '10.1.0.0/16', target: 'pcx-ab' }] });
    s.subnets[1].routeTable = 'rtb-app';
  });
}

describe('security groups', () => {
  it('allow rules only: what no rule allows is denied, and the first group names the block', () => {
    const o = run(withAppGroup([]), 'i-web', 'i-app', 443);
    expectVerdict(o, 'denied-sg-ingress', 'sg-app');
    expect(o.t.blockers[0]).toMatchObject({ component: 'sg-app', setting: 'inbound rules' });
    expect(o.t.blockers[0]!.fix).toMatch(/TCP 443 from 10\.0\.0\.10\/32/);
    expectVerdict(run(withAppGroup([], []), 'i-app', 'i-web', 443), 'denied-sg-egress', 'sg-app');
  });

  it('all groups of an interface are unioned', () => {
    const raw = variant((s) => {
      s.securityGroups.push({ id: 'sg-ssh', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 22, cidr: '10.0.0.0/16' }] });
      s.securityGroups.push({ id: 'sg-https', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 443, cidr: '10.0.0.0/16' }] });
      s.instances[1].securityGroups = ['sg-ssh', 'sg-https'];
    });
    expectVerdict(run(raw, 'i-web', 'i-app', 22), 'delivered');
    const https = run(raw, 'i-web', 'i-app', 443);
    expectVerdict(https, 'delivered');
    expect(https.t.forward.find((h) => h.kind === 'security-group' && h.detail.step === 'filter' && h.detail.direction === 'inbound')).toMatchObject({ component: 'sg-https', rule: '#1  TCP  443  10.0.0.0/16' });
    expectVerdict(run(raw, 'i-web', 'i-app', 80), 'denied-sg-ingress', 'sg-ssh');
  });

  it('stateful: the reply of an allowed flow is allowed whatever the rules say', () => {
    // i-app allows 443 in and nothing out: its reply still leaves
    const o = run(withAppGroup([{ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }], []), 'i-web', 'i-app', 443);
    expectVerdict(o, 'delivered');
    expect(o.t.return.find((h) => h.component === 'sg-app')?.detail.why).toMatch(/stateful/);
  });

  it('CIDR peers, IPv4 and IPv6', () => {
    const raw = withAppGroup([{ protocol: 'tcp', ports: 443, cidr: '10.0.0.0/24' }, { protocol: 'tcp', ports: 443, cidr: '2600:1f18:1:100::/64' }]);
    expectVerdict(run(raw, 'i-web', 'i-app', 443), 'delivered');
    expectVerdict(run(raw, 'i-db', 'i-app', 443), 'denied-sg-ingress', 'sg-app');
    expectVerdict(run(raw, 'i-web', '2600:1f18:1:101::10', 443), 'delivered');
  });

  it('prefix-list peers stand for all the list\'s CIDRs', () => {
    const raw = withAppGroup([{ protocol: 'tcp', ports: 443, prefixList: 'pl-trusted' }], undefined, (s) => {
      s.prefixLists = [{ id: 'pl-trusted', cidrs: ['10.0.2.0/24', '192.168.0.0/16'] }];
    });
    expectVerdict(run(raw, 'i-db', 'i-app', 443), 'delivered');
    expectVerdict(run(raw, 'i-web', 'i-app', 443), 'denied-sg-ingress', 'sg-app');
  });

  it('a group reference matches the private IPs of the interfaces carrying that group (including itself)', () => {
    const raw = withAppGroup([{ protocol: 'tcp', ports: 443, securityGroup: 'sg-web' }, { protocol: 'tcp', ports: 8080, securityGroup: 'sg-app' }], undefined, (s) => {
      s.securityGroups.push({ id: 'sg-web', vpc: 'vpc-a', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
      s.instances[0].securityGroups = ['sg-web'];
      s.instances[2].securityGroups = ['sg-app'];
    });
    expectVerdict(run(raw, 'i-web', 'i-app', 443), 'delivered');
    expectVerdict(run(raw, 'i-db', 'i-app', 443), 'denied-sg-ingress', 'sg-app');
    expectVerdict(run(raw, 'i-app2', 'i-app', 8080), 'delivered'); // self-reference
    expectVerdict(run(raw, 'i-web', 'i-app', 8080), 'denied-sg-ingress', 'sg-app');
  });

  it('references across a peering connection work within one region only', () => {
    expectVerdict(run(peered('us-east-1'), 'i-app', 'i-b', 443), 'delivered');
    // the model rejects a cross-region reference; a model that has one anyway never matches it
    expect(compileErrors(peered('us-west-2')).length).toBeGreaterThan(0);
    const m = model(peered('us-east-1'));
    const moved: Model = { ...m, network: { ...m.network, vpcs: m.network.vpcs.map((v) => (v.id === 'vpc-b' ? { ...v, region: 'us-west-2' } : v)) } };
    expectVerdict(run(moved, 'i-app', 'i-b', 443), 'denied-sg-ingress', 'sg-b');
  });

  it('a reference does not match traffic that arrives through a public IP or a NAT (the source is translated)', () => {
    const raw = variant((s) => {
      s.securityGroups.push({ id: 'sg-web', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 443, securityGroup: 'sg-open' }] });
      s.instances[0].securityGroups = ['sg-web'];
      s.natGateways = [{ id: 'nat-a', subnet: 'subnet-pub', publicIp: '54.0.0.99' }];
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'nat-a' }] });
      s.subnets[1].routeTable = 'rtb-app';
    });
    expectVerdict(run(raw, 'i-app', 'i-web', 443), 'delivered'); // private path: the reference matches
    expectVerdict(run(raw, 'i-app', '54.0.0.10', 443), 'denied-sg-ingress', 'sg-web'); // through the NAT and the public IP
  });

  it('the default group allows all inbound from itself and all outbound', () => {
    const raw = variant((s) => {
      delete s.instances[1].securityGroups;
      delete s.instances[3].securityGroups;
      s.routeTables[0].routes.push({ destination: '10.0.1.0/24', target: 'local' });
      s.routeTables[0].routes.pop();
    });
    const o = run(raw, 'i-app', 'i-db', 5432);
    expectVerdict(o, 'delivered');
    expect(o.path).toContain('vpc-a/default-sg:allow');
    expectVerdict(run(raw, 'i-web', 'i-db', 5432), 'denied-sg-ingress', 'vpc-a/default-sg');
    expectVerdict(run(raw, 'i-db', '8.8.8.8', 443), 'no-route', 'vpc-a/main-rtb'); // outbound allowed; no route
  });

  it('a new group allows no inbound and all outbound', () => {
    const raw = withAppGroup([]);
    expectVerdict(run(raw, 'i-web', 'i-app', 443), 'denied-sg-ingress', 'sg-app');
    expectVerdict(run(raw, 'i-app', 'i-web', 443), 'delivered');
    expectVerdict(run(raw, 'i-app', 'i-web', 53, { protocol: 'udp' }), 'delivered');
  });
});
