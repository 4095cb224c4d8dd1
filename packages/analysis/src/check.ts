// Running a scenario's `expect` entries and `properties` (docs: packages/analysis/README.md).
import fc from 'fast-check';
import { error, pushAll, type Diagnostic, type Expectation, type Model, type Property, type RequestSpec } from '@vpcsim/model';
import { DEFAULT_SRC_PORT, type Flow, type Trace } from '@vpcsim/net';
import type { Engines, IamRequest } from './engines.js';
import { exceptBoundaries, expandSelector, matchesExcept, type Endpoint } from './selectors.js';
import { parsePorts, portClasses, sourcePortClasses } from './ports.js';
import { DEFAULT_BUDGET, DEFAULT_RUNS, DEFAULT_SEED, indexArbitrary, search, type Dimension, type SearchOutcome } from './search.js';
import { iamSpace } from './iam-space.js';
import type { CheckOptions, CheckResult, DecisionLike } from './types.js';

type ContextValue = string | number | boolean | (string | number | boolean)[];

const ENGINE_TROUBLE = new Set(['invalid-flow', 'not-implemented']);

/** Whether a decision is the expected one; `denied` stands for either kind of denial. */
const decisionMatches = (expected: string | undefined, actual: string | undefined): boolean =>
  expected === 'denied' ? actual === 'explicitly-denied' || actual === 'implicitly-denied' : expected === actual;

function traceTrouble(t: Trace): Diagnostic[] {
  return ENGINE_TROUBLE.has(t.disposition) ? (t.errors.length > 0 ? [...t.errors] : [error(t.disposition, ['trace'], `the trace ended with \`${t.disposition}\``)]) : [];
}

/** Errors of a decision that keep it from being trusted (a request not delivered is an outcome). */
function decisionTrouble(d: DecisionLike): Diagnostic[] {
  return d.errors.filter((e) => e.severity === 'error' && e.code !== 'request-not-delivered');
}

