// Elastic Load Balancing: application, network and classic load balancers (gateway load
// balancers and their endpoints: gateway-load-balancer.ts). A load balancer has a node in each
// of its subnets, an interface AWS manages: it holds a private address (and, internet-facing, a
// public one the internet gateway maps to it), carries the load balancer's security groups
// (none: no check), and answers only its listeners. A connection to a node has two legs: the
// client to the node, ended by a listener (`loadBalancerArrive`), then the node to each target
// of the listener's target group (`targetPlans`, `sendToTarget`, `replyToNode`); the engines
// compose the legs (walk/lb-trace.ts for the tracer, reach.ts for sets of packets).
//
// - Nodes, listeners, schemes: https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html
//   (an internal load balancer's nodes have only private addresses; a listener checks for
//   connection requests on the protocol and port you configure)
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-listeners.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-listener-config.html
// - The load balancer's security groups (inbound from clients; outbound to targets on the
//   listener and health check ports; a network load balancer without groups checks none):
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-security-groups.html
// - The source targets see: the node's private address, or the client's where the client IP is
//   preserved (network target groups; AWS's defaults are the model's `preserveClientIp`):
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html#client-ip-preservation
// - Health: each node checks each target; a node routes only to the healthy targets of the
//   enabled zones; when a target group has only unhealthy targets an application or network
//   load balancer routes to all of them (fails open); a classic one routes only to healthy
//   instances; a target in a zone the load balancer has no node in is unused:
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-healthchecks.html
// - Cross-zone load balancing: with it off, a node sends only to targets in its own zone:
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/how-elastic-load-balancing-works.html#cross-zone-load-balancing
// - Replies of both legs come back through the node that carried the request (the load balancer
//   tracks the connection); an application load balancer as a network load balancer's target:
//   https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html
import { formatIp, parseIp, type Model, type ModelListener, type ModelLoadBalancer, type ModelNetworkInterface } from '@vpcsim/model';
import { hostBlock, inAnyBlock, type CompiledNetwork, type IfaceC, type SgC, type SubnetC, type VpcC } from '../compile-network.js';
import { fieldPatch } from '../fixes.js';
import type { Disposition, ScenarioPatch } from '../trace-types.js';
import type { PatchState } from '../fixes.js';
import { healthCheck } from '../walk/lb-trace.js';
import { startReply } from '../walk/reply.js';
import type { End, FlowState, HeaderMatch, Walk } from '../walk/types.js';
import { crossSubnets } from './network-acl.js';

/** The source port a node opens its own connections from (an ephemeral port AWS chooses; vpcsim uses the tracer's default). */
export const NODE_SOURCE_PORT = 49152;

/** Load balancers nested (an application load balancer behind a network load balancer) at most this deep, in the tracer and the symbolic engine. */
export const MAX_LB_DEPTH = 4;

/** A registered target, compiled. */
export interface TargetC {
  /** The instance id, the address (ip targets) or the application load balancer id. */
  readonly id: string;
  readonly kind: 'instance' | 'ip' | 'alb';
  readonly port: number;
  /** Its zone; `all` for an ip target outside the VPC and for an application load balancer. */
  readonly az: string;
  /** The interface holding its address (instance targets; ip targets an interface of the scenario holds). */
  readonly iface: IfaceC | undefined;
  /** Its IPv4 address (instance and ip targets). */
  readonly addr: number | undefined;
  /** An application load balancer target (resolved once every load balancer is compiled). */
  readonly lb: () => LbC | undefined;
  readonly declaredUnhealthy: boolean;
  readonly declaredHealth: string | undefined;
}

/** A listener and what it sends to. */
export interface ListenerC {
  readonly index: number;
  readonly m: ModelListener;
  /** `HTTPS 443 → tg-web`, `HTTP 80 → instances port 8080`. */
  readonly text: string;
  /** The packets it takes: its port, per IP protocol (TCP_UDP: two). */
  readonly match: readonly HeaderMatch[];
  /** Its target group (undefined for a classic load balancer). */
  readonly group: string | undefined;
  readonly targets: readonly TargetC[];
  readonly crossZone: boolean;
  readonly preserveClientIp: boolean;
  /** Whether the load balancer sends to every target when none is healthy (application and network). */
  readonly failOpen: boolean;
  readonly health: { readonly protocol: string; readonly port: number | 'traffic-port' };
}

