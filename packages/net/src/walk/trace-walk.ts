// The tracer's walk (P = one packet): records every hop with its explanation; a security group
// or network ACL that denies is recorded as a blocker and the walk goes on as if it allowed, so
// `blockers` lists every filter setting that would have to change (as Reachability Analyzer's
// blocked path does); the first failure decides the disposition and `blockedBy`. A hard failure
// (no route, blackhole, ...) ends the walk: the packet cannot go on.
import { formatIp } from '@vpcsim/model';
import type { CompiledNetwork, ExternalC, IfaceC, SubnetC } from '../compile-network.js';
import { internet } from '../concepts/internet-gateway.js';
import { naclVerdict } from '../concepts/network-acl.js';
import { arrive, leave } from '../concepts/network-interface.js';
import { route } from '../concepts/route-table.js';
import { sgDenial, sgMatch } from '../concepts/security-group.js';
import { transitGateway } from '../concepts/transit-gateway.js';
import { external } from '../concepts/external-network.js';
import { packetDomain, type Pkt } from '../domain/packet.js';
import { newPatchState, type PatchState } from '../fixes.js';
import { protocolName } from '../traffic.js';
import type { Blocker, Disposition, Hop, ScenarioPatch } from '../trace-types.js';
import { NotModelled, type End, type FailureText, type FlowState, type HopSpec, type Walk } from './types.js';

/** How a walk ended: a failure, or a success with the packet and the flow state at the end. */
export type WalkEnd =
  | { readonly kind: 'fail'; readonly disposition: Disposition; readonly blockedBy: string | null }
  | { readonly kind: 'end'; readonly end: End; readonly pkt: Pkt; readonly state: FlowState };

function view(p: Pkt): NonNullable<Hop['packet']> {
  if (p.view === undefined) {
    const isPorts = p.proto === 6 || p.proto === 17;
    p.view = isPorts
      ? { src: formatIp(p.src), dst: formatIp(p.dst), protocol: protocolName(p.proto), srcPort: p.srcPort, dstPort: p.dstPort }
      : { src: formatIp(p.src), dst: formatIp(p.dst), protocol: protocolName(p.proto) };
  }
  return p.view!;
}

export class TraceWalk implements Walk<Pkt> {
  readonly dom = packetDomain;
  readonly hops: Hop[] = [];
  /** The first filter denial (the walk goes on past it to collect blockers). */
  first: Extract<WalkEnd, { kind: 'fail' }> | undefined;
  /** How the walk ended (set once). */
  result: WalkEnd | undefined;
  /** Made on the first blocker that gets patches (most traces have none). */
  ps: PatchState | undefined;

  constructor(
    readonly net: CompiledNetwork,
    readonly reply: boolean,
    readonly blockers: Blocker[],
  ) {}

  private patchState(): PatchState {
    return (this.ps ??= newPatchState(this.net.model));
  }

  /** Adds a hop built from a spec, with the packet it is about. */
  push(h: HopSpec, p: Pkt): void {
    const packet = h.packet ?? view(p);
    this.hops.push(
      h.interface === undefined
        ? { component: h.component, kind: h.kind, verdict: h.verdict, rule: h.rule, detail: h.detail, packet }
        : { component: h.component, kind: h.kind, verdict: h.verdict, rule: h.rule, detail: h.detail, interface: h.interface, packet },
    );
  }

  hop(p: Pkt, build: (pk: Pkt, before: Pkt) => HopSpec, before?: Pkt): void {
    this.push(build(p, before ?? p), p);
  }

  fail(p: Pkt, disposition: Disposition, blockedBy: string | null, build: (pk: Pkt) => FailureText): void {
    const f = build(p);
    if (f.hop) this.push(f.hop, p);
    else if (f.eni) this.push({ component: f.component, kind: f.kind, verdict: 'drop', detail: { step: 'drop', why: f.why }, interface: { id: f.eni.id, direction: 'ingress' } }, p);
    else this.push({ component: f.component, kind: f.kind, verdict: 'drop', detail: { step: 'drop', why: f.why } }, p);
    // the blocker is the setting to change: the component that blocks, else the hop's component
    const b: Blocker = { component: blockedBy ?? f.component, setting: f.setting, fix: f.fix };
    const patches = f.patches?.(this.patchState());
    this.blockers.push(patches ? { ...b, patches } : b);
    this.result ??= this.first ?? { kind: 'fail', disposition, blockedBy };
  }

