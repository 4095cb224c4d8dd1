// Differential test of the fast tracer against the slow reference (STYLE.md item 20): random
// small topologies and random flows between their endpoints; both must agree on `reachable`,
// `disposition` and `blockedBy`. Shrunk counterexamples are kept as case files in
// test/cases/*.json and replayed here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { compile } from '@vpcsim/model';
import { trace } from '@vpcsim/net';
import { describe, expect, it } from 'vitest';
import { referenceTrace, type ReferenceResult } from '../src/reference.js';
import type { Disposition, Flow, Trace } from '../src/trace-types.js';
import { arbCase, arbDxCase, arbDxScenario, arbLbCase, arbScenario, compileOrThrow, INTERNET_IPS, S3_PREFIX_LIST_IP, type RawScenario } from './reference-arbitraries.js';
import { targetVerdicts } from './three-way.js';

const casesDir = join(dirname(fileURLToPath(import.meta.url)), 'cases');

const DISPOSITIONS: readonly Disposition[] = [
  'delivered', 'exits-internet', 'exits-external', 'exits-service', 'denied-sg-egress', 'denied-sg-ingress',
  'denied-nacl-egress', 'denied-nacl-ingress', 'no-route', 'blackhole', 'no-public-ip', 'src-dst-check',
  'not-transitive', 'inbound-not-allowed', 'unreachable-address', 'unsupported', 'reply-denied', 'loop',
  'invalid-flow', 'not-implemented', 'no-listener', 'no-target', 'target-unhealthy', 'cross-zone-off',
];
const SUCCESS: readonly Disposition[] = ['delivered', 'exits-internet', 'exits-external', 'exits-service'];

const verdict = (r: { reachable: boolean; disposition: Disposition; blockedBy: string | null }) => ({ reachable: r.reachable, disposition: r.disposition, blockedBy: r.blockedBy });

describe('random topologies (generator and reference)', () => {
  it('the generator builds valid scenarios', () => {
    fc.assert(fc.property(arbScenario(), (sc) => void compileOrThrow(sc)), { numRuns: 300 });
  });
  it('the hybrid (Direct Connect and VPN) generator builds valid scenarios', () => {
    fc.assert(fc.property(arbDxScenario(), (sc) => void compileOrThrow(sc)), { numRuns: 300 });
  });

  it('the reference always answers, with a known disposition consistent with reachable', () => {
    const seen = new Map<string, number>();
    let unmodelled = 0;
    fc.assert(
      fc.property(arbCase(), ({ sc, flow }) => {
        const m = compileOrThrow(sc);
        const r = referenceTrace(m, flow);
        if (!r.modelled) unmodelled++;
        seen.set(r.disposition, (seen.get(r.disposition) ?? 0) + 1);
        if (r.disposition === 'reply-denied' && r.blockedBy !== null && m.index.networkInterface.get(r.blockedBy)?.stateful) seen.set('reply-denied at an appliance', (seen.get('reply-denied at an appliance') ?? 0) + 1);
        expect(DISPOSITIONS).toContain(r.disposition);
        expect(r.reachable).toBe(SUCCESS.includes(r.disposition));
        if (r.reachable) expect(r.blockedBy).toBeNull();
      }),
      { numRuns: 1500 },
    );
    // the generator must exercise both outcomes and the main failure kinds
    expect(seen.get('delivered') ?? 0).toBeGreaterThan(0);
    expect(seen.get('exits-internet') ?? 0).toBeGreaterThan(0);
    for (const d of ['denied-nacl-ingress', 'denied-sg-ingress', 'no-route', 'reply-denied', 'reply-denied at an appliance'] as const) expect(seen.get(d) ?? 0, d).toBeGreaterThan(0);
    expect(unmodelled).toBe(0);
  });

  it('the generator reaches the paths of issue 13 (a fixed seed: the check is deterministic)', () => {
    const seen = new Map<string, number>();
    const count = (k: string) => seen.set(k, (seen.get(k) ?? 0) + 1);
    const vpcOf = (id: string) => /^i-(\d)-/.exec(id)?.[1];
    const inspection = (sc: RawScenario) => sc.transitGateways?.[0]?.attachments.find((a) => a.id === 'att-insp');
    const cases = [...fc.sample(arbCase(), { seed: 13, numRuns: 2000 }), ...fc.sample(arbCase({ minVpcs: 2, maxVpcs: 3 }), { seed: 13, numRuns: 1500 })];
    for (const { sc, flow } of cases) {
      const m = compileOrThrow(sc);
      const r = referenceTrace(m, flow);
      expect(r.modelled, r.note).toBe(true);
      const at = r.blockedBy === null ? undefined : m.index.networkInterface.get(r.blockedBy);
      if (r.disposition === 'reply-denied' && at?.stateful) count(at.id.startsWith('i-insp-') ? 'reply-denied at an inspection firewall' : 'reply-denied at an appliance');
      if (r.disposition === 'reply-denied' && at?.stateful && sc.internetGateways.some((g) => g.routeTable) && [...INTERNET_IPS, S3_PREFIX_LIST_IP].includes(flow.to)) count('reply-denied of an internet reply routed by a gateway route table');
      if (r.reachable && flow.from.startsWith('internet:') && sc.internetGateways.some((g) => g.routeTable)) count('reachable from the internet with a gateway route table');
      if (r.disposition === 'unsupported' && r.blockedBy?.startsWith('nat-') && flow.protocol === '47') count('GRE refused by a NAT gateway');
      if (r.disposition === 'not-transitive' && r.blockedBy?.startsWith('vpce-')) count('gateway endpoint from outside its VPC');
      if (r.reachable && flow.to.startsWith('vpce-if-') && vpcOf(flow.from) !== flow.to.slice('vpce-if-'.length)) count('interface endpoint reached from another VPC');
      if (r.disposition === 'exits-service' && flow.to === S3_PREFIX_LIST_IP) count('S3 prefix-list address through a gateway endpoint');
      if (r.reachable && flow.to.startsWith('64:ff9b::')) count(r.disposition === 'delivered' ? 'NAT64 to an IPv4 instance' : 'NAT64 to the IPv4 internet');
      if (!r.reachable && flow.to.startsWith('64:ff9b::') && r.disposition !== 'invalid-flow') count('NAT64 refused or blocked');
      const insp = inspection(sc);
      if (insp && r.reachable && vpcOf(flow.from) !== undefined && vpcOf(flow.to) !== undefined && vpcOf(flow.from) !== vpcOf(flow.to)) count(`between spokes through an inspection VPC, appliance mode ${insp.applianceMode === true ? 'on' : 'off'}`);
    }
    for (const k of [
      'reply-denied at an appliance',
      'reply-denied at an inspection firewall',
      'reply-denied of an internet reply routed by a gateway route table',
      'reachable from the internet with a gateway route table',
      'GRE refused by a NAT gateway',
      'gateway endpoint from outside its VPC',
      'interface endpoint reached from another VPC',
      'S3 prefix-list address through a gateway endpoint',
      'between spokes through an inspection VPC, appliance mode on',
      'between spokes through an inspection VPC, appliance mode off',
      'NAT64 to an IPv4 instance',
      'NAT64 to the IPv4 internet',
      'NAT64 refused or blocked',
    ])
      expect(seen.get(k) ?? 0, k).toBeGreaterThan(0);
  });
});

