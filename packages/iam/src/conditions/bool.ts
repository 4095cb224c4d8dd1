// Bool and BinaryEquals.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_BinaryEquals
// CHOICE: Bool takes policy variables, as the operators page's Boolean section lists them
// ("Policy variables – Supported"); the policy variables page leaves Boolean out of the
// operators that do. The two pages disagree; we follow the operator's own section.
// Bool compares `true`/`false` (case-insensitive); BinaryEquals compares base-64 values byte
// for byte (we compare the base-64 text, normalized by decoding).
import type { ConditionOperator, Scalar } from './operator.js';

const bool = (v: Scalar): string => String(v).toLowerCase();

export const Bool: ConditionOperator = {
  name: 'Bool',
  negated: false,
  variables: true,
  prepare: (v) => {
    const b = bool(v);
    return b === 'true' || b === 'false' ? b : { invalid: `\`${String(v)}\` is not \`true\` or \`false\`` };
  },
  test: (p, v) => bool(v) === p,
};

const decode = (v: Scalar): string | undefined => {
  const s = String(v).trim();
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 === 1) return undefined;
  return Buffer.from(s, 'base64').toString('latin1');
};

export const BinaryEquals: ConditionOperator = {
  name: 'BinaryEquals',
  negated: false,
  variables: false,
  prepare: (v) => decode(v) ?? { invalid: `\`${String(v)}\` is not base-64` },
  test: (p, v) => decode(v) === p,
};
