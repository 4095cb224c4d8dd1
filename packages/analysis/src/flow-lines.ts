// Sets of packets as lines a person reads: one line per (destination, protocol, ports) with the
// addresses merged into CIDR blocks, the whole internet said as `internet`. Shared by `diff`
// (diff-network.ts) and `reach` (reach-query.ts).
import { formatIp, parseIpv4, parseIpv6 } from '@vpcsim/model';
import { blockLast, DEFAULT_INTERNET_IP, DEFAULT_INTERNET_IP6, DEFAULT_SRC_PORT, IntervalLookup, type Bound, type FieldRanges, type Flow, type Intervals, type Packet, type PacketSet, type PacketSpace, type Reach } from '@vpcsim/net';

/** A line of `diff` or `reach`: sources that send a destination this traffic, merged. */
export interface FlowLine {
  /** The sources: instance or interface ids, `external:ID`, `internet` (every internet address), or `internet:CIDR,...` for part of it. */
  readonly from: readonly string[];
  /** The destination: an instance, interface, NAT gateway, endpoint or load balancer id, `external:ID`, `internet`, a VPC id (its unassigned addresses), or the addresses when nothing holds them. */
  readonly to: string;
  /** The destination's addresses the line covers: CIDR blocks, or `BLOCK except HOLES`. */
  readonly toAddresses?: string | undefined;
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `other` (every other protocol) or protocol numbers. */
  readonly protocol: string;
  /** Destination ports (`22`, `1024-65535`, `22, 443`); TCP and UDP only. */
  readonly ports?: string | undefined;
  /** Client source ports, when not every port asked. */
  readonly srcPorts?: string | undefined;
  /** ICMP type and code, when not every one. */
  readonly icmp?: string | undefined;
}

/** Who holds an address in one version: an interface (by its endpoint label), an external network, or the internet. */
export interface Owner {
  /** `i-web-1`, `eni-9`, `nat-1`, `external:office`, `internet`; for an address no one holds, the VPC it lies in. */
  readonly label: string;
  readonly kind: 'iface' | 'lb' | 'external' | 'internet' | 'unassigned';
  /** The interface id, for an interface. */
  readonly iface?: string | undefined;
  /** The instance or resource the interface belongs to (a host does not send to itself). */
  readonly host?: string | undefined;
  /** An interface endpoint's interface: the endpoint id (it accepts TCP over IPv4 only). */
  readonly endpoint?: string | undefined;
}

/** The address owners of a version, per family, as a lookup (an address with none is unassigned). */
export function ownersOf(reach: Reach): IntervalLookup<Owner> {
  const model = reach.model;
  const entries: { v: 4 | 6; intervals: (readonly [Bound, Bound])[]; value: Owner }[] = [];
  for (const i of reach.net.ifaces.values()) {
    const o = model.index.networkInterface.get(i.id)?.owner;
    const label = o?.kind === 'instance' ? o.instance : o?.kind === 'nat-gateway' ? o.natGateway : o?.kind === 'vpc-endpoint' ? o.vpcEndpoint : i.id;
    // a load balancer's node: the load balancer (its listeners decide)
    const value: Owner = i.lb !== undefined ? { label: i.lb.id, kind: 'lb', iface: i.id, host: i.lb.id } : { label, kind: 'iface', iface: i.id, host: label, ...(o?.kind === 'vpc-endpoint' ? { endpoint: o.vpcEndpoint } : {}) };
    const v4 = [...i.addrs4, ...(i.pub4 !== undefined ? [i.pub4] : [])];
    if (v4.length > 0) entries.push({ v: 4, intervals: v4.map((a) => [a, a] as const).sort((x, y) => (x[0] as number) - (y[0] as number)), value });
    if (i.addrs6.length > 0) entries.push({ v: 6, intervals: i.addrs6.map((a) => [a, a] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1)), value });
  }
  for (const e of reach.net.externals) {
    const value: Owner = { label: `external:${e.id}`, kind: 'external' };
    for (const v of [4, 6] as const) {
      const iv = reach.sourceAddresses({ kind: 'external', network: e.id }, v);
      if (iv.length > 0) entries.push({ v, intervals: [...iv], value });
    }
  }
  for (const v of [4, 6] as const) entries.push({ v, intervals: [...reach.internetAddresses(v)], value: { label: 'internet', kind: 'internet' } });
  // last (the lookup lists entries in this order, and the first one wins): a VPC's addresses no interface holds
  for (const vpc of reach.net.vpcs.values()) {
    const value: Owner = { label: vpc.id, kind: 'unassigned' };
    for (const v of [4, 6] as const) {
      const iv = vpc.blocks.filter((b) => b.v === v).map((b) => [b.base, blockLast(b)] as const);
      if (iv.length > 0) entries.push({ v, intervals: iv.sort((x, y) => (x[0] < y[0] ? -1 : 1)), value });
    }
  }
  return new IntervalLookup(entries);
}

