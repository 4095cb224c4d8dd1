// Interval decision diagrams: canonical, hash-consed sets of points in a product of integer
// ranges (the header space of one address family). A node tests one dimension: its edges are
// the intervals that cover that dimension's whole range, each leading to the node for the next
// dimensions; FALSE (0) and TRUE (1) end the paths. Adjacent intervals never lead to the same
// node and a node whose intervals all lead to one node is that node, so every set has exactly one
// node: equal sets are equal ids (a diff compares two answers in O(1)), and union, intersection
// and difference are memoised walks over both diagrams (Bryant's `apply`, with intervals for
// bits: interval decision diagrams, Strehl & Thiele 1998; Firewall Decision Diagrams, Gouda &
// Liu 2004, for the same reason: CIDR blocks and port ranges are intervals).
//
// Why not BDDs (Batfish) or atomic predicates (Yang & Lam)? packages/net/README.md
// ("The symbolic engine") records the measured comparison.

/** A coordinate: a number, or a bigint for 128-bit IPv6 address dimensions. */
export type Bound = number | bigint;

/** A sorted, disjoint, non-adjacent list of inclusive intervals. */
export type Intervals = readonly (readonly [Bound, Bound])[];

export const FALSE = 0;
export const TRUE = 1;

const Op = { And: 0, Or: 1, Diff: 2 } as const;
type Op = (typeof Op)[keyof typeof Op];

/**
 * Thrown when making a node would take the diagrams past their budget of cells (every node's
 * intervals, plus NODE_CELLS for the node itself): a question too large to answer in the memory
 * given, said as such (exit 2 in the CLI), never a process that dies of memory (issue 18: 10,000
 * network ACL rules ran a property to 5.3 GB).
 */
export class SetBudgetExceeded extends Error {
  constructor(
    readonly cells: number,
    readonly limit: number,
  ) {
    super(`the packet sets need more than ${limit.toLocaleString('en-US')} cells (about ${Math.round((limit * CELL_BYTES) / 1e6).toLocaleString('en-US')} MB of memory)`);
    this.name = 'SetBudgetExceeded';
  }
}

/**
 * Heap bytes one cell takes, all told (an interval's start and child, its share of the unique
 * table's key and of the memo tables), and the cells a node weighs besides its intervals (its
 * arrays, key and table entries): measured on a node with 6,000 intervals (28 bytes an interval)
 * and on 420,000 small nodes (about 600 bytes a node).
 */
export const CELL_BYTES = 30;
const NODE_CELLS = 20;

/** A budget of interval cells shared by the diagrams of one packet space. */
export interface CellBudget {
  cells: number;
  /** Raised by a caller that stopped at the limit and needs a few more cells to report what it found. */
  limit: number;
}

/** One manager per header space (its dimensions and their maxima); nodes of two managers never mix. */
export class Idd {
  /** Per node: its dimension (terminals: the number of dimensions). */
  private readonly dimOf: number[];
  private readonly startsOf: (readonly Bound[])[] = [[], []];
  private readonly kidsOf: (readonly number[])[] = [[], []];
  private readonly unique = new Map<string, number>();
  private readonly memo: [Map<number, number>, Map<number, number>, Map<number, number>] = [new Map(), new Map(), new Map()];
  private readonly projMemo = new Map<number, Intervals>();
  private readonly cofMemo = new Map<string, number>();
  private readonly splitMemo = new WeakMap<SplitTable, Map<number, ReadonlyMap<number, number>>>();
  private readonly zero: Bound[];

  constructor(
    /** The largest value of each dimension (every dimension starts at 0). */
    readonly maxes: readonly Bound[],
    /** The cells every node made may take, shared with other managers (default: no limit). */
    private readonly budget: CellBudget = { cells: 0, limit: Infinity },
  ) {
    this.zero = maxes.map((m) => (typeof m === 'bigint' ? 0n : 0));
    this.dimOf = [maxes.length, maxes.length];
  }

  get dims(): number {
    return this.maxes.length;
  }

  /** Nodes made so far (for budgets and statistics). */
  get size(): number {
    return this.dimOf.length;
  }

