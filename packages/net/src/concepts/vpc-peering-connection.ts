// VPC peering connection: a route target that carries traffic between two VPCs, only to the peer
// VPC's own addresses (peering is not transitive), and only while the connection is active.
// https://docs.aws.amazon.com/vpc/latest/peering/what-is-vpc-peering.html
// https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html
import { formatIp } from '@vpcsim/model';
import type { IfaceC, SubnetC } from '../compile-network.js';
import { peeringActivePatch } from '../fixes.js';
import { misrouted, routeHop, unreachableAddress } from '../walk/failures.js';
import type { FlowState, Walk } from '../walk/types.js';
import type { RouteTarget } from './index.js';
import type { RouteC } from './route-table.js';

export const vpcPeeringConnection: RouteTarget = {
  docs: ['https://docs.aws.amazon.com/vpc/latest/peering/what-is-vpc-peering.html', 'https://docs.aws.amazon.com/vpc/latest/peering/invalid-peering-configurations.html'],
  forward<P>(w: Walk<P>, s: SubnetC, _sender: IfaceC | undefined, r: RouteC, p: P, st: FlowState): void {
    const target = r.target;
    const rt = s.routeTable.id;
    const pc = w.net.peerings.get(target)!;
    if (!pc.active) {
      return w.fail(p, 'blackhole', rt, () => ({ component: rt, kind: 'route-table', why: `peering connection \`${target}\` is \`${pc.status}\`, not active`, setting: `peering ${target}`, fix: `accept peering connection \`${target}\``, patches: (ps) => peeringActivePatch(ps, pc.id) }));
    }
    const otherId = pc.requester === s.vpc.id ? pc.accepter : pc.accepter === s.vpc.id ? pc.requester : undefined;
    const other = otherId === undefined ? undefined : w.net.vpcs.get(otherId);
    if (!other) return w.fail(p, 'blackhole', rt, misrouted(s, r, `\`${target}\` does not connect \`${s.vpc.id}\``, 'route to a peering connection of this VPC'));
    routeHop(w, s, r, p);
    const [inside, beyond] = w.dom.split(p, { dst: other.blocks });
    if (beyond !== null) {
      w.fail(beyond, 'not-transitive', pc.id, (pk) => ({ component: pc.id, kind: 'vpc-peering-connection', why: `${formatIp(pk.dst)} is not inside \`${other.id}\`: a peering connection carries traffic only to the peer VPC's own addresses`, setting: 'transitive routing', fix: 'peer the two VPCs directly, or use a transit gateway' }));
    }
    if (inside === null) return;
    for (const [d, part] of w.dom.partition(inside, 'dst', other.owners)) {
      if (d === undefined) {
        w.fail(part, 'unreachable-address', null, unreachableAddress(other));
        continue;
      }
      // the source subnet's outbound rules as the packet leaves it, then the peering, then the
      // destination subnet's inbound rules
      const out = w.nacl(part, s, false);
      if (out === null) continue;
      w.hop(out, () => ({ component: pc.id, kind: 'vpc-peering-connection', verdict: 'forward', detail: { step: 'forward', why: `the active peering connection carries the packet into \`${other.id}\`` } }));
      const admitted = w.nacl(out, d.subnet, true);
      if (admitted !== null) w.arrive(d, admitted, st);
    }
  },
};
