// Small fake engines over a compiled model, so the search machinery is tested on its own.
import { compile, parseIpv4, parseCidr, cidrLast, type Model } from '@vpcsim/model';
import type { Flow, Trace } from '@vpcsim/net';
import type { DecisionLike, Engines, IamRequest } from '../src/index.js';

export function model(raw: unknown): Model {
  const r = compile(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
  return r.model;
}

function portsOf(p: number | string | undefined): [number, number] {
  if (p === undefined || p === 'all') return [0, 65535];
  if (typeof p === 'number') return [p, p];
  const [a, b] = p.split('-');
  return [Number(a), Number(b ?? a)];
}

function inCidr(cidr: string, ip: number): boolean {
  const b = parseCidr(cidr);
  return typeof b !== 'string' && b.version === 4 && ip >= (b.base as number) && ip <= (cidrLast(b) as number);
}

/** Source address of a flow endpoint. */
function addressOf(m: Model, e: string): number | undefined {
  if (e.startsWith('internet:')) return parseIpv4(e.slice(9));
  if (e.startsWith('external:')) return parseIpv4(e.split(':')[2] ?? '');
  const ip = parseIpv4(e);
  if (ip !== undefined) return ip;
  const inst = m.index.instance.get(e);
  const iface = m.index.networkInterface.get(inst ? inst.interfaces[0]! : e);
  return iface ? parseIpv4(iface.privateIp) : undefined;
}

/** A tracer that applies only the destination's security groups (inbound), nothing else. */
export function fakeTrace(m: Model, flow: Flow): Trace {
  const base = { blockers: [], forward: [], return: [], errors: [] };
  const src = addressOf(m, flow.from);
  const inst = m.index.instance.get(flow.to);
  const iface = m.index.networkInterface.get(inst ? inst.interfaces[0]! : flow.to);
  if (src === undefined || !iface)
    return { ...base, reachable: false, disposition: 'invalid-flow', blockedBy: null, errors: [{ code: 'x', severity: 'error', path: [], message: `bad flow ${flow.from} -> ${flow.to}` }] };
  for (const sgId of iface.securityGroups) {
    const sg = m.index.securityGroup.get(sgId)!;
    for (const r of sg.inbound) {
      const proto = String(r.protocol);
      if (proto !== 'all' && proto !== String(flow.protocol ?? 'tcp')) continue;
      const [lo, hi] = portsOf(r.ports);
      if (proto !== 'all' && flow.port !== undefined && (flow.port < lo || flow.port > hi)) continue;
      if ('cidr' in r && typeof r.cidr === 'string' && !inCidr(r.cidr, src)) continue;
      return { ...base, reachable: true, disposition: 'delivered', blockedBy: null };
    }
  }
  return { ...base, reachable: false, disposition: 'denied-sg-ingress', blockedBy: iface.securityGroups[0] ?? null };
}

export const calls = { trace: 0, evaluate: 0 };

/** An evaluator: admin may do anything; `role/dev` may delete only with MFA in the context. */
export function fakeEvaluate(_m: Model, r: IamRequest): DecisionLike {
  calls.evaluate++;
  const allow = r.principal === 'role/admin' || (r.principal === 'role/dev' && r.context?.['aws:MultiFactorAuthPresent'] === 'true');
  const denied = r.action === 's3:DeleteBucket' && r.resource === 'arn:aws:s3:::locked';
  return {
    decision: denied ? 'explicitly-denied' : allow ? 'allowed' : 'implicitly-denied',
    decisive: [],
    explain: [],
    errors: [],
  };
}

export const fakes: Engines = {
  trace: (m, f) => {
    calls.trace++;
    return fakeTrace(m, f);
  },
  evaluate: fakeEvaluate,
};

const allowDelete = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:DeleteBucket', 's3:GetObject'], Resource: ['arn:aws:s3:::assets', 'arn:aws:s3:::assets/*'] }] };

/** One VPC, a web server with SSH open to the world, a database open to the web subnet. */
export const sshOpen = {
  version: 1,
  name: 'ssh open',
  defaults: { account: '111111111111', region: 'us-east-1' },
  vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16' }],
  subnets: [
    { id: 'subnet-web', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24' },
    { id: 'subnet-db', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.2.0/24' },
  ],
  securityGroups: [
    { id: 'sg-web', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' }, { protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] },
    { id: 'sg-db', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 5432, cidr: '10.0.1.0/24' }] },
  ],
  instances: [
    { id: 'i-web-1', subnet: 'subnet-web', privateIp: '10.0.1.10', securityGroups: ['sg-web'] },
    { id: 'i-db-1', subnet: 'subnet-db', privateIp: '10.0.2.10', securityGroups: ['sg-db'] },
    { id: 'i-db-2', subnet: 'subnet-db', privateIp: '10.0.2.11', securityGroups: ['sg-db'] },
  ],
  iam: {
    users: [{ name: 'alice' }],
    roles: [
      { name: 'admin', inlinePolicies: { all: allowDelete } },
      { name: 'dev', inlinePolicies: { all: allowDelete } },
    ],
  },
  resources: [{ arn: 'arn:aws:s3:::assets' }, { arn: 'arn:aws:s3:::locked' }],
};

/** A public web server behind an internet gateway, SSH open to the world; a private database. */
export const publicWeb = {
  version: 1,
  name: 'public web, ssh open',
  defaults: { account: '111111111111', region: 'us-east-1' },
  vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16' }],
  subnets: [
    { id: 'subnet-web', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', routeTable: 'rtb-public' },
    { id: 'subnet-db', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.2.0/24' },
  ],
  internetGateways: [{ id: 'igw-a', vpc: 'vpc-a' }],
  routeTables: [{ id: 'rtb-public', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'igw-a' }] }],
  securityGroups: [
    { id: 'sg-web', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' }, { protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] },
    { id: 'sg-db', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 5432, securityGroup: 'sg-web' }] },
  ],
  instances: [
    { id: 'i-web-1', subnet: 'subnet-web', privateIp: '10.0.1.10', publicIp: '3.80.1.10', securityGroups: ['sg-web'] },
    { id: 'i-db-1', subnet: 'subnet-db', privateIp: '10.0.2.10', securityGroups: ['sg-db'] },
  ],
};
