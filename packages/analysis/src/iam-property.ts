// IAM properties: `forall` principals, actions, resources (and optionally instances the
// requests are sent from), the request is allowed or denied. (docs: packages/analysis/README.md)
import { error, type Model, type ForallProperty, type RequestSpec, pushAll } from '@vpcsim/model';
import type { Engines } from './engines.js';
import { decisionMatches, describe, fastDecision, judge, list, notJudged, type ContextValue } from './judge.js';
import { expandSelector } from './selectors.js';
import { search, type Dimension, type SearchOutcome } from './search.js';
import { iamSpace } from './iam-space.js';
import type { CheckOptions, CheckResult } from './types.js';

type Ctx = Readonly<Record<string, ContextValue>>;

export function iamProperty(engines: Engines, model: Model, p: ForallProperty, opts: Required<Pick<CheckOptions, 'seed' | 'runs'>> & { budget: number; conditionValues?: CheckOptions['conditionValues'] }): CheckResult {
  const started = Date.now();
  const expected = { decision: p.decision };
  const space = iamSpace(model, p, { conditionValues: opts.conditionValues });
  const errors = [...space.errors];
  let froms: (string | undefined)[] = [undefined];
  if (p.forall.from) {
    froms = [];
    for (const s of list(p.forall.from)!) {
      // requests are sent from instances: not from their secondary addresses
      const x = expandSelector(model, s, { side: 'from', aliases: false });
      pushAll(errors, x.errors);
      pushAll(froms, x.endpoints.map((e) => e.endpoint));
    }
    if (froms.length === 0 && errors.length === 0)
      errors.push(error('property-vacuous', ['properties', p.name, 'forall', 'from'], '`from` selects no endpoint: the property would hold vacuously'));
  }
  for (const [name, values] of [['principal', space.principals], ['action', space.actions], ['resource', space.resources]] as const)
    if (values.length === 0 && errors.length === 0)
      errors.push(error('property-vacuous', ['properties', p.name, 'forall', name], `\`${name}\` selects nothing: the property would hold vacuously`));
  if (errors.length > 0) return { name: p.name, kind: 'property', passed: false, expected, actual: notJudged(errors), errors };
  const dims: [Dimension<string | undefined>, Dimension<string | undefined>, Dimension<string>, Dimension<string | undefined>, Dimension<Ctx>] = [
    { name: 'from', values: froms },
    { name: 'principal', values: space.principals },
    { name: 'action', values: space.actions },
    { name: 'resource', values: space.resources },
    { name: 'context', values: space.contexts },
  ];
  const specOf = (c: [string | undefined, string | undefined, string, string | undefined, Ctx]): RequestSpec => {
    const spec: Record<string, unknown> = { action: c[2] };
    if (c[1] !== undefined) spec.principal = c[1];
    if (c[3] !== undefined) spec.resource = c[3];
    if (c[0] !== undefined) spec.from = c[0];
    if (Object.keys(c[4]).length > 0) spec.context = c[4];
    return spec as RequestSpec;
  };
  const run = (c: [string | undefined, string | undefined, string, string | undefined, Ctx]) => {
    const r = judge(model, engines, specOf(c));
    return { ...r, ok: r.errors.length === 0 && decisionMatches(p.decision, r.decision?.decision) };
  };
  // every case by the fast path (no explanation); the full judgement only where the fast path
  // cannot vouch for its decision (errors, `from`), and for the counterexample shown
  const holds = (c: [string | undefined, string | undefined, string, string | undefined, Ctx]): boolean => {
    const kind = fastDecision(model, engines, specOf(c));
    return kind !== undefined ? decisionMatches(p.decision, kind) : run(c).ok;
  };
  const outcome = search(dims, holds, opts);
  const summary = describe(outcome as SearchOutcome<unknown[]>, '', 'iam');
  const stats = { mode: outcome.mode, cases: outcome.cases, seed: outcome.mode === 'sampled' ? outcome.seed : undefined, elapsedMs: Date.now() - started, space: outcome.space, summary };
  if (!outcome.failure) return { name: p.name, kind: 'property', passed: true, expected, actual: { decision: p.decision }, stats, errors: [] };
  const r = run(outcome.failure);
  // INVARIANT: the fast path and the full evaluation agree (differential tests); if they ever do
  // not, the property fails with an error saying so, never a counterexample that passes
  if (r.ok)
    r.errors.push(error('internal', ['properties', p.name], `the fast path and the full evaluation disagree on ${JSON.stringify(specOf(outcome.failure))}`, 'this is a vpcsim bug: please report it with the scenario'));
  return {
    name: p.name,
    kind: 'property',
    passed: false,
    expected,
    actual: r.decision ? { decision: r.decision.decision } : {},
    counterexample: specOf(outcome.failure),
    decision: r.decision,
    trace: r.trace,
    stats,
    errors: r.errors,
  };
}

