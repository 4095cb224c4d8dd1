// evaluate(model, request): the IAM of a model compiled on first use (cached per model) and
// the request judged with its explanation.
import type { Model } from '@vpcsim/model';
import { authorize, authorizeIfClean, evaluateCompiled, internalError } from './authorize.js';
import { compileIam, type CompiledIam } from './compile.js';
import type { Decision, DecisionKind, Request } from './types.js';

const cache = new WeakMap<Model, CompiledIam>();

/** The compiled IAM of a model, built once per model. */
export function compiledFor(model: Model): CompiledIam {
  let c = cache.get(model);
  if (c === undefined) {
    c = compileIam(model);
    cache.set(model, c);
  }
  return c;
}

/** Judges a request against a model, with the explanation. Never throws. */
export function evaluate(model: Model, request: Request): Decision {
  let c: CompiledIam;
  try {
    c = compiledFor(model);
  } catch (e) {
    // INVARIANT: compile never throws on a model `compile` accepted; a throw is a bug, never an allow
    return internalError(request, ['iam'], `internal error while compiling IAM: ${(e as Error).message}`);
  }
  return evaluateCompiled(c, request);
}

/** Judges a request against a model: the decision only (fast). */
export function authorizeModel(model: Model, request: Request): DecisionKind {
  try {
    return authorize(compiledFor(model), request);
  } catch {
    // INVARIANT: compile never throws on a model `compile` accepted; a throw is a bug, never an allow
    return 'implicitly-denied';
  }
}

/** The fast decision when it needs no explanation to be trusted (no errors), else undefined: then call `evaluate`. */
export function authorizeModelIfClean(model: Model, request: Request): DecisionKind | undefined {
  try {
    return authorizeIfClean(compiledFor(model), request);
  } catch {
    return undefined;
  }
}
