// Condition operators, set prefixes, IfExists, missing keys and policy variables, as tables run
// by one helper.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_logic_multiple_context_keys_or_values.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
import { describe, expect, it } from 'vitest';
import { compileConditions, conditionHolds, explainCondition } from '../src/condition.js';
import { Env, derived, lowerContext } from '../src/context.js';
import type { RequestContext } from '../src/types.js';
import { A, doc, expectDecision, model } from './helpers.js';

type Case = [operator: string, key: string, values: unknown, context: RequestContext, want: boolean];

function holds(op: string, key: string, values: unknown, ctx: RequestContext, variables = true): boolean {
  const { conditions, errors } = compileConditions({ [op]: { [key]: values } } as never, variables);
  expect(errors).toEqual([]);
  const env = new Env(lowerContext(ctx), derived([]), derived([]));
  return conditions.every((c) => conditionHolds(c, env));
}

const run = (cases: Case[]) => it.each(cases)('%s %s %j with %j → %s', (op, key, values, ctx, want) => expect(holds(op, key, values, ctx)).toBe(want));

describe('string operators', () => {
  run([
    ['StringEquals', 'k', 'abc', { k: 'abc' }, true],
    ['StringEquals', 'k', 'abc', { k: 'ABC' }, false],
    ['StringEquals', 'K', 'abc', { k: 'abc' }, true], // key names are case-insensitive
    ['StringNotEquals', 'k', 'abc', { k: 'abd' }, true],
    ['StringNotEquals', 'k', 'abc', { k: 'abc' }, false],
    ['StringEqualsIgnoreCase', 'k', 'abc', { k: 'ABC' }, true],
    ['StringNotEqualsIgnoreCase', 'k', 'abc', { k: 'ABC' }, false],
    ['StringNotEqualsIgnoreCase', 'k', 'abc', { k: 'xyz' }, true],
    ['StringLike', 'k', 'home/*', { k: 'home/alice/x' }, true],
    ['StringLike', 'k', 'home/?', { k: 'home/ab' }, false],
    ['StringLike', 'k', 'Home/*', { k: 'home/a' }, false], // case-sensitive
    ['StringNotLike', 'k', 'tmp/*', { k: 'home/a' }, true],
    ['StringNotLike', 'k', 'tmp/*', { k: 'tmp/a' }, false],
  ]);
});

describe('multiple values are OR; for negated operators the key must match none', () => {
  run([
    ['StringEquals', 'k', ['a', 'b'], { k: 'b' }, true],
    ['StringEquals', 'k', ['a', 'b'], { k: 'c' }, false],
    ['StringNotEquals', 'k', ['a', 'b'], { k: 'b' }, false],
    ['StringNotEquals', 'k', ['a', 'b'], { k: 'c' }, true],
  ]);
  it('multiple keys and operators are AND', () => {
    const { conditions } = compileConditions({ StringEquals: { a: '1', b: '2' }, Bool: { c: 'true' } }, true);
    const env = (ctx: RequestContext) => new Env(lowerContext(ctx), derived([]), derived([]));
    expect(conditions.every((c) => conditionHolds(c, env({ a: '1', b: '2', c: 'true' })))).toBe(true);
    expect(conditions.every((c) => conditionHolds(c, env({ a: '1', b: '3', c: 'true' })))).toBe(false);
    expect(conditions.every((c) => conditionHolds(c, env({ a: '1', b: '2', c: 'false' })))).toBe(false);
  });
});

describe('missing keys', () => {
  // "If the key ... is not present in the request context, the values do not match and the
  // condition is false. If the policy condition requires that the key is not matched, such as
  // StringNotLike or ArnNotLike, and the right key is not present, the condition is true."
  run([
    ['StringEquals', 'k', 'a', {}, false],
    ['StringNotEquals', 'k', 'a', {}, true],
    ['StringNotLike', 'k', 'a*', {}, true],
    ['ArnNotLike', 'k', 'arn:aws:s3:::x', {}, true],
    ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', {}, true],
    ['IpAddress', 'aws:SourceIp', '10.0.0.0/8', {}, false],
    ['NumericLessThan', 'k', 5, {}, false],
    ['StringEqualsIfExists', 'k', 'a', {}, true],
    ['StringEqualsIfExists', 'k', 'a', { k: 'b' }, false],
    ['StringEqualsIfExists', 'k', 'a', { k: 'a' }, true],
    ['NumericLessThanIfExists', 'k', 5, {}, true],
    ['Null', 'k', 'true', {}, true],
    ['Null', 'k', 'true', { k: 'x' }, false],
    ['Null', 'k', 'false', { k: 'x' }, true],
    ['Null', 'k', 'false', {}, false],
  ]);
});