interface CaseFile {
  name: string;
  note?: string;
  scenario: unknown;
  flow: Flow;
  /** What AWS does (and the reference answers). */
  expected: { reachable: boolean; disposition: Disposition; blockedBy: string | null };
}

const caseFiles = readdirSync(casesDir).filter((f) => f.endsWith('.json')).sort();

describe('saved counterexamples (test/cases)', () => {
  for (const f of caseFiles) {
    const c = JSON.parse(readFileSync(join(casesDir, f), 'utf8')) as CaseFile;
    const r = compile(c.scenario);
    it(`${f}: reference gives the expected verdict`, () => {
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(verdict(referenceTrace(r.model, c.flow))).toEqual(c.expected);
    });
    it(`${f}: trace gives the expected verdict`, () => {
      if (!r.ok) throw new Error('case does not compile');
      const t = trace(r.model, c.flow);
      expect(verdict(t), `${c.name}: ${c.note ?? ''}; errors: ${t.errors.map((e) => e.message).join('; ')}`).toEqual(c.expected);
    });
  }
});

function mismatch(flow: Flow, t: Trace, ref: ReferenceResult): string {
  return (
    `trace and reference disagree on ${flow.from} -> ${flow.to} ${flow.protocol ?? 'tcp'}/${flow.port ?? '-'} (srcPort ${flow.srcPort ?? 49152}):\n` +
    `  trace:     ${JSON.stringify(verdict(t))}\n  reference: ${JSON.stringify(verdict(ref))}\n` +
    `  trace errors: ${t.errors.map((e) => e.message).join('; ') || 'none'}\n` +
    `  forward: ${t.forward.map((h) => `${h.component}:${h.verdict}`).join(' > ')}\n  return: ${t.return.map((h) => `${h.component}:${h.verdict}`).join(' > ')}`
  );
}

describe('trace agrees with the reference', () => {
  const run = (name: string, opts: Parameters<typeof arbCase>[0] | 'dx', numRuns: number, arb = arbCase) =>
    it(name, () => {
      fc.assert(
        fc.property(opts === 'dx' ? arbDxCase() : arb(opts), ({ sc, flow }) => {
          const m = compileOrThrow(sc);
          const ref = referenceTrace(m, flow);
          fc.pre(ref.modelled);
          const t = trace(m, flow);
          if (t.disposition === 'not-implemented') return; // the fast tracer says it does not model this path
          expect(verdict(t), mismatch(flow, t, ref)).toEqual(verdict(ref));
          if (ref.targets !== undefined) expect(targetVerdicts(t.targets), mismatch(flow, t, ref)).toEqual(targetVerdicts(ref.targets));
        }),
        { numRuns },
      );
    });
  run('single VPC', { maxVpcs: 1 }, 1500);
  run('two or three VPCs with peering', { minVpcs: 2, maxVpcs: 3 }, 1500);
  run('Direct Connect and VPN to on premises', 'dx', 1000);
  run('load balancers (and gateway load balancer endpoints)', { maxVpcs: 2 }, 1000, arbLbCase);
});
