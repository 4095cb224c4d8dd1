// A trace as the VPC Flow Log records (default format, version 2) the traffic would produce:
// one record per network interface the packet leaves or enters, forward and reply.
// ACCEPT/REJECT is what the interface's security groups and its subnet's network ACL decided:
// "REJECT: the traffic was not allowed by the security groups or network ACLs".
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html
import type { Model } from '@vpcsim/model';
import type { Hop, Trace } from './trace-types.js';
import { protocolNumber } from './traffic.js';

/** One flow log record with the version 2 (default format) fields. */
export interface FlowLogRecord {
  readonly version: 2;
  readonly 'account-id': string;
  readonly 'interface-id': string;
  readonly srcaddr: string;
  readonly dstaddr: string;
  readonly srcport: number;
  readonly dstport: number;
  readonly protocol: number;
  readonly packets: number;
  readonly bytes: number;
  readonly start: number;
  readonly end: number;
  readonly action: 'ACCEPT' | 'REJECT';
  readonly 'log-status': 'OK' | 'NODATA' | 'SKIPDATA';
  /** The record as Flow Logs print it: the fields above, space-separated. */
  readonly line: string;
}

/** Options: the capture window's start (Unix seconds) and its length. */
export interface FlowLogOptions {
  readonly start?: number | undefined;
  readonly seconds?: number | undefined;
}

/** A typical first packet's size: TCP SYN 60 bytes, ICMP echo 84, UDP 76. */
const BYTES: Record<number, number> = { 6: 60, 1: 84, 58: 104, 17: 76 };

/** Whether a filter hop denied, in `direction`, between hops `from` (inclusive) and `to` (exclusive). */
function deniedBetween(hops: readonly Hop[], from: number, to: number, direction: 'inbound' | 'outbound'): boolean {
  for (let k = from; k < to; k++) {
    const h = hops[k]!;
    if (h.verdict === 'deny' && h.detail.step === 'filter' && h.detail.direction === direction) return true;
  }
  return false;
}

/**
 * Appends the records of one direction; returns false when the packet was stopped (a REJECT
 * record, or a drop), after which nothing further happens: a trace goes on past a denial to
 * list every blocker, but the traffic itself does not.
 */
function records(model: Model, hops: readonly Hop[], start: number, end: number, out: FlowLogRecord[]): boolean {
  for (let k = 0; k < hops.length; k++) {
    const h = hops[k]!;
    if (!h.interface || !h.packet) {
      if (h.verdict === 'drop') return false;
      continue;
    }
    const dirOf = (x: Hop): string | undefined => (x.detail.step === 'filter' ? x.detail.direction : undefined);
    let rejected: boolean;
    if (h.interface.direction === 'egress') {
      // the interface's outbound security groups and its subnet's outbound ACL follow the egress hop
      let j = k + 1;
      while (j < hops.length && !hops[j]!.interface && dirOf(hops[j]!) !== 'inbound') j++;
      rejected = deniedBetween(hops, k + 1, j, 'outbound');
    } else {
      // the subnet's inbound ACL and the interface's inbound security groups precede the ingress hop
      let j = k - 1;
      while (j >= 0 && !hops[j]!.interface && dirOf(hops[j]!) !== 'outbound') j--;
      rejected = deniedBetween(hops, j + 1, k, 'inbound');
    }
    if (h.verdict === 'drop' && !rejected) return false;
    const iface = model.index.networkInterface.get(h.interface.id);
    const p = h.packet;
    // the packet as it reaches the interface: an ingress hop that translates shows it after translation
    let srcAddr = p.src;
    let dst = p.dst;
    if (h.interface.direction === 'ingress' && h.detail.step === 'translate') {
      if (h.detail.to === p.src) srcAddr = h.detail.from;
      else if (h.detail.to === p.dst) dst = h.detail.from;
    }
    const protocol = protocolNumber(p.protocol.toLowerCase()) ?? Number(p.protocol);
    const rec = {
      version: 2 as const,
      // a transit gateway attachment's interface (`<attachment>/<subnet>`) belongs to the subnet's account
      'account-id': iface?.account ?? model.index.subnet.get(h.interface.id.slice(h.interface.id.indexOf('/') + 1))?.account ?? model.defaults.account,
      'interface-id': h.interface.id,
      srcaddr: srcAddr,
      dstaddr: dst,
      srcport: p.srcPort ?? 0,
      dstport: p.dstPort ?? 0,
      protocol,
      packets: 1,
      bytes: BYTES[protocol] ?? 60,
      start,
      end,
      action: rejected ? ('REJECT' as const) : ('ACCEPT' as const),
      'log-status': 'OK' as const,
    };
    out.push({
      ...rec,
      line: [rec.version, rec['account-id'], rec['interface-id'], rec.srcaddr, rec.dstaddr, rec.srcport, rec.dstport, rec.protocol, rec.packets, rec.bytes, rec.start, rec.end, rec.action, rec['log-status']].join(' '),
    });
    if (rejected || h.verdict === 'drop') return false;
  }
  return true;
}

/**
 * The VPC Flow Log records (version 2) a trace's packets would produce: one per network
 * interface the request or its reply leaves or enters, ACCEPT or REJECT as its security groups
 * and network ACL decided.
 */
export function flowLogs(model: Model, trace: Trace, options: FlowLogOptions = {}): FlowLogRecord[] {
  const start = options.start ?? 1767225600; // 2026-01-01T00:00:00Z: a fixed window keeps output reproducible
  const end = start + (options.seconds ?? 60);
  const out: FlowLogRecord[] = [];
  if (records(model, trace.forward, start, end, out)) records(model, trace.return, start, end, out);
  // a load balancer: each target's leg from the node, the records its interfaces would write
  const legs = (ts: Trace['targets']): void => {
    for (const t of ts ?? []) {
      if (records(model, t.forward, start, end, out)) records(model, t.return, start, end, out);
      legs(t.targets);
    }
  };
  if (trace.reachable || trace.forward.every((h) => h.verdict !== 'deny' && h.verdict !== 'drop')) legs(trace.targets);
  return out;
}
