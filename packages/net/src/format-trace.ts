// A trace as readable text: the verdict, the forward hops, the reply hops, then what blocks
// the path and how to fix it. Plain text, no colours: the CLI and the UI decorate it.
import type { Hop, TargetTrace, Trace } from './trace-types.js';

function packetText(h: Hop): string {
  const p = h.packet;
  if (!p) return '';
  const ports = p.srcPort !== undefined && p.dstPort !== undefined;
  return ports ? `${p.protocol} ${p.src}:${p.srcPort} → ${p.dst}:${p.dstPort}` : `${p.protocol} ${p.src} → ${p.dst}`;
}

function hopLines(hops: readonly Hop[], out: string[]): void {
  hops.forEach((h, k) => {
    const dir = h.detail.step === 'filter' ? ` ${h.detail.direction}` : '';
    out.push(`  ${String(k + 1).padStart(2)}. ${h.verdict.toUpperCase().padEnd(9)} ${h.component} (${h.kind}${dir})`);
    if (h.rule) out.push(`        rule: ${h.rule}`);
    if (h.detail.step === 'translate') out.push(`        ${h.detail.from} → ${h.detail.to}`);
    out.push(`        why:  ${h.detail.why}`);
    const p = packetText(h);
    if (p && (k === 0 || packetText(hops[k - 1]!) !== p)) out.push(`        packet: ${p}`);
  });
}

/** Formats a trace as hop-by-hop text: each hop with its component, kind, verdict, rule and why; then the blockers with fixes. */
export function formatTrace(t: Trace): string {
  const out: string[] = [];
  const head = t.reachable ? `REACHABLE (${t.disposition})` : `NOT REACHABLE: ${t.disposition}${t.blockedBy ? ` at ${t.blockedBy}` : ''}`;
  out.push(head);
  if (t.service) {
    const s = t.service;
    out.push(`service ${s.service} (${s.region}) via ${s.via}${s.endpoint ? ` ${s.endpoint}` : ''}${s.sourceIp ? `, seen from ${s.sourceIp}` : ''}${s.vpcSourceIp ? `, VPC source ${s.vpcSourceIp}` : ''}`);
  }
  if (t.forward.length > 0) {
    out.push('forward:');
    hopLines(t.forward, out);
  }
  if (t.return.length > 0) {
    out.push('return:');
    hopLines(t.return, out);
  }
  if (t.loadBalancer) out.push(`load balancer ${t.loadBalancer.id} at node ${t.loadBalancer.node}${t.loadBalancer.listener ? `, listener ${t.loadBalancer.listener}` : ''}`);
  targetLines(t.targets ?? [], out, '');
  if (t.blockers.length > 0) {
    out.push('blocked by:');
    for (const b of t.blockers) out.push(`  - ${b.component}: ${b.setting}${b.fix ? `\n      fix: ${b.fix}` : ''}`);
  }
  for (const e of t.errors) out.push(`error: ${e.message}${e.hint ? ` (${e.hint})` : ''}`);
  return out.join('\n');
}

/** Each target of a load balancer: its verdict, then its leg from the node and back (nested targets indented). */
function targetLines(targets: readonly TargetTrace[], out: string[], indent: string): void {
  for (const x of targets) {
    out.push(`${indent}target ${x.target} (${x.kind}, port ${x.port}) from node ${x.node}: ${x.reachable ? 'REACHABLE' : `NOT REACHABLE: ${x.disposition}${x.blockedBy ? ` at ${x.blockedBy}` : ''}`}${x.healthy ? '' : ' (unhealthy)'}`);
    const legs: string[] = [];
    if (x.forward.length > 0) {
      legs.push('forward:');
      hopLines(x.forward, legs);
    }
    if (x.return.length > 0) {
      legs.push('return:');
      hopLines(x.return, legs);
    }
    out.push(...legs.map((l) => `${indent}  ${l}`));
    targetLines(x.targets ?? [], out, `${indent}  `);
  }
}
