// Property tests of the tracer on random topologies and flows (fast-check). Each property runs
// against the fast tracer (`trace` from @vpcsim/net, once it is exported) and against the slow
// reference tracer, so the properties themselves are checked even before the fast one exists.
import fc from 'fast-check';
import type { Model } from '@vpcsim/model';
import * as net from '@vpcsim/net';
import { describe, expect, it } from 'vitest';
import { referenceTrace } from '../src/reference.js';
import type { Disposition, Flow, Trace } from '../src/trace-types.js';
import { arbCase, arbScenario, compileOrThrow, type NaclRule, type RawScenario, type SgRule } from './reference-arbitraries.js';

type Tracer = (m: Model, f: Flow) => { reachable: boolean; disposition: Disposition; blockedBy: string | null };
const fast = (net as Record<string, unknown>)['trace'] as ((m: Model, f: Flow) => Trace) | undefined;
const tracers: { name: string; run: Tracer | undefined }[] = [
  { name: 'trace (fast tracer)', run: fast },
  { name: 'referenceTrace', run: referenceTrace },
];

const DISPOSITIONS: readonly Disposition[] = [
  'delivered', 'exits-internet', 'exits-external', 'exits-service', 'denied-sg-egress', 'denied-sg-ingress',
  'denied-nacl-egress', 'denied-nacl-ingress', 'no-route', 'blackhole', 'no-public-ip', 'src-dst-check',
  'not-transitive', 'inbound-not-allowed', 'unreachable-address', 'unsupported', 'reply-denied', 'loop',
  'invalid-flow', 'not-implemented',
];

const clone = <T>(x: T): T => structuredClone(x);
const show = (sc: RawScenario, flow: Flow) => `${JSON.stringify(flow)} in ${JSON.stringify(sc)}`;

/** Two appliances (source/destination check off) whose subnets route 0.0.0.0/0 to each other. */
function loopScenario(nat: boolean, extra: number): RawScenario {
  const sc: RawScenario = {
    version: 1,
    name: 'loop',
    vpcs: [{ id: 'vpc-0', cidr: '10.0.0.0/16' }],
    subnets: [
      { id: 'subnet-a', vpc: 'vpc-0', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24', routeTable: 'rtb-a' },
      { id: 'subnet-x', vpc: 'vpc-0', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', routeTable: 'rtb-x' },
      { id: 'subnet-y', vpc: 'vpc-0', availabilityZone: 'us-east-1a', cidr: '10.0.2.0/24', routeTable: 'rtb-y' },
    ],
    routeTables: [
      { id: 'rtb-a', vpc: 'vpc-0', routes: [{ destination: '0.0.0.0/0', target: extra % 2 === 0 ? 'i-x' : 'i-y' }] },
      { id: 'rtb-x', vpc: 'vpc-0', routes: [{ destination: '0.0.0.0/0', target: 'i-y' }] },
      { id: 'rtb-y', vpc: 'vpc-0', routes: [{ destination: '0.0.0.0/0', target: 'i-x' }] },
    ],
    networkAcls: [],
    securityGroups: [{ id: 'sg-open', vpc: 'vpc-0', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] }],
    instances: [
      { id: 'i-src', subnet: 'subnet-a', privateIp: '10.0.0.10', securityGroups: ['sg-open'] },
      { id: 'i-x', subnet: 'subnet-x', privateIp: '10.0.1.10', securityGroups: ['sg-open'], sourceDestCheck: false, nat },
      { id: 'i-y', subnet: 'subnet-y', privateIp: '10.0.2.10', securityGroups: ['sg-open'], sourceDestCheck: false, nat },
    ],
    internetGateways: [],
    natGateways: [],
    vpcPeeringConnections: [],
  };
  return sc;
}

/** Two subnets; the destination subnet's inbound ACL is `rules`, everything else allows all. */
function naclScenario(rules: NaclRule[]): RawScenario {
  return {
    version: 1,
    name: 'nacl',
    vpcs: [{ id: 'vpc-0', cidr: '10.0.0.0/16' }],
    subnets: [
      { id: 'subnet-src', vpc: 'vpc-0', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24' },
      { id: 'subnet-dst', vpc: 'vpc-0', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', networkAcl: 'acl-dst' },
    ],
    routeTables: [],
    networkAcls: [{ id: 'acl-dst', vpc: 'vpc-0', inbound: rules, outbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }] }],
    securityGroups: [{ id: 'sg-open', vpc: 'vpc-0', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] }],
    instances: [
      { id: 'i-src', subnet: 'subnet-src', privateIp: '10.0.0.10', securityGroups: ['sg-open'] },
      { id: 'i-dst', subnet: 'subnet-dst', privateIp: '10.0.1.10', securityGroups: ['sg-open'] },
    ],
    internetGateways: [],
    natGateways: [],
    vpcPeeringConnections: [],
  };
}

