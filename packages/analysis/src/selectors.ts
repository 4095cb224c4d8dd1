// Selectors of properties (`i-db-*`, `subnet:ID`, `vpc:ID`, `cidr:...`, `internet`,
// `external:ID`, ids, IPs) expanded against the model into trace endpoints, and the address
// and port equivalence classes that make exhaustive checks possible.
import { cidrContains, cidrLast, error, formatIpv4, parseCidr, parseIpv4, type CidrBlock, type Diagnostic, type Model, pushAll } from '@vpcsim/model';

/** A concrete trace endpoint a selector stands for. */
export interface Endpoint {
  /** What to pass as `from`/`to` of a flow: an id, `internet:IP`, `external:ID:IP`, an IP. */
  readonly endpoint: string;
  /** The concrete address, for endpoints drawn from an address range. */
  readonly address?: string | undefined;
  /** The selector it came from. */
  readonly selector: string;
  /** The instance (or standalone interface, NAT gateway, endpoint) it belongs to: a case with the same host on both sides is skipped. */
  readonly host?: string | undefined;
}

/** How to expand a selector for a property. */
export interface ExpandOptions {
  /** Further address class boundaries (a property's `except` addresses), so that only the named addresses form their own classes. */
  readonly boundaries?: readonly number[] | undefined;
  /**
   * The side the endpoints are for: NAT gateway and interface endpoint addresses are
   * destinations only (the tracer does not send from them). Default: either side.
   */
  readonly side?: 'from' | 'to' | undefined;
  /** Whether an instance also stands for its secondary private IPs and its other interfaces (default true). */
  readonly aliases?: boolean | undefined;
}

/** A selector expanded: its endpoints in declaration order (lowest address first for ranges). */
export interface Expansion {
  readonly endpoints: readonly Endpoint[];
  /** Endpoints that stand for ranges also give the last address of each class (sampling bias). */
  readonly extra: readonly Endpoint[];
  /** Whether the selector covers an address range (class representatives, not every address). */
  readonly range: boolean;
  readonly errors: readonly Diagnostic[];
}

/** Converts a glob (`*`, `?`) to an anchored regular expression. */
export function globToRegExp(glob: string, flags = ''): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, flags);
}

const isGlob = (s: string): boolean => s.includes('*') || s.includes('?');

/** Every IPv4 CIDR text in the scenario (rules, routes, VPCs, subnets, prefix lists, networks). */
function cidrTexts(model: Model): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      if (/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(v)) out.push(v);
      else if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v)) out.push(`${v}/32`);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk(model.scenario);
  pushAll(out, NOT_INTERNET);
  for (const pl of model.network.prefixLists) for (const c of pl.cidrs) walk(c);
  return out;
}

// INVARIANT: the engines compare addresses only against CIDRs and addresses written in the
// scenario (and the prefix lists), so their answer is constant between these boundaries.
const boundaryCache = new WeakMap<Model, number[]>();

/**
 * The IPv4 class boundaries of the model: the first address of every CIDR it names and the
 * address just after its last. Between two boundaries every address is matched by the same
 * rules and routes, so the engines answer the same for all of them.
 */
export function addressBoundaries(model: Model): number[] {
  const hit = boundaryCache.get(model);
  if (hit) return hit;
  const set = new Set<number>([0]);
  // every interface address (primary and secondary, NAT gateway and endpoint interfaces
  // included) is its own class: the tracer resolves each to its owner
  for (const iface of model.network.networkInterfaces) {
    addHost(set, iface.publicIp);
    addHost(set, iface.privateIp);
    for (const ip of iface.secondaryPrivateIps) addHost(set, ip);
  }
  for (const g of model.network.natGateways) {
    addHost(set, g.publicIp);
    addHost(set, g.privateIp);
  }
  for (const lb of model.network.loadBalancers)
    for (const n of lb.nodes) {
      addHost(set, n.publicIp);
      addHost(set, n.privateIp);
    }
  for (const text of cidrTexts(model)) {
    const b = parseCidr(text);
    if (typeof b === 'string' || b.version !== 4) continue;
    set.add(b.base as number);
    const last = cidrLast(b) as number;
    if (last < 0xffffffff) set.add(last + 1);
  }
  const sorted = [...set].sort((a, b) => a - b);
  boundaryCache.set(model, sorted);
  return sorted;
}

