// Three-way differential test of the symbolic engine: on random topologies and random flows,
// the part of the source's packets that holds the flow's packet gets the verdict the tracer
// gives the flow (and, where it models the path, the reference tracer). Both directions are
// covered: the symbolic verdict includes the reply's fate.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { compile, type Model } from '@vpcsim/model';
import { traceEndpoints } from '../src/trace-endpoints.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { referenceTrace } from '../src/reference.js';
import { trace } from '../src/trace.js';
import type { Flow } from '../src/trace-types.js';
import { arbCase, arbDxCase, arbLbCase, compileOrThrow } from './reference-arbitraries.js';
import { symbolicVerdict, targetVerdicts } from './three-way.js';

const verdict = (r: { reachable: boolean; disposition: string; blockedBy: string | null }) => ({ reachable: r.reachable, disposition: r.disposition, blockedBy: r.blockedBy });

const seen = new Map<string, number>();
const lbSeen = new Map<string, number>();
/** What the Direct Connect topologies reached (dispositions, and the hops through DX components). */
const dxSeen = new Map<string, number>();

function agree(m: Model, flow: Flow, counts = seen): void {
  const t = trace(m, flow);
  if (t.disposition === 'invalid-flow' || t.disposition === 'not-implemented' || t.disposition === 'no-public-ip' || t.disposition === 'unsupported' && flow.to.startsWith('service:')) return;
  const sym = symbolicVerdict(m, flow);
  if (sym === undefined) return;
  const why = `${flow.from} -> ${flow.to} ${flow.protocol ?? 'tcp'}/${flow.port ?? '-'} sport ${flow.srcPort ?? 49152}\n  forward: ${t.forward.map((h) => `${h.component}:${h.verdict}`).join(' > ')}\n  return: ${t.return.map((h) => `${h.component}:${h.verdict}`).join(' > ')}`;
  expect(sym, why).toEqual(verdict(t));
  counts.set(t.disposition, (counts.get(t.disposition) ?? 0) + 1);
  for (const x of t.targets ?? []) counts.set(`target ${x.disposition}`, (counts.get(`target ${x.disposition}`) ?? 0) + 1);
  const ref = referenceTrace(m, flow);
  if (ref.modelled) {
    expect(sym, `reference: ${why}`).toEqual(verdict(ref));
    counts.set('three-way', (counts.get('three-way') ?? 0) + 1);
    // NAT64 (a DNS64 address through a NAT gateway): https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-nat64-dns64.html
    if (flow.to.startsWith('64:ff9b::')) counts.set(`three-way NAT64 ${t.reachable ? 'reachable' : 'unreachable'}`, (counts.get(`three-way NAT64 ${t.reachable ? 'reachable' : 'unreachable'}`) ?? 0) + 1);
  }
  // a load balancer: each target's leg, tracer and reference alike
  if (ref.modelled && ref.targets !== undefined) expect(targetVerdicts(t.targets), `reference targets: ${why}`).toEqual(targetVerdicts(ref.targets));
  for (const h of [...t.forward, ...t.return]) if (h.kind === 'virtual-interface' || h.kind === 'direct-connect-gateway') counts.set(`${h.kind}:${h.verdict}`, (counts.get(`${h.kind}:${h.verdict}`) ?? 0) + 1);
}

describe('the symbolic engine agrees with the tracer and the reference, packet by packet', () => {
  it('single VPC', () => {
    fc.assert(fc.property(arbCase({ maxVpcs: 1 }), ({ sc, flow }) => agree(compileOrThrow(sc), flow)), { numRuns: 600 });
  });
  it('two or three VPCs (peering, transit gateways, NAT)', () => {
    fc.assert(fc.property(arbCase({ minVpcs: 2, maxVpcs: 3 }), ({ sc, flow }) => agree(compileOrThrow(sc), flow)), { numRuns: 600 });
  });
  it('Direct Connect and VPN to on premises (virtual interfaces, Direct Connect gateways, primary and backup)', () => {
    fc.assert(fc.property(arbDxCase(), ({ sc, flow }) => agree(compileOrThrow(sc), flow, dxSeen)), { numRuns: 800 });
    expect(dxSeen.get('three-way') ?? 0).toBeGreaterThan(400);
  });
  it('the Direct Connect topologies reach the outcomes and components that matter', () => {
    for (const d of ['delivered', 'exits-external', 'no-route', 'not-transitive', 'reply-denied', 'blackhole']) expect(dxSeen.get(d) ?? 0, d).toBeGreaterThan(0);
    for (const k of ['virtual-interface:forward', 'virtual-interface:exit', 'direct-connect-gateway:forward']) expect(dxSeen.get(k) ?? 0, k).toBeGreaterThan(0);
  });
  it('load balancers: client and target legs, health checks, cross-zone, nested, gateway load balancer endpoints', () => {
    fc.assert(fc.property(arbLbCase({ maxVpcs: 2 }), ({ sc, flow }) => agree(compileOrThrow(sc), flow, lbSeen)), { numRuns: 700 });
    // the generator reaches the load balancer outcomes
    for (const d of ['delivered', 'no-listener', 'target-unhealthy', 'denied-sg-ingress', 'denied-sg-egress', 'reply-denied', 'target delivered', 'target target-unhealthy', 'target cross-zone-off', 'target denied-sg-ingress'])
      expect(lbSeen.get(d) ?? 0, `${d} in ${JSON.stringify([...lbSeen])}`).toBeGreaterThan(0);
  });
  it('compared flows of every main outcome (the generator reaches them)', () => {
    const total = [...seen.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(700);
    for (const d of ['delivered', 'exits-internet', 'denied-nacl-ingress', 'denied-sg-ingress', 'denied-sg-egress', 'no-route', 'reply-denied', 'unreachable-address']) expect(seen.get(d) ?? 0, d).toBeGreaterThan(0);
    // NAT64 flows compared three ways, both outcomes
    for (const k of ['three-way NAT64 reachable', 'three-way NAT64 unreachable']) expect(seen.get(k) ?? 0, k).toBeGreaterThan(0);
  });
});

describe('the symbolic engine agrees with the tracer on every endpoint pair of the worked scenarios', () => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../scenarios');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const r = compile(parse(readFileSync(join(dir, file), 'utf8')), { file });
    if (!r.ok) continue;
    it(file, () => {
      const eps = traceEndpoints(r.model);
      const from = eps.filter((e) => e.role !== 'to').map((e) => e.id);
      for (const f of from)
        for (const t of eps.map((e) => e.id))
          if (f !== t)
            for (const [protocol, port] of [['tcp', 443], ['tcp', 22], ['udp', 53], ['icmp', undefined]] as const)
              agree(r.model, { from: f, to: t, protocol, ...(port === undefined ? {} : { port }) });
    });
  }
});
