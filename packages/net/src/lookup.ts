// Address tables read two ways (walk/types.ts `Lookup`): the value for one address (the
// tracer), or the whole address space cut into intervals with the value on each (the symbolic
// engine), built on first use from the same table.
import { inAnyBlock, type Addr, type BlockC } from './compile-network.js';
import type { Lookup, Segments } from './walk/types.js';

const MAX4 = 0xffffffff;
const MAX6 = (1n << 128n) - 1n;

/** Cuts a family's space at the given points; `at(start)` gives each interval's value; equal neighbours merge. */
export function segmentsFrom<R>(v: 4 | 6, cuts: Iterable<Addr>, at: (a: Addr) => R | undefined): Segments<R> {
  const zero: Addr = v === 4 ? 0 : 0n;
  const max: Addr = v === 4 ? MAX4 : MAX6;
  const points = [...new Set<Addr>([zero, ...cuts])].filter((x) => x >= zero && x <= max).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const starts: Addr[] = [];
  const values: (R | undefined)[] = [];
  for (const s of points) {
    const val = at(s);
    if (values.length > 0 && values[values.length - 1] === val) continue;
    starts.push(s);
    values.push(val);
  }
  return { starts, values };
}

/** The address after `a` (undefined past the family's last address). */
export function nextAddr(v: 4 | 6, a: Addr): Addr | undefined {
  if (v === 4) return (a as number) < MAX4 ? (a as number) + 1 : undefined;
  return (a as bigint) < MAX6 ? (a as bigint) + 1n : undefined;
}

/** Host addresses (one Map per family) to values. */
export class HostLookup<R> implements Lookup<R> {
  private seg4: Segments<R> | undefined;
  private seg6: Segments<R> | undefined;
  constructor(
    readonly v4: ReadonlyMap<number, R>,
    readonly v6: ReadonlyMap<bigint, R>,
  ) {}

  get(v: 4 | 6, a: Addr): R | undefined {
    return v === 4 ? this.v4.get(a as number) : this.v6.get(a as bigint);
  }

  segments(v: 4 | 6): Segments<R> {
    if (v === 4) return (this.seg4 ??= this.build(4));
    return (this.seg6 ??= this.build(6));
  }

  private build(v: 4 | 6): Segments<R> {
    const keys: Addr[] = [...(v === 4 ? this.v4.keys() : this.v6.keys())];
    const cuts: Addr[] = [];
    for (const k of keys) {
      cuts.push(k);
      const n = nextAddr(v, k);
      if (n !== undefined) cuts.push(n);
    }
    return segmentsFrom(v, cuts, (a) => this.get(v, a));
  }
}

/** Blocks in declaration order: an address gets the value of the first entry with a block holding it. */
export class FirstMatchLookup<R> implements Lookup<R> {
  private seg4: Segments<R> | undefined;
  private seg6: Segments<R> | undefined;
  constructor(readonly entries: readonly { readonly blocks: readonly BlockC[]; readonly value: R }[]) {}

  get(v: 4 | 6, a: Addr): R | undefined {
    for (const e of this.entries) if (inAnyBlock(e.blocks, v, a)) return e.value;
    return undefined;
  }

  segments(v: 4 | 6): Segments<R> {
    if (v === 4) return (this.seg4 ??= this.build(4));
    return (this.seg6 ??= this.build(6));
  }

  private build(v: 4 | 6): Segments<R> {
    const cuts: Addr[] = [];
    for (const e of this.entries)
      for (const b of e.blocks) {
        if (b.v !== v) continue;
        cuts.push(b.base);
        const n = nextAddr(v, blockLast(b));
        if (n !== undefined) cuts.push(n);
      }
    return segmentsFrom(v, cuts, (a) => this.get(v, a));
  }
}

/** The last address of a block. */
export function blockLast(b: BlockC): Addr {
  return b.v === 4 ? ((b.base as number) | (~(b.mask as number) >>> 0)) >>> 0 : (b.base as bigint) | (~(b.mask as bigint) & ((1n << 128n) - 1n));
}

/**
 * Intervals of addresses to values; where intervals of several entries overlap, the value is
 * the list of their values (one shared list per combination, so a partition groups by it).
 */
export class IntervalLookup<R> implements Lookup<readonly R[]> {
  private readonly seg: [Segments<readonly R[]> | undefined, Segments<readonly R[]> | undefined] = [undefined, undefined];
  constructor(readonly entries: readonly { readonly v: 4 | 6; readonly intervals: readonly (readonly [Addr, Addr])[]; readonly value: R }[]) {}

  get(v: 4 | 6, a: Addr): readonly R[] | undefined {
    const s = this.segments(v);
    let lo = 0;
    let hi = s.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s.starts[mid]! <= a) lo = mid;
      else hi = mid - 1;
    }
    return s.values[lo];
  }

  segments(v: 4 | 6): Segments<readonly R[]> {
    const k = v === 4 ? 0 : 1;
    return (this.seg[k] ??= this.build(v));
  }

  private build(v: 4 | 6): Segments<readonly R[]> {
    // a sweep over interval starts and ends: the entries active on each segment
    const events: { at: Addr; entry: number; delta: 1 | -1 }[] = [];
    this.entries.forEach((e, i) => {
      if (e.v !== v) return;
      for (const [lo, hi] of e.intervals) {
        events.push({ at: lo, entry: i, delta: 1 });
        const n = nextAddr(v, hi);
        if (n !== undefined) events.push({ at: n, entry: i, delta: -1 });
      }
    });
    events.sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
    const active = new Map<number, number>();
    const lists = new Map<string, R[]>();
    const starts: Addr[] = [v === 4 ? 0 : 0n];
    const values: (readonly R[] | undefined)[] = [undefined];
    for (let k = 0; k < events.length; ) {
      const at = events[k]!.at;
      for (; k < events.length && events[k]!.at === at; k++) {
        const e = events[k]!;
        const c = (active.get(e.entry) ?? 0) + e.delta;
        if (c === 0) active.delete(e.entry);
        else active.set(e.entry, c);
      }
      let value: R[] | undefined;
      if (active.size > 0) {
        const idx = [...active.keys()].sort((x, y) => x - y);
        const key = idx.join(',');
        value = lists.get(key);
        if (!value) lists.set(key, (value = idx.map((i) => this.entries[i]!.value)));
      }
      if (values[values.length - 1] === value) continue;
      if (starts[starts.length - 1] === at) values[values.length - 1] = value;
      else {
        starts.push(at);
        values.push(value);
      }
    }
    return { starts, values };
  }
}
