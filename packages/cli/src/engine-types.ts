// The shapes the CLI reads from the engines, written structurally after the contracts in
// packages/net/src/trace-types.ts and packages/analysis/src/types.ts (ARCHITECTURE.md "Contracts").
// Structural so the CLI prints whatever the engines return without pinning their internals.
import type { Diagnostic } from '@vpcsim/model';

/** A flow to trace (net `Flow`). */
export interface FlowSpec {
  readonly from: string;
  readonly to: string;
  readonly protocol?: string | number | undefined;
  readonly port?: number | undefined;
  readonly srcPort?: number | undefined;
  readonly icmpType?: number | undefined;
  readonly icmpCode?: number | undefined;
}

/** One hop of a trace (net `Hop`). */
export interface HopLike {
  readonly component: string;
  readonly kind: string;
  readonly verdict: string;
  readonly rule?: string | undefined;
  readonly detail: {
    readonly step: string;
    readonly why: string;
    readonly direction?: string;
    readonly table?: readonly string[];
    readonly routeTable?: string;
    readonly destination?: string;
    readonly target?: string;
    readonly from?: string;
    readonly to?: string;
  };
  readonly packet?: { readonly src: string; readonly dst: string; readonly protocol: string; readonly srcPort?: number; readonly dstPort?: number } | undefined;
}

/** A blocker with its fix (net `Blocker`). */
export interface BlockerLike {
  readonly component: string;
  readonly setting: string;
  readonly fix?: string | undefined;
}

/** A whole trace (net `Trace`). */
export interface TraceLike {
  readonly reachable: boolean;
  readonly disposition: string;
  readonly blockedBy: string | null;
  readonly blockers: readonly BlockerLike[];
  readonly forward: readonly HopLike[];
  readonly return: readonly HopLike[];
  readonly service?: unknown;
  readonly errors: readonly Diagnostic[];
}

/** An IAM decision (iam `Decision`). */
export interface DecisionLike {
  readonly decision: 'allowed' | 'explicitly-denied' | 'implicitly-denied';
  readonly decisive: readonly { readonly policy: string; readonly statement: number; readonly sid?: string | undefined }[];
  readonly explain: readonly unknown[];
  readonly errors: readonly Diagnostic[];
}

/** An API request (scenario `RequestSpec`). */
export interface RequestLike {
  /** Left out with `from`: the instance profile's role session. */
  readonly principal?: string | undefined;
  readonly action: string;
  readonly resource?: string | undefined;
  readonly from?: string | undefined;
  readonly context?: Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[]>> | undefined;
}

/** How a request sent from an instance reached the service (analysis `RequestNetwork`). */
export interface RequestNetworkLike {
  readonly reached: boolean;
  readonly disposition: string;
  readonly via?: string | undefined;
  readonly endpoint?: string | undefined;
  readonly context: Readonly<Record<string, string>>;
  readonly reason?: string | undefined;
}

/** The result of a request sent from an instance (analysis `request`). */
export interface RequestResultLike {
  readonly decision: DecisionLike;
  readonly trace?: TraceLike | undefined;
  /** How the request reached the service and the context keys the path supplied. */
  readonly network?: RequestNetworkLike | undefined;
  /** The principal the request was judged as (expanded). */
  readonly principal?: string | undefined;
  readonly errors: readonly Diagnostic[];
}

/** One expectation's or property's result (analysis `CheckResult`). */
export interface CheckResultLike {
  readonly name: string;
  readonly kind: 'expect' | 'property';
  readonly passed: boolean;
  readonly expected: Readonly<Record<string, unknown>>;
  readonly actual: Readonly<Record<string, unknown>>;
  readonly counterexample?: Readonly<Record<string, unknown>> | undefined;
  readonly trace?: TraceLike | undefined;
  readonly decision?: DecisionLike | undefined;
  readonly stats?: { readonly mode: string; readonly cases: number; readonly seed?: number | undefined; readonly elapsedMs: number } | undefined;
  readonly errors: readonly Diagnostic[];
}

/** Success dispositions (net trace-types.ts). */
export const SUCCESS_DISPOSITIONS: ReadonlySet<string> = new Set(['delivered', 'exits-internet', 'exits-external', 'exits-service']);
