// Properties of the fast tracer's whole output (not only its verdict) on random topologies:
// the shape of a reachable trace, blockers for every failure, the Flow Log records, the
// text form, and that compiling once gives the same answers as compiling afresh.
import fc from 'fast-check';
import { applyScenarioPatches, compile } from '@vpcsim/model';
import type { Patch } from 'immer';
import { flowLogs, formatTrace, trace, type Trace } from '@vpcsim/net';
import { describe, expect, it } from 'vitest';
import { arbCase, compileOrThrow } from './reference-arbitraries.js';

const SUCCESS = ['delivered', 'exits-internet', 'exits-external', 'exits-service'];
const FILTER_DENIALS = ['denied-sg-egress', 'denied-sg-ingress', 'denied-nacl-egress', 'denied-nacl-ingress'];
const verdictOf = (t: Trace) => ({ reachable: t.reachable, disposition: t.disposition, blockedBy: t.blockedBy });

describe('trace output properties (random topologies)', () => {
  it('a reachable trace ends in delivery or exit, and its reply ends back at the source', () => {
    fc.assert(
      fc.property(arbCase(), ({ sc, flow }) => {
        const t = trace(compileOrThrow(sc), flow);
        if (!t.reachable) return;
        expect(SUCCESS).toContain(t.disposition);
        expect(t.blockers).toEqual([]);
        expect(['deliver', 'exit']).toContain(t.forward.at(-1)!.verdict);
        const last = t.return.at(-1)!;
        if (flow.from.startsWith('i-')) expect(last).toMatchObject({ component: `${flow.from}/eth0`, verdict: 'deliver' });
        else expect(last.verdict).toBe('exit');
        expect([...t.forward, ...t.return].some((h) => h.verdict === 'deny' || h.verdict === 'drop')).toBe(false);
      }),
      { numRuns: 600 },
    );
  });

  it('a failed trace names its blockers, and blockedBy is one of them', () => {
    fc.assert(
      fc.property(arbCase(), ({ sc, flow }) => {
        const t = trace(compileOrThrow(sc), flow);
        if (t.reachable || t.disposition === 'invalid-flow' || t.disposition === 'not-implemented') return;
        expect(t.blockers.length).toBeGreaterThan(0);
        if (t.blockedBy !== null) expect(t.blockers.map((b) => b.component)).toContain(t.blockedBy);
        if (FILTER_DENIALS.includes(t.disposition)) {
          const deny = t.forward.find((h) => h.verdict === 'deny')!;
          expect(deny.component).toBe(t.blockedBy);
        }
      }),
      { numRuns: 600 },
    );
  });

  it('flow logs: every record of a reachable trace is ACCEPT; a filter denial logs exactly one REJECT, last', () => {
    fc.assert(
      fc.property(arbCase(), ({ sc, flow }) => {
        const m = compileOrThrow(sc);
        const t = trace(m, flow);
        const r = flowLogs(m, t);
        for (const x of r) expect(x.line.split(' ')).toHaveLength(14);
        if (t.reachable) expect(r.every((x) => x.action === 'ACCEPT')).toBe(true);
        if (FILTER_DENIALS.includes(t.disposition)) {
          expect(r.filter((x) => x.action === 'REJECT')).toHaveLength(1);
          expect(r.at(-1)!.action).toBe('REJECT');
        }
      }),
      { numRuns: 400 },
    );
  });

  it('formatTrace prints the verdict and one numbered line per hop', () => {
    fc.assert(
      fc.property(arbCase(), ({ sc, flow }) => {
        const t = trace(compileOrThrow(sc), flow);
        const text = formatTrace(t);
        expect(text.startsWith(t.reachable ? 'REACHABLE' : 'NOT REACHABLE')).toBe(true);
        expect((text.match(/^ {2}[ \d]?\d+\. /gm) ?? []).length).toBe(t.forward.length + t.return.length);
      }),
      { numRuns: 200 },
    );
  });

  it('the cached compiled network gives the same verdicts as a fresh one', () => {
    fc.assert(
      fc.property(arbCase(), ({ sc, flow }) => {
        const m = compileOrThrow(sc);
        trace(m, { from: flow.to, to: flow.from, protocol: 'tcp', port: 22 }); // warm the cache with another flow
        const fresh = compile(sc);
        if (!fresh.ok) throw new Error('does not compile');
        expect(verdictOf(trace(m, flow))).toEqual(verdictOf(trace(fresh.model, flow)));
      }),
      { numRuns: 200 },
    );
  });
});

describe('fix patches (random topologies)', () => {
  it('when every blocker is a patchable filter, applying the patches compiles and clears every denial', () => {
    let applied = 0;
    fc.assert(
      fc.property(arbCase(), ({ sc, flow }) => {
        const m = compileOrThrow(sc);
        const t = trace(m, flow);
        // a hard stop (no route, source/destination check, ...) hides what lies behind it: skip those
        if (t.blockers.length === 0 || !t.blockers.every((b) => b.patches && b.setting.endsWith('rules'))) return;
        applied++;
        const r = applyScenarioPatches(m, t.blockers.flatMap((b) => b.patches!) as Patch[]);
        expect(r.ok, r.ok ? '' : r.errors.map((e) => e.message).join('; ')).toBe(true);
        if (!r.ok) return;
        const after = trace(r.model, flow);
        expect([...after.forward, ...after.return].filter((h) => h.verdict === 'deny').map((h) => h.component)).toEqual([]);
        expect(FILTER_DENIALS).not.toContain(after.disposition);
        expect(after.disposition).not.toBe('reply-denied');
      }),
      { numRuns: 500 },
    );
    expect(applied).toBeGreaterThan(20);
  });
});
