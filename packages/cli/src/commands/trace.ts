// `vpcsim trace`: one flow through the scenario's network.
import type { FlowSpec, TraceLike } from '../engine-types.js';
import { flag, int, port, protocolOf, required, str, type CommandContext } from '../command-context.js';
import { loadNet } from '../engines.js';
import { loadModel } from '../load.js';
import { cliDiagnostics, flagProblems, inFile } from '../hints.js';
import { FlagsError } from '../errors.js';
import { patchLine, whatIf } from '../what-if.js';
import { printableDeep } from '../output/printable.js';
import { writeJson } from '../output/write.js';

/** With `--what-if`: the fixes applied (as readable lines) and the trace after them. */
export interface WhatIfOutcome {
  readonly patches: readonly string[];
  readonly applied: number;
  readonly unfixable: TraceLike['blockers'];
  readonly trace: TraceLike;
  readonly errors: TraceLike['errors'];
}

/** The trace and, when asked, its flow log records and the what-if after its fixes. */
export interface TraceOutcome {
  readonly flow: FlowSpec;
  readonly trace: TraceLike;
  readonly flowLogs?: readonly unknown[] | undefined;
  readonly whatIf?: WhatIfOutcome | undefined;
}

/**
 * The flow as traced: a `service:NAME` destination without a port is TCP port 443 (AWS
 * service endpoints are HTTPS), so the header reads `tcp/443`.
 */
function withDefaults(flow: FlowSpec): FlowSpec {
  const tcp = flow.protocol === undefined || flow.protocol === 'tcp' || flow.protocol === 6;
  return flow.to.startsWith('service:') && flow.port === undefined && tcp ? { ...flow, port: 443 } : flow;
}

/** Traces `flow` through the scenario in `file`. */
export async function traceCommand(file: string, given: FlowSpec, options: { flowLogs?: boolean; whatIf?: boolean } = {}): Promise<TraceOutcome> {
  const [model, net] = await Promise.all([loadModel(file), loadNet()]);
  const flow = withDefaults(given);
  const raw = net.trace(model, flow);
  // the engine's diagnostics speak of scenario fields; here the flow came from flags and the file
  const trace = { ...raw, errors: cliDiagnostics(raw.errors, model, file) };
  let what: WhatIfOutcome | undefined;
  if (options.whatIf) {
    const w = whatIf(net, model, flow, raw);
    const after = { ...w.trace, errors: cliDiagnostics(w.trace.errors, w.model, file) };
    what = { patches: w.patches.map((p) => patchLine(p, model)), applied: w.applied.length, unfixable: after.reachable ? [] : after.blockers, trace: after, errors: inFile(w.errors, file) };
  }
  return { flow, trace, flowLogs: options.flowLogs ? net.flowLogs(model, raw) : undefined, whatIf: what };
}

/**
 * Exit code of a trace: 0 reachable, 1 unreachable, 2 when the flow is invalid or the path
 * needs behaviour vpcsim does not model (no verdict to report).
 */
export function traceExitCode(trace: TraceLike, what?: WhatIfOutcome): number {
  if (what) return what.errors.length > 0 ? 2 : traceExitCode(what.trace);
  if (trace.disposition === 'invalid-flow' || trace.disposition === 'not-implemented') return 2;
  return trace.reachable ? 0 : 1;
}

/** `vpcsim trace`. */
export async function run(ctx: CommandContext): Promise<number> {
  const flow = {
    from: required(ctx, 'from'),
    to: required(ctx, 'to'),
    protocol: protocolOf(str(ctx, 'protocol')),
    port: port(ctx, 'port'),
    srcPort: port(ctx, 'src-port'),
    icmpType: int(ctx, 'icmp-type', 0, 255),
    icmpCode: int(ctx, 'icmp-code', 0, 255),
  };
  const o = await traceCommand(ctx.positionals[0]!, flow, { flowLogs: flag(ctx, 'flow-logs'), whatIf: flag(ctx, 'what-if') });
  // a flow that cannot be traced is an input error, on stderr: never shown as a network verdict
  if (o.trace.disposition === 'invalid-flow' && !flag(ctx, 'json')) throw new FlagsError(flagProblems(o.trace.errors));
  if (flag(ctx, 'json')) {
    const { traceJson } = await import('../output/json.js');
    const body = traceJson(o.trace, o.flowLogs);
    writeJson(ctx.io, o.whatIf ? { ...body, whatIf: { patches: o.whatIf.patches, unfixable: o.whatIf.unfixable, errors: o.whatIf.errors, trace: traceJson(o.whatIf.trace) } } : body);
  } else {
    const { formatTraceText, formatFlowLogs, formatWhatIf } = await import('../output/text.js');
    const s = ctx.style;
    const p = printableDeep(o);
    ctx.io.out(`${formatTraceText(p.trace, p.flow, s)}\n${p.flowLogs ? `${formatFlowLogs(p.flowLogs, s)}\n` : ''}${p.whatIf ? `\n${formatWhatIf(p.whatIf, p.flow, s)}\n` : ''}`);
  }
  return traceExitCode(o.trace, o.whatIf);
}
