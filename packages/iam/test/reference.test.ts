// Sanity tests of the literal reference evaluator itself (the data-driven cases test its
// decisions at length; these check its shape: errors, explanations, context, robustness).
import { compile, type Model } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { referenceEvaluate } from '../src/reference.js';

function model(raw: Record<string, unknown>): Model {
  const r = compile({ version: 1, defaults: { account: '111111111111', region: 'us-east-1' }, ...raw });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.model;
}

const alice = (statements: unknown[], extra: Record<string, unknown> = {}): Model =>
  model({ iam: { users: [{ name: 'alice', tags: { team: 'blue' }, inlinePolicies: { P: { Version: '2012-10-17', Statement: statements } }, ...extra }] } });

describe('referenceEvaluate', () => {
  it('reports an unparsable principal as an error and never allows', () => {
    const d = referenceEvaluate(alice([{ Effect: 'Allow', Action: '*', Resource: '*' }]), { principal: 'nobody@example', action: 's3:GetObject' });
    expect(d.decision).toBe('implicitly-denied');
    expect(d.errors.map((e) => e.code)).toEqual(['invalid-principal']);
  });

  it('reports an undeclared user as an error and judges it without policies', () => {
    const m = model({ resources: [{ arn: 'arn:aws:s3:::pub', account: '111111111111', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::pub/*' }] } }] });
    const d = referenceEvaluate(m, { principal: 'user/ghost', action: 's3:PutObject', resource: 'arn:aws:s3:::pub/x' });
    expect(d.decision).toBe('implicitly-denied');
    expect(d.errors.map((e) => e.code)).toEqual(['unknown-principal']);
  });

  it('reports a malformed action as an error', () => {
    const d = referenceEvaluate(alice([{ Effect: 'Allow', Action: '*', Resource: '*' }]), { principal: 'user/alice', action: 'GetObject' });
    expect(d.decision).toBe('implicitly-denied');
    expect(d.errors.map((e) => e.code)).toEqual(['invalid-action']);
  });

  it('reports a malformed endpoint policy and does not allow through it', () => {
    const d = referenceEvaluate(alice([{ Effect: 'Allow', Action: '*', Resource: '*' }]), { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', endpoint: { id: 'vpce-1', policy: { nope: true } } });
    expect(d.decision).toBe('implicitly-denied');
    expect(d.errors.map((e) => e.code)).toEqual(['invalid-policy']);
  });

  it('names the principal ARN and derives global condition keys', () => {
    const d = referenceEvaluate(alice([{ Effect: 'Allow', Action: '*', Resource: '*' }]), { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SourceIp': '10.0.0.1' } });
    expect(d.principal).toBe('arn:aws:iam::111111111111:user/alice');
    expect(d.context).toMatchObject({
      'aws:PrincipalArn': 'arn:aws:iam::111111111111:user/alice',
      'aws:PrincipalAccount': '111111111111',
      'aws:username': 'alice',
      'aws:PrincipalTag/team': 'blue',
      'aws:ResourceAccount': '111111111111',
      'aws:SourceIp': '10.0.0.1',
    });
    expect(typeof d.context['aws:CurrentTime']).toBe('string');
  });

  it('lets a given context key override a derived one, whatever its case', () => {
    const m = alice([{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:username': 'bob' } } }]);
    expect(referenceEvaluate(m, { principal: 'user/alice', action: 's3:GetObject' }).decision).toBe('implicitly-denied');
    expect(referenceEvaluate(m, { principal: 'user/alice', action: 's3:GetObject', context: { 'AWS:UserName': 'bob' } }).decision).toBe('allowed');
  });

  it('lists every matching deny as decisive and explains the gate', () => {
    const m = alice([
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Sid: 'A', Effect: 'Deny', Action: 's3:*', Resource: '*' },
      { Sid: 'B', Effect: 'Deny', Action: 's3:Delete*', Resource: '*' },
      { Sid: 'C', Effect: 'Deny', Action: 'ec2:*', Resource: '*' },
    ]);
    const d = referenceEvaluate(m, { principal: 'user/alice', action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k' });
    expect(d.decision).toBe('explicitly-denied');
    expect(d.decisive.map((s) => [s.policyType, s.statement, s.sid, s.effect])).toEqual([
      ['identity', 1, 'A', 'Deny'],
      ['identity', 2, 'B', 'Deny'],
    ]);
    const gate = d.explain.find((g) => g.gate === 'identity');
    expect(gate?.result).toBe('deny');
    expect(gate?.statements.filter((s) => s.matched).map((s) => s.statement)).toEqual([0, 1, 2]);
    expect(gate?.statements.find((s) => s.statement === 3)?.failed).toBe('Action');
  });

  it('names the allow statements that granted', () => {
    const d = referenceEvaluate(alice([{ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }, { Effect: 'Allow', Action: 'ec2:*', Resource: '*' }]), { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
    expect(d.decision).toBe('allowed');
    expect(d.decisive.map((s) => [s.policy, s.statement])).toEqual([['user/alice inline:P', 0]]);
  });

  it('explains an implicit deny by the gate that did not allow', () => {
    const d = referenceEvaluate(alice([{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }]), { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
    expect(d.decision).toBe('implicitly-denied');
    expect(d.decisive).toEqual([]);
    expect(d.explain.find((g) => g.gate === 'identity')?.result).toBe('no-allow');
    expect(d.failedGate).toBe('identity');
    expect(d.reason).toContain('s3:GetObject');
  });

  it('names Block Public Access as the gate that stopped a cancelled public grant', () => {
    const m = model({ resources: [{ arn: 'arn:aws:s3:::site', account: '111111111111', blockPublicAccess: { restrictPublicBuckets: true }, policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }] } }] });
    const d = referenceEvaluate(m, { principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::site/index.html' });
    expect(d.decision).toBe('implicitly-denied');
    expect(d.failedGate).toBe('block-public-access');
  });

  it('names the permissions boundary when it is what stopped the request', () => {
    const m = model({ iam: { users: [{ name: 'alice', permissionsBoundary: 'B', inlinePolicies: { P: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } }], policies: [{ name: 'B', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] } }] } });
    const d = referenceEvaluate(m, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
    expect(d.decision).toBe('implicitly-denied');
    expect(d.failedGate).toBe('permissions-boundary');
  });

  it('matches hostile wildcard patterns (timed in bench/hostile.bench.mjs)', () => {
    const pattern = `arn:aws:s3:::${'*a'.repeat(200)}b`;
    const m = alice([{ Effect: 'Allow', Action: `s3:${'*G'.repeat(100)}x`, Resource: pattern, Condition: { StringLike: { 'custom:k': '*a'.repeat(200) + 'b' } } }]);
    const d = referenceEvaluate(m, { principal: 'user/alice', action: `s3:${'G'.repeat(300)}`, resource: `arn:aws:s3:::${'a'.repeat(2000)}`, context: { 'custom:k': 'a'.repeat(2000) } });
    expect(d.decision).toBe('implicitly-denied');
  });

  it('does not treat regular-expression characters in patterns specially', () => {
    const m = alice([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/(a|b).+[x]' }]);
    expect(referenceEvaluate(m, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/(a|b).+[x]' }).decision).toBe('allowed');
    expect(referenceEvaluate(m, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/a.+[x]' }).decision).toBe('implicitly-denied');
  });

  it('reports an unknown condition operator in an endpoint policy and never matches that statement', () => {
    const d = referenceEvaluate(alice([{ Effect: 'Allow', Action: '*', Resource: '*' }]), {
      principal: 'user/alice',
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::b/k',
      endpoint: { id: 'vpce-1', policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEqualz: { 'aws:username': 'alice' } } }] } },
    });
    expect(d.decision).toBe('implicitly-denied');
    expect(d.errors.map((e) => e.code)).toEqual(['unknown-condition-operator']);
  });

  it('treats a bare role as a session of the role, with the role ARN as aws:PrincipalArn', () => {
    const m = model({ iam: { roles: [{ name: 'app', path: '/svc/', inlinePolicies: { R: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } } }] } });
    const d = referenceEvaluate(m, { principal: 'arn:aws:sts::111111111111:assumed-role/app/s1', action: 'ec2:RunInstances' });
    expect(d.decision).toBe('allowed');
    expect(d.context['aws:PrincipalArn']).toBe('arn:aws:iam::111111111111:role/svc/app');
    expect(d.context['aws:userid']).toBe('app:s1');
  });
});
