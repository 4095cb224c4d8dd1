// Load balancers and target groups: the rules of validate/load-balancer.ts, each with its AWS page.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostic.js';
import { expectError2, expectWarning2, mutate2, type Raw } from '../fixtures.js';

const lb = (s: Raw, id: string) => s.loadBalancers.find((x: Raw) => x.id === id);
const tg = (s: Raw, id: string) => s.targetGroups.find((x: Raw) => x.id === id);

describe('the draft load balancer scenario', () => {
  it('is valid: every kind (application, network, classic, gateway) and target type', () => {
    expect(mutate2('load-balancers').map(formatDiagnostic)).toEqual([]);
  });
});

describe('issue 14 acceptance: located errors with hints', () => {
  it('a listener pointing at a missing target group: unknown reference with a did-you-mean', () => {
    const d = expectError2('load-balancers', (s) => (lb(s, 'alb-web').listeners[0].targetGroup = 'tg-wbe'), 'unknown-reference', ['loadBalancers', 0, 'listeners', 0, 'targetGroup']);
    expect(d.message).toBe('unknown target group `tg-wbe`');
    expect(d.hint).toBe('did you mean `tg-web`?');
  });
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#target-type
  it('an instance target outside the target group\'s VPC (not an ip target)', () => {
    const d = expectError2('load-balancers', (s) => tg(s, 'tg-web').targets.push({ id: 'i-other' }), 'target-outside-vpc', ['targetGroups', 0, 'targets', 2, 'id']);
    expect(d.message).toContain('vpc-other');
    expect(d.hint).toContain('targetType: ip');
  });
});

describe('load balancers', () => {
  it('one VPC and one subnet per zone', () => {
    expectError2('load-balancers', (s) => lb(s, 'alb-web').subnets.push('subnet-other'), 'vpc-mismatch', ['loadBalancers', 0, 'subnets', 2]);
    expectError2('load-balancers', (s) => lb(s, 'alb-web').subnets.push('subnet-app-a'), 'lb-subnet-az', ['loadBalancers', 0, 'subnets', 2]);
    expectError2('load-balancers', (s) => lb(s, 'alb-web').subnets.push('subnet-nope'), 'unknown-reference', ['loadBalancers', 0, 'subnets', 2]);
  });
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#availability-zones
  it('an application load balancer in one zone is warned about (AWS requires two)', () => {
    expectWarning2('load-balancers', (s) => (lb(s, 'alb-web').subnets = ['subnet-public-a']), 'lb-single-az', ['loadBalancers', 0, 'subnets']);
  });
  it('security groups: required for application, refused for gateway, of the same VPC', () => {
    expectError2('load-balancers', (s) => delete lb(s, 'alb-web').securityGroups, 'lb-security-groups-required', ['loadBalancers', 0, 'securityGroups']);
    expectError2('load-balancers', (s) => (lb(s, 'gwlb-fw').securityGroups = ['sg-fw']), 'lb-field-mismatch', ['loadBalancers', 4, 'securityGroups']);
    expectError2('load-balancers', (s) => (lb(s, 'nlb-api').securityGroups = ['sg-other']), 'vpc-mismatch', ['loadBalancers', 1, 'securityGroups', 0]);
  });
  it('a gateway load balancer has no scheme', () => {
    expectError2('load-balancers', (s) => (lb(s, 'gwlb-fw').scheme = 'internal'), 'lb-field-mismatch', ['loadBalancers', 4, 'scheme']);
  });
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing
  it('cross-zone is always on for an application load balancer', () => {
    const d = expectError2('load-balancers', (s) => (lb(s, 'alb-web').crossZone = false), 'lb-cross-zone', ['loadBalancers', 0, 'crossZone']);
    expect(d.hint).toContain('target group');
  });
  it('dualstack needs IPv6 subnets; classic load balancers are IPv4 only', () => {
    expect(mutate2('load-balancers', (s) => (lb(s, 'alb-web').ipAddressType = 'dualstack'))).toEqual([]);
    expectError2('load-balancers', (s) => (lb(s, 'nlb-api').ipAddressType = 'dualstack'), 'lb-dualstack-subnet', ['loadBalancers', 1, 'subnets', 0]);
    expectError2('load-balancers', (s) => (lb(s, 'clb-legacy').ipAddressType = 'dualstack'), 'lb-field-mismatch', ['loadBalancers', 3, 'ipAddressType']);
  });
  it('an internet-facing load balancer in a VPC without an internet gateway is warned about', () => {
    expectWarning2('load-balancers', (s) => (s.internetGateways[0].vpc = undefined, delete s.internetGateways[0].routeTable, (s.routeTables[1].routes = [])), 'lb-internet-facing-no-igw', ['loadBalancers', 0, 'scheme']);
  });
  it('nodes: in one of its subnets, once, with addresses of that subnet; public addresses only when internet-facing', () => {
    const d = expectError2('load-balancers', (s) => (lb(s, 'alb-web').nodes[0].subnet = 'subnet-public-c'), 'lb-node-subnet', ['loadBalancers', 0, 'nodes', 0, 'subnet']);
    expect(d.hint).toContain('subnet-public-a');
    expectError2('load-balancers', (s) => lb(s, 'alb-web').nodes.push({ subnet: 'subnet-public-a' }), 'lb-node-duplicate', ['loadBalancers', 0, 'nodes', 1, 'subnet']);
    expectError2('load-balancers', (s) => (lb(s, 'alb-web').nodes[0].privateIp = '10.16.1.50'), 'ip-outside-subnet', ['loadBalancers', 0, 'nodes', 0, 'privateIp']);
    expectError2('load-balancers', (s) => (lb(s, 'alb-web').nodes[0].privateIp = '10.16.0.1'), 'reserved-ip', ['loadBalancers', 0, 'nodes', 0, 'privateIp']);
    expectError2('load-balancers', (s) => (lb(s, 'nlb-api').nodes = [{ subnet: 'subnet-app-a', privateIp: '10.16.32.10' }]), 'duplicate-private-ip', ['loadBalancers', 1, 'nodes', 0, 'privateIp']);
    expectError2('load-balancers', (s) => (lb(s, 'nlb-api').nodes = [{ subnet: 'subnet-app-a', publicIp: '3.80.0.60' }]), 'lb-node-public-ip', ['loadBalancers', 1, 'nodes', 0, 'publicIp']);
  });
  it('a full subnet counts the nodes whose addresses vpcsim chooses', () => {
    expectError2(
      'load-balancers',
      (s) => {
        s.subnets.find((x: Raw) => x.id === 'subnet-gwlbe-a').cidr = '10.16.64.0/28';
        for (let k = 0; k < 10; k++) s.instances.push({ id: `i-fill-${k}`, subnet: 'subnet-gwlbe-a', privateIp: `10.16.64.${4 + k}` });
        lb(s, 'gwlb-fw').subnets.push('subnet-gwlbe-a');
        s.subnets.find((x: Raw) => x.id === 'subnet-gwlbe-a').availabilityZone = 'us-east-1b';
      },
      'subnet-full',
    );
  });
});

