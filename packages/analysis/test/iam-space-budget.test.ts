// IAM property spaces within a budget (issue 18): every combination of condition-key values
// used to be built up front (16 keys x 2 values: 43 million contexts, 4.5 GB, V8 out of
// memory). Past CONTEXTS_LISTED the contexts are computed from their index as the search reads
// them; a space too large to count is an error that says so (the check exits 2).
import { compile, type Model } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { checkScenario } from '../src/index.js';
import { CONTEXTS_LISTED, iamSpace } from '../src/iam-space.js';

function scenario(keys: number, values: number, decision: 'allowed' | 'denied'): Model {
  const cond: Record<string, string[]> = {};
  for (let k = 0; k < keys; k++) cond[`aws:RequestTag/k${k}`] = Array.from({ length: values }, (_, v) => `v${k}-${v}`);
  const r = compile({
    version: 1,
    defaults: { account: '111111111111' },
    iam: { users: [{ name: 'alice', inlinePolicies: { p: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: cond } }] } } }] },
    properties: [{ name: 'p', forall: { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, decision }],
  });
  if (!r.ok) throw new Error(r.errors[0]!.message);
  return r.model;
}

describe('IAM property spaces', () => {
  it('16 condition keys of 2 values: 43 million contexts, read by index, never built', () => {
    const m = scenario(16, 2, 'denied');
    const s = iamSpace(m, m.scenario.properties![0]!);
    expect(s.errors).toEqual([]);
    expect(s.contexts.length).toBe(3 ** 16);
    expect(s.contexts[0]).toEqual({});
    // the last index: every key at its last value
    expect(Object.keys(s.contexts[3 ** 16 - 1]!)).toHaveLength(16);
    expect(s.contexts[3 ** 16 - 1]!['aws:RequestTag/k15']).toBe('v15-1');
    expect(s.contexts[3 ** 16]).toBeUndefined();
  });
  it('such a property is sampled, and the sample finds the context that breaks it', () => {
    const [r] = checkScenario(scenario(16, 2, 'denied'), {});
    expect(r!.errors).toEqual([]);
    expect(r!.stats!.mode).toBe('sampled');
    expect(r!.passed).toBe(false);
    expect(Object.keys((r!.counterexample as { context: object }).context)).toHaveLength(16);
  });
  it('small spaces are listed, fewest keys first (a proof: every case checked)', () => {
    const m = scenario(3, 2, 'denied');
    const s = iamSpace(m, m.scenario.properties![0]!);
    expect(s.contexts.length).toBe(27);
    expect(s.contexts.length).toBeLessThan(CONTEXTS_LISTED);
    expect(s.contexts.map((c) => Object.keys(c).length)).toEqual([...s.contexts.map((c) => Object.keys(c).length)].sort((a, b) => a - b));
  });
  it('a space too large to count is an error that says so, not a crash', () => {
    const m = scenario(40, 3, 'denied');
    const s = iamSpace(m, m.scenario.properties![0]!);
    expect(s.errors[0]).toMatchObject({ code: 'property-too-large', hint: expect.stringContaining('narrow') });
    const [r] = checkScenario(m, {});
    expect(r!.passed).toBe(false);
    expect(r!.errors[0]!.code).toBe('property-too-large');
  });
});