describe('set operators on multivalued keys', () => {
  run([
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env'] }, true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['env', 'team'], { 'aws:TagKeys': ['env', 'owner'] }, false],
    // ForAllValues with a missing key (or an empty list) is true
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['env'], {}, true],
    ['ForAllValues:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': [] }, true],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['x', 'env'] }, true],
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], { 'aws:TagKeys': ['x'] }, false],
    // ForAnyValue with a missing key is false
    ['ForAnyValue:StringEquals', 'aws:TagKeys', ['env'], {}, false],
    ['ForAllValues:StringLike', 'k', ['a*'], { k: ['ab', 'ac'] }, true],
    ['ForAnyValue:StringNotEquals', 'k', ['a'], { k: ['a', 'b'] }, true],
    ['ForAllValues:StringNotEquals', 'k', ['a'], { k: ['a', 'b'] }, false],
    // without a prefix, a multivalued request value is judged like ForAnyValue
    ['StringEquals', 'k', 'b', { k: ['a', 'b'] }, true],
    ['StringNotEquals', 'k', 'b', { k: ['a', 'b'] }, false],
  ]);
});

describe('numeric, date, bool, binary', () => {
  run([
    ['NumericEquals', 'k', '10', { k: 10 }, true],
    ['NumericEquals', 'k', 10, { k: '10.0' }, true],
    ['NumericNotEquals', 'k', 10, { k: 11 }, true],
    ['NumericLessThan', 'k', 10, { k: 9 }, true],
    ['NumericLessThan', 'k', 10, { k: 10 }, false],
    ['NumericLessThanEquals', 'k', 10, { k: 10 }, true],
    ['NumericGreaterThan', 'k', 10, { k: 11 }, true],
    ['NumericGreaterThanEquals', 'k', 10, { k: 9 }, false],
    ['NumericEquals', 'k', 10, { k: 'ten' }, false],
    ['DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z', { 'aws:CurrentTime': '2029-12-31T23:59:59Z' }, true],
    ['DateGreaterThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z', { 'aws:CurrentTime': '2029-12-31T23:59:59Z' }, false],
    ['DateEquals', 'k', '2020-01-01', { k: '2020-01-01T00:00:00Z' }, true],
    ['DateNotEquals', 'k', '2020-01-01T00:00:00Z', { k: '2020-01-02T00:00:00Z' }, true],
    // epoch seconds on either side
    ['DateLessThanEquals', 'aws:EpochTime', '1700000000', { 'aws:EpochTime': 1700000000 }, true],
    ['DateGreaterThanEquals', 'k', 1577836800, { k: '2020-01-01T00:00:00Z' }, true],
    ['DateLessThan', 'k', '2020-01-01T00:00:00+01:00', { k: '2019-12-31T23:30:00Z' }, false],
    ['Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': 'true' }, true],
    ['Bool', 'aws:SecureTransport', 'true', { 'aws:SecureTransport': true }, true],
    ['Bool', 'aws:SecureTransport', 'false', { 'aws:SecureTransport': 'TRUE' }, false],
    ['Bool', 'aws:SecureTransport', true, { 'aws:SecureTransport': 'false' }, false],
    ['BinaryEquals', 'k', 'QmluYXJ5VmFsdWU=', { k: 'QmluYXJ5VmFsdWU=' }, true],
    ['BinaryEquals', 'k', 'QmluYXJ5VmFsdWU=', { k: 'b3RoZXI=' }, false],
  ]);
});

describe('IP address operators (IPv4 and IPv6)', () => {
  run([
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.113.9' }, true],
    ['IpAddress', 'aws:SourceIp', '203.0.113.0/24', { 'aws:SourceIp': '203.0.114.9' }, false],
    ['IpAddress', 'aws:SourceIp', '203.0.113.5', { 'aws:SourceIp': '203.0.113.5' }, true],
    ['IpAddress', 'aws:SourceIp', ['10.0.0.0/8', '2001:db8::/32'], { 'aws:SourceIp': '2001:db8:1::5' }, true],
    ['IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '2001:db9::1' }, false],
    ['IpAddress', 'aws:SourceIp', '2001:db8::/32', { 'aws:SourceIp': '10.0.0.1' }, false],
    ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '192.0.2.1' }, true],
    ['NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', { 'aws:SourceIp': '10.1.2.3' }, false],
    ['IpAddress', 'aws:SourceIp', 'not-an-ip', { 'aws:SourceIp': '10.1.2.3' }, false],
  ]);
});

