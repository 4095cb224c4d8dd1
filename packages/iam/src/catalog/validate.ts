// Checks against AWS's action catalogue, as IAM Access Analyzer's policy validation does: actions
// and condition keys a policy names that AWS does not have (warnings: AWS stores such a policy, and
// the statement never matches the misspelt action), and a request's action (an error: nothing
// would judge it), condition keys and resource type.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
import { editDistance, error, statementsOf, warning, type Diagnostic, type Model, type Path, type PolicyDocument } from '@vpcsim/model';
import { GLOBAL_CONDITION_KEYS, isGlobalConditionKey } from '../global-keys.js';
import type { Catalog } from './catalog.js';

const list = (v: string | readonly string[] | undefined): readonly string[] => (v === undefined ? [] : typeof v === 'string' ? [v] : v);
const isPattern = (s: string): boolean => s.includes('*') || s.includes('?');
/**
 * The closest candidate (lowercase word and candidates), like the model's did-you-mean, but among
 * equally close ones the anagram wins: `aws:sourcevcp` means `aws:sourcevpc`, not `aws:sourceip`.
 */
function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const sorted = (x: string) => [...x].sort().join('');
  const letters = sorted(word);
  let best: string | undefined;
  let bestD = Infinity;
  let bestAnagram = false;
  for (const c of candidates) {
    const d = editDistance(word, c);
    const anagram = d <= 2 && sorted(c) === letters;
    if (d < bestD || (d === bestD && anagram && !bestAnagram)) [best, bestD, bestAnagram] = [c, d, anagram];
  }
  if (best === undefined) return undefined;
  return bestD <= Math.max(2, Math.floor(Math.max(word.length, best.length) / 3)) ? best : undefined;
}

const hint = (guess: string | undefined, otherwise: string): string => (guess !== undefined ? `did you mean \`${guess}\`?` : otherwise);

/** Why an action a policy or request names is not in the catalogue (undefined: it is, or a pattern matches some). */
function actionProblem(cat: Catalog, action: string): { message: string; hint: string } | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon <= 0) return undefined; // the grammar check reports it
  const prefix = action.slice(0, colon);
  if (isPattern(prefix)) return cat.expand(action).length > 0 ? undefined : { message: `no AWS action matches \`${action}\``, hint: 'check the pattern' };
  const svc = cat.service(prefix);
  if (svc === undefined) {
    const guess = cat.suggestService(prefix);
    return { message: `\`${prefix}\` is not an AWS service prefix (action \`${action}\`)`, hint: hint(guess === undefined ? undefined : `${guess}:${action.slice(colon + 1)}`, 'see the Service Authorization Reference for service prefixes') };
  }
  if (isPattern(action)) return cat.expand(action).length > 0 ? undefined : { message: `no ${svc.name} action matches \`${action}\``, hint: 'check the pattern' };
  if (cat.action(action) !== undefined) return undefined;
  return { message: `\`${action}\` is not an action of ${svc.name}`, hint: hint(cat.suggestAction(action), `see the actions of \`${prefix}\` in the Service Authorization Reference`) };
}

/** Why a condition key is not one AWS defines (undefined: it is). Keys of services the catalogue lacks are left alone. */
function conditionKeyProblem(cat: Catalog, key: string): { message: string; hint: string } | undefined {
  const colon = key.indexOf(':');
  if (colon <= 0) return { message: `\`${key}\` is not a condition key: keys look like \`service:Name\``, hint: 'e.g. `aws:SourceVpc` or `s3:prefix`' };
  const prefix = key.slice(0, colon).toLowerCase();
  if (prefix === 'aws') {
    if (isGlobalConditionKey(key)) return undefined;
    const guess = didYouMean(key.toLowerCase(), GLOBAL_CONDITION_KEYS.map((k) => k.toLowerCase()));
    const named = guess === undefined ? undefined : GLOBAL_CONDITION_KEYS.find((k) => k.toLowerCase() === guess);
    return { message: `\`${key}\` is not a global condition key`, hint: hint(named, 'see the global condition keys page') };
  }
  const svc = cat.service(prefix);
  if (svc === undefined) return { message: `\`${key}\`: \`${prefix}\` is not an AWS service prefix`, hint: hint(cat.suggestService(prefix), 'check the key') };
  // global keys a service lists as its own (aws:RequestTag/...) are not under its prefix
  if (svc.conditionKey(key) !== undefined || isGlobalConditionKey(key)) return undefined;
  const guess = didYouMean(key.toLowerCase(), svc.conditionKeys.keys());
  return { message: `\`${key}\` is not a condition key of ${svc.name}`, hint: hint(guess === undefined ? undefined : svc.conditionKeys.get(guess)!.key, `see the condition keys of \`${prefix}\` in the Service Authorization Reference`) };
}

