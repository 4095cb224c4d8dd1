// semantics.md, "Traces": hops that name component, rule and why; reachable = delivered and
// the reply back; a closed set of dispositions; the blocked path lists every blocker; Flow
// Log records; plus the API around `trace` (formatTrace, flowLogs, traceEndpoints,
// compileNetwork) and the promise that `trace` never throws.
// https://docs.aws.amazon.com/vpc/latest/reachability/explanation-codes.html
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
import fc from 'fast-check';
import type { Patch } from 'immer';
import { applyScenarioPatches } from '@vpcsim/model';
import { compileNetwork, flowLogs, formatTrace, trace, traceEndpoints, type Disposition } from '@vpcsim/net';
import { describe, expect, it } from 'vitest';
import { base, expectVerdict, model, run, variant, type Raw } from './helpers.js';

const ALL: readonly Disposition[] = [
  'delivered', 'exits-internet', 'exits-external', 'exits-service', 'denied-sg-egress', 'denied-sg-ingress',
  'denied-nacl-egress', 'denied-nacl-ingress', 'no-route', 'blackhole', 'no-public-ip', 'src-dst-check',
  'not-transitive', 'inbound-not-allowed', 'unreachable-address', 'unsupported', 'reply-denied', 'loop',
  'invalid-flow', 'not-implemented',
];

/** One network in which every disposition can be produced. */
const world: Raw = variant((s) => {
  s.vpcs.push({ id: 'vpc-1', cidr: '10.1.0.0/16' }, { id: 'vpc-2', cidr: '10.2.0.0/16' });
  // private DNS for vpce-sqs needs both DNS attributes (https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html)
  Object.assign(s.vpcs[0], { enableDnsSupport: true, enableDnsHostnames: true });
  s.subnets.push(
    { id: 'subnet-1', vpc: 'vpc-1', availabilityZone: 'us-east-1a', cidr: '10.1.0.0/24', routeTable: 'rtb-1' },
    { id: 'subnet-2', vpc: 'vpc-2', availabilityZone: 'us-east-1a', cidr: '10.2.0.0/24', routeTable: 'rtb-2' },
  );
  s.securityGroups.push(
    { id: 'sg-closed', vpc: 'vpc-a', inbound: [], outbound: [] },
    { id: 'sg-1', vpc: 'vpc-1', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] },
    { id: 'sg-2', vpc: 'vpc-2', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] },
  );
  s.instances.push(
    { id: 'i-closed', subnet: 'subnet-app', privateIp: '10.0.1.20', securityGroups: ['sg-closed'] },
    { id: 'i-1', subnet: 'subnet-1', privateIp: '10.1.0.10', securityGroups: ['sg-1'] },
    { id: 'i-2', subnet: 'subnet-2', privateIp: '10.2.0.10', securityGroups: ['sg-2'] },
    { id: 'i-fw', subnet: 'subnet-pub', privateIp: '10.0.0.30', securityGroups: ['sg-open'] },
  );
  s.vpcPeeringConnections = [
    { id: 'pcx-a1', requester: 'vpc-a', accepter: 'vpc-1', status: 'active' },
    { id: 'pcx-12', requester: 'vpc-1', accepter: 'vpc-2', status: 'active' },
  ];
  s.routeTables.push(
    {
      id: 'rtb-app', vpc: 'vpc-a', routes: [
        { destination: '10.1.0.0/16', target: 'pcx-a1' }, { destination: '10.2.0.0/16', target: 'pcx-a1' },
        { destination: '9.9.9.0/24', target: 'blackhole' }, { destination: '1.1.1.0/24', target: 'i-fw' }, { destination: '::/0', target: 'eigw-a' },
        { destination: '8.8.8.0/24', target: 'nat-a' }, { destination: '7.7.7.0/24', target: 'i-loop1' },
      ],
    },
    { id: 'rtb-1', vpc: 'vpc-1', routes: [{ destination: '10.0.0.0/16', target: 'pcx-a1' }, { destination: '10.2.0.0/16', target: 'pcx-12' }] },
    { id: 'rtb-2', vpc: 'vpc-2', routes: [{ destination: '10.1.0.0/16', target: 'pcx-12' }] },
    { id: 'rtb-loop', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'i-loop2' }] },
  );
  s.subnets[1].routeTable = 'rtb-app';
  s.subnets.push({ id: 'subnet-loop', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.9.0/24', routeTable: 'rtb-loop' });
  s.instances.push(
    { id: 'i-loop1', subnet: 'subnet-loop', privateIp: '10.0.9.10', securityGroups: ['sg-open'], sourceDestCheck: false },
    { id: 'i-loop2', subnet: 'subnet-db', privateIp: '10.0.2.30', securityGroups: ['sg-open'], sourceDestCheck: false },
  );
  s.routeTables.push({ id: 'rtb-db', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'i-loop1' }, { destination: '10.0.1.0/24', target: 'nat-a' }] });
  s.subnets[2].routeTable = 'rtb-db';
  s.egressOnlyInternetGateways = [{ id: 'eigw-a', vpc: 'vpc-a' }];
  s.natGateways = [{ id: 'nat-a', subnet: 'subnet-pub', publicIp: '54.0.0.99', privateIp: '10.0.0.99' }];
  s.networkAcls = [{ id: 'acl-deny', vpc: 'vpc-1', inbound: [], outbound: [] }];
  s.subnets[3].networkAcl = 'acl-deny';
  s.vpcEndpoints = [{ id: 'vpce-sqs', vpc: 'vpc-a', type: 'interface', service: 'sqs', subnets: ['subnet-app'], securityGroups: ['sg-open'], privateDns: true }];
  s.vpnGateways = [{ id: 'vgw-a', vpc: 'vpc-a' }];
  s.customerGateways = [{ id: 'cgw-office', ip: '198.51.100.7', asn: 65000 }];
  s.vpnConnections = [{ id: 'vpn-office', customerGateway: 'cgw-office', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['192.168.0.0/16'] }];
  s.externalNetworks = [{ id: 'office', cidrs: ['192.168.0.0/16'], via: 'cgw-office' }];
  s.routeTables[0].routes.push({ destination: '192.168.0.0/16', target: 'vgw-a' });
});

