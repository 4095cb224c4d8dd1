// Who is an administrator: a principal allowed every action on every resource, or one that can
// create a role with every permission (PMapper's admin check; a principal that can rewrite its
// own policies reaches the "every permission" state through an edge, and is an administrator
// there unless its permissions boundary or an SCP caps it).
// https://github.com/nccgroup/PMapper (gathering.py, update_admin_status: the checks followed)
// https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html (a boundary caps every permission granted)
import type { AdminProof, EscalationNode } from './types.js';
import { ADMINISTRATOR_ACCESS, type EscalationWorld } from './world.js';

/**
 * An action no AWS service has: only `*` (or a NotAction leaving it in) admits it, so being
 * allowed it on `*` means being allowed every action, within every boundary and SCP.
 */
export const PROBE_ACTION = 'vpcsim-probe:AnyAction';

/** Why the node is an administrator, or undefined. */
export function adminProof(w: EscalationWorld, node: EscalationNode): AdminProof | undefined {
  if (w.judge(node, { action: PROBE_ACTION, resource: '*' }) === 'yes')
    return { title: `${node.principal} is an administrator: it is allowed every action on every resource (\`${PROBE_ACTION}\`, an action no service has, is allowed on *)`, moves: [{ request: { principal: node.principal, action: PROBE_ACTION, resource: '*' } }] };
  if (!w.admits(node, 'iam:CreateRole')) return undefined;
  const role = `arn:aws:iam::${node.account}:role/vpcsim-new-admin`;
  if (w.judge(node, { action: 'iam:CreateRole', resource: role }) !== 'yes') return undefined;
  for (const [action, context] of [
    ['iam:AttachRolePolicy', { 'iam:PolicyARN': ADMINISTRATOR_ACCESS }],
    ['iam:PutRolePolicy', undefined],
  ] as const)
    if (w.judge(node, { action, resource: role, ...(context ? { context } : {}) }) === 'yes')
      return {
        title: `${node.principal} is an administrator: it can create a role trusting itself, with every permission (iam:CreateRole, ${action})`,
        moves: [{ request: { principal: node.principal, action: 'iam:CreateRole', resource: role } }, { request: { principal: node.principal, action, resource: role, ...(context ? { context } : {}) } }],
      };
  return undefined;
}
