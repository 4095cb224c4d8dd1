// A KMS key policy: the resource-based policy of a KMS key, which must allow, and the
// operations no key policy opens to another account (authorizers/kms.ts lists them).
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html
//   "Unless the key policy explicitly allows it, you cannot use IAM policies to allow access to
//   a KMS key." The key policy must allow the principal, or trust the account
//   (`arn:aws:iam::ID:root`), in which case IAM policies must allow. A key declared without a
//   policy has the default key policy (compile.ts), which trusts the account.
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html
//   Cross-account use needs the key policy and the other account's IAM policies to allow, and
//   works only for the operations KMS_CROSS_ACCOUNT_ACTIONS lists: "If you give users in a
//   different account permission for other operations, those permissions have no effect."
import { denial, hasIdentityPolicies, namesPrincipal, requiredPolicy, type Gates, type Outcome } from '../gates.js';
import type { Strength } from '../principal.js';

/**
 * KMS's own rule, read before the organization's guardrails: a caller of another account asking
 * for an operation KMS does not open across accounts is refused at the key, whatever the policies
 * grant. Undefined when the policies decide.
 */
export function keyServiceRule(g: Readonly<Gates>): Outcome | undefined {
  return g.kmsLocalOnly && (hasIdentityPolicies(g) || g.who === 'root') && !g.sameAccount ? denial('key', 'service') : undefined;
}

/** The decision when a key policy stands on the resource side (`res`: its grant's strength). */
export function decideKey(g: Readonly<Gates>, res: Strength): Outcome {
  // naming the caller (its session, `*`; its role ARN within the boundary and session policy)
  // grants alone in the key's own account, as other resource-based policies do
  return requiredPolicy(g, res, namesPrincipal(g, res), 'gate-no-allow');
}

/** The pages the rules come from. */
export const KEY_DOCS = ['https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html', 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html'];
