// Shared fixtures of the section tests (addresses, routing, network ACLs, security groups,
// gateways, traces): a small base network, compiled through @vpcsim/model, and a tracer call
// that returns the verdict plus the path as `component:verdict` strings.
import { compile, type Model } from '@vpcsim/model';
import { trace, type Flow, type Trace } from '@vpcsim/net';
import { expect } from 'vitest';
import { referenceTrace } from '../src/reference.js';

/** A raw scenario object, as YAML would give it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Raw = Record<string, any>;

/**
 * One VPC (10.0.0.0/16, IPv6 2600:1f18:1:100::/56, us-east-1):
 * - subnet-pub  10.0.0.0/24 (us-east-1a), rtb-pub: 0.0.0.0/0 and ::/0 → igw-a;
 * - subnet-app  10.0.1.0/24 (us-east-1a), the main table (local routes only);
 * - subnet-db   10.0.2.0/24 (us-east-1b), the main table;
 * - sg-open: all inbound from anywhere (IPv4 and IPv6), all outbound;
 * - i-web (10.0.0.10, public 54.0.0.10, 2600:1f18:1:100::10), i-app (10.0.1.10),
 *   i-app2 (10.0.1.11), i-db (10.0.2.10), all in sg-open.
 */
export function base(): Raw {
  return {
    version: 1,
    name: 'base',
    vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16', ipv6Cidr: '2600:1f18:1:100::/56' }],
    subnets: [
      { id: 'subnet-pub', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24', ipv6Cidr: '2600:1f18:1:100::/64', routeTable: 'rtb-pub' },
      { id: 'subnet-app', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', ipv6Cidr: '2600:1f18:1:101::/64' },
      { id: 'subnet-db', vpc: 'vpc-a', availabilityZone: 'us-east-1b', cidr: '10.0.2.0/24' },
    ],
    internetGateways: [{ id: 'igw-a', vpc: 'vpc-a' }],
    routeTables: [
      { id: 'rtb-pub', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'igw-a' }, { destination: '::/0', target: 'igw-a' }] },
    ],
    securityGroups: [{ id: 'sg-open', vpc: 'vpc-a', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }, { protocol: 'all', cidr: '::/0' }] }],
    instances: [
      { id: 'i-web', subnet: 'subnet-pub', privateIp: '10.0.0.10', publicIp: '54.0.0.10', ipv6Addresses: ['2600:1f18:1:100::10'], securityGroups: ['sg-open'] },
      { id: 'i-app', subnet: 'subnet-app', privateIp: '10.0.1.10', ipv6Addresses: ['2600:1f18:1:101::10'], securityGroups: ['sg-open'] },
      { id: 'i-app2', subnet: 'subnet-app', privateIp: '10.0.1.11', securityGroups: ['sg-open'] },
      { id: 'i-db', subnet: 'subnet-db', privateIp: '10.0.2.10', securityGroups: ['sg-open'] },
    ],
  };
}

/**
 * The base network peered with vpc-b (10.1.0.0/16, subnet-b, i-b 10.1.0.10 in sg-b open to all):
 * pcx-ab active, routes both ways (subnet-app's new table rtb-app, vpc-b's rtb-b).
 */
export function peeredB(from: Raw = base()): Raw {
  return variant((s) => {
    s.vpcs.push({ id: 'vpc-b', cidr: '10.1.0.0/16' });
    s.subnets.push({ id: 'subnet-b', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.1.0.0/24', routeTable: 'rtb-b' });
    s.vpcPeeringConnections = [{ id: 'pcx-ab', requester: 'vpc-a', accepter: 'vpc-b', status: 'active' }];
    s.routeTables.push({ id: 'rtb-b', vpc: 'vpc-b', routes: [{ destination: '10.0.0.0/16', target: 'pcx-ab' }] });
    s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '10.1.0.0/16', target: 'pcx-ab' }] });
    s.subnets[1].routeTable = 'rtb-app';
    s.securityGroups.push({ id: 'sg-b', vpc: 'vpc-b', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
    s.instances.push({ id: 'i-b', subnet: 'subnet-b', privateIp: '10.1.0.10', securityGroups: ['sg-b'] });
  }, from);
}

/** A copy of the base network changed by `f`. */
export function variant(f: (s: Raw) => void, from: Raw = base()): Raw {
  const s = structuredClone(from);
  f(s);
  return s;
}

/** Compiles a raw scenario or fails the test with its diagnostics. */
export function model(raw: Raw): Model {
  const r = compile(raw);
  if (!r.ok) throw new Error(`scenario does not compile:\n${r.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('\n')}`);
  return r.model;
}

/** The diagnostics codes of a scenario that must not compile. */
export function compileErrors(raw: Raw): string[] {
  const r = compile(raw);
  return r.ok ? [] : r.errors.map((e) => e.code);
}

export interface Outcome {
  reachable: boolean;
  disposition: string;
  blockedBy: string | null;
  /** `component:verdict` for each forward hop. */
  path: string[];
  /** `component:verdict` for each return hop. */
  back: string[];
  t: Trace;
}

/** Traces `from → to` (tcp by default) and returns the verdict and the paths. */
export function run(m: Model | Raw, from: string, to: string, port: number | undefined = 443, extra: Partial<Flow> = {}): Outcome {
  const mm = 'network' in m && 'index' in m ? (m as Model) : model(m as Raw);
  const flow: Flow = { from, to, protocol: 'tcp', port, ...extra };
  const t = trace(mm, flow);
  return {
    reachable: t.reachable,
    disposition: t.disposition,
    blockedBy: t.blockedBy,
    path: t.forward.map((h) => `${h.component}:${h.verdict}`),
    back: t.return.map((h) => `${h.component}:${h.verdict}`),
    t,
  };
}

/** Asserts a verdict (and blockedBy when given). */
export function expectVerdict(o: Outcome, disposition: string, blockedBy?: string | null): void {
  const msg = `${o.disposition} ${o.blockedBy}\n  forward: ${o.path.join(' > ')}\n  return: ${o.back.join(' > ')}\n  errors: ${o.t.errors.map((e) => e.message).join('; ')}`;
  expect(o.disposition, msg).toBe(disposition);
  expect(o.reachable, msg).toBe(['delivered', 'exits-internet', 'exits-external', 'exits-service'].includes(disposition));
  if (blockedBy !== undefined) expect(o.blockedBy, msg).toBe(blockedBy);
}

/** The reference tracer's verdict of a flow on a raw scenario (the reference-*.test.ts files). */
export function refVerdict(raw: Raw, flow: Flow): { reachable: boolean; disposition: string; blockedBy: string | null; modelled: boolean } {
  const r = referenceTrace(model(raw), flow);
  return { reachable: r.reachable, disposition: r.disposition, blockedBy: r.blockedBy, modelled: r.modelled };
}
/** A TCP flow to port 443. */
export const tcp443 = (from: string, to: string): Flow => ({ from, to, protocol: 'tcp', port: 443 });
/** A reachable verdict of the reference. */
export const refOk = (disposition = 'delivered') => ({ reachable: true, disposition, blockedBy: null, modelled: true });
/** An unreachable verdict of the reference. */
export const refNo = (disposition: string, blockedBy: string | null) => ({ reachable: false, disposition, blockedBy, modelled: true });