const PROTOCOL_NAMES: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6' };

/**
 * The address a witness from the internet prefers, where the set holds it: the tracer's stand-in
 * for `internet` (203.0.113.10), and for IPv6 2001:db8::10 (both documentation ranges, RFC 5737
 * and RFC 3849), never the lowest address of the set (0.0.0.0 or ::, which no host sends from).
 */
export function internetStandIn(v: 4 | 6): Bound {
  return STAND_IN[v === 4 ? 0 : 1];
}
/** The tracer's own stand-ins (@vpcsim/net), as bounds. */
const STAND_IN: readonly [Bound, Bound] = [parseIpv4(DEFAULT_INTERNET_IP)!, parseIpv6(DEFAULT_INTERNET_IP6)!];

/** A protocol number as rules write it. */
export function protocolName(n: number): string {
  return PROTOCOL_NAMES[n] ?? String(n);
}

/** Whether two interval lists are the same (without printing them: the internet is long). */
export function sameIntervals(a: Intervals, b: Intervals): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]![0] !== b[i]![0] || a[i]![1] !== b[i]![1]) return false;
  return true;
}

/** Port or number ranges as text: `22`, `1024-65535`, `22, 443`. */
export function rangesText(iv: Intervals): string {
  return iv.map(([lo, hi]) => (lo === hi ? String(lo) : `${String(lo)}-${String(hi)}`)).join(', ');
}

/** Addresses as the fewest CIDR blocks (`10.0.0.0/24`, `3.80.1.10`). */
export function cidrsOf(v: 4 | 6, iv: Intervals): string[] {
  const out: string[] = [];
  const bits = v === 4 ? 32 : 128;
  for (const [lo0, hi0] of iv) {
    let lo = BigInt(lo0);
    const hi = BigInt(hi0);
    while (lo <= hi) {
      // the largest block that starts at lo and ends by hi
      let size = 0;
      while (size < bits && (lo & ((1n << BigInt(size + 1)) - 1n)) === 0n && lo + (1n << BigInt(size + 1)) - 1n <= hi) size++;
      const text = formatIp(v === 4 ? Number(lo) : lo);
      out.push(size === 0 ? text : `${text}/${bits - size}`);
      lo += 1n << BigInt(size);
    }
  }
  return out;
}

/**
 * The simplest packet of a set within one line's protocol, as a flow the tracer runs: the
 * preferred source address where the set holds it (and the preferred destination: the
 * internet's stand-in toward the internet, never 0.0.0.0 or ::), the lowest port, an echo
 * request for ICMP. `name` writes its ends as the tracer takes them (an interface's id,
 * `internet:IP`, an address).
 */
export function exampleFlow(space: PacketSpace, set: PacketSet, protocol: string, src: Bound | undefined, name: { from(src: Bound): string; to(dst: Bound): string }, dst?: Bound): Flow {
  const v = set.v;
  const proto = protocol === 'tcp' ? 6 : protocol === 'udp' ? 17 : protocol === 'icmp' ? 1 : protocol === 'icmpv6' ? 58 : undefined;
  const within = proto === undefined ? set : (space.meet(set, { proto: [proto, proto] }) ?? set);
  // for the other protocols, GRE (47) where the set has it, rather than protocol 0
  const pick: Packet = space.witness(within, { srcPort: DEFAULT_SRC_PORT, icmpType: v === 4 ? 8 : 128, ...(proto === undefined ? { proto: 47 } : {}), ...(src !== undefined ? { src } : {}), ...(dst !== undefined ? { dst } : {}) });
  const ports = pick.proto === 6 || pick.proto === 17;
  const icmp = pick.proto === 1 || pick.proto === 58;
  return {
    from: name.from(pick.src),
    to: name.to(pick.dst),
    protocol: pick.proto === 6 || pick.proto === 17 || icmp ? protocolName(pick.proto) : pick.proto,
    ...(ports ? { port: pick.dstPort } : {}),
    ...(ports && pick.srcPort !== DEFAULT_SRC_PORT ? { srcPort: pick.srcPort } : {}),
    ...(icmp ? { icmpType: pick.icmpType, icmpCode: pick.icmpCode } : {}),
  };
}

/** One line's traffic: protocol, destination ports, source ports (when not all the query asked), ICMP type and code. */
export interface Traffic {
  readonly protocol: string;
  readonly ports?: string | undefined;
  readonly srcPorts?: string | undefined;
  readonly icmp?: string | undefined;
}

const OTHER = '0, 2-5, 7-16, 18-57, 59-255';

