// Reference resolution and AWS rules for the network kinds.
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
// https://docs.aws.amazon.com/vpc/latest/userguide/subnet-sizing.html
// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html
// https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html
// https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html
import { cidrContains, cidrLast, cidrOverlaps, cidrWithin, formatIp, parseCidr, parseIp, type CidrBlock } from '../address.js';
import { AWS_MANAGED_PREFIX_LIST_IDS } from '../aws-prefix-lists.js';
import { didYouMean, error, warning, type Path } from '../diagnostic.js';
import type { ComponentKind } from '../model.js';
import { DEAD_PEERING_STATES } from '../normalize.js';
import type { NetworkAclRule, Scenario, SecurityGroupRule, Subnet, Vpc } from '../schema/index.js';
import { notPublic, regionOfZone, unusableAddress } from './addresses.js';
import { validateDirectConnect } from './direct-connect.js';
import { validateLoadBalancing, type NetworkChecks } from './load-balancer.js';
import { article, implicitIds, type Registry } from './registry.js';

const FALLBACK_REGION = 'us-east-1';

const DEAD_PEERING = DEAD_PEERING_STATES;

/** What the network checks know of a VPC (shared with the load balancing and Direct Connect checks). */
export interface VpcInfo {
  readonly vpc: Vpc;
  readonly index: number;
  readonly region: string;
  readonly blocks4: CidrBlock[];
  readonly block6?: CidrBlock | undefined;
}

/** What the network checks know of a subnet. */
export interface SubnetInfo {
  readonly subnet: Subnet;
  readonly index: number;
  readonly block?: CidrBlock | undefined;
  readonly block6?: CidrBlock | undefined;
}

const block = (text: string | undefined): CidrBlock | undefined => {
  if (text === undefined) return undefined;
  const b = parseCidr(text);
  return typeof b === 'string' ? undefined : b;
};

const ROUTE_TARGET_KINDS: readonly ComponentKind[] = [
  'internet-gateway',
  'egress-only-internet-gateway',
  'nat-gateway',
  'network-interface',
  'instance',
  'vpc-peering-connection',
  'transit-gateway',
  'vpn-gateway',
  'vpc-endpoint',
  'gateway-load-balancer-endpoint',
];

/** The gateway-endpoint service short name (`com.amazonaws.us-east-1.s3` → `s3`). */
export const serviceShortName = (service: string): string => (service.startsWith('com.amazonaws.') ? service.split('.').slice(3).join('.') : service);

