// Machine output: the JSON shapes of ARCHITECTURE.md "Contracts", printed with two-space indent.
import { formatPath } from '@vpcsim/model';
import type { DecisionLike, HopLike, TraceLike } from '../engine-types.js';
import type { LocatedResult } from '../locations.js';
import type { CheckReport } from '../commands/check.js';

/** Serializes a value as the CLI prints JSON. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2);
}

function hopJson(h: HopLike): Record<string, unknown> {
  return { component: h.component, kind: h.kind, verdict: h.verdict, ...(h.rule !== undefined ? { rule: h.rule } : {}), detail: h.detail, ...(h.packet ? { packet: h.packet } : {}) };
}

type TargetLike = NonNullable<TraceLike['targets']>[number];

const blockerJson = (b: TraceLike['blockers'][number]): Record<string, unknown> => ({ component: b.component, setting: b.setting, ...(b.fix !== undefined ? { fix: b.fix } : {}) });

/** What a trace and each of its targets' legs report: the verdict, the blockers, the hops both ways. */
function legJson(t: Pick<TraceLike, 'reachable' | 'disposition' | 'blockedBy' | 'blockers' | 'forward' | 'return'>): Record<string, unknown> {
  return { reachable: t.reachable, disposition: t.disposition, blockedBy: t.blockedBy, blockers: t.blockers.map(blockerJson), forward: t.forward.map(hopJson), return: t.return.map(hopJson) };
}

/** One target of a trace to a load balancer: `{ target, node, healthy, reachable, disposition, blockedBy, forward, return }` (+ kind, port, blockers, healthCheck, nested targets). */
function targetJson(t: TargetLike): Record<string, unknown> {
  return {
    target: t.target,
    kind: t.kind,
    node: t.node,
    port: t.port,
    healthy: t.healthy,
    ...legJson(t),
    ...(t.healthCheck ? { healthCheck: { ...t.healthCheck, forward: t.healthCheck.forward.map(hopJson), return: t.healthCheck.return.map(hopJson) } } : {}),
    ...(t.targets ? { targets: t.targets.map(targetJson) } : {}),
  };
}

/** `{ reachable, disposition, blockedBy, blockers, forward, return, errors }` (+ service, loadBalancer and targets, flowLogs). */
export function traceJson(t: TraceLike, flowLogs?: readonly unknown[]): Record<string, unknown> {
  return {
    ...legJson(t),
    ...(t.service !== undefined ? { service: t.service } : {}),
    ...(t.loadBalancer !== undefined ? { loadBalancer: t.loadBalancer } : {}),
    ...(t.targets !== undefined ? { targets: t.targets.map(targetJson) } : {}),
    errors: t.errors,
    ...(flowLogs ? { flowLogs } : {}),
  };
}

/** `{ decision, decisive, explain, errors }` (+ trace with `--from`). */
export function decisionJson(d: DecisionLike, trace?: TraceLike, extra: { principal?: string | undefined; network?: unknown } = {}): Record<string, unknown> {
  return {
    decision: d.decision,
    decisive: d.decisive,
    explain: d.explain,
    errors: d.errors,
    // the keys AWS always sets that the request did not give, with the values taken
    ...(d.assumed !== undefined ? { assumed: Object.fromEntries(d.assumed.map((k) => [k, d.context[k]])) } : {}),
    ...(trace ? { trace: traceJson(trace) } : {}),
    ...(extra.principal !== undefined ? { principal: extra.principal } : {}),
    ...(extra.network !== undefined ? { network: extra.network } : {}),
  };
}

/**
 * One result: the contract's fields, where it is written (`file`, `line`), then what a machine needs to act on it: the trace or the
 * decision behind a failure (of the counterexample for a property), the search statistics with
 * the seed to replay it, and the errors that kept a check from a verdict.
 */
function resultJson(r: LocatedResult, file: string): Record<string, unknown> {
  return {
    name: r.name,
    kind: r.kind,
    file,
    ...(r.line !== undefined ? { line: r.line } : {}),
    passed: r.passed,
    expected: r.expected,
    actual: r.actual,
    ...(r.counterexample !== undefined ? { counterexample: r.counterexample } : {}),
    ...(!r.passed && r.trace ? { trace: traceJson(r.trace) } : {}),
    ...(!r.passed && r.decision ? { decision: { decision: r.decision.decision, decisive: r.decision.decisive, explain: r.decision.explain, errors: r.decision.errors } } : {}),
    ...(r.stats !== undefined ? { stats: r.stats } : {}),
    ...(r.related ? { related: r.related.map((x) => ({ file, ...(x.line !== undefined ? { line: x.line } : {}), path: formatPath(x.path), message: x.message })) } : {}),
    errors: r.errors,
  };
}

/**
 * `{ scenarios: [ { file, valid, errors, results } ], errors }`: an argument that could not be
 * read is a scenario with `valid: false`; `errors` gathers every file-level error.
 */
export function checkJson(report: CheckReport): Record<string, unknown> {
  const unreadable = report.unreadable.map((d) => ({ file: d.file ?? '', valid: false, errors: [d], results: [] }));
  const scenarios = [...report.scenarios.map((s) => ({ file: s.file, valid: s.valid, errors: s.errors, results: s.results.map((r) => resultJson(r, s.file)) })), ...unreadable];
  return { scenarios, errors: scenarios.flatMap((s) => s.errors) };
}
