// The shapes of the privilege-escalation graph: nodes are principals in a permission state,
// edges are the ways one principal obtains another's permissions (PMapper's edges), each a
// sequence of API requests `vpcsim can` judges and of changes those requests make.
// https://github.com/nccgroup/PMapper (the edge checks this follows; no code is taken)
import type { edit } from '@vpcsim/model';
import type { Context } from '../conditions.js';

/** A draft of a scenario, as `edit` from @vpcsim/model hands it to a recipe. */
export type ScenarioDraft = Parameters<Parameters<typeof edit>[1]>[0];

/** A principal in a permission state. */
export interface EscalationNode {
  /** `principal` plus the state: `user/dev`, `user/dev#full`, `user/dev#group:admins`. */
  readonly key: string;
  /** As `vpcsim can --principal` takes it: `user/dev`, `role/admin`, or an ARN. */
  readonly principal: string;
  readonly arn: string;
  readonly kind: 'user' | 'role';
  readonly name: string;
  readonly account: string;
  /** `declared` (its own policies), `full` (it gave itself every permission), `group:NAME` (added to a group), `version:POLICY-ARN:ID`. */
  readonly state: string;
}

/** A change an escalation makes to the account (applied to the scenario to replay the path). */
export interface Effect {
  /** `principal-policy`, `policy-version`, `group-member`, `trust-policy`. */
  readonly kind: string;
  /** For people: `user/dev gets an inline policy allowing * on *`. */
  readonly describe: string;
  /** The change, on a draft of the scenario. */
  readonly apply: (draft: ScenarioDraft) => void;
}

/** An API request a step makes. */
export interface StepRequest {
  readonly principal: string;
  readonly action: string;
  readonly resource?: string | undefined;
  readonly context?: Context | undefined;
}

/** One move of a step: a request (judged in the account as it is then), or the change the previous request made. */
export type Move = { readonly request: StepRequest } | { readonly effect: Effect };

/** An edge: `from` obtains the permissions of `to`. */
export interface EscalationEdge {
  /** The edge family (`sts-assume-role`, `passrole-ec2`, `iam-create-policy-version`, ...). */
  readonly family: string;
  readonly from: string;
  readonly to: string;
  /** One sentence: `can pass role/admin to an EC2 instance it launches (iam:PassRole, ec2:RunInstances)`. */
  readonly title: string;
  readonly moves: readonly Move[];
  /** Allowed only with MFA in the request context. */
  readonly requiresMfa: boolean;
  /** The AWS pages that make the edge possible. */
  readonly docs: readonly string[];
}

/** Why a node is an administrator: the requests that let it give itself every permission. */
export interface AdminProof {
  readonly title: string;
  readonly moves: readonly Move[];
}
