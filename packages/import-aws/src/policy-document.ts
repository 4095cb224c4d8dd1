// Policy documents as AWS returns them: an object (the CLI decodes most), a JSON string
// (`describe-vpc-endpoints` PolicyDocument, `get-bucket-policy` Policy, Organizations
// `describe-policy` Content), or a URL-encoded JSON string (the raw IAM API).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html
// ("The policy document returned in this structure is URL-encoded compliant with RFC 3986")
import { isRecord } from './reader.js';
import type { Origin, Report } from './reader.js';

/** Decodes a policy document; reports and returns undefined when it is not one. */
export function decodePolicy(value: unknown, origin: Origin, report: Report, what: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (isRecord(value)) return value;
  if (typeof value !== 'string') {
    report.warn(origin, 'policy-not-decoded', `${what} is neither a JSON object nor a string: not imported`);
    return undefined;
  }
  let text = value.trim();
  if (!text.startsWith('{') && /%[0-9A-Fa-f]{2}/.test(text)) {
    try {
      text = decodeURIComponent(text.replace(/\+/g, '%20')).trim();
    } catch {
      report.warn(origin, 'policy-not-decoded', `${what} is not valid URL-encoded text: not imported`);
      return undefined;
    }
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    if (isRecord(parsed)) return parsed;
    report.warn(origin, 'policy-not-decoded', `${what} is JSON but not an object: not imported`);
  } catch (e) {
    report.warn(origin, 'policy-not-decoded', `${what} is not valid JSON: not imported (${String((e as Error).message).split('\n')[0]})`);
  }
  return undefined;
}
