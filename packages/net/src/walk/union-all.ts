// The union of many parts of one packet (set), joined pairwise in a balanced tree: joining them
// one by one into a growing set makes a new, ever larger diagram node at each step (a network
// ACL or security group with thousands of port rules: quadratic in the rules, issue 18), while
// pairs of about equal size make each part's intervals a logarithmic number of times.
import type { Domain } from './types.js';

/** Collects parts and joins them in a balanced tree (at most one pending part per level). */
export class UnionAll<P> {
  /** levels[i]: a pending union of 2^i parts, or null. */
  private readonly levels: (P | null)[] = [];

  constructor(private readonly dom: Pick<Domain<P>, 'union'>) {}

  add(p: P): void {
    let x = p;
    let i = 0;
    for (; i < this.levels.length && this.levels[i] !== null; i++) {
      x = this.dom.union(this.levels[i]!, x);
      this.levels[i] = null;
    }
    if (i === this.levels.length) this.levels.push(x);
    else this.levels[i] = x;
  }

  /** Every part added, joined; null when none was. */
  result(): P | null {
    let out: P | null = null;
    for (const x of this.levels) if (x !== null) out = out === null ? x : this.dom.union(x, out);
    return out;
  }
}
