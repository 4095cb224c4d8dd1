// The symbolic reading of the walk contract: P is a set of packets of one address family. The
// set is an interval decision diagram (idd.ts) over the packet as its source sent it (protocol,
// destination port, source port, ICMP type and code, source and destination address); a `view`
// says, for each header field as it is now, which field of the original packet it carries, or
// the constant a translation wrote. A NAT gateway's rewrite of the source, a reply's swap of
// addresses and ports, the restoring of a NAT session: all are changes of the view, never of the
// set, so every answer (delivered, denied, the reply got back) is a set of original packets, and
// two answers compare by node identity. NAT64 changes the family of the view, not of the set: an
// IPv6 packet's IPv4 destination is its original destination minus the 64:ff9b::/96 prefix (an
// offset the view carries), so IPv4 tables and matches read it in the IPv6 diagram.
import { getHeapStatistics } from 'node:v8';
import { formatIp } from '@vpcsim/model';
import type { Addr, BlockC } from '../compile-network.js';
import { blockLast } from '../lookup.js';
import type { Packet } from '../traffic.js';
import type { Domain, HeaderMatch, Lookup, RewriteField, Saved } from '../walk/types.js';
import { CELL_BYTES, FALSE, Idd, intersectIntervals, normalizeIntervals, splitTable, type Bound, type CellBudget, type Intervals, type SplitTable } from './idd.js';
import { ICMP_REPLY, NAT64_BASE } from './packet.js';

/**
 * Header fields, in the order of the diagram's dimensions. The destination comes first: walks
 * cut sets by destination (routes, owners), and what lies below a destination (the sources,
 * protocols and ports that reach it) is then one shared node, so filters on it are memoised
 * across destinations (measured: README "The symbolic engine").
 */
export const FIELDS = ['dst', 'src', 'proto', 'dstPort', 'srcPort', 'icmpType', 'icmpCode'] as const;
export type Field = (typeof FIELDS)[number];
const F: Record<Field, number> = { dst: 0, src: 1, proto: 2, dstPort: 3, srcPort: 4, icmpType: 5, icmpCode: 6 };

const MAX4 = 0xffffffff;
const MAX6 = (1n << 128n) - 1n;

/** For each current field: the original field it carries (its index), or -1 with a constant. */
interface View {
  readonly dims: readonly number[];
  readonly consts: readonly (Bound | undefined)[];
  /**
   * For an address field carried with an offset: the field as it is now is the original field
   * minus `offs[f]` (NAT64: an IPv4 address inside 64:ff9b::/96). Empty: none.
   */
  readonly offs: readonly (bigint | undefined)[];
  /** The family of the packets as they are now, when it is not the original one (after NAT64). */
  readonly fam: 4 | 6 | undefined;
  readonly key: string;
}

const IDENTITY: View = { dims: [0, 1, 2, 3, 4, 5, 6], consts: [], offs: [], fam: undefined, key: '0123456' };

function makeView(dims: number[], consts: (Bound | undefined)[], offs: readonly (bigint | undefined)[] = [], fam: 4 | 6 | undefined = undefined): View {
  let key = '';
  for (let f = 0; f < 7; f++) key += dims[f]! >= 0 ? `${dims[f]}${offs[f] !== undefined ? `-${offs[f]!.toString(16)};` : ''}` : `=${String(consts[f])};`;
  if (fam !== undefined) key += `|v${fam}`;
  return key === IDENTITY.key ? IDENTITY : { dims, consts, offs, fam, key };
}

/** A view with some fields changed (`set` edits copies of its arrays). */
function editView(view: View, set: (dims: number[], consts: (Bound | undefined)[], offs: (bigint | undefined)[]) => void, fam: 4 | 6 | undefined = view.fam): View {
  const dims = [...view.dims];
  const consts = [...view.consts];
  const offs = [...view.offs];
  set(dims, consts, offs);
  return makeView(dims, consts, offs, fam);
}

/** A set of packets of one family: original packets, seen through a view. */
export interface PacketSet {
  readonly v: 4 | 6;
  readonly node: number;
  readonly view: View;
}

interface SavedField extends Saved {
  readonly dim: number;
  readonly value: Bound | undefined;
  readonly off: bigint | undefined;
}

