// Runs the `request` expectations of every worked IAM scenario (scenarios/iam-*.yaml) through
// the literal reference evaluator and, once it is exported, the compiled engine, and asserts the
// scenario's `decision`. Requests sent `from` an instance need the network and are left to the
// analysis package.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type Model } from '@vpcsim/model';
import { evaluate } from '@vpcsim/iam';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { referenceEvaluate } from '../src/reference.js';
import type { DecisionKind, Request } from '../src/types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = join(root, 'scenarios');
const files = readdirSync(dir).filter((f) => /^iam-.*\.yaml$/.test(f)).sort();
/** The worked scenarios of issue 3 (others may add iam-*.yaml files; their requests run too). */
const WORKED = [
  'iam-account.yaml',
  'iam-explicit-deny.yaml',
  'iam-groups.yaml',
  'iam-role-trust.yaml',
  'iam-scp-deny-vs-allow-list.yaml',
  'iam-s3-cross-account.yaml',
  'iam-kms-key-policy.yaml',
  'iam-permission-boundary.yaml',
];


interface RequestExpectation {
  name: string;
  request: { principal?: string; action: string; resource?: string; context?: Request['context']; from?: string };
  decision: DecisionKind;
}

function load(file: string): { text: string; model: Model; warnings: string[]; expectations: RequestExpectation[] } {
  const text = readFileSync(join(dir, file), 'utf8');
  const raw = parse(text) as { expect?: RequestExpectation[] };
  const r = compile(raw, { file });
  if (!r.ok) throw new Error(`${file} does not compile:\n${r.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('\n')}`);
  const expectations = (raw.expect ?? []).filter((e) => e.request !== undefined && e.request.from === undefined && e.request.principal !== undefined);
  return { text, model: r.model, warnings: r.warnings.map((w) => `${w.code} ${w.path.join('.')}: ${w.message}`), expectations };
}

const toRequest = (e: RequestExpectation): Request => ({ principal: e.request.principal!, action: e.request.action, resource: e.request.resource, context: e.request.context });

it('finds the worked IAM scenarios', () => {
  for (const f of WORKED) expect(files).toContain(f);
});

for (const file of files) {
  describe(file, () => {
    const { text, model, warnings, expectations } = load(file);
    it.runIf(WORKED.includes(file))('compiles without warnings, has a header with an AWS documentation URL and request expectations', () => {
      expect(text).toMatch(/^# [^]*?# +https:\/\/docs\.aws\.amazon\.com\//);
      expect(warnings).toEqual([]);
      expect(expectations.length).toBeGreaterThanOrEqual(5);
      expect(new Set(expectations.map((e) => e.decision)).size, 'the expectations show more than one outcome').toBeGreaterThan(1);
    });
    for (const e of expectations) {
      it(`reference: ${e.name}`, () => {
        const d = referenceEvaluate(model, toRequest(e));
        expect(d.errors).toEqual([]);
        expect(d.decision, `${e.name}: ${d.explain.map((g) => `${g.gate}=${g.result} (${g.why})`).join('; ')}`).toBe(e.decision);
      });
      it(`engine: ${e.name}`, () => {
        const d = evaluate(model, toRequest(e));
        expect(d.decision, `${e.name}: ${d.explain.map((g) => `${g.gate}=${g.result} (${g.why})`).join('; ')}`).toBe(e.decision);
      });
    }
  });
}
