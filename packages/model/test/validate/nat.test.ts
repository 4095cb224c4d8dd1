import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { base, expectError, expectWarning } from '../fixtures.js';

describe('NAT gateways', () => {
  it('lives in a subnet that exists', () => {
    expectError((s) => (s.natGateways[0].subnet = 'sn-pub-z'), 'unknown-reference', ['natGateways', 0, 'subnet']);
  });
  it('public connectivity needs an Elastic IP', () => {
    const d = expectError((s) => delete s.natGateways[0].publicIp, 'nat-public-ip-missing', ['natGateways', 0, 'publicIp']);
    expect(d.hint).toContain('Elastic IP');
  });
  it('private connectivity must not have one', () => {
    expectError((s) => (s.natGateways[0].connectivity = 'private'), 'nat-private-with-public-ip', ['natGateways', 0, 'publicIp']);
  });
  it('privateIp inside its subnet and not reserved', () => {
    expectError((s) => (s.natGateways[0].privateIp = '10.0.1.20'), 'ip-outside-subnet', ['natGateways', 0, 'privateIp']);
    expectError((s) => (s.natGateways[0].privateIp = '10.0.0.3'), 'reserved-ip', ['natGateways', 0, 'privateIp']);
  });
  it('warns when its subnet has no route to an internet gateway', () => {
    expectWarning((s) => (s.routeTables[0].routes[0].target = 'blackhole'), 'nat-subnet-no-igw-route', ['natGateways', 0, 'subnet']);
  });
  it('a private NAT gateway needs no IGW route', () => {
    const s = base();
    s.natGateways[0] = { id: 'nat-p', subnet: 'sn-b', connectivity: 'private' };
    s.routeTables[1].routes[0].target = 'nat-p';
    // nat-p is in vpc-b, rtb-priv in vpc-a: the route is wrong, but no IGW warning
    const r = compile(s);
    expect(r.warnings.filter((w) => w.code === 'nat-subnet-no-igw-route')).toEqual([]);
  });
});

describe('NAT instances', () => {
  it('warn when the source/destination check is left on', () => {
    const s = base();
    delete s.instances[2].sourceDestCheck;
    const r = compile(s);
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => [w.code, w.path])).toContainEqual(['nat-source-dest-check', ['instances', 2, 'sourceDestCheck']]);
  });
});
