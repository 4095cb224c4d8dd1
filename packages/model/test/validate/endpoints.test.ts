import { describe, expect, it } from 'vitest';
import { expectError, expectWarning, mutate } from '../fixtures.js';

describe('VPC endpoints', () => {
  it('gateway endpoints exist for s3 and dynamodb only', () => {
    expectError((s) => (s.vpcEndpoints[0].service = 'sqs'), 'gateway-endpoint-service', ['vpcEndpoints', 0, 'service']);
    expect(mutate((s) => (s.vpcEndpoints[0].service = 'com.amazonaws.us-east-1.dynamodb'))).toEqual([]);
  });
  it('gateway endpoint route tables are in the same VPC', () => {
    expectError((s) => (s.vpcEndpoints[0].routeTables = ['rtb-b']), 'vpc-mismatch', ['vpcEndpoints', 0, 'routeTables', 0]);
  });
  it('a gateway endpoint without route tables is useless (warning)', () => {
    expectWarning((s) => delete s.vpcEndpoints[0].routeTables, 'gateway-endpoint-no-route-tables', ['vpcEndpoints', 0, 'routeTables']);
  });
  it('gateway endpoints take no subnets; interface endpoints no route tables', () => {
    expectError((s) => (s.vpcEndpoints[0].subnets = ['sn-priv-a']), 'endpoint-field-mismatch', ['vpcEndpoints', 0, 'subnets']);
    expectError((s) => (s.vpcEndpoints[1].routeTables = ['rtb-priv']), 'endpoint-field-mismatch', ['vpcEndpoints', 1, 'routeTables']);
  });
  it('interface endpoints: at most one subnet per AZ', () => {
    const d = expectError((s) => s.vpcEndpoints[1].subnets.push('sn-pub-a'), 'endpoint-subnet-az', ['vpcEndpoints', 1, 'subnets', 2]);
    expect(d.message).toContain('us-east-1a');
  });
  it('interface endpoint subnets and security groups are in its VPC', () => {
    expectError((s) => (s.vpcEndpoints[1].subnets = ['sn-b']), 'vpc-mismatch', ['vpcEndpoints', 1, 'subnets', 0]);
    expectError((s) => (s.vpcEndpoints[1].securityGroups = ['sg-b']), 'vpc-mismatch', ['vpcEndpoints', 1, 'securityGroups', 0]);
  });
});