/** What a NAT64 translation saved: the view before it. */
interface SavedView extends Saved {
  readonly view: View;
}

const NAT64 = NAT64_BASE;

/** Per-field ranges a query gives (undefined: every value). */
export type FieldRanges = Partial<Record<Field, Intervals>>;

/** The packet-set domain: two diagram managers (IPv4, IPv6) shared by every set it makes, so sets of two scenarios compare. */
/** At most this many cells by default (about 1.2 GB of heap; the 1,000-VPC estate's sets take a few thousand). */
export const MAX_CELLS = 40_000_000;

/**
 * The default budget of cells: MAX_CELLS, or half the heap this process may use (so a
 * process started with a small heap stops with SetBudgetExceeded, its scenario and model
 * still in memory, before V8 runs out of it).
 */
export function defaultMaxCells(): number {
  const heap = getHeapStatistics().heap_size_limit;
  return Math.max(1_000_000, Math.min(MAX_CELLS, Math.floor(heap / 2 / CELL_BYTES)));
}

export class PacketSpace implements Domain<PacketSet> {
  /** The interval cells both families' diagrams have made, and how many they may (SetBudgetExceeded past it). */
  readonly budget: CellBudget;
  readonly idd4: Idd;
  readonly idd6: Idd;

  constructor(options: { readonly maxCells?: number | undefined } = {}) {
    this.budget = { cells: 0, limit: options.maxCells ?? defaultMaxCells() };
    this.idd4 = new Idd(FIELDS.map((f) => (f === 'src' || f === 'dst' ? MAX4 : f === 'proto' || f === 'icmpType' || f === 'icmpCode' ? 255 : 65535)), this.budget);
    this.idd6 = new Idd(FIELDS.map((f) => (f === 'src' || f === 'dst' ? MAX6 : f === 'proto' || f === 'icmpType' || f === 'icmpCode' ? 255 : 65535)), this.budget);
  }
  private readonly boxCache = new Map<string, number>();
  private readonly matchCache = new WeakMap<HeaderMatch, { readonly reads: readonly number[]; readonly byView: Map<number | string, number> }>();

  idd(v: 4 | 6): Idd {
    return v === 4 ? this.idd4 : this.idd6;
  }

  /** The set of original packets in the ranges (a product; identity view). */
  set(v: 4 | 6, ranges: FieldRanges): PacketSet {
    // intervals in any order, overlapping or not (a union of several destinations' addresses)
    const r: (Intervals | undefined)[] = FIELDS.map((f) => (ranges[f] === undefined || sortedDisjoint(ranges[f]!) ? ranges[f] : normalizeIntervals(ranges[f]!)));
    return { v, node: this.idd(v).box(r), view: IDENTITY };
  }

  /** A set from a diagram node (identity view). */
  ofNode(v: 4 | 6, node: number): PacketSet {
    return { v, node, view: IDENTITY };
  }

  /**
   * Every packet a host may send in a family: TCP and UDP with ports (no ICMP fields), the
   * family's ICMP with types and codes (no ports), every other protocol without either; ICMP of
   * the other family is not sent (the tracer refuses it as an invalid flow).
   */
  valid(v: 4 | 6): PacketSet {
    const idd = this.idd(v);
    const zero: Intervals = [[0, 0]];
    const icmp = v === 4 ? 1 : 58;
    const box = (r: FieldRanges): number => this.set(v, r).node;
    const ports = box({ proto: [[6, 6], [17, 17]], icmpType: zero, icmpCode: zero });
    const icmps = box({ proto: [[icmp, icmp]], dstPort: zero, srcPort: zero });
    const others = box({ proto: cut(0, 255, [1, 6, 17, 58]), dstPort: zero, srcPort: zero, icmpType: zero, icmpCode: zero });
    return { v, node: idd.or(idd.or(ports, icmps), others), view: IDENTITY };
  }

  /** The family of the packets as they are now (after NAT64: IPv4, of an IPv6 set). */
  family(p: PacketSet): 4 | 6 {
    return p.view.fam ?? p.v;
  }

  isEmpty(p: PacketSet | null): boolean {
    return p === null || p.node === FALSE;
  }

