// The real engines: the packet tracer, the IAM evaluator, and requests over the network.
import { authorizeModelIfClean, evaluate } from '@vpcsim/iam';
import type { Model } from '@vpcsim/model';
import { Reach, trace } from '@vpcsim/net';
import type { Engines } from './engines.js';
import { request } from './request.js';
import { checkAccessProperty } from './access/properties.js';

/** The engines `checkScenario` uses. */
export const defaultEngines: Engines = {
  trace,
  evaluate: (model, req) => evaluate(model, req),
  decide: (model, req) => authorizeModelIfClean(model, req),
  request: (model, spec) => request(model, spec),
  reach: (model) => reachOf(model),
  access: (model, p, options) => checkAccessProperty(model, p, options),
};

const engines = new WeakMap<Model, Reach>();
/** The symbolic engine of a model, made once (again after its packet sets outgrew their budget: that question failed, the next starts afresh). */
export function reachOf(model: Model): Reach {
  let r = engines.get(model);
  if (!r || r.space.budget.cells > r.space.budget.limit) engines.set(model, (r = new Reach(model)));
  return r;
}
