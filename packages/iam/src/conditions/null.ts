// Null: whether a key is absent from the request context (`true`) or present (`false`).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
// Its evaluation is special-cased in condition.ts (it tests presence, not a value); this entry
// only validates its values.
import type { ConditionOperator } from './operator.js';

export const Null: ConditionOperator = {
  name: 'Null',
  negated: false,
  variables: false,
  prepare: (v) => {
    const b = String(v).toLowerCase();
    return b === 'true' || b === 'false' ? b === 'true' : { invalid: `\`${String(v)}\` is not \`true\` or \`false\`` };
  },
  test: () => false,
};