describe('listeners', () => {
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html
  it('protocols per type, with a did-you-mean', () => {
    const d = expectError2('load-balancers', (s) => (lb(s, 'alb-web').listeners[0].protocol = 'TCP'), 'listener-protocol', ['loadBalancers', 0, 'listeners', 0, 'protocol']);
    expect(d.hint).toContain('`HTTP`, `HTTPS`');
    expectError2('load-balancers', (s) => (lb(s, 'nlb-api').listeners[0].protocol = 'HTTP'), 'listener-protocol', ['loadBalancers', 1, 'listeners', 0, 'protocol']);
    const e = expectError2('load-balancers', (s) => (lb(s, 'alb-web').listeners[0].protocol = 'https'), 'invalid-value', ['loadBalancers', 0, 'listeners', 0, 'protocol']);
    expect(e.hint).toBe('did you mean `HTTPS`?');
  });
  it('protocol and port are required except on a gateway load balancer (GENEVE 6081)', () => {
    expectError2('load-balancers', (s) => delete lb(s, 'alb-web').listeners[0].port, 'missing-field', ['loadBalancers', 0, 'listeners', 0, 'port']);
    expectError2('load-balancers', (s) => (lb(s, 'gwlb-fw').listeners[0].port = 443), 'listener-port', ['loadBalancers', 4, 'listeners', 0, 'port']);
  });
  it('one listener per port (TCP and UDP on one port is TCP_UDP)', () => {
    const d = expectError2('load-balancers', (s) => lb(s, 'nlb-api').listeners.push({ protocol: 'UDP', port: 443, targetGroup: 'tg-dns' }), 'duplicate-listener', ['loadBalancers', 1, 'listeners', 2, 'port']);
    expect(d.hint).toContain('TCP_UDP');
  });
  it('a listener forwards to a target group of its VPC, with a protocol that fits', () => {
    expectError2('load-balancers', (s) => (lb(s, 'nlb-api').listeners[0].targetGroup = 'tg-web'), 'listener-target-group-protocol', ['loadBalancers', 1, 'listeners', 0, 'targetGroup']);
    expectError2('load-balancers', (s) => (lb(s, 'alb-web').listeners[0].targetGroup = 'tg-dns'), 'listener-target-group-protocol', ['loadBalancers', 0, 'listeners', 0, 'targetGroup']);
    expectError2('load-balancers', (s) => (tg(s, 'tg-web').vpc = 'vpc-other', (tg(s, 'tg-web').targets = [])), 'vpc-mismatch', ['loadBalancers', 0, 'listeners', 0, 'targetGroup']);
    expectError2('load-balancers', (s) => delete lb(s, 'alb-web').listeners[0].targetGroup, 'missing-field', ['loadBalancers', 0, 'listeners', 0, 'targetGroup']);
  });
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/create-target-group.html
  it('a target group serves one load balancer', () => {
    expectError2('load-balancers', (s) => lb(s, 'nlb-onprem').listeners.push({ protocol: 'UDP', port: 53, targetGroup: 'tg-dns' }), 'target-group-shared', ['loadBalancers', 2, 'listeners', 1, 'targetGroup']);
  });
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-listener-config.html
  it('classic listeners send to instances of the VPC with a compatible protocol; target groups are not theirs', () => {
    expectError2('load-balancers', (s) => (lb(s, 'clb-legacy').listeners[0].instanceProtocol = 'TCP'), 'listener-instance-protocol', ['loadBalancers', 3, 'listeners', 0, 'instanceProtocol']);
    expectError2('load-balancers', (s) => (lb(s, 'clb-legacy').listeners[0].targetGroup = 'tg-web'), 'lb-field-mismatch', ['loadBalancers', 3, 'listeners', 0, 'targetGroup']);
    expectError2('load-balancers', (s) => lb(s, 'clb-legacy').instances.push('i-other'), 'target-outside-vpc', ['loadBalancers', 3, 'instances', 2]);
    expectError2('load-balancers', (s) => (lb(s, 'clb-legacy').instances.push('i-other'), (lb(s, 'clb-legacy').listeners = [])), 'target-outside-vpc', ['loadBalancers', 3, 'instances', 2]);
    expectError2('load-balancers', (s) => (lb(s, 'clb-legacy').listeners[0].instances = ['i-web-3']), 'unknown-reference', ['loadBalancers', 3, 'listeners', 0, 'instances', 0]);
    expectError2('load-balancers', (s) => (lb(s, 'alb-web').listeners[0].instancePort = 8080), 'lb-field-mismatch', ['loadBalancers', 0, 'listeners', 0, 'instancePort']);
    expectError2('load-balancers', (s) => (lb(s, 'clb-legacy').healthCheck.port = 'traffic-port'), 'lb-field-mismatch', ['loadBalancers', 3, 'healthCheck', 'port']);
    expectError2('load-balancers', (s) => (lb(s, 'alb-web').healthCheck = { protocol: 'HTTP' }), 'lb-field-mismatch', ['loadBalancers', 0, 'healthCheck']);
  });
  it('a load balancer without listeners is warned about', () => {
    expectWarning2('load-balancers', (s) => (lb(s, 'nlb-onprem').listeners = [], (s.targetGroups = s.targetGroups.filter((x: Raw) => x.id !== 'tg-onprem'))), 'lb-no-listeners', ['loadBalancers', 2, 'listeners']);
  });
});

