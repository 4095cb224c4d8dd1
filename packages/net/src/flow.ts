// Flow endpoints: what `from` and `to` name (an instance or interface, an IP, the internet, an
// external network, a NAT gateway or endpoint as a destination, a service) resolved to an
// interface, an address, a network or a service, with the address the packet carries.
import { didYouMean, formatIp, parseIp, prefixListIn, resolveName } from '@vpcsim/model';
import { inAnyBlock, inBlock, type Addr, type CompiledNetwork, type ExternalC, type IfaceC } from './compile-network.js';
import { NAT64_PREFIX } from './domain/packet.js';
import { nodeFor, type LbC } from './concepts/load-balancer.js';
import type { Disposition } from './trace-types.js';
import { NotModelled } from './walk/types.js';

/** The internet address used for a bare `internet` endpoint (TEST-NET-3, a documentation range). */
export const DEFAULT_INTERNET_IP = '203.0.113.10';
/** The IPv6 host `internet` stands for toward an IPv6 destination (RFC 3849's documentation range). */
export const DEFAULT_INTERNET_IP6 = '2001:db8::10';
/** The address used for a `service:` destination with no bundled range (in AWS's public space). */
export const DEFAULT_SERVICE_IP = '52.94.133.10';

/** A resolved flow endpoint. */
export type Endpoint =
  | { readonly kind: 'iface'; readonly iface: IfaceC; readonly v: 4 | 6; readonly addr: Addr }
  | { readonly kind: 'internet'; readonly v: 4 | 6; readonly addr: Addr }
  | { readonly kind: 'external'; readonly network: ExternalC; readonly v: 4 | 6; readonly addr: Addr }
  | { readonly kind: 'refused'; readonly disposition: Extract<Disposition, 'not-transitive' | 'no-public-ip'>; readonly component: string; readonly kindOf: string; readonly why: string; readonly setting: string; readonly fix: string; readonly v: 4 | 6; readonly addr: Addr }
  /** A load balancer, reached at one of its nodes (the address the packet carries). */
  | { readonly kind: 'lb'; readonly lb: LbC; readonly node: IfaceC; readonly v: 4 | 6; readonly addr: Addr }
  | { readonly kind: 'service'; readonly service: string; readonly region: string; readonly v: 4 | 6; readonly addr: Addr; readonly viaInterfaceEndpoint?: string | undefined; readonly iface?: IfaceC | undefined; readonly viaGatewayEndpoint?: string | undefined; readonly dns?: { readonly vpc: string; readonly endpoint: string; readonly why: string } | undefined };

export const ip = (text: string) => parseIp(text);

/**
 * Where `service:X` goes from an interface: an interface endpoint of its VPC with private DNS
 * (the regional name resolves to the endpoint's interfaces; the one in the source's AZ is
 * used), else the service's public address (in its prefix list for S3/DynamoDB: the scenario's
 * own `prefixLists[]` entry when it declares one, else the AWS-managed snapshot), which the
 * route table sends to a gateway endpoint or toward the internet.
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
 * Private DNS names resolve to the endpoint only when the VPC has both enableDnsSupport and
 * enableDnsHostnames on; otherwise the name resolves to the public service address.
 * https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html
 */
