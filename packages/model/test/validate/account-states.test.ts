// Names and tags, `stateless` appliances, endpoint addresses and private DNS, blackhole routes and
// replaced local routes: the second round of format extensions (format-extensions-2.md).
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostic.js';
import { Scenario } from '../../src/schema/index.js';
import { expectError2, expectWarning2, mutate2 } from '../fixtures.js';

describe('the draft account-states scenario', () => {
  it('is valid apart from the warnings it is written to show', () => {
    expect(mutate2('account-states').map((d) => `${d.severity} ${d.code}`)).toEqual(['warning route-blackhole']);
  });
});

describe('name and tags on every network resource', () => {
  const kinds = [
    'vpcs', 'subnets', 'routeTables', 'networkAcls', 'securityGroups', 'networkInterfaces', 'instances', 'internetGateways', 'egressOnlyInternetGateways',
    'natGateways', 'vpcPeeringConnections', 'vpcEndpoints', 'prefixLists', 'transitGateways', 'vpnGateways', 'customerGateways', 'vpnConnections',
    'externalNetworks', 'loadBalancers', 'targetGroups',
  ] as const;
  it.each(kinds)('%s take `name` and `tags`', (kind) => {
    const shape = (Scenario.shape[kind].unwrap() as unknown as { element: { shape?: Record<string, unknown>; _zod: { def: { in?: { shape: Record<string, unknown> } } } } }).element;
    const fields = shape.shape ?? shape._zod.def.in?.shape ?? {};
    expect(Object.keys(fields)).toEqual(expect.arrayContaining(['name', 'tags']));
  });
  it('Direct Connect kinds and transit gateway parts take them too', () => {
    expect(mutate2('direct-connect', (s) => {
      s.directConnect.connections[0].name = 'primary';
      s.directConnect.gateways[0].tags = { team: 'net' };
      s.directConnect.virtualInterfaces[0].name = 'to the VPCs';
      s.transitGateways[0].description = 'the hub';
      s.transitGateways[0].routeTables[0].name = 'main';
      s.transitGateways[0].attachments[0].tags = { Name: 'hub' };
    })).toEqual([]);
  });
  it('an empty name is refused', () => {
    expectError2('account-states', (s) => (s.vpcs[0].name = ''), 'too-small', ['vpcs', 0, 'name']);
  });
});

describe('`name:` and `lb:` trace endpoints', () => {
  it('`name:TEXT` (spaces allowed) must name exactly one resource: its `name` or its `Name` tag', () => {
    expect(mutate2('account-states', (s) => (s.expect[0].trace.to = 'name:App')).filter((d) => d.code !== 'route-blackhole')).toEqual([]);
    const d = expectWarning2('account-states', (s) => (s.expect[0].trace.from = 'name:Jump Hots'), 'unknown-endpoint', ['expect', 0, 'trace', 'from']);
    expect(d.hint).toBe('did you mean `name:Jump Host`?');
    const a = expectWarning2('account-states', (s) => (s.instances[1].name = 'Jump Host'), 'ambiguous-name', ['expect', 0, 'trace', 'from']);
    expect(a.message).toContain('`i-jump`, `i-nat`');
    expectError2('account-states', (s) => (s.expect[0].trace.from = 'name:'), 'invalid-endpoint', ['expect', 0, 'trace', 'from']);
  });
  it('`lb:ID` names a load balancer', () => {
    const d = expectWarning2('load-balancers', (s) => (s.expect = [{ name: 'x', trace: { from: 'internet', to: 'lb:alb-wbe', port: 443 }, reachable: true }]), 'unknown-endpoint', ['expect', 0, 'trace', 'to']);
    expect(d.hint).toBe('did you mean `lb:alb-web`?');
    expect(mutate2('load-balancers', (s) => (s.expect = [{ name: 'x', trace: { from: 'internet', to: 'lb:alb-web', port: 443 }, reachable: true }]))).toEqual([]);
  });
});

describe('stateless appliances (issue 13 item 1)', () => {
  it('`stateless` means something only on an interface that forwards', () => {
    expectWarning2('account-states', (s) => (s.networkInterfaces[1].sourceDestCheck = true), 'stateless-ignored', ['networkInterfaces', 1, 'stateless']);
  });
  // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html
  it('a NAT instance keeps state: it cannot be stateless', () => {
    const d = expectError2('account-states', (s) => (s.instances[1].stateless = true), 'nat-stateless', ['instances', 1, 'stateless']);
    expect(d.hint).toBe('remove `stateless: true`');
  });
});

