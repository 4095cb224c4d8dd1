// public API: add with intention
export {};
/** The trace contract: flows, traces, hops, dispositions (trace-types.ts). */
export type * from './trace-types.js';
