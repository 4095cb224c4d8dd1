// Cross-reference resolution and semantic validation of a schema-valid scenario.
// (Owned by the validation work.)
import type { Diagnostic } from '../diagnostic.js';
import type { Scenario } from '../schema/index.js';

/** Checks references and AWS rules; returns errors and warnings (empty when all is well). */
export function validateScenario(_scenario: Scenario): Diagnostic[] {
  return [];
}
