// The Model of the second round of format extensions: what normalization gives the tracer
// (AWS's defaults applied, addresses chosen, indexes). Each default cites its AWS page.
import { describe, expect, it } from 'vitest';
import { compile, resolveName, type Model } from '../src/index.js';
import { format2, type Raw } from './fixtures.js';

function model(name: Parameters<typeof format2>[0], f: (s: Raw) => void = () => {}): Model {
  const s = format2(name);
  f(s);
  const r = compile(s);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.model;
}

describe('load balancers', () => {
  const m = model('load-balancers');
  const lb = (id: string) => m.index.loadBalancer.get(id)!;
  it('one node per subnet: declared addresses kept, the others chosen (lowest free after the reserved four)', () => {
    expect(lb('alb-web').nodes).toEqual([
      { id: 'alb-web/subnet-public-a', loadBalancer: 'alb-web', subnet: 'subnet-public-a', vpc: 'vpc-app', availabilityZone: 'us-east-1a', privateIp: '10.16.0.50', publicIp: '3.80.0.50', ipv6Address: undefined, chosen: false, publicIpChosen: false },
      { id: 'alb-web/subnet-public-b', loadBalancer: 'alb-web', subnet: 'subnet-public-b', vpc: 'vpc-app', availabilityZone: 'us-east-1b', privateIp: '10.16.1.4', publicIp: '52.4.0.1', ipv6Address: undefined, chosen: true, publicIpChosen: true },
    ]);
    // an internet-facing node without a declared public address gets a stand-in (AWS assigns one);
    // internal and gateway load balancers' nodes have none
    expect(lb('nlb-api').nodes.map((n) => n.publicIp)).toEqual([undefined, undefined]);
    expect(lb('gwlb-fw').nodes.map((n) => n.publicIp)).toEqual([undefined]);
    expect(lb('clb-legacy').nodes.map((n) => n.publicIp)).toEqual(['52.4.0.2', '52.4.0.3']);
    // i-web-1 holds 10.16.32.10; nlb-api and nlb-onprem both have a node in subnet-app-a
    expect(lb('nlb-api').nodes.map((n) => n.privateIp)).toEqual(['10.16.32.4', '10.16.33.4']);
    expect(lb('nlb-onprem').nodes.map((n) => n.privateIp)).toEqual(['10.16.32.5']);
    expect(lb('alb-web').availabilityZones).toEqual(['us-east-1a', 'us-east-1b']);
  });
  it('chosen addresses avoid every declared one, whatever its kind', () => {
    const m2 = model('load-balancers', (s) => {
      s.instances.push({ id: 'i-x', subnet: 'subnet-gwlbe-a', privateIp: '10.16.64.4' });
      s.loadBalancers[0].nodes.push({ subnet: 'subnet-public-b', publicIp: '3.80.0.51' });
      s.natGateways = [{ id: 'nat-b', subnet: 'subnet-public-b', publicIp: '52.0.0.9', privateIp: '10.16.1.4' }];
    });
    expect(m2.index.gatewayLoadBalancerEndpoint.get('vpce-fw')!.privateIp).toBe('10.16.64.5');
    expect(m2.index.loadBalancer.get('alb-web')!.nodes[1]).toMatchObject({ privateIp: '10.16.1.5', publicIp: '3.80.0.51', chosen: true, publicIpChosen: false });
  });
  it('nodes are indexed by address and subnet', () => {
    expect(m.index.loadBalancerNodeByIp.get('vpc-app|10.16.1.4')?.id).toBe('alb-web/subnet-public-b');
    expect(m.index.loadBalancerNodeByPublicIp.get('3.80.0.50')?.loadBalancer).toBe('alb-web');
    expect(m.index.loadBalancerNodesBySubnet.get('subnet-app-a')?.map((n) => n.id)).toEqual(['nlb-api/subnet-app-a', 'nlb-onprem/subnet-app-a']);
  });
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing
  it("cross-zone: application always on; network, gateway and classic off unless declared", () => {
    expect(['alb-web', 'nlb-api', 'nlb-onprem', 'clb-legacy', 'gwlb-fw'].map((id) => lb(id).crossZone)).toEqual([true, false, true, false, false]);
  });
  it("security groups: classic without any gets the VPC's default group; network without any and gateway: no check", () => {
    expect(lb('alb-web')).toMatchObject({ securityGroups: ['sg-alb'], checksSecurityGroups: true });
    expect(lb('nlb-api')).toMatchObject({ securityGroups: [], checksSecurityGroups: false });
    expect(lb('gwlb-fw')).toMatchObject({ securityGroups: [], checksSecurityGroups: false, scheme: undefined });
    const m2 = model('load-balancers', (s) => delete s.loadBalancers[3].securityGroups);
    expect(m2.index.loadBalancer.get('clb-legacy')).toMatchObject({ securityGroups: ['vpc-app/default-sg'], checksSecurityGroups: true });
  });
  it('scheme defaults to internet-facing; listeners get their defaults (gateway: GENEVE 6081; classic: instance port and instances)', () => {
    expect(lb('clb-legacy').scheme).toBe('internet-facing');
    expect(lb('gwlb-fw').listeners).toEqual([{ protocol: 'GENEVE', port: 6081, targetGroup: 'tg-fw', instances: [] }]);
    expect(lb('clb-legacy').listeners).toEqual([{ protocol: 'HTTP', port: 80, instancePort: 8080, instanceProtocol: 'HTTP', instances: ['i-web-1', 'i-web-2'] }]);
    expect(lb('clb-legacy').healthCheck).toEqual({ protocol: 'HTTP', port: 8080, path: '/health' });
    expect(model('load-balancers', (s) => delete s.loadBalancers[3].healthCheck).index.loadBalancer.get('clb-legacy')!.healthCheck).toEqual({ protocol: 'TCP', port: 80, path: undefined });
    expect(lb('nlb-api').targetGroups).toEqual(['tg-alb', 'tg-dns']);
    expect(lb('alb-web').targetGroups).toEqual(['tg-web']);
  });
});

