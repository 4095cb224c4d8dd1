// The contract between the AWS concepts (src/concepts/) and the two engines that run them: the
// tracer, which walks one packet and explains every hop, and the symbolic engine, which walks a
// set of packets and says where each part ends (STYLE-2.md section 3; Batfish writes each AWS
// concept once into a vocabulary both its engines read). A concept writes its step once against
// `Walk<P>`: with P a packet (src/domain/packet.ts) or a set of packets (src/domain/packet-set.ts).
// Header matches are data (`HeaderMatch`), so both domains can read them; the domains are tied
// by law tests (test/domain-laws.test.ts).
import type { Addr, BlockC, CompiledNetwork, ExternalC, IfaceC, SubnetC } from '../compile-network.js';
import type { Packet } from '../traffic.js';
import type { Disposition, Hop, ScenarioPatch } from '../trace-types.js';
import type { PatchState } from '../fixes.js';

/** A conjunction of header conditions: each given field must lie in its range (addresses: in one of the blocks). */
export interface HeaderMatch {
  readonly proto?: readonly [number, number] | undefined;
  readonly srcPort?: readonly [number, number] | undefined;
  readonly dstPort?: readonly [number, number] | undefined;
  readonly icmpType?: readonly [number, number] | undefined;
  readonly icmpCode?: readonly [number, number] | undefined;
  readonly src?: readonly BlockC[] | undefined;
  readonly dst?: readonly BlockC[] | undefined;
}

/** An address table read two ways: one address (the tracer) or the whole space cut into intervals (the symbolic engine). */
export interface Lookup<R> {
  /** The value for one address, or undefined. */
  get(v: 4 | 6, a: Addr): R | undefined;
  /** The address space of family `v` cut into intervals on which the value is constant (built on first use). */
  segments(v: 4 | 6): Segments<R>;
}

/** `starts[i]` .. `starts[i + 1] - 1` has `values[i]`; starts[0] is 0. */
export interface Segments<R> {
  readonly starts: readonly Addr[];
  readonly values: readonly (R | undefined)[];
}

/** A field a translation rewrites. */
export type RewriteField = 'src' | 'dst' | 'srcPort' | 'dstPort';

/** The two readings of packets: one packet, or a set of packets. */
export interface Domain<P> {
  /** The address family of every packet in p. */
  family(p: P): 4 | 6;
  /** The part of p that `m` matches, or null. */
  meet(p: P, m: HeaderMatch): P | null;
  /** The part of p that `m` does not match, or null. */
  minus(p: P, m: HeaderMatch): P | null;
  /** The part of p that `m` matches and the rest (`meet` and `minus` at once). */
  split(p: P, m: HeaderMatch): readonly [P | null, P | null];
  /** Both parts of one packet (set) together. */
  union(a: P, b: P): P;
  /** The part of a that is not in b (b a part of a), or null. */
  without(a: P, b: P): P | null;
  /** p cut by the value the table gives its `field` (undefined: no entry), in table order. */
  partition<R>(p: P, field: 'src' | 'dst', table: Lookup<R>): readonly (readonly [R | undefined, P])[];
  /** p with `field` set to `to`; `saved` is what the reply restores (a session). */
  rewrite(p: P, field: RewriteField, to: Addr | number): { readonly p: P; readonly saved: Saved };
  /** p with `field` set back to what a rewrite saved. */
  restore(p: P, field: RewriteField, saved: Saved): P;
  /** The replies to p, by kind: addresses and ports swapped, ICMP queries answered (p holds no one-way ICMP message). */
  reply(p: P): readonly P[];
  /**
   * NAT64 (a NAT gateway): IPv6 packets to 64:ff9b::/96 as IPv4 packets from `src` to the IPv4
   * address in the destination's last 32 bits; an ICMPv6 echo request becomes an ICMP echo
   * request. p holds such packets only, all TCP or UDP, or all ICMPv6 echo requests.
   */
  nat64(p: P, src: Addr): { readonly p: P; readonly saved: Saved };
  /** The reverse for a reply to a `nat64` request: IPv6 again, from 64:ff9b::<its IPv4 source> to the request's IPv6 source. */
  nat46(p: P, saved: Saved): P;
}

/** What a rewrite saved, opaque to concepts (a value, or a field of the original packet). */
export interface Saved {
  readonly saved: true;
}

/** A NAT session: `iface` translated the source to `translated`; the reply to it is restored. */
export interface NatSession {
  readonly iface: string;
  readonly translated: Addr;
  readonly saved: Saved;
  /** A NAT64 translation (IPv6 to IPv4): the reply is translated back with `nat46`. */
  readonly nat64?: true | undefined;
  readonly next: NatSession | undefined;
}

