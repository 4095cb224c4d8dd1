// The evaluation flow: explicit deny, SCPs, RCPs, resource-based policies, identity policies,
// boundaries, session policies, cross-account, root, anonymous, Block Public Access, KMS, role
// trust, VPC endpoint policies. Each block cites the rule it checks.
import { describe, expect, it } from 'vitest';
import { authorize, evaluateCompiled } from '../src/authorize.js';
import { compileIam } from '../src/compile.js';
import { evaluate } from '../src/evaluate.js';
import { formatDecision } from '../src/format.js';
import type { Request } from '../src/types.js';
import { A, B, C, doc, expectDecision, model, type Raw } from './helpers.js';

const allowS3 = doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' });
const get = (resource = 'arn:aws:s3:::b/k') => ({ action: 's3:GetObject', resource });

describe('explicit deny wins', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
  const m = model({
    iam: { users: [{ name: 'alice', inlinePolicies: { allow: allowS3, deny: doc({ Sid: 'NoSecret', Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::b/secret/*' }) } }] },
    resources: [{ arn: 'arn:aws:s3:::b', account: A, policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 's3:*', Resource: 'arn:aws:s3:::b/*' }) }],
  });
  it('a Deny in an identity policy overrides Allows in identity and resource policies', () => {
    const d = expectDecision(m, { principal: 'user/alice', ...get('arn:aws:s3:::b/secret/x') }, 'explicitly-denied');
    expect(d.decisive).toEqual([{ policy: 'user/alice inline:deny', policyType: 'identity', statement: 0, sid: 'NoSecret', effect: 'Deny' }]);
    expect(d.failedGate).toBe('identity');
  });
  it('without the Deny matching, the request is allowed, naming the Allow statements', () => {
    const d = expectDecision(m, { principal: 'user/alice', ...get('arn:aws:s3:::b/public/x') }, 'allowed');
    expect(d.decisive.map((s) => s.policyType).sort()).toEqual(['identity', 'resource']);
  });
  it('no policy at all: implicit deny with no decisive statement', () => {
    const d = expectDecision(model({ iam: { users: [{ name: 'bob' }] } }), { principal: 'user/bob', ...get() }, 'implicitly-denied');
    expect(d.decisive).toEqual([]);
  });
  it('groups are not principals: their policies apply to their users', () => {
    const g = model({ iam: { users: [{ name: 'alice', groups: ['dev'] }], groups: [{ name: 'dev', inlinePolicies: { s3: allowS3 } }] } });
    const d = expectDecision(g, { principal: 'user/alice', ...get() }, 'allowed');
    expect(d.decisive[0]?.policy).toBe('group/dev inline:s3');
  });
});

const org = (accountEntry: Raw, extra: Raw = {}): Raw => ({
  id: 'o-a1b2c3d4e5',
  managementAccount: C,
  root: {
    id: 'r-ab12',
    policies: ['FullAWSAccess'],
    accounts: [C],
    units: [{ id: 'ou-prod', policies: ['FullAWSAccess', 'DenyS3Delete'], accounts: [accountEntry] }],
  },
  policies: [
    { name: 'DenyS3Delete', type: 'scp', document: doc({ Sid: 'NoDelete', Effect: 'Deny', Action: 's3:Delete*', Resource: '*' }) },
    { name: 'OnlyEc2', type: 'scp', document: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) },
    { name: 'DenyExternalS3', type: 'rcp', document: doc({ Sid: 'OrgOnly', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } }) },
  ],
  ...extra,
});

describe('SCPs', () => {
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
  const users = { users: [{ name: 'alice', inlinePolicies: { all: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) } }, { name: 'mgr', account: C, inlinePolicies: { all: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) } }], roles: [{ name: 'slr', serviceLinked: true, inlinePolicies: { all: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) } }] };
  it('a Deny at an OU level denies members explicitly', () => {
    const m = model({ organization: org(A), iam: users });
    const d = expectDecision(m, { principal: 'user/alice', action: 's3:DeleteObject', resource: 'arn:aws:s3:::b/k' }, 'explicitly-denied');
    expect(d.decisive[0]).toMatchObject({ policy: 'scp:ou-prod/DenyS3Delete', policyType: 'scp', sid: 'NoDelete' });
    expectDecision(m, { principal: 'user/alice', ...get() }, 'allowed');
  });
  it('every level must allow: an account level with only an EC2 allow blocks S3 (implicit deny, gate scp)', () => {
    const m = model({ organization: org({ id: A, policies: ['OnlyEc2'] }), iam: users });
    const d = expectDecision(m, { principal: 'user/alice', ...get() }, 'implicitly-denied');
    expect(d.failedGate).toBe('scp');
    expect(d.explain.find((g) => g.gate === 'scp')).toMatchObject({ result: 'no-allow' });
    expectDecision(m, { principal: 'user/alice', action: 'ec2:DescribeInstances' }, 'allowed');
  });
  it('the management account is not affected by SCPs', () => {
    const m = model({ organization: org({ id: A, policies: ['OnlyEc2'] }), iam: users, resources: [{ arn: 'arn:aws:s3:::cb', account: C }] });
    expectDecision(m, { principal: `arn:aws:iam::${C}:user/mgr`, ...get('arn:aws:s3:::cb/k') }, 'allowed');
  });
  it('service-linked roles are not affected by SCPs', () => {
    const m = model({ organization: org({ id: A, policies: ['OnlyEc2'] }), iam: users });
    expectDecision(m, { principal: 'role/slr/x', ...get() }, 'allowed');
  });
  it('the root user of a member account is limited by SCPs but not by identity policies', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html ("with the exception of the AWS account root user, which has full access")
    const m = model({ organization: org({ id: A, policies: ['OnlyEc2'] }), iam: users });
    expectDecision(m, { principal: 'root', action: 'ec2:RunInstances', resource: `arn:aws:ec2:us-east-1:${A}:instance/*` }, 'allowed');
    expectDecision(m, { principal: 'root', ...get() }, 'implicitly-denied');
    const m2 = model({ organization: org(A), iam: users });
    expectDecision(m2, { principal: A, action: 's3:DeleteBucket', resource: 'arn:aws:s3:::b' }, 'explicitly-denied');
  });
  it('accounts outside the organization are not affected', () => {
    const m = model({ organization: org({ id: A, policies: ['OnlyEc2'] }), iam: { users: [{ name: 'x', account: B, inlinePolicies: { p: allowS3 } }] }, resources: [{ arn: 'arn:aws:s3:::bb', account: B }] });
    expectDecision(m, { principal: `arn:aws:iam::${B}:user/x`, ...get('arn:aws:s3:::bb/k') }, 'allowed');
  });
});

describe('RCPs', () => {
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
  const base = (acct: Raw = { id: A, resourceControlPolicies: ['DenyExternalS3'] }): Raw => ({
    organization: org(acct),
    iam: { users: [{ name: 'alice', inlinePolicies: { p: allowS3 } }, { name: 'ext', account: B, inlinePolicies: { p: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) } }] },
    resources: [
      { arn: 'arn:aws:s3:::b', account: A, policy: doc({ Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) },
      { arn: `arn:aws:sqs:us-east-1:${A}:q`, policy: doc({ Effect: 'Allow', Principal: { AWS: B }, Action: 'sqs:*', Resource: '*' }) },
      { arn: `arn:aws:sns:us-east-1:${A}:t`, policy: doc({ Effect: 'Allow', Principal: { AWS: B }, Action: 'sns:*', Resource: '*' }) },
    ],
  });
  it('an RCP Deny stops principals outside the organization, whatever the bucket policy says', () => {
    const m = model(base());
    const d = expectDecision(m, { principal: `arn:aws:iam::${B}:user/ext`, ...get() }, 'explicitly-denied');
    expect(d.decisive[0]).toMatchObject({ policyType: 'rcp', sid: 'OrgOnly' });
    expectDecision(m, { principal: 'user/alice', ...get() }, 'allowed');
  });
  it('RCPs cover STS: assuming a role from outside the organization is denied', () => {
    const s = base();
    s.organization.policies.push({ name: 'DenyExternalSts', type: 'rcp', document: doc({ Sid: 'StsOrgOnly', Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRole', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }) });
    s.organization.root.units[0].accounts = [{ id: A, resourceControlPolicies: ['DenyExternalSts'] }];
    s.iam.roles = [{ name: 'deploy', trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: B }, Action: 'sts:AssumeRole' }) }];
    const d = expectDecision(model(s), { principal: `arn:aws:iam::${B}:user/ext`, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/deploy` }, 'explicitly-denied');
    expect(d.decisive[0]).toMatchObject({ policyType: 'rcp', sid: 'StsOrgOnly' });
  });
  it('RCPs apply only to supported services (SNS is not one)', () => {
    expectDecision(model(base()), { principal: `arn:aws:iam::${B}:user/ext`, action: 'sns:Publish', resource: `arn:aws:sns:us-east-1:${A}:t` }, 'allowed');
  });
  it('RCPs do not affect resources of the management account', () => {
    const s = base();
    s.organization.root.resourceControlPolicies = ['DenyExternalS3'];
    s.resources[0].account = C;
    expectDecision(model(s), { principal: `arn:aws:iam::${B}:user/ext`, ...get() }, 'allowed');
  });
});

describe('same-account resource-based policies, boundaries and session policies', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_session.html
  const m = (principal: Raw, opts: { boundary?: boolean; sessionPolicy?: boolean } = {}): Raw =>
    model({
      iam: {
        users: [{ name: 'alice', ...(opts.boundary ? { permissionsBoundary: 'OnlyEc2' } : {}) }],
        roles: [{ name: 'web', ...(opts.boundary ? { permissionsBoundary: 'OnlyEc2' } : {}) }],
        policies: [{ name: 'OnlyEc2', document: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }],
        sessions: opts.sessionPolicy ? [{ principal: 'role/web/s1', sessionPolicy: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }] : [],
      },
      resources: [{ arn: 'arn:aws:s3:::b', account: A, policy: doc({ Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) }],
    });
  it('naming the user ARN grants even with a boundary that does not allow', () => {
    expectDecision(m({ AWS: `arn:aws:iam::${A}:user/alice` }, { boundary: true }), { principal: 'user/alice', ...get() }, 'allowed');
  });
  it('naming the role ARN grants a session without identity policies...', () => {
    expectDecision(m({ AWS: `arn:aws:iam::${A}:role/web` }), { principal: 'role/web/s1', ...get() }, 'allowed');
  });
  it('...but the boundary limits a grant to the role ARN', () => {
    const d = expectDecision(m({ AWS: `arn:aws:iam::${A}:role/web` }, { boundary: true }), { principal: 'role/web/s1', ...get() }, 'implicitly-denied');
    expect(d.failedGate).toBe('permissions-boundary');
  });
  it('...and so does a session policy', () => {
    const d = expectDecision(m({ AWS: `arn:aws:iam::${A}:role/web` }, { sessionPolicy: true }), { principal: 'role/web/s1', ...get() }, 'implicitly-denied');
    expect(d.failedGate).toBe('session');
  });
  it('naming the session ARN grants despite the boundary and the session policy', () => {
    expectDecision(m({ AWS: `arn:aws:sts::${A}:assumed-role/web/s1` }, { boundary: true, sessionPolicy: true }), { principal: 'role/web/s1', ...get() }, 'allowed');
  });
  it('naming the account needs an identity allow', () => {
    const d = expectDecision(m({ AWS: A }), { principal: 'user/alice', ...get() }, 'implicitly-denied');
    expect(d.failedGate).toBe('identity');
  });
  it('an identity allow is limited by the boundary and the session policy (intersection)', () => {
    const mm = model({
      iam: {
        users: [{ name: 'u', permissionsBoundary: 'OnlyEc2', inlinePolicies: { p: allowS3 } }],
        roles: [{ name: 'r', inlinePolicies: { p: allowS3 } }],
        policies: [{ name: 'OnlyEc2', document: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }],
        sessions: [{ principal: 'role/r/limited', sessionPolicy: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }) }],
      },
    });
    expect(expectDecision(mm, { principal: 'user/u', ...get() }, 'implicitly-denied').failedGate).toBe('permissions-boundary');
    expect(expectDecision(mm, { principal: 'role/r/limited', ...get() }, 'implicitly-denied').failedGate).toBe('session');
    expectDecision(mm, { principal: 'role/r/other', ...get() }, 'allowed');
  });
});

describe('cross-account', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  const m = (identity: boolean, resource: boolean) =>
    model({
      iam: { users: [{ name: 'bob', account: B, inlinePolicies: identity ? { p: allowS3 } : {} }] },
      resources: [{ arn: 'arn:aws:s3:::b', account: A, ...(resource ? { policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:user/bob` }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) } : {}) }],
    });
  const bob = `arn:aws:iam::${B}:user/bob`;
  it('both sides must allow', () => {
    expectDecision(m(true, true), { principal: bob, ...get() }, 'allowed');
    expect(expectDecision(m(true, false), { principal: bob, ...get() }, 'implicitly-denied').failedGate).toBe('resource');
    expect(expectDecision(m(false, true), { principal: bob, ...get() }, 'implicitly-denied').failedGate).toBe('identity');
  });
  it('the root user of another account still needs the resource policy', () => {
    expectDecision(m(false, false), { principal: B, ...get() }, 'implicitly-denied');
  });
});

describe('anonymous requests and S3 Block Public Access', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
  const m = (restrict: 'bucket' | 'account' | 'none') =>
    model({
      accounts: [{ id: A, ...(restrict === 'account' ? { s3BlockPublicAccess: { restrictPublicBuckets: true } } : {}) }],
      iam: { users: [{ name: 'alice' }, { name: 'bob', account: B, inlinePolicies: { p: allowS3 } }] },
      resources: [
        {
          arn: 'arn:aws:s3:::site',
          account: A,
          ...(restrict === 'bucket' ? { blockPublicAccess: { restrictPublicBuckets: true } } : {}),
          policy: doc({ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::site/*' }),
        },
      ],
    });
  const site = get('arn:aws:s3:::site/index.html');
  it('a public bucket policy admits anonymous and cross-account requests', () => {
    expectDecision(m('none'), { principal: 'anonymous', ...site }, 'allowed');
    expectDecision(m('none'), { principal: `arn:aws:iam::${B}:user/bob`, ...site }, 'allowed');
  });
  it('RestrictPublicBuckets (bucket or account level) cancels the public grant for outsiders', () => {
    for (const where of ['bucket', 'account'] as const) {
      const d = expectDecision(m(where), { principal: 'anonymous', ...site }, 'implicitly-denied');
      expect(d.failedGate).toBe('block-public-access');
      expectDecision(m(where), { principal: `arn:aws:iam::${B}:user/bob`, ...site }, 'implicitly-denied');
    }
  });
  it('principals of the bucket owner account keep access', () => {
    expectDecision(m('bucket'), { principal: 'user/alice', ...site }, 'allowed');
  });
  it('anonymous requests have no identity side: only Principal "*" can allow', () => {
    expectDecision(model({ iam: {} }), { principal: 'anonymous', ...get() }, 'implicitly-denied');
  });
});

describe('KMS key policies', () => {
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
  const key = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const m = (policy: Raw | undefined, identity = true) =>
    model({
      iam: { users: [{ name: 'alice', inlinePolicies: identity ? { kms: doc({ Effect: 'Allow', Action: 'kms:Decrypt', Resource: '*' }) } : {} }] },
      resources: policy === undefined ? [] : [{ arn: key, policy }],
    });
  const dec = { principal: 'user/alice', action: 'kms:Decrypt', resource: key };
  it('a key policy that trusts the account lets IAM policies grant', () => {
    expectDecision(m(doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' })), dec, 'allowed');
    expectDecision(m(doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }), false), dec, 'implicitly-denied');
  });
  it('without that, IAM policies alone do not grant', () => {
    const d = expectDecision(m(doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/admin` }, Action: 'kms:*', Resource: '*' })), dec, 'implicitly-denied');
    expect(d.failedGate).toBe('key');
  });
  it('a key policy naming the user grants without an IAM policy', () => {
    expectDecision(m(doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'kms:Decrypt', Resource: '*' }), false), dec, 'allowed');
  });
  it('a key without a declared policy has the default policy (trusts the account)', () => {
    expectDecision(m(undefined), dec, 'allowed');
    expectDecision(m(undefined, false), dec, 'implicitly-denied');
  });
});

describe('role trust policies (sts:AssumeRole)', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user.html
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  const m = (trustPrincipal: Raw, identity: boolean) =>
    model({
      iam: {
        users: [{ name: 'alice', inlinePolicies: identity ? { p: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) } : {} }, { name: 'bob', account: B, inlinePolicies: identity ? { p: doc({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }) } : {} }],
        roles: [{ name: 'admin', trustPolicy: doc({ Effect: 'Allow', Principal: trustPrincipal, Action: 'sts:AssumeRole' }) }, { name: 'none' }],
      },
    });
  const assume = (principal: string, role = 'admin'): Request => ({ principal, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/${role}` });
  it('same account: a trust policy naming the user is enough', () => {
    expectDecision(m({ AWS: `arn:aws:iam::${A}:user/alice` }, false), assume('user/alice'), 'allowed');
  });
  it('same account: a trust policy naming the account needs an identity allow', () => {
    expectDecision(m({ AWS: A }, false), assume('user/alice'), 'implicitly-denied');
    expectDecision(m({ AWS: A }, true), assume('user/alice'), 'allowed');
  });
  it('an identity allow without trust does not let anyone assume the role', () => {
    expect(expectDecision(m({ AWS: `arn:aws:iam::${A}:user/other` }, true), assume('user/alice'), 'implicitly-denied').failedGate).toBe('trust');
    expectDecision(m({ AWS: A }, true), assume('user/alice', 'none'), 'implicitly-denied');
  });
  it('cross-account: the caller needs an identity allow and the trust policy', () => {
    const bob = `arn:aws:iam::${B}:user/bob`;
    expectDecision(m({ AWS: B }, true), assume(bob), 'allowed');
    expectDecision(m({ AWS: bob }, false), assume(bob), 'implicitly-denied');
    expectDecision(m({ AWS: A }, true), assume(bob), 'implicitly-denied');
  });
  it('the role may be named by its short form', () => {
    expectDecision(m({ AWS: `arn:aws:iam::${A}:user/alice` }, false), { principal: 'user/alice', action: 'sts:AssumeRole', resource: 'role/admin' }, 'allowed');
  });
  it('service principals assume roles that trust the service', () => {
    expectDecision(m({ Service: 'ec2.amazonaws.com' }, false), assume('service:ec2.amazonaws.com'), 'allowed');
    expectDecision(m({ Service: 'ec2.amazonaws.com' }, false), assume('service:lambda.amazonaws.com'), 'implicitly-denied');
  });
});

describe('VPC endpoint policies', () => {
  // https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
  const m = model({ iam: { users: [{ name: 'alice', inlinePolicies: { p: allowS3 } }] } });
  const req = (policy?: Raw): Request => ({ principal: 'user/alice', ...get(), endpoint: policy === undefined ? { id: 'vpce-1' } : { id: 'vpce-1', policy } });
  it('no policy: the default full access', () => {
    expectDecision(m, req(), 'allowed');
  });
  it('a policy that allows only another bucket: implicit deny at the endpoint gate', () => {
    const d = expectDecision(m, req(doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::other/*' })), 'implicitly-denied');
    expect(d.failedGate).toBe('endpoint');
  });
  it('a Deny in the endpoint policy is an explicit deny', () => {
    expectDecision(m, req(doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*' })), 'explicitly-denied');
  });
  it('a policy that is not a policy document is an error and denies', () => {
    const d = expectDecision(m, req({ nope: true }), 'implicitly-denied');
    expect(d.errors[0]?.code).toBe('invalid-endpoint-policy');
  });
});

describe('global condition keys derived from the request and the model', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
  const m = model({
    organization: org(A),
    iam: {
      users: [{ name: 'alice', path: '/eng/', tags: { team: 'blue' } }],
      roles: [{ name: 'web', tags: { team: 'red', env: 'prod' } }],
      sessions: [{ principal: 'role/web/job', tags: { team: 'green' } }],
    },
    resources: [{ arn: 'arn:aws:s3:::b', account: A, tags: { owner: 'blue' } }],
  });
  it('principal keys for a user', () => {
    const ctx = evaluate(m, { principal: 'user/alice', ...get() }).context;
    expect(ctx).toMatchObject({
      'aws:PrincipalArn': `arn:aws:iam::${A}:user/eng/alice`,
      'aws:PrincipalAccount': A,
      'aws:PrincipalType': 'User',
      'aws:username': 'alice',
      'aws:PrincipalTag/team': 'blue',
      'aws:PrincipalOrgID': 'o-a1b2c3d4e5',
      'aws:PrincipalOrgPaths': ['o-a1b2c3d4e5/r-ab12/ou-prod/'],
      'aws:ResourceAccount': A,
      'aws:ResourceTag/owner': 'blue',
      'aws:CurrentTime': '2025-01-01T00:00:00Z',
      'aws:EpochTime': '1735689600',
    });
    // always included, so assumed: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
    expect(ctx['aws:SecureTransport']).toBe('true');
    // the caller's address: only the caller knows it
    expect(ctx['aws:SourceIp']).toBeUndefined();
  });
  it('a role session: aws:PrincipalArn is the role ARN; session tags override role tags', () => {
    const d = evaluate(m, { principal: 'role/web/job', ...get() });
    expect(d.principal).toBe(`arn:aws:sts::${A}:assumed-role/web/job`);
    expect(d.context).toMatchObject({ 'aws:PrincipalArn': `arn:aws:iam::${A}:role/web`, 'aws:PrincipalType': 'AssumedRole', 'aws:PrincipalTag/team': 'green', 'aws:PrincipalTag/env': 'prod', 'aws:userid': 'web:job' });
  });
  it('caller-given keys override derived ones, and aws:CurrentTime can be given', () => {
    const d = evaluate(m, { principal: 'user/alice', ...get(), context: { 'aws:PrincipalTag/team': 'x', 'aws:CurrentTime': '2030-06-01T00:00:00Z' } });
    expect(d.context['aws:PrincipalTag/team']).toBe('x');
    expect(d.context['aws:EpochTime']).toBe(String(Date.parse('2030-06-01T00:00:00Z') / 1000));
  });
  it('conditions on derived keys decide', () => {
    const mm = model({
      organization: org(A),
      iam: { users: [{ name: 'alice', inlinePolicies: { p: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:ResourceAccount': A }, DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } } }) } }] },
      resources: [{ arn: 'arn:aws:s3:::b', account: A }, { arn: 'arn:aws:s3:::other', account: B }],
    });
    expectDecision(mm, { principal: 'user/alice', ...get() }, 'allowed');
    expectDecision(mm, { principal: 'user/alice', ...get(), context: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } }, 'implicitly-denied');
    expectDecision(mm, { principal: 'user/alice', ...get('arn:aws:s3:::other/k') }, 'implicitly-denied');
  });
});

describe('errors', () => {
  const m = model({ iam: { users: [{ name: 'alice', managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] }, { name: 'viewer', managedPolicies: ['arn:aws:iam::aws:policy/ViewOnlyAccess'] }] }, resources: [{ arn: 'arn:aws:s3:::open', account: A, policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }) }] });
  it('an unknown principal is an error and never allowed, even by Principal "*"', () => {
    const d = expectDecision(m, { principal: 'user/mallory', ...get('arn:aws:s3:::open/k') }, 'implicitly-denied');
    expect(d.errors.map((e) => e.code)).toEqual(['unknown-principal']);
  });
  it('a principal that is not a principal name is an error', () => {
    const d = expectDecision(m, { principal: 'arn:aws:ec2:us-east-1:1:instance/i-1', ...get() }, 'implicitly-denied');
    expect(d.errors[0]?.code).toBe('invalid-principal');
  });
  it('bundled AWS-managed policies work; unbundled ones are a not-implemented error', () => {
    expectDecision(m, { principal: 'user/alice', action: 'iam:CreateUser', resource: `arn:aws:iam::${A}:user/x` }, 'allowed');
    const d = expectDecision(m, { principal: 'user/viewer', action: 'ec2:DescribeInstances' }, 'implicitly-denied');
    expect(d.errors[0]?.code).toBe('not-implemented');
  });
  it('never throws on nonsense input', () => {
    for (const req of [{ principal: '', action: '' }, { principal: 'user/nobody', action: 's3:GetObject', resource: ':::' }, { principal: 'user/alice', action: '', resource: '' }] as Request[]) {
      expect(() => evaluate(m, req)).not.toThrow();
      expect(evaluate(m, req).decision).not.toBe('allowed');
    }
    expect(() => evaluate(m, { principal: 'root', action: 'x', resource: '' })).not.toThrow();
  });
});

describe('explanation and the fast path', () => {
  const m = model({
    iam: { users: [{ name: 'alice', inlinePolicies: { 's3-read': doc({ Sid: 'Read', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } }) } }] },
  });
  it('formatDecision names the outcome, the gates, the failing condition and a hint', () => {
    const text = formatDecision(evaluate(m, { principal: 'user/alice', ...get() }));
    expect(text).toContain('IMPLICITLY DENIED');
    expect(text).toContain('identity');
    expect(text).toContain('user/alice inline:s3-read statement 0 (Read)');
    expect(text).toContain('condition StringEquals aws:SourceVpc: key missing from the request');
    expect(text).toContain('to change the outcome:');
    const ok = formatDecision(evaluate(m, { principal: 'user/alice', ...get(), context: { 'aws:SourceVpc': 'vpc-1' } }));
    expect(ok).toContain('ALLOWED');
    expect(ok).toContain('decisive statements:');
  });
  it('authorize agrees with evaluateCompiled', () => {
    const c = compileIam(m);
    for (const context of [undefined, { 'aws:SourceVpc': 'vpc-1' }, { 'aws:SourceVpc': 'vpc-2' }]) {
      const req = { principal: 'user/alice', ...get(), context };
      expect(authorize(c, req)).toBe(evaluateCompiled(c, req).decision);
    }
  });
  it('evaluate caches the compiled IAM per model', async () => {
    const { compiledFor } = await import('../src/evaluate.js');
    evaluate(m, { principal: 'user/alice', ...get() });
    expect(compiledFor(m)).toBe(compiledFor(m));
  });
});

describe('authorizeModel', () => {
  it('gives the same decision as evaluate, from the model', async () => {
    const { authorizeModel } = await import('../src/evaluate.js');
    const m = model({ iam: { users: [{ name: 'alice', inlinePolicies: { p: doc({ Effect: 'Allow', Action: 's3:Get*', Resource: '*' }) } }] } });
    for (const action of ['s3:GetObject', 's3:PutObject']) {
      const req = { principal: 'user/alice', action, resource: 'arn:aws:s3:::b/k' };
      expect(authorizeModel(m, req)).toBe(evaluate(m, req).decision);
    }
    expect(authorizeModel(m, { principal: 'user/alice', action: 's3:GetObject' })).toBe('allowed');
  });
});
