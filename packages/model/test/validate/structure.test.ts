import { describe, expect, it } from 'vitest';
import { expectError, mutate } from '../fixtures.js';

describe('one of each per VPC', () => {
  it('one internet gateway per VPC', () => {
    const d = expectError((s) => (s.internetGateways[1].vpc = 'vpc-a'), 'multiple-internet-gateways', ['internetGateways', 1, 'vpc']);
    expect(d.message).toBe('`vpc-a` already has internet gateway `igw-a`');
  });
  it('an internet gateway appears once (one VPC per IGW)', () => {
    expectError((s) => s.internetGateways.push({ id: 'igw-a', vpc: 'vpc-b' }), 'duplicate-id', ['internetGateways', 2, 'id']);
  });
  it('exactly one main route table: two is an error', () => {
    expectError((s) => s.routeTables.push({ id: 'rtb-b2', vpc: 'vpc-b', main: true }), 'multiple-main-route-tables', ['routeTables', 3, 'main']);
  });
  it('no declared main route table is fine (implicit)', () => {
    expect(mutate((s) => (s.routeTables[2].main = false))).toEqual([]);
  });
  it('at most one default network ACL and one default security group', () => {
    expectError(
      (s) => s.networkAcls.push({ id: 'acl-d1', vpc: 'vpc-b', default: true }, { id: 'acl-d2', vpc: 'vpc-b', default: true }),
      'multiple-default-network-acls',
      ['networkAcls', 2, 'default'],
    );
    expectError(
      (s) => s.securityGroups.push({ id: 'sg-d1', vpc: 'vpc-b', default: true }, { id: 'sg-d2', vpc: 'vpc-b', default: true }),
      'multiple-default-security-groups',
      ['securityGroups', 4, 'default'],
    );
  });
});
