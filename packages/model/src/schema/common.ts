// Shared field schemas of the scenario format (docs/scenario-format.md, "Principles").
import { z } from 'zod';
import { parseCidr } from '../address.js';
import { Dict } from './dict.js';

/** A user-chosen identifier that other fields reference. */
export const Id = z.string().min(1, 'an id must not be empty').meta({ description: 'an identifier, referenced by other fields' });

/** A 12-digit AWS account id (YAML may give it as a number; quote it). */
export const AccountId = z
  .string()
  .regex(/^\d{12}$/, 'an account id is 12 digits')
  .meta({ description: 'a 12-digit AWS account id, quoted in YAML' });

/** An AWS region name such as `us-east-1`. */
export const Region = z
  .string()
  .regex(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'a region looks like `us-east-1`')
  .meta({ description: 'an AWS region name' });

const CIDR_HINT = 'a CIDR block is an address and a prefix length in network form: `10.16.0.0/16`, `2600:1f18::/56`';

/** An IPv4 or IPv6 CIDR block in canonical network form. */
export const Cidr = z.string().superRefine((s, ctx) => {
  const r = parseCidr(s);
  if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r, params: { hint: CIDR_HINT } });
}).meta({ description: 'an IPv4 or IPv6 CIDR block' });

/** An IPv4 CIDR block. */
export const Cidr4 = z.string().superRefine((s, ctx) => {
  const r = parseCidr(s);
  if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r, params: { hint: CIDR_HINT } });
  else if (r.version !== 4) ctx.addIssue({ code: 'custom', message: `\`${s}\` is not an IPv4 CIDR block` });
});

/** An IPv6 CIDR block. */
export const Cidr6 = z.string().superRefine((s, ctx) => {
  const r = parseCidr(s);
  if (typeof r === 'string') ctx.addIssue({ code: 'custom', message: r, params: { hint: CIDR_HINT } });
  else if (r.version !== 6) ctx.addIssue({ code: 'custom', message: `\`${s}\` is not an IPv6 CIDR block` });
});

/** A single IPv4 address. */
export const Ipv4 = z.ipv4({ message: 'not an IPv4 address' });
/** A single IPv6 address. */
export const Ipv6 = z.ipv6({ message: 'not an IPv6 address' });

/**
 * A customer gateway's BGP ASN: 1 to 4,294,967,295 (`BgpAsn` up to 2,147,483,647, `BgpAsnExtended`
 * above). https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateCustomerGateway.html
 */
export const CustomerAsn = z.number().int().min(1).max(4_294_967_295).meta({ description: 'the BGP ASN of the device, 1 to 4294967295' });

/**
 * The Amazon side ASN of a virtual private gateway or transit gateway: a private ASN, 64512 to
 * 65534 or 4200000000 to 4294967294.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVpnGateway.html
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayRequestOptions.html
 */
export const AmazonAsn = z
  .number()
  .int()
  .refine((n) => (n >= 64_512 && n <= 65_534) || (n >= 4_200_000_000 && n <= 4_294_967_294), 'an Amazon side ASN is a private ASN: 64512 to 65534, or 4200000000 to 4294967294')
  .meta({ description: 'the Amazon side ASN: 64512-65534 or 4200000000-4294967294' });

/** A protocol: tcp, udp, icmp, icmpv6, all (AWS's -1), or an IP protocol number 0-255. */
export const Protocol = z
  .union([
    z.enum(['tcp', 'udp', 'icmp', 'icmpv6', 'all', '-1']),
    z.number().int().min(-1).max(255),
    z.string().regex(/^\d{1,3}$/),
  ])
  .meta({ description: 'tcp, udp, icmp, icmpv6, all, or an IP protocol number' });

/** Ports: a number, a range string `"1024-65535"`, or `all`. */
export const Ports = z
  .union([
    z.number().int().min(0).max(65535),
    z.literal('all'),
    z.string().regex(/^\d{1,5}(-\d{1,5})?$/, 'ports are a number, a range `1024-65535`, or `all`'),
  ])
  .meta({ description: 'a port, a range "from-to", or all' });

/** Resource tags. */
export const Tags = Dict(z.string()).meta({ description: 'tags, key to value' });

/** A resource's name: free text (the console's Name), usable as a trace endpoint `name:TEXT`. */
export const Name = z.string().min(1, 'a name must not be empty').meta({ description: 'a name for people; `name:TEXT` names the resource in traces when no other resource has it' });

/** Free text about a resource. */
export const Description = z.string().meta({ description: 'free text' });

/** The `name` and `tags` fields every network resource takes (spread into its shape). */
export const Labels = { name: Name.optional(), tags: Tags.optional() } as const;

/** A TCP/UDP port, 1 to 65535. */
export const Port = z.number().int().min(1).max(65535).meta({ description: 'a port, 1 to 65535' });
