// `cannotBecome`: no escalation path takes any of the `from` principals to `to` (a principal,
// or `admin`). A failure's counterexample is the shortest path, step by step, with the last
// request's decision.
import { evaluate } from '@vpcsim/iam';
import type { Model, Property } from '@vpcsim/model';
import type { CheckResult } from '../../types.js';
import { globToRegExp } from '../../selectors.js';
import { escalationGraph, escalationPaths } from './graph.js';

const globRe = (g: string): RegExp => globToRegExp(g);

/** Checks a `cannotBecome` property. */
export function cannotBecomeProperty(model: Model, p: Property): CheckResult {
  const c = p.cannotBecome!;
  const started = Date.now();
  const expected = { path: 'none', to: c.to };
  const w = escalationGraph(model).world;
  const sels = typeof c.from === 'string' ? [c.from] : c.from;
  const froms = [...new Set(sels.flatMap((s) => (/[*?]/.test(s) ? w.principals.filter((x) => globRe(s).test(x.principal) || globRe(s).test(x.arn)).map((x) => x.principal) : [s])))];
  let reached = 0;
  for (const from of froms) {
    const r = escalationPaths(model, { from, to: c.to }, { maxPaths: 1 });
    if (r.errors.length > 0) {
      const errors = r.errors.map((e) => ({ ...e, path: ['properties', p.name, 'cannotBecome', ...e.path.slice(1)] }));
      return { name: p.name, kind: 'property', passed: false, expected, actual: { error: errors[0]!.message }, errors };
    }
    reached += r.reached;
    const path = r.paths[0];
    if (!path) continue;
    const requests = [...path.steps.flatMap((s) => s.moves.flatMap((m) => ('request' in m ? [m.request] : []))), ...(path.admin?.requests ?? [])];
    const last = requests[requests.length - 1];
    const steps = [...path.steps.map((s) => `${s.from} → ${s.to}: ${s.title}`), ...(path.admin ? [path.admin.title] : [])];
    return {
      name: p.name,
      kind: 'property',
      passed: false,
      expected,
      actual: { path: `${steps.length} step${steps.length === 1 ? '' : 's'}` },
      counterexample: { principal: from, to: c.to, path: steps },
      ...(last && path.steps.length === 0 ? { decision: evaluate(model, { principal: last.principal, action: last.action, resource: last.resource, context: last.context }) } : {}),
      stats: { mode: 'proved', cases: reached, elapsedMs: Date.now() - started, summary: `path found from ${from}` },
      errors: [],
    };
  }
  const summary = `checked all ${reached.toLocaleString('en-US')} case${reached === 1 ? '' : 's'} (principal states reached through every edge from ${froms.length === 1 ? froms[0] : `${froms.length} principals`}): no path to ${c.to === 'admin' ? 'an administrator' : c.to}`;
  return { name: p.name, kind: 'property', passed: true, expected, actual: expected, stats: { mode: 'proved', cases: reached, elapsedMs: Date.now() - started, summary }, errors: [] };
}
