// The result of a trace (ARCHITECTURE.md, "Contracts"; STYLE.md items 13-16).
import type { Diagnostic } from '@vpcsim/model';

/** A flow to trace, as `vpcsim trace` and `expect[].trace` give it. */
export interface Flow {
  /** Source endpoint: instance/interface id, IP, `internet[:ip]`, `external:id[:ip]`, NAT gateway, endpoint, `service:s3`. */
  readonly from: string;
  /** Destination endpoint, same forms as `from`. */
  readonly to: string;
  /** `tcp` (default), `udp`, `icmp`, `icmpv6`, `all`, or a protocol number. */
  readonly protocol?: string | number | undefined;
  /** Destination port: required for tcp and udp (an `invalid-flow` error names it when missing). */
  readonly port?: number | undefined;
  /** Source port; default 49152 (inside the Linux and Windows ephemeral ranges). */
  readonly srcPort?: number | undefined;
  readonly icmpType?: number | undefined;
  readonly icmpCode?: number | undefined;
}

/**
 * How a trace ended. Success: `delivered`, `exits-internet`, `exits-external`, `exits-service`.
 * Failure: every other value.
 *
 * | disposition          | meaning                                                              |
 * |----------------------|----------------------------------------------------------------------|
 * | delivered            | reached the destination interface (and, for a connection, the reply got back) |
 * | exits-internet       | left AWS through an internet gateway toward an internet address      |
 * | exits-external       | left AWS through a VPN toward an external network                    |
 * | exits-service        | reached an AWS service (gateway/interface endpoint or public endpoint) |
 * | denied-sg-egress     | an outbound security group rule list did not allow it                |
 * | denied-sg-ingress    | an inbound security group rule list did not allow it                 |
 * | denied-nacl-egress   | a network ACL's outbound rules denied it leaving a subnet            |
 * | denied-nacl-ingress  | a network ACL's inbound rules denied it entering a subnet            |
 * | no-route             | no route matched the destination                                      |
 * | blackhole            | the matching route is a blackhole (or its target is gone)             |
 * | no-public-ip         | IPv4 to the internet from an interface without a public IP            |
 * | src-dst-check        | an interface with source/destination check on got a packet not for it |
 * | not-transitive       | a peering/endpoint/gateway would have to carry traffic transitively   |
 * | inbound-not-allowed  | an egress-only IGW or NAT gateway dropped an outside-initiated packet |
 * | unreachable-address  | the destination address is owned by no one (inside a VPC, unassigned) |
 * | unsupported          | the traffic kind is not supported by a component (e.g. UDP or IPv6 to an interface endpoint, IPv6 via NAT) |
 * | reply-denied         | the packet was delivered but its reply was stopped (see the return hops) |
 * | loop                 | a forwarding loop: the hop limit was reached                         |
 * | invalid-flow         | the flow could not be resolved (unknown endpoint, bad port): see errors |
 * | not-implemented      | the path needs behaviour vpcsim does not model yet: see errors       |
 * | no-listener          | a load balancer has no listener for the packet's protocol and port    |
 * | no-target            | a load balancer's listener has no target to send to                   |
 * | target-unhealthy     | the load balancer does not send to the target: it is unhealthy (health check or declared) or unused (no node in its zone) |
 * | cross-zone-off       | the target is in another zone than the node, and cross-zone load balancing is off |
 */
export type Disposition =
  | 'delivered'
  | 'exits-internet'
  | 'exits-external'
  | 'exits-service'
  | 'denied-sg-egress'
  | 'denied-sg-ingress'
  | 'denied-nacl-egress'
  | 'denied-nacl-ingress'
  | 'no-route'
  | 'blackhole'
  | 'no-public-ip'
  | 'src-dst-check'
  | 'not-transitive'
  | 'inbound-not-allowed'
  | 'unreachable-address'
  | 'unsupported'
  | 'reply-denied'
  | 'loop'
  | 'invalid-flow'
  | 'not-implemented'
  | 'no-listener'
  | 'no-target'
  | 'target-unhealthy'
  | 'cross-zone-off';

/** The outcome of one hop. */
export type Verdict = 'allow' | 'deny' | 'forward' | 'translate' | 'deliver' | 'exit' | 'drop';

/** Step-specific detail of a hop; `why` is always a sentence a person can act on. */
export type HopDetail =
  | { readonly step: 'filter'; readonly why: string; readonly direction: 'inbound' | 'outbound'; readonly table?: readonly string[] }
  | { readonly step: 'route'; readonly why: string; readonly routeTable: string; readonly destination?: string; readonly target?: string; readonly table?: readonly string[] }
  | { readonly step: 'translate'; readonly why: string; readonly from: string; readonly to: string }
  | { readonly step: 'forward'; readonly why: string }
  | { readonly step: 'deliver'; readonly why: string }
  | { readonly step: 'drop'; readonly why: string };

