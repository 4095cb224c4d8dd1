// Who can (issue 16): every principal class the scenario's policies distinguish, judged by
// the IAM engine. Unit cases on the worked scenarios, then the differential suite: every
// answer agrees with `can` (IAM `evaluate`) on each listed class and on sampled principals
// the answer does not list, which must behave as the class they fall in.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '@vpcsim/iam';
import { compile, loadScenarioFile, type Model } from '@vpcsim/model';
import { classOf, externalModel, principalUniverse, whatCan, whoCan, withAssumedPrincipals, type WhoCanResult } from '../src/index.js';
import { loadCatalog } from '@vpcsim/iam';
import { namedActions } from '../src/access/action-source.js';
import { entityArns } from '../src/access/resources.js';

const dir = join(import.meta.dirname, '..', '..', '..', 'scenarios');
const load = (f: string): Model => {
  const l = loadScenarioFile(join(dir, f));
  if (!l.ok) throw new Error(l.errors.map((e) => e.message).join('\n'));
  return l.model;
};
const who = (r: WhoCanResult): string[] => r.allowed.map((e) => e.class.label);
const A = '111111111111';
const scenario = (extra: Record<string, unknown>): Model => {
  const c = compile({ version: 1, defaults: { account: A, region: 'us-east-1' }, ...extra });
  if (!c.ok) throw new Error(c.errors.map((e) => e.message).join('\n'));
  return c.model;
};
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });

