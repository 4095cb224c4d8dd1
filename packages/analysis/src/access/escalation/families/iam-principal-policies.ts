// Policies of a user or role: iam:PutUserPolicy / iam:PutRolePolicy (an inline policy allowing
// everything) or iam:AttachUserPolicy / iam:AttachRolePolicy (AdministratorAccess; the
// iam:PolicyARN condition key names the policy) give the target every permission; on oneself,
// that is being an administrator (PMapper's admin check).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html
// https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html (iam:PolicyARN)
import { attachAdministratorAccess, putInlinePolicy } from '../effects.js';
import type { EscalationEdge } from '../types.js';
import { ADMINISTRATOR_ACCESS } from '../world.js';
import { tryEdge, type EdgeFamily } from './family.js';

export const iamPrincipalPolicies: EdgeFamily = {
  id: 'iam-principal-policies',
  title: 'iam:Put{User,Role}Policy, iam:Attach{User,Role}Policy',
  docs: [
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html',
    'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html',
  ],
  edges(w, from) {
    if (from.state === 'full') return [];
    const can = { user: ['iam:PutUserPolicy', 'iam:AttachUserPolicy'].filter((a) => w.admits(from, a)), role: ['iam:PutRolePolicy', 'iam:AttachRolePolicy'].filter((a) => w.admits(from, a)) };
    if (can.user.length + can.role.length === 0) return [];
    const def = w.model.defaults.account;
    const out: EscalationEdge[] = [];
    for (const target of w.principals) {
      if (target.account !== from.account) continue;
      for (const action of can[target.kind]) {
        const attach = action.includes('Attach');
        const e = tryEdge(w, this, from, w.node(target, 'full'), `can give ${target.arn === from.arn ? 'itself' : target.principal} every permission (${action}${attach ? ' AdministratorAccess' : ''})`, [
          { request: { action, resource: target.arn, ...(attach ? { context: { 'iam:PolicyARN': ADMINISTRATOR_ACCESS } } : {}) } },
          { effect: attach ? attachAdministratorAccess(target, def) : putInlinePolicy(target, def) },
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