/** A load balancer, compiled. */
export interface LbC {
  readonly id: string;
  readonly m: ModelLoadBalancer;
  readonly nodes: readonly IfaceC[];
  readonly listeners: readonly ListenerC[];
}

/** The IP protocols of a listener protocol: UDP, TCP_UDP both, GENEVE UDP, the others TCP. */
const PROTOS: Record<string, readonly number[]> = { UDP: [17], TCP_UDP: [6, 17], GENEVE: [17] };
const protosOf = (p: string): readonly number[] => PROTOS[p] ?? [6];

/** Builds the load balancers and registers their nodes as interfaces of their subnets. */
export function compileLoadBalancers(
  model: Model,
  vpcs: ReadonlyMap<string, VpcC>,
  subnets: ReadonlyMap<string, SubnetC>,
  sgs: ReadonlyMap<string, SgC>,
  ifaces: ReadonlyMap<string, IfaceC>,
  register: (c: IfaceC) => void,
): Map<string, LbC> {
  const out = new Map<string, LbC>();
  for (const lb of model.network.loadBalancers) {
    const nodes: IfaceC[] = [];
    const listeners: ListenerC[] = [];
    const c: LbC = { id: lb.id, m: lb, nodes, listeners };
    out.set(lb.id, c);
    const groups = lb.checksSecurityGroups ? lb.securityGroups : [];
    for (const n of lb.nodes) {
      const vpc = vpcs.get(n.vpc);
      const subnet = subnets.get(n.subnet);
      const a4 = parseIp(n.privateIp);
      if (!vpc || !subnet || a4?.version !== 4) continue; // INVARIANT: validation checks subnets and addresses
      const v6 = n.ipv6Address === undefined ? undefined : parseIp(n.ipv6Address);
      const pub = n.publicIp === undefined ? undefined : parseIp(n.publicIp);
      const m: ModelNetworkInterface = {
        id: n.id, account: lb.account, region: lb.region, subnet: n.subnet, vpc: n.vpc, availabilityZone: n.availabilityZone,
        privateIp: n.privateIp, secondaryPrivateIps: [], publicIp: n.publicIp, ipv6Addresses: n.ipv6Address === undefined ? [] : [n.ipv6Address],
        securityGroups: groups, sourceDestCheck: true, nat: false, stateful: false, owner: { kind: 'interface' }, name: lb.name, tags: lb.tags,
      };
      const addrs6 = v6?.version === 6 ? [v6.value as bigint] : [];
      const priv4 = a4.value as number;
      const node: IfaceC = {
        id: n.id, m, vpc, subnet,
        sgs: groups.map((g) => sgs.get(g) ?? { id: g, inbound: [], outbound: [] }),
        sgIds: new Set(groups),
        priv4, privText: n.privateIp, addrs4: [priv4], addrs6, v6Texts: m.ipv6Addresses,
        pub4: pub?.version === 4 ? (pub.value as number) : undefined,
        hostBlocks: [hostBlock(4, priv4), ...addrs6.map((a) => hostBlock(6, a))],
        priv4Block: hostBlock(4, priv4),
        ownerKind: 'load-balancer', natGateway: undefined, host: n.id, lb: c,
      };
      nodes.push(node);
      register(node);
    }
  }
  for (const c of out.values()) (c.listeners as ListenerC[]).push(...c.m.listeners.map((l, k) => compileListener(model, c, l, k, ifaces, out)));
  return out;
}

