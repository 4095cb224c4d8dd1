// A valid scenario that touches every kind, and helpers to run one mutation through the
// schema and the validator.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { parseScenarioText } from '../src/loader.js';
import { formatDiagnostic, type Diagnostic, type Path } from '../src/diagnostic.js';
import { Scenario } from '../src/schema/index.js';
import { validateScenario } from '../src/validate/index.js';
import { zodDiagnostics } from '../src/validate/zod.js';
import { textProblems } from '../src/validate/text.js';
import { escapeKeys } from '../src/schema/dict.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Raw = any;

const doc = (statement: object[]) => ({ Version: '2012-10-17', Statement: statement });

/** A fresh copy of the valid base scenario. */
export function base(): Raw {
  return structuredClone({
    version: 1,
    name: 'base',
    defaults: { account: '111111111111', region: 'us-east-1' },
    vpcs: [
      { id: 'vpc-a', cidr: '10.0.0.0/16', secondaryCidrs: ['10.10.0.0/16'], ipv6Cidr: '2600:1f18:1:1200::/56' },
      { id: 'vpc-b', cidr: '10.1.0.0/16' },
      { id: 'vpc-c', cidr: '10.2.0.0/16', region: 'us-west-2' },
    ],
    subnets: [
      { id: 'sn-pub-a', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24', ipv6Cidr: '2600:1f18:1:1200::/64', routeTable: 'rtb-pub' },
      { id: 'sn-priv-a', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', routeTable: 'rtb-priv', networkAcl: 'acl-priv' },
      { id: 'sn-priv-b', vpc: 'vpc-a', availabilityZone: 'us-east-1b', cidr: '10.10.2.0/24', routeTable: 'rtb-priv' },
      { id: 'sn-b', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.1.0.0/24' },
      { id: 'sn-c', vpc: 'vpc-c', availabilityZone: 'us-west-2a', cidr: '10.2.0.0/24', networkAcl: 'vpc-c/default-acl' },
    ],
    routeTables: [
      {
        id: 'rtb-pub',
        vpc: 'vpc-a',
        routes: [
          { destination: '0.0.0.0/0', target: 'igw-a' },
          { destination: '::/0', target: 'igw-a' },
          { destination: '10.1.0.0/16', target: 'pcx-ab' },
          { destination: '192.168.0.0/16', target: 'vgw-a' },
        ],
      },
      {
        id: 'rtb-priv',
        vpc: 'vpc-a',
        routes: [
          { destination: '0.0.0.0/0', target: 'nat-a' },
          { destination: '::/0', target: 'eigw-a' },
          { destination: '172.16.0.0/12', target: 'tgw-1' },
          { destination: 'pl-corp', target: 'i-app' },
          { destination: '10.99.0.0/16', target: 'blackhole' },
        ],
        propagatingGateways: ['vgw-a'],
      },
      { id: 'rtb-b', vpc: 'vpc-b', main: true, routes: [{ destination: '10.0.0.0/16', target: 'pcx-ab' }] },
    ],
    networkAcls: [
      {
        id: 'acl-priv',
        vpc: 'vpc-a',
        inbound: [
          { rule: 100, protocol: 'tcp', ports: 443, cidr: '10.0.0.0/16', action: 'allow' },
          { rule: 110, protocol: 'tcp', ports: '1024-65535', cidr: '0.0.0.0/0', action: 'allow' },
          { rule: 120, protocol: 'icmp', icmpType: 8, cidr: '10.0.0.0/8', action: 'allow' },
        ],
        outbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }],
      },
    ],
    securityGroups: [
      {
        id: 'sg-web',
        vpc: 'vpc-a',
        inbound: [
          { protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' },
          { protocol: 'tcp', ports: 22, securityGroup: 'sg-bastion' },
          { protocol: 'tcp', ports: 443, prefixList: 'pl-corp' },
          { protocol: 'tcp', ports: 443, prefixList: 'pl-s3' },
        ],
      },
      { id: 'sg-bastion', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 22, cidr: '203.0.113.0/24' }] },
      { id: 'sg-b', vpc: 'vpc-b', inbound: [{ protocol: 'tcp', ports: 443, securityGroup: 'sg-web' }] },
    ],
    networkInterfaces: [{ id: 'eni-extra', subnet: 'sn-priv-a', privateIp: '10.0.1.50', securityGroups: ['sg-web'] }],
    instances: [
      {
        id: 'i-web',
        subnet: 'sn-pub-a',
        privateIp: '10.0.0.10',
        publicIp: '3.80.1.10',
        ipv6Addresses: ['2600:1f18:1:1200::10'],
        securityGroups: ['sg-web'],
        networkInterfaces: ['eni-extra'],
        instanceProfile: 'role/web',
      },
      { id: 'i-bastion', subnet: 'sn-pub-a', privateIp: '10.0.0.11', publicIp: '3.80.1.11', securityGroups: ['sg-bastion'] },
      { id: 'i-app', subnet: 'sn-priv-a', privateIp: '10.0.1.10', secondaryPrivateIps: ['10.0.1.11'], sourceDestCheck: false, nat: true },
      { id: 'i-b', subnet: 'sn-b', privateIp: '10.1.0.10', securityGroups: ['sg-b'] },
      { id: 'i-c', subnet: 'sn-c', privateIp: '10.2.0.10' },
    ],
    internetGateways: [{ id: 'igw-a', vpc: 'vpc-a' }, { id: 'igw-spare' }],
    egressOnlyInternetGateways: [{ id: 'eigw-a', vpc: 'vpc-a' }],
    natGateways: [{ id: 'nat-a', subnet: 'sn-pub-a', publicIp: '52.0.0.10', privateIp: '10.0.0.20' }],
    vpcPeeringConnections: [{ id: 'pcx-ab', requester: 'vpc-a', accepter: 'vpc-b', status: 'active' }],
    vpcEndpoints: [
      { id: 'vpce-s3', vpc: 'vpc-a', type: 'gateway', service: 's3', routeTables: ['rtb-priv'], policy: doc([{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }]) },
      { id: 'vpce-sqs', vpc: 'vpc-a', type: 'interface', service: 'sqs', subnets: ['sn-priv-a', 'sn-priv-b'], securityGroups: ['sg-web'] },
    ],
    prefixLists: [{ id: 'pl-corp', cidrs: ['192.168.0.0/16', '172.16.0.0/12'] }],
    transitGateways: [
      {
        id: 'tgw-1',
        routeTables: [{ id: 'tgw-rtb-1', routes: [{ destination: '192.168.0.0/16', attachment: 'tgw-att-vpn' }, { destination: '10.99.0.0/16', blackhole: true }], associations: ['tgw-att-a', 'tgw-att-vpn'], propagations: ['tgw-att-a'] }],
        attachments: [
          { id: 'tgw-att-a', vpc: 'vpc-a', subnets: ['sn-priv-a', 'sn-priv-b'] },
          { id: 'tgw-att-vpn', vpnConnection: 'vpn-2' },
        ],
      },
    ],
    vpnGateways: [{ id: 'vgw-a', vpc: 'vpc-a', asn: 64512 }],
    customerGateways: [{ id: 'cgw-1', ip: '198.51.100.7', asn: 65000 }],
    vpnConnections: [
      { id: 'vpn-1', customerGateway: 'cgw-1', vpnGateway: 'vgw-a', routing: 'static', staticRoutes: ['192.168.0.0/16'] },
      { id: 'vpn-2', customerGateway: 'cgw-1', transitGateway: 'tgw-1', routing: 'bgp' },
    ],
    externalNetworks: [{ id: 'office', cidrs: ['192.168.0.0/16'], via: 'cgw-1' }],
    accounts: [{ id: '111111111111', name: 'prod' }],
    organization: {
      id: 'o-a1b2c3d4e5',
      managementAccount: '999999999999',
      root: {
        policies: ['FullAWSAccess'],
        accounts: ['999999999999'],
        units: [{ id: 'ou-prod', policies: ['FullAWSAccess', 'DenyRegions'], resourceControlPolicies: ['DenyOutsiders'], accounts: ['111111111111'] }],
      },
      policies: [
        { name: 'DenyRegions', type: 'scp', document: doc([{ Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }]) },
        { name: 'DenyOutsiders', type: 'rcp', document: doc([{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' }, BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } } }]) },
      ],
    },
    iam: {
      users: [
        {
          name: 'alice',
          groups: ['devs'],
          managedPolicies: ['ReadS3', 'arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::111111111111:policy/Boundary'],
          permissionsBoundary: 'Boundary',
          inlinePolicies: { own: doc([{ Effect: 'Allow', Action: ['s3:PutObject'], Resource: 'arn:aws:s3:::assets/alice/*', Condition: { 'ForAnyValue:StringLike': { 'aws:TagKeys': ['team*'] } } }]) },
        },
      ],
      groups: [{ name: 'devs', managedPolicies: ['ReadS3'] }],
      roles: [
        {
          name: 'web',
          trustPolicy: doc([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
          inlinePolicies: { s3: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::assets/*' }]) },
        },
      ],
      policies: [
        { name: 'ReadS3', document: doc([{ Effect: 'Allow', Action: ['s3:GetObject', 's3:List*'], Resource: '*' }]) },
        { name: 'Boundary', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: '*' } } },
      ],
      sessions: [{ principal: 'role/web/batch', sessionPolicy: doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]) }],
    },
    resources: [
      {
        arn: 'arn:aws:s3:::assets',
        account: '111111111111',
        policy: doc([{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/web' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::assets/*' }]),
      },
    ],
    expect: [
      { name: 'web reaches the internet', trace: { from: 'i-web', to: '8.8.8.8', protocol: 'tcp', port: 443 }, reachable: true },
      { name: 'office reaches web', trace: { from: 'external:office:192.168.1.5', to: 'internet:3.80.1.10', protocol: 'tcp', port: 443 }, reachable: false },
      { name: 'web reads assets', request: { principal: 'role/web', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/a.png', from: 'i-web' }, decision: 'allowed' },
    ],
    properties: [{ name: 'alice cannot delete', forall: { principal: ['user/alice'], action: 's3:DeleteBucket' }, decision: 'implicitly-denied' }],
  });
}

/** Text checks, schema, then validator, as compile runs them; all diagnostics (errors and warnings). */
export function diagnose(raw: unknown): Diagnostic[] {
  const text = textProblems(raw);
  if (text.length > 0) return text;
  const input = escapeKeys(raw);
  const parsed = Scenario.safeParse(input);
  if (!parsed.success) return zodDiagnostics(parsed.error.issues, input);
  return validateScenario(parsed.data);
}

/** Mutates the base scenario and returns its diagnostics. */
export function mutate(f: (s: Raw) => void): Diagnostic[] {
  const s = base();
  f(s);
  return diagnose(s);
}

/** Asserts a diagnostic with `code` at `path` (and returns it). */
export function expectDiagnostic(ds: readonly Diagnostic[], code: string, path?: Path): Diagnostic {
  const hit = ds.find((d) => d.code === code && (path === undefined || JSON.stringify(d.path) === JSON.stringify(path)));
  expect(hit, `expected ${code} at ${JSON.stringify(path)}; got:\n${ds.map(formatDiagnostic).join('\n')}`).toBeDefined();
  return hit!;
}

/** Asserts that exactly this code is reported at this path, as an error. */
export function expectError(f: (s: Raw) => void, code: string, path?: Path): Diagnostic {
  const d = expectDiagnostic(mutate(f), code, path);
  expect(d.severity).toBe('error');
  return d;
}

/** Asserts a warning (and no errors). */
export function expectWarning(f: (s: Raw) => void, code: string, path?: Path): Diagnostic {
  const ds = mutate(f);
  const d = expectDiagnostic(ds, code, path);
  expect(d.severity).toBe('warning');
  expect(ds.filter((x) => x.severity === 'error').map(formatDiagnostic)).toEqual([]);
  return d;
}

/** A fresh copy of a draft scenario of test/fixtures/format-2/ (`load-balancers`, `direct-connect`, `account-states`). */
export function format2(name: 'load-balancers' | 'direct-connect' | 'account-states'): Raw {
  const text = readFileSync(fileURLToPath(new URL(`../../../test/fixtures/format-2/${name}.yaml`, import.meta.url)), 'utf8');
  return structuredClone(parseScenarioText(text).value);
}

/** Mutates a format-2 draft and returns its diagnostics. */
export function mutate2(name: Parameters<typeof format2>[0], f: (s: Raw) => void = () => {}): Diagnostic[] {
  const s = format2(name);
  f(s);
  return diagnose(s);
}

/** Asserts an error with `code` at `path` after mutating a format-2 draft. */
export function expectError2(name: Parameters<typeof format2>[0], f: (s: Raw) => void, code: string, path?: Path): Diagnostic {
  const d = expectDiagnostic(mutate2(name, f), code, path);
  expect(d.severity).toBe('error');
  return d;
}

/** Asserts a warning (and no errors) after mutating a format-2 draft. */
export function expectWarning2(name: Parameters<typeof format2>[0], f: (s: Raw) => void, code: string, path?: Path): Diagnostic {
  const ds = mutate2(name, f);
  const d = expectDiagnostic(ds, code, path);
  expect(d.severity).toBe('warning');
  expect(ds.filter((x) => x.severity === 'error').map(formatDiagnostic)).toEqual([]);
  return d;
}
