// The ids of a scenario, indexed once: kind, path and value of every network resource,
// including the implicit per-VPC resources and instances' primary interfaces.
import { didYouMean, error, type Diagnostic, type Path } from '../diagnostic.js';
import type { ComponentKind } from '../model.js';
import type { Scenario } from '../schema/index.js';

/** How people name each kind in messages. */
export const KIND_NAMES: Record<ComponentKind, string> = {
  vpc: 'VPC',
  subnet: 'subnet',
  'route-table': 'route table',
  'network-acl': 'network ACL',
  'security-group': 'security group',
  'network-interface': 'network interface',
  instance: 'instance',
  'internet-gateway': 'internet gateway',
  'egress-only-internet-gateway': 'egress-only internet gateway',
  'nat-gateway': 'NAT gateway',
  'vpc-peering-connection': 'VPC peering connection',
  'vpc-endpoint': 'VPC endpoint',
  'prefix-list': 'prefix list',
  'transit-gateway': 'transit gateway',
  'transit-gateway-route-table': 'transit gateway route table',
  'transit-gateway-attachment': 'transit gateway attachment',
  'vpn-gateway': 'virtual private gateway',
  'customer-gateway': 'customer gateway',
  'vpn-connection': 'VPN connection',
  'external-network': 'external network',
  'load-balancer': 'load balancer',
  'target-group': 'target group',
  'gateway-load-balancer-endpoint': 'Gateway Load Balancer endpoint',
  'direct-connect-connection': 'Direct Connect connection',
  'direct-connect-gateway': 'Direct Connect gateway',
  'virtual-interface': 'virtual interface',
};

/** `a` or `an` before a kind name. */
export const article = (s: string): string => (/^[aeiou]/i.test(s) ? `an ${s}` : `a ${s}`);

/** One registered id. */
export interface Entry {
  readonly id: string;
  readonly kind: ComponentKind;
  readonly path: Path;
  /** The declaring object (undefined for implicit resources). */
  readonly value: unknown;
  /** The VPC it belongs to, when it belongs to one. */
  readonly vpc?: string | undefined;
  readonly implicit?: boolean;
  /** Where the id is written when the path is not its object's (`primaryInterfaceId`): the path itself. */
  readonly atPath?: boolean;
}

/** The id index plus the diagnostics list the checks append to. */
export class Registry {
  readonly byId = new Map<string, Entry>();
  readonly byKind = new Map<ComponentKind, string[]>();
  readonly out: Diagnostic[] = [];

  add(e: Entry): void {
    const prev = this.byId.get(e.id);
    if (prev && e.implicit) return; // two VPCs with one id: reported once, at the VPC
    if (prev) {
      this.out.push(
        error(
          'duplicate-id',
          e.atPath ? e.path : [...e.path, 'id'],
          `duplicate id \`${e.id}\`: already used by ${article(KIND_NAMES[prev.kind])}${prev.implicit ? ' (implicit)' : ''}`,
          prev.implicit ? `\`${e.id}\` is the id of an implicit resource: choose another id` : 'ids are unique across all network resources',
        ),
      );
      return;
    }
    this.byId.set(e.id, e);
    let list = this.byKind.get(e.kind);
    if (!list) this.byKind.set(e.kind, (list = []));
    list.push(e.id);
  }

  /**
   * Resolves `id` as one of `kinds` at `path`; reports an unknown id (with a did-you-mean over
   * ids of those kinds) or a wrong kind. `what` names the expected thing in messages.
   */
  ref(path: Path, id: string, kinds: readonly ComponentKind[], what = KIND_NAMES[kinds[0]!]): Entry | undefined {
    const e = this.byId.get(id);
    if (e && kinds.includes(e.kind)) return e;
    if (e) {
      this.out.push(error('wrong-kind', path, `\`${id}\` is ${article(KIND_NAMES[e.kind])}, not ${article(what)}`, this.suggest(id, kinds)));
      return undefined;
    }
    this.out.push(error('unknown-reference', path, `unknown ${what} \`${id}\``, this.suggest(id, kinds)));
    return undefined;
  }

  /** Hints computed so far: past a bound, big broken files skip the did-you-mean search. */
  private suggestions = 0;

