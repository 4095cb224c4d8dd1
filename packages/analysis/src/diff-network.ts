// Differential reachability over every packet: the network half of `vpcsim diff`.
//
// Both versions are walked by the symbolic engine in one shared packet space, so a part that
// did not change is the same diagram node on both sides and compares in O(1). Per source, each
// version's packets are labelled by how they end (reachable, or the disposition and the
// component that stopped them, and where they went); the packets whose label differs are the
// change, cut by destination and rendered as the fewest products of addresses, protocols and
// ports. Lines that change alike are merged across sources.
//
// The work is kept to what the change can affect (diff-scope.ts): a source in a group with no
// changed VPC is walked only toward the public addresses of changed groups; a source in a
// changed group is walked fully, except toward the public addresses of unchanged groups, where
// only its own side matters: there it is walked with the internet as the end (`edge`), and the
// full walk covers only the packets whose own-side outcome (including the headers it hands the
// internet) differs. Every packet is accounted for: "no change" means none differs.
//
// Convention (as `check` properties): clients send from the ephemeral source ports 1024-65535
// unless `srcPorts` says otherwise.
import { error, formatIp, type Diagnostic, type Model } from '@vpcsim/model';
import { blockLast, intersectIntervals as intersectIv, PacketSpace, Reach, SetBudgetExceeded, verdictFor, type Bound, type FieldRanges, type Flow, type IntervalLookup, type Intervals, type PacketSet, type ReachDestination, type ReachPart, type ReachSource } from '@vpcsim/net';
import { diffScope, type DiffScope } from './diff-scope.js';
import { addressText, byOwners, exampleFlow, internetStandIn, lineOrder, LineSet, type FlowLine, type LineEntry, ownersOf, rangesText, sourceText, trafficOf, type Owner } from './flow-lines.js';
import { querySet, subtract } from './flow-sets.js';
import { inShare, WHOLE, type Share } from './shares.js';

/** A flow's outcome on one side of the diff. */
export interface FlowSide {
  readonly reachable: boolean;
  readonly disposition: string;
  readonly blockedBy: string | null;
  /** To a load balancer, reachable: the targets that take the flow through both legs (as the tracer's `targets` list them). */
  readonly via?: string | undefined;
}

/** Flows whose outcome changed alike: the sources merged, one destination, protocol and ports. */
export interface FlowChange extends FlowLine {
  readonly before: FlowSide;
  readonly after: FlowSide;
  /** The simplest packet of the change (of one of its sources), as a flow: trace it in each version to see why its outcome differs. */
  readonly example: Flow;
}

/** A change line before its sources are merged and its example written. */
type ChangeBody = Omit<FlowChange, 'from' | 'example'>;

/** The network half of a diff. */
export interface NetworkDiff {
  readonly changed: readonly FlowChange[];
  /** Every packet of every source was compared (false only with an error: a budget was exceeded). */
  readonly complete: boolean;
  readonly stats: {
    /** Sources of either version (instances' and standalone interfaces, external networks, the internet). */
    readonly sources: number;
    /** Walks made (per source, family and version). */
    readonly walks: number;
    /** VPCs whose resources differ (or every VPC: `all`). */
    readonly changedVpcs: readonly string[] | 'all';
    /** Resources that differ, as `kind id`. */
    readonly differing: readonly string[];
    /** What was compared, in words. */
    readonly scope: string;
    /** Set nodes made (the memory the comparison took). */
    readonly nodes: number;
  };
  readonly errors: readonly Diagnostic[];
}

export interface NetworkDiffOptions {
  /** Client source ports compared (default 1024-65535, as properties). */
  readonly srcPorts?: Intervals | undefined;
  /** Stop (with an error) past this many set nodes (default 4,000,000: about 1.5 GB). */
  readonly maxNodes?: number | undefined;
  /** Stop (with an error) past this many change lines (default 100,000). */
  readonly maxLines?: number | undefined;
}

const NOT_IN_BEFORE: FlowSide = { reachable: false, disposition: 'not-in-before', blockedBy: null };
const NOT_IN_AFTER: FlowSide = { reachable: false, disposition: 'not-in-after', blockedBy: null };
const ABSENT = '-';
const MAX4 = 0xffffffff;
const MAX6 = (1n << 128n) - 1n;
type Fam<T> = [T, T];

