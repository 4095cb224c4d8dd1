// The symbolic reading of a network ACL (naclAdmits) against the tracer's first match
// (naclMatch), packet by packet, on random rule lists; and its size on thousands of port rules,
// counted in diagram cells (issue 18: 10,000 rules took a property to 5.3 GB and out of memory).
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html ("rules are evaluated
// starting with the lowest numbered rule ... as soon as a rule matches traffic, it's applied")
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NetworkAclRule } from '@vpcsim/model';
import { compileNaclRules, naclAdmits, naclMatch } from '../src/concepts/network-acl.js';
import { PacketSpace, type PacketSet } from '../src/domain/packet-set.js';
import type { Packet } from '../src/traffic.js';
import type { Walk } from '../src/walk/types.js';

const ip = (a: number, b: number, c: number, d: number): number => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
const walkOf = (space: PacketSpace) => ({ dom: space }) as unknown as Walk<PacketSet>;

const rule = fc.record({
  protocol: fc.constantFrom('tcp', 'udp', 'icmp', 'all', '47'),
  ports: fc.option(fc.constantFrom('22', '80', '443', '1024-65535', '80-443', '0-79'), { nil: undefined }),
  cidr: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.1.2.3/32', '192.168.0.0/16', '::/0'),
  action: fc.constantFrom('allow', 'deny'),
});
const rules = fc.uniqueArray(fc.integer({ min: 1, max: 200 }), { maxLength: 10 }).chain((nums) => fc.tuple(...nums.map((n) => rule.map((r) => ({ ...r, rule: n }) as NetworkAclRule))));
const packet: fc.Arbitrary<Packet> = fc.record({
  v: fc.constant(4 as const),
  src: fc.constantFrom(ip(10, 1, 2, 3), ip(10, 1, 2, 9), ip(10, 1, 9, 9), ip(10, 9, 9, 9), ip(192, 168, 1, 1), ip(8, 8, 8, 8)),
  dst: fc.constantFrom(ip(10, 1, 2, 3), ip(8, 8, 8, 8)),
  proto: fc.constantFrom(6, 17, 1, 47),
  srcPort: fc.constantFrom(0, 22, 1023, 1024, 49152),
  dstPort: fc.constantFrom(0, 22, 79, 80, 443, 444, 8080),
  icmpType: fc.constant(0),
  icmpCode: fc.constant(0),
});

describe('network ACL rules as packet sets', () => {
  it('admit exactly the packets whose first matching rule allows them, in both directions', () => {
    fc.assert(
      fc.property(rules, fc.array(packet, { minLength: 1, maxLength: 12 }), fc.boolean(), (rs, pkts, inbound) => {
        const space = new PacketSpace();
        const list = compileNaclRules(rs);
        const { admitted, denied } = naclAdmits(walkOf(space), list, inbound, space.valid(4));
        for (const raw of pkts) {
          // ports only for TCP and UDP, as the valid set holds them
          const x = raw.proto === 6 || raw.proto === 17 ? raw : { ...raw, srcPort: 0, dstPort: 0 };
          const first = naclMatch(list, inbound ? x.src : x.dst, x);
          const allow = first?.allow === true;
          expect(space.has(admitted, x), `${JSON.stringify(rs)} ${JSON.stringify(x)}`).toBe(allow);
          expect(space.has(denied, x)).toBe(!allow);
        }
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  it.each([
    ['in port order', (i: number) => i + 1],
    ['scattered', (i: number) => ((i * 7919) % 60000) + 1],
  ])('10,000 single-port rules, %s: a few cells per rule, not a remainder with a hole per rule at every step', (_how, port) => {
    const rs: NetworkAclRule[] = Array.from({ length: 10_000 }, (_, i) => ({ rule: i + 1, protocol: 'tcp', ports: String(port(i)), cidr: '0.0.0.0/0', action: i % 2 ? 'allow' : 'deny' }));
    const space = new PacketSpace();
    const { admitted } = naclAdmits(walkOf(space), compileNaclRules(rs), true, space.valid(4));
    expect(space.values(admitted!, 'dstPort')).toHaveLength(5_000);
    // joined one by one the cells grew with the square of the rules (more than 12 million)
    expect(space.budget.cells).toBeLessThan(4_000_000);
  });

  it('a budget of cells exceeded is an error that says so, never a process out of memory', () => {
    const space = new PacketSpace({ maxCells: 10_000 });
    const rs: NetworkAclRule[] = Array.from({ length: 10_000 }, (_, i) => ({ rule: i + 1, protocol: 'tcp', ports: String(i + 1), cidr: '0.0.0.0/0', action: 'allow' }));
    expect(() => naclAdmits(walkOf(space), compileNaclRules(rs), true, space.valid(4))).toThrow(/more than 10,000 cells/);
  });
});
