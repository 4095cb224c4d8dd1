// The access properties a scenario can state (issue 16): `noExternalAccess` (no external
// access finding on the selected resources) and `cannotBecome` (no escalation path), checked
// as `vpcsim check` checks every property: a pass says what it covered, a failure carries the
// counterexample (a request `vpcsim can` allows, or the shortest path) and its decision.
import { evaluate } from '@vpcsim/iam';
import { error, type Model, type Property } from '@vpcsim/model';
import type { CheckOptions, CheckResult } from '../types.js';
import { findings } from './findings.js';
import { externalModel } from './universe.js';
import { cannotBecomeProperty } from './escalation/property.js';

/** Checks an access property; a `forall` property is not one (an error). */
export function checkAccessProperty(model: Model, p: Property, _options: CheckOptions = {}): CheckResult {
  if (p.noExternalAccess) return noExternalAccess(model, p);
  if (p.cannotBecome) return cannotBecomeProperty(model, p);
  const e = error('not-an-access-property', ['properties', p.name], 'not an access property');
  return { name: p.name, kind: 'property', passed: false, expected: {}, actual: { error: e.message }, errors: [e] };
}

function noExternalAccess(model: Model, p: Property): CheckResult {
  const n = p.noExternalAccess!;
  const expected = { externalAccess: 'none', trust: n.trust };
  const started = Date.now();
  const r = findings(model, { trust: n.trust, resources: typeof n.resource === 'string' ? [n.resource] : n.resource });
  const errors = r.errors.map((e) => ({ ...e, path: ['properties', p.name, 'noExternalAccess', ...e.path] }));
  if (errors.length > 0) return { name: p.name, kind: 'property', passed: false, expected, actual: { error: errors[0]!.message }, errors };
  const analysed = r.resources.length;
  const cases = r.resources.reduce((k, x) => k + x.judged, 0);
  const summary = `checked all ${cases.toLocaleString('en-US')} case${cases === 1 ? '' : 's'} the scenario names (${analysed} resource${analysed === 1 ? '' : 's'}: every principal class outside the ${n.trust === 'organization' ? 'organization' : 'account'} on every action their policies admit)`;
  const stats = { mode: 'proved' as const, cases, elapsedMs: Date.now() - started, summary };
  const first = r.resources.flatMap((x) => x.findings)[0];
  if (first === undefined) return { name: p.name, kind: 'property', passed: true, expected, actual: expected, stats, errors: [] };
  const ex = first.example;
  const decision = evaluate(ex.assumesOwnPolicies ? externalModel(model) : model, { principal: ex.principal, action: ex.action, resource: ex.resource, context: ex.context });
  return {
    name: p.name,
    kind: 'property',
    passed: false,
    expected,
    actual: { externalAccess: `${first.principal}: ${first.actions.join(', ')} on ${first.resource}${first.isPublic ? ' (public)' : ''}`, by: first.statements.join(', ') },
    counterexample: { principal: ex.principal, action: ex.action, resource: ex.resource, ...(ex.context ? { context: ex.context } : {}) },
    decision,
    stats,
    errors: [],
  };
}
