// The decision from evaluated gates (src/decide.ts and the authorizers it calls: trust.ts,
// key.ts, s3.ts) as a truth table: first rows written from AWS's pages, each with the gate that
// stops the request; then every combination of the resource and identity sides against a
// specification written from the same pages in another form (which side must allow, per
// account relation), and the guardrails over all their combinations.
import { describe, expect, it } from 'vitest';
import { decide } from '../src/decide.js';
import { UNLIMITED, clearGates, type CallerKind, type Gates, type ResourceSide } from '../src/gates.js';
import { DENY } from '../src/policy.js';
import { Strength } from '../src/principal.js';
import type { PolicyType } from '../src/types.js';

/** Flags of a gate: an Allow of the given strength, and optionally a Deny. */
const allowing = (s: Strength, deny = false): number => (s << 1) | (deny ? DENY : 0);
const ALLOWS = allowing(Strength.Direct);
const NOTHING = 0;

/** A user of the resource's account, with no policy allowing anything: override what a row needs. */
function gates(over: Partial<Gates> = {}): Gates {
  return { ...clearGates({} as Gates), who: 'user', sameAccount: true, ...over };
}
const resource = (res: number, over: Partial<Gates> = {}): Gates => gates({ resKind: 'resource', resPresent: true, res, ...over });

type Row = [name: string, g: Gates, decision: 'allowed' | 'explicitly-denied' | 'implicitly-denied', failedGate: PolicyType | null, why?: string];

const EVAL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html';
const SAME = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html';
const BOUNDARIES = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html';
const CROSS = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html';
const TRUST = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html';
const KEYS = 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html';
const KMS_X = 'https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html';
const BPA = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html';
const ENDPOINT = 'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html';