const naclRuleArb = fc
  .record({
    protocol: fc.constantFrom('tcp', 'udp', 'all', 'icmp'),
    ports: fc.constantFrom<string | number>(22, 443, 5432, '1024-65535', '0-1023', 'all'),
    cidr: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '10.0.0.0/24', '10.0.1.0/24', '192.168.0.0/16', '10.0.0.10/32'),
    action: fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
  })
  .map((r) => (r.protocol === 'tcp' || r.protocol === 'udp' ? r : { protocol: r.protocol, cidr: r.cidr, action: r.action }));

const sgAllowArb = (groups: string[]): fc.Arbitrary<{ group: number; direction: 'inbound' | 'outbound'; rule: SgRule }> =>
  fc.record({
    group: fc.nat(50),
    direction: fc.constantFrom<'inbound' | 'outbound'>('inbound', 'outbound'),
    rule: fc
      .record({
        protocol: fc.constantFrom('tcp', 'udp', 'all', 'icmp'),
        ports: fc.constantFrom<string | number>(22, 80, 443, 5432, '1024-65535', 'all'),
        peer: fc.oneof(fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '10.0.0.0/16', '8.8.8.0/24').map((cidr) => ({ cidr })), fc.constantFrom(...groups).map((securityGroup) => ({ securityGroup }))),
      })
      .map(({ protocol, ports, peer }) => (protocol === 'tcp' || protocol === 'udp' ? { protocol, ports, ...peer } : { protocol, ...peer })),
  });

/** The scenario without internet gateway `igw` (routes to it become blackholes: a route whose target is gone). */
function withoutIgw(sc: RawScenario, igw: string): RawScenario {
  const out = clone(sc);
  out.internetGateways = out.internetGateways.filter((g) => g.id !== igw);
  for (const t of out.routeTables) for (const r of t.routes) if (r.target === igw) r.target = 'blackhole';
  return out;
}

