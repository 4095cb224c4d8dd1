// `vpcsim reach`: every packet that gets from the sources to the destinations and back, in the
// fewest lines (Network Access Analyzer's question, answered exhaustively and offline). The
// symbolic engine walks every packet of each source once (flow-sets.ts `flowsBetween`); the
// reachable part of each (source, destination) pair is cut into products of addresses,
// protocols and ports (flow-lines.ts), and lines that hold for several sources are merged. Any
// line can be explained: `explainLine` picks its simplest packet and the tracer follows it.
import { error, formatIp, warning, type Diagnostic, type Model } from '@vpcsim/model';
import { PacketSpace, Reach, SetBudgetExceeded, type Bound, type FieldRanges, type Flow, type Intervals, type PacketSet } from '@vpcsim/net';
import { expandDestinations, expandSources, flowsBetween, type DestSet, type PairOutcome, type Query, type SourceSet } from './flow-sets.js';
import { addressText, exampleFlow, internetStandIn, lineOrder, LineSet, rangesText, sameIntervals, sourceText, trafficOf, type FlowLine, type LineEntry } from './flow-lines.js';
import { parsePorts } from './ports.js';
import { inShare, WHOLE, type Share } from './shares.js';

/** A question: from where, to where, which traffic (every protocol and port by default). */
export interface ReachQuery {
  /** Source selectors (as properties take them); default: every instance, interface, external network and the internet. */
  readonly from?: readonly string[] | undefined;
  /** Destination selectors; default: every instance, interface, NAT gateway, endpoint, load balancer, external network and the internet. */
  readonly to?: readonly string[] | undefined;
  /** A protocol name or number; default: every protocol. */
  readonly protocol?: string | number | undefined;
  /** Destination ports (`443`, `1024-65535`); default: all. */
  readonly ports?: string | undefined;
  /** Client source ports; default 1024-65535. */
  readonly srcPorts?: Intervals | undefined;
  /** Stop with an error past this many set nodes (default 4,000,000). */
  readonly maxNodes?: number | undefined;
}

/** One line: sources that reach a destination with this traffic. */
export interface ReachLine extends FlowLine {
  /** 1-based, the number `--explain` takes. */
  readonly n: number;
  /** To a load balancer: the targets that take these packets through both legs (ids, in the listener's order, as the trace's `targets` list them). */
  readonly via?: string | undefined;
}

export interface ReachResult {
  readonly lines: readonly ReachLine[];
  /** Every packet of every pair was walked (false only with an error). */
  readonly complete: boolean;
  readonly stats: { readonly sources: number; readonly destinations: number; readonly pairs: number; readonly scope: string; readonly nodes: number };
  readonly errors: readonly Diagnostic[];
  /** Per line (index n - 1): a packet of it as a flow the tracer runs. */
  readonly witnesses: readonly Flow[];
}

const MAX_LINES = 100_000;
const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, all: -1, '-1': -1 };

/** Default sides: every endpoint that can send, every endpoint that can receive. */
function defaults(model: Model): { from: string[]; to: string[] } {
  const ext = model.network.externalNetworks.map((e) => `external:${e.id}`);
  return { from: ['*', 'internet', ...ext], to: ['*', 'internet', ...ext] };
}

/** One share of a reach question (shares.ts): its lines before merging, each with a witness, as plain data. */
export interface ReachShare {
  readonly lines: readonly LineEntry<Omit<ReachLine, 'n' | 'from'>, Flow>[];
  /** The question cannot be asked (`errors` says why): nothing was walked. */
  readonly invalid: boolean;
  /** Why the share stopped short (a limit), if it did. */
  readonly stop?: string | undefined;
  readonly stats: ReachResult['stats'];
  /** The question's own errors and warnings (every share has the same). */
  readonly errors: readonly Diagnostic[];
}

/** Answers a reach question over every packet. */
export function reachQuery(model: Model, q: ReachQuery = {}): ReachResult {
  return mergeReach([reachShare(model, q)]);
}

/** How many sources a reach question walks (what a share splits). */
export function reachSources(model: Model, q: ReachQuery = {}): number {
  return expandSources(new Reach(model, new PacketSpace()), q.from && q.from.length > 0 ? q.from : defaults(model).from, ['from']).items.length;
}

/**
 * The lines of one share of the sources (every source by default); `mergeReach` of every share
 * of a count is what `reachQuery` gives (the set nodes excepted: each share has its own).
 */