const ROWS: Record<string, Row[]> = {
  [EVAL]: [
    ['an explicit Deny in an identity policy beats every allow', resource(ALLOWS, { identity: allowing(Strength.Direct, true) }), 'explicitly-denied', 'identity', 'deny'],
    ['the first Deny in evaluation order names the gate (SCP before the resource policy)', resource(allowing(Strength.Any, true), { scpDenied: true }), 'explicitly-denied', 'scp', 'deny'],
    ['a Deny in the permissions boundary denies', gates({ identity: ALLOWS, boundary: allowing(Strength.Direct, true) }), 'explicitly-denied', 'permissions-boundary', 'deny'],
    ['a Deny in the session policy denies', gates({ who: 'assumed-role', identity: ALLOWS, session: DENY }), 'explicitly-denied', 'session', 'deny'],
    ['RCPs are read before SCPs: both without an allow stop at the RCP', gates({ identity: ALLOWS, rcpAllowed: false, scpAllowed: false }), 'implicitly-denied', 'rcp', 'rcp'],
    ['an SCP level without an allow stops an identity allow', gates({ identity: ALLOWS, scpAllowed: false }), 'implicitly-denied', 'scp', 'scp'],
    ['nothing allows: implicitly denied at the identity gate', gates(), 'implicitly-denied', 'identity', 'identity'],
    ['the root user has full access in its own account', gates({ who: 'root' }), 'allowed', null],
    ['the root user of another account needs the resource policy', gates({ who: 'root', sameAccount: false }), 'implicitly-denied', 'resource', 'cross-no-policy'],
    ['an anonymous request needs a policy naming everyone', resource(allowing(Strength.Any), { who: 'anonymous', sameAccount: false }), 'allowed', null],
    ['an anonymous request without a resource policy', gates({ who: 'anonymous', sameAccount: false }), 'implicitly-denied', 'resource', 'anon-none'],
    ['an AWS service principal acts where a resource policy names it', resource(ALLOWS, { who: 'service', sameAccount: false }), 'allowed', null],
    ['an AWS service principal has no identity policies', gates({ who: 'service', sameAccount: false, identity: ALLOWS }), 'implicitly-denied', 'resource', 'service-none'],
    ['errors never allow', gates({ identity: ALLOWS, errored: true }), 'implicitly-denied', 'identity', 'errors'],
    ['a Deny naming a CanonicalUser that might apply never lets an allow through', resource(ALLOWS, { unsureDeny: 'resource' }), 'implicitly-denied', 'resource', 'unsure-deny'],
  ],
  [SAME]: [
    ['same account: an identity allow alone suffices', gates({ identity: ALLOWS }), 'allowed', null],
    ['same account: a resource policy naming the user alone suffices', resource(ALLOWS), 'allowed', null],
    ['same account: a resource policy naming the account delegates to IAM policies', resource(allowing(Strength.Account)), 'implicitly-denied', 'identity', 'account-delegates'],
  ],
  [BOUNDARIES]: [
    ['a resource policy naming the user is not limited by the boundary', resource(ALLOWS, { boundary: NOTHING }), 'allowed', null],
    ['a resource policy naming the role ARN is limited by the boundary', resource(allowing(Strength.Role), { who: 'assumed-role', boundary: NOTHING }), 'implicitly-denied', 'permissions-boundary', 'role-limited'],
    ['...and by the session policy', resource(allowing(Strength.Role), { who: 'assumed-role', session: NOTHING }), 'implicitly-denied', 'session', 'role-limited'],
    ['an identity allow outside the boundary does not count', gates({ identity: ALLOWS, boundary: NOTHING }), 'implicitly-denied', 'permissions-boundary', 'identity'],
  ],
  [CROSS]: [
    ['cross-account: the resource policy alone is not enough', resource(ALLOWS, { sameAccount: false }), 'implicitly-denied', 'identity', 'cross-identity'],
    ['cross-account: the identity side alone is not enough (no resource policy)', gates({ sameAccount: false, identity: ALLOWS }), 'implicitly-denied', 'resource', 'cross-no-policy'],
    ['cross-account: ...nor with a policy that does not name the caller', resource(NOTHING, { sameAccount: false, identity: ALLOWS }), 'implicitly-denied', 'resource', 'cross-no-statement'],
    ['cross-account: both sides allow', resource(allowing(Strength.Account), { sameAccount: false, identity: ALLOWS }), 'allowed', null],
  ],
  [TRUST]: [
    ['a role without a trust policy cannot be assumed', gates({ resKind: 'trust', identity: ALLOWS }), 'implicitly-denied', 'trust', 'no-trust-policy'],
    ['a trust policy that does not name the caller', gates({ resKind: 'trust', resPresent: true, identity: ALLOWS }), 'implicitly-denied', 'trust', 'gate-no-allow'],
    ['a trust policy naming the user grants without an identity policy', gates({ resKind: 'trust', resPresent: true, res: ALLOWS }), 'allowed', null],
    ['...but the user\'s permissions boundary must allow sts:AssumeRole', gates({ resKind: 'trust', resPresent: true, res: ALLOWS, boundary: NOTHING }), 'implicitly-denied', 'permissions-boundary', 'gate-limited'],
    ['a trust policy trusting the account needs an identity allow', gates({ resKind: 'trust', resPresent: true, res: allowing(Strength.Account) }), 'implicitly-denied', 'identity', 'gate-trusts-account'],
    ['cross-account: the trust policy and the identity side', gates({ resKind: 'trust', resPresent: true, res: ALLOWS, sameAccount: false }), 'implicitly-denied', 'identity', 'gate-cross-account'],
  ],
  [KEYS]: [
    ['a key policy naming the user grants, whatever the boundary', gates({ resKind: 'key', resPresent: true, res: ALLOWS, boundary: NOTHING }), 'allowed', null],
    ['IAM policies alone cannot open a key whose policy does not allow', gates({ resKind: 'key', resPresent: true, identity: ALLOWS }), 'implicitly-denied', 'key', 'gate-no-allow'],
    ['a key policy trusting the account lets IAM policies grant', gates({ resKind: 'key', resPresent: true, res: allowing(Strength.Account), identity: ALLOWS }), 'allowed', null],
  ],
  [KMS_X]: [
    ['an operation KMS does not open across accounts fails even with allows on both sides', gates({ resKind: 'key', resPresent: true, res: ALLOWS, identity: ALLOWS, sameAccount: false, kmsLocalOnly: true }), 'implicitly-denied', 'key', 'service'],
    ['...and is refused before the guardrails', gates({ resKind: 'key', resPresent: true, sameAccount: false, kmsLocalOnly: true, scpAllowed: false }), 'implicitly-denied', 'key', 'service'],
    ['...but the owner account may call it', gates({ resKind: 'key', resPresent: true, res: ALLOWS, kmsLocalOnly: true }), 'allowed', null],
    ['a cryptographic operation across accounts with both sides allowing', gates({ resKind: 'key', resPresent: true, res: ALLOWS, identity: ALLOWS, sameAccount: false }), 'allowed', null],
  ],
  [BPA]: [
    ['RestrictPublicBuckets blocks cross-account access through a public policy', resource(allowing(Strength.Any), { sameAccount: false, identity: ALLOWS, resPublic: true, restrictPublicBuckets: true }), 'implicitly-denied', 'block-public-access', 'cross-bpa'],
    ['...and anonymous access', resource(allowing(Strength.Any), { who: 'anonymous', sameAccount: false, resPublic: true, restrictPublicBuckets: true }), 'implicitly-denied', 'block-public-access', 'bpa'],
    ['...not the bucket owner\'s account', resource(allowing(Strength.Any), { resPublic: true, restrictPublicBuckets: true }), 'allowed', null],
    ['...nor AWS service principals', resource(allowing(Strength.Any), { who: 'service', sameAccount: false, resPublic: true, restrictPublicBuckets: true }), 'allowed', null],
    ['...nor a policy that is not public', resource(ALLOWS, { sameAccount: false, identity: ALLOWS, restrictPublicBuckets: true }), 'allowed', null],
  ],
  [ENDPOINT]: [
    ['an endpoint policy that does not allow stops the request', gates({ identity: ALLOWS, endpoint: NOTHING }), 'implicitly-denied', 'endpoint', 'endpoint'],
    ['an invalid endpoint policy stops the request', gates({ identity: ALLOWS, endpoint: NOTHING, endpointError: true }), 'implicitly-denied', 'endpoint', 'endpoint-error'],
    ['a Deny in the endpoint policy denies', gates({ identity: ALLOWS, endpoint: DENY }), 'explicitly-denied', 'endpoint', 'deny'],
  ],
};

