// The gates of the evaluation flow as evaluated for one request, and the outcome decided from
// them. authorize.ts evaluates every applicable policy into `Gates` (denies and allows, nothing
// decided); decide.ts decides from the gates alone, a pure function tested as a truth table
// (test/decide.test.ts), with the resource side judged by the authorizer of its kind:
// authorizers/trust.ts (a role's trust policy), authorizers/key.ts (a KMS key policy),
// authorizers/s3.ts (Block Public Access), decide.ts itself for other resource-based policies.
// The anchor: Cedar's authorizer (policies classified first, then the decision from the lists)
// and iam-simulate's service authorizers (docs/ARCHITECTURE.md, STYLE-2.md section 2 point 5).
import { allowStrength } from './policy.js';
import { Strength } from './principal.js';
import type { PrincipalIdentity } from './principal.js';
import type { DecisionKind, PolicyType } from './types.js';

/** The kind of caller (the request's principal, resolved). */
export type CallerKind = PrincipalIdentity['kind'];

/**
 * A policy gate's verdict as evalPolicy returns it: the `DENY` bit, and the strongest matching
 * Allow's `Strength` shifted left by one (read with `denies` and `allowStrength`, policy.ts).
 */
export type Flags = number;

/** The flags of a gate that does not limit the request: no permissions boundary, no session policy, no endpoint policy (full access). */
export const UNLIMITED: Flags = Strength.Direct << 1;

/** Which policy stands on the resource side: a resource-based policy, a role's trust policy, a key policy, or none. */
export type ResourceSide = 'resource' | 'trust' | 'key' | 'none';

/** Every gate of one request, evaluated (authorize.ts); read-only to `decide`. */
export interface Gates {
  who: CallerKind;
  /** The principal's account owns the resource. */
  sameAccount: boolean;
  /** An SCP Deny applies; every SCP level allows (true when SCPs do not apply). */
  scpDenied: boolean;
  scpAllowed: boolean;
  /** An RCP Deny applies; every RCP level allows (true when RCPs do not apply). */
  rcpDenied: boolean;
  rcpAllowed: boolean;
  /** The VPC endpoint policy (`UNLIMITED` without an endpoint or a policy); its policy is invalid. */
  endpoint: Flags;
  endpointError: boolean;
  /** The resource side: which policy, whether it exists, its flags, whether it grants to the public (S3). */
  resKind: ResourceSide;
  resPresent: boolean;
  res: Flags;
  resPublic: boolean;
  /** S3 Block Public Access RestrictPublicBuckets is on for the bucket (set on it or its account). */
  restrictPublicBuckets: boolean;
  /** Identity-based policies (0 for callers without any), the permissions boundary and the session policy (`UNLIMITED` when absent). */
  identity: Flags;
  boundary: Flags;
  session: Flags;
  /** A KMS operation AWS never opens to another account (authorizers/kms.ts). */
  kmsLocalOnly: boolean;
  /** A statement concerned could not be evaluated, or the principal or endpoint policy has errors: never an allow. */
  errored: boolean;
  /** The first gate whose Deny naming a CanonicalUser might apply: never an allow. */
  unsureDeny: PolicyType | null;
}

/** Sets every gate to its state before evaluation (nothing denies; SCPs, RCPs, the endpoint, the boundary and the session policy do not limit; nothing grants). */
export function clearGates(g: Gates): Gates {
  g.who = 'anonymous';
  g.sameAccount = false;
  g.scpDenied = false;
  g.scpAllowed = true;
  g.rcpDenied = false;
  g.rcpAllowed = true;
  g.endpoint = UNLIMITED;
  g.endpointError = false;
  g.resKind = 'none';
  g.resPresent = false;
  g.res = 0;
  g.resPublic = false;
  g.restrictPublicBuckets = false;
  g.identity = 0;
  g.boundary = UNLIMITED;
  g.session = UNLIMITED;
  g.kmsLocalOnly = false;
  g.errored = false;
  g.unsureDeny = null;
  return g;
}

/** Why a request was stopped (the sentence is built by authorize.ts's reasonText, only for explanations). */
export type Why =
  | 'none'
  | 'early'
  | 'errors'
  | 'unsure-deny'
  | 'deny'
  | 'rcp'
  | 'scp'
  | 'endpoint-error'
  | 'endpoint'
  | 'bpa'
  | 'anon-none'
  | 'anon-no-statement'
  | 'service-none'
  | 'service-no-statement'
  | 'no-trust-policy'
  | 'gate-no-allow'
  | 'gate-trusts-account'
  | 'gate-limited'
  | 'gate-cross-account'
  | 'account-delegates'
  | 'role-limited'
  | 'identity'
  | 'cross-identity'
  | 'cross-bpa'
  | 'cross-no-policy'
  | 'cross-no-statement'
  | 'service';

