// What can this principal do? The reverse of who-can: every action of AWS's catalogue (an
// ActionSource; a shorter list when a caller gives one) on every resource of the scenario that
// action applies to (the resource types the catalogue lists for it; a request without a
// resource for an action that takes none), or on one resource, judged by IAM, grouped by
// service. A list limited to the actions a shorter source knows says so.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html
//   (the IAM policy simulator answers the same question for chosen actions)
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
//   (each action's resource types: `s3:ListBucket` acts on a bucket, `s3:GetObject` on an object)
import { authorizeModel, evaluate } from '@vpcsim/iam';
import { didYouMean, error, expandPrincipal, type Diagnostic, type Model } from '@vpcsim/model';
import { declaredPrincipals } from '../iam-space.js';
import { defaultActionSource, type ActionSource } from './action-source.js';
import type { Context } from './conditions.js';
import { statementLabel } from './policies.js';
import { resourceCandidates, resourceProblem } from './resources.js';
import { ASSUMED_POLICY, classOf, principalUniverse, withAssumedPrincipals } from './universe.js';

/** A what-can question. */
export interface WhatCanQuery {
  readonly principal: string;
  /** Only this resource; absent: every resource of the scenario of each action's service, and no resource. */
  readonly resource?: string | undefined;
  readonly context?: Context | undefined;
}

/** An allowed action, with the resources it is allowed on and the statements that allow it on the first. */
export interface WhatCanAction {
  readonly action: string;
  /** ARNs; `*` stands for a request without a resource. */
  readonly resources: readonly string[];
  readonly decisive: readonly string[];
}

/** The allowed actions of one service. */
export interface WhatCanService {
  readonly service: string;
  readonly actions: readonly WhatCanAction[];
  /** Candidate actions of the service that were tried (those with a resource of the scenario to act on, or that take none). */
  readonly tried: number;
  /** Every action tried is allowed. */
  readonly every: boolean;
}

/** The answer. */
export interface WhatCanResult {
  readonly principal: string;
  readonly resource?: string | undefined;
  readonly services: readonly WhatCanService[];
  readonly requests: number;
  /** Whether the actions tried are AWS's whole catalogue. */
  readonly complete: boolean;
  /** What the action list is (AWS's catalogue, or a shorter list, which it says is limited). */
  readonly note: string;
  readonly errors: readonly Diagnostic[];
}

/** The service prefix of an ARN's resources that an action of `service` acts on (STS acts on IAM roles). */
const arnService = (service: string): string => (service === 'sts' ? 'iam' : service);

/**
 * The resources to try an action on. One asked resource: it, unless the source knows the action
 * does not apply to it. Otherwise: the candidates the source says the action applies to (those
 * of its service when it does not know), and `*` (a request without a resource) when the action
 * takes no resource or the source does not know, and the principal is of the scenario's accounts:
 * a request without a resource by a principal of another account acts in that account, not on
 * the scenario.
 */
function resourcesFor(source: ActionSource, action: string, ofService: readonly string[], all: readonly string[], asked: boolean, withoutResource: boolean): string[] {
  if (asked) return all.filter((r) => r === '*' || source.appliesTo?.(action, r) !== false);
  const out = all.filter((r) => {
    const a = source.appliesTo?.(action, r);
    return a === true || (a === undefined && ofService.includes(r));
  });
  if (withoutResource && source.takesNoResource?.(action) !== false) out.unshift('*');
  return out;
}

/** Lists what a principal may do, grouped by service. Never throws on user data. */
export function whatCan(model: Model, q: WhatCanQuery, options: { readonly actions?: ActionSource | undefined } = {}): WhatCanResult {
  const source = options.actions ?? defaultActionSource();
  const empty = (errors: Diagnostic[]): WhatCanResult => ({ principal: q.principal, resource: q.resource, services: [], requests: 0, complete: source.complete, note: source.description, errors });
  const u = principalUniverse(model);
  const cls = classOf(u, model, q.principal);
  if (cls === undefined) {
    const guess = didYouMean(q.principal, declaredPrincipals(model));
    return empty([
      error('unknown-principal', ['request', 'principal'], expandPrincipal(q.principal, model.defaults.account) ? `\`${q.principal}\` is not a principal of the scenario` : `\`${q.principal}\` is not a principal`, guess ? `did you mean \`${guess}\`?` : 'name a declared user, role or session (`user/NAME`, `role/NAME`), `root`, an account id, `anonymous` or `service:NAME`'),
    ]);
  }
  if (q.resource !== undefined) {
    const bad = resourceProblem(model, q.resource, ['request', 'resource']);
    if (bad) return empty([bad]);
  }
  const external = cls.assumesOwnPolicies;
  const m = external ? withAssumedPrincipals(model, [q.principal]) : model;
  const candidates = q.resource !== undefined ? [q.resource] : resourceCandidates(model);
  const services: WhatCanService[] = [];
  let requests = 0;
  for (const service of source.services()) {
    const actions = source.actionsOf(service);
    const ofService = candidates.filter((r) => r.split(':')[2] === arnService(service));
    const allowed: WhatCanAction[] = [];
    let tried = 0;
    for (const action of actions) {
      const resources = resourcesFor(source, action, q.resource !== undefined ? candidates : ofService, candidates, q.resource !== undefined, !external);
      if (resources.length === 0) continue;
      tried++;
      const ok: string[] = [];
      for (const resource of resources) {
        requests++;
        if (authorizeModel(m, { principal: q.principal, action, resource: resource === '*' ? undefined : resource, context: q.context }) === 'allowed') ok.push(resource);
      }
      if (ok.length === 0) continue;
      const d = evaluate(m, { principal: q.principal, action, resource: ok[0] === '*' ? undefined : ok[0], context: q.context });
      allowed.push({ action, resources: ok, decisive: d.decisive.map((s) => (s.policy.includes(ASSUMED_POLICY) ? "its own account's policies (assumed to allow)" : statementLabel(s.policy, s.statement, s.sid))) });
    }
    if (allowed.length > 0) services.push({ service, actions: allowed, tried, every: allowed.length === tried });
  }
  return { principal: q.principal, resource: q.resource, services, requests, complete: source.complete, note: source.description, errors: [] };
}
