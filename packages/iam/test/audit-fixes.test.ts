// Points an audit against AWS's documentation found wrong; each case runs on the compiled
// engine and the literal reference, and fails if the rule is broken again.
import { describe, expect, it } from 'vitest';
import { referenceEvaluate } from '../src/reference.js';
import type { Decision, Request } from '../src/types.js';
import { A, B, doc, expectDecision, model, type Raw } from './helpers.js';

const both = (m: ReturnType<typeof model>, req: Request, want: Decision['decision']): Decision => {
  expect(referenceEvaluate(m, req).decision, 'reference').toBe(want);
  return expectDecision(m, req, want);
};
const allowAll = doc({ Effect: 'Allow', Action: '*', Resource: '*' });

describe('sts:AssumeRole always meets the trust policy', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
  //   "Role trust policies and KMS key policies are exceptions ... they must explicitly allow access for principals."
  const m = model({
    iam: {
      users: [{ name: 'alice', inlinePolicies: { all: allowAll } }],
      roles: [
        {
          name: 'admin',
          path: '/ops/',
          trustPolicy: doc(
            { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
            { Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'sts:AssumeRole' },
          ),
        },
      ],
    },
  });
  const assume = (resource: string): Request => ({ principal: 'user/alice', action: 'sts:AssumeRole', resource });
  it('role/NAME finds a role that has a path', () => {
    expect(both(m, assume('role/admin'), 'explicitly-denied').failedGate).toBe('trust');
    both(m, assume(`arn:aws:iam::${A}:role/ops/admin`), 'explicitly-denied');
  });
  it('a role ARN without the role path, or naming no declared role, is never assumed on the identity policy alone', () => {
    for (const arn of [`arn:aws:iam::${A}:role/admin`, `arn:aws:iam::${A}:role/ghost`, 'role/ghost']) {
      const d = both(m, assume(arn), 'implicitly-denied');
      expect(d.errors.map((e) => e.code), arn).toEqual(['unknown-resource']);
      expect(d.failedGate).toBe('trust');
    }
  });
  it('other actions on an undeclared role ARN are judged as usual', () => {
    both(m, { principal: 'user/alice', action: 'iam:GetRole', resource: `arn:aws:iam::${A}:role/ghost` }, 'allowed');
  });
});

describe('Block Public Access: what counts as a fixed value', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html#access-control-block-public-access-policy-status
  const bucket = (Condition: Raw): ReturnType<typeof model> =>
    model({
      iam: { users: [{ name: 'bob', account: B, inlinePolicies: { all: allowAll } }] },
      resources: [{ arn: 'arn:aws:s3:::b', account: A, blockPublicAccess: { restrictPublicBuckets: true }, policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*', Condition }) }],
    });
  const anon = (context: Raw): Request => ({ principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context });
  it('an IPv6 range broader than /32 is public; /32 and narrower is fixed', () => {
    expect(both(bucket({ IpAddress: { 'aws:SourceIp': '2001::/16' } }), anon({ 'aws:SourceIp': '2001:db8::5' }), 'implicitly-denied').failedGate).toBe('block-public-access');
    both(bucket({ IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }), anon({ 'aws:SourceIp': '2001:db8::5' }), 'allowed');
    both(bucket({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), anon({ 'aws:SourceIp': '203.0.113.5' }), 'allowed');
  });
  it('a policy variable is not a fixed value', () => {
    const m = bucket({ StringEquals: { 'aws:SourceAccount': '${aws:PrincipalAccount}' } });
    const req: Request = { principal: `arn:aws:iam::${B}:user/bob`, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SourceAccount': B } };
    expect(both(m, req, 'implicitly-denied').failedGate).toBe('block-public-access');
    both(bucket({ StringEquals: { 'aws:SourceAccount': B } }), req, 'allowed');
  });
  it('a fixed s3:x-amz-server-side-encryption-aws-kms-key-id makes the grant non-public', () => {
    const key = `arn:aws:kms:us-east-1:${A}:key/k`;
    const m = bucket({ StringEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': key } });
    both(m, { principal: `arn:aws:iam::${B}:user/bob`, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 's3:x-amz-server-side-encryption-aws-kms-key-id': key } }, 'allowed');
  });
});

describe('the keys of an anonymous request', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html (aws:PrincipalIsAWSService)
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (aws:userid of an anonymous caller)
  const bucket = (...statements: Raw[]): ReturnType<typeof model> => model({ resources: [{ arn: 'arn:aws:s3:::b', account: A, policy: doc(...statements) }] });
  const get: Request = { principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' };
  const open = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
  it('aws:PrincipalIsAWSService is absent', () => {
    both(bucket(open, { Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: '*', Condition: { Null: { 'aws:PrincipalIsAWSService': 'true' } } }), get, 'explicitly-denied');
    both(bucket({ ...open, Condition: { Bool: { 'aws:PrincipalIsAWSService': 'false' } } }), get, 'implicitly-denied');
  });
  it('aws:userid is `anonymous`', () => {
    both(bucket({ ...open, Condition: { StringEquals: { 'aws:userid': 'anonymous' } } }), get, 'allowed');
  });
});

describe('conditions and variables', () => {
  const user = (...statements: Raw[]): ReturnType<typeof model> => model({ iam: { users: [{ name: 'alice', inlinePolicies: { p: doc(...statements) } }] } });
  it('Null with both true and false holds whether the key is there or not (values are ORed)', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
    const m = user(allowAll.Statement[0], { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { 'aws:SourceVpc': ['true', 'false'] } } });
    both(m, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SourceVpc': 'vpc-1' } }, 'explicitly-denied');
    both(m, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, 'explicitly-denied');
  });
  it('a variable before the fifth colon of a Resource ARN is literal text', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
    const account = user({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:sqs:us-east-1:${aws:PrincipalAccount}:q' });
    both(account, { principal: 'user/alice', action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:q` }, 'implicitly-denied');
    const tail = user({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::home/${aws:username}/*' });
    both(tail, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/notes.txt' }, 'allowed');
  });
});

describe('service-linked roles are recognised by their path', () => {
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
  //   SCPs do not affect service-linked roles; AWS creates them under /aws-service-role/.
  it('an account-level SCP deny does not affect a role under /aws-service-role/', () => {
    const m = model({
      iam: { roles: [{ name: 'AWSServiceRoleForX', path: '/aws-service-role/x.amazonaws.com/', inlinePolicies: { all: allowAll } }, { name: 'ordinary', inlinePolicies: { all: allowAll } }] },
      organization: { id: 'o-a1b2c3d4e5', managementAccount: B, root: { policies: ['FullAWSAccess', 'deny-all'], accounts: [A] }, policies: [{ name: 'deny-all', type: 'scp', document: doc({ Effect: 'Deny', Action: '*', Resource: '*' }) }] },
    });
    both(m, { principal: 'role/AWSServiceRoleForX/s', action: 'ec2:DescribeInstances', resource: '*' }, 'allowed');
    both(m, { principal: 'role/ordinary/s', action: 'ec2:DescribeInstances', resource: '*' }, 'explicitly-denied');
  });
});

describe('a request names one action', () => {
  it('an action with a wildcard is an error, never matched as text', () => {
    const m = model({ iam: { users: [{ name: 'alice', inlinePolicies: { p: doc(allowAll.Statement[0], { Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }) } }] } });
    for (const action of ['s3:*', 's3:Get?bject']) {
      const d = both(m, { principal: 'user/alice', action, resource: 'arn:aws:s3:::b/k' }, 'implicitly-denied');
      expect(d.errors.map((e) => e.code)).toEqual(['invalid-action']);
    }
  });
});
