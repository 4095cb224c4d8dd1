// The registry of condition operators, by name. Set prefixes (`ForAllValues:`,
// `ForAnyValue:`) and the `IfExists` suffix are handled in condition.ts.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
import { ArnEquals, ArnLike, ArnNotEquals, ArnNotLike } from './arn.js';
import { BinaryEquals, Bool } from './bool.js';
import { DateEquals, DateGreaterThan, DateGreaterThanEquals, DateLessThan, DateLessThanEquals, DateNotEquals } from './date.js';
import { IpAddress, NotIpAddress } from './ip-address.js';
import { Null } from './null.js';
import { NumericEquals, NumericGreaterThan, NumericGreaterThanEquals, NumericLessThan, NumericLessThanEquals, NumericNotEquals } from './numeric.js';
import type { ConditionOperator } from './operator.js';
import { StringEquals, StringEqualsIgnoreCase, StringLike, StringNotEquals, StringNotEqualsIgnoreCase, StringNotLike } from './string.js';

/** Every operator AWS defines. */
export const OPERATORS: readonly ConditionOperator[] = [
  StringEquals,
  StringNotEquals,
  StringEqualsIgnoreCase,
  StringNotEqualsIgnoreCase,
  StringLike,
  StringNotLike,
  NumericEquals,
  NumericNotEquals,
  NumericLessThan,
  NumericLessThanEquals,
  NumericGreaterThan,
  NumericGreaterThanEquals,
  DateEquals,
  DateNotEquals,
  DateLessThan,
  DateLessThanEquals,
  DateGreaterThan,
  DateGreaterThanEquals,
  Bool,
  BinaryEquals,
  IpAddress,
  NotIpAddress,
  ArnEquals,
  ArnNotEquals,
  ArnLike,
  ArnNotLike,
  Null,
];

const byName = new Map(OPERATORS.map((o) => [o.name, o]));

/** The operator named `name` (without prefix or IfExists), if AWS defines it. */
export function operatorNamed(name: string): ConditionOperator | undefined {
  return byName.get(name);
}

export type { ConditionOperator, Scalar } from './operator.js';
