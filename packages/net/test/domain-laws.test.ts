// The two readings of the walk contract (src/walk/types.ts) agree: for random packet sets,
// matches, tables and packets, a packet is in the part a set operation keeps exactly when the
// concrete domain keeps it (STYLE-2.md section 3: x ∈ split(S, m)[0] ⇔ x ∈ S ∧ holds(m, x)).
import fc from 'fast-check';
import { cidrOf } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { blockOf, type BlockC } from '../src/compile-network.js';
import { NAT64_BASE, packetDomain, packetMatches, type Pkt } from '../src/domain/packet.js';
import { PacketSpace, type PacketSet } from '../src/domain/packet-set.js';
import { Lpm } from '../src/lpm.js';
import type { HeaderMatch } from '../src/walk/types.js';

const NETS = ['10.0.0.0/24', '10.0.0.0/25', '10.0.0.128/26', '10.0.1.0/24', '10.0.0.7/32', '0.0.0.0/0', '10.0.0.0/16', '192.168.0.0/30'];
const blocks = NETS.map((t) => blockOf(cidrOf(t)));
const addr = fc.constantFrom(0x0a000000, 0x0a000007, 0x0a000080, 0x0a0000bf, 0x0a0000c0, 0x0a000100, 0x0a0001ff, 0xc0a80002, 0x08080808, 0);
const port = fc.constantFrom(0, 22, 23, 443, 1023, 1024, 49152, 65535);
const proto = fc.constantFrom(6, 17, 1, 47);

const arbPacket: fc.Arbitrary<Pkt> = fc.record({ proto, dstPort: port, srcPort: port, icmpType: fc.constantFrom(0, 8, 3, 13), icmpCode: fc.constantFrom(0, 1), src: addr, dst: addr }).map((x) => {
  // a valid packet: ports only for TCP and UDP, a type and code only for ICMP
  const ports = x.proto === 6 || x.proto === 17;
  const icmp = x.proto === 1;
  return { v: 4 as const, ...x, dstPort: ports ? x.dstPort : 0, srcPort: ports ? x.srcPort : 0, icmpType: icmp ? x.icmpType : 0, icmpCode: icmp ? x.icmpCode : 0 };
});

