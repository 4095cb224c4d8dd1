// The tracer's side of load balancers (concepts/load-balancer.ts): the legs from a node to each
// target, walked one packet at a time and explained hop by hop, composed into the trace's
// `targets[]`; and the health checks, walked once per node and target (a fact both engines read).
import type { CompiledNetwork } from '../compile-network.js';
import { atTarget, legState, MAX_LB_DEPTH, replyToNode, sendToTarget, targetPlans, type LegVerdict, type TargetPlan } from '../concepts/load-balancer.js';
import { packetDomain, type Pkt } from '../domain/packet.js';
import type { PatchState } from '../fixes.js';
import type { Blocker, Disposition, Hop, ScenarioPatch, TargetTrace } from '../trace-types.js';
import { replyState } from './reply.js';
import { TraceWalk } from './trace-walk.js';
import { INITIAL_STATE, NotModelled, type End, type FlowState } from './types.js';

/** The disposition of a leg that reached its target, by where it ended. */
const SUCCESS: Partial<Record<End['kind'], Disposition>> = { delivered: 'delivered', external: 'exits-external', internet: 'exits-internet', service: 'exits-service' };

/** One leg walked: its verdict, hops and blockers, and where it ended. */
interface Leg {
  readonly ok: boolean;
  readonly disposition: Disposition;
  readonly blockedBy: string | null;
  readonly forward: readonly Hop[];
  readonly back: readonly Hop[];
  readonly blockers: readonly Blocker[];
  /** The end of the forward leg at the target, with its packet and state (for a nested load balancer). */
  readonly end?: { readonly end: End; readonly pkt: Pkt; readonly state: FlowState } | undefined;
  /** For `not-implemented`: what vpcsim does not model. */
  readonly error?: string | undefined;
}

/**
 * Walks one leg from a node: `send` starts it (a health check's own packet, or the client's
 * packet through `sendToTarget`); it must end at the plan's target, and its reply must come back
 * to the node. The order of verdicts is the trace's: a denial on the way out, then a wrong end,
 * then the reply.
 */
function walkLeg(net: CompiledNetwork, plan: TargetPlan, ps: PatchState | undefined, send: (w: TraceWalk) => void): Leg {
  const blockers: Blocker[] = [];
  const w = new TraceWalk(net, false, blockers);
  if (ps) w.ps = ps;
  // a path vpcsim does not model ends the leg as `not-implemented` (its message kept), never a throw out of a plan
  const unmodelled = (e: unknown): Leg => {
    if (!(e instanceof NotModelled)) throw e;
    return { ok: false, disposition: 'not-implemented', blockedBy: null, forward: w.hops, back: [], blockers, error: e.message };
  };
  try {
    send(w);
  } catch (e) {
    return unmodelled(e);
  }
  const done = w.result!;
  const fail = (disposition: Disposition, blockedBy: string | null, back: readonly Hop[] = []): Leg => ({ ok: false, disposition, blockedBy, forward: w.hops, back, blockers });
  if (done.kind === 'fail') return fail(done.disposition, done.blockedBy);
  if (!atTarget(net, plan, done.end)) {
    const where = done.end.kind === 'delivered' ? `\`${done.end.iface.id}\`` : done.end.kind === 'external' ? `\`${done.end.network}\`` : done.end.kind === 'load-balancer' ? `\`${done.end.node.id}\`` : done.end.kind === 'service' ? `\`${done.end.endpoint}\`` : 'the internet';
    blockers.push({ component: plan.target.id, setting: 'destination', fix: `the connection ends at ${where}, not at \`${plan.target.id}\`: check the routes from \`${plan.node.id}\` toward it` });
    return w.first ? fail(w.first.disposition, w.first.blockedBy) : fail(done.end.kind === 'internet' ? 'no-route' : 'unreachable-address', null);
  }
  const rw = new TraceWalk(net, true, blockers);
  rw.ps = w.ps;
  const [r] = packetDomain.reply(done.pkt);
  try {
    replyToNode(rw, plan, done.end, r!, replyState(done.state));
  } catch (e) {
    return unmodelled(e);
  }
  const back = rw.result!;
  const failed = back.kind === 'fail' ? back : rw.first;
  const home = failed === undefined && back.kind === 'end' && back.end.kind === 'delivered' && back.end.iface === plan.node;
  if (w.first) return fail(w.first.disposition, w.first.blockedBy, rw.hops);
  if (!home) {
    if (failed === undefined) blockers.push({ component: 'return path', setting: 'return route', fix: `route the reply of \`${plan.target.id}\` back to load balancer node \`${plan.node.id}\`` });
    return fail('reply-denied', failed?.blockedBy ?? null, rw.hops);
  }
  return { ok: true, disposition: SUCCESS[done.end.kind] ?? 'delivered', blockedBy: null, forward: w.hops, back: rw.hops, blockers, end: { end: done.end, pkt: done.pkt, state: done.state } };
}

