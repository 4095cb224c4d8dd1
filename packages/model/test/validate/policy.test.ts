import { describe, expect, it } from 'vitest';
import { isConditionOperator } from '../../src/validate/iam.js';
import { expectError, expectWarning, mutate } from '../fixtures.js';

const st = (s: any, f: (x: any) => void) => f(s.iam.policies[0].document.Statement[0]);

describe('policy elements by where the policy is attached', () => {
  it('identity policies have no Principal', () => {
    expectError((s) => st(s, (x) => (x.Principal = '*')), 'policy-principal-not-allowed', ['iam', 'policies', 0, 'document', 'Statement', 0, 'Principal']);
    expectError((s) => (s.iam.users[0].inlinePolicies.own.Statement[0].NotPrincipal = { AWS: '*' }), 'policy-principal-not-allowed', ['iam', 'users', 0, 'inlinePolicies', 'own', 'Statement', 0, 'NotPrincipal']);
  });
  it('identity policies need Resource (the single-statement form too)', () => {
    expectError((s) => st(s, (x) => delete x.Resource), 'policy-resource-required', ['iam', 'policies', 0, 'document', 'Statement', 0]);
    expectError((s) => delete s.iam.policies[1].document.Statement.Resource, 'policy-resource-required', ['iam', 'policies', 1, 'document', 'Statement']);
    expectError((s) => delete s.iam.sessions[0].sessionPolicy.Statement[0].Resource, 'policy-resource-required', ['iam', 'sessions', 0, 'sessionPolicy', 'Statement', 0]);
  });
  it('SCPs have no Principal; Resource may be left out', () => {
    expectError((s) => (s.organization.policies[0].document.Statement[0].Principal = '*'), 'policy-principal-not-allowed');
    expect(mutate((s) => delete s.organization.policies[0].document.Statement[0].Resource)).toEqual([]);
  });
  it('RCPs deny, with Principal "*"', () => {
    expectError((s) => (s.organization.policies[1].document.Statement[0].Effect = 'Allow'), 'rcp-allow', ['organization', 'policies', 1, 'document', 'Statement', 0, 'Effect']);
    expectError((s) => (s.organization.policies[1].document.Statement[0].Principal = { AWS: '*' }), 'policy-principal-not-allowed');
  });
  it('resource policies, trust policies and endpoint policies need Principal', () => {
    expectError((s) => delete s.resources[0].policy.Statement[0].Principal, 'policy-principal-required', ['resources', 0, 'policy', 'Statement', 0]);
    expectError((s) => delete s.iam.roles[0].trustPolicy.Statement[0].Principal, 'policy-principal-required', ['iam', 'roles', 0, 'trustPolicy', 'Statement', 0]);
    expectError((s) => delete s.vpcEndpoints[0].policy.Statement[0].Principal, 'policy-principal-required', ['vpcEndpoints', 0, 'policy', 'Statement', 0]);
  });
  it('Principal.AWS names a principal AWS would accept: groups, wildcards inside ARNs and other text are warned about', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    const at = (v: unknown) => (s: any) => (s.resources[0].policy.Statement[0].Principal = { AWS: v });
    const group = expectWarning(at('arn:aws:iam::111111111111:group/devs'), 'policy-principal-group', ['resources', 0, 'policy', 'Statement', 0, 'Principal', 'AWS']);
    expect(group.message).toContain('groups are not principals');
    expectWarning(at(['111111111111', 'arn:aws:iam::111111111111:role/app-*']), 'policy-principal-wildcard', ['resources', 0, 'policy', 'Statement', 0, 'Principal', 'AWS', 1]);
    expectWarning(at('alice'), 'invalid-principal');
    expectWarning(at('arn:aws:iam::111111111111:policy/Admin'), 'invalid-principal');
    expectWarning((s: any) => (s.resources[0].policy.Statement[0].NotPrincipal = { AWS: 'arn:aws:iam::111111111111:group/devs' }, delete s.resources[0].policy.Statement[0].Principal), 'policy-principal-group');
    for (const ok of [
      '*',
      '111111111111',
      'arn:aws:iam::111111111111:root',
      'arn:aws:iam::111111111111:user/path/alice',
      'arn:aws:iam::111111111111:role/web',
      'arn:aws:sts::111111111111:assumed-role/web/i-0abc',
      'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2QWRUHAPOMQZL',
      'AROA1234567890EXAMPLE',
    ])
      expect(mutate(at(ok)).filter((d) => d.path.includes('Principal')), ok).toEqual([]);
  });
  it('a trust policy has no Resource', () => {
    expectError((s) => (s.iam.roles[0].trustPolicy.Statement[0].Resource = '*'), 'policy-resource-not-allowed', ['iam', 'roles', 0, 'trustPolicy', 'Statement', 0, 'Resource']);
  });
  it('actions look like service:Action', () => {
    const d = expectError((s) => st(s, (x) => (x.Action = ['s3:GetObject', 's3GetObject'])), 'invalid-action', ['iam', 'policies', 0, 'document', 'Statement', 0, 'Action', 1]);
    expect(d.hint).toBe('did you mean `s3:GetObject`?');
    expectError((s) => st(s, (x) => (x.Action = 'get everything')), 'invalid-action', ['iam', 'policies', 0, 'document', 'Statement', 0, 'Action']);
    expect(mutate((s) => st(s, (x) => (x.Action = ['*', 'ec2:Describe*', 's3:Get?bject'])))).toEqual([]);
  });
  it('condition operators are known, with did-you-mean', () => {
    const d = expectError((s) => st(s, (x) => (x.Condition = { StringEqual: { 'aws:username': 'a' } })), 'unknown-condition-operator', ['iam', 'policies', 0, 'document', 'Statement', 0, 'Condition', 'StringEqual']);
    expect(d.hint).toBe('did you mean `StringEquals`?');
    const e = expectError((s) => st(s, (x) => (x.Condition = { 'ForAnyValue:StringLikee': { 'aws:TagKeys': 'a' } })), 'unknown-condition-operator');
    expect(e.hint).toBe('did you mean `ForAnyValue:StringLike`?');
    expectError((s) => st(s, (x) => (x.Condition = { NullIfExists: { 'aws:TokenIssueTime': 'true' } })), 'unknown-condition-operator');
  });
  it.each([
    'StringEquals', 'StringNotEqualsIgnoreCase', 'StringLikeIfExists', 'NumericLessThanEquals', 'DateGreaterThan', 'Bool', 'BoolIfExists', 'BinaryEquals',
    'IpAddress', 'NotIpAddressIfExists', 'ArnLike', 'ArnNotEquals', 'Null', 'ForAllValues:StringEquals', 'ForAnyValue:ArnLikeIfExists',
  ])('%s is a known operator', (op) => expect(isConditionOperator(op)).toBe(true));
  it.each(['NullIfExists', 'StringEqual', 'ForSomeValues:StringEquals', 'stringequals', 'IpAddressIfExist'])('%s is not', (op) => expect(isConditionOperator(op)).toBe(false));
});

describe('policy grammar errors from the schema layer', () => {
  it('Effect typo gets the right spelling', () => {
    const d = expectError((s) => st(s, (x) => (x.Effect = 'allow')), 'invalid-policy', ['iam', 'policies', 0, 'document', 'Statement', 0, 'Effect']);
    expect(d.hint).toBe('did you mean `Allow`?');
  });
  it('unknown element gets the element name', () => {
    const d = expectError(
      (s) =>
        st(s, (x) => {
          x.Actions = x.Action;
          delete x.Action;
        }),
      'unknown-field',
      ['iam', 'policies', 0, 'document', 'Statement', 0, 'Actions'],
    );
    expect(d.message).toBe('unknown field `Actions`');
    expect(d.hint).toBe('did you mean `Action`?');
  });
  it('a principal map key typo', () => {
    const d = expectError((s) => (s.resources[0].policy.Statement[0].Principal = { Aws: 'x' }), 'unknown-field', ['resources', 0, 'policy', 'Statement', 0, 'Principal', 'Aws']);
    expect(d.hint).toBe('did you mean `AWS`?');
  });
});
