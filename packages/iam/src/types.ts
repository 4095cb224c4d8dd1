// The IAM contract: the request the engine judges and the decision it returns, with the
// explanation. Shared by the compiled engine (evaluate.ts) and the literal reference
// evaluator (reference.ts): both return exactly these shapes so tests can compare them.
import type { Diagnostic } from '@vpcsim/model';

/** A value of a request context key; multi-valued keys are arrays. */
export type ContextValue = string | number | boolean | readonly (string | number | boolean)[];

/** The request context: condition keys to values (`aws:SourceIp`, `s3:prefix`, ...). */
export type RequestContext = Readonly<Record<string, ContextValue>>;

/** An API request: who, what action, on what resource, with what context. */
export interface Request {
  /** Principal: short form (`user/alice`, `role/web/session`, `root`, `anonymous`) or ARN. */
  readonly principal: string;
  /** `service:Action`, e.g. `s3:GetObject`. */
  readonly action: string;
  /** Resource ARN; absent or `*` for actions without a resource. */
  readonly resource?: string | undefined;
  /** Context keys given by the caller; they override keys the engine derives. */
  readonly context?: RequestContext | undefined;
  /** The VPC endpoint the request went through, with its policy: one more gate. */
  readonly endpoint?: { readonly id: string; readonly policy?: unknown } | undefined;
}

/** The three outcomes AWS documents. */
export type DecisionKind = 'allowed' | 'explicitly-denied' | 'implicitly-denied';

/** Every kind of policy the evaluation reads. */
export type PolicyType =
  | 'identity'
  | 'resource'
  | 'permissions-boundary'
  | 'session'
  | 'scp'
  | 'rcp'
  | 'trust'
  | 'endpoint'
  | 'key'
  | 'block-public-access';

/** A statement that decided the outcome. */
export interface DecisiveStatement {
  /** Policy name or ARN as a person would find it (`user/alice inline ReadAll`, an ARN, `scp:ou-prod/DenyRegions`). */
  readonly policy: string;
  readonly policyType: PolicyType;
  /** 0-based index of the statement in the policy's `Statement` list. */
  readonly statement: number;
  readonly sid?: string | undefined;
  readonly effect: 'Allow' | 'Deny';
}

/** Why one statement did or did not apply. */
export interface StatementMatch {
  readonly policy: string;
  readonly statement: number;
  readonly sid?: string | undefined;
  readonly effect: 'Allow' | 'Deny';
  readonly matched: boolean;
  /** When not matched: the element that failed (`Action`, `NotResource`, `Principal`, `Condition`). */
  readonly failed?: 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Principal' | 'NotPrincipal' | 'Condition' | undefined;
  /** A sentence: `condition StringEquals aws:SourceVpc: key missing from the request`. */
  readonly why: string;
}

/** The outcome of one gate of the evaluation flow. */
export interface GateResult {
  /** `scp`, `rcp`, `resource`, `identity`, `permissions-boundary`, `session`, `endpoint`, `trust`, `key`, `block-public-access`. */
  readonly gate: PolicyType;
  /** `allow`: the gate lets the request on; `deny`: explicit deny; `no-allow`: nothing allowed it; `not-applicable`: the gate does not apply (and why). */
  readonly result: 'allow' | 'deny' | 'no-allow' | 'not-applicable';
  /** A sentence a person can act on. */
  readonly why: string;
  /** The statements examined at this gate (matched ones first). */
  readonly statements: readonly StatementMatch[];
}

/** The decision for one request. */
export interface Decision {
  readonly decision: DecisionKind;
  /** Deny statements that decided an explicit deny, or the Allow statements that granted. Empty for implicit deny. */
  readonly decisive: readonly DecisiveStatement[];
  /** Gate by gate, in evaluation order. */
  readonly explain: readonly GateResult[];
  /** Problems with the request or the model (unknown principal, unparsable ARN); non-empty means the decision is not to be trusted as allowed. */
  readonly errors: readonly Diagnostic[];
  /** The request context as evaluated (given keys plus derived global keys). */
  readonly context: RequestContext;
  /** The principal ARN the request was judged as. */
  readonly principal: string;
  /** One sentence: why it was allowed, or what stopped it. */
  readonly reason?: string | undefined;
  /** For a denial: the gate that stopped the request. */
  readonly failedGate?: PolicyType | undefined;
  /**
   * The context keys the request did not give that AWS always sets, which the decision took with
   * AWS's value for such a request (`aws:SecureTransport`, `aws:RequestedRegion`...): see
   * packages/iam/README.md. Their values are in `context`.
   */
  readonly assumed?: readonly string[] | undefined;
}
