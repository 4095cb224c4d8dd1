// What property and expectation checks share: judging a request (IAM alone, or sent from an
// instance across the network), engine errors as diagnostics, and the summary line.
import { loadCatalog, validateRequest } from '@vpcsim/iam';
import { error, type Diagnostic, type Model, type RequestSpec } from '@vpcsim/model';
import type { Trace } from '@vpcsim/net';
import type { Engines, IamRequest } from './engines.js';
import type { SearchOutcome } from './search.js';
import type { DecisionLike } from './types.js';

export type ContextValue = string | number | boolean | (string | number | boolean)[];

const ENGINE_TROUBLE = new Set(['invalid-flow', 'not-implemented']);

/** Whether a decision is the expected one; `denied` stands for either kind of denial. */
export const decisionMatches = (expected: string | undefined, actual: string | undefined): boolean =>
  expected === 'denied' ? actual === 'explicitly-denied' || actual === 'implicitly-denied' : expected === actual;

export function traceTrouble(t: Trace): Diagnostic[] {
  return ENGINE_TROUBLE.has(t.disposition) ? (t.errors.length > 0 ? [...t.errors] : [error(t.disposition, ['trace'], `the trace ended with \`${t.disposition}\``)]) : [];
}

/** Errors of a decision that keep it from being trusted (a request not delivered is an outcome). */
export function decisionTrouble(d: DecisionLike): Diagnostic[] {
  return d.errors.filter((e) => e.severity === 'error' && e.code !== 'request-not-delivered');
}

export function safe<T>(f: () => T, what: string): T | Diagnostic {
  try {
    return f();
  } catch (e) {
    return error('engine-threw', [what], `the ${what} engine failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
export const isDiag = (x: unknown): x is Diagnostic => typeof x === 'object' && x !== null && 'code' in x && 'severity' in x && 'message' in x && !('decision' in x);

/** The IAM request of a request spec (without `from`). */
export const iamRequest = (spec: RequestSpec): IamRequest => ({ principal: spec.principal ?? '', action: spec.action, resource: spec.resource, context: spec.context });

const knownActions = new Map<string, boolean>();
/** Whether AWS's catalogue has the action (remembered: the catalogue does not change while vpcsim runs). */
function knownAction(action: string): boolean {
  let known = knownActions.get(action);
  if (known === undefined) {
    known = !validateRequest(loadCatalog(), { action }).some((d) => d.severity === 'error');
    if (knownActions.size < 10_000) knownActions.set(action, known);
  }
  return known;
}

/**
 * The decision of a request judged by IAM alone with the engines' fast path (no explanation),
 * when it can be trusted without one; undefined when `judge` must decide in full: a request
 * sent `from` an instance, an action AWS does not have, a request with errors (the fast path
 * never hides them), or engines without a fast path.
 */
export function fastDecision(model: Model, engines: Engines, spec: RequestSpec): DecisionLike['decision'] | undefined {
  if (spec.from || !engines.decide || !knownAction(spec.action)) return undefined;
  const kind = safe(() => engines.decide!(model, iamRequest(spec)), 'iam');
  return typeof kind === 'string' ? kind : undefined;
}

/** Judges a request: over the network with `from`, by IAM alone otherwise. */
export function judge(model: Model, engines: Engines, spec: RequestSpec): { decision?: DecisionLike; trace?: Trace; via?: string; errors: Diagnostic[] } {
  // an action AWS does not have is an error, never a denial (AWS's action catalogue)
  const unknown = validateRequest(loadCatalog(), { action: spec.action }).filter((d) => d.severity === 'error');
  if (unknown.length > 0) return { errors: unknown };
  if (spec.from) {
    if (!engines.request)
      return { errors: [error('not-implemented', ['request', 'from'], 'requests sent `from` an instance are not implemented yet', 'leave out `from` to judge the request by IAM alone')] };
    const r = safe(() => engines.request!(model, spec), 'request');
    if (isDiag(r)) return { errors: [r] };
    const via = r.network ? (r.network.reached ? (r.network.via ?? 'none') : 'none') : undefined;
    return { decision: r.decision, trace: r.trace, ...(via !== undefined ? { via } : {}), errors: decisionTrouble(r.decision) };
  }
  const d = safe(() => engines.evaluate(model, iamRequest(spec)), 'iam');
  if (isDiag(d)) return { errors: [d] };
  return { decision: d, errors: decisionTrouble(d) };
}

/** The `actual` of a check that errors kept from a verdict: the first error, so the report never shows a verdict that only looks like one. */
export const notJudged = (errors: readonly Diagnostic[]): Record<string, unknown> => ({ error: errors[0]?.message ?? 'not judged' });

export const list = <T>(x: T | readonly T[] | undefined): T[] | undefined => (x === undefined ? undefined : Array.isArray(x) ? [...(x as T[])] : [x as T]);

/**
 * The summary line. `proved` only where the cases are real equivalence classes (network
 * properties); an IAM space is only what the scenario names, so an exhaustive IAM run says
 * `checked all N cases the scenario names`.
 */
export function describe(o: SearchOutcome<unknown[]>, note: string, kind: 'network' | 'iam' = 'network'): string {
  const n = o.cases.toLocaleString('en-US');
  const s = o.cases === 1 ? '' : 's';
  if (o.failure) return o.mode === 'proved' ? `counterexample found after ${n} of ${o.space.toLocaleString('en-US')} cases${note}` : `counterexample found in sampling (seed ${o.seed})`;
  if (o.mode === 'sampled') return `no counterexample in ${n} runs (seed ${o.seed}; space of ${o.space.toLocaleString('en-US')} cases)`;
  return kind === 'iam' ? `checked all ${n} case${s} the scenario names (principals, actions, resources, context values)` : `proved over ${n} case${s}${note}`;
}

