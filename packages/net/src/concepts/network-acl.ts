// Network ACLs: stateless filters at the subnet boundary. Rules are evaluated in ascending
// rule number, the first rule that matches decides, and the final `*` rule denies; outbound
// rules match the destination, inbound rules the source. Replies are separate traffic (ports
// swapped), so they need rules for the ephemeral range.
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
import { formatIp, type NetworkAclRule } from '@vpcsim/model';
import { blockOfText, inBlock, type Addr, type BlockC, type SubnetC } from '../compile-network.js';
import { naclAllowPatch, type PatchState } from '../fixes.js';
import { compileTraffic, protocolName, trafficMatch, trafficMatches, type Packet, type TrafficC } from '../traffic.js';
import type { ScenarioPatch } from '../trace-types.js';
import type { HeaderMatch, Walk } from '../walk/types.js';
import { UnionAll } from '../walk/union-all.js';

export interface NaclRuleC {
  readonly rule: number;
  readonly allow: boolean;
  readonly traffic: TrafficC;
  readonly block: BlockC;
  /** The rule as header matches: inbound (the block is the source) and outbound (the destination). */
  readonly inMatch: HeaderMatch;
  readonly outMatch: HeaderMatch;
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
    const block = blockOfText(r.cidr);
    const t = trafficMatch(traffic);
    return { rule: r.rule, allow: r.action === 'allow', traffic, block, inMatch: { ...t, src: [block] }, outMatch: { ...t, dst: [block] }, text: `${r.rule}  ${traffic.text}  ${r.cidr}  ${r.action.toUpperCase()}` };
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

/**
 * The part of a packet set that the list admits, read the way the rules are evaluated: each
 * rule in number order takes the packets no earlier rule took, allows or denies them; the final
 * `*` rule denies the rest. A rule's packets are its match less the earlier rules' matches that
 * overlap it (`earlier`): so each rule's part stays the size of its own match, and thousands of
 * scattered port rules cost a few intervals each, where taking them out of a shrinking
 * remainder one by one made a remainder with a hole per rule at every step (issue 18: 10,000
 * rules, 5.3 GB).
 */
export function naclAdmits<P>(w: Walk<P>, list: NaclRuleList, inbound: boolean, p: P): { admitted: P | null; denied: P | null } {
  const dom = w.dom;
  const rules = list.rules;
  const before = earlier(list, inbound);
  const admitted = new UnionAll(dom);
  const denied = new UnionAll(dom);
  const taken = new UnionAll(dom);
  const fam = dom.family(p);
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    const m = inbound ? r.inMatch : r.outMatch;
    let hit = dom.meet(p, m);
    for (const j of before[i]!) {
      if (hit === null) break;
      hit = dom.minus(hit, inbound ? rules[j]!.inMatch : rules[j]!.outMatch);
    }
    if (hit !== null) {
      (r.allow ? admitted : denied).add(hit);
      taken.add(hit);
    }
    // a rule that matches every packet of its family leaves nothing to the rules after it
    if (everything(m, fam)) break;
  }
  const all = taken.result();
  const rest = all === null ? p : dom.without(p, all);
  if (rest !== null) denied.add(rest);
  return { admitted: admitted.result(), denied: denied.result() };
}

const earlierCache = new WeakMap<NaclRuleList, [number[][] | undefined, number[][] | undefined]>();

/**
 * For each rule, the earlier rules whose matches may overlap its own (in a direction), computed
 * once per list. Candidates come from an index of destination ports (buckets of 64 ports; rules
 * without ports are candidates for every rule), so thousands of single-port rules cost a few
 * comparisons each, not one per earlier rule.
 */
function earlier(list: NaclRuleList, inbound: boolean): number[][] {
  let c = earlierCache.get(list);
  if (c === undefined) earlierCache.set(list, (c = [undefined, undefined]));
  const k = inbound ? 0 : 1;
  let out = c[k];
  if (out !== undefined) return out;
  const ms = list.rules.map((r) => (inbound ? r.inMatch : r.outMatch));
  const buckets = new Map<number, number[]>();
  const portless: number[] = [];
  const seen = new Int32Array(ms.length).fill(-1);
  out = ms.map((m, i) => {
    const js: number[] = [];
    const consider = (j: number): void => {
      if (seen[j] === i) return;
      seen[j] = i;
      if (mayOverlap(ms[j]!, m)) js.push(j);
    };
    if (m.dstPort === undefined) for (let j = 0; j < i; j++) consider(j);
    else {
      for (const j of portless) consider(j);
      for (let b = m.dstPort[0] >> 6; b <= m.dstPort[1] >> 6; b++) for (const j of buckets.get(b) ?? []) consider(j);
    }
    if (m.dstPort === undefined) portless.push(i);
    else
      for (let b = m.dstPort[0] >> 6; b <= m.dstPort[1] >> 6; b++) {
        const l = buckets.get(b);
        if (l === undefined) buckets.set(b, [i]);
        else l.push(i);
      }
    return js.sort((x, y) => x - y);
  });
  c[k] = out;
  return out;
}

const apart = (a: readonly [number, number] | undefined, b: readonly [number, number] | undefined): boolean => a !== undefined && b !== undefined && (a[1] < b[0] || b[1] < a[0]);

/** Whether one CIDR block holds the other (blocks either nest or are apart). */
function nest(a: BlockC, b: BlockC): boolean {
  if (a.v !== b.v) return false;
  return a.prefix <= b.prefix ? inBlock(a, b.v, b.base) : inBlock(b, a.v, a.base);
}