export function reachShare(model: Model, q: ReachQuery = {}, share: Share = WHOLE): ReachShare {
  const reach = new Reach(model, new PacketSpace());
  const space = reach.space;
  const errors: Diagnostic[] = [];
  const def = defaults(model);
  const fromSel = q.from && q.from.length > 0 ? q.from : def.from;
  const toSel = q.to && q.to.length > 0 ? q.to : def.to;
  const srcs = expandSources(reach, fromSel, ['from']);
  const dsts = expandDestinations(reach, toSel, ['to']);
  for (const e of [...srcs.errors, ...dsts.errors]) errors.push(e);
  if (q.from && srcs.items.length === 0 && srcs.errors.length === 0) errors.push(error('selector-empty', ['from'], `\`${q.from.join(' ')}\` selects no source`, 'name an instance, interface, `subnet:ID`, `vpc:ID`, `cidr:BLOCK`, `internet` or `external:ID`'));
  if (q.to && dsts.items.length === 0 && dsts.errors.length === 0) errors.push(error('selector-empty', ['to'], `\`${q.to.join(' ')}\` selects no destination`, 'name an instance, interface, load balancer, `subnet:ID`, `vpc:ID`, `cidr:BLOCK`, `internet` or `external:ID`'));
  // every destination is the source host itself: a host does not send to itself (no pair to walk)
  if (q.to && q.from && srcs.items.length > 0 && dsts.items.length > 0 && dsts.items.every((d) => d.host !== undefined && srcs.items.every((x) => x.host === d.host)))
    errors.push(error('selector-self', ['to'], `\`${q.to.join(' ')}\` is the source itself: a host does not send to itself`, 'name another destination'));
  let protocols: number[] | undefined;
  if (q.protocol !== undefined) {
    const n = typeof q.protocol === 'number' ? q.protocol : (PROTOCOLS[q.protocol.toLowerCase()] ?? (/^\d{1,3}$/.test(q.protocol) ? Number(q.protocol) : undefined));
    if (n === undefined || n > 255) errors.push(error('bad-protocol', ['protocol'], `\`${q.protocol}\` is not a protocol`, 'use tcp, udp, icmp, icmpv6, all or a number 0-255'));
    else if (n !== -1) protocols = [n];
  }
  let dstPorts: Intervals | undefined;
  if (q.ports !== undefined) {
    const r = parsePorts(q.ports);
    if (!r) errors.push(error('bad-ports', ['port'], `\`${q.ports}\` is not a port or a range of ports 0-65535`, 'write 443, 1024-65535 or all'));
    else if (protocols !== undefined && !protocols.includes(6) && !protocols.includes(17)) errors.push(error('bad-ports', ['port'], `\`${q.protocol}\` has no ports: a port applies to tcp and udp`, 'leave out `--port`, or ask about tcp or udp'));
    else dstPorts = [r];
  }
  const srcPorts = q.srcPorts ?? [[1024, 65535]];
  // named destinations behind a load balancer the question does not ask about (the default asks about every one)
  const behind = q.to && q.to.length > 0 && !dsts.items.some((d) => d.dest.kind === 'lb') ? lbTargetsNote(model, dsts.items) : undefined;
  if (behind) errors.push(behind);
  const empty = (): ReachShare => ({ lines: [], invalid: true, stats: { sources: srcs.items.length, destinations: dsts.items.length, pairs: 0, scope: '', nodes: space.size }, errors });
  if (errors.some((e) => e.severity === 'error')) return empty();

  const query: Query = { protocols, dstPorts, srcPorts };
  // the internet is not asked whether it reaches itself
  const sources = srcs.items.map((x) => (x.source.kind === 'internet' ? { ...x, host: 'the internet' } : x));
  const dests = dsts.items.map((x) => (x.dest.kind === 'internet' ? { ...x, host: 'the internet' } : x));
  /** A line's witness: a pair of its and the packets of the line in it. */
  type Tag = { src: SourceSet; dst: DestSet; v: 4 | 6; ranges: FieldRanges };
  const lines = new LineSet<Omit<ReachLine, 'n' | 'from'>, Tag>(MAX_LINES);
  const maxNodes = q.maxNodes ?? 4_000_000;
  let pairs = 0;
  let stop: string | undefined;
  const internet = [reach.internetAddresses(4), reach.internetAddresses(6)] as const;
  const position = new Map(sources.map((x, i) => [x, i]));
  try {
    flowsBetween(reach, sources.filter((_, i) => inShare(i, share)), dests, query, [[], []], (o: PairOutcome) => {
      pairs++;
      lines.at = position.get(o.source)!;
      if (o.reachable !== null && !addPair(o)) return false;
      if (space.size > maxNodes) stop = `the question needs more than ${maxNodes.toLocaleString('en-US')} set nodes`;
      return stop === undefined ? undefined : false;
    });
  } catch (e) {
    // the packet sets outgrew the memory they may take: said, never a process out of memory
    if (!(e instanceof SetBudgetExceeded)) throw e;
    stop = e.message;
    // a little more room to describe the lines found so far
    space.budget.limit = space.budget.cells + 1_000_000;
  }

  function addPair(o: PairOutcome): boolean {
    const v = o.v;
    // to a load balancer: a line per set of targets that serve the packets
    const groups: { set: PacketSet; via?: string | undefined }[] = o.served && o.served.length > 0 ? [...o.served] : [{ set: o.reachable! }];
    const everyInternet = internet[v === 4 ? 0 : 1];
    for (const g of groups) {
      const prods = space.products(g.set, 10_000);
      if (!prods.complete) {
        stop = `the packets from \`${o.source.label}\` to \`${o.dest.label}\` form more than 10,000 parts`;
        return false;
      }
      for (const p of prods.products) {
        const from = o.source.source.kind === 'internet' ? sourceText('internet', v, p.src, everyInternet) : o.source.source.kind === 'external' ? sourceText(o.source.label, v, p.src, reach.sourceAddresses(o.source.source, v)) : o.source.label;
        const dst = p.dst ?? [[v === 4 ? 0 : 0n, v === 4 ? 0xffffffff : (1n << 128n) - 1n]];
        const wholeInternet = o.dest.dest.kind === 'internet' && sameIntervals(dst, everyInternet);
        for (const t of trafficOf(p, srcPorts)) {
          const body = { to: o.dest.label, ...(wholeInternet ? {} : { toAddresses: addressText(v, dst) }), ...t, ...(g.via !== undefined ? { via: g.via } : {}) };
          if (!lines.add(body, from, { src: o.source, dst: o.dest, v, ranges: p })) {
            stop = `more than ${MAX_LINES.toLocaleString('en-US')} lines`;
            return false;
          }
        }
      }
    }
    return true;
  }

  const protoText = protocols === undefined ? 'every protocol' : protocols.map((n) => Object.keys(PROTOCOLS).find((k) => PROTOCOLS[k] === n) ?? String(n)).join(', ');
  const scope = `every packet of ${srcs.items.length.toLocaleString('en-US')} source${srcs.items.length === 1 ? '' : 's'} to ${dsts.items.length.toLocaleString('en-US')} destination${dsts.items.length === 1 ? '' : 's'}; ${protoText}${dstPorts ? `, ports ${rangesText(dstPorts)}` : ''}, source ports ${rangesText(srcPorts)}`;
  // a witness per line: the simplest packet of one of its parts
  return { lines: lines.entries((tag, body) => flowOf(reach, { ...tag!, set: space.set(tag!.v, tag!.ranges) }, body)), invalid: false, stop, stats: { sources: srcs.items.length, destinations: dsts.items.length, pairs, scope, nodes: space.size }, errors };
}