function addHost(set: Set<number>, text: string | undefined): void {
  const v = text === undefined ? undefined : parseIpv4(text);
  if (v === undefined) return;
  set.add(v);
  if (v < 0xffffffff) set.add(v + 1);
}

/** Class representatives inside [lo, hi]: the first and last address of each class (`extra`: further boundaries). */
function addressClasses(model: Model, lo: number, hi: number, extra: readonly number[] = []): { first: number; last: number }[] {
  const all = extra.length === 0 ? addressBoundaries(model) : [...new Set([...addressBoundaries(model), ...extra])].sort((a, b) => a - b);
  const bounds = all.filter((b) => b > lo && b <= hi);
  const starts = [lo, ...bounds];
  return starts.map((s, i) => ({ first: s, last: i + 1 < starts.length ? starts[i + 1]! - 1 : hi }));
}

/**
 * IPv4 space the internet does not route: RFC 1918 private, RFC 6598 shared, and the special
 * blocks that are not forwarded ("this network", loopback, link-local, multicast, reserved and
 * broadcast), as the engines read them (packages/net/src/compile-network.ts). Such an address
 * owned by no declared network sends and receives nothing, so selectors skip it.
 * https://www.rfc-editor.org/rfc/rfc1918 https://www.rfc-editor.org/rfc/rfc6598 https://www.rfc-editor.org/rfc/rfc6890
 */
const NOT_INTERNET = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '0.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '240.0.0.0/4'];

interface Owner {
  kind: 'interface' | 'lb-node' | 'external' | 'vpc' | 'internet' | 'private';
  id?: string;
}

/**
 * Who owns an IPv4 address: every interface that holds it (overlapping VPCs can each have
 * one) and every external network whose CIDRs hold it; failing those, an unassigned VPC
 * address, a private range, or the internet.
 */
function ownersOf(model: Model, ip: number): Owner[] {
  const text = formatIpv4(ip);
  const owners: Owner[] = [];
  for (const vpc of model.network.vpcs) {
    const iface = model.index.interfaceByPrivateIp.get(`${vpc.id}|${text}`);
    if (iface) owners.push({ kind: 'interface', id: iface.id });
    const node = model.index.loadBalancerNodeByIp.get(`${vpc.id}|${text}`);
    if (node) owners.push({ kind: 'lb-node', id: node.loadBalancer });
  }
  const pub = model.index.loadBalancerNodeByPublicIp.get(text);
  if (pub) owners.push({ kind: 'lb-node', id: pub.loadBalancer });
  for (const net of model.network.externalNetworks) if (net.cidrs.some((c) => inCidr(c, ip))) owners.push({ kind: 'external', id: net.id });
  if (owners.length > 0) return owners;
  for (const vpc of model.network.vpcs)
    for (const b of vpc.blocks) if (b.version === 4 && ip >= (b.base as number) && ip <= (cidrLast(b) as number)) return [{ kind: 'vpc', id: vpc.id }];
  if (NOT_INTERNET.some((c) => inCidr(c, ip))) return [{ kind: 'private' }];
  // public addresses of the model's own interfaces and NAT gateways are not the internet
  if (model.index.interfaceByPublicIp.has(text) || model.network.natGateways.some((g) => g.publicIp === text)) return [{ kind: 'private' }];
  return [{ kind: 'internet' }];
}

