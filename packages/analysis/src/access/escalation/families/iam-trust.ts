// iam:UpdateAssumeRolePolicy: rewrite a role's trust policy to name oneself, then assume it
// (a trust policy naming the caller is enough in the same account, within its permissions
// boundary; from another account the caller's own policies must allow sts:AssumeRole too).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html
import { trustPrincipal } from '../effects.js';
import type { EscalationEdge } from '../types.js';
import { tryEdge, type EdgeFamily } from './family.js';

export const iamTrust: EdgeFamily = {
  id: 'iam-update-assume-role-policy',
  title: 'iam:UpdateAssumeRolePolicy, then sts:AssumeRole',
  docs: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html'],
  edges(w, from) {
    if (!w.admits(from, 'iam:UpdateAssumeRolePolicy')) return [];
    const me = w.of(from);
    const def = w.model.defaults.account;
    const out: EscalationEdge[] = [];
    for (const role of w.principals) {
      if (role.kind !== 'role' || role.arn === from.arn || role.account !== from.account) continue;
      const e = tryEdge(w, this, from, w.node(role), `can rewrite ${role.principal}'s trust policy to name itself, then assume it (iam:UpdateAssumeRolePolicy, sts:AssumeRole)`, [
        { request: { action: 'iam:UpdateAssumeRolePolicy', resource: role.arn } },
        { effect: trustPrincipal(role, me, def) },
        { request: { action: 'sts:AssumeRole', resource: role.arn } },
      ]);
      if (e) out.push(e);
    }
    return out;
  },
};
