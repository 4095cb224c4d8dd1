// Addresses no AWS resource can have: "this network", loopback, link-local, multicast and the
// reserved block (which holds the broadcast address), and, for a public IP, the private ranges
// and any block of the scenario's own VPCs. https://www.rfc-editor.org/rfc/rfc6890 (special-purpose
// address registry); https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html
import { cidrContains, parseCidr, parseIp, type CidrBlock } from '../address.js';

const block = (text: string): CidrBlock => parseCidr(text) as CidrBlock;

/** Blocks no interface, gateway or peer address can be in. */
const NEVER: readonly (readonly [CidrBlock, string])[] = [
  [block('0.0.0.0/8'), '"this network" (0.0.0.0/8), not an address a host has'],
  [block('127.0.0.0/8'), 'a loopback address (127.0.0.0/8): it never leaves the host'],
  [block('169.254.0.0/16'), 'a link-local address (169.254.0.0/16): it is never routed'],
  [block('224.0.0.0/4'), 'a multicast address (224.0.0.0/4)'],
  [block('240.0.0.0/4'), 'a reserved address (240.0.0.0/4, with the broadcast address 255.255.255.255)'],
];

/** Blocks a public IP cannot be in. */
const NOT_PUBLIC: readonly (readonly [CidrBlock, string])[] = [
  [block('10.0.0.0/8'), 'a private address (10.0.0.0/8, RFC 1918)'],
  [block('172.16.0.0/12'), 'a private address (172.16.0.0/12, RFC 1918)'],
  [block('192.168.0.0/16'), 'a private address (192.168.0.0/16, RFC 1918)'],
  [block('100.64.0.0/10'), 'a shared address (100.64.0.0/10, RFC 6598), not reachable from the internet'],
];

/** Why no resource can have IPv4 address `ip`, or undefined when it can. */
export function unusableAddress(ip: string): string | undefined {
  const a = parseIp(ip);
  if (!a || a.version !== 4) return undefined;
  return NEVER.find(([b]) => cidrContains(b, a.value))?.[1];
}

/** Why `ip` cannot be a public IP (given the scenario's VPC blocks), or undefined when it can. */
export function notPublic(ip: string, vpcBlocks: readonly (readonly [CidrBlock, string])[]): string | undefined {
  const a = parseIp(ip);
  if (!a || a.version !== 4) return undefined;
  const never = unusableAddress(ip);
  if (never !== undefined) return never;
  const inVpc = vpcBlocks.find(([b]) => cidrContains(b, a.value));
  if (inVpc) return `inside \`${inVpc[0].text}\` of \`${inVpc[1]}\`: a public IP is outside every VPC block`;
  return NOT_PUBLIC.find(([b]) => cidrContains(b, a.value))?.[1];
}

/** The region of an availability zone name (`us-east-1a`, `us-east-1-bos-1a` → `us-east-1`), if it is written as one. */
export function regionOfZone(zone: string): string | undefined {
  return /^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d)(?:[a-z]|-[a-z0-9-]+)$/.exec(zone)?.[1];
}