function compileListener(model: Model, c: LbC, l: ModelListener, index: number, ifaces: ReadonlyMap<string, IfaceC>, lbs: ReadonlyMap<string, LbC>): ListenerC {
  const lb = c.m;
  const match = protosOf(l.protocol).map((n): HeaderMatch => ({ proto: [n, n], dstPort: [l.port, l.port] }));
  if (lb.type === 'classic') {
    // a classic listener sends to `instancePort` on its instances (their primary interfaces)
    const port = l.instancePort ?? l.port;
    const targets = l.instances.map((id): TargetC => {
      const iface = ifaces.get(model.index.instance.get(id)?.interfaces[0] ?? '');
      return { id, kind: 'instance', port, az: iface?.subnet.az ?? 'all', iface, addr: iface?.priv4, lb: () => undefined, declaredUnhealthy: false, declaredHealth: undefined };
    });
    const hc = lb.healthCheck ?? { protocol: 'TCP', port: 80 };
    return { index, m: l, text: `${l.protocol} ${l.port} → instances port ${port}`, match, group: undefined, targets, crossZone: lb.crossZone, preserveClientIp: false, failOpen: false, health: { protocol: hc.protocol, port: hc.port } };
  }
  const tg = l.targetGroup === undefined ? undefined : model.index.targetGroup.get(l.targetGroup);
  const targets = (tg?.targets ?? []).map((t): TargetC => {
    const iface = t.interface === undefined ? undefined : ifaces.get(t.interface);
    const a = t.ip === undefined ? undefined : parseIp(t.ip);
    return {
      id: t.id, kind: t.kind, port: t.port, az: t.availabilityZone, iface, addr: a?.version === 4 ? (a.value as number) : undefined,
      lb: () => (t.kind === 'alb' ? lbs.get(t.id) : undefined), declaredUnhealthy: t.declaredUnhealthy, declaredHealth: t.declaredHealth,
    };
  });
  return {
    index, m: l, text: `${l.protocol} ${l.port} → ${l.targetGroup ?? '?'}`, match, group: tg?.id, targets,
    crossZone: tg?.crossZone ?? lb.crossZone,
    preserveClientIp: tg?.preserveClientIp ?? false,
    failOpen: lb.type === 'application' || lb.type === 'network',
    health: { protocol: tg?.healthCheck.protocol ?? 'TCP', port: tg?.healthCheck.port ?? 'traffic-port' },
  };
}

const listWords = (lb: LbC): string => (lb.listeners.length === 0 ? 'it has no listener' : `its listeners: ${lb.listeners.map((l) => `${l.m.protocol} ${l.m.port}`).join(', ')}`);

/**
 * A packet reaches a load balancer node (after its security groups): a listener on its protocol
 * and port takes the connection (the client leg ends there); anything else is refused. A reply
 * (of a target leg) ends at the node.
 */
export function loadBalancerArrive<P>(w: Walk<P>, node: IfaceC, p: P, st: FlowState): void {
  const lb = node.lb!;
  if (w.reply) {
    w.hop(p, () => ({ component: node.id, kind: 'load-balancer', verdict: 'deliver', interface: { id: node.id, direction: 'ingress' }, detail: { step: 'deliver', why: `the reply is back at load balancer node \`${node.id}\`` } }));
    return w.end(p, { kind: 'delivered', iface: node }, st);
  }
  let rest: P | null = p;
  // a gateway load balancer is reached through its endpoints only (gateway-load-balancer.ts)
  if (lb.m.type !== 'gateway') {
    for (const l of lb.listeners) {
      for (const m of l.match) {
        if (rest === null) break;
        const [hit, other]: readonly [P | null, P | null] = w.dom.split(rest, m);
        if (hit !== null) {
          w.hop(hit, () => ({ component: lb.id, kind: 'load-balancer', verdict: 'forward', rule: l.text, interface: { id: node.id, direction: 'ingress' }, detail: { step: 'forward', why: `listener ${l.m.protocol} ${l.m.port} of \`${lb.id}\` takes the connection at node \`${node.id}\`` } }));
          w.end(hit, { kind: 'load-balancer', node, listener: l.index }, st);
        }
        rest = other;
      }
    }
  }
  if (rest === null) return;
  w.fail(rest, 'no-listener', lb.id, (pk) => {
    const what = pk.proto === 6 || pk.proto === 17 ? `${pk.proto === 6 ? 'TCP' : 'UDP'} ${pk.dstPort}` : `protocol ${pk.proto}`;
    return lb.m.type === 'gateway'
      ? { component: lb.id, kind: 'load-balancer', why: `\`${lb.id}\` is a gateway load balancer: it is reached through its endpoints (a route to a Gateway Load Balancer endpoint), not at its nodes' addresses`, setting: 'listeners', fix: 'route the traffic to a Gateway Load Balancer endpoint of it', eni: node }
      : { component: lb.id, kind: 'load-balancer', why: `no listener of \`${lb.id}\` takes ${what} (${listWords(lb)}): the load balancer refuses it`, setting: 'listeners', fix: `add a listener for ${what} to \`${lb.id}\`, or send to a port it listens on`, eni: node };
  });
}