  suggest(id: string, kinds: readonly ComponentKind[]): string | undefined {
    if (++this.suggestions > 200) return undefined;
    const cands: string[] = [];
    for (const k of kinds) for (const c of this.byKind.get(k) ?? []) cands.push(c);
    if (cands.length === 0) return undefined;
    const guess = didYouMean(id, cands);
    if (guess !== undefined) return `did you mean \`${guess}\`?`;
    return cands.length <= 5 ? `declared: ${cands.map((c) => `\`${c}\``).join(', ')}` : undefined;
  }
}

/** The implicit ids of a VPC. */
export const implicitIds = (vpc: string): { mainRtb: string; defaultAcl: string; defaultSg: string } => ({
  mainRtb: `${vpc}/main-rtb`,
  defaultAcl: `${vpc}/default-acl`,
  defaultSg: `${vpc}/default-sg`,
});

/** Registers every network id of the scenario. */
export function buildRegistry(s: Scenario): Registry {
  const r = new Registry();
  const each = <T extends { id: string }>(list: readonly T[] | undefined, key: string, kind: ComponentKind, vpcOf?: (t: T) => string | undefined): void => {
    (list ?? []).forEach((v, i) => r.add({ id: v.id, kind, path: [key, i], value: v, vpc: vpcOf?.(v) }));
  };
  const subnetVpc = new Map((s.subnets ?? []).map((n) => [n.id, n.vpc]));
  // Implicit resources exist only where none is declared (normalize.ts materializes them);
  // registered first, so a declared id that collides is the one reported.
  const hasMain = new Set((s.routeTables ?? []).filter((t) => t.main).map((t) => t.vpc));
  const hasAcl = new Set((s.networkAcls ?? []).filter((t) => t.default).map((t) => t.vpc));
  const hasSg = new Set((s.securityGroups ?? []).filter((t) => t.default).map((t) => t.vpc));
  (s.vpcs ?? []).forEach((v, i) => {
    const ids = implicitIds(v.id);
    const path: Path = ['vpcs', i];
    if (!hasMain.has(v.id)) r.add({ id: ids.mainRtb, kind: 'route-table', path, value: undefined, vpc: v.id, implicit: true });
    if (!hasAcl.has(v.id)) r.add({ id: ids.defaultAcl, kind: 'network-acl', path, value: undefined, vpc: v.id, implicit: true });
    if (!hasSg.has(v.id)) r.add({ id: ids.defaultSg, kind: 'security-group', path, value: undefined, vpc: v.id, implicit: true });
  });
  (s.instances ?? []).forEach((inst, i) => {
    r.add({ id: `${inst.id}/eth0`, kind: 'network-interface', path: ['instances', i], value: inst, vpc: subnetVpc.get(inst.subnet), implicit: true });
  });
  (s.natGateways ?? []).forEach((g, i) => r.add({ id: `${g.id}/eni`, kind: 'network-interface', path: ['natGateways', i], value: undefined, vpc: subnetVpc.get(g.subnet), implicit: true }));
  each(s.vpcs, 'vpcs', 'vpc', (v) => v.id);
  each(s.subnets, 'subnets', 'subnet', (v) => v.vpc);
  each(s.routeTables, 'routeTables', 'route-table', (v) => v.vpc);
  each(s.networkAcls, 'networkAcls', 'network-acl', (v) => v.vpc);
  each(s.securityGroups, 'securityGroups', 'security-group', (v) => v.vpc);
  each(s.networkInterfaces, 'networkInterfaces', 'network-interface', (v) => subnetVpc.get(v.subnet));
  each(s.instances, 'instances', 'instance', (v) => subnetVpc.get(v.subnet));
  // an instance's primary interface by its AWS id names `<instance>/eth0` (a duplicate is an error there)
  (s.instances ?? []).forEach((inst, i) => {
    if (inst.primaryInterfaceId !== undefined) r.add({ id: inst.primaryInterfaceId, kind: 'network-interface', path: ['instances', i, 'primaryInterfaceId'], value: inst, vpc: subnetVpc.get(inst.subnet), atPath: true });
  });
  each(s.internetGateways, 'internetGateways', 'internet-gateway', (v) => v.vpc);
  each(s.egressOnlyInternetGateways, 'egressOnlyInternetGateways', 'egress-only-internet-gateway', (v) => v.vpc);
  each(s.natGateways, 'natGateways', 'nat-gateway', (v) => subnetVpc.get(v.subnet));
  each(s.vpcPeeringConnections, 'vpcPeeringConnections', 'vpc-peering-connection');
  (s.vpcEndpoints ?? []).forEach((v, i) =>
    r.add({ id: v.id, kind: v.type === 'gatewayLoadBalancer' ? 'gateway-load-balancer-endpoint' : 'vpc-endpoint', path: ['vpcEndpoints', i], value: v, vpc: v.vpc }),
  );
  each(s.prefixLists, 'prefixLists', 'prefix-list');
  each(s.transitGateways, 'transitGateways', 'transit-gateway');
  (s.transitGateways ?? []).forEach((t, ti) => {
    (t.routeTables ?? []).forEach((rt, i) => r.add({ id: rt.id, kind: 'transit-gateway-route-table', path: ['transitGateways', ti, 'routeTables', i], value: { ...rt, tgw: t.id } }));
    (t.attachments ?? []).forEach((a, i) => r.add({ id: a.id, kind: 'transit-gateway-attachment', path: ['transitGateways', ti, 'attachments', i], value: { ...a, tgw: t.id }, vpc: a.vpc }));
  });
  each(s.vpnGateways, 'vpnGateways', 'vpn-gateway', (v) => v.vpc);
  each(s.customerGateways, 'customerGateways', 'customer-gateway');
  each(s.vpnConnections, 'vpnConnections', 'vpn-connection');
  each(s.externalNetworks, 'externalNetworks', 'external-network');
  each(s.loadBalancers, 'loadBalancers', 'load-balancer', (v) => subnetVpc.get(v.subnets[0] ?? ''));
  each(s.targetGroups, 'targetGroups', 'target-group', (v) => v.vpc);
  (s.directConnect?.connections ?? []).forEach((v, i) => r.add({ id: v.id, kind: 'direct-connect-connection', path: ['directConnect', 'connections', i], value: v }));
  (s.directConnect?.gateways ?? []).forEach((v, i) => r.add({ id: v.id, kind: 'direct-connect-gateway', path: ['directConnect', 'gateways', i], value: v }));
  (s.directConnect?.virtualInterfaces ?? []).forEach((v, i) => r.add({ id: v.id, kind: 'virtual-interface', path: ['directConnect', 'virtualInterfaces', i], value: v }));

  return r;
}
