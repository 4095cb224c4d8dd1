// The case space of an IAM property: principals, actions, resources and context values
// expanded against what the scenario declares and what its policies name.
import { error, expandPrincipal, type Diagnostic, type Model, type Property } from '@vpcsim/model';
import { globToRegExp } from './selectors.js';

type ContextValue = string | number | boolean | (string | number | boolean)[];

/** The expanded dimensions of an IAM property, each simplest first. */
export interface IamSpace {
  readonly principals: readonly (string | undefined)[];
  readonly actions: readonly string[];
  readonly resources: readonly (string | undefined)[];
  /** Context combinations, fewest keys first (the empty context first). */
  readonly contexts: readonly Readonly<Record<string, ContextValue>>[];
  readonly errors: readonly Diagnostic[];
}

/** A few common actions, so globs like `s3:Delete*` expand even when policies name only `s3:*`. */
const COMMON_ACTIONS = [
  's3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:CreateBucket', 's3:DeleteBucket', 's3:GetBucketPolicy', 's3:PutBucketPolicy',
  'ec2:DescribeInstances', 'ec2:RunInstances', 'ec2:StartInstances', 'ec2:StopInstances', 'ec2:TerminateInstances',
  'iam:CreateUser', 'iam:DeleteUser', 'iam:CreateRole', 'iam:DeleteRole', 'iam:PassRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy',
  'sts:AssumeRole', 'sts:GetCallerIdentity',
  'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ScheduleKeyDeletion',
  'sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage',
  'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem', 'dynamodb:Query', 'dynamodb:Scan',
  'lambda:InvokeFunction', 'organizations:LeaveOrganization',
];

const isGlob = (s: string): boolean => s.includes('*') || s.includes('?');
const list = <T>(x: T | readonly T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? [...(x as T[])] : [x as T]);

/** Every Action/NotAction and Resource/NotResource string named in the scenario's policies. */
function policyStrings(model: Model): { actions: string[]; resources: string[] } {
  const actions: string[] = [];
  const resources: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Action' || k === 'NotAction') actions.push(...list(x as string | string[]).filter((s) => typeof s === 'string'));
        else if (k === 'Resource' || k === 'NotResource') resources.push(...list(x as string | string[]).filter((s) => typeof s === 'string'));
        else walk(x);
      }
    }
  };
  walk(model.scenario);
  return { actions, resources };
}

/** The principals a scenario declares, as short forms where the default account allows. */
export function declaredPrincipals(model: Model): string[] {
  const iam = model.scenario.iam;
  const acct = model.defaults.account;
  const out: string[] = [];
  for (const u of iam?.users ?? []) out.push((u.account ?? acct) === acct && (u.path ?? '/') === '/' ? `user/${u.name}` : `arn:aws:iam::${u.account ?? acct}:user${u.path ?? '/'}${u.name}`);
  for (const r of iam?.roles ?? []) out.push((r.account ?? acct) === acct && (r.path ?? '/') === '/' ? `role/${r.name}` : `arn:aws:iam::${r.account ?? acct}:role${r.path ?? '/'}${r.name}`);
  for (const s of iam?.sessions ?? []) out.push(s.principal);
  return [...new Set(out)];
}

function principalMatches(model: Model, pattern: string, principal: string): boolean {
  if (pattern === principal) return true;
  const acct = model.defaults.account;
  const arn = expandPrincipal(principal, acct)?.arn ?? principal;
  if (isGlob(pattern)) return globToRegExp(pattern).test(principal) || globToRegExp(pattern).test(arn);
  return (expandPrincipal(pattern, acct)?.arn ?? pattern) === arn;
}

/** Expands the quantified fields of an IAM property. */
export function iamSpace(model: Model, p: Property): IamSpace {
  const errors: Diagnostic[] = [];
  const path = (f: string) => ['properties', p.name, 'forall', f];
  const named = policyStrings(model);
  const except = p.except ?? [];

  // principals: `*` is every declared one; globs filter them; other text is taken as written
  let principals: (string | undefined)[] = [];
  const declared = declaredPrincipals(model);
  const sels = list(p.forall.principal);
  if (sels.length === 0) principals = [undefined]; // requests `from` an instance use its role
  for (const s of sels) {
    if (s === '*') principals.push(...declared);
    else if (isGlob(s)) {
      const m = declared.filter((d) => principalMatches(model, s, d));
      if (m.length === 0) errors.push(error('selector-unknown', path('principal'), `no declared principal matches \`${s}\``));
      principals.push(...m);
    } else principals.push(s);
  }
  principals = [...new Set(principals)].filter((x) => x === undefined || !except.some((e) => principalMatches(model, e, x)));

  // actions: globs expand against the actions the policies name (and a few common ones)
  const known = [...new Set([...named.actions.filter((a) => !isGlob(a)), ...COMMON_ACTIONS])];
  const actions: string[] = [];
  for (const a of list(p.forall.action)) {
    if (!isGlob(a)) actions.push(a);
    else {
      const re = globToRegExp(a, 'i');
      const m = known.filter((k) => re.test(k));
      if (m.length === 0) errors.push(error('selector-unknown', path('action'), `no action named in the scenario matches \`${a}\``, 'list the actions explicitly'));
      actions.push(...m);
    }
  }
  if (list(p.forall.action).length === 0) errors.push(error('property-incomplete', path('action'), 'an IAM property needs `action`'));

  // resources: globs expand against declared ARNs, ARNs the policies name, and examples of
  // the policies' own patterns (`arn:aws:s3:::assets/*` gives `arn:aws:s3:::assets/example`)
  const arns = (model.scenario.resources ?? []).map((r) => r.arn);
  const candidates = new Set<string>(arns);
  for (const a of arns) if (a.startsWith('arn:aws:s3:::') && !a.slice(13).includes('/')) candidates.add(`${a}/example`);
  for (const r of named.resources) {
    if (r === '*') continue;
    candidates.add(isGlob(r) ? r.replace(/\*/g, 'example').replace(/\?/g, 'x') : r);
  }
  let resources: (string | undefined)[] = [];
  const rsels = list(p.forall.resource);
  if (rsels.length === 0) resources = [undefined];
  for (const r of rsels) {
    if (!isGlob(r)) resources.push(r);
    else {
      const re = globToRegExp(r);
      const m = [...candidates].filter((c) => re.test(c));
      if (m.length === 0) errors.push(error('selector-unknown', path('resource'), `no resource in the scenario matches \`${r}\``));
      resources.push(...m);
    }
  }
  resources = [...new Set(resources)];

  // context: each key absent or one of its values; fewest keys first
  let contexts: Record<string, ContextValue>[] = [{}];
  for (const [key, values] of Object.entries(p.forall.context ?? {})) {
    const next: Record<string, ContextValue>[] = [];
    for (const c of contexts) {
      next.push(c);
      for (const v of values) next.push({ ...c, [key]: v });
    }
    contexts = next;
  }
  contexts = contexts.map((c, i) => ({ c, i })).sort((a, b) => Object.keys(a.c).length - Object.keys(b.c).length || a.i - b.i).map((x) => x.c);

  return { principals, actions: [...new Set(actions)], resources, contexts, errors };
}
