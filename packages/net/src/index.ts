// public API: add with intention

/** The trace contract: flows, traces, hops, dispositions (trace-types.ts). */
export type * from './trace-types.js';
/** Traces a flow (source, destination, protocol, port) through a model, forward and back, hop by hop; never throws. */
export { trace } from './trace.js';
/** The source port a flow uses when it names none (49152), and the addresses a bare `internet` stands for (203.0.113.10; 2001:db8::10 toward IPv6). */
export { DEFAULT_INTERNET_IP, DEFAULT_INTERNET_IP6, DEFAULT_SRC_PORT } from './trace.js';
/** Builds (once per model, cached) the indexes the tracer reads: exposed to time the build or warm it up. */
export { compileNetwork, type CompiledNetwork } from './compile-network.js';
/** Formats a trace as readable hop-by-hop text, then the blockers with their fixes. */
export { formatTrace } from './format-trace.js';
/** The VPC Flow Log records (version 2) a trace's packets would produce, ACCEPT or REJECT per interface. */
export { flowLogs, type FlowLogRecord, type FlowLogOptions } from './flow-logs.js';
/** Lists the endpoints a user can trace from and to (for pickers). */
export { traceEndpoints, type TraceEndpoint } from './trace-endpoints.js';
/** The symbolic engine: every packet a source can send, walked at once; parts with their verdicts (reach.ts). */
export { Reach, verdictFor, type ReachSource, type ReachPart, type ReachDestination, type ReachVerdict } from './reach.js';
/** Packet sets (interval decision diagrams over the packet as its source sent it). */
export { PacketSpace, FIELDS, MAX_CELLS, defaultMaxCells, type PacketSet, type FieldRanges, type Field } from './domain/packet-set.js';
export { intersectIntervals, normalizeIntervals, SetBudgetExceeded, type Bound, type Intervals } from './domain/idd.js';
export { IntervalLookup, blockLast } from './lookup.js';
export type { Packet } from './traffic.js';
/** A path vpcsim does not model (reported as `not-implemented`). */
export { HOP_LIMIT } from './walk/failures.js';
