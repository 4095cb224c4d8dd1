import { describe, expect, it } from 'vitest';
import { expectError, mutate } from '../fixtures.js';

describe('VPC peering', () => {
  it('overlapping IPv4 blocks cannot be peered', () => {
    const d = expectError((s) => (s.vpcs[1].cidr = '10.0.0.0/16'), 'peering-overlap', ['vpcPeeringConnections', 0]);
    expect(d.message).toContain('`vpc-a`');
  });
  it('secondary blocks count', () => {
    expectError((s) => (s.vpcs[1].secondaryCidrs = ['10.10.0.0/16']), 'peering-overlap', ['vpcPeeringConnections', 0]);
  });
  it('a VPC cannot peer with itself', () => {
    expectError((s) => (s.vpcPeeringConnections[0].accepter = 'vpc-a'), 'peering-self', ['vpcPeeringConnections', 0, 'accepter']);
  });
  it('disjoint VPCs peer fine, also across regions', () => {
    expect(mutate((s) => s.vpcPeeringConnections.push({ id: 'pcx-ac', requester: 'vpc-a', accepter: 'vpc-c' }))).toEqual([]);
  });
});