describe('target groups', () => {
  const m = model('load-balancers');
  const tg = (id: string) => m.index.targetGroup.get(id)!;
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
  it('client IP preservation after AWS defaults', () => {
    expect(tg('tg-web').preserveClientIp).toBe(false); // HTTP: the node opens its own connection
    expect(tg('tg-dns').preserveClientIp).toBe(true); // UDP: always
    expect(tg('tg-onprem').preserveClientIp).toBe(false); // ip target, TCP: off by default
    expect(tg('tg-alb').preserveClientIp).toBe(true); // alb targets: always
    expect(tg('tg-fw').preserveClientIp).toBe(false); // GENEVE: the outer packet comes from the node
    const m2 = model('load-balancers', (s) => ((s.targetGroups[3].preserveClientIp = true), (s.targetGroups[0].protocol = 'HTTP')));
    expect(m2.index.targetGroup.get('tg-onprem')!.preserveClientIp).toBe(true);
    const m3 = model('load-balancers', (s) => ((s.targetGroups[3] = { ...s.targetGroups[3], targetType: 'instance', targets: [{ id: 'i-web-1' }] })));
    expect(m3.index.targetGroup.get('tg-onprem')!.preserveClientIp).toBe(true); // instance targets: on
  });
  it("cross-zone: the group's own setting, else its load balancer's", () => {
    expect(['tg-web', 'tg-alb', 'tg-dns', 'tg-onprem', 'tg-fw'].map((id) => tg(id).crossZone)).toEqual([true, false, false, true, false]);
    expect(model('load-balancers', (s) => (s.targetGroups[0].crossZone = false)).index.targetGroup.get('tg-web')!.crossZone).toBe(false);
  });
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html
  it('health checks after AWS defaults (GENEVE: TCP on port 80)', () => {
    expect(tg('tg-web').healthCheck).toEqual({ protocol: 'HTTP', port: 'traffic-port', path: '/' });
    expect(tg('tg-dns').healthCheck).toEqual({ protocol: 'TCP', port: 'traffic-port', path: undefined });
    expect(tg('tg-fw').healthCheck).toEqual({ protocol: 'TCP', port: 80, path: undefined });
    expect(tg('tg-fw').port).toBe(6081);
  });
  it('resolved targets: address, interface, port, zone, declared health', () => {
    expect(tg('tg-web').targets).toEqual([
      { kind: 'instance', id: 'i-web-1', ip: '10.16.32.10', interface: 'i-web-1/eth0', port: 8080, availabilityZone: 'us-east-1a', subnet: 'subnet-app-a', insideVpc: true, declaredHealth: undefined, declaredUnhealthy: false },
      { kind: 'instance', id: 'i-web-2', ip: '10.16.33.10', interface: 'i-web-2/eth0', port: 8081, availabilityZone: 'us-east-1b', subnet: 'subnet-app-b', insideVpc: true, declaredHealth: 'unhealthy', declaredUnhealthy: true },
    ]);
    expect(tg('tg-dns').targets[1]).toMatchObject({ kind: 'ip', id: '10.16.33.10', interface: 'i-web-2/eth0', availabilityZone: 'us-east-1b', insideVpc: true });
    expect(tg('tg-onprem').targets[0]).toMatchObject({ kind: 'ip', ip: '192.168.10.5', interface: undefined, subnet: undefined, availabilityZone: 'all', insideVpc: false, port: 5432 });
    expect(tg('tg-alb').targets[0]).toMatchObject({ kind: 'alb', id: 'alb-web', port: 443, availabilityZone: 'all' });
    expect(tg('tg-web').loadBalancer).toBe('alb-web');
  });
});

