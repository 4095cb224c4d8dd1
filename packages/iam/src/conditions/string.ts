// String condition operators.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
// StringEquals/StringNotEquals: case-sensitive exact match; ...IgnoreCase: ignoring case;
// StringLike/StringNotLike: case-sensitive match with `*` and `?` anywhere in the value.
// Policy variables are supported in all of them.
import { compileGlob, compileGlobPieces, globMatch, type Glob, type GlobPiece } from '../glob.js';
import type { ConditionOperator, Scalar } from './operator.js';

const joined = (pieces: readonly GlobPiece[]): string => pieces.map((p) => p.text).join('');

const equals = (negated: boolean): ConditionOperator => ({
  name: negated ? 'StringNotEquals' : 'StringEquals',
  negated,
  variables: true,
  prepare: (v: Scalar) => String(v),
  preparePieces: joined,
  test: (p, v) => p === String(v),
});

const equalsIgnoreCase = (negated: boolean): ConditionOperator => ({
  name: negated ? 'StringNotEqualsIgnoreCase' : 'StringEqualsIgnoreCase',
  negated,
  variables: true,
  prepare: (v: Scalar) => String(v).toLowerCase(),
  preparePieces: (pieces) => joined(pieces).toLowerCase(),
  test: (p, v) => p === String(v).toLowerCase(),
});

const like = (negated: boolean): ConditionOperator => ({
  name: negated ? 'StringNotLike' : 'StringLike',
  negated,
  variables: true,
  prepare: (v: Scalar) => compileGlob(String(v)),
  preparePieces: (pieces) => compileGlobPieces(pieces),
  test: (p, v) => globMatch(p as Glob, String(v)),
});

export const StringEquals = equals(false);
export const StringNotEquals = equals(true);
export const StringEqualsIgnoreCase = equalsIgnoreCase(false);
export const StringNotEqualsIgnoreCase = equalsIgnoreCase(true);
export const StringLike = like(false);
export const StringNotLike = like(true);
