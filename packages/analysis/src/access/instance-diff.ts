// Requests sent from instances, compared between two versions of a scenario: every declared
// instance with an instance profile, sending (as its role's session) every action its role's
// policies and the resource policies name, on every resource they name, over each version's
// network path (`request`, as `vpcsim can --from` does). A route table that loses the S3
// endpoint's prefix list moves a request from the gateway endpoint to the NAT gateway, and a
// bucket policy pinned to aws:SourceVpce refuses it: the network diff sees the same packets
// reach S3, the IAM diff sees the same policies; only this join sees the request flip.
// https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies-vpc-endpoint.html
import { expandPrincipal, type Model } from '@vpcsim/model';
import { request, type RequestResult } from '../request.js';
import { COMMON_ACTIONS } from '../iam-space.js';
import { globToRegExp } from '../selectors.js';
import { Attachments } from './attachments.js';
import { catalogActionSource } from './action-source.js';
import { admitsAction } from './conditions.js';
import { listOf, statementLabel } from './policies.js';
import { resourceCandidates } from './resources.js';

/** One side of a request sent from an instance. */
export interface InstanceRequestSide {
  readonly decision: string;
  /** How it reached the service (`gateway-endpoint`, `interface-endpoint`, `internet`), or `none`. */
  readonly via: string;
  readonly endpoint?: string | undefined;
  readonly decisive: readonly string[];
  /** Why it did not arrive, when it did not. */
  readonly reason?: string | undefined;
}

/** A request from an instance whose outcome changed. */
export interface InstanceRequestChange {
  readonly from: string;
  readonly principal: string;
  readonly action: string;
  readonly resource?: string | undefined;
  readonly before: InstanceRequestSide;
  readonly after: InstanceRequestSide;
}

/** Requests from instances, compared. */
export interface InstanceRequestDiff {
  readonly compared: number;
  readonly changed: readonly InstanceRequestChange[];
  readonly truncated: boolean;
}

const glob = (s: string): boolean => /[*?]/.test(s);

/** The actions and resources an instance's requests are tried with: what its role's policies and the resource policies name. */
function requestsOf(model: Model, role: string, known: readonly string[]): { actions: string[]; resources: string[] } {
  const att = new Attachments(model);
  const statements = [...att.principalSide(role), ...att.resourceSide.filter((s) => s.side === 'resource')];
  const actions = new Set<string>();
  for (const s of statements)
    for (const a of listOf(s.statement.Action)) {
      if (!glob(a)) actions.add(a);
      else for (const k of known) if (admitsAction({ Effect: 'Allow', Action: a }, k)) actions.add(k);
    }
  const candidates = resourceCandidates(model);
  const resources = new Set<string>();
  for (const s of statements)
    for (const r of listOf(s.statement.Resource)) {
      if (r === '*' || r.includes('${')) continue;
      if (!glob(r)) resources.add(r);
      else {
        const re = globToRegExp(r);
        for (const c of candidates) if (re.test(c)) resources.add(c);
      }
    }
  return { actions: [...actions].sort(), resources: [...resources].sort() };
}

function sideOf(r: RequestResult): InstanceRequestSide {
  const n = r.network;
  return {
    decision: r.decision.decision,
    via: n ? (n.reached ? (n.via ?? 'none') : 'none') : 'none',
    ...(n?.endpoint ? { endpoint: n.endpoint } : {}),
    decisive: r.decision.decisive.map((d) => statementLabel(d.policy, d.statement, d.sid)),
    ...(n?.reason ? { reason: n.reason } : {}),
  };
}

const same = (x: InstanceRequestSide, y: InstanceRequestSide): boolean => x.decision === y.decision && x.via === y.via && x.endpoint === y.endpoint;

/** Compares every instance's requests between two versions; see the module header. */
export function diffInstanceRequests(before: Model, after: Model, options: { readonly maxRequests?: number | undefined } = {}): InstanceRequestDiff {
  const max = options.maxRequests ?? 50_000;
  const instances = new Map<string, { profile: string; account: string }>();
  for (const m of [before, after]) for (const i of m.network.instances) if (i.instanceProfile && !instances.has(i.id)) instances.set(i.id, { profile: i.instanceProfile, account: i.account });
  const known = [...COMMON_ACTIONS];
  const catalogue = catalogActionSource();
  const changed: InstanceRequestChange[] = [];
  let compared = 0;
  for (const [id, { profile, account }] of instances) {
    const role = expandPrincipal(profile.includes('/') || profile.startsWith('arn:') ? profile : `role/${profile}`, account);
    if (!role || (role.kind !== 'role' && role.kind !== 'assumed-role')) continue;
    const roleText = role.kind === 'role' ? role.arn : `arn:aws:iam::${role.account}:role/${role.name}`;
    const a = requestsOf(before, roleText, known);
    const b = requestsOf(after, roleText, known);
    const actions = [...new Set([...a.actions, ...b.actions])];
    const resources = [...new Set([...a.resources, ...b.resources])];
    const has = { before: before.network.instances.some((i) => i.id === id), after: after.network.instances.some((i) => i.id === id) };
    for (const action of actions) {
      const service = action.split(':')[0]!.toLowerCase();
      // the resources of its service it acts on (AWS's catalogue: s3:ListBucket a bucket, s3:GetObject an object)
      const mine = resources.filter((r) => (r.split(':')[2] ?? '') === service && catalogue.appliesTo!(action, r) !== false);
      for (const resource of mine.length > 0 ? mine : [undefined]) {
        if (compared >= max) return { compared, changed, truncated: true };
        compared++;
        const spec = { from: id, action, ...(resource !== undefined ? { resource } : {}) };
        const x: InstanceRequestSide = has.before ? sideOf(request(before, spec)) : { decision: 'not-in-before', via: 'none', decisive: [] };
        const y: InstanceRequestSide = has.after ? sideOf(request(after, spec)) : { decision: 'not-in-after', via: 'none', decisive: [] };
        // a change a reviewer acts on: allowed on one side only, or allowed on both by another path
        if (same(x, y) || (x.decision !== 'allowed' && y.decision !== 'allowed')) continue;
        changed.push({ from: id, principal: `role/${role.name}/${id}`, action, ...(resource !== undefined ? { resource } : {}), before: x, after: y });
      }
    }
  }
  return { compared, changed, truncated: false };
}