/** A source of either version. */
interface Source {
  readonly key: string;
  readonly label: string;
  readonly kind: 'iface' | 'external' | 'internet';
  readonly on: Fam<ReachSource | undefined>;
  /** Its group (diff-scope.ts); the internet has none. */
  readonly group?: string | undefined;
  /** Addresses of the same host (an instance's other interfaces): not flows. */
  readonly host: Fam<Fam<Intervals>>;
}

class BudgetExceeded extends Error {}

/** One share of a network diff (shares.ts): its change lines before merging, as plain data. */
export interface NetworkDiffShare {
  readonly lines: readonly LineEntry<ChangeBody, Flow>[];
  /** The share's sources were all compared (false: a budget stopped it; `errors` says which). */
  readonly complete: boolean;
  readonly maxLines: number;
  readonly stats: NetworkDiff['stats'];
  readonly errors: readonly Diagnostic[];
}

/** Compares the network of two versions over every packet. */
export function diffNetwork(before: Model, after: Model, options: NetworkDiffOptions = {}): NetworkDiff {
  return mergeNetworkDiff([diffNetworkShare(before, after, options)]);
}

/**
 * The changes of one share of the sources (every source by default); `mergeNetworkDiff` of every
 * share of a count is what `diffNetwork` gives (the set nodes excepted: each share has its own).
 */
