// Requests across the network: an API call made by code on an instance, traced over the VPC
// to the AWS service, then judged by IAM with the context the path gives it.
//
// AWS facts used here:
// - Instance credentials are a session of the instance profile's role, named by the instance
//   id: arn:aws:sts::ACCOUNT:assumed-role/ROLE/i-... 
//   https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html
// - aws:SourceIp is the public address a request comes from; it is absent when the request
//   goes through a VPC endpoint, where aws:SourceVpc, aws:SourceVpce and aws:VpcSourceIp are
//   present instead. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
//   https://docs.aws.amazon.com/kms/latest/developerguide/vpce-policy-condition.html
// - A VPC endpoint's policy is one more gate on every request through it; with no policy the
//   endpoint allows all. https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
// - Gateway endpoints reach the service in their own region only.
//   https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
import { error, expandPrincipal, type Diagnostic, type Model, type RequestSpec } from '@vpcsim/model';
import { evaluate, type Decision } from '@vpcsim/iam';
import { trace, type ServiceAccess, type Trace } from '@vpcsim/net';

/** Whether and how the request reached the service. */
export interface RequestNetwork {
  readonly reached: boolean;
  /** The trace's disposition (e.g. `exits-service`, `no-route`). */
  readonly disposition: string;
  readonly via?: ServiceAccess['via'] | undefined;
  readonly endpoint?: string | undefined;
  /** Context keys the path supplied (`aws:SourceIp`, `aws:SourceVpce`, ...). */
  readonly context: Readonly<Record<string, string>>;
  /** Why it did not arrive, when it did not. */
  readonly reason?: string | undefined;
}

/** The answer to a request: the IAM decision and, for requests sent `from` an instance, the path. */
export interface RequestResult {
  readonly decision: Decision;
  /** The network path to the service (requests with `from`). */
  readonly trace?: Trace | undefined;
  readonly network?: RequestNetwork | undefined;
  /** The principal the request was judged as (expanded). */
  readonly principal: string;
  readonly errors: readonly Diagnostic[];
}

/** The service prefix of an action: `s3:GetObject` → `s3`. */
function serviceOf(action: string): string | undefined {
  const i = action.indexOf(':');
  return i > 0 ? action.slice(0, i).toLowerCase() : undefined;
}

/** The region a resource ARN lives in, from the ARN or the scenario's resource entry. */
function regionOf(model: Model, resource: string | undefined): string | undefined {
  if (!resource) return undefined;
  const parts = resource.split(':');
  if (parts[3]) return parts[3];
  const bucket = resource.split('/')[0]!;
  const declared = (model.scenario.resources ?? []).find((r) => r.arn === resource || r.arn === bucket);
  return declared?.region ?? model.defaults.region;
}

function failed(principal: string, why: string, errors: Diagnostic[], extra: Partial<RequestResult> = {}): RequestResult {
  return {
    principal,
    decision: { decision: 'implicitly-denied', decisive: [], explain: [], errors, context: {}, principal },
    errors: errors.length > 0 ? errors : [error('request-not-delivered', ['request'], why)],
    ...extra,
  };
}

/**
 * Judges a request. With `from`, the request is first sent over the network from that
 * instance (or interface) to the service; its credentials default to the instance profile's
 * role session, and the path fills the network condition keys and brings in the endpoint
 * policy. A request that never arrives is `implicitly-denied` with `network.reached: false`
 * and the reason.
 */
export function request(model: Model, spec: RequestSpec): RequestResult {
  const account = model.defaults.account;
  if (!spec.from) {
    const principal = spec.principal ?? '';
    const decision = evaluate(model, { principal, action: spec.action, resource: spec.resource, context: spec.context });
    return { decision, principal, errors: decision.errors };
  }

  // The instance behind `from`, and the credentials it uses.
  const iface = model.index.networkInterface.get(spec.from) ?? model.index.networkInterface.get(`${spec.from}/eth0`);
  const instanceId = iface?.owner.kind === 'instance' ? iface.owner.instance : undefined;
  const instance = instanceId ? model.index.instance.get(instanceId) : model.index.instance.get(spec.from);
  let principal = spec.principal;
  if (principal === undefined) {
    const profile = instance?.instanceProfile;
    if (!instance || !profile) {
      return failed('', 'no credentials', [
        error(
          'request-no-principal',
          ['request', 'principal'],
          instance ? `instance \`${instance.id}\` has no instance profile, so its requests carry no credentials` : `\`${spec.from}\` is not an instance, so it has no instance profile`,
          'give `principal`, or set `instanceProfile: role/NAME` on the instance',
        ),
      ]);
    }
    const role = expandPrincipal(profile.includes('/') || profile.startsWith('arn:') ? profile : `role/${profile}`, instance.account);
    if (!role || (role.kind !== 'role' && role.kind !== 'assumed-role')) {
      return failed('', 'bad instance profile', [error('request-bad-instance-profile', ['instances'], `instance profile \`${profile}\` of \`${instance.id}\` is not a role`, 'write it as `role/NAME`')]);
    }
    principal = role.kind === 'role' ? `arn:aws:sts::${role.account}:assumed-role/${role.name}/${instance.id}` : role.arn;
  }

  const path = networkPath(model, spec.from, spec.action, spec.resource);
  if (!path.ok) return failed(principal, path.why, path.errors, { ...(path.trace ? { trace: path.trace } : {}), ...(path.network ? { network: path.network } : {}) });
  const { trace: t, derived, endpoint } = path;

  // Context from the path; it overrides what the request spec claims for these keys.
  const context: Record<string, string | number | boolean | (string | number | boolean)[]> = {};
  for (const [k, v] of Object.entries(spec.context ?? {})) if (!NETWORK_KEYS.has(k.toLowerCase())) context[k] = v;
  Object.assign(context, derived);
  const decision = evaluate(model, { principal, action: spec.action, resource: spec.resource, context, endpoint });
  return {
    decision,
    trace: t,
    principal: decision.principal || principal,
    network: path.network,
    errors: decision.errors,
  };
}

