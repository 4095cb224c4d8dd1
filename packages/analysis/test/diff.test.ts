// Differential reachability and authorization between two versions of a scenario.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, type Model } from '@vpcsim/model';
import { diffScenarios } from '../src/index.js';

const dir = join(import.meta.dirname, '../../../scenarios');
type Raw = Record<string, unknown> & { securityGroups?: { id: string; inbound?: object[] }[] };
const raw = (f: string): Raw => parse(readFileSync(join(dir, f), 'utf8')) as Raw;
function build(r: unknown): Model {
  const c = compile(r);
  if (!c.ok) throw new Error(c.errors.map((e) => e.message).join('\n'));
  return c.model;
}

describe('diffScenarios', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.yaml')))('%s against itself: no change', (f) => {
    const m = build(raw(f));
    const d = diffScenarios(m, build(raw(f)));
    expect(d.network.changed).toEqual([]);
    expect(d.iam.changed).toEqual([]);
    expect(d.errors).toEqual([]);
  });

  it('an SG rule opening SSH from 0.0.0.0/0 shows every source it opens, on port 22 only', () => {
    const before = raw('vpc-three-tier.yaml');
    const after = raw('vpc-three-tier.yaml');
    after.securityGroups!.find((g) => g.id === 'sg-web')!.inbound!.push({ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' });
    const d = diffScenarios(build(before), build(after));
    const change = (from: string) => ({
      from,
      to: 'i-web-1',
      protocol: 'tcp',
      ports: '22',
      before: { reachable: false, disposition: 'denied-sg-ingress', blockedBy: 'sg-web' },
      after: { reachable: true, disposition: 'delivered', blockedBy: null },
    });
    // the internet, and the app tier too: 0.0.0.0/0 covers it (the database tier's ACL does not let it out)
    expect(d.network.changed).toEqual([change('internet'), change('i-app-1')]);
    expect(d.iam.changed).toEqual([]);
  });

  it('a rule opening SSH from one block shows the internet addresses it opens, not the whole internet', () => {
    const before = raw('vpc-three-tier.yaml');
    const after = raw('vpc-three-tier.yaml');
    after.securityGroups!.find((g) => g.id === 'sg-web')!.inbound!.push({ protocol: 'tcp', ports: 22, cidr: '203.0.113.0/24' });
    const d = diffScenarios(build(before), build(after));
    expect(d.network.changed).toEqual([
      {
        from: 'internet:203.0.113.0',
        to: 'i-web-1',
        protocol: 'tcp',
        ports: '22',
        addresses: '203.0.113.0-203.0.113.255',
        before: { reachable: false, disposition: 'denied-sg-ingress', blockedBy: 'sg-web' },
        after: { reachable: true, disposition: 'delivered', blockedBy: null },
      },
    ]);
  });

  it('an instance only the new version has is compared with its absence: what it opens is listed', () => {
    const before = raw('vpc-three-tier.yaml');
    const after = raw('vpc-three-tier.yaml') as Raw & { instances: object[]; securityGroups: object[] };
    after.securityGroups.push({ id: 'sg-debug', vpc: 'vpc-app', inbound: [{ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' }] });
    after.instances.push({ id: 'i-debug-1', subnet: 'subnet-web-a', privateIp: '10.16.48.99', publicIp: '3.80.1.99', securityGroups: ['sg-debug'] });
    const d = diffScenarios(build(before), build(after));
    const fromInternet = d.network.changed.find((c) => c.from === 'internet' && c.to === 'i-debug-1' && c.protocol === 'tcp');
    expect(fromInternet).toEqual({
      from: 'internet',
      to: 'i-debug-1',
      protocol: 'tcp',
      ports: '22',
      before: { reachable: false, disposition: 'not-in-before', blockedBy: null },
      after: { reachable: true, disposition: 'delivered', blockedBy: null },
    });
    // flows the new instance cannot have either way are not listed
    expect(d.network.changed.every((c) => c.after.reachable)).toBe(true);
    // and removing it again lists the same flows, closed
    const back = diffScenarios(build(after), build(before));
    expect(back.network.changed.find((c) => c.from === 'internet' && c.to === 'i-debug-1' && c.protocol === 'tcp')).toMatchObject({ before: { reachable: true }, after: { disposition: 'not-in-after' } });
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
    expect(d.network.changed).toEqual([
      {
        from: 'i-app-1',
        to: 'i-db-1',
        protocol: 'tcp',
        ports: '5432',
        srcPorts: '1024-32767',
        before: { reachable: true, disposition: 'delivered', blockedBy: null },
        after: { reachable: false, disposition: 'reply-denied', blockedBy: 'acl-db' },
      },
      // and the database's own connections to those ports now stop at its ACL, not at sg-app
      {
        from: 'i-db-1',
        to: 'i-app-1',
        protocol: 'tcp',
        ports: '1024-32767',
        before: { reachable: false, disposition: 'denied-sg-ingress', blockedBy: 'sg-app' },
        after: { reachable: false, disposition: 'denied-nacl-egress', blockedBy: 'acl-db' },
      },
    ]);
  });

  it('adjacent port classes with the same change are merged into one range', () => {
    const text = readFileSync(join(dir, 'advanced-tgw-segmentation.yaml'), 'utf8');
    const broken = text.replace(/propagations: \[tgw-attach-shared\]/g, 'propagations: [tgw-attach-shared, tgw-attach-prod, tgw-attach-dev]');
    const d = diffScenarios(build(parse(text)), build(parse(broken)));
    expect(d.network.changed.map((c) => `${c.from}>${c.to} ${c.protocol}${c.ports ? `/${c.ports}` : ''} ${c.before.disposition}@${c.before.blockedBy}>${c.after.disposition}`)).toEqual([
      'i-prod-1>i-dev-1 tcp/0-65535 no-route@tgw-rtb-prod>delivered',
      'i-prod-1>i-dev-1 udp/0-65535 no-route@tgw-rtb-prod>delivered',
      'i-prod-1>i-dev-1 icmp no-route@tgw-rtb-prod>delivered',
      'i-dev-1>i-prod-1 tcp/0-65535 no-route@tgw-rtb-dev>delivered',
      'i-dev-1>i-prod-1 udp/0-65535 no-route@tgw-rtb-dev>delivered',
      'i-dev-1>i-prod-1 icmp no-route@tgw-rtb-dev>delivered',
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

  it('stops at the limit and says so', () => {
    const m = build(raw('vpc-three-tier.yaml'));
    const d = diffScenarios(m, m, { maxFlows: 5, maxRequests: 3 });
    expect(d.network).toMatchObject({ compared: 5, truncated: true });
    expect(d.errors.map((e) => [e.code, e.severity])).toContainEqual(['diff-truncated', 'warning']);
  });
});