  /** The constraint a match puts on the original packet under a view, or null when a constant field fails it. */
  private constraint(v: 4 | 6, view: View, m: HeaderMatch): number | null {
    // cached first by the match object itself (rules keep theirs) and how the view reads its
    // fields (a number: per field read, the original field it carries, or 7 for a constant; a
    // NAT64 view, which reads the packet as the other family through offsets, adds them as text),
    // then by content (matches made afresh from stable rules and blocks)
    let entry = this.matchCache.get(m);
    if (!entry) this.matchCache.set(m, (entry = { reads: fieldsRead(m), byView: new Map() }));
    const byView = entry.byView;
    // the match reads the packet as it is now (after NAT64, an IPv4 one)
    const cur = view.fam ?? v;
    // a field the view holds constant (the sender's address) either meets the match or not: the
    // constraint on the other fields is the same for every constant that meets it
    let vk: number | string = v === 4 ? 1 : 2;
    let offset = false;
    const reads = entry.reads;
    for (let k = 0; k < reads.length; k++) {
      const i = reads[k]!;
      const d = view.dims[i]!;
      if (d >= 0) {
        vk = vk * 8 + d;
        if (view.offs[i] !== undefined) offset = true;
      } else if (!constMeets(m, i, view.consts[i]!, cur)) return null;
      else vk = vk * 8 + 7;
    }
    if (view.fam !== undefined || offset) vk = `${vk}|${view.fam ?? ''}|${reads.map((i) => view.offs[i]?.toString(16) ?? '').join(',')}`;
    const mine = byView.get(vk);
    if (mine !== undefined) return mine === -1 ? null : mine;
    const key = `${v}|${cur}|${matchKey(m, view)}`;
    const hit = this.boxCache.get(key);
    if (hit !== undefined) {
      byView.set(vk, hit);
      return hit === -1 ? null : hit;
    }
    const ranges: (Intervals | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined];
    let ok = true;
    const range = (f: Field, lo: Bound, hi: Bound): void => {
      this.restrict(view, ranges, f, [[lo, hi]], () => (ok = false));
    };
    if (m.proto) range('proto', m.proto[0], m.proto[1]);
    if (m.dstPort) range('dstPort', m.dstPort[0], m.dstPort[1]);
    if (m.srcPort) range('srcPort', m.srcPort[0], m.srcPort[1]);
    if (m.icmpType) range('icmpType', m.icmpType[0], m.icmpType[1]);
    if (m.icmpCode) range('icmpCode', m.icmpCode[0], m.icmpCode[1]);
    if (m.src) this.restrict(view, ranges, 'src', blockIntervals(m.src, cur), () => (ok = false));
    if (m.dst) this.restrict(view, ranges, 'dst', blockIntervals(m.dst, cur), () => (ok = false));
    const node = ok ? this.idd(v).box(ranges) : -1;
    if (this.boxCache.size > 500_000) this.boxCache.clear();
    this.boxCache.set(key, node);
    byView.set(vk, node);
    return node === -1 ? null : node;
  }

  private restrict(view: View, ranges: (Intervals | undefined)[], f: Field, want: Intervals, none: () => void): void {
    const i = F[f];
    const d = view.dims[i]!;
    if (d < 0) {
      const c = view.consts[i]!;
      if (!want.some(([lo, hi]) => c >= lo && c <= hi)) none();
      return;
    }
    const off = view.offs[i];
    const w = off === undefined ? want : shifted(want, off);
    ranges[d] = ranges[d] === undefined ? w : intersectIntervals(ranges[d]!, w);
  }

  meet(p: PacketSet, m: HeaderMatch): PacketSet | null {
    const c = this.constraint(p.v, p.view, m);
    if (c === null) return null;
    const node = this.idd(p.v).and(p.node, c);
    return node === FALSE ? null : node === p.node ? p : { v: p.v, node, view: p.view };
  }

  minus(p: PacketSet, m: HeaderMatch): PacketSet | null {
    const c = this.constraint(p.v, p.view, m);
    if (c === null) return p;
    const node = this.idd(p.v).diff(p.node, c);
    return node === FALSE ? null : node === p.node ? p : { v: p.v, node, view: p.view };
  }

  split(p: PacketSet, m: HeaderMatch): readonly [PacketSet | null, PacketSet | null] {
    return [this.meet(p, m), this.minus(p, m)];
  }

