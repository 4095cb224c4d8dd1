// Differential reachability and authorization between two versions of a scenario.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, type Model } from '@vpcsim/model';
import { trace } from '@vpcsim/net';
import { diffScenarios, type FlowChange } from '../src/index.js';
import { servingTargets } from './flow-lines-reading.js';

const dir = join(import.meta.dirname, '../../../scenarios');
type Raw = Record<string, unknown> & { securityGroups?: { id: string; inbound?: object[] }[] };
const raw = (f: string): Raw => parse(readFileSync(join(dir, f), 'utf8')) as Raw;
function build(r: unknown): Model {
  const c = compile(r);
  if (!c.ok) throw new Error(c.errors.map((e) => e.message).join('\n'));
  return c.model;
}

/** The change lines without their example flows (asserted on their own). */
const bare = (cs: readonly FlowChange[]): Omit<FlowChange, 'example'>[] => cs.map(({ example: _example, ...c }) => c);

describe('diffScenarios', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yaml')))('%s against itself: no change', (f) => {
    const m = build(raw(f));
    const d = diffScenarios(m, build(raw(f)));
    expect(d.network.changed).toEqual([]);
    expect(d.iam.changed).toEqual([]);
    expect(d.errors).toEqual([]);
  });

  const denied = { reachable: false, disposition: 'denied-sg-ingress', blockedBy: 'sg-web' };
  const delivered = { reachable: true, disposition: 'delivered', blockedBy: null };

  it('an SG rule opening SSH from 0.0.0.0/0: every source it opens, on port 22 only, one line per address it is reached at', () => {
    const before = raw('vpc-three-tier.yaml');
    const after = raw('vpc-three-tier.yaml');
    after.securityGroups!.find((g) => g.id === 'sg-web')!.inbound!.push({ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' });
    const d = diffScenarios(build(before), build(after));
    // the internet at the public address; the app tier too (0.0.0.0/0 covers it: privately, and
    // through its NAT gateway at the public one); the database tier's ACL does not let it out
    expect(bare(d.network.changed)).toEqual([
      { from: ['i-app-1'], to: 'i-web-1', toAddresses: '10.16.48.10', protocol: 'tcp', ports: '22', before: denied, after: delivered },
      { from: ['internet', 'i-app-1'], to: 'i-web-1', toAddresses: '3.80.1.10', protocol: 'tcp', ports: '22', before: denied, after: delivered },
    ]);
    // each change's simplest packet: from the source's own address (the internet's stand-in), the lowest port
    expect(d.network.changed.map((c) => c.example)).toEqual([
      { from: 'i-app-1', to: '10.16.48.10', protocol: 'tcp', port: 22 },
      { from: 'internet:203.0.113.10', to: '3.80.1.10', protocol: 'tcp', port: 22 },
    ]);
    expect(d.network.complete).toBe(true);
    expect(d.network.stats.changedVpcs).toEqual(['vpc-app']);
    expect(d.iam.changed).toEqual([]);
  });

  it('a rule opening SSH from one block: the internet addresses it opens, not the whole internet', () => {
    const before = raw('vpc-three-tier.yaml');
    const after = raw('vpc-three-tier.yaml');
    after.securityGroups!.find((g) => g.id === 'sg-web')!.inbound!.push({ protocol: 'tcp', ports: 22, cidr: '203.0.113.0/24' });
    const d = diffScenarios(build(before), build(after));
    expect(bare(d.network.changed)).toEqual([{ from: ['internet:203.0.113.0/24'], to: 'i-web-1', toAddresses: '3.80.1.10', protocol: 'tcp', ports: '22', before: denied, after: delivered }]);
  });

  it('an instance only the new version has is compared with its absence: what it opens is listed, both ways', () => {
    const before = raw('vpc-three-tier.yaml');
    const after = raw('vpc-three-tier.yaml') as Raw & { instances: object[]; securityGroups: object[] };
    after.securityGroups.push({ id: 'sg-debug', vpc: 'vpc-app', inbound: [{ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] });
    after.instances.push({ id: 'i-debug-1', subnet: 'subnet-web-a', privateIp: '10.16.48.99', publicIp: '3.80.1.99', securityGroups: ['sg-debug'] });
    const d = diffScenarios(build(before), build(after));
    const notIn = { reachable: false, disposition: 'not-in-before', blockedBy: null };
    // its public address was the internet's before: the internet is not said to reach itself
    expect(bare(d.network.changed.filter((c) => c.to === 'i-debug-1'))).toEqual([
      { from: ['i-app-1', 'i-web-1'], to: 'i-debug-1', toAddresses: '10.16.48.99', protocol: 'tcp', ports: '22', before: notIn, after: delivered },
      { from: ['internet', 'i-app-1', 'i-web-1'], to: 'i-debug-1', toAddresses: '3.80.1.99', protocol: 'tcp', ports: '22', before: notIn, after: delivered },
    ]);
    // what it can reach: every protocol to the internet, the web tier on 80 and 443 at both its addresses
    expect(d.network.changed.filter((c) => c.from.includes('i-debug-1')).map((c) => `${c.to} ${c.toAddresses ?? ''} ${c.protocol} ${c.ports ?? ''}`)).toEqual([
      'i-web-1 3.80.1.10, 10.16.48.10 tcp 80, 443',
      'internet  icmp ',
      'internet  other ',
      'internet  tcp 0-65535',
      'internet  udp 0-65535',
    ]);
    // flows the new instance cannot have either way are not listed
    expect(d.network.changed.every((c) => c.after.reachable)).toBe(true);
    // and removing it again lists the same flows, closed
    const back = diffScenarios(build(after), build(before));
    const key = (c: object): string => JSON.stringify(c);
    expect(back.network.changed.map(key).sort()).toEqual(d.network.changed.map((c) => key({ ...c, before: c.after, after: { ...c.before, disposition: 'not-in-after' } })).sort());
  });

  it('an instance replaced by another at the same address: what reached the old one and no longer reaches the address is a closed line', () => {
    // A pull request replaces i-db-1 by i-db-2 at the same private address, in another group:
    // the app tier's 5432 that reached 10.16.16.10 is refused there now. Before the fix the
    // before side (the old owner's) was dropped and the diff said "no change" (exit 0).
    const before = raw('vpc-three-tier.yaml');
    const after = raw('vpc-three-tier.yaml') as Raw & { instances: { id: string; securityGroups: string[] }[] };
    const db = after.instances.find((i) => i.id === 'i-db-1')!;
    db.id = 'i-db-2';
    db.securityGroups = ['sg-app'];
    delete after['expect'];
    delete after['properties'];
    const d = diffScenarios(build(before), build(after));
    expect(bare(d.network.changed)).toEqual([
      { from: ['i-app-1'], to: 'i-db-1', toAddresses: '10.16.16.10', protocol: 'tcp', ports: '5432', before: delivered, after: { reachable: false, disposition: 'not-in-after', blockedBy: null } },
    ]);
    expect(d.network.changed[0]!.example).toEqual({ from: 'i-app-1', to: '10.16.16.10', protocol: 'tcp', port: 5432 });
  });

  it('a change toward the internet is exemplified by the internet\'s stand-in, not 0.0.0.0', () => {
    const before = raw('vpc-three-tier.yaml') as Raw & { securityGroups: { id: string; outbound?: object[] }[] };
    const after = raw('vpc-three-tier.yaml') as Raw & { securityGroups: { id: string; outbound?: object[] }[] };
    // the web tier may send only HTTPS now
    after.securityGroups.find((g) => g.id === 'sg-web')!.outbound = [{ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }];
    const d = diffScenarios(build(before), build(after));
    const icmp = d.network.changed.find((c) => c.to === 'internet' && c.protocol === 'icmp');
    expect(icmp?.example).toEqual({ from: 'i-web-1', to: 'internet:203.0.113.10', protocol: 'icmp', icmpType: 8, icmpCode: 0 });
  });

  it('a principal only the new version declares is listed with what it may do', () => {
    const text = readFileSync(join(dir, 'iam-account.yaml'), 'utf8');
    const changedText = text.replace('    - { name: carol, groups: [admins] }', '    - { name: carol, groups: [admins] }\n    - { name: mallory, groups: [admins] }');
    expect(changedText).not.toBe(text);
    const d = diffScenarios(build(parse(text)), build(parse(changedText)));
    expect(d.iam.changed.length).toBeGreaterThan(0);
    for (const c of d.iam.changed) expect(c).toMatchObject({ principal: 'user/mallory', before: { decision: 'not-in-before', decisive: [] }, after: { decision: 'allowed' } });
  });

  it('narrowing the reply ports of an ACL shows the client source ports it cuts off', () => {
    const before = raw('vpc-three-tier.yaml') as Raw & { networkAcls: { id: string; outbound: { ports: string }[] }[] };
    const after = raw('vpc-three-tier.yaml') as typeof before;
    after.networkAcls.find((a) => a.id === 'acl-db')!.outbound[0]!.ports = '32768-65535';
    const d = diffScenarios(build(before), build(after));
    expect(bare(d.network.changed)).toEqual([
      // the database's own connections to those ports now stop at its ACL, not at sg-app
      {
        from: ['i-db-1'],
        to: 'i-app-1',
        toAddresses: '10.16.32.10',
        protocol: 'tcp',
        ports: '1024-32767',
        before: { reachable: false, disposition: 'denied-sg-ingress', blockedBy: 'sg-app' },
        after: { reachable: false, disposition: 'denied-nacl-egress', blockedBy: 'acl-db' },
      },
      {
        from: ['i-app-1'],
        to: 'i-db-1',
        toAddresses: '10.16.16.10',
        protocol: 'tcp',
        ports: '5432',
        srcPorts: '1024-32767',
        before: delivered,
        after: { reachable: false, disposition: 'reply-denied', blockedBy: 'acl-db' },
      },
    ]);
    // an example within the client ports cut off (the tracer's default, 49152, is not among them)
    expect(d.network.changed[1]!.example).toEqual({ from: 'i-app-1', to: '10.16.16.10', protocol: 'tcp', port: 5432, srcPort: 1024 });
  });

  it('a change to every port and protocol is one line per protocol; unassigned addresses are named by their VPC', () => {
    const text = readFileSync(join(dir, 'advanced-tgw-segmentation.yaml'), 'utf8');
    const broken = text.replace(/propagations: \[tgw-attach-shared\]/g, 'propagations: [tgw-attach-shared, tgw-attach-prod, tgw-attach-dev]');
    const d = diffScenarios(build(parse(text)), build(parse(broken)));
    expect(d.network.changed.map((c) => `${c.from.join(',')}>${c.to} ${c.toAddresses} ${c.protocol}${c.ports ? `/${c.ports}` : ''} ${c.before.disposition}@${c.before.blockedBy}>${c.after.disposition}`)).toEqual([
      'i-prod-1>i-dev-1 10.2.1.10 icmp no-route@tgw-rtb-prod>delivered',
      'i-prod-1>i-dev-1 10.2.1.10 other no-route@tgw-rtb-prod>delivered',
      'i-prod-1>i-dev-1 10.2.1.10 tcp/0-65535 no-route@tgw-rtb-prod>delivered',
      'i-prod-1>i-dev-1 10.2.1.10 udp/0-65535 no-route@tgw-rtb-prod>delivered',
      'i-dev-1>i-prod-1 10.1.1.10 icmp no-route@tgw-rtb-dev>delivered',
      'i-dev-1>i-prod-1 10.1.1.10 other no-route@tgw-rtb-dev>delivered',
      'i-dev-1>i-prod-1 10.1.1.10 tcp/0-65535 no-route@tgw-rtb-dev>delivered',
      'i-dev-1>i-prod-1 10.1.1.10 udp/0-65535 no-route@tgw-rtb-dev>delivered',
      'i-prod-1>vpc-dev 10.2.0.0/16 except 10.2.1.10 icmp no-route@tgw-rtb-prod>unreachable-address',
      'i-prod-1>vpc-dev 10.2.0.0/16 except 10.2.1.10 other no-route@tgw-rtb-prod>unreachable-address',
      'i-prod-1>vpc-dev 10.2.0.0/16 except 10.2.1.10 tcp/0-65535 no-route@tgw-rtb-prod>unreachable-address',
      'i-prod-1>vpc-dev 10.2.0.0/16 except 10.2.1.10 udp/0-65535 no-route@tgw-rtb-prod>unreachable-address',
      'i-dev-1>vpc-prod 10.1.0.0/16 except 10.1.1.10 icmp no-route@tgw-rtb-dev>unreachable-address',
      'i-dev-1>vpc-prod 10.1.0.0/16 except 10.1.1.10 other no-route@tgw-rtb-dev>unreachable-address',
      'i-dev-1>vpc-prod 10.1.0.0/16 except 10.1.1.10 tcp/0-65535 no-route@tgw-rtb-dev>unreachable-address',
      'i-dev-1>vpc-prod 10.1.0.0/16 except 10.1.1.10 udp/0-65535 no-route@tgw-rtb-dev>unreachable-address',
    ]);
  });

  it('a Deny turned into an Allow shows the requests it opens, with the statements that decide now', () => {
    const text = readFileSync(join(dir, 'iam-explicit-deny.yaml'), 'utf8');
    const changedText = text.replace('{ Sid: DenyDeleteBucket, Effect: Deny,', '{ Sid: DenyDeleteBucket, Effect: Allow,');
    expect(changedText).not.toBe(text);
    const d = diffScenarios(build(parse(text)), build(parse(changedText)));
    expect(d.iam.changed.length).toBeGreaterThan(0);
    for (const c of d.iam.changed) {
      expect(c).toMatchObject({ principal: 'user/dana', action: 's3:DeleteBucket', before: { decision: 'explicitly-denied' }, after: { decision: 'allowed' } });
      expect(c.before.decisive.some((x) => x.includes('DenyDeleteBucket'))).toBe(true);
    }
    expect(d.iam.changed.map((c) => c.resource)).toContain('arn:aws:s3:::records');
  });

  it('a budget exceeded stops the network diff with an error, never a silent "no change"', () => {
    const before = raw('vpc-three-tier.yaml');
    const after = raw('vpc-three-tier.yaml');
    after.securityGroups!.find((g) => g.id === 'sg-web')!.inbound!.push({ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' });
    const d = diffScenarios(build(before), build(after), { maxNodes: 10, maxRequests: 3 });
    expect(d.network.complete).toBe(false);
    expect(d.errors.map((e) => [e.code, e.severity])).toContainEqual(['diff-budget', 'error']);
    expect(d.errors.find((e) => e.code === 'diff-budget')!.hint).toContain('--max-nodes');
  });

  it('source ports: the client ports compared are a choice, said in the result', () => {
    const m = build(raw('vpc-three-tier.yaml'));
    expect(diffScenarios(m, m).network.stats.scope).toContain('source ports 1024-65535');
    expect(diffScenarios(m, m, { srcPorts: [[0, 65535]] }).network.stats.scope).toContain('source ports 0-65535');
  });
});

describe("every change's example reproduces its line on the tracer", () => {
  // the worked pairs: the tracer, given a change's example, says what the line says in each version
  const fixtures = join(import.meta.dirname, '../../../test/fixtures/diff');
  const pairs: [string, string][] = [
    ['vpc-three-tier.yaml', join(fixtures, 'vpc-three-tier-ssh.yaml')],
    ['request-endpoint-or-nat.yaml', join(fixtures, 'request-endpoint-moved.yaml')],
    // on premises: the lab's virtual interface goes down (its flows to other networks included)
    ['hybrid-dx-vpn-backup.yaml', join(dir, 'hybrid-dx-vpn-backup-vif-down.yaml')],
    // a load balancer's target group moves to another port: the targets that serve change
    ['lb-alb-private-instances.yaml', join(fixtures, 'lb-alb-tg-port-9000.yaml')],
    // every VPC renumbered: instances take each other's addresses
    ['vpc-peering.yaml', join(dir, 'vpc-peering-not-transitive.yaml')],
  ];
  it('a load balancer now served by other targets is a change (~), each side naming them', () => {
    const d = diffScenarios(build(raw('lb-alb-private-instances.yaml')), build(parse(readFileSync(join(fixtures, 'lb-alb-tg-port-9000.yaml'), 'utf8'))));
    const internet = d.network.changed.filter((c) => c.from[0] === 'internet');
    expect(internet.map((c) => `${c.to} ${c.ports}: ${c.before.via} → ${c.after.via}`)).toEqual(['alb-web 443: i-web-1, i-web-2 → i-web-3', 'alb-web 80: i-web-1, i-web-2 → i-web-3']);
  });
  it.each(pairs)('%s → %s', (b, a) => {
    const [mb, ma] = [build(raw(b)), build(parse(readFileSync(a, 'utf8')))];
    const d = diffScenarios(mb, ma);
    expect(d.network.changed.length).toBeGreaterThan(0);
    for (const c of d.network.changed) {
      // an external network's own addresses are not flows of it (they never reach AWS)
      expect(c.from.includes(c.to)).toBe(false);
      for (const [m, side, absent] of [[mb, c.before, 'not-in-before'], [ma, c.after, 'not-in-after']] as const) {
        if (side.disposition === absent) continue;
        const t = trace(m, c.example);
        // through a load balancer: the targets the tracer finds reachable through both legs
        const via = servingTargets(t);
        expect({ reachable: t.reachable, disposition: t.disposition, blockedBy: t.reachable ? null : t.blockedBy, ...(via ? { via } : {}) }, JSON.stringify(c)).toEqual(side);
      }
    }
  });
});

describe('instances that move to each other\'s addresses', () => {
  // vpc-peering-not-transitive renumbers every VPC of vpc-peering: i-a takes i-b's old address
  it('each version excludes only its own addresses of a source: i-a → i-b on 5432 closing is listed, and every example names its source', () => {
    const d = diffScenarios(build(raw('vpc-peering.yaml')), build(raw('vpc-peering-not-transitive.yaml')));
    const lines = d.network.changed.map((c) => `${c.from.join(',')} → ${c.to} (${c.toAddresses}) ${c.protocol} ${c.ports}`);
    expect(lines).toContain('i-a,i-c → i-b (10.1.1.10) tcp 5432');
    for (const c of d.network.changed) expect(['i-a', 'i-b', 'i-c']).toContain(c.example.from);
  });
});
