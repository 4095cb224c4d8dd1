// Values no AWS account can hold are refused with a located error and a hint (issue 18): a public
// IP inside a VPC block or in a private or special range, 0.0.0.0 or 127.0.0.1 as an address,
// ASNs out of range, an IPv6 zone id in a route, an availability zone of another region, and
// control characters in ids.
import { describe, expect, it } from 'vitest';
import { expectError, mutate } from '../fixtures.js';

describe('addresses', () => {
  it.each([
    ['10.0.0.50', 'inside `10.0.0.0/16` of `vpc-a`'],
    ['10.200.0.1', 'a private address (10.0.0.0/8, RFC 1918)'],
    ['0.0.0.0', '"this network"'],
    ['127.0.0.1', 'a loopback address'],
    ['255.255.255.255', 'a reserved address'],
    ['100.64.1.1', 'a shared address'],
  ])('publicIp %s is refused: %s', (ip, why) => {
    const d = expectError((s) => (s.instances[1].publicIp = ip), 'public-ip-in-vpc', ['instances', 1, 'publicIp']);
    expect(d.message).toContain(why);
    expect(d.hint).toBeTruthy();
    expectError((s) => (s.natGateways[0].publicIp = ip), 'public-ip-in-vpc', ['natGateways', 0, 'publicIp']);
  });
  it('a customer gateway at 0.0.0.0 or 127.0.0.1 is refused; a private address is fine (private IP VPN)', () => {
    expectError((s) => (s.customerGateways[0].ip = '0.0.0.0'), 'address-not-usable', ['customerGateways', 0, 'ip']);
    expectError((s) => (s.customerGateways[0].ip = '127.0.0.1'), 'address-not-usable', ['customerGateways', 0, 'ip']);
    expect(mutate((s) => (s.customerGateways[0].ip = '192.168.50.1')).filter((d) => d.severity === 'error')).toEqual([]);
  });
  it('an IPv6 zone id in a route destination is refused, naming the zone', () => {
    const d = expectError((s) => s.routeTables[0].routes.push({ destination: 'fe80::%25eth0/64', target: 'igw-a' }), 'invalid-destination');
    expect(d.message).toContain('zone id (`%25eth0`)');
  });
});

describe('ASNs', () => {
  it.each([0, -1, 2 ** 32])('customer gateway ASN %d is refused', (asn) => {
    const d = expectError((s) => (s.customerGateways[0].asn = asn), asn < 1 ? 'too-small' : 'too-big');
    expect(d.path).toEqual(['customerGateways', 0, 'asn']);
    expect(d.hint).toBeTruthy();
  });
  it.each([1, 65000, 4_294_967_295])('customer gateway ASN %d is accepted', (asn) => {
    expect(mutate((s) => (s.customerGateways[0].asn = asn)).filter((d) => d.severity === 'error')).toEqual([]);
  });
  it.each([0, 1, 65535, 2 ** 32])('Amazon side ASN %d is refused (64512-65534, 4200000000-4294967294)', (asn) => {
    const d = expectError((s) => (s.vpnGateways[0].asn = asn), 'invalid-value');
    expect(d.path).toEqual(['vpnGateways', 0, 'asn']);
    expect(d.message).toContain('64512 to 65534');
  });
});

describe('availability zones', () => {
  it('a zone of another region is refused, with a zone of the right one', () => {
    const d = expectError((s) => (s.subnets[0].availabilityZone = 'eu-west-1a'), 'az-region-mismatch', ['subnets', 0, 'availabilityZone']);
    expect(d.message).toBe('`eu-west-1a` is a zone of eu-west-1, but `vpc-a` is in us-east-1');
    expect(d.hint).toBe('use a zone of us-east-1, e.g. `us-east-1a`');
    // a Local Zone of the region is the region's
    expect(mutate((s) => (s.subnets[0].availabilityZone = 'us-east-1-bos-1a')).filter((x) => x.code === 'az-region-mismatch')).toEqual([]);
    // a VPC of its own region takes its own zones
    expect(mutate((s) => (s.subnets[4].availabilityZone = 'us-west-2b')).filter((x) => x.code === 'az-region-mismatch')).toEqual([]);
  });
});

describe('text that is not text', () => {
  it.each([
    ['a NUL byte', 'i-w\u0000eb'],
    ['an escape sequence', 'i-web\u001b[31m'],
    ['a line break', 'i-web\nfake row'],
    ['half a surrogate pair', 'i-web\ud800'],
  ])('an id with %s is refused, with its path', (_what, id) => {
    const d = expectError((s) => (s.instances[0].id = id), 'invalid-text', ['instances', 0, 'id']);
    expect(d.hint).toBeTruthy();
  });
  it('a description may span lines', () => {
    expect(mutate((s) => (s.description = 'line one\nline two\ttabbed')).filter((d) => d.code === 'invalid-text')).toEqual([]);
  });
});
