// Policies and requests against AWS's action catalogue, as IAM Access Analyzer's policy checks do.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
import { loadScenario } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/catalog.js';
import { validateRequest, validateScenarioPolicies } from '../src/catalog/validate.js';

const cat = loadCatalog();

const yaml = `version: 1
defaults: { account: "111111111111", region: us-east-1 }
iam:
  users:
    - name: alice
      inlinePolicies:
        P:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Action: [s3:GetObjekt, "s3:Get*", "s4:PutObject", "ec2:Descr?beInstances", "s3:Nothing*"]
              Resource: "*"
              Condition:
                StringEquals: { aws:SourceVPC: vpc-1, aws:SourceVcp: vpc-1, s3:prefix: a, s3:prefx: a, s3:ExistingObjectTag/team: red }
`;

describe('policies against the catalogue', () => {
  const loaded = loadScenario(yaml, 'w.yaml');
  if (!loaded.ok) throw new Error('fixture does not load');
  const ws = validateScenarioPolicies(cat, loaded.model);
  const at = (needle: string) => ws.find((w) => w.message.includes(needle));

  it('unknown actions are warnings with did-you-mean, located by path', () => {
    const typo = at('s3:GetObjekt')!;
    expect(typo.severity).toBe('warning');
    expect(typo.code).toBe('unknown-action');
    expect(typo.hint).toBe('did you mean `s3:GetObject`?');
    expect(typo.path).toEqual(['iam', 'users', 0, 'inlinePolicies', 'P', 'Statement', 0, 'Action', 0]);
    expect(loaded.locate!(typo.path)?.line).toBe(11);
    expect(at('`s4`')?.hint).toBe('did you mean `s3:PutObject`?');
    expect(at('s3:Nothing*')).toBeDefined();
    // patterns that match real actions are fine
    expect(at('s3:Get*')).toBeUndefined();
    expect(at('Descr?be')).toBeUndefined();
  });

  it('unknown condition keys are warnings; key names are case-insensitive; templates match', () => {
    expect(at('aws:SourceVPC')).toBeUndefined();
    expect(at('aws:SourceVcp')?.hint).toBe('did you mean `aws:SourceVpc`?');
    expect(at('`s3:prefx`')?.hint).toBe('did you mean `s3:prefix`?');
    expect(at('`s3:prefix`')).toBeUndefined();
    expect(at('ExistingObjectTag')).toBeUndefined();
    expect(ws.every((w) => w.severity === 'warning')).toBe(true);
  });
});

describe('requests against the catalogue', () => {
  it('an unknown action is an error with did-you-mean', () => {
    const [d] = validateRequest(cat, { action: 's3:GetObjekt' });
    expect(d).toMatchObject({ code: 'unknown-action', severity: 'error', path: ['request', 'action'], hint: 'did you mean `s3:GetObject`?' });
    expect(validateRequest(cat, { action: 'nosuch:Thing' })[0]?.severity).toBe('error');
    expect(validateRequest(cat, { action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' })).toEqual([]);
  });
  it('a resource not of a type the action applies to is a warning', () => {
    const [d] = validateRequest(cat, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket' });
    expect(d).toMatchObject({ code: 'resource-type-mismatch', severity: 'warning' });
    expect(d!.hint).toContain('${BucketName}/${ObjectName}');
    expect(validateRequest(cat, { action: 's3:ListBucket', resource: 'arn:aws:s3:::bucket' })).toEqual([]);
    expect(validateRequest(cat, { action: 'sts:GetCallerIdentity', resource: 'arn:aws:s3:::bucket' })[0]?.code).toBe('resource-type-mismatch');
  });
  it('an unknown context key is a warning', () => {
    const ds = validateRequest(cat, { action: 's3:GetObject', context: { 'aws:SourceVcp': 'vpc-1', 's3:prefix': 'a' } });
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ code: 'unknown-condition-key', severity: 'warning', hint: 'did you mean `aws:SourceVpc`?' });
  });
});
