// Regression tests for three points where the compiled engine disagreed with the reference and
// the AWS documentation: what makes a bucket policy public for RestrictPublicBuckets, the
// permissions boundary under a trust policy naming the caller, and wildcards within Resource
// ARN segments. Each block cites its page; the differential blocks compare with src/reference.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, compileResourceGlob, globMatch, resourceMatch } from '../src/glob.js';
import { referenceEvaluate } from '../src/reference.js';
import type { Request } from '../src/types.js';
import { A, B, decide, doc, expectDecision, model, type Raw } from './helpers.js';

describe('RestrictPublicBuckets: only conditions fixing a key to values make a grant non-public', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
  const bucket = (Condition: Raw): Raw =>
    model({
      resources: [
        {
          arn: 'arn:aws:s3:::site',
          account: A,
          blockPublicAccess: { restrictPublicBuckets: true },
          policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*', Condition }),
        },
      ],
    });
  const anon: Request = { principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::site/index.html', context: { 'aws:SourceIp': '10.1.2.3', 'aws:SourceVpce': 'vpce-1a2b3c4d' } };
  const cases: [string, Raw, 'allowed' | 'implicitly-denied'][] = [
    ['Null on aws:SourceIp (presence only) stays public', { Null: { 'aws:SourceIp': 'false' } }, 'implicitly-denied'],
    ['IpAddress on a /16 fixes the source', { IpAddress: { 'aws:SourceIp': '10.1.0.0/16' } }, 'allowed'],
    ['IpAddress on a /4 is too wide: public', { IpAddress: { 'aws:SourceIp': '0.0.0.0/4' } }, 'implicitly-denied'],
    ['StringEquals on aws:SourceVpce fixes the endpoint', { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }, 'allowed'],
    ['StringLike with a wildcard on aws:SourceVpce stays public', { StringLike: { 'aws:SourceVpce': 'vpce-*' } }, 'implicitly-denied'],
    ['StringEqualsIfExists does not fix the key', { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }, 'implicitly-denied'],
    ['a negated operator does not fix the key', { StringNotEquals: { 'aws:SourceVpce': 'vpce-other' } }, 'implicitly-denied'],
  ];
  for (const [name, condition, want] of cases)
    it(name, () => {
      const m = bucket(condition);
      expect(referenceEvaluate(m, anon).decision, 'reference').toBe(want);
      const d = expectDecision(m, anon, want);
      if (want === 'implicitly-denied' && name.includes('public')) expect(d.failedGate).toBe('block-public-access');
    });
});