for (const { name, run } of tracers) {
  describe.skipIf(!run)(run ? name : `${name}: SKIPPED, @vpcsim/net does not export \`trace\` yet`, () => {
    const t = run!;

    it('a trace always terminates with a known disposition, on random topologies', () => {
      fc.assert(
        fc.property(arbCase(), ({ sc, flow }) => {
          const r = t(compileOrThrow(sc), flow);
          expect(DISPOSITIONS).toContain(r.disposition);
        }),
        { numRuns: 500 },
      );
    });

    it('a routing loop between two appliances ends with the loop disposition', () => {
      fc.assert(
        fc.property(fc.boolean(), fc.nat(3), fc.constantFrom('8.8.8.8', '10.0.9.9', '192.168.1.1'), (nat, extra, to) => {
          const r = t(compileOrThrow(loopScenario(nat, extra)), { from: 'i-src', to, protocol: 'tcp', port: 443 });
          expect(r.reachable).toBe(false);
          // 10.0.9.9 is inside the VPC: the local route wins and nothing owns it
          expect(r.disposition).toBe(to === '10.0.9.9' ? 'unreachable-address' : 'loop');
        }),
        { numRuns: 24 },
      );
    });

    it("a NACL rule list's result depends only on the first matching rule", () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 6 }),
          fc.array(naclRuleArb, { minLength: 6, maxLength: 6 }),
          fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
          fc.array(naclRuleArb, { maxLength: 4 }),
          fc.record({ protocol: fc.constantFrom('tcp', 'udp', 'icmp'), port: fc.constantFrom(22, 443, 5432, 8080) }),
          (nums, bodies, catchAll, extras, f) => {
            const base: NaclRule[] = nums.map((n, k) => ({ rule: n, ...bodies[k]! }));
            // a catch-all after the list: the first match is always inside `rules`
            const rules: NaclRule[] = [...base, { rule: 600, protocol: 'all', cidr: '0.0.0.0/0', action: catchAll }];
            // rules numbered after every rule of the list never decide
            const later: NaclRule[] = [...rules, ...extras.map((e, k) => ({ ...e, rule: 601 + k }))];
            const flow: Flow = f.protocol === 'icmp' ? { from: 'i-src', to: 'i-dst', protocol: 'icmp' } : { from: 'i-src', to: 'i-dst', protocol: f.protocol, port: f.port };
            const a = t(compileOrThrow(naclScenario(rules)), flow);
            const b = t(compileOrThrow(naclScenario(later)), flow);
            const c = t(compileOrThrow(naclScenario([...later].reverse())), flow); // declaration order is irrelevant
            expect({ reachable: b.reachable, disposition: b.disposition }).toEqual({ reachable: a.reachable, disposition: a.disposition });
            expect({ reachable: c.reachable, disposition: c.disposition }).toEqual({ reachable: a.reachable, disposition: a.disposition });
            // with no earlier rule, the catch-all alone decides
            if (base.length === 0) expect(a.reachable).toBe(catchAll === 'allow');
            // a matching allow-all numbered first always admits the request
            const first = t(compileOrThrow(naclScenario([{ rule: 1, protocol: 'all', cidr: '10.0.0.0/24', action: 'allow' }, ...later.map((r) => ({ ...r, rule: r.rule + 1 }))])), flow);
            expect(first.disposition).not.toBe('denied-nacl-ingress');
          },
        ),
        { numRuns: 300 },
      );
    });

    it('adding a security group allow rule never makes a reachable flow unreachable', () => {
      let checked = 0;
      fc.assert(
        fc.property(
          arbCase().chain(({ sc, flow }) => sgAllowArb(sc.securityGroups.map((g) => g.id)).map((add) => ({ sc, flow, add }))),
          ({ sc, flow, add }) => {
            const before = t(compileOrThrow(sc), flow);
            if (!before.reachable) return;
            checked++;
            const after = clone(sc);
            const g = after.securityGroups[add.group % after.securityGroups.length]!;
            // a reference names a group of the same VPC (every generated VPC has sg-<v>-0)
            if (add.rule.securityGroup !== undefined) add.rule.securityGroup = `sg-${g.vpc.slice('vpc-'.length)}-0`;
            if (add.direction === 'inbound') g.inbound.push(add.rule);
            else if (g.outbound) g.outbound.push(add.rule); // left out, outbound already allows all
            const r = t(compileOrThrow(after), flow);
            expect(r.reachable, show(after, flow)).toBe(true);
          },
        ),
        { numRuns: 800 },
      );
      expect(checked).toBeGreaterThan(0);
    });

    it('removing an internet gateway never makes an internet flow reachable', () => {
      fc.assert(
        fc.property(
          arbCase().filter(({ sc, flow }) => sc.internetGateways.length > 0 && (flow.from.startsWith('internet:') || !flow.to.startsWith('i-'))),
          fc.nat(5),
          ({ sc, flow }, k) => {
            const igw = sc.internetGateways[k % sc.internetGateways.length]!.id;
            const before = t(compileOrThrow(sc), flow);
            const afterSc = withoutIgw(sc, igw);
            const after = t(compileOrThrow(afterSc), flow);
            if (!before.reachable) expect(after.reachable, show(afterSc, flow)).toBe(false);
            // with no internet gateway at all, nothing reaches or comes from the internet
            let none = afterSc;
            for (const g of afterSc.internetGateways) none = withoutIgw(none, g.id);
            const isInternet = flow.from.startsWith('internet:') || ['8.8.8.8', '203.0.113.7', '198.51.100.9'].includes(flow.to);
            if (isInternet) expect(t(compileOrThrow(none), flow).reachable, show(none, flow)).toBe(false);
          },
        ),
        { numRuns: 400 },
      );
    });

    it('peering is never transitive: with A-B and B-C peered but not A-C, nothing in A reaches C privately', () => {
      fc.assert(
        fc.property(
          arbScenario({ minVpcs: 3, maxVpcs: 3, tgw: false })
            // any peerings, but never a direct, active A-C one
            .filter((sc) => !sc.vpcPeeringConnections.some((p) => p.status === 'active' && [p.requester, p.accepter].sort().join() === 'vpc-0,vpc-2'))
            .filter((sc) => sc.instances.some((i) => i.id.startsWith('i-2-'))),
          fc.nat(20),
          fc.nat(20),
          fc.constantFrom(22, 443, 5432),
          (sc, a, c, port) => {
            const inA = sc.instances.filter((i) => i.id.startsWith('i-0-'));
            const inC = sc.instances.filter((i) => i.id.startsWith('i-2-'));
            const from = inA[a % inA.length]!.id;
            const to = inC[c % inC.length]!.id;
            const m = compileOrThrow(sc);
            expect(t(m, { from, to, protocol: 'tcp', port }).reachable, show(sc, { from, to, port })).toBe(false);
            expect(t(m, { from: to, to: from, protocol: 'tcp', port }).reachable, show(sc, { from: to, to: from, port })).toBe(false);
          },
        ),
        { numRuns: 300 },
      );
    });
  });
}
