// Properties of the evaluation, on random small worlds (fast-check):
// - an explicit Deny is never overridden;
// - adding an Allow statement never turns allowed into denied;
// - adding a Deny statement never turns denied into allowed;
// - removing the only matching Allow gives an implicit deny;
// - `*` matches whatever a concrete pattern matches (in the matcher and in policies);
// - the matcher agrees with a regular-expression oracle on random patterns.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import { compileGlob, globMatch } from '../src/glob.js';
import type { Request } from '../src/types.js';
import { A, B, doc, model, type Raw } from './helpers.js';

const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:ListBucket', 'ec2:DescribeInstances', 'sqs:SendMessage'];
const ACTION_PATTERNS = [...ACTIONS, 's3:*', 's3:Get*', '*', 'ec2:Describe*', 's3:?etObject', 'S3:getobject'];
const RESOURCES = ['arn:aws:s3:::b', 'arn:aws:s3:::b/k', 'arn:aws:s3:::b/x/y', 'arn:aws:s3:::c/k'];
const RESOURCE_PATTERNS = [...RESOURCES, 'arn:aws:s3:::b/*', 'arn:aws:s3:::*', '*', 'arn:aws:s3:::?/k'];
const ALICE = `arn:aws:iam::${A}:user/alice`;
const BOB = `arn:aws:iam::${B}:user/bob`;

const condition = fc.option(fc.constantFrom({ StringEquals: { 'aws:SourceVpc': 'vpc-1' } }, { StringNotEquals: { 'aws:SourceVpc': 'vpc-2' } }, { Bool: { 'aws:SecureTransport': 'true' } }), { nil: undefined });
const identityStatement = fc.record({
  Effect: fc.constantFrom('Allow', 'Deny'),
  Action: fc.array(fc.constantFrom(...ACTION_PATTERNS), { minLength: 1, maxLength: 2 }),
  Resource: fc.array(fc.constantFrom(...RESOURCE_PATTERNS), { minLength: 1, maxLength: 2 }),
  Condition: condition,
}).map((s) => (s.Condition === undefined ? { Effect: s.Effect, Action: s.Action, Resource: s.Resource } : s));
const resourceStatement = fc.tuple(identityStatement, fc.constantFrom<Raw>('*', { AWS: A }, { AWS: ALICE }, { AWS: B }, { AWS: BOB })).map(([s, Principal]) => ({ ...s, Principal }));

const world = fc.record({
  alice: fc.array(identityStatement, { maxLength: 4 }),
  bob: fc.array(identityStatement, { maxLength: 3 }),
  bucket: fc.option(fc.array(resourceStatement, { minLength: 1, maxLength: 3 }), { nil: undefined }),
});
type World = { alice: Raw[]; bob: Raw[]; bucket: Raw[] | undefined };

const request = fc.record({
  principal: fc.constantFrom('user/alice', BOB, 'anonymous'),
  action: fc.constantFrom(...ACTIONS),
  resource: fc.constantFrom(...RESOURCES),
  context: fc.record({ 'aws:SourceVpc': fc.constantFrom('vpc-1', 'vpc-2'), 'aws:SecureTransport': fc.constantFrom('true', 'false') }, { requiredKeys: [] }),
});

function build(w: World) {
  return model({
    iam: {
      users: [
        { name: 'alice', inlinePolicies: w.alice.length ? { p: doc(...w.alice) } : {} },
        { name: 'bob', account: B, inlinePolicies: w.bob.length ? { p: doc(...w.bob) } : {} },
      ],
    },
    resources: [{ arn: 'arn:aws:s3:::b', account: A, ...(w.bucket ? { policy: doc(...w.bucket) } : {}) }, { arn: 'arn:aws:s3:::c', account: A }],
  });
}
const decide = (w: World, r: Request) => evaluate(build(w), r).decision;

