// The concrete reading of the walk contract: P is one packet. A match keeps the packet or
// nothing; a table gives one value; a rewrite makes a new packet and saves the old value.
import { mask6 } from '@vpcsim/model';
import type { Addr, BlockC } from '../compile-network.js';
import { inAnyBlock } from '../compile-network.js';
import type { Packet } from '../traffic.js';
import type { Domain, HeaderMatch, Lookup, RewriteField, Saved } from '../walk/types.js';

/** The reply's ICMP type for each query type that has one (echo, timestamp, ICMPv6 echo). */
export const ICMP_REPLY: Readonly<Record<number, number>> = { 8: 0, 13: 14, 128: 129 };

/** A packet with its printable view cached once (the tracer's hops share it). */
export interface Pkt extends Packet {
  view?: { readonly src: string; readonly dst: string; readonly protocol: string; readonly srcPort?: number; readonly dstPort?: number } | undefined;
}

const inRange = (r: readonly [number, number] | undefined, x: number): boolean => r === undefined || (x >= r[0] && x <= r[1]);
const inBlocks = (bs: readonly BlockC[] | undefined, v: 4 | 6, a: Addr): boolean => bs === undefined || inAnyBlock(bs, v, a);

/** Whether the packet satisfies every condition of the match. */
export function packetMatches(p: Packet, m: HeaderMatch): boolean {
  return (
    inRange(m.proto, p.proto) &&
    inRange(m.dstPort, p.dstPort) &&
    inRange(m.srcPort, p.srcPort) &&
    inRange(m.icmpType, p.icmpType) &&
    inRange(m.icmpCode, p.icmpCode) &&
    inBlocks(m.src, p.v, p.src) &&
    inBlocks(m.dst, p.v, p.dst)
  );
}

interface SavedValue extends Saved {
  readonly value: Addr | number;
}

function withField(p: Pkt, field: RewriteField, to: Addr | number): Pkt {
  return {
    v: p.v,
    src: field === 'src' ? (to as Addr) : p.src,
    dst: field === 'dst' ? (to as Addr) : p.dst,
    proto: p.proto,
    srcPort: field === 'srcPort' ? (to as number) : p.srcPort,
    dstPort: field === 'dstPort' ? (to as number) : p.dstPort,
    icmpType: p.icmpType,
    icmpCode: p.icmpCode,
  };
}

/** 64:ff9b::/96, the well-known prefix of RFC 6052 that NAT64 and DNS64 use. */
export const NAT64_BASE = 0x0064ff9bn << 96n;
/** The same as a block (what a NAT gateway translates to IPv4: concepts/nat-gateway.ts). */
export const NAT64_PREFIX: BlockC = { v: 6, base: NAT64_BASE, mask: mask6(96), prefix: 96, text: '64:ff9b::/96' };

/** An ICMPv6 echo request (128) or reply (129) as ICMP (8, 0), and back; other types keep their number. */
const ICMP6_TO_4: Readonly<Record<number, number>> = { 128: 8, 129: 0 };
const ICMP4_TO_6: Readonly<Record<number, number>> = { 8: 128, 0: 129 };

interface SavedPacket extends Saved {
  readonly packet: Pkt;
}

export const packetDomain: Domain<Pkt> = {
  family: (p) => p.v,
  meet: (p, m) => (packetMatches(p, m) ? p : null),
  minus: (p, m) => (packetMatches(p, m) ? null : p),
  split: (p, m) => (packetMatches(p, m) ? [p, null] : [null, p]),
  // one packet's parts are the packet itself
  union: (a) => a,
  without: () => null,
  partition<R>(p: Pkt, field: 'src' | 'dst', table: Lookup<R>) {
    return [[table.get(p.v, p[field]), p]] as const;
  },
  rewrite(p, field, to) {
    const saved: SavedValue = { saved: true, value: p[field] };
    return { p: withField(p, field, to), saved };
  },
  restore: (p, field, saved) => withField(p, field, (saved as SavedValue).value),
  reply: (p) => [
    {
      v: p.v,
      src: p.dst,
      dst: p.src,
      proto: p.proto,
      srcPort: p.dstPort,
      dstPort: p.srcPort,
      icmpType: p.proto === 1 || p.proto === 58 ? ICMP_REPLY[p.icmpType] ?? p.icmpType : 0,
      icmpCode: p.icmpCode,
    },
  ],
  nat64(p, src) {
    const icmp = p.proto === 58;
    const saved: SavedPacket = { saved: true, packet: p };
    return {
      p: { v: 4, src, dst: Number((p.dst as bigint) & 0xffffffffn), proto: icmp ? 1 : p.proto, srcPort: p.srcPort, dstPort: p.dstPort, icmpType: icmp ? ICMP6_TO_4[p.icmpType] ?? p.icmpType : p.icmpType, icmpCode: p.icmpCode },
      saved,
    };
  },
  nat46(p, saved) {
    const icmp = p.proto === 1;
    return { v: 6, src: NAT64_BASE | BigInt(p.src), dst: (saved as SavedPacket).packet.src, proto: icmp ? 58 : p.proto, srcPort: p.srcPort, dstPort: p.dstPort, icmpType: icmp ? ICMP4_TO_6[p.icmpType] ?? p.icmpType : p.icmpType, icmpCode: p.icmpCode };
  },
};
