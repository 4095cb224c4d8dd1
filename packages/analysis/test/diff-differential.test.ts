// The exhaustive network diff against the tracer, packet by packet: on random topologies and a
// random change to each, for random flows, the tracer's outcome in the two versions differs
// exactly when one line of the diff covers the flow, and that line says the tracer's outcomes.
// This holds the diff's incremental shortcuts (diff-scope.ts: which sources it walks, toward
// which addresses) to the plain definition: compare every packet in both versions.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Model } from '@vpcsim/model';
import { trace, type Flow } from '@vpcsim/net';
import { diffScenarios, type FlowChange } from '../src/index.js';
import { arbLbShape, arbScenario, compileOrThrow, INTERNET_IPS, withLoadBalancers, type RawScenario } from '../../net/test/reference-arbitraries.js';
import { covers, servingTargets, witness } from './flow-lines-reading.js';

type Mutation = (sc: RawScenario) => void;

/** One change a pull request might make. */
const arbMutation: fc.Arbitrary<{ name: string; apply: Mutation }> = fc.oneof(
  fc.record({ g: fc.nat(), port: fc.constantFrom(22, 443, 5432, '1024-65535', 'all'), cidr: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '203.0.113.0/24', '10.1.0.0/16') }).map(({ g, port, cidr }) => ({
    name: `open sg ${port} from ${cidr}`,
    apply: (sc: RawScenario) => {
      const sg = sc.securityGroups[g % sc.securityGroups.length]!;
      sg.inbound.push({ protocol: 'tcp', ports: port, cidr });
    },
  })),
  fc.record({ a: fc.nat(), r: fc.nat(), inbound: fc.boolean() }).map(({ a, r, inbound }) => ({
    name: 'delete a network ACL rule',
    apply: (sc: RawScenario) => {
      if (sc.networkAcls.length === 0) return;
      const acl = sc.networkAcls[a % sc.networkAcls.length]!;
      const list = inbound ? acl.inbound : acl.outbound;
      if (list.length > 0) list.splice(r % list.length, 1);
    },
  })),
  fc.record({ a: fc.nat(), port: fc.constantFrom(22, 443, '1024-65535'), cidr: fc.constantFrom('0.0.0.0/0', '10.0.0.0/8', '8.8.8.0/24') }).map(({ a, port, cidr }) => ({
    name: `deny ${port} from ${cidr} first`,
    apply: (sc: RawScenario) => {
      if (sc.networkAcls.length === 0) return;
      const list = sc.networkAcls[a % sc.networkAcls.length]!.inbound;
      let rule = 1;
      while (list.some((r) => r.rule === rule)) rule++;
      list.push({ rule, protocol: 'tcp', ports: port, cidr, action: 'deny' });
    },
  })),
  fc.record({ t: fc.nat(), r: fc.nat() }).map(({ t, r }) => ({
    name: 'delete a route',
    apply: (sc: RawScenario) => {
      const routes = sc.routeTables[t % sc.routeTables.length]?.routes;
      if (routes && routes.length > 0) routes.splice(r % routes.length, 1);
    },
  })),
  fc.record({ i: fc.nat() }).map(({ i }) => ({
    name: 'turn an instance into an appliance',
    apply: (sc: RawScenario) => {
      const inst = sc.instances[i % sc.instances.length]!;
      inst.sourceDestCheck = !(inst.sourceDestCheck ?? true);
    },
  })),
  fc.record({ g: fc.nat(), port: fc.constantFrom(443, 22, '1024-65535') }).map(({ g, port }) => ({
    name: `let a security group send tcp ${port} only`,
    apply: (sc: RawScenario) => {
      sc.securityGroups[g % sc.securityGroups.length]!.outbound = [{ protocol: 'tcp', ports: port, cidr: '0.0.0.0/0' }];
    },
  })),
  fc.record({ i: fc.nat(), ip: fc.nat(200) }).map(({ i, ip }) => ({
    name: 'give an instance a public address, or take it away',
    apply: (sc: RawScenario) => {
      const inst = sc.instances[i % sc.instances.length]!;
      if (inst.publicIp === undefined) inst.publicIp = `3.90.${ip}.7`;
      else delete inst.publicIp;
    },
  })),
  fc.record({ g: fc.nat() }).map(({ g }) => ({
    name: 'empty a security group',
    apply: (sc: RawScenario) => {
      sc.securityGroups[g % sc.securityGroups.length]!.inbound = [];
    },
  })),
);

/** Flows: from an instance or an internet address, to an address some version gives meaning, every protocol. */
function arbFlows(sc: RawScenario): fc.Arbitrary<Flow[]> {
  const from = [...sc.instances.map((i) => i.id), ...INTERNET_IPS.map((a) => `internet:${a}`)];
  const to = [...sc.instances.map((i) => i.privateIp), ...sc.instances.flatMap((i) => (i.publicIp ? [i.publicIp] : [])), ...INTERNET_IPS, ...sc.vpcs.map((v) => v.cidr.replace(/\.0\.0\/16$/, '.0.99'))];
  const flow = fc
    .record({
      from: fc.constantFrom(...from),
      to: fc.constantFrom(...to),
      protocol: fc.constantFrom('tcp', 'tcp', 'udp', 'icmp', '47'),
      port: fc.constantFrom(22, 80, 443, 5432, 8080, 2000),
      srcPort: fc.constantFrom(49152, 33000, 1024, 65535),
    })
    .filter((f) => !(f.from.startsWith('internet:') && INTERNET_IPS.includes(f.to)))
    .map((f): Flow => (f.protocol === 'tcp' || f.protocol === 'udp' ? f : { from: f.from, to: f.to, protocol: f.protocol === '47' ? 47 : f.protocol }));
  return fc.array(flow, { minLength: 12, maxLength: 12 });
}

