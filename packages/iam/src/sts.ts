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
