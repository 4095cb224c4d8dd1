// Three-way differential test of the symbolic engine: on random topologies and random flows,
// the part of the source's packets that holds the flow's packet gets the verdict the tracer
// gives the flow (and, where it models the path, the reference tracer). Both directions are
// covered: the symbolic verdict includes the reply's fate.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { compile, formatIp, type Model } from '@vpcsim/model';
import { traceEndpoints } from '../src/trace-endpoints.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../src/compile-network.js';
import { DEFAULT_SRC_PORT, trace } from '../src/trace.js';
import { resolveEndpoint } from '../src/flow.js';
import { Reach, verdictFor, type ReachDestination, type ReachSource } from '../src/reach.js';
import { referenceTrace } from '../src/reference.js';
import { protocolNumber } from '../src/traffic.js';
import type { Flow } from '../src/trace-types.js';
import { arbCase, arbDxCase, compileOrThrow } from './reference-arbitraries.js';

const verdict = (r: { reachable: boolean; disposition: string; blockedBy: string | null }) => ({ reachable: r.reachable, disposition: r.disposition, blockedBy: r.blockedBy });

/** The symbolic verdict of one flow, or undefined when the flow is not a plain packet between two ends (invalid, a service). */
export function symbolicVerdict(m: Model, flow: Flow) {
  const net = compileNetwork(m);
  const src = resolveEndpoint(net, flow.from, 'from');
  if (typeof src === 'string' || src.kind === 'service') return undefined;
  let dst;
  try {
    dst = resolveEndpoint(net, flow.to, 'to', src);
  } catch {
    return undefined;
  }
  if (typeof dst === 'string' || dst.kind === 'service' || dst.kind === 'refused' || src.v !== dst.v) return undefined;
  const proto = protocolNumber(flow.protocol)!;
  const icmp = proto === 1 || proto === 58;
  const reach = new Reach(m);
  const s = reach.space;
  const v = src.v;
  const point = {
    proto: [[proto, proto]] as const,
    dstPort: [[icmp ? 0 : flow.port ?? 0, icmp ? 0 : flow.port ?? 0]] as const,
    srcPort: [[icmp ? 0 : flow.srcPort ?? DEFAULT_SRC_PORT, icmp ? 0 : flow.srcPort ?? DEFAULT_SRC_PORT]] as const,
    icmpType: [[icmp ? flow.icmpType ?? (proto === 1 ? 8 : 128) : 0, icmp ? flow.icmpType ?? (proto === 1 ? 8 : 128) : 0]] as const,
    icmpCode: [[icmp ? flow.icmpCode ?? 0 : 0, icmp ? flow.icmpCode ?? 0 : 0]] as const,
    src: [[src.addr, src.addr]] as const,
    dst: [[dst.addr, dst.addr]] as const,
  };
  const start = s.set(v, point);
  const source: ReachSource = src.kind === 'iface' ? { kind: 'iface', iface: src.iface.id, addresses: [formatIp(src.addr)] } : src.kind === 'external' ? { kind: 'external', network: src.network.id } : { kind: 'internet' };
  const parts = reach.walk(source, start);
  const packet = { v, proto, dstPort: point.dstPort[0][0], srcPort: point.srcPort[0][0], icmpType: point.icmpType[0][0], icmpCode: point.icmpCode[0][0], src: src.addr, dst: dst.addr };
  const hit = parts.filter((p) => s.has(p.set, packet));
  expect(hit.length, 'the parts partition the packets').toBe(1);
  const to: ReachDestination = dst.kind === 'iface' ? { kind: 'iface', iface: dst.iface } : dst.kind === 'external' ? { kind: 'external', network: dst.network.id } : { kind: 'internet' };
  return verdictFor(hit[0]!, to);
}

const seen = new Map<string, number>();
/** What the Direct Connect topologies reached (dispositions, and the hops through DX components). */
const dxSeen = new Map<string, number>();

function agree(m: Model, flow: Flow, tally: Map<string, number> = seen): void {
  const t = trace(m, flow);
  if (t.disposition === 'invalid-flow' || t.disposition === 'not-implemented' || t.disposition === 'no-public-ip' || t.disposition === 'unsupported' && flow.to.startsWith('service:')) return;
  const sym = symbolicVerdict(m, flow);
  if (sym === undefined) return;
  const why = `${flow.from} -> ${flow.to} ${flow.protocol ?? 'tcp'}/${flow.port ?? '-'} sport ${flow.srcPort ?? 49152}\n  forward: ${t.forward.map((h) => `${h.component}:${h.verdict}`).join(' > ')}\n  return: ${t.return.map((h) => `${h.component}:${h.verdict}`).join(' > ')}`;
  expect(sym, why).toEqual(verdict(t));
  tally.set(t.disposition, (tally.get(t.disposition) ?? 0) + 1);
  const ref = referenceTrace(m, flow);
  if (ref.modelled) {
    expect(sym, `reference: ${why}`).toEqual(verdict(ref));
    tally.set('three-way', (tally.get('three-way') ?? 0) + 1);
  }
  for (const h of [...t.forward, ...t.return]) if (h.kind === 'virtual-interface' || h.kind === 'direct-connect-gateway') tally.set(`${h.kind}:${h.verdict}`, (tally.get(`${h.kind}:${h.verdict}`) ?? 0) + 1);
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
  it('compared flows of every main outcome (the generator reaches them)', () => {
    const total = [...seen.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(700);
    for (const d of ['delivered', 'exits-internet', 'denied-nacl-ingress', 'denied-sg-ingress', 'denied-sg-egress', 'no-route', 'reply-denied', 'unreachable-address']) expect(seen.get(d) ?? 0, d).toBeGreaterThan(0);
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
