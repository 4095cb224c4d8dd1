// The symbolic engine's walk (P = a set of packets): every part of the set ends somewhere, and
// the walk records where. A security group or network ACL passes on the part it admits and ends
// the rest with its denial (the tracer, for one packet, keeps going to list every blocker; the
// first denial decides in both). Hops are not recorded: the tracer explains a witness.
import type { CompiledNetwork, ExternalC, IfaceC, SubnetC } from '../compile-network.js';
import { internet } from '../concepts/internet-gateway.js';
import { naclAdmits } from '../concepts/network-acl.js';
import { arrive, leave } from '../concepts/network-interface.js';
import { route } from '../concepts/route-table.js';
import { sgAdmits } from '../concepts/security-group.js';
import { transitGateway } from '../concepts/transit-gateway.js';
import { external } from '../concepts/external-network.js';
import type { PacketSet, PacketSpace } from '../domain/packet-set.js';
import type { Disposition } from '../trace-types.js';
import { NotModelled, type End, type FlowState, type Walk } from './types.js';

/** Where a part of the set ended. */
export type SetOutcome =
  | { readonly kind: 'fail'; readonly p: PacketSet; readonly disposition: Disposition; readonly blockedBy: string | null; readonly error?: string | undefined }
  | { readonly kind: 'end'; readonly p: PacketSet; readonly end: End; readonly state: FlowState };

export class SetWalk implements Walk<PacketSet> {
  readonly outcomes: SetOutcome[] = [];

  constructor(
    readonly net: CompiledNetwork,
    readonly dom: PacketSpace,
    readonly reply: boolean,
    /**
     * The internet ends the walk, whatever address the packet is for (the diff's edge walk: how
     * a source's own side treats what it sends to the internet, apart from where it lands).
     */
    readonly edge = false,
  ) {}

  hop(): void {}

  fail(p: PacketSet, disposition: Disposition, blockedBy: string | null): void {
    this.outcomes.push({ kind: 'fail', p, disposition, blockedBy });
  }

  notModelled(p: PacketSet, what: string): void {
    this.outcomes.push({ kind: 'fail', p, disposition: 'not-implemented', blockedBy: null, error: what });
  }

  end(p: PacketSet, end: End, state: FlowState): void {
    this.outcomes.push({ kind: 'end', p, end, state });
  }

  sg(p: PacketSet, iface: IfaceC, inbound: boolean, s: FlowState): PacketSet | null {
    // no group (a NAT gateway's interface), or a reply: security groups are stateful
    if (iface.sgs.length === 0 || this.reply) return p;
    const admitted = sgAdmits(this, iface, inbound, p, { origin: s.origin, viaTgw: s.viaTgw });
    const denied = admitted === null ? p : this.dom.without(p, admitted);
    if (denied !== null) this.fail(denied, inbound ? 'denied-sg-ingress' : 'denied-sg-egress', iface.sgs[0]!.id);
    return admitted;
  }

  nacl(p: PacketSet, s: SubnetC, inbound: boolean): PacketSet | null {
    const { admitted, denied } = naclAdmits(this, inbound ? s.nacl.inbound : s.nacl.outbound, inbound, p);
    if (denied !== null) this.fail(denied, inbound ? 'denied-nacl-ingress' : 'denied-nacl-egress', s.nacl.id);
    return admitted;
  }

  /** Runs a step; a path vpcsim does not model ends that part as `not-implemented`, never as a success. */
  private guard(p: PacketSet, step: () => void): void {
    try {
      step();
    } catch (e) {
      if (!(e instanceof NotModelled)) throw e;
      this.notModelled(p, e.message);
    }
  }

  leave(iface: IfaceC, p: PacketSet, s: FlowState): void {
    this.guard(p, () => leave(this, iface, p, s));
  }
  route(subnet: SubnetC, sender: IfaceC | undefined, p: PacketSet, s: FlowState): void {
    this.guard(p, () => route(this, subnet, sender, p, s));
  }
  arrive(iface: IfaceC, p: PacketSet, s: FlowState): void {
    this.guard(p, () => arrive(this, iface, p, s));
  }
  internet(p: PacketSet, s: FlowState): void {
    this.guard(p, () => (this.edge ? this.end(p, { kind: 'internet' }, s) : internet(this, p, s)));
  }
  transitGateway(tgw: string, from: string, p: PacketSet, s: FlowState, az: string | undefined): void {
    this.guard(p, () => transitGateway(this, tgw, from, p, s, az));
  }
  external(network: ExternalC, p: PacketSet, s: FlowState): void {
    this.guard(p, () => external(this, network, p, s));
  }
}
