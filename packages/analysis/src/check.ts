// Running a scenario's `expect` entries and `properties` (docs: packages/analysis/README.md).
import { didYouMean, error, type Diagnostic, type Expectation, type ForallProperty, type Model, type Property } from '@vpcsim/model';
import type { Flow, TargetTrace, Trace } from '@vpcsim/net';
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
    let judged = (k: string): boolean => (k === 'blockedBy' ? blockerMatches(model, e.blockedBy!, t.blockedBy) : expected[k] === actual[k]);
    if (e.targets !== undefined) {
      // a trace to a load balancer: `all` (its `reachable` is whether every target is), or some targets by id
      const found = targetsOf(t, e.targets, index);
      errors.push(...found.errors);
      expected.targets = e.targets;
      actual.targets = e.targets === 'all' && found.every === true ? 'all' : found.actual;
      const plain = judged;
      judged = (k) => (k === 'targets' ? targetsMatch(e.targets!, e.reachable === true, found) : k === 'reachable' && e.targets === 'all' ? true : plain(k));
    }
    const passed = errors.length === 0 && Object.keys(expected).every(judged);
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

/** Runs every expectation and property of a compiled scenario, in file order (or the checks `options.checks` names, in its order). */
export function checkScenarioWith(engines: Engines, model: Model, options: CheckOptions = {}): CheckResult[] {
  const expect = model.scenario.expect ?? [];
  const properties = model.scenario.properties ?? [];
  const run = (i: number): CheckResult => (i < expect.length ? runExpectationWith(engines, model, expect[i]!, i) : checkPropertyWith(engines, model, properties[i - expect.length]!, options));
  if (options.checks !== undefined) {
    const bad = options.checks.find((i) => !Number.isInteger(i) || i < 0 || i >= expect.length + properties.length);
    if (bad !== undefined) throw new RangeError(`check ${bad} is not one of the scenario's ${expect.length + properties.length} checks`);
    return options.checks.map(run);
  }
  return [...expect.map((_, i) => run(i)), ...properties.map((_, k) => run(expect.length + k))];
}

/**
 * Whether the trace's blocker is the one expected: the same id, or, for an instance, any of its
 * interfaces (`<instance>/eth0`, its extra interfaces), and an interface's AWS id (an imported
 * instance's `primaryInterfaceId`) for the interface it names.
 */
export function blockerMatches(model: Model, expected: string, actual: string | null): boolean {
  if (actual === null) return false;
  if (expected === actual) return true;
  const inst = model.index.instance.get(expected);
  if (inst !== undefined) return inst.interfaces.includes(actual);
  return model.index.interfaceByAwsId.get(expected)?.id === actual;
}

/** What a trace says of each target (its own and those of a load balancer behind it), for `targets:` expectations. */
function targetsOf(t: Trace, want: 'all' | Record<string, boolean>, index: number): { actual: Record<string, boolean> | undefined; every?: boolean; errors: Diagnostic[] } {
  if (t.targets === undefined) {
    if (t.disposition === 'invalid-flow' || t.disposition === 'not-implemented') return { actual: undefined, errors: [] };
    return { actual: undefined, errors: [error('targets-not-load-balancer', ['expect', index, 'targets'], '`targets` needs a trace to a load balancer, and this flow does not reach one', `trace to a load balancer (\`to: lb:ID\`), or remove \`targets\` (the trace ended \`${t.disposition}\`)`)] };
  }
  const all: Record<string, boolean> = {};
  const walk = (ts: readonly TargetTrace[]): void => {
    for (const x of ts) {
      if (!(x.target in all)) all[x.target] = x.reachable;
      walk(x.targets ?? []);
    }
  };
  walk(t.targets);
  if (want === 'all') return { actual: Object.fromEntries(t.targets.map((x) => [x.target, x.reachable])), every: t.targets.length > 0 && t.targets.every((x) => x.reachable), errors: [] };
  const errors: Diagnostic[] = [];
  const actual: Record<string, boolean> = {};
  for (const id of Object.keys(want)) {
    if (id in all) actual[id] = all[id]!;
    else {
      const known = Object.keys(all);
      const guess = didYouMean(id, known);
      errors.push(error('unknown-target', ['expect', index, 'targets', id], `\`${id}\` is not a target of this trace's load balancer`, guess !== undefined ? `did you mean \`${guess}\`?` : `its targets: ${known.map((k) => `\`${k}\``).join(', ') || 'none'}`));
    }
  }
  return { actual, errors };
}

/**
 * Whether the targets are as the expectation says: `all` with `reachable: true`, every target
 * reachable; with `reachable: false`, not every one; a map, each named target as given.
 */
function targetsMatch(want: 'all' | Record<string, boolean>, reachable: boolean, found: { actual: Record<string, boolean> | undefined; every?: boolean }): boolean {
  if (found.actual === undefined) return false;
  if (want === 'all') return found.every === reachable;
  return Object.entries(want).every(([id, ok]) => found.actual![id] === ok);
}
