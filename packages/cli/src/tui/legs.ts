// A trace to a load balancer has two legs: the client's (to a node and back) and, for each
// target, the node's (to the target and back). The trace screen shows one leg at a time: tab
// on the hops steps into the next target's leg (targets of an application load balancer behind
// a network load balancer come after it), and from the last back to the form and the client's.
import type { TraceLike } from '../engine-types.js';

type TargetLike = NonNullable<TraceLike['targets']>[number];

/** One leg as the trace screen shows it: its title, and a trace made of its hops and verdict. */
export interface Leg {
  readonly title: string;
  readonly trace: TraceLike;
}

/** The legs of a trace: the client's first, then each target's in order (nested targets after theirs). */
export function legsOf(t: TraceLike): Leg[] {
  const legs: Leg[] = [{ title: t.loadBalancer ? `client → ${t.loadBalancer.node}` : 'client', trace: t }];
  const walk = (ts: readonly TargetLike[], depth: number): void => {
    for (const x of ts) {
      const title = `${'  '.repeat(depth)}target ${x.target} (${x.kind}, port ${x.port}) from ${x.node}${x.healthy ? '' : ', unhealthy'}`;
      legs.push({ title, trace: { ...t, forward: x.forward, return: x.return, reachable: x.reachable, disposition: x.disposition, blockedBy: x.blockedBy, blockers: x.blockers, targets: undefined, errors: [] } });
      walk(x.targets ?? [], depth + 1);
    }
  };
  walk(t.targets ?? [], 0);
  return legs;
}

/** Leg `k` of a trace (the client's when `k` is past the last). */
export function legOf(t: TraceLike, k: number): Leg & { readonly index: number; readonly count: number } {
  const legs = legsOf(t);
  const index = k >= 0 && k < legs.length ? k : 0;
  return { ...legs[index]!, index, count: legs.length };
}
