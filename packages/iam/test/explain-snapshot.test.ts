// The full Decision of every snapshot case (explain-snapshot-cases.ts) must stay exactly what
// it was when the explanation was optimized: the decision, the decisive statements, every gate
// with every statement examined and its `why`, the errors, the context, the principal and the
// reason. The expected values (explain-snapshot.expected.ts) are explicit data, compared
// strictly (a property set to `undefined` differs from a missing one).
// Deliberate change since: the keys AWS always sets (always-included-keys.test.ts) join the
// context and are listed in `assumed`; they are taken out before the comparison, so that every
// other part of the Decision still must not move.
import { describe, expect, it } from 'vitest';
import { authorize } from '../src/authorize.js';
import { compiledFor, evaluate } from '../src/evaluate.js';
import { EXPECTED } from './explain-snapshot.expected.js';
import { loadCases } from './explain-snapshot-load.js';
import { doc, model } from './helpers.js';
import type { Decision } from '../src/types.js';

/** The Decision without the keys vpcsim assumes (aws:CurrentTime and aws:EpochTime were always there). */
function withoutAssumed(d: Decision): Decision {
  const { assumed, ...rest } = d;
  const context = { ...d.context };
  for (const k of assumed ?? []) if (k !== 'aws:CurrentTime' && k !== 'aws:EpochTime') delete context[k];
  if (d.context['aws:PrincipalAccount'] === 'anonymous') delete context['aws:PrincipalAccount'];
  return { ...rest, context };
}

const cases = loadCases();

describe('the full explanation is unchanged', () => {
  it('every case has an expected Decision, and every expected Decision a case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(cases.map((c) => c.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('the cases reach every outcome, errors, and statements that failed on each element', () => {
    const all = Object.values(EXPECTED);
    for (const k of ['allowed', 'explicitly-denied', 'implicitly-denied'] as const) expect(all.some((d) => d.decision === k), k).toBe(true);
    expect(all.some((d) => d.errors.length > 0)).toBe(true);
    const failed = new Set(all.flatMap((d) => d.explain.flatMap((g) => g.statements.map((s) => s.failed ?? 'matched'))));
    expect([...failed].sort()).toEqual(['Action', 'Condition', 'NotAction', 'NotPrincipal', 'NotResource', 'Principal', 'Resource', 'matched']);
  });

  for (const c of cases)
    it(c.name, () => {
      const want = EXPECTED[c.name];
      expect(want, 'no expected Decision: regenerate only if the case is new').toBeDefined();
      // twice: the second evaluation runs on warm caches
      expect(withoutAssumed(evaluate(c.model, c.request))).toStrictEqual(want);
      expect(withoutAssumed(evaluate(c.model, c.request))).toStrictEqual(want);
      expect(authorize(compiledFor(c.model), c.request)).toBe(want!.decision);
    });
});

describe('statement sentences', () => {
  const statements = doc(
    { Sid: 'One', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } },
    { Sid: 'Two', Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' }, Bool: { 'aws:SecureTransport': 'true' } } },
    { Sid: 'None', Effect: 'Allow', NotAction: 'iam:*', NotResource: 'arn:aws:s3:::secret/*' },
  );
  const m = model({ iam: { users: [{ name: 'alice', inlinePolicies: { P: statements } }] } });
  const whys = (context: Record<string, string>): string[] => evaluate(m, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context }).explain.find((g) => g.gate === 'identity')!.statements.map((s) => s.why);

  it('one condition holds; two conditions hold', () => {
    expect(whys({ 'aws:SourceVpc': 'vpc-1', 'aws:SecureTransport': 'true' })).toEqual([
      'matches: Action `s3:GetObject`; Resource `*`; 1 condition holds',
      'matches: Action `s3:GetObject`; Resource `*`; 2 conditions hold',
      'matches: NotAction `iam:*` leaves `s3:GetObject`; NotResource `arn:aws:s3:::secret/*` leaves `arn:aws:s3:::b/k`',
    ]);
  });

  it('the request values appear in the sentences of statements that do not match', () => {
    expect(whys({ 'aws:SourceVpc': 'vpc-2' })).toEqual([
      'matches: NotAction `iam:*` leaves `s3:GetObject`; NotResource `arn:aws:s3:::secret/*` leaves `arn:aws:s3:::b/k`',
      'condition StringEquals aws:SourceVpc: request value `vpc-2` does not match `vpc-1`',
      'condition StringEquals aws:SourceVpc: request value `vpc-2` does not match `vpc-1`',
    ]);
  });
});
