// A VPC the input names but does not hold (an existing VPC by id, a CloudFormation parameter).
import type { Draft, Origin } from './draft.js';

/**
 * The VPC of a group whose VPC is not in the plan (an existing VPC named by id, a CloudFormation
 * parameter): declared once as a stand-in with a block of 100.64.0.0/10 that no other VPC of the
 * import uses and no subnets, so its groups and rules are kept. Its block is reported: it stands
 * for one the plan does not show, and no interface of the import is in it.
 */
export function standInVpc(c: { draft: Draft }, id: string, o: Origin): void {
  if (c.draft.find('vpcs', id)) return;
  const taken = new Set(c.draft.lists.vpcs.map((v) => v.cidr));
  let n = 0;
  while (taken.has(`100.${64 + Math.floor(n / 256)}.${n % 256}.0/24`)) n++;
  const cidr = `100.${64 + Math.floor(n / 256)}.${n % 256}.0/24`;
  c.draft.add('vpcs', { id, cidr, tags: { 'vpcsim:stand-in': 'true' } }, o);
  c.draft.warn(o, 'stand-in-vpc', `${o.resource}: VPC \`${id}\` is not in the input: declared with a stand-in block ${cidr} and no subnets, so its security groups are kept`, 'import the VPC too (or write its real block into the scenario) to trace through it');
}

