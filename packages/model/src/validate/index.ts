// Cross-reference resolution and semantic validation of a schema-valid scenario.
// Ids are indexed once (registry.ts); overlap checks use sort-based sweeps, so validation is
// O(n log n) in the number of resources.
import type { Diagnostic } from '../diagnostic.js';
import type { Scenario } from '../schema/index.js';
import { validateExpectations } from './expect.js';
import { validateIam } from './iam.js';
import { validateNetwork } from './network.js';
import { buildRegistry } from './registry.js';

/** Checks references and AWS rules; returns errors and warnings (empty when all is well). */
export function validateScenario(scenario: Scenario): Diagnostic[] {
  const r = buildRegistry(scenario);
  validateNetwork(scenario, r);
  validateIam(scenario, r.out);
  validateExpectations(scenario, r, r.out);
  return r.out;
}

export { validatePolicy, isConditionOperator, CONDITION_OPERATORS } from './iam.js';
