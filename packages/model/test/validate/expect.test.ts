import { describe, expect, it } from 'vitest';
import { endpointProblem } from '../../src/validate/expect.js';
import { expectError, expectWarning, mutate } from '../fixtures.js';

describe('expectations and properties', () => {
  it('an undeclared user or role in a request is a warning', () => {
    const d = expectWarning((s) => (s.expect[2].request.principal = 'role/webb'), 'undeclared-principal', ['expect', 2, 'request', 'principal']);
    expect(d.message).toContain('`webb`');
    expectWarning((s) => (s.properties[0].forall.principal = ['user/bob']), 'undeclared-principal', ['properties', 0, 'forall', 'principal', 0]);
  });
  it('...with did-you-mean: the closest declared name of its account, written as the principal was', () => {
    expect(expectWarning((s) => (s.expect[2].request.principal = 'role/webb'), 'undeclared-principal', ['expect', 2, 'request', 'principal']).hint).toMatch(/^did you mean `role\/web`\? or declare it/);
    expect(expectWarning((s) => (s.expect[2].request.principal = 'role/wbe/s1'), 'undeclared-principal', ['expect', 2, 'request', 'principal']).hint).toMatch(/^did you mean `role\/web\/s1`\?/);
    expect(expectWarning((s) => (s.expect[2].request.principal = 'arn:aws:iam::111111111111:role/wb'), 'undeclared-principal', ['expect', 2, 'request', 'principal']).hint).toMatch(/^did you mean `arn:aws:iam::111111111111:role\/web`\?/);
    // nothing close: only how to declare it
    expect(expectWarning((s) => (s.expect[2].request.principal = 'role/database-admin'), 'undeclared-principal', ['expect', 2, 'request', 'principal']).hint).toBe('declare it under `iam.roles`: an undeclared role has no policies');
  });
  it('session, root, service and ARN principals are fine', () => {
    for (const p of ['role/web/s1', 'root', 'anonymous', 'service:ec2.amazonaws.com', '222222222222', 'arn:aws:iam::111111111111:user/alice'])
      expect(mutate((s) => (s.expect[2].request.principal = p))).toEqual([]);
  });
  it('a principal that is not one is an error', () => {
    expectError((s) => (s.expect[2].request.principal = 'alice'), 'invalid-principal', ['expect', 2, 'request', 'principal']);
  });
  it('trace endpoints are well formed', () => {
    expectError((s) => (s.expect[0].trace.to = 'internet:8.8.8'), 'invalid-endpoint', ['expect', 0, 'trace', 'to']);
    expectError((s) => (s.expect[0].trace.from = '10.0.0.300'), 'invalid-endpoint', ['expect', 0, 'trace', 'from']);
    expectError((s) => (s.expect[0].trace.from = 'external:'), 'invalid-endpoint', ['expect', 0, 'trace', 'from']);
    expectError((s) => (s.expect[2].request.from = 'i web'), 'invalid-endpoint', ['expect', 2, 'request', 'from']);
  });
  it('an endpoint naming nothing declared is an error with did-you-mean (the check could never be judged)', () => {
    const d = expectError((s) => (s.expect[0].trace.from = 'i-wbe'), 'unknown-endpoint', ['expect', 0, 'trace', 'from']);
    expect(d.hint).toBe('did you mean `i-web`?');
  });
  // an interface endpoint's DNS names and a service's name are trace destinations (the tracer
  // resolves them): https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
  it('DNS names: an interface endpoint\'s (its id first) and a service\'s are accepted; a name of no declared endpoint is an error with did-you-mean', () => {
    for (const to of ['vpce-sqs-0a1b2c3d.sqs.us-east-1.vpce.amazonaws.com', 'vpce-sqs-0a1b2c3d-us-east-1b.sqs.us-east-1.vpce.amazonaws.com', 'sqs.us-east-1.amazonaws.com'])
      expect(mutate((s) => (s.expect[0].trace.to = to))).toEqual([]);
    const d = expectError((s) => (s.expect[0].trace.to = 'vpce-sqq-0a1b2c3d.sqs.us-east-1.vpce.amazonaws.com'), 'unknown-endpoint', ['expect', 0, 'trace', 'to']);
    expect(d.hint).toBe('did you mean `vpce-sqs`?');
    // a gateway endpoint has no DNS name
    expectError((s) => (s.expect[0].trace.to = 'vpce-s3-0a1b2c3d.s3.us-east-1.vpce.amazonaws.com'), 'unknown-endpoint', ['expect', 0, 'trace', 'to']);
  });
  it.each(['internet', 'internet:8.8.8.8', 'external:office', 'external:office:2001:db8::1', 'service:s3', '10.0.0.10', '2600:1f18:1:1200::10', 'i-web/eth0'])(
    '%s is well formed',
    (e) => expect(endpointProblem(e)).toBeUndefined(),
  );
});

describe('blockedBy and property selectors', () => {
  it('blockedBy naming nothing is a warning', () => {
    const d = expectWarning((s) => (s.expect[1].blockedBy = 'sg-wbe'), 'unknown-blocked-by', ['expect', 1, 'blockedBy']);
    expect(d.hint).toBe('did you mean `sg-web`?');
    expect(mutate((s) => (s.expect[1].blockedBy = 'vpc-a/default-acl'))).toEqual([]);
  });
  it('selectors are well formed', () => {
    expectError((s) => (s.properties = [{ name: 'p', forall: { from: 'internet', to: 'cidr:10.0.0.1/8' }, reachable: false }]), 'invalid-selector', ['properties', 0, 'forall', 'to']);
    expectError((s) => (s.properties = [{ name: 'p', forall: { from: ['internet', 'subnet:'], to: 'i-*' }, reachable: false }]), 'invalid-selector', ['properties', 0, 'forall', 'from', 1]);
    expect(mutate((s) => (s.properties = [{ name: 'p', forall: { from: ['internet', 'vpc:vpc-a', 'cidr:10.0.0.0/8'], to: 'subnet:sn-*' }, reachable: false }]))).toEqual([]);
  });
});

describe('request actions one letter away from a named one', () => {
  const expectation = (s: any) => s.expect.find((e: any) => e.request !== undefined);
  it('a near miss of an action a policy names is a warning with the fix', () => {
    const d = expectWarning((s: any) => (expectation(s).request.action = 's3:GetObjectt'), 'action-near-miss');
    expect(d.hint).toBe('did you mean `s3:GetObject`?');
  });
  it('an action no policy mentions and that is no near miss is a fair expectation: no warning', () => {
    expect(mutate((s: any) => (expectation(s).request.action = 'ec2:TerminateInstances')).filter((d) => d.code === 'action-near-miss')).toEqual([]);
  });
  it('an action a policy names is no near miss, whatever its case', () => {
    expect(mutate((s: any) => (expectation(s).request.action = 'S3:getobject')).filter((d) => d.code === 'action-near-miss')).toEqual([]);
  });
});