describe('target groups', () => {
  it('port: required, except GENEVE (6081 only)', () => {
    expectError2('load-balancers', (s) => delete tg(s, 'tg-web').port, 'missing-field', ['targetGroups', 0, 'port']);
    expectError2('load-balancers', (s) => (tg(s, 'tg-fw').port = 6080), 'target-group-port', ['targetGroups', 4, 'port']);
  });
  it('target types: an unknown one lists those AWS has', () => {
    const d = expectError2('load-balancers', (s) => (tg(s, 'tg-web').targetType = 'lambda'), 'invalid-value', ['targetGroups', 0, 'targetType']);
    expect(d.message).toContain('`instance`, `ip`, `alb`');
  });
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
  it('preserveClientIp: network groups only; false is an error for UDP, TCP_UDP and alb targets', () => {
    const d = expectError2('load-balancers', (s) => (tg(s, 'tg-dns').preserveClientIp = false), 'preserve-client-ip-required', ['targetGroups', 2, 'preserveClientIp']);
    expect(d.message).toContain('`UDP`');
    expectError2('load-balancers', (s) => (tg(s, 'tg-dns').protocol = 'TCP_UDP', (tg(s, 'tg-dns').preserveClientIp = false), (lb(s, 'nlb-api').listeners[1].protocol = 'TCP_UDP')), 'preserve-client-ip-required', ['targetGroups', 2, 'preserveClientIp']);
    expectError2('load-balancers', (s) => (tg(s, 'tg-alb').preserveClientIp = false), 'preserve-client-ip-required', ['targetGroups', 1, 'preserveClientIp']);
    expectError2('load-balancers', (s) => (tg(s, 'tg-web').preserveClientIp = true), 'preserve-client-ip-not-applicable', ['targetGroups', 0, 'preserveClientIp']);
    expect(mutate2('load-balancers', (s) => (tg(s, 'tg-onprem').preserveClientIp = true))).toEqual([]);
  });
  it('crossZone: not on gateway (GENEVE) groups', () => {
    expectError2('load-balancers', (s) => (tg(s, 'tg-fw').crossZone = true), 'target-group-cross-zone', ['targetGroups', 4, 'crossZone']);
    expect(mutate2('load-balancers', (s) => (tg(s, 'tg-web').crossZone = false))).toEqual([]);
  });
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
  it('health check protocols: no TCP for HTTP groups, no SSL for target groups', () => {
    expectError2('load-balancers', (s) => (tg(s, 'tg-web').healthCheck.protocol = 'TCP'), 'health-check-protocol', ['targetGroups', 0, 'healthCheck', 'protocol']);
    expectError2('load-balancers', (s) => (tg(s, 'tg-dns').healthCheck = { protocol: 'SSL' }), 'health-check-protocol', ['targetGroups', 2, 'healthCheck', 'protocol']);
    expectError2('load-balancers', (s) => (tg(s, 'tg-web').healthCheck.port = 'trafic-port'), 'invalid-value', ['targetGroups', 0, 'healthCheck', 'port']);
  });
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#target-type
  it('ip targets: private addresses outside the VPC (AZ `all`), never public ones', () => {
    const d = expectError2('load-balancers', (s) => tg(s, 'tg-onprem').targets.push({ ip: '8.8.8.8' }), 'target-public-ip', ['targetGroups', 3, 'targets', 1, 'ip']);
    expect(d.hint).toContain('100.64.0.0/10');
    expect(mutate2('load-balancers', (s) => tg(s, 'tg-onprem').targets.push({ ip: '100.64.1.5', availabilityZone: 'all' }))).toEqual([]);
    expectError2('load-balancers', (s) => tg(s, 'tg-onprem').targets.push({ ip: '172.16.1.5', availabilityZone: 'us-east-1a' }), 'target-availability-zone', ['targetGroups', 3, 'targets', 1, 'availabilityZone']);
  });
  it('a target is an id or an ip, as the target type says', () => {
    expectError2('load-balancers', (s) => tg(s, 'tg-web').targets.push({ ip: '10.16.32.10' }), 'target-kind', ['targetGroups', 0, 'targets', 2, 'ip']);
    expectError2('load-balancers', (s) => tg(s, 'tg-dns').targets.push({ id: 'i-web-1' }), 'target-kind', ['targetGroups', 2, 'targets', 2, 'id']);
    const d = expectError2('load-balancers', (s) => tg(s, 'tg-dns').targets.push({ id: 'i-web-1', ip: '10.16.32.11' }), 'invalid-value', ['targetGroups', 2, 'targets', 2]);
    expect(d.hint).toContain('{ ip: 10.16.0.5 }');
    expectError2('load-balancers', (s) => tg(s, 'tg-web').targets.push({ id: 'i-web-3' }), 'unknown-reference', ['targetGroups', 0, 'targets', 2, 'id']);
    expectError2('load-balancers', (s) => (tg(s, 'tg-web').targets[1].health = 'sick'), 'invalid-value', ['targetGroups', 0, 'targets', 1, 'health']);
  });
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html
  it('alb targets: one application load balancer of the same VPC, with a listener on the group port; TCP groups only', () => {
    expectError2('load-balancers', (s) => tg(s, 'tg-alb').targets.push({ id: 'nlb-api' }), 'alb-target-count', ['targetGroups', 1, 'targets']);
    expectError2('load-balancers', (s) => (tg(s, 'tg-alb').targets[0].id = 'nlb-api'), 'wrong-kind', ['targetGroups', 1, 'targets', 0, 'id']);
    const d = expectError2('load-balancers', (s) => (tg(s, 'tg-alb').port = 8443), 'alb-target-listener', ['targetGroups', 1, 'targets', 0, 'id']);
    expect(d.hint).toContain('8443');
    expectError2('load-balancers', (s) => (tg(s, 'tg-alb').protocol = 'TLS', (lb(s, 'nlb-api').listeners[0].protocol = 'TLS')), 'target-group-type', ['targetGroups', 1, 'protocol']);
    expectError2('load-balancers', (s) => (tg(s, 'tg-web').targetType = 'alb', (tg(s, 'tg-web').targets = [{ id: 'alb-web' }])), 'listener-target-group-type', ['loadBalancers', 0, 'listeners', 0, 'targetGroup']);
  });
  it('a target in a zone where the load balancer has no node is warned about (AWS: unused)', () => {
    expectWarning2('load-balancers', (s) => (lb(s, 'nlb-api').subnets = ['subnet-app-a']), 'target-az-not-enabled', ['targetGroups', 2, 'targets', 1]);
  });
});

