// sts:AssumeRole: a principal obtains a role's permissions when the role's trust policy and
// (unless the trust policy names it directly in the same account) its own policies allow it;
// role chains are paths of these edges.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html
// https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html
import { tryEdge, type EdgeFamily } from './family.js';

export const stsAssumeRole: EdgeFamily = {
  id: 'sts-assume-role',
  title: 'sts:AssumeRole',
  docs: ['https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_permissions-to-switch.html', 'https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html'],
  edges(w, from, lookups) {
    const me = w.of(from);
    const out = [];
    for (const role of lookups.rolesTrusting(me, w.admits(from, 'sts:AssumeRole'))) {
      if (role.arn === me.arn) continue;
      const e = tryEdge(w, this, from, w.node(role), `can assume ${role.principal} (sts:AssumeRole)`, [{ request: { action: 'sts:AssumeRole', resource: role.arn } }]);
      if (e) out.push(e);
    }
    return out;
  },
};
