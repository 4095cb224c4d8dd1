// Internet gateway: a route target of its VPC that maps an interface's private IPv4 address to
// its public or Elastic IP on the way out (1:1 NAT) and back on the way in, and carries IPv6
// untranslated; and the internet on the other side, which reaches an interface only at a public
// address, through the interface's VPC's internet gateway.
// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
import { formatIp } from '@vpcsim/model';
import type { Addr, CompiledNetwork, IfaceC, SubnetC } from '../compile-network.js';
import type { Packet } from '../traffic.js';
import { HOP_LIMIT, loopFailure, misrouted, routeHop } from '../walk/failures.js';
import type { FlowState, HeaderMatch, Walk } from '../walk/types.js';
import { overPublicVif } from './direct-connect.js';
import type { RouteTarget } from './index.js';
import { gatewayIngress, type RouteC } from './route-table.js';

const IGW_DOCS = 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html';

export const internetGateway: RouteTarget = {
  docs: [IGW_DOCS],
  forward<P>(w: Walk<P>, s: SubnetC, sender: IfaceC | undefined, r: RouteC, p: P, st: FlowState): void {
    const target = r.target;
    if (s.vpc.igw !== target) return w.fail(p, 'blackhole', s.routeTable.id, misrouted(s, r, `\`${target}\` is not attached to \`${s.vpc.id}\``, `attach \`${target}\` to \`${s.vpc.id}\` or route to its own internet gateway`));
    routeHop(w, s, r, p);
    if (w.dom.family(p) === 6) {
      const out = w.nacl(p, s, false);
      if (out === null) return;
      w.hop(out, () => ({ component: target, kind: 'internet-gateway', verdict: 'forward', detail: { step: 'forward', why: 'IPv6 addresses are public: the internet gateway forwards them untranslated' } }));
      return w.internet(out, st);
    }
    // The IGW maps the private IPv4 address of an interface that has a public or Elastic IP to
    // that public address (1:1 NAT), whichever interface forwards it (an appliance in an
    // inspection design); a source without one cannot reach the internet over IPv4.
    for (const [owner, part] of w.dom.partition(p, 'src', s.vpc.mapped)) {
      if (owner === undefined || owner.pub4 === undefined) {
        // the interface that lacks the public address: the one whose address the packet carries
        for (const [who0, q] of w.dom.partition(part, 'src', s.vpc.owners)) {
          const who = who0 ?? sender;
          w.fail(q, 'no-public-ip', who?.id ?? null, (pk) => ({
            component: target,
            kind: 'internet-gateway',
            why: who ? `\`${who.id}\` has no public or Elastic IP for ${formatIp(pk.src)}: the internet gateway cannot translate it` : 'the packet was not sent by an interface with a public IP',
            setting: 'public IP',
            fix: who ? `assign a public or Elastic IP to \`${who.id}\`, or route 0.0.0.0/0 through a NAT gateway` : undefined,
          }));
        }
        continue;
      }
      const out = w.nacl(part, s, false);
      if (out === null) continue;
      const pub = owner.pub4;
      const translated = w.dom.rewrite(out, 'src', pub).p;
      w.hop(translated, (pk) => ({ component: target, kind: 'internet-gateway', verdict: 'translate', detail: { step: 'translate', why: 'the internet gateway maps the private address to the public one (1:1 NAT)', from: formatIp(owner.priv4), to: formatIp(pk.src) } }));
      w.internet(translated, st);
    }
  },
};

/**
 * Whether the internet does not route an address: private and shared space, the special blocks
 * that are not forwarded ("this network", loopback, link-local, multicast, reserved, broadcast:
 * https://www.rfc-editor.org/rfc/rfc6890), or inside any VPC block (NOT_INTERNET4/6 in
 * compile-network.ts, the same blocks for the symbolic engine).
 */
export function notInternetRoutable(net: CompiledNetwork, v: 4 | 6, a: Addr): boolean {
  if (v === 4) {
    const x = a as number;
    if (x >>> 24 === 10 || x >>> 20 === 0xac1 || x >>> 16 === 0xc0a8 || x >>> 22 === 0x191 || x >>> 24 === 127) return true;
    if (x >>> 24 === 0 || x >>> 16 === 0xa9fe || x >>> 28 >= 0xe) return true; // 0.0.0.0/8, 169.254.0.0/16, 224.0.0.0/4 and 240.0.0.0/4
  } else {
    const x = a as bigint;
    if (x >> 121n === 0x7en || x >> 118n === 0x3fan) return true; // fc00::/7, fe80::/10
    if (x <= 1n || x >> 120n === 0xffn) return true; // :: and ::1, ff00::/8
  }
  return net.vpcSpace.lookup(v, a) !== undefined;
}

