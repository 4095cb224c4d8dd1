import { describe, expect, it } from 'vitest';
import { expectError } from '../fixtures.js';

describe('ids are unique', () => {
  it('across network kinds', () => {
    const d = expectError((s) => s.securityGroups.push({ id: 'vpc-b', vpc: 'vpc-a' }), 'duplicate-id', ['securityGroups', 3, 'id']);
    expect(d.message).toBe('duplicate id `vpc-b`: already used by a VPC');
  });
  it('within one kind', () => {
    expectError((s) => s.subnets.push({ id: 'sn-b', vpc: 'vpc-b', availabilityZone: 'us-east-1b', cidr: '10.1.1.0/24' }), 'duplicate-id', ['subnets', 5, 'id']);
  });
  it('against the implicit ids', () => {
    expectError((s) => s.routeTables.push({ id: 'vpc-c/main-rtb', vpc: 'vpc-a' }), 'duplicate-id', ['routeTables', 3, 'id']);
  });
  it('IAM names per account and kind', () => {
    expectError((s) => s.iam.users.push({ name: 'alice' }), 'duplicate-name', ['iam', 'users', 1, 'name']);
    expectError((s) => s.iam.policies.push({ name: 'ReadS3', document: { Statement: [] } }), 'duplicate-name', ['iam', 'policies', 2, 'name']);
  });
  it('IAM names may repeat across accounts and kinds', async () => {
    const { mutate } = await import('../fixtures.js');
    const ds = mutate((s) => {
      s.iam.users.push({ name: 'alice', account: '222222222222' });
      s.iam.groups.push({ name: 'alice' });
    });
    expect(ds.filter((d) => d.code === 'duplicate-name')).toEqual([]);
  });
});
