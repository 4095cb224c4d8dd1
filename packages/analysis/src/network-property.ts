// Network properties: `forall` sources and destinations, protocols and ports, the flow is (not)
// reachable. (docs: packages/analysis/README.md)
import fc from 'fast-check';
import { error, formatIp, type Diagnostic, type Model, type ForallProperty, pushAll } from '@vpcsim/model';
import { DEFAULT_SRC_PORT, SetBudgetExceeded, type Bound, type Flow, type Packet, type PacketSet, type Reach, type Trace } from '@vpcsim/net';
import { exceptAddresses, expandDestinations, expandSources, flowsBetween, type DestSet, type PairOutcome, type Query, type SourceSet } from './flow-sets.js';
import { addressText, internetStandIn, sourceText, trafficOf } from './flow-lines.js';
import type { Engines } from './engines.js';
import { describe, isDiag, list, notJudged, safe, traceTrouble } from './judge.js';
import { exceptBoundaries, expandSelector, matchesExcept, type Endpoint } from './selectors.js';
import { parsePorts, portClasses, sourcePortClasses } from './ports.js';
import { indexArbitrary, search, type Dimension, type SearchOutcome } from './search.js';
import type { CheckOptions, CheckResult } from './types.js';

/** The IP protocol number of a protocol as rules and flows write it (`tcp`, `6`, 6), or undefined for `all`. */
function protocolNumber(p: string | number): number | undefined {
  const names: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58 };
  if (typeof p === 'number') return p < 0 ? undefined : p;
  if (p in names) return names[p];
  return /^\d{1,3}$/.test(p) ? Number(p) : undefined;
}

type Rule = { readonly protocol: string | number; readonly icmpType?: number | undefined; readonly icmpCode?: number | undefined };
function rulesOf(model: Model): Rule[] {
  return [
    ...model.network.securityGroups.flatMap((g) => [...g.inbound, ...g.outbound] as Rule[]),
    ...model.network.networkAcls.flatMap((a) => [...a.inbound, ...a.outbound] as Rule[]),
  ];
}

/**
 * The protocols `all` stands for: TCP, UDP, ICMP, and every other protocol number a security
 * group or network ACL rule names (GRE 47, ESP 50, ...), each its own case. ICMPv6 is left
 * out: it does not run over the IPv4 addresses the selectors expand to.
 */
function allProtocols(model: Model): (string | number)[] {
  const named = new Set<number>();
  for (const r of rulesOf(model)) {
    const n = protocolNumber(r.protocol);
    if (n !== undefined && n !== 6 && n !== 17 && n !== 1 && n !== 58) named.add(n);
  }
  return ['tcp', 'udp', 'icmp', ...[...named].sort((a, b) => a - b)];
}

// INVARIANT: the tracer looks at an ICMP type and code only through security group and
// network ACL rules (and the echo request's reply), so these cases cover its answers.
/**
 * ICMP cases of a family (1: ICMP, 58: ICMPv6): the tracer's default echo request first, then
 * every type (and type with code) that a security group or network ACL rule names.
 */
