// Fix suggestions as data (STYLE.md item 17): immer patches against the scenario that
// `applyScenarioPatches` (@vpcsim/model) applies; applied, the blocker no longer blocks.
// Written for settings vpcsim can change safely: rules of declared security groups and network
// ACLs, the source/destination check of declared instances and interfaces, and the status of a
// declared peering connection, a route in a declared route table, a propagation in a transit
// gateway route table, appliance mode on a transit gateway's VPC attachment. Implicit resources (a VPC's default group or ACL when not
// declared) have no patch: the fix stays in words.
import { maxOf, type Model } from '@vpcsim/model';
import type { ScenarioPatch } from './trace-types.js';
import { protocolName } from './traffic.js';

/** Positions of declared resources in the scenario's lists, and what patches a trace already wrote. */
export interface PatchState {
  readonly model: Model;
  /** `list|id` to index (shared per model, built on first use). */
  index?: Map<string, number>;
  /** Arrays a patch of this trace created (`path` joined): later rules are appended to them. */
  readonly created: Map<string, number>;
  /** Rule numbers a patch of this trace took, per `acl|direction`. */
  readonly taken: Map<string, Set<number>>;
  /**
   * When set, patches already written by this trace, by what they do: the same fix asked twice
   * (two targets of a load balancer behind one security group) is the same patch, applied once.
   */
  readonly written?: Map<string, ScenarioPatch[]> | undefined;
}

export const newPatchState = (model: Model, options: { readonly once?: boolean } = {}): PatchState => ({ model, created: new Map(), taken: new Map(), written: options.once ? new Map() : undefined });

/** The patch written for `key` earlier in this trace, else the one `make` writes now. */
function once(st: PatchState, key: string, make: () => ScenarioPatch[] | undefined): ScenarioPatch[] | undefined {
  const seen = st.written?.get(key);
  if (seen) return seen;
  const p = make();
  if (p && st.written) st.written.set(key, p);
  return p;
}

type Lists = 'securityGroups' | 'networkAcls' | 'instances' | 'networkInterfaces' | 'vpcPeeringConnections' | 'targetGroups' | 'loadBalancers' | 'routeTables' | 'transitGateways';

/** Scenario positions per model, built once (a trace with blockers must not scan the scenario). */
const positions = new WeakMap<Model, Map<string, number>>();

function indexOf(st: PatchState, list: Lists, id: string): number | undefined {
  if (!st.index) {
    let m = positions.get(st.model);
    if (!m) {
      m = new Map<string, number>();
      const sc = st.model.scenario as unknown as Record<Lists, { id: string }[] | undefined>;
      for (const l of ['securityGroups', 'networkAcls', 'instances', 'networkInterfaces', 'vpcPeeringConnections', 'targetGroups', 'loadBalancers', 'routeTables', 'transitGateways'] as const) {
        (sc[l] ?? []).forEach((x, k) => m!.set(`${l}|${x.id}`, k));
      }
      positions.set(st.model, m);
    }
    st.index = m;
  }
  return st.index.get(`${list}|${id}`);
}

/** A patch appending `value` to the array at `path`, creating the array when the scenario left it out. */
function append(st: PatchState, owner: Record<string, unknown>, path: (string | number)[], key: string, value: unknown): ScenarioPatch {
  const full = [...path, key];
  const at = full.join('|');
  const existing = owner[key] as unknown[] | undefined;
  const made = st.created.get(at);
  if (existing === undefined && made === undefined) {
    st.created.set(at, 1);
    return { op: 'add', path: full, value: [value] };
  }
  const len = (existing?.length ?? 0) + (made ?? 0);
  st.created.set(at, (made ?? 0) + 1);
  return { op: 'add', path: [...full, len], value };
}

interface Traffic {
  readonly proto: number;
  readonly port: number;
  readonly icmpType: number;
}

function ruleTraffic(t: Traffic, ports: string | number): Record<string, unknown> {
  const protocol = protocolName(t.proto).toLowerCase();
  if (t.proto === 6 || t.proto === 17) return { protocol, ports };
  if (t.proto === 1 || t.proto === 58) return { protocol, icmpType: t.icmpType, icmpCode: -1 };
  return { protocol };
}

/** Allows `traffic` from/to `peer` (a /32 or /128) in a declared security group. */
export function sgAllowPatch(st: PatchState, group: string, inbound: boolean, t: Traffic, peer: string): ScenarioPatch[] | undefined {
  return sgRulePatch(st, group, inbound, t, { cidr: peer });
}

/** Allows `traffic` from/to the members of security group `peerGroup` (a group reference) in a declared security group. */
export function sgAllowGroupPatch(st: PatchState, group: string, inbound: boolean, t: Traffic, peerGroup: string): ScenarioPatch[] | undefined {
  return sgRulePatch(st, group, inbound, t, { securityGroup: peerGroup });
}

function sgRulePatch(st: PatchState, group: string, inbound: boolean, t: Traffic, peer: { cidr: string } | { securityGroup: string }): ScenarioPatch[] | undefined {
  const i = indexOf(st, 'securityGroups', group);
  if (i === undefined) return undefined;
  const rule = { ...ruleTraffic(t, t.port), ...peer };
  return once(st, `sg|${group}|${inbound}|${JSON.stringify(rule)}`, () => {
    const g = (st.model.scenario.securityGroups ?? [])[i] as unknown as Record<string, unknown>;
    return [append(st, g, ['securityGroups', i], inbound ? 'inbound' : 'outbound', rule)];
  });
}