  /** The canonical node testing `dim` with intervals starting at `starts` (starts[0] = 0). */
  mk(dim: number, starts: readonly Bound[], kids: readonly number[]): number {
    // merge adjacent intervals with the same child
    let s: Bound[] | undefined;
    let k: number[] | undefined;
    for (let i = 1; i < kids.length; i++) {
      if (kids[i] === kids[i - 1]) {
        if (!s) {
          s = starts.slice(0, i) as Bound[];
          k = kids.slice(0, i) as number[];
        }
      } else if (s) {
        s.push(starts[i]!);
        k!.push(kids[i]!);
      }
    }
    const st = s ?? starts;
    const kd = k ?? kids;
    if (kd.length === 1) return kd[0]!;
    const key = `${dim}|${st.join(',')}|${kd.join(',')}`;
    const hit = this.unique.get(key);
    if (hit !== undefined) return hit;
    const b = this.budget;
    b.cells += kd.length + NODE_CELLS;
    if (b.cells > b.limit) throw new SetBudgetExceeded(b.cells, b.limit);
    const id = this.dimOf.length;
    this.dimOf.push(dim);
    this.startsOf.push(st);
    this.kidsOf.push(kd);
    this.unique.set(key, id);
    return id;
  }

  /**
   * The product set: dimension d ranges over `ranges[d]` (undefined: its whole range). An
   * empty interval list gives FALSE.
   */
  box(ranges: readonly (Intervals | undefined)[]): number {
    let node = TRUE;
    for (let d = this.dims - 1; d >= 0; d--) {
      const r = ranges[d];
      if (r === undefined) continue;
      if (r.length === 0) return FALSE;
      const starts: Bound[] = [];
      const kids: number[] = [];
      let at: Bound = this.zero[d]!;
      for (const [lo, hi] of r) {
        if (lo > at) {
          starts.push(at);
          kids.push(FALSE);
        }
        starts.push(lo);
        kids.push(node);
        at = plusOne(hi);
      }
      if (at <= this.maxes[d]!) {
        starts.push(at);
        kids.push(FALSE);
      }
      node = this.mk(d, starts, kids);
    }
    return node;
  }

  and(a: number, b: number): number {
    if (a === FALSE || b === FALSE) return FALSE;
    if (a === TRUE) return b;
    if (b === TRUE || a === b) return a;
    return a < b ? this.apply(Op.And, a, b) : this.apply(Op.And, b, a);
  }

  or(a: number, b: number): number {
    if (a === TRUE || b === TRUE) return TRUE;
    if (a === FALSE) return b;
    if (b === FALSE || a === b) return a;
    return a < b ? this.apply(Op.Or, a, b) : this.apply(Op.Or, b, a);
  }

  /** a ∖ b */
  diff(a: number, b: number): number {
    if (a === FALSE || b === TRUE || a === b) return FALSE;
    if (b === FALSE) return a;
    return this.apply(Op.Diff, a, b);
  }

  private op(o: Op, a: number, b: number): number {
    return o === Op.And ? this.and(a, b) : o === Op.Or ? this.or(a, b) : this.diff(a, b);
  }

  private apply(o: Op, a: number, b: number): number {
    const memo = this.memo[o];
    const key = a * 67108864 + b;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const da = this.dimOf[a]!;
    const db = this.dimOf[b]!;
    const d = da < db ? da : db;
    const sa = da === d ? this.startsOf[a]! : ZERO_STARTS[typeof this.maxes[d] === 'bigint' ? 1 : 0]!;
    const ka = da === d ? this.kidsOf[a]! : [a];
    const sb = db === d ? this.startsOf[b]! : ZERO_STARTS[typeof this.maxes[d] === 'bigint' ? 1 : 0]!;
    const kb = db === d ? this.kidsOf[b]! : [b];
    const starts: Bound[] = [];
    const kids: number[] = [];
    let i = 0;
    let j = 0;
    // sweep the union of both interval starts
    while (i < sa.length || j < sb.length) {
      let s: Bound;
      if (j >= sb.length || (i < sa.length && sa[i]! < sb[j]!)) s = sa[i++]!;
      else if (i >= sa.length || sb[j]! < sa[i]!) s = sb[j++]!;
      else {
        s = sa[i++]!;
        j++;
      }
      starts.push(s);
      kids.push(this.op(o, ka[i - 1]!, kb[j - 1]!));
    }
    const r = this.mk(d, starts, kids);
    if (memo.size > 4_000_000) memo.clear();
    memo.set(key, r);
    return r;
  }

