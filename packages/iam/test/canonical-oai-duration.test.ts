// Three points where a guess would be easy and wrong:
// - CanonicalUser principals (S3 canonical ids) cannot be resolved from a scenario: a statement
//   that only they could make apply is reported as not implemented; a Deny among them blocks an
//   allow, an Allow among them never grants.
// - CloudFront origin access identities are principals of their own, named by their ARN.
// - sts:AssumeRole with a DurationSeconds outside 900..maxSessionDuration (one hour when
//   chaining roles) fails before any policy is read.
// Each case is checked on the compiled engine and the literal reference.
import { describe, expect, it } from 'vitest';
import { referenceEvaluate } from '../src/reference.js';
import type { Decision, Request } from '../src/types.js';
import { A, B, doc, expectDecision, model, type Raw } from './helpers.js';

const both = (m: ReturnType<typeof model>, req: Request, want: Decision['decision']): Decision => {
  expect(referenceEvaluate(m, req).decision, 'reference').toBe(want);
  return expectDecision(m, req, want);
};

const CANONICAL = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const OAI = 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL';

describe('CanonicalUser principals: reported, never guessed', () => {
  const world = (statements: Raw[], identity = true): ReturnType<typeof model> =>
    model({
      iam: { roles: [{ name: 'app', inlinePolicies: identity ? { Read: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) } : {} }] },
      resources: [{ arn: 'arn:aws:s3:::data', account: A, policy: doc(...statements) }],
    });
  const get: Request = { principal: 'role/app', action: 's3:GetObject', resource: 'arn:aws:s3:::data/a.csv' };

  it('a Deny naming only a CanonicalUser blocks an allow the identity policy would give, with a not-implemented error', () => {
    const m = world([{ Sid: 'DenyCanon', Effect: 'Deny', Principal: { CanonicalUser: CANONICAL }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }]);
    const d = both(m, get, 'implicitly-denied');
    expect(d.errors.map((e) => e.code)).toEqual(['not-implemented']);
    expect(d.errors[0]!.message).toContain('(DenyCanon)');
    expect(d.errors[0]!.message).toContain('might deny');
    expect(d.failedGate).toBe('resource');
    expect(d.reason).toContain('CanonicalUser');
    expect(referenceEvaluate(m, get).errors.map((e) => e.code)).toEqual(['not-implemented']);
    const st = d.explain.find((g) => g.gate === 'resource')!.statements[0]!;
    expect(st).toMatchObject({ matched: false, failed: 'Principal' });
    expect(st.why).toContain('canonical user ids are not implemented');
  });

  it('the same Deny on another action does not concern the request: allowed, no error', () => {
    const m = world([{ Effect: 'Deny', Principal: { CanonicalUser: CANONICAL }, Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::data/*' }]);
    const d = both(m, get, 'allowed');
    expect(d.errors).toEqual([]);
  });

  it('a Deny naming only a CanonicalUser whose condition fails does not concern the request', () => {
    const m = world([{ Effect: 'Deny', Principal: { CanonicalUser: CANONICAL }, Action: 's3:GetObject', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }]);
    const d = both(m, { ...get, context: { 'aws:SecureTransport': true } }, 'allowed');
    expect(d.errors).toEqual([]);
  });

  it('an Allow naming only a CanonicalUser never grants: implicitly denied, reported as possibly allowing', () => {
    const m = world([{ Effect: 'Allow', Principal: { CanonicalUser: CANONICAL }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }], false);
    const d = both(m, get, 'implicitly-denied');
    expect(d.errors.map((e) => e.code)).toEqual(['not-implemented']);
    expect(d.errors[0]!.message).toContain('might allow');
    expect(referenceEvaluate(m, get).errors.map((e) => e.code)).toEqual(['not-implemented']);
  });

  it('an Allow naming only a CanonicalUser does not spoil an allow given elsewhere', () => {
    const m = world([{ Effect: 'Allow', Principal: { CanonicalUser: CANONICAL }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' }]);
    const d = both(m, get, 'allowed');
    expect(d.errors).toEqual([]);
  });

  it('a statement naming the caller by ARN as well as a CanonicalUser applies as usual', () => {
    const m = world([{ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${A}:role/app`, CanonicalUser: CANONICAL }, Action: 's3:GetObject', Resource: '*' }]);
    const d = both(m, get, 'explicitly-denied');
    expect(d.errors).toEqual([]);
  });

  it('an explicit deny elsewhere is not made uncertain by a CanonicalUser Deny', () => {
    const m = world([
      { Effect: 'Deny', Principal: { CanonicalUser: CANONICAL }, Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' },
    ]);
    const d = both(m, get, 'explicitly-denied');
    expect(d.errors).toEqual([]);
  });

  it('the fast path agrees (never allowed)', async () => {
    const { compileIam, authorize } = await import('../src/index.js');
    const m = world([{ Effect: 'Deny', Principal: { CanonicalUser: CANONICAL }, Action: 's3:GetObject', Resource: '*' }]);
    expect(authorize(compileIam(m), get)).toBe('implicitly-denied');
  });
});

describe('CloudFront origin access identities', () => {
  // https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
  const m = model({
    iam: { roles: [{ name: 'app' }] },
    organization: { id: 'o-a1b2c3d4e5', managementAccount: B, root: { policies: ['FullAWSAccess', 'deny-all'], accounts: [A] }, policies: [{ name: 'deny-all', type: 'scp', document: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) }] },
    resources: [{ arn: 'arn:aws:s3:::site', account: A, policy: doc({ Sid: 'OAI', Effect: 'Allow', Principal: { AWS: OAI }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }) }],
  });
  const get = (principal: string, resource = 'arn:aws:s3:::site/index.html'): Request => ({ principal, action: 's3:GetObject', resource });

  it('the OAI named by ARN in the bucket policy may read (SCPs do not apply to it)', () => {
    const d = both(m, get(OAI), 'allowed');
    expect(d.principal).toBe(OAI);
    expect(d.decisive).toMatchObject([{ sid: 'OAI', policyType: 'resource' }]);
    expect(d.explain.find((g) => g.gate === 'scp')).toMatchObject({ result: 'not-applicable' });
  });

  it('the short form cloudfront-oai/ID is the same principal', () => {
    const d = both(m, get('cloudfront-oai/E2QWRUHAPOMQZL'), 'allowed');
    expect(d.principal).toBe(OAI);
  });

  it('another OAI, anonymous callers and the account role are implicitly denied', () => {
    both(m, get('cloudfront-oai/E1OTHEROAI'), 'implicitly-denied');
    both(m, get('anonymous'), 'implicitly-denied');
    expect(both(m, get('role/app'), 'explicitly-denied').failedGate).toBe('scp');
  });

  it('the OAI may only do what the statement names', () => {
    both(m, { principal: OAI, action: 's3:PutObject', resource: 'arn:aws:s3:::site/index.html' }, 'implicitly-denied');
    both(m, get(OAI, 'arn:aws:s3:::other/index.html'), 'implicitly-denied');
  });

  it('NotPrincipal listing the OAI excludes it, and only it', () => {
    const n = model({
      resources: [
        {
          arn: 'arn:aws:s3:::site',
          account: A,
          policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', NotPrincipal: { AWS: OAI }, Action: 's3:GetObject', Resource: '*' }),
        },
      ],
    });
    both(n, get(OAI), 'allowed');
    both(n, get('cloudfront-oai/E1OTHEROAI'), 'explicitly-denied');
  });
});

describe('sts:AssumeRole DurationSeconds', () => {
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
  const trust = doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' });
  const m = model({
    iam: {
      users: [{ name: 'alice', inlinePolicies: { Assume: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) } }],
      roles: [
        { name: 'short', trustPolicy: trust },
        { name: 'long', trustPolicy: trust, maxSessionDuration: 14400 },
        { name: 'hop', trustPolicy: trust, inlinePolicies: { Assume: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) } },
      ],
    },
  });
  const assume = (role: string, seconds: unknown, principal = 'user/alice'): Request => ({
    principal,
    action: 'sts:AssumeRole',
    resource: `arn:aws:iam::${A}:role/${role}`,
    ...(seconds === undefined ? {} : { context: { 'sts:DurationSeconds': seconds as number } }),
  });
  const cases: [string, Request, Decision['decision']][] = [
    ['no DurationSeconds: the one-hour default', assume('short', undefined), 'allowed'],
    ['900 seconds is the minimum', assume('short', 900), 'allowed'],
    ['899 seconds is too short', assume('short', 899), 'implicitly-denied'],
    ['3600 on a role without maxSessionDuration', assume('short', 3600), 'allowed'],
    ['3601 on a role without maxSessionDuration', assume('short', 3601), 'implicitly-denied'],
    ['14400 on a role whose maximum is 14400', assume('long', 14400), 'allowed'],
    ['14401 on a role whose maximum is 14400', assume('long', 14401), 'implicitly-denied'],
    ['a numeric string counts', assume('long', '7200'), 'allowed'],
    ['not a number', assume('short', 'an hour'), 'implicitly-denied'],
    ['role chaining: a session asking for 7200 s fails even if the role allows 4 h', assume('long', 7200, 'role/hop/s1'), 'implicitly-denied'],
    ['role chaining: 3600 s is fine', assume('long', 3600, 'role/hop/s1'), 'allowed'],
  ];
  for (const [name, req, want] of cases)
    it(name, () => {
      const d = both(m, req, want);
      if (want === 'implicitly-denied') {
        expect(d.errors.map((e) => e.code)).toEqual(['invalid-request']);
        expect(d.failedGate).toBe('trust');
        expect(referenceEvaluate(m, req).errors.map((e) => e.code)).toEqual(['invalid-request']);
      } else expect(d.errors).toEqual([]);
    });

  it('says which limit was exceeded', () => {
    const d = expectDecision(m, assume('short', 7200), 'implicitly-denied');
    expect(d.reason).toBe('sts:DurationSeconds 7200 exceeds the maximum session duration of role `short` (3600 s, the default): the AssumeRole call fails validation before any policy is read');
    expect(d.errors[0]!.hint).toContain('maxSessionDuration');
  });

  it('does not concern other actions', () => {
    both(m, { principal: 'user/alice', action: 'sts:TagSession', resource: `arn:aws:iam::${A}:role/short`, context: { 'sts:DurationSeconds': 99999 } }, 'implicitly-denied');
    const d = expectDecision(m, { principal: 'user/alice', action: 'sts:TagSession', resource: `arn:aws:iam::${A}:role/short`, context: { 'sts:DurationSeconds': 99999 } }, 'implicitly-denied');
    expect(d.errors).toEqual([]);
  });
});
