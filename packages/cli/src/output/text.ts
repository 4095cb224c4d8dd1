// Human output: mtr-like traces, decisions first, check reports with a summary line.
import { formatDiagnostic, maxOf, pushAll, type Diagnostic } from '@vpcsim/model';
import type { CheckResultLike, DecisionLike, FlowSpec, HopLike, RequestLike, TraceLike } from '../engine-types.js';
import { decisionLines, decisiveLabel, flowLabel, foldPath, hopPassed, inlineRecord, requestLabel, type ExplainLine } from '../present.js';
import { pad, type Style } from './ansi.js';
import type { CheckReport } from '../commands/check.js';
import type { WhatIfOutcome } from '../commands/trace.js';
import type { DiffResult, FlowChange, FlowSide } from '@vpcsim/analysis';
import { formatAccessDiff } from './access-text.js';

const OK = '✓';
const NO = '✗';

/** Diagnostics, one per line: `file:line path: message — hint: ...`. */
function formatDiagnostics(ds: readonly Diagnostic[], s: Style, indent = ''): string[] {
  return ds.map((d) => `${indent}${d.severity === 'warning' ? s.yellow(formatDiagnostic(d)) : s.red(formatDiagnostic(d))}`);
}

function hopRows(hops: readonly HopLike[], s: Style, start: number): string[] {
  const compW = Math.min(28, maxOf(hops.map((h) => h.component.length), 9));
  const kindW = Math.min(24, maxOf(hops.map((h) => h.kind.length), 4));
  const out: string[] = [];
  hops.forEach((h, i) => {
    const ok = hopPassed(h);
    const mark = ok ? s.green(OK) : s.red(NO);
    const verdict = ok ? h.verdict : s.red(h.verdict);
    const line = `  ${String(start + i).padStart(2)}  ${mark} ${pad(verdict, 9)} ${pad(ok ? h.component : s.bold(s.red(h.component)), compW)}  ${pad(s.dim(h.kind), kindW)}  ${h.rule ?? ''}`;
    out.push(line.trimEnd());
    if (h.detail.why) out.push(`${' '.repeat(17)}${s.dim(h.detail.why)}`);
  });
  return out;
}

/** A trace as the terminal shows it: the hops, then the verdict and the blockers with fixes. */
export function formatTraceText(trace: TraceLike, flow: FlowSpec, s: Style): string {
  const out: string[] = [s.bold(`trace ${flowLabel(flow)}`), ''];
  out.push(s.cyan('forward'));
  pushAll(out, (trace.forward.length ? hopRows(trace.forward, s, 1) : ['  (no hops)']));
  if (trace.return.length > 0) {
    // after a denial on the way out, the reply is traced as if the request had got through, so
    // that every blocker is found at once
    const stopped = trace.forward.some((h) => !hopPassed(h));
    out.push(s.cyan('return') + (stopped ? s.dim('  (as if the request had got through: every blocker at once)') : ''));
    pushAll(out, hopRows(trace.return, s, 1));
  }
  if (trace.targets !== undefined) out.push(...targetRows(trace, s));
  out.push('');
  if (trace.reachable) out.push(s.green(`${OK} reachable (${trace.disposition})`));
  else out.push(s.red(`${NO} unreachable (${trace.disposition})${trace.blockedBy ? `: blocked by ${s.bold(trace.blockedBy)}` : ''}`));
  if (trace.blockers.length > 0) {
    out.push(s.cyan('blockers'));
    for (const b of trace.blockers) out.push(`  ${s.bold(b.component)}  ${b.setting}${b.fix ? `\n    fix: ${b.fix}` : ''}`);
  }
  if (trace.errors.length > 0) pushAll(out, formatDiagnostics(trace.errors, s));
  return out.join('\n');
}

/**
 * A trace to a load balancer: the second leg, from the node to each target and back, each
 * target with its verdict, its health check and its hops (an application load balancer's own
 * targets nested under it).
 */