describe('who can', () => {
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html (public read)
  it('a public statement admits anonymous callers, every account and every service: public', () => {
    const r = whoCan(load('iam-account.yaml'), { action: 's3:GetObject', resource: 'arn:aws:s3:::assets/public/logo.png' });
    expect(r.public).toBe(true);
    expect(who(r)).toEqual(expect.arrayContaining(['anonymous callers (no credentials)', 'root of any other account', 'any role of any other account', 'any other AWS service', 'user/bob']));
    const anon = r.lines.find((l) => l.heading === 'anonymous')!;
    expect(anon.decisive).toEqual(['arn:aws:s3:::assets bucket policy statement 0 (sid PublicRead)']);
    expect(r.lines.find((l) => l.heading === 'every other account')).toMatchObject({ whole: true });
  });

  it('outside the public prefix: the identity policies that grant, and the account root', () => {
    const r = whoCan(load('iam-account.yaml'), { action: 's3:GetObject', resource: 'arn:aws:s3:::assets/logo.png' });
    expect(r.public).toBe(false);
    expect(who(r).sort()).toEqual(['root (111111111111)', 'user/alice', 'user/carol']);
    expect(r.allowed.find((e) => e.class.label === 'user/alice')!.decisive).toEqual(['arn:aws:iam::111111111111:policy/ReadAssets statement 0 (sid ReadObjects)']);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
  it('another account named in a bucket policy: any principal its own policies allow', () => {
    const m = scenario({
      resources: [{ arn: 'arn:aws:s3:::shared', account: A, policy: doc({ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }) }],
    });
    const r = whoCan(m, { action: 's3:GetObject', resource: 'arn:aws:s3:::shared/a.csv' });
    const line = r.lines.find((l) => l.heading === 'account 222222222222')!;
    expect(line).toMatchObject({ whole: true });
    expect(line.decisive).toContain('arn:aws:s3:::shared bucket policy statement 0 (sid Partner)');
    expect(line.decisive).toContain("its own account's policies (assumed to allow)");
    expect(r.lines.some((l) => l.heading === 'every other account')).toBe(false);
    expect(r.public).toBe(false);
  });

  it('a principal ARN of another account is its own class', () => {
    const m = scenario({
      resources: [{ arn: 'arn:aws:s3:::shared', account: A, policy: doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:role/reader' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::shared/*' }) }],
    });
    const r = whoCan(m, { action: 's3:GetObject', resource: 'arn:aws:s3:::shared/a.csv' });
    expect(who(r).filter((w) => w.includes('222222222222'))).toEqual(['arn:aws:iam::222222222222:role/reader']);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
  it('aws:PrincipalOrgID: the organization accounts, not every other account', () => {
    const m = scenario({
      organization: { id: 'o-a1b2c3d4e5', managementAccount: A, root: { accounts: [A, '333333333333'] } },
      resources: [{ arn: 'arn:aws:s3:::org-data', account: A, policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::org-data/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } }) }],
    });
    const r = whoCan(m, { action: 's3:GetObject', resource: 'arn:aws:s3:::org-data/x' });
    expect(r.lines.find((l) => l.heading === 'account 333333333333')).toMatchObject({ whole: true });
    expect(r.lines.some((l) => l.heading === 'every other account' || l.heading === 'anonymous')).toBe(false);
    expect(r.public).toBe(false);
  });

  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
  it('a condition the caller controls: allowed only with the context that satisfies it', () => {
    const r = whoCan(load('vpc-gateway-endpoint-s3.yaml'), { action: 's3:GetObject', resource: 'arn:aws:s3:::private-bucket/report.csv' });
    expect(r.allowed).toEqual([]);
    expect(r.conditional.map((e) => e.class.label)).toContain('role/app');
    expect(r.conditional.find((e) => e.class.label === 'role/app')!.context).toEqual({ 'aws:SourceVpce': 'vpce-s3' });
  });

  it('from an instance: the network path decides the context, for every principal alike', () => {
    const m = load('vpc-gateway-endpoint-s3.yaml');
    const through = whoCan(m, { action: 's3:GetObject', resource: 'arn:aws:s3:::private-bucket/report.csv', from: 'i-app-1' });
    expect(who(through)).toContain('role/app');
    expect(through.network).toMatchObject({ reached: true, via: 'gateway-endpoint' });
    const internet = whoCan(m, { action: 's3:GetObject', resource: 'arn:aws:s3:::private-bucket/report.csv', from: 'i-web-1' });
    expect(internet.allowed).toEqual([]);
    expect(internet.conditional).toEqual([]);
  });

  it('a role trust policy with MFA: who may assume it, and with what', () => {
    const r = whoCan(load('iam-role-trust.yaml'), { action: 'sts:AssumeRole', resource: 'role/break-glass' });
    expect(r.allowed).toEqual([]);
    expect(r.conditional.find((e) => e.class.label === 'user/oncall')).toMatchObject({ context: { 'aws:MultiFactorAuthPresent': 'true' }, satisfies: 'role/break-glass trust policy statement 0' });
  });

  describe('bad input: located errors', () => {
    const m = load('iam-account.yaml');
    it('an action one letter from a known one: did you mean', () => {
      const r = whoCan(m, { action: 's3:GetObjekt', resource: 'arn:aws:s3:::assets/logo.png' });
      expect(r.errors[0]).toMatchObject({ code: 'unknown-action', path: ['request', 'action'], hint: expect.stringContaining('`s3:GetObject`') });
    });
    it('an action that is not an action', () => {
      expect(whoCan(m, { action: 'GetObject' }).errors[0]).toMatchObject({ code: 'invalid-action' });
      expect(whoCan(m, { action: 's3:Get*' }).errors[0]).toMatchObject({ code: 'invalid-action' });
    });
    // https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
    it('an action AWS does not have is an error even when no policy names anything near it (the catalogue)', () => {
      expect(whoCan(m, { action: 's3:Frobnicate', resource: 'arn:aws:s3:::assets/logo.png' }).errors[0]).toMatchObject({ code: 'unknown-action', path: ['request', 'action'] });
      expect(whoCan(m, { action: 's4:GetObject' }).errors[0]).toMatchObject({ code: 'unknown-action', hint: 'did you mean `s3:GetObject`?' });
      expect(whoCan(m, { action: 'ec2:DescribeVpcs' }).errors).toEqual([]);
    });
    it('a real action the scenario does not name is not an error', () => {
      expect(whoCan(m, { action: 's3:PutObject', resource: 'arn:aws:s3:::assets/logo.png' }).errors).toEqual([]);
    });
    it('a resource the scenario does not know: did you mean', () => {
      const r = whoCan(m, { action: 's3:GetObject', resource: 'arn:aws:s3:::asets/logo.png' });
      expect(r.errors[0]).toMatchObject({ code: 'unknown-resource', path: ['request', 'resource'], hint: expect.stringContaining('arn:aws:s3:::assets') });
    });
    it('an unknown instance for --from', () => {
      const r = whoCan(load('vpc-gateway-endpoint-s3.yaml'), { action: 's3:GetObject', resource: 'arn:aws:s3:::private-bucket/x', from: 'i-app-2' });
      expect(r.errors[0]).toMatchObject({ code: 'unknown-endpoint', hint: 'did you mean `i-app-1`?' });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Differential: who-can against `can` on every worked scenario.
// ---------------------------------------------------------------------------------------------

const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();

/** The questions asked of a scenario: its literal actions × its entities' ARNs (and an object of each bucket), bounded. */
function questions(m: Model): { action: string; resource: string }[] {
  const actions = [...new Set(namedActions(m))].slice(0, 6);
  const resources = [...new Set(entityArns(m).flatMap((r) => (r.startsWith('arn:aws:s3:::') && !r.includes('/') ? [r, `${r}/example`] : [r])))].slice(0, 6);
  return actions.flatMap((action) => resources.map((resource) => ({ action, resource })));
}

describe('who-can agrees with can', () => {
  for (const f of files) {
    const m = load(f);
    const qs = questions(m);
    if (qs.length === 0) continue;
    it(`${f}: every listed class is allowed, every other refused (${qs.length} questions)`, () => {
      const ext = externalModel(m);
      for (const q of qs) {
        const r = whoCan(m, q);
        expect(r.errors.filter((e) => e.severity === 'error'), `${q.action} ${q.resource}`).toEqual([]);
        for (const e of [...r.allowed, ...r.denied]) {
          const d = evaluate(e.class.assumesOwnPolicies ? ext : m, { principal: e.class.representative, action: q.action, resource: q.resource });
          expect(d.decision === 'allowed', `${e.class.label} ${q.action} ${q.resource}`).toBe(e.decision === 'allowed');
        }
        for (const e of r.conditional) {
          const d = evaluate(e.class.assumesOwnPolicies ? ext : m, { principal: e.class.representative, action: q.action, resource: q.resource, context: e.context });
          expect(d.decision, `${e.class.label} ${q.action} ${q.resource} with ${JSON.stringify(e.context)}`).toBe('allowed');
        }
      }
    });
  }

  // principals the answer does not list behave as the class they fall in
  const account = fc.integer({ min: 100000000000, max: 999999999990 }).map(String);
  const name = fc.stringMatching(/^[a-z]{3,8}$/).map((s) => `r-${s}`);
  const sample = fc.oneof(
    fc.tuple(account, name).map(([a, n]) => `arn:aws:iam::${a}:user/${n}`),
    fc.tuple(account, name).map(([a, n]) => `arn:aws:iam::${a}:role/${n}`),
    account.map((a) => `arn:aws:iam::${a}:root`),
    name.map((n) => `service:${n}.amazonaws.com`),
    name.map((n) => `federated:${n}.example.com`),
  );
  for (const f of ['iam-account.yaml', 'iam-s3-cross-account.yaml', 'iam-role-trust.yaml', 'iam-kms-key-policy.yaml', 'request-cloudfront-origin.yaml']) {
    it(`${f}: sampled unlisted principals get their class's answer`, () => {
      const m = load(f);
      const u = principalUniverse(m);
      const qs = questions(m);
      const answers = qs.map((q) => ({ q, r: whoCan(m, q) }));
      fc.assert(
        fc.property(sample, fc.nat({ max: Math.max(0, answers.length - 1) }), (p, i) => {
          const { q, r } = answers[i]!;
          const c = classOf(u, m, p);
          if (c === undefined) return;
          const listed = r.allowed.some((e) => e.class === c);
          const external = /^arn:aws:iam::\d{12}:(user|role)\//.test(p);
          const judged = external ? withAssumedPrincipals(m, [p]) : m;
          const d = evaluate(judged, { principal: p, action: q.action, resource: q.resource });
          expect(d.decision === 'allowed', `${p} (class ${c.label}) ${q.action} ${q.resource}`).toBe(listed);
        }),
        { seed: 16, numRuns: 60 },
      );
    });
  }
});

// What can a principal do (who-can --principal): every action of AWS's catalogue, on the
// resources of the scenario each applies to.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
describe('what can', () => {
  const m = load('iam-account.yaml');
  it('lists actions from AWS\'s catalogue, each on the resource types it acts on, and says it is complete', () => {
    const r = whatCan(m, { principal: 'user/alice' });
    expect(r.errors).toEqual([]);
    expect(r.complete).toBe(true);
    expect(r.note).toContain("AWS's catalogue");
    const s3 = r.services.find((x) => x.service === 's3')!;
    // s3:GetObject acts on objects, s3:ListBucket on buckets (list_amazons3.html)
    expect(s3.actions.find((a) => a.action === 's3:GetObject')!.resources).not.toContain('arn:aws:s3:::assets');
    expect(s3.actions.find((a) => a.action === 's3:ListBucket')!.resources).toEqual(['arn:aws:s3:::assets']);
    // tried over the whole S3 catalogue, not a list of names
    expect(s3.tried).toBeGreaterThan(40);
    // sts:GetSessionToken needs no permission for a user, a catalogue action no policy names
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html
    expect(r.services.find((x) => x.service === 'sts')!.actions.map((a) => a.action)).toContain('sts:GetSessionToken');
  });
  it('an administrator: every action of hundreds of services, allowed alike', () => {
    const r = whatCan(m, { principal: 'user/carol' });
    const every = r.services.filter((x) => x.every);
    expect(every.length).toBeGreaterThan(300);
    expect(every.find((x) => x.service === 'ec2')!.actions[0]!.decisive).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess statement 0']);
  });
  it('a principal of another account: only requests on the scenario\'s resources (a request without one acts in its own account)', () => {
    const r = whatCan(load('access-external-access.yaml'), { principal: 'arn:aws:iam::222222222222:user/x' });
    expect(r.services.flatMap((x) => x.actions.flatMap((a) => a.resources))).not.toContain('*');
    expect(r.services.flatMap((x) => x.actions.map((a) => a.action)).sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey', 's3:GetObject', 's3:ListBucket']);
  });
  it('agrees with can: every listed request is allowed, every other catalogue action of the service on those resources is not', () => {
    const r = whatCan(m, { principal: 'user/alice' });
    const cat = loadCatalog();
    for (const svc of r.services)
      for (const a of svc.actions)
        for (const res of a.resources) expect(evaluate(m, { principal: 'user/alice', action: a.action, resource: res === '*' ? undefined : res }).decision, `${a.action} ${res}`).toBe('allowed');
    const listed = new Set(r.services.flatMap((x) => x.actions.map((a) => a.action)));
    for (const action of cat.expand('s3:*').filter((a) => !listed.has(a)))
      expect(evaluate(m, { principal: 'user/alice', action, resource: 'arn:aws:s3:::assets/logo.png' }).decision, action).not.toBe('allowed');
  });
});
