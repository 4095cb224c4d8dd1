// Addresses AWS chooses at creation, chosen here the way AWS would so that traces can run: a
// private IPv4 address from the subnet (the first free one after the four AWS reserves), and a
// public IPv4 address for an Elastic IP or an instance launched with one. Each choice is
// reported by the caller as a warning naming the resource.
// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html (the first four and the last address are reserved)
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-ip-addressing.html
import { formatIpv4, parseCidr } from '@vpcsim/model';

/**
 * Public addresses stand-ins come from 198.51.100.0/24 (TEST-NET-2, RFC 5737: documentation,
 * never assigned), so a chosen address can never be mistaken for a real one.
 */
const PUBLIC_POOL = [198 * 2 ** 24 + 51 * 2 ** 16 + 100 * 2 ** 8, 256] as const;

/** Hands out addresses, never one already used. */
export class AddressChooser {
  private readonly used = new Set<string>();

  /** Marks an address as taken (one the input gives). */
  take(ip: string | undefined): void {
    if (ip !== undefined) this.used.add(ip);
  }

  /** The first free private address of an IPv4 subnet block, or undefined when it is full or not a block. */
  private(cidr: string): string | undefined {
    const b = parseCidr(cidr);
    if (typeof b === 'string' || b.version !== 4) return undefined;
    const size = 2 ** (32 - b.prefix);
    for (let off = 4; off < size - 1; off++) {
      const ip = formatIpv4(((b.base as number) + off) >>> 0);
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
    return undefined;
  }

  /** A public address stand-in. */
  public(): string | undefined {
    for (let off = 1; off < PUBLIC_POOL[1] - 1; off++) {
      const ip = formatIpv4(PUBLIC_POOL[0] + off);
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
    return undefined;
  }
}
