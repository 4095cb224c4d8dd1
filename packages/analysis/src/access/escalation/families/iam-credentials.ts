// Credentials of another user: iam:CreateAccessKey (keys to call the API as the user),
// iam:CreateLoginProfile / iam:UpdateLoginProfile (a console password for the user).
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html
import type { EscalationEdge } from '../types.js';
import { tryEdge, type EdgeFamily } from './family.js';

export const iamCredentials: EdgeFamily = {
  id: 'iam-credentials',
  title: 'iam:CreateAccessKey, iam:CreateLoginProfile, iam:UpdateLoginProfile',
  docs: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html', 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html', 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateLoginProfile.html'],
  edges(w, from) {
    const actions = ['iam:CreateAccessKey', 'iam:CreateLoginProfile', 'iam:UpdateLoginProfile'].filter((a) => w.admits(from, a));
    if (actions.length === 0) return [];
    const out: EscalationEdge[] = [];
    for (const user of w.principals) {
      if (user.kind !== 'user' || user.arn === from.arn || user.account !== from.account) continue;
      for (const action of actions) {
        const what = action === 'iam:CreateAccessKey' ? 'create access keys for' : action === 'iam:CreateLoginProfile' ? 'give a console password to' : 'reset the console password of';
        const e = tryEdge(w, this, from, w.node(user), `can ${what} ${user.principal} (${action})`, [{ request: { action, resource: user.arn } }]);
        if (e) {
          out.push(e);
          break;
        }
      }
    }
    return out;
  },
};