  union(a: PacketSet, b: PacketSet): PacketSet {
    if (a.view !== b.view && a.view.key !== b.view.key) throw new Error('union of packet sets seen through different views');
    return { v: a.v, node: this.idd(a.v).or(a.node, b.node), view: a.view };
  }

  without(a: PacketSet, b: PacketSet): PacketSet | null {
    const node = this.idd(a.v).diff(a.node, b.node);
    return node === FALSE ? null : { v: a.v, node, view: a.view };
  }

  partition<R>(p: PacketSet, field: 'src' | 'dst', table: Lookup<R>): readonly (readonly [R | undefined, PacketSet])[] {
    const i = F[field];
    const d = p.view.dims[i]!;
    const cur = this.family(p);
    if (d < 0) return [[table.get(cur, p.view.consts[i] as Addr), p]];
    const off = p.view.offs[i];
    // INVARIANT: an address field of another family than the set's is carried with an offset (NAT64)
    if (off === undefined && cur !== p.v) throw new Error(`an IPv${cur} ${field} read from IPv${p.v} packets without an offset`);
    const { split, values } = off === undefined ? this.splitTableOf(table, p.v) : this.shiftedSplitTable(table, cur, off);
    const parts = this.idd(p.v).splitBy(p.node, d, split);
    if (parts.size === 1) {
      const [g, node] = parts.entries().next().value as [number, number];
      return [[values[g], node === p.node ? p : { v: p.v, node, view: p.view }]];
    }
    const out: (readonly [R | undefined, PacketSet])[] = [];
    for (const [g, node] of parts) out.push([values[g], { v: p.v, node, view: p.view }]);
    return out;
  }

  private readonly splitTables = new WeakMap<object, [{ split: SplitTable; values: unknown[] } | undefined, { split: SplitTable; values: unknown[] } | undefined]>();

  /** A table's segments as a split table of the diagram (values numbered by identity), made once per table and family. */
  private splitTableOf<R>(table: Lookup<R>, v: 4 | 6): { split: SplitTable; values: (R | undefined)[] } {
    let pair = this.splitTables.get(table);
    if (!pair) this.splitTables.set(table, (pair = [undefined, undefined]));
    const k = v === 4 ? 0 : 1;
    let hit = pair[k];
    if (!hit) {
      const seg = table.segments(v);
      hit = numbered(seg.starts, seg.values);
      pair[k] = hit;
    }
    return hit as { split: SplitTable; values: (R | undefined)[] };
  }

  /**
   * The table's segments of family `v` (IPv4) laid over the original (IPv6) addresses at offset
   * `off` (64:ff9b::/96): outside [off, off + 2^32) nothing, made once per table and offset.
   */
  private shiftedSplitTable<R>(table: Lookup<R>, v: 4 | 6, off: bigint): { split: SplitTable; values: (R | undefined)[] } {
    let byOff = this.shiftedTables.get(table);
    if (!byOff) this.shiftedTables.set(table, (byOff = new Map()));
    const k = `${v}|${off.toString(16)}`;
    let hit = byOff.get(k);
    if (!hit) {
      const seg = table.segments(v);
      const end = off + (v === 4 ? 1n << 32n : 1n << 128n);
      const starts: Bound[] = [0n];
      const segValues: (R | undefined)[] = [undefined];
      seg.starts.forEach((x, j) => {
        starts.push(BigInt(x) + off);
        segValues.push(seg.values[j]);
      });
      if (end <= MAX6) {
        starts.push(end);
        segValues.push(undefined);
      }
      // off itself starts the first segment: drop the empty one before it when off is 0
      if (starts[1] === 0n) {
        starts.shift();
        segValues.shift();
      }
      hit = numbered(starts, segValues);
      byOff.set(k, hit);
    }
    return hit as { split: SplitTable; values: (R | undefined)[] };
  }

  private readonly shiftedTables = new WeakMap<object, Map<string, { split: SplitTable; values: unknown[] }>>();

  rewrite(p: PacketSet, field: RewriteField, to: Addr | number): { readonly p: PacketSet; readonly saved: Saved } {
    const i = F[field];
    const saved: SavedField = { saved: true, dim: p.view.dims[i]!, value: p.view.consts[i], off: p.view.offs[i] };
    const view = editView(p.view, (dims, consts, offs) => {
      dims[i] = -1;
      consts[i] = to;
      offs[i] = undefined;
    });
    return { p: { v: p.v, node: p.node, view }, saved };
  }

