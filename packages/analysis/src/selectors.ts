// Selectors of properties (`i-db-*`, `subnet:ID`, `vpc:ID`, `cidr:...`, `internet`,
// `external:ID`, ids, IPs) expanded against the model into trace endpoints, and the address
// and port equivalence classes that make exhaustive checks possible.
import { cidrLast, error, formatIpv4, parseCidr, parseIpv4, type Diagnostic, type Model } from '@vpcsim/model';

/** A concrete trace endpoint a selector stands for. */
export interface Endpoint {
  /** What to pass as `from`/`to` of a flow: an id, `internet:IP`, `external:ID:IP`, an IP. */
  readonly endpoint: string;
  /** The concrete address, for endpoints drawn from an address range. */
  readonly address?: string | undefined;
  /** The selector it came from. */
  readonly selector: string;
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
  out.push(...NOT_INTERNET);
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
  for (const iface of model.network.networkInterfaces) addHost(set, iface.publicIp);
  for (const g of model.network.natGateways) addHost(set, g.publicIp);
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

/** Class representatives inside [lo, hi]: the first and last address of each class. */
export function addressClasses(model: Model, lo: number, hi: number): { first: number; last: number }[] {
  const bounds = addressBoundaries(model).filter((b) => b > lo && b <= hi);
  const starts = [lo, ...bounds];
  return starts.map((s, i) => ({ first: s, last: i + 1 < starts.length ? starts[i + 1]! - 1 : hi }));
}

/**
 * IPv4 space the internet does not route: RFC 1918 private, RFC 6598 shared, loopback. Such
 * an address owned by no declared network sends and receives nothing, so selectors skip it.
 * https://www.rfc-editor.org/rfc/rfc1918 https://www.rfc-editor.org/rfc/rfc6598
 */
const NOT_INTERNET = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8'];

interface Owner {
  kind: 'interface' | 'external' | 'vpc' | 'internet' | 'private';
  id?: string;
}

/** Who owns an IPv4 address: an interface, an external network, an unassigned VPC address, or the internet. */
function ownerOf(model: Model, ip: number): Owner {
  const text = formatIpv4(ip);
  for (const vpc of model.network.vpcs) {
    const iface = model.index.interfaceByPrivateIp.get(`${vpc.id}|${text}`);
    if (iface) return { kind: 'interface', id: iface.id };
  }
  for (const net of model.network.externalNetworks)
    for (const c of net.cidrs) if (inCidr(c, ip)) return { kind: 'external', id: net.id };
  for (const vpc of model.network.vpcs)
    for (const b of vpc.blocks) if (b.version === 4 && ip >= (b.base as number) && ip <= (cidrLast(b) as number)) return { kind: 'vpc', id: vpc.id };
  if (NOT_INTERNET.some((c) => inCidr(c, ip))) return { kind: 'private' };
  // public addresses of the model's own interfaces and NAT gateways are not the internet
  if (model.index.interfaceByPublicIp.has(text) || model.network.natGateways.some((g) => g.publicIp === text)) return { kind: 'private' };
  return { kind: 'internet' };
}

/** Whether an IPv4 address is the internet's in this model (no interface, network or private range owns it). */
export function isInternetAddress(model: Model, ip: number): boolean {
  return ownerOf(model, ip).kind === 'internet';
}

function inCidr(text: string, ip: number): boolean {
  const b = parseCidr(text);
  if (typeof b === 'string' || b.version !== 4) return false;
  return ip >= (b.base as number) && ip <= (cidrLast(b) as number);
}

/** The endpoint name of an interface: its instance when it is an instance's primary interface. */
function interfaceEndpoint(model: Model, id: string): string | undefined {
  const iface = model.index.networkInterface.get(id);
  if (!iface) return undefined;
  if (iface.owner.kind === 'instance') return iface.owner.primary ? iface.owner.instance : iface.id;
  if (iface.owner.kind === 'interface') return iface.id;
  return undefined; // NAT gateway and endpoint interfaces are reached by their own ids
}

/** The endpoint an address of a range stands for, given what the range selector allows. */
function addressEndpoint(model: Model, ip: number, selector: string, allow: 'internet' | 'external' | 'any', externalId?: string): Endpoint | undefined {
  const owner = ownerOf(model, ip);
  const address = formatIpv4(ip);
  if (allow === 'internet') return owner.kind === 'internet' ? { endpoint: `internet:${address}`, address, selector } : undefined;
  if (allow === 'external')
    return owner.kind === 'external' && owner.id === externalId ? { endpoint: `external:${externalId}:${address}`, address, selector } : undefined;
  switch (owner.kind) {
    case 'internet': return { endpoint: `internet:${address}`, address, selector };
    case 'external': return { endpoint: `external:${owner.id}:${address}`, address, selector };
    case 'interface': {
      const e = interfaceEndpoint(model, owner.id!);
      return e ? { endpoint: e, address, selector } : undefined;
    }
    default: return undefined; // an unassigned VPC or private address sends nothing
  }
}

function rangeExpansion(model: Model, selector: string, ranges: [number, number][], allow: 'internet' | 'external' | 'any', externalId?: string): Expansion {
  const endpoints: Endpoint[] = [];
  const extra: Endpoint[] = [];
  const seen = new Set<string>();
  const add = (list: Endpoint[], e: Endpoint | undefined): void => {
    if (e && !seen.has(e.endpoint)) {
      seen.add(e.endpoint);
      list.push(e);
    }
  };
  for (const [lo, hi] of ranges)
    for (const c of addressClasses(model, lo, hi)) {
      add(endpoints, addressEndpoint(model, c.first, selector, allow, externalId));
      if (c.last !== c.first) add(extra, addressEndpoint(model, c.last, selector, allow, externalId));
    }
  return { endpoints, extra, range: true, errors: [] };
}

function fixed(selector: string, ids: string[], errors: Diagnostic[] = []): Expansion {
  return { endpoints: [...new Set(ids)].map((endpoint) => ({ endpoint, selector })), extra: [], range: false, errors };
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
  ];
}

