// What compiled IAM builds once and shares, so that a check of many requests does not grow with
// them (bench/iam-check.bench.mjs measures the memory; here the sharing itself is asserted).
import { describe, expect, it } from 'vitest';
import { compileIam, resourceInfo } from '../src/compile.js';
import { authorize } from '../src/authorize.js';
import { A, doc, model } from './helpers.js';

const m = model({
  iam: {
    users: [{ name: 'alice', inlinePolicies: { R: doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) } }],
    roles: [{ name: 'app', tags: { team: 'blue' }, trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }) }],
  },
  resources: [{ arn: 'arn:aws:s3:::logs', tags: { env: 'prod' }, policy: doc({ Effect: 'Deny', Principal: '*', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::logs/*' }) }],
});

describe('compiled once', () => {
  it('every object of a bucket shares the bucket policy, compiled once, and the keys the bucket gives', () => {
    const c = compileIam(m);
    const a = resourceInfo(c, 'arn:aws:s3:::logs/a.txt', A);
    const b = resourceInfo(c, 'arn:aws:s3:::logs/2025/b.txt', A);
    expect(a.policy).not.toBeNull();
    expect(b.policy).toBe(a.policy);
    expect(b.derived).toBe(a.derived);
    expect(a.derived.get('aws:resourcetag/env')).toEqual(['aws:ResourceTag/env', 'prod']);
    // undeclared resources of one account share theirs too
    expect(resourceInfo(c, 'arn:aws:s3:::other/x', A).derived).toBe(resourceInfo(c, 'arn:aws:s3:::other/y', A).derived);
  });

  it('a role resolved under its ARN twice keeps one trust policy', () => {
    const c = compileIam(m);
    const arn = `arn:aws:iam::${A}:role/app`;
    const first = resourceInfo(c, arn, A).trust;
    c.resources.clear();
    expect(resourceInfo(c, arn, A).trust).toBe(first);
    expect(resourceInfo(c, arn, A).derived.get('iam:resourcetag/team')).toEqual(['iam:ResourceTag/team', 'blue']);
  });

  it('sharing does not change a decision: the bucket policy still denies on every object', () => {
    const c = compileIam(m);
    for (const k of ['a', 'b/c', 'd'])
      expect(authorize(c, { principal: 'user/alice', action: 's3:DeleteObject', resource: `arn:aws:s3:::logs/${k}` })).toBe('explicitly-denied');
    expect(authorize(c, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::logs/a' })).toBe('allowed');
  });
});
