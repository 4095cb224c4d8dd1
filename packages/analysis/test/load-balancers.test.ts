// Load balancers in expectations (`targets: all | { id: bool }`) and properties (`lb:ID`, an id,
// a glob, a node's address): the symbolic engine proves reachability of a load balancer as the
// packets that pass the client leg and reach some target through both legs.
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
// https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing
import { describe, expect, it } from 'vitest';
import type { Property } from '@vpcsim/model';
import { checkProperty, checkScenario } from '../src/index.js';
import { model } from './fakes.js';

/** An internet-facing network load balancer (no groups, cross-zone off) in two zones, in front of i-web-1 (a) and i-web-2 (b), which admit the VPC and 203.0.113.0/24. */
const scenario = {
  version: 1,
  name: 'nlb',
  vpcs: [{ id: 'vpc-app', cidr: '10.16.0.0/16' }],
  subnets: [
    { id: 'subnet-public-a', vpc: 'vpc-app', availabilityZone: 'us-east-1a', cidr: '10.16.0.0/24', routeTable: 'rtb-public' },
    { id: 'subnet-public-b', vpc: 'vpc-app', availabilityZone: 'us-east-1b', cidr: '10.16.1.0/24', routeTable: 'rtb-public' },
    { id: 'subnet-app-a', vpc: 'vpc-app', availabilityZone: 'us-east-1a', cidr: '10.16.32.0/24' },
    { id: 'subnet-app-b', vpc: 'vpc-app', availabilityZone: 'us-east-1b', cidr: '10.16.33.0/24' },
  ],
  internetGateways: [{ id: 'igw-app', vpc: 'vpc-app' }],
  routeTables: [{ id: 'rtb-public', vpc: 'vpc-app', routes: [{ destination: '0.0.0.0/0', target: 'igw-app' }] }],
  securityGroups: [{ id: 'sg-web', vpc: 'vpc-app', inbound: [{ protocol: 'tcp', ports: 8080, cidr: '10.16.0.0/16' }, { protocol: 'tcp', ports: 8080, cidr: '203.0.113.0/24' }] }],
  instances: [
    { id: 'i-web-1', subnet: 'subnet-app-a', privateIp: '10.16.32.10', securityGroups: ['sg-web'] },
    { id: 'i-web-2', subnet: 'subnet-app-b', privateIp: '10.16.33.10', securityGroups: ['sg-web'] },
  ],
  loadBalancers: [{ id: 'nlb-web', type: 'network', subnets: ['subnet-public-a', 'subnet-public-b'], nodes: [{ subnet: 'subnet-public-a', publicIp: '3.80.0.50' }, { subnet: 'subnet-public-b', publicIp: '3.80.0.51' }], listeners: [{ protocol: 'TCP', port: 443, targetGroup: 'tg-web' }] }],
  targetGroups: [{ id: 'tg-web', vpc: 'vpc-app', protocol: 'TCP', port: 8080, targets: [{ id: 'i-web-1' }, { id: 'i-web-2' }] }],
};

const m = model(scenario);
const prop = (p: Record<string, unknown>): Property => ({ name: 'p', ...p }) as Property;

describe('expectations with `targets`', () => {
  const check = (e: Record<string, unknown>) => checkScenario(model({ ...scenario, expect: [{ name: 'e', ...e }] }))[0]!;
  const to = { from: 'internet:203.0.113.7', to: 'nlb-web', protocol: 'tcp', port: 443 };
  it('a map of targets: each is as stated (cross-zone off: the client\'s node sends to its zone only)', () => {
    expect(check({ trace: to, reachable: true, targets: { 'i-web-1': true, 'i-web-2': false } }).passed).toBe(true);
    const r = check({ trace: to, reachable: true, targets: { 'i-web-2': true } });
    expect(r.passed).toBe(false);
    expect(r.actual).toMatchObject({ reachable: true, targets: { 'i-web-2': false } });
  });
  it('`all`: every target reachable; with `reachable: false`, not every one', () => {
    expect(check({ trace: to, reachable: true, targets: 'all' }).passed).toBe(false);
    expect(check({ trace: to, reachable: false, targets: 'all' }).passed).toBe(true);
    const on = model({ ...scenario, targetGroups: [{ ...scenario.targetGroups[0], crossZone: true }], expect: [{ name: 'e', trace: to, reachable: true, targets: 'all' }] });
    expect(checkScenario(on)[0]).toMatchObject({ passed: true, actual: { targets: 'all' } });
  });
  it('an unknown target is an error with a did-you-mean, never a verdict', () => {
    const r = check({ trace: to, reachable: true, targets: { 'i-web-3': true } });
    expect(r.passed).toBe(false);
    expect(r.errors[0]).toMatchObject({ code: 'unknown-target', hint: 'did you mean `i-web-1`?' });
  });
  it('`targets` on a trace that does not reach a load balancer is an error', () => {
    const r = check({ trace: { from: 'i-web-1', to: 'i-web-2', protocol: 'tcp', port: 8080 }, reachable: true, targets: 'all' });
    expect(r.errors[0]?.code).toBe('targets-not-load-balancer');
  });
});

describe('properties over load balancers (the symbolic engine)', () => {
  it('the internet reaches the load balancer on its listener, for every packet (`lb:ID`, the id, a glob)', () => {
    for (const to of ['lb:nlb-web', 'nlb-web', 'nlb-*', 'lb:nlb-*']) {
      const r = checkProperty(m, prop({ forall: { from: 'cidr:203.0.113.0/24', to, port: 443 }, reachable: true }));
      expect(r.passed, `${to}: ${JSON.stringify(r.counterexample)} ${JSON.stringify(r.errors)}`).toBe(true);
      expect(r.stats?.mode).toBe('proved');
    }
  });
  it('a counterexample names a node address and the tracer explains it', () => {
    // the targets admit only 203.0.113.0/24 (client IP preserved): from elsewhere the target legs are denied
    const r = checkProperty(m, prop({ forall: { from: 'internet', to: 'lb:nlb-web', port: 443 }, reachable: true }));
    expect(r.passed).toBe(false);
    expect(r.errors).toEqual([]);
    expect(r.counterexample).toMatchObject({ to: '3.80.0.50', port: 443 });
    expect(r.actual).toMatchObject({ reachable: false, disposition: 'denied-sg-ingress', blockedBy: 'sg-web' });
  });
  it('no port but the listener is open on the load balancer', () => {
    expect(checkProperty(m, prop({ forall: { from: 'internet', to: 'nlb-web', port: ['0-442', '444-65535'] }, reachable: false })).passed).toBe(true);
  });
  it('a node address selects its load balancer (`cidr:`, an address)', () => {
    expect(checkProperty(m, prop({ forall: { from: 'cidr:203.0.113.0/24', to: '3.80.0.51', port: 443 }, reachable: true })).passed).toBe(true);
  });
  it('a load balancer cannot be a source', () => {
    const r = checkProperty(m, prop({ forall: { from: 'nlb-web', to: 'i-web-1' }, reachable: false }));
    expect(r.errors[0]?.message).toContain('destination only');
  });
});
