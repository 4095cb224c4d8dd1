// `reach`: every reachable packet in the fewest lines. Worked cases on the three-tier scenario,
// bad questions, and the lines against the tracer packet by packet on random topologies: a
// flow is reachable exactly when a line covers it, and each line's witness is reachable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, type Model } from '@vpcsim/model';
import { trace, type Flow } from '@vpcsim/net';
import { reachQuery } from '../src/index.js';
import { arbLbShape, arbScenario, compileOrThrow, INTERNET_IPS, withLoadBalancers, type RawScenario } from '../../net/test/reference-arbitraries.js';
import { covers, servingTargets, witness } from './flow-lines-reading.js';

const three = ((): Model => {
  const c = compile(parse(readFileSync(join(import.meta.dirname, '../../../scenarios/vpc-three-tier.yaml'), 'utf8')));
  if (!c.ok) throw new Error('three-tier does not compile');
  return c.model;
})();
const text = (l: { from: readonly string[]; to: string; toAddresses?: string | undefined; protocol: string; ports?: string | undefined }): string => `${l.from.join(',')} > ${l.to}${l.toAddresses ? ` [${l.toAddresses}]` : ''} ${l.protocol}${l.ports ? ` ${l.ports}` : ''}`;

describe('reach on the three-tier scenario', () => {
  it('--from internet: everything exposed to the internet, one line', () => {
    const r = reachQuery(three, { from: ['internet'] });
    expect(r.lines.map(text)).toEqual(['internet > i-web-1 [3.80.1.10] tcp 80, 443']);
    expect(r.complete).toBe(true);
    expect(r.stats.scope).toContain('every packet of 1 source');
  });
  it('--to i-db-1: everything that can reach the database', () => {
    expect(reachQuery(three, { to: ['i-db-1'] }).lines.map(text)).toEqual(['i-app-1 > i-db-1 [10.16.16.10] tcp 5432']);
  });
  it('every source: the whole internet is `internet`, every protocol is one line each, no host to itself', () => {
    const lines = reachQuery(three).lines.map(text);
    // sources that reach a destination alike share its line; an instance reaches another at its public address too
    expect(lines).toEqual([
      'i-web-1 > i-app-1 [10.16.32.10] tcp 8080',
      'i-app-1 > i-db-1 [10.16.16.10] tcp 5432',
      'i-app-1 > i-web-1 [3.80.1.10, 10.16.48.10] tcp 80, 443',
      'internet > i-web-1 [3.80.1.10] tcp 80, 443',
      'i-app-1,i-web-1 > internet icmp',
      'i-web-1 > internet other',
      'i-app-1,i-web-1 > internet tcp 0-65535',
      'i-app-1,i-web-1 > internet udp 0-65535',
    ]);
    expect(lines.some((l) => l.startsWith('internet > internet'))).toBe(false);
    expect(lines.some((l) => /^i-web-1 > i-web-1/.test(l))).toBe(false);
  });
  it('a protocol and a port narrow the question', () => {
    expect(reachQuery(three, { from: ['i-app-1'], protocol: 'tcp', ports: '5432' }).lines.map(text)).toEqual(['i-app-1 > i-db-1 [10.16.16.10] tcp 5432', 'i-app-1 > internet tcp 5432']);
  });
  it('each line has a witness the tracer finds reachable', () => {
    const r = reachQuery(three);
    expect(r.witnesses).toHaveLength(r.lines.length);
    for (const [i, f] of r.witnesses.entries()) expect(trace(three, f).reachable, `${text(r.lines[i]!)} as ${JSON.stringify(f)}`).toBe(true);
  });
  it('a witness toward the internet goes to its stand-in (203.0.113.10), never to 0.0.0.0, which no host holds', () => {
    const r = reachQuery(three, { from: ['i-web-1'], to: ['internet'], protocol: 'icmp' });
    expect(r.witnesses).toEqual([{ from: 'i-web-1', to: 'internet:203.0.113.10', protocol: 'icmp', icmpType: 8, icmpCode: 0 }]);
  });
  it('a question that names nothing is an error, never an empty answer', () => {
    const none = reachQuery(three, { from: ['i-web-2'] });
    expect(none.complete).toBe(false);
    expect(none.errors[0]).toMatchObject({ code: 'selector-unknown', hint: 'did you mean `i-web-1`?' });
    expect(reachQuery(three, { to: ['subnet:subnet-nope'] }).errors[0]!.message).toContain('no subnet matches');
    expect(reachQuery(three, { ports: '70000' }).errors[0]).toMatchObject({ code: 'bad-ports' });
    expect(reachQuery(three, { protocol: 'tcpp' }).errors[0]).toMatchObject({ code: 'bad-protocol' });
  });
  it('a budget exceeded stops with an error', () => {
    const r = reachQuery(three, { maxNodes: 10 });
    expect(r.complete).toBe(false);
    expect(r.errors.map((e) => e.code)).toContain('reach-budget');
  });
});