describe('Gateway Load Balancer endpoints and gateway route tables', () => {
  // https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html
  it('an endpoint sends to a gateway load balancer, from one subnet, without security groups or policy', () => {
    expectError2('load-balancers', (s) => (s.vpcEndpoints[0].service = 'alb-web'), 'wrong-kind', ['vpcEndpoints', 0, 'service']);
    const d = expectError2('load-balancers', (s) => (s.vpcEndpoints[0].service = 'gwlb-fv'), 'unknown-reference', ['vpcEndpoints', 0, 'service']);
    expect(d.hint).toBe('did you mean `gwlb-fw`?');
    expectError2('load-balancers', (s) => s.vpcEndpoints[0].subnets.push('subnet-app-b'), 'gwlb-endpoint-subnets', ['vpcEndpoints', 0, 'subnets']);
    expectError2('load-balancers', (s) => (s.vpcEndpoints[0].securityGroups = ['sg-fw']), 'endpoint-field-mismatch', ['vpcEndpoints', 0, 'securityGroups']);
  });
  it('its address may be given, in its subnet', () => {
    expect(mutate2('load-balancers', (s) => (s.vpcEndpoints[0].addresses = { 'subnet-gwlbe-a': '10.16.64.5' }))).toEqual([]);
    expectError2('load-balancers', (s) => (s.vpcEndpoints[0].addresses = { 'subnet-gwlbe-a': '10.16.65.5' }), 'ip-outside-subnet', ['vpcEndpoints', 0, 'addresses', 'subnet-gwlbe-a']);
    const d = expectError2('load-balancers', (s) => (s.vpcEndpoints[0].addresses = { 'subnet-gwlbe-b': '10.16.64.5' }), 'endpoint-address-subnet', ['vpcEndpoints', 0, 'addresses', 'subnet-gwlbe-b']);
    expect(d.hint).toBe('did you mean `subnet-gwlbe-a`?');
  });
  it('it is a route target, in subnet tables and for more specific routes inside the VPC', () => {
    expect(mutate2('load-balancers', (s) => s.routeTables[2].routes.push({ destination: '10.16.33.0/24', target: 'vpce-fw' }))).toEqual([]);
  });
  // https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
  it('a gateway route table: VPC or whole subnet blocks, to local, an interface or a GWLB endpoint; no propagation; own VPC', () => {
    expectError2('load-balancers', (s) => s.routeTables[3].routes.push({ destination: '0.0.0.0/0', target: 'vpce-fw' }), 'gateway-route-table-rule', ['routeTables', 3, 'routes', 2, 'destination']);
    expectError2('load-balancers', (s) => s.routeTables[3].routes.push({ destination: '10.16.32.0/24', target: 'vgw-app' }), 'gateway-route-table-rule', ['routeTables', 3, 'routes', 2, 'target']);
    expectError2('load-balancers', (s) => (s.routeTables[3].propagatingGateways = ['vgw-app']), 'gateway-route-table-rule', ['routeTables', 3, 'propagatingGateways']);
    expectError2('load-balancers', (s) => (s.vpnGateways[0].routeTable = 'rtb-ingress'), 'gateway-route-table-shared', ['vpnGateways', 0, 'routeTable']);
    expectError2('load-balancers', (s) => s.routeTables.push({ id: 'rtb-x', vpc: 'vpc-other' }) && (s.vpnGateways[0].routeTable = 'rtb-x'), 'vpc-mismatch', ['vpnGateways', 0, 'routeTable']);
    expectError2('load-balancers', (s) => (s.internetGateways[0].routeTable = 'rtb-ingres'), 'unknown-reference', ['internetGateways', 0, 'routeTable']);
    expect(mutate2('load-balancers', (s) => s.routeTables[3].routes.push({ destination: '10.16.0.0/16', target: 'i-fw-1' }))).toEqual([]);
  });
});