export function diffNetworkShare(before: Model, after: Model, options: NetworkDiffOptions = {}, share: Share = WHOLE): NetworkDiffShare {
  const space = new PacketSpace();
  const reach: Fam<Reach> = [new Reach(before, space), new Reach(after, space)];
  const scope = diffScope(before, after);
  const srcPorts: Intervals = options.srcPorts ?? [[1024, 65535]];
  const maxNodes = options.maxNodes ?? 4_000_000;
  const maxLines = options.maxLines ?? 100_000;
  const owners: Fam<IntervalLookup<Owner>> = [ownersOf(reach[0]), ownersOf(reach[1])];
  const fam = (v: 4 | 6): 0 | 1 => (v === 4 ? 0 : 1);
  // the internet both versions agree on (an address one version gives an interface is that interface's)
  const internet: Fam<Intervals> = [intersectIv(reach[0].internetAddresses(4), reach[1].internetAddresses(4)), intersectIv(reach[0].internetAddresses(6), reach[1].internetAddresses(6))];
  const pub = publicAddresses(reach, scope);
  const sources = sourcesOf(reach, scope);
  /** A line's example: a source of it, the packets of the line (a product of ranges) and who holds their destination. */
  type Tag = { s: Source; v: 4 | 6; ranges: FieldRanges; to: Owner | undefined };
  const lines = new LineSet<ChangeBody, Tag>(maxLines);
  const asked: Fam<number> = [querySet(space, 4, { srcPorts })?.node ?? 0, querySet(space, 6, { srcPorts })?.node ?? 0];
  const errors: Diagnostic[] = [];
  let walks = 0;

  /** Labels each packet of a walk by how it ends; the first part of each label is kept to explain it. */
  const label = (p: ReachPart, edge: boolean): string => `${p.reachable ? 1 : 0}|${p.disposition}|${p.blockedBy ?? ''}|${endKey(p)}|${p.via ?? ''}${edge ? `|${p.exit ?? ''}` : ''}`;
  const walkLabels = (x: 0 | 1, s: Source, v: 4 | 6, within: number | undefined, edge: boolean): { start: number; labels: Map<string, number>; info: Map<string, ReachPart> } => {
    const labels = new Map<string, number>();
    const info = new Map<string, ReachPart>();
    const src = s.on[x];
    const idd = space.idd(v);
    if (src === undefined) return { start: 0, labels, info };
    const query: FieldRanges = s.kind === 'internet' ? { src: internet[fam(v)] } : {};
    const start0 = reach[x].startSet(src, v, query);
    if (start0 === null) return { start: 0, labels, info };
    // TCP and UDP from the client ports compared; every other protocol whole
    let node = idd.and(start0.node, asked[fam(v)]);
    if (within !== undefined) node = idd.and(node, within);
    const host = s.host[x][fam(v)];
    if (host.length > 0) node = idd.diff(node, space.set(v, { dst: host }).node);
    if (node === 0) return { start: 0, labels, info };
    walks++;
    for (const part of reach[x].walk(src, space.ofNode(v, node), { edge })) {
      const l = label(part, edge);
      labels.set(l, idd.or(labels.get(l) ?? 0, part.set.node));
      if (!info.has(l)) info.set(l, part);
    }
    return { start: node, labels, info };
  };

  /** The packets (of `within`) whose own-side outcome differs, toward addresses past the internet. */
  const edgeDelta = (s: Source, v: 4 | 6, within: number): number => {
    const idd = space.idd(v);
    const [b, a] = [walkLabels(0, s, v, within, true), walkLabels(1, s, v, within, true)];
    let delta = idd.or(idd.diff(b.start, a.start), idd.diff(a.start, b.start));
    for (const l of new Set([...b.labels.keys(), ...a.labels.keys()])) {
      const nb = b.labels.get(l) ?? 0;
      const na = a.labels.get(l) ?? 0;
      if (nb !== na) delta = idd.or(delta, idd.or(idd.diff(nb, na), idd.diff(na, nb)));
    }
    return delta;
  };

  /** Walks both versions over `within` (undefined: every packet) and records what differs. */
  const compare = (s: Source, v: 4 | 6, within: number | undefined): void => {
    const idd = space.idd(v);
    const [b, a] = [walkLabels(0, s, v, within, false), walkLabels(1, s, v, within, false)];
    if (b.start === a.start && b.labels.size === a.labels.size && [...b.labels].every(([l, n]) => a.labels.get(l) === n)) return;
    // packets one version does not send: a label of their own
    const onlyA = idd.diff(a.start, b.start);
    const onlyB = idd.diff(b.start, a.start);
    if (onlyA !== 0) b.labels.set(ABSENT, onlyA);
    if (onlyB !== 0) a.labels.set(ABSENT, onlyB);
    const changedLabels = [...new Set([...b.labels.keys(), ...a.labels.keys()])].filter((l) => (b.labels.get(l) ?? 0) !== (a.labels.get(l) ?? 0));
    for (const la of changedLabels) {
      let x = idd.diff(a.labels.get(la) ?? 0, b.labels.get(la) ?? 0);
      for (const lb of changedLabels) {
        if (x === 0) break;
        if (lb === la) continue;
        const y = idd.and(x, b.labels.get(lb) ?? 0);
        if (y === 0) continue;
        x = idd.diff(x, y);
        record(s, v, space.ofNode(v, y), [lb === ABSENT ? undefined : b.info.get(lb), la === ABSENT ? undefined : a.info.get(la)]);
      }
    }
  };

  /** One version's side for packets to `to`: the tracer's verdict for that destination. */
  const sideOf = (x: 0 | 1, part: ReachPart | undefined, to: Owner | undefined): FlowSide => {
    if (part === undefined) return x === 0 ? NOT_IN_BEFORE : NOT_IN_AFTER;
    if (to === undefined || to.kind === 'unassigned') return { reachable: part.reachable, disposition: part.disposition, blockedBy: part.reachable ? null : part.blockedBy };
    let dest: ReachDestination | undefined;
    if (to.kind === 'internet') dest = { kind: 'internet' };
    else if (to.kind === 'external') dest = reach[x].net.externalById.has(to.label.slice(9)) ? { kind: 'external', network: to.label.slice(9) } : undefined;
    else if (to.kind === 'lb') dest = reach[x].net.lbs.has(to.label) ? { kind: 'lb', lb: to.label } : undefined;
    else {
      const i = reach[x].net.ifaces.get(to.iface!);
      dest = i === undefined ? undefined : { kind: 'iface', iface: i };
    }
    if (dest === undefined) return x === 0 ? NOT_IN_BEFORE : NOT_IN_AFTER;
    const r = verdictFor(part, dest);
    return { reachable: r.reachable, disposition: r.disposition, blockedBy: r.blockedBy, ...(r.reachable && part.via !== undefined ? { via: part.via } : {}) };
  };

  // the endpoint addresses name (an address one version gives an interface is that interface's)
  const endpoint = (o: Owner | undefined): o is Owner => o !== undefined && (o.kind === 'iface' || o.kind === 'external' || o.kind === 'lb');
  const record = (s: Source, v: 4 | 6, set: PacketSet, parts: Fam<ReachPart | undefined>): void => {
    for (const piece of byOwners(space, set, owners[1], owners[0])) {
      if (endpoint(piece.a) && endpoint(piece.b) && (piece.a.kind !== piece.b.kind || piece.a.label !== piece.b.label)) {
        // the addresses changed hands (an instance replaced by another at its address): the flow
        // to the old holder ends and the one to the new holder starts, each compared with its absence
        recordTo(s, v, piece.set, piece.b, [parts[0], undefined]);
        recordTo(s, v, piece.set, piece.a, [undefined, parts[1]]);
        continue;
      }
      const to = endpoint(piece.a) ? piece.a : endpoint(piece.b) ? piece.b : (piece.a ?? piece.b);
      // a version in which the destination does not hold these addresses does not have this flow
      const holds = (o: Owner | undefined): boolean => !endpoint(to) || (o !== undefined && o.kind === to.kind && o.label === to.label);
      recordTo(s, v, piece.set, to, [holds(piece.b) ? parts[0] : undefined, holds(piece.a) ? parts[1] : undefined]);
    }
  };

  /** The lines for packets toward `to`, with each version's part (undefined: the version does not have this flow). */
  const recordTo = (s: Source, v: 4 | 6, set: PacketSet, to: Owner | undefined, present: Fam<ReachPart | undefined>): void => {
    if (to?.endpoint !== undefined) {
      // an interface endpoint accepts TCP over IPv4 only, however it is reached (the tracer says so first)
      const [tcp, other] = v === 4 ? space.split(set, { proto: [6, 6] }) : [null, set];
      const refused = (x: 0 | 1): FlowSide => (reach[x].net.ifaces.has(to.iface!) ? { reachable: false, disposition: 'unsupported', blockedBy: to.endpoint! } : x === 0 ? NOT_IN_BEFORE : NOT_IN_AFTER);
      if (other !== null) emit(s, v, other, to, [present[0] === undefined ? NOT_IN_BEFORE : refused(0), present[1] === undefined ? NOT_IN_AFTER : refused(1)]);
      if (tcp !== null) emit(s, v, tcp, to, [sideOf(0, present[0], to), sideOf(1, present[1], to)]);
      return;
    }
    emit(s, v, set, to, [sideOf(0, present[0], to), sideOf(1, present[1], to)]);
  };

  /** Lines for packets from `s` to `to` whose sides differ. */
  const emit = (s: Source, v: 4 | 6, set: PacketSet, to: Owner | undefined, sides: Fam<FlowSide>): void => {
    const [sb, sa] = sides;
    if (sb.reachable === sa.reachable && sb.disposition === sa.disposition && sb.blockedBy === sa.blockedBy && sb.via === sa.via) return;
    // a flow one version cannot have counts only where the other version delivers it
    if ((sb === NOT_IN_BEFORE && !sa.reachable) || (sa === NOT_IN_AFTER && !sb.reachable)) return;
    const prods = space.products(set, 10_000);
    if (!prods.complete) throw new BudgetExceeded(`a change from \`${s.label}\` has more than 10,000 parts`);
    // an external network's addresses (the version that has it), once for every product
    const ownAddrs = s.kind === 'external' ? reach[0].sourceAddresses(s.on[0] ?? s.on[1]!, v) : undefined;
    const externalAddrs = ownAddrs !== undefined && ownAddrs.length === 0 && s.on[1] !== undefined ? reach[1].sourceAddresses(s.on[1], v) : ownAddrs;
    for (const p of prods.products) {
      const from = s.kind === 'internet' ? sourceText('internet', v, p.src, internet[fam(v)]) : s.kind === 'external' ? sourceText(s.label, v, p.src, externalAddrs!) : s.label;
      const dst = p.dst ?? [[v === 4 ? 0 : 0n, v === 4 ? MAX4 : MAX6]];
      const wholeInternet = to?.kind === 'internet' && subtract(internet[fam(v)], dst).length === 0;
      const toText = to === undefined ? addressText(v, dst) : to.label;
      const toAddresses = wholeInternet || to === undefined ? undefined : addressText(v, dst);
      for (const t of trafficOf(p, srcPorts)) {
        const change: ChangeBody = { to: toText, ...(toAddresses !== undefined ? { toAddresses } : {}), ...t, before: sb, after: sa };
        if (!lines.add(change, from, { s, v, ranges: p, to })) throw new BudgetExceeded(`more than ${maxLines.toLocaleString('en-US')} change lines`);
      }
    }
  };

  /**
   * Whether a source of an unchanged group may send anything toward these addresses past its own
   * subnet's route table. When the table has no route to any of them (or a blackhole), every
   * packet stops there in both versions alike (its own side did not change): nothing to walk.
   */
  const mayLeave = (s: Source, v: 4 | 6, toward: Intervals): boolean => {
    if (s.kind !== 'iface') return true;
    const i = reach[0].net.ifaces.get((s.on[0] as { iface: string } | undefined)?.iface ?? '');
    if (i === undefined) return true;
    // `toward` is the run's changed public addresses of a family: the answer is the route table's
    const table = i.subnet.routeTable;
    let known = leaves.get(table);
    if (!known) leaves.set(table, (known = [undefined, undefined]));
    return (known[fam(v)] ??= routesToward(table.lpm, v, toward));
  };
  const leaves = new Map<object, [boolean | undefined, boolean | undefined]>();

  /** The simplest packet of a line, written as the tracer takes it (the source's own address preferred). */
  const exampleOf = (t: Tag, body: ChangeBody): Flow => {
    const { s, v } = t;
    // the interface's primary address in each version (the first that has it is preferred): the
    // example names the interface, so that each version traces it from its own address there
    // (the address may be another host's in the other)
    const primaries: Bound[] = [];
    for (const y of [0, 1] as const) {
      const o = s.on[y];
      const i = o !== undefined && o.kind === 'iface' ? reach[y].net.ifaces.get(o.iface) : undefined;
      const primary = i === undefined ? undefined : v === 4 ? i.priv4 : i.addrs6[0];
      if (primary !== undefined) primaries.push(primary);
    }
    const addr = (a: Bound): string => formatIp(a as number);
    return exampleFlow(space, space.set(v, t.ranges), body.protocol, primaries[0] ?? (s.kind === 'internet' ? internetStandIn(v) : undefined), {
      from: (a) => (s.kind === 'internet' ? `internet:${addr(a)}` : s.kind === 'external' ? `${s.label}:${addr(a)}` : primaries.includes(a) ? s.label : addr(a)),
      to: (a) => (t.to?.kind === 'internet' ? `internet:${addr(a)}` : t.to?.kind === 'external' ? `${t.to.label}:${addr(a)}` : addr(a)),
    }, t.to?.kind === 'internet' ? internetStandIn(v) : undefined);
  };

  let complete = true;
  try {
    for (const [k, s] of sources.entries()) {
      if (!inShare(k, share)) continue;
      lines.at = k;
      for (const v of [4, 6] as const) {
        const f = fam(v);
        const changedPub = pub.changed[f];
        const near = scope.all || (s.group !== undefined && scope.changedGroups.has(s.group));
        if (s.kind === 'internet') {
          // from the internet: toward addresses it does not own; only the changed groups' unless everything changed
          const estate = complementOf(internet[f], v);
          const toward = scope.all ? estate : intersectIv(estate, changedPub);
          if (toward.length > 0) compare(s, v, space.set(v, { dst: toward }).node);
        } else if (!near) {
          if (changedPub.length > 0 && mayLeave(s, v, changedPub)) compare(s, v, space.set(v, { dst: changedPub }).node);
        } else {
          const far = scope.all ? [] : pub.unchanged[f];
          if (far.length === 0) compare(s, v, undefined);
          else {
            compare(s, v, space.set(v, { dst: complementOf(far, v) }).node);
            const delta = edgeDelta(s, v, space.set(v, { dst: far }).node);
            if (delta !== 0) compare(s, v, delta);
          }
        }
        if (space.size > maxNodes) throw new BudgetExceeded(`the comparison needs more than ${maxNodes.toLocaleString('en-US')} set nodes`);
      }
    }
  } catch (e) {
    if (!(e instanceof BudgetExceeded) && !(e instanceof SetBudgetExceeded)) throw e;
    complete = false;
    errors.push(budgetError(e.message));
  }

  const srcText = rangesText(srcPorts);
  return {
    lines: lines.entries((tag, body) => exampleOf(tag!, body)),
    complete,
    maxLines,
    stats: {
      sources: sources.length,
      walks,
      changedVpcs: scope.all ? 'all' : [...scope.changed].sort(),
      differing: scope.differing,
      scope: `every packet of ${sources.length.toLocaleString('en-US')} source${sources.length === 1 ? '' : 's'}, every protocol and port, source ports ${srcText}`,
      nodes: space.size,
    },
    errors,
  };
}

