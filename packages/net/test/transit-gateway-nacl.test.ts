// Network ACLs of transit gateway VPC attachment subnets, as AWS documents them
// (https://docs.aws.amazon.com/vpc/latest/tgw/tgw-nacls.html):
// - instance → TGW: the instance subnet's outbound rules (destination), then the attachment
//   subnet's inbound rules (source), also when the two are one subnet; never the attachment
//   subnet's outbound rules;
// - TGW → instance: the attachment subnet's outbound rules (destination), then the instance
//   subnet's inbound rules (source); neither when the instance is in the attachment's subnet;
//   never the attachment subnet's inbound rules.
// The TGW keeps a flow in the AZ where it entered
// (https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html).
// Every case is also run through the reference tracer, which must agree.
import { applyScenarioPatches, type Model } from '@vpcsim/model';
import { flowLogs, trace, type Flow } from '@vpcsim/net';
import type { Patch } from 'immer';
import { describe, expect, it } from 'vitest';
import { referenceTrace } from '../src/reference.js';
import { expectVerdict, model, run, variant, type Outcome, type Raw } from './helpers.js';

const ALLOW_ALL = { rule: 1000, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' };

/**
 * vpc-a (the base network) and vpc-1 (10.1.0.0/16) attached to tgw-1, one TGW route table.
 * - vpc-a: attachment att-a in subnet-tgw-a (10.0.3.0/24, us-east-1a) unless `sameSubnet`, then
 *   in subnet-app itself; subnet-app (i-app 10.0.1.10) routes 10.1.0.0/16 to the TGW.
 * - vpc-1: subnet-1 (10.1.0.0/24, 1a, i-1 10.1.0.10), subnet-1b (10.1.2.0/24, 1b, i-1b
 *   10.1.2.10); attachment att-1 in subnet-1-tgw (10.1.1.0/24, 1a) and subnet-1-tgw-b
 *   (10.1.3.0/24, 1b).
 */
function hub(opts: { sameSubnet?: boolean } = {}, f: (s: Raw) => void = () => {}): Raw {
  return variant((s) => {
    s.subnets.push({ id: 'subnet-tgw-a', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.3.0/24', routeTable: 'rtb-app' });
    s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '10.1.0.0/16', target: 'tgw-1' }] });
    s.subnets[1].routeTable = 'rtb-app';
    s.subnets[2].routeTable = 'rtb-app';
    s.vpcs.push({ id: 'vpc-1', cidr: '10.1.0.0/16' });
    for (const [id, az, cidr] of [['subnet-1', 'us-east-1a', '10.1.0.0/24'], ['subnet-1-tgw', 'us-east-1a', '10.1.1.0/24'], ['subnet-1b', 'us-east-1b', '10.1.2.0/24'], ['subnet-1-tgw-b', 'us-east-1b', '10.1.3.0/24']] as const) {
      s.subnets.push({ id, vpc: 'vpc-1', availabilityZone: az, cidr, routeTable: 'rtb-1' });
    }
    s.routeTables.push({ id: 'rtb-1', vpc: 'vpc-1', routes: [{ destination: '10.0.0.0/16', target: 'tgw-1' }] });
    s.securityGroups.push({ id: 'sg-1', vpc: 'vpc-1', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
    s.instances.push({ id: 'i-1', subnet: 'subnet-1', privateIp: '10.1.0.10', securityGroups: ['sg-1'] });
    s.instances.push({ id: 'i-1b', subnet: 'subnet-1b', privateIp: '10.1.2.10', securityGroups: ['sg-1'] });
    s.networkAcls = [];
    s.transitGateways = [
      {
        id: 'tgw-1',
        routeTables: [{ id: 'tgw-rtb', routes: [], associations: ['att-a', 'att-1'], propagations: ['att-a', 'att-1'] }],
        attachments: [
          { id: 'att-a', vpc: 'vpc-a', subnets: [opts.sameSubnet ? 'subnet-app' : 'subnet-tgw-a'] },
          { id: 'att-1', vpc: 'vpc-1', subnets: ['subnet-1-tgw', 'subnet-1-tgw-b'] },
        ],
      },
    ];
    f(s);
  });
}

/** Associates a new ACL `id` with subnet `subnet` (in `vpc`). */
function acl(s: Raw, id: string, vpc: string, subnet: string, inbound: Raw[], outbound: Raw[]): void {
  s.networkAcls.push({ id, vpc, inbound, outbound });
  s.subnets.find((x: Raw) => x.id === subnet).networkAcl = id;
}

/** Traces with both tracers; they must agree on the verdict. */
function both(raw: Raw, from: string, to: string, port = 443, extra: Partial<Flow> = {}): Outcome {
  const o = run(raw, from, to, port, extra);
  const m: Model = model(raw);
  const ref = referenceTrace(m, { from, to, protocol: 'tcp', port, ...extra });
  expect(ref.modelled).toBe(true);
  expect({ reachable: ref.reachable, disposition: ref.disposition, blockedBy: ref.blockedBy }, `reference on ${from} -> ${to}`).toEqual({ reachable: o.reachable, disposition: o.disposition, blockedBy: o.blockedBy });
  return o;
}

describe('network ACLs of transit gateway attachment subnets', () => {
  it('open ACLs everywhere: the flow passes, with the attachment subnet\'s ACL hops on the path', () => {
    const raw = hub({}, (s) => acl(s, 'acl-tgw-a', 'vpc-a', 'subnet-tgw-a', [ALLOW_ALL], [ALLOW_ALL]));
    const o = both(raw, 'i-app', 'i-1');
    expectVerdict(o, 'delivered');
    // into the TGW: the attachment subnet's inbound rules; back out of it for the reply: its outbound rules
    const into = o.t.forward.find((h) => h.component === 'acl-tgw-a');
    expect(into?.verdict).toBe('allow');
    expect(into?.rule).toBe('1000  ALL  ALL  0.0.0.0/0  ALLOW');
    expect(into?.detail).toMatchObject({ step: 'filter', direction: 'inbound' });
    expect(into?.detail.why).toContain('subnet-tgw-a');
    expect(o.t.return.find((h) => h.component === 'acl-tgw-a')?.detail).toMatchObject({ direction: 'outbound' });
  });

  it('source side: the attachment subnet\'s inbound rules deny traffic from the instance into the TGW', () => {
    const raw = hub({}, (s) => acl(s, 'acl-tgw-a', 'vpc-a', 'subnet-tgw-a', [{ rule: 100, protocol: 'tcp', ports: 443, cidr: '10.0.1.0/24', action: 'deny' }, ALLOW_ALL], [ALLOW_ALL]));
    const o = both(raw, 'i-app', 'i-1');
    expectVerdict(o, 'denied-nacl-ingress', 'acl-tgw-a');
    const h = o.t.forward.find((x) => x.component === 'acl-tgw-a')!;
    expect(h.verdict).toBe('deny');
    expect(h.rule).toBe('100  TCP  443  10.0.1.0/24  DENY');
    expect(h.detail.why).toContain('rule 100');
    expect(h.detail.why).toContain('att-a');
    // the order: the instance subnet's outbound ACL, then the attachment subnet's inbound ACL, then the TGW
    expect(o.path.indexOf('acl-tgw-a:deny')).toBeLessThan(o.path.indexOf('tgw-rtb:forward'));
    const b = o.t.blockers.find((x) => x.component === 'acl-tgw-a')!;
    expect(b.setting).toBe('inbound rules');
    expect(b.fix).toContain('subnet-tgw-a');
    // Flow Logs: the instance's interface accepts, the attachment's interface in subnet-tgw-a rejects
    expect(flowLogs(model(raw), o.t).map((r) => `${r['interface-id']} ${r.action}`)).toEqual(['i-app/eth0 ACCEPT', 'att-a/subnet-tgw-a REJECT']);
    // the fix, applied, lets the flow through
    const fixed = applyScenarioPatches(model(raw), b.patches as Patch[]);
    expect(fixed.ok && trace(fixed.model, { from: 'i-app', to: 'i-1', protocol: 'tcp', port: 443 }).disposition).toBe('delivered');
    // another port passes
    expectVerdict(both(raw, 'i-app', 'i-1', 22), 'delivered');
  });

  it('source side: the attachment subnet\'s outbound rules do not apply to traffic into the TGW', () => {
    const raw = hub({}, (s) => acl(s, 'acl-tgw-a', 'vpc-a', 'subnet-tgw-a', [ALLOW_ALL], [{ rule: 100, protocol: 'tcp', ports: 443, cidr: '10.1.0.0/16', action: 'deny' }, ALLOW_ALL]));
    const o = both(raw, 'i-app', 'i-1');
    expectVerdict(o, 'delivered');
    expect(o.path).not.toContain('acl-tgw-a:deny');
  });

  it('same subnet: traffic from the TGW to an instance in the attachment\'s own subnet is not evaluated by its ACL', () => {
    const denyVpc1 = (s: Raw) => acl(s, 'acl-app', 'vpc-a', 'subnet-app', [{ rule: 100, protocol: 'all', cidr: '10.1.0.0/16', action: 'deny' }, ALLOW_ALL], [ALLOW_ALL]);
    // attachment in its own subnet: the ACL denying vpc-1 inbound does not matter
    const same = both(hub({ sameSubnet: true }, denyVpc1), 'i-1', 'i-app');
    expectVerdict(same, 'delivered');
    const note = same.t.forward.find((h) => h.component === 'acl-app')!;
    expect(note.verdict).toBe('allow');
    expect(note.rule).toBeUndefined();
    expect(note.detail.why).toContain('not evaluated');
    // the same ACL with the attachment in another subnet denies it
    expectVerdict(both(hub({}, denyVpc1), 'i-1', 'i-app'), 'denied-nacl-ingress', 'acl-app');
  });

  it('same subnet: traffic from an instance to the TGW is still evaluated by both the outbound and the inbound rules of that one ACL', () => {
    // inbound rules use the source address (the instance's own), outbound the destination
    const inboundDeny = hub({ sameSubnet: true }, (s) => acl(s, 'acl-app', 'vpc-a', 'subnet-app', [{ rule: 100, protocol: 'tcp', ports: 443, cidr: '10.0.1.10/32', action: 'deny' }, ALLOW_ALL], [ALLOW_ALL]));
    expectVerdict(both(inboundDeny, 'i-app', 'i-1'), 'denied-nacl-ingress', 'acl-app');
    // between two instances of that subnet no ACL applies
    expectVerdict(both(inboundDeny, 'i-app', 'i-app2'), 'delivered');
    const outboundDeny = hub({ sameSubnet: true }, (s) => acl(s, 'acl-app', 'vpc-a', 'subnet-app', [ALLOW_ALL], [{ rule: 100, protocol: 'all', cidr: '10.1.0.0/16', action: 'deny' }, ALLOW_ALL]));
    expectVerdict(both(outboundDeny, 'i-app', 'i-1'), 'denied-nacl-egress', 'acl-app');
  });

  it('the reply is checked too: into the TGW by the attachment subnet\'s inbound rules', () => {
    // denies the ephemeral ports from vpc-a: the request from vpc-1 passes, its reply does not
    const raw = hub({}, (s) => acl(s, 'acl-tgw-a', 'vpc-a', 'subnet-tgw-a', [{ rule: 100, protocol: 'tcp', ports: '1024-65535', cidr: '10.0.0.0/16', action: 'deny' }, ALLOW_ALL], [ALLOW_ALL]));
    const o = both(raw, 'i-1', 'i-app');
    expectVerdict(o, 'reply-denied', 'acl-tgw-a');
    expect(o.path).not.toContain('acl-tgw-a:deny');
    expect(o.back).toContain('acl-tgw-a:deny');
    const b = o.t.blockers.find((x) => x.component === 'acl-tgw-a')!;
    expect(b.fix).toContain('1024-65535');
  });

  it('the reply is checked too: out of the TGW by the attachment subnet\'s outbound rules', () => {
    const raw = hub({}, (s) => acl(s, 'acl-tgw-a', 'vpc-a', 'subnet-tgw-a', [ALLOW_ALL], [{ rule: 100, protocol: 'tcp', ports: '1024-65535', cidr: '10.0.1.0/24', action: 'deny' }, ALLOW_ALL]));
    const o = both(raw, 'i-app', 'i-1');
    expectVerdict(o, 'reply-denied', 'acl-tgw-a');
    expect(o.back).toContain('acl-tgw-a:deny');
    expect(o.t.return.find((h) => h.component === 'acl-tgw-a')?.detail).toMatchObject({ direction: 'outbound' });
  });

  it('destination side: the attachment subnet\'s outbound rules filter traffic out of the TGW; its inbound rules do not', () => {
    const outDeny = hub({}, (s) => acl(s, 'acl-1-tgw', 'vpc-1', 'subnet-1-tgw', [ALLOW_ALL], [{ rule: 100, protocol: 'tcp', ports: 443, cidr: '10.1.0.0/24', action: 'deny' }, ALLOW_ALL]));
    const o = both(outDeny, 'i-app', 'i-1');
    expectVerdict(o, 'denied-nacl-egress', 'acl-1-tgw');
    expect(o.path.indexOf('tgw-rtb:forward')).toBeLessThan(o.path.indexOf('acl-1-tgw:deny'));
    expect(o.t.forward.find((h) => h.component === 'att-1' && h.interface?.direction === 'egress')?.interface?.id).toBe('att-1/subnet-1-tgw');
    expect(flowLogs(model(outDeny), o.t).at(-1)).toMatchObject({ 'interface-id': 'att-1/subnet-1-tgw', action: 'REJECT' });
    const inDeny = hub({}, (s) => acl(s, 'acl-1-tgw', 'vpc-1', 'subnet-1-tgw', [{ rule: 100, protocol: 'all', cidr: '10.0.0.0/16', action: 'deny' }, ALLOW_ALL], [ALLOW_ALL]));
    expectVerdict(both(inDeny, 'i-app', 'i-1'), 'delivered');
  });

  it('destination side: the packet leaves the TGW in the AZ where it entered (AZ affinity)', () => {
    // acl-1-tgw (subnet-1-tgw, us-east-1a) denies everything out to subnet-1b (us-east-1b)
    const raw = hub({}, (s) => {
      acl(s, 'acl-1-tgw', 'vpc-1', 'subnet-1-tgw', [ALLOW_ALL], [{ rule: 100, protocol: 'all', cidr: '10.1.2.0/24', action: 'deny' }, ALLOW_ALL]);
      s.transitGateways[0].attachments[0].subnets.push('subnet-db'); // att-a in us-east-1b too
    });
    // from us-east-1a: out through subnet-1-tgw, denied
    expectVerdict(both(raw, 'i-app', 'i-1b'), 'denied-nacl-egress', 'acl-1-tgw');
    // from us-east-1b: out through subnet-1-tgw-b, allowed
    expectVerdict(both(raw, 'i-db', 'i-1b'), 'delivered');
  });

  it('from a VPN attachment: out through the attachment subnet in the destination\'s AZ', () => {
    const raw = hub({}, (s) => {
      s.customerGateways = [{ id: 'cgw-office', ip: '198.51.100.7', asn: 65000 }];
      s.vpnConnections = [{ id: 'vpn-office', customerGateway: 'cgw-office', transitGateway: 'tgw-1', routing: 'static', staticRoutes: ['192.168.0.0/16'] }];
      s.externalNetworks = [{ id: 'office', cidrs: ['192.168.0.0/16'], via: 'cgw-office' }];
      s.transitGateways[0].attachments.push({ id: 'att-vpn', vpnConnection: 'vpn-office' });
      s.transitGateways[0].routeTables[0].associations.push('att-vpn');
      s.transitGateways[0].routeTables[0].propagations.push('att-vpn');
      s.routeTables.find((t: Raw) => t.id === 'rtb-1').routes.push({ destination: '192.168.0.0/16', target: 'tgw-1' });
      acl(s, 'acl-1-tgw', 'vpc-1', 'subnet-1-tgw', [ALLOW_ALL], [{ rule: 100, protocol: 'all', cidr: '10.1.0.0/16', action: 'deny' }, ALLOW_ALL]);
    });
    expectVerdict(both(raw, 'external:office:192.168.1.5', 'i-1'), 'denied-nacl-egress', 'acl-1-tgw');
    expectVerdict(both(raw, 'external:office:192.168.1.5', 'i-1b'), 'delivered');
  });
});
