// Where two versions of a network differ, and who can be affected: the part of an exhaustive
// diff (diff-network.ts) that keeps its work proportional to the change.
//
// - Every resource of the normalized network is compared by content. A changed resource is
//   placed in the VPCs it names (directly, or through the resources it names or that name it);
//   those VPCs are `changed`. A change vpcsim cannot place marks every VPC.
// - The VPCs, external networks and transit gateways form groups: what peering connections,
//   transit gateways, VPN and Direct Connect join (both versions' links together). A packet
//   leaves its group only through the internet, and arrives in another group only at a public
//   address (an IPv4 public or Elastic IP, or an IPv6 address).
// So a source whose group holds no changed VPC sends exactly as before, except to the public
// addresses of groups that do; the internet likewise.
import type { Model, NetworkModel } from '@vpcsim/model';

/** The changed part of two versions of a network. */
export interface DiffScope {
  /** VPCs whose resources (or resources they depend on) differ between the versions. */
  readonly changed: ReadonlySet<string>;
  /** Every VPC counts as changed (a change that could not be placed, or the defaults changed). */
  readonly all: boolean;
  /** The group of a VPC, external network or transit gateway id (both versions' links). */
  group(id: string): string;
  /** Groups holding a changed VPC. */
  readonly changedGroups: ReadonlySet<string>;
  /** Resources that differ, as `kind id` (for the result's statistics). */
  readonly differing: readonly string[];
}

type Entity = { readonly id?: string } & Record<string, unknown>;
const KINDS = [
  'vpcs',
  'subnets',
  'routeTables',
  'networkAcls',
  'securityGroups',
  'networkInterfaces',
  'instances',
  'internetGateways',
  'egressOnlyInternetGateways',
  'natGateways',
  'vpcPeeringConnections',
  'vpcEndpoints',
  'prefixLists',
  'transitGateways',
  'vpnGateways',
  'customerGateways',
  'vpnConnections',
  'externalNetworks',
  'loadBalancers',
  'targetGroups',
  'gatewayLoadBalancerEndpoints',
  'directConnectConnections',
  'directConnectGateways',
  'virtualInterfaces',
] as const satisfies readonly (keyof NetworkModel)[];

/** Resources that join networks: every VPC, transit gateway or external network one names is in one group with it. */
const CONNECTORS: ReadonlySet<string> = new Set(['vpcPeeringConnections', 'transitGateways', 'vpnGateways', 'customerGateways', 'vpnConnections', 'externalNetworks', 'directConnectConnections', 'directConnectGateways', 'virtualInterfaces']);

/** Every string anywhere in a value (the ids a resource names). */
function strings(x: unknown, out: Set<string>): Set<string> {
  if (typeof x === 'string') out.add(x);
  else if (Array.isArray(x)) for (const y of x) strings(y, out);
  else if (x !== null && typeof x === 'object') for (const k of Object.keys(x)) strings((x as Record<string, unknown>)[k], out);
  return out;
}

interface Version {
  /** `kind|id` → the resource's content. */
  readonly sig: Map<string, string>;
  /** id → the ids it names. */
  readonly names: Map<string, Set<string>>;
  /** VPC of each subnet, interface, instance. */
  readonly vpcOf: Map<string, string>;
  readonly vpcs: Set<string>;
}

function version(m: Model): Version {
  const sig = new Map<string, string>();
  const names = new Map<string, Set<string>>();
  const vpcOf = new Map<string, string>();
  const n = m.network;
  const vpcs = new Set(n.vpcs.map((v) => v.id));
  for (const s of n.subnets) vpcOf.set(s.id, s.vpc);
  for (const i of n.networkInterfaces) {
    const v = vpcOf.get(i.subnet);
    if (v !== undefined) vpcOf.set(i.id, v);
  }
  for (const i of n.instances) {
    const v = i.interfaces.map((x) => vpcOf.get(x)).find((x) => x !== undefined);
    if (v !== undefined) vpcOf.set(i.id, v);
  }
  for (const kind of KINDS) {
    (n[kind] as readonly Entity[]).forEach((e, k) => {
      const id = typeof e.id === 'string' ? e.id : `${kind}#${k}`;
      sig.set(`${kind}|${id}`, JSON.stringify(e, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x)));
      const named = strings(e, new Set());
      named.delete(id);
      names.set(id, named);
    });
  }
  return { sig, names, vpcOf, vpcs };
}

/** The VPCs a resource names directly (itself, a subnet, an interface or an instance of the VPC). */
function direct(id: string, vs: readonly Version[]): Set<string> {
  const out = new Set<string>();
  for (const v of vs) {
    if (v.vpcs.has(id)) out.add(id);
    const own = v.vpcOf.get(id);
    if (own !== undefined) out.add(own);
    for (const x of v.names.get(id) ?? []) {
      if (v.vpcs.has(x)) out.add(x);
      const o = v.vpcOf.get(x);
      if (o !== undefined) out.add(o);
    }
  }
  return out;
}

/** Compares two versions' networks: what changed, and which groups it touches. */
export function diffScope(before: Model, after: Model): DiffScope {
  const vs = [version(before), version(after)] as const;
  // who names whom, both versions
  const namedBy = new Map<string, Set<string>>();
  for (const v of vs)
    for (const [id, named] of v.names)
      for (const x of named) {
        let s = namedBy.get(x);
        if (!s) namedBy.set(x, (s = new Set()));
        s.add(id);
      }
  const differing: string[] = [];
  for (const key of new Set([...vs[0].sig.keys(), ...vs[1].sig.keys()])) if (vs[0].sig.get(key) !== vs[1].sig.get(key)) differing.push(key.replace('|', ' '));
  const changed = new Set<string>();
  let all = JSON.stringify(before.scenario.defaults ?? null) !== JSON.stringify(after.scenario.defaults ?? null);
  for (const d of differing) {
    if (all) break;
    const id = d.slice(d.indexOf(' ') + 1);
    // the VPCs it names; else those of the resources it names or that name it, a few steps out
    let frontier = new Set([id]);
    const seen = new Set([id]);
    let placed = false;
    for (let depth = 0; depth < 4 && frontier.size > 0 && !placed; depth++) {
      const next = new Set<string>();
      for (const x of frontier) {
        const hit = direct(x, vs);
        if (hit.size > 0) {
          placed = true;
          for (const h of hit) changed.add(h);
        }
        for (const v of vs) for (const y of v.names.get(x) ?? []) if (!seen.has(y)) (seen.add(y), next.add(y));
        for (const y of namedBy.get(x) ?? []) if (!seen.has(y)) (seen.add(y), next.add(y));
      }
      frontier = next;
    }
    if (!placed) all = true;
  }

  // groups: union-find over ids, joined by connectors and by VPC membership
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (parent.has(y) && parent.get(y) !== r) {
      const nxt = parent.get(y)!;
      parent.set(y, r);
      y = nxt;
    }
    return r;
  };
  const union = (a: string, b: string): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  for (const [m, v] of [[before, vs[0]], [after, vs[1]]] as const) {
    for (const [x, vpc] of v.vpcOf) union(x, vpc);
    for (const kind of KINDS) {
      if (!CONNECTORS.has(kind)) continue;
      for (const e of m.network[kind] as readonly Entity[]) {
        if (typeof e.id !== 'string') continue;
        for (const x of v.names.get(e.id) ?? []) if (v.vpcs.has(x) || v.vpcOf.has(x) || v.names.has(x)) union(e.id, x);
      }
    }
  }
  const changedGroups = new Set<string>();
  for (const c of changed) changedGroups.add(find(c));
  return { changed, all, group: find, changedGroups, differing };
}
