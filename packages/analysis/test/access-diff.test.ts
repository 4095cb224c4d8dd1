// The access diff (issue 16): wildcard patterns as automata, agreeing with the IAM engine's
// matcher; CheckNoNewAccess over every action and resource, not only the names the versions
// spell; requests sent from instances over each version's network path. The differential
// suite samples requests the policies never name and checks that every decision that differs
// between two random versions is reported, and that every reported change replays.
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoNewAccess.html
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { authorizeModel, compileGlob, compileResourceGlob, globMatch, loadCatalog, resourceMatch } from '@vpcsim/iam';
import { compile, loadScenarioFile, type Model } from '@vpcsim/model';
import { classOf, diffScenarios, principalUniverse, withAssumedPrincipals } from '../src/index.js';
import { ACTION_SHAPE, ARN_SHAPE, cells, compilePattern, patternMatches, signatureOf } from '../src/access/automata.js';
import { diffAccess } from '../src/access/access-diff.js';

const root = join(import.meta.dirname, '..', '..', '..');
const A = '111111111111';
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const build = (raw: unknown): Model => {
  const c = compile(raw);
  if (!c.ok) throw new Error(c.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('\n'));
  return c.model;
};
const file = (f: string): Model => {
  const l = loadScenarioFile(join(root, f));
  if (!l.ok) throw new Error(l.errors.map((e) => e.message).join('\n'));
  return l.model;
};

describe('patterns as automata agree with the IAM engine', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
  const piece = fc.constantFrom('a', 'b', ':', '/', '*', '?', 'ab', 'b:', '*:', ':*');
  const text = fc.array(fc.constantFrom('a', 'b', ':', '/', 'x'), { maxLength: 8 }).map((x) => x.join(''));
  it('resource patterns: the same strings as resourceMatch', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 5 }).map((x) => x.join('')), text, (p, t) => {
        expect(patternMatches(compilePattern(p, 'resource'), t)).toBe(resourceMatch(compileResourceGlob(p), t));
      }),
      { seed: 16, numRuns: 3000 },
    );
  });
  it('action patterns: the same strings as globMatch, case-insensitively', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('s', '3', ':', 'G', 'e', 't', '*', '?'), { maxLength: 6 }).map((x) => x.join('')), fc.array(fc.constantFrom('s', '3', ':', 'g', 'E', 't', 'x'), { maxLength: 7 }).map((x) => x.join('')), (p, t) => {
        expect(patternMatches(compilePattern(p, 'action'), t)).toBe(globMatch(compileGlob(p.toLowerCase()), t.toLowerCase()));
      }),
      { seed: 16, numRuns: 3000 },
    );
  });
  it('cells: every witness has its signature, and every string of the shape falls in a cell found', () => {
    fc.assert(
      fc.property(fc.array(fc.array(piece, { minLength: 1, maxLength: 4 }).map((x) => `arn:a:s:r:1:${x.join('')}`), { minLength: 1, maxLength: 4 }), fc.array(text, { maxLength: 10 }), (ps, samples) => {
        const compiled = ps.map((p) => compilePattern(p, 'resource'));
        const c = cells(compiled, ARN_SHAPE);
        expect(c.complete).toBe(true);
        for (const cell of c.cells) expect(signatureOf(compiled, cell.witness)).toBe(cell.signature);
        const sigs = new Set(c.cells.map((x) => x.signature));
        for (const t of samples) {
          const s = `arn:a:s:r:1:${t || 'x'}`;
          if (patternMatches(ARN_SHAPE, s)) expect(sigs.has(signatureOf(compiled, s)), s).toBe(true);
        }
      }),
      { seed: 16, numRuns: 300 },
    );
  });
  it('action cells: well-formed action witnesses only', () => {
    const c = cells(['s3:get*', 's3:getobject', '*'].map((p) => compilePattern(p, 'action')), ACTION_SHAPE);
    expect(c.cells.map((x) => x.signature).sort()).toEqual(['001', '101', '111']);
    for (const x of c.cells) expect(x.witness).toMatch(/^[a-z0-9-]+:[a-z0-9-]+$/);
  });
});

