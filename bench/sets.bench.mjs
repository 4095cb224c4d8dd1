// Why packet sets are interval decision diagrams (packages/net/README.md, "Packet sets"): the
// same work done with the diagrams and with the plain alternative, lists of disjoint boxes (a
// box: one interval per header field), on the generated estates. The work is what dominates a
// symbolic walk: every subnet's network ACL read in rule order over every packet (each rule
// takes what is left: a meet and a minus), then every interface's security groups over what
// the ACL admitted (a union of meets), for every interface of the estate as the destination.
// Figures: time, and the size of the answer (diagram nodes made, boxes held).
// BDDs over header bits (Batfish's choice) were not built: no maintained npm BDD package does
// apply/and/or on bit vectors (npm's `binary-decision-diagram` minimises truth tables), and a
// 104-bit BDD turns every port range and address block into dozens of bit tests, where a
// diagram over intervals tests each field once. Atomic predicates (Yang & Lam) need the
// coarsest partition of all the predicates first: on these estates every interface's address
// is its own class, so atoms number interfaces × port classes × protocols (counted below).
import { compile } from '@vpcsim/model';
import { PacketSpace, compileNetwork } from '@vpcsim/net';
import { blockIntervals } from '../packages/net/dist/domain/packet-set.js';
import { generateNetwork } from './generate-network.mjs';

const FIELDS = ['dst', 'src', 'proto', 'dstPort', 'srcPort', 'icmpType', 'icmpCode'];
const MAX = [0xffffffff, 0xffffffff, 255, 65535, 65535, 255, 255];

/** A header match as one interval list per field (undefined: any). */
function matchRanges(m) {
  return FIELDS.map((f, i) => {
    if (f === 'src' || f === 'dst') return m[f] ? blockIntervals(m[f], 4) : undefined;
    return m[f] ? [[m[f][0], m[f][1]]] : undefined;
  });
}

// ---- boxes -------------------------------------------------------------------------------
// A set is a list of disjoint boxes; a box is [lo0, hi0, lo1, hi1, ...] over the seven fields.
const full = () => MAX.flatMap((m) => [0, m]);
function meetBox(b, ranges) {
  const out = [];
  // a match with several intervals in a field is a union of boxes
  let partial = [b.slice()];
  for (let f = 0; f < 7; f++) {
    const r = ranges[f];
    if (!r) continue;
    const next = [];
    for (const x of partial)
      for (const [lo, hi] of r) {
        const l = Math.max(x[2 * f], lo);
        const h = Math.min(x[2 * f + 1], hi);
        if (l <= h) {
          const y = x.slice();
          y[2 * f] = l;
          y[2 * f + 1] = h;
          next.push(y);
        }
      }
    partial = next;
    if (partial.length === 0) return out;
  }
  return partial;
}
function minusBox(b, ranges) {
  // b minus (a union of boxes): peel field by field
  let rest = [b];
  for (const cut of meetBox(full(), ranges)) {
    const next = [];
    for (const x of rest) {
      let cur = x.slice();
      let inside = true;
      for (let f = 0; f < 7 && inside; f++) {
        const [lo, hi] = [cut[2 * f], cut[2 * f + 1]];
        if (hi < cur[2 * f] || lo > cur[2 * f + 1]) {
          next.push(cur);
          inside = false;
          break;
        }
        if (cur[2 * f] < lo) {
          const y = cur.slice();
          y[2 * f + 1] = lo - 1;
          next.push(y);
          cur[2 * f] = lo;
        }
        if (cur[2 * f + 1] > hi) {
          const y = cur.slice();
          y[2 * f] = hi + 1;
          next.push(y);
          cur[2 * f + 1] = hi;
        }
      }
    }
    rest = next;
  }
  return rest;
}
const boxes = {
  all: () => [full()],
  meet: (s, r) => s.flatMap((b) => meetBox(b, r)),
  minus: (s, r) => s.flatMap((b) => minusBox(b, r)),
  union: (a, b) => a.concat(b), // disjoint by construction here
  size: (s) => s.length,
};

// ---- diagrams ------------------------------------------------------------------------------
function diagrams(space) {
  const idd = space.idd(4);
  return {
    all: () => space.valid(4).node,
    meet: (s, r) => idd.and(s, idd.box(r)),
    minus: (s, r) => idd.diff(s, idd.box(r)),
    union: (a, b) => idd.or(a, b),
    size: () => idd.size,
  };
}

/** The work: every interface's ACL (rule order) then groups, over every packet. */
function work(net, d) {
  let held = 0;
  for (const i of net.ifaces.values()) {
    if (i.m.owner.kind !== 'instance') continue;
    let rest = d.all();
    let admitted = null;
    for (const r of i.subnet.nacl.inbound.rules) {
      const m = matchRanges(r.inMatch);
      const hit = d.meet(rest, m);
      if (r.allow) admitted = admitted === null ? hit : d.union(admitted, hit);
      rest = d.minus(rest, m);
    }
    let sg = null;
    for (const g of i.sgs)
      for (const r of g.inbound) {
        if (r.cidr === undefined) continue;
        const m = matchRanges({ ...r.match, src: [r.cidr] });
        const hit = d.meet(admitted ?? d.all(), m);
        sg = sg === null ? hit : d.union(sg, hit);
      }
    held += typeof sg === 'number' ? 0 : (sg?.length ?? 0);
  }
  return held;
}

console.log('VPCs  interfaces  diagrams ms  nodes      boxes ms  boxes held  atoms (at least)');
for (const vpcs of (process.env.BENCH_SIZES ?? '10,100,1000').split(',').map(Number)) {
  const c = compile(generateNetwork({ vpcs }).scenario);
  const net = compileNetwork(c.model);
  const space = new PacketSpace();
  let t = performance.now();
  work(net, diagrams(space));
  const iddMs = performance.now() - t;
  const nodes = space.idd4.size;
  let boxMs = NaN;
  let held = NaN;
  if (vpcs <= 100) {
    t = performance.now();
    held = work(net, boxes);
    boxMs = performance.now() - t;
  }
  // atoms: each interface address is its own destination class; ports are cut by every rule's bounds
  const ports = new Set([0, 65536]);
  for (const a of net.ifaces.values()) for (const g of a.sgs) for (const r of g.inbound) if (r.match.dstPort) (ports.add(r.match.dstPort[0]), ports.add(r.match.dstPort[1] + 1));
  const atoms = net.ifaces.size * (ports.size - 1) * 3;
  const f = (n) => (Number.isNaN(n) ? '(skipped)' : Math.round(n).toLocaleString('en-US'));
  console.log(`${String(vpcs).padStart(4)}  ${String(net.ifaces.size).padStart(10)}  ${f(iddMs).padStart(11)}  ${f(nodes).padStart(9)}  ${f(boxMs).padStart(9)}  ${f(held).padStart(10)}  ${f(atoms).padStart(16)}`);
}