function icmpCases(model: Model, family: 1 | 58): { icmpType?: number; icmpCode?: number }[] {
  const echo = family === 1 ? 8 : 128;
  const out: { icmpType?: number; icmpCode?: number }[] = [{}];
  const seen = new Set<string>([`${echo}/0`]);
  const add = (t: number, c?: number): void => {
    const key = `${t}/${c ?? 0}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c === undefined ? { icmpType: t } : { icmpType: t, icmpCode: c });
  };
  for (const r of rulesOf(model)) {
    if (protocolNumber(r.protocol) !== family || r.icmpType === undefined || r.icmpType < 0) continue;
    add(r.icmpType);
    if (r.icmpCode !== undefined && r.icmpCode >= 0) add(r.icmpType, r.icmpCode);
  }
  return out;
}

interface ProtoPort {
  readonly protocol: string | number;
  readonly port?: number | undefined;
  /** The client's port; the reply goes back to it, so network ACLs on the way back see it. */
  readonly srcPort?: number | undefined;
  readonly icmpType?: number | undefined;
  readonly icmpCode?: number | undefined;
}

/**
 * Checks a network property: over every packet, by the symbolic engine when the engines have
 * one (a proof); case by case through the tracer otherwise (unit tests with fake engines).
 */
export function networkProperty(engines: Engines, model: Model, p: ForallProperty, opts: Required<Pick<CheckOptions, 'seed' | 'runs'>> & { budget: number }): CheckResult {
  if (engines.reach) return symbolicProperty(engines, engines.reach(model), p);
  return enumeratedProperty(engines, model, p, opts);
}

/** Case by case: one flow per class of addresses and ports, through `trace`. */
function enumeratedProperty(engines: Engines, model: Model, p: ForallProperty, opts: Required<Pick<CheckOptions, 'seed' | 'runs'>> & { budget: number }): CheckResult {
  const started = Date.now();
  const expected = { reachable: p.reachable };
  const errors: Diagnostic[] = [];
  const except = p.except ?? [];
  const cache = new Map<string, Set<string>>();
  // the addresses `except` names are classes of their own, so it removes only them
  const boundaries = exceptBoundaries(except);
  const side = (sels: string[] | undefined, which: 'from' | 'to'): { values: Endpoint[]; extra: Endpoint[]; range: boolean } => {
    const values: Endpoint[] = [];
    const extra: Endpoint[] = [];
    let range = false;
    for (const s of sels ?? []) {
      const x = expandSelector(model, s, { boundaries, side: which });
      pushAll(errors, x.errors.map((d) => ({ ...d, path: ['properties', p.name, 'forall', which] })));
      range ||= x.range;
      pushAll(values, x.endpoints.filter((e) => !matchesExcept(model, e, except, cache)));
      pushAll(extra, x.extra.filter((e) => !matchesExcept(model, e, except, cache)));
    }
    // a side with no endpoint would make every property hold
    if (sels && sels.length > 0 && values.length === 0 && errors.length === 0)
      errors.push(error('property-vacuous', ['properties', p.name, 'forall', which], `\`${which}\` selects no endpoint: the property would hold vacuously`, 'check the selectors and `except`'));
    return { values, extra, range };
  };
  if (!p.forall.from || !p.forall.to)
    errors.push(error('property-incomplete', ['properties', p.name, 'forall'], 'a network property needs both `from` and `to`'));
  const from = side(list(p.forall.from), 'from');
  const to = side(list(p.forall.to), 'to');
  const protocols = [...new Set((list(p.forall.protocol) ?? ['tcp']).flatMap((x): (string | number)[] => (x === 'all' || x === '-1' || x === -1 ? allProtocols(model) : [x])))];
  const portRanges: [number, number][] = [];
  for (const x of list(p.forall.port) ?? ['all']) {
    const r = parsePorts(x);
    if (r) portRanges.push(r);
    else errors.push(error('bad-ports', ['properties', p.name, 'forall', 'port'], `\`${x}\` is not a port, a range or \`all\``));
  }
  if (errors.length > 0) return { name: p.name, kind: 'property', passed: false, expected, actual: notJudged(errors), errors };

  const classes = portClasses(model, portRanges);
  const hasPorts = (proto: string | number): boolean => proto === 'tcp' || proto === 'udp' || proto === 6 || proto === 17 || proto === '6' || proto === '17';
  const srcPorts = sourcePortClasses(model);
  const icmpFamily = (proto: string | number): 1 | 58 | undefined => {
    const n = protocolNumber(proto);
    return n === 1 || n === 58 ? n : undefined;
  };
  const others = (proto: string | number): ProtoPort[] => {
    const f = icmpFamily(proto);
    return f === undefined ? [{ protocol: proto }] : icmpCases(model, f).map((c) => ({ protocol: proto, ...c }));
  };
  const pp: ProtoPort[] = protocols.flatMap((proto) => (hasPorts(proto) ? classes.flatMap((c) => srcPorts.map((sp) => ({ protocol: proto, port: c.first, srcPort: sp }))) : others(proto)));
  const portArb = fc.oneof(
    { weight: 3, arbitrary: indexArbitrary(classes.flatMap((c) => (c.last === c.first ? [c.first] : [c.first, c.last]))) },
    // one range by index, not `fc.oneof(...ranges)`: an estate can have more ranges than a call has arguments
    { weight: 1, arbitrary: fc.nat({ max: Math.max(0, portRanges.length - 1) }).chain((i) => { const [lo, hi] = portRanges[i] ?? [0, 65535]; return fc.integer({ min: lo, max: hi }); }) },
  );
  const srcPortArb = fc.oneof(
    { weight: 3, arbitrary: fc.constant(DEFAULT_SRC_PORT) },
    { weight: 1, arbitrary: indexArbitrary(srcPorts) },
    { weight: 1, arbitrary: fc.integer({ min: 1024, max: 65535 }) },
  );
  const ppArb = fc.nat({ max: protocols.length - 1 }).chain((i) => {
    const proto = protocols[i]!;
    return hasPorts(proto) ? fc.tuple(portArb, srcPortArb).map(([port, srcPort]): ProtoPort => ({ protocol: proto, port, srcPort })) : indexArbitrary(others(proto));
  });
  const biased = (s: { values: Endpoint[]; extra: Endpoint[] }): fc.Arbitrary<Endpoint> =>
    s.extra.length === 0 ? indexArbitrary(s.values) : fc.oneof({ weight: 3, arbitrary: indexArbitrary(s.values) }, { weight: 1, arbitrary: indexArbitrary(s.extra) });
  const dims: [Dimension<Endpoint>, Dimension<Endpoint>, Dimension<ProtoPort>] = [
    { name: 'from', values: from.values, arbitrary: biased(from) },
    { name: 'to', values: to.values, arbitrary: biased(to) },
    { name: 'protocol/port', values: pp, arbitrary: ppArb },
  ];
  const flowOf = (c: [Endpoint, Endpoint, ProtoPort]): Flow => ({
    from: c[0].endpoint,
    to: c[1].endpoint,
    protocol: c[2].protocol,
    ...(c[2].port !== undefined ? { port: c[2].port } : {}),
    ...(c[2].srcPort !== undefined && c[2].srcPort !== DEFAULT_SRC_PORT ? { srcPort: c[2].srcPort } : {}),
    ...(c[2].icmpType !== undefined ? { icmpType: c[2].icmpType } : {}),
    ...(c[2].icmpCode !== undefined ? { icmpCode: c[2].icmpCode } : {}),
  });
  const run = (c: [Endpoint, Endpoint, ProtoPort]): { ok: boolean; trace?: Trace; errors: Diagnostic[] } => {
    // a host does not send to itself (an instance to its own secondary address or other interface)
    if (c[0].endpoint === c[1].endpoint || (c[0].host !== undefined && c[0].host === c[1].host)) return { ok: true, errors: [] };
    const t = safe(() => engines.trace(model, flowOf(c)), 'trace');
    if (isDiag(t)) return { ok: false, errors: [t] };
    const trouble = traceTrouble(t);
    return { ok: trouble.length === 0 && t.reachable === p.reachable, trace: t, errors: trouble };
  };
  const outcome = search(dims, (c) => run(c).ok, opts);
  const notes: string[] = [];
  if (from.range || to.range) notes.push('address classes');
  if (pp.some((x) => x.port !== undefined) && classes.length < portRanges.reduce((n, [lo, hi]) => n + hi - lo + 1, 0)) notes.push('port classes');
  if (pp.some((x) => x.port !== undefined)) notes.push(srcPorts.length > 1 ? `${srcPorts.length} source port classes` : 'source ports 1024-65535 (1 class)');
  if (pp.some((x) => x.icmpType !== undefined)) notes.push('ICMP types the rules name');
  const summary = describe(outcome as SearchOutcome<unknown[]>, notes.length > 0 ? ` (${notes.join(', ')})` : '');
  const stats = { mode: outcome.mode, cases: outcome.cases, seed: outcome.mode === 'sampled' ? outcome.seed : undefined, elapsedMs: Date.now() - started, space: outcome.space, summary };
  if (!outcome.failure) return { name: p.name, kind: 'property', passed: true, expected, actual: { reachable: p.reachable }, stats, errors: [] };
  const c = outcome.failure;
  const r = run(c);
  const counterexample: Record<string, unknown> = { ...flowOf(c) };
  if (c[0].address) counterexample.src = c[0].address;
  if (c[1].address) counterexample.dst = c[1].address;
  return {
    name: p.name,
    kind: 'property',
    passed: false,
    expected,
    actual: { reachable: r.trace?.reachable, ...(r.trace ? { disposition: r.trace.disposition, blockedBy: r.trace.blockedBy } : {}) },
    counterexample,
    trace: r.trace,
    stats,
    errors: r.errors,
  };
}



