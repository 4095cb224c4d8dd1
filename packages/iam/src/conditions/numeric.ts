// Numeric condition operators.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Numeric
// Policy variables are not supported. A value that is not a number never matches.
import type { ConditionOperator, Scalar } from './operator.js';

const num = (v: Scalar): number => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);

const op = (name: string, negated: boolean, cmp: (req: number, pol: number) => boolean): ConditionOperator => ({
  name,
  negated,
  variables: false,
  prepare: (v) => {
    const n = num(v);
    return Number.isNaN(n) ? { invalid: `\`${String(v)}\` is not a number` } : n;
  },
  test: (p, v) => {
    const n = num(v);
    return !Number.isNaN(n) && cmp(n, p as number);
  },
});

export const NumericEquals = op('NumericEquals', false, (a, b) => a === b);
export const NumericNotEquals = op('NumericNotEquals', true, (a, b) => a === b);
export const NumericLessThan = op('NumericLessThan', false, (a, b) => a < b);
export const NumericLessThanEquals = op('NumericLessThanEquals', false, (a, b) => a <= b);
export const NumericGreaterThan = op('NumericGreaterThan', false, (a, b) => a > b);
export const NumericGreaterThanEquals = op('NumericGreaterThanEquals', false, (a, b) => a >= b);
