// Principal and NotPrincipal matching in resource-based policies.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
import { describe, expect, it } from 'vitest';
import { compilePrincipal, notPrincipalApplies, principalStrength, Strength, type PrincipalIdentity } from '../src/principal.js';
import { A, B, doc, expectDecision, model } from './helpers.js';

const user: PrincipalIdentity = { kind: 'user', arn: `arn:aws:iam::${A}:user/alice`, account: A, hasBoundary: false };
const session: PrincipalIdentity = { kind: 'assumed-role', arn: `arn:aws:sts::${A}:assumed-role/web/s1`, roleArn: `arn:aws:iam::${A}:role/web`, account: A, hasBoundary: false };
const anon: PrincipalIdentity = { kind: 'anonymous', arn: '*', hasBoundary: false };
const svc: PrincipalIdentity = { kind: 'service', arn: 'ec2.amazonaws.com', hasBoundary: false };

describe('principal strength', () => {
  it('an account id and the account root ARN name every principal of the account', () => {
    expect(principalStrength(compilePrincipal({ AWS: A }), user)).toBe(Strength.Account);
    expect(principalStrength(compilePrincipal({ AWS: `arn:aws:iam::${A}:root` }), session)).toBe(Strength.Account);
    expect(principalStrength(compilePrincipal({ AWS: B }), user)).toBe(Strength.None);
  });
  it('a role ARN matches its sessions; a session ARN only that session', () => {
    expect(principalStrength(compilePrincipal({ AWS: `arn:aws:iam::${A}:role/web` }), session)).toBe(Strength.Role);
    expect(principalStrength(compilePrincipal({ AWS: `arn:aws:sts::${A}:assumed-role/web/s1` }), session)).toBe(Strength.Direct);
    expect(principalStrength(compilePrincipal({ AWS: `arn:aws:sts::${A}:assumed-role/web/s2` }), session)).toBe(Strength.None);
  });
  it('a user ARN matches the user exactly; no partial wildcards in principals', () => {
    expect(principalStrength(compilePrincipal({ AWS: user.arn }), user)).toBe(Strength.Direct);
    expect(principalStrength(compilePrincipal({ AWS: `arn:aws:iam::${A}:user/*` }), user)).toBe(Strength.None);
  });
  it('"*" and {AWS: "*"} name everyone, anonymous included', () => {
    expect(principalStrength(compilePrincipal('*'), anon)).toBe(Strength.Any);
    expect(principalStrength(compilePrincipal({ AWS: '*' }), anon)).toBe(Strength.Any);
    expect(principalStrength(compilePrincipal({ AWS: A }), anon)).toBe(Strength.None);
  });
  it('service and federated principals match by name', () => {
    expect(principalStrength(compilePrincipal({ Service: 'ec2.amazonaws.com' }), svc)).toBe(Strength.Direct);
    expect(principalStrength(compilePrincipal({ Service: 'lambda.amazonaws.com' }), svc)).toBe(Strength.None);
    const fed: PrincipalIdentity = { kind: 'federated', arn: 'cognito-identity.amazonaws.com', hasBoundary: false };
    expect(principalStrength(compilePrincipal({ Federated: 'cognito-identity.amazonaws.com' }), fed)).toBe(Strength.Direct);
  });
  it('NotPrincipal excludes a session only when the session, the role and the account are all listed', () => {
    const partial = compilePrincipal({ AWS: [session.arn] });
    const full = compilePrincipal({ AWS: [session.arn, session.roleArn!, `arn:aws:iam::${A}:root`] });
    expect(notPrincipalApplies(partial, session, true)).toBe(true);
    expect(notPrincipalApplies(full, session, true)).toBe(false);
  });
  it('NotPrincipal with Deny always applies to a principal with a permissions boundary', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    const full = compilePrincipal({ AWS: [user.arn, `arn:aws:iam::${A}:root`] });
    expect(notPrincipalApplies(full, user, true)).toBe(false);
    expect(notPrincipalApplies(full, { ...user, hasBoundary: true }, true)).toBe(true);
  });
});

describe('principals in a bucket policy', () => {
  const bucket = (Principal: unknown, extra: object = {}) =>
    model({
      iam: {
        users: [{ name: 'alice' }, { name: 'bob', account: B, inlinePolicies: { p: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) } }],
        roles: [{ name: 'web' }],
      },
      resources: [{ arn: 'arn:aws:s3:::b', account: A, policy: doc({ Effect: 'Allow', Principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', ...extra }) }],
    });
  const get = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
  it('naming the user grants it without an identity policy (same account)', () => {
    expectDecision(bucket({ AWS: `arn:aws:iam::${A}:user/alice` }), { principal: 'user/alice', ...get }, 'allowed');
  });
  it('naming the account delegates to IAM: alice has no identity allow', () => {
    expectDecision(bucket({ AWS: A }), { principal: 'user/alice', ...get }, 'implicitly-denied');
  });
  it('cross-account: naming the other account plus its identity allow grants', () => {
    expectDecision(bucket({ AWS: B }), { principal: `arn:aws:iam::${B}:user/bob`, ...get }, 'allowed');
    expectDecision(bucket({ AWS: A }), { principal: `arn:aws:iam::${B}:user/bob`, ...get }, 'implicitly-denied');
  });
  it('a role ARN grants its sessions; a session ARN only that session', () => {
    expectDecision(bucket({ AWS: `arn:aws:iam::${A}:role/web` }), { principal: 'role/web/s1', ...get }, 'allowed');
    expectDecision(bucket({ AWS: `arn:aws:sts::${A}:assumed-role/web/s1` }), { principal: 'role/web/s1', ...get }, 'allowed');
    expectDecision(bucket({ AWS: `arn:aws:sts::${A}:assumed-role/web/s1` }), { principal: 'role/web/s2', ...get }, 'implicitly-denied');
  });
  it('Principal "*" admits anonymous requests; an account principal does not', () => {
    expectDecision(bucket('*'), { principal: 'anonymous', ...get }, 'allowed');
    expectDecision(bucket({ AWS: A }), { principal: 'anonymous', ...get }, 'implicitly-denied');
  });
  it('a service principal is granted by Service', () => {
    expectDecision(bucket({ Service: 'cloudtrail.amazonaws.com' }), { principal: 'service:cloudtrail.amazonaws.com', ...get }, 'allowed');
    expectDecision(bucket({ Service: 'cloudtrail.amazonaws.com' }), { principal: 'service:config.amazonaws.com', ...get }, 'implicitly-denied');
  });
  it('NotPrincipal with Deny denies everyone not fully listed', () => {
    const m = model({
      iam: { users: [{ name: 'alice', inlinePolicies: { p: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) } }, { name: 'carol', inlinePolicies: { p: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) } }] },
      resources: [{ arn: 'arn:aws:s3:::b', account: A, policy: doc({ Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${A}:user/alice`, `arn:aws:iam::${A}:root`] }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }) }],
    });
    expectDecision(m, { principal: 'user/alice', ...get }, 'allowed');
    expectDecision(m, { principal: 'user/carol', ...get }, 'explicitly-denied');
  });
});