  notModelled(_p: Pkt, what: string): void {
    // the trace reports it as `not-implemented` with this message (trace.ts)
    throw new NotModelled(what);
  }

  end(p: Pkt, end: End, s: FlowState): void {
    // a success after a filter denial is still where the packet went: the reply is traced from there
    this.result ??= { kind: 'end', end, pkt: p, state: s };
  }

  /** A filter denial: recorded; the walk goes on to find further blockers. */
  private deny(disposition: Disposition, component: string, setting: string, fix: string, patches: readonly ScenarioPatch[] | undefined): void {
    this.blockers.push({ component, setting, fix, patches });
    this.first ??= { kind: 'fail', disposition, blockedBy: component };
  }

  sg(p: Pkt, iface: IfaceC, inbound: boolean, s: FlowState): Pkt {
    if (iface.sgs.length === 0) return p;
    const direction = inbound ? 'inbound' : 'outbound';
    if (this.reply) {
      this.push({ component: iface.sgs[0]!.id, kind: 'security-group', verdict: 'allow', detail: { step: 'filter', direction, why: 'security groups are stateful: the reply to a connection they admit needs no rule' } }, p);
      return p;
    }
    const r = sgMatch(this.net, iface, inbound, p, { origin: s.origin, viaTgw: s.viaTgw });
    if (r) {
      this.push({ component: r.group, kind: 'security-group', verdict: 'allow', rule: r.text, detail: { step: 'filter', direction, why: `an ${direction} rule of the interface's security groups allows it` } }, p);
      return p;
    }
    const d = sgDenial(iface, inbound, p, s.origin);
    this.push({ component: d.group, kind: 'security-group', verdict: 'deny', detail: { step: 'filter', direction, why: d.why } }, p);
    this.deny(inbound ? 'denied-sg-ingress' : 'denied-sg-egress', d.group, `${direction} rules`, d.fix, d.patches(this.patchState()));
    return p;
  }

  nacl(p: Pkt, s: SubnetC, inbound: boolean, where?: string): Pkt {
    const v = naclVerdict(s, inbound, p, this.reply, where);
    const direction = inbound ? 'inbound' : 'outbound';
    if (v.allowed) {
      this.push({ component: s.nacl.id, kind: 'network-acl', verdict: 'allow', rule: v.rule, detail: { step: 'filter', direction, why: v.why, table: v.table } }, p);
      return p;
    }
    this.push({ component: s.nacl.id, kind: 'network-acl', verdict: 'deny', rule: v.rule, detail: { step: 'filter', direction, why: v.why, table: v.table } }, p);
    const patches = v.patches(this.patchState());
    this.deny(inbound ? 'denied-nacl-ingress' : 'denied-nacl-egress', s.nacl.id, `${direction} rules`, v.fix, patches);
    return p;
  }

  leave(iface: IfaceC, p: Pkt, s: FlowState): void {
    leave(this, iface, p, s);
  }
  route(subnet: SubnetC, sender: IfaceC | undefined, p: Pkt, s: FlowState): void {
    route(this, subnet, sender, p, s);
  }
  arrive(iface: IfaceC, p: Pkt, s: FlowState): void {
    arrive(this, iface, p, s);
  }
  internet(p: Pkt, s: FlowState): void {
    internet(this, p, s);
  }
  transitGateway(tgw: string, from: string, p: Pkt, s: FlowState, az: string | undefined): void {
    transitGateway(this, tgw, from, p, s, az);
  }
  external(network: ExternalC, p: Pkt, s: FlowState): void {
    external(this, network, p, s);
  }
}