type Side = { reachable: boolean; disposition: string; blockedBy: string | null; via?: string };
const sideOf = (m: Model, f: Flow): Side => {
  const t = trace(m, f);
  // through a load balancer: the targets reachable through both legs, as the diff names them
  const via = servingTargets(t);
  return { reachable: t.reachable, disposition: t.disposition, blockedBy: t.reachable ? null : t.blockedBy, ...(via ? { via } : {}) };
};

describe('the network diff agrees with the tracer, packet by packet', () => {
  it('on random topologies and random changes: a line covers a flow exactly when its outcome changed, and says both outcomes', () => {
    let changedSeen = 0;
    let linesChecked = 0;
    let sameSeen = 0;
    let examplesChecked = 0;
    fc.assert(
      fc.property(
        arbScenario().chain((sc) => fc.tuple(fc.constant(sc), arbMutation, arbFlows(sc))),
        ([sc, mutation, flows]) => {
          const after = structuredClone(sc);
          mutation.apply(after);
          const [mb, ma] = [compileOrThrow(sc), compileOrThrow(after)];
          const d = diffScenarios(mb, ma);
          expect(d.network.complete).toBe(true);
          // every line, read back as one flow (its first source, address and port), is a change the tracer sees
          for (const c of d.network.changed.slice(0, 12)) {
            const f = witness(c, sc);
            if (f === undefined) continue;
            const [b, a] = [sideOf(mb, f), sideOf(ma, f)];
            linesChecked++;
            // a side without the flow (its source, or its destination at that address, is not in that version) is said so; the other is the tracer's
            const what = `${mutation.name}: line ${JSON.stringify(c)} as ${JSON.stringify(f)}`;
            if (c.before.disposition !== 'not-in-before') expect(b, what).toEqual(c.before);
            if (c.after.disposition !== 'not-in-after') expect(a, what).toEqual(c.after);
          }
          // every line's own example (what `diff --explain N` traces) has the line's outcome in each version
          for (const c of d.network.changed) {
            const [b, a] = [sideOf(mb, c.example), sideOf(ma, c.example)];
            examplesChecked++;
            const what = `${mutation.name}: line ${JSON.stringify(c)}`;
            if (c.before.disposition !== 'not-in-before') expect(b, what).toEqual(c.before);
            if (c.after.disposition !== 'not-in-after') expect(a, what).toEqual(c.after);
          }
          for (const f of flows) {
            const inst = sc.instances.find((i) => i.id === f.from);
            // an instance to its own address is not a flow
            if (inst && (f.to === inst.privateIp || f.to === inst.publicIp)) continue;
            const [b, a] = [sideOf(mb, f), sideOf(ma, f)];
            if (b.disposition === 'invalid-flow' || a.disposition === 'invalid-flow' || b.disposition === 'not-implemented' || a.disposition === 'not-implemented') continue;
            const src = inst ? inst.privateIp : f.from.slice(9);
            // an address that changed hands: the line (if any) says `not-in-…` for the version without this destination
            const holder = (x: RawScenario): string | undefined => x.instances.find((i) => i.privateIp === f.to || i.publicIp === f.to)?.id;
            if (holder(sc) !== holder(after)) continue;
            const hits = d.network.changed.filter((c) => covers(c, f, src, f.to, inst?.id));
            const same = b.reachable === a.reachable && b.disposition === a.disposition && b.blockedBy === a.blockedBy;
            const what = `${mutation.name}: ${JSON.stringify(f)}: tracer ${JSON.stringify(b)} → ${JSON.stringify(a)}; lines ${JSON.stringify(hits)}`;
            if (same) {
              sameSeen++;
              expect(hits, what).toEqual([]);
            } else {
              changedSeen++;
              expect(hits.length, what).toBe(1);
              expect({ before: hits[0]!.before, after: hits[0]!.after }, what).toEqual({ before: b, after: a });
            }
          }
        },
      ),
      { numRuns: 100 },
    );
    // the property saw both kinds of flow
    expect(changedSeen).toBeGreaterThan(5);
    expect(linesChecked).toBeGreaterThan(100);
    expect(examplesChecked).toBeGreaterThan(100);
    expect(sameSeen).toBeGreaterThan(200);
  });
});

describe('with load balancers', () => {
  it("on random topologies with load balancers and random changes: every line's example has the line's outcome in each version, the serving targets included", () => {
    let examples = 0;
    let via = 0;
    fc.assert(
      fc.property(fc.tuple(arbScenario(), arbLbShape).map(([sc, x]) => withLoadBalancers(sc, x)), arbMutation, (sc, mutation) => {
        const after = structuredClone(sc);
        mutation.apply(after);
        const [mb, ma] = [compileOrThrow(sc), compileOrThrow(after)];
        const d = diffScenarios(mb, ma);
        expect(d.network.complete).toBe(true);
        for (const c of d.network.changed) {
          const what = `${mutation.name}: line ${JSON.stringify(c)}`;
          if (c.before.disposition !== 'not-in-before') expect(sideOf(mb, c.example), what).toEqual(c.before);
          if (c.after.disposition !== 'not-in-after') expect(sideOf(ma, c.example), what).toEqual(c.after);
          examples++;
          if (c.before.via !== undefined || c.after.via !== undefined) via++;
        }
      }),
      { numRuns: 60 },
    );
    expect(examples).toBeGreaterThan(20);
    expect(via).toBeGreaterThan(0);
  });
});