describe('a trust policy naming the caller: the permissions boundary still applies', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
  const roleOps = `arn:aws:iam::${A}:role/ops`;
  const trust = (principal: string): Raw => doc({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' });
  const world = (principal: string, boundary: Raw, identity?: Raw): Raw =>
    model({
      iam: {
        users: [{ name: 'alice', permissionsBoundary: 'B', ...(identity ? { inlinePolicies: { id: identity } } : {}) }],
        roles: [
          { name: 'ops', trustPolicy: trust(principal) },
          { name: 'web', permissionsBoundary: 'B', trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) },
        ],
        policies: [{ name: 'B', document: boundary }],
      },
    });
  const s3Only = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
  const assume = doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' });
  const req = (principal: string): Request => ({ principal, action: 'sts:AssumeRole', resource: roleOps });

  it('a user named directly is stopped by a boundary without sts:AssumeRole', () => {
    const m = world(`arn:aws:iam::${A}:user/alice`, s3Only);
    const d = expectDecision(m, req('user/alice'), 'implicitly-denied');
    expect(d.failedGate).toBe('permissions-boundary');
    expect(d.reason).toContain(`arn:aws:iam::${A}:user/alice`);
    expect(d.reason).toContain('permissions boundary');
    expect(d.reason).not.toContain('trusts the account');
    expect(referenceEvaluate(m, req('user/alice')).failedGate).toBe('permissions-boundary');
  });
  it('a user named directly is allowed when the boundary allows sts:AssumeRole (no identity policy needed)', () => {
    expectDecision(world(`arn:aws:iam::${A}:user/alice`, assume), req('user/alice'), 'allowed');
  });
  it('`Principal: "*"` is limited the same way', () => {
    expectDecision(world('*', s3Only), req('user/alice'), 'implicitly-denied');
    expectDecision(world('*', assume), req('user/alice'), 'allowed');
  });
  it('a role named by its ARN, with neither boundary nor identity policy allowing: the boundary gate, and the reason names the role', () => {
    const roleWeb = `arn:aws:iam::${A}:role/web`;
    const m = world(roleWeb, s3Only);
    const r: Request = { principal: 'role/web', action: 'sts:AssumeRole', resource: roleOps };
    const d = expectDecision(m, r, 'implicitly-denied');
    const ref = referenceEvaluate(m, r);
    expect(ref.decision).toBe('implicitly-denied');
    expect(d.failedGate).toBe(ref.failedGate);
    expect(d.failedGate).toBe('permissions-boundary');
    expect(d.reason).not.toContain('trusts the account');
    expect(d.reason).toContain(`the role \`${roleWeb}\``);
    expect(d.reason).toContain('no identity-based policy');
  });
  it('a trust policy naming the account still delegates to IAM policies and says so', () => {
    const m = world(`arn:aws:iam::${A}:root`, assume);
    const d = expectDecision(m, req('user/alice'), 'implicitly-denied');
    expect(d.failedGate).toBe('identity');
    expect(d.reason).toContain('trusts the account');
    expectDecision(world(`arn:aws:iam::${A}:root`, assume, assume), req('user/alice'), 'allowed');
  });
  it('a key policy naming the user directly is not limited by the boundary', () => {
    // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
    const m = model({
      iam: { users: [{ name: 'alice', permissionsBoundary: 'B' }], policies: [{ name: 'B', document: s3Only }] },
      resources: [{ arn: `arn:aws:kms:us-east-1:${A}:key/k1`, account: A, policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'kms:*', Resource: '*' }) }],
    });
    const r: Request = { principal: 'user/alice', action: 'kms:Decrypt', resource: `arn:aws:kms:us-east-1:${A}:key/k1` };
    expect(referenceEvaluate(m, r).decision).toBe('allowed');
    expectDecision(m, r, 'allowed');
  });
  it('cross-account: a trust policy naming the user still needs the identity side', () => {
    const m = model({
      accounts: [{ id: B }],
      iam: { users: [{ name: 'bob', account: B }], roles: [{ name: 'ops', trustPolicy: trust(`arn:aws:iam::${B}:user/bob`) }] },
    });
    const r: Request = { principal: `arn:aws:iam::${B}:user/bob`, action: 'sts:AssumeRole', resource: roleOps };
    expect(referenceEvaluate(m, r).decision).toBe('implicitly-denied');
    expect(decide(m, r).failedGate).toBe('identity');
  });
});