/** Checks the network part of a scenario, appending to `r.out`. */
export function validateNetwork(s: Scenario, r: Registry): void {
  const out = r.out;
  const defaultRegion = s.defaults?.region ?? FALLBACK_REGION;

  // ---- VPCs: block sizes and overlaps among their own blocks ------------------------------
  const vpcs = new Map<string, VpcInfo>();
  (s.vpcs ?? []).forEach((v, i) => {
    const path: Path = ['vpcs', i];
    const blocks4: CidrBlock[] = [];
    const primary = block(v.cidr);
    if (primary) {
      if (primary.prefix < 16 || primary.prefix > 28)
        out.push(error('vpc-cidr-size', [...path, 'cidr'], `VPC block \`${v.cidr}\` is a /${primary.prefix}: a VPC IPv4 block is /16 to /28`));
      blocks4.push(primary);
    }
    (v.secondaryCidrs ?? []).forEach((c, k) => {
      const b = block(c);
      if (!b) return;
      const p = [...path, 'secondaryCidrs', k];
      if (b.prefix < 16 || b.prefix > 28) out.push(error('vpc-cidr-size', p, `VPC block \`${c}\` is a /${b.prefix}: a VPC IPv4 block is /16 to /28`));
      const clash = blocks4.find((o) => cidrOverlaps(o, b));
      if (clash) out.push(error('vpc-cidr-overlap', p, `secondary block \`${c}\` overlaps \`${clash.text}\` of the same VPC`, 'the blocks of a VPC must not overlap'));
      blocks4.push(b);
    });
    const b6 = block(v.ipv6Cidr);
    if (b6 && b6.prefix !== 56) out.push(error('vpc-ipv6-size', [...path, 'ipv6Cidr'], `VPC IPv6 block \`${v.ipv6Cidr}\` is a /${b6.prefix}: a VPC IPv6 block is a /56`));
    vpcs.set(v.id, { vpc: v, index: i, region: v.region ?? defaultRegion, blocks4, block6: b6 });
  });
  const vpcRef = (path: Path, id: string): VpcInfo | undefined => (r.ref(path, id, ['vpc']) ? vpcs.get(id) : undefined);
  const regionOf = (vpc: string | undefined): string | undefined => (vpc === undefined ? undefined : vpcs.get(vpc)?.region);

  // ---- one main route table, default ACL and default SG per VPC ---------------------------
  const onlyOne = (list: readonly { vpc: string; id: string }[] | undefined, key: string, flag: (t: never) => boolean | undefined, code: string, what: string): void => {
    const first = new Map<string, string>();
    (list ?? []).forEach((t, i) => {
      if (!flag(t as never)) return;
      const prev = first.get(t.vpc);
      if (prev !== undefined) out.push(error(code, [key, i, key === 'routeTables' ? 'main' : 'default'], `\`${t.vpc}\` has two ${what}: \`${prev}\` and \`${t.id}\``, `a VPC has exactly one ${what.replace(/s$/, '').replace(/tables$/, 'table')}`));
      else first.set(t.vpc, t.id);
    });
  };
  onlyOne(s.routeTables, 'routeTables', (t: { main?: boolean }) => t.main, 'multiple-main-route-tables', 'main route tables');
  onlyOne(s.networkAcls, 'networkAcls', (t: { default?: boolean }) => t.default, 'multiple-default-network-acls', 'default network ACLs');
  onlyOne(s.securityGroups, 'securityGroups', (t: { default?: boolean }) => t.default, 'multiple-default-security-groups', 'default security groups');
  // the implicit ids stay usable only while nothing is declared in their place
  const mainOf = new Map<string, string>();
  for (const t of s.routeTables ?? []) if (t.main && !mainOf.has(t.vpc)) mainOf.set(t.vpc, t.id);
  for (const v of s.vpcs ?? []) if (!mainOf.has(v.id)) mainOf.set(v.id, implicitIds(v.id).mainRtb);

  // ---- subnets ----------------------------------------------------------------------------
  const subnets = new Map<string, SubnetInfo>();
  const subnetsByVpc = new Map<string, SubnetInfo[]>();
  (s.subnets ?? []).forEach((n, i) => {
    const path: Path = ['subnets', i];
    const info: SubnetInfo = { subnet: n, index: i, block: block(n.cidr), block6: block(n.ipv6Cidr) };
    subnets.set(n.id, info);
    const v = vpcRef([...path, 'vpc'], n.vpc);
    // an availability zone is a zone of the VPC's region: `eu-west-1a` cannot hold a subnet of a us-east-1 VPC
    const zoneRegion = regionOfZone(n.availabilityZone);
    if (v && zoneRegion !== undefined && zoneRegion !== v.region)
      out.push(
        error('az-region-mismatch', [...path, 'availabilityZone'], `\`${n.availabilityZone}\` is a zone of ${zoneRegion}, but \`${n.vpc}\` is in ${v.region}`, `use a zone of ${v.region}, e.g. \`${v.region}a\``),
      );
    if (info.block) {
      const b = info.block;
      if (b.prefix < 16 || b.prefix > 28) out.push(error('subnet-cidr-size', [...path, 'cidr'], `subnet block \`${n.cidr}\` is a /${b.prefix}: a subnet IPv4 block is /16 to /28`));
      if (v && v.blocks4.length > 0 && !v.blocks4.some((vb) => cidrWithin(b, vb)))
        out.push(
          error('subnet-outside-vpc', [...path, 'cidr'], `subnet block \`${n.cidr}\` is not inside a block of \`${n.vpc}\``, `the VPC's blocks: ${v.blocks4.map((x) => `\`${x.text}\``).join(', ')}`),
        );
    }
    if (n.ipv6Cidr !== undefined && info.block6 && v) {
      if (!v.block6) out.push(error('subnet-ipv6-without-vpc-ipv6', [...path, 'ipv6Cidr'], `subnet has an IPv6 block but \`${n.vpc}\` has none`, 'give the VPC an `ipv6Cidr` (/56) first'));
      else {
        if (info.block6.prefix !== 64) out.push(error('subnet-ipv6-size', [...path, 'ipv6Cidr'], `subnet IPv6 block \`${n.ipv6Cidr}\` is a /${info.block6.prefix}: a subnet IPv6 block is a /64`));
        if (!cidrWithin(info.block6, v.block6)) out.push(error('subnet-ipv6-outside-vpc', [...path, 'ipv6Cidr'], `subnet IPv6 block \`${n.ipv6Cidr}\` is not inside \`${v.block6.text}\` of \`${n.vpc}\``));
      }
    }
    let list = subnetsByVpc.get(n.vpc);
    if (!list) subnetsByVpc.set(n.vpc, (list = []));
    list.push(info);
    if (n.routeTable !== undefined) {
      const t = r.ref([...path, 'routeTable'], n.routeTable, ['route-table']);
      if (t && t.vpc !== n.vpc) out.push(error('vpc-mismatch', [...path, 'routeTable'], `route table \`${n.routeTable}\` belongs to \`${t.vpc}\`, not to the subnet's VPC \`${n.vpc}\``));
    }
    if (n.networkAcl !== undefined) {
      const a = r.ref([...path, 'networkAcl'], n.networkAcl, ['network-acl']);
      if (a && a.vpc !== n.vpc) out.push(error('vpc-mismatch', [...path, 'networkAcl'], `network ACL \`${n.networkAcl}\` belongs to \`${a.vpc}\`, not to the subnet's VPC \`${n.vpc}\``));
    }
  });
  // overlapping siblings: a sort-based sweep per VPC and family, O(n log n)
  for (const list of subnetsByVpc.values()) {
    sweep(
      list.filter((x) => x.block).map((x) => ({ b: x.block!, x })),
      (a, b) => out.push(error('subnet-overlap', ['subnets', b.x.index, 'cidr'], `subnet block \`${b.x.subnet.cidr}\` overlaps \`${a.x.subnet.cidr}\` of subnet \`${a.x.subnet.id}\``, 'subnets of one VPC must not overlap')),
    );
    sweep(
      list.filter((x) => x.block6).map((x) => ({ b: x.block6!, x })),
      (a, b) => out.push(error('subnet-overlap', ['subnets', b.x.index, 'ipv6Cidr'], `subnet IPv6 block \`${b.x.subnet.ipv6Cidr}\` overlaps that of subnet \`${a.x.subnet.id}\``)),
    );
  }

  // ---- addresses of interfaces, instances and NAT gateways ---------------------------------
  const privateIps = new Map<string, string>();
  /** IPv4 addresses taken per subnet: explicit ones, then those AWS assigns (NAT, endpoints). */
  const usedIn = new Map<string, number>();
  const publicIps = new Map<string, string>();
  const checkPrivateIp = (path: Path, ip: string, sn: SubnetInfo | undefined, owner: string): void => {
    const a = parseIp(ip);
    if (!a || a.version !== 4 || !sn?.block) return;
    const b = sn.block;
    if (!cidrContains(b, a.value)) {
      out.push(error('ip-outside-subnet', path, `\`${ip}\` is not inside subnet \`${sn.subnet.id}\` (\`${sn.subnet.cidr}\`)`));
      return;
    }
    const off = (a.value as number) - (b.base as number);
    const last = cidrLast(b) as number;
    const reason =
      off === 0 ? 'the network address' : off === 1 ? 'reserved for the VPC router' : off === 2 ? 'reserved for the Amazon DNS server' : off === 3 ? 'reserved by AWS for future use' : a.value === last ? 'the broadcast address' : undefined;
    if (reason !== undefined)
      out.push(
        error(
          'reserved-ip',
          path,
          `${ip} is ${reason} (subnet \`${sn.subnet.id}\`)`,
          `the first four addresses and the last one of a subnet are reserved: use \`${formatIp(((b.base as number) + 4) >>> 0)}\` to \`${formatIp((last - 1) >>> 0)}\``,
        ),
      );
    const key = `${sn.subnet.vpc}|${a.value}`;
    const prev = privateIps.get(key);
    if (prev !== undefined) out.push(error('duplicate-private-ip', path, `${ip} is already used by \`${prev}\` in \`${sn.subnet.vpc}\``, 'private IPs are unique within a VPC'));
    else {
      privateIps.set(key, owner);
      usedIn.set(sn.subnet.id, (usedIn.get(sn.subnet.id) ?? 0) + 1);
    }
  };
  const checkIpv6 = (path: Path, ip: string, sn: SubnetInfo | undefined, owner: string): void => {
    const a = parseIp(ip);
    if (!a || a.version !== 6 || !sn) return;
    if (!sn.block6) {
      out.push(error('ipv6-without-subnet-ipv6', path, `\`${ip}\`: subnet \`${sn.subnet.id}\` has no IPv6 block`));
      return;
    }
    if (!cidrContains(sn.block6, a.value)) out.push(error('ip-outside-subnet', path, `\`${ip}\` is not inside subnet \`${sn.subnet.id}\` (\`${sn.subnet.ipv6Cidr}\`)`));
    const key = `${sn.subnet.vpc}|${a.value}`;
    const prev = privateIps.get(key);
    if (prev !== undefined) out.push(error('duplicate-private-ip', path, `${ip} is already used by \`${prev}\` in \`${sn.subnet.vpc}\``));
    else privateIps.set(key, owner);
  };
  const vpcBlocks = [...vpcs.values()].flatMap((v) => v.blocks4.map((b) => [b, v.vpc.id] as const));
  const checkPublicIp = (path: Path, ip: string | undefined, owner: string): void => {
    if (ip === undefined) return;
    const why = notPublic(ip, vpcBlocks);
    if (why !== undefined) {
      out.push(error('public-ip-in-vpc', path, `public IP ${ip} is ${why}`, 'a public or Elastic IP is an internet address AWS gave you, outside every VPC block'));
      return;
    }
    const prev = publicIps.get(ip);
    if (prev !== undefined) out.push(error('duplicate-public-ip', path, `public IP ${ip} is already used by \`${prev}\``, 'a public or Elastic IP maps to exactly one private IP'));
    else publicIps.set(ip, owner);
  };
  const subnetRef = (path: Path, id: string): SubnetInfo | undefined => (r.ref(path, id, ['subnet']) ? subnets.get(id) : undefined);
  const checkSecurityGroups = (path: Path, groups: readonly string[] | undefined, vpc: string | undefined): void => {
    if (!groups) return;
    if (groups.length > 5) out.push(error('too-many-security-groups', path, `${groups.length} security groups: an interface takes at most 5`));
    const seen = new Set<string>();
    groups.forEach((g, k) => {
      if (seen.has(g)) out.push(warning('duplicate-security-group', [...path, k], `security group \`${g}\` is listed twice`));
      seen.add(g);
      const e = r.ref([...path, k], g, ['security-group']);
      if (e && vpc !== undefined && e.vpc !== vpc) out.push(error('vpc-mismatch', [...path, k], `security group \`${g}\` belongs to \`${e.vpc}\`, not to \`${vpc}\``, 'an interface takes security groups of its own VPC'));
    });
  };
  interface IfaceLike {
    id: string;
    subnet: string;
    privateIp: string;
    secondaryPrivateIps?: string[] | undefined;
    publicIp?: string | undefined;
    ipv6Addresses?: string[] | undefined;
    securityGroups?: string[] | undefined;
  }
  const checkInterface = (path: Path, n: IfaceLike, owner: string): SubnetInfo | undefined => {
    const sn = subnetRef([...path, 'subnet'], n.subnet);
    checkPrivateIp([...path, 'privateIp'], n.privateIp, sn, owner);
    (n.secondaryPrivateIps ?? []).forEach((ip, k) => checkPrivateIp([...path, 'secondaryPrivateIps', k], ip, sn, owner));
    (n.ipv6Addresses ?? []).forEach((ip, k) => checkIpv6([...path, 'ipv6Addresses', k], ip, sn, owner));
    checkPublicIp([...path, 'publicIp'], n.publicIp, owner);
    checkSecurityGroups([...path, 'securityGroups'], n.securityGroups, sn?.subnet.vpc);
    return sn;
  };
  // `stateless: true` opts an appliance out of connection tracking: it means something only where
  // the interface forwards (source/destination check off), and never on a NAT instance, which
  // must keep state to translate replies.
  // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_NAT_Instance.html
  const checkStateless = (path: Path, n: { id: string; stateless?: boolean | undefined; sourceDestCheck?: boolean | undefined; nat?: boolean | undefined }): void => {
    if (n.stateless !== true) return;
    if (n.nat === true)
      out.push(error('nat-stateless', [...path, 'stateless'], `\`${n.id}\` is a NAT instance: it keeps connection state to translate replies, so it cannot be \`stateless\``, 'remove `stateless: true`'));
    else if (n.sourceDestCheck ?? true)
      out.push(warning('stateless-ignored', [...path, 'stateless'], `\`${n.id}\` has its source/destination check on: it forwards nothing, so \`stateless\` has no effect`, 'set `sourceDestCheck: false` for an appliance that forwards traffic'));
  };
  const ifaceSubnet = new Map<string, SubnetInfo | undefined>();
  (s.networkInterfaces ?? []).forEach((n, i) => {
    ifaceSubnet.set(n.id, checkInterface(['networkInterfaces', i], n, n.id));
    checkStateless(['networkInterfaces', i], n);
  });
  const attachedTo = new Map<string, string>();
  (s.instances ?? []).forEach((inst, i) => {
    const path: Path = ['instances', i];
    const sn = checkInterface(path, inst, inst.id);
    checkStateless(path, inst);
    // Instances launched into such a subnet get a public IPv4 address, but a scenario cannot
    // know which one: the address must be written for traces from the internet to use it.
    // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-public-ip.html
    if (sn?.subnet.mapPublicIpOnLaunch === true && inst.publicIp === undefined)
      out.push(
        warning(
          'public-ip-not-given',
          [...path, 'publicIp'],
          `instance \`${inst.id}\` is in \`${sn.subnet.id}\`, which gives instances a public IPv4 address at launch, but the scenario does not say which: vpcsim treats it as having none`,
          'write the address the instance got as `publicIp`',
        ),
      );
    (inst.networkInterfaces ?? []).forEach((eni, k) => {
      const p = [...path, 'networkInterfaces', k];
      const e = r.ref(p, eni, ['network-interface']);
      if (!e) return;
      if (e.implicit) {
        out.push(error('wrong-kind', p, `\`${eni}\` is the interface of another resource: it cannot be attached here`));
        return;
      }
      const prev = attachedTo.get(eni);
      if (prev !== undefined) out.push(error('interface-attached-twice', p, `interface \`${eni}\` is already attached to \`${prev}\``, 'an interface is attached to at most one instance'));
      else attachedTo.set(eni, inst.id);
      const esn = ifaceSubnet.get(eni);
      if (sn && esn && esn.subnet.availabilityZone !== sn.subnet.availabilityZone)
        out.push(
          error('interface-az-mismatch', p, `interface \`${eni}\` is in \`${esn.subnet.availabilityZone}\`, the instance in \`${sn.subnet.availabilityZone}\``, 'extra interfaces must be in the same availability zone as the instance'),
        );
    });
  });
  (s.natGateways ?? []).forEach((g, i) => {
    const path: Path = ['natGateways', i];
    const sn = subnetRef([...path, 'subnet'], g.subnet);
    const connectivity = g.connectivity ?? 'public';
    // https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html: a public NAT
    // gateway needs an Elastic IP at creation; a private one cannot have one.
    if (connectivity === 'public' && g.publicIp === undefined)
      out.push(error('nat-public-ip-missing', [...path, 'publicIp'], `public NAT gateway \`${g.id}\` has no \`publicIp\``, 'a public NAT gateway needs an Elastic IP: add `publicIp`, or set `connectivity: private`'));
    if (connectivity === 'private' && g.publicIp !== undefined)
      out.push(error('nat-private-with-public-ip', [...path, 'publicIp'], `private NAT gateway \`${g.id}\` cannot have a public IP`, 'remove `publicIp`, or set `connectivity: public`'));
    if (g.privateIp !== undefined) checkPrivateIp([...path, 'privateIp'], g.privateIp, sn, g.id);
    checkPublicIp([...path, 'publicIp'], g.publicIp, g.id);
  });

  // endpoint interfaces with their address given (`addresses`) hold it like any interface
  (s.vpcEndpoints ?? []).forEach((e, i) => {
    if (e.type === 'gateway' || e.addresses === undefined) return;
    const listed = new Set(e.subnets ?? []);
    for (const [sid, ip] of Object.entries(e.addresses)) {
      const p: Path = ['vpcEndpoints', i, 'addresses', sid];
      if (!listed.has(sid)) {
        const guess = didYouMean(sid, listed);
        out.push(error('endpoint-address-subnet', p, `\`${sid}\` is not one of the endpoint's subnets`, guess !== undefined ? `did you mean \`${guess}\`?` : `the endpoint's subnets: ${[...listed].map((x) => `\`${x}\``).join(', ') || 'none'}`));
        continue;
      }
      checkPrivateIp(p, ip, subnets.get(sid), e.id);
    }
  });
  const checks: NetworkChecks = { vpcs, subnets, vpcRef, subnetRef, checkPrivateIp, checkPublicIp, checkSecurityGroups, usedIn };
  validateLoadBalancing(s, r, checks);

  // NAT gateways without privateIp and endpoint interfaces without an address take an address each from the subnet
  for (const g of s.natGateways ?? []) if (g.privateIp === undefined) usedIn.set(g.subnet, (usedIn.get(g.subnet) ?? 0) + 1);
  for (const e of s.vpcEndpoints ?? [])
    if (e.type !== 'gateway') for (const sid of e.subnets ?? []) if (e.addresses?.[sid] === undefined) usedIn.set(sid, (usedIn.get(sid) ?? 0) + 1);
  for (const [sid, used] of usedIn) {
    const sn = subnets.get(sid);
    if (!sn?.block) continue;
    const usable = 2 ** (32 - sn.block.prefix) - 5;
    if (used > usable)
      out.push(error('subnet-full', ['subnets', sn.index, 'cidr'], `subnet \`${sid}\` (\`${sn.subnet.cidr}\`) has ${usable} usable addresses, but ${used} are needed`, 'use a larger block (the first four and the last address are reserved)'));
  }

  // ---- network ACLs --------------------------------------------------------------------------
  (s.networkAcls ?? []).forEach((a, i) => {
    const path: Path = ['networkAcls', i];
    vpcRef([...path, 'vpc'], a.vpc);
    for (const dir of ['inbound', 'outbound'] as const) {
      const numbers = new Map<number, number>();
      (a[dir] ?? []).forEach((rule, k) => {
        const p = [...path, dir, k];
        const prev = numbers.get(rule.rule);
        if (prev !== undefined) out.push(error('duplicate-rule-number', [...p, 'rule'], `rule number ${rule.rule} is used twice in the ${dir} rules (entries ${prev} and ${k})`, 'rule numbers are unique within a direction'));
        else numbers.set(rule.rule, k);
        checkProtocolFields(p, rule, out);
      });
    }
  });

  // ---- security groups ---------------------------------------------------------------------
  const activePeers = new Set<string>();
  for (const p of s.vpcPeeringConnections ?? []) if ((p.status ?? 'active') === 'active') activePeers.add(`${p.requester}|${p.accepter}`).add(`${p.accepter}|${p.requester}`);
  const prefixListRef = (path: Path, id: string): void => {
    if (id in AWS_MANAGED_PREFIX_LIST_IDS && !r.byId.has(id)) return;
    r.ref(path, id, ['prefix-list']);
  };
  (s.securityGroups ?? []).forEach((g, i) => {
    const path: Path = ['securityGroups', i];
    vpcRef([...path, 'vpc'], g.vpc);
    for (const dir of ['inbound', 'outbound'] as const) {
      (g[dir] ?? []).forEach((rule, k) => {
        const p = [...path, dir, k];
        checkProtocolFields(p, rule, out);
        if (rule.prefixList !== undefined) prefixListRef([...p, 'prefixList'], rule.prefixList);
        if (rule.securityGroup !== undefined) {
          const e = r.ref([...p, 'securityGroup'], rule.securityGroup, ['security-group']);
          if (!e || e.vpc === g.vpc || e.vpc === undefined) return;
          // https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-security-groups.html:
          // a rule may reference a group of a peer VPC in the same region only.
          const here = regionOf(g.vpc);
          const there = regionOf(e.vpc);
          if (here !== undefined && there !== undefined && here !== there)
            out.push(error('sg-reference-cross-region', [...p, 'securityGroup'], `\`${rule.securityGroup}\` is in ${there}, this group in ${here}: security group references work within one region`, 'use the peer VPC\'s CIDR block instead'));
          else if (!activePeers.has(`${g.vpc}|${e.vpc}`))
            out.push(
              error('sg-reference-no-peering', [...p, 'securityGroup'], `\`${rule.securityGroup}\` belongs to \`${e.vpc}\`, which has no active peering with \`${g.vpc}\``, 'a rule may reference a group of another VPC only across an active peering connection'),
            );
        }
      });
    }
  });

  // ---- gateways ------------------------------------------------------------------------------
  const igwOf = new Map<string, string>();
  (s.internetGateways ?? []).forEach((g, i) => {
    if (g.vpc === undefined) return;
    vpcRef(['internetGateways', i, 'vpc'], g.vpc);
    const prev = igwOf.get(g.vpc);
    if (prev !== undefined) out.push(error('multiple-internet-gateways', ['internetGateways', i, 'vpc'], `\`${g.vpc}\` already has internet gateway \`${prev}\``, 'a VPC has at most one internet gateway'));
    else igwOf.set(g.vpc, g.id);
  });
  (s.egressOnlyInternetGateways ?? []).forEach((g, i) => vpcRef(['egressOnlyInternetGateways', i, 'vpc'], g.vpc));
  (s.vpnGateways ?? []).forEach((g, i) => {
    if (g.vpc !== undefined) vpcRef(['vpnGateways', i, 'vpc'], g.vpc);
  });
  // Gateway route tables (edge associations): a table of the gateway's VPC, with routes for the
  // VPC's blocks or whole subnet blocks only, to `local`, an interface or a GWLB endpoint, and no
  // propagation; one gateway per table.
  // https://docs.aws.amazon.com/vpc/latest/userguide/gateway-route-tables.html
  const gatewayOfTable = new Map<string, string>();
  const checkGatewayRouteTable = (key: 'internetGateways' | 'vpnGateways', i: number, g: { id: string; vpc?: string | undefined; routeTable?: string | undefined }): void => {
    if (g.routeTable === undefined) return;
    const p: Path = [key, i, 'routeTable'];
    const t = r.ref(p, g.routeTable, ['route-table']);
    if (!t) return;
    if (g.vpc === undefined) {
      out.push(error('gateway-route-table-detached', p, `\`${g.id}\` is attached to no VPC: it cannot have a gateway route table`, 'give the gateway its `vpc`'));
      return;
    }
    if (t.vpc !== g.vpc) {
      out.push(error('vpc-mismatch', p, `route table \`${g.routeTable}\` belongs to \`${t.vpc}\`, not to \`${g.vpc}\` (the VPC \`${g.id}\` is attached to)`));
      return;
    }
    const prev = gatewayOfTable.get(g.routeTable);
    if (prev !== undefined) out.push(error('gateway-route-table-shared', p, `route table \`${g.routeTable}\` is already the gateway route table of \`${prev}\``, 'give each gateway its own route table'));
    else gatewayOfTable.set(g.routeTable, g.id);
    const decl = t.value as { main?: boolean; routes?: { destination: string; target: string; state?: string }[]; propagatingGateways?: string[] } | undefined;
    if (decl === undefined) return;
    const tp = t.path;
    if ((decl.propagatingGateways ?? []).length > 0)
      out.push(error('gateway-route-table-rule', [...tp, 'propagatingGateways'], `route table \`${g.routeTable}\` is the gateway route table of \`${g.id}\`: it cannot have route propagation`, 'remove `propagatingGateways`'));
    const vpcBlocks = (() => {
      const v = vpcs.get(g.vpc);
      return v ? [...v.blocks4, ...(v.block6 ? [v.block6] : [])] : [];
    })();
    const subnetBlocks = (subnetsByVpc.get(g.vpc) ?? []).flatMap((x) => [x.block, x.block6].filter((b): b is CidrBlock => b !== undefined));
    (decl.routes ?? []).forEach((route, k) => {
      if (route.state === 'blackhole') return;
      const rp = [...tp, 'routes', k];
      const d = block(route.destination);
      const whole = d !== undefined && [...vpcBlocks, ...subnetBlocks].some((b) => b.version === d.version && b.prefix === d.prefix && cidrWithin(d, b));
      if (!whole)
        out.push(
          error('gateway-route-table-rule', [...rp, 'destination'], `gateway route table \`${g.routeTable}\` (of \`${g.id}\`): \`${route.destination}\` is not the VPC's block or a whole subnet block`, "a gateway route table routes only the VPC's own block or a subnet's whole block, to an appliance"),
        );
      const kind = r.byId.get(route.target)?.kind;
      if (route.target !== 'local' && kind !== 'network-interface' && kind !== 'instance' && kind !== 'gateway-load-balancer-endpoint')
        out.push(error('gateway-route-table-rule', [...rp, 'target'], `gateway route table \`${g.routeTable}\` (of \`${g.id}\`): a route targets \`local\`, a network interface or a Gateway Load Balancer endpoint, not \`${route.target}\``, 'send entering traffic to the appliance that inspects it'));
    });
  };
  (s.internetGateways ?? []).forEach((g, i) => checkGatewayRouteTable('internetGateways', i, g));
  (s.vpnGateways ?? []).forEach((g, i) => checkGatewayRouteTable('vpnGateways', i, g));

  // ---- peering -------------------------------------------------------------------------------
  (s.vpcPeeringConnections ?? []).forEach((p, i) => {
    const path: Path = ['vpcPeeringConnections', i];
    const a = vpcRef([...path, 'requester'], p.requester);
    const b = vpcRef([...path, 'accepter'], p.accepter);
    if (p.requester === p.accepter) {
      out.push(error('peering-self', [...path, 'accepter'], `peering connection \`${p.id}\` joins \`${p.requester}\` to itself`, 'a peering connection joins two different VPCs'));
      return;
    }
    if (!a || !b) return;
    // https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html#vpc-peering-limitations
    const blocksA = [...a.blocks4, ...(a.block6 ? [a.block6] : [])];
    const blocksB = [...b.blocks4, ...(b.block6 ? [b.block6] : [])];
    for (const x of blocksA)
      for (const y of blocksB)
        if (cidrOverlaps(x, y)) {
          out.push(error('peering-overlap', path, `\`${p.requester}\` (\`${x.text}\`) and \`${p.accepter}\` (\`${y.text}\`) have overlapping blocks`, 'VPCs with overlapping CIDR blocks cannot be peered'));
          return;
        }
  });

  // ---- route tables ------------------------------------------------------------------------
  const tgwVpcs = new Map<string, Set<string>>();
  for (const t of s.transitGateways ?? []) tgwVpcs.set(t.id, new Set((t.attachments ?? []).flatMap((a) => (a.vpc ? [a.vpc] : []))));
  const peerings = new Map((s.vpcPeeringConnections ?? []).map((p) => [p.id, p]));
  const endpoints = new Map((s.vpcEndpoints ?? []).map((e) => [e.id, e]));
  const vgws = new Map((s.vpnGateways ?? []).map((g) => [g.id, g]));
  const igws = new Map((s.internetGateways ?? []).map((g) => [g.id, g]));
  const eigws = new Map((s.egressOnlyInternetGateways ?? []).map((g) => [g.id, g]));
  const routeTableRoutes = new Map<string, { destination: string; target: string }[]>();
  (s.routeTables ?? []).forEach((t, i) => {
    const path: Path = ['routeTables', i];
    routeTableRoutes.set(t.id, t.routes ?? []);
    vpcRef([...path, 'vpc'], t.vpc);
    const dests = new Map<string, number>();
    (t.routes ?? []).forEach((route, k) => {
      const p = [...path, 'routes', k];
      const d = parseCidr(route.destination);
      let destKey: string;
      let v6: boolean | undefined;
      if (typeof d !== 'string') {
        destKey = `${d.version}|${d.base}|${d.prefix}`;
        v6 = d.version === 6;
      } else if (/^pl-/.test(route.destination) || r.byId.get(route.destination)?.kind === 'prefix-list') {
        prefixListRef([...p, 'destination'], route.destination);
        destKey = route.destination;
      } else {
        out.push(error('invalid-destination', [...p, 'destination'], `invalid route destination: ${d}`, 'a destination is a CIDR block (`0.0.0.0/0`) or a prefix list id (`pl-s3`)'));
        return;
      }
      const prev = dests.get(destKey);
      if (prev !== undefined) out.push(error('duplicate-route', [...p, 'destination'], `destination \`${route.destination}\` already has a route in this table (entry ${prev})`, 'a route table has one route per destination'));
      else dests.set(destKey, k);
      // AWS reports a route whose target was deleted or detached as `blackhole`: its target may be
      // gone from the scenario, and the route drops what it matches.
      // https://docs.aws.amazon.com/vpc/latest/userguide/route-table-options.html
      if (route.state === 'blackhole') return;
      if (checkRouteTarget([...p, 'target'], route.target, t.vpc, v6) === 'blackhole') return;
      if (typeof d !== 'string') checkRouteInsideVpc(p, route, d, t.vpc);
    });
    (t.propagatingGateways ?? []).forEach((g, k) => {
      const e = r.ref([...path, 'propagatingGateways', k], g, ['vpn-gateway']);
      if (e && e.vpc !== t.vpc) out.push(error('vpc-mismatch', [...path, 'propagatingGateways', k], `virtual private gateway \`${g}\` is not attached to \`${t.vpc}\``));
    });
  });
  // A route more specific than the local route must name a whole subnet of the VPC and target
  // a NAT gateway, a network interface or a Gateway Load Balancer endpoint; a route for a whole
  // VPC block replaces the local route's target with such a target (middlebox inspection).
  // https://docs.aws.amazon.com/vpc/latest/userguide/subnet-route-tables.html#route-table-rule-considerations
  // https://docs.aws.amazon.com/vpc/latest/userguide/replace-local-route-target.html
  function checkRouteInsideVpc(p: Path, route: { destination: string; target: string }, d: CidrBlock, vpc: string): void {
    if (route.target === 'local') return;
    const v = vpcs.get(vpc);
    if (!v) return;
    const blocks = [...v.blocks4, ...(v.block6 ? [v.block6] : [])].filter((b) => b.version === d.version);
    const vpcBlock = blocks.find((b) => cidrWithin(d, b));
    if (!vpcBlock) return;
    const kind = r.byId.get(route.target)?.kind;
    const middlebox = kind === 'nat-gateway' || kind === 'network-interface' || kind === 'instance' || kind === 'gateway-load-balancer-endpoint';
    if (vpcBlock.prefix === d.prefix) {
      if (!middlebox)
        out.push(
          error(
            'local-route-target',
            [...p, 'target'],
            `\`${route.destination}\` is the VPC's own block: this route replaces the local route's target, which must be a network interface, an instance, a NAT gateway or a Gateway Load Balancer endpoint, not \`${route.target}\``,
            'point it at the appliance that inspects traffic between subnets, or write `target: local`',
          ),
        );
      return;
    }
    if (!middlebox)
      out.push(
        error(
          'route-inside-vpc-target',
          [...p, 'target'],
          `a route inside the VPC's block \`${vpcBlock.text}\` must target a NAT gateway, a network interface or a Gateway Load Balancer endpoint, not \`${route.target}\``,
          'only middlebox routes (to an appliance or NAT gateway) may be more specific than the local route',
        ),
      );
    const whole = (subnetsByVpc.get(vpc) ?? []).some((sn) => {
      const b = d.version === 6 ? sn.block6 : sn.block;
      return b !== undefined && b.prefix === d.prefix && cidrWithin(d, b);
    });
    if (!whole)
      out.push(
        error(
          'route-inside-vpc-destination',
          [...p, 'destination'],
          `a route more specific than the local route must match a whole subnet block of \`${vpc}\`; \`${route.destination}\` is not one`,
          'use the CIDR block of the subnet the traffic goes to',
        ),
      );
  }
  /** Checks a route's target; `blackhole` when the route is one (detached gateway, deleted peering). */
  function checkRouteTarget(path: Path, target: string, vpc: string, v6: boolean | undefined): 'blackhole' | undefined {
    if (target === 'local' || target === 'blackhole') return undefined;
    const e = r.ref(path, target, ROUTE_TARGET_KINDS, 'route target');
    if (!e) return undefined;
    const notIn = (what: string): void => {
      out.push(error('route-target-vpc', path, `${what} \`${target}\` is not in \`${vpc}\``, 'a route targets a gateway, interface or connection of its own VPC'));
    };
    switch (e.kind) {
      case 'internet-gateway': {
        const at = igws.get(target)?.vpc;
        // A detached internet gateway leaves its routes in place as blackholes (AWS shows them so).
        // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
        if (at === undefined) {
          out.push(warning('route-blackhole', path, `internet gateway \`${target}\` is detached: this route is a blackhole, traffic it matches is dropped`, `attach \`${target}\` to \`${vpc}\` (its \`vpc\`), or delete the route`));
          return 'blackhole';
        }
        if (at !== vpc) out.push(error('route-target-vpc', path, `internet gateway \`${target}\` is attached to \`${at}\`, not to \`${vpc}\``, 'a route targets the internet gateway of its own VPC (write `state: blackhole` for a route AWS reports as one)'));
        return undefined;
      }
      case 'egress-only-internet-gateway':
        if (eigws.get(target)?.vpc !== vpc) out.push(error('route-target-vpc', path, `egress-only internet gateway \`${target}\` is not attached to \`${vpc}\``));
        if (v6 === false) out.push(error('egress-only-ipv4', path, `egress-only internet gateway \`${target}\` carries IPv6 only: this route's destination is IPv4`, 'route IPv4 to a NAT gateway or an internet gateway'));
        return undefined;
      case 'nat-gateway':
      case 'network-interface':
      case 'instance':
        if (e.vpc !== undefined && e.vpc !== vpc) notIn(e.kind === 'nat-gateway' ? 'NAT gateway' : e.kind === 'instance' ? 'instance' : 'network interface');
        return undefined;
      case 'vpc-peering-connection': {
        const p = peerings.get(target);
        if (p && p.requester !== vpc && p.accepter !== vpc) out.push(error('route-target-vpc', path, `peering connection \`${target}\` does not involve \`${vpc}\``));
        else if (p && p.status !== undefined && DEAD_PEERING.has(p.status)) {
          out.push(warning('route-blackhole', path, `peering connection \`${target}\` is \`${p.status}\`: this route is a blackhole, traffic it matches is dropped`, 'delete the route, or route to a live connection'));
          return 'blackhole';
        }
        return undefined;
      }
      case 'vpn-gateway':
        if (vgws.get(target)?.vpc !== vpc) out.push(error('route-target-vpc', path, `virtual private gateway \`${target}\` is not attached to \`${vpc}\``));
        return undefined;
      case 'vpc-endpoint': {
        const ep = endpoints.get(target);
        if (ep && ep.vpc !== vpc) notIn('VPC endpoint');
        else if (ep && ep.type !== 'gateway') out.push(error('wrong-kind', path, `\`${target}\` is an interface endpoint: only gateway and Gateway Load Balancer endpoints are route targets`));
        return undefined;
      }
      case 'gateway-load-balancer-endpoint': {
        const ep = endpoints.get(target);
        if (ep && ep.vpc !== vpc) notIn('Gateway Load Balancer endpoint');
        return undefined;
      }
      case 'transit-gateway':
        if (!tgwVpcs.get(target)?.has(vpc)) out.push(error('route-target-vpc', path, `transit gateway \`${target}\` has no attachment to \`${vpc}\``, 'attach the VPC to the transit gateway first'));
        return undefined;
      default:
        return undefined;
    }
  }

  // a public NAT gateway forwards through its own subnet's route table, which needs an IGW route
  (s.natGateways ?? []).forEach((g, i) => {
    if ((g.connectivity ?? 'public') !== 'public') return;
    const sn = subnets.get(g.subnet);
    if (!sn) return;
    const table = sn.subnet.routeTable ?? mainOf.get(sn.subnet.vpc);
    const routes = table === undefined ? [] : routeTableRoutes.get(table) ?? [];
    const toIgw = routes.some((rt) => {
      const d = block(rt.destination);
      return igws.has(rt.target) && d?.version === 4 && d.prefix === 0;
    });
    if (!toIgw)
      out.push(
        warning('nat-subnet-no-igw-route', ['natGateways', i, 'subnet'], `NAT gateway \`${g.id}\` is in subnet \`${g.subnet}\`, whose route table has no default route to an internet gateway`, 'put public NAT gateways in a public subnet (0.0.0.0/0 → igw)'),
      );
  });

  // ---- endpoints and prefix lists ----------------------------------------------------------
  (s.vpcEndpoints ?? []).forEach((e, i) => {
    const path: Path = ['vpcEndpoints', i];
    const vpcInfo = vpcRef([...path, 'vpc'], e.vpc);
    const svc = serviceShortName(e.service);
    if (e.type === 'gatewayLoadBalancer') {
      // https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-load-balancer-endpoints.html:
      // one subnet; no security groups, no policy, no private DNS; the service is a gateway load balancer
      const lb = r.ref([...path, 'service'], e.service, ['load-balancer'], 'gateway load balancer');
      if (lb && (lb.value as { type?: string }).type !== 'gateway')
        out.push(error('wrong-kind', [...path, 'service'], `\`${e.service}\` is ${article((lb.value as { type: string }).type)} load balancer, not a gateway load balancer`, 'a Gateway Load Balancer endpoint sends to a load balancer of `type: gateway`'));
      const subnetsOf = e.subnets ?? [];
      if (subnetsOf.length !== 1)
        out.push(error('gwlb-endpoint-subnets', [...path, 'subnets'], `a Gateway Load Balancer endpoint is in exactly one subnet; \`${e.id}\` lists ${subnetsOf.length}`, 'create one endpoint per availability zone, each in its own subnet'));
      subnetsOf.forEach((sid, k) => {
        const sn = subnetRef([...path, 'subnets', k], sid);
        if (sn && sn.subnet.vpc !== e.vpc) out.push(error('vpc-mismatch', [...path, 'subnets', k], `subnet \`${sid}\` belongs to \`${sn.subnet.vpc}\`, not to the endpoint's VPC \`${e.vpc}\``));
      });
      for (const f of ['routeTables', 'securityGroups', 'policy', 'privateDns'] as const)
        if (e[f] !== undefined) out.push(error('endpoint-field-mismatch', [...path, f], `a Gateway Load Balancer endpoint takes no \`${f}\``, f === 'routeTables' ? 'route to the endpoint from the route tables instead: `{ destination: 0.0.0.0/0, target: ' + e.id + ' }`' : undefined));
      return;
    }
    if (e.type === 'gateway') {
      // https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
      if (svc !== 's3' && svc !== 'dynamodb')
        out.push(error('gateway-endpoint-service', [...path, 'service'], `gateway endpoints exist for \`s3\` and \`dynamodb\` only, not \`${e.service}\``, 'use `type: interface` for other services'));
      if (e.subnets && e.subnets.length > 0) out.push(error('endpoint-field-mismatch', [...path, 'subnets'], 'a gateway endpoint takes `routeTables`, not `subnets`'));
      if (e.securityGroups && e.securityGroups.length > 0) out.push(error('endpoint-field-mismatch', [...path, 'securityGroups'], 'a gateway endpoint has no security groups'));
      if (e.addresses !== undefined) out.push(error('endpoint-field-mismatch', [...path, 'addresses'], 'a gateway endpoint has no interfaces, so no addresses', 'remove `addresses`, or use `type: interface`'));
      if (!e.routeTables || e.routeTables.length === 0)
        out.push(warning('gateway-endpoint-no-route-tables', [...path, 'routeTables'], `gateway endpoint \`${e.id}\` is in no route table: nothing reaches it`, 'list the route tables that should route to it'));
      (e.routeTables ?? []).forEach((t, k) => {
        const x = r.ref([...path, 'routeTables', k], t, ['route-table']);
        if (x && x.vpc !== e.vpc) out.push(error('vpc-mismatch', [...path, 'routeTables', k], `route table \`${t}\` belongs to \`${x.vpc}\`, not to the endpoint's VPC \`${e.vpc}\``));
      });
    } else {
      if (e.routeTables && e.routeTables.length > 0) out.push(error('endpoint-field-mismatch', [...path, 'routeTables'], 'an interface endpoint takes `subnets`, not `routeTables`'));
      // "To use private DNS, you must enable DNS hostnames and DNS resolution for your VPC"
      // https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
      if (e.privateDns === true && vpcInfo && (vpcInfo.vpc.enableDnsSupport === false || vpcInfo.vpc.enableDnsHostnames !== true)) {
        const missing = [vpcInfo.vpc.enableDnsSupport === false ? 'enableDnsSupport' : undefined, vpcInfo.vpc.enableDnsHostnames !== true ? 'enableDnsHostnames' : undefined].filter((x) => x !== undefined);
        out.push(
          warning(
            'private-dns-without-vpc-dns',
            [...path, 'privateDns'],
            `interface endpoint \`${e.id}\` has private DNS, but \`${e.vpc}\` does not have ${missing.map((m) => `\`${m}\``).join(' and ')} on: AWS refuses that combination`,
            `set ${missing.map((m) => `\`${m}: true\``).join(' and ')} on \`${e.vpc}\`, or \`privateDns: false\``,
          ),
        );
      }
      const azs = new Map<string, string>();
      (e.subnets ?? []).forEach((sid, k) => {
        const p = [...path, 'subnets', k];
        const sn = subnetRef(p, sid);
        if (!sn) return;
        if (sn.subnet.vpc !== e.vpc) out.push(error('vpc-mismatch', p, `subnet \`${sid}\` belongs to \`${sn.subnet.vpc}\`, not to the endpoint's VPC \`${e.vpc}\``));
        const prev = azs.get(sn.subnet.availabilityZone);
        // https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html: one subnet per AZ
        if (prev !== undefined) out.push(error('endpoint-subnet-az', p, `subnets \`${prev}\` and \`${sid}\` are both in \`${sn.subnet.availabilityZone}\``, 'an interface endpoint takes at most one subnet per availability zone'));
        else azs.set(sn.subnet.availabilityZone, sid);
      });
      checkSecurityGroups([...path, 'securityGroups'], e.securityGroups, e.vpc);
    }
  });

  // ---- transit gateways ----------------------------------------------------------------------
  (s.transitGateways ?? []).forEach((t, ti) => {
    const path: Path = ['transitGateways', ti];
    const own = new Set((t.attachments ?? []).map((a) => a.id));
    const attachedVpcs = new Map<string, string>();
    (t.attachments ?? []).forEach((a, k) => {
      const p = [...path, 'attachments', k];
      if (a.vpc !== undefined) {
        vpcRef([...p, 'vpc'], a.vpc);
        // "A transit gateway cannot have more than one VPC attachment to the same VPC."
        // https://docs.aws.amazon.com/vpc/latest/tgw/transit-gateway-quotas.html
        const first = attachedVpcs.get(a.vpc);
        if (first !== undefined) out.push(error('tgw-duplicate-vpc-attachment', [...p, 'vpc'], `\`${a.vpc}\` is already attached to \`${t.id}\` by \`${first}\``, 'a transit gateway has at most one attachment per VPC: list more subnets on that attachment'));
        else attachedVpcs.set(a.vpc, a.id);
        // A transit gateway is regional: it attaches VPCs of its own region; other regions are
        // reached through transit gateway peering.
        // https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html
        const vr = regionOf(a.vpc);
        const tr = t.region ?? defaultRegion;
        if (vr !== undefined && vr !== tr)
          out.push(error('tgw-attachment-region', [...p, 'vpc'], `\`${a.vpc}\` is in ${vr}, transit gateway \`${t.id}\` in ${tr}: a transit gateway attaches VPCs of its own region`, 'attach the VPC to a transit gateway in its region and peer the two transit gateways'));
        const azs = new Map<string, string>();
        (a.subnets ?? []).forEach((sid, j) => {
          const sn = subnetRef([...p, 'subnets', j], sid);
          if (!sn) return;
          if (sn.subnet.vpc !== a.vpc) out.push(error('vpc-mismatch', [...p, 'subnets', j], `subnet \`${sid}\` belongs to \`${sn.subnet.vpc}\`, not to \`${a.vpc}\``));
          const prev = azs.get(sn.subnet.availabilityZone);
          if (prev !== undefined) out.push(error('tgw-attachment-subnet-az', [...p, 'subnets', j], `subnets \`${prev}\` and \`${sid}\` are both in \`${sn.subnet.availabilityZone}\``, 'a VPC attachment takes one subnet per availability zone'));
          else azs.set(sn.subnet.availabilityZone, sid);
        });
      }
      if (a.vpnConnection !== undefined) r.ref([...p, 'vpnConnection'], a.vpnConnection, ['vpn-connection']);
      if (a.dxGateway !== undefined) {
        // AWS creates this attachment when the Direct Connect gateway is associated with the transit gateway.
        // https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html
        const dx = r.ref([...p, 'dxGateway'], a.dxGateway, ['direct-connect-gateway']);
        const assoc = ((dx?.value as { associations?: { transitGateway?: string }[] } | undefined)?.associations ?? []).some((x) => x.transitGateway === t.id);
        if (dx && !assoc)
          out.push(error('dx-attachment-without-association', [...p, 'dxGateway'], `Direct Connect gateway \`${a.dxGateway}\` has no association with \`${t.id}\``, `add \`{ transitGateway: ${t.id}, allowedPrefixes: [...] }\` to its \`associations\``));
        if (a.subnets !== undefined && a.subnets.length > 0) out.push(error('attachment-field-mismatch', [...p, 'subnets'], 'a Direct Connect gateway attachment has no subnets'));
      }
      if (a.peerTransitGateway !== undefined) {
        r.ref([...p, 'peerTransitGateway'], a.peerTransitGateway, ['transit-gateway']);
        if (a.peerTransitGateway === t.id) out.push(error('peering-self', [...p, 'peerTransitGateway'], `transit gateway \`${t.id}\` cannot peer with itself`));
      }
    });
    const associated = new Map<string, string>();
    const ownAttachment = (p: Path, id: string): void => {
      const e = r.ref(p, id, ['transit-gateway-attachment']);
      if (e && !own.has(id)) out.push(error('vpc-mismatch', p, `attachment \`${id}\` belongs to another transit gateway, not \`${t.id}\``));
    };
    (t.routeTables ?? []).forEach((rt, k) => {
      const p = [...path, 'routeTables', k];
      (rt.routes ?? []).forEach((route, j) => {
        if (route.attachment !== undefined) ownAttachment([...p, 'routes', j, 'attachment'], route.attachment);
      });
      (rt.associations ?? []).forEach((a, j) => {
        ownAttachment([...p, 'associations', j], a);
        const prev = associated.get(a);
        if (prev !== undefined) out.push(error('tgw-multiple-associations', [...p, 'associations', j], `attachment \`${a}\` is already associated with \`${prev}\``, 'an attachment is associated with exactly one transit gateway route table'));
        else associated.set(a, rt.id);
      });
      (rt.propagations ?? []).forEach((a, j) => ownAttachment([...p, 'propagations', j], a));
    });
  });

  // ---- VPN and external networks -----------------------------------------------------------
  // the device's outside address: public, or private for a private IP VPN, but never one no host has
  // https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateCustomerGateway.html
  (s.customerGateways ?? []).forEach((g, i) => {
    const why = unusableAddress(g.ip);
    if (why !== undefined) out.push(error('address-not-usable', ['customerGateways', i, 'ip'], `\`${g.ip}\` is ${why}`, 'write the static address of the device\'s outside interface'));
  });
  (s.vpnConnections ?? []).forEach((c, i) => {
    const path: Path = ['vpnConnections', i];
    (c.tunnels ?? []).forEach((t, k) => {
      const why = t.outsideIp === undefined ? undefined : unusableAddress(t.outsideIp);
      if (why !== undefined) out.push(error('address-not-usable', [...path, 'tunnels', k, 'outsideIp'], `\`${t.outsideIp}\` is ${why}`, 'a tunnel\'s outside address is the AWS endpoint address of the tunnel'));
    });
    r.ref([...path, 'customerGateway'], c.customerGateway, ['customer-gateway']);
    if (c.vpnGateway !== undefined) r.ref([...path, 'vpnGateway'], c.vpnGateway, ['vpn-gateway']);
    if (c.transitGateway !== undefined) r.ref([...path, 'transitGateway'], c.transitGateway, ['transit-gateway']);
    if (c.routing === 'static' && (c.staticRoutes ?? []).length === 0)
      out.push(warning('vpn-static-no-routes', [...path, 'staticRoutes'], `static VPN \`${c.id}\` has no static routes: nothing is routed to it`));
    if (c.transport !== undefined) {
      // VPN over Direct Connect: the tunnels' outside addresses are AWS public addresses, reached
      // through a public virtual interface (a transit one carries Private IP VPN to a transit gateway).
      // https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-vpn.html
      // https://docs.aws.amazon.com/vpn/latest/s2svpn/private-ip-dx.html
      const vif = r.ref([...path, 'transport'], c.transport, ['virtual-interface']);
      const type = (vif?.value as { type?: string } | undefined)?.type;
      if (vif && type === 'private')
        out.push(error('vpn-transport', [...path, 'transport'], `\`${c.transport}\` is a private virtual interface: a VPN runs over a public one (or a transit one, to a transit gateway)`, 'name a public virtual interface'));
      else if (vif && type === 'transit' && c.transitGateway === undefined)
        out.push(error('vpn-transport', [...path, 'transport'], `\`${c.transport}\` is a transit virtual interface: a VPN over it (Private IP VPN) ends at a transit gateway`, 'name a public virtual interface, or end the VPN at a transit gateway'));
    }
  });
  (s.externalNetworks ?? []).forEach((n, i) => {
    // behind a customer gateway (every VPN connection of it), one VPN connection (vpcsim
    // extension) or a Direct Connect virtual interface; a list: primary first, then backups
    if (n.via === undefined) return;
    const list = typeof n.via === 'string' ? [n.via] : n.via;
    const seen = new Set<string>();
    list.forEach((v, k) => {
      const p: Path = typeof n.via === 'string' ? ['externalNetworks', i, 'via'] : ['externalNetworks', i, 'via', k];
      if (seen.has(v)) out.push(warning('duplicate-via', p, `\`${v}\` is listed twice`));
      seen.add(v);
      r.ref(p, v, ['customer-gateway', 'vpn-connection', 'virtual-interface'], 'customer gateway, VPN connection or virtual interface');
    });
  });

  validateDirectConnect(s, r, { vpcs });
}

