// Privilege-escalation paths (issue 16, PMapper's edges): one test per edge family, each
// citing the AWS page that makes the edge possible; the administrator check; MFA; bad input;
// and the differential suite: every reported path replays step by step through IAM
// `evaluate` (what `vpcsim can` runs) on a copy of the scenario with each step's change applied.
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '@vpcsim/iam';
import { compile, edit, loadScenarioFile, type Model } from '@vpcsim/model';
import { escalationGraph, escalationPaths, type PathsResult } from '../src/index.js';

const A = '111111111111';
const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const allow = (Action: string | string[], Resource: string | string[] = '*', Condition?: unknown) => ({ Effect: 'Allow', Action, Resource, ...(Condition ? { Condition } : {}) });
const trusts = (principal: Record<string, unknown> | '*', Condition?: unknown) => doc({ Effect: 'Allow', Principal: principal, Action: ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity'], ...(Condition ? { Condition } : {}) });
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';

function scenario(iam: Record<string, unknown>, extra: Record<string, unknown> = {}): Model {
  const c = compile({ version: 1, defaults: { account: A, region: 'us-east-1' }, iam, ...extra });
  if (!c.ok) throw new Error(c.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('\n'));
  return c.model;
}
/** An admin role a service may assume. */
const serviceAdmin = (service: string) => ({ name: 'admin', trustPolicy: trusts({ Service: service }), managedPolicies: [ADMIN] });
const user = (name: string, ...statements: unknown[]) => ({ name, inlinePolicies: { P: doc(...statements) } });

const families = (r: PathsResult): string[][] => r.paths.map((p) => p.steps.map((s) => s.family));
const toAdmin = (m: Model, from: string) => escalationPaths(m, { from, to: 'admin' });

describe('escalation edges, one per family', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html
  it('sts:AssumeRole: a role trusting the account, and the caller allowed to assume it; chains', () => {
    const m = scenario({
      users: [user('dev', allow('sts:AssumeRole', `arn:aws:iam::${A}:role/hop`))],
      roles: [
        { name: 'hop', trustPolicy: trusts({ AWS: `arn:aws:iam::${A}:root` }), inlinePolicies: { P: doc(allow('sts:AssumeRole', `arn:aws:iam::${A}:role/admin`)) } },
        { name: 'admin', trustPolicy: trusts({ AWS: `arn:aws:iam::${A}:role/hop` }), managedPolicies: [ADMIN] },
      ],
    });
    const r = toAdmin(m, 'user/dev');
    expect(families(r)).toEqual([['sts-assume-role', 'sts-assume-role']]);
    expect(r.paths[0]!.steps.map((s) => s.to)).toEqual(['role/hop', 'role/admin']);
    expect(r.paths[0]!.steps[1]!.moves[0]).toMatchObject({ request: { principal: 'role/hop', action: 'sts:AssumeRole', decisive: expect.arrayContaining(['role/admin trust policy statement 0']) } });
  });

  it('sts:AssumeRole: a trust policy alone does not let a user in who is not allowed by its own policies (account principal)', () => {
    const m = scenario({ users: [{ name: 'dev' }], roles: [{ name: 'admin', trustPolicy: trusts({ AWS: `arn:aws:iam::${A}:root` }), managedPolicies: [ADMIN] }] });
    expect(toAdmin(m, 'user/dev').paths).toEqual([]);
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
  it('iam:PassRole + ec2:RunInstances: the role of an instance profile', () => {
    const m = scenario({ users: [user('dev', allow(['iam:PassRole', 'ec2:RunInstances']))], roles: [serviceAdmin('ec2.amazonaws.com')] });
    expect(families(toAdmin(m, 'user/dev'))).toEqual([['passrole-ec2']]);
  });
  it('iam:PassRole scoped by iam:PassedToService to another service: no EC2 edge', () => {
    const m = scenario({ users: [user('dev', allow('iam:PassRole', '*', { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } }), allow('ec2:RunInstances'))], roles: [serviceAdmin('ec2.amazonaws.com')] });
    expect(toAdmin(m, 'user/dev').paths).toEqual([]);
  });
  it('iam:PassRole without ec2:RunInstances: no edge', () => {
    const m = scenario({ users: [user('dev', allow('iam:PassRole'))], roles: [serviceAdmin('ec2.amazonaws.com')] });
    expect(toAdmin(m, 'user/dev').paths).toEqual([]);
  });

  // https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html
  it('iam:PassRole + lambda:CreateFunction + lambda:InvokeFunction', () => {
    const m = scenario({ users: [user('dev', allow(['iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction']))], roles: [serviceAdmin('lambda.amazonaws.com')] });
    expect(families(toAdmin(m, 'user/dev'))).toEqual([['passrole-lambda']]);
    const noInvoke = scenario({ users: [user('dev', allow(['iam:PassRole', 'lambda:CreateFunction']))], roles: [serviceAdmin('lambda.amazonaws.com')] });
    expect(toAdmin(noInvoke, 'user/dev').paths).toEqual([]);
  });

  // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html
  it('iam:PassRole + ecs:RegisterTaskDefinition + ecs:RunTask', () => {
    const m = scenario({ users: [user('dev', allow(['iam:PassRole', 'ecs:RegisterTaskDefinition', 'ecs:RunTask']))], roles: [serviceAdmin('ecs-tasks.amazonaws.com')] });
    expect(families(toAdmin(m, 'user/dev'))).toEqual([['passrole-ecs']]);
  });

  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html
  it('iam:PassRole + cloudformation:CreateStack, and the cloudformation:RoleArn condition', () => {
    const m = scenario({ users: [user('dev', allow(['iam:PassRole', 'cloudformation:CreateStack']))], roles: [serviceAdmin('cloudformation.amazonaws.com')] });
    expect(families(toAdmin(m, 'user/dev'))).toEqual([['passrole-cloudformation']]);
    const pinned = scenario({ users: [user('dev', allow('iam:PassRole'), allow('cloudformation:CreateStack', '*', { StringEquals: { 'cloudformation:RoleArn': `arn:aws:iam::${A}:role/other` } }))], roles: [serviceAdmin('cloudformation.amazonaws.com')] });
    expect(toAdmin(pinned, 'user/dev').paths).toEqual([]);
  });

  // https://docs.aws.amazon.com/glue/latest/dg/create-an-iam-role.html
  it('iam:PassRole + glue:CreateDevEndpoint', () => {
    const m = scenario({ users: [user('dev', allow(['iam:PassRole', 'glue:CreateDevEndpoint']))], roles: [serviceAdmin('glue.amazonaws.com')] });
    expect(families(toAdmin(m, 'user/dev'))).toEqual([['passrole-glue']]);
  });

  // https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html
  it('iam:PassRole + codebuild:CreateProject + codebuild:StartBuild', () => {
    const m = scenario({ users: [user('dev', allow(['iam:PassRole', 'codebuild:CreateProject', 'codebuild:StartBuild']))], roles: [serviceAdmin('codebuild.amazonaws.com')] });
    expect(families(toAdmin(m, 'user/dev'))).toEqual([['passrole-codebuild']]);
  });

  // https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html
  it('iam:PassRole + sagemaker:CreateNotebookInstance', () => {
    const m = scenario({ users: [user('dev', allow(['iam:PassRole', 'sagemaker:CreateNotebookInstance']))], roles: [serviceAdmin('sagemaker.amazonaws.com')] });
    expect(families(toAdmin(m, 'user/dev'))).toEqual([['passrole-sagemaker']]);
  });

  // https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command.html
  it('ssm:SendCommand on an instance whose instance profile is an admin role', () => {
    const net = {
      vpcs: [{ id: 'vpc-1', cidr: '10.0.0.0/16' }],
      subnets: [{ id: 'subnet-1', vpc: 'vpc-1', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24' }],
      instances: [{ id: 'i-ops', subnet: 'subnet-1', privateIp: '10.0.0.10', instanceProfile: 'role/admin' }],
    };
    const m = scenario({ users: [user('dev', allow('ssm:SendCommand', `arn:aws:ec2:us-east-1:${A}:instance/i-ops`))], roles: [serviceAdmin('ec2.amazonaws.com')] }, net);
    const r = toAdmin(m, 'user/dev');
    expect(families(r)).toEqual([['ssm-instance']]);
    expect(r.paths[0]!.steps[0]!.title).toContain('i-ops');
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
  it('iam:CreateAccessKey on an admin user', () => {
    const m = scenario({ users: [user('dev', allow('iam:CreateAccessKey', `arn:aws:iam::${A}:user/boss`)), { name: 'boss', managedPolicies: [ADMIN] }] });
    const r = toAdmin(m, 'user/dev');
    expect(families(r)).toEqual([['iam-credentials']]);
    expect(r.paths[0]!.steps[0]!.to).toBe('user/boss');
  });
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html
  it('iam:UpdateLoginProfile on an admin user', () => {
    const m = scenario({ users: [user('dev', allow('iam:UpdateLoginProfile')), { name: 'boss', managedPolicies: [ADMIN] }] });
    expect(toAdmin(m, 'user/dev').paths[0]!.steps[0]!.title).toContain('iam:UpdateLoginProfile');
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
  it('iam:CreateLoginProfile on an admin user (a console password for it)', () => {
    const m = scenario({ users: [user('dev', allow('iam:CreateLoginProfile', `arn:aws:iam::${A}:user/boss`)), { name: 'boss', managedPolicies: [ADMIN] }] });
    const r = toAdmin(m, 'user/dev');
    expect(families(r)).toEqual([['iam-credentials']]);
    expect(r.paths[0]!.steps[0]!).toMatchObject({ to: 'user/boss', title: expect.stringContaining('iam:CreateLoginProfile') });
    // on another user only: no edge
    const other = scenario({ users: [user('dev', allow('iam:CreateLoginProfile', `arn:aws:iam::${A}:user/intern`)), { name: 'boss', managedPolicies: [ADMIN] }, { name: 'intern' }] });
    expect(toAdmin(other, 'user/dev').paths).toEqual([]);
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
  it('iam:UpdateAssumeRolePolicy: rewrite the trust policy, then assume the role', () => {
    const m = scenario({ users: [user('dev', allow('iam:UpdateAssumeRolePolicy', `arn:aws:iam::${A}:role/admin`))], roles: [serviceAdmin('ec2.amazonaws.com')] });
    const r = toAdmin(m, 'user/dev');
    expect(families(r)).toEqual([['iam-update-assume-role-policy']]);
    const moves = r.paths[0]!.steps[0]!.moves;
    expect(moves.map((x) => ('effect' in x ? 'effect' : x.request.action))).toEqual(['iam:UpdateAssumeRolePolicy', 'effect', 'sts:AssumeRole']);
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html
  it('iam:PutUserPolicy on oneself: every permission', () => {
    const m = scenario({ users: [user('dev', allow('iam:PutUserPolicy', `arn:aws:iam::${A}:user/dev`))] });
    const r = toAdmin(m, 'user/dev');
    expect(families(r)).toEqual([['iam-principal-policies']]);
    expect(r.paths[0]!.steps[0]!.to).toBe('user/dev (with every permission)');
  });
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html
  it('iam:AttachUserPolicy on oneself: AdministratorAccess', () => {
    const m = scenario({ users: [user('dev', allow('iam:AttachUserPolicy', `arn:aws:iam::${A}:user/dev`))] });
    const r = toAdmin(m, 'user/dev');
    expect(families(r)).toEqual([['iam-principal-policies']]);
    expect(r.paths[0]!.steps[0]!.title).toContain('iam:AttachUserPolicy AdministratorAccess');
  });
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
  it('iam:PutRolePolicy on a role it can assume: every permission, then assume it', () => {
    const m = scenario({ users: [user('dev', allow(['iam:PutRolePolicy', 'sts:AssumeRole'], `arn:aws:iam::${A}:role/app`))], roles: [{ name: 'app', trustPolicy: trusts({ AWS: `arn:aws:iam::${A}:root` }) }] });
    const r = toAdmin(m, 'user/dev');
    expect(r.paths.some((p) => p.steps.some((st) => st.title.includes('iam:PutRolePolicy')))).toBe(true);
    // without a way to become the role, rewriting its policies is no edge to an administrator
    const noAssume = scenario({ users: [user('dev', allow('iam:PutRolePolicy', `arn:aws:iam::${A}:role/app`))], roles: [{ name: 'app', trustPolicy: trusts({ Service: 'ec2.amazonaws.com' }) }] });
    expect(toAdmin(noAssume, 'user/dev').paths).toEqual([]);
  });
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
  it('iam:AttachRolePolicy limited by iam:PolicyARN to a read-only policy: no edge', () => {
    const limited = allow('iam:AttachRolePolicy', '*', { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } });
    const m = scenario({ users: [user('dev', limited, allow('sts:AssumeRole'))], roles: [{ name: 'app', trustPolicy: trusts({ AWS: `arn:aws:iam::${A}:root` }) }] });
    expect(toAdmin(m, 'user/dev').paths).toEqual([]);
    const open = scenario({ users: [user('dev', allow(['iam:AttachRolePolicy', 'sts:AssumeRole']))], roles: [{ name: 'app', trustPolicy: trusts({ AWS: `arn:aws:iam::${A}:root` }) }] });
    const r = toAdmin(open, 'user/dev');
    expect(families(r)).toContainEqual(['iam-principal-policies']);
    expect(r.paths.find((p) => p.steps[0]!.family === 'iam-principal-policies')!.steps[0]!.title).toMatch(/^can give role\/app every permission \(iam:AttachRolePolicy AdministratorAccess\), then can assume role\/app/);
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutGroupPolicy.html
  it('iam:PutGroupPolicy on one of its groups', () => {
    const m = scenario({ users: [{ name: 'dev', groups: ['devs'] }], groups: [{ name: 'devs', inlinePolicies: { P: doc(allow('iam:PutGroupPolicy', `arn:aws:iam::${A}:group/devs`)) } }] });
    expect(families(toAdmin(m, 'user/dev'))).toEqual([['iam-group-policies']]);
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
  it('iam:CreatePolicyVersion on its own customer-managed policy; never on an AWS-managed one', () => {
    const m = scenario({ users: [{ name: 'dev', managedPolicies: ['Dev'] }], policies: [{ name: 'Dev', document: doc(allow('iam:CreatePolicyVersion', `arn:aws:iam::${A}:policy/Dev`)) }] });
    expect(families(toAdmin(m, 'user/dev'))).toEqual([['iam-policy-versions']]);
    const aws = scenario({ users: [{ name: 'dev', managedPolicies: ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'], inlinePolicies: { P: doc(allow('iam:CreatePolicyVersion')) } }] });
    expect(toAdmin(aws, 'user/dev').paths).toEqual([]);
  });
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
  it('iam:SetDefaultPolicyVersion to a declared version that allows everything', () => {
    const m = scenario({
      users: [{ name: 'dev', managedPolicies: ['Dev'] }],
      policies: [{ name: 'Dev', document: doc(allow('iam:SetDefaultPolicyVersion', `arn:aws:iam::${A}:policy/Dev`)), versions: { v1: doc(allow('*')) } }],
    });
    const r = toAdmin(m, 'user/dev');
    expect(families(r)).toEqual([['iam-policy-versions']]);
    expect(r.paths[0]!.steps[0]!.to).toBe(`user/dev (with arn:aws:iam::${A}:policy/Dev at v1)`);
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachGroupPolicy.html
  it('iam:AttachGroupPolicy on one of its groups: AdministratorAccess for every member', () => {
    const m = scenario({ users: [{ name: 'dev', groups: ['devs'] }], groups: [{ name: 'devs', inlinePolicies: { P: doc(allow('iam:AttachGroupPolicy', `arn:aws:iam::${A}:group/devs`)) } }] });
    const r = toAdmin(m, 'user/dev');
    expect(families(r)).toEqual([['iam-group-policies']]);
    expect(r.paths[0]!.steps[0]!.title).toContain('iam:AttachGroupPolicy AdministratorAccess');
    // limited by iam:PolicyARN to another policy: no edge
    const limited = scenario({ users: [{ name: 'dev', groups: ['devs'] }], groups: [{ name: 'devs', inlinePolicies: { P: doc(allow('iam:AttachGroupPolicy', `arn:aws:iam::${A}:group/devs`, { ArnEquals: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/ReadOnlyAccess' } })) } }] });
    expect(toAdmin(limited, 'user/dev').paths).toEqual([]);
  });

  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
  it('iam:AddUserToGroup into the administrators group', () => {
    const m = scenario({ users: [user('dev', allow('iam:AddUserToGroup'))], groups: [{ name: 'admins', managedPolicies: [ADMIN] }] });
    const r = toAdmin(m, 'user/dev');
    expect(families(r)).toEqual([['iam-add-user-to-group']]);
    expect(r.paths[0]!.steps[0]!.to).toBe('user/dev (in group/admins)');
  });
});

describe('administrators', () => {
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
  it('rewriting its own policies is no way to every permission under a permissions boundary', () => {
    const m = scenario({ users: [{ name: 'dev', permissionsBoundary: 'Bound', inlinePolicies: { P: doc(allow('iam:PutUserPolicy')) } }], policies: [{ name: 'Bound', document: doc(allow(['iam:PutUserPolicy', 's3:*'])) }] });
    expect(toAdmin(m, 'user/dev').paths).toEqual([]);
  });
  // https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html (PMapper's admin check)
  it('a principal that can create a role with AdministratorAccess is an administrator', () => {
    const m = scenario({ users: [user('dev', allow(['iam:CreateRole', 'iam:AttachRolePolicy']))] });
    const r = toAdmin(m, 'user/dev');
    expect(r.paths).toHaveLength(1);
    expect(r.paths[0]!.steps).toEqual([]);
    expect(r.paths[0]!.admin!.title).toContain('iam:CreateRole');
  });
  it('an SCP allow-list caps every permission: not an administrator', () => {
    const m = scenario(
      { users: [{ name: 'dev', managedPolicies: [ADMIN] }] },
      { organization: { id: 'o-a1b2c3d4e5', managementAccount: '999999999999', root: { policies: ['FullAWSAccess'], accounts: [{ id: A, policies: ['OnlyS3'] }] }, policies: [{ name: 'OnlyS3', type: 'scp', document: doc(allow('s3:*')) }] } },
    );
    expect(toAdmin(m, 'user/dev').paths).toEqual([]);
  });
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_configure-api-require.html
  it('an edge that needs MFA says so', () => {
    const m = scenario({ users: [user('dev', allow('sts:AssumeRole'))], roles: [{ name: 'admin', trustPolicy: trusts({ AWS: `arn:aws:iam::${A}:root` }, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }), managedPolicies: [ADMIN] }] });
    const r = toAdmin(m, 'user/dev');
    expect(r.paths[0]!.steps[0]!.requiresMfa).toBe(true);
    expect(r.paths[0]!.steps[0]!.moves[0]).toMatchObject({ request: { context: { 'aws:MultiFactorAuthPresent': 'true' } } });
  });
});

describe('the worked scenario', () => {
  const l = loadScenarioFile(join(import.meta.dirname, '..', '..', '..', 'scenarios', 'access-privilege-escalation.yaml'));
  if (!l.ok) throw new Error('scenario invalid');
  it('the developer becomes an administrator through CreatePolicyVersion and through PassRole + RunInstances', () => {
    const r = toAdmin(l.model, 'user/dev');
    expect(families(r).sort()).toEqual([['iam-policy-versions'], ['passrole-ec2']]);
    const passrole = r.paths.find((p) => p.steps[0]!.family === 'passrole-ec2')!;
    expect(passrole.steps[0]!.moves[0]).toMatchObject({ request: { action: 'iam:PassRole', decisive: ['arn:aws:iam::111111111111:policy/DeveloperAccess statement 1 (sid PassAppRoles)'] } });
    expect(passrole.admin!.requests[0]!.decisive).toEqual(['arn:aws:iam::aws:policy/AdministratorAccess statement 0']);
  });
  it('--to a role: the path to it', () => {
    expect(families(escalationPaths(l.model, { from: 'user/dev', to: 'role/ops-admin' }))[0]).toEqual(['passrole-ec2']);
  });
  it('bad input: located errors with did-you-mean; --to that is not a principal', () => {
    expect(escalationPaths(l.model, { from: 'user/deev', to: 'admin' }).errors[0]).toMatchObject({ code: 'unknown-principal', path: ['request', 'from'], hint: 'did you mean `user/dev`?' });
    expect(escalationPaths(l.model, { from: 'user/dev', to: 'arn:aws:s3:::assets' }).errors[0]).toMatchObject({ code: 'invalid-principal', path: ['request', 'to'] });
    expect(escalationPaths(l.model, { from: 'user/dev', to: 'role/ops-admn' }).errors[0]).toMatchObject({ code: 'unknown-principal', hint: 'did you mean `role/ops-admin`?' });
  });
});

// ---------------------------------------------------------------------------------------------
// Differential: every path replays through IAM, independently of the search.
// ---------------------------------------------------------------------------------------------

/** Replays a reported path with `edit` and `evaluate`: every request allowed on the account as the earlier steps changed it. */
let replayedSteps = 0;
function replays(m: Model, r: PathsResult): string[] {
  const problems: string[] = [];
  replayedSteps += r.paths.reduce((n, p) => n + p.steps.length, 0);
  const g = escalationGraph(m);
  for (const p of r.paths) {
    let world = m;
    for (const step of p.steps) {
      const edge = g.edgesOf(g.node(step.fromKey)!).find((e) => e.title === step.title && e.to === step.toKey);
      for (const mv of step.moves) {
        if ('effect' in mv) {
          const eff = edge?.moves.find((x) => 'effect' in x && x.effect.describe === mv.effect);
          if (!eff || !('effect' in eff)) continue;
          const e = edit(world, eff.effect.apply);
          if (!e.ok) problems.push(`${mv.effect}: ${e.errors[0]?.message}`);
          else world = e.model;
          continue;
        }
        const d = evaluate(world, mv.request);
        if (d.decision !== 'allowed') problems.push(`${step.title}: ${mv.request.principal} ${mv.request.action} ${d.decision}`);
      }
    }
    for (const q of p.admin?.requests ?? []) if (evaluate(world, q).decision !== 'allowed') problems.push(`admin: ${q.principal} ${q.action}`);
  }
  return problems;
}

const POOL = [
  allow('sts:AssumeRole'),
  allow('iam:PassRole'),
  allow('ec2:RunInstances'),
  allow(['lambda:CreateFunction', 'lambda:InvokeFunction']),
  allow('iam:CreatePolicyVersion'),
  allow('iam:PutRolePolicy'),
  allow('iam:AttachUserPolicy'),
  allow('iam:AddUserToGroup'),
  allow('iam:CreateAccessKey'),
  allow('iam:UpdateAssumeRolePolicy'),
  allow('s3:GetObject'),
  { Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' },
];

describe('every reported path replays through IAM', () => {
  it('on random accounts', () => {
    const arb = fc.record({
      users: fc.array(fc.subarray(POOL.map((_, i) => i), { maxLength: 3 }), { minLength: 1, maxLength: 3 }),
      roles: fc.array(fc.record({ trust: fc.constantFrom('ec2', 'lambda', 'account'), admin: fc.boolean(), sts: fc.array(fc.nat({ max: POOL.length - 1 }), { maxLength: 2 }) }), { minLength: 1, maxLength: 3 }),
      policyIdx: fc.subarray(POOL.map((_, i) => i), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const m = scenario({
          users: x.users.map((ix, i) => ({ name: `u${i}`, managedPolicies: i === 0 ? ['Shared'] : [], inlinePolicies: { P: doc(...(ix.length ? ix.map((k) => POOL[k]) : [allow('s3:GetObject')])) }, groups: ['team'] })),
          groups: [{ name: 'team', inlinePolicies: { G: doc(allow('s3:ListBucket')) } }, { name: 'admins', managedPolicies: [ADMIN] }],
          roles: x.roles.map((r, i) => ({
            name: `r${i}`,
            trustPolicy: trusts(r.trust === 'account' ? { AWS: `arn:aws:iam::${A}:root` } : { Service: `${r.trust}.amazonaws.com` }),
            ...(r.admin ? { managedPolicies: [ADMIN] } : {}),
            inlinePolicies: { P: doc(...(r.sts.length ? r.sts.map((k) => POOL[k]) : [allow('s3:GetObject')])) },
          })),
          policies: [{ name: 'Shared', document: doc(...(x.policyIdx.length ? x.policyIdx.map((k) => POOL[k]) : [allow('s3:GetObject')])) }],
        });
        for (const u of x.users.map((_, i) => `user/u${i}`)) {
          const r = toAdmin(m, u);
          expect(r.errors).toEqual([]);
          expect(r.notes.filter((n) => n.includes('did not replay'))).toEqual([]);
          expect(replays(m, r)).toEqual([]);
          for (let i = 0; i < x.roles.length; i++) expect(replays(m, escalationPaths(m, { from: u, to: `role/r${i}` }))).toEqual([]);
        }
      }),
      { seed: 16, numRuns: 40 },
    );
    // the generator makes accounts with paths: the suite replays many steps, not none
    expect(replayedSteps).toBeGreaterThan(40);
  });
});