describe('reach with NAT64 (scenarios/vpc-nat64-ipv6-only.yaml)', () => {
  // https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-nat64-dns64.html: IPv6 to
  // 64:ff9b::/96 through the NAT gateway reaches IPv4 destinations; the IPv6 line names those addresses
  const raw = parse(readFileSync(join(import.meta.dirname, '../../../scenarios/vpc-nat64-ipv6-only.yaml'), 'utf8')) as { routeTables: { id: string; routes: { destination: string; target: string }[] }[] };
  it('a dual-stack source keeps its line to the whole IPv4 internet beside its IPv6 line (they are not merged)', () => {
    raw.routeTables.find((t) => t.id === 'rtb-v6only')!.routes.push({ destination: '0.0.0.0/0', target: 'nat-64' });
    const c = compile(raw);
    if (!c.ok) throw new Error('the variant does not compile');
    const lines = reachQuery(c.model, { from: ['i-v6app'], to: ['internet'], protocol: 'tcp', ports: '443' }).lines;
    expect(lines.map((l) => [l.to, l.toAddresses === undefined ? 'every address' : 'some'])).toEqual([
      ['internet', 'every address'],
      ['internet', 'some'],
    ]);
    expect(lines[1]!.toAddresses).toContain('64:ff9b::');
  });
});

describe('reach agrees with the tracer, packet by packet', () => {
  function arbFlows(sc: RawScenario): fc.Arbitrary<Flow[]> {
    const from = [...sc.instances.map((i) => i.id), ...INTERNET_IPS.map((a) => `internet:${a}`)];
    const to = [...sc.instances.map((i) => i.privateIp), ...sc.instances.flatMap((i) => (i.publicIp ? [i.publicIp] : [])), ...INTERNET_IPS];
    const flow = fc
      .record({ from: fc.constantFrom(...from), to: fc.constantFrom(...to), protocol: fc.constantFrom('tcp', 'tcp', 'udp', 'icmp'), port: fc.constantFrom(22, 80, 443, 5432), srcPort: fc.constantFrom(49152, 1024, 65535) })
      .filter((f) => !(f.from.startsWith('internet:') && INTERNET_IPS.includes(f.to)))
      .map((f): Flow => (f.protocol === 'icmp' ? { from: f.from, to: f.to, protocol: 'icmp' } : f));
    return fc.array(flow, { minLength: 15, maxLength: 15 });
  }
  it('on random topologies: a flow is reachable exactly when a line covers it; every line witness is reachable', () => {
    let reachable = 0;
    let not = 0;
    fc.assert(
      fc.property(
        arbScenario().chain((sc) => fc.tuple(fc.constant(sc), arbFlows(sc))),
        ([sc, flows]) => {
          const m = compileOrThrow(sc);
          const r = reachQuery(m);
          expect(r.complete).toBe(true);
          for (const l of r.lines.slice(0, 10)) {
            const f = witness(l, sc);
            if (f === undefined) continue;
            const t = trace(m, f);
            // the line's own witness, and the one read back from its text, both get there
            expect(t.reachable, `${text(l)} as ${JSON.stringify(f)}: ${t.disposition} at ${t.blockedBy}`).toBe(true);
            expect(trace(m, r.witnesses[l.n - 1]!).reachable).toBe(true);
          }
          for (const f of flows) {
            const inst = sc.instances.find((i) => i.id === f.from);
            if (inst && (f.to === inst.privateIp || f.to === inst.publicIp)) continue;
            const t = trace(m, f);
            if (t.disposition === 'invalid-flow' || t.disposition === 'not-implemented') continue;
            const hits = r.lines.filter((l) => covers(l, f, inst ? inst.privateIp : f.from.slice(9), f.to, inst?.id));
            const what = `${JSON.stringify(f)}: tracer ${t.disposition} at ${t.blockedBy}; lines ${JSON.stringify(hits.map(text))}`;
            if (t.reachable) reachable++;
            else not++;
            expect(hits.length, what).toBe(t.reachable ? 1 : 0);
          }
        },
      ),
      { numRuns: 80 },
    );
    expect(reachable).toBeGreaterThan(50);
    expect(not).toBeGreaterThan(50);
  });
});