  restore(p: PacketSet, field: RewriteField, saved: Saved): PacketSet {
    const s = saved as SavedField;
    const i = F[field];
    const view = editView(p.view, (dims, consts, offs) => {
      dims[i] = s.dim;
      consts[i] = s.value;
      offs[i] = s.off;
    });
    return { v: p.v, node: p.node, view };
  }

  nat64(p: PacketSet, src: Addr): { readonly p: PacketSet; readonly saved: Saved } {
    // INVARIANT: p is IPv6, every destination in 64:ff9b::/96, all TCP/UDP or all ICMPv6 echo requests (nat-gateway.ts splits them)
    const icmp = this.meet(p, { proto: [58, 58] }) !== null;
    const saved: SavedView = { saved: true, view: p.view };
    const view = editView(
      p.view,
      (dims, consts, offs) => {
        dims[F.src] = -1;
        consts[F.src] = src;
        offs[F.src] = undefined;
        // the destination: the original one less the prefix (or a constant one, translated)
        if (dims[F.dst]! < 0) consts[F.dst] = Number((consts[F.dst] as bigint) - NAT64);
        else offs[F.dst] = (offs[F.dst] ?? 0n) + NAT64;
        if (icmp) {
          dims[F.proto] = -1;
          consts[F.proto] = 1;
          dims[F.icmpType] = -1;
          consts[F.icmpType] = 8;
        }
      },
      4,
    );
    return { p: { v: p.v, node: p.node, view }, saved };
  }

  nat46(p: PacketSet, saved: Saved): PacketSet {
    // the reply to the request as it was before NAT64: its addresses and ports swapped, an echo answered
    const pre = (saved as SavedView).view;
    const icmp = p.view.dims[F.proto]! < 0 && p.view.consts[F.proto] === 1;
    return { v: p.v, node: p.node, view: swapView(pre, icmp ? 129 : undefined) };
  }

  reply(p: PacketSet): readonly PacketSet[] {
    const out: PacketSet[] = [];
    const icmp = this.family(p) === 4 ? 1 : 58;
    const [icmps, rest] = this.split(p, { proto: [icmp, icmp] });
    if (rest !== null) out.push(this.swapped(rest, undefined));
    if (icmps !== null) {
      let left: PacketSet | null = icmps;
      for (const [query, answer] of Object.entries(ICMP_REPLY)) {
        if (left === null) break;
        const t = Number(query);
        const [hit, other]: readonly [PacketSet | null, PacketSet | null] = this.split(left, { icmpType: [t, t] });
        if (hit !== null) out.push(this.swapped(hit, answer));
        left = other;
      }
      // one-way messages keep their type (the caller sends no reply for them)
      if (left !== null) out.push(this.swapped(left, undefined));
    }
    return out;
  }

  /** Addresses and ports swapped; the ICMP type set to `icmpType` when given. */
  private swapped(p: PacketSet, icmpType: number | undefined): PacketSet {
    return { v: p.v, node: p.node, view: swapView(p.view, icmpType) };
  }

  /**
   * The packets of p whose original `field` is `value`, as a set that leaves the field free and
   * holds it in the view instead: sets of different senders then share their diagrams (every
   * operation on them is memoised once for all senders of the same shape). `pin` undoes it.
   */
  unpin(p: PacketSet, field: Field, value: Bound): PacketSet {
    const i = F[field];
    const node = this.idd(p.v).cofactor(p.node, p.view.dims[i]!, value);
    const view = editView(p.view, (dims, consts, offs) => {
      dims[i] = -1;
      consts[i] = value;
      offs[i] = undefined;
    });
    return { v: p.v, node, view };
  }

  /** A result of a walk started with `unpin`: the original packets again, with the field's value in the set. */
  pin(p: PacketSet, field: Field, value: Bound): PacketSet {
    const key = `${p.v}|pin|${F[field]}|${String(value)}`;
    let box = this.boxCache.get(key);
    if (box === undefined) {
      const ranges: (Intervals | undefined)[] = [undefined, undefined, undefined, undefined, undefined, undefined, undefined];
      ranges[F[field]] = [[value, value]];
      box = this.idd(p.v).box(ranges);
      this.boxCache.set(key, box);
    }
    return { v: p.v, node: this.idd(p.v).and(p.node, box), view: IDENTITY };
  }