const EVERY_PORT: Intervals = [[0, 65535]];
const same = (a: Intervals | undefined, b: Intervals | undefined): boolean => sameIntervals(a ?? EVERY_PORT, b ?? EVERY_PORT);

/**
 * The traffic of one product of a set, cut by protocol: TCP, UDP, ICMP and ICMPv6 each their
 * line, the other protocols together.
 */
export function trafficOf(p: FieldRanges, srcPortsAsked: Intervals): Traffic[] {
  const protos = p.proto ?? [[0, 255]];
  const named: number[] = [];
  const rest: [number, number][] = [];
  for (const [lo, hi] of protos as (readonly [number, number])[]) {
    let at = lo;
    for (const n of [1, 6, 17, 58]) {
      if (n < at || n > hi) continue;
      if (n > at) rest.push([at, n - 1]);
      named.push(n);
      at = n + 1;
    }
    if (at <= hi) rest.push([at, hi]);
  }
  const out: Traffic[] = [];
  for (const n of named) {
    if (n === 6 || n === 17) {
      out.push({ protocol: protocolName(n), ports: rangesText(p.dstPort ?? [[0, 65535]]), ...(same(p.srcPort, srcPortsAsked) ? {} : { srcPorts: rangesText(p.srcPort ?? [[0, 65535]]) }) });
    } else {
      const t = p.icmpType;
      const c = p.icmpCode;
      const icmp = t === undefined && c === undefined ? undefined : `type ${t === undefined ? 'any' : rangesText(t)}${c === undefined ? '' : ` code ${rangesText(c)}`}`;
      out.push({ protocol: protocolName(n), ...(icmp ? { icmp } : {}) });
    }
  }
  // every protocol but TCP, UDP, ICMP and ICMPv6: `other`
  if (rest.length > 0) out.push({ protocol: rangesText(rest) === OTHER ? 'other' : rangesText(rest) });
  return out;
}

/** A set cut by the owners of its destination addresses in two versions (either may be absent: unassigned). */
export function byOwners(space: PacketSpace, set: PacketSet, a: IntervalLookup<Owner>, b?: IntervalLookup<Owner>): { a: Owner | undefined; b: Owner | undefined; set: PacketSet }[] {
  const out: { a: Owner | undefined; b: Owner | undefined; set: PacketSet }[] = [];
  for (const [oa, part] of space.partition(set, 'dst', a)) {
    const first = oa?.[0];
    if (b === undefined) {
      out.push({ a: first, b: undefined, set: part });
      continue;
    }
    for (const [ob, sub] of space.partition(part, 'dst', b)) out.push({ a: first, b: ob?.[0], set: sub });
  }
  return out;
}

/**
 * Addresses as text: the fewest CIDR blocks, or, when that is long and the addresses are one
 * block with a few holes, `BLOCK except HOLES` (a VPC's unassigned addresses).
 */
export function addressText(v: 4 | 6, iv: Intervals): string {
  const blocks = cidrsOf(v, iv);
  if (blocks.length <= 4 || iv.length === 0) return blocks.join(', ');
  const lo = BigInt(iv[0]![0]);
  const hi = BigInt(iv[iv.length - 1]![1]);
  const bits = v === 4 ? 32 : 128;
  // the smallest block holding both ends
  let prefix = bits;
  while (prefix > 0 && lo >> BigInt(bits - prefix) !== hi >> BigInt(bits - prefix)) prefix--;
  const base = (lo >> BigInt(bits - prefix)) << BigInt(bits - prefix);
  const last = base + (1n << BigInt(bits - prefix)) - 1n;
  const cover: Intervals = [[v === 4 ? Number(base) : base, v === 4 ? Number(last) : last]];
  const holes = subtractIv(cover, iv, v);
  const holeText = cidrsOf(v, holes);
  if (holeText.length > 4) return blocks.join(', ');
  return holeText.length === 0 ? cidrsOf(v, cover).join(', ') : `${cidrsOf(v, cover).join(', ')} except ${holeText.join(', ')}`;
}

/** a ∖ b for sorted interval lists. */
function subtractIv(a: Intervals, b: Intervals, v: 4 | 6): Intervals {
  const out: [Bound, Bound][] = [];
  const num = (x: bigint): Bound => (v === 4 ? Number(x) : x);
  for (const [lo0, hi0] of a) {
    let lo = BigInt(lo0);
    const hi = BigInt(hi0);
    for (const [blo0, bhi0] of b) {
      const [blo, bhi] = [BigInt(blo0), BigInt(bhi0)];
      if (bhi < lo || blo > hi) continue;
      if (blo > lo) out.push([num(lo), num(blo - 1n)]);
      lo = bhi + 1n;
      if (lo > hi) break;
    }
    if (lo <= hi) out.push([num(lo), num(hi)]);
  }
  return out;
}