/**
 * The answer of every share of one count (in share order), as one walk would have given it: the
 * same lines, numbered alike, with the same witnesses. `pairs` are summed; `nodes` is the largest
 * share's (each share has its own set space, and the limit applies to each).
 */
export function mergeReach(shares: readonly ReachShare[]): ReachResult {
  const first = shares[0]!;
  if (first.invalid) return { lines: [], complete: false, stats: first.stats, errors: first.errors, witnesses: [] };
  const merged = LineSet.merge(MAX_LINES, shares.map((s) => s.lines));
  const stop = shares.find((s) => s.stop !== undefined)?.stop ?? (merged.complete ? undefined : `more than ${MAX_LINES.toLocaleString('en-US')} lines`);
  const errors = [...first.errors];
  if (stop !== undefined) errors.push(error('reach-budget', [], `reach stopped: ${stop}; the lines listed are not all of them`, 'narrow the question (--from, --to, --protocol, --port), or raise the limit (--max-nodes; for memory, NODE_OPTIONS=--max-old-space-size=4096)'));
  const lines = merged.set.mergedWithTags().sort((x, y) => lineOrder(x.line, y.line));
  return {
    lines: lines.map((l, i) => ({ n: i + 1, ...l.line })),
    complete: stop === undefined,
    stats: { ...first.stats, pairs: shares.reduce((n, s) => n + s.stats.pairs, 0), nodes: Math.max(...shares.map((s) => s.stats.nodes)) },
    errors,
    witnesses: lines.map((l) => l.tag!),
  };
}

