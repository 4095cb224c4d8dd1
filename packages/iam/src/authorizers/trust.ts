// A role's trust policy: the resource-based policy of sts:AssumeRole (and the other actions
// ASSUME_ACTIONS lists, authorizers/sts.ts) on a role. It must allow, whatever IAM policies say.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html (trust policy)
//   The trust policy is the role's resource-based policy; the same rules apply as to other
//   resource-based policies that must allow: naming the caller (or its session, or `*`) is
//   enough in the same account; naming the account delegates to its IAM policies, which must
//   allow; across accounts both sides must allow.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
//   "If a user is listed as the principal in a role's trust policy but cannot assume the role,
//   check the user's permissions boundary. If a permissions boundary is set for the user, then
//   it must allow the sts:AssumeRole action." (A key policy is not limited so: authorizers/key.ts.)
import { boundaryAllows, namesPrincipal, requiredPolicy, type Gates, type Outcome } from '../gates.js';
import type { Strength } from '../principal.js';

/** The decision when a trust policy stands on the resource side (`res`: its grant's strength). */
export function decideTrust(g: Readonly<Gates>, res: Strength): Outcome {
  return requiredPolicy(g, res, namesPrincipal(g, res) && boundaryAllows(g), 'no-trust-policy');
}

/** The pages the rule comes from. */
export const TRUST_DOCS = ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html'];
