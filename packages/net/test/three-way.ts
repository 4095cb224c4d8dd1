// The symbolic engine's verdict of one flow (the part of the source's packets that holds the
// flow's packet), for the three-way differential tests (reach.test.ts, concepts/*.test.ts).
import { compile, formatIp, parseIp, type Model } from '@vpcsim/model';
import { expect } from 'vitest';
import { compileNetwork } from '../src/compile-network.js';
import { resolveEndpoint } from '../src/flow.js';
import { Reach, verdictFor, type ReachDestination, type ReachSource } from '../src/reach.js';
import { DEFAULT_SRC_PORT } from '../src/trace.js';
import { protocolNumber } from '../src/traffic.js';
import type { Flow, Trace } from '../src/trace-types.js';
import { referenceTrace } from '../src/reference.js';
import { trace } from '../src/trace.js';

/** The symbolic verdict of one flow, or undefined when the flow is not a plain packet between two ends (invalid, a service). */
export function symbolicVerdict(m: Model, flow: Flow) {
  const net = compileNetwork(m);
  let src = resolveEndpoint(net, flow.from, 'from');
  if (typeof src === 'string' || src.kind === 'service') return undefined;
  // an interface talking to an IPv6 address uses its own IPv6 address (as trace.ts does)
  const toIp = parseIp(flow.to.startsWith('internet:') ? flow.to.slice('internet:'.length) : flow.to);
  if (src.kind === 'iface' && toIp?.version === 6 && src.v === 4) {
    const v6 = src.iface.addrs6[0];
    if (v6 === undefined) return undefined;
    src = { kind: 'iface', iface: src.iface, v: 6, addr: v6 };
  }
  let dst;
  try {
    dst = resolveEndpoint(net, flow.to, 'to', src, { proto: protocolNumber(flow.protocol)!, port: flow.port ?? 0 });
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
  const to: ReachDestination = dst.kind === 'iface' ? { kind: 'iface', iface: dst.iface } : dst.kind === 'lb' ? { kind: 'lb', lb: dst.lb.id } : dst.kind === 'external' ? { kind: 'external', network: dst.network.id } : { kind: 'internet' };
  return verdictFor(hit[0]!, to);
}


/**
 * Traces a flow (tcp by default) on a model or a raw scenario; the reference tracer (where it
 * models the path) and the symbolic engine must give the same verdict.
 */
export function traceThreeWays(m: Model | Record<string, unknown>, from: string, to: string, port: number | undefined = 443, extra: Partial<Flow> = {}): Trace {
  let mm: Model;
  if ('network' in m && 'index' in m) mm = m as Model;
  else {
    const r = compile(m);
    if (!r.ok) throw new Error(r.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('\n'));
    mm = r.model;
  }
  const flow: Flow = { from, to, protocol: 'tcp', port, ...extra };
  const t = trace(mm, flow);
  const verdict = { reachable: t.reachable, disposition: t.disposition, blockedBy: t.blockedBy };
  const why = `${from} → ${to}: ${JSON.stringify(verdict)} ${t.errors.map((e) => e.message).join('; ')}`;
  if (t.disposition !== 'invalid-flow' && t.disposition !== 'not-implemented') {
    const ref = referenceTrace(mm, flow);
    if (ref.modelled) expect({ reachable: ref.reachable, disposition: ref.disposition, blockedBy: ref.blockedBy }, `reference: ${why}`).toEqual(verdict);
    if (ref.modelled && ref.targets !== undefined) expect(targetVerdicts(t.targets), `reference targets: ${why}`).toEqual(targetVerdicts(ref.targets));
    const sym = symbolicVerdict(mm, flow);
    if (sym !== undefined) expect(sym, `symbolic: ${why}`).toEqual(verdict);
  }
  return t;
}

/** Each target's reachability, nested, as `id:true|false` lines (the tracer's `targets` or the reference's). */
export function targetVerdicts(ts: readonly { readonly target: string; readonly reachable: boolean; readonly targets?: readonly unknown[] | undefined }[] | undefined, indent = ''): string[] {
  return (ts ?? []).flatMap((t) => [`${indent}${t.target}:${t.reachable}`, ...targetVerdicts(t.targets as typeof ts, `${indent}  `)]);
}