function safe<T>(f: () => T, what: string): T | Diagnostic {
  try {
    return f();
  } catch (e) {
    return error('engine-threw', [what], `the ${what} engine failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
const isDiag = (x: unknown): x is Diagnostic => typeof x === 'object' && x !== null && 'code' in x && 'severity' in x && 'message' in x && !('decision' in x);

/** Judges a request: over the network with `from`, by IAM alone otherwise. */
function judge(model: Model, engines: Engines, spec: RequestSpec): { decision?: DecisionLike; trace?: Trace; via?: string; errors: Diagnostic[] } {
  if (spec.from) {
    if (!engines.request)
      return { errors: [error('not-implemented', ['request', 'from'], 'requests sent `from` an instance are not implemented yet', 'leave out `from` to judge the request by IAM alone')] };
    const r = safe(() => engines.request!(model, spec), 'request');
    if (isDiag(r)) return { errors: [r] };
    const via = r.network ? (r.network.reached ? (r.network.via ?? 'none') : 'none') : undefined;
    return { decision: r.decision, trace: r.trace, ...(via !== undefined ? { via } : {}), errors: decisionTrouble(r.decision) };
  }
  const req: IamRequest = { principal: spec.principal ?? '', action: spec.action, resource: spec.resource, context: spec.context };
  const d = safe(() => engines.evaluate(model, req), 'iam');
  if (isDiag(d)) return { errors: [d] };
  return { decision: d, errors: decisionTrouble(d) };
}

/** Runs one `expect` entry. */
export function runExpectationWith(engines: Engines, model: Model, e: Expectation, index: number): CheckResult {
  const name = e.name || `expect[${index}]`;
  if (e.trace) {
    const expected: Record<string, unknown> = { reachable: e.reachable };
    if (e.blockedBy !== undefined) expected.blockedBy = e.blockedBy;
    if (e.disposition !== undefined) expected.disposition = e.disposition;
    const t = safe(() => engines.trace(model, e.trace as Flow), 'trace');
    if (isDiag(t)) return { name, kind: 'expect', passed: false, expected, actual: notJudged([t]), errors: [t] };
    const actual: Record<string, unknown> = { reachable: t.reachable };
    if (e.blockedBy !== undefined) actual.blockedBy = t.blockedBy;
    if (e.disposition !== undefined) actual.disposition = t.disposition;
    const errors = traceTrouble(t);
    const passed = errors.length === 0 && Object.keys(expected).every((k) => expected[k] === actual[k]);
    // with errors the outcome is not a verdict: say why instead of a reachable that only looks like one
    const shown = errors.length > 0 ? { disposition: t.disposition, ...notJudged(errors) } : passed ? actual : { ...actual, disposition: t.disposition, blockedBy: t.blockedBy };
    return { name, kind: 'expect', passed, expected, actual: shown, trace: t, errors };
  }
  const spec = e.request!;
  const expected: Record<string, unknown> = { decision: e.decision };
  if (e.via !== undefined) expected.via = e.via;
  const r = judge(model, engines, spec);
  const actual: Record<string, unknown> = r.decision ? { decision: r.decision.decision } : {};
  if (e.via !== undefined) actual.via = r.via;
  const passed = r.errors.length === 0 && Object.keys(expected).every((k) => (k === 'decision' ? decisionMatches(e.decision, r.decision?.decision) : expected[k] === actual[k]));
  return { name, kind: 'expect', passed, expected, actual: r.errors.length > 0 ? { ...actual, ...notJudged(r.errors) } : actual, decision: r.decision, trace: r.trace, errors: r.errors };
}

/** The `actual` of a check that errors kept from a verdict: the first error, so the report never shows a verdict that only looks like one. */
const notJudged = (errors: readonly Diagnostic[]): Record<string, unknown> => ({ error: errors[0]?.message ?? 'not judged' });

const list = <T>(x: T | readonly T[] | undefined): T[] | undefined => (x === undefined ? undefined : Array.isArray(x) ? [...(x as T[])] : [x as T]);

/**
 * The summary line. `proved` only where the cases are real equivalence classes (network
 * properties); an IAM space is only what the scenario names, so an exhaustive IAM run says
 * `checked all N cases the scenario names`.
 */
function describe(o: SearchOutcome<unknown[]>, note: string, kind: 'network' | 'iam' = 'network'): string {
  const n = o.cases.toLocaleString('en-US');
  const s = o.cases === 1 ? '' : 's';
  if (o.failure) return o.mode === 'proved' ? `counterexample found after ${n} of ${o.space.toLocaleString('en-US')} cases${note}` : `counterexample found in sampling (seed ${o.seed})`;
  if (o.mode === 'sampled') return `no counterexample in ${n} runs (seed ${o.seed}; space of ${o.space.toLocaleString('en-US')} cases)`;
  return kind === 'iam' ? `checked all ${n} case${s} the scenario names (principals, actions, resources, context values)` : `proved over ${n} case${s}${note}`;
}

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

function networkProperty(engines: Engines, model: Model, p: Property, opts: Required<Pick<CheckOptions, 'seed' | 'runs'>> & { budget: number }): CheckResult {
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
    { weight: 1, arbitrary: fc.oneof(...portRanges.map(([lo, hi]) => fc.integer({ min: lo, max: hi }))) },
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

type Ctx = Readonly<Record<string, ContextValue>>;

function iamProperty(engines: Engines, model: Model, p: Property, opts: Required<Pick<CheckOptions, 'seed' | 'runs'>> & { budget: number; conditionValues?: CheckOptions['conditionValues'] }): CheckResult {
  const started = Date.now();
  const expected = { decision: p.decision };
  const space = iamSpace(model, p, { conditionValues: opts.conditionValues });
  const errors = [...space.errors];
  let froms: (string | undefined)[] = [undefined];
  if (p.forall.from) {
    froms = [];
    for (const s of list(p.forall.from)!) {
      // requests are sent from instances: not from their secondary addresses
      const x = expandSelector(model, s, { side: 'from', aliases: false });
      pushAll(errors, x.errors);
      pushAll(froms, x.endpoints.map((e) => e.endpoint));
    }
    if (froms.length === 0 && errors.length === 0)
      errors.push(error('property-vacuous', ['properties', p.name, 'forall', 'from'], '`from` selects no endpoint: the property would hold vacuously'));
  }
  for (const [name, values] of [['principal', space.principals], ['action', space.actions], ['resource', space.resources]] as const)
    if (values.length === 0 && errors.length === 0)
      errors.push(error('property-vacuous', ['properties', p.name, 'forall', name], `\`${name}\` selects nothing: the property would hold vacuously`));
  if (errors.length > 0) return { name: p.name, kind: 'property', passed: false, expected, actual: notJudged(errors), errors };
  const dims: [Dimension<string | undefined>, Dimension<string | undefined>, Dimension<string>, Dimension<string | undefined>, Dimension<Ctx>] = [
    { name: 'from', values: froms },
    { name: 'principal', values: space.principals },
    { name: 'action', values: space.actions },
    { name: 'resource', values: space.resources },
    { name: 'context', values: space.contexts },
  ];
  const specOf = (c: [string | undefined, string | undefined, string, string | undefined, Ctx]): RequestSpec => {
    const spec: Record<string, unknown> = { action: c[2] };
    if (c[1] !== undefined) spec.principal = c[1];
    if (c[3] !== undefined) spec.resource = c[3];
    if (c[0] !== undefined) spec.from = c[0];
    if (Object.keys(c[4]).length > 0) spec.context = c[4];
    return spec as RequestSpec;
  };
  const run = (c: [string | undefined, string | undefined, string, string | undefined, Ctx]) => {
    const r = judge(model, engines, specOf(c));
    return { ...r, ok: r.errors.length === 0 && decisionMatches(p.decision, r.decision?.decision) };
  };
  const outcome = search(dims, (c) => run(c).ok, opts);
  const summary = describe(outcome as SearchOutcome<unknown[]>, '', 'iam');
  const stats = { mode: outcome.mode, cases: outcome.cases, seed: outcome.mode === 'sampled' ? outcome.seed : undefined, elapsedMs: Date.now() - started, space: outcome.space, summary };
  if (!outcome.failure) return { name: p.name, kind: 'property', passed: true, expected, actual: { decision: p.decision }, stats, errors: [] };
  const r = run(outcome.failure);
  return {
    name: p.name,
    kind: 'property',
    passed: false,
    expected,
    actual: r.decision ? { decision: r.decision.decision } : {},
    counterexample: specOf(outcome.failure),
    decision: r.decision,
    trace: r.trace,
    stats,
    errors: r.errors,
  };
}

/** Checks one property: IAM when it quantifies principals or actions, network otherwise. */
export function checkPropertyWith(engines: Engines, model: Model, p: Property, options: CheckOptions = {}): CheckResult {
  const opts = { seed: options.seed ?? DEFAULT_SEED, runs: options.runs ?? DEFAULT_RUNS, budget: options.budget ?? DEFAULT_BUDGET, conditionValues: options.conditionValues };
  const iam = p.forall.principal !== undefined || p.forall.action !== undefined;
  return iam ? iamProperty(engines, model, p, opts) : networkProperty(engines, model, p, opts);
}

/** Runs every expectation and property of a compiled scenario, in file order. */
export function checkScenarioWith(engines: Engines, model: Model, options: CheckOptions = {}): CheckResult[] {
  return [
    ...(model.scenario.expect ?? []).map((e, i) => runExpectationWith(engines, model, e, i)),
    ...(model.scenario.properties ?? []).map((p) => checkPropertyWith(engines, model, p, options)),
  ];
}
