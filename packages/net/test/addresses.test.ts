// semantics.md, "Addresses": block sizes, subnets, reserved addresses, unique private IPs,
// public IPv4 mapped 1:1 by the internet gateway (the OS never sees it), IPv6 public.
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html
import { describe, expect, it } from 'vitest';
import { base, compileErrors, expectVerdict, model, run, variant } from './helpers.js';
import { traceThreeWays } from './three-way.js';

describe('addresses', () => {
  it('a VPC primary IPv4 block is /16 to /28', () => {
    expect(compileErrors(variant((s) => (s.vpcs[0].cidr = '10.0.0.0/8')))).toContain('vpc-cidr-size');
    expect(compileErrors(variant((s) => (s.vpcs[0].cidr = '10.0.0.0/29')))).toContain('vpc-cidr-size');
    expect(compileErrors(base())).toEqual([]);
  });

  it('secondary blocks add local routes: an address in a secondary block is reached through the local route', () => {
    const m = model(
      variant((s) => {
        s.vpcs[0].secondaryCidrs = ['100.64.0.0/16'];
        s.subnets.push({ id: 'subnet-cgnat', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '100.64.1.0/24' });
        s.instances.push({ id: 'i-cgnat', subnet: 'subnet-cgnat', privateIp: '100.64.1.10', securityGroups: ['sg-open'] });
      }),
    );
    const o = run(m, 'i-app', 'i-cgnat');
    expectVerdict(o, 'delivered');
    expect(o.t.forward.find((h) => h.kind === 'route-table')?.rule).toBe('100.64.0.0/16 → local');
  });

  it('a subnet lies inside its VPC, is /16 to /28 and overlaps no sibling', () => {
    expect(compileErrors(variant((s) => (s.subnets[1].cidr = '10.0.0.128/25')))).toContain('subnet-overlap');
    expect(compileErrors(variant((s) => (s.subnets[1].cidr = '10.0.1.0/29')))).toContain('subnet-cidr-size');
    expect(compileErrors(variant((s) => (s.subnets[1].cidr = '10.9.0.0/24'))).length).toBeGreaterThan(0);
  });

  it('the first four addresses and the last one of a subnet are reserved', () => {
    for (const ip of ['10.0.1.0', '10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.1.255']) {
      expect(compileErrors(variant((s) => (s.instances[1].privateIp = ip))), ip).toContain('reserved-ip');
    }
    expect(compileErrors(variant((s) => (s.instances[1].privateIp = '10.0.1.4')))).toEqual([]);
  });

  it('private IPs are unique within a VPC, not across VPCs: the trace uses the VPC of the sender', () => {
    expect(compileErrors(variant((s) => (s.instances[2].privateIp = '10.0.1.10')))).toContain('duplicate-private-ip');
    // the same address in another VPC is fine; a trace to it from vpc-a stays in vpc-a
    const m = model(
      variant((s) => {
        s.vpcs.push({ id: 'vpc-b', cidr: '10.0.0.0/16' });
        s.subnets.push({ id: 'subnet-b', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.0.2.0/24' });
        s.securityGroups.push({ id: 'sg-b', vpc: 'vpc-b', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
        s.instances.push({ id: 'i-b', subnet: 'subnet-b', privateIp: '10.0.2.20', securityGroups: ['sg-b'] });
      }),
    );
    const o = run(m, 'i-app', 'i-db');
    expectVerdict(o, 'delivered');
    expect(o.path.at(-1)).toBe('i-db/eth0:deliver');
    // i-b shares the address space but is not reachable from vpc-a: 10.0.2.20 is unassigned there
    expectVerdict(run(m, 'i-app', 'i-b'), 'unreachable-address', null);
  });

  it('a public IPv4 maps 1:1 to the private IP, and the instance only ever sees its private address', () => {
    const inbound = run(base(), 'internet:198.51.100.1', 'i-web', 443);
    expectVerdict(inbound, 'delivered');
    const igw = inbound.t.forward.find((h) => h.component === 'igw-a')!;
    expect(igw.verdict).toBe('translate');
    expect(igw.detail).toMatchObject({ step: 'translate', from: '54.0.0.10', to: '10.0.0.10' });
    expect(inbound.t.forward.at(-1)!.packet?.dst).toBe('10.0.0.10');
    const outbound = run(base(), 'i-web', '8.8.8.8', 443);
    expectVerdict(outbound, 'exits-internet');
    expect(outbound.t.forward[0]!.packet?.src).toBe('10.0.0.10');
    expect(outbound.t.forward.at(-1)!.packet?.src).toBe('54.0.0.10');
    // the public address also names the instance as a destination
    expectVerdict(run(base(), 'internet', '54.0.0.10', 443), 'delivered');
  });

  it('all IPv6 addresses are public: no translation on the way in or out', () => {
    const o = run(base(), 'internet:2a00:1450:4001::1', 'i-web', 443);
    expectVerdict(o, 'delivered');
    expect(o.t.forward.some((h) => h.verdict === 'translate')).toBe(false);
    expect(o.t.forward.at(-1)!.packet?.dst).toBe('2600:1f18:1:100::10');
    const out = run(base(), 'i-web', '2a00:1450:4001::1', 443);
    expectVerdict(out, 'exits-internet');
    expect(out.t.forward.at(-1)!.packet?.src).toBe('2600:1f18:1:100::10');
  });

  it('an endpoint given as an IP address is resolved to the interface that holds it (primary or secondary)', () => {
    const m = model(variant((s) => (s.instances[3].secondaryPrivateIps = ['10.0.2.11'])));
    const o = run(m, '10.0.1.10', '10.0.2.11');
    expectVerdict(o, 'delivered');
    expect(o.path.at(-1)).toBe('i-db/eth0:deliver');
    expect(o.path[0]).toBe('i-app/eth0:forward');
  });

  it('an unassigned address inside the VPC is unreachable', () => {
    expectVerdict(run(base(), 'i-app', '10.0.2.99'), 'unreachable-address', null);
  });
});

// issue 18 ("impossible values ... 0.0.0.0 or 127.0.0.1 as an address"): a trace toward an address
// no host on the internet can have left through the internet gateway as `exits-internet`, reachable.
// The special-purpose blocks are not forwarded (https://www.rfc-editor.org/rfc/rfc6890): "this
// network", link-local (the instance metadata service at 169.254.169.254 answers only its own
// instance: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html),
// multicast, reserved and broadcast; ::, ::1 and ff00::/8 for IPv6. All three engines agree.
describe('addresses the internet does not route', () => {
  it.each(['0.0.0.0', '0.1.2.3', '169.254.169.254', '224.0.0.1', '239.255.255.250', '240.0.0.1', '255.255.255.255', '127.0.0.1', '::1', 'ff02::1'])('a packet to %s leaves no internet gateway: no route, in every engine', (addr) => {
    const t = traceThreeWays(base(), 'i-web', addr, 443);
    expect(t.reachable).toBe(false);
    expect(t.disposition).toBe('no-route');
    expect(t.forward.at(-1)).toMatchObject({ component: 'internet', verdict: 'drop' });
    expect(t.forward.at(-1)!.detail.why).toContain('is not a public address');
  });
  it('a public address still leaves through the internet gateway', () => {
    expectVerdict(run(base(), 'i-web', '8.8.8.8'), 'exits-internet');
    expectVerdict(run(base(), 'i-web', '2001:4860:4860::8888'), 'exits-internet');
  });
});
