// The importer on the `corp-elb-dx` export (test/fixtures/aws/corp-elb-dx), written from the
// output shapes of the AWS CLI reference:
// https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-load-balancers.html
// https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-listeners.html
// https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-target-groups.html
// https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-target-health.html
// https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-target-group-attributes.html
// https://docs.aws.amazon.com/cli/latest/reference/elbv2/describe-load-balancer-attributes.html
// https://docs.aws.amazon.com/cli/latest/reference/elb/describe-load-balancers.html
// https://docs.aws.amazon.com/cli/latest/reference/elb/describe-load-balancer-attributes.html
// https://docs.aws.amazon.com/cli/latest/reference/directconnect/describe-connections.html
// https://docs.aws.amazon.com/cli/latest/reference/directconnect/describe-virtual-interfaces.html
// https://docs.aws.amazon.com/cli/latest/reference/directconnect/describe-direct-connect-gateways.html
// https://docs.aws.amazon.com/cli/latest/reference/directconnect/describe-direct-connect-gateway-associations.html
// https://docs.aws.amazon.com/cli/latest/reference/ec2/describe-vpc-endpoint-service-configurations.html
import { compile, type Scenario } from '@vpcsim/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { classify, EC2_FILES, importAws, PER_ID_FOLDERS } from '../src/index.js';
import { byId, fixture } from './helpers.js';

let s: Scenario;
let diagnostics: ReturnType<typeof importAws>['diagnostics'];
beforeAll(() => {
  const r = importAws(fixture('corp-elb-dx'));
  s = r.scenario as Scenario;
  diagnostics = r.diagnostics;
});

