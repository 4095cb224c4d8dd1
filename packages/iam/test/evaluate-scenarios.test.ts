// The IAM scenarios' expectations, judged by the compiled engine.
import { loadScenarioFile } from '@vpcsim/model';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/evaluate.js';

const dir = join(import.meta.dirname, '../../../scenarios');
const files = readdirSync(dir).filter((f) => /^iam-.*\.ya?ml$/.test(f));

describe('scenarios/iam-*.yaml expectations', () => {
  it('finds the IAM scenarios', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    const r = loadScenarioFile(join(dir, f));
    if (!r.ok) {
      it(`${f} loads`, () => expect(r.errors.map((e) => e.message)).toEqual([]));
      continue;
    }
    for (const e of r.model.scenario.expect ?? []) {
      if (!e.request || e.request.from !== undefined || e.request.principal === undefined) continue;
      const req = e.request;
      it(`${f}: ${e.name}`, () => {
        const d = evaluate(r.model, { principal: req.principal!, action: req.action, resource: req.resource, context: req.context });
        expect(d.decision, d.reason).toBe(e.decision);
      });
    }
  }
});
