// What can this principal do? The reverse of who-can: every candidate action (from an
// ActionSource: by default AWS's whole action catalogue, every action of every service) on every
// resource of the scenario the action applies to (its resource types, as the catalogue lists
// them: `s3:GetObject` on objects, `s3:ListBucket` on buckets) and on no declared resource (what
// `Resource: "*"` grants), judged by IAM, grouped by service. An answer over a limited list of
// actions says so.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html
//   (the IAM policy simulator answers the same question for chosen actions)
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
import { authorizeModel, evaluate } from '@vpcsim/iam';
import { didYouMean, error, expandPrincipal, type Diagnostic, type Model } from '@vpcsim/model';
import { declaredPrincipals } from '../iam-space.js';
import { catalogActionSource, type ActionSource } from './action-source.js';
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
  /** Candidate actions of the service that were tried. */
  readonly tried: number;
}

/** The answer. */
export interface WhatCanResult {
  readonly principal: string;
  readonly resource?: string | undefined;
  readonly services: readonly WhatCanService[];
  /** Candidate actions tried, over every service (each on at least one resource). */
  readonly tried: number;
  readonly requests: number;
  /** Whether the actions tried are AWS's whole catalogue. */
  readonly complete: boolean;
  /** Where the actions come from (AWS's action catalogue and its version, or a limited list, which it says). */
  readonly note: string;
  readonly errors: readonly Diagnostic[];
}

/** The service prefix of an ARN's resources that an action of `service` acts on (STS acts on IAM roles). */
const arnService = (service: string): string => (service === 'sts' ? 'iam' : service);

/** Lists what a principal may do, grouped by service. Never throws on user data. */
export function whatCan(model: Model, q: WhatCanQuery, options: { readonly actions?: ActionSource | undefined } = {}): WhatCanResult {
  const source = options.actions ?? catalogActionSource();
  const empty = (errors: Diagnostic[]): WhatCanResult => ({ principal: q.principal, resource: q.resource, services: [], tried: 0, requests: 0, complete: source.complete, note: source.description, errors });
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
  const candidates = q.resource !== undefined ? [q.resource] : ['*', ...resourceCandidates(model)];
  // without resource types, an action is tried on the resources of its own service (and on the one asked about)
  const applies = source.appliesTo ?? ((action: string, r: string) => q.resource !== undefined || r === '*' || r.split(':')[2] === arnService(action.slice(0, action.indexOf(':')).toLowerCase()));
  const services: WhatCanService[] = [];
  let requests = 0;
  let triedAll = 0;
  for (const service of source.services()) {
    const actions = source.actionsOf(service);
    const allowed: WhatCanAction[] = [];
    let tried = 0;
    for (const action of actions) {
      const ok: string[] = [];
      let any = false;
      for (const resource of candidates) {
        if (!applies(action, resource)) continue;
        any = true;
        requests++;
        if (authorizeModel(m, { principal: q.principal, action, resource: resource === '*' ? undefined : resource, context: q.context }) === 'allowed') ok.push(resource);
      }
      if (any) tried++;
      if (ok.length === 0) continue;
      const d = evaluate(m, { principal: q.principal, action, resource: ok[0] === '*' ? undefined : ok[0], context: q.context });
      allowed.push({ action, resources: ok, decisive: d.decisive.map((s) => (s.policy.includes(ASSUMED_POLICY) ? "its own account's policies (assumed to allow)" : statementLabel(s.policy, s.statement, s.sid))) });
    }
    triedAll += tried;
    if (allowed.length > 0) services.push({ service, actions: allowed, tried });
  }
  return { principal: q.principal, resource: q.resource, services, tried: triedAll, requests, complete: source.complete, note: source.description, errors: [] };
}
