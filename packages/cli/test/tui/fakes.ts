// Engine doubles for the UI's component tests: small, deterministic traces and decisions so
// the tests assert what the screens show, independent of the engines' own behaviour.
import { join, relative } from 'node:path';
import type { CheckResultLike, DecisionLike, FlowSpec, HopLike, TraceLike } from '../../src/engine-types.js';
import type { AnalysisApi, IamApi, NetApi } from '../../src/engines.js';
import { loadFile, type Loaded } from '../../src/load.js';
import type { Engines } from '../../src/tui/App.js';

export const FIXTURES = join(import.meta.dirname, '..', 'fixtures');

/** A fixture loaded by its path from the working directory, as a user names it: frames do not depend on where the repository is cloned. */
export async function fixture(name = 'small.yaml'): Promise<Loaded> {
  return loadFile(relative(process.cwd(), join(FIXTURES, name)));
}

export const delay = (ms = 30) => new Promise((r) => setTimeout(r, ms));

const hop = (component: string, kind: string, verdict: string, rule: string | undefined, detail: HopLike['detail']): HopLike => ({ component, kind, verdict, rule, detail });

/** A reachable path out to the internet. */
export const REACHABLE: TraceLike = {
  reachable: true,
  disposition: 'exits-internet',
  blockedBy: null,
  blockers: [],
  forward: [
    hop('sg-web', 'security-group', 'allow', 'all  all  0.0.0.0/0', { step: 'filter', why: 'outbound rules allow all traffic', direction: 'outbound', table: ['all  all  0.0.0.0/0'] }),
    hop('rtb-public', 'route-table', 'forward', '0.0.0.0/0 → igw-app', {
      step: 'route',
      why: 'the most specific route is 0.0.0.0/0',
      routeTable: 'rtb-public',
      destination: '0.0.0.0/0',
      target: 'igw-app',
      table: ['10.0.0.0/16 → local', '0.0.0.0/0 → igw-app'],
    }),
    hop('igw-app', 'internet-gateway', 'translate', undefined, { step: 'translate', why: 'the public IP replaces the private source', from: '10.0.1.10', to: '3.80.1.10' }),
  ],
  return: [hop('igw-app', 'internet-gateway', 'translate', undefined, { step: 'translate', why: 'back to the private address', from: '3.80.1.10', to: '10.0.1.10' })],
  errors: [],
};

/** A path stopped by the database's security group. */
export const BLOCKED: TraceLike = {
  reachable: false,
  disposition: 'denied-sg-ingress',
  blockedBy: 'sg-db',
  blockers: [{ component: 'sg-db', setting: 'inbound rules', fix: 'add an inbound rule for tcp 5432 from the source' }],
  forward: [
    hop('igw-app', 'internet-gateway', 'forward', undefined, { step: 'forward', why: 'enters the VPC' }),
    hop('acl-private', 'network-acl', 'allow', '100  ALL  all  0.0.0.0/0  ALLOW', { step: 'filter', why: 'rule 100 allows', direction: 'inbound', table: ['100  ALL  all  0.0.0.0/0  ALLOW', '*  ALL  all  0.0.0.0/0  DENY'] }),
    hop('sg-db', 'security-group', 'deny', undefined, { step: 'filter', why: 'no inbound rule allows tcp 5432 from 203.0.113.9', direction: 'inbound', table: ['tcp  5432  sg-web'] }),
  ],
  return: [],
  errors: [],
};

export function fakeNet(calls: FlowSpec[] = []): NetApi {
  return {
    trace: (_m, flow) => {
      calls.push(flow);
      return flow.to === 'i-db-1' && flow.from === 'internet' ? BLOCKED : REACHABLE;
    },
    flowLogs: () => [],
  };
}

export function fakeIam(): IamApi {
  return {
    evaluate: (_m, req): DecisionLike =>
      req.action === 's3:GetObject'
        ? {
            decision: 'allowed',
            decisive: [{ policy: 'role/web inline read-assets', statement: 0, sid: 'ReadAssets' }],
            explain: [
              { gate: 'identity policies', outcome: 'allow', why: 'ReadAssets allows s3:GetObject' },
              { gate: 'resource policy', outcome: 'not-applicable' },
            ],
            errors: [],
          }
        : { decision: 'implicitly-denied', decisive: [], explain: [{ gate: 'identity policies', outcome: 'no match', why: 'no statement allows the action' }], errors: [] },
  };
}

export function fakeAnalysis(counter = { runs: 0 }): AnalysisApi {
  return {
    checkScenario: (): CheckResultLike[] => {
      counter.runs++;
      return [
        { name: 'web reaches the internet', kind: 'expect', passed: true, expected: { reachable: true }, actual: { reachable: true }, trace: REACHABLE, errors: [] },
        { name: 'nothing reaches the database', kind: 'property', passed: false, expected: { reachable: false }, actual: { reachable: true }, counterexample: { from: 'i-web-1', to: 'i-db-1', port: 5432 }, errors: [] },
      ];
    },
    request: (m, spec) => ({
      decision: fakeIam().evaluate(m, spec),
      trace: REACHABLE,
      network: { reached: true, disposition: 'exits-service', via: 'gateway-endpoint', endpoint: 'vpce-s3', context: { 'aws:SourceVpce': 'vpce-s3', 'aws:SourceVpc': 'vpc-app' } },
      errors: [],
    }),
  };
}

export function fakeEngines(calls: FlowSpec[] = [], counter = { runs: 0 }): Engines {
  return { net: fakeNet(calls), iam: fakeIam(), analysis: fakeAnalysis(counter) };
}

export const KEYS = { up: '\u001b[A', down: '\u001b[B', left: '\u001b[D', right: '\u001b[C', enter: '\r', escape: '\u001b', tab: '\t', backspace: '\u007f' } as const;
