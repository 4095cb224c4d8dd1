// `check` decides IAM expectations with the fast path and explains only what is shown: a passing
// expectation carries no Decision (its explanation is computed when asked), a failing one carries
// the full Decision. Counted, not timed: the explanation runs once per failure.
import { compile } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { defaultEngines } from '../src/default-engines.js';
import { checkScenarioWith, type Engines } from '../src/index.js';

const scenario = {
  version: 1,
  defaults: { account: '111111111111', region: 'us-east-1' },
  iam: { users: [{ name: 'alice', inlinePolicies: { P: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } } }] },
  expect: [
    { name: 'reads', request: { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, decision: 'allowed' },
    { name: 'no delete', request: { principal: 'user/alice', action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k' }, decision: 'denied' },
    { name: 'wrong on purpose', request: { principal: 'user/alice', action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' }, decision: 'allowed' },
    { name: 'unknown user', request: { principal: 'user/bob', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, decision: 'denied' },
    { name: 'typo', request: { principal: 'user/alice', action: 's3:DeleteObjekt', resource: 'arn:aws:s3:::b/k' }, decision: 'denied' },
  ],
};

describe('a fast check', () => {
  const r = compile(scenario);
  if (!r.ok) throw new Error('scenario does not compile');
  let explained = 0;
  const engines: Engines = { ...defaultEngines, evaluate: (m, q) => (explained++, defaultEngines.evaluate(m, q)) };
  const results = checkScenarioWith(engines, r.model);
  const by = (n: string) => results.find((x) => x.name === n)!;

  it('passing expectations are decided without an explanation, which is computed on demand', () => {
    expect(by('reads')).toMatchObject({ passed: true, actual: { decision: 'allowed' } });
    expect(by('reads').decision).toBeUndefined();
    expect(by('no delete').passed).toBe(true);
    expect(by('reads').explainDecision!().decisive[0]).toMatchObject({ statement: 0, effect: 'Allow' });
  });

  it('a failure is explained; errors are never hidden by the fast path', () => {
    expect(by('wrong on purpose')).toMatchObject({ passed: false, actual: { decision: 'implicitly-denied' } });
    expect(by('wrong on purpose').decision?.explain.length).toBeGreaterThan(0);
    // an undeclared principal is denied, but its error fails the expectation
    expect(by('unknown user').passed).toBe(false);
    expect(by('unknown user').errors.map((e) => e.code)).toContain('unknown-principal');
    // an action AWS does not have: an error, not a denial
    expect(by('typo').passed).toBe(false);
    expect(by('typo').errors[0]).toMatchObject({ code: 'unknown-action', hint: 'did you mean `s3:DeleteObject`?' });
  });

  it('the full explanation ran only for the failures (and the one asked for)', () => {
    // 'wrong on purpose' and 'unknown user' went to evaluate; 'typo' stopped at the catalogue
    expect(explained).toBe(3);
  });
});

// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
describe('IAM property spaces expand wildcards against the catalogue', () => {
  it('an action only a policy wildcard names is tried: s3:Delete* finds s3:DeleteObjectVersion', async () => {
    const { iamSpace } = await import('../src/iam-space.js');
    const r = compile({
      version: 1,
      defaults: { account: '111111111111', region: 'us-east-1' },
      iam: { users: [{ name: 'alice', inlinePolicies: { P: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] } } }] },
    });
    if (!r.ok) throw new Error('scenario does not compile');
    const space = iamSpace(r.model, { name: 'p', forall: { principal: 'user/alice', action: 's3:Delete*' }, decision: 'denied' } as never);
    expect(space.actions).toContain('s3:DeleteObjectVersion');
    expect(space.actions).toContain('s3:DeleteBucket');
    expect(space.errors).toEqual([]);
  });
});