/** What a health check is about: the node that checks, the target and the address and port it checks. */
export type HealthSpec = Pick<TargetPlan, 'lb' | 'listener' | 'target' | 'node' | 'addr' | 'albNode' | 'healthPort'>;

/** The health check's packet: TCP (HTTP, HTTPS, SSL and TCP checks all open a TCP connection) from the node's address to the target's health check port. */
function healthPacket(h: HealthSpec): Pkt {
  return { v: 4, src: h.node.priv4, dst: h.addr ?? 0, proto: 6, srcPort: 49152, dstPort: h.healthPort, icmpType: 0, icmpCode: 0 };
}

/** The health check as a plan of its own (the leg functions read the node, the target and where it goes). */
const healthPlan = (h: HealthSpec): TargetPlan => ({ ...h, health: { ok: true, disposition: 'delivered', blockedBy: null }, healthy: true, sent: true, failOpen: false });

function walkHealth(net: CompiledNetwork, h: HealthSpec, ps: PatchState | undefined): Leg {
  const plan = healthPlan(h);
  if (h.addr === undefined) return { ok: false, disposition: 'no-target', blockedBy: h.target.id, forward: [], back: [], blockers: [{ component: h.target.id, setting: 'target', fix: 'register a target with an IPv4 address' }] };
  return walkLeg(net, plan, ps, (w) => {
    const pkt = healthPacket(h);
    w.push({ component: h.lb.id, kind: 'load-balancer', verdict: 'forward', rule: `health check ${h.listener.health.protocol} ${h.healthPort}`, detail: { step: 'forward', why: `node \`${h.node.id}\` checks the health of \`${h.target.id}\` on port ${h.healthPort}` } }, pkt);
    w.leave(h.node, pkt, legState(INITIAL_STATE));
  });
}

const healthCache = new WeakMap<CompiledNetwork, Map<string, Leg>>();

/** The health check's leg, walked once per node, target and port (its fixes are written again by a trace that needs them). */
function healthLeg(net: CompiledNetwork, h: HealthSpec): Leg {
  let m = healthCache.get(net);
  if (!m) healthCache.set(net, (m = new Map()));
  const key = `${h.node.id}|${h.target.kind}|${h.target.id}|${h.addr ?? ''}|${h.healthPort}`;
  let leg = m.get(key);
  if (!leg) m.set(key, (leg = walkHealth(net, h, undefined)));
  return leg;
}

/**
 * Whether a node's health check of a target gets through both ways (through the same security
 * groups and network ACLs as traffic), computed once per node, target and port.
 */
export function healthCheck(net: CompiledNetwork, h: HealthSpec): LegVerdict {
  const leg = healthLeg(net, h);
  return { ok: leg.ok, disposition: leg.disposition, blockedBy: leg.blockedBy };
}

/** The outcome of a node's targets for one connection: each target's trace, and the verdict they make together. */
export interface TargetsOutcome {
  readonly targets: readonly TargetTrace[];
  readonly reachable: boolean;
  readonly disposition: Disposition;
  readonly blockedBy: string | null;
}

/**
 * Every target of the listener that took the connection at `end` (a `load-balancer` end, with
 * the packet and flow state there): the legs the node sends, and why it sends none to the rest.
 * Reachable when some target is reachable; otherwise the disposition of the first target and the
 * blocker the targets share if they share one, else the first target's.
 */
export function traceTargets(net: CompiledNetwork, end: Extract<End, { kind: 'load-balancer' }>, pkt: Pkt, st: FlowState, ps: PatchState | undefined, depth = 0): TargetsOutcome {
  const lb = end.node.lb!;
  const listener = lb.listeners[end.listener]!;
  if (depth >= MAX_LB_DEPTH) throw new NotModelled(`load balancers nested more than ${MAX_LB_DEPTH} deep`);
  const plans = targetPlans(net, end.node, end.listener);
  const targets = plans.map((plan) => traceTarget(net, plan, pkt, st, ps, depth));
  if (targets.length === 0) {
    const owner = listener.group ?? lb.id;
    return { targets, reachable: false, disposition: 'no-target', blockedBy: owner };
  }
  const hit = targets.find((t) => t.reachable);
  if (hit) return { targets, reachable: true, disposition: hit.disposition, blockedBy: null };
  // a target's blocker is the first that stops its leg (its `blockedBy`): the one they share
  // when every target names the same, else the first target's, which is then the same answer
  const first = targets[0]!;
  return { targets, reachable: false, disposition: first.disposition, blockedBy: first.blockedBy };
}

