// semantics.md, "Network ACLs": subnet boundary only, ascending rule numbers, first match,
// final `*` deny, default vs custom ACLs, replies on ephemeral ports, NAT gateway subnets.
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
import { describe, expect, it } from 'vitest';
import { base, expectVerdict, run, variant, type Raw } from './helpers.js';

const ALLOW_ALL = { rule: 1000, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' };

/** The base network with `acl-app` on subnet-app. */
function withAcl(inbound: Raw[], outbound: Raw[], f: (s: Raw) => void = () => {}): Raw {
  return variant((s) => {
    s.networkAcls = [{ id: 'acl-app', vpc: 'vpc-a', inbound, outbound }];
    s.subnets[1].networkAcl = 'acl-app';
    f(s);
  });
}

describe('network ACLs', () => {
  it('outbound rules apply leaving a subnet, matched on the destination', () => {
    const raw = withAcl([ALLOW_ALL], [{ rule: 100, protocol: 'all', cidr: '10.0.2.0/24', action: 'deny' }, ALLOW_ALL]);
    const o = run(raw, 'i-app', 'i-db');
    expectVerdict(o, 'denied-nacl-egress', 'acl-app');
    expect(o.t.forward.find((h) => h.component === 'acl-app')?.rule).toBe('100  ALL  ALL  10.0.2.0/24  DENY');
    expectVerdict(run(raw, 'i-app', 'i-web'), 'delivered');
  });

  it('inbound rules apply entering a subnet, matched on the source', () => {
    const raw = withAcl([{ rule: 100, protocol: 'all', cidr: '10.0.2.0/24', action: 'deny' }, ALLOW_ALL], [ALLOW_ALL]);
    expectVerdict(run(raw, 'i-db', 'i-app'), 'denied-nacl-ingress', 'acl-app');
    expectVerdict(run(raw, 'i-web', 'i-app'), 'delivered');
  });

  it('not applied between two interfaces of one subnet', () => {
    const raw = withAcl([], []); // a custom ACL with no rules denies everything
    const o = run(raw, 'i-app', 'i-app2');
    expectVerdict(o, 'delivered');
    expect(o.t.forward.some((h) => h.kind === 'network-acl')).toBe(false);
    expectVerdict(run(raw, 'i-app', 'i-db'), 'denied-nacl-egress', 'acl-app');
  });

  it('rules are evaluated in ascending rule number and the first match decides, whatever the declaration order', () => {
    const deny100 = { rule: 100, protocol: 'tcp', ports: 443, cidr: '10.0.0.0/16', action: 'deny' };
    const allow200 = { rule: 200, protocol: 'tcp', ports: 443, cidr: '10.0.0.0/16', action: 'allow' };
    for (const rules of [[deny100, allow200, ALLOW_ALL], [allow200, ALLOW_ALL, deny100]]) {
      const o = run(withAcl(rules, [ALLOW_ALL]), 'i-web', 'i-app', 443);
      expectVerdict(o, 'denied-nacl-ingress', 'acl-app');
      expect(o.t.forward.find((h) => h.component === 'acl-app')?.rule).toMatch(/^100 /);
    }
    // a lower-numbered allow wins against a later deny
    const o = run(withAcl([{ ...allow200, rule: 50 }, deny100, ALLOW_ALL], [ALLOW_ALL]), 'i-web', 'i-app', 443);
    expectVerdict(o, 'delivered');
  });

  it('the final `*` rule denies what no rule matches', () => {
    const o = run(withAcl([{ rule: 100, protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0', action: 'allow' }], [ALLOW_ALL]), 'i-web', 'i-app', 443);
    expectVerdict(o, 'denied-nacl-ingress', 'acl-app');
    const hop = o.t.forward.find((h) => h.component === 'acl-app' && h.verdict === 'deny')!;
    expect(hop.rule).toBe('*  ALL  ALL  0.0.0.0/0  DENY');
    expect(o.t.blockers.find((b) => b.component === 'acl-app')?.fix).toMatch(/before the final `\*` deny rule/);
  });

  it('the default ACL allows everything both ways; a new custom ACL denies everything', () => {
    expectVerdict(run(base(), 'i-app', 'i-db', 5432), 'delivered');
    expectVerdict(run(base(), 'i-app', 'i-db', 5432, { protocol: 'udp' }), 'delivered');
    const custom = withAcl([], []);
    expectVerdict(run(custom, 'i-web', 'i-app', 5432), 'denied-nacl-ingress', 'acl-app');
    expectVerdict(run(custom, 'i-app', 'i-web', 5432), 'denied-nacl-egress', 'acl-app');
  });

  it('replies are separate traffic: without rules for the ephemeral ports the reply is denied', () => {
    const inbound = [{ rule: 100, protocol: 'tcp', ports: 5432, cidr: '10.0.0.0/16', action: 'allow' }];
    const noEphemeral = withAcl(inbound, [{ rule: 100, protocol: 'tcp', ports: 5432, cidr: '10.0.0.0/16', action: 'allow' }]);
    const o = run(noEphemeral, 'i-web', 'i-app', 5432);
    expectVerdict(o, 'reply-denied', 'acl-app');
    expect(o.t.return.find((h) => h.component === 'acl-app')).toMatchObject({ verdict: 'deny', detail: { direction: 'outbound' } });
    expect(o.t.blockers.at(-1)?.fix).toMatch(/1024-65535/);
    const withEphemeral = withAcl(inbound, [{ rule: 100, protocol: 'tcp', ports: '1024-65535', cidr: '10.0.0.0/16', action: 'allow' }]);
    expectVerdict(run(withEphemeral, 'i-web', 'i-app', 5432), 'delivered');
  });

  it('the default source port is 49152; srcPort changes it', () => {
    const linux = withAcl([ALLOW_ALL], [{ rule: 100, protocol: 'tcp', ports: '32768-60999', cidr: '0.0.0.0/0', action: 'allow' }]);
    expectVerdict(run(linux, 'i-web', 'i-app', 443), 'delivered');
    expect(run(linux, 'i-web', 'i-app', 443).t.forward[0]!.packet?.srcPort).toBe(49152);
    expectVerdict(run(linux, 'i-web', 'i-app', 443, { srcPort: 61000 }), 'reply-denied', 'acl-app');
    expectVerdict(run(linux, 'i-web', 'i-app', 443, { srcPort: 33000 }), 'delivered');
  });

  it('NACLs apply to NAT gateway subnets', () => {
    const raw = variant((s) => {
      s.natGateways = [{ id: 'nat-a', subnet: 'subnet-pub', publicIp: '54.0.0.99' }];
      s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'nat-a' }] });
      s.subnets[1].routeTable = 'rtb-app';
      s.networkAcls = [{ id: 'acl-pub', vpc: 'vpc-a', inbound: [{ rule: 100, protocol: 'all', cidr: '10.0.1.0/24', action: 'deny' }, ALLOW_ALL], outbound: [ALLOW_ALL] }];
      s.subnets[0].networkAcl = 'acl-pub';
    });
    expectVerdict(run(raw, 'i-app', '8.8.8.8'), 'denied-nacl-ingress', 'acl-pub');
    expectVerdict(run(variant((s) => (s.networkAcls[0].inbound = [ALLOW_ALL]), raw), 'i-app', '8.8.8.8'), 'exits-internet');
  });

  it('ICMP rules match type and code', () => {
    const raw = withAcl([{ rule: 100, protocol: 'icmp', icmpType: 8, icmpCode: -1, cidr: '0.0.0.0/0', action: 'allow' }], [ALLOW_ALL]);
    expectVerdict(run(raw, 'i-web', 'i-app', undefined, { protocol: 'icmp' }), 'delivered');
    expectVerdict(run(raw, 'i-web', 'i-app', undefined, { protocol: 'icmp', icmpType: 13 }), 'denied-nacl-ingress', 'acl-app');
  });
});
