// semantics.md, "Routing": one route table per subnet, implicit local routes, longest prefix
// match, local route priority, prefix lists, tie-breaks, targets, blackholes, propagation, loops.
// https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
import fc from 'fast-check';
import { cidrOf, type Model } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { blockOf, inBlock } from '../src/compile-network.js';
import { Lpm } from '../src/lpm.js';
import { base, expectVerdict, model, run, variant, type Raw } from './helpers.js';

/** The base network plus a VGW with a VPN (static 192.168.0.0/16) to external network `office`. */
function withVpn(f: (s: Raw) => void = () => {}): Raw {
  return variant((s) => {
    s.vpnGateways = [{ id: 'vgw-a', vpc: 'vpc-a' }];
    s.customerGateways = [{ id: 'cgw-office', ip: '198.51.100.7', asn: 65000 }];
    s.vpnConnections = [{ id: 'vpn-office', customerGateway: 'cgw-office', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['192.168.0.0/16'] }];
    s.externalNetworks = [{ id: 'office', cidrs: ['192.168.0.0/16'], via: 'cgw-office' }];
    s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [], propagatingGateways: ['vgw-a'] });
    s.subnets[1].routeTable = 'rtb-app';
    f(s);
  });
}

describe('routing', () => {
  it('a subnet without its own table uses the VPC main table (`<vpc>/main-rtb`)', () => {
    const o = run(base(), 'i-db', '8.8.8.8');
    expectVerdict(o, 'no-route', 'vpc-a/main-rtb');
    const own = run(base(), 'i-web', '8.8.8.8');
    expect(own.t.forward.find((h) => h.kind === 'route-table')?.component).toBe('rtb-pub');
  });

  it('local routes for every VPC block (IPv4 and IPv6) are implicit', () => {
    const o = run(base(), 'i-app', 'i-db');
    expectVerdict(o, 'delivered');
    expect(o.t.forward.find((h) => h.kind === 'route-table')?.rule).toBe('10.0.0.0/16 → local');
    const v6 = run(base(), 'i-app', '2600:1f18:1:100::10');
    expectVerdict(v6, 'delivered');
    expect(v6.t.forward.find((h) => h.kind === 'route-table')?.rule).toBe('2600:1f18:1:100::/56 → local');
  });

  it('longest prefix match picks the route', () => {
    const m = model(variant((s) => s.routeTables[0].routes.push({ destination: '8.8.8.0/24', target: 'blackhole' })));
    expectVerdict(run(m, 'i-web', '8.8.8.8'), 'blackhole', 'rtb-pub');
    expectVerdict(run(m, 'i-web', '8.8.4.4'), 'exits-internet');
    const hop = run(m, 'i-web', '8.8.8.8').t.forward.find((h) => h.kind === 'route-table')!;
    expect(hop.rule).toBe('8.8.8.0/24 → blackhole');
  });

  it('the local route wins against any route as or less specific', () => {
    const m = model(variant((s) => s.routeTables[0].routes.push({ destination: '10.0.0.0/8', target: 'igw-a' })));
    const o = run(m, 'i-web', 'i-db');
    expectVerdict(o, 'delivered');
    expect(o.t.forward.find((h) => h.kind === 'route-table')?.rule).toBe('10.0.0.0/16 → local');
  });

  it('a more specific route inside the VPC block overrides the local route (middlebox routing, since 2021)', () => {
    const m = model(
      variant((s) => {
        s.instances.push({ id: 'i-fw', subnet: 'subnet-pub', privateIp: '10.0.0.20', securityGroups: ['sg-open'], sourceDestCheck: false });
        s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '10.0.2.0/24', target: 'i-fw' }] });
        s.subnets[1].routeTable = 'rtb-app';
      }),
    );
    const o = run(m, 'i-app', 'i-db');
    expectVerdict(o, 'delivered');
    expect(o.path).toContain('i-fw/eth0:forward');
    expect(o.t.forward.find((h) => h.kind === 'route-table')?.rule).toBe('10.0.2.0/24 → i-fw');
  });

  it('a prefix-list destination stands for all its CIDRs', () => {
    const m = model(
      variant((s) => {
        s.prefixLists = [{ id: 'pl-blocked', cidrs: ['1.1.1.0/24', '9.9.9.0/24'] }];
        s.routeTables[0].routes.push({ destination: 'pl-blocked', target: 'blackhole' });
      }),
    );
    expectVerdict(run(m, 'i-web', '1.1.1.1'), 'blackhole', 'rtb-pub');
    expectVerdict(run(m, 'i-web', '9.9.9.9'), 'blackhole', 'rtb-pub');
    expectVerdict(run(m, 'i-web', '8.8.8.8'), 'exits-internet');
  });

  it('to the same block, a static CIDR route wins over a prefix-list route (route priority)', () => {
    const raw = (order: 'cidr-first' | 'pl-first') =>
      variant((s) => {
        s.prefixLists = [{ id: 'pl-dns', cidrs: ['8.8.8.0/24'] }];
        const cidr = { destination: '8.8.8.0/24', target: 'igw-a' };
        const pl = { destination: 'pl-dns', target: 'blackhole' };
        s.routeTables[0].routes.push(...(order === 'cidr-first' ? [cidr, pl] : [pl, cidr]));
      });
    for (const order of ['cidr-first', 'pl-first'] as const) expectVerdict(run(raw(order), 'i-web', '8.8.8.8'), 'exits-internet');
  });

  it('routes propagated from a VGW: the static routes of a static VPN', () => {
    const o = run(withVpn(), 'i-app', 'external:office:192.168.1.5');
    expectVerdict(o, 'exits-external');
    const hop = o.t.forward.find((h) => h.kind === 'route-table')!;
    expect(hop.rule).toBe('192.168.0.0/16 → vgw-a');
    expect(hop.detail.why).toMatch(/propagated/);
    // a table that does not propagate has no route to the office
    expectVerdict(run(withVpn(), 'i-db', 'external:office:192.168.1.5'), 'no-route', 'vpc-a/main-rtb');
  });

  it('routes propagated from a VGW: for BGP, the networks behind the customer gateway', () => {
    const raw = withVpn((s) => {
      s.vpnConnections[0] = { id: 'vpn-office', customerGateway: 'cgw-office', vpnGateway: 'vgw-a', routing: 'bgp' };
      s.externalNetworks = [{ id: 'office', cidrs: ['172.16.0.0/16'], via: 'cgw-office' }];
    });
    expectVerdict(run(raw, 'i-app', 'external:office:172.16.5.5'), 'exits-external');
  });

  it('propagated routes come only from VPNs with a tunnel up', () => {
    const raw = withVpn((s) => (s.vpnConnections[0].tunnels = [{ status: 'down' }, { status: 'down' }]));
    expectVerdict(run(raw, 'i-app', 'external:office:192.168.1.5'), 'no-route', 'rtb-app');
  });

  it('a static route wins over a propagated route to the same block', () => {
    const raw = withVpn((s) => s.routeTables[1].routes.push({ destination: '192.168.0.0/16', target: 'blackhole' }));
    expectVerdict(run(raw, 'i-app', 'external:office:192.168.1.5'), 'blackhole', 'rtb-app');
  });

  it('a route whose target is gone is a blackhole', () => {
    const m = model(base());
    // the model validates targets, so remove the gateway behind the compiled model's back
    const byId = new Map(m.index.byId);
    byId.delete('igw-a');
    const gone: Model = { ...m, index: { ...m.index, byId } };
    const o = run(gone, 'i-web', '8.8.8.8');
    expectVerdict(o, 'blackhole', 'rtb-pub');
    expect(o.t.forward.find((h) => h.kind === 'route-table')?.detail.why).toMatch(/does not exist/);
  });

  it('an inactive peering connection is a blackhole', () => {
    const raw = variant((s) => {
      s.vpcs.push({ id: 'vpc-b', cidr: '10.1.0.0/16' });
      s.subnets.push({ id: 'subnet-b', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.1.0.0/24', routeTable: 'rtb-b' });
      s.securityGroups.push({ id: 'sg-b', vpc: 'vpc-b', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
      s.instances.push({ id: 'i-b', subnet: 'subnet-b', privateIp: '10.1.0.10', securityGroups: ['sg-b'] });
      s.vpcPeeringConnections = [{ id: 'pcx-ab', requester: 'vpc-a', accepter: 'vpc-b', status: 'pending-acceptance' }];
      s.routeTables.push({ id: 'rtb-b', vpc: 'vpc-b', routes: [{ destination: '10.0.0.0/16', target: 'pcx-ab' }] });
      s.routeTables[0].routes.push({ destination: '10.1.0.0/16', target: 'pcx-ab' });
    });
    expectVerdict(run(raw, 'i-web', 'i-b'), 'blackhole', 'rtb-pub');
  });

  it('a forwarding loop ends with the loop disposition', () => {
    const raw = variant((s) => {
      s.instances.push({ id: 'i-x', subnet: 'subnet-pub', privateIp: '10.0.0.30', securityGroups: ['sg-open'], sourceDestCheck: false });
      s.instances.push({ id: 'i-y', subnet: 'subnet-db', privateIp: '10.0.2.30', securityGroups: ['sg-open'], sourceDestCheck: false });
      s.routeTables[0].routes = [{ destination: '0.0.0.0/0', target: 'i-y' }];
      s.routeTables.push({ id: 'rtb-db', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'i-x' }] });
      s.subnets[2].routeTable = 'rtb-db';
    });
    const o = run(raw, 'i-web', '8.8.8.8');
    expectVerdict(o, 'loop', null);
    expect(o.t.forward.length).toBeLessThan(1000);
  });

  it('the compiled longest-prefix match agrees with a linear scan (random tables)', () => {
    const block = fc.tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 32 })).map(([a, p]) => {
      const mask = p === 0 ? 0 : (0xffffffff << (32 - p)) >>> 0;
      const base = (a & mask) >>> 0;
      return `${base >>> 24}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.${base & 255}/${p}`;
    });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 30 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 20 }), (cidrs, ips) => {
        const lpm = new Lpm<number>();
        const blocks = cidrs.map((c) => blockOf(cidrOf(c)));
        blocks.forEach((b, k) => lpm.insert(b, 0, k));
        for (const ip of ips) {
          let best: number | undefined;
          blocks.forEach((b, k) => {
            if (inBlock(b, 4, ip) && (best === undefined || b.prefix > blocks[best]!.prefix)) best = k;
          });
          expect(lpm.lookup(4, ip)).toBe(best);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the compiled longest-prefix match agrees with a linear scan for IPv6 (bigint keys)', () => {
    const v6 = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
    const block = fc.tuple(v6, fc.integer({ min: 0, max: 128 })).map(([a, p]) => {
      const mask = p === 0 ? 0n : (((1n << 128n) - 1n) << BigInt(128 - p)) & ((1n << 128n) - 1n);
      return blockOf({ version: 6, base: a & mask, prefix: p, text: `${p}` });
    });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 20 }), fc.array(v6, { minLength: 1, maxLength: 10 }), (blocks, ips) => {
        const lpm = new Lpm<number>();
        blocks.forEach((b, k) => lpm.insert(b, 0, k));
        for (const ip of [...ips, ...blocks.map((b) => b.base as bigint)]) {
          let best: number | undefined;
          blocks.forEach((b, k) => {
            if (inBlock(b, 6, ip) && (best === undefined || b.prefix > blocks[best]!.prefix)) best = k;
          });
          expect(lpm.lookup(6, ip)).toBe(best);
        }
      }),
      { numRuns: 200 },
    );
  });
});