describe('Resource patterns: wildcards stay within an ARN segment unless a `*` ends it', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
  const m = (p: string, t: string): boolean => resourceMatch(compileResourceGlob(p), t);
  it.each([
    ['arn:aws:sqs:us-*1:queue', 'arn:aws:sqs:us-east-1:111111111111:queue', false],
    ['arn:aws:sqs:us-*1:*:queue', 'arn:aws:sqs:us-east-1:111111111111:queue', true],
    ['arn:aws:sqs:us-*:queue', 'arn:aws:sqs:us-east-1:111111111111:queue', true],
    ['arn:aws:sqs:*', 'arn:aws:sqs:us-east-1:111111111111:queue', true],
    ['*', 'arn:aws:sqs:us-east-1:111111111111:queue', true],
    ['*', '', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/k:with:colons', true],
    ['arn:aws:s3:::b/*/x', 'arn:aws:s3:::b/a/b/x', true],
    ['arn:aws:s3:::b/*/x', 'arn:aws:s3:::b/a:b/x', false],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/k', true],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/:', false],
    ['arn:aws:s3:::b?k', 'arn:aws:s3:::b/k', true],
    ['arn:aws:logs:*:*:log-group:g*x', 'arn:aws:logs:us-east-1:1:log-group:gx', true],
    ['arn:aws:logs:*:*:log-group:g*x', 'arn:aws:logs:us-east-1:1:log-group:g:x', false],
    ['a*:b*:c', 'a1:x:y:b2:z:c', true],
    ['a*:b*:c', 'a1:x:y:b2:z:d', false],
    ['a*:b:c*', 'a:b:c', true],
    ['a*:b:c*', 'a:q:b:c:r:s', true],
    ['a*:b:c*', 'a:q:b:d:c', false],
    ['a:b', 'a:b:c', false],
    ['a::b', 'a::b', true],
    ['a*b', 'a:b', false],
    ['a**:b', 'ax:y:b', true],
  ])('%s ~ %s = %s', (p, t, want) => expect(m(p, t)).toBe(want));

  it('the compiled engine agrees with the reference on random Resource patterns', () => {
    const chars = fc.constantFrom('a', 'b', ':', '*', '?', '/');
    const pattern = fc.array(chars, { maxLength: 9 }).map((cs) => `arn:aws:sqs:${cs.join('')}`);
    const text = fc.array(fc.constantFrom('a', 'b', ':', '/'), { maxLength: 9 }).map((cs) => `arn:aws:sqs:${cs.join('')}`);
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        const w = model({ iam: { users: [{ name: 'alice', inlinePolicies: { P: doc({ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: p }) } }] } });
        const r: Request = { principal: 'user/alice', action: 'sqs:SendMessage', resource: t };
        const want = referenceEvaluate(w, r).decision;
        expect(decide(w, r).decision, `${p} ~ ${t}`).toBe(want);
        expect(m(p, t), `${p} ~ ${t}`).toBe(want === 'allowed');
      }),
      { numRuns: 400, seed: 20261123 },
    );
  });

  it('policy variables: substituted text is literal, and its colons split segments', () => {
    const w = model({ iam: { users: [{ name: 'alice', inlinePolicies: { P: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/${aws:username}/?*' }) } }] } });
    expectDecision(w, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/alice/k' }, 'allowed');
    expectDecision(w, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/alice/:k' }, 'implicitly-denied');
    expectDecision(w, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/bob/k' }, 'implicitly-denied');
  });

  it('actions and StringLike keep plain glob matching (`*` across colons)', () => {
    expect(globMatch(compileGlob('a*b'), 'a:b')).toBe(true);
  });

  // Their speed is measured in bench/hostile.bench.mjs (no wall-clock assertions in tests).
  it('hostile Resource patterns give the right answer', () => {
    // sizes at the limits of a managed policy (6,144 characters); the segment-confined ones
    // (`?`, or a `*` inside a segment) cost at most (segments x block length) segment tests
    const cases: [string, string][] = [
      [`${'a*'.repeat(3000)}b`, 'a'.repeat(10000)],
      [`*:${'?:'.repeat(1500)}b*:x`, `${'a:'.repeat(3000)}x`],
      [`*:${'a?:'.repeat(1000)}b*:x`, `${'ab:'.repeat(3000)}x`],
      [`${'a*:'.repeat(2000)}b`, `${'a:'.repeat(5000)}c`],
      [`*${'?a'.repeat(2500)}*b`, `${'a:'.repeat(5000)}`],
    ];
    for (const [p, t] of cases) {
      const g = compileResourceGlob(p);
      expect(resourceMatch(g, t), p.slice(0, 20)).toBe(false);
    }
  });
});