/** A packet on the internet: to a public address of an interface (through its VPC's IGW), or out. */
export function internet<P>(w: Walk<P>, p: P, st: FlowState): void {
  const net = w.net;
  if (st.count + 1 > HOP_LIMIT) return w.fail(p, 'loop', null, loopFailure('internet', 'internet'));
  const state: FlowState = { ...st, count: st.count + 1 };
  const v = w.dom.family(p);
  for (const [d, part] of w.dom.partition(p, 'dst', v === 4 ? net.publicOwners4 : net.anyOwners6)) {
    if (d === undefined) {
      // a customer prefix advertised over a public Direct Connect VIF goes there, the rest out
      overPublicVif(w, part, state, (q) => leaveAws(w, q, state));
      continue;
    }
    if (v === 4) inbound4(w, d, part, state);
    else inbound6(w, d, part, state);
  }
}

/** Out of AWS toward an internet address, unless the internet does not route it. */
function leaveAws<P>(w: Walk<P>, p: P, st: FlowState): void {
  const v = w.dom.family(p);
  const [unrouted, routed] = w.dom.split(p, w.net.notInternet[v === 4 ? 0 : 1]);
  if (unrouted !== null) {
    w.fail(unrouted, 'no-route', null, (pk) => ({
      component: 'internet',
      kind: 'internet',
      why: `${formatIp(pk.dst)} is not a public address (private, shared or special-purpose space): the internet does not route it`,
      setting: `route to ${formatIp(pk.dst)}`,
      fix: v === 4 ? 'address the destination by its public IP' : 'address the destination by a global unicast IPv6 address',
    }));
  }
  if (routed === null) return;
  w.hop(routed, (pk) => ({ component: 'internet', kind: 'internet', verdict: 'exit', detail: { step: 'forward', why: `the packet leaves AWS toward ${formatIp(pk.dst)}` } }));
  w.end(routed, { kind: 'internet' }, st);
}

/** To the public IPv4 address of interface `d`: its VPC's internet gateway maps it to the private one. */
function inbound4<P>(w: Walk<P>, d: IfaceC, p: P, st: FlowState): void {
  const igw = d.vpc.igw;
  if (igw === undefined) return w.fail(p, 'no-route', null, () => ({ component: d.vpc.id, kind: 'vpc', why: `\`${d.vpc.id}\` has no internet gateway: its public addresses are unreachable`, setting: 'internet gateway', fix: `attach an internet gateway to \`${d.vpc.id}\`` }));
  if (d.natGateway !== undefined && !w.reply) {
    const nat = d.natGateway;
    return w.fail(p, 'inbound-not-allowed', nat, () => ({ component: nat, kind: 'nat-gateway', why: 'from the internet, a NAT gateway admits only the replies to connections started from inside the VPC', setting: 'connection direction', fix: 'start the connection from inside the VPC' }));
  }
  const inner = w.dom.rewrite(p, 'dst', d.priv4).p;
  w.hop(inner, (pk: Packet) => ({ component: igw, kind: 'internet-gateway', verdict: 'translate', detail: { step: 'translate', why: 'the internet gateway maps the public address to the private one (1:1 NAT)', from: formatIp(d.pub4!), to: formatIp(pk.dst) } }));
  enter(w, igw, d, inner, st);
}

/** Into the VPC toward `d`: by the internet gateway's route table when it has one, else straight to the destination subnet. */
function enter<P>(w: Walk<P>, igw: string, d: IfaceC, p: P, st: FlowState): void {
  const deliver = (q: P): void => {
    const admitted = w.nacl(q, d.subnet, true);
    if (admitted !== null) w.arrive(d, admitted, st);
  };
  const table = d.vpc.igwTable;
  // replies too: the gateway route table decides everything that enters through the gateway
  if (table === undefined) deliver(p);
  else gatewayIngress(w, igw, table, p, st, deliver);
}

/** To an IPv6 address of interface `d`: every address is public; the IGW carries it, an egress-only IGW only replies. */
function inbound6<P>(w: Walk<P>, d: IfaceC, p: P, st: FlowState): void {
  const igw = d.vpc.igw;
  if (igw === undefined) {
    const eigw = d.vpc.eigw;
    if (eigw === undefined) return w.fail(p, 'no-route', null, () => ({ component: d.vpc.id, kind: 'vpc', why: `\`${d.vpc.id}\` has no internet gateway`, setting: 'internet gateway', fix: `attach an internet gateway to \`${d.vpc.id}\`` }));
    if (!w.reply) return w.fail(p, 'inbound-not-allowed', eigw, () => ({ component: eigw, kind: 'egress-only-internet-gateway', why: 'an egress-only internet gateway drops connections started from the internet', setting: 'connection direction', fix: `attach an internet gateway to \`${d.vpc.id}\` to accept inbound IPv6` }));
    w.hop(p, () => ({ component: eigw, kind: 'egress-only-internet-gateway', verdict: 'forward', detail: { step: 'forward', why: 'the egress-only internet gateway admits the reply of a connection started inside' } }));
  } else {
    w.hop(p, () => ({ component: igw, kind: 'internet-gateway', verdict: 'forward', detail: { step: 'forward', why: 'IPv6 addresses are public: the internet gateway forwards them untranslated' } }));
    return enter(w, igw, d, p, st);
  }
  const admitted = w.nacl(p, d.subnet, true);
  if (admitted !== null) w.arrive(d, admitted, st);
}
