// AWS STS: the rules STS applies beside (and before) the policies.
// Request validation STS does before any policy is read.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (DurationSeconds)
//   "The value specified can range from 900 seconds (15 minutes) up to the maximum session
//   duration set for the role" (1 to 12 hours, one hour by default); "If you specify a value
//   higher than this setting ... the operation fails." Role chaining (a role session assuming a
//   role) is limited to one hour: a DurationSeconds over 3600 fails.
// vpcsim reads the parameter from the request context key `sts:DurationSeconds`.

/** The AssumeRole family, lowercased: the actions that take DurationSeconds. */
export const DURATION_ACTIONS: ReadonlySet<string> = new Set(['sts:assumerole', 'sts:assumerolewithsaml', 'sts:assumerolewithwebidentity']);

/** Every STS action on a role that its trust policy judges: the AssumeRole family, and tagging the session. */
export const ASSUME_ACTIONS: ReadonlySet<string> = new Set([...DURATION_ACTIONS, 'sts:tagsession', 'sts:setsourceidentity', 'sts:setcontext']);

/** Why a DurationSeconds value makes the request fail, or undefined when it is acceptable. */
export function durationProblem(value: unknown, roleName: string, maxSessionDuration: number | undefined, chained: boolean): string | undefined {
  const raw = Array.isArray(value) ? (value.length === 1 ? value[0] : undefined) : value;
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(n)) return `sts:DurationSeconds ${JSON.stringify(value)} is not a whole number of seconds: the AssumeRole call fails validation`;
  if (n < 900) return `sts:DurationSeconds ${n} is below the 900-second minimum: the AssumeRole call fails validation before any policy is read`;
  const max = maxSessionDuration ?? 3600;
  if (n > max) return `sts:DurationSeconds ${n} exceeds the maximum session duration of role \`${roleName}\` (${max} s${maxSessionDuration === undefined ? ', the default' : ''}): the AssumeRole call fails validation before any policy is read`;
  if (chained && n > 3600) return `sts:DurationSeconds ${n} exceeds one hour, the limit for role chaining (a role session assuming a role): the AssumeRole call fails validation`;
  return undefined;
}

/** The hint for a DurationSeconds problem. */
export const DURATION_HINT = 'ask for 900 seconds up to the role\'s `maxSessionDuration` (3600 when not set; at most 3600 when a role session assumes the role), or raise `maxSessionDuration` on the role';

// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
//   "No permissions are required to perform this operation. If an administrator attaches a
//   policy to your identity that explicitly denies access to the sts:GetCallerIdentity action,
//   you can still perform this operation."
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html
//   "No permissions are required for a user to get a session token ... You cannot use policies
//   to control authentication operations."
// https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
//   "The GetSessionToken operation must be called by using the long-term AWS security
//   credentials of an IAM user" (or the root user): not with a role session's credentials.
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
//   "You cannot use AWS account root user credentials to call AssumeRole. You must use
//   credentials for an IAM user or an IAM role."

/** What STS decides before any policy is read: allowed whatever the policies say, or refused. */
export interface StsVerdict {
  readonly decision: 'allowed' | 'implicitly-denied';
  readonly why: string;
  readonly doc: string;
}

/** The kinds of caller STS knows here. */
type Caller = 'user' | 'role' | 'assumed-role' | 'root' | 'anonymous' | 'service' | 'federated' | 'cloudfront-oai';

const SIGNED: ReadonlySet<Caller> = new Set(['user', 'role', 'assumed-role', 'root', 'federated']);

/** STS's own decision for a lowercased action and caller, or undefined when the policies decide. */
export function stsVerdict(action: string, caller: Caller): StsVerdict | undefined {
  if (action === 'sts:getcalleridentity' && SIGNED.has(caller))
    return { decision: 'allowed', why: 'sts:GetCallerIdentity needs no permission and cannot be denied by a policy', doc: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html' };
  if (action === 'sts:getsessiontoken') {
    if (caller === 'user' || caller === 'root')
      return { decision: 'allowed', why: 'sts:GetSessionToken needs no permission: policies do not control authentication operations', doc: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html' };
    if (caller === 'role' || caller === 'assumed-role' || caller === 'federated')
      return { decision: 'implicitly-denied', why: "sts:GetSessionToken must be called with an IAM user's or the root user's long-term credentials, not a session's", doc: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html' };
  }
  if (caller === 'root' && DURATION_ACTIONS.has(action))
    return { decision: 'implicitly-denied', why: 'the root user cannot assume a role: AssumeRole needs the credentials of an IAM user or role', doc: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html' };
  return undefined;
}
