// What changed between two versions of a scenario: differential reachability over every packet
// (diff-network.ts) and differential authorization (access/access-diff.ts: every principal class,
// every action and resource cell the changed statements cover; access/instance-diff.ts:
// requests sent from instances). Each change is reported with the verdict on each side
// and what decided it, so a reviewer sees what a pull request opens or closes.
import { pushAll, warning, type Diagnostic, type Model } from '@vpcsim/model';
import { diffAccess, type AccessDiff } from './access/access-diff.js';
import { diffInstanceRequests, type InstanceRequestDiff } from './access/instance-diff.js';
import { diffNetwork, type NetworkDiff, type NetworkDiffOptions } from './diff-network.js';

export type { FlowChange, FlowSide, NetworkDiff, NetworkDiffOptions } from './diff-network.js';

/** A request's decision on one side of the diff, with the statements that decided it. */
export interface RequestSide {
  readonly decision: string;
  readonly decisive: readonly string[];
}

/** A request whose decision differs between the two scenarios. */
export interface RequestChange {
  readonly principal: string;
  readonly action: string;
  readonly resource?: string | undefined;
  readonly before: RequestSide;
  readonly after: RequestSide;
}

/** The differences between two scenarios. */
export interface DiffResult {
  /** Every packet compared (diff-network.ts). */
  readonly network: NetworkDiff;
  /** IAM over every action and resource (access/access-diff.ts): `changed` entries are RequestChange with more fields. */
  readonly iam: AccessDiff;
  /** Requests sent from instances over each version's network path (access/instance-diff.ts). */
  readonly requestsFromInstances: InstanceRequestDiff;
  readonly errors: readonly Diagnostic[];
}

/** Limits of a diff. */
export interface DiffOptions extends NetworkDiffOptions {
  /** Requests compared on each side at most (IAM). */
  readonly maxRequests?: number | undefined;
  /** The network half, computed already (in shares, by `mergeNetworkDiff`): only IAM and the requests are compared. */
  readonly network?: NetworkDiff | undefined;
}

const DEFAULT_MAX_REQUESTS = 200_000;

/** Compares two scenarios: the flows and the requests whose outcome changed. */
export function diffScenarios(before: Model, after: Model, options: DiffOptions = {}): DiffResult {
  const errors: Diagnostic[] = [];
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const network = options.network ?? diffNetwork(before, after, options);
  pushAll(errors, network.errors);
  // ---- IAM and requests from instances: their own modules (issue 16) ------------------------
  const iam = diffAccess(before, after, { maxRequests });
  const requestsFromInstances = diffInstanceRequests(before, after, { maxRequests });
  if (iam.truncated || requestsFromInstances.truncated) errors.push(warning('diff-truncated', ['iam'], `only the first ${maxRequests.toLocaleString('en-US')} requests were compared`, 'raise the limit'));
  return { network, iam, requestsFromInstances, errors };
}