/** The verdict of one leg (a health check, a GENEVE exchange): whether it gets through both ways, else where it stops. */
export interface LegVerdict {
  readonly ok: boolean;
  readonly disposition: Disposition;
  readonly blockedBy: string | null;
}

/** Why a node does not send to a target, as a failure of that target. */
export interface NotSent {
  readonly disposition: Disposition;
  readonly blockedBy: string | null;
  readonly why: string;
  readonly setting: string;
  readonly fix?: string | undefined;
  readonly patches?: ((ps: PatchState) => readonly ScenarioPatch[] | undefined) | undefined;
}

/** What a node does with one target of a listener. */
export interface TargetPlan {
  readonly lb: LbC;
  readonly listener: ListenerC;
  readonly target: TargetC;
  /** The node that sends. */
  readonly node: IfaceC;
  /** Where the connection goes: the target's address, or for an application load balancer its node (in the sender's zone, else its first). */
  readonly addr: number | undefined;
  readonly albNode: IfaceC | undefined;
  /** The health check's port. */
  readonly healthPort: number;
  readonly health: LegVerdict;
  readonly healthy: boolean;
  /** Whether the node sends connections to it (healthy, or every target unhealthy and the load balancer fails open). */
  readonly sent: boolean;
  readonly failOpen: boolean;
  readonly notSent?: NotSent | undefined;
}

const planCache = new WeakMap<CompiledNetwork, Map<string, readonly TargetPlan[]>>();

/** The application load balancer node a network load balancer node sends to: the one in its zone, else the first. */
function albNodeFor(alb: LbC | undefined, az: string): IfaceC | undefined {
  if (!alb) return undefined;
  return alb.nodes.find((n) => n.subnet.az === az) ?? alb.nodes[0];
}

/**
 * What node `node` does with each target of listener `listenerIndex`: the targets it sends
 * connections to first (in target group order), then the others with the reason. Computed once
 * per node and listener (health checks are walked once, by the tracer: walk/lb-trace.ts).
 */
export function targetPlans(net: CompiledNetwork, node: IfaceC, listenerIndex: number): readonly TargetPlan[] {
  let byNode = planCache.get(net);
  if (!byNode) planCache.set(net, (byNode = new Map()));
  const key = `${node.id}|${listenerIndex}`;
  let plans = byNode.get(key);
  if (plans) return plans;
  const lb = node.lb!;
  const listener = lb.listeners[listenerIndex]!;
  const az = node.subnet.az;
  const enabled = new Set(lb.nodes.map((n) => n.subnet.az));
  const base = listener.targets.map((t) => {
    const albNode = t.kind === 'alb' ? albNodeFor(t.lb(), az) : undefined;
    const addr = t.kind === 'alb' ? albNode?.priv4 : t.addr;
    const healthPort = listener.health.port === 'traffic-port' ? t.port : listener.health.port;
    const health = healthCheck(net, { lb, listener, target: t, node, addr, albNode, healthPort });
    return { t, albNode, addr, healthPort, health, healthy: health.ok && !t.declaredUnhealthy };
  });
  // a target in a zone without a node is unused; with cross-zone off a node sends only to its own zone's targets
  const used = (t: TargetC): boolean => t.az === 'all' || enabled.has(t.az);
  const inZone = (t: TargetC): boolean => used(t) && (listener.crossZone || t.az === 'all' || t.az === az);
  const candidates = base.filter((x) => inZone(x.t));
  const failOpen = listener.failOpen && candidates.length > 0 && !base.some((x) => x.healthy && used(x.t));
  const group = listener.group;
  const out: TargetPlan[] = base.map((x): TargetPlan => {
    const sent = inZone(x.t) && (x.healthy || failOpen);
    const plan = { lb, listener, target: x.t, node, addr: x.addr, albNode: x.albNode, healthPort: x.healthPort, health: x.health, healthy: x.healthy, sent, failOpen: failOpen && !x.healthy };
    return sent ? plan : { ...plan, notSent: notSent(lb, listener, x.t, node, x.health, used(x.t), inZone(x.t), group) };
  });
  plans = [...out.filter((x) => x.sent), ...out.filter((x) => !x.sent)];
  byNode.set(key, plans);
  return plans;
}

