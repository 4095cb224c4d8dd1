import { describe, expect, it } from 'vitest';
import { expectError, expectWarning, mutate } from '../fixtures.js';

describe('routes', () => {
  it('an internet gateway attached to this VPC', () => {
    expectError((s) => (s.routeTables[2].routes[0] = { destination: '0.0.0.0/0', target: 'igw-a' }), 'route-target-vpc', ['routeTables', 2, 'routes', 0, 'target']);
  });
  // A detached internet gateway leaves its routes as blackholes (AWS shows them so), as does a
  // deleted peering: a warning, not an invalid scenario.
  // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
  it('a route to a detached internet gateway or a deleted peering is a blackhole warning', () => {
    const d = expectWarning((s) => (s.routeTables[0].routes[0].target = 'igw-spare'), 'route-blackhole', ['routeTables', 0, 'routes', 0, 'target']);
    expect(d.message).toContain('detached');
    expectWarning(
      (s) => {
        s.vpcPeeringConnections.push({ id: 'pcx-old', requester: 'vpc-a', accepter: 'vpc-c', status: 'deleted' });
        s.routeTables[0].routes.push({ destination: '10.2.0.0/16', target: 'pcx-old' });
      },
      'route-blackhole',
      ['routeTables', 0, 'routes', 4, 'target'],
    );
  });
  it('`state: blackhole` accepts a target that is gone', () => {
    expect(mutate((s) => (s.routeTables[0].routes[3] = { destination: '192.168.0.0/16', target: 'vgw-0deleted', state: 'blackhole' }))).toEqual([]);
    expectError((s) => (s.routeTables[0].routes[3] = { destination: '192.168.0.0/16', target: 'vgw-0deleted' }), 'unknown-reference', ['routeTables', 0, 'routes', 3, 'target']);
    expectError((s) => (s.routeTables[0].routes[3].state = 'gone'), 'invalid-value', ['routeTables', 0, 'routes', 3, 'state']);
  });
  it('a NAT gateway, interface or instance in this VPC', () => {
    expectError((s) => (s.routeTables[2].routes[0].target = 'nat-a'), 'route-target-vpc', ['routeTables', 2, 'routes', 0, 'target']);
    expectError((s) => (s.routeTables[2].routes[0].target = 'i-web'), 'route-target-vpc', ['routeTables', 2, 'routes', 0, 'target']);
    expectError((s) => (s.routeTables[2].routes[0].target = 'eni-extra'), 'route-target-vpc', ['routeTables', 2, 'routes', 0, 'target']);
  });
  it('a peering that involves this VPC', () => {
    expectError(
      (s) => {
        s.vpcPeeringConnections.push({ id: 'pcx-ac', requester: 'vpc-a', accepter: 'vpc-c' });
        s.routeTables[2].routes[0].target = 'pcx-ac';
      },
      'route-target-vpc',
      ['routeTables', 2, 'routes', 0, 'target'],
    );
  });
  it('a VGW attached, a gateway endpoint of, a TGW attached to this VPC', () => {
    expectError((s) => (s.routeTables[2].routes[0].target = 'vgw-a'), 'route-target-vpc', ['routeTables', 2, 'routes', 0, 'target']);
    expectError((s) => (s.routeTables[2].routes[0] = { destination: 'pl-s3', target: 'vpce-s3' }), 'route-target-vpc', ['routeTables', 2, 'routes', 0, 'target']);
    expectError((s) => (s.routeTables[2].routes[0].target = 'tgw-1'), 'route-target-vpc', ['routeTables', 2, 'routes', 0, 'target']);
    expectError((s) => (s.routeTables[1].routes[3].target = 'vpce-sqs'), 'wrong-kind', ['routeTables', 1, 'routes', 3, 'target']);
  });
  it('egress-only internet gateways carry IPv6 only', () => {
    const d = expectError((s) => (s.routeTables[1].routes[1].destination = '0.0.0.0/1'), 'egress-only-ipv4', ['routeTables', 1, 'routes', 1, 'target']);
    expect(d.message).toContain('IPv6 only');
  });
  it('a destination is a CIDR or a prefix list', () => {
    expectError((s) => (s.routeTables[0].routes[0].destination = 'everywhere'), 'invalid-destination', ['routeTables', 0, 'routes', 0, 'destination']);
    expectError((s) => (s.routeTables[0].routes[0].destination = '10.0.0.1/16'), 'invalid-destination', ['routeTables', 0, 'routes', 0, 'destination']);
    expectError((s) => (s.routeTables[0].routes[0].destination = 'pl-nope'), 'unknown-reference', ['routeTables', 0, 'routes', 0, 'destination']);
  });
  it('one route per destination in a table', () => {
    expectError((s) => s.routeTables[0].routes.push({ destination: '0.0.0.0/0', target: 'blackhole' }), 'duplicate-route', ['routeTables', 0, 'routes', 4, 'destination']);
  });
  it('local and blackhole targets are accepted', () => {
    expect(mutate((s) => s.routeTables[0].routes.push({ destination: '10.0.1.0/24', target: 'local' }))).toEqual([]);
  });
});

describe('transit gateway attachments', () => {
  it('one VPC attachment per VPC and transit gateway', () => {
    // https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html
    const d = expectError((s) => s.transitGateways[0].attachments.push({ ...s.transitGateways[0].attachments[0], id: 'att-again' }), 'tgw-duplicate-vpc-attachment');
    expect(d.message).toContain('is already attached');
  });
});