/** Whether an IPv4 address is the internet's in this model (no interface, network or private range owns it). */
export function isInternetAddress(model: Model, ip: number): boolean {
  return ownersOf(model, ip)[0]!.kind === 'internet';
}

/** CIDR texts parsed once (rule, network and private-range blocks are looked up per address). */
const parsedCidrs = new Map<string, CidrBlock | undefined>();
function inCidr(text: string, ip: number): boolean {
  let b = parsedCidrs.get(text);
  if (b === undefined && !parsedCidrs.has(text)) {
    const x = parseCidr(text);
    b = typeof x === 'string' ? undefined : x;
    if (parsedCidrs.size < 100_000) parsedCidrs.set(text, b);
  }
  return b !== undefined && cidrContains(b, ip);
}

/** The endpoint name of an interface: its instance when it is an instance's primary interface. */
function interfaceEndpoint(model: Model, id: string): string | undefined {
  const iface = model.index.networkInterface.get(id);
  if (!iface) return undefined;
  if (iface.owner.kind === 'instance') return iface.owner.primary ? iface.owner.instance : iface.id;
  if (iface.owner.kind === 'interface') return iface.id;
  return undefined; // NAT gateway and endpoint interfaces are reached by their own ids
}

/** The host an endpoint id belongs to: an instance for its interfaces, else the id itself. */
function hostOf(model: Model, id: string): string | undefined {
  if (model.index.instance.has(id)) return id;
  const iface = model.index.networkInterface.get(id);
  if (iface) return iface.owner.kind === 'instance' ? iface.owner.instance : iface.id;
  if (model.index.natGateway.has(id) || model.index.vpcEndpoint.has(id)) return id;
  return undefined;
}

/**
 * The endpoint of an interface's address: an instance's primary address is the instance, a
 * standalone or secondary interface's primary address the interface; a secondary private IP
 * is the address itself (the tracer sends from it). NAT gateway and endpoint interfaces are
 * destinations only, by their address.
 */
function interfaceAddressEndpoint(model: Model, ifaceId: string, address: string, selector: string, side: 'from' | 'to' | undefined): Endpoint | undefined {
  const iface = model.index.networkInterface.get(ifaceId);
  if (!iface) return undefined;
  const owner = iface.owner;
  if (owner.kind === 'nat-gateway' || owner.kind === 'vpc-endpoint')
    return side === 'from' ? undefined : { endpoint: address, address, selector, host: owner.kind === 'nat-gateway' ? owner.natGateway : owner.vpcEndpoint };
  const host = owner.kind === 'instance' ? owner.instance : iface.id;
  if (address !== iface.privateIp) return { endpoint: address, address, selector, host };
  const e = interfaceEndpoint(model, iface.id);
  return e ? { endpoint: e, address, selector, host } : undefined;
}

/** The endpoints an address of a range stands for (one per owner), given what the range selector allows. */
function addressEndpoints(model: Model, ip: number, selector: string, allow: 'internet' | 'external' | 'any', externalId: string | undefined, side: 'from' | 'to' | undefined): Endpoint[] {
  const address = formatIpv4(ip);
  if (allow === 'external') {
    // the network's own CIDRs decide: an interface elsewhere with the same address does not make it less the network's
    const net = model.network.externalNetworks.find((n) => n.id === externalId);
    return net && net.cidrs.some((c) => inCidr(c, ip)) ? [{ endpoint: `external:${net.id}:${address}`, address, selector }] : [];
  }
  const owners = ownersOf(model, ip);
  if (allow === 'internet') return owners[0]!.kind === 'internet' ? [{ endpoint: `internet:${address}`, address, selector }] : [];
  const out: Endpoint[] = [];
  for (const owner of owners) {
    if (owner.kind === 'internet') out.push({ endpoint: `internet:${address}`, address, selector });
    else if (owner.kind === 'external') out.push({ endpoint: `external:${owner.id}:${address}`, address, selector });
    else if (owner.kind === 'interface') {
      const e = interfaceAddressEndpoint(model, owner.id!, address, selector, side);
      if (e) out.push(e);
    } else if (owner.kind === 'lb-node' && side !== 'from') out.push({ endpoint: address, address, selector, host: owner.id });
    // an unassigned VPC or private address sends nothing
  }
  return out;
}

