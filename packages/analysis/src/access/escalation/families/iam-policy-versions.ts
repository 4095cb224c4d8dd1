// Versions of a customer-managed policy: iam:CreatePolicyVersion (with SetAsDefault) rewrites
// a policy attached to a principal (directly or through a group) into one allowing everything;
// iam:SetDefaultPolicyVersion makes another version the default (the scenario's
// `iam.policies[].versions`). AWS-managed policies cannot be changed.
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html
import { newDefaultVersion, setDefaultVersion } from '../effects.js';
import type { EscalationEdge } from '../types.js';
import { tryEdge, type EdgeFamily } from './family.js';

export const iamPolicyVersions: EdgeFamily = {
  id: 'iam-policy-versions',
  title: 'iam:CreatePolicyVersion, iam:SetDefaultPolicyVersion',
  docs: ['https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreatePolicyVersion.html', 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_SetDefaultPolicyVersion.html'],
  edges(w, from) {
    if (from.state === 'full') return [];
    const create = w.admits(from, 'iam:CreatePolicyVersion');
    const setDefault = w.admits(from, 'iam:SetDefaultPolicyVersion');
    if (!create && !setDefault) return [];
    const def = w.model.defaults.account;
    const out: EscalationEdge[] = [];
    for (const target of w.principals) {
      if (target.account !== from.account) continue;
      const who = target.arn === from.arn ? 'itself' : target.principal;
      let found = false;
      for (const { arn, via } of w.customerPolicies(target)) {
        const through = via ? ` (through group/${via})` : '';
        if (create) {
          const e = tryEdge(w, this, from, w.node(target, 'full'), `can rewrite ${arn}${through}, and so give ${who} every permission (iam:CreatePolicyVersion)`, [
            { request: { action: 'iam:CreatePolicyVersion', resource: arn } },
            { effect: newDefaultVersion(arn, def) },
          ]);
          if (e) {
            out.push(e);
            found = true;
            break;
          }
        }
        if (setDefault && !via)
          for (const version of Object.keys(w.policies.get(arn)?.versions ?? {})) {
            const e = tryEdge(w, this, from, w.node(target, `version:${arn}:${version}`), `can make version ${version} of ${arn} the default for ${who} (iam:SetDefaultPolicyVersion)`, [
              { request: { action: 'iam:SetDefaultPolicyVersion', resource: arn } },
              { effect: setDefaultVersion(arn, version, def) },
            ]);
            if (e) out.push(e);
          }
      }
    }
    return out;
  },
};
