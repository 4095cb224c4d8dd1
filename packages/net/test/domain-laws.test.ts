// The two readings of the walk contract (src/walk/types.ts) agree: for random packet sets,
// matches, tables and packets, a packet is in the part a set operation keeps exactly when the
// concrete domain keeps it (STYLE-2.md section 3: x ∈ split(S, m)[0] ⇔ x ∈ S ∧ holds(m, x)).
import fc from 'fast-check';
import { cidrOf } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { blockOf, type BlockC } from '../src/compile-network.js';
import { packetDomain, packetMatches, type Pkt } from '../src/domain/packet.js';
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

const range = (xs: fc.Arbitrary<number>) => fc.tuple(xs, xs).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);
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
});
