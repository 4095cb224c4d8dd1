// Wildcard matching of actions and resource ARNs.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html (case-insensitive actions)
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html (case-sensitive ARNs; `*` spans `/` and `:`)
import { describe, expect, it } from 'vitest';
import { compileGlob, compileGlobPieces, globMatch } from '../src/glob.js';
import { doc, expectDecision, model } from './helpers.js';

const m = (p: string, t: string): boolean => globMatch(compileGlob(p), t);

describe('glob matcher', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything/at:all', true],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['abc', 'ab', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['a*c', 'ac', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['*c', 'abc', true],
    ['a*', 'a', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXcYb', false],
    ['a*ab', 'aab', true],
    ['a*aab', 'aaab', true],
    ['*a*a*', 'aa', true],
    ['*a*a*', 'a', false],
    ['?*', '', false],
    ['??', 'ab', true],
    ['a**b', 'ab', true],
    ['*?b', 'xb', true],
    ['*?b', 'b', false],
  ])('%s ~ %s = %s', (p, t, want) => expect(m(p, t)).toBe(want));

  it('substituted text is literal: `*` from a variable is not a wildcard', () => {
    const g = compileGlobPieces([{ text: 'home/', literal: false }, { text: 'a*', literal: true }, { text: '/*', literal: false }]);
    expect(globMatch(g, 'home/a*/x')).toBe(true);
    expect(globMatch(g, 'home/abc/x')).toBe(false);
  });

  // How fast these are is measured in bench/hostile.bench.mjs, never asserted here.
  it('a 10,000-character hostile pattern against a 10,000-character string', () => {
    const g = compileGlob(`${'a*'.repeat(5000)}b`);
    expect(globMatch(g, 'a'.repeat(10000))).toBe(false);
    expect(globMatch(g, `${'a'.repeat(9999)}b`)).toBe(true);
  });

  it('hostile `?` patterns', () => {
    const g = compileGlob(`*${'?a'.repeat(2500)}*b`);
    expect(globMatch(g, 'a'.repeat(10000))).toBe(false);
  });
});

describe('Action and Resource matching in policies', () => {
  const mdl = model({
    iam: {
      users: [{ name: 'alice', inlinePolicies: { p: doc({ Effect: 'Allow', Action: 'S3:Get*', Resource: 'arn:aws:s3:::assets/*' }, { Effect: 'Allow', Action: 'ec2:Describe?nstances', Resource: '*' }) } }],
    },
  });
  it('actions match case-insensitively with `*`', () => {
    expectDecision(mdl, { principal: 'user/alice', action: 's3:getobject', resource: 'arn:aws:s3:::assets/a.txt' }, 'allowed');
    expectDecision(mdl, { principal: 'user/alice', action: 'S3:GETOBJECTACL', resource: 'arn:aws:s3:::assets/a.txt' }, 'allowed');
    expectDecision(mdl, { principal: 'user/alice', action: 's3:PutObject', resource: 'arn:aws:s3:::assets/a.txt' }, 'implicitly-denied');
  });
  it('`?` matches exactly one character of an action', () => {
    expectDecision(mdl, { principal: 'user/alice', action: 'ec2:DescribeInstances' }, 'allowed');
    expectDecision(mdl, { principal: 'user/alice', action: 'ec2:DescribeXXInstances' }, 'implicitly-denied');
  });
  it('resource ARNs are case-sensitive', () => {
    expectDecision(mdl, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::ASSETS/a.txt' }, 'implicitly-denied');
  });
  it('`*` spans `/` in an ARN (objects under prefixes)', () => {
    expectDecision(mdl, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/deep/er/a.txt' }, 'allowed');
  });
  it('`arn:aws:s3:::b/*` does not cover the bucket `arn:aws:s3:::b` itself', () => {
    expectDecision(mdl, { principal: 'user/alice', action: 's3:GetBucketPolicy', resource: 'arn:aws:s3:::assets' }, 'implicitly-denied');
  });
  it('`*` spans `:` in an ARN', () => {
    const m2 = model({ iam: { users: [{ name: 'bob', inlinePolicies: { p: doc({ Effect: 'Allow', Action: 'sqs:*', Resource: 'arn:aws:sqs:*' }) } }] } });
    expectDecision(m2, { principal: 'user/bob', action: 'sqs:SendMessage', resource: 'arn:aws:sqs:us-east-1:111111111111:q1' }, 'allowed');
  });
  it('an action without a resource matches only `Resource: "*"`', () => {
    const m3 = model({ iam: { users: [{ name: 'c', inlinePolicies: { p: doc({ Effect: 'Allow', Action: 'ec2:*', Resource: 'arn:aws:ec2:*:*:instance/*' }) } }] } });
    expectDecision(m3, { principal: 'user/c', action: 'ec2:DescribeInstances' }, 'implicitly-denied');
  });
});

describe('NotAction and NotResource', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
  const mdl = model({
    iam: {
      users: [
        { name: 'na', inlinePolicies: { p: doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) } },
        { name: 'nr', inlinePolicies: { p: doc({ Effect: 'Allow', Action: 's3:*', NotResource: 'arn:aws:s3:::secret/*' }) } },
        { name: 'dn', inlinePolicies: { p: doc({ Effect: 'Allow', Action: '*', Resource: '*' }, { Effect: 'Deny', NotAction: ['s3:Get*'], Resource: '*' }) } },
      ],
    },
  });
  it('NotAction allows every action except those listed', () => {
    expectDecision(mdl, { principal: 'user/na', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, 'allowed');
    expectDecision(mdl, { principal: 'user/na', action: 'iam:CreateUser', resource: 'arn:aws:iam::111111111111:user/x' }, 'implicitly-denied');
  });
  it('NotResource allows every resource except those listed', () => {
    expectDecision(mdl, { principal: 'user/nr', action: 's3:GetObject', resource: 'arn:aws:s3:::public/k' }, 'allowed');
    expectDecision(mdl, { principal: 'user/nr', action: 's3:GetObject', resource: 'arn:aws:s3:::secret/k' }, 'implicitly-denied');
  });
  it('Deny with NotAction denies everything except the listed actions', () => {
    expectDecision(mdl, { principal: 'user/dn', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' }, 'allowed');
    expectDecision(mdl, { principal: 'user/dn', action: 's3:PutObject', resource: 'arn:aws:s3:::b/k' }, 'explicitly-denied');
  });
});