describe('decide: rows from the pages', () => {
  for (const [page, rows] of Object.entries(ROWS))
    describe(page, () => {
      for (const [name, g, decision, failedGate, why] of rows)
        it(name, () => {
          const o = decide(g);
          expect([o.decision, o.failedGate]).toEqual([decision, failedGate]);
          if (why !== undefined) expect(o.why).toBe(why);
        });
    });
});

// ---- the specification, written per account relation ----------------------------------------
const IDENTITY_CALLERS: ReadonlySet<CallerKind> = new Set(['user', 'role', 'assumed-role']);
const allows = (f: number): boolean => f >> 1 > 0;

/** Whether the request is allowed, from the pages above in definitional form. */
function specAllowed(g: Gates): boolean {
  const anyDeny = g.scpDenied || g.rcpDenied || [g.endpoint, g.res, g.identity, g.boundary, g.session].some((f) => (f & DENY) !== 0);
  if (anyDeny) return false;
  if (g.resKind === 'key' && g.kmsLocalOnly && !g.sameAccount && (IDENTITY_CALLERS.has(g.who) || g.who === 'root')) return false;
  if (!g.scpAllowed || !g.rcpAllowed || g.endpointError || !allows(g.endpoint)) return false;
  if (g.errored || g.unsureDeny !== null) return false;
  // what the resource side grants, after Block Public Access
  const bpa = g.restrictPublicBuckets && g.resPresent && g.resPublic && g.who !== 'service' && !g.sameAccount;
  const res: number = bpa || !g.resPresent ? 0 : g.res >> 1;
  if (g.who === 'anonymous') return res >= Strength.Any;
  if (!IDENTITY_CALLERS.has(g.who) && g.who !== 'root') return res > 0;
  const limitsOk = allows(g.boundary) && allows(g.session);
  const identitySide = g.who === 'root' || (IDENTITY_CALLERS.has(g.who) && allows(g.identity) && limitsOk);
  // a grant that names the caller itself (its session, everyone), or its role within the limits
  const named = res === Strength.Direct || res === Strength.Any || (res === Strength.Role && limitsOk);
  if (g.resKind === 'trust' || g.resKind === 'key') {
    if (res === 0) return false; // the trust or key policy must allow
    const alone = g.resKind === 'trust' ? named && allows(g.boundary) : named;
    return g.sameAccount ? alone || identitySide : identitySide;
  }
  return g.sameAccount ? named || identitySide : identitySide && res > 0;
}

