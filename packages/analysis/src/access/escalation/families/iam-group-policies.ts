// Policies of a group: iam:PutGroupPolicy / iam:AttachGroupPolicy on a user's group give the
// user (and every member) every permission.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutGroupPolicy.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachGroupPolicy.html
import { groupPolicy } from '../effects.js';
import type { EscalationEdge } from '../types.js';
import { ADMINISTRATOR_ACCESS } from '../world.js';
import { tryEdge, type EdgeFamily } from './family.js';

export const iamGroupPolicies: EdgeFamily = {
  id: 'iam-group-policies',
  title: 'iam:PutGroupPolicy, iam:AttachGroupPolicy',
  docs: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutGroupPolicy.html', 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachGroupPolicy.html'],
  edges(w, from) {
    if (from.state === 'full') return [];
    const actions = ['iam:PutGroupPolicy', 'iam:AttachGroupPolicy'].filter((a) => w.admits(from, a));
    if (actions.length === 0) return [];
    const def = w.model.defaults.account;
    const out: EscalationEdge[] = [];
    for (const user of w.principals) {
      if (user.kind !== 'user' || user.account !== from.account) continue;
      let found = false;
      for (const g of user.groups) {
        for (const action of actions) {
          const attach = action === 'iam:AttachGroupPolicy';
          const e = tryEdge(w, this, from, w.node(user, 'full'), `can give group/${g}, and so ${user.arn === from.arn ? 'itself' : user.principal}, every permission (${action}${attach ? ' AdministratorAccess' : ''})`, [
            { request: { action, resource: `arn:aws:iam::${user.account}:group${(w.model.scenario.iam?.groups ?? []).find((x) => x.name === g)?.path ?? '/'}${g}`, ...(attach ? { context: { 'iam:PolicyARN': ADMINISTRATOR_ACCESS } } : {}) } },
            { effect: groupPolicy(g, user.account, def, attach) },
          ]);
          if (e) {
            out.push(e);
            found = true;
            break;
          }
        }
        if (found) break;
      }
    }
    return out;
  },
};