function targetRows(trace: TraceLike, s: Style): string[] {
  const lb = trace.loadBalancer;
  const out = [s.cyan(`targets${lb ? ` of ${lb.id} (node ${lb.node}${lb.listener ? `, listener ${lb.listener}` : ''})` : ''}`)];
  const each = (ts: NonNullable<TraceLike['targets']>, indent: string): void => {
    if (ts.length === 0) out.push(`${indent}  (no target)`);
    for (const t of ts) {
      const head = `${t.target}  ${s.dim(`${t.kind}, port ${t.port}, from ${t.node}${t.healthy ? '' : ', unhealthy'}`)}`;
      out.push(`${indent}  ${t.reachable ? s.green(OK) : s.red(NO)} ${head}: ${t.reachable ? `reachable (${t.disposition})` : s.red(`unreachable (${t.disposition})${t.blockedBy ? ` at ${s.bold(t.blockedBy)}` : ''}`)}`);
      if (t.healthCheck) out.push(`${indent}    ${s.dim(`health check ${t.healthCheck.protocol} ${t.healthCheck.port}: ${t.healthCheck.passed ? 'passes' : 'fails'}`)}`);
      const legs: [string, NonNullable<TraceLike['targets']>[number]['forward']][] = [['forward', t.forward], ['return', t.return]];
      for (const [name, hops] of legs) {
        if (hops.length === 0) continue;
        out.push(`${indent}    ${s.cyan(name)}`);
        out.push(...hopRows(hops, s, 1).map((l) => `${indent}  ${l}`));
      }
      if (t.targets) each(t.targets, `${indent}    `);
    }
  };
  each(trace.targets ?? [], '');
  return out;
}

/** `--what-if`: the fixes applied to a copy of the scenario, and the trace after them. */
export function formatWhatIf(w: WhatIfOutcome, flow: FlowSpec, s: Style): string {
  const out: string[] = [s.bold(s.cyan('what if the fixes were applied'))];
  if (w.patches.length === 0) out.push('  no fix vpcsim can write: change what the blockers say');
  else pushAll(out, w.patches.map((p) => `  ${p}`));
  if (w.errors.length > 0) {
    pushAll(out, formatDiagnostics(w.errors, s));
    return out.join('\n');
  }
  const t = w.trace;
  if (t.reachable) out.push(s.green(`${OK} then reachable (${t.disposition})`));
  else out.push(s.red(`${NO} still unreachable (${t.disposition})${t.blockedBy ? `: blocked by ${s.bold(t.blockedBy)}` : ''}`));
  for (const b of w.unfixable) out.push(`  ${s.bold(b.component)}  ${b.setting}${b.fix ? `\n    fix: ${b.fix}` : ''}`);
  if (t.reachable) out.push(s.dim(`  path ${foldPath(t.forward.map((h) => h.component).filter((c, i, a) => c !== a[i - 1]))}  (${flowLabel(flow)})`));
  return out.join('\n');
}

/** One flow log record as its log line: the record's `line` when it has one, else its fields in order. */
function flowLogLine(r: unknown): string {
  if (typeof r === 'string') return r;
  if (r === null || typeof r !== 'object') return String(r);
  const o = r as Record<string, unknown>;
  // `line` already holds the whole record in the default format
  if (typeof o['line'] === 'string') return o['line'];
  return Object.values(o).map(String).join(' ');
}

/** Flow log records, one per line, each printed once. */
export function formatFlowLogs(records: readonly unknown[], s: Style): string {
  const lines = records.map(flowLogLine);
  return [s.cyan('flow logs'), ...(lines.length ? lines.map((l) => `  ${l}`) : ['  (no records)'])].join('\n');
}

function explainRows(lines: readonly ExplainLine[], s: Style, depth: number): string[] {
  const out: string[] = [];
  for (const l of lines) {
    const mark = l.ok === true ? s.green(OK) : l.ok === false ? s.red(NO) : '·';
    out.push(`${'  '.repeat(depth)}${mark} ${l.label}${l.outcome ? `: ${l.ok === false ? s.red(l.outcome) : l.outcome}` : ''}${l.why ? s.dim(`  ${l.why}`) : ''}`);
    pushAll(out, explainRows(l.children, s, depth + 1));
  }
  return out;
}

const NOT_JUDGED: ReadonlySet<string> = new Set(['unknown-action', 'unknown-principal', 'invalid-principal']);

/** A decision: the verdict first, then the decisive statements, then each gate. */
export function formatDecisionText(d: DecisionLike, req: RequestLike, s: Style): string {
  // a request that could not be judged (an action AWS does not have, an undeclared principal): the errors, no verdict
  if (d.explain.length === 0 && d.errors.some((e) => NOT_JUDGED.has(e.code))) return [`${s.bold(s.red(`${NO} not judged`))}  ${requestLabel(req)}`, ...formatDiagnostics(d.errors, s)].join('\n');
  const head = d.decision === 'allowed' ? s.green(`${OK} allowed`) : s.red(`${NO} ${d.decision}`);
  const out = [`${s.bold(head)}  ${requestLabel(req)}`];
  out.push(s.cyan('decisive'));
  pushAll(out, (d.decisive.length ? d.decisive.map((x) => `  ${decisiveLabel(x)}`) : ['  (none: no statement allows it)']));
  if (d.explain.length > 0) {
    out.push(s.cyan('gates'));
    pushAll(out, explainRows(decisionLines(d), s, 1));
  }
  const assumed = d.assumed ?? [];
  // the keys AWS always sets that the request did not give: what the decision took for granted
  if (assumed.length > 0) out.push(s.cyan('assumed'), `  ${assumed.map((k) => `${k}=${contextText(d.context[k])}`).join(', ')}`, s.dim('  (keys AWS always sets; give --context KEY=VALUE to change one)'));
  if (d.errors.length > 0) pushAll(out, formatDiagnostics(d.errors, s));
  return out.join('\n');
}

