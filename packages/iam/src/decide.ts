// The decision from evaluated gates: a pure function of `Gates` (gates.ts), tested as a truth
// table (test/decide.test.ts). The rules and their pages are in authorize.ts's header; the
// resource side is judged by the authorizer of its kind (authorizers/trust.ts, key.ts, s3.ts),
// other resource-based policies here.
import { decideKey, keyServiceRule } from './authorizers/key.js';
import { restrictsPublicGrant } from './authorizers/s3.js';
import { decideTrust } from './authorizers/trust.js';
import { denial, explicitDenial, grant, identityAllows, identityGate, limitGate, namesPrincipal, resourceGate, type Gates, type Outcome } from './gates.js';
import { allowStrength, denies } from './policy.js';
import { Strength } from './principal.js';
import type { PolicyType } from './types.js';

/** The first gate with an explicit Deny, in the order the explanation lists them, or null. */
function deniedAt(g: Readonly<Gates>): PolicyType | null {
  if (g.scpDenied) return 'scp';
  if (g.rcpDenied) return 'rcp';
  if (denies(g.endpoint)) return 'endpoint';
  if (denies(g.res)) return resourceGate(g);
  if (denies(g.identity)) return 'identity';
  if (denies(g.boundary)) return 'permissions-boundary';
  if (denies(g.session)) return 'session';
  return null;
}

/** The decision for evaluated gates. An allow needs a request free of errors and of unsure Denies. */
export function decide(g: Readonly<Gates>): Outcome {
  const o = judge(g);
  if (o.decision !== 'allowed') return o;
  if (g.errored) return denial('identity', 'errors');
  // a Deny naming a CanonicalUser might apply: never a guessed allow
  if (g.unsureDeny !== null) return denial(g.unsureDeny, 'unsure-deny');
  return o;
}

function judge(g: Readonly<Gates>): Outcome {
  // 1. an explicit deny anywhere
  const denied = deniedAt(g);
  if (denied !== null) return explicitDenial(denied);
  // a KMS operation no key policy can open to another account
  if (g.resKind === 'key') {
    const refused = keyServiceRule(g);
    if (refused !== undefined) return refused;
  }
  // 2. organization guardrails and the endpoint
  if (!g.rcpAllowed) return denial('rcp', 'rcp');
  if (!g.scpAllowed) return denial('scp', 'scp');
  if (g.endpointError) return denial('endpoint', 'endpoint-error');
  if (allowStrength(g.endpoint) === Strength.None) return denial('endpoint', 'endpoint');

  // 3. the resource side and the identity side
  const blocked = restrictsPublicGrant(g);
  const res = blocked ? Strength.None : allowStrength(g.res);
  switch (g.who) {
    case 'anonymous':
      // only a resource-based policy naming everyone allows an anonymous request
      if (res >= Strength.Any) return grant(false, true);
      return blocked ? denial('block-public-access', 'bpa') : denial(resourceGate(g), g.resPresent ? 'anon-no-statement' : 'anon-none');
    case 'service':
    case 'federated':
    case 'cloudfront-oai':
      // no identity-based policies: the resource side alone
      if (res > Strength.None) return grant(false, true);
      return denial(resourceGate(g), g.resPresent ? 'service-no-statement' : 'service-none');
    default:
      break;
  }
  if (g.resKind === 'trust') return decideTrust(g, res);
  if (g.resKind === 'key') return decideKey(g, res);
  return decideResourcePolicy(g, res, blocked);
}

/**
 * A resource-based policy that may grant alone (or no policy at all), for a caller with
 * identity policies or the root user.
 * Same account: either side may grant; naming the account delegates to IAM policies; naming the
 * role ARN is limited by the boundary and the session policy. Cross-account: both sides.
 */
function decideResourcePolicy(g: Readonly<Gates>, res: Strength, blocked: boolean): Outcome {
  const identity = identityAllows(g);
  const root = g.who === 'root';
  if (g.sameAccount) {
    if (namesPrincipal(g, res)) return grant(identity && !root, true);
    if (identity) return grant(!root, false);
    if (blocked) return denial('block-public-access', 'bpa');
    if (res === Strength.Account) return denial(identityGate(g), 'account-delegates');
    if (res > Strength.None) return denial(limitGate(g), 'role-limited');
    return denial(identityGate(g), 'identity');
  }
  if (!identity) return denial(identityGate(g), 'cross-identity');
  if (res > Strength.None) return grant(!root, true);
  if (blocked) return denial('block-public-access', 'cross-bpa');
  return denial(resourceGate(g), g.resPresent ? 'cross-no-statement' : 'cross-no-policy');
}