  /** One packet of a non-empty set, as the source sent it: the preferred value of each field where the set has it, else the lowest. */
  witness(p: PacketSet, prefer: Partial<Record<Field, Bound>> = {}): Packet {
    const pt = this.idd(p.v).pick(p.node, FIELDS.map((f) => prefer[f]));
    const at = (f: Field): Bound => pt[F[f]]!;
    return { v: p.v, proto: Number(at('proto')), dstPort: Number(at('dstPort')), srcPort: Number(at('srcPort')), icmpType: Number(at('icmpType')), icmpCode: Number(at('icmpCode')), src: at('src') as Addr, dst: at('dst') as Addr };
  }

  /** A packet as a point of the diagram's dimensions. */
  point(x: Packet): Bound[] {
    return FIELDS.map((f) => x[f]);
  }

  /** Whether the set holds the original packet x (its view ignored). */
  has(p: PacketSet | null, x: Packet): boolean {
    return p !== null && this.idd(p.v).has(p.node, this.point(x));
  }

  /** The values a field takes in the set (original packets). */
  values(p: PacketSet, field: Field): Intervals {
    return this.idd(p.v).project(p.node, F[field]);
  }

  /**
   * The set's original packets as a few products of field ranges (a field absent: every value),
   * the fewest the diagram shows directly; `complete` is false past `limit` products.
   */
  products(p: PacketSet, limit?: number): { products: FieldRanges[]; complete: boolean } {
    const r = this.idd(p.v).products(p.node, limit);
    const products = r.products.map((row) => {
      const out: { -readonly [K in Field]?: Intervals } = {};
      FIELDS.forEach((f, i) => {
        if (row[i] !== undefined) out[f] = row[i];
      });
      return out as FieldRanges;
    });
    return { products, complete: r.complete };
  }

  /** Diagram nodes made so far, both families (for budgets). */
  get size(): number {
    return this.idd4.size + this.idd6.size;
  }

  /** The set's original packets, as a printable description of its first point (for messages). */
  describe(p: PacketSet): string {
    const w = this.witness(p);
    return `${formatIp(w.src)} → ${formatIp(w.dst)} proto ${w.proto}`;
  }
}

/** Segments as a split table of the diagram, their values numbered by identity. */
function numbered<R>(starts: readonly Bound[], segValues: readonly (R | undefined)[]): { split: SplitTable; values: (R | undefined)[] } {
  const ids = new Map<R | undefined, number>();
  const values: (R | undefined)[] = [];
  const groups = segValues.map((x) => {
    let g = ids.get(x);
    if (g === undefined) {
      g = values.length;
      ids.set(x, g);
      values.push(x);
    }
    return g;
  });
  return { split: splitTable(starts, groups), values };
}

/** A view with addresses and ports swapped (a reply); the ICMP type set to `icmpType` when given. */
function swapView(view: View, icmpType: number | undefined): View {
  return editView(view, (d, c, o) => {
    const swap = (a: number, b: number): void => {
      [d[a], d[b]] = [d[b]!, d[a]!];
      [c[a], c[b]] = [c[b], c[a]];
      [o[a], o[b]] = [o[b], o[a]];
    };
    swap(F.src, F.dst);
    swap(F.srcPort, F.dstPort);
    if (icmpType !== undefined) {
      d[F.icmpType] = -1;
      c[F.icmpType] = icmpType;
    }
  });
}

/** Intervals of addresses as they are now, moved to the original addresses `off` above them. */
function shifted(iv: Intervals, off: bigint): Intervals {
  return iv.map(([lo, hi]) => [BigInt(lo) + off, BigInt(hi) + off] as const);
}

/** Whether intervals are sorted and apart (what a diagram box needs). */
function sortedDisjoint(iv: Intervals): boolean {
  for (let i = 1; i < iv.length; i++) if (iv[i]![0] <= iv[i - 1]![1]) return false;
  return true;
}

/** [lo, hi] without the given points. */
function cut(lo: number, hi: number, points: readonly number[]): [number, number][] {
  let parts: [number, number][] = [[lo, hi]];
  for (const x of points) parts = parts.flatMap(([a, b]) => (x < a || x > b ? [[a, b] as [number, number]] : ([[a, x - 1], [x + 1, b]] as [number, number][]).filter(([u, w]) => u <= w)));
  return parts;
}

