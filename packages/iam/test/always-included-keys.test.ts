// The context keys AWS always sets: a request that leaves one out gets AWS's value, the decision
// lists it under `assumed`, and the engine and the reference agree.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
// (each key's "Availability" line)
import { describe, expect, it } from 'vitest';
import { referenceEvaluate } from '../src/reference.js';
import type { Request } from '../src/types.js';
import { A, doc, expectDecision, model } from './helpers.js';

/** A user and a role, each allowed s3:GetObject only when a condition holds. */
const world = (condition: Record<string, Record<string, unknown>>) =>
  model({
    defaults: { account: A, region: 'eu-central-1' },
    iam: {
      users: [{ name: 'alice', inlinePolicies: { P: doc({ Effect: 'Allow', Action: ['s3:GetObject', 'ec2:DescribeInstances', 'iam:GetUser', 'sqs:SendMessage'], Resource: '*', Condition: condition }) } }],
      roles: [{ name: 'web', inlinePolicies: { P: doc({ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*', Condition: condition }) } }],
    },
    resources: [{ arn: 'arn:aws:s3:::assets', policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::assets/*', Condition: condition }) }],
  });

const get = (principal: string, extra: Partial<Request> = {}): Request => ({ principal, action: 's3:GetObject', resource: 'arn:aws:s3:::other/a.txt', ...extra });

/** The engine's decision and the reference's agree, and the decision is `want`. */
function both(m: ReturnType<typeof world>, req: Request, want: 'allowed' | 'implicitly-denied' | 'explicitly-denied') {
  const d = expectDecision(m, req, want);
  const r = referenceEvaluate(m, req);
  expect(r.decision, `reference: ${r.reason}`).toBe(want);
  expect(r.assumed).toEqual(d.assumed);
  return d;
}

describe('keys AWS always includes', () => {
  it('aws:SecureTransport: "always included"; a vpcsim request is HTTPS, so true', () => {
    const m = world({ Bool: { 'aws:SecureTransport': 'true' } });
    const d = both(m, get('user/alice'), 'allowed');
    expect(d.context['aws:SecureTransport']).toBe('true');
    expect(d.assumed).toContain('aws:SecureTransport');
    // the caller can say otherwise
    both(m, get('user/alice', { context: { 'aws:SecureTransport': 'false' } }), 'implicitly-denied');
  });

  it('aws:RequestedRegion: the scenario region, the resource ARN region, us-east-1 for IAM', () => {
    const m = world({ StringEquals: { 'aws:RequestedRegion': 'eu-central-1' } });
    both(m, get('user/alice'), 'allowed');
    both(m, get('user/alice', { action: 'sqs:SendMessage', resource: 'arn:aws:sqs:eu-west-1:111111111111:q' }), 'implicitly-denied');
    // "IAM calls are always made to the us-east-1 Region"
    const d = both(m, { principal: 'user/alice', action: 'iam:GetUser', resource: `arn:aws:iam::${A}:user/alice` }, 'implicitly-denied');
    expect(d.context['aws:RequestedRegion']).toBe('us-east-1');
    // a region the request names wins
    both(m, get('user/alice', { context: { 'aws:RequestedRegion': 'us-west-2' } }), 'implicitly-denied');
  });

  it('aws:ViaAWSService: false for a direct call; absent for EC2, which does not support it', () => {
    const m = world({ Bool: { 'aws:ViaAWSService': 'false' } });
    const d = both(m, get('user/alice'), 'allowed');
    expect(d.assumed).toContain('aws:ViaAWSService');
    const ec2 = both(m, { principal: 'user/alice', action: 'ec2:DescribeInstances' }, 'implicitly-denied');
    expect(ec2.context['aws:ViaAWSService']).toBeUndefined();
    both(m, get('user/alice', { context: { 'aws:ViaAWSService': 'true' } }), 'implicitly-denied');
  });

  it('aws:TokenIssueTime: present for temporary credentials (role sessions), absent for a user', () => {
    const m = world({ Null: { 'aws:TokenIssueTime': 'false' } });
    const role = both(m, get('role/web/s1'), 'allowed');
    expect(role.context['aws:TokenIssueTime']).toBe('2025-01-01T00:00:00Z');
    expect(role.assumed).toContain('aws:TokenIssueTime');
    const user = both(m, get('user/alice'), 'implicitly-denied');
    expect(user.context['aws:TokenIssueTime']).toBeUndefined();
    // the issue time follows a given request time
    expect(both(m, get('role/web', { context: { 'aws:CurrentTime': '2026-03-01T00:00:00Z' } }), 'allowed').context['aws:TokenIssueTime']).toBe('2026-03-01T00:00:00Z');
  });

  it('aws:MultiFactorAuthPresent: only with temporary credentials, false unless given', () => {
    const m = world({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } });
    both(m, get('role/web/s1'), 'allowed');
    both(m, get('user/alice'), 'implicitly-denied');
    both(m, get('role/web/s1', { context: { 'aws:MultiFactorAuthPresent': 'true' } }), 'implicitly-denied');
  });

  it('anonymous requests: aws:PrincipalAccount `anonymous`, aws:PrincipalType `Anonymous`, no aws:PrincipalArn', () => {
    const m = world({ StringEquals: { 'aws:PrincipalAccount': 'anonymous', 'aws:PrincipalType': 'Anonymous' } });
    const d = both(m, { principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/a.txt' }, 'allowed');
    expect(d.context['aws:PrincipalArn']).toBeUndefined();
    expect(d.context['aws:username']).toBeUndefined();
  });

  it('aws:username only for IAM users; aws:userid for every signed request', () => {
    const m = world({ Null: { 'aws:username': 'false' } });
    both(m, get('user/alice'), 'allowed');
    expect(both(m, get('role/web/s1'), 'implicitly-denied').context['aws:userid']).toBe('web:s1');
  });

  it('the caller-given keys are not listed as assumed', () => {
    const m = world({});
    const d = both(m, get('role/web/s1', { context: { 'aws:SecureTransport': 'true', 'aws:CurrentTime': '2026-03-01T00:00:00Z' } }), 'allowed');
    expect(d.assumed).toEqual(['aws:EpochTime', 'aws:RequestedRegion', 'aws:ViaAWSService', 'aws:TokenIssueTime', 'aws:MultiFactorAuthPresent']);
  });
});
