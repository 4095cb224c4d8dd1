// IpAddress / NotIpAddress: the request address lies in one of the CIDR blocks (IPv4 or IPv6).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress
// A bare address in the policy is a single host (/32 or /128). Policy variables are not supported.
import { cidrContains, mask4, mask6, parseIp, type CidrBlock } from '@vpcsim/model';
import type { ConditionOperator, Scalar } from './operator.js';

/** Parses a policy CIDR leniently (host bits are masked, a bare address is a host). */
function parsePolicyCidr(text: string): CidrBlock | undefined {
  const s = text.trim();
  const slash = s.indexOf('/');
  const ip = parseIp(slash < 0 ? s : s.slice(0, slash));
  if (ip === undefined) return undefined;
  const max = ip.version === 4 ? 32 : 128;
  const pfxText = slash < 0 ? String(max) : s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(pfxText)) return undefined;
  const prefix = Number(pfxText);
  if (prefix > max) return undefined;
  const base = ip.version === 4 ? ((ip.value as number) & mask4(prefix)) >>> 0 : (ip.value as bigint) & mask6(prefix);
  return { version: ip.version, base, prefix, text: s };
}

/** Request addresses parsed once (bounded cache). */
const ips = new Map<string, number | bigint | null>();
function requestIp(s: string): number | bigint | null {
  let v = ips.get(s);
  if (v === undefined) {
    v = parseIp(s.trim())?.value ?? null;
    if (ips.size < 10000) ips.set(s, v);
  }
  return v;
}

const op = (negated: boolean): ConditionOperator => ({
  name: negated ? 'NotIpAddress' : 'IpAddress',
  negated,
  variables: false,
  prepare: (v: Scalar) => parsePolicyCidr(String(v)) ?? { invalid: `\`${String(v)}\` is not an IP address or CIDR block` },
  test: (p, v) => {
    const ip = requestIp(String(v));
    return ip !== null && cidrContains(p as CidrBlock, ip);
  },
});

export const IpAddress = op(false);
export const NotIpAddress = op(true);
