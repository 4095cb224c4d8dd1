// ssm:SendCommand / ssm:StartSession on an instance whose instance profile is a role: the
// commands run on the instance, with the role's credentials.
// https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command.html
// https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html
// (PMapper's SSM edge; vpcsim takes the instances and their roles from the scenario)
import type { EscalationEdge } from '../types.js';
import { tryEdge, type EdgeFamily } from './family.js';

export const ssmInstance: EdgeFamily = {
  id: 'ssm-instance',
  title: 'ssm:SendCommand / ssm:StartSession on an instance with a role',
  docs: ['https://docs.aws.amazon.com/systems-manager/latest/userguide/run-command.html', 'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html'],
  edges(w, from) {
    if (!w.admits(from, 'ssm:SendCommand') && !w.admits(from, 'ssm:StartSession')) return [];
    const out: EscalationEdge[] = [];
    const def = w.model.defaults.account;
    const seen = new Set<string>();
    for (const i of w.model.network.instances) {
      const profile = i.instanceProfile;
      if (!profile) continue;
      const role = w.find(profile.startsWith('arn:') ? profile : `role/${profile.replace(/^role\//, '')}`) ?? w.find(`arn:aws:iam::${def}:role/${profile.replace(/^role\//, '')}`);
      if (!role || role.arn === from.arn || seen.has(role.arn)) continue;
      const arn = `arn:aws:ec2:${i.region}:${i.account}:instance/${i.id}`;
      for (const action of ['ssm:SendCommand', 'ssm:StartSession']) {
        const e = tryEdge(w, this, from, w.node(role), `can run commands on ${i.id}, whose instance profile is ${role.principal} (${action})`, [{ request: { action, resource: arn } }]);
        if (e) {
          out.push(e);
          seen.add(role.arn);
          break;
        }
      }
    }
    return out;
  },
};