/** What `decide` returns. `usedIdentity`/`usedResource`: which side granted an allow. */
export interface Outcome {
  readonly decision: DecisionKind;
  readonly failedGate: PolicyType | null;
  readonly why: Why;
  readonly usedIdentity: boolean;
  readonly usedResource: boolean;
}

// Outcomes are shared constants (the fast path allocates none): four grants, and one denial
// per (gate, why) made on first use.
const GRANTS: readonly Outcome[] = [0, 1, 2, 3].map((i) => Object.freeze({ decision: 'allowed' as const, failedGate: null, why: 'none' as const, usedIdentity: (i & 2) !== 0, usedResource: (i & 1) !== 0 }));
const DENIALS = new Map<PolicyType, Map<Why, Outcome>>();
const EXPLICIT = new Map<PolicyType, Outcome>();

/** A grant by the identity side, the resource side, or both (turned into a denial by `decide` when errors or an unsure Deny forbid it). */
export const grant = (usedIdentity: boolean, usedResource: boolean): Outcome => GRANTS[(usedIdentity ? 2 : 0) + (usedResource ? 1 : 0)]!;

/** An implicit deny, stopped at `gate`. */
export function denial(gate: PolicyType, why: Why): Outcome {
  let byWhy = DENIALS.get(gate);
  if (byWhy === undefined) DENIALS.set(gate, (byWhy = new Map()));
  let o = byWhy.get(why);
  if (o === undefined) byWhy.set(why, (o = Object.freeze({ decision: 'implicitly-denied', failedGate: gate, why, usedIdentity: false, usedResource: false })));
  return o;
}

/** An explicit Deny in `gate`. */
export function explicitDenial(gate: PolicyType): Outcome {
  let o = EXPLICIT.get(gate);
  if (o === undefined) EXPLICIT.set(gate, (o = Object.freeze({ decision: 'explicitly-denied', failedGate: gate, why: 'deny', usedIdentity: false, usedResource: false })));
  return o;
}

/** The caller has identity-based policies (and may have a boundary and a session policy). */
export const hasIdentityPolicies = (g: Readonly<Gates>): boolean => g.who === 'user' || g.who === 'role' || g.who === 'assumed-role';
export const boundaryAllows = (g: Readonly<Gates>): boolean => allowStrength(g.boundary) > 0;
export const sessionAllows = (g: Readonly<Gates>): boolean => allowStrength(g.session) > 0;

/** The identity side allows: an identity-based Allow within the boundary and the session policy; the root user always. */
export const identityAllows = (g: Readonly<Gates>): boolean =>
  g.who === 'root' || (hasIdentityPolicies(g) && allowStrength(g.identity) > 0 && boundaryAllows(g) && sessionAllows(g));

/**
 * A grant on the resource side that names the principal itself, under the boundary and session
 * rules: the principal or everyone (`*` names every principal, the session itself included:
 * like naming the session ARN), or the role ARN within the boundary and the session policy.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
 */
export function namesPrincipal(g: Readonly<Gates>, res: Strength): boolean {
  return res === Strength.Direct || res === Strength.Any || (res === Strength.Role && boundaryAllows(g) && sessionAllows(g));
}

/** The identity-side gate that kept the identity side from allowing. */
export function identityGate(g: Readonly<Gates>): PolicyType {
  return allowStrength(g.identity) === 0 || !hasIdentityPolicies(g) ? 'identity' : !boundaryAllows(g) ? 'permissions-boundary' : 'session';
}

/** The limit that stopped a grant to the role: the boundary, else the session policy. */
export const limitGate = (g: Readonly<Gates>): PolicyType => (!boundaryAllows(g) ? 'permissions-boundary' : 'session');

/** The resource side's gate name. */
export const resourceGate = (g: Readonly<Gates>): PolicyType => (g.resKind === 'none' ? 'resource' : g.resKind);

/**
 * A resource-side policy that must allow (a trust policy, a key policy), for a caller with
 * identity policies or the root user. `res`: the strength of its grant; `grantsAlone`: that grant
 * suffices in the resource's own account; `missing`: why it stops when the resource has none.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 *   across accounts both the identity side and the resource-based policy must allow.
 */
export function requiredPolicy(g: Readonly<Gates>, res: Strength, grantsAlone: boolean, missing: Why): Outcome {
  if (!g.resPresent) return denial(resourceGate(g), missing);
  if (res === Strength.None) return denial(resourceGate(g), 'gate-no-allow');
  if (g.sameAccount && grantsAlone) return grant(false, true);
  if (identityAllows(g)) return grant(g.who !== 'root', true);
  if (!g.sameAccount) return denial(identityGate(g), 'gate-cross-account');
  if (res === Strength.Account) return denial(identityGate(g), 'gate-trusts-account');
  // the policy names the principal, its role or everyone: the boundary or session policy stopped it
  return denial(limitGate(g), 'gate-limited');
}
