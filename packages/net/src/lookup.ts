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
