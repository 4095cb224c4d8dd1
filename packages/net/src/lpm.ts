// Longest-prefix match: one hash map per prefix length (IPv4 keys are numbers, IPv6 keys
// bigints), probed from the longest length present down. Built once per route table; a lookup
// is at most one masked Map.get per distinct prefix length in the table.
import { mask4, mask6 } from '@vpcsim/model';
import type { Addr, BlockC } from './compile-network.js';
import { nextAddr, segmentsFrom } from './lookup.js';
import type { Lookup, Segments } from './walk/types.js';

const MASKS4: number[] = Array.from({ length: 33 }, (_, p) => mask4(p));
const MASKS6: bigint[] = Array.from({ length: 129 }, (_, p) => mask6(p));

interface Slot<T> {
  rank: number;
  value: T;
}

/** A longest-prefix-match table; among entries of the same block, the lowest rank wins, then the first inserted. */
export class Lpm<T> implements Lookup<T> {
  private seg4: Segments<T> | undefined;
  private seg6: Segments<T> | undefined;
  private readonly maps4: (Map<number, Slot<T>> | undefined)[] = [];
  private readonly maps6: (Map<bigint, Slot<T>> | undefined)[] = [];
  private lengths4: number[] = [];
  private lengths6: number[] = [];
  size = 0;

  insert(b: BlockC, rank: number, value: T): void {
    this.seg4 = this.seg6 = undefined;
    if (b.v === 4) {
      let m = this.maps4[b.prefix];
      if (!m) {
        this.maps4[b.prefix] = m = new Map();
        this.lengths4.push(b.prefix);
        this.lengths4.sort((x, y) => y - x);
      }
      const cur = m.get(b.base as number);
      if (!cur || rank < cur.rank) m.set(b.base as number, { rank, value });
    } else {
      let m = this.maps6[b.prefix];
      if (!m) {
        this.maps6[b.prefix] = m = new Map();
        this.lengths6.push(b.prefix);
        this.lengths6.sort((x, y) => y - x);
      }
      const cur = m.get(b.base as bigint);
      if (!cur || rank < cur.rank) m.set(b.base as bigint, { rank, value });
    }
    this.size++;
  }

  /** The value of the most specific block holding `ip`, or undefined. */
  lookup(v: 4 | 6, ip: Addr): T | undefined {
    if (v === 4) {
      const ls = this.lengths4;
      for (let k = 0; k < ls.length; k++) {
        const len = ls[k]!;
        const s = this.maps4[len]!.get(((ip as number) & MASKS4[len]!) >>> 0);
        if (s !== undefined) return s.value;
      }
      return undefined;
    }
    const ls = this.lengths6;
    for (let k = 0; k < ls.length; k++) {
      const len = ls[k]!;
      const s = this.maps6[len]!.get((ip as bigint) & MASKS6[len]!);
      if (s !== undefined) return s.value;
    }
    return undefined;
  }

  /** `lookup`, as the `Lookup` contract names it. */
  get(v: 4 | 6, ip: Addr): T | undefined {
    return this.lookup(v, ip);
  }

  /** The family's space cut where the longest match changes (every block's first address and the one after its last). */
  segments(v: 4 | 6): Segments<T> {
    if (v === 4) return (this.seg4 ??= this.build(4));
    return (this.seg6 ??= this.build(6));
  }

  private build(v: 4 | 6): Segments<T> {
    const cuts: Addr[] = [];
    if (v === 4) {
      for (const len of this.lengths4)
        for (const base of this.maps4[len]!.keys()) {
          cuts.push(base);
          const n = nextAddr(4, base + (len === 0 ? 0xffffffff : 2 ** (32 - len) - 1));
          if (n !== undefined) cuts.push(n);
        }
    } else {
      for (const len of this.lengths6)
        for (const base of this.maps6[len]!.keys()) {
          cuts.push(base);
          const n = nextAddr(6, base + ((1n << BigInt(128 - len)) - 1n));
          if (n !== undefined) cuts.push(n);
        }
    }
    return segmentsFrom(v, cuts, (a) => this.lookup(v, a));
  }
}
