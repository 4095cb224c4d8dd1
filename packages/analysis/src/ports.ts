// Port equivalence classes: the engines' answer is constant between rule boundaries.
import type { Model } from '@vpcsim/model';
import { DEFAULT_SRC_PORT } from '@vpcsim/net';

/** Parses `443`, `"1024-65535"`, `all` into an inclusive range. */
export function parsePorts(p: number | string | undefined): [number, number] | undefined {
  if (p === undefined || p === 'all') return [0, 65535];
  if (typeof p === 'number') return [p, p];
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(p);
  if (!m) return undefined;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return lo <= hi && hi <= 65535 ? [lo, hi] : undefined;
}

const cache = new WeakMap<Model, number[]>();

// INVARIANT: the tracer looks at a destination port only through security group and network
// ACL rule ranges (and the HTTPS/HTTP service ports), so its answer is constant between the
// boundaries collected here; a new port-dependent behaviour must add its ports to this set.

/**
 * Port boundaries of the model: the first port of every SG and network ACL rule range, and
 * the port just after its last, plus the service ports the tracer treats specially (443, 80).
 */
function portBoundaries(model: Model): number[] {
  const hit = cache.get(model);
  if (hit) return hit;
  const set = new Set<number>([0, 80, 81, 443, 444]);
  const add = (p: number | string | undefined): void => {
    if (p === undefined) return;
    const r = parsePorts(p);
    if (!r) return;
    set.add(r[0]);
    if (r[1] < 65535) set.add(r[1] + 1);
  };
  for (const acl of model.network.networkAcls) for (const r of [...acl.inbound, ...acl.outbound]) add(r.ports);
  for (const sg of model.network.securityGroups) for (const r of [...sg.inbound, ...sg.outbound]) add(r.ports);
  const sorted = [...set].sort((a, b) => a - b);
  cache.set(model, sorted);
  return sorted;
}

/** One representative (the lowest port) per class inside the given ranges, ascending. */
export function portClasses(model: Model, ranges: readonly [number, number][]): { first: number; last: number }[] {
  const bounds = portBoundaries(model);
  const out: { first: number; last: number }[] = [];
  for (const [lo, hi] of ranges) {
    const starts = [lo, ...bounds.filter((b) => b > lo && b <= hi)];
    starts.forEach((s, i) => out.push({ first: s, last: i + 1 < starts.length ? starts[i + 1]! - 1 : hi }));
  }
  return out.sort((a, b) => a.first - b.first);
}

/**
 * Source ports a client may use: the ephemeral range AWS tells network ACL authors to allow
 * for replies (1024-65535 covers Linux, Windows, NAT gateways and load balancers).
 * https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
 * One representative per class the rules distinguish; the tracer's default port stands for
 * its own class and comes first, so a counterexample names another source port only when the
 * source port matters.
 */
export function sourcePortClasses(model: Model): number[] {
  const starts = sourcePortStarts(model);
  const home = starts.filter((b) => b <= DEFAULT_SRC_PORT).at(-1);
  return [DEFAULT_SRC_PORT, ...starts.filter((b) => b !== home)];
}

/**
 * Where the source port classes start, ascending from 1024: only network ACL rules see the
 * client's port (as the reply's destination port); security groups are stateful and match the
 * server's port.
 */
export function sourcePortStarts(model: Model): number[] {
  const bounds = new Set<number>([1024]);
  for (const acl of model.network.networkAcls)
    for (const r of [...acl.inbound, ...acl.outbound]) {
      const range = parsePorts(r.ports);
      if (!range) continue;
      if (range[0] > 1024 && range[0] <= 65535) bounds.add(range[0]);
      if (range[1] + 1 > 1024 && range[1] < 65535) bounds.add(range[1] + 1);
    }
  return [...bounds].sort((x, y) => x - y);
}