const range = <T extends number | bigint>(xs: fc.Arbitrary<T>) => fc.tuple(xs, xs).map(([a, b]) => (a <= b ? ([a, b] as const) : ([b, a] as const)));
const arbMatch: fc.Arbitrary<HeaderMatch> = fc.record(
  {
    proto: range(proto),
    dstPort: range(port),
    srcPort: range(port),
    icmpType: range(fc.constantFrom(0, 3, 8, 13)),
    src: fc.array(fc.constantFrom(...blocks), { minLength: 1, maxLength: 2 }),
    dst: fc.array(fc.constantFrom(...blocks), { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: [] },
);

/** A random set: a union of a few boxes. */
function arbSet(space: PacketSpace): fc.Arbitrary<PacketSet> {
  const box = fc.record({ proto: range(proto), dstPort: range(port), srcPort: range(port), src: range(addr), dst: range(addr) });
  return fc.array(box, { minLength: 1, maxLength: 4 }).map((bs) => {
    let node = 0;
    const idd = space.idd(4);
    for (const b of bs) node = idd.or(node, space.set(4, { proto: [b.proto], dstPort: [b.dstPort], srcPort: [b.srcPort], src: [b.src], dst: [b.dst] }).node);
    return space.ofNode(4, node);
  });
}

describe('packet-set domain laws (against the packet domain)', () => {
  const space = new PacketSpace();
  const has = (p: PacketSet | null, x: Pkt): boolean => space.has(p, x);

  it('meet and minus keep exactly the packets the concrete match keeps', () => {
    fc.assert(
      fc.property(arbSet(space), arbMatch, arbPacket, (S, m, x) => {
        expect(has(space.meet(S, m), x)).toBe(has(S, x) && packetMatches(x, m));
        expect(has(space.minus(S, m), x)).toBe(has(S, x) && !packetMatches(x, m));
      }),
      { numRuns: 800 },
    );
  });

  it('partition gives each packet the value the table gives its destination', () => {
    fc.assert(
      fc.property(arbSet(space), fc.array(fc.tuple(fc.constantFrom(...blocks), fc.nat(3)), { maxLength: 5 }), arbPacket, (S, routes, x) => {
        const lpm = new Lpm<string>();
        routes.forEach(([b, rank], i) => lpm.insert(b as BlockC, rank, `r${i}`));
        const parts = space.partition(S, 'dst', lpm);
        const holding = parts.filter(([, p]) => has(p, x));
        if (!has(S, x)) expect(holding).toHaveLength(0);
        else {
          expect(holding).toHaveLength(1);
          expect(holding[0]![0]).toBe(lpm.get(4, x.dst));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a rewritten field is the new value for every later match; restore brings the old one back', () => {
    fc.assert(
      fc.property(arbSet(space), arbPacket, addr, arbMatch, (S, x, to, m) => {
        fc.pre(has(S, x));
        const { p: R, saved } = space.rewrite(S, 'src', to);
        const { p: r, saved: sv } = packetDomain.rewrite(x, 'src', to);
        // x (an original packet) is in the part of R that m keeps iff its rewritten packet matches
        expect(has(space.meet(R, m), x)).toBe(packetMatches(r, m));
        const back = space.restore(R, 'src', saved);
        expect(has(space.meet(back, m), x)).toBe(packetMatches(packetDomain.restore(r, 'src', sv), m));
      }),
      { numRuns: 500 },
    );
  });

  it('replies: every part of reply(S) sees x as the concrete reply of x', () => {
    fc.assert(
      fc.property(arbSet(space), arbPacket, arbMatch, (S, x, m) => {
        fc.pre(has(S, x));
        const parts = space.reply(S).filter((p) => has(p, x));
        expect(parts).toHaveLength(1);
        const r = packetDomain.reply(x)[0]!;
        expect(has(space.meet(parts[0]!, m), x)).toBe(packetMatches(r, m));
      }),
      { numRuns: 500 },
    );
  });

  it('union, without and equality are set operations; equal sets are one node', () => {
    fc.assert(
      fc.property(arbSet(space), arbSet(space), arbPacket, (A, B, x) => {
        expect(has(space.union(A, B), x)).toBe(has(A, x) || has(B, x));
        const both = space.union(A, B);
        expect(has(space.without(both, B), x)).toBe(has(A, x) && !has(B, x));
        expect(space.union(A, B).node).toBe(space.union(B, A).node);
      }),
      { numRuns: 500 },
    );
  });

  // NAT64 (concepts/nat-gateway.ts): the set keeps IPv6 packets and its view reads them as IPv4,
  // the destination less the 64:ff9b::/96 prefix; the reply is read as IPv6 again
  const v6addr = fc.constantFrom(0x26001f18000101000000000000000010n, 0x26001f18000101000000000000000011n, 0x26001f180002ff000000000000000001n);
  const arbPacket6: fc.Arbitrary<Pkt> = fc.record({ icmp: fc.boolean(), proto: fc.constantFrom(6, 17), dstPort: port, srcPort: port, src: v6addr, dst: addr }).map((x) => ({
    v: 6 as const,
    src: x.src,
    dst: NAT64_BASE | BigInt(x.dst),
    proto: x.icmp ? 58 : x.proto,
    dstPort: x.icmp ? 0 : x.dstPort,
    srcPort: x.icmp ? 0 : x.srcPort,
    icmpType: x.icmp ? 128 : 0,
    icmpCode: 0,
  }));
  const blocks6 = ['2600:1f18:1:101::/64', '2600:1f18:1:101::10/128', '::/0', '64:ff9b::/96', '64:ff9b::a00:0/120'].map((t) => blockOf(cidrOf(t)));
  const arbMatch6: fc.Arbitrary<HeaderMatch> = fc.record(
    { proto: range(fc.constantFrom(6, 17, 58)), dstPort: range(port), srcPort: range(port), icmpType: range(fc.constantFrom(0, 128, 129)), src: fc.array(fc.constantFrom(...blocks6), { minLength: 1, maxLength: 2 }), dst: fc.array(fc.constantFrom(...blocks6), { minLength: 1, maxLength: 2 }) },
    { requiredKeys: [] },
  );
  /** A random IPv6 set of NAT64 packets of one kind (TCP and UDP, or ICMPv6 echo requests). */
  const arbSet6 = (icmp: boolean): fc.Arbitrary<PacketSet> =>
    fc.array(fc.record({ proto: range(fc.constantFrom(6, 17)), dstPort: range(port), srcPort: range(port), src: range(v6addr), dst: range(addr) }), { minLength: 1, maxLength: 4 }).map((bs) => {
      const idd = space.idd(6);
      let node = 0;
      for (const b of bs) {
        const dst = [[NAT64_BASE | BigInt(b.dst[0]), NAT64_BASE | BigInt(b.dst[1])] as const];
        const box = icmp ? { proto: [[58, 58] as const], icmpType: [[128, 128] as const], icmpCode: [[0, 0] as const], dstPort: [[0, 0] as const], srcPort: [[0, 0] as const], src: [b.src], dst } : { proto: [b.proto], dstPort: [b.dstPort], srcPort: [b.srcPort], icmpType: [[0, 0] as const], icmpCode: [[0, 0] as const], src: [b.src], dst };
        node = idd.or(node, space.set(6, box).node);
      }
      return space.ofNode(6, node);
    });
  const arbNat64 = fc.boolean().chain((icmp) => fc.tuple(arbSet6(icmp), arbPacket6.filter((x) => (x.proto === 58) === icmp)));

  it('nat64: later IPv4 matches and tables read the translated packet; nat46 gives the reply back as IPv6', () => {
    fc.assert(
      fc.property(arbNat64, addr, arbMatch, arbMatch6, fc.array(fc.tuple(fc.constantFrom(...blocks), fc.nat(3)), { maxLength: 5 }), ([S, x], to, m, m6, routes) => {
        fc.pre(has(S, x));
        const { p: R, saved } = space.nat64(S, to);
        const { p: r, saved: sv } = packetDomain.nat64(x, to);
        expect(space.family(R)).toBe(4);
        expect(has(space.meet(R, m), x)).toBe(packetMatches(r, m));
        const lpm = new Lpm<string>();
        routes.forEach(([b, rank], i) => lpm.insert(b as BlockC, rank, `r${i}`));
        const holding = space.partition(R, 'dst', lpm).filter(([, p]) => has(p, x));
        expect(holding.map(([v]) => v)).toEqual([lpm.get(4, r.dst)]);
        // the reply of the translated packet, back through the NAT gateway
        const parts = space.reply(R).filter((p) => has(p, x));
        expect(parts).toHaveLength(1);
        const rr = packetDomain.reply(r)[0]!;
        expect(has(space.meet(parts[0]!, m), x)).toBe(packetMatches(rr, m));
        const back = space.nat46(parts[0]!, saved);
        const b = packetDomain.nat46(rr, sv);
        expect(space.family(back)).toBe(6);
        expect(b).toMatchObject({ v: 6, src: x.dst, dst: x.src, srcPort: x.dstPort, dstPort: x.srcPort, proto: x.proto, icmpType: x.proto === 58 ? 129 : 0 });
        expect(has(space.meet(back, m6), x)).toBe(packetMatches(b, m6));
      }),
      { numRuns: 500 },
    );
  });
});
