// Wildcard matching of actions and resource ARNs.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html (case-insensitive actions)
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html (case-sensitive ARNs; `*` spans `/` and `:`)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob, compileGlobPieces, compileResourceGlob, globMatch, matchSteps, resourceMatch } from '../src/glob.js';
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

  // How fast these are is measured in bench/hostile.bench.mjs, never asserted here; the work is
  // counted in steps (characters scanned, words of a bit-parallel step, segment tests).
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

/** The steps one match takes, and its answer. */
function counted<T>(f: () => T): { steps: number; answer: T } {
  const before = matchSteps();
  const answer = f();
  return { steps: matchSteps() - before, answer };
}

// issue 18: `*?…?x*` against a long resource took 23 s (each start tried in turn: text x pattern)
describe('wildcard matching is linear in the text (counted in steps)', () => {
  it('`*` + 2,000 `?` + `x*`: the `?`s only ask for characters, one pass over the text', () => {
    const g = compileGlob(`*${'?'.repeat(2000)}x*`);
    for (const n of [10_000, 100_000]) {
      const miss = counted(() => globMatch(g, 'a'.repeat(n)));
      expect(miss.answer).toBe(false);
      expect(miss.steps).toBeLessThanOrEqual(n + 2001);
      const hit = counted(() => globMatch(g, `${'a'.repeat(n)}x`));
      expect(hit.answer).toBe(true);
      expect(hit.steps).toBeLessThanOrEqual(n + 2001);
    }
  });
  it('`?` inside a segment: one bit-parallel step per character and 32 pattern characters', () => {
    const core = '?a'.repeat(1000);
    const g = compileGlob(`*${core}x*`);
    const words = Math.ceil((core.length - 1 + 1) / 32);
    const at = (n: number) => counted(() => globMatch(g, 'a'.repeat(n)));
    const small = at(20_000);
    const large = at(40_000);
    expect(small.answer).toBe(false);
    expect(small.steps).toBeLessThanOrEqual(20_000 * words);
    // twice the text, twice the work: linear in the text (a start-by-start scan is 1,000 times this)
    expect(large.steps).toBeLessThanOrEqual(2 * small.steps + words);
    expect(counted(() => globMatch(g, `${'a'.repeat(39_000)}x`)).answer).toBe(true);
  });
  it('many `*` segments: each found once, left to right', () => {
    const g = compileGlob(`${'a*'.repeat(5000)}b`);
    const r = counted(() => globMatch(g, `${'a'.repeat(9999)}b`));
    expect(r.answer).toBe(true);
    expect(r.steps).toBeLessThanOrEqual(3 * 10_000);
  });
  it('resource patterns: segment tests grow linearly with the segments of the text', () => {
    const g = compileResourceGlob(`*:${'?:'.repeat(100)}b*:x`);
    const at = (n: number) => counted(() => resourceMatch(g, `${'a:'.repeat(n)}x`));
    const [a, b, c] = [at(2_000), at(4_000), at(6_000)];
    expect(a.answer).toBe(false);
    // each 2,000 more segments cost the same: no term grows faster than the text
    expect(Math.abs(c.steps - b.steps - (b.steps - a.steps))).toBeLessThanOrEqual((b.steps - a.steps) / 100);
  });
  it('long `?` segments (several 32-bit words) agree with a regular-expression oracle', () => {
    const oracle = (p: string, t: string): boolean => new RegExp(`^${p.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's').test(t);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', '?', '?', '*'), { minLength: 30, maxLength: 120 }).map((a) => a.join('')),
        fc.array(fc.constantFrom('a', 'b'), { minLength: 0, maxLength: 300 }).map((a) => a.join('')),
        (p, t) => {
          expect(globMatch(compileGlob(p), t)).toBe(oracle(p, t));
          // a text built to match: the pattern's wildcards filled in
          const filled = p.replace(/\*/g, 'ab').replace(/\?/g, 'b');
          expect(globMatch(compileGlob(p), filled)).toBe(true);
        },
      ),
      { numRuns: 500, seed: 18 },
    );
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
