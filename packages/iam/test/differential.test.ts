// Differential test: the compiled engine (`evaluate` from @vpcsim/iam) and the literal
// reference evaluator (src/reference.ts) must agree on random IAM worlds and requests: on the
// decision kind always, and on the set of decisive statements for explicit denies.
// A shrunk counterexample belongs in test/cases/ as a case (with the documented expectation).
import fc from 'fast-check';
import { compile, type Model } from '@vpcsim/model';
import { authorizeModel, authorizeModelIfClean, evaluate } from '@vpcsim/iam';
import { describe, expect, it } from 'vitest';
import { referenceEvaluate } from '../src/reference.js';
import type { Decision, DecisiveStatement, Request } from '../src/types.js';
import { POLICY_TOKENS, request, scenario } from './iam-arbitraries.js';


function build(raw: Record<string, unknown>): Model {
  const r = compile({ version: 1, defaults: { account: '111111111111', region: 'us-east-1' }, ...raw });
  if (!r.ok) throw new Error(`generated scenario does not compile:\n${r.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('\n')}`);
  return r.model;
}

/**
 * A decisive statement as both engines can name it: its policy type, the generator's token in
 * the policy name (names are formatted by each engine), and its index.
 */
function key(d: DecisiveStatement): string {
  const token = POLICY_TOKENS.find((t) => d.policy.includes(t)) ?? '';
  return `${d.policyType}|${token}|${d.statement}`;
}
const keys = (ds: readonly DecisiveStatement[]): string[] => ds.map(key).sort();

/**
 * Requests on which the engine is known to disagree (each also a case run with `it.fails`):
 * skipped so that new disagreements stand out. None at present; add an entry with the case name.
 */
function knownRequestDisagreement(_req: Request, _want: Decision, _got: Decision): string | undefined {
  return undefined;
}

/**
 * Worlds on which the engine is known to disagree with the reference (each also a case in
 * test/cases/ run with `it.fails`): skipped here so that new disagreements stand out. None at
 * present (the `Null` on aws:SourceIp under RestrictPublicBuckets entry was fixed).
 */
function knownDisagreement(_raw: Record<string, unknown>): string | undefined {
  return undefined;
}

describe('the compiled engine agrees with the reference', () => {
  it('generated worlds compile and the reference never reports errors on them', () => {
    fc.assert(
      fc.property(scenario, fc.array(request, { minLength: 1, maxLength: 3 }), (raw, requests) => {
        const model = build(raw);
        for (const req of requests) expect(referenceEvaluate(model, req).errors).toEqual([]);
      }),
      { numRuns: 300, seed: 20261123 },
    );
  });

  it('the generator reaches every outcome and every gate (so agreement means something)', () => {
    const kinds = new Map<string, number>();
    const denyGates = new Set<string>();
    const allowGates = new Set<string>();
    const pairs = fc.sample(fc.tuple(scenario, fc.array(request, { minLength: 3, maxLength: 3 })), { numRuns: 600, seed: 7 });
    for (const [raw, requests] of pairs) {
      const model = build(raw);
      for (const req of requests) {
        const d = referenceEvaluate(model, req);
        kinds.set(d.decision, (kinds.get(d.decision) ?? 0) + 1);
        for (const s of d.decisive) (d.decision === 'explicitly-denied' ? denyGates : allowGates).add(s.policyType);
      }
    }
    const total = [...kinds.values()].reduce((a, b) => a + b, 0);
    for (const k of ['allowed', 'explicitly-denied', 'implicitly-denied']) expect(kinds.get(k) ?? 0, `${k} in ${JSON.stringify([...kinds])}`).toBeGreaterThan(total * 0.05);
    for (const g of ['identity', 'resource', 'permissions-boundary', 'session', 'scp', 'rcp', 'trust', 'key', 'endpoint']) expect([...denyGates], `explicit denies from ${g}`).toContain(g);
    for (const g of ['identity', 'resource', 'trust', 'key']) expect([...allowGates], `allows from ${g}`).toContain(g);
  });

  it('the generator reaches the service rules and the keys AWS always sets (issue 15)', () => {
    const seen = new Map<string, number>();
    const count = (k: string): void => void seen.set(k, (seen.get(k) ?? 0) + 1);
    for (const [raw, requests] of fc.sample(fc.tuple(scenario, fc.array(request, { minLength: 3, maxLength: 3 })), { numRuns: 600, seed: 7 })) {
      const model = build(raw);
      for (const req of requests) {
        const d = referenceEvaluate(model, req);
        if (/needs no permission/.test(d.reason ?? '')) count('sts-free');
        if (/long-term credentials|root user cannot assume/.test(d.reason ?? '')) count('sts-refused');
        if (/KMS key of another account/.test(d.reason ?? '')) count('kms-cross-account');
        for (const k of d.assumed ?? []) count(k);
        if (d.context['iam:ResourceTag/team'] !== undefined) count('iam:ResourceTag');
        if (d.explain.some((g) => g.gate === 'rcp' && g.result === 'not-applicable' && /do not apply to/.test(g.why))) count('rcp-service');
      }
    }
    for (const k of ['sts-free', 'sts-refused', 'kms-cross-account', 'aws:RequestedRegion', 'aws:SecureTransport', 'aws:ViaAWSService', 'aws:TokenIssueTime', 'aws:MultiFactorAuthPresent', 'iam:ResourceTag', 'rcp-service'])
      expect(seen.get(k) ?? 0, `${k} in ${JSON.stringify([...seen])}`).toBeGreaterThan(0);
  });

  it('on 2000 random worlds', () => {
    fc.assert(
      fc.property(scenario, fc.array(request, { minLength: 1, maxLength: 3 }), (raw, requests) => {
        const model = build(raw);
        if (knownDisagreement(raw) !== undefined) return;
        for (const req of requests) {
          const want = referenceEvaluate(model, req);
          const got = evaluate(model, req);
          if (knownRequestDisagreement(req, want, got) !== undefined) continue;
          const where = `request ${JSON.stringify(req)}\nreference: ${want.decision} [${keys(want.decisive).join(', ')}] ${want.explain.map((g) => `${g.gate}=${g.result}`).join(' ')}\nengine: ${got.decision} [${keys(got.decisive).join(', ')}] ${got.explain.map((g) => `${g.gate}=${g.result}`).join(' ')}`;
          expect(got.decision, where).toBe(want.decision);
          if (want.decision === 'explicitly-denied') expect(keys(got.decisive), where).toEqual(keys(want.decisive));
          // the fast path (searches, check, diff) decides alike, and vouches only for clean requests
          expect(authorizeModel(model, req), `fast path: ${where}`).toBe(want.decision);
          const clean = authorizeModelIfClean(model, req);
          if (clean !== undefined) expect([clean, got.errors.filter((e) => e.severity === 'error')], `clean fast path: ${where}`).toEqual([want.decision, []]);
        }
      }),
      { numRuns: Number(process.env['IAM_DIFF_RUNS'] ?? 2000), seed: Number(process.env['IAM_DIFF_SEED'] ?? 20261123) },
    );
  }, 300_000);
});
