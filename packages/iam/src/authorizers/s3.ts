// Amazon S3 Block Public Access, RestrictPublicBuckets: the part of it the decision reads.
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
//   "Setting this option to TRUE restricts access to an access point or bucket with a public
//   policy to only AWS service principals and authorized users within the bucket owner's account
//   and access point owner's account. This setting blocks all cross-account access to the access
//   point or bucket (except by AWS service principals), while still allowing users within the
//   account to manage the access point or bucket."
// Whether a policy is public (the fixed-value condition keys that make a grant non-public) is
// decided when the policy is compiled (policy.ts, `isPublic`); where the setting is on (the
// bucket, or its account) when the resource is resolved (compile.ts).
import type { Gates } from '../gates.js';
import { allowStrength } from '../policy.js';
import { Strength } from '../principal.js';

/** RestrictPublicBuckets cancels the resource side's grant: a public bucket policy granting a principal of another account that is not an AWS service. */
export function restrictsPublicGrant(g: Readonly<Gates>): boolean {
  return g.restrictPublicBuckets && g.resPresent && g.resPublic && g.who !== 'service' && !g.sameAccount && allowStrength(g.res) > Strength.None;
}

/** How strongly the resource side grants once Block Public Access has had its say. */
export const resourceGrant = (g: Readonly<Gates>): Strength => (restrictsPublicGrant(g) ? Strength.None : allowStrength(g.res));

/** The page the rule comes from. */
export const BLOCK_PUBLIC_ACCESS_DOC = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html';