const budgetError = (why: string): Diagnostic => error('diff-budget', ['network'], `the network diff stopped: ${why}; the changes listed are not all of them`, 'raise the limit (--max-nodes; for memory, NODE_OPTIONS=--max-old-space-size=4096), or diff the changed part of the estate');

/**
 * The network diff of every share of one count (in share order), as one walk would have made
 * it: the same lines in the same order. `walks` are summed; `nodes` is the largest share's (each
 * share has its own set space, and the limit applies to each).
 */
export function mergeNetworkDiff(shares: readonly NetworkDiffShare[]): NetworkDiff {
  const first = shares[0]!;
  const merged = LineSet.merge(first.maxLines, shares.map((s) => s.lines));
  // a stopped share's error, else the merged lines past the limit (as one walk would say it)
  const stopped = shares.find((s) => !s.complete);
  const errors = stopped ? stopped.errors : merged.complete ? [] : [budgetError(`more than ${first.maxLines.toLocaleString('en-US')} change lines`)];
  return {
    changed: merged.set.mergedWithTags().map((x): FlowChange => ({ ...x.line, example: x.tag! })).sort(lineOrder),
    complete: stopped === undefined && merged.complete,
    stats: { ...first.stats, walks: shares.reduce((n, s) => n + s.stats.walks, 0), nodes: Math.max(...shares.map((s) => s.stats.nodes)) },
    errors,
  };
}