describe('interface endpoints (issue 13 item 4)', () => {
  // https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
  it('private DNS in a VPC without DNS support and DNS hostnames is warned about', () => {
    const d = expectWarning2('account-states', (s) => (s.vpcs[0].enableDnsHostnames = false), 'private-dns-without-vpc-dns', ['vpcEndpoints', 0, 'privateDns']);
    expect(d.message).toContain('`enableDnsHostnames`');
    expect(d.hint).toContain('`privateDns: false`');
    const e = expectWarning2('account-states', (s) => (s.vpcs[0].enableDnsSupport = false), 'private-dns-without-vpc-dns', ['vpcEndpoints', 0, 'privateDns']);
    expect(e.message).toContain('`enableDnsSupport`');
  });
  it('real addresses: in the named subnet, one of the endpoint\'s, not taken', () => {
    expectError2('account-states', (s) => (s.vpcEndpoints[0].addresses['subnet-a'] = '10.16.0.10'), 'duplicate-private-ip', ['vpcEndpoints', 0, 'addresses', 'subnet-a']);
    expectError2('account-states', (s) => (s.vpcEndpoints[0].addresses['subnet-c'] = '10.16.2.50'), 'endpoint-address-subnet', ['vpcEndpoints', 0, 'addresses', 'subnet-c']);
    expectError2('account-states', (s) => (s.vpcEndpoints[0].addresses['subnet-a'] = '10.16.0.300'), 'invalid-format', ['vpcEndpoints', 0, 'addresses', 'subnet-a']);
    expectError2('account-states', (s) => s.vpcEndpoints.push({ id: 'vpce-s3', vpc: 'vpc-app', type: 'gateway', service: 's3', routeTables: ['rtb-a'], addresses: { 'subnet-a': '10.16.0.51' } }), 'endpoint-field-mismatch', ['vpcEndpoints', 1, 'addresses']);
  });
});

describe('routes (issue 13 item 6)', () => {
  // https://docs.aws.amazon.com/vpc/latest/userguide/replace-local-route-target.html
  it("the local route's target may be replaced by an appliance, not by a gateway", () => {
    expectError2('account-states', (s) => ((s.internetGateways[0].vpc = 'vpc-app'), (s.routeTables[0].routes[0].target = 'igw-spare')), 'local-route-target', ['routeTables', 0, 'routes', 0, 'target']);
  });
  it('a detached internet gateway is a warning, not an error', () => {
    const ds = mutate2('account-states');
    expect(ds.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual([]);
    expect(ds.find((d) => d.code === 'route-blackhole')?.path).toEqual(['routeTables', 1, 'routes', 0, 'target']);
  });
});

describe('bad input in the issue 13 fields: a located error with a hint (did you mean), never a silent default', () => {
  it('a route state, a peering status or an endpoint type the format does not know', () => {
    expect(expectError2('account-states', (s) => (s.routeTables[0].routes[0].state = 'blackhol'), 'invalid-value', ['routeTables', 0, 'routes', 0, 'state']).hint).toBe('did you mean `blackhole`?');
    expect(expectError2('account-states', (s) => (s.vpcEndpoints[0].type = 'interfase'), 'invalid-value', ['vpcEndpoints', 0, 'type']).hint).toBe('did you mean `interface`?');
  });
  it('a misspelt field (stateless, primaryInterfaceId, addresses) or a wrong type', () => {
    expect(expectError2('account-states', (s) => (s.networkInterfaces[1].stateles = true), 'unknown-field', ['networkInterfaces', 1, 'stateles']).hint).toBe('did you mean `stateless`?');
    expect(expectError2('account-states', (s) => (s.instances[0].primaryInterfaceID = 'eni-1'), 'unknown-field', ['instances', 0, 'primaryInterfaceID']).hint).toBe('did you mean `primaryInterfaceId`?');
    expect(expectError2('account-states', (s) => ((s.vpcEndpoints[0].adresses = s.vpcEndpoints[0].addresses), delete s.vpcEndpoints[0].addresses), 'unknown-field', ['vpcEndpoints', 0, 'adresses']).hint).toBe('did you mean `addresses`?');
    const d = mutate2('account-states', (s) => (s.networkInterfaces[1].stateless = 'yes')).find((x) => x.severity === 'error');
    // (its hint is the code's, hints.ts: added where diagnostics leave compile, the loader and the CLI)
    expect(d).toMatchObject({ code: 'invalid-type', path: ['networkInterfaces', 1, 'stateless'], message: 'expected a boolean (`true` or `false`), got a string' });
  });
});
