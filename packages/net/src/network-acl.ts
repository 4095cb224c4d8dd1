// Network ACLs: stateless filters at the subnet boundary. Rules are evaluated in ascending
// rule number, the first rule that matches decides, and the final `*` rule denies; outbound
// rules match the destination, inbound rules the source. Replies are separate traffic (ports
// swapped), so they need rules for the ephemeral range.
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
import type { NetworkAclRule } from '@vpcsim/model';
import { blockOfText, inBlock, type BlockC } from './compile-network.js';
import { compileTraffic, trafficMatches, type Packet, type TrafficC } from './traffic.js';

export interface NaclRuleC {
  readonly rule: number;
  readonly allow: boolean;
  readonly traffic: TrafficC;
  readonly block: BlockC;
  /** As the console shows it: `100  TCP  22  10.0.0.0/8  ALLOW`. */
  readonly text: string;
}

export interface NaclRuleList {
  /** Sorted by rule number. */
  readonly rules: readonly NaclRuleC[];
  /** Every rule printed, then the `*` rule. */
  readonly rows: readonly string[];
}

export const NACL_DEFAULT_RULE_TEXT = '*  ALL  ALL  0.0.0.0/0  DENY';

export function compileNaclRules(rules: readonly NetworkAclRule[]): NaclRuleList {
  const sorted = [...rules].sort((a, b) => a.rule - b.rule);
  const out: NaclRuleC[] = sorted.map((r) => {
    const traffic = compileTraffic(r);
    return { rule: r.rule, allow: r.action === 'allow', traffic, block: blockOfText(r.cidr), text: `${r.rule}  ${traffic.text}  ${r.cidr}  ${r.action.toUpperCase()}` };
  });
  return { rules: out, rows: [...out.map((r) => r.text), NACL_DEFAULT_RULE_TEXT] };
}

/**
 * The rule that decides for a packet whose remote address (the destination outbound, the
 * source inbound) is `remote`: the first match in rule-number order, or undefined for the
 * final `*` rule (deny).
 */
export function naclMatch(list: NaclRuleList, remote: number | bigint, p: Packet): NaclRuleC | undefined {
  const rs = list.rules;
  for (let k = 0; k < rs.length; k++) {
    const r = rs[k]!;
    if (inBlock(r.block, p.v, remote) && trafficMatches(r.traffic, p)) return r;
  }
  return undefined;
}