function notSent(lb: LbC, l: ListenerC, t: TargetC, node: IfaceC, health: LegVerdict, used: boolean, inZone: boolean, group: string | undefined): NotSent {
  const owner = group ?? lb.id;
  if (!used)
    return { disposition: 'target-unhealthy', blockedBy: lb.id, why: `\`${t.id}\` is in ${t.az}, where \`${lb.id}\` has no node: the target is unused`, setting: 'subnets', fix: `add a subnet of ${t.az} to \`${lb.id}\`` };
  if (!inZone) {
    const list = group !== undefined ? 'targetGroups' : 'loadBalancers';
    return {
      disposition: 'cross-zone-off',
      blockedBy: owner,
      why: `cross-zone load balancing is off for \`${owner}\`: node \`${node.id}\` (${node.subnet.az}) sends only to targets in ${node.subnet.az}, and \`${t.id}\` is in ${t.az}`,
      setting: 'crossZone',
      fix: `turn on cross-zone load balancing (\`crossZone: true\`) on \`${owner}\`, or register a target in ${node.subnet.az}`,
      patches: lb.m.type === 'application' && group === undefined ? undefined : (ps) => fieldPatch(ps, list, owner, 'crossZone', true),
    };
  }
  if (t.declaredUnhealthy)
    return { disposition: 'target-unhealthy', blockedBy: t.id, why: `\`${t.id}\` is declared \`${t.declaredHealth}\`: \`${lb.id}\` does not send to it${l.failOpen ? ' (another target is healthy, so it does not fail open)' : ''}`, setting: 'health', fix: `make \`${t.id}\` pass its health checks (its health is declared \`${t.declaredHealth}\`)` };
  return {
    disposition: 'target-unhealthy',
    blockedBy: health.blockedBy ?? t.id,
    why: `the health check of \`${t.id}\` (${l.health.protocol} from \`${node.id}\`) does not get through (${health.disposition}${health.blockedBy ? ` at \`${health.blockedBy}\`` : ''}): \`${lb.id}\` does not send to it${l.failOpen ? ' (another target is healthy, so it does not fail open)' : ''}`,
    setting: 'health check',
    fix: `let the health check through to \`${t.id}\` (see its blockers)`,
  };
}