const plus1 = (b: Bound): Bound => (typeof b === 'bigint' ? b + 1n : b + 1);

/** The index of the last start at or below v (starts[0] is 0). */
function lastAtOrBelow(starts: readonly Bound[], v: Bound): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

const blockCache = new WeakMap<readonly BlockC[], [Intervals, Intervals]>();

/** The blocks of one family as intervals. */
export function blockIntervals(blocks: readonly BlockC[], v: 4 | 6): Intervals {
  let c = blockCache.get(blocks);
  if (!c) {
    c = [normalizeIntervals(blocks.filter((b) => b.v === 4).map((b) => [b.base, blockLast(b)] as const)), normalizeIntervals(blocks.filter((b) => b.v === 6).map((b) => [b.base, blockLast(b)] as const))];
    blockCache.set(blocks, c);
  }
  return c[v === 4 ? 0 : 1];
}

const blockIds = new WeakMap<BlockC, number>();
let nextBlockId = 1;
const listKeys = new WeakMap<readonly BlockC[], string>();

/** A key of a list of blocks: the ids of its blocks (blocks are made once per text or address). */
function blocksKey(bs: readonly BlockC[]): string {
  let k = listKeys.get(bs);
  if (k === undefined) {
    k = bs
      .map((b) => {
        let id = blockIds.get(b);
        if (id === undefined) blockIds.set(b, (id = nextBlockId++));
        return id;
      })
      .join(',');
    listKeys.set(bs, k);
  }
  return k;
}

/** The field indices a match reads. */
function fieldsRead(m: HeaderMatch): readonly number[] {
  const r: number[] = [];
  {
    if (m.dst) r.push(F.dst);
    if (m.src) r.push(F.src);
    if (m.proto) r.push(F.proto);
    if (m.dstPort) r.push(F.dstPort);
    if (m.srcPort) r.push(F.srcPort);
    if (m.icmpType) r.push(F.icmpType);
    if (m.icmpCode) r.push(F.icmpCode);
  }
  return r;
}

/** Whether a constant value of field `i` lies in the match's range for it. */
function constMeets(m: HeaderMatch, i: number, c: Bound, v: 4 | 6): boolean {
  const r = i === F.proto ? m.proto : i === F.dstPort ? m.dstPort : i === F.srcPort ? m.srcPort : i === F.icmpType ? m.icmpType : i === F.icmpCode ? m.icmpCode : undefined;
  if (r !== undefined) return c >= r[0] && c <= r[1];
  const iv = blockIntervals(i === F.src ? m.src! : m.dst!, v);
  // the last interval starting at or below c
  let lo = 0;
  let hi = iv.length - 1;
  if (hi < 0 || iv[0]![0] > c) return false;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (iv[mid]![0] <= c) lo = mid;
    else hi = mid - 1;
  }
  return c <= iv[lo]![1];
}

/** A key of a match's content and of how the view reads the fields it names. */
function matchKey(m: HeaderMatch, view: View): string {
  let k = '';
  const at = (f: Field): string => {
    const i = F[f];
    const d = view.dims[i]!;
    return d >= 0 ? (view.offs[i] === undefined ? String(d) : `${d}-${view.offs[i]!.toString(16)}`) : `=${String(view.consts[i])}`;
  };
  if (m.proto) k += `p${at('proto')}:${m.proto[0]}-${m.proto[1]}|`;
  if (m.dstPort) k += `d${at('dstPort')}:${m.dstPort[0]}-${m.dstPort[1]}|`;
  if (m.srcPort) k += `s${at('srcPort')}:${m.srcPort[0]}-${m.srcPort[1]}|`;
  if (m.icmpType) k += `t${at('icmpType')}:${m.icmpType[0]}-${m.icmpType[1]}|`;
  if (m.icmpCode) k += `c${at('icmpCode')}:${m.icmpCode[0]}-${m.icmpCode[1]}|`;
  if (m.src) k += `S${at('src')}:${blocksKey(m.src)}|`;
  if (m.dst) k += `D${at('dst')}:${blocksKey(m.dst)}|`;
  return k;
}