/** A context value as `--context` would take it. */
const contextText = (v: unknown): string => (Array.isArray(v) ? v.join(',') : String(v));

/** A property that passed on a sample of its cases: it is not proved, and the output says so. */
const sampledPass = (r: CheckResultLike): boolean => r.passed && r.stats?.mode === 'sampled';

function resultCounts(results: readonly CheckResultLike[]): string {
  const e = results.filter((r) => r.kind === 'expect').length;
  const p = results.length - e;
  const passed = results.filter((r) => r.passed).length;
  const sampled = results.filter(sampledPass).length;
  return `${e} expectation${e === 1 ? '' : 's'}, ${p} propert${p === 1 ? 'y' : 'ies'}: ${passed} passed${sampled ? ` (${sampled} sampled, not proved)` : ''}, ${results.length - passed} failed`;
}


/** The check report: a line per scenario, details of each failure, a summary line. */
export function formatCheckText(report: CheckReport, s: Style, validateOnly: boolean): string {
  return formatCheckLines(report, s, validateOnly).join('\n');
}

/** The check report as lines (written in chunks: a report may be long). */
export function formatCheckLines(report: CheckReport, s: Style, validateOnly: boolean): string[] {
  const out: string[] = [];
  let passed = 0;
  let failed = 0;
  let invalid = 0;
  let sampled = 0;
  for (const sc of report.scenarios) {
    if (!sc.valid) {
      invalid++;
      out.push(`${s.red(NO)} ${sc.file}  ${s.red(`invalid: ${sc.errors.length} error${sc.errors.length === 1 ? '' : 's'}`)}`);
      pushAll(out, formatDiagnostics(sc.errors, s, '    '));
      continue;
    }
    const bad = sc.results.filter((r) => !r.passed);
    passed += sc.results.length - bad.length;
    failed += bad.length;
    const mark = bad.length ? s.red(NO) : s.green(OK);
    out.push(`${mark} ${sc.file}  ${validateOnly ? 'valid' : resultCounts(sc.results)}`);
    pushAll(out, formatDiagnostics(sc.warnings, s, '    '));
    const mere = sc.results.filter(sampledPass);
    sampled += mere.length;
    for (const r of mere) out.push(`    ${s.yellow('~')} ${s.bold(r.name)} ${s.dim('(property)')}: sampled, not proved: ${r.stats!.summary ?? `${r.stats!.cases} cases`}`);
    for (const r of bad) {
      out.push(`    ${s.red(NO)} ${s.bold(r.name)} ${s.dim(`(${r.kind})`)}`);
      out.push(`        expected ${inlineRecord(r.expected)}; actual ${inlineRecord(r.actual)}`);
      if (r.counterexample) out.push(`        counterexample ${inlineRecord(r.counterexample)}`);
      if (r.trace) {
        const t = r.trace;
        const last = [...t.forward, ...t.return].find((h) => !hopPassed(h));
        out.push(`        trace ${t.disposition}${t.blockedBy ? ` at ${t.blockedBy}` : ''}${last?.rule ? `: ${last.rule}` : ''}${last ? s.dim(`  ${last.detail.why}`) : ''}`);
        // the path as a chain of components, each named once in order (the whole trace: `vpcsim trace`)
        const chain = t.forward.map((h) => h.component).filter((c, i, a) => c !== a[i - 1]);
        if (chain.length > 0) out.push(s.dim(`        path ${foldPath(chain)}`));
      }
      if (r.decision) out.push(`        decision ${r.decision.decision}${r.decision.decisive.length ? ` by ${r.decision.decisive.map(decisiveLabel).join(', ')}` : ''}`);
      pushAll(out, formatDiagnostics(r.errors, s, '        '));
    }
  }
  const parts = validateOnly ? [`${report.scenarios.length - invalid} valid`] : [`${passed} passed${sampled ? ` (${sampled} sampled, not proved)` : ''}`, `${failed} failed`];
  if (invalid) parts.push(`${invalid} invalid`);
  // arguments that could not be read are reported on stderr; the summary counts them
  const unreadable = report.unreadable.length;
  if (unreadable) parts.push(`${unreadable} unreadable`);
  const summary = parts.join(', ');
  out.push('', invalid || failed || unreadable ? s.red(summary) : s.green(summary));
  return out;
}

