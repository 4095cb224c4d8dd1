import { describe, expect, it } from 'vitest';
import { flowLabel, protoLabel } from '../src/present.js';

describe('flow labels', () => {
  it('protocol numbers read as names, and only TCP and UDP show a port', () => {
    expect(protoLabel({ protocol: 6, port: 5432 })).toBe('tcp/5432');
    expect(protoLabel({ protocol: '17', port: 53 })).toBe('udp/53');
    expect(protoLabel({ protocol: 'icmp', port: 5 })).toBe('icmp');
    expect(protoLabel({ protocol: 58 })).toBe('icmpv6');
    expect(protoLabel({ protocol: 50, port: 1 })).toBe('50');
    expect(flowLabel({ from: 'i-web-1', to: '8.8.8.8', protocol: 'tcp', port: 443 })).toBe('i-web-1 → 8.8.8.8  tcp/443');
  });

  it('a flow says its source port and ICMP type when they are set: a trace header names the packet traced', () => {
    // `reach --src-ports all --explain N` traces a packet from source port 443; the header said
    // only `tcp/443`, as if the default client port had been traced
    expect(flowLabel({ from: 'internet:203.0.113.10', to: '3.80.0.10', protocol: 'tcp', port: 443, srcPort: 443 })).toBe('internet:203.0.113.10 → 3.80.0.10  tcp/443 from port 443');
    expect(flowLabel({ from: 'i-web-1', to: '8.8.8.8', protocol: 'icmp', icmpType: 8, icmpCode: 0 })).toBe('i-web-1 → 8.8.8.8  icmp type 8 code 0');
  });
});

describe('paths with repeated cycles (routing loops)', () => {
  it('fold into `(cycle) ×n`', async () => {
    const { foldPath } = await import('../src/present.js');
    expect(foldPath(['a', 'b', 'c'])).toBe('a → b → c');
    expect(foldPath(['a', ...Array(20).fill(['b', 'c']).flat(), 'd'])).toBe('a → (b → c) ×20 → d');
    expect(foldPath(['x', 'x', 'x'])).toBe('x ×3');
    expect(foldPath(['a', 'b', 'a', 'b', 'c'])).toBe('(a → b) ×2 → c');
  });
});