/**
 * A symbolic proof, or, when the packet sets would outgrow their memory budget (thousands of
 * scattered port rules), the property as too large to judge: an error (exit 2), never a
 * process that dies of memory (issue 18).
 */
function symbolicProperty(engines: Engines, reach: Reach, p: ForallProperty): CheckResult {
  try {
    return symbolicProof(engines, reach, p);
  } catch (e) {
    if (!(e instanceof SetBudgetExceeded)) throw e;
    const errors = [
      error('property-too-large', ['properties', p.name, 'forall'], `the property is too large to prove in the memory given: ${e.message}`, 'narrow it (fewer ports, protocols, sources or destinations), or give Node more memory (NODE_OPTIONS=--max-old-space-size=4096)'),
    ];
    return { name: p.name, kind: 'property', passed: false, expected: { reachable: p.reachable }, actual: notJudged(errors), errors };
  }
}

/** Every packet of every (source, destination) pair, walked at once per source: a proof. */
function symbolicProof(engines: Engines, reach: Reach, p: ForallProperty): CheckResult {
  const model = reach.model;
  const started = performance.now();
  const expected = { reachable: p.reachable };
  const errors: Diagnostic[] = [];
  const path = ['properties', p.name, 'forall'];
  if (!p.forall.from || !p.forall.to) errors.push(error('property-incomplete', path, 'a network property needs both `from` and `to`'));
  const except = p.except ?? [];
  const fromSel = list(p.forall.from) ?? [];
  const toSel = list(p.forall.to) ?? [];
  const srcs = expandSources(reach, fromSel, [...path, 'from']);
  const dsts = expandDestinations(reach, toSel, [...path, 'to']);
  pushAll(errors, srcs.errors);
  pushAll(errors, dsts.errors);
  // `except` names endpoints (removed whole) and addresses (removed from the ranges)
  const exSrc = expandSources(reach, except, ['properties', p.name, 'except']).items;
  const exDst = expandDestinations(reach, except, ['properties', p.name, 'except']).items;
  const exAddrs = exceptAddresses(except);
  const exIfaces = new Set<string>([...exSrc.flatMap((s) => (s.source.kind === 'iface' && s.addrs === undefined ? [s.source.iface] : [])), ...exDst.flatMap((d) => (d.dest.kind === 'iface' && !d.key.includes('@') ? [d.dest.iface.id] : []))]);
  const exWhole = new Set(except.filter((x) => x === 'internet' || (x.startsWith('external:') && x.split(':').length === 2)));
  const keepSource = (s: SourceSet): boolean => !(s.source.kind === 'iface' && exIfaces.has(s.source.iface)) && !(s.source.kind === 'internet' && exWhole.has('internet') && s.addrs === undefined) && !(s.source.kind === 'external' && exWhole.has(`external:${s.source.network}`));
  const keepDest = (d: DestSet): boolean => !(d.dest.kind === 'iface' && exIfaces.has(d.dest.iface.id)) && !(d.dest.kind === 'internet' && exWhole.has('internet')) && !(d.dest.kind === 'external' && exWhole.has(`external:${d.dest.network}`));
  const sources = srcs.items.filter(keepSource);
  const dests = dsts.items.filter(keepDest);
  for (const [side, sel, n] of [['from', fromSel, sources.length], ['to', toSel, dests.length]] as const)
    if (sel.length > 0 && n === 0 && errors.length === 0) errors.push(error('property-vacuous', [...path, side], `\`${side}\` selects no endpoint: the property would hold vacuously`, 'check the selectors and `except`'));
  const protocols: number[] = [];
  for (const x of list(p.forall.protocol) ?? ['tcp']) {
    const n = x === 'all' || x === '-1' || x === -1 ? -1 : protocolNumber(x);
    if (n === undefined) errors.push(error('bad-protocol', [...path, 'protocol'], `\`${x}\` is not a protocol`, 'use tcp, udp, icmp, icmpv6, all or a number 0-255'));
    else protocols.push(n);
  }
  const dstPorts: [number, number][] = [];
  for (const x of list(p.forall.port) ?? ['all']) {
    const r = parsePorts(x);
    if (r) dstPorts.push(r);
    else errors.push(error('bad-ports', [...path, 'port'], `\`${x}\` is not a port, a range or \`all\``, 'write 443, 1024-65535 or all'));
  }
  if (errors.length > 0) return { name: p.name, kind: 'property', passed: false, expected, actual: notJudged(errors), errors };
  const query: Query = { protocols, dstPorts: mergeRanges(dstPorts), srcPorts: [[1024, 65535]] };
  let pairs = 0;
  let violation: PairOutcome | undefined;
  let bad: { set: PacketSet; disposition: string; blockedBy: string | null; error?: string | undefined } | undefined;
  flowsBetween(reach, sources, dests, query, exAddrs, (o) => {
    pairs++;
    if (p.reachable === false && o.reachable !== null) {
      violation = o;
      bad = { set: o.reachable, disposition: 'delivered', blockedBy: null };
      return false;
    }
    if (p.reachable === true && o.unreachable.length > 0) {
      violation = o;
      bad = o.unreachable[0];
      return false;
    }
    return undefined;
  });
  const ms = performance.now() - started;
  const protoText = protocols.includes(-1) ? 'every protocol' : protocols.map((n) => (n === 6 ? 'tcp' : n === 17 ? 'udp' : n === 1 ? 'icmp' : n === 58 ? 'icmpv6' : String(n))).join(', ');
  const portText = protocols.some((n) => n === -1 || n === 6 || n === 17) ? `; ports ${query.dstPorts!.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(', ')}, source ports 1024-65535` : '';
  const scope = `${sources.length.toLocaleString('en-US')} source${sources.length === 1 ? '' : 's'} × ${dests.length.toLocaleString('en-US')} destination${dests.length === 1 ? '' : 's'}; ${protoText}${portText}`;
  if (!violation || !bad) {
    const summary = `proved for every packet (${scope})`;
    return { name: p.name, kind: 'property', passed: true, expected, actual: { reachable: p.reachable }, stats: { mode: 'proved', cases: pairs, elapsedMs: Math.round(ms), space: pairs, summary }, errors: [] };
  }
  // the simplest packet of the violating part, and its trace
  const space = reach.space;
  const v = violation.v;
  const w = space.witness(bad.set, { srcPort: 49152, icmpType: v === 4 ? 8 : 128, src: homeAddress(reach, violation.source, v) ?? (violation.source.source.kind === 'internet' ? internetStandIn(v) : undefined) });
  const flow = witnessFlow(reach, violation, w);
  const t = engines.trace(model, flow);
  const problems: Diagnostic[] = [];
  if (bad.error) problems.push(error('trace-not-implemented', ['properties', p.name], `vpcsim does not model this path: ${bad.error}`));
  const sym = bad.disposition;
  if (!bad.error && (t.reachable !== (p.reachable === false) || (sym !== 'delivered' && t.disposition !== sym && t.disposition !== 'invalid-flow')))
    problems.push(error('engines-disagree', ['properties', p.name], `the symbolic engine found ${sym} for ${JSON.stringify(flow)}, but the tracer says ${t.disposition}`, 'this is a vpcsim bug: please report it with the scenario'));
  // the flow is the simplest packet of a class of packets that all break the property: say the class
  const counterexample: Record<string, unknown> = { ...flow, class: classText(reach, violation, bad.set) };
  const summary = `counterexample found (${scope}; ${pairs.toLocaleString('en-US')} pair${pairs === 1 ? '' : 's'} examined)`;
  return {
    name: p.name,
    kind: 'property',
    passed: false,
    expected,
    actual: { reachable: t.reachable, disposition: t.disposition, blockedBy: t.blockedBy },
    counterexample,
    trace: t,
    stats: { mode: 'proved', cases: pairs, elapsedMs: Math.round(ms), space: pairs, summary },
    errors: problems,
  };
}

