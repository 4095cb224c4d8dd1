// Failures and hops that several concepts write (STYLE-2.md section 4 item 1): one builder each,
// so the loop, the unreachable address and a misrouted target read the same everywhere.
import { formatIp } from '@vpcsim/model';
import type { Addr, SubnetC, VpcC } from '../compile-network.js';
import type { RouteC } from '../concepts/route-table.js';
import type { Packet } from '../traffic.js';
import type { FailureText, HopSpec, Walk } from './types.js';

/** Forwarding steps after which a trace ends with `loop`. */
export const HOP_LIMIT = 64;

export const hostCidr = (v: 4 | 6, a: Addr): string => `${formatIp(a)}/${v === 4 ? 32 : 128}`;

/** The hop limit was reached at `component`. */
export const loopFailure = (component: string, kind: string) => (): FailureText => ({
  component,
  kind,
  why: `the packet was forwarded ${HOP_LIMIT} times: a forwarding loop`,
  setting: 'routes',
  fix: 'break the loop: route the destination to a gateway or its owner instead of back to an appliance',
});

/** No interface of `vpc` holds the destination. */
export const unreachableAddress = (vpc: VpcC) => (pk: Packet): FailureText => ({
  component: formatIp(pk.dst),
  kind: 'address',
  why: `no interface in \`${vpc.id}\` holds ${formatIp(pk.dst)}`,
  setting: 'destination address',
  fix: 'send to an address an interface holds',
});

/** A route whose target is not usable from this subnet's VPC: a blackhole at the route table. */
export const misrouted = (s: SubnetC, r: RouteC, why: string, fix: string) => (): FailureText => ({
  component: s.routeTable.id,
  kind: 'route-table',
  why,
  setting: `route ${r.text}`,
  fix,
});

const ROUTE_WHY: Record<RouteC['origin'], string> = {
  local: 'the local route carries traffic inside the VPC',
  static: 'the most specific matching route (longest prefix match)',
  'prefix-list': 'the most specific matching route: a prefix-list route',
  propagated: 'the most specific matching route: propagated from the virtual private gateway',
};

/** The route table hop: the route chosen and why. */
export function routeHop<P>(w: Walk<P>, s: SubnetC, r: RouteC, p: P): void {
  w.hop(p, (): HopSpec => ({
    component: s.routeTable.id,
    kind: 'route-table',
    verdict: 'forward',
    rule: r.text,
    detail: { step: 'route', why: r.origin === 'local' && r.target !== 'local' ? `the local route, its target replaced by \`${r.target}\`: traffic inside the VPC goes through it` : r.propagatedFrom === 'direct-connect' ? `${ROUTE_WHY.propagated}, which learned it over Direct Connect` : ROUTE_WHY[r.origin], routeTable: s.routeTable.id, destination: r.destination, target: r.target, table: s.routeTable.rows },
  }));
}
