// IPv6 text as RFC 4291 section 2.2 writes it (https://www.rfc-editor.org/rfc/rfc4291#section-2.2),
// read by vpcsim's own parser (packages/model/src/address.ts), held to the answers of the ip-num
// package it replaced: the same value for every text ip-num accepts, and undefined for every
// text it refuses, over hand-picked forms and random texts built from IPv6's own pieces.
import fc from 'fast-check';
import { IPv6, Validator } from 'ip-num';
import { describe, expect, it } from 'vitest';
import { parseCidr, parseIpv6 } from '../src/address.js';

/** What parseIpv6 answered when it went through ip-num. */
function viaIpNum(s: string): bigint | undefined {
  if (!s.includes(':') || s.includes('%')) return undefined;
  const [ok] = Validator.isValidIPv6String(s);
  if (!ok) return undefined;
  try {
    return IPv6.fromString(s).getValue();
  } catch {
    return undefined;
  }
}

describe('IPv6 text', () => {
  it.each([
    ['::', 0n],
    ['::1', 1n],
    ['2001:db8::', 0x20010db8n << 96n],
    ['2001:DB8:0:0:8:800:200C:417A', 0x20010db8000000000008080020_0c417an],
    ['FF01::101', (0xff01n << 112n) | 0x101n],
    ['::ffff:10.0.0.1', (0xffffn << 32n) | 0x0a000001n],
    ['::13.1.68.3', 0x0d014403n],
    ['1:2:3:4:5:6:1.2.3.4', 0x0001000200030004000500060102_0304n],
    ['1:2:3:4:5:6:7::', 0x00010002000300040005000600070000n],
  ])('%s reads as RFC 4291 writes it', (text, value) => {
    expect(parseIpv6(text)).toBe(value);
    expect(viaIpNum(text)).toBe(value);
  });
  it.each(['', ':', ':::', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', 'g::', '::1.2.3', '::01.2.3.4', '::256.1.1.1', '1.2.3.4::', '1:2:3:4:5:6:7:1.2.3.4', 'fe80::1%eth0', '::1/128', ' ::1', ':1:2:3:4:5:6:7', '1:2:3:4:5:6:7:'])(
    '%j is not IPv6 text',
    (text) => {
      expect(parseIpv6(text)).toBeUndefined();
      expect(viaIpNum(text)).toBeUndefined();
    },
  );
  it('a CIDR block of either kind still parses', () => {
    expect(parseCidr('2001:db8::/32')).toMatchObject({ version: 6, prefix: 32, base: 0x20010db8n << 96n });
    expect(parseCidr('::ffff:10.0.0.0/104')).toMatchObject({ version: 6, prefix: 104 });
    expect(parseCidr('2001:db8::1/32')).toBe('`2001:db8::1/32` has host bits set: the block is `2001:db8::/32`');
  });

  // random texts made of IPv6's pieces: groups of 0-5 hex digits, `:` and `::`, dotted quads
  // (some with bad octets), and stray characters
  const hex = fc.stringMatching(/^[0-9a-fA-F]{0,5}$/);
  const octet = fc.oneof(fc.integer({ min: 0, max: 255 }).map(String), fc.constantFrom('256', '01', '999', ''));
  const quad = fc.array(octet, { minLength: 3, maxLength: 5 }).map((o) => o.join('.'));
  const piece = fc.oneof({ weight: 6, arbitrary: hex }, { weight: 1, arbitrary: quad }, { weight: 1, arbitrary: fc.constantFrom('', ':', '%1', '/64', ' ', 'x') });
  const text = fc.tuple(fc.array(piece, { minLength: 0, maxLength: 10 }), fc.array(fc.constantFrom(':', '::'), { minLength: 10, maxLength: 10 })).map(([ps, seps]) => ps.map((p, i) => (i === 0 ? p : `${seps[i]}${p}`)).join(''));
  it('agrees with ip-num on random texts', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(parseIpv6(s), s).toBe(viaIpNum(s));
      }),
      { numRuns: 20_000, seed: 4291 },
    );
  });
  it('agrees with ip-num on every valid address ip-num writes', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v) => {
        const text = new IPv6(v).toString();
        expect(parseIpv6(text), text).toBe(v);
      }),
      { numRuns: 2_000, seed: 4291 },
    );
  });
});
