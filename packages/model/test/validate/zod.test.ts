import { describe, expect, it } from 'vitest';
import { allowedKeys } from '../../src/validate/zod.js';
import { diagnose, expectError } from '../fixtures.js';

describe('schema diagnostics', () => {
  it('an unknown field gets a did-you-mean from the schema keys at that path', () => {
    const d = expectError(
      (s) => {
        s.subnets[0].routTable = s.subnets[0].routeTable;
        delete s.subnets[0].routeTable;
      },
      'unknown-field',
      ['subnets', 0, 'routTable'],
    );
    expect(d.message).toBe('unknown field `routTable`');
    expect(d.hint).toBe('did you mean `routeTable`?');
  });
  it('one diagnostic per unknown key, top level too', () => {
    const ds = diagnose({ version: 1, vpc: [], subnet: [] });
    expect(ds.map((d) => [d.code, d.path, d.hint])).toEqual([
      ['unknown-field', ['vpc'], 'did you mean `vpcs`?'],
      ['unknown-field', ['subnet'], 'did you mean `subnets`?'],
    ]);
  });
  it('an unknown key far from any known one lists what is allowed', () => {
    const d = expectError((s) => (s.defaults.zzzzzzzz = 1), 'unknown-field', ['defaults', 'zzzzzzzz']);
    expect(d.hint).toBe('allowed here: `account`, `region`');
  });
  it('allowed keys follow unions and lazy schemas', () => {
    expect(allowedKeys(['organization', 'root', 'units', 0], { organization: { root: { units: [{}] } } })).toContain('resourceControlPolicies');
    expect(allowedKeys(['iam', 'policies', 0, 'document', 'Statement', 0], { iam: { policies: [{ document: { Statement: [{}] } }] } })).toContain('NotAction');
  });
  it('type errors are phrased for people', () => {
    const d = expectError((s) => (s.networkAcls[0].inbound[0].rule = 'one hundred'), 'invalid-type', ['networkAcls', 0, 'inbound', 0, 'rule']);
    expect(d.message).toBe('expected a number, got a string');
    const e = expectError((s) => (s.defaults.account = 111111111111), 'invalid-type', ['defaults', 'account']);
    expect(e.hint).toBe('quote it: `"111111111111"`');
  });
  it('a missing required field', () => {
    const d = expectError((s) => delete s.subnets[0].cidr, 'missing-field', ['subnets', 0, 'cidr']);
    expect(d.message).toBe('missing required field `cidr`');
  });
  it('enum values are listed, with a did-you-mean', () => {
    const d = expectError((s) => (s.networkAcls[0].inbound[0].action = 'alow'), 'invalid-value', ['networkAcls', 0, 'inbound', 0, 'action']);
    expect(d.message).toBe('invalid value `alow`: expected one of `allow`, `deny`');
    expect(d.hint).toBe('did you mean `allow`?');
  });
  it('union errors collapse to the accepted forms: ports', () => {
    const d = expectError((s) => (s.securityGroups[0].inbound[0].ports = 'https'), 'invalid-format', ['securityGroups', 0, 'inbound', 0, 'ports']);
    expect(d.message).toContain('ports are a number, a range `1024-65535`, or `all`');
    const e = expectError((s) => (s.securityGroups[0].inbound[0].ports = 70000), 'too-big', ['securityGroups', 0, 'inbound', 0, 'ports']);
    expect(e.message).toBe('`70000` is too large: the maximum is 65535');
    const f = expectError((s) => (s.securityGroups[0].inbound[0].ports = true), 'invalid-type', ['securityGroups', 0, 'inbound', 0, 'ports']);
    expect(f.message).toBe('expected a port, a range "from-to", or all, got a boolean `true`');
  });
  it('union errors collapse to the accepted forms: protocol', () => {
    const d = diagnose({ ...minimal(), securityGroups: [{ id: 'sg', vpc: 'v', inbound: [{ protocol: 'tcpp', cidr: '0.0.0.0/0' }] }] });
    expect(d).toHaveLength(1);
    expect(d[0]!.path).toEqual(['securityGroups', 0, 'inbound', 0, 'protocol']);
    expect(d[0]!.message).toBe('invalid protocol `tcpp`');
    expect(d[0]!.hint).toBe('did you mean `tcp`? (expected tcp, udp, icmp, icmpv6, all, or an IP protocol number)');
  });
  it('a nested object in a union: the object branch is followed', () => {
    const d = expectError((s) => (s.iam.policies[0].document.Statement = [{ Effect: 'Allow', Action: '*', Resource: '*', Sidd: 'x' }]), 'unknown-field', ['iam', 'policies', 0, 'document', 'Statement', 0, 'Sidd']);
    expect(d.hint).toBe('did you mean `Sid`?');
  });
  it('custom refinements keep their message, lowercase', () => {
    const d = expectError((s) => (s.subnets[0].cidr = '10.0.0.1/24'), 'invalid-value', ['subnets', 0, 'cidr']);
    expect(d.message).toBe('`10.0.0.1/24` has host bits set: the block is `10.0.0.0/24`');
  });
  it('the wrong version', () => {
    const d = expectError((s) => (s.version = 2), 'invalid-value', ['version']);
    expect(d.message).toContain('`2`');
  });
  it('not an object at all', () => {
    for (const v of [null, 3, 'text', [], true]) {
      const ds = diagnose(v);
      expect(ds.length).toBeGreaterThan(0);
      expect(ds[0]!.message).toMatch(/^expected a mapping, got/);
    }
  });
});

function minimal() {
  return { version: 1, vpcs: [{ id: 'v', cidr: '10.0.0.0/16' }] };
}
