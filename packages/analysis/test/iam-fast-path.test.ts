// IAM property searches and the IAM half of `diff` decide every case with the compiled fast path
// and explain only what they show: the counterexample, the requests whose decision changed.
// Counted, not timed: the full evaluation (`evaluate`) is counted through the iam module.
import { compile, type Model } from '@vpcsim/model';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const counts = vi.hoisted(() => ({ evaluate: 0 }));
vi.mock('@vpcsim/iam', async (importOriginal) => {
  const real = await importOriginal<typeof import('@vpcsim/iam')>();
  return { ...real, evaluate: (...args: Parameters<typeof real.evaluate>) => (counts.evaluate++, real.evaluate(...args)) };
});

const { checkPropertyWith, diffScenarios } = await import('../src/index.js');
const { defaultEngines } = await import('../src/default-engines.js');

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
function scenario(deleteEffect: 'Allow' | 'Deny'): Model {
  const r = compile({
    version: 1,
    defaults: { account: '111111111111', region: 'us-east-1' },
    iam: {
      users: [
        { name: 'alice', inlinePolicies: { Read: doc({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: '*' }) } },
        { name: 'bob', inlinePolicies: { Ops: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: deleteEffect, Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::logs/*' }) } },
      ],
    },
    resources: [{ arn: 'arn:aws:s3:::logs' }, { arn: 'arn:aws:s3:::data' }],
  });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.model;
}

beforeEach(() => {
  counts.evaluate = 0;
});

describe('IAM properties', () => {
  const m = scenario('Deny');

  it('a property that holds is decided without one explanation', () => {
    const r = checkPropertyWith(defaultEngines, m, { name: 'alice writes nothing', forall: { principal: '*', action: ['s3:DeleteObject', 's3:PutObject'], resource: ['arn:aws:s3:::logs/*', 'arn:aws:s3:::data/*'] }, except: ['user/bob'], decision: 'denied' } as never);
    expect(r.passed).toBe(true);
    expect(r.stats!.cases).toBeGreaterThanOrEqual(4);
    expect(counts.evaluate).toBe(0);
  });

  it('a counterexample is the only request explained, with its full Decision', () => {
    const r = checkPropertyWith(defaultEngines, m, { name: 'nobody writes', forall: { principal: '*', action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], resource: ['arn:aws:s3:::logs/*', 'arn:aws:s3:::data/*'] }, decision: 'denied' } as never);
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ principal: 'user/alice', action: 's3:GetObject' });
    expect(r.decision?.decisive.length).toBeGreaterThan(0);
    expect(counts.evaluate).toBe(1);
  });

  it('errors are never hidden by the fast path: an undeclared principal is judged in full and fails', () => {
    const r = checkPropertyWith(defaultEngines, m, { name: 'carol reads nothing', forall: { principal: 'user/carol', action: 's3:GetObject', resource: 'arn:aws:s3:::data/*' }, decision: 'denied' } as never);
    expect(r.passed).toBe(false);
    expect(r.errors.map((e) => e.code)).toContain('unknown-principal');
  });
});

describe('diff, IAM half', () => {
  it('two identical versions: no change, and not one explanation', () => {
    // the access diff compares the cells the changed statements cover: none here
    const d = diffScenarios(scenario('Deny'), scenario('Deny'));
    expect(d.iam.changed).toEqual([]);
    expect(d.iam.newAccess).toBe(false);
    expect(counts.evaluate).toBe(0);
  });

  it('only the requests whose decision changed are explained, on both sides', () => {
    const d = diffScenarios(scenario('Deny'), scenario('Allow'));
    expect(d.iam.changed.length).toBeGreaterThan(0);
    for (const c of d.iam.changed) {
      expect(c).toMatchObject({ principal: 'user/bob', action: 's3:DeleteObject', before: { decision: 'explicitly-denied' }, after: { decision: 'allowed' } });
      expect(c.before.decisive.length).toBeGreaterThan(0);
    }
    expect(counts.evaluate).toBe(2 * d.iam.changed.length);
  });
});
