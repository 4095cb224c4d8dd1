// `vpcsim trace`: one flow through the scenario's network.
import type { FlowSpec, TraceLike } from '../engine-types.js';
import { loadNet } from '../engines.js';
import { loadModel } from '../load.js';

/** The trace and, when asked, its flow log records. */
export interface TraceOutcome {
  readonly flow: FlowSpec;
  readonly trace: TraceLike;
  readonly flowLogs?: readonly unknown[] | undefined;
}

/** Traces `flow` through the scenario in `file`. */
export async function traceCommand(file: string, flow: FlowSpec, options: { flowLogs?: boolean } = {}): Promise<TraceOutcome> {
  const [model, net] = await Promise.all([loadModel(file), loadNet()]);
  const trace = net.trace(model, flow);
  return { flow, trace, flowLogs: options.flowLogs ? net.flowLogs(model, trace) : undefined };
}

/**
 * Exit code of a trace: 0 reachable, 1 unreachable, 2 when the flow is invalid or the path
 * needs behaviour vpcsim does not model (no verdict to report).
 */
export function traceExitCode(trace: TraceLike): number {
  if (trace.disposition === 'invalid-flow' || trace.disposition === 'not-implemented') return 2;
  return trace.reachable ? 0 : 1;
}
