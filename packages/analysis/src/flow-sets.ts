// Selectors as sets of packets for the symbolic engine (@vpcsim/net `Reach`): a side of a
// property, of `reach` or of `diff` is a list of sources (an interface with its addresses, the
// internet, an external network, each restricted to some addresses) or of destinations (an
// interface, a load balancer, the internet, an external network, with the addresses each is
// reached at). Then
// `flowsBetween` walks every packet of every source to the destinations and returns, per
// (source, destination) pair, the part that is reachable and each part that is not, with the
// verdict the tracer gives any packet of it.
import { didYouMean, error, formatIp, parseCidr, parseIp, type Diagnostic, type Model, pushAll } from '@vpcsim/model';
import { intersectIntervals, IntervalLookup, normalizeIntervals, PacketSpace, Reach, verdictFor, type Bound, type FieldRanges, type Intervals, type PacketSet, type ReachDestination, type ReachSource } from '@vpcsim/net';

type Fam = readonly [Intervals, Intervals];
const NONE: Fam = [[], []];

/** A source: who sends, and from which of its addresses (per family; undefined: all it has). */
export interface SourceSet {
  readonly key: string;
  /** The flow endpoint text (`i-web-1`, `eni-2`, `internet`, `external:office`). */
  readonly label: string;
  readonly source: ReachSource;
  /** The instance (or interface) it belongs to: a pair with the same host on both sides is not a flow. */
  readonly host?: string | undefined;
  readonly addrs?: readonly [Intervals | undefined, Intervals | undefined] | undefined;
}

/** A destination and the addresses it is reached at, from inside AWS and from the internet. */
export interface DestSet {
  readonly key: string;
  readonly label: string;
  readonly dest: ReachDestination;
  readonly host?: string | undefined;
  readonly inside: Fam;
  readonly outside: Fam;
  /** An interface endpoint's interface: it accepts TCP over IPv4 only. */
  readonly endpoint?: string | undefined;
  /** An interface with no public IPv4 address: from the internet, IPv4 cannot address it. */
  readonly noPublic4?: boolean | undefined;
}

/**
 * A load balancer as a destination: reached at its nodes' private addresses from inside AWS and
 * at their public addresses from the internet (an internal one has none: `noPublic4`); `only`
 * keeps the addresses of a range.
 */
