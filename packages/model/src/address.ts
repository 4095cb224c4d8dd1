// IPv4 and IPv6 addresses and CIDR blocks as numbers, parsed once at model build time.
// IPv4 values are unsigned 32-bit numbers; IPv6 values are bigints. IPv6 text is read as RFC 4291
// section 2.2 writes it (https://www.rfc-editor.org/rfc/rfc4291#section-2.2): eight groups of one to
// four hex digits, `::` for one or more groups of zeros, the last 32 bits optionally as a dotted
// quad; test/address-ipv6.test.ts holds it to the same answers as the ip-num package it replaces
// (whose module set-up cost a fifth of `vpcsim trace`'s start). The hot paths compare numbers only.

/** A parsed CIDR block: its version, first address, prefix length and text. */
export interface CidrBlock {
  readonly version: 4 | 6;
  /** First address: a number for IPv4, a bigint for IPv6. */
  readonly base: number | bigint;
  readonly prefix: number;
  readonly text: string;
}

/** A parsed address. */
export interface IpAddress {
  readonly version: 4 | 6;
  readonly value: number | bigint;
  readonly text: string;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Parses dotted-quad IPv4 text into an unsigned 32-bit number, or undefined. */
export function parseIpv4(s: string): number | undefined {
  const m = V4.exec(s);
  if (!m) return undefined;
  let v = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    if (part.length > 1 && part[0] === '0') return undefined;
    const o = Number(part);
    if (o > 255) return undefined;
    v = v * 256 + o;
  }
  return v;
}

/** Formats an unsigned 32-bit number as dotted-quad text. */
export function formatIpv4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

/** The 16-bit groups of colon-separated text (`dotted`: the last may be a dotted quad, two groups), or undefined. */
function hextets(text: string, dotted: boolean): number[] | undefined {
  if (text === '') return [];
  const parts = text.split(':');
  const out: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (HEXTET.test(p)) out.push(parseInt(p, 16));
    else if (dotted && i === parts.length - 1 && p.includes('.')) {
      const v4 = parseIpv4(p);
      if (v4 === undefined) return undefined;
      out.push(v4 >>> 16, v4 & 0xffff);
    } else return undefined;
  }
  return out;
}

/** Parses IPv6 text into a bigint, or undefined. */
export function parseIpv6(s: string): bigint | undefined {
  // a zone id (`fe80::1%eth0`) names an interface of one host: no VPC address carries one
  if (!s.includes(':') || s.includes('%')) return undefined;
  // INVARIANT: the longest IPv6 text is 45 characters (six groups and a dotted quad)
  if (s.length > 45) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const compressed = halves.length === 2;
  const head = hextets(halves[0]!, !compressed);
  const tail = compressed ? hextets(halves[1]!, true) : [];
  if (head === undefined || tail === undefined) return undefined;
  // without `::` every group is written; `::` stands for at least one group of zeros
  if (compressed ? head.length + tail.length > 7 : head.length !== 8) return undefined;
  const groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  let v = 0n;
  for (const g of groups) v = (v << 16n) | BigInt(g);
  return v;
}

/** Formats a bigint as compressed IPv6 text. */
export function formatIpv6(v: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  // compress the longest run of zero groups (RFC 5952)
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

/** Parses an IPv4 or IPv6 address. */
export function parseIp(s: string): IpAddress | undefined {
  const v4 = parseIpv4(s);
  if (v4 !== undefined) return { version: 4, value: v4, text: s };
  const v6 = parseIpv6(s);
  if (v6 !== undefined) return { version: 6, value: v6, text: s };
  return undefined;
}

/** Formats an address value of either version. */
export function formatIp(v: number | bigint): string {
  return typeof v === 'number' ? formatIpv4(v) : formatIpv6(v);
}

const MASK6 = (1n << 128n) - 1n;

/** The IPv4 netmask of a prefix length, as an unsigned number. */
export function mask4(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** The IPv6 netmask of a prefix length. */
export function mask6(prefix: number): bigint {
  return prefix === 0 ? 0n : (MASK6 << BigInt(128 - prefix)) & MASK6;
}

/**
 * Parses CIDR text. Returns a reason string when it is not a valid block, including when
 * host bits are set (AWS rejects `10.0.0.1/16` as a block; the hint names the network).
 */
export function parseCidr(s: string): CidrBlock | string {
  if (typeof s !== 'string') return 'a CIDR block is a string such as `10.0.0.0/16`';
  const slash = s.indexOf('/');
  if (slash < 0) return `\`${s}\` is not a CIDR block (missing /prefix, e.g. \`${s}/32\`)`;
  const addr = s.slice(0, slash);
  const pfx = s.slice(slash + 1);
  if (!/^\d{1,3}$/.test(pfx)) return `\`${s}\` has an invalid prefix length`;
  const prefix = Number(pfx);
  if (addr.includes('%')) return `\`${s}\`: a zone id (\`${addr.slice(addr.indexOf('%'))}\`) names one host's interface; a route or rule block has none`;
  const v4 = parseIpv4(addr);
  if (v4 !== undefined) {
    if (prefix > 32) return `\`${s}\`: an IPv4 prefix length is 0 to 32`;
    const base = (v4 & mask4(prefix)) >>> 0;
    if (base !== v4) return `\`${s}\` has host bits set: the block is \`${formatIpv4(base)}/${prefix}\``;
    return { version: 4, base, prefix, text: s };
  }
  const v6 = parseIpv6(addr);
  if (v6 !== undefined) {
    if (prefix > 128) return `\`${s}\`: an IPv6 prefix length is 0 to 128`;
    const base = v6 & mask6(prefix);
    if (base !== v6) return `\`${s}\` has host bits set: the block is \`${formatIpv6(base)}/${prefix}\``;
    return { version: 6, base, prefix, text: s };
  }
  return `\`${s}\` is not a CIDR block`;
}

/** Parses CIDR text that is known to be valid (validated earlier). */
export function cidrOf(s: string): CidrBlock {
  const r = parseCidr(s);
  // INVARIANT: called only on text the schema has validated.
  if (typeof r === 'string') throw new Error(`internal: invalid CIDR reached the model: ${r}`);
  return r;
}

/** Whether an address lies inside a block (versions must agree). */
export function cidrContains(block: CidrBlock, ip: number | bigint): boolean {
  if (block.version === 4) {
    return typeof ip === 'number' && ((ip & mask4(block.prefix)) >>> 0) === block.base;
  }
  return typeof ip === 'bigint' && (ip & mask6(block.prefix)) === block.base;
}

/** Whether block `inner` lies entirely inside block `outer`. */
export function cidrWithin(inner: CidrBlock, outer: CidrBlock): boolean {
  return inner.version === outer.version && inner.prefix >= outer.prefix && cidrContains(outer, inner.base);
}

/** Whether two blocks share any address. */
export function cidrOverlaps(a: CidrBlock, b: CidrBlock): boolean {
  return cidrWithin(a, b) || cidrWithin(b, a);
}

/** The last address of a block. */
export function cidrLast(block: CidrBlock): number | bigint {
  if (block.version === 4) return (((block.base as number) | ~mask4(block.prefix)) >>> 0);
  return (block.base as bigint) | (~mask6(block.prefix) & MASK6);
}

