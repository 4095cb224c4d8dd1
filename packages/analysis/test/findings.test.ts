// External access findings (issue 16, IAM Access Analyzer's zone of trust) and the two access
// properties, on the worked scenarios and small ones.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '@vpcsim/iam';
import { compile, loadScenarioFile, type Model, type Property } from '@vpcsim/model';
import { checkScenario, externalModel, findings } from '../src/index.js';
import { checkAccessProperty } from '../src/access/properties.js';

const dir = join(import.meta.dirname, '..', '..', '..', 'scenarios');
const load = (f: string): Model => {
  const l = loadScenarioFile(join(dir, f));
  if (!l.ok) throw new Error(l.errors.map((e) => e.message).join('\n'));
  return l.model;
};
const A = '111111111111';
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const scenario = (extra: Record<string, unknown>): Model => {
  const c = compile({ version: 1, defaults: { account: A, region: 'us-east-1' }, ...extra });
  if (!c.ok) throw new Error(c.errors.map((e) => e.message).join('\n'));
  return c.model;
};

describe('findings', () => {
  const m = load('access-external-access.yaml');
  const r = findings(m, { trust: 'account' });
  const of = (arn: string) => r.resources.find((x) => x.resource === arn)!;

  it('a public statement: anonymous callers and every other account, first, through that statement', () => {
    const f = of('arn:aws:s3:::shared-reports').findings;
    expect(f.map((x) => x.principal)).toEqual(['anonymous', 'every other account', 'account 222222222222']);
    expect(f[0]).toMatchObject({ isPublic: true, actions: ['s3:GetObject'], statements: ['arn:aws:s3:::shared-reports bucket policy statement 0 (sid PublicRead)'] });
  });
  it('an account named in a bucket policy: every principal of it its own policies allow, with the actions granted', () => {
    const f = of('arn:aws:s3:::shared-reports').findings.find((x) => x.principal === 'account 222222222222')!;
    expect(f).toMatchObject({ whole: true, isPublic: false, actions: ['s3:GetObject', 's3:ListBucket'] });
    expect(f.statements).toContain('arn:aws:s3:::shared-reports bucket policy statement 1 (sid PartnerRead)');
  });
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
  it('Block Public Access (RestrictPublicBuckets) neutralises a public statement: no finding, a note', () => {
    expect(of('arn:aws:s3:::website-staging').findings).toEqual([]);
    expect(of('arn:aws:s3:::website-staging').notes.join(' ')).toContain('RestrictPublicBuckets');
  });
  it('no resource policy: no finding', () => expect(of('arn:aws:s3:::internal-data').findings).toEqual([]));
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
  it('a key policy naming another account', () => {
    expect(of('arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab').findings).toMatchObject([{ principal: 'account 222222222222', actions: ['kms:Decrypt', 'kms:DescribeKey'] }]);
  });
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
  it('a role trusting another account under an external id: the finding carries the condition', () => {
    expect(of(`arn:aws:iam::${A}:role/partner-access`).findings).toMatchObject([{ principal: 'account 333333333333', condition: { 'sts:ExternalId': 'partner-7731' }, actions: ['sts:AssumeRole'] }]);
  });
  it('a role trusting an identity provider', () => {
    expect(of(`arn:aws:iam::${A}:role/ci`).findings).toMatchObject([{ principal: 'identity providers', actions: ['sts:AssumeRoleWithWebIdentity'] }]);
  });
  it('a role an AWS service assumes is not a finding', () => expect(of(`arn:aws:iam::${A}:role/web`).findings).toEqual([]));
  it('every finding example is a request `can` allows', () => {
    for (const x of r.resources.flatMap((y) => y.findings)) {
      const e = x.example;
      expect(evaluate(e.assumesOwnPolicies ? externalModel(m) : m, { principal: e.principal, action: e.action, resource: e.resource, context: e.context }).decision, `${x.resource} ${x.principal}`).toBe('allowed');
    }
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html (organization as the zone of trust)
  it('the organization as the zone of trust: sharing with a member account is no finding', () => {
    const org = scenario({
      organization: { id: 'o-a1b2c3d4e5', managementAccount: A, root: { accounts: [A, '222222222222'] } },
      resources: [{ arn: 'arn:aws:s3:::b', account: A, policy: doc({ Effect: 'Allow', Principal: { AWS: ['222222222222', '333333333333'] }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) }],
    });
    expect(findings(org, { trust: 'organization' }).resources[0]!.findings.map((f) => f.principal)).toEqual(['account 333333333333']);
    expect(findings(org, { trust: 'account' }).resources[0]!.findings.map((f) => f.principal)).toEqual(['account 222222222222', 'account 333333333333']);
  });
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
  it('an RCP that keeps the bucket in the organization removes the finding', () => {
    const rcp = doc({ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } });
    const m2 = scenario({
      organization: { id: 'o-a1b2c3d4e5', managementAccount: '999999999999', root: { resourceControlPolicies: ['InOrg'], accounts: [A] }, policies: [{ name: 'InOrg', type: 'rcp', document: rcp }] },
      resources: [{ arn: 'arn:aws:s3:::b', account: A, policy: doc({ Effect: 'Allow', Principal: { AWS: '333333333333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) }],
    });
    expect(findings(m2, { trust: 'account' }).resources[0]!.findings).toEqual([]);
  });
  // https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html
  //   (an SCP limits the principals of its member accounts, on their requests to any account's resources)
  it('an SCP of the caller\'s account, where the organization declares it, removes the finding', () => {
    const scp = doc({ Effect: 'Deny', Action: 's3:*', Resource: '*' });
    const raw = (scps: string[]) => ({
      organization: { id: 'o-a1b2c3d4e5', managementAccount: A, root: { accounts: [A], units: [{ id: 'ou-partners', accounts: ['555555555555'], ...(scps.length > 0 ? { policies: scps } : {}) }] }, policies: [{ name: 'NoS3', type: 'scp', document: scp }] },
      resources: [{ arn: 'arn:aws:s3:::b', account: A, policy: doc({ Effect: 'Allow', Principal: { AWS: '555555555555' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) }],
    });
    expect(findings(scenario(raw([])), { trust: 'account' }).resources[0]!.findings.map((f) => f.principal)).toEqual(['account 555555555555']);
    expect(findings(scenario(raw(['NoS3'])), { trust: 'account' }).resources[0]!.findings).toEqual([]);
  });
  it('a policy whose principals are all in the zone judges no action, however wide (s3:* to a role of the account)', () => {
    const m2 = scenario({ iam: { roles: [{ name: 'app', trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) }] }, resources: [{ arn: 'arn:aws:s3:::b', account: A, policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/app` }, Action: 's3:*', Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }) }] });
    expect(findings(m2, { trust: 'account', resources: ['arn:aws:s3:::b'] }).resources[0]).toMatchObject({ findings: [], actions: 0 });
  });
  it('a bucket policy naming a CloudFront origin access identity: its finding', () => {
    const f = findings(load('request-cloudfront-origin.yaml'), { trust: 'account' });
    expect(f.resources.find((x) => x.resource === 'arn:aws:s3:::site-assets')!.findings).toMatchObject([{ principal: 'CloudFront origin access identities', actions: ['s3:GetObject'] }]);
  });
  it('a selector that selects nothing: an error with did-you-mean', () => {
    expect(findings(m, { resources: ['arn:aws:s3:::shared-report'] }).errors[0]).toMatchObject({ code: 'selector-unknown', hint: 'did you mean `arn:aws:s3:::shared-reports`?' });
  });
});

describe('access properties', () => {
  it('the worked scenarios hold', () => {
    for (const f of ['access-external-access.yaml', 'access-privilege-escalation.yaml']) {
      const rs = checkScenario(load(f));
      expect(rs.filter((r) => !r.passed).map((r) => r.name), f).toEqual([]);
    }
  });
  it('noExternalAccess fails with a request `can` allows as the counterexample', () => {
    const m = load('access-external-access.yaml');
    const p: Property = { name: 'reports stay in the account', noExternalAccess: { resource: 'arn:aws:s3:::shared-reports', trust: 'account' } };
    const r = checkAccessProperty(m, p);
    expect(r.passed).toBe(false);
    expect(r.counterexample).toEqual({ principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::shared-reports/public/example' });
    expect(r.decision?.decision).toBe('allowed');
    expect(r.actual.by).toContain('PublicRead');
  });
  it('cannotBecome fails with the shortest path as the counterexample', () => {
    const m = load('access-privilege-escalation.yaml');
    const r = checkAccessProperty(m, { name: 'dev is no admin', cannotBecome: { from: 'user/dev', to: 'admin' } });
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ principal: 'user/dev', to: 'admin' });
    expect((r.counterexample!.path as string[])[0]).toContain('iam:CreatePolicyVersion');
    const ok = checkAccessProperty(m, { name: 'interns', cannotBecome: { from: 'user/*', to: 'role/app' } });
    expect(ok.passed).toBe(false);
    expect(checkAccessProperty(m, { name: 'auditor', cannotBecome: { from: ['user/auditor', 'user/intern'], to: 'admin' } })).toMatchObject({ passed: true, stats: { summary: expect.stringMatching(/^checked all \d+ cases? .*no path to an administrator$/) } });
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html (the resource types)
describe('every resource type of the findings, and every action of AWS\'s catalogue', () => {
  const m = scenario({
    resources: [
      // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-basic-examples-of-sqs-policies.html
      { arn: `arn:aws:sqs:us-east-1:${A}:jobs`, policy: doc({ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: '222222222222' }, Action: 'sqs:SendMessage', Resource: `arn:aws:sqs:us-east-1:${A}:jobs` }) },
      // https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html
      { arn: `arn:aws:sns:us-east-1:${A}:alerts`, policy: doc({ Sid: 'Anyone', Effect: 'Allow', Principal: '*', Action: 'sns:Subscribe', Resource: `arn:aws:sns:us-east-1:${A}:alerts` }) },
      // https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-cross-account.html
      { arn: `arn:aws:lambda:us-east-1:${A}:function:resize`, policy: doc({ Sid: 'Invoke', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::333333333333:root' }, Action: 'lambda:InvokeFunction', Resource: `arn:aws:lambda:us-east-1:${A}:function:resize` }) },
      // https://docs.aws.amazon.com/secretsmanager/latest/userguide/auth-and-access_examples_cross.html
      { arn: `arn:aws:secretsmanager:us-east-1:${A}:secret:db-AbCdEf`, policy: doc({ Sid: 'Read', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444444444444:role/reader' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }) },
      { arn: 'arn:aws:s3:::wide', policy: doc({ Sid: 'All', Effect: 'Allow', Principal: { AWS: '555555555555' }, Action: 's3:*', Resource: ['arn:aws:s3:::wide', 'arn:aws:s3:::wide/*'] }) },
    ],
  });
  const r = findings(m, { trust: 'account' });
  const of = (arn: string) => r.resources.find((x) => x.resource === arn)!;
  it('an SQS queue, an SNS topic, a Lambda function and a Secrets Manager secret shared outside the account', () => {
    expect(of(`arn:aws:sqs:us-east-1:${A}:jobs`)).toMatchObject({ resourceType: 'AWS::SQS::Queue', findings: [{ principal: 'account 222222222222', actions: ['sqs:SendMessage'] }] });
    expect(of(`arn:aws:sns:us-east-1:${A}:alerts`)).toMatchObject({ resourceType: 'AWS::SNS::Topic', findings: [{ principal: 'anonymous', isPublic: true, actions: ['sns:Subscribe'] }, { principal: 'every other account' }] });
    expect(of(`arn:aws:lambda:us-east-1:${A}:function:resize`)).toMatchObject({ resourceType: 'AWS::Lambda::Function', findings: [{ principal: 'account 333333333333', actions: ['lambda:InvokeFunction'] }] });
    expect(of(`arn:aws:secretsmanager:us-east-1:${A}:secret:db-AbCdEf`)).toMatchObject({ resourceType: 'AWS::SecretsManager::Secret', findings: [{ principal: 'account 444444444444', principals: ['arn:aws:iam::444444444444:role/reader'], actions: ['secretsmanager:GetSecretValue'] }] });
  });
  // https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
  it('`s3:*` granted to another account: every S3 action of the catalogue, each on the resource type it acts on', () => {
    const [f] = of('arn:aws:s3:::wide').findings;
    // actions no policy and no built-in list names are found through the catalogue
    expect(f!.actions).toEqual(expect.arrayContaining(['s3:PutBucketPolicy', 's3:DeleteBucket', 's3:PutObjectAcl', 's3:BypassGovernanceRetention']));
    expect(f!.actions.length).toBeGreaterThan(80);
    // an action that takes no resource (s3:ListAllMyBuckets) is not an action on this bucket
    expect(f!.actions).not.toContain('s3:ListAllMyBuckets');
    expect(f!.requestResources).toEqual(expect.arrayContaining(['arn:aws:s3:::wide', 'arn:aws:s3:::wide/example']));
    // the example pairs an action with a resource it acts on, and `can` allows it
    const e = f!.example;
    expect(evaluate(externalModel(m), { principal: e.principal, action: e.action, resource: e.resource }).decision).toBe('allowed');
    expect(r.notes.join(' ')).not.toContain('limited');
  });
});
