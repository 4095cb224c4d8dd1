// What the pickers offer: endpoints for traces, principals/actions/resources for requests.
import type { Model } from '@vpcsim/model';
import type { NetApi } from '../engines.js';

/** One choice in a picker. */
export interface Candidate {
  readonly value: string;
  readonly kind: string;
  readonly label?: string | undefined;
}

function fromEngine(list: readonly unknown[]): Candidate[] {
  const out: Candidate[] = [];
  for (const e of list) {
    if (typeof e === 'string') out.push({ value: e, kind: 'endpoint' });
    else if (e && typeof e === 'object') {
      const o = e as Record<string, unknown>;
      const value = typeof o['id'] === 'string' ? o['id'] : typeof o['value'] === 'string' ? o['value'] : undefined;
      if (value) out.push({ value, kind: typeof o['kind'] === 'string' ? o['kind'] : 'endpoint', label: typeof o['label'] === 'string' ? o['label'] : typeof o['name'] === 'string' ? o['name'] : undefined });
    }
  }
  return out;
}

/** Trace endpoints: instances, interfaces, gateways, endpoints, the internet, external networks, services. */
export function traceCandidates(model: Model, net?: NetApi): Candidate[] {
  if (net?.traceEndpoints) {
    try {
      const list = fromEngine(net.traceEndpoints(model));
      if (list.length > 0) return list;
    } catch {
      // fall back to the list read from the model
    }
  }
  const n = model.network;
  const out: Candidate[] = [];
  for (const i of n.instances) out.push({ value: i.id, kind: 'instance', label: i.name });
  for (const i of n.networkInterfaces) if (i.owner.kind === 'interface') out.push({ value: i.id, kind: 'network-interface', label: i.privateIp });
  for (const g of n.natGateways) out.push({ value: g.id, kind: 'nat-gateway', label: g.publicIp ?? g.privateIp });
  for (const g of n.internetGateways) out.push({ value: g.id, kind: 'internet-gateway', label: g.vpc });
  for (const e of n.vpcEndpoints) out.push({ value: e.id, kind: `vpc-endpoint (${e.type})`, label: e.service });
  out.push({ value: 'internet', kind: 'internet', label: 'any internet address' });
  for (const x of n.externalNetworks) out.push({ value: `external:${x.id}`, kind: 'external-network' });
  const services = new Set(n.vpcEndpoints.map((e) => e.service));
  for (const s of ['s3', 'dynamodb', ...services]) if (!out.some((c) => c.value === `service:${s}`)) out.push({ value: `service:${s}`, kind: 'aws-service' });
  return out;
}

/** Protocol choices. */
export const PROTOCOLS: readonly Candidate[] = ['tcp', 'udp', 'icmp', 'icmpv6', 'all'].map((p) => ({ value: p, kind: 'protocol' }));

/**
 * The ports the scenario itself names, first (rules of its security groups and network ACLs,
 * and its expectations), then the common ones: the picker offers what the scenario is about.
 */
export function portCandidates(model: Model): Candidate[] {
  const named = new Map<number, string>();
  const note = (port: number, where: string): void => {
    if (!Number.isInteger(port) || port < 0 || port > 65535) return;
    const seen = named.get(port);
    if (seen === undefined) named.set(port, where);
    else if (!seen.split(', ').includes(where) && seen.split(', ').length < 3) named.set(port, `${seen}, ${where}`);
  };
  const ports = (r: { protocol: string | number; ports?: string | number | undefined }, where: string): void => {
    if (r.ports === undefined || r.ports === 'all') return;
    const [lo] = String(r.ports).split('-');
    note(Number(lo), where);
  };
  for (const g of model.scenario.securityGroups ?? []) for (const r of [...(g.inbound ?? []), ...(g.outbound ?? [])]) ports(r, g.id);
  for (const a of model.scenario.networkAcls ?? []) for (const r of [...(a.inbound ?? []), ...(a.outbound ?? [])]) ports(r, a.id);
  for (const e of model.scenario.expect ?? []) if (e.trace?.port !== undefined) note(e.trace.port, 'an expectation');
  const common = PORTS.filter((c) => !named.has(Number(c.value)));
  const label = (p: number): string => {
    const name = PORTS.find((c) => Number(c.value) === p)?.label;
    return `${name ? `${name} · ` : ''}${named.get(p)!}`;
  };
  return [...[...named.keys()].sort((a, b) => a - b).map((p) => ({ value: String(p), kind: 'port in the scenario', label: label(p) })), ...common];
}

/** Common ports, offered while typing a port. */
export const PORTS: readonly Candidate[] = [
  [22, 'ssh'],
  [80, 'http'],
  [443, 'https'],
  [53, 'dns'],
  [3306, 'mysql'],
  [5432, 'postgresql'],
  [6379, 'redis'],
  [3389, 'rdp'],
].map(([p, l]) => ({ value: String(p), kind: 'port', label: String(l) }));

function collectActions(v: unknown, out: Set<string>): void {
  if (Array.isArray(v)) for (const x of v) collectActions(x, out);
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Action') for (const a of typeof x === 'string' ? [x] : Array.isArray(x) ? x : []) if (typeof a === 'string' && !a.includes('*')) out.add(a);
      collectActions(x, out);
    }
  }
}

/** Request field choices, read from the scenario's IAM section, resources and instances. */
export function requestCandidates(model: Model, field: 'principal' | 'action' | 'resource' | 'from'): Candidate[] {
  const sc = model.scenario;
  switch (field) {
    case 'principal':
      return [
        ...(sc.iam?.roles ?? []).map((r) => ({ value: `role/${r.name}`, kind: 'role' })),
        ...(sc.iam?.users ?? []).map((u) => ({ value: `user/${u.name}`, kind: 'user' })),
        ...(sc.iam?.sessions ?? []).map((s) => ({ value: s.principal, kind: 'session' })),
        { value: 'root', kind: 'account root' },
        { value: 'anonymous', kind: 'anonymous' },
      ];
    case 'action': {
      const set = new Set<string>();
      collectActions(sc, set);
      return [...set].sort().map((a) => ({ value: a, kind: 'action' }));
    }
    case 'resource':
      return (sc.resources ?? []).flatMap((r) => [{ value: r.arn, kind: 'resource' }, ...(r.arn.startsWith('arn:aws:s3:::') && !r.arn.includes('/') ? [{ value: `${r.arn}/example-object`, kind: 'an object in the bucket' }] : [])]);
    case 'from':
      return model.network.instances.map((i) => ({ value: i.id, kind: 'instance', label: i.name }));
  }
}

/**
 * Candidates whose value, kind or label contains `text` (case-insensitive), best first: an
 * exact value, then values starting with the text, then values containing it, then the rest.
 */
export function filterCandidates(list: readonly Candidate[], text: string): Candidate[] {
  const t = text.trim().toLowerCase();
  if (!t) return [...list];
  const rank = (c: Candidate): number => {
    const v = c.value.toLowerCase();
    if (v === t) return 0;
    if (v.startsWith(t)) return 1;
    if (v.includes(t)) return 2;
    if (c.kind.toLowerCase().includes(t) || (c.label ?? '').toLowerCase().includes(t)) return 3;
    return -1;
  };
  return list
    .map((c, i) => ({ c, i, r: rank(c) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.c);
}