function resolveService(net: CompiledNetwork, service: string, src: Endpoint): Endpoint {
  // from outside a VPC (on premises, the internet), the name resolves to the service's public
  // address: AWS's public DNS, in the scenario's region
  if (src.kind !== 'iface') return publicService(net, service, net.model.defaults.region);
  const from = src.iface;
  const vm = from.vpc.m;
  const dnsOn = vm.enableDnsSupport && vm.enableDnsHostnames;
  let dns: { vpc: string; endpoint: string; why: string } | undefined;
  for (const e of net.model.network.vpcEndpoints) {
    if (e.type !== 'interface' || e.vpc !== from.vpc.id || e.service !== service || !e.privateDns) continue;
    let pick: IfaceC | undefined;
    for (const id of e.interfaces) {
      const i = net.ifaces.get(id);
      if (!i) continue;
      if (pick === undefined) pick = i;
      if (i.subnet.az === from.subnet.az) { pick = i; break; }
    }
    if (!pick) continue;
    if (!dnsOn) {
      const off = [vm.enableDnsSupport ? undefined : 'enableDnsSupport', vm.enableDnsHostnames ? undefined : 'enableDnsHostnames'].filter((x) => x !== undefined).join(' and ');
      dns ??= { vpc: from.vpc.id, endpoint: e.id, why: `\`${from.vpc.id}\` has ${off} off: the private DNS name of interface endpoint \`${e.id}\` does not resolve in the VPC (it needs enableDnsSupport and enableDnsHostnames), so \`service:${service}\` resolves to the service's public address` };
      continue;
    }
    return { kind: 'service', service, region: from.m.region, v: 4, addr: pick.priv4, viaInterfaceEndpoint: e.id, iface: pick };
  }
  return publicService(net, service, from.m.region, dns);
}

/** The service's public address in `region`: the first of its prefix list (S3, DynamoDB), else a stand-in of AWS's public space. */
function publicService(net: CompiledNetwork, service: string, region: string, dns?: { vpc: string; endpoint: string; why: string }): Endpoint {
  const pl = prefixListIn(net.model.index, `pl-${service}`, region);
  const block = pl && !(pl.awsManaged && pl.region !== region) ? pl.blocks[0] : undefined;
  if (block && block.version === 4) return { kind: 'service', service, region, v: 4, addr: (block.base as number) + 1, dns };
  return { kind: 'service', service, region, v: 4, addr: ip(DEFAULT_SERVICE_IP)!.value, dns };
}

/**
 * A destination written as a DNS name. An interface endpoint's own names,
 * `<endpoint id>[-suffix].<service>.<region>.vpce.amazonaws.com` (regional) and
 * `<endpoint id>[-suffix]-<zone>.<service>.<region>.vpce.amazonaws.com` (zonal), are public DNS
 * records of the endpoint's private addresses: they resolve from anywhere (peered VPCs, VPCs on a
 * transit gateway, on premises), to the interface in the source's zone (a zonal name: that zone's).
 * A service's own name, `<service>.<region>.amazonaws.com`, is what private DNS makes resolve to
 * an interface endpoint, inside the endpoint's VPC only; elsewhere it is the service's public
 * address (as `service:<service>`).
 * https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html (DNS hostnames)
 * https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
 */