describe('access diff', () => {
  const account = (policy: unknown, extra: Record<string, unknown> = {}) => build({ version: 1, defaults: { account: A, region: 'us-east-1' }, iam: { users: [{ name: 'dev', inlinePolicies: { P: policy } }] }, resources: [{ arn: 'arn:aws:s3:::data', account: A }], ...extra });

  it('a wildcard that widens an action: new access on an action neither version names', () => {
    const d = diffAccess(account(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' })), account(doc({ Effect: 'Allow', Action: 's3:Get*', Resource: 'arn:aws:s3:::data/*' })));
    expect(d.newAccess).toBe(true);
    const c = d.changed.find((x) => x.principal === 'user/dev')!;
    expect(c).toMatchObject({ opens: true, before: { decision: 'implicitly-denied' }, after: { decision: 'allowed' }, responsible: ['user/dev inline:P statement 0'] });
    expect(c.action).not.toBe('s3:GetObject');
    expect(c.action.toLowerCase().startsWith('s3:get')).toBe(true);
    expect(c.actionCell).toBe('s3:Get*');
  });
  // https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
  it('each example request is an action AWS has, even where no policy or built-in list names one in the widened cell', () => {
    const d = diffAccess(account(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })), account(doc({ Effect: 'Allow', Action: ['s3:GetObject', 'kms:Re*', 'ec2:*Snapshot*'], Resource: '*' })));
    const cat = loadCatalog();
    const actions = [...new Set(d.changed.map((c) => c.action))];
    expect(actions.length).toBeGreaterThanOrEqual(2);
    for (const a of actions) expect(cat.action(a), a).toBeDefined();
    expect(actions.some((a) => /^kms:re/i.test(a))).toBe(true);
    expect(actions.some((a) => /^ec2:.*snapshot/i.test(a))).toBe(true);
  });
  it('a resource pattern that widens within a segment: the witness is outside the old pattern', () => {
    const d = diffAccess(account(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/reports/*' })), account(doc({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*' })));
    const c = d.changed.find((x) => x.principal === 'user/dev')!;
    expect(c.resource!.startsWith('arn:aws:s3:::data/')).toBe(true);
    expect(c.resource!.startsWith('arn:aws:s3:::data/reports/')).toBe(false);
  });
  it('nothing changed: nothing compared, no change', () => {
    const m = account(doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
    expect(diffAccess(m, m)).toMatchObject({ compared: 0, changed: [], newAccess: false, complete: true });
  });
  it('a Deny added closes access: a change that is not new access', () => {
    const before = account(doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }));
    const after = account(doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }, { Effect: 'Deny', Action: 's3:Delete*', Resource: '*' }));
    const d = diffAccess(before, after);
    expect(d.newAccess).toBe(false);
    expect(d.changed.length).toBeGreaterThan(0);
    for (const c of d.changed) expect(c).toMatchObject({ opens: false, after: { decision: 'explicitly-denied' } });
  });
  it('the worked pull request: widening a trust policy to a whole account', () => {
    const d = diffScenarios(file('scenarios/access-cross-account-deploy.yaml'), file('test/fixtures/diff/access-cross-account-deploy-widened.yaml'));
    expect(d.iam.newAccess).toBe(true);
    const contractor = d.iam.changed.find((c) => c.principal === 'arn:aws:iam::222222222222:user/contractor')!;
    expect(contractor).toMatchObject({ action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/deploy`, before: { decision: 'implicitly-denied' }, after: { decision: 'allowed' }, responsible: ['role/deploy trust policy statement 0 (sid ToolingAccount)'] });
  });
  it('requests from instances: an S3 endpoint moved to another route table flips them', () => {
    const d = diffScenarios(file('scenarios/request-endpoint-or-nat.yaml'), file('test/fixtures/diff/request-endpoint-moved.yaml'));
    expect(d.iam.changed).toEqual([]);
    const get = (from: string) => d.requestsFromInstances.changed.find((c) => c.from === from && c.action === 's3:GetObject' && c.resource === 'arn:aws:s3:::finance-reports/example');
    expect(get('i-report-a')).toMatchObject({ before: { decision: 'allowed', via: 'gateway-endpoint', endpoint: 'vpce-s3' }, after: { decision: 'explicitly-denied', via: 'internet' } });
    expect(get('i-report-b')).toMatchObject({ before: { decision: 'explicitly-denied', via: 'internet' }, after: { decision: 'allowed', via: 'gateway-endpoint' } });
    // each action only on the resource type it acts on (list_amazons3.html): s3:ListBucket on the
    // bucket, s3:GetObject on an object, never a request AWS would not receive
    // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
    const pairs = d.requestsFromInstances.changed.map((c) => `${c.action} ${c.resource}`);
    expect([...new Set(pairs)].sort()).toEqual(['s3:GetObject arn:aws:s3:::finance-reports/example', 's3:ListBucket arn:aws:s3:::finance-reports']);
  });
  it('the same scenario: no request from an instance changes', () => {
    const m = file('scenarios/request-endpoint-or-nat.yaml');
    const d = diffScenarios(m, build(parse(readFileSync(join(root, 'scenarios/request-endpoint-or-nat.yaml'), 'utf8'))));
    expect(d.requestsFromInstances.compared).toBeGreaterThan(0);
    expect(d.requestsFromInstances.changed).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Differential: sampled requests no policy names; every differing decision is reported.
// ---------------------------------------------------------------------------------------------

const ACTIONS = ['s3:GetObject', 's3:Get*', 's3:*Object', 's3:?etObject', 's3:List*', 'sqs:*', '*', 'iam:PassRole'];
const RESOURCES = ['arn:aws:s3:::data/*', 'arn:aws:s3:::data/r*', 'arn:aws:s3:::da?a/*', 'arn:aws:s3:::*', '*', 'arn:aws:sqs:us-east-1:111111111111:q*'];
const statement = fc.record({ Effect: fc.constantFrom('Allow', 'Allow', 'Deny'), Action: fc.subarray(ACTIONS, { minLength: 1, maxLength: 2 }), Resource: fc.subarray(RESOURCES, { minLength: 1, maxLength: 2 }) });
const bucketStatement = fc.record({ Effect: fc.constantFrom('Allow', 'Deny'), Principal: fc.constantFrom<unknown>('*', { AWS: '222222222222' }, { AWS: `arn:aws:iam::${A}:user/dev` }), Action: fc.subarray(ACTIONS.filter((a) => a.startsWith('s3') || a === '*'), { minLength: 1, maxLength: 2 }), Resource: fc.constant(['arn:aws:s3:::data', 'arn:aws:s3:::data/*']) });
const version = fc.record({ identity: fc.array(statement, { minLength: 1, maxLength: 3 }), bucket: fc.array(bucketStatement, { maxLength: 2 }) });
const sampleAction = fc.tuple(fc.constantFrom('s3', 'sqs', 'iam', 'ec2'), fc.stringMatching(/^[A-Za-z]{1,12}$/)).map(([s, n]) => `${s}:${n}`);
const sampleResource = fc.oneof(fc.stringMatching(/^[a-z/]{0,10}$/).map((k) => `arn:aws:s3:::data/${k}`), fc.constant('arn:aws:s3:::data'), fc.stringMatching(/^[a-z]{1,6}$/).map((q) => `arn:aws:sqs:us-east-1:${A}:${q}`), fc.constant(undefined));

describe('every differing decision is reported (sampled requests no policy names)', () => {
  it('on random versions', () => {
    const scenarioOf = (v: { identity: unknown[]; bucket: unknown[] }) =>
      build({ version: 1, defaults: { account: A, region: 'us-east-1' }, iam: { users: [{ name: 'dev', inlinePolicies: { P: doc(...v.identity) } }] }, resources: [{ arn: 'arn:aws:s3:::data', account: A, ...(v.bucket.length ? { policy: doc(...v.bucket) } : {}) }] });
    let differing = 0;
    fc.assert(
      fc.property(version, version, fc.array(fc.tuple(fc.constantFrom('user/dev', 'root', 'anonymous', 'arn:aws:iam::222222222222:root', `arn:aws:iam::222222222222:user/vpcsim-any-user`), sampleAction, sampleResource), { minLength: 20, maxLength: 20 }), (v1, v2, reqs) => {
        const b = scenarioOf(v1);
        const a = scenarioOf(v2);
        const d = diffAccess(b, a);
        expect(d.complete).toBe(true);
        const mb = withAssumedPrincipals(b, ['arn:aws:iam::222222222222:user/vpcsim-any-user']);
        const ma = withAssumedPrincipals(a, ['arn:aws:iam::222222222222:user/vpcsim-any-user']);
        // every reported change replays
        for (const c of d.changed) {
          const req = { principal: c.representative, action: c.action, resource: c.resource, context: c.context };
          const [rb, ra] = c.assumesOwnPolicies ? [withAssumedPrincipals(b, [c.representative]), withAssumedPrincipals(a, [c.representative])] : [b, a];
          expect(authorizeModel(ra, req) === 'allowed', JSON.stringify(c)).toBe(c.after.decision === 'allowed');
          expect(authorizeModel(rb, req) === 'allowed', JSON.stringify(c)).toBe(c.before.decision === 'allowed');
        }
        // every sampled request whose decision differs is covered by a reported change of its principal, in its direction
        for (const [principal, action, resource] of reqs) {
          const x = authorizeModel(mb, { principal, action, resource }) === 'allowed';
          const y = authorizeModel(ma, { principal, action, resource }) === 'allowed';
          if (x === y) continue;
          differing++;
          // the principal stands in its class (another account the versions do not name: every other account)
          const reps = [classOf(principalUniverse(a), a, principal), classOf(principalUniverse(b), b, principal)].map((c) => c?.representative);
          expect(d.changed.some((c) => reps.includes(c.representative) && c.opens === y), `${principal} ${action} ${resource}: ${x} → ${y}; reported ${JSON.stringify(d.changed.map((c) => [c.representative, c.action, c.resource, c.opens]))}`).toBe(true);
        }
      }),
      { seed: 16, numRuns: 120 },
    );
    expect(differing).toBeGreaterThan(20);
  });
});