describe('corp-elb-dx export', () => {
  it('covers every load balancer and Direct Connect file kind (CLI layout)', () => {
    const kinds = new Set([...fixture('corp-elb-dx').keys()].map((f) => {
      const k = classify(f);
      return k.kind === 'ec2' ? k.name : k.kind === 'per-id' ? k.folder : k.kind;
    }));
    const batfishOnly = ['LoadBalancerListeners', 'LoadBalancerTargetHealth', 'LoadBalancerAttributes'];
    for (const f of EC2_FILES) if (/LoadBalancer|TargetGroup|DirectConnect|VirtualInterfaces|VpcEndpointService/.test(f) && !batfishOnly.includes(f)) expect(kinds, f).toContain(f);
    for (const f of ['Listeners', 'TargetHealth', 'TargetGroupAttributes', 'LoadBalancerAttributes', 'ClassicLoadBalancerAttributes', 'DirectConnectGatewayAssociations']) {
      expect(Object.keys(PER_ID_FOLDERS)).toContain(f);
      expect(kinds, f).toContain(f);
    }
  });

  it('compiles; nothing is rejected by the model; only what vpcsim does not model is reported', () => {
    const r = compile(s);
    expect(r.ok ? [] : r.errors).toEqual([]);
    expect(diagnostics.filter((d) => d.severity === 'error' || d.code.startsWith('model-') || d.code === 'unknown-field')).toEqual([]);
    expect(diagnostics.map((d) => d.code).sort()).toEqual(['assumed-connection', 'skipped-state', 'unmapped', 'unmapped']);
  });

  it('load balancers: named by their name; nodes from LoadBalancerAddresses and the ELB interfaces; attributes', () => {
    expect(byId(s.loadBalancers, 'web-alb')).toEqual({
      id: 'web-alb',
      type: 'application',
      scheme: 'internet-facing',
      subnets: ['subnet-0e1b000000000a001', 'subnet-0e1b000000000b001'],
      securityGroups: ['sg-0e1b00000000000a1'],
      nodes: [
        { subnet: 'subnet-0e1b000000000a001', privateIp: '10.16.0.50', publicIp: '3.80.0.50' },
        { subnet: 'subnet-0e1b000000000b001', privateIp: '10.16.1.50', publicIp: '3.80.0.51' },
      ],
      listeners: [{ protocol: 'HTTPS', port: 443, targetGroup: 'web-tg' }],
    });
    expect(byId(s.loadBalancers, 'api-nlb')).toMatchObject({ type: 'network', scheme: 'internal', crossZone: true, nodes: [{ subnet: 'subnet-0e1b000000000a002', privateIp: '10.16.32.50' }] });
    expect(byId(s.loadBalancers, 'api-nlb').listeners).toEqual([
      { protocol: 'TCP', port: 443, targetGroup: 'alb-tg' },
      { protocol: 'TCP', port: 5432, targetGroup: 'onprem-tg' },
    ]);
    // a gateway load balancer's listener has no port or protocol (GENEVE 6081 is implied)
    expect(byId(s.loadBalancers, 'fw-gwlb')).toMatchObject({ type: 'gateway', crossZone: false, listeners: [{ targetGroup: 'fw-tg' }] });
    expect(byId(s.loadBalancers, 'fw-gwlb').scheme).toBeUndefined();
    // the nodes' interfaces are the load balancers', not interfaces of their own
    expect((s.networkInterfaces ?? []).map((i) => i.id)).toEqual([]);
  });

  it('a listener whose default action is not `forward` is reported and left out', () => {
    const d = diagnostics.find((x) => x.code === 'unmapped' && x.message.includes('redirect'))!;
    expect(d).toMatchObject({ file: 'accounts/111111111111/us-east-1/Listeners/web-alb.json', path: ['Listeners', 1, 'DefaultActions'] });
  });

  it('target groups: targets with their health and ports, alb targets by id, ip targets outside the VPC, attributes', () => {
    expect(byId(s.targetGroups, 'web-tg')).toMatchObject({
      targetType: 'instance',
      protocol: 'HTTP',
      port: 8080,
      crossZone: false,
      healthCheck: { protocol: 'HTTP', port: 'traffic-port', path: '/health' },
      targets: [{ id: 'i-0e1b0000000web001', health: 'healthy' }, { id: 'i-0e1b0000000web002', port: 8081, health: 'unhealthy' }],
    });
    expect(byId(s.targetGroups, 'alb-tg')).toMatchObject({ targetType: 'alb', preserveClientIp: true, targets: [{ id: 'web-alb', health: 'healthy' }] });
    expect(byId(s.targetGroups, 'onprem-tg')).toMatchObject({ targetType: 'ip', preserveClientIp: false, targets: [{ ip: '192.168.10.5', availabilityZone: 'all', health: 'healthy' }] });
    expect(byId(s.targetGroups, 'onprem-tg').crossZone).toBeUndefined(); // use_load_balancer_configuration
    expect(byId(s.targetGroups, 'fw-tg')).toMatchObject({ protocol: 'GENEVE', healthCheck: { protocol: 'TCP', port: 80 }, targets: [{ id: 'i-0e1b00000000fw001', port: 6081 }] });
    expect(byId(s.targetGroups, 'fw-tg').port).toBeUndefined();
    expect(diagnostics.find((x) => x.message.includes('Lambda'))).toMatchObject({ code: 'unmapped', path: ['TargetGroups', 4, 'TargetType'] });
  });

  it('classic load balancers: listeners with instance ports, registered instances, the health check target parsed', () => {
    expect(byId(s.loadBalancers, 'legacy-clb')).toEqual({
      id: 'legacy-clb',
      type: 'classic',
      scheme: 'internet-facing',
      subnets: ['subnet-0e1b000000000a001', 'subnet-0e1b000000000b001'],
      securityGroups: ['sg-0e1b00000000000a1'],
      crossZone: true,
      nodes: [{ subnet: 'subnet-0e1b000000000a001', privateIp: '10.16.0.60', publicIp: '3.80.0.60' }],
      listeners: [{ protocol: 'HTTP', port: 80, instancePort: 8080 }],
      instances: ['i-0e1b0000000web001', 'i-0e1b0000000web002'],
      healthCheck: { protocol: 'HTTP', port: 8080, path: '/health' },
    });
  });

  it('endpoints keep their real addresses; a Gateway Load Balancer endpoint names its load balancer', () => {
    expect(byId(s.vpcEndpoints, 'vpce-0e1b00000000005a1').addresses).toEqual({ 'subnet-0e1b000000000a002': '10.16.32.77' });
    expect(byId(s.vpcEndpoints, 'vpce-0e1b00000000000f1')).toEqual({
      id: 'vpce-0e1b00000000000f1',
      vpc: 'vpc-0e1b00000000000a1',
      type: 'gatewayLoadBalancer',
      service: 'fw-gwlb',
      subnets: ['subnet-0e1b000000000a003'],
      addresses: { 'subnet-0e1b000000000a003': '10.16.64.5' },
    });
  });

  it('routes: edge associations become gateway route tables, blackholes keep their target, the local route target replaced', () => {
    expect(byId(s.internetGateways, 'igw-0e1b00000000000a1').routeTable).toBe('rtb-0e1b0000000000004');
    expect(byId(s.routeTables, 'rtb-0e1b0000000000005').routes).toEqual([
      { destination: '10.16.0.0/16', target: 'i-0e1b00000000fw001' },
      { destination: '0.0.0.0/0', target: 'nat-0e1b0000000gone01', state: 'blackhole' },
      { destination: '192.168.0.0/16', target: 'vgw-0e1b00000000000a1' },
      { destination: '10.0.0.0/8', target: 'tgw-0e1b00000000000a1' },
    ]);
  });

  it('Direct Connect: connections, gateways with their associations, virtual interfaces, the transit gateway attachment', () => {
    const dx = s.directConnect!;
    expect(dx.connections?.map((c) => [c.id, c.status])).toEqual([
      ['dxcon-fgab1234', 'available'],
      ['dxcon-fgcd5678', 'down'],
      ['dxcon-partner01', 'available'],
    ]);
    expect(byId(dx.connections, 'dxcon-fgab1234')).toMatchObject({ name: 'primary', location: 'EqDC2', bandwidth: '10Gbps', tags: { env: 'prod' } });
    expect(byId(dx.gateways, '5f294f92-bafb-4011-916d-9b0bd1a2b3c4')).toMatchObject({
      name: 'vpcs',
      asn: 64600,
      associations: [{ id: '2ab3c4d5-e6f7-4a8b-9c0d-e1f2a3b4c5d6', vpnGateway: 'vgw-0e1b00000000000a1', allowedPrefixes: ['10.16.0.0/16'] }],
    });
    expect(byId(dx.gateways, '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f').associations).toEqual([{ id: '3bc4d5e6-f7a8-4b9c-8d0e-f1a2b3c4d5e6', transitGateway: 'tgw-0e1b00000000000a1', allowedPrefixes: ['10.0.0.0/8'] }]);
    expect(dx.virtualInterfaces?.map((v) => [v.id, v.type, v.status, v.dxGateway ?? v.vpnGateway ?? null])).toEqual([
      ['dxvif-ffaa0001', 'private', 'available', '5f294f92-bafb-4011-916d-9b0bd1a2b3c4'],
      ['dxvif-ffaa0002', 'transit', 'down', '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f'],
      ['dxvif-ffaa0003', 'public', 'available', null],
      ['dxvif-ffaa0004', 'private', 'available', 'vgw-0e1b00000000000a1'],
    ]);
    expect(byId(dx.virtualInterfaces, 'dxvif-ffaa0003').routeFilterPrefixes).toEqual(['203.0.113.0/24']);
    expect(diagnostics.find((d) => d.code === 'assumed-connection')?.path).toEqual(['virtualInterfaces', 3, 'connectionId']);
    expect(byId(s.transitGateways, 'tgw-0e1b00000000000a1').attachments).toContainEqual({ id: 'tgw-attach-0e1b00000000dx01', dxGateway: '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f' });
  });

  it('the model reads it: nodes (one chosen), effective defaults, VIF states', () => {
    const r = compile(s);
    if (!r.ok) throw new Error('invalid');
    const m = r.model;
    expect(m.index.loadBalancer.get('api-nlb')!.nodes.map((n) => [n.privateIp, n.chosen])).toEqual([['10.16.32.50', false], ['10.16.33.4', true]]);
    expect(m.index.targetGroup.get('onprem-tg')!).toMatchObject({ crossZone: true, preserveClientIp: false });
    expect(m.index.virtualInterface.get('dxvif-ffaa0002')!.available).toBe(false);
    expect(m.index.gatewayRouteTable.get('igw-0e1b00000000000a1')?.id).toBe('rtb-0e1b0000000000004');
    expect(m.index.routeTable.get('rtb-0e1b0000000000005')!.localTargets).toEqual([{ destination: '10.16.0.0/16', target: 'i-0e1b00000000fw001' }]);
    expect(m.index.byName.get('web 1')).toEqual([{ kind: 'instance', id: 'i-0e1b0000000web001' }]);
  });
});

