// The real engines: the packet tracer, the IAM evaluator, and requests over the network.
import { evaluate } from '@vpcsim/iam';
import { trace } from '@vpcsim/net';
import type { Engines } from './engines.js';
import { request } from './request.js';
import { checkAccessProperty } from './access/properties.js';

/** The engines `checkScenario` uses. */
export const defaultEngines: Engines = {
  trace,
  evaluate: (model, req) => evaluate(model, req),
  request: (model, spec) => request(model, spec),
  access: (model, p, options) => checkAccessProperty(model, p, options),
};