  /** The values dimension `dim` takes in the set, as intervals. */
  project(node: number, dim: number): Intervals {
    if (node === FALSE) return [];
    const key = node * 64 + dim;
    const hit = this.projMemo.get(key);
    if (hit !== undefined) return hit;
    const d = this.dimOf[node]!;
    let out: Intervals;
    if (d > dim) out = [[this.zero[dim]!, this.maxes[dim]!]];
    else if (d === dim) {
      const st = this.startsOf[node]!;
      const kd = this.kidsOf[node]!;
      const acc: [Bound, Bound][] = [];
      for (let i = 0; i < kd.length; i++) {
        if (kd[i] === FALSE) continue;
        const hi = i + 1 < st.length ? minusOne(st[i + 1]!) : this.maxes[dim]!;
        addInterval(acc, st[i]!, hi);
      }
      out = acc;
    } else {
      const kd = this.kidsOf[node]!;
      let acc: Intervals = [];
      for (const k of new Set(kd)) if (k !== FALSE) acc = unionIntervals(acc, this.project(k, dim));
      out = acc;
    }
    if (this.projMemo.size > 1_000_000) this.projMemo.clear();
    this.projMemo.set(key, out);
    return out;
  }

  /**
   * One point of a non-empty set: per dimension the preferred value when the set has it there,
   * else the lowest value it has (dimension by dimension, in order).
   */
  pick(node: number, prefer: readonly (Bound | undefined)[] = []): Bound[] {
    if (node === FALSE) throw new Error('pick from an empty set');
    const out: Bound[] = [];
    let n = node;
    for (let d = 0; d < this.dims; d++) {
      const p = prefer[d];
      if (this.dimOf[n]! > d) {
        out.push(p ?? this.zero[d]!);
        continue;
      }
      const st = this.startsOf[n]!;
      const kd = this.kidsOf[n]!;
      let chosen = -1;
      if (p !== undefined) {
        const i = findInterval(st, p);
        if (kd[i] !== FALSE) {
          chosen = i;
          out.push(p);
        }
      }
      if (chosen < 0) {
        chosen = kd.findIndex((k) => k !== FALSE);
        out.push(st[chosen]!);
      }
      n = kd[chosen]!;
    }
    return out;
  }

  /**
   * The set's part where dimension `dim` is `value`, with `dim` then left free (every value):
   * what the rest of the packet can be when that field is known (Shannon's cofactor).
   */
  cofactor(node: number, dim: number, value: Bound): number {
    if (node === FALSE || node === TRUE) return node;
    const d = this.dimOf[node]!;
    if (d > dim) return node;
    const key = `${node}|${dim}|${String(value)}`;
    const hit = this.cofMemo.get(key);
    if (hit !== undefined) return hit;
    const kd = this.kidsOf[node]!;
    const r = d === dim ? kd[findInterval(this.startsOf[node]!, value)]! : this.mk(d, this.startsOf[node]!, kd.map((k) => this.cofactor(k, dim, value)));
    if (this.cofMemo.size > 1_000_000) this.cofMemo.clear();
    this.cofMemo.set(key, r);
    return r;
  }

  /** Whether the set holds the point. */
  has(node: number, point: readonly Bound[]): boolean {
    let n = node;
    while (n !== FALSE && n !== TRUE) {
      const d = this.dimOf[n]!;
      n = this.kidsOf[n]![findInterval(this.startsOf[n]!, point[d]!)]!;
    }
    return n === TRUE;
  }

