// The engines the checks run on, as parameters: the real ones by default, fakes in tests.
import type { Model, Property, RequestSpec } from '@vpcsim/model';
import type { Flow, Reach, Trace } from '@vpcsim/net';
import type { CheckOptions, CheckResult, DecisionLike } from './types.js';

/** An IAM request as `@vpcsim/iam` `evaluate` takes it. */
export interface IamRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource?: string | undefined;
  readonly context?: Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[]>> | undefined;
}

/** The functions a check calls: the tracer, the IAM evaluator, and requests sent over the network. */
export interface Engines {
  readonly trace: (model: Model, flow: Flow) => Trace;
  readonly evaluate: (model: Model, request: IamRequest) => DecisionLike;
  /** The decision alone, when it needs no explanation to be trusted (else undefined): a passing expectation is not explained. */
  readonly decide?: ((model: Model, request: IamRequest) => 'allowed' | 'explicitly-denied' | 'implicitly-denied' | undefined) | undefined;
  /**
   * The symbolic engine of a model (every packet at once); absent (fakes in unit tests): network
   * properties are checked case by case through `trace`.
   */
  readonly reach?: ((model: Model) => Reach) | undefined;
  /** Requests with `from` (issue 5); absent: such requests fail as not implemented. */
  readonly request?:
    | ((
        model: Model,
        spec: RequestSpec,
      ) => {
        readonly decision: DecisionLike;
        readonly trace?: Trace | undefined;
        readonly network?: { readonly reached: boolean; readonly via?: string | undefined } | undefined;
        readonly errors: readonly unknown[];
      })
    | undefined;
  /** Access properties (`noExternalAccess`, `cannotBecome`, issue 16); absent: they fail as not implemented. */
  readonly access?: ((model: Model, property: Property, options?: CheckOptions) => CheckResult) | undefined;
}
