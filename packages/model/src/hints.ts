// A hint for every diagnostic: where the code that found a problem had nothing specific to
// say (no close id to suggest, a rule stated in the message), the hint for its code says what
// to do. Applied where diagnostics leave the engines (compile, the loader, the CLI), so every
// error a person reads ends with one. Specific hints always win over these.
import type { Diagnostic } from './diagnostic.js';

/** What to do about each kind of problem, when the diagnostic has no hint of its own. */
export const HINTS: Readonly<Record<string, string>> = Object.freeze({
  // reading and parsing
  syntax: 'check the YAML syntax near here (indentation with spaces, `key: value`, closed brackets and quotes)',
  'read-error': 'check that the path names a readable file',
  'unreadable-file': 'check that the path names a readable file',
  'not-a-file': 'vpcsim reads regular files: save the input to a file first',
  'too-large': 'split the input or remove unused parts',
  'too-deep': 'a scenario never needs this depth: check the indentation and brackets',
  'too-many-aliases': 'use fewer `*alias` references',
  'not-utf8': 'save the file as UTF-8',
  'empty-file': 'a scenario is a mapping that starts with `version: 1`',
  // the schema
  'missing-field': 'add the field (docs/scenario-format.md lists the fields of each kind)',
  'unknown-field': 'remove the field or fix its spelling (docs/scenario-format.md lists the fields of each kind)',
  'invalid-type': 'docs/scenario-format.md gives the type of each field',
  'invalid-value': 'docs/scenario-format.md gives the values each field takes',
  'invalid-format': 'docs/scenario-format.md gives the form of each field',
  'invalid-policy': 'see the IAM policy grammar: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html',
  'too-small': 'use a larger value',
  'too-big': 'use a smaller value',
  'invalid-id': 'ids are printable text: letters, digits and punctuation, no control characters',
  // references
  'unknown-reference': 'declare it, or fix the id (ids are case-sensitive)',
  'wrong-kind': 'name a resource of the kind this field takes',
  'duplicate-id': 'ids are unique across all network resources',
  'duplicate-name': 'names are unique per account',
  'vpc-mismatch': 'a resource refers to resources of its own VPC',
  'route-target-vpc': 'a route targets a gateway, interface or connection of its own VPC',
  // addresses
  'vpc-cidr-size': 'a VPC IPv4 block is /16 (65,536 addresses) to /28 (16 addresses), e.g. `10.0.0.0/16`',
  'vpc-ipv6-size': 'a VPC IPv6 block is a /56 (AWS assigns it)',
  'subnet-cidr-size': 'a subnet IPv4 block is /16 to /28, inside a block of its VPC',
  'subnet-ipv6-size': 'a subnet IPv6 block is a /64 inside the VPC\'s /56',
  'subnet-ipv6-outside-vpc': 'a subnet IPv6 block is a /64 inside the VPC\'s /56',
  'subnet-overlap': 'subnets of one VPC must not overlap: give each its own block',
  'ip-outside-subnet': 'choose an address inside the subnet\'s block (not its first four or last address)',
  'ipv6-without-subnet-ipv6': 'give the subnet an `ipv6Cidr` (a /64) first',
  'duplicate-private-ip': 'private IPs are unique within a VPC: choose another address',
  'public-ip-in-vpc': 'a public IP is an address outside every VPC block: use an Elastic IP AWS gave you',
  'address-not-usable': 'use an address of the subnet or a routable public address',
  'invalid-asn': 'a private ASN is 64512-65534 or 4200000000-4294967294; a public one is your registered ASN (1-4294967295)',
  'az-region-mismatch': 'an availability zone is its region followed by a letter: `us-east-1a` is in `us-east-1`',
  'invalid-protocol': 'write tcp, udp, icmp, icmpv6, all, or a protocol number 0-255',
  'port-out-of-range': 'ports are 0 to 65535',
  'bad-ports': 'write a port (`443`), a range (`1024-65535`) or `all`',
  // resources
  'duplicate-security-group': 'list each security group once',
  'too-many-security-groups': 'an interface takes at most 5 security groups (the default quota)',
  'endpoint-field-mismatch': 'a gateway endpoint takes `routeTables`; an interface endpoint takes `subnets` and `securityGroups`',
  'peering-self': 'a peering connection joins two different VPCs',
  'vpn-static-no-routes': 'add the customer networks under `staticRoutes`, or use `routing: dynamic` (BGP)',
  // requests, flows and properties
  'unknown-policy': 'declare it under `iam.policies`, or name an AWS-managed policy by its ARN',
  'invalid-endpoint-policy': 'an endpoint policy is an IAM policy document with `Statement`',
  'unknown-endpoint': 'name an instance, an interface, an IP, `internet`, `external:ID` or `service:NAME` of the scenario',
  'invalid-endpoint': 'an endpoint is an instance or interface id, an IP, `internet`, `internet:IP`, `external:ID[:IP]` or `service:NAME`',
  'invalid-flow': 'check the flow: `--from`, `--to`, `--protocol` and `--port`',
  'request-bad-action': 'an action is `service:Action`, e.g. `s3:GetObject`',
  'request-not-delivered': 'the network path says where the request stopped: `vpcsim trace` it for the fix',
  'selector-unknown': 'check the selector against the scenario\'s ids, or list the values explicitly',
  'property-incomplete': 'a network property needs `from` and `to`; an IAM property needs `principal` (or `from`) and `action`',
  'property-vacuous': 'check the selectors and `except`',
  'property-too-large': 'narrow the property: fewer context keys or values, or `forall.context` with the values that matter',
  'trace-not-implemented': 'the README lists what vpcsim does not model; trace a path it models',
  // faults of vpcsim itself
  internal: 'this is a vpcsim bug: please report it with the input (run again with --debug for the cause)',
  'internal-error': 'this is a vpcsim bug: please report it with the input (run again with --debug for the cause)',
  'engine-threw': 'this is a vpcsim bug: please report it with the scenario (run again with --debug for the cause)',
  'edit-failed': 'the edited scenario did not validate: the other errors say why',
});

/** The diagnostic with a hint: its own, or the one for its code. */
export function withHint(d: Diagnostic): Diagnostic {
  if (d.hint) return d;
  const h = HINTS[d.code];
  return h === undefined ? d : { ...d, hint: h };
}
