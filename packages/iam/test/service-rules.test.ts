// Rules services apply beside the policies (authorizers/sts.ts, authorizers/kms.ts, compile.ts):
// each test cites the service's page and checks the engine and the reference agree.
import { compile } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { referenceEvaluate } from '../src/reference.js';
import type { Request } from '../src/types.js';
import { A, B, doc, expectDecision, model } from './helpers.js';

type Want = 'allowed' | 'implicitly-denied' | 'explicitly-denied';
function both(m: ReturnType<typeof model>, req: Request, want: Want) {
  const d = expectDecision(m, req, want);
  const r = referenceEvaluate(m, req);
  expect(r.decision, `reference: ${r.reason}`).toBe(want);
  return d;
}

const denyAll = doc({ Effect: 'Deny', Action: '*', Resource: '*' });

describe('STS', () => {
  const m = model({
    iam: {
      users: [{ name: 'alice', inlinePolicies: { D: denyAll } }],
      roles: [{ name: 'app', inlinePolicies: { D: denyAll }, trustPolicy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' }) }],
    },
  });

  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
  it('GetCallerIdentity needs no permission and an explicit Deny does not stop it', () => {
    const d = both(m, { principal: 'user/alice', action: 'sts:GetCallerIdentity' }, 'allowed');
    expect(d.reason).toContain('cannot be denied');
    both(m, { principal: 'role/app/s1', action: 'sts:GetCallerIdentity' }, 'allowed');
    both(m, { principal: 'root', action: 'sts:GetCallerIdentity' }, 'allowed');
    // an anonymous request is not signed: nobody to tell
    both(m, { principal: 'anonymous', action: 'sts:GetCallerIdentity' }, 'implicitly-denied');
  });

  // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
  it('GetSessionToken needs no permission for a user; a role session cannot call it', () => {
    both(m, { principal: 'user/alice', action: 'sts:GetSessionToken' }, 'allowed');
    const d = both(m, { principal: 'role/app/s1', action: 'sts:GetSessionToken' }, 'implicitly-denied');
    expect(d.reason).toContain('long-term credentials');
  });

  it('an undeclared user is never allowed, even for GetCallerIdentity', () => {
    const d = both(m, { principal: 'user/bob', action: 'sts:GetCallerIdentity' }, 'implicitly-denied');
    expect(d.errors.map((e) => e.code)).toContain('unknown-principal');
  });

  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
  it('the root user cannot assume a role, even one whose trust policy trusts the account', () => {
    const d = both(m, { principal: 'root', action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/app` }, 'implicitly-denied');
    expect(d.reason).toContain('root user cannot assume a role');
  });
});

describe('KMS', () => {
  const KEY = `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
  const m = model({
    iam: { users: [{ name: 'bob', account: B, inlinePolicies: { All: doc({ Effect: 'Allow', Action: 'kms:*', Resource: '*' }) } }] },
    resources: [{ arn: KEY, policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${B}:root` }, Action: 'kms:*', Resource: '*' }, { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'kms:*', Resource: '*' }) }],
  });
  const bob = `arn:aws:iam::${B}:user/bob`;

  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
  it('another account may use the key for cryptographic and describe operations', () => {
    for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:DescribeKey', 'kms:GetPublicKey', 'kms:CreateGrant']) both(m, { principal: bob, action, resource: KEY }, 'allowed');
  });

  it('...but not ScheduleKeyDeletion, PutKeyPolicy and the like, even with kms:* on both sides', () => {
    for (const action of ['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey', 'kms:TagResource']) {
      const d = both(m, { principal: bob, action, resource: KEY }, 'implicitly-denied');
      expect(d.failedGate).toBe('key');
      expect(d.reason).toContain('another account');
    }
    // the owner account still can
    both(m, { principal: 'root', action: 'kms:ScheduleKeyDeletion', resource: KEY }, 'allowed');
  });

  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html
  it('a key policy statement without Resource is a warning, not an error, and grants nothing', () => {
    const raw = {
      version: 1,
      defaults: { account: A, region: 'us-east-1' },
      iam: { users: [{ name: 'alice' }] },
      resources: [{ arn: KEY, policy: doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/alice` }, Action: 'kms:Decrypt' }) }],
    };
    const r = compile(raw);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.warnings.map((w) => w.code)).toContain('key-policy-resource-missing');
    both(r.model, { principal: 'user/alice', action: 'kms:Decrypt', resource: KEY }, 'implicitly-denied');
  });
});

// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_iam-tags.html
describe('iam:ResourceTag for IAM users and roles', () => {
  const m = model({
    iam: {
      users: [
        { name: 'admin', inlinePolicies: { P: doc({ Effect: 'Allow', Action: ['iam:TagUser', 'iam:TagRole'], Resource: '*', Condition: { StringEquals: { 'iam:ResourceTag/team': 'red' } } }) } },
        { name: 'target', path: '/eng/', tags: { team: 'red' } },
      ],
      roles: [{ name: 'blue', tags: { team: 'blue' } }, { name: 'red', tags: { team: 'red' } }],
    },
  });
  it('the tags of the user or role named as the resource', () => {
    both(m, { principal: 'user/admin', action: 'iam:TagUser', resource: `arn:aws:iam::${A}:user/eng/target` }, 'allowed');
    both(m, { principal: 'user/admin', action: 'iam:TagRole', resource: `arn:aws:iam::${A}:role/red` }, 'allowed');
    both(m, { principal: 'user/admin', action: 'iam:TagRole', resource: `arn:aws:iam::${A}:role/blue` }, 'implicitly-denied');
    // the path is part of the ARN: a user ARN without it names no declared user
    both(m, { principal: 'user/admin', action: 'iam:TagUser', resource: `arn:aws:iam::${A}:user/target` }, 'implicitly-denied');
    expect(expectDecision(m, { principal: 'user/admin', action: 'iam:TagRole', resource: `arn:aws:iam::${A}:role/red` }, 'allowed').context['aws:ResourceTag/team']).toBe('red');
  });
});

// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html#rcp-supported-services
describe('RCPs cover the services AWS lists today', () => {
  const org = {
    organization: {
      id: 'o-a1b2c3d4e5',
      managementAccount: '999999999999',
      policies: [{ name: 'DenyAll', type: 'rcp', document: doc({ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }) }],
      root: { id: 'r-1', accounts: [A], resourceControlPolicies: ['DenyAll'] },
    },
    iam: { users: [{ name: 'alice', inlinePolicies: { P: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) } }] },
  };
  it('an RCP applies to a service beyond the first ten (events), and not to SNS', () => {
    const m = model(org);
    both(m, { principal: 'user/alice', action: 'events:PutEvents', resource: `arn:aws:events:us-east-1:${A}:event-bus/default` }, 'explicitly-denied');
    both(m, { principal: 'user/alice', action: 'sns:Publish', resource: `arn:aws:sns:us-east-1:${A}:topic` }, 'allowed');
  });
});
