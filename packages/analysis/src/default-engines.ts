// The real engines: the packet tracer, the IAM evaluator, and requests over the network.
// They are looked up at call time so that a missing engine gives a `not-implemented` result
// (a failed check that says so) instead of a crash.
import { error, type Model, type RequestSpec } from '@vpcsim/model';
import * as iam from '@vpcsim/iam';
import * as net from '@vpcsim/net';
import type { Flow, Trace } from '@vpcsim/net';
import type { Engines, IamRequest } from './engines.js';
import { request } from './request.js';
import type { DecisionLike } from './types.js';

const traceFn = (): ((m: Model, f: Flow) => Trace) | undefined => {
  const f = (net as unknown as { trace?: unknown }).trace;
  return typeof f === 'function' ? (f as (m: Model, f: Flow) => Trace) : undefined;
};
const evaluateFn = (): ((m: Model, r: IamRequest) => DecisionLike) | undefined => {
  const f = (iam as unknown as { evaluate?: unknown }).evaluate;
  return typeof f === 'function' ? (f as (m: Model, r: IamRequest) => DecisionLike) : undefined;
};

function missing(what: string) {
  return error('not-implemented', [what], `the ${what} engine is not available (\`@vpcsim/${what === 'trace' ? 'net' : 'iam'}\` exports no \`${what === 'trace' ? 'trace' : 'evaluate'}\`)`);
}

/** The engines `checkScenario` uses. */
export const defaultEngines: Engines = {
  trace: (model, flow) => {
    const f = traceFn();
    if (f) return f(model, flow);
    return { reachable: false, disposition: 'not-implemented', blockedBy: null, blockers: [], forward: [], return: [], errors: [missing('trace')] };
  },
  evaluate: (model, req) => {
    const f = evaluateFn();
    if (f) return f(model, req);
    return { decision: 'implicitly-denied', decisive: [], explain: [], errors: [missing('evaluate')] };
  },
  request: (model: Model, spec: RequestSpec) => {
    if (!traceFn() || !evaluateFn()) {
      const e = missing(traceFn() ? 'evaluate' : 'trace');
      return { decision: { decision: 'implicitly-denied', decisive: [], explain: [], errors: [e] }, errors: [e] };
    }
    const r = request(model, spec);
    return { decision: r.decision, trace: r.trace, network: r.network, errors: r.errors };
  },
};