/** `vpcsim reach`: the numbered lines, then how to explain one. */
export function formatReach(r: { lines: readonly ReachLineLike[]; complete: boolean; stats: { scope: string }; errors: readonly Diagnostic[] }, file: string, s: Style): string {
  const n = r.lines.length;
  const out: string[] = [s.bold(`reach ${file}: ${n === 0 ? 'nothing is reachable' : `${n.toLocaleString('en-US')} line${n === 1 ? '' : 's'}`}`), s.dim(`  (${r.complete ? 'proved over' : 'NOT complete:'} ${r.stats.scope})`)];
  const width = String(n).length;
  for (const l of r.lines) out.push(`  ${String(l.n).padStart(width)}  ${flowChangeText(l)}${l.via ? ` (served by ${l.via})` : ''}`);
  if (r.errors.length > 0) pushAll(out, formatDiagnostics(r.errors, s));
  if (n > 0) out.push('', s.dim(`explain a line as a hop-by-hop trace: add --explain N (1 to ${n})`));
  return out.join('\n');
}

/** A line of `vpcsim reach`, as printed. */
type ReachLineLike = Omit<FlowChange, 'before' | 'after' | 'example'> & { readonly n: number; readonly via?: string | undefined };

/** The sources of a line, the first few named. */
export function sourcesText(from: readonly string[], shown = 6): string {
  return from.length <= shown ? from.join(', ') : `${from.slice(0, shown - 1).join(', ')} and ${(from.length - shown + 1).toLocaleString('en-US')} more`;
}

/** A flow line's traffic: `tcp 80, 443`, `udp (every port)`, `icmp type 8`. */
export function trafficText(c: Pick<FlowChange, 'protocol' | 'ports' | 'icmp' | 'srcPorts'>): string {
  return `${c.protocol}${c.ports !== undefined && c.ports !== '0-65535' ? ` ${c.ports}` : c.ports !== undefined ? ' (every port)' : ''}${c.icmp ? ` ${c.icmp}` : ''}${c.srcPorts ? ` from source ports ${c.srcPorts}` : ''}`;
}

/** A flow line: sources → destination (addresses) traffic. */
export function flowChangeText(c: Omit<FlowChange, 'before' | 'after' | 'example'>): string {
  return `${sourcesText(c.from)} → ${c.to}${c.toAddresses && c.toAddresses !== c.to ? ` (${c.toAddresses})` : ''} ${trafficText(c)}`;
}

const flowSide = (x: FlowSide): string => (x.reachable ? `reachable (${x.disposition}${x.via ? ` via ${x.via}` : ''})` : `unreachable (${x.disposition}${x.blockedBy ? ` at ${x.blockedBy}` : ''})`);

/** `vpcsim diff`: the flows and requests whose outcome changed. */
export function formatDiff(d: DiffResult, before: string, after: string, s: Style): string {
  const out: string[] = [s.bold(`diff ${before} → ${after}`), ''];
  const nc = d.network.changed.length;
  out.push(s.cyan(`network: ${nc} change${nc === 1 ? '' : 's'} (${d.network.complete ? 'compared' : 'NOT all compared'}: ${d.network.stats.scope})`));
  const width = String(nc).length;
  for (const [i, c] of d.network.changed.entries()) {
    const opened = !c.before.reachable && c.after.reachable;
    const mark = opened ? s.yellow('+') : c.before.reachable && !c.after.reachable ? s.red('-') : '~';
    out.push(`  ${s.dim(String(i + 1).padStart(width))} ${mark} ${flowChangeText(c)}: ${flowSide(c.before)} → ${flowSide(c.after)}`);
  }
  if (nc > 0) out.push(s.dim(`  trace a change's example in both versions: add --explain N (1 to ${nc})`));
  pushAll(out, formatAccessDiff(d, s));
  pushAll(out, formatDiagnostics(d.errors, s));
  const n = d.network.changed.length + d.iam.changed.length + d.requestsFromInstances.changed.length;
  // "no change" only when everything was compared
  const whole = d.network.complete && !d.iam.truncated && !d.requestsFromInstances.truncated;
  out.push('', n ? s.yellow(`${n} change${n === 1 ? '' : 's'} (+ opens, - closes, ~ changes reason)`) : whole ? s.green('no change (everything compared)') : s.yellow('no change found, but not everything was compared (see above)'));
  return out.join('\n');
}
