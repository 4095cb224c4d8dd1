// What can this principal do? The reverse of who-can: every candidate action (from an
// ActionSource: AWS's catalogue once plugged in, the scenario's own actions until then) on
// every resource of the scenario of that action's service (or one resource), judged by IAM,
// grouped by service. A list limited to the actions the source knows says so.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_testing-policies.html
//   (the IAM policy simulator answers the same question for chosen actions)
import { authorizeModel, evaluate } from '@vpcsim/iam';
import { didYouMean, error, expandPrincipal, type Diagnostic, type Model } from '@vpcsim/model';
import { declaredPrincipals } from '../iam-space.js';
import { scenarioActionSource, type ActionSource } from './action-source.js';
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
  readonly requests: number;
  /** Whether the actions tried are AWS's whole catalogue. */
  readonly complete: boolean;
  /** What the action list is (and that it is limited, until the catalogue is plugged in). */
  readonly note: string;
  readonly errors: readonly Diagnostic[];
}

/** The service prefix of an ARN's resources that an action of `service` acts on (STS acts on IAM roles). */
const arnService = (service: string): string => (service === 'sts' ? 'iam' : service);

/** Lists what a principal may do, grouped by service. Never throws on user data. */
export function whatCan(model: Model, q: WhatCanQuery, options: { readonly actions?: ActionSource | undefined } = {}): WhatCanResult {
  const source = options.actions ?? scenarioActionSource(model);
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
    const resources = q.resource !== undefined ? candidates : ['*', ...candidates.filter((r) => r.split(':')[2] === arnService(service))];
    const allowed: WhatCanAction[] = [];
    for (const action of actions) {
      const ok: string[] = [];
      for (const resource of resources) {
        requests++;
        if (authorizeModel(m, { principal: q.principal, action, resource: resource === '*' ? undefined : resource, context: q.context }) === 'allowed') ok.push(resource);
      }
      if (ok.length === 0) continue;
      const d = evaluate(m, { principal: q.principal, action, resource: ok[0] === '*' ? undefined : ok[0], context: q.context });
      allowed.push({ action, resources: ok, decisive: d.decisive.map((s) => (s.policy.includes(ASSUMED_POLICY) ? "its own account's policies (assumed to allow)" : statementLabel(s.policy, s.statement, s.sid))) });
    }
    if (allowed.length > 0) services.push({ service, actions: allowed, tried: actions.length });
  }
  return { principal: q.principal, resource: q.resource, services, requests, complete: source.complete, note: source.description, errors: [] };
}