/** The catalogue warnings of one policy document at `path`. */
export function validatePolicyActions(cat: Catalog, doc: PolicyDocument, path: Path): Diagnostic[] {
  const out: Diagnostic[] = [];
  const single = !Array.isArray(doc.Statement);
  statementsOf(doc).forEach((st, k) => {
    const p: Path = single ? [...path, 'Statement'] : [...path, 'Statement', k];
    for (const el of ['Action', 'NotAction'] as const) {
      const v = st[el];
      list(v).forEach((a, j) => {
        const problem = actionProblem(cat, a);
        if (problem !== undefined) out.push(warning('unknown-action', typeof v === 'string' ? [...p, el] : [...p, el, j], `${problem.message}: the statement never matches it (AWS stores the policy; Access Analyzer flags it)`, problem.hint));
      });
    }
    for (const [op, keys] of Object.entries(st.Condition ?? {}))
      for (const key of Object.keys(keys ?? {})) {
        const problem = conditionKeyProblem(cat, key);
        if (problem !== undefined) out.push(warning('unknown-condition-key', [...p, 'Condition', op, key], `${problem.message}: no request carries it, so the condition reads it as missing`, problem.hint));
      }
  });
  return out;
}

/** Every policy document of a scenario, with its path. */
export function scenarioPolicies(model: Model): [Path, PolicyDocument][] {
  const s = model.scenario;
  const out: [Path, PolicyDocument][] = [];
  const inline = (base: Path, e: { inlinePolicies?: Record<string, PolicyDocument> | undefined }): void => {
    for (const [name, d] of Object.entries(e.inlinePolicies ?? {})) out.push([[...base, 'inlinePolicies', name], d]);
  };
  (s.iam?.users ?? []).forEach((u, i) => inline(['iam', 'users', i], u));
  (s.iam?.groups ?? []).forEach((g, i) => inline(['iam', 'groups', i], g));
  (s.iam?.roles ?? []).forEach((r, i) => {
    inline(['iam', 'roles', i], r);
    if (r.trustPolicy) out.push([['iam', 'roles', i, 'trustPolicy'], r.trustPolicy]);
  });
  (s.iam?.policies ?? []).forEach((p, i) => out.push([['iam', 'policies', i, 'document'], p.document]));
  (s.iam?.sessions ?? []).forEach((x, i) => x.sessionPolicy && out.push([['iam', 'sessions', i, 'sessionPolicy'], x.sessionPolicy]));
  (s.organization?.policies ?? []).forEach((p, i) => out.push([['organization', 'policies', i, 'document'], p.document]));
  (s.resources ?? []).forEach((r, i) => r.policy && out.push([['resources', i, 'policy'], r.policy]));
  (s.vpcEndpoints ?? []).forEach((e, i) => e.policy && out.push([['vpcEndpoints', i, 'policy'], e.policy]));
  return out;
}

/** The catalogue warnings of every policy in a scenario: unknown actions and condition keys, with did-you-mean. */
export function validateScenarioPolicies(cat: Catalog, model: Model): Diagnostic[] {
  return scenarioPolicies(model).flatMap(([path, d]) => validatePolicyActions(cat, d, path));
}

/** A request as the catalogue checks it. */
export interface CatalogRequest {
  readonly action: string;
  readonly resource?: string | undefined;
  readonly context?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * The catalogue diagnostics of a request at `path`: an unknown action is an error (nothing would
 * judge it: AWS answers an unknown operation with an error, not a denial); an unknown condition
 * key or a resource not of a type the action applies to is a warning.
 */
export function validateRequest(cat: Catalog, req: CatalogRequest, path: Path = ['request']): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (isPattern(req.action)) return out; // the engine reports a pattern
  const problem = actionProblem(cat, req.action);
  if (problem !== undefined) {
    out.push(error('unknown-action', [...path, 'action'], problem.message, problem.hint));
    return out;
  }
  const a = cat.action(req.action);
  for (const key of Object.keys(req.context ?? {})) {
    const kp = conditionKeyProblem(cat, key);
    if (kp !== undefined) out.push(warning('unknown-condition-key', [...path, 'context', key], `${kp.message}: no policy condition can match it as intended`, kp.hint));
  }
  const r = req.resource;
  if (a === undefined || r === undefined || r === '' || r === '*' || !r.startsWith('arn:')) return out;
  const svc = cat.service(a.service)!;
  if (a.resourceTypes.length === 0) {
    out.push(warning('resource-type-mismatch', [...path, 'resource'], `\`${a.action}\` takes no resource (its policies use \`Resource: "*"\`), but the request names \`${r}\``, 'leave the resource out'));
    return out;
  }
  const types = a.resourceTypes.map((t) => svc.resourceTypes.get(t.name.toLowerCase())).filter((t) => t !== undefined);
  // resource types of other services (an action on another service's resource) are not checked
  if (types.length < a.resourceTypes.length || types.some((t) => t.matches(r))) return out;
  const example = types.reduce((x, y) => (y.arn.length < x.arn.length ? y : x));
  out.push(warning('resource-type-mismatch', [...path, 'resource'], `\`${r}\` is not a resource \`${a.action}\` applies to (${types.map((t) => t.name).join(', ')})`, `e.g. \`${example.arn}\``));
  return out;
}
