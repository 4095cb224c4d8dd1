// What an import leaves out, said once per resource type with its count. Most types carry
// nothing vpcsim models (a Lambda function, an RDS cluster); a few are things the scenario format
// has but the Terraform and CloudFormation readers do not read yet (load balancers, Direct
// Connect, organizations and their SCPs and RCPs): for those the message says so, so that nobody
// reads "not modelled" as "vpcsim cannot check it".
import type { Draft, Origin } from './draft.js';

/** Types of each input whose concept the scenario format has (docs/scenario-format.md), with that concept. */
const WRITTEN_BY_HAND: readonly (readonly [RegExp, string])[] = [
  [/^aws_a?lb(_|$)|^AWS::ElasticLoadBalancing(V2)?::/, '`loadBalancers` and `targetGroups`'],
  [/^aws_dx_|^AWS::DirectConnect::/, '`directConnect`'],
  [/^aws_organizations_|^AWS::Organizations::/, '`organization` (with its SCPs and RCPs)'],
];

/** Warns of the skipped types, sorted, one warning each. */
export function reportSkipped(draft: Draft, skipped: ReadonlyMap<string, number>, input: 'Terraform' | 'CloudFormation', at: (type: string) => Origin): void {
  for (const [type, n] of [...skipped].sort((a, b) => a[0].localeCompare(b[0]))) {
    const count = `${n} resource${n === 1 ? '' : 's'} skipped`;
    const hand = WRITTEN_BY_HAND.find(([re]) => re.test(type))?.[1];
    if (hand) draft.warn(at(type), 'not-imported', `\`${type}\` is not read by the ${input} import: ${count}`, `the scenario format has ${hand}: declare them in the scenario by hand (docs/scenario-format.md)`);
    else draft.warn(at(type), 'not-modelled', `\`${type}\` is not modelled by vpcsim: ${count}`);
  }
}