describe('Gateway Load Balancer endpoints and gateway route tables', () => {
  const m = model('load-balancers');
  it('a GWLB endpoint is its own kind, kept apart from vpcEndpoints and networkInterfaces', () => {
    expect(m.index.byId.get('vpce-fw')?.kind).toBe('gateway-load-balancer-endpoint');
    expect(m.index.gatewayLoadBalancerEndpoint.get('vpce-fw')).toMatchObject({ subnet: 'subnet-gwlbe-a', availabilityZone: 'us-east-1a', loadBalancer: 'gwlb-fw', privateIp: '10.16.64.4' });
    expect(m.index.gatewayLoadBalancerEndpointsByLoadBalancer.get('gwlb-fw')?.map((e) => e.id)).toEqual(['vpce-fw']);
    expect(m.network.vpcEndpoints.map((e) => e.id)).toEqual([]);
    expect(m.network.networkInterfaces.some((i) => i.privateIp === '10.16.64.4')).toBe(false);
  });
  // https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
  it('a gateway route table is indexed by gateway and knows its gateways', () => {
    expect(m.index.gatewayRouteTable.get('igw-app')?.id).toBe('rtb-ingress');
    expect(m.index.routeTable.get('rtb-ingress')?.gateways).toEqual(['igw-app']);
    expect(m.network.internetGateways[0]).toMatchObject({ routeTable: 'rtb-ingress', name: 'edge' });
  });
});

describe('Direct Connect', () => {
  const m = model('direct-connect');
  // https://docs.aws.amazon.com/directconnect/latest/APIReference/API_VirtualInterface.html
  it('a virtual interface carries traffic when it and its connection are available (`up` reads as `available`)', () => {
    const v = (id: string) => m.index.virtualInterface.get(id)!;
    expect([v('dxvif-priv'), v('dxvif-vgw'), v('dxvif-transit'), v('dxvif-pub')].map((x) => [x.status, x.available])).toEqual([
      ['available', true],
      ['available', false], // its connection is down
      ['down', false],
      ['available', true],
    ]);
    expect(m.index.directConnectConnection.get('dxcon-2')).toMatchObject({ status: 'down', available: false });
    expect(v('dxvif-pub').routeFilterPrefixes).toEqual(['203.0.113.0/24']);
  });
  // https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
  it('allowed prefixes: a VGW association advertises the VPC blocks they cover (default: the VPC blocks); a TGW one its prefixes', () => {
    const vpcs = m.index.directConnectGateway.get('dxgw-vpcs')!;
    expect(vpcs.kind).toBe('private');
    expect(vpcs.associations).toEqual([
      { id: undefined, kind: 'vpn-gateway', gateway: 'vgw-app', allowedPrefixes: ['10.16.0.0/15'], advertised: ['10.16.0.0/16'] },
      { id: undefined, kind: 'vpn-gateway', gateway: 'vgw-data', allowedPrefixes: ['10.17.0.0/16'], advertised: ['10.17.0.0/16'] },
    ]);
    expect(vpcs.virtualInterfaces).toEqual(['dxvif-priv']);
    const tgw = m.index.directConnectGateway.get('dxgw-tgw')!;
    expect(tgw).toMatchObject({ kind: 'transit', associations: [{ kind: 'transit-gateway', gateway: 'tgw-hub', allowedPrefixes: ['10.0.0.0/8'], advertised: ['10.0.0.0/8'] }] });
    expect(m.index.directConnectGatewaysByGateway.get('vgw-app')?.map((g) => g.id)).toEqual(['dxgw-vpcs']);
    expect(m.index.directConnectGatewaysByGateway.get('tgw-hub')?.map((g) => g.id)).toEqual(['dxgw-tgw']);
  });
  it('external networks keep `via` (the first entry) and list every entry in `vias`; VPNs their transport', () => {
    expect(m.network.externalNetworks.map((n) => [n.id, n.via, n.vias])).toEqual([
      ['office', 'dxvif-priv', ['dxvif-priv']],
      ['dc2', 'dxvif-transit', ['dxvif-transit', 'vpn-backup']],
    ]);
    expect(m.index.vpnConnection.get('vpn-over-dx')?.transport).toBe('dxvif-pub');
    expect(m.network.transitGateways[0]!.attachments[1]).toMatchObject({ id: 'tgw-attach-dx', dxGateway: 'dxgw-tgw' });
  });
});