/**
 * The class of packets a counterexample stands for, as a line: its first product (sources,
 * destination addresses, protocol and ports), and how many more products the class has.
 */
function classText(reach: Reach, o: PairOutcome, set: PacketSet): string {
  const { products } = reach.space.products(set, 50);
  const p = products[0];
  if (p === undefined) return '';
  const v = o.v;
  const src = o.source.source.kind === 'internet' ? sourceText('internet', v, p.src, reach.internetAddresses(v)) : o.source.source.kind === 'external' ? sourceText(o.source.label, v, p.src, reach.sourceAddresses(o.source.source, v)) : o.source.label;
  const t = trafficOf(p, [[1024, 65535]])[0];
  const dst = p.dst === undefined ? 'any address' : addressText(v, p.dst);
  const traffic = t === undefined ? '' : ` ${t.protocol}${t.ports !== undefined ? ` ${fold(t.ports)}` : ''}${t.srcPorts !== undefined ? ` from source ports ${fold(t.srcPorts)}` : ''}${t.icmp !== undefined ? ` ${t.icmp}` : ''}`;
  return `${src} → ${o.dest.label} (${dst})${traffic}${products.length > 1 ? ` and ${products.length - 1}${products.length >= 50 ? '+' : ''} more part${products.length === 2 ? '' : 's'}` : ''}`;
}