/** Whether two block lists share an address (either list absent: any address). */
function blocksMeet(x: readonly BlockC[] | undefined, y: readonly BlockC[] | undefined): boolean {
  if (x === undefined || y === undefined) return true;
  for (const bx of x) for (const by of y) if (nest(bx, by)) return true;
  return false;
}

/** False only when two matches share no packet (a field on which they are apart). */
function mayOverlap(a: HeaderMatch, b: HeaderMatch): boolean {
  if (apart(a.proto, b.proto) || apart(a.dstPort, b.dstPort) || apart(a.srcPort, b.srcPort) || apart(a.icmpType, b.icmpType) || apart(a.icmpCode, b.icmpCode)) return false;
  return blocksMeet(a.src, b.src) && blocksMeet(a.dst, b.dst);
}

/** Whether a match takes every packet of a family (`ALL ALL 0.0.0.0/0` for IPv4). */
function everything(m: HeaderMatch, v: 4 | 6): boolean {
  if (m.proto !== undefined || m.dstPort !== undefined || m.srcPort !== undefined || m.icmpType !== undefined || m.icmpCode !== undefined) return false;
  return [m.src, m.dst].every((bs) => bs === undefined || bs.some((x) => x.prefix === 0 && x.v === v));
}

const hostCidr = (v: 4 | 6, a: Addr): string => `${formatIp(a)}/${v === 4 ? 32 : 128}`;

/** What a packet is, in words, for fixes: `TCP 5432`, `UDP 53`, `ICMP`. */
export function trafficWords(p: Packet): string {
  return p.proto === 6 || p.proto === 17 ? `${protocolName(p.proto)} ${p.dstPort}` : protocolName(p.proto);
}

/**
 * The fix for a denial: an allow rule numbered below the rule that denied (or before the final
 * `*` rule). Rules are numbered 1 to 32766, so when every number below the denying rule is taken
 * (rule 1 denies, say) no such rule can exist, and the fix says what to change instead.
 * https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html
 */
function naclFix(list: NaclRuleList, denying: number | undefined, inbound: boolean, p: Packet, reply: boolean): string {
  const ports =
    p.proto === 6 || p.proto === 17
      ? reply ? `${protocolName(p.proto)} 1024-65535 (the ephemeral ports replies use)` : `${protocolName(p.proto)} ${p.dstPort}`
      : protocolName(p.proto);
  const peer = inbound ? `from ${hostCidr(p.v, p.src)}` : `to ${hostCidr(p.v, p.dst)}`;
  const add = `add an ${inbound ? 'inbound' : 'outbound'} allow rule for ${ports} ${peer}`;
  if (denying === undefined) return `${add}, before the final \`*\` deny rule`;
  const used = new Set(list.rules.map((r) => r.rule));
  for (let k = 1; k < denying; k++) if (!used.has(k)) return `${add}, numbered below rule ${denying}`;
  const why = denying === 1 ? 'rule 1 is the first a network ACL can have' : `rules 1 to ${denying - 1} are all taken`;
  return `${add}: no rule can come before rule ${denying} (${why}), so narrow rule ${denying}, or delete it and add it again under a higher number after the allow rule`;
}

/** The tracer's account of a network ACL decision: the hop and, for a denial, the blocker with its fix. */
export function naclVerdict(
  s: SubnetC,
  inbound: boolean,
  p: Packet,
  reply: boolean,
  where: string | undefined,
): { allowed: true; rule: string; why: string; table: readonly string[] } | { allowed: false; rule: string; why: string; table: readonly string[]; fix: string; patches: (ps: PatchState) => ScenarioPatch[] | undefined } {
  const a = s.nacl;
  const list = inbound ? a.inbound : a.outbound;
  const r = naclMatch(list, inbound ? p.src : p.dst, p);
  const direction = inbound ? 'inbound' : 'outbound';
  const at = where === undefined ? '' : ` (${where})`;
  if (r && r.allow) return { allowed: true, rule: r.text, why: (inbound ? 'the first inbound rule that matches the source allows it' : 'the first outbound rule that matches the destination allows it') + at, table: list.rows };
  const why = (r
    ? `rule ${r.rule} is the first ${direction} rule that matches, and it denies`
    : `no ${direction} rule matches ${trafficWords(p)} ${inbound ? `from ${formatIp(p.src)}` : `to ${formatIp(p.dst)}`}: the final \`*\` rule denies` +
      (reply ? ' (replies use the ephemeral ports: allow 1024-65535)' : '')) + at;
  const peer = inbound ? hostCidr(p.v, p.src) : hostCidr(p.v, p.dst);
  const traffic = { proto: p.proto, port: p.dstPort, icmpType: p.icmpType };
  return {
    allowed: false,
    rule: r ? r.text : NACL_DEFAULT_RULE_TEXT,
    why,
    table: list.rows,
    fix: naclFix(list, r?.rule, inbound, p, reply) + (where === undefined ? '' : ` (the ACL of transit gateway attachment subnet \`${s.id}\`)`),
    patches: (ps) => naclAllowPatch(ps, a.id, inbound, traffic, peer, r?.rule, reply),
  };
}

/** Crossing from subnet `from` into subnet `to`: the first's outbound rules, then the second's inbound rules; no ACL inside one subnet. */
export function crossSubnets<P>(w: Walk<P>, from: SubnetC, to: SubnetC, p: P): P | null {
  if (from === to) return p;
  const out = w.nacl(p, from, false);
  return out === null ? null : w.nacl(out, to, true);
}
