// Results of checking a scenario's expectations and properties (ARCHITECTURE.md, `vpcsim check --json`).
import type { Diagnostic } from '@vpcsim/model';
import type { Trace } from '@vpcsim/net';

/**
 * The IAM decision as the iam package returns it. Kept structural here so analysis does not
 * pin iam's internal types; see `@vpcsim/iam` `Decision`.
 */
export interface DecisionLike {
  readonly decision: 'allowed' | 'explicitly-denied' | 'implicitly-denied';
  readonly decisive: readonly { readonly policy: string; readonly statement: number; readonly sid?: string | undefined }[];
  readonly explain: readonly unknown[];
  readonly errors: readonly Diagnostic[];
}

/** How a property was checked. */
export interface PropertyStats {
  /**
   * `proved`: the whole space was enumerated (for IAM properties: every case the scenario
   * names, which the summary says instead of "proved"); `sampled`: fast-check runs found no
   * counterexample (or found one).
   */
  readonly mode: 'proved' | 'sampled';
  /** Cases examined. */
  readonly cases: number;
  /** Seed to replay a sampled run (`vpcsim check --seed`). */
  readonly seed?: number | undefined;
  readonly elapsedMs: number;
  /** Size of the whole case space (equivalence classes multiplied). */
  readonly space?: number | undefined;
  /** One line for people: `proved over 1,024 cases (port classes)`, `checked all 12 cases the scenario names (...)` (IAM), `no counterexample in 1,000 runs (seed 42; ...)`. */
  readonly summary?: string | undefined;
}

/** One expectation's or property's result. */
export interface CheckResult {
  readonly name: string;
  readonly kind: 'expect' | 'property';
  readonly passed: boolean;
  /** What the scenario states, e.g. `{ reachable: false }` or `{ decision: 'allowed' }`. */
  readonly expected: Readonly<Record<string, unknown>>;
  /** What the engine found, same keys. */
  readonly actual: Readonly<Record<string, unknown>>;
  /** For a failed property: the smallest case that breaks it (a flow or a request). */
  readonly counterexample?: Readonly<Record<string, unknown>> | undefined;
  /** The trace and/or decision behind the verdict (of the counterexample for properties). */
  readonly trace?: Trace | undefined;
  readonly decision?: DecisionLike | undefined;
  /** For a passing request expectation decided by the fast path: its explanation, computed when asked (the UI's selected check). */
  readonly explainDecision?: (() => DecisionLike) | undefined;
  readonly stats?: PropertyStats | undefined;
  /** Problems that kept the check from running (e.g. an unknown endpoint): the check fails. */
  readonly errors: readonly Diagnostic[];
}

/** Options of a scenario check. */
export interface CheckOptions {
  /** fast-check seed (default: a fixed seed, so runs are repeatable). */
  readonly seed?: number | undefined;
  /** fast-check runs per sampled property (default chosen so the library checks in seconds). */
  readonly runs?: number | undefined;
  /** Spaces of at most this many cases are enumerated (a proof) instead of sampled (default 20,000). */
  readonly budget?: number | undefined;
  /**
   * Context values an IAM property takes from the policies' own conditions for keys its
   * `forall.context` does not name: `all` (default): `aws:CurrentTime`/`aws:EpochTime` dates,
   * `aws:SourceIp` blocks, and the values of String and Bool conditions on global `aws:` keys
   * (`aws:MultiFactorAuthPresent`, `aws:SourceVpce`, ...); `time-and-ip`: only the first two.
   */
  readonly conditionValues?: 'time-and-ip' | 'all' | undefined;
  /**
   * Only these checks, in this order (`checkScenario`): positions in file order, the
   * expectations first, then the properties. Default: every check. A share of the work
   * (`--jobs`, `--shard`) runs its checks and puts them back in order.
   */
  readonly checks?: readonly number[] | undefined;
}
