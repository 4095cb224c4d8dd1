import { describe, it } from 'vitest';
import { expectError } from '../fixtures.js';

describe('instances and their interfaces', () => {
  it('extra interfaces are in the same AZ as the primary subnet', () => {
    expectError((s) => (s.networkInterfaces[0].subnet = 'sn-priv-b') && (s.networkInterfaces[0].privateIp = '10.10.2.50'), 'interface-az-mismatch', ['instances', 0, 'networkInterfaces', 0]);
  });
  it('an interface is attached to at most one instance', () => {
    expectError((s) => (s.instances[2].networkInterfaces = ['eni-extra']), 'interface-attached-twice', ['instances', 2, 'networkInterfaces', 0]);
  });
  it('an instance cannot take another instance primary interface', () => {
    expectError((s) => (s.instances[2].networkInterfaces = ['i-web/eth0']), 'wrong-kind', ['instances', 2, 'networkInterfaces', 0]);
  });
  it('instanceProfile names a declared role', () => {
    expectError((s) => (s.instances[0].instanceProfile = 'role/wbe'), 'unknown-reference', ['instances', 0, 'instanceProfile']);
    expectError((s) => (s.instances[0].instanceProfile = 'user/alice'), 'invalid-reference', ['instances', 0, 'instanceProfile']);
  });
});