  /**
   * The set as a union of products, the fewest this diagram shows directly: at each dimension
   * the intervals that lead to the same rest are one factor (so the 200 addresses that are
   * treated alike are one line, not 200). Products are disjoint; a factor is undefined when the
   * dimension is free. At most `limit` products; `complete` is false when there are more.
   */
  products(node: number, limit = 10_000): { products: (Intervals | undefined)[][]; complete: boolean } {
    const memo = new Map<number, (Intervals | undefined)[][]>();
    let count = 0;
    let complete = true;
    const from = (n: number, d: number): (Intervals | undefined)[][] => {
      if (n === FALSE || !complete) return [];
      if (n === TRUE) return [new Array<Intervals | undefined>(this.dims - d).fill(undefined)];
      if (this.dimOf[n]! > d) return from(n, d + 1).map((rest) => [undefined, ...rest]);
      const hit = memo.get(n);
      if (hit !== undefined) return hit;
      const st = this.startsOf[n]!;
      const kd = this.kidsOf[n]!;
      // the intervals of each child, in order of first appearance
      const byKid = new Map<number, [Bound, Bound][]>();
      for (let i = 0; i < kd.length; i++) {
        if (kd[i] === FALSE) continue;
        let acc = byKid.get(kd[i]!);
        if (!acc) byKid.set(kd[i]!, (acc = []));
        addInterval(acc, st[i]!, i + 1 < st.length ? minusOne(st[i + 1]!) : this.maxes[d]!);
      }
      const out: (Intervals | undefined)[][] = [];
      for (const [kid, ivs] of byKid) {
        for (const rest of from(kid, d + 1)) {
          if (++count > limit) {
            complete = false;
            return out;
          }
          out.push([ivs, ...rest]);
        }
      }
      memo.set(n, out);
      return out;
    };
    const products = from(node, 0);
    return { products: complete ? products : products.slice(0, limit), complete };
  }

  /**
   * The set cut by a table of dimension `dim`'s values: `starts[i]` .. `starts[i + 1] - 1` belong
   * to group `groups[i]` (a small number). Returns each group present with its part of the set.
   * Memoised per (node, table), so the parts of sets that share what lies at `dim` are cut once.
   */
  splitBy(node: number, dim: number, table: SplitTable): ReadonlyMap<number, number> {
    if (node === FALSE) return EMPTY_SPLIT;
    let byTable = this.splitMemo.get(table);
    if (!byTable) this.splitMemo.set(table, (byTable = new Map()));
    const key = node * 16 + dim;
    const hit = byTable.get(key);
    if (hit) return hit;
    const d = this.dimOf[node]!;
    const out = new Map<number, number>();
    if (d > dim) {
      // the set does not look at `dim`: every group gets the node on its own intervals
      for (const [g, region] of table.regions) out.set(g, this.mk(dim, region.starts, region.kids.map((k) => (k === TRUE ? node : FALSE))));
    } else if (d === dim) {
      const st = this.startsOf[node]!;
      const kd = this.kidsOf[node]!;
      const pieces = new Map<number, { starts: Bound[]; kids: number[] }>();
      const max = this.maxes[dim]!;
      for (let i = 0; i < kd.length; i++) {
        const k = kd[i]!;
        if (k === FALSE) continue;
        const lo = st[i]!;
        const hi = i + 1 < st.length ? minusOne(st[i + 1]!) : max;
        let j = findInterval(table.starts, lo);
        for (; j < table.starts.length && table.starts[j]! <= hi; j++) {
          const segLo = table.starts[j]! > lo ? table.starts[j]! : lo;
          const next = j + 1 < table.starts.length ? minusOne(table.starts[j + 1]!) : max;
          const segHi = next < hi ? next : hi;
          const g = table.groups[j]!;
          let pc = pieces.get(g);
          if (!pc) pieces.set(g, (pc = { starts: [], kids: [] }));
          // an interval of the group's part, FALSE after it (the next piece may take its place)
          pc.starts.push(segLo);
          pc.kids.push(k);
          const after = plusOne(segHi);
          if (segHi < max) {
            pc.starts.push(after);
            pc.kids.push(FALSE);
          }
        }
      }
      // all of the set in one group: the set itself (no new node for a large one)
      if (pieces.size === 1) out.set(pieces.keys().next().value as number, node);
      else for (const [g, pc] of pieces) out.set(g, this.mk(dim, ...normalizePieces(pc.starts, pc.kids, this.zero[dim]!)));
    } else {
      const st = this.startsOf[node]!;
      const kd = this.kidsOf[node]!;
      const sub = kd.map((k) => this.splitBy(k, dim, table));
      const groups = new Set<number>();
      for (const m of sub) for (const g of m.keys()) groups.add(g);
      if (groups.size === 1) out.set(groups.values().next().value as number, node);
      else for (const g of groups) out.set(g, this.mk(d, st, sub.map((m) => m.get(g) ?? FALSE)));
    }
    for (const [g, n] of out) if (n === FALSE) out.delete(g);
    if (byTable.size > 200_000) byTable.clear();
    byTable.set(key, out);
    return out;
  }

}

const ZERO_STARTS: readonly (readonly Bound[])[] = [[0], [0n]];

