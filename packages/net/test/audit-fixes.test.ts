// Rules fixed after the tracer audit; each test fails if its rule is broken, in the fast tracer
// and (where the reference models the path) in the reference tracer.
// - Private DNS needs enableDnsSupport and enableDnsHostnames:
//   https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
//   https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html
// - Static VPN routing sends only its static routes; BGP only advertised networks:
//   https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
// - A scenario's own `pl-s3` replaces the AWS-managed snapshot (scenario-format.md, prefixLists)
// - Route priority: https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
// - Interface endpoints accept TCP (over IPv4 in vpcsim) only:
//   https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
// - TGW appliance mode: https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
import { describe, expect, it } from 'vitest';
import { referenceTrace } from '../src/reference.js';
import { expectVerdict, model, run, variant, type Raw } from './helpers.js';
import { trace, type Flow } from '@vpcsim/net';
import type { Patch } from 'immer';
import { applyScenarioPatches } from '@vpcsim/model';

/** The fast tracer and the reference agree on a flow (when the reference models it). */
function agree(raw: Raw, from: string, to: string, port = 443, extra: Partial<Flow> = {}): void {
  const m = model(raw);
  const o = run(m, from, to, port, extra);
  const r = referenceTrace(m, { from, to, protocol: 'tcp', port, ...extra });
  expect(r.modelled, r.note).toBe(true);
  expect({ disposition: r.disposition, blockedBy: r.blockedBy }).toEqual({ disposition: o.disposition, blockedBy: o.blockedBy });
}

describe('private DNS needs the VPC DNS attributes', () => {
  const sqs = (dns: { enableDnsSupport?: boolean; enableDnsHostnames?: boolean }): Raw =>
    variant((s) => {
      Object.assign(s.vpcs[0], dns);
      s.securityGroups.push({ id: 'sg-endpoints', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 443, cidr: '10.0.0.0/16' }] });
      s.vpcEndpoints = [{ id: 'vpce-sqs', vpc: 'vpc-a', type: 'interface', service: 'sqs', subnets: ['subnet-app'], securityGroups: ['sg-endpoints'], privateDns: true }];
    });
  const on = sqs({ enableDnsSupport: true, enableDnsHostnames: true });

  it('both on: the service name resolves to the endpoint', () => {
    const o = run(on, 'i-app', 'service:sqs');
    expectVerdict(o, 'exits-service');
    expect(o.t.service?.via).toBe('interface-endpoint');
    agree(on, 'i-app', 'service:sqs');
  });

  it.each([
    ['hostnames off (the default for a non-default VPC)', {}],
    ['hostnames off', { enableDnsSupport: true, enableDnsHostnames: false }],
    ['DNS support off', { enableDnsSupport: false, enableDnsHostnames: true }],
  ])('%s: the name resolves to the public address, and the trace says why', (_, dns) => {
    const raw = sqs(dns);
    // subnet-app has no internet path: no route to the public service address
    const o = run(raw, 'i-app', 'service:sqs');
    expectVerdict(o, 'no-route', 'vpc-a/main-rtb');
    const first = o.t.forward[0]!;
    expect(first).toMatchObject({ component: 'vpc-a', kind: 'vpc' });
    expect(first.detail.why).toMatch(/enableDns(Support|Hostnames) off/);
    expect(o.t.blockers[0]).toMatchObject({ component: 'vpc-a', setting: 'enableDnsSupport, enableDnsHostnames' });
    expect(o.t.blockers[0]!.fix).toMatch(/turn on enableDnsSupport and enableDnsHostnames/);
    // i-web has a public IP and an internet route: it reaches the service's public endpoint
    const web = run(raw, 'i-web', 'service:sqs');
    expectVerdict(web, 'exits-service');
    expect(web.t.service?.via).toBe('internet');
    agree(raw, 'i-app', 'service:sqs');
    agree(raw, 'i-web', 'service:sqs');
  });
});

