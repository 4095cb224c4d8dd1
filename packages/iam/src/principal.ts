// The Principal and NotPrincipal elements, compiled, and how a request's principal matches them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// - `"*"` and `{"AWS": "*"}` name everyone, anonymous requests included.
// - A 12-digit account id is the account principal, the same as `arn:aws:iam::ID:root`: it
//   matches every principal of that account (and delegates to the account's IAM policies).
// - A role ARN matches the sessions of that role; an assumed-role session ARN matches only that
//   session. A user ARN matches the user. Principals are matched exactly: "You cannot use a
//   wildcard to match part of a principal name or ARN".
// - Service principals (`Service`) and federated providers (`Federated`) match by name.
// - A CloudFront origin access identity is named by its ARN in `AWS`
//   (`arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ID`).
// - `CanonicalUser` names an S3 canonical user id (an account, or an OAI's S3 identity). A
//   scenario has no canonical ids, so such an entry can neither be matched nor ruled out: a
//   statement that would otherwise apply is reported as not implemented and never grants.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
// - NotPrincipal: the statement applies to every principal except those listed. A request is
//   evaluated as each identity behind it (session, role, account): it is excluded only when
//   every one of them is listed ("you must also include the account ARN"; for a role session,
//   the session ARN and the role ARN).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
// - "The NotPrincipal element with a Deny effect will always deny any IAM principal that has a
//   permissions boundary policy attached, regardless of the values specified."
import type { PolicyPrincipal } from '@vpcsim/model';

/** How strongly a Principal element names the request's principal (higher is stronger). */
export const Strength = {
  None: 0,
  /** The account principal (`arn:aws:iam::ID:root` or the id): delegates to IAM policies. */
  Account: 1,
  /** The role ARN, for a session of that role. */
  Role: 2,
  /** `"*"`: everyone. */
  Any: 3,
  /** The principal itself: its user ARN, its session ARN, its service or provider name. */
  Direct: 4,
} as const;
export type Strength = (typeof Strength)[keyof typeof Strength];

/** A compiled Principal or NotPrincipal element. */
export interface PrincipalMatcher {
  readonly any: boolean;
  readonly accounts: ReadonlySet<string>;
  readonly arns: ReadonlySet<string>;
  readonly services: ReadonlySet<string>;
  readonly federated: ReadonlySet<string>;
  readonly canonicalUsers: number;
  /** The element as written, for explanations. */
  readonly text: string;
}

const ROOT = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

/** Compiles a Principal element. */
export function compilePrincipal(p: PolicyPrincipal): PrincipalMatcher {
  const accounts = new Set<string>();
  const arns = new Set<string>();
  const services = new Set<string>();
  const federated = new Set<string>();
  let any = false;
  let canonicalUsers = 0;
  if (p === '*') any = true;
  else {
    const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v);
    for (const a of list(p.AWS)) {
      if (a === '*') any = true;
      else if (/^\d{12}$/.test(a)) accounts.add(a);
      else {
        const m = ROOT.exec(a);
        if (m) accounts.add(m[1]!);
        else arns.add(a);
      }
    }
    for (const s of list(p.Service)) {
      if (s === '*') any = true;
      else services.add(s.toLowerCase());
    }
    for (const f of list(p.Federated)) federated.add(f);
    canonicalUsers = list(p.CanonicalUser).length;
  }
  return { any, accounts, arns, services, federated, canonicalUsers, text: JSON.stringify(p) };
}

/** The identity of a request's principal, as Principal elements see it. */
export interface PrincipalIdentity {
  readonly kind: 'user' | 'role' | 'assumed-role' | 'root' | 'anonymous' | 'service' | 'federated' | 'cloudfront-oai';
  /** The principal's own ARN (session ARN for sessions; role ARN for a bare role). */
  readonly arn: string;
  /** The role ARN behind a session (with its path). */
  readonly roleArn?: string | undefined;
  readonly account?: string | undefined;
  /** Whether it has a permissions boundary (NotPrincipal with Deny always applies then). */
  readonly hasBoundary: boolean;
}

/** How strongly the element names the principal. */
export function principalStrength(m: PrincipalMatcher, who: PrincipalIdentity): Strength {
  switch (who.kind) {
    case 'anonymous':
      return m.any ? Strength.Any : Strength.None;
    case 'service':
      return m.services.has(who.arn.toLowerCase()) ? Strength.Direct : m.any ? Strength.Any : Strength.None;
    case 'federated':
      return m.federated.has(who.arn) ? Strength.Direct : m.any ? Strength.Any : Strength.None;
    case 'cloudfront-oai':
      return m.arns.has(who.arn) ? Strength.Direct : m.any ? Strength.Any : Strength.None;
    default: {
      if (m.arns.has(who.arn)) return who.kind === 'role' ? Strength.Role : Strength.Direct;
      if (who.roleArn !== undefined && m.arns.has(who.roleArn)) return Strength.Role;
      if (m.any) return Strength.Any;
      if (who.account !== undefined && m.accounts.has(who.account)) return Strength.Account;
      return Strength.None;
    }
  }
}

/** Whether a NotPrincipal element leaves the principal in the statement (true: it applies). */
export function notPrincipalApplies(m: PrincipalMatcher, who: PrincipalIdentity, deny: boolean): boolean {
  if (deny && who.hasBoundary) return true;
  if (m.any) return false;
  switch (who.kind) {
    case 'anonymous':
      return true;
    case 'service':
      return !m.services.has(who.arn.toLowerCase());
    case 'federated':
      return !m.federated.has(who.arn);
    case 'cloudfront-oai':
      return !m.arns.has(who.arn);
    case 'root':
      return !(who.account !== undefined && m.accounts.has(who.account));
    default: {
      // every identity behind the request must be listed for it to be excluded
      const own = m.arns.has(who.arn);
      const role = who.roleArn === undefined || who.roleArn === who.arn || m.arns.has(who.roleArn);
      const account = who.account !== undefined && m.accounts.has(who.account);
      return !(own && role && account);
    }
  }
}