/** Sets a field of a declared target group or load balancer (`crossZone: true`). */
export function fieldPatch(st: PatchState, list: 'targetGroups' | 'loadBalancers', id: string, key: string, value: unknown): ScenarioPatch[] | undefined {
  const i = indexOf(st, list, id);
  return i === undefined ? undefined : once(st, `${list}|${id}|${key}`, () => [{ op: 'add', path: [list, i, key], value }]);
}

/**
 * Allows `traffic` from/to `peer` in a declared network ACL, numbered just below the rule that
 * denied it (`denying`), or after every rule when the final `*` rule denied it.
 */
export function naclAllowPatch(st: PatchState, acl: string, inbound: boolean, t: Traffic, peer: string, denying: number | undefined, reply: boolean): ScenarioPatch[] | undefined {
  const i = indexOf(st, 'networkAcls', acl);
  if (i === undefined) return undefined;
  return once(st, `acl|${acl}|${inbound}|${JSON.stringify(ruleTraffic(t, reply && t.port >= 1024 ? '1024-65535' : t.port))}|${peer}|${denying ?? '*'}`, () => naclRule(st, i, acl, inbound, t, peer, denying, reply));
}

function naclRule(st: PatchState, i: number, acl: string, inbound: boolean, t: Traffic, peer: string, denying: number | undefined, reply: boolean): ScenarioPatch[] | undefined {
  const a = (st.model.scenario.networkAcls ?? [])[i] as unknown as Record<string, unknown>;
  const key = inbound ? 'inbound' : 'outbound';
  const rules = (a[key] as { rule: number }[] | undefined) ?? [];
  const takenKey = `${acl}|${key}`;
  let taken = st.taken.get(takenKey);
  if (!taken) st.taken.set(takenKey, (taken = new Set()));
  const used = new Set([...rules.map((r) => r.rule), ...taken]);
  let n: number | undefined;
  if (denying === undefined) {
    for (let k = maxOf(used, 0) + 1; k <= 32766 && n === undefined; k++) if (!used.has(k)) n = k;
    for (let k = 1; k <= 32766 && n === undefined; k++) if (!used.has(k)) n = k;
  } else {
    for (let k = denying - 1; k >= 1 && n === undefined; k--) if (!used.has(k)) n = k;
  }
  if (n === undefined) return undefined;
  taken.add(n);
  return [append(st, a, ['networkAcls', i], key, { rule: n, ...ruleTraffic(t, reply && t.port >= 1024 ? '1024-65535' : t.port), cidr: peer, action: 'allow' })];
}

/** Turns off the source/destination check of a declared instance or interface (`<instance>/eth0` names the instance). */
export function sourceDestCheckPatch(st: PatchState, ifaceId: string): ScenarioPatch[] | undefined {
  const ni = indexOf(st, 'networkInterfaces', ifaceId);
  if (ni !== undefined) return [{ op: 'add', path: ['networkInterfaces', ni, 'sourceDestCheck'], value: false }];
  const owner = st.model.index.networkInterface.get(ifaceId)?.owner;
  if (owner?.kind !== 'instance' || !owner.primary) return undefined;
  const ii = indexOf(st, 'instances', owner.instance);
  return ii === undefined ? undefined : [{ op: 'add', path: ['instances', ii, 'sourceDestCheck'], value: false }];
}

/** Marks a declared peering connection active. */
export function peeringActivePatch(st: PatchState, id: string): ScenarioPatch[] | undefined {
  const i = indexOf(st, 'vpcPeeringConnections', id);
  return i === undefined ? undefined : [{ op: 'add', path: ['vpcPeeringConnections', i, 'status'], value: 'active' }];
}

/** Adds the route `destination → target` to a declared route table (an implicit main table has no patch). */
export function routePatch(st: PatchState, table: string, destination: string, target: string): ScenarioPatch[] | undefined {
  const i = indexOf(st, 'routeTables', table);
  if (i === undefined) return undefined;
  return once(st, `route|${table}|${destination}`, () => {
    const t = (st.model.scenario.routeTables ?? [])[i] as unknown as Record<string, unknown>;
    return [append(st, t, ['routeTables', i], 'routes', { destination, target })];
  });
}

/** Adds attachment `attachment` to the propagations of route table `table` of a declared transit gateway. */
export function tgwPropagationPatch(st: PatchState, tgw: string, table: string, attachment: string): ScenarioPatch[] | undefined {
  const i = indexOf(st, 'transitGateways', tgw);
  if (i === undefined) return undefined;
  const g = (st.model.scenario.transitGateways ?? [])[i] as unknown as { routeTables?: { id: string }[] };
  const j = (g.routeTables ?? []).findIndex((t) => t.id === table);
  if (j < 0) return undefined;
  return once(st, `propagation|${tgw}|${table}|${attachment}`, () => [append(st, (g.routeTables ?? [])[j] as unknown as Record<string, unknown>, ['transitGateways', i, 'routeTables', j], 'propagations', attachment)]);
}

/**
 * Turns on appliance mode on VPC attachment `attachment` of a declared transit gateway (the TGW
 * then keeps both directions of a flow on one AZ's interface of that attachment):
 * https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-appliance-scenario.html
 */
export function applianceModePatch(st: PatchState, tgw: string, attachment: string): ScenarioPatch[] | undefined {
  const i = indexOf(st, 'transitGateways', tgw);
  if (i === undefined) return undefined;
  const g = (st.model.scenario.transitGateways ?? [])[i] as unknown as { attachments?: { id: string }[] };
  const j = (g.attachments ?? []).findIndex((a) => a.id === attachment);
  return j < 0 ? undefined : once(st, `appliance-mode|${tgw}|${attachment}`, () => [{ op: 'add', path: ['transitGateways', i, 'attachments', j, 'applianceMode'], value: true }]);
}
