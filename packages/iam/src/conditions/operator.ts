// The interface every condition operator implements: compile a policy value once, then test
// a request value against it. Operators are registered in one list (index.ts).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
import type { GlobPiece } from '../glob.js';

/** A scalar request or policy value. */
export type Scalar = string | number | boolean;

/** A policy value the operator cannot use (e.g. `IpAddress` with `not-an-ip`): never matches. */
export interface Invalid {
  readonly invalid: string;
}

/** One condition operator, in its positive form (negated operators set `negated`). */
export interface ConditionOperator {
  /** The name as AWS spells it: `StringLike`, `NotIpAddress`. */
  readonly name: string;
  /** `StringNotEquals`, `NotIpAddress`...: true when the positive test fails for every value. */
  readonly negated: boolean;
  /** Whether policy variables are replaced in this operator's values. */
  readonly variables: boolean;
  /** Compiles one policy value. */
  prepare(value: Scalar): unknown;
  /** Compiles a value with resolved variables (substituted text is literal). */
  preparePieces?(pieces: readonly GlobPiece[]): unknown;
  /** The positive test of one request value against one compiled policy value. */
  test(prepared: unknown, value: Scalar): boolean;
}

/** Whether a prepared value is unusable. */
export function isInvalid(v: unknown): v is Invalid {
  return typeof v === 'object' && v !== null && 'invalid' in v;
}
