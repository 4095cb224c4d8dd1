// The shapes the CLI reads from the engines: the engines' own types, named for the CLI.
import type { CheckResult } from '@vpcsim/analysis';
import type { RequestNetwork, RequestResult } from '@vpcsim/analysis';
import type { Decision } from '@vpcsim/iam';
import type { Blocker, Flow, Hop, Trace } from '@vpcsim/net';
import type { RequestSpec } from '@vpcsim/model';

/** A flow to trace (net `Flow`). */
export type FlowSpec = Flow;
/** One hop of a trace (net `Hop`). */
export type HopLike = Hop;
/** A blocker with its fix (net `Blocker`). */
export type BlockerLike = Blocker;
/** A whole trace (net `Trace`). */
export type TraceLike = Trace;
/** An IAM decision (iam `Decision`). */
export type DecisionLike = Decision;
/** An API request as the CLI builds it (scenario `RequestSpec`: `principal` may be left out with `from`). */
export type RequestLike = RequestSpec;
/** How a request sent from an instance reached the service (analysis `RequestNetwork`). */
export type RequestNetworkLike = RequestNetwork;
/** The result of a request sent from an instance (analysis `request`). */
export type RequestResultLike = RequestResult;
/** One expectation's or property's result (analysis `CheckResult`). */
export type CheckResultLike = CheckResult;