describe('VPN connections carry only the networks they route', () => {
  /** VGW vpc-a; `vpn-office` (static 192.168.0.0/24 only) to an office of 192.168.0.0/16; the VPC routes the /16 to the VGW. */
  const vpn = (f: (s: Raw) => void = () => {}): Raw =>
    variant((s) => {
      s.vpnGateways = [{ id: 'vgw-a', vpc: 'vpc-a' }];
      s.customerGateways = [{ id: 'cgw-office', ip: '198.51.100.7', asn: 65000 }];
      s.vpnConnections = [{ id: 'vpn-office', customerGateway: 'cgw-office', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['192.168.0.0/24'] }];
      s.externalNetworks = [{ id: 'office', cidrs: ['192.168.0.0/16'], via: 'cgw-office' }];
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '192.168.0.0/16', target: 'vgw-a' }] });
      s.subnets[1].routeTable = 'rtb-app';
      f(s);
    });

  it('static: a destination inside the static routes goes through; one outside them is dropped at the VGW', () => {
    expectVerdict(run(vpn(), 'i-app', 'external:office:192.168.0.5'), 'exits-external');
    const o = run(vpn(), 'i-app', 'external:office:192.168.7.5');
    expectVerdict(o, 'no-route', 'vgw-a');
    expect(o.t.forward.at(-1)?.detail.why).toMatch(/static routing\) sends only its static routes \(192\.168\.0\.0\/24\)/);
    expect(o.t.blockers.at(-1)).toMatchObject({ component: 'vgw-a', fix: 'add a static route covering 192.168.7.5/32 to VPN connection `vpn-office`' });
    agree(vpn(), 'i-app', 'external:office:192.168.0.5');
    agree(vpn(), 'i-app', 'external:office:192.168.7.5');
  });

  it('a bare IP inside an external network is that network (as external:ID:IP), both ways', () => {
    const to = run(vpn(), 'i-app', '192.168.0.5');
    expectVerdict(to, 'exits-external');
    expect(to.t).toMatchObject({ reachable: true, disposition: run(vpn(), 'i-app', 'external:office:192.168.0.5').t.disposition });
    expectVerdict(run(vpn(), '192.168.0.5', 'i-app'), 'delivered');
    agree(vpn(), 'i-app', '192.168.0.5');
    agree(vpn(), '192.168.0.5', 'i-app');
  });

  it('static: a connection from outside the static routes gets no reply back', () => {
    expectVerdict(run(vpn(), 'external:office:192.168.0.5', 'i-app'), 'delivered');
    const o = run(vpn(), 'external:office:192.168.7.5', 'i-app');
    expectVerdict(o, 'reply-denied', 'vgw-a');
    agree(vpn(), 'external:office:192.168.7.5', 'i-app');
  });

  it('BGP: only the networks behind the customer gateway are advertised', () => {
    const raw = vpn((s) => {
      s.vpnConnections[0] = { id: 'vpn-office', customerGateway: 'cgw-office', vpnGateway: 'vgw-a', routing: 'bgp' };
      s.externalNetworks = [{ id: 'office', cidrs: ['192.168.0.0/24'], via: 'cgw-office' }];
    });
    expectVerdict(run(raw, 'i-app', 'external:office:192.168.0.5'), 'exits-external');
    const o = run(raw, 'i-app', '192.168.7.5');
    expectVerdict(o, 'no-route', 'vgw-a');
    expect(o.t.blockers.at(-1)?.fix).toMatch(/advertise a network covering 192\.168\.7\.5\/32 over BGP/);
    agree(raw, 'i-app', '192.168.7.5');
  });
});

describe('a scenario\'s own pl-s3 replaces the AWS-managed list', () => {
  const raw = variant((s) => {
    s.prefixLists = [{ id: 'pl-s3', name: 'com.amazonaws.us-east-1.s3', cidrs: ['198.18.0.0/24'] }];
    s.vpcEndpoints = [{ id: 'vpce-s3', vpc: 'vpc-a', type: 'gateway', service: 's3', routeTables: ['rtb-app'] }];
    s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [] });
    s.subnets[1].routeTable = 'rtb-app';
  });

  it('service:s3 resolves into the declared list, and its route goes to the gateway endpoint', () => {
    const o = run(raw, 'i-app', 'service:s3');
    expectVerdict(o, 'exits-service');
    expect(o.t.service).toMatchObject({ via: 'gateway-endpoint', endpoint: 'vpce-s3' });
    expect(o.t.forward[0]?.packet?.dst).toBe('198.18.0.1');
    expect(o.t.forward.find((h) => h.kind === 'route-table')?.rule).toBe('pl-s3 → vpce-s3');
    // an address of the AWS-managed snapshot is no longer routed to the endpoint
    const snapshot = model(variant((x) => delete x.prefixLists, raw)).network.prefixLists.find((p) => p.id === 'pl-s3')!.blocks[0]!.text;
    expectVerdict(run(raw, 'i-app', snapshot.split('/')[0]!), 'no-route', 'rtb-app');
    agree(raw, 'i-app', 'service:s3');
  });
});