function dnsName(net: CompiledNetwork, name: string, other: Endpoint): Endpoint | string {
  const labels = name.split('.');
  if (labels.length >= 6 && labels.slice(-3).join('.') === 'vpce.amazonaws.com') {
    const first = labels[0]!;
    const service = labels.slice(1, -4).join('.');
    const region = labels.at(-4)!;
    // the endpoint whose id starts the first label (its AWS name adds a suffix, a zonal one the zone)
    const e = [...net.model.network.vpcEndpoints]
      .sort((a, b) => b.id.length - a.id.length)
      .find((x) => x.type === 'interface' && (first === x.id.toLowerCase() || first.startsWith(`${x.id.toLowerCase()}-`)));
    if (!e) {
      const guess = didYouMean(first, net.model.network.vpcEndpoints.filter((x) => x.type === 'interface').map((x) => x.id));
      return `\`${name}\` names no interface endpoint of the scenario${guess !== undefined ? ` (did you mean \`${guess}\`?)` : ''}`;
    }
    if (serviceName(e.service) !== service || e.region !== region) return `\`${name}\`: \`${e.id}\` is an endpoint of \`${serviceName(e.service)}\` in ${e.region}, so its names end in \`.${serviceName(e.service)}.${e.region}.vpce.amazonaws.com\``;
    const ifaces = e.interfaces.map((id) => net.ifaces.get(id)).filter((i): i is IfaceC => i !== undefined);
    const zone = ifaces.find((i) => first.endsWith(`-${i.subnet.az.toLowerCase()}`))?.subnet.az;
    const az = zone ?? (other.kind === 'iface' ? other.iface.subnet.az : undefined);
    const pick = ifaces.find((i) => i.subnet.az === az) ?? ifaces[0];
    if (!pick) return `interface endpoint \`${e.id}\` has no interface`;
    return { kind: 'service', service: e.service, region: e.region, v: 4, addr: pick.priv4, viaInterfaceEndpoint: e.id, iface: pick };
  }
  if (labels.length >= 4) {
    const region = labels.at(-3)!;
    const service = labels.slice(0, -3).join('.');
    // inside the source's region the name may resolve to an endpoint of its VPC (private DNS)
    if (other.kind === 'iface' && other.iface.m.region === region) return resolveService(net, service, other);
    return publicService(net, service, region);
  }
  return `\`${name}\` is not a name vpcsim resolves: use \`<service>.<region>.amazonaws.com\` or an interface endpoint's name \`<endpoint id>.<service>.<region>.vpce.amazonaws.com\``;
}

/** A service as endpoints name it: `sqs` for `com.amazonaws.us-east-1.sqs`. */
const serviceName = (service: string): string => (service.startsWith('com.amazonaws.') ? service.split('.').slice(3).join('.') : service);

/** The protocol and port of the flow, which pick the node of a load balancer named by id. */
export interface FlowKey {
  readonly proto: number;
  readonly port: number;
}

/**
 * A load balancer as a destination, reached at node `at` (when the flow names a node or its
 * address) or at the node its DNS name gives the source: in the source's zone, else the first.
 * From the internet only an internet-facing load balancer's public addresses are reachable.
 */
function loadBalancerEndpoint(net: CompiledNetwork, lb: LbC, other: Endpoint | undefined, key: FlowKey | undefined, at?: IfaceC): Endpoint | string {
  if (lb.m.type === 'gateway') return `\`${lb.id}\` is a gateway load balancer: it is reached through its endpoints (a route to a Gateway Load Balancer endpoint), not as a destination`;
  const fromInternet = other?.kind === 'internet';
  const node = at ?? nodeFor(net, lb, other?.kind === 'iface' ? other.iface.subnet.az : undefined, key?.proto ?? 6, key?.port ?? 0, fromInternet);
  if (!node) return `load balancer \`${lb.id}\` has no node`;
  if (fromInternet) {
    if (other.v === 6) return node.addrs6.length > 0 ? { kind: 'lb', lb, node, v: 6, addr: node.addrs6[0]! } : { kind: 'refused', disposition: 'no-public-ip', component: lb.id, kindOf: 'load-balancer', why: `\`${lb.id}\` has no IPv6 address (\`ipAddressType: ipv4\`)`, setting: 'ipAddressType', fix: `make \`${lb.id}\` dualstack`, v: 6, addr: 0n };
    if (node.pub4 === undefined)
      return { kind: 'refused', disposition: 'no-public-ip', component: lb.id, kindOf: 'load-balancer', why: `\`${lb.id}\` is ${lb.m.scheme === 'internal' ? 'internal: its nodes have only private addresses, so nothing on the internet can address it' : `internet-facing, but node \`${node.id}\` has no public address`}`, setting: 'scheme', fix: `use \`scheme: internet-facing\` for \`${lb.id}\`, or reach it from inside the VPC (or over a VPN or peering)`, v: 4, addr: 0 };
    return { kind: 'lb', lb, node, v: 4, addr: node.pub4 };
  }
  if (other?.kind === 'iface' && other.v === 6 && node.addrs6.length > 0) return { kind: 'lb', lb, node, v: 6, addr: node.addrs6[0]! };
  return { kind: 'lb', lb, node, v: 4, addr: node.priv4 };
}