/** A sort-based sweep over blocks of one family: reports each block that overlaps an earlier one. */
function sweep<T>(items: { b: CidrBlock; x: T }[], report: (earlier: { b: CidrBlock; x: T }, later: { b: CidrBlock; x: T }) => void): void {
  if (items.length < 2) return;
  const big = (v: number | bigint): bigint => (typeof v === 'bigint' ? v : BigInt(v));
  const keyed = items.map((it, at) => ({ it, at, lo: big(it.b.base), hi: big(cidrLast(it.b)) }));
  keyed.sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : a.hi < b.hi ? 1 : a.hi > b.hi ? -1 : 0));
  let reach = keyed[0]!;
  for (let k = 1; k < keyed.length; k++) {
    const cur = keyed[k]!;
    // report on the one declared later, so the message points at the newcomer
    if (cur.lo <= reach.hi) {
      if (reach.at <= cur.at) report(reach.it, cur.it);
      else report(cur.it, reach.it);
    }
    if (cur.hi > reach.hi) reach = cur;
  }
}

/** Normalizes a protocol to a name or number: tcp, udp, icmp, icmpv6, all, or a number. */
export function protocolName(p: string | number): string {
  const n = typeof p === 'number' ? p : /^-?\d+$/.test(p) ? Number(p) : undefined;
  if (n === undefined) return p === '-1' ? 'all' : String(p);
  return n === -1 ? 'all' : n === 6 ? 'tcp' : n === 17 ? 'udp' : n === 1 ? 'icmp' : n === 58 ? 'icmpv6' : String(n);
}