function rangeExpansion(model: Model, selector: string, ranges: [number, number][], allow: 'internet' | 'external' | 'any', externalId: string | undefined, opts: ExpandOptions): Expansion {
  const endpoints: Endpoint[] = [];
  const extra: Endpoint[] = [];
  const seen = new Set<string>();
  const add = (list: Endpoint[], es: Endpoint[]): void => {
    for (const e of es)
      if (!seen.has(e.endpoint)) {
        seen.add(e.endpoint);
        list.push(e);
      }
  };
  for (const [lo, hi] of ranges)
    for (const c of addressClasses(model, lo, hi, opts.boundaries)) {
      add(endpoints, addressEndpoints(model, c.first, selector, allow, externalId, opts.side));
      if (c.last !== c.first) add(extra, addressEndpoints(model, c.last, selector, allow, externalId, opts.side));
    }
  return { endpoints, extra, range: true, errors: [] };
}

function fixed(model: Model, selector: string, ids: string[], errors: Diagnostic[] = [], aliases: Endpoint[] = []): Expansion {
  const endpoints: Endpoint[] = [...new Set(ids)].map((endpoint) => ({ endpoint, selector, host: hostOf(model, endpoint) }));
  const seen = new Set(endpoints.map((e) => e.endpoint));
  for (const a of aliases)
    if (!seen.has(a.endpoint)) {
      seen.add(a.endpoint);
      endpoints.push(a);
    }
  return { endpoints, extra: [], range: false, errors };
}

/** An instance's other addresses: its secondary private IPs (as addresses) and its other interfaces (as interface ids). */
function instanceAliases(model: Model, instance: string, selector: string): Endpoint[] {
  const out: Endpoint[] = [];
  for (const id of model.index.instance.get(instance)?.interfaces ?? []) {
    const iface = model.index.networkInterface.get(id);
    if (!iface) continue;
    if (!(iface.owner.kind === 'instance' && iface.owner.primary)) out.push({ endpoint: iface.id, selector, host: instance });
    for (const ip of iface.secondaryPrivateIps) if (parseIpv4(ip) !== undefined) out.push({ endpoint: ip, address: ip, selector, host: instance });
  }
  return out;
}

/** The secondary private IPs of the instances' and standalone interfaces of a subnet, as addresses. */
function subnetAliases(model: Model, subnet: string, selector: string): Endpoint[] {
  const out: Endpoint[] = [];
  for (const iface of model.index.interfacesBySubnet.get(subnet) ?? []) {
    if (iface.owner.kind !== 'instance' && iface.owner.kind !== 'interface') continue;
    const host = iface.owner.kind === 'instance' ? iface.owner.instance : iface.id;
    for (const ip of iface.secondaryPrivateIps) if (parseIpv4(ip) !== undefined) out.push({ endpoint: ip, address: ip, selector, host });
  }
  return out;
}

/** The endpoints (instances and standalone interfaces) in a subnet, in declaration order. */
function subnetEndpoints(model: Model, subnet: string): string[] {
  const out: string[] = [];
  for (const iface of model.index.interfacesBySubnet.get(subnet) ?? []) {
    const e = interfaceEndpoint(model, iface.id);
    if (e) out.push(e);
  }
  return out;
}

/** Endpoint ids a glob or id can name: instances, interfaces, NAT gateways, endpoints. */
function namedEndpoints(model: Model): string[] {
  const n = model.network;
  return [
    ...n.instances.map((i) => i.id),
    ...n.networkInterfaces.filter((i) => i.owner.kind === 'interface' || (i.owner.kind === 'instance' && !i.owner.primary)).map((i) => i.id),
    ...n.natGateways.map((g) => g.id),
    ...n.vpcEndpoints.map((e) => e.id),
    ...n.loadBalancers.filter((l) => l.type !== 'gateway').map((l) => l.id),
  ];
}

