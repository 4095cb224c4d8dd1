// A missing route over a peering connection or a transit gateway, on the way there or back (the
// reply's route is the most common mistake: issue 13, item 8): the blocker's fix names the route
// (`add 10.0.0.0/16 → pcx-ab to rtb-b`) and carries it as a patch, which `--what-if` applies.
// Both sides of a peering need a route to the other's block:
// https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html
// A transit gateway route table learns an attachment's networks by propagation:
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
import type { Patch } from 'immer';
import { applyScenarioPatches, type Model } from '@vpcsim/model';
import { trace, type Flow } from '@vpcsim/net';
import { describe, expect, it } from 'vitest';
import { traceThreeWays } from '../three-way.js';
import { model, variant, type Raw } from '../helpers.js';

/** vpc-a (10.0.0.0/16) and vpc-b (10.1.0.0/16), peered; rtb-a routes to vpc-b, rtb-b has no route back. */
function peered(): Raw {
  return {
    version: 1,
    vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16' }, { id: 'vpc-b', cidr: '10.1.0.0/16' }],
    subnets: [
      { id: 'subnet-a', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', routeTable: 'rtb-a' },
      { id: 'subnet-b', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.1.1.0/24', routeTable: 'rtb-b' },
    ],
    vpcPeeringConnections: [{ id: 'pcx-ab', requester: 'vpc-a', accepter: 'vpc-b', status: 'active' }],
    routeTables: [
      { id: 'rtb-a', vpc: 'vpc-a', routes: [{ destination: '10.1.0.0/16', target: 'pcx-ab' }] },
      { id: 'rtb-b', vpc: 'vpc-b' },
    ],
    securityGroups: [
      { id: 'sg-a', vpc: 'vpc-a', inbound: [{ protocol: 'all', cidr: '10.0.0.0/8' }] },
      { id: 'sg-b', vpc: 'vpc-b', inbound: [{ protocol: 'all', cidr: '10.0.0.0/8' }] },
    ],
    instances: [
      { id: 'i-a', subnet: 'subnet-a', privateIp: '10.0.1.10', securityGroups: ['sg-a'] },
      { id: 'i-b', subnet: 'subnet-b', privateIp: '10.1.1.10', securityGroups: ['sg-b'] },
    ],
  };
}

/** The same two VPCs on transit gateway tgw-hub, one route table propagating both; rtb-b has no route back. */
function onTgw(): Raw {
  return variant((s) => {
    delete s.vpcPeeringConnections;
    s.routeTables[0].routes = [{ destination: '10.1.0.0/16', target: 'tgw-hub' }];
    s.transitGateways = [
      {
        id: 'tgw-hub',
        attachments: [
          { id: 'att-a', vpc: 'vpc-a', subnets: ['subnet-a'] },
          { id: 'att-b', vpc: 'vpc-b', subnets: ['subnet-b'] },
        ],
        routeTables: [{ id: 'tgw-rtb', associations: ['att-a', 'att-b'], propagations: ['att-a', 'att-b'] }],
      },
    ];
  }, peered());
}

const tcp = (from: string, to: string): Flow => ({ from, to, protocol: 'tcp', port: 5432 });

/** Applies every patch of the trace's blockers and traces the flow again. */
function fixed(m: Model, flow: Flow) {
  const t = trace(m, flow);
  const patches = t.blockers.flatMap((b) => b.patches ?? []);
  const r = applyScenarioPatches(m, patches as Patch[]);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return { t, patches, after: trace(r.model, flow) };
}

describe('a missing route over a peering connection: the fix names it', () => {
  it('the reply has no route back: add the peer block → the peering to the table', () => {
    const t = traceThreeWays(model(peered()), 'i-a', 'i-b', 5432);
    expect(t).toMatchObject({ disposition: 'reply-denied', blockedBy: 'rtb-b' });
    expect(t.blockers[0]).toMatchObject({ component: 'rtb-b', setting: 'route to 10.0.1.10' });
    expect(t.blockers[0]?.fix).toBe('add 10.0.0.0/16 → pcx-ab to `rtb-b` (`vpc-a` is reached over peering connection `pcx-ab`)');
    const { patches, after } = fixed(model(peered()), tcp('i-a', 'i-b'));
    expect(patches).toEqual([{ op: 'add', path: ['routeTables', 1, 'routes'], value: [{ destination: '10.0.0.0/16', target: 'pcx-ab' }] }]);
    expect(after.disposition).toBe('delivered');
  });
  it('the request has no route there (the other way): the same fix on the sender side', () => {
    const t = traceThreeWays(model(peered()), 'i-b', 'i-a', 5432);
    expect(t).toMatchObject({ disposition: 'no-route', blockedBy: 'rtb-b' });
    expect(t.blockers[0]?.fix).toContain('add 10.0.0.0/16 → pcx-ab to `rtb-b`');
    expect(fixed(model(peered()), tcp('i-b', 'i-a')).after.disposition).toBe('delivered');
  });
  it('an inactive peering connection is no carrier: the fix stays in words', () => {
    const m = model(variant((s) => (s.vpcPeeringConnections[0].status = 'pending-acceptance'), peered()));
    const t = trace(m, tcp('i-b', 'i-a'));
    expect(t.blockers[0]?.fix).toBe('add a route for 10.0.1.10/32 (or a covering block) to `rtb-b`');
    expect(t.blockers[0]?.patches).toBeUndefined();
  });
  it("a VPC's implicit main table has no patch, but the fix names the route", () => {
    const m = model(variant((s) => {
      s.routeTables = s.routeTables.filter((t: { id: string }) => t.id !== 'rtb-b');
      delete s.subnets[1].routeTable;
    }, peered()));
    const t = trace(m, tcp('i-a', 'i-b'));
    expect(t.blockers[0]).toMatchObject({ component: 'vpc-b/main-rtb', fix: 'add 10.0.0.0/16 → pcx-ab to `vpc-b/main-rtb` (`vpc-a` is reached over peering connection `pcx-ab`)' });
    expect(t.blockers[0]?.patches).toBeUndefined();
  });
});

describe('a missing route over a transit gateway: the fix names it', () => {
  it('the reply has no route back to the transit gateway: add the source VPC block → the transit gateway', () => {
    const t = traceThreeWays(model(onTgw()), 'i-a', 'i-b', 5432);
    expect(t).toMatchObject({ disposition: 'reply-denied', blockedBy: 'rtb-b' });
    expect(t.blockers[0]?.fix).toBe('add 10.0.0.0/16 → tgw-hub to `rtb-b` (transit gateway `tgw-hub` routes it to `att-a`)');
    const { patches, after } = fixed(model(onTgw()), tcp('i-a', 'i-b'));
    expect(patches).toEqual([{ op: 'add', path: ['routeTables', 1, 'routes'], value: [{ destination: '10.0.0.0/16', target: 'tgw-hub' }] }]);
    expect(after.disposition).toBe('delivered');
  });
  it("the transit gateway's table does not propagate the source's attachment: the fix propagates it", () => {
    const raw = variant((s) => {
      s.routeTables[1].routes = [{ destination: '10.0.0.0/16', target: 'tgw-hub' }];
      s.transitGateways[0].routeTables[0].propagations = ['att-b'];
    }, onTgw());
    const t = traceThreeWays(model(raw), 'i-a', 'i-b', 5432);
    expect(t).toMatchObject({ disposition: 'reply-denied', blockedBy: 'tgw-rtb' });
    expect(t.blockers[0]?.fix).toBe('propagate `att-a` into `tgw-rtb` (its networks hold 10.0.1.10)');
    const { patches, after } = fixed(model(raw), tcp('i-a', 'i-b'));
    expect(patches).toEqual([{ op: 'add', path: ['transitGateways', 0, 'routeTables', 0, 'propagations', 1], value: 'att-a' }]);
    expect(after.disposition).toBe('delivered');
  });
});