const THROUGH = 'name what lies beyond it (an instance, an IP, `internet:8.8.8.8`, `external:ID`): the trace crosses it on the way';
const HOLDER = 'name an instance or interface in it, or an address';
/** Components that are never a flow's end, and what to name instead. */
const NOT_AN_ENDPOINT: Partial<Record<string, string>> = {
  'internet-gateway': THROUGH,
  'egress-only-internet-gateway': THROUGH,
  'vpc-peering-connection': THROUGH,
  'transit-gateway': THROUGH,
  'transit-gateway-attachment': THROUGH,
  'transit-gateway-route-table': THROUGH,
  'vpn-gateway': THROUGH,
  'customer-gateway': 'name the network behind it (`external:ID`)',
  'vpn-connection': 'name the network behind it (`external:ID`)',
  'direct-connect-connection': 'name the network behind it (`external:ID`)',
  'direct-connect-gateway': THROUGH,
  'virtual-interface': 'name the network behind it (`external:ID`)',
  'route-table': THROUGH,
  'network-acl': THROUGH,
  'security-group': 'name an instance or interface it guards',
  'prefix-list': 'name an address of the list',
  vpc: HOLDER,
  subnet: HOLDER,
};

/** Resolves `from` or `to` (for `to`, `other` is the resolved source); a string is the reason it cannot be resolved. */
export function resolveEndpoint(net: CompiledNetwork, text: string, role: 'from' | 'to', other?: Endpoint, key?: FlowKey): Endpoint | string {
  const model = net.model;
  if (text.startsWith('name:')) {
    // any resource by its name (`name` or the `Name` tag), when exactly one has it
    const r = resolveName(model, text.slice('name:'.length));
    if (!r.ok) {
      if (r.reason.includes('resources are named')) return `${r.reason}: name one of them by its id`;
      // the names of the near candidates (`name:ops`, the resource `i-ops`)
      const near: string[] = [];
      for (const [name, rs] of model.index.byName) if (rs.some((x) => r.candidates.some((c) => c.id === x.id)) && !near.includes(name)) near.push(name);
      return `${r.reason}${near.length > 0 ? ` (did you mean ${near.slice(0, 3).map((x) => `\`name:${x}\``).join(', ')}?)` : ''}`;
    }
    return resolveEndpoint(net, r.resource.id, role, other, key);
  }
  if (text.startsWith('lb:') || net.lbs.has(text)) {
    const id = text.startsWith('lb:') ? text.slice(3) : text;
    const lb = net.lbs.get(id);
    if (!lb) {
      const guess = didYouMean(id, [...net.lbs.keys()]);
      return `unknown load balancer \`${id}\`${guess !== undefined ? ` (did you mean \`${guess}\`?)` : ''}`;
    }
    if (role === 'from') throw new NotModelled(`a load balancer (\`${id}\`) as the source`);
    return loadBalancerEndpoint(net, lb, other, key);
  }
  if (text === 'internet' || text.startsWith('internet:')) {
    const a = ip(text === 'internet' ? DEFAULT_INTERNET_IP : text.slice('internet:'.length));
    return a ? { kind: 'internet', v: a.version, addr: a.value } : `\`${text}\`: not an internet address (write \`internet:8.8.8.8\`)`;
  }
  if (text.startsWith('service:')) {
    if (role === 'to' && other) return resolveService(net, text.slice('service:'.length), other);
    throw new NotModelled('a `service:` endpoint as the source');
  }
  if (text.startsWith('external:')) {
    const rest = text.slice('external:'.length);
    const colon = rest.indexOf(':');
    const id = colon < 0 ? rest : rest.slice(0, colon);
    const n = net.externalById.get(id);
    if (!n) return `unknown external network \`${id}\``;
    if (colon < 0) {
      // the network's first address stands for it
      const b = n.blocks[0]!;
      const first = b.v === 4 ? ((b.base as number) + (b.prefix < 32 ? 1 : 0)) : (b.base as bigint) + 1n;
      return { kind: 'external', network: n, v: b.v, addr: first };
    }
    const a = ip(rest.slice(colon + 1));
    if (!a || !inAnyBlock(n.blocks, a.version, a.value)) return `\`${rest.slice(colon + 1)}\` is not an address of external network \`${id}\``;
    return { kind: 'external', network: n, v: a.version, addr: a.value };
  }
  if (role === 'to' && other && /\.amazonaws\.com\.?$/i.test(text)) return dnsName(net, text.replace(/\.$/, '').toLowerCase(), other);
  const vpce = role === 'to' && other ? model.index.vpcEndpoint.get(text) : undefined;
  if (vpce && other) {
    // A VPC endpoint as the destination: its service, through that endpoint.
    if (vpce.type === 'interface') {
      // an interface endpoint is reached at its interfaces' addresses from wherever routes lead
      // there (peered VPCs, VPCs on a transit gateway, on premises): the one in the source's AZ
      // https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
      const az = other.kind === 'iface' ? other.iface.subnet.az : undefined;
      let pick: IfaceC | undefined;
      for (const id of vpce.interfaces) {
        const i = net.ifaces.get(id);
        if (!i) continue;
        if (pick === undefined) pick = i;
        if (az !== undefined && i.subnet.az === az) { pick = i; break; }
      }
      if (!pick) return `interface endpoint \`${vpce.id}\` has no interface`;
      return { kind: 'service', service: vpce.service, region: vpce.region, v: 4, addr: pick.priv4, viaInterfaceEndpoint: vpce.id, iface: pick };
    }
    // "Endpoint connections cannot be extended out of a VPC": a gateway endpoint serves only
    // traffic from inside its own VPC (not over peering, a transit gateway or a VPN)
    // https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
    if (other.kind !== 'iface' || vpce.vpc !== other.iface.vpc.id) {
      const where = other.kind === 'iface' ? `\`${other.iface.vpc.id}\`` : other.kind === 'external' ? `external network \`${other.network.id}\`` : 'the internet';
      return { kind: 'refused', disposition: 'not-transitive', component: vpce.id, kindOf: 'vpc-endpoint', why: `\`${vpce.id}\` is a gateway endpoint of \`${vpce.vpc}\`: it serves only traffic from inside that VPC, not from ${where}`, setting: 'transitive routing', fix: `create a gateway endpoint in the source's VPC, or use an interface endpoint for ${vpce.service}`, v: 4, addr: 0 };
    }
    const svc = resolveService(net, vpce.service, other);
    return svc.kind === 'service' ? { ...svc, viaInterfaceEndpoint: undefined, iface: undefined, viaGatewayEndpoint: vpce.id } : svc;
  }
  let iface: IfaceC | undefined;
  const inst = model.index.instance.get(text);
  if (inst) {
    iface = net.ifaces.get(inst.interfaces[0]!);
    // from the internet, an instance is reached at the public address of any of its interfaces
    // (eth0's first); `eni-...` names a particular one
    if (role === 'to' && other?.kind === 'internet' && other.v === 4 && iface?.pub4 === undefined) {
      const pub = inst.interfaces.map((id) => net.ifaces.get(id)).find((i) => i?.pub4 !== undefined);
      if (pub) iface = pub;
    }
  }
  else if (role === 'to' && net.natIface.has(text)) iface = net.natIface.get(text);
  // an instance's primary interface by its AWS id (`eni-…`, as flow logs show it), else an interface
  else iface = net.ifaces.get(model.index.interfaceByAwsId.get(text)?.id ?? text);
  if (iface?.lb !== undefined) {
    if (role === 'from') throw new NotModelled(`a load balancer node (\`${iface.id}\`) as the source`);
    return loadBalancerEndpoint(net, iface.lb, other, key, iface);
  }
  if (!iface) {
    const known = model.index.byId.get(text);
    // a gateway, a connection or a rule set carries or filters flows, it does not end them; a VPC
    // or subnet holds endpoints: an invalid flow that says what to name instead (never "not modelled")
    const instead = known === undefined ? undefined : NOT_AN_ENDPOINT[known.kind];
    if (instead !== undefined) return `\`${text}\` is ${/^[aeiou]/.test(known!.kind) ? 'an' : 'a'} ${known!.kind.replace(/-/g, ' ')}, not the ${role === 'from' ? 'source' : 'destination'} of a flow: ${instead}`;
    if (known) throw new NotModelled(`a ${known.kind} (\`${text}\`) as the ${role === 'from' ? 'source' : 'destination'}`);
  }
  if (iface) {
    if (iface.ownerKind !== 'instance' && iface.ownerKind !== 'interface' && !(role === 'to' && (iface.ownerKind === 'nat-gateway' || iface.ownerKind === 'vpc-endpoint'))) {
      throw new NotModelled(`an interface owned by a ${iface.ownerKind} (\`${iface.id}\`) as the ${role === 'from' ? 'source' : 'destination'}`);
    }
    // From the internet, an interface is addressed by its public IPv4 (or its IPv6 address).
    if (role === 'to' && other?.kind === 'internet') {
      if (other.v === 6) return iface.addrs6.length > 0 ? { kind: 'iface', iface, v: 6, addr: iface.addrs6[0]! } : 'no-public-ip';
      return iface.pub4 !== undefined ? { kind: 'iface', iface, v: 4, addr: iface.pub4 } : 'no-public-ip';
    }
    if (role === 'to' && other?.kind === 'iface' && other.v === 6 && iface.addrs6.length > 0) return { kind: 'iface', iface, v: 6, addr: iface.addrs6[0]! };
    return { kind: 'iface', iface, v: 4, addr: iface.priv4 };
  }
  const a = ip(text);
  if (!a) return `unknown endpoint \`${text}\``;
  // an address DNS64 synthesized (64:ff9b::/96 and an IPv4 address) stands for that IPv4
  // address's owner, reached through NAT64 (concepts/nat-gateway.ts)
  if (role === 'to' && a.version === 6 && inBlock(NAT64_PREFIX, 6, a.value) && !net.anyOwner6.has(a.value as bigint)) {
    const four = resolveEndpoint(net, formatIp(Number((a.value as bigint) & 0xffffffffn)), role, other, key);
    if (typeof four !== 'string' && (four.kind === 'iface' || four.kind === 'external' || four.kind === 'lb')) return { ...four, v: 6, addr: a.value };
    return { kind: 'internet', v: 6, addr: a.value };
  }
  const owner = (a.version === 4 ? net.anyOwner4.get(a.value as number) : net.anyOwner6.get(a.value as bigint)) ?? (a.version === 4 ? net.public4.get(a.value as number) : undefined);
  if (owner?.lb !== undefined) {
    if (role === 'from') throw new NotModelled(`an address of load balancer node \`${owner.id}\` as the source`);
    return { kind: 'lb', lb: owner.lb, node: owner, v: a.version, addr: a.value };
  }
  if (owner && owner.ownerKind !== 'instance' && owner.ownerKind !== 'interface' && !(role === 'to' && (owner.ownerKind === 'nat-gateway' || owner.ownerKind === 'vpc-endpoint'))) {
    throw new NotModelled(`an address of a ${owner.ownerKind} interface (\`${owner.id}\`) as the source`);
  }
  if (owner) return { kind: 'iface', iface: owner, v: a.version, addr: a.value };
  // an address inside a declared external network is that network's (`external:ID:IP`)
  for (const n of net.externals) if (inAnyBlock(n.blocks, a.version, a.value)) return { kind: 'external', network: n, v: a.version, addr: a.value };
  return { kind: 'internet', v: a.version, addr: a.value };
}
