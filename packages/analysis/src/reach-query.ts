// `vpcsim reach`: every packet that gets from the sources to the destinations and back, in the
// fewest lines (Network Access Analyzer's question, answered exhaustively and offline). The
// symbolic engine walks every packet of each source once (flow-sets.ts `flowsBetween`); the
// reachable part of each (source, destination) pair is cut into products of addresses,
// protocols and ports (flow-lines.ts), and lines that hold for several sources are merged. Any
// line can be explained: `explainLine` picks its simplest packet and the tracer follows it.
import { error, formatIp, type Diagnostic, type Model } from '@vpcsim/model';
import { DEFAULT_SRC_PORT, PacketSpace, Reach, SetBudgetExceeded, type Bound, type FieldRanges, type Flow, type Intervals, type Packet, type PacketSet } from '@vpcsim/net';
import { expandDestinations, expandSources, flowsBetween, type DestSet, type PairOutcome, type Query, type SourceSet } from './flow-sets.js';
import { addressText, lineOrder, LineSet, rangesText, sameIntervals, sourceText, trafficOf, type FlowLine } from './flow-lines.js';
import { parsePorts } from './ports.js';

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

/** Answers a reach question over every packet. */
export function reachQuery(model: Model, q: ReachQuery = {}): ReachResult {
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
    else dstPorts = [r];
  }
  const srcPorts = q.srcPorts ?? [[1024, 65535]];
  const empty = (): ReachResult => ({ lines: [], complete: false, stats: { sources: srcs.items.length, destinations: dsts.items.length, pairs: 0, scope: '', nodes: space.size }, errors, witnesses: [] });
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
  try {
    flowsBetween(reach, sources, dests, query, [[], []], (o: PairOutcome) => {
      pairs++;
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
    const prods = space.products(o.reachable!, 10_000);
    if (!prods.complete) {
      stop = `the packets from \`${o.source.label}\` to \`${o.dest.label}\` form more than 10,000 parts`;
      return false;
    }
    const everyInternet = internet[v === 4 ? 0 : 1];
    for (const p of prods.products) {
      const from = o.source.source.kind === 'internet' ? sourceText('internet', v, p.src, everyInternet) : o.source.source.kind === 'external' ? sourceText(o.source.label, v, p.src, reach.sourceAddresses(o.source.source, v)) : o.source.label;
      const dst = p.dst ?? [[v === 4 ? 0 : 0n, v === 4 ? 0xffffffff : (1n << 128n) - 1n]];
      const wholeInternet = o.dest.dest.kind === 'internet' && sameIntervals(dst, everyInternet);
      for (const t of trafficOf(p, srcPorts)) {
        const body = { to: o.dest.label, ...(wholeInternet ? {} : { toAddresses: addressText(v, dst) }), ...t };
        if (!lines.add(body, from, { src: o.source, dst: o.dest, v, ranges: p })) {
          stop = `more than ${MAX_LINES.toLocaleString('en-US')} lines`;
          return false;
        }
      }
    }
    return true;
  }

  if (stop !== undefined) errors.push(error('reach-budget', [], `reach stopped: ${stop}; the lines listed are not all of them`, 'narrow the question (--from, --to, --protocol, --port), or raise the limit (--max-nodes; for memory, NODE_OPTIONS=--max-old-space-size=4096)'));
  const merged = lines.mergedWithTags().sort((x, y) => lineOrder(x.line, y.line));
  const out: ReachLine[] = merged.map((l, i) => ({ n: i + 1, ...l.line }));
  // a witness per line: the simplest packet of one of its parts
  const witnesses: Flow[] = merged.map((l) => flowOf(reach, { ...l.tag!, set: space.set(l.tag!.v, l.tag!.ranges) }, l.line));
  const protoText = protocols === undefined ? 'every protocol' : protocols.map((n) => Object.keys(PROTOCOLS).find((k) => PROTOCOLS[k] === n) ?? String(n)).join(', ');
  const scope = `every packet of ${srcs.items.length.toLocaleString('en-US')} source${srcs.items.length === 1 ? '' : 's'} to ${dsts.items.length.toLocaleString('en-US')} destination${dsts.items.length === 1 ? '' : 's'}; ${protoText}${dstPorts ? `, ports ${rangesText(dstPorts)}` : ''}, source ports ${rangesText(srcPorts)}`;
  return { lines: out, complete: stop === undefined, stats: { sources: srcs.items.length, destinations: dsts.items.length, pairs, scope, nodes: space.size }, errors, witnesses };
}

/** The simplest packet of a line's pair, restricted to the line's traffic, as a flow the tracer runs. */
function flowOf(reach: Reach, w: { src: SourceSet; dst: DestSet; set: PacketSet }, l: Omit<ReachLine, 'n'>): Flow {
  const space = reach.space;
  const v = w.set.v;
  let set: PacketSet | null = w.set;
  const proto = l.protocol === 'tcp' ? 6 : l.protocol === 'udp' ? 17 : l.protocol === 'icmp' ? 1 : l.protocol === 'icmpv6' ? 58 : undefined;
  if (proto !== undefined) set = space.meet(set, { proto: [proto, proto] }) ?? w.set;
  const home = w.src.source.kind === 'iface' ? reach.net.ifaces.get(w.src.source.iface) : undefined;
  const pick: Packet = space.witness(set, {
    srcPort: DEFAULT_SRC_PORT,
    icmpType: v === 4 ? 8 : 128,
    ...(home ? { src: v === 4 ? home.priv4 : home.addrs6[0] } : w.src.source.kind === 'internet' && v === 4 ? { src: 0xcb00710a } : {}),
  });
  const addr = (a: Bound): string => formatIp(a as number);
  const from = home ? (pick.src === (v === 4 ? home.priv4 : home.addrs6[0]) ? w.src.label : addr(pick.src)) : w.src.source.kind === 'internet' ? `internet:${addr(pick.src)}` : `external:${w.src.source.kind === 'external' ? w.src.source.network : ''}:${addr(pick.src)}`;
  const to = w.dst.dest.kind === 'internet' ? `internet:${addr(pick.dst)}` : w.dst.dest.kind === 'external' ? `external:${w.dst.dest.network}:${addr(pick.dst)}` : addr(pick.dst);
  const ports = pick.proto === 6 || pick.proto === 17;
  const icmp = pick.proto === 1 || pick.proto === 58;
  return {
    from,
    to,
    protocol: pick.proto === 6 ? 'tcp' : pick.proto === 17 ? 'udp' : pick.proto === 1 ? 'icmp' : pick.proto === 58 ? 'icmpv6' : pick.proto,
    ...(ports ? { port: pick.dstPort } : {}),
    ...(ports && pick.srcPort !== DEFAULT_SRC_PORT ? { srcPort: pick.srcPort } : {}),
    ...(icmp ? { icmpType: pick.icmpType, icmpCode: pick.icmpCode } : {}),
  };
}
