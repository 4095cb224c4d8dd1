// A principal the scenario does not declare is an error with did-you-mean, never a silent
// denial (issue 15: "An undeclared principal ... is an error with did-you-mean, not
// implicitly-denied"). The request is still never allowed.
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { A, doc, model } from './helpers.js';

const all = doc({ Effect: 'Allow', Action: '*', Resource: '*' });
const m = model({ iam: { users: [{ name: 'dana', inlinePolicies: { All: all } }], roles: [{ name: 'deploy', inlinePolicies: { All: all }, trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }) }] } });
const hintFor = (principal: string) => {
  const d = evaluate(m, { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
  expect(d.decision).toBe('implicitly-denied');
  const e = d.errors.find((x) => x.code === 'unknown-principal');
  expect(e, JSON.stringify(d.errors)).toBeDefined();
  expect(e!.path).toEqual(['request', 'principal']);
  return e!.hint;
};

describe('an undeclared principal', () => {
  it('a user: the closest declared user, written as given', () => {
    expect(hintFor('user/dnaa')).toBe('did you mean `user/dana`? or declare it under `iam.users`');
    expect(hintFor(`arn:aws:iam::${A}:user/dan`)).toBe(`did you mean \`arn:aws:iam::${A}:user/dana\`? or declare it under \`iam.users\``);
  });

  it('a role or its session: the closest declared role, the session kept', () => {
    expect(hintFor('role/deplyo')).toMatch(/^did you mean `role\/deploy`\?/);
    expect(hintFor('role/deplyo/ci')).toMatch(/^did you mean `role\/deploy\/ci`\?/);
  });

  it('nothing close: only how to declare it', () => {
    expect(hintFor('user/administrator')).toBe('declare it under `iam.users`');
  });
});