describe('ARN operators: six components, each matched separately', () => {
  run([
    ['ArnEquals', 'aws:SourceArn', 'arn:aws:sns:us-east-1:111111111111:topic', { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111111111111:topic' }, true],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:111111111111:*', { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:111111111111:t' }, true],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:sns:*:111111111111:*', { 'aws:SourceArn': 'arn:aws:sns:eu-west-1:222222222222:t' }, false],
    // `*` in one component does not swallow the next colon
    ['ArnLike', 'aws:SourceArn', 'arn:aws:s3:::*', { 'aws:SourceArn': 'arn:aws:s3:us-east-1::b' }, false],
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/admin-*', { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/admin-x' }, true],
    ['ArnNotEquals', 'aws:PrincipalArn', 'arn:aws:iam::111111111111:role/a', { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/b' }, true],
    ['ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/a*', { 'aws:PrincipalArn': 'arn:aws:iam::111111111111:role/ab' }, false],
    ['ArnLike', 'k', 'arn:aws:s3:::b', { k: 'not-an-arn' }, false],
  ]);
});

describe('policy variables in condition values', () => {
  run([
    ['StringLike', 's3:prefix', 'home/${aws:username}/*', { 's3:prefix': 'home/alice/x', 'aws:username': 'alice' }, true],
    ['StringLike', 's3:prefix', 'home/${aws:username}/*', { 's3:prefix': 'home/bob/x', 'aws:username': 'alice' }, false],
    // an unresolvable variable: the value does not match
    ['StringLike', 's3:prefix', 'home/${aws:username}/*', { 's3:prefix': 'home//x' }, false],
    // default value
    ['StringEquals', 'k', "${aws:username, 'guest'}", { k: 'guest' }, true],
    // special characters: ${*} is a literal star
    ['StringEquals', 'k', 'a${*}b', { k: 'a*b' }, true],
    ['StringLike', 'k', 'a${*}b', { k: 'axxb' }, false],
    ['StringEquals', 'k', '${?}${$}', { k: '?$' }, true],
    ['StringEquals', 'aws:ResourceTag/owner', '${aws:PrincipalTag/team}', { 'aws:ResourceTag/owner': 'blue', 'aws:PrincipalTag/team': 'blue' }, true],
    ['ArnLike', 'aws:SourceArn', 'arn:aws:iam::*:user/${aws:username}', { 'aws:SourceArn': 'arn:aws:iam::1:user/al', 'aws:username': 'al' }, true],
  ]);
  it('variables are literal under the 2008-10-17 version', () => {
    expect(holds('StringEquals', 'k', '${aws:username}', { k: '${aws:username}', 'aws:username': 'x' }, false)).toBe(true);
  });
});

describe('unknown operators and explanations', () => {
  it('an unknown operator is an error, never a silent match', () => {
    const { conditions, errors } = compileConditions({ StringEqualz: { k: 'a' } } as never, true);
    expect(conditions).toHaveLength(0);
    expect(errors[0]?.message).toContain('StringEqualz');
    const { errors: e2 } = compileConditions({ NullIfExists: { k: 'true' } } as never, true);
    expect(e2).toHaveLength(1);
  });
  it('says which key is missing', () => {
    const { conditions } = compileConditions({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }, true);
    const env = new Env(null, derived([]), derived([]));
    expect(explainCondition(conditions[0]!, env)).toBe('condition StringEquals aws:SourceVpc: key missing from the request');
  });
  it('an unknown operator in an endpoint policy makes the request an error and never allowed', () => {
    const m = model({ iam: { users: [{ name: 'alice', inlinePolicies: { p: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) } }] } });
    const d = expectDecision(
      m,
      { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', endpoint: { id: 'vpce-1', policy: doc({ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*', Condition: { StringEqualz: { 'aws:SourceVpc': 'vpc-1' } } }) } },
      'implicitly-denied',
    );
    expect(d.errors.map((e) => e.code)).toContain('unknown-condition-operator');
  });
});

describe('conditions in policies, end to end', () => {
  const m = model({
    iam: {
      users: [
        {
          name: 'alice',
          tags: { team: 'blue' },
          inlinePolicies: {
            own: doc(
              { Sid: 'Home', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*' },
              { Sid: 'Team', Effect: 'Allow', Action: 'ec2:StartInstances', Resource: '*', Condition: { StringEquals: { 'aws:ResourceTag/team': '${aws:PrincipalTag/team}' } } },
              { Sid: 'Vpc', Effect: 'Allow', Action: 'sqs:SendMessage', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } },
            ),
          },
        },
      ],
    },
    resources: [
      { arn: `arn:aws:ec2:us-east-1:${A}:instance/i-blue`, tags: { team: 'blue' } },
      { arn: `arn:aws:ec2:us-east-1:${A}:instance/i-red`, tags: { team: 'red' } },
    ],
  });
  it('${aws:username} in Resource', () => {
    expectDecision(m, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/a' }, 'allowed');
    expectDecision(m, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::home/bob/a' }, 'implicitly-denied');
  });
  it('aws:PrincipalTag against aws:ResourceTag', () => {
    expectDecision(m, { principal: 'user/alice', action: 'ec2:StartInstances', resource: `arn:aws:ec2:us-east-1:${A}:instance/i-blue` }, 'allowed');
    expectDecision(m, { principal: 'user/alice', action: 'ec2:StartInstances', resource: `arn:aws:ec2:us-east-1:${A}:instance/i-red` }, 'implicitly-denied');
  });
  it('aws:SourceVpc only when the caller gives it', () => {
    const d = expectDecision(m, { principal: 'user/alice', action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:q` }, 'implicitly-denied');
    const why = d.explain.find((g) => g.gate === 'identity')!.statements.find((s) => s.sid === 'Vpc')!.why;
    expect(why).toBe('condition StringEquals aws:SourceVpc: key missing from the request');
    expectDecision(m, { principal: 'user/alice', action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:q`, context: { 'aws:SourceVpc': 'vpc-1' } }, 'allowed');
  });
});