/**
 * Expands a selector to trace endpoints: an id or glob of instances, interfaces, NAT gateways
 * and endpoints; `subnet:ID` and `vpc:ID` (globs allowed) to their instances and interfaces;
 * `internet`, `external:ID` and `cidr:BLOCK` to one address per address class (the model's
 * CIDR boundaries cut the range into classes the engines cannot tell apart); an IP to itself;
 * `internet:IP`, `external:ID:IP`, `service:NAME` pass through.
 */
export function expandSelector(model: Model, selector: string): Expansion {
  const bad = (message: string, hint?: string): Expansion => fixed(selector, [], [error('selector-unknown', ['properties', 'forall'], message, hint)]);
  if (selector === 'internet') return rangeExpansion(model, selector, [[0, 0xffffffff]], 'internet');
  if (selector.startsWith('internet:') || selector.startsWith('service:')) return fixed(selector, [selector]);
  if (selector.startsWith('external:')) {
    const parts = selector.split(':');
    if (parts.length > 2) return fixed(selector, [selector]);
    const net = model.network.externalNetworks.find((n) => n.id === parts[1]);
    if (!net) return bad(`no external network \`${parts[1]}\``, 'declare it under `externalNetworks`');
    const ranges: [number, number][] = [];
    for (const c of net.cidrs) {
      const b = parseCidr(c);
      if (typeof b !== 'string' && b.version === 4) ranges.push([b.base as number, cidrLast(b) as number]);
    }
    return rangeExpansion(model, selector, ranges, 'external', net.id);
  }
  if (selector.startsWith('cidr:')) {
    const b = parseCidr(selector.slice(5));
    if (typeof b === 'string' || b.version !== 4) return bad(`\`${selector.slice(5)}\` is not an IPv4 CIDR block`);
    return rangeExpansion(model, selector, [[b.base as number, cidrLast(b) as number]], 'any');
  }
  if (selector.startsWith('subnet:')) {
    const re = globToRegExp(selector.slice(7));
    const subnets = model.network.subnets.filter((s) => re.test(s.id));
    if (subnets.length === 0) return bad(`no subnet matches \`${selector.slice(7)}\``);
    return fixed(selector, subnets.flatMap((s) => subnetEndpoints(model, s.id)));
  }
  if (selector.startsWith('vpc:')) {
    const re = globToRegExp(selector.slice(4));
    const vpcs = model.network.vpcs.filter((v) => re.test(v.id));
    if (vpcs.length === 0) return bad(`no VPC matches \`${selector.slice(4)}\``);
    return fixed(selector, vpcs.flatMap((v) => (model.index.subnetsByVpc.get(v.id) ?? []).flatMap((s) => subnetEndpoints(model, s.id))));
  }
  const ip = parseIpv4(selector);
  if (ip !== undefined) return fixed(selector, [selector]);
  if (isGlob(selector)) {
    const re = globToRegExp(selector);
    const ids = namedEndpoints(model).filter((id) => re.test(id));
    if (ids.length === 0) return bad(`no instance, interface, NAT gateway or endpoint matches \`${selector}\``);
    return fixed(selector, ids);
  }
  if (model.index.byId.has(selector)) {
    const kind = model.index.byId.get(selector)!.kind;
    if (kind === 'subnet') return expandSelector(model, `subnet:${selector}`);
    if (kind === 'vpc') return expandSelector(model, `vpc:${selector}`);
    if (kind === 'external-network') return expandSelector(model, `external:${selector}`);
    return fixed(selector, [selector]);
  }
  return bad(`no endpoint \`${selector}\``, 'use an instance or interface id, a glob, `subnet:ID`, `vpc:ID`, `cidr:BLOCK`, `internet` or `external:ID`');
}

/** Whether an endpoint matches an `except` selector (by selector expansion, id or address). */
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
    if (set.has(e.endpoint)) return true;
    if (!e.address && isGlob(sel) && globToRegExp(sel).test(e.endpoint)) return true;
  }
  return false;
}
