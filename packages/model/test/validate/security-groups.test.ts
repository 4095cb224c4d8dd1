import { describe, expect, it } from 'vitest';
import { expectError, mutate } from '../fixtures.js';

describe('security group references and attachments', () => {
  it('a reference to a group of a peered VPC in the same region is fine', () => {
    expect(mutate(() => undefined)).toEqual([]);
  });
  it('a reference to another VPC needs an active peering', () => {
    expectError((s) => (s.vpcPeeringConnections[0].status = 'pending-acceptance'), 'sg-reference-no-peering', ['securityGroups', 2, 'inbound', 0, 'securityGroup']);
    expectError((s) => (s.vpcPeeringConnections = []), 'sg-reference-no-peering', ['securityGroups', 2, 'inbound', 0, 'securityGroup']);
  });
  it('a reference across regions is an error, even with a peering', () => {
    const d = expectError(
      (s) => {
        s.securityGroups.push({ id: 'sg-c', vpc: 'vpc-c', inbound: [{ protocol: 'tcp', ports: 443, securityGroup: 'sg-web' }] });
        s.vpcPeeringConnections.push({ id: 'pcx-ac', requester: 'vpc-a', accepter: 'vpc-c' });
      },
      'sg-reference-cross-region',
      ['securityGroups', 3, 'inbound', 0, 'securityGroup'],
    );
    expect(d.message).toContain('us-east-1');
  });
  it('up to 5 groups per interface', () => {
    expectError(
      (s) => {
        for (let k = 0; k < 5; k++) s.securityGroups.push({ id: `sg-x${k}`, vpc: 'vpc-a' });
        s.instances[0].securityGroups = ['sg-web', 'sg-x0', 'sg-x1', 'sg-x2', 'sg-x3', 'sg-x4'];
      },
      'too-many-security-groups',
      ['instances', 0, 'securityGroups'],
    );
  });
  it('groups on an interface belong to its VPC', () => {
    const d = expectError((s) => (s.instances[0].securityGroups = ['sg-b']), 'vpc-mismatch', ['instances', 0, 'securityGroups', 0]);
    expect(d.message).toBe('security group `sg-b` belongs to `vpc-b`, not to `vpc-a`');
  });
});
