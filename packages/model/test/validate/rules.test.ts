import { describe, expect, it } from 'vitest';
import { expectError, expectWarning, mutate } from '../fixtures.js';

describe('network ACL and security group rules', () => {
  it('duplicate NACL rule numbers within a direction', () => {
    const d = expectError((s) => (s.networkAcls[0].inbound[1].rule = 100), 'duplicate-rule-number', ['networkAcls', 0, 'inbound', 1, 'rule']);
    expect(d.message).toContain('rule number 100');
  });
  it('the same rule number in both directions is fine', () => {
    expect(mutate((s) => (s.networkAcls[0].outbound[0].rule = 110))).toEqual([]);
  });
  it('ports with a protocol other than tcp/udp are ignored (warning)', () => {
    expectWarning((s) => (s.networkAcls[0].inbound[2].ports = 22), 'ports-ignored', ['networkAcls', 0, 'inbound', 2, 'ports']);
    expectWarning((s) => (s.securityGroups[0].inbound[0].protocol = 'all'), 'ports-ignored', ['securityGroups', 0, 'inbound', 0, 'ports']);
  });
  it('protocol numbers 6 and 17 take ports', () => {
    expect(mutate((s) => (s.securityGroups[0].inbound[0].protocol = 6))).toEqual([]);
    expect(mutate((s) => (s.securityGroups[0].inbound[0].protocol = '17'))).toEqual([]);
  });
  it('a port range runs from low to high', () => {
    const d = expectError((s) => (s.networkAcls[0].inbound[1].ports = '65535-1024'), 'port-range-order', ['networkAcls', 0, 'inbound', 1, 'ports']);
    expect(d.hint).toBe('write it `1024-65535`');
    expectError((s) => (s.securityGroups[0].inbound[0].ports = '80-70000'), 'port-out-of-range', ['securityGroups', 0, 'inbound', 0, 'ports']);
  });
  it('icmpType only with icmp or icmpv6', () => {
    expectError((s) => (s.networkAcls[0].inbound[2].protocol = 'tcp'), 'icmp-without-icmp', ['networkAcls', 0, 'inbound', 2, 'icmpType']);
    expectError((s) => s.securityGroups[1].inbound.push({ protocol: 'udp', icmpCode: 0, cidr: '0.0.0.0/0' }), 'icmp-without-icmp', ['securityGroups', 1, 'inbound', 1, 'icmpCode']);
    expect(mutate((s) => (s.networkAcls[0].inbound[2].protocol = 'icmpv6'))).toEqual([]);
  });
  it('a protocol number is 0 to 255', () => {
    expectError((s) => (s.securityGroups[1].inbound[0].protocol = '300'), 'invalid-protocol', ['securityGroups', 1, 'inbound', 0, 'protocol']);
  });
});