/**
 * How many sources and destinations a question names, without walking a packet: what
 * `reachQuery` will walk (the terminal UI shows it while the walk runs).
 */
export function reachSides(model: Model, q: Pick<ReachQuery, 'from' | 'to'> = {}): { readonly sources: number; readonly destinations: number } {
  const reach = new Reach(model, new PacketSpace());
  const def = defaults(model);
  const sources = expandSources(reach, q.from && q.from.length > 0 ? q.from : def.from, ['from']).items.length;
  const destinations = expandDestinations(reach, q.to && q.to.length > 0 ? q.to : def.to, ['to']).items.length;
  return { sources, destinations };
}

/**
 * A note when destinations are targets of load balancers: the lines are the packets addressed to
 * the destinations; what reaches them through a load balancer is what reaches its listeners (each
 * `--to <load balancer>` line, whose `--explain` traces every target's leg).
 */
function lbTargetsNote(model: Model, dests: readonly DestSet[]): Diagnostic | undefined {
  const byTarget = new Map<string, Set<string>>();
  for (const tg of model.network.targetGroups) {
    if (tg.loadBalancer === undefined) continue;
    for (const t of tg.targets) for (const k of [t.id, t.interface, t.ip]) if (k !== undefined) (byTarget.get(k) ?? byTarget.set(k, new Set()).get(k)!).add(tg.loadBalancer);
  }
  const lbs = new Set<string>();
  const targets: string[] = [];
  for (const d of dests) {
    if (d.dest.kind !== 'iface') continue;
    const hit = byTarget.get(d.label) ?? byTarget.get(d.dest.iface.id);
    if (!hit) continue;
    targets.push(d.label);
    for (const l of hit) lbs.add(l);
  }
  if (targets.length === 0) return undefined;
  const names = (xs: readonly string[]): string => (xs.length <= 4 ? xs.map((x) => `\`${x}\``).join(', ') : `${xs.slice(0, 3).map((x) => `\`${x}\``).join(', ')} and ${xs.length - 3} more`);
  const lbList = [...lbs].sort();
  return warning('reach-load-balancer-targets', ['to'], `${names([...new Set(targets)])} ${targets.length === 1 ? 'is a target' : 'are targets'} of ${names(lbList)}: the answer is about the packets addressed to ${targets.length === 1 ? 'it' : 'them'}; what reaches ${targets.length === 1 ? 'it' : 'them'} through the load balancer is what reaches its listeners`, `ask \`--to ${lbList[0]}\` (\`--explain N\` traces each target's leg)`);
}

/** The simplest packet of a line's pair, restricted to the line's traffic, as a flow the tracer runs. */
function flowOf(reach: Reach, w: { src: SourceSet; dst: DestSet; set: PacketSet }, l: { readonly protocol: string }): Flow {
  const v = w.set.v;
  const home = w.src.source.kind === 'iface' ? reach.net.ifaces.get(w.src.source.iface) : undefined;
  const homeAddr = home ? (v === 4 ? home.priv4 : home.addrs6[0]) : undefined;
  const addr = (a: Bound): string => formatIp(a as number);
  return exampleFlow(reach.space, w.set, l.protocol, homeAddr ?? (w.src.source.kind === 'internet' ? internetStandIn(v) : undefined), {
    from: (a) => (home ? (a === homeAddr ? w.src.label : addr(a)) : w.src.source.kind === 'internet' ? `internet:${addr(a)}` : `external:${w.src.source.kind === 'external' ? w.src.source.network : ''}:${addr(a)}`),
    to: (a) => (w.dst.dest.kind === 'internet' ? `internet:${addr(a)}` : w.dst.dest.kind === 'external' ? `external:${w.dst.dest.network}:${addr(a)}` : addr(a)),
  }, w.dst.dest.kind === 'internet' ? internetStandIn(v) : undefined);
}