const EMPTY_SPLIT: ReadonlyMap<number, number> = new Map();

/**
 * A dimension's values cut into groups (`Idd.splitBy`): segment i (from `starts[i]`) belongs to
 * group `groups[i]`; `regions` gives each group's intervals as (starts, TRUE/FALSE kids) covering
 * the dimension, for sets that do not look at it.
 */
export interface SplitTable {
  readonly starts: readonly Bound[];
  readonly groups: readonly number[];
  readonly regions: ReadonlyMap<number, { readonly starts: readonly Bound[]; readonly kids: readonly number[] }>;
}

/** Builds a split table from segments (each group's region computed once). */
export function splitTable(starts: readonly Bound[], groups: readonly number[]): SplitTable {
  // each group's region in one pass over the segments (a table can have tens of thousands of
  // groups: one interface each)
  const regions = new Map<number, { starts: Bound[]; kids: number[] }>();
  const last = new Map<number, number>();
  for (let i = 0; i < starts.length; i++) {
    const g = groups[i]!;
    let r = regions.get(g);
    if (!r) {
      regions.set(g, (r = { starts: [], kids: [] }));
      if (i > 0) {
        r.starts.push(starts[0]!);
        r.kids.push(FALSE);
      }
    } else if (last.get(g) !== i - 1) {
      r.starts.push(starts[last.get(g)! + 1]!);
      r.kids.push(FALSE);
    } else {
      last.set(g, i);
      continue;
    }
    r.starts.push(starts[i]!);
    r.kids.push(TRUE);
    last.set(g, i);
  }
  for (const [g, r] of regions) {
    const l = last.get(g)!;
    if (l + 1 < starts.length) {
      r.starts.push(starts[l + 1]!);
      r.kids.push(FALSE);
    }
  }
  return { starts, groups, regions };
}

/** Pieces (start, kid) in order, FALSE between them, merged: a node's starts and kids from the dimension's 0. */
function normalizePieces(starts: readonly Bound[], kids: readonly number[], zero: Bound): [Bound[], number[]] {
  const s: Bound[] = [];
  const k: number[] = [];
  if (starts.length === 0 || starts[0]! > zero) {
    s.push(zero);
    k.push(FALSE);
  }
  for (let i = 0; i < starts.length; i++) {
    const at = starts[i]!;
    if (s.length > 0 && s[s.length - 1] === at) {
      // a FALSE filler at the same place as the next piece: the piece wins
      k[k.length - 1] = kids[i]!;
      continue;
    }
    if (s.length > 0 && s[s.length - 1]! > at) continue;
    s.push(at);
    k.push(kids[i]!);
  }
  return [s, k];
}

function minusOne(b: Bound): Bound {
  return typeof b === 'bigint' ? b - 1n : b - 1;
}

/** The index of the interval of `starts` holding `v` (starts[0] is the dimension's 0). */
function findInterval(starts: readonly Bound[], v: Bound): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function plusOne(b: Bound): Bound {
  return typeof b === 'bigint' ? b + 1n : b + 1;
}

/** Appends [lo, hi] to a sorted list, merging it with the last interval when they touch. */
function addInterval(acc: [Bound, Bound][], lo: Bound, hi: Bound): void {
  const last = acc[acc.length - 1];
  if (last && plusOne(last[1]) >= lo) {
    if (hi > last[1]) last[1] = hi;
  } else acc.push([lo, hi]);
}

/** The union of two interval lists. */
export function unionIntervals(a: Intervals, b: Intervals): Intervals {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const all = [...a, ...b].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const acc: [Bound, Bound][] = [];
  for (const [lo, hi] of all) addInterval(acc, lo, hi);
  return acc;
}

/** The intersection of two interval lists. */
export function intersectIntervals(a: Intervals, b: Intervals): Intervals {
  const out: [Bound, Bound][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = a[i]![0] > b[j]![0] ? a[i]![0] : b[j]![0];
    const hi = a[i]![1] < b[j]![1] ? a[i]![1] : b[j]![1];
    if (lo <= hi) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

/** Sorts and merges arbitrary intervals into an interval list. */
export function normalizeIntervals(list: readonly (readonly [Bound, Bound])[]): Intervals {
  const acc: [Bound, Bound][] = [];
  for (const [lo, hi] of [...list].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) addInterval(acc, lo, hi);
  return acc;
}
