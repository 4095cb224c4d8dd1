// iam:AddUserToGroup: a user (oneself included) gains a group's policies.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html
import { addToGroup } from '../effects.js';
import type { EscalationEdge } from '../types.js';
import { tryEdge, type EdgeFamily } from './family.js';

export const iamGroups: EdgeFamily = {
  id: 'iam-add-user-to-group',
  title: 'iam:AddUserToGroup',
  docs: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html'],
  edges(w, from) {
    if (from.state !== 'declared' || !w.admits(from, 'iam:AddUserToGroup')) return [];
    const def = w.model.defaults.account;
    const out: EscalationEdge[] = [];
    const groups = (w.model.scenario.iam?.groups ?? []).filter((g) => (g.account ?? def) === from.account && (Object.keys(g.inlinePolicies ?? {}).length > 0 || (g.managedPolicies ?? []).length > 0));
    for (const user of w.principals) {
      if (user.kind !== 'user' || user.account !== from.account) continue;
      for (const g of groups) {
        if (user.groups.includes(g.name)) continue;
        const e = tryEdge(w, this, from, w.node(user, `group:${g.name}`), `can add ${user.arn === from.arn ? 'itself' : user.principal} to group/${g.name} (iam:AddUserToGroup)`, [
          { request: { action: 'iam:AddUserToGroup', resource: `arn:aws:iam::${user.account}:group${g.path ?? '/'}${g.name}` } },
          { effect: addToGroup(user, g.name, def) },
        ]);
        if (e) out.push(e);
      }
    }
    return out;
  },
};
