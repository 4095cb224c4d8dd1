// External access findings, as IAM Access Analyzer makes them: for each S3 bucket, KMS key,
// SQS queue, SNS topic, IAM role (trust policy), Lambda function and Secrets Manager secret of
// the scenario, which principals outside the zone of trust (the resource's account, or its
// organization) may act on it, with what actions, through which statement, under which
// condition. Each answer is a who-can over the actions the resource policy admits, so Block
// Public Access, RCPs and (for accounts the organization declares) SCPs apply as `vpcsim can`
// applies them; other accounts are judged as if their own policies allowed, as Access Analyzer
// does ("it knows nothing about the state of users, roles, service control policies ... in
// that account").
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-findings.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-concepts.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html (resource types)
// CHOICE: AWS service principals are not reported (a bucket CloudTrail writes to, a role EC2
// assumes, is how services work); `who-can` still lists them.
import type { Diagnostic, Model } from '@vpcsim/model';
import { didYouMean, error, pushAll } from '@vpcsim/model';
import { globToRegExp } from '../selectors.js';
import { defaultActionSource, type ActionSource } from './action-source.js';
import { admitsAction, type Context } from './conditions.js';
import { listOf, resourcePolicyName, type PlacedStatement } from './policies.js';
import { prepared, whoCan, type WhoCanEntry } from './who-can.js';
import { orgAccounts, type PrincipalClass } from './universe.js';

/** The resource types Access Analyzer's external access findings cover that vpcsim analyses. */
export type AccessResourceType = 'AWS::S3::Bucket' | 'AWS::KMS::Key' | 'AWS::SQS::Queue' | 'AWS::SNS::Topic' | 'AWS::IAM::Role' | 'AWS::Lambda::Function' | 'AWS::SecretsManager::Secret';

/** The zone of trust. */
export type ZoneOfTrust = 'account' | 'organization';

/** One finding: principals outside the zone that may act on a resource. */
export interface Finding {
  readonly resource: string;
  readonly resourceType: AccessResourceType;
  /** The heading of the principals: `anonymous`, `every other account`, `account 222222222222`, `identity providers`... */
  readonly principal: string;
  /** The classes, by label; `whole`: every class under the heading. */
  readonly principals: readonly string[];
  readonly whole: boolean;
  /** Anonymous callers or any account may act: public. */
  readonly isPublic: boolean;
  readonly actions: readonly string[];
  /** The resources of the requests allowed (a bucket and its objects). */
  readonly requestResources: readonly string[];
  /** The statements of the resource's own policy (or trust policy) that grant it. */
  readonly statements: readonly string[];
  /** Allowed only when the request carries these keys (a condition that does not keep it in the zone). */
  readonly condition?: Context | undefined;
  /** One request that `vpcsim can` allows: the principal (an external one judged as if its own policies allowed), action, resource, context. */
  readonly example: { readonly principal: string; readonly action: string; readonly resource: string; readonly context?: Context | undefined; readonly assumesOwnPolicies: boolean };
}

/** One analysed resource. */
export interface AnalysedResource {
  readonly resource: string;
  readonly resourceType: AccessResourceType;
  readonly account: string;
  readonly findings: readonly Finding[];
  /** What else the analysis saw: a public statement that Block Public Access neutralises, an RCP that stops a grant... */
  readonly notes: readonly string[];
  /** Actions judged. */
  readonly actions: number;
  /** Requests judged: each class outside the zone on each action and request resource (with no policy: each class, refused by its absence). */
  readonly judged: number;
}

/** The findings of a scenario. */
export interface FindingsResult {
  readonly trust: ZoneOfTrust;
  readonly resources: readonly AnalysedResource[];
  /** Resources with a policy vpcsim does not analyse (not one of the seven types). */
  readonly skipped: readonly string[];
  readonly findings: number;
  readonly notes: readonly string[];
  readonly errors: readonly Diagnostic[];
}

/** Options: the zone of trust (default: the organization when declared, else the account), resource selectors, the action source. */
export interface FindingsOptions {
  readonly trust?: ZoneOfTrust | undefined;
  /** Globs over declared resource ARNs, `role/NAME` or role ARNs; default: every resource of the seven types and every role. */
  readonly resources?: readonly string[] | undefined;
  readonly actions?: ActionSource | undefined;
}