describe('partial exports', () => {
  const only = (keep: (f: string) => boolean) => {
    const all = fixture('corp-elb-dx');
    return importAws(new Map([...all].filter(([f]) => keep(f))));
  };
  it('without attribute files: AWS defaults, said once', () => {
    const r = only((f) => !/Attributes\//.test(f));
    expect(r.diagnostics.filter((d) => d.code === 'missing-attributes')).toHaveLength(1);
    expect(compile(r.scenario).ok).toBe(true);
  });
  it('without target health or listeners: imported without them, with the command to run', () => {
    const r = only((f) => !/TargetHealth\/web-tg|Listeners\/web-alb/.test(f));
    expect(r.diagnostics.find((d) => d.code === 'missing-targets')?.hint).toContain('TargetHealth/web-tg.json');
    expect(r.diagnostics.find((d) => d.code === 'missing-listeners')?.hint).toContain('Listeners/web-alb.json');
  });
  it('without the endpoint service configuration: the Gateway Load Balancer endpoint is reported, not guessed', () => {
    const r = only((f) => !f.endsWith('VpcEndpointServiceConfigurations.json'));
    expect(r.diagnostics.find((d) => d.code === 'unresolved' && d.message.includes('Gateway Load Balancer endpoint'))).toBeDefined();
    expect(((r.scenario as Scenario).vpcEndpoints ?? []).map((e) => e.type)).toEqual(['interface']);
  });
  it('without the load balancers: their interfaces stay plain interfaces', () => {
    const r = only((f) => !/LoadBalancer|Listeners|Target/.test(f) && !f.endsWith('VpcEndpointServiceConfigurations.json'));
    expect(((r.scenario as Scenario).networkInterfaces ?? []).map((i) => i.id).sort()).toEqual(['eni-0e1b00000000alb0a', 'eni-0e1b00000000alb0b', 'eni-0e1b00000000clb0a', 'eni-0e1b00000000nlb0a', 'eni-0e1b0000000gwlb0a']);
  });
});

describe("Batfish's snapshot files", () => {
  it('Direct Connect outputs in upper camel case and the aggregate load balancer files are read too', () => {
    const files = new Map([
      ['Vpcs.json', JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }] })],
      ['Subnets.json', JSON.stringify({ Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'us-east-1a' }] })],
      ['DirectConnectGateways.json', JSON.stringify({ DirectConnectGateways: [{ DirectConnectGatewayId: 'dxgw-uuid', DirectConnectGatewayName: 'g', AmazonSideAsn: 64513, DirectConnectGatewayState: 'available', Tags: [{ Key: 'Name', Value: 'g' }] }] })],
      ['VirtualInterfaces.json', JSON.stringify({ VirtualInterfaces: [{ VirtualInterfaceId: 'dxvif-1', VirtualInterfaceType: 'transit', ConnectionId: 'dxcon-1', DirectConnectGatewayId: 'dxgw-uuid', VirtualInterfaceState: 'available', RouteFilterPrefixes: [{ Cidr: '10.0.0.0/8' }] }] })],
      ['LoadBalancers.json', JSON.stringify({ LoadBalancers: [{ LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/lb/1', LoadBalancerName: 'lb', Type: 'network', Scheme: 'internal', VpcId: 'vpc-1', State: { Code: 'active' }, AvailabilityZones: [{ SubnetId: 'subnet-1', ZoneName: 'us-east-1a', LoadBalancerAddresses: [] }] }] })],
      ['LoadBalancerAttributes.json', JSON.stringify({ LoadBalancerAttributes: [{ LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/lb/1', Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'true' }] }] })],
      ['LoadBalancerListeners.json', JSON.stringify({ LoadBalancerListeners: [{ LoadBalancerArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/net/lb/1', Listeners: [{ Port: 80, Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/tg/1' }] }] }] })],
      ['TargetGroups.json', JSON.stringify({ TargetGroups: [{ TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/tg/1', TargetGroupName: 'tg', Protocol: 'TCP', Port: 80, VpcId: 'vpc-1', TargetType: 'ip' }] })],
      ['LoadBalancerTargetHealth.json', JSON.stringify({ LoadBalancerTargetHealth: [{ TargetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:111111111111:targetgroup/tg/1', TargetHealthDescriptions: [{ Target: { Id: '10.0.1.20', Port: 80 }, TargetHealth: { State: 'healthy' } }] }] })],
    ]);
    const r = importAws(files);
    const sc = r.scenario as Scenario;
    expect(sc.directConnect?.gateways).toEqual([{ id: 'dxgw-uuid', asn: 64513, associations: [], name: 'g', tags: { Name: 'g' } }]);
    expect(sc.directConnect?.virtualInterfaces).toEqual([{ id: 'dxvif-1', type: 'transit', connection: 'dxcon-1', dxGateway: 'dxgw-uuid', status: 'available' }]);
    expect(sc.loadBalancers).toEqual([{ id: 'lb', type: 'network', scheme: 'internal', subnets: ['subnet-1'], crossZone: true, listeners: [{ protocol: 'TCP', port: 80, targetGroup: 'tg' }] }]);
    expect(sc.targetGroups?.[0]?.targets).toEqual([{ ip: '10.0.1.20', health: 'healthy' }]);
    expect(r.diagnostics.filter((d) => d.code === 'unknown-field' || d.severity === 'error')).toEqual([]);
  });
});