function traceTarget(net: CompiledNetwork, plan: TargetPlan, pkt: Pkt, st: FlowState, ps: PatchState | undefined, depth: number): TargetTrace {
  const t = plan.target;
  const base = { target: t.id, kind: t.kind, node: plan.node.id, port: t.port, healthy: plan.healthy };
  // the health check as walked once; a failing one again, so its fixes are written against this trace
  const cached = plan.addr === undefined ? undefined : healthLeg(net, plan);
  const hc = cached === undefined || cached.ok ? cached : walkHealth(net, plan, ps);
  const healthCheck = hc === undefined ? undefined : { protocol: plan.listener.health.protocol, port: plan.healthPort, passed: hc.ok, forward: hc.forward, return: hc.back };
  if (!plan.sent) {
    const ns = plan.notSent!;
    const b: Blocker = { component: ns.blockedBy ?? t.id, setting: ns.setting, fix: ns.fix };
    const patches = ns.patches && ps ? ns.patches(ps) : undefined;
    const blockers: Blocker[] = [patches ? { ...b, patches } : b];
    // an unhealthy target's health check blockers say what lets it through
    if (ns.disposition === 'target-unhealthy' && hc && !hc.ok) blockers.push(...hc.blockers);
    const drop: Hop = { component: plan.lb.id, kind: 'load-balancer', verdict: 'drop', rule: plan.listener.text, detail: { step: 'drop', why: ns.why } };
    return { ...base, reachable: false, disposition: ns.disposition, blockedBy: ns.blockedBy, blockers, forward: [drop], return: [], healthCheck };
  }
  const leg = walkLeg(net, plan, ps, (w) => sendToTarget(w, plan, pkt, st));
  const entry = { ...base, reachable: leg.ok, disposition: leg.disposition, blockedBy: leg.blockedBy, blockers: leg.blockers, forward: leg.forward, return: leg.back, healthCheck, ...(leg.error !== undefined ? { error: leg.error } : {}) };
  if (!leg.ok || leg.end?.end.kind !== 'load-balancer') return entry;
  // an application load balancer behind a network load balancer: its own targets
  const nested = traceTargets(net, leg.end.end, leg.end.pkt, leg.end.state, ps, depth + 1);
  return { ...entry, reachable: nested.reachable, disposition: nested.disposition, blockedBy: nested.blockedBy, blockers: [...leg.blockers, ...nested.targets.flatMap((x) => x.blockers)], targets: nested.targets };
}

/** The GENEVE exchange between a gateway load balancer's node and an appliance, as the walk that crosses it reads it. */
export interface GeneveLeg extends LegVerdict {
  /** The hops of the exchange (the encapsulating packets'), to show inside the trace that crosses it. */
  readonly hops: readonly Hop[];
  /** When it fails: the first blocker's setting and fix, and its patches written against the caller's trace. */
  readonly setting: string;
  readonly fix?: string | undefined;
  readonly patches?: ((ps: PatchState) => readonly ScenarioPatch[] | undefined) | undefined;
}

const geneveCache = new WeakMap<CompiledNetwork, Map<string, GeneveLeg>>();

/** The GENEVE packet: UDP 6081 from the node's address to the appliance's. */
const genevePacket = (plan: TargetPlan): Pkt => ({ v: 4, src: plan.node.priv4, dst: plan.addr ?? 0, proto: 17, srcPort: 6081, dstPort: plan.target.port, icmpType: 0, icmpCode: 0 });

function walkGeneve(net: CompiledNetwork, plan: TargetPlan, ps: PatchState | undefined): Leg {
  return walkLeg(net, plan, ps, (w) => {
    const pkt = genevePacket(plan);
    w.push({ component: plan.lb.id, kind: 'load-balancer', verdict: 'forward', rule: `GENEVE ${plan.target.port}`, detail: { step: 'forward', why: `node \`${plan.node.id}\` sends the packet to appliance \`${plan.target.id}\` inside GENEVE (UDP ${plan.target.port})` } }, pkt);
    w.leave(plan.node, pkt, legState(INITIAL_STATE));
  });
}

/**
 * Whether the GENEVE exchange between a gateway load balancer's node and an appliance gets
 * through both ways (the appliance's groups must admit UDP 6081 from the node; the ACLs of both
 * subnets apply), walked once per node and appliance; the same for every packet it carries.
 */
export function geneveLeg(net: CompiledNetwork, plan: TargetPlan): GeneveLeg {
  let m = geneveCache.get(net);
  if (!m) geneveCache.set(net, (m = new Map()));
  const key = `${plan.node.id}|${plan.target.id}|${plan.target.port}`;
  let g = m.get(key);
  if (!g) {
    const leg = walkGeneve(net, plan, undefined);
    const b = leg.blockers[0];
    g = {
      ok: leg.ok,
      disposition: leg.disposition,
      blockedBy: leg.blockedBy,
      hops: [...leg.forward, ...leg.back],
      setting: b?.setting ?? 'GENEVE',
      fix: b?.fix,
      // the fix written again against the trace that needs it (its own patch positions)
      patches: b === undefined ? undefined : (ps) => walkGeneve(net, plan, ps).blockers[0]?.patches,
    };
    m.set(key, g);
  }
  return g;
}
