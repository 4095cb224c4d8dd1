// Running a scenario's `expect` entries and `properties` (docs: packages/analysis/README.md).
import { error, type Expectation, type ForallProperty, type Model, type Property } from '@vpcsim/model';
import type { Flow } from '@vpcsim/net';
import type { Engines } from './engines.js';
import { decisionMatches, fastDecision, iamRequest, isDiag, judge, notJudged, safe, traceTrouble } from './judge.js';
import { iamProperty } from './iam-property.js';
import { networkProperty } from './network-property.js';
import { DEFAULT_BUDGET, DEFAULT_RUNS, DEFAULT_SEED } from './search.js';
import type { CheckOptions, CheckResult } from './types.js';

/** Runs one `expect` entry. */
export function runExpectationWith(engines: Engines, model: Model, e: Expectation, index: number): CheckResult {
  const name = e.name || `expect[${index}]`;
  if (e.trace) {
    const expected: Record<string, unknown> = { reachable: e.reachable };
    if (e.blockedBy !== undefined) expected.blockedBy = e.blockedBy;
    if (e.disposition !== undefined) expected.disposition = e.disposition;
    const t = safe(() => engines.trace(model, e.trace as Flow), 'trace');
    if (isDiag(t)) return { name, kind: 'expect', passed: false, expected, actual: notJudged([t]), errors: [t] };
    const actual: Record<string, unknown> = { reachable: t.reachable };
    if (e.blockedBy !== undefined) actual.blockedBy = t.blockedBy;
    if (e.disposition !== undefined) actual.disposition = t.disposition;
    const errors = traceTrouble(t);
    const passed = errors.length === 0 && Object.keys(expected).every((k) => expected[k] === actual[k]);
    // with errors the outcome is not a verdict: say why instead of a reachable that only looks like one
    const shown = errors.length > 0 ? { disposition: t.disposition, ...notJudged(errors) } : passed ? actual : { ...actual, disposition: t.disposition, blockedBy: t.blockedBy };
    return { name, kind: 'expect', passed, expected, actual: shown, trace: t, errors };
  }
  const spec = e.request!;
  const expected: Record<string, unknown> = { decision: e.decision };
  if (e.via !== undefined) expected.via = e.via;
  // IAM alone: decide with the fast path; explain only a failure (or on demand)
  const kind = e.via === undefined ? fastDecision(model, engines, spec) : undefined;
  if (kind !== undefined && decisionMatches(e.decision, kind))
    return { name, kind: 'expect', passed: true, expected, actual: { decision: kind }, explainDecision: () => engines.evaluate(model, iamRequest(spec)), errors: [] };
  const r = judge(model, engines, spec);
  const actual: Record<string, unknown> = r.decision ? { decision: r.decision.decision } : {};
  if (e.via !== undefined) actual.via = r.via;
  const passed = r.errors.length === 0 && Object.keys(expected).every((k) => (k === 'decision' ? decisionMatches(e.decision, r.decision?.decision) : expected[k] === actual[k]));
  return { name, kind: 'expect', passed, expected, actual: r.errors.length > 0 ? { ...actual, ...notJudged(r.errors) } : actual, decision: r.decision, trace: r.trace, errors: r.errors };
}

/** Checks one property: IAM when it quantifies principals or actions, network otherwise; access properties by their own engine. */
export function checkPropertyWith(engines: Engines, model: Model, p: Property, options: CheckOptions = {}): CheckResult {
  const opts = { seed: options.seed ?? DEFAULT_SEED, runs: options.runs ?? DEFAULT_RUNS, budget: options.budget ?? DEFAULT_BUDGET, conditionValues: options.conditionValues };
  if (p.forall === undefined) {
    // access properties (noExternalAccess, cannotBecome): their own engine
    if (engines.access) return engines.access(model, p, options);
    return { name: p.name, kind: 'property', passed: false, expected: {}, actual: notJudged([error('not-implemented', ['properties', p.name], 'access properties need the access engine', 'run them with the real engines (`vpcsim check`)')]), errors: [error('not-implemented', ['properties', p.name], 'access properties need the access engine')] };
  }
  const fp = p as ForallProperty;
  const iam = fp.forall.principal !== undefined || fp.forall.action !== undefined;
  return iam ? iamProperty(engines, model, fp, opts) : networkProperty(engines, model, fp, opts);
}

/** Runs every expectation and property of a compiled scenario, in file order. */
export function checkScenarioWith(engines: Engines, model: Model, options: CheckOptions = {}): CheckResult[] {
  return [
    ...(model.scenario.expect ?? []).map((e, i) => runExpectationWith(engines, model, e, i)),
    ...(model.scenario.properties ?? []).map((p) => checkPropertyWith(engines, model, p, options)),
  ];
}
