// Loads the snapshot cases: the `expect:` requests of scenarios/iam-*.yaml and the extra ones,
// each with the model it is judged against.
import { compile, loadScenarioFile, type Model } from '@vpcsim/model';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Request } from '../src/types.js';
import { benchScenario, EXTRA_CASES, varietyScenario } from './explain-snapshot-cases.js';

const dir = join(import.meta.dirname, '../../../scenarios');

function build(raw: Record<string, unknown>): Model {
  const r = compile(raw);
  if (!r.ok) throw new Error(`snapshot scenario does not compile: ${r.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`);
  return r.model;
}

/** Every snapshot case, with its model. */
export function loadCases(): { name: string; model: Model; request: Request }[] {
  const models = new Map<string, Model>();
  const fileModel = (f: string): Model => {
    let m = models.get(f);
    if (m === undefined) {
      const r = loadScenarioFile(join(dir, f));
      if (!r.ok) throw new Error(`${f} does not load: ${r.errors.map((e) => e.message).join('; ')}`);
      m = r.model;
      models.set(f, m);
    }
    return m;
  };
  const out: { name: string; model: Model; request: Request }[] = [];
  for (const f of readdirSync(dir).filter((x) => /^iam-.*\.ya?ml$/.test(x)).sort()) {
    const m = fileModel(f);
    for (const e of m.scenario.expect ?? []) {
      const req = e.request;
      if (!req || req.from !== undefined || req.principal === undefined) continue;
      out.push({ name: `${f}: ${e.name}`, model: m, request: { principal: req.principal, action: req.action, resource: req.resource, context: req.context } });
    }
  }
  const bench = build(benchScenario());
  const variety = build(varietyScenario());
  for (const c of EXTRA_CASES) out.push({ name: c.name, model: c.inline === 'bench' ? bench : c.inline === 'variety' ? variety : fileModel(c.file!), request: c.request });
  return out;
}
