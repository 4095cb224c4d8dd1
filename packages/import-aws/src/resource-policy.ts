// Resource-based policies: `resource-policies/*.json`, one file per resource, each
// `{ "arn": ..., "policy": ... }` (the policy as an object, a JSON string as `get-bucket-policy`
// returns it, or URL-encoded). `account`, `region` and `tags` are optional.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html
import type { PolicyDocument } from '@vpcsim/model';
import { arnParts, isAccountId, isRegion } from './layout.js';
import { decodePolicy } from './policy-document.js';
import { AwsObject, isRecord, typeName } from './reader.js';
import type { ImportState } from './state.js';

/** Maps one resource-policy file onto `resources`. */
export function mapResourcePolicy(st: ImportState, file: string, value: unknown): void {
  if (!isRecord(value)) {
    st.report.add(file, { code: 'wrong-shape', severity: 'error', path: [], message: `the top level is ${typeName(value)}, expected \`{ "arn": ..., "policy": ... }\`` });
    return;
  }
  const o = new AwsObject(st.report, file, [], value, 'resource policy file');
  const arn = o.str('arn', true) ?? undefined;
  const raw = o.has('policy') ? o.raw('policy') : o.raw('Policy');
  const account = o.str('account');
  const region = o.str('region');
  const tagValue = o.raw('tags');
  // `get-key-policy` also returns `PolicyName`; the bucket name and key id are in the ARN
  o.done(['PolicyName', 'Policy']);
  if (arn === undefined) return;
  if (!/^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12})?:.+$/.test(arn)) {
    st.report.error(o.at('arn'), 'invalid-arn', `\`${arn}\` is not an ARN`, 'an ARN looks like `arn:aws:s3:::bucket`');
    return;
  }
  const policy = decodePolicy(raw, o.at('policy'), st.report, `the policy of \`${arn}\``);
  const parts = arnParts(arn);
  const tags = isRecord(tagValue) && Object.values(tagValue).every((v) => typeof v === 'string') ? (tagValue as Record<string, string>) : undefined;
  if (st.draft.resources.some((r) => r.arn === arn)) {
    st.report.warn(o.at('arn'), 'duplicate', `\`${arn}\` is described by two files: the first one is imported`);
    return;
  }
  const owner = isAccountId(account) ? account : isAccountId(parts.account) ? undefined : undefined;
  if (account !== undefined && !isAccountId(account)) st.report.warn(o.at('account'), 'invalid-account', `\`${account}\` is not a 12-digit account id: ignored`);
  st.draft.resources.push(
    st.from(
      {
        arn,
        ...(owner !== undefined ? { account: owner } : {}),
        ...(isRegion(region) ? { region } : {}),
        ...(policy !== undefined ? { policy: policy as PolicyDocument } : {}),
        ...(tags ? { tags } : {}),
      },
      o.at(),
    ),
  );
}