describe('route priority for routes to the same block', () => {
  /** vgw-a propagates into rtb-app; `routes` are rtb-app's own routes. */
  const table = (routes: Raw[], f: (s: Raw) => void = () => {}): Raw =>
    variant((s) => {
      s.vpnGateways = [{ id: 'vgw-a', vpc: 'vpc-a' }];
      s.customerGateways = [{ id: 'cgw-office', ip: '198.51.100.7', asn: 65000 }];
      s.vpnConnections = [{ id: 'vpn-office', customerGateway: 'cgw-office', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['8.8.8.0/24'] }];
      s.externalNetworks = [{ id: 'office', cidrs: ['8.8.8.0/24'], via: 'cgw-office' }];
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes, propagatingGateways: ['vgw-a'] });
      s.subnets[1].routeTable = 'rtb-app';
      s.natGateways = [{ id: 'nat-a', subnet: 'subnet-pub', publicIp: '54.0.0.99', privateIp: '10.0.0.99' }];
      f(s);
    });

  it('a static route wins over a propagated route to the same block', () => {
    const prop = table([]);
    const o = run(prop, 'i-app', 'external:office:8.8.8.8');
    expectVerdict(o, 'exits-external');
    expect(o.t.forward.find((h) => h.component === 'rtb-app')?.rule).toBe('8.8.8.0/24 → vgw-a');
    const both = table([{ destination: '8.8.8.0/24', target: 'nat-a' }]);
    // (a bare 8.8.8.8 would be the office's address: the internet's is named explicitly)
    const s = run(both, 'i-app', 'internet:8.8.8.8');
    expectVerdict(s, 'exits-internet');
    expect(s.t.forward.find((h) => h.component === 'rtb-app')?.rule).toBe('8.8.8.0/24 → nat-a');
    agree(both, 'i-app', 'internet:8.8.8.8');
  });

  it('a prefix-list route wins over a propagated route to the same block', () => {
    const raw = table([{ destination: 'pl-dns', target: 'nat-a' }], (s) => {
      s.prefixLists = [{ id: 'pl-dns', name: 'dns', cidrs: ['8.8.8.0/24'] }];
    });
    const o = run(raw, 'i-app', 'internet:8.8.8.8');
    expectVerdict(o, 'exits-internet');
    expect(o.t.forward.find((h) => h.component === 'rtb-app')?.rule).toBe('pl-dns → nat-a');
    agree(raw, 'i-app', 'internet:8.8.8.8');
  });

  it('among propagated routes, VPN static wins over VPN BGP (BGP declared first)', () => {
    const raw = table([], (s) => {
      s.customerGateways.push({ id: 'cgw-dc', ip: '198.51.100.8', asn: 65001 });
      s.vpnConnections = [
        { id: 'vpn-dc', customerGateway: 'cgw-dc', vpnGateway: 'vgw-a', routing: 'bgp' },
        { id: 'vpn-office', customerGateway: 'cgw-office', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['172.16.0.0/16'] },
      ];
      s.externalNetworks = [
        { id: 'dc', cidrs: ['172.16.0.0/16'], via: 'cgw-dc' },
        { id: 'office', cidrs: ['172.16.0.0/16'], via: 'cgw-office' },
      ];
    });
    const o = run(raw, 'i-app', 'external:office:172.16.0.5');
    expectVerdict(o, 'exits-external');
    expect(o.t.forward.find((h) => h.component === 'vgw-a')?.detail.why).toMatch(/`vpn-office` \(static routing/);
    expect(o.t.forward.find((h) => h.component === 'rtb-app')?.detail).toMatchObject({ step: 'route' });
    expect((o.t.forward.find((h) => h.component === 'rtb-app')?.detail as { table?: readonly string[] }).table).toContain('172.16.0.0/16 → vgw-a  (propagated, VPN static)');
    expectVerdict(run(raw, 'i-app', 'external:dc:172.16.0.5'), 'unreachable-address');
    agree(raw, 'i-app', 'external:office:172.16.0.5');
    agree(raw, 'i-app', 'external:dc:172.16.0.5');
  });
});

