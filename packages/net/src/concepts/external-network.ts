// External networks (on premises, partners): a packet from one enters AWS over the connection it
// is reached `via`: a VPN connection (a customer gateway stands for each of its VPN connections)
// or a Direct Connect virtual interface. With a list (primary first, then backups), the first
// connection that is up and over which on premises learned a route to the destination carries
// the packet (BGP on the customer's router: a backup's routes are used when the primary's are
// withdrawn); a destination no connection that is up advertises goes to the first that is up,
// which then says why it has no route. What on premises learns over each kind: a VPN to a
// virtual private gateway, the VPC's blocks; a VPN to a transit gateway, everything (the TGW
// route table decides); a private or transit VIF, what its gateway advertises
// (concepts/direct-connect.ts); a public VIF, AWS public addresses.
// https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/routing-and-bgp.html
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
import type { ExternalC } from '../compile-network.js';
import type { FlowState, Walk } from '../walk/types.js';
import { enterOverVif, type ViaC } from './direct-connect.js';
import { enterThroughVpn } from './vpn.js';

function enter<P>(w: Walk<P>, network: ExternalC, via: ViaC, vias: readonly ViaC[], p: P, st: FlowState): void {
  if (vias.length > 1) {
    // with several connections, say which one carries the packet and why
    const before = vias.slice(0, vias.indexOf(via));
    const why =
      before.length === 0
        ? `\`${network.id}\` reaches AWS over \`${via.id}\`, its primary connection`
        : `\`${network.id}\` reaches AWS over \`${via.id}\`: ${before.map((b) => (b.up ? `\`${b.id}\` advertises no route to the destination` : b.down ?? `\`${b.id}\` is down`)).join('; ')}`;
    w.hop(p, () => ({ component: network.id, kind: 'external-network', verdict: 'forward', detail: { step: 'forward', why } }));
  }
  if (via.kind === 'vpn') enterThroughVpn(w, via.vpn, p, st);
  else enterOverVif(w, network, via.vif, p, st);
}

/** A packet from external network `network` toward AWS: over the first of its connections that is up and learned a route to the destination. */
export function external<P>(w: Walk<P>, network: ExternalC, p: P, st: FlowState): void {
  const vias = w.net.dx.vias(network);
  const up = vias.filter((v) => v.up);
  if (up.length === 0) {
    if (vias.every((v) => v.kind === 'vpn')) {
      return w.fail(p, 'no-route', network.id, () => ({ component: network.id, kind: 'external-network', why: `\`${network.id}\` has no VPN connection with a tunnel up`, setting: 'VPN connection', fix: 'connect the network through a VPN whose tunnels are up' }));
    }
    return w.fail(p, 'no-route', network.id, () => ({
      component: network.id,
      kind: 'external-network',
      why: `no connection of \`${network.id}\` to AWS is up: ${vias.map((v) => v.down ?? `\`${v.id}\` is down`).join('; ')}`,
      setting: 'via',
      fix: 'bring a virtual interface or a VPN tunnel of the network up',
    }));
  }
  let rest: P | null = p;
  for (const v of up) {
    if (rest === null) return;
    const [hit, miss]: readonly [P | null, P | null] = w.dom.split(rest, { dst: v.covers });
    if (hit !== null) enter(w, network, v, vias, hit, st);
    rest = miss;
  }
  if (rest !== null) enter(w, network, up[0]!, vias, rest, st);
}
