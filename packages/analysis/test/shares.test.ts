// Work in shares (`--jobs`, `--shard`; src/shares.ts): the shares of any count, merged, give
// exactly what one run gives: the same lines in the same order, the same witnesses, the same
// errors and statistics (the set nodes excepted: each share has its own set space). Worked
// scenarios, a generated estate, and random topologies with a random change; and the checks of a
// scenario run by position.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, type Model } from '@vpcsim/model';
import { checkScenario, diffNetworkShare, diffScenarios, mergeNetworkDiff, mergeReach, reachQuery, reachShare, reachSources, type CheckResult, type NetworkDiff, type ReachResult } from '../src/index.js';
import { arbScenario, compileOrThrow, type RawScenario } from '../../net/test/reference-arbitraries.js';
// @ts-expect-error: the benchmark generator is plain JavaScript without types
import { generateNetwork } from '../../../bench/generate-network.mjs';

const root = join(import.meta.dirname, '../../..');
const load = (file: string): Model => {
  const c = compile(parse(readFileSync(join(root, file), 'utf8')));
  if (!c.ok) throw new Error(`${file} does not compile`);
  return c.model;
};
/** A result without its set-node count (each share has its own set space). */
const sansNodes = <R extends { stats: { nodes: number } }>(r: R): unknown => ({ ...r, stats: { ...r.stats, nodes: 0 } });
const sharesOf = (count: number): { index: number; count: number }[] => Array.from({ length: count }, (_, index) => ({ index, count }));
const reachIn = (m: Model, q: Parameters<typeof reachQuery>[1], count: number): ReachResult => mergeReach(sharesOf(count).map((s) => reachShare(m, q, s)));
const diffIn = (b: Model, a: Model, count: number, options = {}): NetworkDiff => mergeNetworkDiff(sharesOf(count).map((s) => diffNetworkShare(b, a, options, s)));

describe('reach in shares', () => {
  it('the worked scenarios: every count gives the lines, numbers, witnesses and statistics of one run', () => {
    for (const file of ['scenarios/vpc-three-tier.yaml', 'scenarios/vpc-transit-gateway-vpn.yaml', 'scenarios/lb-alb-private-instances.yaml']) {
      const m = load(file);
      const one = reachQuery(m);
      expect(one.lines.length, file).toBeGreaterThan(1);
      expect(reachSources(m)).toBe(one.stats.sources);
      for (const count of [2, 3, 7]) expect(sansNodes(reachIn(m, {}, count)), `${file} in ${count} shares`).toEqual(sansNodes(one));
    }
  });

  it('a share with no source is empty, and more shares than sources change nothing', () => {
    const m = load('scenarios/vpc-three-tier.yaml');
    const q = { from: ['internet'] };
    expect(reachSources(m, q)).toBe(1);
    expect(reachShare(m, q, { index: 1, count: 2 }).lines).toEqual([]);
    expect(sansNodes(reachIn(m, q, 4))).toEqual(sansNodes(reachQuery(m, q)));
  });

  it('a question that cannot be asked gives the same errors in shares; a budget in one share stops the whole answer', () => {
    const m = load('scenarios/vpc-three-tier.yaml');
    expect(reachIn(m, { to: ['subnet:subnet-nope'] }, 3)).toEqual(reachQuery(m, { to: ['subnet:subnet-nope'] }));
    const r = reachIn(m, { maxNodes: 10 }, 3);
    expect(r.complete).toBe(false);
    expect(r.errors.filter((e) => e.code === 'reach-budget')).toHaveLength(1);
  });

  it('on random topologies, in 2 to 5 shares', () => {
    fc.assert(
      fc.property(arbScenario(), fc.integer({ min: 2, max: 5 }), (sc, count) => {
        const m = compileOrThrow(sc);
        expect(sansNodes(reachIn(m, {}, count))).toEqual(sansNodes(reachQuery(m)));
      }),
      { numRuns: 25 },
    );
  });
});