describe('evaluation properties', () => {
  it('an explicit Deny matching the request is never overridden', () => {
    fc.assert(
      fc.property(world, request, fc.boolean(), (w, r, inBucket) => {
        const deny = { Effect: 'Deny', Action: r.action, Resource: '*' };
        const toBucket = inBucket || r.principal === 'anonymous';
        const w2: World = toBucket ? { ...w, bucket: [...(w.bucket ?? []), { ...deny, Principal: '*' }] } : r.principal === BOB ? { ...w, bob: [...w.bob, deny] } : { ...w, alice: [...w.alice, deny] };
        // a Deny in the bucket policy concerns only the bucket's resources
        if (toBucket && !r.resource.startsWith('arn:aws:s3:::b')) return;
        expect(decide(w2, r)).toBe('explicitly-denied');
      }),
      { numRuns: 300 },
    );
  });

  it('adding an Allow statement never turns allowed into denied', () => {
    fc.assert(
      fc.property(world, request, identityStatement, fc.constantFrom('alice', 'bob', 'bucket'), (w, r, st, where) => {
        const allow = { ...st, Effect: 'Allow' };
        const before = decide(w, r);
        const w2: World = where === 'bucket' ? { ...w, bucket: [...(w.bucket ?? []), { ...allow, Principal: '*' }] } : { ...w, [where]: [...w[where as 'alice' | 'bob'], allow] };
        if (before === 'allowed') expect(decide(w2, r)).toBe('allowed');
      }),
      { numRuns: 300 },
    );
  });

  it('adding a Deny statement never turns denied into allowed', () => {
    fc.assert(
      fc.property(world, request, identityStatement, fc.constantFrom('alice', 'bob', 'bucket'), (w, r, st, where) => {
        const deny = { ...st, Effect: 'Deny' };
        const before = decide(w, r);
        const w2: World = where === 'bucket' ? { ...w, bucket: [...(w.bucket ?? []), { ...deny, Principal: '*' }] } : { ...w, [where]: [...w[where as 'alice' | 'bob'], deny] };
        const after = decide(w2, r);
        if (before !== 'allowed') expect(after).not.toBe('allowed');
        if (before === 'explicitly-denied') expect(after).toBe('explicitly-denied');
      }),
      { numRuns: 300 },
    );
  });

  it('removing the only matching Allow gives an implicit deny', () => {
    fc.assert(
      fc.property(world, request, (w, r) => {
        const wNoBucket: World = { ...w, bucket: undefined };
        const d = evaluate(build(wNoBucket), { ...r, principal: 'user/alice' });
        if (d.decision !== 'allowed' || d.decisive.length !== 1) return;
        const only = d.decisive[0]!;
        expect(only.policy).toBe('user/alice inline:p');
        const alice = w.alice.filter((_, i) => i !== only.statement);
        expect(decide({ ...wNoBucket, alice }, { ...r, principal: 'user/alice' })).toBe('implicitly-denied');
      }),
      { numRuns: 400 },
    );
  });

  it('replacing an Allow statement\'s Action or Resource with `*` never turns allowed into denied', () => {
    fc.assert(
      fc.property(world, request, fc.nat(), fc.constantFrom('Action', 'Resource'), (w, r, k, element) => {
        if (w.alice.length === 0) return;
        const i = k % w.alice.length;
        if (w.alice[i].Effect !== 'Allow') return;
        const before = decide(w, r);
        const alice = w.alice.map((s, j) => (j === i ? { ...s, [element]: '*' } : s));
        if (before === 'allowed') expect(decide({ ...w, alice }, r)).toBe('allowed');
      }),
      { numRuns: 300 },
    );
  });
});

describe('matcher properties', () => {
  const alphabet = fc.constantFrom('a', 'b', ':', '/');
  const text = fc.array(alphabet, { maxLength: 12 }).map((a) => a.join(''));
  const pattern = fc.array(fc.constantFrom('a', 'b', ':', '/', '*', '?'), { maxLength: 10 }).map((a) => a.join(''));
  // the oracle: a RegExp built from a test pattern (never from user input in the engine)
  const oracle = (p: string, t: string): boolean => new RegExp(`^${p.replace(/[.+^${}()|[\]\\/]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 's').test(t);

  it('agrees with a regular-expression oracle', () => {
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        expect(globMatch(compileGlob(p), t)).toBe(oracle(p, t));
      }),
      { numRuns: 3000 },
    );
  });
  it('`*` matches whatever any pattern matches', () => {
    fc.assert(fc.property(pattern, text, (p, t) => !globMatch(compileGlob(p), t) || globMatch(compileGlob('*'), t)), { numRuns: 1000 });
  });
  it('a pattern made from a text by wildcarding parts of it matches the text', () => {
    fc.assert(
      fc.property(text, fc.array(fc.boolean(), { maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 12 }), (t, stars, qs) => {
        const p = [...t].map((ch, i) => (stars[i] ? '*' : qs[i] ? '?' : ch)).join('');
        expect(globMatch(compileGlob(p), t)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
