// iam:PassRole to a service that runs code as the role: the principal passes a role the
// service is trusted to assume, makes the service run its code, and the code acts with the
// role's permissions. Each service is its own family (passrole-*.ts), described here as data:
// the service principal the role must trust, the `iam:PassedToService` value, and the requests
// that create and start the code (any one of the alternatives is enough).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
//   "To pass a role (and its permissions) to an AWS service, a user must have permissions to
//   pass the role to the service"; the condition key iam:PassedToService names the service.
import type { EscalationEdge } from '../types.js';
import { tryEdge, type EdgeFamily, type Planned } from './family.js';
import type { DeclaredPrincipal, EscalationWorld } from '../world.js';

/** A service that runs code as a passed role. */
export interface PassRoleService {
  readonly id: string;
  readonly title: string;
  readonly docs: readonly string[];
  /** The service principal the role's trust policy must admit (`ec2.amazonaws.com`). */
  readonly principal: string;
  /** Ways to run code as the role: each a list of requests (after iam:PassRole) that must all be allowed. */
  readonly runs: (w: EscalationWorld, role: DeclaredPrincipal) => readonly { readonly how: string; readonly requests: readonly Planned[] }[];
}

const PASSROLE_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html';

/** The edge family of one service. */
export function passRoleFamily(svc: PassRoleService): EdgeFamily {
  const family: EdgeFamily = {
    id: svc.id,
    title: svc.title,
    docs: [PASSROLE_DOC, ...svc.docs],
    edges(w, from, lookups) {
      if (!w.admits(from, 'iam:PassRole')) return [];
      const out: EscalationEdge[] = [];
      for (const role of lookups.rolesServiceAssumes(svc.principal)) {
        if (role.arn === from.arn) continue;
        for (const run of svc.runs(w, role)) {
          const e = tryEdge(w, family, from, w.node(role), `can pass ${role.principal} to ${svc.principal} and ${run.how}`, [
            { request: { action: 'iam:PassRole', resource: role.arn, context: { 'iam:PassedToService': svc.principal } } },
            ...run.requests,
          ]);
          if (e) {
            out.push(e);
            break;
          }
        }
      }
      return out;
    },
  };
  return family;
}