/** Where a part went, for its label: an interface, the internet, a service, an external network. */
function endKey(p: ReachPart): string {
  const e = p.end;
  if (e === undefined) return '';
  return e.kind === 'delivered' ? `d:${e.iface.id}` : e.kind === 'internet' ? 'i' : e.kind === 'service' ? `s:${e.endpoint}` : e.kind === 'load-balancer' ? `l:${e.node.id}:${e.listener}` : `e:${e.network}`;
}

/** Whether a route table has a route other than a blackhole toward any of a few addresses (more than 4,096, or IPv6: assumed so). */
function routesToward(lpm: { lookup(v: 4 | 6, a: number): { readonly targetKind: string } | undefined }, v: 4 | 6, toward: Intervals): boolean {
  let hosts = 0;
  for (const [lo, hi] of toward) {
    if (typeof lo === 'bigint' || typeof hi === 'bigint' || hi - lo > 64 || (hosts += hi - lo + 1) > 4096) return true;
    for (let a = lo; a <= hi; a++) {
      const r = lpm.lookup(v, a);
      if (r !== undefined && r.targetKind !== 'blackhole') return true;
    }
  }
  return false;
}

/** The sources of both versions: every instance (its interfaces) and standalone interface, every external network, the internet. */
function sourcesOf(reach: Fam<Reach>, scope: DiffScope): Source[] {
  const out = new Map<string, { label: string; kind: Source['kind']; on: Fam<ReachSource | undefined>; group?: string | undefined; hostKey: string }>();
  // per version (an instance may move to another address), per family
  const hosts = new Map<string, Fam<Fam<[Bound, Bound][]>>>();
  const hostOf = (key: string, x: 0 | 1): Fam<[Bound, Bound][]> => {
    let h = hosts.get(key);
    if (!h) hosts.set(key, (h = [[[], []], [[], []]]));
    return h[x];
  };
  reach.forEach((r, x) => {
    for (const i of r.net.ifaces.values()) {
      const o = r.model.index.networkInterface.get(i.id)?.owner;
      if (o?.kind !== 'instance' && o?.kind !== 'interface') continue;
      const label = o.kind === 'instance' ? o.instance : i.id;
      let e = out.get(i.id);
      if (!e) out.set(i.id, (e = { label, kind: 'iface', on: [undefined, undefined], group: scope.group(i.vpc.id), hostKey: label }));
      e.on[x] = { kind: 'iface', iface: i.id };
      const h = hostOf(label, x as 0 | 1);
      for (const a of [...i.addrs4, ...(i.pub4 !== undefined ? [i.pub4] : [])]) h[0].push([a, a]);
      for (const a of i.addrs6) h[1].push([a, a]);
    }
    for (const n of r.net.externals) {
      const key = `external:${n.id}`;
      let e = out.get(key);
      if (!e) out.set(key, (e = { label: key, kind: 'external', on: [undefined, undefined], group: scope.group(n.id), hostKey: key }));
      e.on[x] = { kind: 'external', network: n.id };
      // packets inside the network never reach AWS: not flows of it
      const h = hostOf(key, x as 0 | 1);
      for (const b of n.blocks) h[b.v === 4 ? 0 : 1].push([b.base, blockLast(b)]);
    }
  });
  const list: Source[] = [{ key: 'internet', label: 'internet', kind: 'internet', on: [{ kind: 'internet' }, { kind: 'internet' }], host: [[[], []], [[], []]] }];
  for (const [key, e] of out) {
    const h = hosts.get(e.hostKey);
    // the host's other addresses in each version (its own interface's are left out by the engine)
    const per = (x: 0 | 1): Fam<Intervals> => (h ? [sortIv(h[x][0]), sortIv(h[x][1])] : [[], []]);
    list.push({ key, label: e.label, kind: e.kind, on: e.on, group: e.group, host: [per(0), per(1)] });
  }
  return list;
}