/** The Access Analyzer type of an ARN, or undefined when vpcsim does not analyse it. */
export function accessResourceType(arn: string): AccessResourceType | undefined {
  const [, , service, , , ...rest] = arn.split(':');
  const res = rest.join(':');
  switch (service) {
    case 's3':
      return res.includes('/') ? undefined : 'AWS::S3::Bucket';
    case 'kms':
      return res.startsWith('key/') ? 'AWS::KMS::Key' : undefined;
    case 'sqs':
      return 'AWS::SQS::Queue';
    case 'sns':
      return 'AWS::SNS::Topic';
    case 'lambda':
      return res.startsWith('function:') ? 'AWS::Lambda::Function' : undefined;
    case 'secretsmanager':
      return res.startsWith('secret:') ? 'AWS::SecretsManager::Secret' : undefined;
    case 'iam':
      return /^role\//.test(res) ? 'AWS::IAM::Role' : undefined;
    default:
      return undefined;
  }
}

/** The actions on a role that its trust policy judges. */
const TRUST_ACTIONS = ['sts:AssumeRole', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML', 'sts:TagSession'];

const globRe = (g: string): RegExp => globToRegExp(g);

/** The accounts of the zone of trust of a resource in `account`. */
function zoneOf(model: Model, trust: ZoneOfTrust, account: string): Set<string> {
  const org = new Set<string>();
  orgAccounts(model.scenario.organization?.root, org);
  if (model.scenario.organization?.managementAccount) org.add(model.scenario.organization.managementAccount);
  return trust === 'organization' && org.has(account) ? org : new Set([account]);
}

/** Whether a class is inside the zone of trust; AWS service principals never make findings (see CHOICE above). */
function inZone(c: PrincipalClass, zone: ReadonlySet<string>): boolean {
  if (c.kind === 'service') return true;
  if (c.kind === 'anonymous' || c.kind === 'federated' || c.kind === 'cloudfront-oai') return false;
  return c.account !== undefined && zone.has(c.account);
}

/**
 * Whether a resource or trust policy statement's principal element may name a principal of the
 * class: an over-approximation (conditions are left to the engine), used only to skip judging
 * classes and actions no statement could admit, so it never hides a finding.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
function mayName(st: PlacedStatement['statement'], c: PrincipalClass): boolean {
  if (st.NotPrincipal !== undefined || st.Principal === undefined || st.Principal === '*') return true;
  const p = st.Principal as Readonly<Record<string, unknown>>;
  const aws = listOf(p['AWS']);
  if (aws.includes('*')) return true;
  switch (c.principalKind) {
    case 'anonymous':
      return false;
    case 'service':
      return listOf(p['Service']).length > 0;
    case 'federated':
      return listOf(p['Federated']).length > 0;
    case 'cloudfront-oai':
      // `arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity ID`, or its canonical user id
      return aws.some((a) => /cloudfront/i.test(a)) || listOf(p['CanonicalUser']).length > 0;
    default:
      return c.account === undefined || aws.some((a) => a.includes(c.account!) || /[*?]/.test(a) || !/\d{12}/.test(a));
  }
}

/** Whether a conditional grant keeps the request in the zone (a VPC, endpoint or source account of the zone). */
function keepsInZone(model: Model, context: Context, zone: ReadonlySet<string>): boolean {
  for (const [k, v] of Object.entries(context)) {
    const key = k.toLowerCase();
    const value = String(Array.isArray(v) ? v[0] : v);
    if (key === 'aws:sourcevpc' && model.network.vpcs.some((x) => x.id === value && zone.has(x.account))) return true;
    if (key === 'aws:sourcevpce' && model.index.vpcEndpoint.has(value)) return true;
    if ((key === 'aws:sourceaccount' || key === 'aws:sourceowner') && zone.has(value)) return true;
    if (key === 'aws:sourcearn' && zone.has(value.split(':')[4] ?? '')) return true;
  }
  return false;
}

/** The resources the findings cover: selected by globs, or every resource of the seven types and every role. */
function selectResources(model: Model, selectors: readonly string[] | undefined): { arns: string[]; skipped: string[]; errors: Diagnostic[] } {
  const def = model.defaults.account;
  const roles = (model.scenario.iam?.roles ?? []).map((r) => ({ short: `role/${r.name}`, arn: `arn:aws:iam::${r.account ?? def}:role${r.path ?? '/'}${r.name}` }));
  const declared = (model.scenario.resources ?? []).map((r) => r.arn);
  const all = [...declared, ...roles.map((r) => r.arn)];
  const errors: Diagnostic[] = [];
  let chosen: string[];
  if (selectors === undefined) chosen = all;
  else {
    chosen = [];
    selectors.forEach((sel, i) => {
      const re = globRe(sel);
      const hit = [...declared.filter((a) => re.test(a)), ...roles.filter((r) => re.test(r.short) || re.test(r.arn)).map((r) => r.arn)];
      if (hit.length === 0) {
        const guess = didYouMean(sel, [...declared, ...roles.map((r) => r.short)]);
        errors.push(error('selector-unknown', ['resource', i], `\`${sel}\` selects no resource of the scenario`, guess ? `did you mean \`${guess}\`?` : 'name a declared resource ARN (globs allowed) or a role (`role/NAME`)'));
      }
      pushAll(chosen, hit);
    });
  }
  chosen = [...new Set(chosen)];
  return { arns: chosen.filter((a) => accessResourceType(a) !== undefined), skipped: chosen.filter((a) => accessResourceType(a) === undefined && declared.includes(a)), errors };
}

/** The statements of the resource's own policy (trust policy for a role). */
function ownStatements(statements: readonly PlacedStatement[], arn: string, type: AccessResourceType): PlacedStatement[] {
  return statements.filter((s) => (type === 'AWS::IAM::Role' ? s.policy.type === 'trust' && s.policy.owner === arn : s.policy.type === 'resource' && s.policy.owner === arn));
}

/** Examples of the objects a bucket policy names (`arn:aws:s3:::b/public/*` gives `arn:aws:s3:::b/public/example`). */
function requestResources(arn: string, type: AccessResourceType, own: readonly PlacedStatement[]): string[] {
  if (type !== 'AWS::S3::Bucket') return [arn];
  const out = new Set([arn, `${arn}/example`]);
  for (const { statement: st } of own)
    for (const p of [...listOf(st.Resource), ...listOf(st.NotResource)]) if (p.startsWith(`${arn}/`) && !p.includes('${')) out.add(p.replace(/\*/g, 'example').replace(/\?/g, 'x'));
  return [...out];
}

/** Finds every external access to the scenario's resources; see the module header. Never throws on user data. */
export function findings(model: Model, options: FindingsOptions = {}): FindingsResult {
  const source = options.actions ?? defaultActionSource();
  const trust: ZoneOfTrust = options.trust ?? (model.scenario.organization ? 'organization' : 'account');
  const { arns, skipped, errors } = selectResources(model, options.resources);
  const notes: string[] = [];
  if (trust === 'organization' && !model.scenario.organization) errors.push(error('no-organization', ['trust'], '`organization` as the zone of trust needs the scenario to declare its organization', 'declare `organization`, or use the account as the zone of trust'));
  if (errors.length > 0) return { trust, resources: [], skipped: [], findings: 0, notes, errors };
  const { statements } = prepared(model);
  const declared = new Map((model.scenario.resources ?? []).map((r) => [r.arn, r]));
  const def = model.defaults.account;
  const out: AnalysedResource[] = [];
  for (const arn of arns) {
    const type = accessResourceType(arn)!;
    const account = declared.get(arn)?.account ?? (/^\d{12}$/.test(arn.split(':')[4] ?? '') ? arn.split(':')[4]! : def);
    const zone = zoneOf(model, trust, account);
    const own = ownStatements(statements, arn, type);
    const rnotes: string[] = [];
    const outside = prepared(model).universe.classes.filter((c) => !inZone(c, zone)).length;
    let judged = 0;
    if (own.length === 0) {
      out.push({ resource: arn, resourceType: type, account, findings: [], notes: [type === 'AWS::KMS::Key' ? 'no key policy declared: the default key policy trusts the account only' : type === 'AWS::IAM::Role' ? 'no trust policy: nobody can assume it' : 'no resource-based policy: other accounts cannot be granted access'], actions: 0, judged: outside });
      continue;
    }
    const service = type === 'AWS::IAM::Role' ? 'sts' : arn.split(':')[2]!;
    const candidates = type === 'AWS::IAM::Role' ? TRUST_ACTIONS : source.actionsOf(service);
    // only the classes outside the zone an Allow statement may name, and the actions those statements admit
    const allows = own.filter((s) => s.statement.Effect === 'Allow');
    const outsiders = new Set(prepared(model).universe.classes.filter((c) => !inZone(c, zone) && allows.some((s) => mayName(s.statement, c))));
    const admitting = allows.filter((s) => [...outsiders].some((c) => mayName(s.statement, c)));
    const actions = candidates.filter((a) => admitting.some((s) => admitsAction(s.statement, a)));
    const policyName = type === 'AWS::IAM::Role' ? own[0]!.policy.name : resourcePolicyName(arn);
    // per class: the actions, request resources and statements that let it in
    const byClass = new Map<PrincipalClass, ClassAccess>();
    const stopped = new Map<string, Set<string>>();
    const resources = requestResources(arn, type, own);
    for (const action of actions)
      for (const resource of resources.filter((x) => source.appliesTo?.(action, x) !== false)) {
        const r = whoCan(model, { action, resource }, { actions: source, only: (c) => outsiders.has(c) });
        judged += r.allowed.length + r.conditional.length + r.denied.length;
        for (const e of r.errors) if (!errors.some((x) => x.message === e.message)) errors.push(e);
        const admit = (e: WhoCanEntry): void => {
          if (inZone(e.class, zone)) return;
          if (e.context && keepsInZone(model, e.context, zone)) return;
          let g = byClass.get(e.class);
          if (!g) {
            g = { actions: new Set(), resources: new Set(), pairs: new Set(), statements: new Set(), context: e.context, example: { principal: e.class.representative, action, resource, ...(e.context ? { context: e.context } : {}), assumesOwnPolicies: e.class.assumesOwnPolicies } };
            byClass.set(e.class, g);
          }
          g.actions.add(action);
          g.resources.add(resource);
          g.pairs.add(`${action} ${resource}`);
          for (const d of e.decisive) if (d.startsWith(`${policyName} statement`)) g.statements.add(d);
        };
        r.allowed.forEach(admit);
        r.conditional.forEach(admit);
        for (const d of r.denied) {
          if (inZone(d.class, zone) || (d.failedGate !== 'block-public-access' && d.failedGate !== 'rcp')) continue;
          const why = d.reason ?? d.failedGate;
          stopped.set(why, (stopped.get(why) ?? new Set()).add(d.class.group));
        }
      }
    for (const [why, groups] of stopped) rnotes.push(`${why}: it stops ${[...groups].join(', ')}`);
    out.push({ resource: arn, resourceType: type, account, findings: groupFindings(arn, type, byClass, prepared(model).universe.classes), notes: rnotes, actions: actions.length, judged: actions.length > 0 ? judged : outside });
  }
  if (!source.complete) notes.push(`actions ${source.description}`);
  notes.push(`zone of trust: ${trust === 'organization' ? 'the organization (each resource\'s account when it is not in it)' : 'each resource\'s account'}; other accounts are judged as if their own policies allowed; AWS service principals are not reported`);
  return { trust, resources: out, skipped, findings: out.reduce((n, r) => n + r.findings.length, 0), notes, errors };
}

type ClassAccess = { actions: Set<string>; resources: Set<string>; pairs: Set<string>; statements: Set<string>; context?: Context | undefined; example: Finding['example'] };

/** One finding per heading (and condition): every class of the heading together when all of them are in. */
function groupFindings(resource: string, type: AccessResourceType, byClass: Map<PrincipalClass, ClassAccess>, classes: readonly PrincipalClass[]): Finding[] {
  const out: Finding[] = [];
  // what the public may do (anonymous callers, every other account) covers every other class for the same requests
  const publicPairs = new Set<string>();
  for (const [c, a] of byClass) if ((c.kind === 'anonymous' || (c.kind === 'external' && !c.named)) && a.context === undefined) for (const x of a.pairs) publicPairs.add(x);
  for (const [c, a] of [...byClass]) if (c.kind !== 'anonymous' && !(c.kind === 'external' && !c.named) && a.context === undefined && [...a.pairs].every((x) => publicPairs.has(x))) byClass.delete(c);
  const headings = [...new Set(classes.map((c) => c.group))];
  for (const heading of headings) {
    const mine = [...byClass.entries()].filter(([c]) => c.group === heading);
    if (mine.length === 0) continue;
    const byCond = new Map<string, [PrincipalClass, ClassAccess][]>();
    for (const x of mine) {
      const k = JSON.stringify(x[1].context ?? null);
      byCond.set(k, [...(byCond.get(k) ?? []), x]);
    }
    const all = classes.filter((c) => c.group === heading);
    for (const xs of byCond.values()) {
      const union = (f: (a: ClassAccess) => Set<string>): string[] => [...new Set(xs.flatMap(([, a]) => [...f(a)]))];
      const isPublic = xs.some(([c]) => c.kind === 'anonymous' || (c.kind === 'external' && !c.named));
      out.push({
        resource,
        resourceType: type,
        principal: heading,
        principals: xs.map(([c]) => c.label),
        whole: all.length > 1 && xs.length === all.length,
        isPublic,
        actions: union((a) => a.actions).sort(),
        requestResources: union((a) => a.resources),
        statements: union((a) => a.statements),
        ...(xs[0]![1].context ? { condition: xs[0]![1].context } : {}),
        example: xs[0]![1].example,
      });
    }
  }
  // public findings first (anonymous callers, then every other account), as Access Analyzer lists them
  const rank = (f: Finding): number => (f.principal === 'anonymous' ? 0 : f.isPublic ? 1 : 2);
  return out.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f);
}