/**
 * Expands a selector to trace endpoints: an id or glob of instances, interfaces, NAT gateways
 * and endpoints; `subnet:ID` and `vpc:ID` (globs allowed) to their instances and interfaces;
 * `internet`, `external:ID` and `cidr:BLOCK` to one address per address class (the model's
 * CIDR boundaries cut the range into classes the engines cannot tell apart) and owner; an IP
 * to itself; `internet:IP`, `external:ID:IP`, `service:NAME` pass through. An instance also
 * stands for its other interfaces and secondary private IPs (after the instance ids).
 */
export function expandSelector(model: Model, selector: string, opts: ExpandOptions = {}): Expansion {
  const bad = (message: string, hint?: string): Expansion => fixed(model, selector, [], [error('selector-unknown', ['properties', 'forall'], message, hint)]);
  const aliases = opts.aliases !== false;
  if (selector === 'internet') return rangeExpansion(model, selector, [[0, 0xffffffff]], 'internet', undefined, opts);
  if (selector.startsWith('internet:') || selector.startsWith('service:')) return fixed(model, selector, [selector]);
  if (selector.startsWith('external:')) {
    const parts = selector.split(':');
    if (parts.length > 2) return fixed(model, selector, [selector]);
    const net = model.network.externalNetworks.find((n) => n.id === parts[1]);
    if (!net) return bad(`no external network \`${parts[1]}\``, 'declare it under `externalNetworks`');
    const ranges: [number, number][] = [];
    for (const c of net.cidrs) {
      const b = parseCidr(c);
      if (typeof b !== 'string' && b.version === 4) ranges.push([b.base as number, cidrLast(b) as number]);
    }
    return rangeExpansion(model, selector, ranges, 'external', net.id, opts);
  }
  if (selector.startsWith('cidr:')) {
    const b = parseCidr(selector.slice(5));
    if (typeof b === 'string' || b.version !== 4) return bad(`\`${selector.slice(5)}\` is not an IPv4 CIDR block`);
    return rangeExpansion(model, selector, [[b.base as number, cidrLast(b) as number]], 'any', undefined, opts);
  }
  if (selector.startsWith('subnet:')) {
    const re = globToRegExp(selector.slice(7));
    const subnets = model.network.subnets.filter((s) => re.test(s.id));
    if (subnets.length === 0) return bad(`no subnet matches \`${selector.slice(7)}\``);
    return fixed(model, selector, subnets.flatMap((s) => subnetEndpoints(model, s.id)), [], aliases ? subnets.flatMap((s) => subnetAliases(model, s.id, selector)) : []);
  }
  if (selector.startsWith('vpc:')) {
    const re = globToRegExp(selector.slice(4));
    const vpcs = model.network.vpcs.filter((v) => re.test(v.id));
    if (vpcs.length === 0) return bad(`no VPC matches \`${selector.slice(4)}\``);
    const subnets = vpcs.flatMap((v) => model.index.subnetsByVpc.get(v.id) ?? []);
    return fixed(model, selector, subnets.flatMap((s) => subnetEndpoints(model, s.id)), [], aliases ? subnets.flatMap((s) => subnetAliases(model, s.id, selector)) : []);
  }
  const ip = parseIpv4(selector);
  if (ip !== undefined) return fixed(model, selector, [selector]);
  if (selector.startsWith('lb:')) {
    // load balancers (a destination only), by id or glob
    const re = globToRegExp(selector.slice(3));
    const ids = model.network.loadBalancers.filter((l) => l.type !== 'gateway' && re.test(l.id)).map((l) => l.id);
    if (ids.length === 0) return bad(`no load balancer matches \`${selector.slice(3)}\``, 'name a load balancer of `loadBalancers` (a gateway load balancer is reached through its endpoints)');
    if (opts.side === 'from') return bad(`\`${selector}\` cannot send: a load balancer is a destination only`);
    return fixed(model, selector, ids);
  }
  if (isGlob(selector)) {
    const re = globToRegExp(selector);
    const ids = namedEndpoints(model).filter((id) => re.test(id));
    if (ids.length === 0) return bad(`no instance, interface, NAT gateway or endpoint matches \`${selector}\``);
    return fixed(model, selector, ids, [], aliases ? ids.filter((id) => model.index.instance.has(id)).flatMap((id) => instanceAliases(model, id, selector)) : []);
  }
  if (model.index.byId.has(selector)) {
    const kind = model.index.byId.get(selector)!.kind;
    if (kind === 'load-balancer') return expandSelector(model, `lb:${selector}`, opts);
    if (kind === 'subnet') return expandSelector(model, `subnet:${selector}`, opts);
    if (kind === 'vpc') return expandSelector(model, `vpc:${selector}`, opts);
    if (kind === 'external-network') return expandSelector(model, `external:${selector}`, opts);
    return fixed(model, selector, [selector], [], aliases && model.index.instance.has(selector) ? instanceAliases(model, selector, selector) : []);
  }
  return bad(`no endpoint \`${selector}\``, 'use an instance or interface id, a glob, `subnet:ID`, `vpc:ID`, `cidr:BLOCK`, `internet` or `external:ID`');
}

