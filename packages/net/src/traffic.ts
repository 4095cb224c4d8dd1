// Matching a packet's protocol, ports and ICMP type/code against a rule (network ACL and
// security group rules share the fields), and the packet the tracer moves.
import type { Addr } from './compile-network.js';
import type { HeaderMatch } from './walk/types.js';

/** The packet being traced. Addresses are numbers (IPv4) or bigints (IPv6). */
export interface Packet {
  readonly v: 4 | 6;
  readonly src: Addr;
  readonly dst: Addr;
  readonly proto: number;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly icmpType: number;
  readonly icmpCode: number;
}

/**
 * The protocol number of `tcp`, `udp`, `icmp`, `icmpv6`, `all` (-1) or a number; undefined when
 * unknown, and for a number that is no IP protocol (IP protocol numbers are 0-255:
 * https://www.iana.org/assignments/protocol-numbers).
 */
export function protocolNumber(p: string | number | undefined): number | undefined {
  if (p === undefined) return 6;
  if (typeof p === 'number') return Number.isInteger(p) && p >= -1 && p <= 255 ? p : undefined;
  switch (p) {
    case 'tcp': return 6;
    case 'udp': return 17;
    case 'icmp': return 1;
    case 'icmpv6': return 58;
    case 'all': case '-1': return -1;
  }
  return /^\d{1,3}$/.test(p) && Number(p) <= 255 ? Number(p) : undefined;
}

const NAMES: Record<number, string> = { 6: 'TCP', 17: 'UDP', 1: 'ICMP', 58: 'ICMPv6', [-1]: 'ALL' };
export const protocolName = (p: number): string => NAMES[p] ?? String(p);

/** A rule's traffic fields, compiled. */
export interface TrafficC {
  /** -1: all protocols. */
  readonly proto: number;
  readonly lo: number;
  readonly hi: number;
  /** -1: any. */
  readonly icmpType: number;
  readonly icmpCode: number;
  /** `TCP  22` / `ALL  ALL` / `ICMP  8/-1`. */
  readonly text: string;
}

export function compileTraffic(r: { protocol: string | number; ports?: string | number | undefined; icmpType?: number | undefined; icmpCode?: number | undefined }): TrafficC {
  const proto = protocolNumber(r.protocol) ?? -2;
  let lo = 0;
  let hi = 65535;
  if (typeof r.ports === 'number') lo = hi = r.ports;
  else if (typeof r.ports === 'string' && r.ports !== 'all') {
    const [a, b] = r.ports.split('-');
    lo = Number(a);
    hi = b === undefined ? lo : Number(b);
  }
  const icmpType = r.icmpType ?? -1;
  const icmpCode = r.icmpCode ?? -1;
  let ports = 'ALL';
  if (proto === 6 || proto === 17) ports = lo === 0 && hi === 65535 ? 'ALL' : lo === hi ? String(lo) : `${lo}-${hi}`;
  else if (proto === 1 || proto === 58) ports = icmpType === -1 ? 'ALL' : `${icmpType}/${icmpCode}`;
  return { proto, lo, hi, icmpType, icmpCode, text: `${protocolName(proto)}  ${ports}` };
}

/** Whether the rule's protocol, ports (tcp/udp) or ICMP type/code match the packet. */
export function trafficMatches(t: TrafficC, p: Packet): boolean {
  if (t.proto === -1) return true;
  if (t.proto !== p.proto) return false;
  if (t.proto === 6 || t.proto === 17) return p.dstPort >= t.lo && p.dstPort <= t.hi;
  if (t.proto === 1 || t.proto === 58) {
    if (t.icmpType !== -1 && t.icmpType !== p.icmpType) return false;
    if (t.icmpCode !== -1 && t.icmpCode !== p.icmpCode) return false;
  }
  return true;
}

/**
 * The rule's traffic fields as a header match (addresses left to the caller): the same
 * conditions as `trafficMatches`, as data the symbolic engine reads.
 */
export function trafficMatch(t: TrafficC): HeaderMatch {
  if (t.proto === -1) return {};
  const proto = [t.proto, t.proto] as const;
  if (t.proto === 6 || t.proto === 17) return { proto, dstPort: [t.lo, t.hi] };
  if (t.proto === 1 || t.proto === 58) {
    return {
      proto,
      ...(t.icmpType !== -1 ? { icmpType: [t.icmpType, t.icmpType] as const } : {}),
      ...(t.icmpCode !== -1 ? { icmpCode: [t.icmpCode, t.icmpCode] as const } : {}),
    };
  }
  return { proto };
}