function loadBalancerDest(reach: Reach, id: string, only?: Fam): DestSet | undefined {
  const lb = reach.net.lbs.get(id);
  if (!lb || lb.m.type === 'gateway') return undefined;
  const v4 = lb.nodes.map((n) => [n.priv4, n.priv4] as const).sort((a, b) => a[0] - b[0]);
  const v6 = lb.nodes.flatMap((n) => n.addrs6.map((a) => [a, a] as const)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  const pub = lb.nodes.flatMap((n) => (n.pub4 === undefined ? [] : [[n.pub4, n.pub4] as const])).sort((a, b) => a[0] - b[0]);
  const inside: Fam = only ? fam((v) => intersect(v === 0 ? v4 : v6, only[v])) : [v4, v6];
  const outside: Fam = only ? fam((v) => intersect(v === 0 ? pub : v6, only[v])) : [pub, v6];
  return { key: only ? `lb:${id}@${fmt(only)}` : `lb:${id}`, label: `lb:${id}`, dest: { kind: 'lb', lb: id }, inside, outside, noPublic4: only === undefined && pub.length === 0 };
}

const isGlob = (s: string): boolean => s.includes('*') || s.includes('?');
function globRe(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

const host4 = (a: Bound): Intervals => [[a, a]];

/** The selectors of one side, expanded. */
export interface Expanded<T> {
  readonly items: readonly T[];
  readonly errors: readonly Diagnostic[];
}

/** Ids of interfaces a name selects: an instance (all its interfaces), an interface, a subnet or VPC glob. */
function interfacesOf(model: Model, sel: string): string[] | undefined {
  const idx = model.index;
  const n = model.network;
  const sendable = (id: string): boolean => {
    const k = idx.networkInterface.get(id)?.owner.kind;
    return k === 'instance' || k === 'interface';
  };
  if (sel.startsWith('subnet:') || sel.startsWith('vpc:')) {
    const vpc = sel.startsWith('vpc:');
    const re = globRe(sel.slice(vpc ? 4 : 7));
    const subnets = vpc ? n.vpcs.filter((v) => re.test(v.id)).flatMap((v) => idx.subnetsByVpc.get(v.id) ?? []) : n.subnets.filter((s) => re.test(s.id));
    if (subnets.length === 0) return undefined;
    return subnets.flatMap((s) => (idx.interfacesBySubnet.get(s.id) ?? []).map((i) => i.id)).filter(sendable);
  }
  const re = isGlob(sel) ? globRe(sel) : undefined;
  const ids: string[] = [];
  for (const i of n.instances) if (re ? re.test(i.id) : i.id === sel) pushAll(ids, i.interfaces);
  for (const i of n.networkInterfaces) if (!(i.owner.kind === 'instance' && i.owner.primary) && (re ? re.test(i.id) : i.id === sel) && !ids.includes(i.id)) ids.push(i.id);
  return ids.length === 0 ? undefined : ids;
}

/** The endpoint text of an interface: its instance when it is the instance's primary interface. */
function ifaceLabel(model: Model, id: string): string {
  const o = model.index.networkInterface.get(id)?.owner;
  return o?.kind === 'instance' && o.primary ? o.instance : id;
}

function hostOf(model: Model, id: string): string {
  const o = model.index.networkInterface.get(id)?.owner;
  return o?.kind === 'instance' ? o.instance : o?.kind === 'nat-gateway' ? o.natGateway : o?.kind === 'vpc-endpoint' ? o.vpcEndpoint : id;
}

function ipIntervals(text: string): Fam | undefined {
  const a = parseIp(text);
  if (!a) return undefined;
  return a.version === 4 ? [host4(a.value), []] : [[], host4(a.value)];
}

function cidrIntervals(text: string): Fam | undefined {
  const b = parseCidr(text);
  if (typeof b === 'string') return undefined;
  const lo = b.base;
  const hi: Bound = b.version === 4 ? (b.base as number) + 2 ** (32 - b.prefix) - 1 : (b.base as bigint) + (1n << BigInt(128 - b.prefix)) - 1n;
  return b.version === 4 ? [[[lo, hi]], []] : [[], [[lo, hi]]];
}

/** Addresses of an interface per family, as host intervals; `inside` private, `outside` public IPv4 and IPv6. */
function ifaceAddresses(reach: Reach, id: string): { inside: Fam; outside: Fam; noPublic4: boolean } {
  const i = reach.net.ifaces.get(id);
  if (!i) return { inside: NONE, outside: NONE, noPublic4: true };
  const v4 = i.addrs4.map((a) => [a, a] as const).sort((x, y) => x[0] - y[0]);
  const v6 = i.addrs6.map((a) => [a, a] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1));
  return { inside: [v4, v6], outside: [i.pub4 === undefined ? [] : host4(i.pub4), v6], noPublic4: i.pub4 === undefined };
}

const intersect = intersectIntervals;
const fam = (f: (v: 0 | 1) => Intervals): Fam => [f(0), f(1)];

/**
 * The owners of an address range: the interfaces holding addresses in it, the external
 * networks overlapping it, and the internet's part of it (unassigned VPC or private addresses
 * send and receive nothing).
 */
function rangeOwners(reach: Reach, range: Fam): { ifaces: { id: string; addrs: Fam }[]; externals: { id: string; addrs: Fam }[]; internet: Fam } {
  const ifaces: { id: string; addrs: Fam }[] = [];
  for (const i of reach.net.ifaces.values()) {
    if (i.lb !== undefined) continue; // a load balancer node: the load balancer is the destination
    const a = ifaceAddresses(reach, i.id);
    const hit = fam((v) => intersect(a.inside[v], range[v]));
    if (hit[0].length + hit[1].length > 0) ifaces.push({ id: i.id, addrs: hit });
  }
  const externals: { id: string; addrs: Fam }[] = [];
  for (const e of reach.net.externals) {
    const own = fam((v) => intersect(reach.sourceAddresses({ kind: 'external', network: e.id }, v === 0 ? 4 : 6), range[v]));
    if (own[0].length + own[1].length > 0) externals.push({ id: e.id, addrs: own });
  }
  const internet = fam((v) => intersect(reach.internetAddresses(v === 0 ? 4 : 6), range[v]));
  return { ifaces, externals, internet };
}

/** The hint for a selector that names nothing: the closest id the scenario has, else the forms a selector takes. */
function guessHint(model: Model, sel: string): string {
  const bare = sel.replace(/^(subnet|vpc):/, '');
  const kind = sel.startsWith('subnet:') ? 'subnet' : sel.startsWith('vpc:') ? 'vpc' : undefined;
  const ids = [...model.index.byId].filter(([, e]) => (kind ? e.kind === kind : e.kind !== 'subnet' && e.kind !== 'vpc')).map(([id]) => id);
  const guess = isGlob(sel) ? undefined : didYouMean(bare, ids);
  return guess !== undefined ? `did you mean \`${kind ? `${kind}:` : ''}${guess}\`?` : 'use an instance or interface id, a glob, `subnet:ID`, `vpc:ID`, `cidr:BLOCK`, `internet` or `external:ID`';
}

/** A list of items without repeats (by key), with the errors met on the way. */
function collector<T extends { readonly key: string }>(path: readonly (string | number)[]) {
  const items: T[] = [];
  const errors: Diagnostic[] = [];
  const seen = new Set<string>();
  return {
    items,
    errors,
    add(x: T): void {
      if (seen.has(x.key)) return;
      seen.add(x.key);
      items.push(x);
    },
    bad(message: string, hint?: string): void {
      errors.push(error('selector-unknown', [...path], message, hint));
    },
  };
}

/** Expands `from` selectors to sources. */
export function expandSources(reach: Reach, selectors: readonly string[], path: readonly (string | number)[]): Expanded<SourceSet> {
  const model = reach.model;
  const { items, errors, add, bad } = collector<SourceSet>(path);
  const iface = (id: string, addrs?: Fam): void => add({ key: addrs ? `${id}@${fmt(addrs)}` : id, label: ifaceLabel(model, id), source: { kind: 'iface', iface: id }, host: hostOf(model, id), addrs });
  for (const sel of selectors) {
    if (sel === 'internet') add({ key: 'internet', label: 'internet', source: { kind: 'internet' } });
    else if (sel.startsWith('internet:')) {
      const a = ipIntervals(sel.slice(9));
      if (!a) bad(`\`${sel}\`: not an internet address`, 'write `internet:8.8.8.8`');
      else add({ key: sel, label: sel, source: { kind: 'internet' }, addrs: a });
    } else if (sel.startsWith('service:')) bad(`\`${sel}\` cannot send: a service is a destination only`);
    else if (sel.startsWith('external:')) {
      const [, id, ip] = sel.split(/:(.*)/s)[1]!.match(/^([^:]*)(?::(.*))?$/) ?? [];
      const n = id === undefined ? undefined : reach.net.externalById.get(id);
      if (!n) bad(`no external network \`${id}\``, 'declare it under `externalNetworks`');
      else if (ip === undefined) add({ key: `external:${n.id}`, label: `external:${n.id}`, source: { kind: 'external', network: n.id } });
      else {
        const a = ipIntervals(ip);
        if (!a) bad(`\`${ip}\` is not an address`);
        else add({ key: sel, label: `external:${n.id}`, source: { kind: 'external', network: n.id }, addrs: a });
      }
    } else if (sel.startsWith('cidr:') || parseIp(sel) !== undefined) {
      const range = sel.startsWith('cidr:') ? cidrIntervals(sel.slice(5)) : ipIntervals(sel);
      if (!range) {
        bad(`\`${sel.slice(5)}\` is not a CIDR block`);
        continue;
      }
      const o = rangeOwners(reach, range);
      for (const i of o.ifaces) {
        const k = model.index.networkInterface.get(i.id)?.owner.kind;
        if (k === 'instance' || k === 'interface') iface(i.id, i.addrs);
      }
      for (const e of o.externals) add({ key: `external:${e.id}@${fmt(e.addrs)}`, label: `external:${e.id}`, source: { kind: 'external', network: e.id }, addrs: e.addrs });
      if (o.internet[0].length + o.internet[1].length > 0) add({ key: `internet@${fmt(o.internet)}`, label: 'internet', source: { kind: 'internet' }, addrs: o.internet });
    } else {
      const byId = model.index.byId.get(sel)?.kind;
      if (byId === 'subnet' || byId === 'vpc') {
        for (const id of interfacesOf(model, `${byId}:${sel}`) ?? []) iface(id);
        continue;
      }
      if (byId === 'external-network') {
        add({ key: `external:${sel}`, label: `external:${sel}`, source: { kind: 'external', network: sel } });
        continue;
      }
      if (byId === 'load-balancer' || sel.startsWith('lb:')) {
        bad(`\`${sel}\` cannot send: a load balancer is a destination only`);
        continue;
      }
      if (byId === 'nat-gateway' || byId === 'vpc-endpoint') {
        bad(`\`${sel}\` cannot send: a ${byId === 'nat-gateway' ? 'NAT gateway' : 'VPC endpoint'} is a destination only`);
        continue;
      }
      const ids = interfacesOf(model, sel);
      if (ids === undefined) bad(sel.startsWith('subnet:') || sel.startsWith('vpc:') ? `no ${sel.split(':')[0] === 'vpc' ? 'VPC' : 'subnet'} matches \`${sel.slice(sel.indexOf(':') + 1)}\`` : isGlob(sel) ? `no instance, interface, NAT gateway or endpoint matches \`${sel}\`` : `no endpoint \`${sel}\``, guessHint(model, sel));
      else {
        // NAT gateways, endpoints and load balancer nodes receive; they do not start flows
        const senders = ids.filter((id) => {
          const k = model.index.networkInterface.get(id)?.owner.kind;
          return k === 'instance' || k === 'interface';
        });
        if (senders.length === 0) bad(`\`${sel}\` cannot send: it names only interfaces of NAT gateways, endpoints or load balancers`, 'name an instance or a standalone interface');
        for (const id of senders) iface(id);
      }
    }
  }
  return { items, errors };
}

/** Expands `to` selectors to destinations. */
export function expandDestinations(reach: Reach, selectors: readonly string[], path: readonly (string | number)[]): Expanded<DestSet> {
  const model = reach.model;
  const { items, errors, add, bad } = collector<DestSet>(path);
  const iface = (id: string, only?: Fam): void => {
    const c = reach.net.ifaces.get(id);
    if (!c) return;
    const a = ifaceAddresses(reach, id);
    const owner = model.index.networkInterface.get(id)?.owner;
    const inside = only ? fam((v) => intersect(a.inside[v], only[v])) : a.inside;
    const outside = only ? fam((v) => intersect(a.outside[v], only[v])) : a.outside;
    add({
      key: only ? `${id}@${fmt(only)}` : id,
      label: owner?.kind === 'nat-gateway' ? owner.natGateway : ifaceLabel(model, id),
      dest: { kind: 'iface', iface: c },
      host: hostOf(model, id),
      inside,
      outside,
      endpoint: owner?.kind === 'vpc-endpoint' ? owner.vpcEndpoint : undefined,
      noPublic4: only === undefined && a.noPublic4,
    });
  };
  const internet = (addrs: Fam, key: string): void => add({ key, label: 'internet', dest: { kind: 'internet' }, inside: addrs, outside: addrs });
  for (const sel of selectors) {
    if (sel === 'internet') internet([reach.internetAddresses(4), reach.internetAddresses(6)], 'internet');
    else if (sel.startsWith('internet:')) {
      const a = ipIntervals(sel.slice(9));
      if (!a) bad(`\`${sel}\`: not an internet address`, 'write `internet:8.8.8.8`');
      else internet(a, sel);
    } else if (sel.startsWith('service:')) bad(`\`${sel}\`: a service destination is not quantified symbolically`, 'state it as an `expect` trace, or name the endpoint or the service address');
    else if (sel.startsWith('lb:')) {
      const re = globRe(sel.slice(3));
      const found = [...reach.net.lbs.keys()].filter((id) => re.test(id)).map((id) => loadBalancerDest(reach, id)).filter((d) => d !== undefined);
      if (found.length === 0) bad(`no load balancer matches \`${sel.slice(3)}\``, 'name a load balancer of `loadBalancers` (a gateway load balancer is reached through its endpoints)');
      for (const d of found) add(d);
    }
    else if (sel.startsWith('external:')) {
      const [, id, ip] = sel.split(/:(.*)/s)[1]!.match(/^([^:]*)(?::(.*))?$/) ?? [];
      const n = id === undefined ? undefined : reach.net.externalById.get(id);
      if (!n) bad(`no external network \`${id}\``, 'declare it under `externalNetworks`');
      else {
        const all: Fam = [reach.sourceAddresses({ kind: 'external', network: n.id }, 4), reach.sourceAddresses({ kind: 'external', network: n.id }, 6)];
        const a = ip === undefined ? all : ipIntervals(ip);
        if (!a) bad(`\`${ip}\` is not an address`);
        else add({ key: ip === undefined ? `external:${n.id}` : sel, label: `external:${n.id}`, dest: { kind: 'external', network: n.id }, inside: a, outside: a });
      }
    } else if (sel.startsWith('cidr:') || parseIp(sel) !== undefined) {
      const range = sel.startsWith('cidr:') ? cidrIntervals(sel.slice(5)) : ipIntervals(sel);
      if (!range) {
        bad(`\`${sel.slice(5)}\` is not a CIDR block`);
        continue;
      }
      const o = rangeOwners(reach, range);
      for (const i of o.ifaces) iface(i.id, i.addrs);
      // a public address of an interface: reached from the internet at it
      for (const i of reach.net.ifaces.values()) if (i.lb === undefined && i.pub4 !== undefined && range[0].some(([lo, hi]) => i.pub4! >= (lo as number) && i.pub4! <= (hi as number)) && !o.ifaces.some((x) => x.id === i.id)) iface(i.id, [host4(i.pub4), []]);
      for (const e of o.externals) add({ key: `external:${e.id}@${fmt(e.addrs)}`, label: `external:${e.id}`, dest: { kind: 'external', network: e.id }, inside: e.addrs, outside: e.addrs });
      if (o.internet[0].length + o.internet[1].length > 0) internet(o.internet, `internet@${fmt(o.internet)}`);
      // load balancer nodes in the range, at their private or public addresses
      for (const id of reach.net.lbs.keys()) {
        const d = loadBalancerDest(reach, id, range);
        if (d && d.inside[0].length + d.inside[1].length + d.outside[0].length + d.outside[1].length > 0) add(d);
      }
    } else {
      const kind = model.index.byId.get(sel)?.kind;
      if (kind === 'subnet' || kind === 'vpc') {
        for (const id of interfacesOf(model, `${kind}:${sel}`) ?? []) iface(id);
        continue;
      }
      if (kind === 'external-network') {
        const a: Fam = [reach.sourceAddresses({ kind: 'external', network: sel }, 4), reach.sourceAddresses({ kind: 'external', network: sel }, 6)];
        add({ key: `external:${sel}`, label: `external:${sel}`, dest: { kind: 'external', network: sel }, inside: a, outside: a });
        continue;
      }
      if (kind === 'load-balancer') {
        const d = loadBalancerDest(reach, sel);
        if (d) add(d);
        else bad(`\`${sel}\` is a gateway load balancer: it is reached through its endpoints, not as a destination`);
        continue;
      }
      if (kind === 'nat-gateway') {
        const ni = reach.net.natIface.get(sel);
        if (ni) iface(ni.id);
        continue;
      }
      if (kind === 'vpc-endpoint') {
        const e = model.index.vpcEndpoint.get(sel);
        if (e?.type === 'interface') for (const id of e.interfaces) iface(id);
        else bad(`\`${sel}\` is a gateway endpoint: name the service address instead`);
        continue;
      }
      const re = isGlob(sel) ? globRe(sel) : undefined;
      const named = interfacesOf(model, sel);
      const ids = [...(named ?? [])];
      // NAT gateways, endpoints and load balancers by glob, as destinations
      for (const g of model.network.natGateways) if (re ? re.test(g.id) : g.id === sel) ids.push(reach.net.natIface.get(g.id)?.id ?? '');
      for (const e of model.network.vpcEndpoints) if (e.type === 'interface' && (re ? re.test(e.id) : e.id === sel)) pushAll(ids, e.interfaces);
      const lbs = re ? [...reach.net.lbs.keys()].filter((id) => re.test(id)).map((id) => loadBalancerDest(reach, id)).filter((d) => d !== undefined) : [];
      for (const d of lbs) add(d);
      const found = ids.filter((x) => x !== '');
      // a subnet or VPC with no interface selects nothing (a vacuous property, said as such)
      if (found.length === 0 && lbs.length === 0 && named === undefined) bad(sel.startsWith('subnet:') || sel.startsWith('vpc:') ? `no ${sel.startsWith('vpc:') ? 'VPC' : 'subnet'} matches \`${sel.slice(sel.indexOf(':') + 1)}\`` : isGlob(sel) ? `no instance, interface, NAT gateway or endpoint matches \`${sel}\`` : `no endpoint \`${sel}\``, guessHint(model, sel));
      for (const id of found) iface(id);
    }
  }
  return { items, errors };
}

function fmt(f: Fam): string {
  return [...f[0], ...f[1]].map(([lo, hi]) => (lo === hi ? formatIp(lo as never) : `${formatIp(lo as never)}-${formatIp(hi as never)}`)).join(',');
}

/** The addresses of an `except` list (CIDRs, IPs, `internet:IP`, `external:ID:IP`), per family. */
export function exceptAddresses(except: readonly string[]): Fam {
  const v4: (readonly [Bound, Bound])[] = [];
  const v6: (readonly [Bound, Bound])[] = [];
  for (const sel of except) {
    const text = sel.startsWith('cidr:') ? sel.slice(5) : sel.startsWith('internet:') ? sel.slice(9) : sel.startsWith('external:') && sel.split(':').length >= 3 ? sel.split(':').slice(2).join(':') : sel;
    const f = text.includes('/') ? cidrIntervals(text) : ipIntervals(text);
    if (!f) continue;
    pushAll(v4, f[0]);
    pushAll(v6, f[1]);
  }
  const sorted = (xs: (readonly [Bound, Bound])[]): Intervals => {
    const out: [Bound, Bound][] = [];
    for (const [lo, hi] of xs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const last = out[out.length - 1];
      if (last && last[1] >= lo) last[1] = hi > last[1] ? hi : last[1];
      else out.push([lo, hi]);
    }
    return out;
  };
  return [sorted(v4), sorted(v6)];
}

/** One (source, destination) pair: its reachable packets and each unreachable part with its verdict. */
export interface PairOutcome {
  readonly source: SourceSet;
  readonly dest: DestSet;
  readonly v: 4 | 6;
  readonly reachable: PacketSet | null;
  /** To a load balancer: the reachable packets by the targets that take them through both legs (`via`: their ids, in the listener's order). */
  readonly served?: readonly { readonly set: PacketSet; readonly via: string }[] | undefined;
  readonly unreachable: readonly { readonly set: PacketSet; readonly disposition: string; readonly blockedBy: string | null; readonly error?: string | undefined }[];
}

/** The packets a query names, per family: `tcp`/`udp` with destination and source ports, ICMP with every type and code, other protocols. */
export interface Query {
  /** Protocol numbers; -1 (or undefined): every protocol. */
  readonly protocols?: readonly number[] | undefined;
  readonly dstPorts?: Intervals | undefined;
  readonly srcPorts?: Intervals | undefined;
}

/** The query as a packet set of family `v` (every valid packet it names). */
export function querySet(space: PacketSpace, v: 4 | 6, q: Query): PacketSet | null {
  const all = q.protocols === undefined || q.protocols.includes(-1);
  const idd = space.idd(v);
  let node = 0;
  const protos = all ? undefined : q.protocols!.filter((p) => p !== (v === 4 ? 58 : 1));
  const ports: FieldRanges = { ...(q.dstPorts ? { dstPort: q.dstPorts } : {}), ...(q.srcPorts ? { srcPort: q.srcPorts } : {}) };
  const valid = space.valid(v).node;
  if (all) {
    node = idd.and(valid, idd.or(space.set(v, { proto: [[6, 6], [17, 17]], ...ports }).node, space.set(v, { proto: [[0, 5], [7, 16], [18, 255]] }).node));
  } else {
    for (const p of protos!) {
      const part = p === 6 || p === 17 ? space.set(v, { proto: [[p, p]], ...ports }) : space.set(v, { proto: [[p, p]] });
      node = idd.or(node, idd.and(valid, part.node));
    }
  }
  return node === 0 ? null : space.ofNode(v, node);
}

/**
 * Walks every source's packets of the query to the destinations and returns every pair's
 * outcome (pairs with the same host on both sides are not flows and are left out).
 */
export function flowsBetween(reach: Reach, sources: readonly SourceSet[], dests: readonly DestSet[], q: Query, exceptAddrs: Fam = NONE, onPair?: (o: PairOutcome) => boolean | void): PairOutcome[] {
  const space = reach.space;
  const out: PairOutcome[] = [];
  for (const src of sources) {
    const outside = src.source.kind === 'internet';
    for (const v of [4, 6] as const) {
      const fi = v === 4 ? 0 : 1;
      const targets = dests.filter((d) => d.host === undefined || d.host !== src.host);
      // from the internet a destination is reached at its public addresses; from inside AWS at
      // every address it has (a public one through the internet gateway and back)
      const entries = targets.map((d) => ({ v, intervals: subtract(outside ? d.outside[fi] : unionOf(d.inside[fi], d.outside[fi]), exceptAddrs[fi]), value: d })).filter((e) => e.intervals.length > 0);
      const pairs = new Map<DestSet, { reachable: number; served: Map<string, number>; unreachable: Map<string, { node: number; disposition: string; blockedBy: string | null; error?: string | undefined }> }>();
      const record = (d: DestSet, ok: boolean, node: number, disposition: string, blockedBy: string | null, err?: string, via?: string): void => {
        let p = pairs.get(d);
        if (!p) pairs.set(d, (p = { reachable: 0, served: new Map(), unreachable: new Map() }));
        const idd = space.idd(v);
        if (ok) {
          p.reachable = idd.or(p.reachable, node);
          if (via !== undefined) p.served.set(via, idd.or(p.served.get(via) ?? 0, node));
        } else {
          const k = `${disposition}|${blockedBy ?? ''}`;
          const cur = p.unreachable.get(k);
          p.unreachable.set(k, { node: idd.or(cur?.node ?? 0, node), disposition, blockedBy, error: err });
        }
      };
      // from the internet, an interface without a public IPv4 address cannot be addressed over IPv4
      if (outside && v === 4 && targets.some((d) => d.noPublic4 && (d.dest.kind === 'iface' || d.dest.kind === 'lb'))) {
        const start = reach.startSet(src.source, 4);
        const q4 = querySet(space, 4, q);
        const srcOnly = start && q4 ? restrictSrc(space, space.ofNode(4, space.idd(4).and(start.node, q4.node)), src.addrs?.[0], exceptAddrs[0]) : null;
        if (srcOnly) for (const d of targets) if (d.noPublic4 && (d.dest.kind === 'iface' || d.dest.kind === 'lb')) record(d, false, srcOnly.node, 'no-public-ip', d.dest.kind === 'iface' ? d.dest.iface.id : d.dest.lb);
      }
      if (entries.length === 0) {
        flush();
        continue;
      }
      const qs = querySet(space, v, q);
      const start0 = qs === null ? null : reach.startSet(src.source, v);
      if (start0 === null || qs === null) {
        flush();
        continue;
      }
      let start: PacketSet | null = space.ofNode(v, space.idd(v).and(start0.node, qs.node));
      start = restrictSrc(space, start, src.addrs?.[fi], exceptAddrs[fi]);
      const lookup = new IntervalLookup(entries);
      const destUnion = space.set(v, { dst: entries.flatMap((e) => e.intervals) });
      if (start !== null) start = space.ofNode(v, space.idd(v).and(start.node, destUnion.node));
      if (start !== null && start.node !== 0) {
        for (const part of reach.walk(src.source, start)) {
          for (const [ds, sub] of space.partition(part.set, 'dst', lookup)) {
            for (const d of ds ?? []) {
              let rest: PacketSet | null = sub;
              if (d.endpoint !== undefined) {
                // an interface endpoint accepts TCP over IPv4 only, however it is addressed
                const [tcp, other] = v === 4 ? space.split(sub, { proto: [6, 6] }) : [null, sub];
                if (other !== null) record(d, false, other.node, 'unsupported', d.endpoint);
                rest = tcp;
              }
              if (rest === null) continue;
              const verdict = verdictFor(part, d.dest);
              record(d, verdict.reachable, rest.node, verdict.disposition, verdict.blockedBy, part.error, verdict.reachable ? part.via : undefined);
            }
          }
        }
      }
      flush();
      function flush(): void {
        for (const [d, p] of pairs) {
          const o: PairOutcome = {
            source: src,
            dest: d,
            v,
            reachable: p.reachable === 0 ? null : space.ofNode(v, p.reachable),
            ...(p.served.size > 0 ? { served: [...p.served].map(([via, node]) => ({ set: space.ofNode(v, node), via })) } : {}),
            unreachable: [...p.unreachable.values()].map((u) => ({ set: space.ofNode(v, u.node), disposition: u.disposition, blockedBy: u.blockedBy, error: u.error })),
          };
          if (onPair && onPair(o) === false) return;
          out.push(o);
        }
        pairs.clear();
      }
    }
  }
  return out;
}

function restrictSrc(space: PacketSpace, p: PacketSet | null, only: Intervals | undefined, except: Intervals): PacketSet | null {
  if (p === null) return null;
  let node = p.node;
  const idd = space.idd(p.v);
  if (only !== undefined) node = idd.and(node, space.set(p.v, { src: only }).node);
  if (except.length > 0) node = idd.diff(node, space.set(p.v, { src: except }).node);
  return node === 0 ? null : space.ofNode(p.v, node);
}

/** a ∪ b for interval lists. */
function unionOf(a: Intervals, b: Intervals): Intervals {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  return normalizeIntervals([...a, ...b]);
}

/** a ∖ b for interval lists. */
export function subtract(a: Intervals, b: Intervals): Intervals {
  if (b.length === 0) return a;
  const out: [Bound, Bound][] = [];
  for (const [lo0, hi] of a) {
    let lo = lo0;
    for (const [blo, bhi] of b) {
      if (bhi < lo || blo > hi) continue;
      if (blo > lo) out.push([lo, typeof blo === 'bigint' ? blo - 1n : (blo as number) - 1]);
      lo = typeof bhi === 'bigint' ? bhi + 1n : (bhi as number) + 1;
      if (lo > hi) break;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

export { PacketSpace, Reach };
