// What every edge family is: an id, the AWS pages that make the edge possible, and the edges
// it finds leaving a node. `tryEdge` judges the requests of a candidate edge (in the node's
// state; after a change to a trust policy, in the world where every trust policy names every
// principal) and keeps it only when each is allowed, noting when one needs MFA.
import type { Effect, EscalationEdge, EscalationNode, Move, StepRequest } from '../types.js';
import { MFA_CONTEXT, type DeclaredPrincipal, type EscalationWorld } from '../world.js';

/** One family of edges (PMapper's checks, one AWS mechanism each). */
export interface EdgeFamily {
  /** `sts-assume-role`, `passrole-ec2`, ... */
  readonly id: string;
  /** The mechanism, for people: `sts:AssumeRole`, `iam:PassRole to EC2 (ec2:RunInstances)`. */
  readonly title: string;
  /** The AWS documentation that makes the edge possible. */
  readonly docs: readonly string[];
  /** The edges leaving `from`. */
  edges(w: EscalationWorld, from: EscalationNode, lookups: Lookups): EscalationEdge[];
}

/** Indexes the families share, built once per world. */
export interface Lookups {
  /**
   * Roles whose trust policy might admit this principal: naming it (or everyone), and, when
   * `identityAllows` (its own policies may allow sts:AssumeRole, which a trust policy naming
   * only the account needs), naming its account.
   */
  rolesTrusting(p: DeclaredPrincipal, identityAllows: boolean): readonly DeclaredPrincipal[];
  /** Roles an AWS service may assume (judged by IAM: `service:NAME` sts:AssumeRole). */
  rolesServiceAssumes(service: string): readonly DeclaredPrincipal[];
}

/** A request or a change, as a family lists them; requests may leave the principal out (the acting node's). */
export type Planned = { readonly request: Omit<StepRequest, 'principal'> & { readonly principal?: string | undefined } } | { readonly effect: Effect };

/**
 * The edge `from` → `to` when every request is allowed (in `from`'s state; requests after a
 * trust-policy change in the open-trust world); undefined otherwise.
 */
export function tryEdge(w: EscalationWorld, family: EdgeFamily, from: EscalationNode, to: EscalationNode, title: string, planned: readonly Planned[]): EscalationEdge | undefined {
  let mfa = false;
  let trustChanged = false;
  const moves: Move[] = [];
  for (const p of planned) {
    if ('effect' in p) {
      if (p.effect.kind === 'trust-policy') trustChanged = true;
      moves.push({ effect: p.effect });
      continue;
    }
    const v = w.judge(from, p.request, trustChanged);
    if (v === 'no') return undefined;
    if (v === 'mfa') mfa = true;
    const context = v === 'mfa' ? { ...MFA_CONTEXT, ...(p.request.context ?? {}) } : p.request.context;
    moves.push({ request: { ...p.request, principal: p.request.principal ?? from.principal, ...(context ? { context } : {}) } });
  }
  return { family: family.id, from: from.key, to: to.key, title, moves, requiresMfa: mfa, docs: family.docs };
}
