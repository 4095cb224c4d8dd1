// The resources a scenario knows: declared resources (and objects of declared buckets), its
// IAM entities and instances by ARN, and examples of the patterns its policies name. Used to
// check a resource a user asks about (an unknown one gets a "did you mean") and as the
// candidates of "what can this principal do".
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
import { didYouMean, error, type Diagnostic, type ForallProperty, type Model } from '@vpcsim/model';
import { compileResourceGlob, resourceMatch } from '@vpcsim/iam';
import { iamSpace } from '../iam-space.js';
import { listOf, managedPolicyArn, scenarioPolicies, statementsOfPolicies, type PlacedStatement } from './policies.js';

const ARN = /^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:(\d{12}|aws|cloudfront)?:.+$/;

/** The ARNs of the scenario's IAM entities, instances and declared resources. */
export function entityArns(model: Model): string[] {
  const s = model.scenario;
  const def = model.defaults.account;
  const a = (x: string | undefined): string => x ?? def;
  const iam = s.iam ?? {};
  return [
    ...(s.resources ?? []).map((r) => r.arn),
    ...(iam.roles ?? []).map((r) => `arn:aws:iam::${a(r.account)}:role${r.path ?? '/'}${r.name}`),
    ...(iam.users ?? []).map((u) => `arn:aws:iam::${a(u.account)}:user${u.path ?? '/'}${u.name}`),
    ...(iam.groups ?? []).map((g) => `arn:aws:iam::${a(g.account)}:group${g.path ?? '/'}${g.name}`),
    ...(iam.policies ?? []).map((p) => managedPolicyArn(model, p)),
    ...model.network.instances.map((i) => `arn:aws:ec2:${i.region}:${i.account}:instance/${i.id}`),
  ];
}

/** Candidate resources: the entities' ARNs, objects of declared buckets, and examples of the policies' patterns. */
export function resourceCandidates(model: Model): string[] {
  const probe: ForallProperty = { name: 'resources', forall: { principal: 'root', action: 's3:GetObject', resource: '*' }, decision: 'allowed' };
  const space = iamSpace(model, probe);
  return [...new Set([...entityArns(model), ...space.resources.filter((r): r is string => r !== undefined)])];
}

/** Whether a Resource pattern names nothing more specific than a whole service (`*`, `arn:aws:s3:::*`, or only wildcards and slashes after the service). */
function generic(pattern: string): boolean {
  if (pattern === '*') return true;
  const rest = pattern.split(':').slice(3).join(':');
  return /^[*?:/]*$/.test(rest);
}

/**
 * Problems with a resource a user names: not an ARN, a `role/NAME` that is not declared, or
 * an ARN the scenario does not know (not declared, not in a declared bucket, not an entity,
 * and matched by no policy pattern more specific than a whole service), with "did you mean".
 */
export function resourceProblem(model: Model, resource: string, path: (string | number)[], statements?: readonly PlacedStatement[]): Diagnostic | undefined {
  if (resource === '*') return undefined;
  const known = entityArns(model);
  if (resource.startsWith('role/')) {
    const name = resource.slice(5);
    if ((model.scenario.iam?.roles ?? []).some((r) => r.name === name)) return undefined;
    const guess = didYouMean(resource, (model.scenario.iam?.roles ?? []).map((r) => `role/${r.name}`));
    return error('unknown-resource', path, `role \`${name}\` is not declared`, guess ? `did you mean \`${guess}\`?` : 'declare it under `iam.roles`');
  }
  if (!ARN.test(resource)) return error('invalid-resource', path, `\`${resource}\` is not an ARN`, 'a resource is an ARN such as `arn:aws:s3:::bucket/key`, or `role/NAME`');
  if (known.includes(resource)) return undefined;
  const bucket = resource.startsWith('arn:aws:s3:::') ? resource.split('/')[0]! : undefined;
  if (bucket !== undefined && known.includes(bucket)) return undefined;
  const sts = statements ?? statementsOfPolicies(scenarioPolicies(model));
  for (const { statement: st } of sts)
    for (const p of [...listOf(st.Resource), ...listOf(st.NotResource)]) if (!generic(p) && !p.includes('${') && resourceMatch(compileResourceGlob(p), resource)) return undefined;
  const guess = didYouMean(resource, resourceCandidates(model));
  return error('unknown-resource', path, `\`${resource}\` is not a resource of the scenario: it is not declared, and no policy names it`, guess ? `did you mean \`${guess}\`?` : 'declare it under `resources`, or name a resource a policy names');
}