describe('the network diff in shares', () => {
  it('the SSH pull request on the three-tier scenario', () => {
    const b = load('scenarios/vpc-three-tier.yaml');
    const a = load('test/fixtures/diff/vpc-three-tier-ssh.yaml');
    const one = diffScenarios(b, a).network;
    expect(one.changed.length).toBeGreaterThan(0);
    for (const count of [2, 3, 5]) expect(sansNodes(diffIn(b, a, count)), `${count} shares`).toEqual(sansNodes(one));
    // the IAM half beside a network half made in shares
    const network = diffIn(b, a, 2);
    expect(diffScenarios(b, a, { network })).toEqual({ ...diffScenarios(b, a), network });
  });

  it('a generated estate of 12 VPCs with SSH opened in a group and its network ACL', () => {
    const g = generateNetwork({ vpcs: 12, interfacesPerVpc: 4 }) as { scenario: RawScenario };
    const before = compileOrThrow(g.scenario);
    const changed = structuredClone(g.scenario);
    changed.securityGroups[0]!.inbound.push({ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' });
    const acl = changed.networkAcls[0]!;
    acl.inbound.push({ rule: 1, protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0', action: 'allow' });
    const after = compileOrThrow(changed);
    const one = diffIn(before, after, 1);
    expect(one.complete).toBe(true);
    expect(one.changed.length).toBeGreaterThan(0);
    for (const count of [2, 3]) expect(sansNodes(diffIn(before, after, count)), `${count} shares`).toEqual(sansNodes(one));
    // the union over the shares: every line's sources in exactly one share's lines
    const parts = sharesOf(3).map((s) => diffNetworkShare(before, after, {}, s));
    const sources = parts.flatMap((p) => p.lines.flatMap((l) => l.from));
    expect(new Set(one.changed.flatMap((l) => l.from))).toEqual(new Set(sources));
  });

  it('a line budget exceeded only by the union of the shares stops the diff as one run would', () => {
    const b = load('scenarios/vpc-three-tier.yaml');
    const a = load('test/fixtures/diff/vpc-three-tier-ssh.yaml');
    const one = diffIn(b, a, 1, { maxLines: 1 });
    const three = diffIn(b, a, 3, { maxLines: 1 });
    expect(one.complete).toBe(false);
    expect(three.complete).toBe(false);
    expect(three.errors.map((e) => e.message)).toEqual(one.errors.map((e) => e.message));
  });

  it('on random topologies and a random change, in 2 to 4 shares', () => {
    fc.assert(
      fc.property(arbScenario(), fc.nat(), fc.constantFrom(22, 443, 'all'), fc.integer({ min: 2, max: 4 }), (sc, g, port, count) => {
        const changed = structuredClone(sc);
        changed.securityGroups[g % changed.securityGroups.length]!.inbound.push({ protocol: 'tcp', ports: port, cidr: '0.0.0.0/0' });
        const [b, a] = [compileOrThrow(sc), compileOrThrow(changed)];
        expect(sansNodes(diffIn(b, a, count))).toEqual(sansNodes(diffIn(b, a, 1)));
      }),
      { numRuns: 25 },
    );
  });
});

describe('checks by position', () => {
  it('`checks` runs the named checks in the order given, the expectations first in file order', () => {
    const m = load('scenarios/vpc-three-tier.yaml');
    const all = checkScenario(m);
    // a property's stats carry the time it took: everything else must be equal
    const strip = (rs: readonly CheckResult[]): unknown => rs.map((r) => ({ ...r, explainDecision: undefined, stats: r.stats && { ...r.stats, elapsedMs: 0 } }));
    const picked = [all.length - 1, 0, 2];
    expect(strip(checkScenario(m, { checks: picked }))).toEqual(strip(picked.map((i) => all[i]!)));
    expect(() => checkScenario(m, { checks: [all.length] })).toThrow(RangeError);
  });
});