/** The view a target leg starts with: the destination and port of the target, the source the target sees. */
export function sendToTarget<P>(w: Walk<P>, plan: TargetPlan, p: P, st: FlowState): void {
  const { lb, listener, target, node } = plan;
  if (w.dom.family(p) === 6) return w.notModelled(p, `IPv6 clients of load balancer \`${lb.id}\` (its targets are reached over IPv4)`);
  const addr = plan.addr;
  if (addr === undefined) {
    return w.fail(p, 'no-target', target.id, () => ({ component: target.id, kind: 'load-balancer-target', why: target.kind === 'alb' ? `application load balancer \`${target.id}\` has no node` : `\`${target.id}\` has no IPv4 address`, setting: 'target', fix: 'register a target with an IPv4 address' }));
  }
  let q = w.dom.rewrite(p, 'dst', addr).p;
  q = w.dom.rewrite(q, 'dstPort', target.port).p;
  const preserve = listener.preserveClientIp;
  if (!preserve) {
    q = w.dom.rewrite(q, 'src', node.priv4).p;
    q = w.dom.rewrite(q, 'srcPort', NODE_SOURCE_PORT).p;
  }
  w.hop(q, (pk, before) => ({
    component: lb.id,
    kind: 'load-balancer',
    verdict: 'translate',
    rule: listener.text,
    detail: {
      step: 'translate',
      why: `node \`${node.id}\` sends the connection to ${target.kind === 'alb' ? `application load balancer \`${target.id}\` (node \`${plan.albNode?.id ?? '?'}\`)` : `\`${target.id}\``} on port ${target.port}${plan.failOpen ? ' (every target is unhealthy: the load balancer fails open)' : ''}; ${preserve ? 'the client IP is preserved: the target sees the client\'s address' : `the target sees the node's address ${formatIp(node.priv4)}`}`,
      from: `${formatIp(before.src)}:${before.srcPort} → ${formatIp(before.dst)}:${before.dstPort}`,
      to: `${formatIp(pk.src)}:${pk.srcPort} → ${formatIp(pk.dst)}:${pk.dstPort}`,
    },
  }), p);
  w.leave(node, q, legState(st));
}

/** The flow state a leg from a node starts with (a new connection; the forwarding count goes on). */
export function legState(st: FlowState): FlowState {
  return { origin: undefined, started: false, viaTgw: false, count: st.count, nat: undefined, pins: undefined, crossed: undefined };
}

/** Whether a leg from a node ended at its target. */
export function atTarget(net: CompiledNetwork, plan: TargetPlan, end: End): boolean {
  const t = plan.target;
  if (t.kind === 'alb') return end.kind === 'load-balancer' && end.node.lb === t.lb();
  if (t.iface !== undefined) return end.kind === 'delivered' && end.iface === t.iface;
  const a = t.addr;
  if (a === undefined) return false;
  if (end.kind === 'delivered') return end.iface.addrs4.includes(a);
  if (end.kind === 'external') {
    const n = net.externalById.get(end.network);
    return n !== undefined && inAnyBlock(n.blocks, 4, a);
  }
  return false;
}

/**
 * The reply of a target leg: from a target in the load balancer's VPC straight back to the node
 * that sent (the load balancer tracks the connection, whatever the target subnet's route table
 * says: the target's groups and both subnets' network ACLs apply); from a target elsewhere (on
 * premises, another VPC) by its own routes, which must lead back to the node.
 */
export function replyToNode<P>(w: Walk<P>, plan: TargetPlan, end: End, r: P, st: FlowState): void {
  const node = plan.node;
  const from = end.kind === 'delivered' ? end.iface : end.kind === 'load-balancer' ? end.node : undefined;
  if (from !== undefined && from.vpc === node.vpc) {
    w.hop(r, () => ({ component: from.id, kind: from.lb ? 'load-balancer' : 'network-interface', verdict: 'forward', interface: { id: from.id, direction: 'egress' }, detail: { step: 'forward', why: `the reply leaves \`${from.id}\` for node \`${node.id}\`: the load balancer tracks the connection, so the target subnet's route table does not decide` } }));
    const out = w.sg(r, from, false, st);
    if (out === null) return;
    const inside = crossSubnets(w, from.subnet, node.subnet, out);
    if (inside !== null) w.arrive(node, inside, st);
    return;
  }
  startReply(w, end, r, st, undefined);
}

/** The node a flow to load balancer `lb` reaches: the one in the client's zone, else the first its DNS name gives (a node that sends to no target is left out, as its DNS entry is). */
export function nodeFor(net: CompiledNetwork, lb: LbC, az: string | undefined, proto: number, port: number, fromInternet: boolean): IfaceC | undefined {
  const addressable = lb.nodes.filter((n) => !fromInternet || n.pub4 !== undefined);
  const candidates = addressable.length > 0 ? addressable : lb.nodes;
  const l = lb.listeners.find((x) => x.match.some((m) => m.proto![0] === proto && m.dstPort![0] === port));
  const serves = (n: IfaceC): boolean => l === undefined || lb.m.type !== 'network' || targetPlans(net, n, l.index).some((x) => x.sent);
  const live = candidates.filter(serves);
  const pool = live.length > 0 ? live : candidates;
  return pool.find((n) => n.subnet.az === az) ?? pool[0];
}
