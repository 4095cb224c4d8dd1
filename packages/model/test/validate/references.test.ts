import { describe, expect, it } from 'vitest';
import { diagnose, base, expectError } from '../fixtures.js';

describe('references resolve to the right kind', () => {
  it('unknown route table, with did-you-mean over route tables', () => {
    const d = expectError((s) => (s.subnets[0].routeTable = 'rtb-pubb'), 'unknown-reference', ['subnets', 0, 'routeTable']);
    expect(d.message).toBe('unknown route table `rtb-pubb`');
    expect(d.hint).toBe('did you mean `rtb-pub`?');
  });
  it('wrong kind: an internet gateway is not a route table', () => {
    const d = expectError((s) => (s.subnets[0].routeTable = 'igw-a'), 'wrong-kind', ['subnets', 0, 'routeTable']);
    expect(d.message).toBe('`igw-a` is an internet gateway, not a route table');
  });
  it('subnet.vpc must be a VPC', () => {
    expectError((s) => (s.subnets[0].vpc = 'vpc-z'), 'unknown-reference', ['subnets', 0, 'vpc']);
    expectError((s) => (s.subnets[0].vpc = 'sn-b'), 'wrong-kind', ['subnets', 0, 'vpc']);
  });
  it('subnet.routeTable must be of the same VPC', () => {
    const d = expectError((s) => (s.subnets[0].routeTable = 'rtb-b'), 'vpc-mismatch', ['subnets', 0, 'routeTable']);
    expect(d.message).toContain('`vpc-b`');
  });
  it('subnet.networkAcl exists and is of the same VPC', () => {
    expectError((s) => (s.subnets[0].networkAcl = 'acl-nope'), 'unknown-reference', ['subnets', 0, 'networkAcl']);
    expectError((s) => (s.subnets[3].networkAcl = 'acl-priv'), 'vpc-mismatch', ['subnets', 3, 'networkAcl']);
  });
  it('implicit ids are valid references', () => {
    const s = base();
    s.subnets[0].routeTable = 'vpc-a/main-rtb';
    s.subnets[0].networkAcl = 'vpc-a/default-acl';
    s.instances[0].securityGroups = ['vpc-a/default-sg'];
    s.natGateways = [];
    s.routeTables[1].routes[0] = { destination: '0.0.0.0/0', target: 'igw-a' };
    expect(diagnose(s).filter((d) => d.severity === 'error')).toEqual([]);
  });
  it('an implicit id is gone once a main table is declared', () => {
    expectError((s) => (s.subnets[3].routeTable = 'vpc-b/main-rtb'), 'unknown-reference', ['subnets', 3, 'routeTable']);
  });
  it('security group references in rules and on interfaces', () => {
    expectError((s) => (s.securityGroups[0].inbound[1].securityGroup = 'sg-bastian'), 'unknown-reference', ['securityGroups', 0, 'inbound', 1, 'securityGroup']);
    expectError((s) => (s.instances[0].securityGroups = ['sg-nope']), 'unknown-reference', ['instances', 0, 'securityGroups', 0]);
    expectError((s) => (s.networkInterfaces[0].securityGroups = ['igw-a']), 'wrong-kind', ['networkInterfaces', 0, 'securityGroups', 0]);
  });
  it('prefix lists, including the built-in pl-s3 and pl-dynamodb', () => {
    expectError((s) => (s.securityGroups[0].inbound[2].prefixList = 'pl-corpp'), 'unknown-reference', ['securityGroups', 0, 'inbound', 2, 'prefixList']);
    const s = base();
    s.securityGroups[0].inbound[3].prefixList = 'pl-dynamodb';
    s.routeTables[1].routes.push({ destination: 'pl-s3', target: 'vpce-s3' });
    expect(diagnose(s)).toEqual([]);
  });
  it('route targets', () => {
    const d = expectError((s) => (s.routeTables[0].routes[0].target = 'igw-b'), 'unknown-reference', ['routeTables', 0, 'routes', 0, 'target']);
    expect(d.message).toBe('unknown route target `igw-b`');
    expect(d.hint).toBe('did you mean `igw-a`?');
    expectError((s) => (s.routeTables[0].routes[0].target = 'sn-b'), 'wrong-kind', ['routeTables', 0, 'routes', 0, 'target']);
  });
  it('instance extra interfaces', () => {
    expectError((s) => (s.instances[0].networkInterfaces = ['eni-nope']), 'unknown-reference', ['instances', 0, 'networkInterfaces', 0]);
  });
  it('endpoint route tables, subnets and security groups', () => {
    expectError((s) => (s.vpcEndpoints[0].routeTables = ['rtb-nope']), 'unknown-reference', ['vpcEndpoints', 0, 'routeTables', 0]);
    expectError((s) => (s.vpcEndpoints[1].subnets = ['sn-nope']), 'unknown-reference', ['vpcEndpoints', 1, 'subnets', 0]);
    expectError((s) => (s.vpcEndpoints[1].securityGroups = ['sg-nope']), 'unknown-reference', ['vpcEndpoints', 1, 'securityGroups', 0]);
  });
  it('transit gateway attachments, route tables, associations and propagations', () => {
    expectError((s) => (s.transitGateways[0].attachments[0].vpc = 'vpc-z'), 'unknown-reference', ['transitGateways', 0, 'attachments', 0, 'vpc']);
    expectError((s) => (s.transitGateways[0].attachments[1].vpnConnection = 'vpn-9'), 'unknown-reference', ['transitGateways', 0, 'attachments', 1, 'vpnConnection']);
    expectError((s) => (s.transitGateways[0].routeTables[0].associations[0] = 'tgw-att-x'), 'unknown-reference', ['transitGateways', 0, 'routeTables', 0, 'associations', 0]);
    expectError((s) => (s.transitGateways[0].routeTables[0].propagations[0] = 'vpc-a'), 'wrong-kind', ['transitGateways', 0, 'routeTables', 0, 'propagations', 0]);
    expectError((s) => (s.transitGateways[0].routeTables[0].routes[0].attachment = 'tgw-att-q'), 'unknown-reference', ['transitGateways', 0, 'routeTables', 0, 'routes', 0, 'attachment']);
    expectError((s) => s.transitGateways[0].attachments.push({ id: 'tgw-att-p', peerTransitGateway: 'tgw-eu' }), 'unknown-reference', ['transitGateways', 0, 'attachments', 2, 'peerTransitGateway']);
  });
  it('an attachment is associated with one TGW route table', () => {
    expectError(
      (s) => s.transitGateways[0].routeTables.push({ id: 'tgw-rtb-2', associations: ['tgw-att-a'] }),
      'tgw-multiple-associations',
      ['transitGateways', 0, 'routeTables', 1, 'associations', 0],
    );
  });
  it('VPN customer gateway, VPN gateway, transit gateway', () => {
    expectError((s) => (s.vpnConnections[0].customerGateway = 'cgw-2'), 'unknown-reference', ['vpnConnections', 0, 'customerGateway']);
    expectError((s) => (s.vpnConnections[0].vpnGateway = 'igw-a'), 'wrong-kind', ['vpnConnections', 0, 'vpnGateway']);
    expectError((s) => (s.vpnConnections[1].transitGateway = 'tgw-2'), 'unknown-reference', ['vpnConnections', 1, 'transitGateway']);
  });
  it('externalNetworks.via is a customer gateway', () => {
    expectError((s) => (s.externalNetworks[0].via = 'vgw-a'), 'wrong-kind', ['externalNetworks', 0, 'via']);
  });
  it('peering requester and accepter', () => {
    expectError((s) => (s.vpcPeeringConnections[0].accepter = 'vpc-bb'), 'unknown-reference', ['vpcPeeringConnections', 0, 'accepter']);
    expectError((s) => (s.vpcPeeringConnections[0].requester = 'sn-b'), 'wrong-kind', ['vpcPeeringConnections', 0, 'requester']);
  });
  it('gateways name their VPC', () => {
    expectError((s) => (s.internetGateways[0].vpc = 'vpc-q'), 'unknown-reference', ['internetGateways', 0, 'vpc']);
    expectError((s) => (s.egressOnlyInternetGateways[0].vpc = 'vpc-q'), 'unknown-reference', ['egressOnlyInternetGateways', 0, 'vpc']);
    expectError((s) => (s.vpnGateways[0].vpc = 'vpc-q'), 'unknown-reference', ['vpnGateways', 0, 'vpc']);
    expectError((s) => (s.routeTables[0].propagatingGateways = ['vgw-x']), 'unknown-reference', ['routeTables', 0, 'propagatingGateways', 0]);
  });
});