const CALLERS: CallerKind[] = ['user', 'role', 'assumed-role', 'root', 'anonymous', 'service', 'federated', 'cloudfront-oai'];
const SIDES: ResourceSide[] = ['none', 'resource', 'trust', 'key'];
const STRENGTHS = [Strength.None, Strength.Account, Strength.Role, Strength.Any, Strength.Direct];
const LIMITS = [UNLIMITED, NOTHING, ALLOWS, DENY];
const IDENTITY = [NOTHING, ALLOWS, DENY | ALLOWS];

describe('decide: every combination of the resource and identity sides', () => {
  it('agrees with the specification, never allows with a Deny, and names a gate for every denial', () => {
    let n = 0;
    const wrong: string[] = [];
    for (const who of CALLERS)
      for (const sameAccount of [true, false])
        for (const resKind of SIDES)
          for (const resPresent of resKind === 'none' ? [false] : resKind === 'trust' ? [false, true] : [true])
            for (const s of resPresent ? STRENGTHS : [Strength.None])
              for (const resDeny of resPresent ? [false, true] : [false])
                for (const resPublic of resKind === 'resource' ? [false, true] : [false])
                  for (const restrictPublicBuckets of resKind === 'resource' ? [false, true] : [false])
                    for (const identity of IDENTITY)
                      for (const boundary of LIMITS)
                        for (const session of LIMITS)
                          for (const kmsLocalOnly of resKind === 'key' ? [false, true] : [false]) {
                            const g = gates({ who, sameAccount, resKind, resPresent, res: allowing(s, resDeny), resPublic, restrictPublicBuckets, identity, boundary, session, kmsLocalOnly });
                            const o = decide(g);
                            n++;
                            const problem =
                              (o.decision === 'allowed') !== specAllowed(g) ? 'differs from the specification'
                              : (resDeny || identity & DENY || boundary === DENY || session === DENY) && o.decision !== 'explicitly-denied' ? 'a Deny did not deny'
                              : o.decision !== 'allowed' && o.failedGate === null ? 'a denial names no gate'
                              : o.decision === 'allowed' && !o.usedIdentity && !o.usedResource && who !== 'root' ? 'an allow names no side'
                              : undefined;
                            if (problem !== undefined && wrong.length < 5) wrong.push(`${problem}: ${o.decision} ${o.failedGate} ${o.why} for ${JSON.stringify(g)}`);
                          }
    expect(wrong).toEqual([]);
    expect(n).toBeGreaterThan(10_000);
  });

  it('the guardrails over all their combinations: a Deny, an RCP, an SCP, the endpoint, errors', () => {
    const sides = [gates({ identity: ALLOWS }), resource(ALLOWS, { who: 'anonymous', sameAccount: false }), resource(allowing(Strength.Account), { sameAccount: false, identity: ALLOWS })];
    for (const side of sides)
      for (const scpDenied of [false, true])
        for (const scpAllowed of [false, true])
          for (const rcpDenied of [false, true])
            for (const rcpAllowed of [false, true])
              for (const endpoint of [UNLIMITED, NOTHING, ALLOWS, DENY | ALLOWS])
                for (const endpointError of [false, true])
                  for (const errored of [false, true])
                    for (const unsureDeny of [null, 'resource' as const]) {
                      const g = { ...side, scpDenied, scpAllowed, rcpDenied, rcpAllowed, endpoint, endpointError, errored, unsureDeny };
                      const o = decide(g);
                      const ctx = JSON.stringify(g);
                      expect(o.decision === 'allowed', ctx).toBe(specAllowed(g));
                      const denied = scpDenied ? 'scp' : rcpDenied ? 'rcp' : endpoint & DENY ? 'endpoint' : null;
                      if (denied !== null) expect([o.decision, o.failedGate], ctx).toEqual(['explicitly-denied', denied]);
                      else if (!rcpAllowed) expect(o.failedGate, ctx).toBe('rcp');
                      else if (!scpAllowed) expect(o.failedGate, ctx).toBe('scp');
                      else if (endpointError || !(endpoint >> 1)) expect(o.failedGate, ctx).toBe('endpoint');
                    }
  });
});
