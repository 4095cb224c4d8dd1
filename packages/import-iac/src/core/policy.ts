// Policy documents as infrastructure code holds them: a JSON string (Terraform's `policy`,
// `assume_role_policy`, a rendered `aws_iam_policy_document`) or an object (CloudFormation's
// `PolicyDocument`), checked to be an object with `Statement`.
import type { PolicyDocument } from '@vpcsim/model';

/** The document, or the reason it is not one. */
export function policyOf(v: unknown): { doc: PolicyDocument } | { problem: string } {
  let value = v;
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v) as unknown;
    } catch (e) {
      return { problem: `is not valid JSON (${String((e as Error).message).split('\n')[0]})` };
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { problem: 'is not a JSON object' };
  if (!('Statement' in value)) return { problem: 'has no `Statement`' };
  return { doc: value as PolicyDocument };
}
