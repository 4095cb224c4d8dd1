// The order of hops across a peering connection (issue 13, item 8): the source subnet's outbound
// network ACL filters the packet as it leaves the subnet, before it leaves the VPC over the
// peering connection; the peer subnet's inbound network ACL after it. No verdict changes.
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
// https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html
import { describe, expect, it } from 'vitest';
import { model, peeredB, variant } from '../helpers.js';
import { traceThreeWays } from '../three-way.js';

/** vpc-a's subnet-app peered with vpc-b (10.1.0.0/16), routes both ways. */
const peered = peeredB();

describe('hops across a peering connection', () => {
  it("the source subnet's outbound network ACL comes before the peering hop, the peer's inbound one after it (both ways)", () => {
    const t = traceThreeWays(model(peered), 'i-app', 'i-b', 443);
    expect(t.disposition).toBe('delivered');
    const order = (hops: typeof t.forward) => hops.map((h) => h.component).filter((c) => c === 'pcx-ab' || c.endsWith('/default-acl'));
    expect(order(t.forward)).toEqual(['vpc-a/default-acl', 'pcx-ab', 'vpc-b/default-acl']);
    expect(order(t.return)).toEqual(['vpc-b/default-acl', 'pcx-ab', 'vpc-a/default-acl']);
  });
  it('an outbound network ACL that denies is the first blocker, listed before the peering hop', () => {
    const closed = variant((s) => {
      s.networkAcls = [{ id: 'acl-app', vpc: 'vpc-a', inbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }], outbound: [] }];
      s.subnets[1].networkAcl = 'acl-app';
    }, peered);
    const t = traceThreeWays(model(closed), 'i-app', 'i-b', 443);
    expect(t).toMatchObject({ disposition: 'denied-nacl-egress', blockedBy: 'acl-app' });
    // (the trace goes on to list any further blockers; the denial comes first)
    const path = t.forward.map((h) => `${h.component}:${h.verdict}`);
    expect(path.indexOf('acl-app:deny')).toBeGreaterThan(-1);
    expect(path.indexOf('acl-app:deny')).toBeLessThan(path.indexOf('pcx-ab:forward'));
  });
});
