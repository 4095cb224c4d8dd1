// The checks on the real engines: what `vpcsim check` calls.
import type { Expectation, Model, Property } from '@vpcsim/model';
import { checkPropertyWith, checkScenarioWith, runExpectationWith } from './check.js';
import { defaultEngines } from './default-engines.js';
import type { CheckOptions, CheckResult } from './types.js';

/** Runs every expectation and property of a compiled scenario. */
export function checkScenario(model: Model, options?: CheckOptions): CheckResult[] {
  return checkScenarioWith(defaultEngines, model, options);
}

/** Runs one `expect` entry (its position names it when it has no name). */
export function runExpectation(model: Model, e: Expectation, index: number): CheckResult {
  return runExpectationWith(defaultEngines, model, e, index);
}

/** Checks one property: proved by enumeration when its space is small, sampled otherwise. */
export function checkProperty(model: Model, p: Property, options?: CheckOptions): CheckResult {
  return checkPropertyWith(defaultEngines, model, p, options);
}