describe('destinations behind a load balancer', () => {
  // a private web server behind an internet-facing ALB: no packet addressed to it arrives from the
  // internet (it has no public address), but the load balancer's listeners reach it: reach says so
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html
  const text = readFileSync(join(import.meta.dirname, '../../../scenarios/lb-alb-private-instances.yaml'), 'utf8');
  const c = compile(parse(text));
  if (!c.ok) throw new Error('scenario');
  it('a target as the destination: the answer names the load balancer in front and how to ask about it', () => {
    const r = reachQuery(c.model, { from: ['internet'], to: ['i-web-1'] });
    expect(r.lines).toEqual([]);
    expect(r.complete).toBe(true);
    const note = r.errors.find((e) => e.code === 'reach-load-balancer-targets');
    expect(note?.severity).toBe('warning');
    expect(note?.message).toContain('`i-web-1` is a target of `alb-web`');
    expect(note?.hint).toContain('--to alb-web');
    // and through the load balancer: its listeners, each line a witness whose trace reaches the targets
    const lb = reachQuery(c.model, { from: ['internet'], to: ['alb-web'] });
    expect(lb.lines.map((l) => `${l.to} ${l.protocol} ${l.ports} served by ${l.via}`)).toEqual(['lb:alb-web tcp 80, 443 served by i-web-1, i-web-2']);
    // the line's witness, traced: the targets it names are those the tracer finds reachable
    expect(servingTargets(trace(c.model, lb.witnesses[0]!))).toBe(lb.lines[0]!.via);
    // asked about every destination (the default), no note: the load balancer's own line says it
    expect(reachQuery(c.model, { from: ['internet'] }).errors.filter((e) => e.code === 'reach-load-balancer-targets')).toEqual([]);
  });
  it('a destination no load balancer sends to: no note', () => {
    expect(reachQuery(c.model, { from: ['internet'], to: ['i-ops'] }).errors.filter((e) => e.code === 'reach-load-balancer-targets')).toEqual([]);
  });
});

describe('a port with a protocol that has none', () => {
  it('icmp with a port is bad input, not a question answered without the port', () => {
    const c = compile(parse(readFileSync(join(import.meta.dirname, '../../../scenarios/vpc-three-tier.yaml'), 'utf8')));
    if (!c.ok) throw new Error('scenario');
    const r = reachQuery(c.model, { protocol: 'icmp', ports: '22' });
    expect(r.errors.map((e) => [e.code, e.severity])).toContainEqual(['bad-ports', 'error']);
    expect(r.lines).toEqual([]);
    expect(reachQuery(c.model, { protocol: 'tcp', ports: '22' }).errors.filter((e) => e.severity === 'error')).toEqual([]);
  });
});

describe('reach through load balancers, against the tracer', () => {
  it('on random topologies with load balancers: every line witness is reachable, and a line to a load balancer names the targets its trace reaches', () => {
    let named = 0;
    fc.assert(
      fc.property(fc.tuple(arbScenario(), arbLbShape).map(([sc, x]) => withLoadBalancers(sc, x)), (sc) => {
        const m = compileOrThrow(sc);
        const r = reachQuery(m);
        expect(r.complete).toBe(true);
        for (const l of r.lines) {
          const t = trace(m, r.witnesses[l.n - 1]!);
          expect(t.reachable, JSON.stringify(l)).toBe(true);
          if (l.via === undefined) continue;
          named++;
          expect(servingTargets(t), JSON.stringify(l)).toBe(l.via);
        }
      }),
      { numRuns: 60 },
    );
    expect(named).toBeGreaterThan(0);
  });
});

describe('small questions answered plainly', () => {
  const load = (f: string) => {
    const c = compile(parse(readFileSync(join(import.meta.dirname, '../../../scenarios', f), 'utf8')));
    if (!c.ok) throw new Error(f);
    return c.model;
  };
  it('a host to itself is bad input (a host does not send to itself), not "nothing is reachable"', () => {
    const r = reachQuery(load('vpc-three-tier.yaml'), { from: ['i-web-1'], to: ['i-web-1'] });
    expect(r.errors.map((e) => [e.code, e.severity])).toContainEqual(['selector-self', 'error']);
  });
  it('the witness of an `other` line is a GRE packet where the line has it, not protocol 0', () => {
    const r = reachQuery(load('advanced-middlebox-routing.yaml'));
    const other = r.lines.find((l) => l.protocol === 'other')!;
    expect(other).toBeDefined();
    expect(r.witnesses[other.n - 1]!.protocol).toBe(47);
  });
});