describe('account states', () => {
  const m = model('account-states');
  it('blackhole routes have the target `blackhole` and keep the target they named', () => {
    expect(m.index.routeTable.get('rtb-a')!.routes[1]).toEqual({ destination: '0.0.0.0/0', target: 'blackhole', state: 'blackhole', blackholeTarget: 'igw-old' });
    expect(m.index.routeTable.get('rtb-b')!.routes[0]).toEqual({ destination: '0.0.0.0/0', target: 'blackhole', state: 'blackhole', blackholeTarget: 'igw-spare' });
  });
  // https://docs.aws.amazon.com/vpc/latest/userguide/replace-local-route-target.html
  it("a route for the VPC's block replaces the local route's target", () => {
    expect(m.index.routeTable.get('rtb-a')!.localTargets).toEqual([{ destination: '10.16.0.0/16', target: 'eni-fw' }]);
    expect(m.index.routeTable.get('rtb-b')!.localTargets).toEqual([]);
  });
  it('appliances keep state unless `stateless`; a NAT instance always does; ordinary interfaces do not forward', () => {
    const st = (id: string) => m.index.networkInterface.get(id)!.stateful;
    expect([st('eni-fw'), st('eni-router'), st('i-nat/eth0'), st('i-jump/eth0'), st('vpce-sqs/subnet-a')]).toEqual([true, false, true, false, false]);
  });
  it('interface endpoints keep their declared addresses; the others are chosen', () => {
    expect(m.index.vpcEndpoint.get('vpce-sqs')!.addresses).toEqual({ 'subnet-a': '10.16.0.50', 'subnet-b': '10.16.1.4' });
    expect(m.index.networkInterface.get('vpce-sqs/subnet-a')!.privateIp).toBe('10.16.0.50');
  });
  it('names: the `name` field, else the `Name` tag, on the model objects', () => {
    expect(m.index.vpc.get('vpc-app')).toMatchObject({ name: 'app', tags: { env: 'prod' } });
    expect(m.index.subnet.get('subnet-a')!.name).toBe('public a');
    expect(m.index.networkInterface.get('eni-fw')!.name).toBe('firewall');
    expect(m.index.securityGroup.get('sg-app')!.name).toBe('app-sg');
    expect(m.index.routeTable.get('rtb-a')!.name).toBe('inspected');
    // an extra interface of an instance keeps its own name; a primary interface is named by its instance
    const m3 = model('account-states', (s) => ((s.networkInterfaces[0].subnet = 'subnet-a'), (s.networkInterfaces[0].privateIp = '10.16.0.12'), (s.routeTables[0].routes.shift()), (s.instances[0].networkInterfaces = ['eni-fw'])));
    expect(m3.index.networkInterface.get('eni-fw')!.name).toBe('firewall');
    expect(m3.index.networkInterface.get('i-jump/eth0')!.name).toBeUndefined();
  });
  it('resolveName finds the one resource of a name (its `name` or its `Name` tag), or says why not', () => {
    expect(resolveName(m, 'Jump Host')).toEqual({ ok: true, resource: { kind: 'instance', id: 'i-jump' } });
    expect(resolveName(m, 'App')).toEqual({ ok: true, resource: { kind: 'security-group', id: 'sg-app' } });
    expect(resolveName(m, 'app-sg')).toEqual({ ok: true, resource: { kind: 'security-group', id: 'sg-app' } });
    const none = resolveName(m, 'Jump Hots');
    expect(none).toMatchObject({ ok: false, reason: 'no resource is named `Jump Hots`', candidates: [{ kind: 'instance', id: 'i-jump' }] });
    const m2 = model('account-states', (s) => (s.instances[1].tags = { Name: 'Jump Host' }));
    expect(resolveName(m2, 'Jump Host')).toMatchObject({ ok: false, reason: '2 resources are named `Jump Host`: `i-jump`, `i-nat`' });
  });
});

describe('packages/model/README.md', () => {
  it("the load balancer example prints what its comments say", async () => {
    const { readFileSync, writeFileSync, rmSync } = await import('node:fs');
    const { vi } = await import('vitest');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const code = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)][1]![1]!;
    const file = new URL(`../.readme-example-2-${process.pid}.ts`, import.meta.url);
    writeFileSync(file, code);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await import(/* @vite-ignore */ file.href);
      const printed = log.mock.calls.map((c) => c.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' '));
      const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
      expect(printed).toEqual(['us-east-1a 10.16.0.4, us-east-1b 10.16.1.4', 'false true 10.16.0.10 8080', '{"ok":true,"resource":{"kind":"instance","id":"i-web-1"}}']);
      expect(expected).toHaveLength(3);
    } finally {
      log.mockRestore();
      rmSync(file, { force: true });
    }
  });
});