const CASES: [Disposition, string, string, Record<string, unknown>?][] = [
  ['delivered', 'i-app', 'i-web'],
  ['exits-internet', 'i-web', '8.8.4.4'],
  ['exits-external', 'i-web', 'external:office:192.168.1.5'],
  ['exits-service', 'i-app', 'service:sqs'],
  ['denied-sg-egress', 'i-closed', 'i-web'],
  ['denied-sg-ingress', 'i-web', 'i-closed'],
  ['denied-nacl-egress', 'i-1', 'i-app'],
  ['denied-nacl-ingress', 'i-app', 'i-1'],
  ['no-route', 'i-app', '4.4.4.4'],
  ['blackhole', 'i-app', '9.9.9.9'],
  ['no-public-ip', 'internet', 'i-app'],
  ['src-dst-check', 'i-app', '1.1.1.1'],
  ['not-transitive', 'i-app', 'i-2'],
  ['inbound-not-allowed', 'internet', 'nat-a'],
  ['unreachable-address', 'i-app', '10.0.1.99'],
  ['unsupported', 'i-app', 'service:sqs', { protocol: 'udp', port: 53 }],
  ['reply-denied', 'i-app', 'i-db'],
  ['loop', 'i-app', '7.7.7.7'],
  ['invalid-flow', 'i-app', 'i-nope'],
  ['not-implemented', 'service:sqs', 'i-web'],
];