/** Port ranges to read on one line: the first 12, then how many there are (5,000 rules make 5,000 ranges). */
function fold(ranges: string): string {
  const parts = ranges.split(', ');
  return parts.length <= 12 ? ranges : `${parts.slice(0, 12).join(', ')}, … (${parts.length.toLocaleString('en-US')} ranges)`;
}

/** The address an endpoint label stands for: what `trace` resolves it to. */
function homeAddress(reach: Reach, s: SourceSet, v: 4 | 6): Bound | undefined {
  if (s.source.kind !== 'iface') return undefined;
  const i = reach.net.ifaces.get(s.source.iface);
  return v === 4 ? i?.priv4 : i?.addrs6[0];
}

function formatAddr(a: Bound): string {
  return formatIp(a as number);
}

/** The flow the tracer can run for a packet of a pair: endpoint names where they stand for the packet's addresses, else the addresses. */
function witnessFlow(reach: Reach, o: PairOutcome, w: Packet): Flow {
  const v = o.v;
  const src = o.source;
  let from: string;
  if (src.source.kind === 'iface') from = homeAddress(reach, src, v) === w.src ? src.label : formatAddr(w.src);
  else if (src.source.kind === 'internet') from = `internet:${formatAddr(w.src)}`;
  else from = `external:${src.source.network}:${formatAddr(w.src)}`;
  const d = o.dest;
  let to: string;
  if (d.dest.kind === 'iface') {
    const i = d.dest.iface;
    const fromOutside = src.source.kind === 'internet';
    const named = fromOutside ? (v === 4 ? i.pub4 : i.addrs6[0]) : v === 4 ? i.priv4 : i.addrs6[0];
    // the label stands for the address the tracer resolves it to (from the internet: the public one)
    to = !d.key.includes('@') && (named === w.dst || (fromOutside && v === 4 && i.pub4 === undefined)) ? d.label : formatAddr(w.dst);
  } else if (d.dest.kind === 'lb') to = formatAddr(w.dst); // a node's address: the tracer finds its load balancer
  else if (d.dest.kind === 'internet') to = `internet:${formatAddr(w.dst)}`;
  else to = `external:${d.dest.network}:${formatAddr(w.dst)}`;
  const ports = w.proto === 6 || w.proto === 17;
  const icmp = w.proto === 1 || w.proto === 58;
  return {
    from,
    to,
    protocol: w.proto === 6 ? 'tcp' : w.proto === 17 ? 'udp' : w.proto === 1 ? 'icmp' : w.proto === 58 ? 'icmpv6' : w.proto,
    ...(ports ? { port: w.dstPort } : {}),
    ...(ports && w.srcPort !== DEFAULT_SRC_PORT ? { srcPort: w.srcPort } : {}),
    ...(icmp ? { icmpType: w.icmpType, icmpCode: w.icmpCode } : {}),
  };
}

function mergeRanges(rs: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [lo, hi] of [...rs].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && last[1] + 1 >= lo) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}
