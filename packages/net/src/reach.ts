// The symbolic engine: every packet a source can send (or a subset of them), walked at once
// through the same AWS concepts the tracer runs (src/concepts/), as sets (src/domain/packet-set.ts).
// The answer is a partition of the source's packets: the part that is delivered and whose reply
// gets back (reachable), and each part that stops, with the disposition and the component the
// tracer would report for any packet of it. `trace` explains any packet of any part (a witness).
//
// The internet is a hub: packets an instance sends to the public address of another instance
// cross it and come back through it. Walking every such pair would cost sources × destinations;
// instead the internet's side is summarised once per family (every packet the internet can send,
// walked in, and the parts whose reply gets back out), and each source's packets that reach the
// internet are read against that summary (`Hub`).
import { parseIp, type Model } from '@vpcsim/model';
import { compileNetwork, type Addr, type CompiledNetwork, type ExternalC, type IfaceC } from './compile-network.js';
import { FALSE, intersectIntervals, type Bound, type Intervals } from './domain/idd.js';
import { blockIntervals, PacketSpace, type FieldRanges, type PacketSet } from './domain/packet-set.js';
import { blockLast } from './lookup.js';
import type { Disposition } from './trace-types.js';
import { replyState, startReply } from './walk/reply.js';
import { SetWalk, type SetOutcome } from './walk/set-walk.js';
import { atTarget, MAX_LB_DEPTH, replyToNode, sendToTarget, targetPlans, type TargetPlan } from './concepts/load-balancer.js';
import { INITIAL_STATE, type End, type FlowState, type HeaderMatch } from './walk/types.js';

/** Where the packets come from. */
export type ReachSource =
  | { readonly kind: 'iface'; readonly iface: string; /** which of its addresses send (default: all) */ readonly addresses?: readonly string[] | undefined }
  | { readonly kind: 'internet' }
  | { readonly kind: 'external'; readonly network: string };

/** One part of a source's packets and how it ends. */
export interface ReachPart {
  /** The packets, as the source sends them (original headers). */
  readonly set: PacketSet;
  readonly reachable: boolean;
  readonly disposition: Disposition;
  readonly blockedBy: string | null;
  /** Where the request went (for reachable parts and replies that failed): an interface, the internet, a service endpoint, an external network. */
  readonly end?: End | undefined;
  /** For `not-implemented`: what vpcsim does not model. */
  readonly error?: string | undefined;
  /** For a request that ended at the internet: its headers as the internet saw them (a view key; translations included). */
  readonly exit?: string | undefined;
  /** For a request a load balancer served: the targets that take it through both legs (ids, in the listener's order, as the tracer lists them). */
  readonly via?: string | undefined;
}

/** How a walk treats the internet. */
export interface WalkOptions {
  /** The internet ends the request, whatever address it is for (the reply still comes back): a source's own side, apart from where its packets land. */
  readonly edge?: boolean | undefined;
}

const SUCCESS: Record<End['kind'], Disposition> = { delivered: 'delivered', internet: 'exits-internet', service: 'exits-service', external: 'exits-external', 'load-balancer': 'delivered' };

/** A part of the packets a load balancer's targets take: served by a target (ok), or stopped. */
interface TargetPart {
  readonly node: number;
  readonly ok: boolean;
  readonly disposition: Disposition;
  readonly blockedBy: string | null;
  readonly error?: string | undefined;
  /** For packets served: the targets that take them through both legs (ids, in the listener's order). */
  readonly via?: string | undefined;
}

/** ICMP messages with a reply (echo, timestamp, ICMPv6 echo); the others are one-way. */
const ICMP_QUERIES: readonly number[] = [8, 13, 128];

/** The reach engine of one model: compiled once, sources walked on demand. */
export class Reach {
  readonly net: CompiledNetwork;

  constructor(
    readonly model: Model,
    /** The set domain; pass one domain to two engines to compare their answers by node identity. */
    readonly space: PacketSpace = new PacketSpace(),
  ) {
    this.net = compileNetwork(model);
  }

