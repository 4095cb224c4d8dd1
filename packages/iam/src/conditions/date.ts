// Date condition operators: values are ISO 8601 dates/times or epoch seconds.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date
// ("You must specify date/time values with one of the W3C implementations of the ISO 8601
// date formats or in epoch (UNIX) time.") Policy variables are not supported.
import type { ConditionOperator, Scalar } from './operator.js';

/** Milliseconds since the epoch, or NaN. */
export function parseDate(v: Scalar): number {
  if (typeof v === 'number') return v * 1000;
  if (typeof v !== 'string') return NaN;
  const s = v.trim();
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  if (!/^\d{4}-\d{2}(-\d{2})?([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(s)) return NaN;
  // A date-time without zone is read as UTC (AWS compares in UTC).
  const withZone = /T.*(Z|[+-]\d{2}:?\d{2})$/.test(s) || !s.includes('T') ? s : `${s}Z`;
  return Date.parse(withZone.replace(' ', 'T'));
}

const op = (name: string, negated: boolean, cmp: (req: number, pol: number) => boolean): ConditionOperator => ({
  name,
  negated,
  variables: false,
  prepare: (v) => {
    const n = parseDate(v);
    return Number.isNaN(n) ? { invalid: `\`${String(v)}\` is not an ISO 8601 date or epoch time` } : n;
  },
  test: (p, v) => {
    const n = parseDate(v);
    return !Number.isNaN(n) && cmp(n, p as number);
  },
});

export const DateEquals = op('DateEquals', false, (a, b) => a === b);
export const DateNotEquals = op('DateNotEquals', true, (a, b) => a === b);
export const DateLessThan = op('DateLessThan', false, (a, b) => a < b);
export const DateLessThanEquals = op('DateLessThanEquals', false, (a, b) => a <= b);
export const DateGreaterThan = op('DateGreaterThan', false, (a, b) => a > b);
export const DateGreaterThanEquals = op('DateGreaterThanEquals', false, (a, b) => a >= b);