/** Context keys a request's network path decides: what the request itself claims for them is ignored. */
export const NETWORK_KEYS: ReadonlySet<string> = new Set(['aws:sourceip', 'aws:sourcevpc', 'aws:sourcevpce', 'aws:vpcsourceip']);

/** The network half of a request sent from an instance: how it reaches the service, and what the path adds. */
export type NetworkPath =
  | { readonly ok: false; readonly why: string; readonly errors: Diagnostic[]; readonly trace?: Trace | undefined; readonly network?: RequestNetwork | undefined }
  | {
      readonly ok: true;
      readonly trace: Trace;
      readonly network: RequestNetwork;
      /** The context keys the path supplies (`aws:SourceIp`, or `aws:SourceVpc`/`aws:SourceVpce`/`aws:VpcSourceIp`). */
      readonly derived: Readonly<Record<string, string>>;
      /** The endpoint the request goes through, with its policy: one more IAM gate. */
      readonly endpoint?: { readonly id: string; readonly policy?: unknown } | undefined;
    };

/**
 * Sends a request for `action` on `resource` from an instance or interface to the service's
 * HTTPS endpoint (tcp/443): the path, and the context and endpoint policy it gives the request.
 * The same for every principal: `request` judges one, `whoCan --from` every class.
 */
export function networkPath(model: Model, from: string, action: string, resource: string | undefined): NetworkPath {
  const service = serviceOf(action);
  if (!service) return { ok: false, why: 'bad action', errors: [error('request-bad-action', ['request', 'action'], `\`${action}\` is not of the form \`service:Action\``)] };

  // Over the network to the service's HTTPS endpoint.
  const t = trace(model, { from, to: `service:${service}`, protocol: 'tcp', port: 443 });
  if (t.errors.length > 0 && t.disposition === 'invalid-flow') return { ok: false, why: 'bad source', errors: [...t.errors], trace: t };
  const access = t.service;
  if (!t.reachable || !access) {
    const reason = `the request never reaches ${service}: the path ends with \`${t.disposition}\`${t.blockedBy ? ` at \`${t.blockedBy}\`` : ''}`;
    return {
      ok: false,
      why: reason,
      errors: [error('request-not-delivered', ['request', 'from'], reason, t.blockers[0]?.fix)],
      trace: t,
      network: { reached: false, disposition: t.disposition, via: access?.via, endpoint: access?.endpoint, context: {}, reason },
    };
  }

  // Gateway endpoints serve their own region only.
  const resourceRegion = regionOf(model, resource);
  if (access.via === 'gateway-endpoint' && resourceRegion && resourceRegion !== access.region) {
    const reason = `gateway endpoint \`${access.endpoint}\` reaches ${service} in ${access.region} only; the resource is in ${resourceRegion}`;
    return {
      ok: false,
      why: reason,
      errors: [error('request-not-delivered', ['request', 'resource'], reason, 'use an interface endpoint or a NAT path for other regions')],
      trace: t,
      network: { reached: false, disposition: 'not-transitive', via: access.via, endpoint: access.endpoint, context: {}, reason },
    };
  }

  const derived: Record<string, string> = {};
  if (access.via === 'internet') {
    if (access.sourceIp) derived['aws:SourceIp'] = access.sourceIp;
  } else {
    if (access.vpc) derived['aws:SourceVpc'] = access.vpc;
    if (access.endpoint) derived['aws:SourceVpce'] = access.endpoint;
    if (access.vpcSourceIp) derived['aws:VpcSourceIp'] = access.vpcSourceIp;
  }
  const e = access.endpoint ? model.index.vpcEndpoint.get(access.endpoint) : undefined;
  return {
    ok: true,
    trace: t,
    network: { reached: true, disposition: t.disposition, via: access.via, endpoint: access.endpoint, context: derived },
    derived,
    endpoint: e ? (e.policy ? { id: e.id, policy: e.policy } : { id: e.id }) : undefined,
  };
}