  /** The source addresses a source may send from, per family (an empty list: none). */
  sourceAddresses(source: ReachSource, v: 4 | 6): Intervals {
    const net = this.net;
    if (source.kind === 'iface') {
      const i = net.ifaces.get(source.iface);
      if (!i) return [];
      const own = v === 4 ? i.addrs4 : i.addrs6;
      const picked = source.addresses === undefined ? own : own.filter((a) => source.addresses!.some((t) => parseIp(t)?.value === a));
      return picked.map((a) => [a, a] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    }
    if (source.kind === 'external') {
      const n = net.externalById.get(source.network);
      return n ? blockIntervals(n.blocks, v) : [];
    }
    return this.internetAddresses(v);
  }

  /**
   * The internet's addresses: every address no declared network owns (VPC blocks, external
   * networks, the public addresses of interfaces) and that the internet routes.
   */
  internetAddresses(v: 4 | 6): Intervals {
    return (this.internetMemo[v === 4 ? 0 : 1] ??= this.computeInternet(v));
  }

  private readonly internetMemo: [Intervals | undefined, Intervals | undefined] = [undefined, undefined];
  /** Per interface, the match of its own addresses (made once: the set domain caches by match). */
  private readonly ownMatch = new Map<IfaceC, HeaderMatch>();

  private computeInternet(v: 4 | 6): Intervals {
    const net = this.net;
    const taken: (readonly [Bound, Bound])[] = [];
    for (const b of net.notInternet[v === 4 ? 0 : 1].dst ?? []) if (b.v === v) taken.push([b.base, blockLast(b)]);
    for (const e of net.externals) for (const b of e.blocks) if (b.v === v) taken.push([b.base, blockLast(b)]);
    if (v === 4) for (const a of net.public4.keys()) taken.push([a, a]);
    else for (const a of net.anyOwner6.keys()) taken.push([a, a]);
    return complement(taken, v === 4 ? 0xffffffff : (1n << 128n) - 1n);
  }

  /** The packets `source` may send in family `v`, within `query` (default: every valid packet). */
  startSet(source: ReachSource, v: 4 | 6, query?: FieldRanges): PacketSet | null {
    const own = this.sourceAddresses(source, v);
    // a query's source addresses narrow the source's own (never widen them)
    const src = query?.src === undefined ? own : intersectIntervals(own, query.src);
    if (src.length === 0) return null;
    const s = this.space;
    let set = s.valid(v);
    const q = s.set(v, { ...(query ?? {}), src });
    const node = s.idd(v).and(set.node, q.node);
    if (node === FALSE) return null;
    set = s.ofNode(v, node);
    // an interface does not send to its own addresses
    if (source.kind === 'iface') {
      const i = this.net.ifaces.get(source.iface)!;
      let own = this.ownMatch.get(i);
      if (!own) this.ownMatch.set(i, (own = { dst: i.hostBlocks }));
      const rest = s.minus(set, own);
      return rest;
    }
    return set;
  }

  /** Walks every packet of `start` from `source` and its replies; the parts partition `start`. */
  walk(source: ReachSource, start: PacketSet, opts: WalkOptions = {}): ReachPart[] {
    const edge = opts.edge === true;
    // an interface sends from a few addresses: one walk per address, the address held in the
    // view, so the sets of every sender share their diagrams
    if (source.kind === 'iface') {
      const addrs = this.space.values(start, 'src');
      if (addrs.length > 0 && addrs.length <= 16 && addrs.every(([lo, hi]) => lo === hi)) {
        const out: ReachPart[] = [];
        for (const [a] of addrs) {
          // the part of the start whose source is `a` (a value the set has: never empty), with the source held in the view
          const pin = (p: PacketSet): PacketSet => this.space.pin(p, 'src', a);
          for (const part of this.walkFrom(source, this.space.unpin(start, 'src', a), pin, edge)) out.push(part);
        }
        return out;
      }
    }
    return this.walkFrom(source, start, this.strip, edge);
  }

  private walkFrom(source: ReachSource, start: PacketSet, strip: (p: PacketSet) => PacketSet, edge: boolean): ReachPart[] {
    const net = this.net;
    const w = new SetWalk(net, this.space, false, edge);
    let sender: IfaceC | undefined;
    let network: ExternalC | undefined;
    if (source.kind === 'iface') {
      sender = net.ifaces.get(source.iface);
      if (!sender) return [];
      w.leave(sender, start, INITIAL_STATE);
    } else if (source.kind === 'external') {
      network = net.externalById.get(source.network);
      if (!network) return [];
      w.external(network, start, INITIAL_STATE);
    } else w.internet(start, INITIAL_STATE);
    const parts: ReachPart[] = [];
    for (const o of w.outcomes) {
      if (o.kind === 'fail') parts.push(failed(o, strip));
      else this.reply(o, source, sender, parts, strip);
    }
    return parts;
  }

  /** A part's original packets (the view only mattered during the walk). */
  private readonly strip = (p: PacketSet): PacketSet => this.space.ofNode(p.v, p.node);

  /** The replies of a request part that got somewhere: back to the source, or stopped. */
  private reply(o: Extract<SetOutcome, { kind: 'end' }>, source: ReachSource, sender: IfaceC | undefined, out: ReachPart[], strip: (p: PacketSet) => PacketSet): void {
    const s = this.space;
    // the packets as they are at the end (after NAT64: IPv4)
    const icmp = s.family(o.p) === 4 ? 1 : 58;
    const exit = o.end.kind === 'internet' ? o.p.view.key : undefined;
    // one-way ICMP messages (not a query) need no reply: delivering them is the whole flow
    let needsReply: PacketSet | null = o.p;
    const [icmps, others] = s.split(o.p, { proto: [icmp, icmp] });
    if (icmps !== null) {
      let oneWay: PacketSet | null = icmps;
      for (const t of ICMP_QUERIES) if (oneWay !== null) oneWay = s.minus(oneWay, { icmpType: [t, t] });
      if (oneWay !== null) {
        out.push({ set: strip(oneWay), reachable: true, disposition: SUCCESS[o.end.kind], blockedBy: null, end: o.end, exit });
        const queries = s.without(icmps, oneWay);
        needsReply = others === null ? queries : queries === null ? others : s.union(others, queries);
      }
    }
    if (needsReply === null) return;
    for (const r of s.reply(needsReply)) {
      const rw = new SetWalk(this.net, s, true);
      startReply(rw, o.end, r, replyState(o.state), sender);
      for (const back of rw.outcomes) {
        if (back.kind === 'fail') {
          out.push({ set: strip(back.p), reachable: false, disposition: back.disposition === 'not-implemented' ? 'not-implemented' : 'reply-denied', blockedBy: back.blockedBy, end: o.end, error: back.error, exit });
          continue;
        }
        const home = source.kind === 'iface' ? back.end.kind === 'delivered' && back.end.iface === sender : source.kind === 'external' ? back.end.kind === 'external' && back.end.network === source.network : back.end.kind === 'internet';
        if (home && o.end.kind === 'load-balancer') {
          // the client leg got there and back: the packets some target takes through both legs are reachable
          const p: PacketSet = { v: o.p.v, node: s.idd(o.p.v).and(o.p.node, back.p.node), view: o.p.view };
          for (const x of this.targets(o.end, p, o.state, 0)) out.push({ set: strip(s.ofNode(p.v, x.node)), reachable: x.ok, disposition: x.disposition, blockedBy: x.ok ? null : x.blockedBy, end: o.end, error: x.error, ...(x.ok && x.via !== undefined ? { via: x.via } : {}) });
          continue;
        }
        out.push(home ? { set: strip(back.p), reachable: true, disposition: SUCCESS[o.end.kind], blockedBy: null, end: o.end, exit } : { set: strip(back.p), reachable: false, disposition: 'reply-denied', blockedBy: null, end: o.end, exit });
      }
    }
  }

  /**
   * The packets `p` (at a listener, `end`) partitioned by what the node's targets make of them:
   * served by the first target that takes them through both legs (its disposition), else
   * stopped where the first target stops them (walk/lb-trace.ts gives the tracer's account).
   */
  private targets(end: Extract<End, { kind: 'load-balancer' }>, p: PacketSet, st: FlowState, depth: number): TargetPart[] {
    const net = this.net;
    const idd = this.space.idd(p.v);
    const lb = end.node.lb!;
    if (depth >= MAX_LB_DEPTH) return [{ node: p.node, ok: false, disposition: 'not-implemented', blockedBy: null, error: `load balancers nested more than ${MAX_LB_DEPTH} deep` }];
    const plans = targetPlans(net, end.node, end.listener);
    if (plans.length === 0) return [{ node: p.node, ok: false, disposition: 'no-target', blockedBy: lb.listeners[end.listener]?.group ?? lb.id }];
    let left = p.node;
    const served: TargetPart[] = [];
    let firstFails: TargetPart[] = [];
    // which targets take which packets: every target's leg (the tracer lists each target's verdict)
    const takes: { id: string; node: number }[] = [];
    plans.forEach((plan, k) => {
      const parts = this.leg(plan, p, st, depth);
      if (k === 0) firstFails = parts.filter((x) => !x.ok);
      let ok = FALSE;
      for (const x of parts) {
        if (!x.ok) continue;
        ok = idd.or(ok, x.node);
        if (left === FALSE) continue;
        const hit = idd.and(left, x.node);
        if (hit === FALSE) continue;
        served.push({ ...x, node: hit });
        left = idd.diff(left, x.node);
      }
      takes.push({ id: plan.target.id, node: ok });
    });
    // each served part, cut by the set of targets that take its packets
    const byTargets = served.flatMap((x) => {
      let pieces: { node: number; ids: string[] }[] = [{ node: x.node, ids: [] }];
      for (const t of takes) {
        if (t.node === FALSE) continue;
        const next: { node: number; ids: string[] }[] = [];
        for (const q of pieces) {
          const inside = idd.and(q.node, t.node);
          const outside = idd.diff(q.node, t.node);
          if (inside !== FALSE) next.push({ node: inside, ids: q.ids.includes(t.id) ? q.ids : [...q.ids, t.id] });
          if (outside !== FALSE) next.push({ node: outside, ids: q.ids });
        }
        pieces = next;
      }
      return pieces.map((q) => ({ ...x, node: q.node, via: q.ids.join(', ') }));
    });
    const fails = left === FALSE ? [] : firstFails.map((f) => ({ ...f, node: idd.and(f.node, left) })).filter((f) => f.node !== FALSE);
    return [...byTargets, ...fails];
  }

  /** One target's leg for the packets `p`: to the target, its reply back to the node, and a nested load balancer's own targets. */
  private leg(plan: TargetPlan, p: PacketSet, st: FlowState, depth: number): TargetPart[] {
    if (!plan.sent) return [{ node: p.node, ok: false, disposition: plan.notSent!.disposition, blockedBy: plan.notSent!.blockedBy }];
    const net = this.net;
    const s = this.space;
    const idd = s.idd(p.v);
    const w = new SetWalk(net, s, false);
    sendToTarget(w, plan, p, st);
    const out: TargetPart[] = [];
    for (const f of w.outcomes) {
      if (f.kind === 'fail') {
        out.push({ node: f.p.node, ok: false, disposition: f.disposition, blockedBy: f.blockedBy, error: f.error });
        continue;
      }
      if (!atTarget(net, plan, f.end)) {
        out.push({ node: f.p.node, ok: false, disposition: f.end.kind === 'internet' ? 'no-route' : 'unreachable-address', blockedBy: null });
        continue;
      }
      for (const r of s.reply(f.p)) {
        const rw = new SetWalk(net, s, true);
        replyToNode(rw, plan, f.end, r, replyState(f.state));
        for (const b of rw.outcomes) {
          if (b.kind === 'fail') {
            out.push({ node: b.p.node, ok: false, disposition: b.disposition === 'not-implemented' ? 'not-implemented' : 'reply-denied', blockedBy: b.blockedBy, error: b.error });
            continue;
          }
          if (!(b.end.kind === 'delivered' && b.end.iface === plan.node)) {
            out.push({ node: b.p.node, ok: false, disposition: 'reply-denied', blockedBy: null });
            continue;
          }
          if (f.end.kind === 'load-balancer') {
            const q: PacketSet = { v: f.p.v, node: idd.and(f.p.node, b.p.node), view: f.p.view };
            out.push(...this.targets(f.end, q, f.state, depth + 1));
            continue;
          }
          out.push({ node: b.p.node, ok: true, disposition: SUCCESS[f.end.kind], blockedBy: null });
        }
      }
    }
    return out;
  }
}

function failed(o: Extract<SetOutcome, { kind: 'fail' }>, strip: (p: PacketSet) => PacketSet): ReachPart {
  return { set: strip(o.p), reachable: false, disposition: o.disposition, blockedBy: o.blockedBy, error: o.error };
}

/** The complement of intervals within [0, max]. */
function complement(taken: readonly (readonly [Bound, Bound])[], max: Bound): Intervals {
  const sorted = [...taken].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [Bound, Bound][] = [];
  let at: Bound = typeof max === 'bigint' ? 0n : 0;
  const one = (x: Bound): Bound => (typeof x === 'bigint' ? x + 1n : x + 1);
  const less = (x: Bound): Bound => (typeof x === 'bigint' ? x - 1n : x - 1);
  for (const [lo, hi] of sorted) {
    if (lo > at) out.push([at, less(lo)]);
    if (hi >= at) at = one(hi);
    if (at > max) return out;
  }
  if (at <= max) out.push([at, max]);
  return out;
}

/** Addresses as text or numbers to the engine's form. */
export function addrOf(text: string): Addr | undefined {
  return parseIp(text)?.value;
}

export type { FlowState };

/** A flow's destination, as the tracer resolved it. */
export type ReachDestination =
  | { readonly kind: 'iface'; readonly iface: IfaceC }
  /** A load balancer (any of its nodes' addresses): reachable where some target is (reach.ts `targets`). */
  | { readonly kind: 'lb'; readonly lb: string }
  | { readonly kind: 'internet' }
  | { readonly kind: 'external'; readonly network: string };

/** How one part ends for a flow to `dst`: the tracer's rules (trace.ts `runFrom`). */
export interface ReachVerdict {
  readonly reachable: boolean;
  readonly disposition: Disposition;
  readonly blockedBy: string | null;
}

/**
 * The verdict of a part for a destination. A request that got somewhere other than the
 * destination (another interface holding the same address, the internet for a private address)
 * is unreachable there, whatever its reply did.
 */
export function verdictFor(part: ReachPart, dst: ReachDestination): ReachVerdict {
  const e = part.end;
  if (e !== undefined) {
    // an internet address in a service's public space reached through a gateway endpoint counts
    const here =
      dst.kind === 'iface' ? e.kind === 'delivered' && e.iface === dst.iface
      : dst.kind === 'lb' ? e.kind === 'load-balancer' && e.node.lb?.id === dst.lb
      : dst.kind === 'external' ? e.kind === 'external' && e.network === dst.network
      : e.kind === 'internet' || e.kind === 'service';
    if (!here) {
      const elsewhere: Disposition = dst.kind !== 'internet' && e.kind === 'internet' ? 'no-route' : 'unreachable-address';
      return { reachable: false, disposition: elsewhere, blockedBy: null };
    }
  }
  return { reachable: part.reachable, disposition: part.disposition, blockedBy: part.reachable ? null : part.blockedBy };
}