/**
 * Address class boundaries of `except` selectors that name addresses (`internet:IP`,
 * `external:ID:IP`, an IP, the edges of `cidr:BLOCK`), so that expanding a range gives the
 * excepted addresses classes of their own and `except` removes only them.
 */
export function exceptBoundaries(except: readonly string[]): number[] {
  const out: number[] = [];
  const host = (ip: number | undefined): void => {
    if (ip === undefined) return;
    out.push(ip);
    if (ip < 0xffffffff) out.push(ip + 1);
  };
  for (const sel of except) {
    if (sel.startsWith('cidr:')) {
      const b = parseCidr(sel.slice(5));
      if (typeof b === 'string' || b.version !== 4) continue;
      out.push(b.base as number);
      const last = cidrLast(b) as number;
      if (last < 0xffffffff) out.push(last + 1);
    } else if (sel.startsWith('internet:')) host(parseIpv4(sel.slice(9)));
    else if (sel.startsWith('external:')) {
      const parts = sel.split(':');
      if (parts.length === 3) host(parseIpv4(parts[2]!));
    } else host(parseIpv4(sel));
  }
  return out;
}

/** Whether an endpoint matches an `except` selector (by selector expansion, id, host or address). */
export function matchesExcept(model: Model, e: Endpoint, except: readonly string[], cache: Map<string, Set<string>>): boolean {
  for (const sel of except) {
    if (sel === e.selector || sel === e.endpoint || (e.address && sel === e.address)) return true;
    if (sel.startsWith('cidr:') && e.address) {
      if (inCidr(sel.slice(5), parseIpv4(e.address)!)) return true;
      continue;
    }
    let set = cache.get(sel);
    if (!set) {
      const x = expandSelector(model, sel);
      set = new Set(x.errors.length > 0 ? [] : [...x.endpoints, ...x.extra].map((y) => y.endpoint));
      cache.set(sel, set);
    }
    // an excepted host takes its addresses with it (a NAT gateway's address, an instance's secondary IP)
    if (set.has(e.endpoint) || (e.host !== undefined && set.has(e.host))) return true;
    if (isGlob(sel) && ((!e.address && globToRegExp(sel).test(e.endpoint)) || (e.host !== undefined && globToRegExp(sel).test(e.host)))) return true;
  }
  return false;
}