/** An internet or external source's addresses in a line: its label when it sends from all of them, else the blocks. */
export function sourceText(label: string, v: 4 | 6, src: Intervals | undefined, all: Intervals): string {
  if (src === undefined || sameIntervals(src, all)) return label;
  // most of the internet: say what is left out
  const blocks = cidrsOf(v, src);
  return `${label}:${blocks.join(',')}`;
}

/** A line before its sources are merged: a destination, its addresses, the traffic, and whatever else it says. */
export interface LineBody {
  readonly to: string;
  readonly toAddresses?: string | undefined;
}

/** A line of a share before merging: its body, its sources, the position of the source that added it first, its tag. */
export interface LineEntry<B, T = undefined> {
  readonly body: B;
  readonly from: readonly string[];
  readonly first: number;
  readonly tag?: T | undefined;
}

/**
 * Lines merged as they come: one per body (destination, addresses, traffic, sides), with every
 * source that has it; then, for the same sources, one line per destination with its addresses
 * joined. At most `max` lines (`add` returns false past it).
 */
export class LineSet<B extends LineBody, T = undefined> {
  private readonly lines = new Map<string, { body: B; from: Set<string>; tag: T | undefined; first: number }>();
  /** The position of the source being walked: a new line records it (shares are merged in this order). */
  at = 0;
  constructor(private readonly max: number) {}

  /** Adds a source to a line; `tag` is kept for the line's first source (a witness). */
  add(body: B, from: string, tag?: T): boolean {
    const key = JSON.stringify(body);
    let line = this.lines.get(key);
    if (!line) {
      if (this.lines.size >= this.max) return false;
      this.lines.set(key, (line = { body, from: new Set(), tag, first: this.at }));
    }
    line.from.add(from);
    return true;
  }

  /** The lines in the order they were added, each with its sources and where it was first added: what a share hands back. */
  entries<U = T>(tagOf?: (tag: T | undefined, body: B) => U | undefined): LineEntry<B, U>[] {
    return [...this.lines.values()].map((l) => ({ body: l.body, from: [...l.from], first: l.first, tag: tagOf ? tagOf(l.tag, l.body) : (l.tag as unknown as U | undefined) }));
  }

  /**
   * The lines of several shares as one set, as if one walk had added them in source order: the
   * entries sorted by the position of their first source (within a share they are in that order
   * already, and a position is in one share only), each line's tag its first source's.
   * `complete` is false when the union has more than `max` lines.
   */
  static merge<B extends LineBody, T>(max: number, shares: readonly (readonly LineEntry<B, T>[])[]): { set: LineSet<B, T>; complete: boolean } {
    const set = new LineSet<B, T>(max);
    // INVARIANT: Array.prototype.sort is stable (ES2019), so entries of one position keep their share's order
    const all = shares.flat().sort((x, y) => x.first - y.first);
    let complete = true;
    for (const e of all) {
      set.at = e.first;
      for (const f of e.from) if (!set.add(e.body, f, e.tag)) complete = false;
    }
    return { set, complete };
  }

  /** The lines, sources sorted (`internet` first, then external networks, then by name), addresses of one destination joined, each with the tag of one of its parts. */
  mergedWithTags(): { line: B & { readonly from: readonly string[] }; tag: T | undefined }[] {
    const out = new Map<string, { line: B & { from: readonly string[] }; tag: T | undefined }>();
    for (const { body, from, tag } of this.lines.values()) {
      const f = [...from].sort(sourceOrder);
      // a line of a whole destination (no addresses: every internet address of its family) is not
      // merged with a part of one (after NAT64, IPv6 lines to the internet name 64:ff9b::/96 blocks)
      const key = JSON.stringify([f, { ...body, toAddresses: body.toAddresses === undefined ? null : undefined }]);
      const had = out.get(key);
      out.set(key, had === undefined ? { line: { from: f, ...body }, tag } : { line: { ...had.line, toAddresses: [had.line.toAddresses, body.toAddresses].filter((x) => x !== undefined).join(', ') || undefined }, tag: had.tag ?? tag });
    }
    return [...out.values()];
  }
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `internet` first, then external networks, then instances and interfaces, each by name. */
export function sourceOrder(a: string, b: string): number {
  const rank = (s: string): number => (s.startsWith('internet') ? 0 : s.startsWith('external:') ? 1 : 2);
  return rank(a) - rank(b) || compareText(a, b);
}

/** Lines in reading order: by destination, protocol, ports, first source. */
export function lineOrder(x: { to: string; protocol: string; ports?: string | undefined; from: readonly string[] }, y: typeof x): number {
  return compareText(x.to, y.to) || compareText(x.protocol, y.protocol) || compareText(x.ports ?? '', y.ports ?? '') || compareText(x.from[0] ?? '', y.from[0] ?? '');
}
