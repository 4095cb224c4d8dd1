// A statement's Condition block: compiled once, evaluated per request.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_logic_multiple_context_keys_or_values.html
//   Several operators, or several keys under one operator: all must hold (AND). Several values
//   for one key: any may match (OR); for a negated operator (StringNotEquals, NotIpAddress...)
//   the key must match none of them (the negation of the OR).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
//   "If the key that you specify in a policy condition is not present in the request context,
//   the values do not match and the condition is false. If the policy condition requires that
//   the key is not matched, such as StringNotLike or ArnNotLike, and the right key is not
//   present, the condition is true." ...IfExists: a missing key makes the condition true.
//   Null: `true` holds when the key is missing, `false` when it is present.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
//   ForAllValues: true when every request value matches some policy value, and also when the
//   key is missing or its value is an empty list. ForAnyValue: true when at least one request
//   value matches; false when the key is missing.
//   A multivalued request value under an operator without a set prefix is treated as
//   ForAnyValue (documented choice: AWS advises a set prefix for multivalued keys).
import type { Env } from './context.js';
import { operatorNamed, type ConditionOperator, type Scalar } from './conditions/index.js';
import { isInvalid } from './conditions/operator.js';
import { parseTemplate, resolveTemplate, unresolvedVariables, type TemplatePart } from './variables.js';

/** One policy value of a condition: compiled, or a template with variables. */
interface CompiledValue {
  readonly raw: Scalar;
  readonly prepared: unknown;
  readonly template: readonly TemplatePart[] | undefined;
}

/** One operator/key pair of a Condition block. */
export interface CompiledCondition {
  /** The operator as written: `ForAnyValue:StringLikeIfExists`. */
  readonly operator: string;
  readonly op: ConditionOperator;
  readonly set: 'all' | 'any' | null;
  readonly ifExists: boolean;
  readonly key: string;
  readonly keyLower: string;
  readonly values: readonly CompiledValue[];
  /** For Null: which states of the key the policy accepts (`true`: missing, `false`: present; several values are ORed). */
  readonly nullWants?: { readonly missing: boolean; readonly present: boolean } | undefined;
  /** The static parts of its explanation sentences, built on its first explanation. */
  text: ConditionText | undefined;
}

/** The parts of a condition's sentences that do not depend on the request. */
interface ConditionText {
  /** `condition OPERATOR KEY`. */
  readonly head: string;
  /** The policy values, as `a, b`. */
  readonly wanted: string;
  /** `; ` and the messages of values the operator cannot use, or empty. */
  readonly invalid: string;
  readonly templates: boolean;
}

/** A Condition block that could not be compiled: an unknown operator. */
export interface ConditionError {
  readonly operator: string;
  readonly message: string;
}

/** Splits `ForAnyValue:StringLikeIfExists`. */
function parseOperator(text: string): { set: 'all' | 'any' | null; base: string; ifExists: boolean } {
  let set: 'all' | 'any' | null = null;
  let rest = text;
  if (rest.startsWith('ForAllValues:')) {
    set = 'all';
    rest = rest.slice(13);
  } else if (rest.startsWith('ForAnyValue:')) {
    set = 'any';
    rest = rest.slice(12);
  }
  const ifExists = rest.endsWith('IfExists') && rest !== 'IfExists';
  return { set, base: ifExists ? rest.slice(0, -8) : rest, ifExists };
}