/** One hop of a trace: the component, its kind, its verdict, the rule that decided and why. */
export interface Hop {
  /** Component id (`sg-web`, `acl-web`, `rtb-public`, `igw-app`, `i-web-1/eth0`, ...). */
  readonly component: string;
  /** Component kind (`security-group`, `network-acl`, `route-table`, `internet-gateway`, ...). */
  readonly kind: string;
  readonly verdict: Verdict;
  /** The rule as the console shows it: `100  TCP  22  10.0.0.0/8  ALLOW`, `0.0.0.0/0 → igw-app`. */
  readonly rule?: string | undefined;
  readonly detail: HopDetail;
  /** Set on the hops where the packet leaves (`egress`) or enters (`ingress`) a network interface: what Flow Logs record. */
  readonly interface?: { readonly id: string; readonly direction: 'egress' | 'ingress' } | undefined;
  /** The packet at this hop (after any translation before it). */
  readonly packet?: { readonly src: string; readonly dst: string; readonly protocol: string; readonly srcPort?: number; readonly dstPort?: number } | undefined;
}

/** A change to the scenario, as an immer patch (`applyScenarioPatches` in @vpcsim/model applies it). */
export interface ScenarioPatch {
  readonly op: 'add' | 'replace' | 'remove';
  readonly path: readonly (string | number)[];
  readonly value?: unknown;
}

/** A setting that blocks the path, and what to change. */
export interface Blocker {
  readonly component: string;
  /** What blocks: `inbound rules`, `route to 8.8.8.8`, `sourceDestCheck`, ... */
  readonly setting: string;
  /** What to change, in words. */
  readonly fix?: string | undefined;
  /** The fix as patches against the scenario, when vpcsim can write it (declared groups, ACLs, instances). */
  readonly patches?: readonly ScenarioPatch[] | undefined;
}

/** How a request to an AWS service left the VPC (for `service:` destinations). */
export interface ServiceAccess {
  readonly service: string;
  readonly region: string;
  readonly via: 'gateway-endpoint' | 'interface-endpoint' | 'internet';
  readonly vpc?: string | undefined;
  /** The endpoint used (gateway or interface). */
  readonly endpoint?: string | undefined;
  /** The source address AWS sees: the public or NAT address through the internet. */
  readonly sourceIp?: string | undefined;
  /** The private source address, through an endpoint (aws:VpcSourceIp). */
  readonly vpcSourceIp?: string | undefined;
}

/**
 * One target of a trace to a load balancer: the leg from the node to the target and back.
 * `reachable` when the load balancer sends to it and both directions get through (for an
 * application load balancer behind a network load balancer: to one of its own `targets` too).
 */
export interface TargetTrace {
  /** The target: an instance id, an address (ip targets), or an application load balancer id. */
  readonly target: string;
  readonly kind: 'instance' | 'ip' | 'alb';
  /** The load balancer node that sends to it (`<load balancer>/<subnet>`). */
  readonly node: string;
  /** The port it receives on. */
  readonly port: number;
  readonly healthy: boolean;
  readonly reachable: boolean;
  readonly disposition: Disposition;
  readonly blockedBy: string | null;
  readonly blockers: readonly Blocker[];
  readonly forward: readonly Hop[];
  readonly return: readonly Hop[];
  /** The health check from the node (its port, whether it got through, and its hops). */
  readonly healthCheck?: { readonly protocol: string; readonly port: number; readonly passed: boolean; readonly forward: readonly Hop[]; readonly return: readonly Hop[] } | undefined;
  /** An application load balancer target: its own targets. */
  readonly targets?: readonly TargetTrace[] | undefined;
  /** For `not-implemented`: what vpcsim does not model on this leg. */
  readonly error?: string | undefined;
}

/** A whole trace: forward path, reply path and verdict. */
export interface Trace {
  readonly reachable: boolean;
  readonly disposition: Disposition;
  /** The first component that blocks, or null. */
  readonly blockedBy: string | null;
  /** Every component that would block, in path order (blocked-path analysis). */
  readonly blockers: readonly Blocker[];
  readonly forward: readonly Hop[];
  readonly return: readonly Hop[];
  /** For `service:` destinations: how the service was reached. */
  readonly service?: ServiceAccess | undefined;
  /**
   * For a load balancer destination: each target's leg from the node (`forward`/`return` above
   * are the client's leg to the node). `reachable` when at least one target is reachable.
   */
  readonly targets?: readonly TargetTrace[] | undefined;
  /** For a load balancer destination: the load balancer, the node the client reached and the listener that took the connection. */
  readonly loadBalancer?: { readonly id: string; readonly node: string; readonly listener?: string | undefined } | undefined;
  readonly errors: readonly Diagnostic[];
}
