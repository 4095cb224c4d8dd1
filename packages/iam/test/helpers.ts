// Test helpers: build a model from a scenario object, and evaluate requests against it.
import { compile, type Model } from '@vpcsim/model';
import { expect } from 'vitest';
import { evaluate } from '../src/evaluate.js';
import type { Decision, Request } from '../src/types.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Raw = any;

export const A = '111111111111';
export const B = '222222222222';
export const C = '333333333333';

/** A policy document. */
export const doc = (...Statement: Raw[]): Raw => ({ Version: '2012-10-17', Statement });

/** Compiles a scenario (defaults: account A, us-east-1), failing the test on errors. */
export function model(s: Raw): Model {
  const r = compile({ version: 1, defaults: { account: A, region: 'us-east-1' }, ...s });
  if (!r.ok) throw new Error(`scenario does not compile: ${r.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('; ')}`);
  return r.model;
}

/** Evaluates and returns the decision. */
export function decide(m: Model, req: Request): Decision {
  return evaluate(m, req);
}

/** Asserts the decision kind (printing the explanation on failure). */
export function expectDecision(m: Model, req: Request, want: Decision['decision']): Decision {
  const d = evaluate(m, req);
  expect(d.decision, JSON.stringify({ reason: d.reason, gates: d.explain.map((g) => [g.gate, g.result, g.why]), errors: d.errors }, null, 1)).toBe(want);
  return d;
}