function checkProtocolFields(path: Path, rule: NetworkAclRule | SecurityGroupRule, out: import('../diagnostic.js').Diagnostic[]): void {
  const proto = protocolName(rule.protocol);
  if (/^\d+$/.test(proto) && Number(proto) > 255) out.push(error('invalid-protocol', [...path, 'protocol'], `protocol ${proto} is not an IP protocol number (0 to 255)`));
  const portsApply = proto === 'tcp' || proto === 'udp';
  if (rule.ports !== undefined) {
    if (typeof rule.ports === 'string' && rule.ports !== 'all') {
      const [from, to = from] = rule.ports.split('-').map(Number) as [number, number?];
      if (from > 65535 || to > 65535) out.push(error('port-out-of-range', [...path, 'ports'], `ports \`${rule.ports}\`: a port is 0 to 65535`));
      else if (from > to) out.push(error('port-range-order', [...path, 'ports'], `port range \`${rule.ports}\` runs backwards`, `write it \`${to}-${from}\``));
    }
    // AWS ignores port ranges for protocols other than TCP and UDP (all ports are matched).
    if (!portsApply && rule.ports !== 'all')
      out.push(warning('ports-ignored', [...path, 'ports'], `ports apply to tcp and udp only: they are ignored for protocol \`${String(rule.protocol)}\``, 'remove `ports`, or set `protocol: tcp` or `udp`'));
  }
  const icmp = proto === 'icmp' || proto === 'icmpv6';
  if (!icmp && (rule.icmpType !== undefined || rule.icmpCode !== undefined))
    out.push(error('icmp-without-icmp', [...path, rule.icmpType !== undefined ? 'icmpType' : 'icmpCode'], `\`icmpType\`/\`icmpCode\` apply to icmp and icmpv6 only, not to protocol \`${String(rule.protocol)}\``, 'set `protocol: icmp`'));
}