/** Appliance-mode pins: the AZ a transit gateway attachment keeps a flow in, both ways. */
export interface Pin {
  readonly attachment: string;
  readonly az: string;
  readonly next: Pin | undefined;
}

/** The appliances (instances, or standalone interfaces) a request crossed: stateful ones admit only the replies of what they saw. */
export interface Crossed {
  readonly host: string;
  readonly next: Crossed | undefined;
}

/** What the flow carries along besides the packet. */
export interface FlowState {
  /**
   * The interface whose own address the packet carries as its source (the sender, or the NAT
   * instance that translated it; none after a NAT gateway or from outside): a security group
   * reference matches only such an interface's groups.
   */
  readonly origin: IfaceC | undefined;
  readonly started: boolean;
  /** Whether the packet crossed a transit gateway (group references do not match across one). */
  readonly viaTgw: boolean;
  /** Forwarding steps so far (route tables, the internet, transit gateways); HOP_LIMIT ends a loop. */
  readonly count: number;
  readonly nat: NatSession | undefined;
  readonly pins: Pin | undefined;
  /** The appliances the request crossed (kept for its reply). */
  readonly crossed: Crossed | undefined;
}

export const INITIAL_STATE: FlowState = { origin: undefined, started: false, viaTgw: false, count: 0, nat: undefined, pins: undefined, crossed: undefined };

/** Where a successful walk ends. */
export type End =
  | { readonly kind: 'delivered'; readonly iface: IfaceC }
  | { readonly kind: 'internet' }
  | { readonly kind: 'service'; readonly endpoint: string }
  | { readonly kind: 'external'; readonly network: string }
  /** A load balancer's listener took the connection at `node` (the client leg's end; target legs start there: concepts/load-balancer.ts). */
  | { readonly kind: 'load-balancer'; readonly node: IfaceC; readonly listener: number };

/** A hard failure, in words (the tracer's hop and blocker). */
export interface FailureText {
  readonly component: string;
  readonly kind: string;
  readonly why: string;
  readonly setting: string;
  readonly fix?: string | undefined;
  /** The failure happens as the packet enters this interface (a Flow Logs record). */
  readonly eni?: IfaceC | undefined;
  /** The hop to record instead of the plain drop hop (a route table row). */
  readonly hop?: Hop | undefined;
  /** The fix as patches, when vpcsim can write it. */
  readonly patches?: ((ps: PatchState) => readonly ScenarioPatch[] | undefined) | undefined;
}

/** A hop, as concepts describe it; the packet view is added by the tracer unless the spec gives another (an encapsulating packet). */
export type HopSpec = Omit<Hop, 'packet'> & { readonly packet?: Hop['packet'] };

/**
 * One walk: the engine's side of the contract. Concepts call it to record hops, end parts of
 * the packet (set), filter, and move on to the next location.
 */
export interface Walk<P> {
  readonly net: CompiledNetwork;
  readonly dom: Domain<P>;
  /** Whether this walk carries replies (security groups admit them; NAT sessions restore them). */
  readonly reply: boolean;
  /**
   * Records a hop (the tracer; the symbolic engine ignores it). `build` sees the concrete packet,
   * and `before` as it was before a translation, when given.
   */
  hop(p: P, build: (pk: Packet, before: Packet) => HopSpec, before?: P): void;
  /** Ends p with a failure. */
  fail(p: P, disposition: Disposition, blockedBy: string | null, build: (pk: Packet) => FailureText): void;
  /** Ends p on a path vpcsim does not model: `not-implemented`, never a success. */
  notModelled(p: P, what: string): void;
  /** Ends p successfully. */
  end(p: P, end: End, s: FlowState): void;
  /** The interface's security groups: the part they admit (the tracer keeps the whole packet and records a blocker). */
  sg(p: P, iface: IfaceC, inbound: boolean, s: FlowState): P | null;
  /** The subnet's network ACL: the part it admits (idem); `where` says why this subnet's ACL applies. */
  nacl(p: P, subnet: SubnetC, inbound: boolean, where?: string): P | null;
  // the locations a packet moves to (src/walk/driver.ts)
  leave(iface: IfaceC, p: P, s: FlowState): void;
  route(subnet: SubnetC, sender: IfaceC | undefined, p: P, s: FlowState): void;
  arrive(iface: IfaceC, p: P, s: FlowState): void;
  internet(p: P, s: FlowState): void;
  transitGateway(tgw: string, from: string, p: P, s: FlowState, az: string | undefined): void;
  external(network: ExternalC, p: P, s: FlowState): void;
}

/** A path vpcsim does not model: the tracer reports `not-implemented`, never a success. */
export class NotModelled extends Error {}