describe('interface endpoint interfaces accept TCP over IPv4 only, however addressed', () => {
  const raw = variant((s) => {
    s.securityGroups.push({ id: 'sg-endpoints', vpc: 'vpc-a', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
    s.vpcEndpoints = [{ id: 'vpce-sqs', vpc: 'vpc-a', type: 'interface', service: 'sqs', subnets: ['subnet-app'], securityGroups: ['sg-endpoints'], privateDns: false }];
  });
  const m = model(raw);
  const eniIp = m.network.networkInterfaces.find((i) => i.id === 'vpce-sqs/subnet-app')!.privateIp;

  it.each([['the interface id', 'vpce-sqs/subnet-app'], ['its IP address', eniIp], ['the endpoint id', 'vpce-sqs']])('by %s: TCP passes, UDP and ICMP are unsupported', (_, to) => {
    expect(run(m, 'i-app', to).reachable).toBe(true);
    const udp = run(m, 'i-app', to, 53, { protocol: 'udp' });
    expectVerdict(udp, 'unsupported', 'vpce-sqs');
    expect(udp.t.forward.at(-1)?.detail.why).toBe('interface endpoint `vpce-sqs` accepts TCP over IPv4 only, not UDP traffic');
    expect(udp.t.blockers[0]?.fix).toMatch(/send TCP over IPv4/);
    expectVerdict(run(m, 'i-app', to, undefined, { protocol: 'icmp' }), 'unsupported', 'vpce-sqs');
  });

  it('the reference agrees when addressed by interface id or IP', () => {
    for (const to of ['vpce-sqs/subnet-app', eniIp]) {
      agree(raw, 'i-app', to, 53, { protocol: 'udp' });
      agree(raw, 'i-app', to, 443);
    }
  });
});

describe('transit gateway appliance mode', () => {
  /**
   * vpc-1 (us-east-1a) and vpc-2 (us-east-1b) talk through an inspection VPC (vpc-9) with a
   * firewall per AZ; the spokes' TGW table sends everything to the inspection attachment.
   */
  const inspection = (applianceMode: boolean): Raw =>
    variant((s) => {
      const spoke = (n: number, az: string) => {
        s.vpcs.push({ id: `vpc-${n}`, cidr: `10.${n}.0.0/16` });
        s.subnets.push({ id: `subnet-${n}`, vpc: `vpc-${n}`, availabilityZone: az, cidr: `10.${n}.0.0/24`, routeTable: `rtb-${n}` });
        s.routeTables.push({ id: `rtb-${n}`, vpc: `vpc-${n}`, routes: [{ destination: '10.0.0.0/8', target: 'tgw-1' }] });
        s.securityGroups.push({ id: `sg-${n}`, vpc: `vpc-${n}`, inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
        s.instances.push({ id: `i-${n}`, subnet: `subnet-${n}`, privateIp: `10.${n}.0.10`, securityGroups: [`sg-${n}`] });
      };
      spoke(1, 'us-east-1a');
      spoke(2, 'us-east-1b');
      s.vpcs.push({ id: 'vpc-9', cidr: '10.9.0.0/16' });
      s.securityGroups.push({ id: 'sg-9', vpc: 'vpc-9', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
      for (const [x, az] of [['a', 'us-east-1a'], ['b', 'us-east-1b']] as const) {
        const k = x === 'a' ? 0 : 1;
        s.subnets.push({ id: `subnet-tgw-${x}`, vpc: 'vpc-9', availabilityZone: az, cidr: `10.9.${k}.0/24`, routeTable: `rtb-tgw-${x}` });
        s.subnets.push({ id: `subnet-fw-${x}`, vpc: 'vpc-9', availabilityZone: az, cidr: `10.9.${k + 10}.0/24`, routeTable: 'rtb-fw' });
        s.routeTables.push({ id: `rtb-tgw-${x}`, vpc: 'vpc-9', routes: [{ destination: '0.0.0.0/0', target: `i-fw-${x}` }] });
        s.instances.push({ id: `i-fw-${x}`, subnet: `subnet-fw-${x}`, privateIp: `10.9.${k + 10}.10`, securityGroups: ['sg-9'], sourceDestCheck: false });
      }
      s.routeTables.push({ id: 'rtb-fw', vpc: 'vpc-9', routes: [{ destination: '10.0.0.0/8', target: 'tgw-1' }] });
      s.transitGateways = [
        {
          id: 'tgw-1',
          routeTables: [
            { id: 'tgw-spokes', routes: [{ destination: '0.0.0.0/0', attachment: 'att-9' }], associations: ['att-1', 'att-2'], propagations: [] },
            { id: 'tgw-inspection', routes: [], associations: ['att-9'], propagations: ['att-1', 'att-2'] },
          ],
          attachments: [
            { id: 'att-1', vpc: 'vpc-1', subnets: ['subnet-1'] },
            { id: 'att-2', vpc: 'vpc-2', subnets: ['subnet-2'] },
            { id: 'att-9', vpc: 'vpc-9', subnets: ['subnet-tgw-a', 'subnet-tgw-b'], applianceMode },
          ],
        },
      ];
    });

  it('without it, each direction stays in its own AZ: the reply reaches the other firewall, which never saw the request, and is dropped', () => {
    // "... the response traffic is routed to a different appliance ... the traffic is dropped
    // because the appliance is stateful" (issue 13 item 1)
    // https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
    const o = run(inspection(false), 'i-1', 'i-2');
    expectVerdict(o, 'reply-denied', 'i-fw-b/eth0');
    expect(o.path).toContain('i-fw-a/eth0:forward');
    expect(o.back).toContain('i-fw-b/eth0:drop');
    expect(o.t.blockers.at(-1)?.fix).toMatch(/turn on appliance mode on transit gateway attachment `att-9`/);
    // the fix is a patch `--what-if` applies: appliance mode on the inspection attachment, and the flow gets through
    const m = model(inspection(false));
    const patches = o.t.blockers.flatMap((b) => b.patches ?? []);
    expect(patches).toEqual([{ op: 'add', path: ['transitGateways', 0, 'attachments', 2, 'applianceMode'], value: true }]);
    const fixed = applyScenarioPatches(m, patches as Patch[]);
    if (!fixed.ok) throw new Error('the patch does not apply');
    expect(trace(fixed.model, { from: 'i-1', to: 'i-2', protocol: 'tcp', port: 443 }).disposition).toBe('delivered');
  });

  it('an asymmetric route inside one VPC (no transit gateway on the way) is fixed by symmetric routes, not appliance mode', () => {
    // inside vpc-9: i-9 (subnet-tgw-a) reaches i-9b (subnet-fw-b) through i-fw-a, and the reply
    // comes back through i-fw-b; no transit gateway between them, so appliance mode cannot help
    const raw = variant((s) => {
      s.instances.push({ id: 'i-9', subnet: 'subnet-tgw-a', privateIp: '10.9.0.10', securityGroups: ['sg-9'] });
      s.instances.push({ id: 'i-9b', subnet: 'subnet-fw-b', privateIp: '10.9.11.20', securityGroups: ['sg-9'] });
      // to subnet-fw-b through i-fw-a; back (rtb-fw) to subnet-tgw-a through i-fw-b
      s.routeTables.find((t: Raw) => t.id === 'rtb-tgw-a').routes.push({ destination: '10.9.11.0/24', target: 'i-fw-a' });
      s.routeTables.find((t: Raw) => t.id === 'rtb-fw').routes.push({ destination: '10.9.0.0/24', target: 'i-fw-b' });
    }, inspection(false));
    const o = run(raw, 'i-9', 'i-9b');
    expectVerdict(o, 'reply-denied', 'i-fw-b/eth0');
    expect(o.t.blockers.at(-1)?.fix).toMatch(/^route the reply back through the appliance that saw the request/);
    expect(o.t.blockers.flatMap((b) => b.patches ?? [])).toEqual([]);
  });

  it('with it, the reply uses the AZ the request used: the same firewall both ways', () => {
    const o = run(inspection(true), 'i-1', 'i-2');
    expectVerdict(o, 'delivered');
    expect(o.path).toContain('i-fw-a/eth0:forward');
    expect(o.back).toContain('i-fw-a/eth0:forward');
    expect(o.back).not.toContain('i-fw-b/eth0:forward');
    const att = o.t.return.find((h) => h.component === 'att-9' && h.interface?.direction === 'egress');
    expect(att?.interface?.id).toBe('att-9/subnet-tgw-a');
    expect(att?.detail.why).toMatch(/appliance mode: the flow is pinned to us-east-1a in both directions/);
    agree(inspection(true), 'i-1', 'i-2');
  });
});

describe('routing failures name a fix', () => {
  it('every blocker of a routing failure carries a fix sentence', () => {
    const raw = variant((s) => {
      s.vpnGateways = [{ id: 'vgw-a', vpc: 'vpc-a' }];
      s.customerGateways = [{ id: 'cgw-office', ip: '198.51.100.7', asn: 65000 }];
      s.vpnConnections = [{ id: 'vpn-office', customerGateway: 'cgw-office', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['192.168.0.0/16', '172.16.0.0/16'] }];
      s.externalNetworks = [{ id: 'office', cidrs: ['192.168.0.0/16'], via: 'cgw-office' }];
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '172.16.0.0/12', target: 'vgw-a' }] });
      s.subnets[1].routeTable = 'rtb-app';
    });
    for (const [to, d] of [['172.16.0.5', 'unreachable-address'], ['172.17.0.5', 'no-route'], ['10.0.1.99', 'unreachable-address'], ['9.9.9.9', 'no-route']] as const) {
      const o = run(raw, 'i-app', to);
      expectVerdict(o, d);
      for (const b of o.t.blockers) expect(b.fix, `${to}: ${b.component} ${b.setting}`).toBeTruthy();
    }
  });
});

describe('a NAT gateway as the destination', () => {
  // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html: a NAT gateway
  // translates traffic routed through it; it is not a host that accepts connections.
  it('a connection addressed to it from inside the VPC is dropped, with a fix that says how to use it', () => {
    const raw = variant((s) => {
      s.natGateways = [{ id: 'nat-a', subnet: 'subnet-pub', publicIp: '54.0.0.99', privateIp: '10.0.0.99' }];
    });
    const o = run(raw, 'i-app', 'nat-a', 22);
    expectVerdict(o, 'inbound-not-allowed', 'nat-a');
    expect(o.t.blockers.at(-1)?.fix).toBe('address the host you want to reach, and route its traffic through the NAT gateway');
  });
});

describe('no route to a service', () => {
  it('the fix says how services are reached, not how to route one public address', async () => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const { join } = await import('node:path');
    const raw = parse(readFileSync(join(import.meta.dirname, '../../../scenarios/vpc-gateway-endpoint-s3.yaml'), 'utf8')) as Raw;
    const o = run(raw, 'i-batch-1', 'service:s3');
    expectVerdict(o, 'no-route', 'rtb-isolated');
    expect(o.t.blockers.at(-1)?.fix).toMatch(/^reach s3 through an endpoint \(a gateway endpoint for s3 or dynamodb adds its prefix-list route to `rtb-isolated`/);
  });
});

describe('ICMP belongs to its address family', () => {
  it('icmp to an IPv6 address and icmpv6 to an IPv4 address are invalid flows, with the protocol to use', () => {
    const m = model(variant(() => {}));
    const v6 = m.network.networkInterfaces.find((i) => i.ipv6Addresses.length > 0);
    const v4 = trace(m, { from: 'i-app', to: 'i-web', protocol: 'icmpv6' });
    expect(v4.disposition).toBe('invalid-flow');
    expect(v4.errors[0]?.hint).toBe('use `icmp` for IPv4 addresses');
    if (v6) {
      const t = trace(m, { from: 'i-app', to: v6.ipv6Addresses[0]!, protocol: 'icmp' });
      expect(t.disposition).toBe('invalid-flow');
      expect(t.errors[0]?.hint).toBe('use `icmpv6` for IPv6 addresses');
    }
  });
});

describe('second tracer audit', () => {
  /** Two VPCs over a transit gateway, with a BGP VPN to an office on the same TGW. */
  const tgwBase = (): Raw => ({
    version: 1,
    vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16' }, { id: 'vpc-b', cidr: '10.1.0.0/16' }],
    subnets: [
      { id: 'subnet-a', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', routeTable: 'rtb-a' },
      { id: 'subnet-b', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.1.1.0/24', routeTable: 'rtb-b' },
    ],
    routeTables: [
      { id: 'rtb-a', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'tgw-1' }] },
      { id: 'rtb-b', vpc: 'vpc-b', routes: [{ destination: '0.0.0.0/0', target: 'tgw-1' }] },
    ],
    customerGateways: [{ id: 'cgw-o', ip: '198.51.100.7', asn: 65000 }],
    vpnConnections: [{ id: 'vpn-o', customerGateway: 'cgw-o', transitGateway: 'tgw-1', routing: 'bgp' }],
    externalNetworks: [{ id: 'office', cidrs: ['192.168.0.0/16'], via: 'cgw-o' }],
    transitGateways: [
      {
        id: 'tgw-1',
        routeTables: [{ id: 'tgw-rtb', associations: ['att-a', 'att-b', 'att-vpn'], propagations: ['att-a', 'att-b', 'att-vpn'], routes: [] }],
        attachments: [{ id: 'att-a', vpc: 'vpc-a', subnets: ['subnet-a'] }, { id: 'att-b', vpc: 'vpc-b', subnets: ['subnet-b'] }, { id: 'att-vpn', vpnConnection: 'vpn-o' }],
      },
    ],
    securityGroups: [
      { id: 'sg-a', vpc: 'vpc-a', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] },
      { id: 'sg-b', vpc: 'vpc-b', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] },
    ],
    instances: [
      { id: 'i-a', subnet: 'subnet-a', privateIp: '10.0.1.10', securityGroups: ['sg-a'] },
      { id: 'i-b', subnet: 'subnet-b', privateIp: '10.1.1.10', securityGroups: ['sg-b'] },
    ],
  });

  it('a group reference admits the sender, not its address: a host with the same IP in another peered VPC is not in the group', () => {
    // https://docs.aws.amazon.com/vpc/latest/peering/peering-configurations-partial-access.html
    const raw = variant((s) => {
      s.vpcs.push({ id: 'vpc-b', cidr: '10.1.0.0/16' }, { id: 'vpc-c', cidr: '10.1.0.0/16' });
      s.subnets.push({ id: 'subnet-b', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.1.5.0/24', routeTable: 'rtb-b' });
      s.subnets.push({ id: 'subnet-c', vpc: 'vpc-c', availabilityZone: 'us-east-1a', cidr: '10.1.5.0/24', routeTable: 'rtb-c' });
      s.vpcPeeringConnections = [{ id: 'pcx-ab', requester: 'vpc-a', accepter: 'vpc-b', status: 'active' }, { id: 'pcx-ac', requester: 'vpc-a', accepter: 'vpc-c', status: 'active' }];
      s.routeTables.push({ id: 'rtb-b', vpc: 'vpc-b', routes: [{ destination: '10.0.1.0/24', target: 'pcx-ab' }] });
      s.routeTables.push({ id: 'rtb-c', vpc: 'vpc-c', routes: [{ destination: '10.0.1.0/24', target: 'pcx-ac' }] });
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', main: true, routes: [{ destination: '10.1.0.0/16', target: 'pcx-ab' }, { destination: '10.1.5.10/32', target: 'pcx-ac' }] });
      s.securityGroups.push({ id: 'sg-b', vpc: 'vpc-b', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] }, { id: 'sg-c', vpc: 'vpc-c', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
      s.securityGroups.push({ id: 'sg-app', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 443, securityGroup: 'sg-b' }] });
      s.instances.push({ id: 'i-b', subnet: 'subnet-b', privateIp: '10.1.5.10', securityGroups: ['sg-b'] }, { id: 'i-c', subnet: 'subnet-c', privateIp: '10.1.5.10', securityGroups: ['sg-c'] });
      s.instances.find((i: Raw) => i.id === 'i-app').securityGroups = ['sg-app'];
    });
    expectVerdict(run(raw, 'i-c', 'i-app'), 'denied-sg-ingress', 'sg-app');
    agree(raw, 'i-c', 'i-app');
  });

  it('a group reference does not match across a transit gateway, even between peered VPCs', () => {
    // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-transitgatewayattachment-options.html
    const raw = variant((s) => {
      s.vpcPeeringConnections = [{ id: 'pcx-ab', requester: 'vpc-a', accepter: 'vpc-b', status: 'active' }];
      s.securityGroups[0].inbound = [{ protocol: 'tcp', ports: 443, securityGroup: 'sg-b' }];
    }, tgwBase());
    expectVerdict(run(raw, 'i-b', 'i-a'), 'denied-sg-ingress', 'sg-a');
    agree(raw, 'i-b', 'i-a');
    // over the peering connection itself the reference matches
    const peered = variant((s) => {
      s.routeTables[0].routes = [{ destination: '10.1.0.0/16', target: 'pcx-ab' }];
      s.routeTables[1].routes = [{ destination: '10.0.0.0/16', target: 'pcx-ab' }];
    }, raw);
    expectVerdict(run(peered, 'i-b', 'i-a'), 'delivered');
    agree(peered, 'i-b', 'i-a');
  });

  it('in a transit gateway route table, a VPC-propagated route wins a tie with a VPN-propagated one, whatever the order', () => {
    // https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html (route evaluation order)
    const raw = variant((s) => {
      s.externalNetworks[0].cidrs.push('10.1.0.0/16');
      s.transitGateways[0].routeTables[0].propagations = ['att-vpn', 'att-a', 'att-b'];
    }, tgwBase());
    expectVerdict(run(raw, 'i-a', 'i-b'), 'delivered');
    agree(raw, 'i-a', 'i-b');
  });

  it('the local route wins over a more specific propagated route inside the VPC block', () => {
    // https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html
    const raw = variant((s) => {
      s.vpnGateways = [{ id: 'vgw-a', vpc: 'vpc-a' }];
      s.customerGateways = [{ id: 'cgw-o', ip: '198.51.100.7', asn: 65000 }];
      s.vpnConnections = [{ id: 'vpn-o', customerGateway: 'cgw-o', vpnGateway: 'vgw-a', routing: 'bgp' }];
      s.externalNetworks = [{ id: 'office', cidrs: ['192.168.0.0/16', '10.0.2.0/24'], via: 'cgw-o' }];
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', main: true, routes: [], propagatingGateways: ['vgw-a'] });
    });
    expectVerdict(run(raw, 'i-app', 'i-db'), 'delivered');
    agree(raw, 'i-app', 'i-db');
    expect(run(raw, 'i-app', 'external:office:10.0.2.99').reachable).toBe(false);
    expectVerdict(run(raw, 'i-app', 'external:office:192.168.0.5'), 'exits-external');
  });

  it('a virtual private gateway carries no IPv6', () => {
    // https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html
    const raw = variant((s) => {
      s.vpnGateways = [{ id: 'vgw-a', vpc: 'vpc-a' }];
      s.customerGateways = [{ id: 'cgw-o', ip: '198.51.100.7', asn: 65000 }];
      s.vpnConnections = [{ id: 'vpn-o', customerGateway: 'cgw-o', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['192.168.0.0/16', 'fd12:3456::/48'] }];
      s.externalNetworks = [{ id: 'office', cidrs: ['192.168.0.0/16', 'fd12:3456::/48'], via: 'cgw-o' }];
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', main: true, routes: [{ destination: 'fd12:3456::/48', target: 'vgw-a' }] });
    });
    const o = run(raw, 'external:office:fd12:3456::5', '2600:1f18:1:101::10');
    expectVerdict(o, 'unsupported', 'vgw-a');
    agree(raw, 'external:office:fd12:3456::5', '2600:1f18:1:101::10');
    // toward the office: an IPv6 destination makes the source use its IPv6 address, and the VGW drops it
    expectVerdict(run(raw, 'i-app', 'external:office:fd12:3456::5'), 'unsupported', 'vgw-a');
  });

  it('traffic inside a subnet is delivered at layer 2: no route to an appliance, no network ACL', () => {
    // https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
    const raw = variant((s) => {
      s.subnets.push({ id: 'subnet-fw', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.3.0/24', routeTable: 'rtb-fw' });
      s.instances.push({ id: 'i-fw', subnet: 'subnet-fw', privateIp: '10.0.3.10', securityGroups: ['sg-open'], sourceDestCheck: true });
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', main: true, routes: [{ destination: '10.0.1.0/24', target: 'i-fw' }] }, { id: 'rtb-fw', vpc: 'vpc-a', routes: [] });
    });
    const o = run(raw, 'i-app', 'i-app2');
    expectVerdict(o, 'delivered');
    expect(o.t.forward.some((h) => h.component === 'i-fw/eth0' || h.kind === 'route-table' || h.kind === 'network-acl')).toBe(false);
    agree(raw, 'i-app', 'i-app2');
  });

  it('an ICMP message that is not a query needs no reply', () => {
    const raw = variant((s) => {
      s.networkAcls = [{ id: 'acl-x', vpc: 'vpc-a', inbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }], outbound: [] }];
      s.subnets.find((x: Raw) => x.id === 'subnet-db').networkAcl = 'acl-x';
    });
    const m = model(raw);
    const oneWay = trace(m, { from: 'i-app', to: 'i-db', protocol: 'icmp', icmpType: 3, icmpCode: 4 });
    expect(oneWay).toMatchObject({ reachable: true, disposition: 'delivered', return: [] });
    const echo = trace(m, { from: 'i-app', to: 'i-db', protocol: 'icmp' });
    expect(echo).toMatchObject({ reachable: false, disposition: 'reply-denied', blockedBy: 'acl-x' });
  });
});

describe('an instance from the internet', () => {
  it('is reached at the public address of its second interface when eth0 has none', () => {
    const raw = variant((s) => {
      const web = s.instances.find((i: Raw) => i.id === 'i-web');
      delete web.publicIp;
      web.networkInterfaces = ['eni-web-2'];
      s.networkInterfaces = [{ id: 'eni-web-2', subnet: 'subnet-pub', privateIp: '10.0.0.30', publicIp: '54.0.0.30', securityGroups: ['sg-open'] }];
    });
    const o = run(raw, 'internet', 'i-web');
    expectVerdict(o, 'delivered');
    agree(raw, 'internet', 'i-web');
  });
});

describe('external networks behind one VPN connection (`via: <vpn id>`, a vpcsim extension)', () => {
  /** One customer gateway with a static VPN (192.168.0.0/24) and a BGP VPN, both to vgw-a. */
  const raw = variant((s) => {
    s.vpnGateways = [{ id: 'vgw-a', vpc: 'vpc-a' }];
    s.customerGateways = [{ id: 'cgw-o', ip: '198.51.100.7', asn: 65000 }];
    s.vpnConnections = [
      { id: 'vpn-s', customerGateway: 'cgw-o', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['192.168.0.0/24'] },
      { id: 'vpn-b', customerGateway: 'cgw-o', vpnGateway: 'vgw-a', routing: 'bgp' },
    ];
    s.externalNetworks = [
      { id: 'office', cidrs: ['192.168.0.0/24'], via: 'vpn-s' },
      { id: 'lab', cidrs: ['10.50.0.0/16'], via: 'vpn-b' },
    ];
    s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', main: true, routes: [], propagatingGateways: ['vgw-a'] });
  });
  it('a BGP connection advertises only the networks behind it or its customer gateway', () => {
    const m = model(raw);
    const o = trace(m, { from: 'i-app', to: 'external:lab:10.50.0.5', protocol: 'tcp', port: 443 });
    expect(o).toMatchObject({ reachable: true, disposition: 'exits-external' });
    const rows = o.forward.find((h) => h.kind === 'route-table')!.detail.table ?? [];
    expect(rows).toContain('10.50.0.0/16 → vgw-a  (propagated, VPN BGP)');
    expect(rows).toContain('192.168.0.0/24 → vgw-a  (propagated, VPN static)');
    expect(rows).not.toContain('192.168.0.0/24 → vgw-a  (propagated, VPN BGP)');
    agree(raw, 'i-app', 'external:lab:10.50.0.5');
  });
  it('traffic from a network enters through the connection it is behind', () => {
    const o = run(raw, 'external:lab:10.50.0.5', 'i-app');
    expectVerdict(o, 'delivered');
    expect(o.t.forward[0]).toMatchObject({ component: 'vpn-b', kind: 'vpn-connection' });
    agree(raw, 'external:lab:10.50.0.5', 'i-app');
  });
});