/** Compiles a Condition block; `variables` is false for legacy-version policies. */
export function compileConditions(block: Readonly<Record<string, Readonly<Record<string, unknown>>>> | undefined, variables: boolean): { conditions: CompiledCondition[]; errors: ConditionError[] } {
  const conditions: CompiledCondition[] = [];
  const errors: ConditionError[] = [];
  if (block === undefined) return { conditions, errors };
  for (const operator of Object.keys(block)) {
    const { set, base, ifExists } = parseOperator(operator);
    const op = operatorNamed(base);
    if (op === undefined || (op.name === 'Null' && (ifExists || set !== null))) {
      errors.push({ operator, message: `unknown condition operator \`${operator}\`` });
      continue;
    }
    const keys = block[operator] ?? {};
    for (const key of Object.keys(keys)) {
      const rawValue = keys[key];
      const list: Scalar[] = (Array.isArray(rawValue) ? rawValue : [rawValue]).filter((v): v is Scalar => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean');
      const values: CompiledValue[] = list.map((raw) => {
        const template = typeof raw === 'string' ? parseTemplate(raw, variables && op.variables) : undefined;
        return { raw, prepared: template ? undefined : op.prepare(raw), template };
      });
      const nullWants = op.name === 'Null' ? { missing: values.some((v) => v.prepared === true), present: values.some((v) => v.prepared === false) } : undefined;
      conditions.push({ operator, op, set, ifExists, key, keyLower: key.toLowerCase(), values, nullWants, text: undefined });
    }
  }
  return { conditions, errors };
}

/** The compiled value of one policy value for this request, or undefined (unresolvable/invalid). */
function valueFor(c: CompiledCondition, v: CompiledValue, env: Env): unknown {
  if (v.template === undefined) return isInvalid(v.prepared) ? undefined : v.prepared;
  const pieces = resolveTemplate(v.template, env);
  if (pieces === undefined) return undefined;
  const p = c.op.preparePieces ? c.op.preparePieces(pieces) : c.op.prepare(pieces.map((x) => x.text).join(''));
  return isInvalid(p) ? undefined : p;
}

/** Whether one request value matches any policy value (the positive test). */
function anyValue(c: CompiledCondition, value: Scalar, env: Env): boolean {
  const vals = c.values;
  for (let i = 0; i < vals.length; i++) {
    const p = valueFor(c, vals[i]!, env);
    if (p !== undefined && c.op.test(p, value)) return true;
  }
  return false;
}

/** The operator's verdict on one request value: positive test, or its negation. */
function holdsFor(c: CompiledCondition, value: Scalar, env: Env): boolean {
  const m = anyValue(c, value, env);
  return c.op.negated ? !m : m;
}

/** Whether one condition holds for the request. */
export function conditionHolds(c: CompiledCondition, env: Env): boolean {
  const v = env.get(c.keyLower);
  const missing = v === undefined || (Array.isArray(v) && v.length === 0);
  if (c.nullWants !== undefined) return missing ? c.nullWants.missing : c.nullWants.present;
  if (missing) {
    if (c.ifExists) return true;
    if (c.set === 'all') return true;
    if (c.set === 'any') return false;
    return c.op.negated;
  }
  if (Array.isArray(v)) {
    if (c.set === 'all') {
      for (let i = 0; i < v.length; i++) if (!holdsFor(c, v[i]!, env)) return false;
      return true;
    }
    if (c.set === 'any') {
      for (let i = 0; i < v.length; i++) if (holdsFor(c, v[i]!, env)) return true;
      return false;
    }
    // no set prefix: treated as ForAnyValue of the positive test, negated for negated operators
    let some = false;
    for (let i = 0; i < v.length && !some; i++) some = anyValue(c, v[i]!, env);
    return c.op.negated ? !some : some;
  }
  return holdsFor(c, v as Scalar, env);
}

/** Index of the first condition that fails, or -1 when all hold. */
export function firstFailingCondition(conds: readonly CompiledCondition[], env: Env): number {
  for (let i = 0; i < conds.length; i++) if (!conditionHolds(conds[i]!, env)) return i;
  return -1;
}

const show = (v: unknown): string => (Array.isArray(v) ? `[${v.map((x) => String(x)).join(', ')}]` : String(v));

function conditionText(c: CompiledCondition): ConditionText {
  if (c.text !== undefined) return c.text;
  const invalid = c.values.filter((x) => x.template === undefined && isInvalid(x.prepared)).map((x) => (x.prepared as { invalid: string }).invalid);
  c.text = {
    head: `condition ${c.operator} ${c.key}`,
    wanted: c.values.map((x) => String(x.raw)).join(', '),
    invalid: invalid.length > 0 ? `; ${invalid.join('; ')}` : '',
    templates: c.values.some((x) => x.template !== undefined),
  };
  return c.text;
}

/** Why a condition fails, as a sentence: `condition StringEquals aws:SourceVpc: key missing from the request`. */
export function explainCondition(c: CompiledCondition, env: Env): string {
  const t = conditionText(c);
  const head = t.head;
  const v = env.get(c.keyLower);
  const missing = v === undefined || (Array.isArray(v) && v.length === 0);
  if (c.nullWants !== undefined) return missing ? `${head}: key missing from the request, the policy wants it present` : `${head}: key present (\`${show(v)}\`), the policy wants it missing`;
  if (missing) return `${head}: key missing from the request${c.set === 'any' ? ' (ForAnyValue needs at least one value)' : ''}`;
  const wanted = t.wanted;
  let why = c.op.negated ? `request value \`${show(v)}\` matches \`${wanted}\`` : `request value \`${show(v)}\` does not match \`${wanted}\``;
  if (c.set === 'all' && Array.isArray(v)) why = `not every request value of \`${show(v)}\` matches \`${wanted}\``;
  if (t.templates) {
    const unresolved = c.values.flatMap((x) => (x.template ? unresolvedVariables(x.template, env) : []));
    if (unresolved.length > 0) why += `; policy variable ${unresolved.map((u) => `\`\${${u}}\``).join(', ')} has no value in the request`;
  }
  return `${head}: ${why}${t.invalid}`;
}