describe('traces', () => {
  const m = model(world);

  it.each(CASES)('the closed set of dispositions: %s (%s → %s)', (disposition, from, to, extra) => {
    const o = run(m, from, to, 443, extra ?? {});
    expectVerdict(o, disposition);
    expect(ALL).toContain(o.disposition);
    if (!o.reachable && !['invalid-flow', 'not-implemented'].includes(disposition)) expect(o.t.blockers.length).toBeGreaterThan(0);
    if (['invalid-flow', 'not-implemented'].includes(disposition)) expect(o.t.errors.length).toBeGreaterThan(0);
    else expect(o.t.errors).toEqual([]);
  });

  it('every disposition of the contract is covered above', () => {
    expect(new Set(CASES.map((c) => c[0]))).toEqual(new Set(ALL));
  });

  it('every hop names its component, kind, verdict and why; filters and routes name the rule', () => {
    for (const [, from, to, extra] of CASES) {
      const t = trace(m, { from, to, protocol: 'tcp', port: 443, ...extra });
      for (const h of [...t.forward, ...t.return]) {
        expect(h.component.length, JSON.stringify(h)).toBeGreaterThan(0);
        expect(h.kind.length).toBeGreaterThan(0);
        expect(['allow', 'deny', 'forward', 'translate', 'deliver', 'exit', 'drop']).toContain(h.verdict);
        expect(h.detail.why.length).toBeGreaterThan(10);
        if (h.detail.step === 'filter' && h.verdict === 'deny') expect(h.kind === 'network-acl' ? h.rule : 'sg').toBeTruthy();
        if (h.kind === 'network-acl') expect(h.rule).toMatch(/^(\d+|\*) {2}/);
        if (h.detail.step === 'route' && h.verdict === 'forward') expect(h.rule).toMatch(/ → /);
      }
    }
  });

  it('reachable means delivered and the reply got back', () => {
    const ok = trace(m, { from: 'i-app', to: 'i-web', protocol: 'tcp', port: 443 });
    expect(ok.reachable).toBe(true);
    expect(ok.forward.at(-1)).toMatchObject({ component: 'i-web/eth0', verdict: 'deliver' });
    expect(ok.return.at(-1)).toMatchObject({ component: 'i-app/eth0', verdict: 'deliver' });
    expect(ok.return[0]!.packet).toMatchObject({ src: '10.0.0.10', dst: '10.0.1.10', srcPort: 443, dstPort: 49152 });
    // delivered, but the reply is routed into a NAT gateway that did not translate the request (rtb-db: 10.0.1.0/24 → nat-a)
    const asym = trace(m, { from: 'i-app', to: 'i-db', protocol: 'tcp', port: 443 });
    expect(asym.forward.at(-1)).toMatchObject({ component: 'i-db/eth0', verdict: 'deliver' });
    expect(asym.reachable).toBe(false);
    expect(asym.disposition).toBe('reply-denied');
    expect(asym.blockedBy).toBe('rtb-db');
  });

  it('a denied trace reports every blocker on the intended path, not only the first', () => {
    const raw = variant((s) => {
      s.networkAcls = [{ id: 'acl-db', vpc: 'vpc-a', inbound: [], outbound: [] }];
      s.subnets[2].networkAcl = 'acl-db';
      s.securityGroups.push({ id: 'sg-db', vpc: 'vpc-a', inbound: [] });
      s.instances[3].securityGroups = ['sg-db'];
    });
    const t = trace(model(raw), { from: 'i-app', to: 'i-db', protocol: 'tcp', port: 5432 });
    expect(t.disposition).toBe('denied-nacl-ingress');
    expect(t.blockedBy).toBe('acl-db');
    expect(t.blockers.map((b) => `${b.component} ${b.setting}`)).toEqual(['acl-db inbound rules', 'sg-db inbound rules', 'acl-db outbound rules']);
    for (const b of t.blockers) expect(b.fix).toBeTruthy();
  });

  it('fixes come as scenario patches; applied, the verdict flips', () => {
    const closed = model(variant((s) => (s.securityGroups[0].inbound = [])));
    const t = trace(closed, { from: 'i-app', to: 'i-web', protocol: 'tcp', port: 443 });
    expect(t.blockers[0]!.patches).toEqual([{ op: 'add', path: ['securityGroups', 0, 'inbound', 0], value: { protocol: 'tcp', ports: 443, cidr: '10.0.1.10/32' } }]);
    const r = applyScenarioPatches(closed, t.blockers[0]!.patches as Patch[]);
    expect(r.ok && trace(r.model, { from: 'i-app', to: 'i-web', protocol: 'tcp', port: 443 }).reachable).toBe(true);
    // the source/destination check of an appliance, and an inactive peering connection
    const sdc = trace(m, { from: 'i-app', to: '1.1.1.1', protocol: 'tcp', port: 443 });
    expect(sdc.blockers.at(-1)!.patches).toEqual([{ op: 'add', path: ['instances', 7, 'sourceDestCheck'], value: false }]);
    const r2 = applyScenarioPatches(m, sdc.blockers.at(-1)!.patches as Patch[]);
    expect(r2.ok && trace(r2.model, { from: 'i-app', to: '1.1.1.1', protocol: 'tcp', port: 443 }).disposition).not.toBe('src-dst-check');
    const pending = model(variant((s) => (s.vpcPeeringConnections[0].status = 'pending-acceptance'), world));
    const pcx = trace(pending, { from: 'i-app', to: 'i-1', protocol: 'tcp', port: 443 });
    expect(pcx.disposition).toBe('blackhole');
    const r3 = applyScenarioPatches(pending, pcx.blockers[0]!.patches as Patch[]);
    expect(r3.ok && trace(r3.model, { from: 'i-app', to: 'i-1', protocol: 'tcp', port: 443 }).disposition).toBe('denied-nacl-ingress');
    // a network ACL rule goes just below the rule that denied
    const acl = model(variant((s) => {
      s.networkAcls = [{ id: 'acl-app', vpc: 'vpc-a', inbound: [{ rule: 100, protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0', action: 'allow' }, { rule: 200, protocol: 'all', cidr: '10.0.0.0/16', action: 'deny' }, { rule: 300, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }], outbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }] }];
      s.subnets[1].networkAcl = 'acl-app';
    }));
    const nt = trace(acl, { from: 'i-web', to: 'i-app', protocol: 'tcp', port: 443 });
    expect(nt.blockers[0]!.patches).toEqual([{ op: 'add', path: ['networkAcls', 0, 'inbound', 3], value: { rule: 199, protocol: 'tcp', ports: 443, cidr: '10.0.0.10/32', action: 'allow' } }]);
    const r4 = applyScenarioPatches(acl, nt.blockers[0]!.patches as Patch[]);
    expect(r4.ok && trace(r4.model, { from: 'i-web', to: 'i-app', protocol: 'tcp', port: 443 }).reachable).toBe(true);
  });

  it('a fix, applied, flips the verdict (blocked path → reachable)', () => {
    const closed = variant((s) => (s.securityGroups[0].inbound = []));
    expectVerdict(run(closed, 'i-app', 'i-web', 443), 'denied-sg-ingress', 'sg-open');
    const fixed = variant((s) => s.securityGroups[0].inbound.push({ protocol: 'tcp', ports: 443, cidr: '10.0.1.10/32' }), closed);
    expectVerdict(run(fixed, 'i-app', 'i-web', 443), 'delivered');
  });

  it('traces are plain JSON (no bigints, no cycles)', () => {
    for (const [, from, to, extra] of CASES) {
      const t = trace(m, { from, to, protocol: 'tcp', port: 443, ...extra });
      expect(JSON.parse(JSON.stringify(t))).toEqual(JSON.parse(JSON.stringify(t)));
    }
  });

  it('never throws, whatever the flow', () => {
    const endpoint = fc.oneof(
      fc.constantFrom('i-app', 'i-web', 'internet', 'internet:8.8.8.8', 'internet:nope', 'service:s3', 'service:', 'external:office', 'external:office:1.2.3.4', 'external:x', 'nat-a', 'vpce-sqs', 'vpc-a', '10.0.1.10', '::1', '2600:1f18:1:100::10', ''),
      fc.string(),
    );
    fc.assert(
      fc.property(endpoint, endpoint, fc.constantFrom<string | number | undefined>('tcp', 'udp', 'icmp', 'icmpv6', 'all', 'bogus', 6, 300, undefined), fc.option(fc.integer({ min: -5, max: 70000 }), { nil: undefined }), (from, to, protocol, port) => {
        const t = trace(m, { from, to, protocol, port });
        expect(ALL).toContain(t.disposition);
        if (t.reachable) expect(t.errors).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('invalid flows name the problem', () => {
    expect(trace(m, { from: 'i-app', to: 'i-web', protocol: 'tcp' }).errors[0]?.message).toMatch(/needs a destination port/);
    expect(trace(m, { from: 'i-app', to: 'i-nope', port: 1 }).errors[0]?.message).toMatch(/unknown endpoint `i-nope`/);
    expect(trace(m, { from: 'i-app', to: 'i-web', protocol: 'all' }).disposition).toBe('invalid-flow');
  });
});

describe('flowLogs', () => {
  const m = model(world);

  it('one version 2 record per interface the request and the reply leave or enter, ACCEPT when allowed', () => {
    const t = trace(m, { from: 'i-app', to: 'i-web', protocol: 'tcp', port: 443 });
    const r = flowLogs(m, t, { start: 1000, seconds: 60 });
    expect(r.map((x) => `${x['interface-id']} ${x.srcaddr}>${x.dstaddr} ${x.action}`)).toEqual([
      'i-app/eth0 10.0.1.10>10.0.0.10 ACCEPT',
      'i-web/eth0 10.0.1.10>10.0.0.10 ACCEPT',
      'i-web/eth0 10.0.0.10>10.0.1.10 ACCEPT',
      'i-app/eth0 10.0.0.10>10.0.1.10 ACCEPT',
    ]);
    expect(r[0]!.line).toBe('2 111111111111 i-app/eth0 10.0.1.10 10.0.0.10 49152 443 6 1 60 1000 1060 ACCEPT OK');
  });

  it('a security group or network ACL rejection is logged REJECT at the interface, and nothing after it', () => {
    const sg = flowLogs(m, trace(m, { from: 'i-web', to: 'i-closed', protocol: 'tcp', port: 443 }));
    expect(sg.map((x) => `${x['interface-id']} ${x.action}`)).toEqual(['i-web/eth0 ACCEPT', 'i-closed/eth0 REJECT']);
    const out = flowLogs(m, trace(m, { from: 'i-closed', to: 'i-web', protocol: 'tcp', port: 443 }));
    expect(out.map((x) => `${x['interface-id']} ${x.action}`)).toEqual(['i-closed/eth0 REJECT']);
    const nacl = flowLogs(m, trace(m, { from: 'i-1', to: 'i-app', protocol: 'tcp', port: 443 }));
    expect(nacl.map((x) => `${x['interface-id']} ${x.action}`)).toEqual(['i-1/eth0 REJECT']);
  });

  it('the NAT gateway interface logs the packet before and after translation', () => {
    const t = trace(m, { from: 'i-app', to: '8.8.8.8', protocol: 'tcp', port: 443 });
    expect(t.reachable).toBe(true);
    const nat = flowLogs(m, t).filter((x) => x['interface-id'] === 'nat-a/eni');
    expect(nat.map((x) => `${x.srcaddr}>${x.dstaddr}`)).toEqual(['10.0.1.10>8.8.8.8', '10.0.0.99>8.8.8.8', '8.8.8.8>10.0.0.99', '8.8.8.8>10.0.1.10']);
  });
});

describe('formatTrace', () => {
  it('prints every hop with component, kind, verdict, rule and why, then blockers with fixes', () => {
    const t = trace(model(world), { from: 'i-web', to: 'i-closed', protocol: 'tcp', port: 443 });
    const text = formatTrace(t);
    expect(text.split('\n')[0]).toBe('NOT REACHABLE: denied-sg-ingress at sg-closed');
    expect(text).toContain('DENY      sg-closed (security-group inbound)');
    expect(text).toContain('rule: 100  ALL  ALL  0.0.0.0/0  ALLOW');
    expect(text).toContain('why:  no inbound rule of sg-closed allows TCP 443 from 10.0.0.10');
    expect(text).toMatch(/blocked by:\n {2}- sg-closed: inbound rules\n {6}fix: add an inbound rule to `sg-closed` allowing TCP 443 from 10\.0\.0\.10\/32/);
  });
});

describe('traceEndpoints', () => {
  it('lists instances, standalone interfaces, NAT gateways, services, external networks and the internet, each traceable', () => {
    const m = model(world);
    const eps = traceEndpoints(m);
    const ids = eps.map((e) => e.id);
    for (const id of ['i-app', 'nat-a', 'service:sqs', 'service:s3', 'external:office', 'internet']) expect(ids).toContain(id);
    const from = eps.filter((e) => e.role !== 'to');
    for (const e of eps) {
      const src = e.role === 'to' ? 'i-app' : e.id;
      const dst = e.role === 'from' || e.id === src ? from.find((x) => x.id !== src && x.kind === 'instance')!.id : e.id;
      const t = trace(m, { from: src, to: dst, protocol: 'tcp', port: 443 });
      expect(t.disposition, `${src} → ${dst}: ${t.errors.map((x) => x.message).join('; ')}`).not.toBe('invalid-flow');
      expect(e.label.length).toBeGreaterThan(0);
    }
  });
});

describe('compileNetwork', () => {
  it('is built once per model and cached', () => {
    const m = model(base());
    expect(compileNetwork(m)).toBe(compileNetwork(m));
    expect(compileNetwork(model(base()))).not.toBe(compileNetwork(m));
  });
});
