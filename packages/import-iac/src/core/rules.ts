// Rules as infrastructure code writes them (a protocol name or number, `-1` for all, a port
// range `from`-`to`, ICMP type and code in the port fields of a security group rule) into the
// scenario's rule fields.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_NetworkAclEntry.html
import type { NetworkAclRule, SecurityGroupRule } from '@vpcsim/model';

const NAMES: Record<string, string> = { '-1': 'all', all: 'all', tcp: 'tcp', '6': 'tcp', udp: 'udp', '17': 'udp', icmp: 'icmp', '1': 'icmp', icmpv6: 'icmpv6', '58': 'icmpv6' };

/** The scenario protocol of `-1`, `tcp`, `6`, `"all"`, ...; undefined when it is none. */
export function protocolOf(p: unknown): SecurityGroupRule['protocol'] | undefined {
  if (p === undefined || p === null) return undefined;
  const s = String(p).toLowerCase().trim();
  if (s in NAMES) return NAMES[s] as SecurityGroupRule['protocol'];
  return /^\d{1,3}$/.test(s) && Number(s) <= 255 ? Number(s) : undefined;
}

/** A whole number from a number or a numeric string; undefined otherwise (an unknown value included). */
export const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : undefined);

/**
 * The port and ICMP fields of a rule: TCP and UDP take `from`-`to` (absent, or 0-65535 with
 * `-1`... as all); ICMP takes its type and code from the same two fields in a security group
 * rule (`-1`: any), and from its own fields in a network ACL entry.
 */
export function portFields(protocol: SecurityGroupRule['protocol'], from: unknown, to: unknown): Pick<SecurityGroupRule, 'ports' | 'icmpType' | 'icmpCode'> {
  const f = num(from);
  const t = num(to);
  if (protocol === 'tcp' || protocol === 'udp') {
    if (f === undefined || f < 0 || (f === 0 && (t === undefined || t === 65535 || t === 0))) return {};
    const hi = t === undefined || t < f ? f : t;
    return { ports: hi === f ? f : `${f}-${hi}` };
  }
  if (protocol === 'icmp' || protocol === 'icmpv6') return { ...(f !== undefined && f >= 0 ? { icmpType: f } : {}), ...(t !== undefined && t >= 0 && f !== undefined && f >= 0 ? { icmpCode: t } : {}) };
  return {};
}

/** A network ACL entry; undefined when a field it needs is missing. */
export function aclRule(x: { rule: unknown; protocol: unknown; action: unknown; cidr: unknown; from?: unknown; to?: unknown; icmpType?: unknown; icmpCode?: unknown }): NetworkAclRule | undefined {
  const rule = num(x.rule);
  const protocol = protocolOf(x.protocol);
  const action = typeof x.action === 'string' ? x.action.toLowerCase() : undefined;
  if (rule === undefined || protocol === undefined || (action !== 'allow' && action !== 'deny') || typeof x.cidr !== 'string' || x.cidr === '') return undefined;
  const out: NetworkAclRule = { rule, protocol, cidr: x.cidr, action };
  if (protocol === 'icmp' || protocol === 'icmpv6') {
    const t = num(x.icmpType);
    const c = num(x.icmpCode);
    if (t !== undefined && t >= 0) out.icmpType = t;
    if (c !== undefined && c >= 0) out.icmpCode = c;
  } else Object.assign(out, portFields(protocol, x.from, x.to));
  return out;
}