/** Public addresses (IPv4 public and Elastic, every IPv6) of the VPCs in changed and in unchanged groups, both versions. */
function publicAddresses(reach: Fam<Reach>, scope: DiffScope): { changed: Fam<Intervals>; unchanged: Fam<Intervals> } {
  const changed: Fam<[Bound, Bound][]> = [[], []];
  const unchanged: Fam<[Bound, Bound][]> = [[], []];
  for (const r of reach)
    for (const i of r.net.ifaces.values()) {
      const to = scope.all || scope.changedGroups.has(scope.group(i.vpc.id)) ? changed : unchanged;
      if (i.pub4 !== undefined) to[0].push([i.pub4, i.pub4]);
      for (const a of i.addrs6) to[1].push([a, a]);
    }
  const c: Fam<Intervals> = [sortIv(changed[0]), sortIv(changed[1])];
  // an address in both lists (moved between groups) is the changed one's
  return { changed: c, unchanged: [subtract(sortIv(unchanged[0]), c[0]), subtract(sortIv(unchanged[1]), c[1])] };
}

function sortIv(iv: [Bound, Bound][]): Intervals {
  const sorted = [...iv].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  const out: [Bound, Bound][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && (typeof lo === 'bigint' ? (last[1] as bigint) + 1n >= lo : (last[1] as number) + 1 >= lo)) {
      if (hi > last[1]) last[1] = hi;
    } else out.push([lo, hi]);
  }
  return out;
}

function complementOf(iv: Intervals, v: 4 | 6): Intervals {
  return subtract([[v === 4 ? 0 : 0n, v === 4 ? MAX4 : MAX6]], iv);
}


