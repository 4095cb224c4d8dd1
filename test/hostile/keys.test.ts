// Keys named `__proto__`, `constructor`, `toString` (issue 18, "silent wrong answers"): an inline
// policy, a tag, a condition key or a context key of that name is a key like any other, in the
// loader, the schema, both IAM engines and the importer. Before, zod dropped `__proto__`, so a
// Deny named that way vanished and the request was "allowed".
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, type Model } from '@vpcsim/model';
import { evaluate } from '@vpcsim/iam';
import { importAws, scenarioToYaml } from '@vpcsim/import-aws';
import { referenceEvaluate } from '../../packages/iam/src/reference.js';
import { readFolder } from '../../packages/import-aws/test/helpers.js';

const FIX = join(import.meta.dirname, 'fixtures');

function load(text: string, file: string): Model {
  const r = loadScenario(text, file);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.model;
}

const decide = (m: Model, action: string, context?: Record<string, string>) => {
  const req = { principal: 'user/alice', action, resource: 'arn:aws:s3:::b/k', ...(context ? { context } : {}) };
  const fast = evaluate(m, req);
  const ref = referenceEvaluate(m, req);
  expect(ref.decision, `the reference engine agrees on ${action}`).toBe(fast.decision);
  return fast;
};

describe('keys named like Object.prototype members, loaded from a scenario', () => {
  const m = load(readFileSync(join(FIX, 'proto-keys.yaml'), 'utf8'), 'proto-keys.yaml');
  it('the schema keeps every inline policy and tag, as own keys of null-prototype mappings', () => {
    const alice = m.scenario.iam!.users![0]!;
    expect(Object.keys(alice.inlinePolicies!)).toEqual(['allow', '__proto__', 'constructor', 'toString']);
    expect(Object.keys(alice.tags!)).toEqual(['constructor', '__proto__', 'toString']);
    expect(Object.getPrototypeOf(alice.tags)).toBeNull();
  });
  it('a Deny in an inline policy named `__proto__` denies', () => {
    const d = decide(m, 's3:DeleteObject');
    expect(d.decision).toBe('explicitly-denied');
    expect(d.decisive[0]!.policy).toContain('inline:__proto__');
  });
  it('conditions on tags named `toString` and `__proto__` read those tags', () => {
    expect(decide(m, 's3:PutObject').decision).toBe('explicitly-denied');
    expect(decide(m, 's3:GetObject').decision).toBe('explicitly-denied');
    expect(decide(m, 's3:ListBucket').decision).toBe('allowed');
  });
  it('a request context key named `__proto__` or `constructor` is a key (and never an inherited value)', () => {
    const text = `version: 1
defaults: { account: "111111111111" }
iam:
  users:
    - name: alice
      inlinePolicies:
        p:
          Statement:
            - { Effect: Allow, Action: "s3:*", Resource: "*", Condition: { StringEquals: { __proto__: yes } } }
            - { Effect: Deny, Action: "s3:*", Resource: "*", Condition: { "Null": { constructor: "false" } } }
`;
    const mm = load(text, 'ctx.yaml');
    const context = JSON.parse('{"__proto__": "yes"}') as Record<string, string>;
    expect(decide(mm, 's3:GetObject', context).decision).toBe('allowed');
    // `constructor` absent from the request: never found on Object.prototype
    expect(decide(mm, 's3:GetObject').decision).toBe('implicitly-denied');
    expect(decide(mm, 's3:GetObject', { ...context, constructor: 'x' }).decision).toBe('explicitly-denied');
  });
});

describe('the same keys through the importer', () => {
  const r = importAws(readFolder(join(FIX, 'import-keys')));
  it('imports every inline policy and tag, and writes them to YAML', () => {
    const yaml = scenarioToYaml(r.scenario);
    expect(yaml).toMatch(/\n {8}__proto__:\n/);
    expect(yaml).toMatch(/\n {8}constructor:\n/);
    expect(yaml).toMatch(/\n {8}__proto__: red\n/);
    const m = load(yaml, 'imported.yaml');
    expect(decide(m, 's3:DeleteObject').decision).toBe('explicitly-denied');
    expect(decide(m, 's3:PutObject').decision).toBe('explicitly-denied');
    expect(decide(m, 's3:GetObject').decision).toBe('allowed');
  });
  it('a folder named `toString` is not taken for a per-id export folder', () => {
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.diagnostics.find((d) => d.file === 'toString/x.json')?.code).toBe('unknown-file');
  });
});
