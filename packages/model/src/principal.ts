// Principal names: the short forms of the scenario format expanded to ARNs.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

import { didYouMean } from './diagnostic.js';

/** What kind of principal a name denotes. */
export type PrincipalKind = 'user' | 'role' | 'assumed-role' | 'root' | 'anonymous' | 'service' | 'federated' | 'cloudfront-oai' | 'unknown';

/** A principal name expanded: its kind, ARN (or service name), account and parts. */
export interface PrincipalName {
  readonly kind: PrincipalKind;
  /** Full ARN; for a service, its name (`ec2.amazonaws.com`); for anonymous, `*`. */
  readonly arn: string;
  readonly account?: string | undefined;
  /** User or role name (without path). */
  readonly name?: string | undefined;
  /** Path of a user or role, `/` when none. */
  readonly path?: string | undefined;
  /** Session name of an assumed-role session. */
  readonly session?: string | undefined;
}

const ARN = /^arn:(aws[a-z-]*):(iam|sts)::(\d{12}):(.+)$/;

/**
 * A CloudFront origin access identity (OAI), as bucket policies name it in `Principal.AWS`:
 * `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2EXAMPLE`.
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-s3.html
 *   (the legacy OAI section: "arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity <origin access identity ID>")
 */
const OAI_ARN = /^arn:(aws[a-z-]*):iam::cloudfront:user\/CloudFront Origin Access Identity ([A-Z0-9]+)$/;

/** The OAI ARN of an origin access identity id. */
export function oaiArn(id: string, partition = 'aws'): string {
  return `arn:${partition}:iam::cloudfront:user/CloudFront Origin Access Identity ${id}`;
}

/**
 * Expands a principal as written in requests and selectors: a full ARN, or `user/alice`,
 * `role/web`, `role/web/session`, `root`, `anonymous`, `service:ec2.amazonaws.com`,
 * `cloudfront-oai/ID` (a CloudFront origin access identity), a 12-digit account id (its root),
 * relative to `account`. Returns undefined when the
 * text is not a principal name.
 */
export function expandPrincipal(text: string, account: string, partition = 'aws'): PrincipalName | undefined {
  if (text === 'anonymous' || text === '*') return { kind: 'anonymous', arn: '*' };
  if (text === 'root') return { kind: 'root', arn: `arn:${partition}:iam::${account}:root`, account };
  if (/^\d{12}$/.test(text)) return { kind: 'root', arn: `arn:${partition}:iam::${text}:root`, account: text };
  if (text.startsWith('service:')) {
    const s = text.slice(8);
    return s ? { kind: 'service', arn: s } : undefined;
  }
  if (text.startsWith('federated:')) {
    const s = text.slice(10);
    return s ? { kind: 'federated', arn: s } : undefined;
  }
  if (text.startsWith('cloudfront-oai/')) {
    const id = text.slice(15);
    return /^[A-Z0-9]+$/.test(id) ? { kind: 'cloudfront-oai', arn: oaiArn(id, partition), name: id } : undefined;
  }
  const oai = OAI_ARN.exec(text);
  if (oai) return { kind: 'cloudfront-oai', arn: text, name: oai[2] };
  if (text.startsWith('user/')) {
    const { path, name } = splitPath(text.slice(5));
    if (!name) return undefined;
    return { kind: 'user', arn: `arn:${partition}:iam::${account}:user${path}${name}`, account, name, path };
  }
  if (text.startsWith('role/')) {
    const parts = text.slice(5).split('/');
    if (parts.length === 1) {
      const name = parts[0]!;
      if (!name) return undefined;
      return { kind: 'role', arn: `arn:${partition}:iam::${account}:role/${name}`, account, name, path: '/' };
    }
    // role/NAME/SESSION is an assumed-role session (roles with paths are named by full ARN)
    if (parts.length === 2 && parts[0] && parts[1]) {
      return {
        kind: 'assumed-role',
        arn: `arn:${partition}:sts::${account}:assumed-role/${parts[0]}/${parts[1]}`,
        account,
        name: parts[0],
        session: parts[1],
      };
    }
    return undefined;
  }
  const m = ARN.exec(text);
  if (!m) return undefined;
  const [, part, svc, acct, rest] = m as unknown as [string, string, string, string, string];
  if (svc === 'iam' && rest === 'root') return { kind: 'root', arn: text, account: acct };
  if (svc === 'iam' && rest.startsWith('user/')) {
    const { path, name } = splitPath(rest.slice(5));
    return name ? { kind: 'user', arn: text, account: acct, name, path } : undefined;
  }
  if (svc === 'iam' && rest.startsWith('role/')) {
    const { path, name } = splitPath(rest.slice(5));
    return name ? { kind: 'role', arn: text, account: acct, name, path } : undefined;
  }
  if (svc === 'sts' && rest.startsWith('assumed-role/')) {
    const parts = rest.slice(13).split('/');
    if (parts.length === 2 && parts[0] && parts[1])
      return { kind: 'assumed-role', arn: `arn:${part}:sts::${acct}:assumed-role/${parts[0]}/${parts[1]}`, account: acct, name: parts[0], session: parts[1] };
    return undefined;
  }
  return { kind: 'unknown', arn: text, account: acct };
}

function splitPath(s: string): { path: string; name: string } {
  const i = s.lastIndexOf('/');
  if (i < 0) return { path: '/', name: s };
  return { path: `/${s.slice(0, i)}/`.replace(/\/+/g, '/'), name: s.slice(i + 1) };
}

/** The ARN of an IAM user or role from its account, path and name. */
export function iamArn(kind: 'user' | 'role' | 'group' | 'policy', account: string, name: string, path = '/', partition = 'aws'): string {
  return `arn:${partition}:iam::${account}:${kind}${path}${name}`;
}

/**
 * The principal as written with the closest of `names` (the declared users or roles of its
 * account) in place of its `name`, for a did-you-mean; undefined when none is close. The name
 * ends the text (`user/NAME`, `role/NAME`, an ARN) or comes before the session (`role/NAME/SESSION`).
 */
export function suggestPrincipal(text: string, name: string, names: Iterable<string>): string | undefined {
  const guess = didYouMean(name, names);
  const at = text.endsWith(name) ? text.length - name.length : text.lastIndexOf(`${name}/`);
  return guess === undefined || at < 0 ? undefined : `${text.slice(0, at)}${guess}${text.slice(at + name.length)}`;
}
