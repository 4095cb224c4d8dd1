// Properties must never be "proved" while a concrete flow or request breaks them: each case
// here is a flow (or request) the case space used to miss, checked on the real engines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, type Model, type Property } from '@vpcsim/model';
import { trace } from '@vpcsim/net';
import { checkProperty, expandSelector } from '../src/index.js';
import { iamSpace } from '../src/iam-space.js';

function load(yaml: string): Model {
  const c = compile(parse(yaml));
  if (!c.ok) throw new Error(c.errors.map((e) => e.message).join('\n'));
  return c.model;
}
const prop = (p: Record<string, unknown>): Property => ({ name: 'p', ...p }) as Property;

const HEAD = `
version: 1
name: t
defaults: { account: "111111111111", region: us-east-1 }
`;
/** One VPC, a public subnet (internet gateway) and an app subnet. */
const BASE = `${HEAD}
vpcs:
  - { id: vpc-a, cidr: 10.0.0.0/16 }
subnets:
  - { id: subnet-pub, vpc: vpc-a, availabilityZone: us-east-1a, cidr: 10.0.0.0/24, routeTable: rtb-pub }
  - { id: subnet-app, vpc: vpc-a, availabilityZone: us-east-1a, cidr: 10.0.1.0/24 }
  - { id: subnet-empty, vpc: vpc-a, availabilityZone: us-east-1a, cidr: 10.0.2.0/24 }
internetGateways:
  - { id: igw-a, vpc: vpc-a }
routeTables:
  - id: rtb-pub
    vpc: vpc-a
    routes:
      - { destination: 0.0.0.0/0, target: igw-a }
`;
/** A web instance in the public subnet whose security group has the given inbound rules. */
const web = (rules: string): Model =>
  load(`${BASE}
securityGroups:
  - id: sg-web
    vpc: vpc-a
    inbound:
${rules}
instances:
  - { id: i-web, subnet: subnet-pub, privateIp: 10.0.0.10, publicIp: 3.80.0.10, securityGroups: [sg-web] }
  - { id: i-app, subnet: subnet-app, privateIp: 10.0.1.10 }
`);

describe('except removes only the addresses it names', () => {
  const m = web('      - { protocol: tcp, ports: 22, cidr: 198.51.100.0/24 }');
  it('`internet:IP` no longer swallows the rest of its address class', () => {
    const r = checkProperty(m, prop({ forall: { from: 'internet', to: 'i-web', port: 22 }, except: ['internet:198.51.100.0'], reachable: false }));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ from: 'internet:198.51.100.1', to: 'i-web', port: 22 });
    expect(r.trace?.reachable).toBe(true);
  });
  it('a bare IP and `external:ID:IP`-style address excepts cut classes too; `cidr:` removes its whole block', () => {
    expect(checkProperty(m, prop({ forall: { from: 'internet', to: 'i-web', port: 22 }, except: ['198.51.100.128'], reachable: false })).counterexample).toMatchObject({ from: 'internet:198.51.100.0' });
    const cidr = checkProperty(m, prop({ forall: { from: 'internet', to: 'i-web', port: 22 }, except: ['cidr:198.51.100.0/25'], reachable: false }));
    expect(cidr.counterexample).toMatchObject({ from: 'internet:198.51.100.128' });
    const all = checkProperty(m, prop({ forall: { from: 'internet', to: 'i-web', port: 22 }, except: ['cidr:198.51.100.0/24'], reachable: false }));
    expect(all.passed).toBe(true);
    expect(all.stats?.summary).toMatch(/^proved for every packet/);
  });
});

describe('secondary private IPs and interfaces', () => {
  const m = load(`${BASE}
securityGroups:
  - id: sg-db
    vpc: vpc-a
    inbound:
      - { protocol: tcp, ports: 5432, cidr: 10.0.1.20/32 }
      - { protocol: tcp, ports: 5432, cidr: 10.0.1.50/32 }
instances:
  - { id: i-app, subnet: subnet-app, privateIp: 10.0.1.10, secondaryPrivateIps: [10.0.1.20] }
  - { id: i-app2, subnet: subnet-app, privateIp: 10.0.1.11, networkInterfaces: [eni-app2-b] }
  - { id: i-db, subnet: subnet-app, privateIp: 10.0.1.30, securityGroups: [sg-db] }
networkInterfaces:
  - { id: eni-app2-b, subnet: subnet-app, privateIp: 10.0.1.50 }
`);
  it('a `cidr:` address that is a secondary IP sends from that IP, not from the primary', () => {
    const r = checkProperty(m, prop({ forall: { from: 'cidr:10.0.1.0/27', to: 'i-db', port: 5432 }, reachable: false }));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ from: '10.0.1.20', to: 'i-db' });
    expect(r.trace?.reachable).toBe(true);
  });
  it('an instance id covers its secondary IPs and its other interfaces, the instance first', () => {
    expect(expandSelector(m, 'i-app').endpoints.map((e) => e.endpoint)).toEqual(['i-app', '10.0.1.20']);
    expect(expandSelector(m, 'i-app*').endpoints.map((e) => e.endpoint)).toEqual(['i-app', 'i-app2', '10.0.1.20', 'eni-app2-b']);
    expect(checkProperty(m, prop({ forall: { from: 'i-app', to: 'i-db', port: 5432 }, reachable: false })).counterexample).toMatchObject({ from: '10.0.1.20' });
    expect(checkProperty(m, prop({ forall: { from: 'i-app2', to: 'i-db', port: 5432 }, reachable: false })).counterexample).toMatchObject({ from: 'eni-app2-b' });
    // `except` of the instance takes its other addresses with it
    expect(checkProperty(m, prop({ forall: { from: 'subnet:subnet-app', to: 'i-db', port: 5432 }, except: ['i-app*'], reachable: false })).passed).toBe(true);
  });
  it('an instance is not sent to its own secondary address, and the address is its own class', () => {
    const r = checkProperty(m, prop({ forall: { from: 'i-app', to: 'cidr:10.0.1.16/28', protocol: 'icmp' }, reachable: true }));
    expect(r.errors).toEqual([]);
    expect(r.counterexample?.to).not.toBe('10.0.1.20');
  });
});

describe('every owner of an address', () => {
  it('`external:ID` keeps its addresses even when an unconnected VPC has an interface with the same IP', () => {
    const m = load(`${HEAD}
vpcs:
  - { id: vpc-corp, cidr: 10.10.0.0/16 }
  - { id: vpc-lab, cidr: 192.168.0.0/16 }
subnets:
  - { id: subnet-app, vpc: vpc-corp, availabilityZone: us-east-1a, cidr: 10.10.1.0/24, routeTable: rtb-app }
  - { id: subnet-lab, vpc: vpc-lab, availabilityZone: us-east-1a, cidr: 192.168.1.0/24 }
routeTables:
  - id: rtb-app
    vpc: vpc-corp
    routes:
      - { destination: 192.168.0.0/16, target: vgw-corp }
vpnGateways:
  - { id: vgw-corp, vpc: vpc-corp, asn: 64512 }
customerGateways:
  - { id: cgw-office, ip: 198.51.100.7, asn: 65000 }
vpnConnections:
  - { id: vpn-office, customerGateway: cgw-office, vpnGateway: vgw-corp, routing: static, staticRoutes: [192.168.0.0/16] }
externalNetworks:
  - { id: office, cidrs: [192.168.0.0/16], via: cgw-office }
securityGroups:
  - id: sg-app
    vpc: vpc-corp
    inbound:
      - { protocol: tcp, ports: 22, cidr: 192.168.1.10/32 }
instances:
  - { id: i-app-1, subnet: subnet-app, privateIp: 10.10.1.10, securityGroups: [sg-app] }
  - { id: i-lab-1, subnet: subnet-lab, privateIp: 192.168.1.10 }
`);
    for (const from of ['external:office', 'cidr:192.168.0.0/16']) {
      const r = checkProperty(m, prop({ forall: { from, to: 'i-app-1', port: 22 }, reachable: false }));
      expect(r.passed, from).toBe(false);
      expect(r.counterexample, from).toMatchObject({ from: 'external:office:192.168.1.10', to: 'i-app-1' });
    }
    expect(expandSelector(m, 'cidr:192.168.1.10/32').endpoints.map((e) => e.endpoint)).toEqual(['i-lab-1', 'external:office:192.168.1.10']);
  });
  it('overlapping VPCs: a `cidr:` address yields the interface of every VPC that holds it', () => {
    const m = load(`${HEAD}
vpcs:
  - { id: vpc-a, cidr: 10.0.0.0/16 }
  - { id: vpc-b, cidr: 10.0.0.0/16 }
subnets:
  - { id: subnet-a, vpc: vpc-a, availabilityZone: us-east-1a, cidr: 10.0.1.0/24 }
  - { id: subnet-b, vpc: vpc-b, availabilityZone: us-east-1a, cidr: 10.0.1.0/24 }
instances:
  - { id: i-a1, subnet: subnet-a, privateIp: 10.0.1.10 }
  - { id: i-a2, subnet: subnet-a, privateIp: 10.0.1.11 }
  - { id: i-b1, subnet: subnet-b, privateIp: 10.0.1.10 }
  - { id: i-b2, subnet: subnet-b, privateIp: 10.0.1.11 }
`);
    const r = checkProperty(m, prop({ forall: { from: 'cidr:10.0.1.0/24', to: 'i-b2', port: 22 }, reachable: false }));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ from: 'i-b1', to: 'i-b2' });
  });
});

describe('NAT gateway and endpoint interfaces are destinations', () => {
  const m = load(`${BASE}
natGateways:
  - { id: nat-a, subnet: subnet-pub, publicIp: 3.80.0.99 }
instances:
  - { id: i-app, subnet: subnet-app, privateIp: 10.0.1.10 }
`);
  const natIp = m.network.natGateways[0]!.privateIp;
  it('`to: cidr:` tries the NAT gateway\'s address; `from: cidr:` leaves it out', () => {
    expect(expandSelector(m, 'cidr:10.0.0.0/24', { side: 'to' }).endpoints.map((e) => e.endpoint)).toEqual([natIp]);
    expect(expandSelector(m, 'cidr:10.0.0.0/24', { side: 'from' }).endpoints).toEqual([]);
    const r = checkProperty(m, prop({ forall: { from: 'i-app', to: 'cidr:10.0.0.0/24', port: 443 }, reachable: true }));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ from: 'i-app', to: natIp });
    expect(r.trace?.disposition).toBe('inbound-not-allowed');
    // excepting the NAT gateway removes its address
    const x = checkProperty(m, prop({ forall: { from: 'i-app', to: 'cidr:10.0.0.0/24', port: 443 }, except: ['nat-a'], reachable: true }));
    expect(x.errors[0]?.message).toBe('`to` selects no endpoint: the property would hold vacuously');
  });
  it('`from: cidr:` with only a NAT gateway in it selects nothing: an error, not a proof', () => {
    const r = checkProperty(m, prop({ forall: { from: 'cidr:10.0.0.0/24', to: 'i-app', port: 443 }, reachable: false }));
    expect(r.passed).toBe(false);
    expect(r.errors[0]?.message).toBe('`from` selects no endpoint: the property would hold vacuously');
  });
});

describe('protocols and ICMP types the rules name', () => {
  it('`protocol: all` covers every protocol: GRE gets through where a rule admits protocol 47', () => {
    const m = web('      - { protocol: "47", cidr: 0.0.0.0/0 }');
    const r = checkProperty(m, prop({ forall: { from: 'internet', to: 'i-web', protocol: 'all' }, reachable: false }));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ from: 'internet:203.0.113.10', to: 'i-web', protocol: 47 });
    expect(trace(m, { from: 'internet:8.8.8.8', to: 'i-web', protocol: 47 }).reachable).toBe(true);
  });
  it('ICMP tries every type and code the rules name, not only the echo request', () => {
    const m = web('      - { protocol: icmp, icmpType: 3, icmpCode: 4, cidr: 0.0.0.0/0 }');
    const r = checkProperty(m, prop({ forall: { from: 'internet', to: 'i-web', protocol: 'icmp' }, reachable: false }));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ protocol: 'icmp', icmpType: 3, icmpCode: 4 });
    // every type and code is a packet of the space: only type 3 code 4 gets through
    const open = checkProperty(m, prop({ forall: { from: 'i-app', to: 'i-web', protocol: 'icmp' }, reachable: false }));
    expect(open.counterexample).toMatchObject({ protocol: 'icmp', icmpType: 3, icmpCode: 4 });
    expect(open.stats?.summary).toBe('counterexample found (1 source × 1 destination; icmp; 1 pair examined)');
  });
});

describe('vacuous properties fail', () => {
  const m = web('      - { protocol: tcp, ports: 443, cidr: 0.0.0.0/0 }');
  it('an empty subnet as `to`', () => {
    const r = checkProperty(m, prop({ forall: { from: 'internet', to: 'subnet:subnet-empty' }, reachable: true }));
    expect(r.passed).toBe(false);
    expect(r.errors.map((e) => [e.code, e.message])).toEqual([['property-vacuous', '`to` selects no endpoint: the property would hold vacuously']]);
  });
  it('`except` that removes every endpoint of a side', () => {
    const r = checkProperty(m, prop({ forall: { from: 'i-app', to: 'i-web' }, except: ['i-app'], reachable: false }));
    expect(r.passed).toBe(false);
    expect(r.errors[0]?.message).toBe('`from` selects no endpoint: the property would hold vacuously');
  });
});

describe('summaries', () => {
  it('the summary says what was proved: sources, destinations, protocols, ports, source ports', () => {
    const m = web('      - { protocol: tcp, ports: 443, cidr: 0.0.0.0/0 }');
    const r = checkProperty(m, prop({ forall: { from: 'i-app', to: 'i-web', port: 22 }, reachable: false }));
    expect(r.stats?.summary).toBe('proved for every packet (1 source × 1 destination; tcp; ports 22, source ports 1024-65535)');
  });
});

const IAM = (statements: string, extra = ''): Model =>
  load(`${HEAD}
iam:
  users:
    - name: alice
      inlinePolicies:
        P:
          Version: "2012-10-17"
          Statement:
${statements}
    - name: bob
${extra}`);

describe('IAM properties: the cases the scenario names', () => {
  it('two overlapping resource patterns give a resource both decide: an allow on reports/* cut by a deny on */secret*', () => {
    const m = IAM(`            - { Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }
            - { Effect: Deny, Action: "s3:GetObject", Resource: "arn:aws:s3:::*/secret*" }`);
    const r = checkProperty(m, prop({ forall: { principal: 'user/alice', action: ['s3:GetObject'], resource: 'arn:aws:s3:::reports/*' }, decision: 'allowed' }));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ principal: 'user/alice', resource: 'arn:aws:s3:::reports/secret' });
  });
  it('the shortest common match of two patterns, or none', async () => {
    const { globIntersection } = await import('../src/iam-space.js');
    expect(globIntersection('arn:aws:s3:::reports/*', 'arn:aws:s3:::*/secret*')).toBe('arn:aws:s3:::reports/secret');
    expect(globIntersection('a*b', 'c*')).toBeUndefined();
    expect(globIntersection('b/?x*', 'b/*y')).toMatch(/^b\/.xy$/);
    expect(globIntersection('*', 'abc')).toBe('abc');
  });
  it('an exhaustive run says what it checked, not "proved"', () => {
    const m = IAM('            - { Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*" }');
    const r = checkProperty(m, prop({ forall: { principal: 'user/alice', action: ['s3:GetObject'], resource: 'arn:aws:s3:::reports/*' }, decision: 'allowed' }));
    expect(r.passed).toBe(true);
    expect(r.stats?.summary).toBe('checked all 1 case the scenario names (principals, actions, resources, context values)');
  });
  it('a resource pattern with `${aws:username}` gives each user\'s own resource', () => {
    const m = IAM('            - { Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::home/${aws:username}/*" }');
    const r = checkProperty(m, prop({ forall: { principal: '*', action: ['s3:GetObject'], resource: 'arn:aws:s3:::home/*' }, decision: 'denied' }));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toEqual({ principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::home/alice/example' });
    expect(iamSpace(m, prop({ forall: { principal: '*', action: ['s3:GetObject'], resource: 'arn:aws:s3:::*' }, decision: 'denied' })).resources.some((x) => x?.includes('${'))).toBe(false);
  });
  it('a session ARN a bucket policy names joins `*` and globs', () => {
    const m = load(`${HEAD}
iam:
  roles:
    - name: web
      trustPolicy:
        Version: "2012-10-17"
        Statement: [{ Effect: Allow, Principal: { Service: ec2.amazonaws.com }, Action: "sts:AssumeRole" }]
resources:
  - arn: arn:aws:s3:::vault
    account: "111111111111"
    policy:
      Version: "2012-10-17"
      Statement:
        - { Effect: Allow, Principal: { AWS: "arn:aws:sts::111111111111:assumed-role/web/batch" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::vault/*" }
`);
    for (const principal of ['role/web*', '*']) {
      const r = checkProperty(m, prop({ forall: { principal, action: ['s3:GetObject'], resource: 'arn:aws:s3:::vault/*' }, decision: 'denied' }));
      expect(r.passed, principal).toBe(false);
      expect(r.counterexample, principal).toMatchObject({ principal: 'role/web/batch' });
    }
  });
  it('aws:SourceIp and aws:CurrentTime conditions give their own values (the empty context stays first)', () => {
    const ip = IAM(`            - Effect: Allow
              Action: "s3:GetObject"
              Resource: "arn:aws:s3:::vault/*"
              Condition: { IpAddress: { "aws:SourceIp": "203.0.113.0/24" } }`);
    const p = prop({ forall: { principal: '*', action: ['s3:GetObject'], resource: 'arn:aws:s3:::vault/*' }, decision: 'denied' });
    expect(iamSpace(ip, p).contexts).toEqual([{}, { 'aws:SourceIp': '203.0.113.0' }, { 'aws:SourceIp': '203.0.114.0' }]);
    expect(checkProperty(ip, p).counterexample).toMatchObject({ principal: 'user/alice', context: { 'aws:SourceIp': '203.0.113.0' } });
    // a key the property quantifies keeps its own values
    expect(checkProperty(ip, prop({ ...p, forall: { ...p.forall, context: { 'aws:SourceIp': ['198.51.100.1'] } } })).passed).toBe(true);

    const time = IAM(`            - Effect: Allow
              Action: "s3:GetObject"
              Resource: "arn:aws:s3:::vault/*"
              Condition: { DateGreaterThan: { "aws:CurrentTime": "2026-01-01T00:00:00Z" } }`);
    const r = checkProperty(time, p);
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ principal: 'user/alice', context: { 'aws:CurrentTime': '2026-01-01T00:00:01Z' } });
  });
  it('String and Bool conditions on global keys join by default (`conditionValues: time-and-ip` leaves them out)', () => {
    const m = IAM(`            - Effect: Allow
              Action: "s3:GetObject"
              Resource: "arn:aws:s3:::vault/*"
              Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } }`);
    const p = prop({ forall: { principal: '*', action: ['s3:GetObject'], resource: 'arn:aws:s3:::vault/*' }, decision: 'denied' });
    expect(checkProperty(m, p, { conditionValues: 'time-and-ip' }).passed).toBe(true);
    const r = checkProperty(m, p);
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ principal: 'user/alice', context: { 'aws:MultiFactorAuthPresent': 'true' } });
    // a property about requests without MFA says so, and holds
    const withoutMfa = prop({ forall: { principal: '*', action: ['s3:GetObject'], resource: 'arn:aws:s3:::vault/*', context: { 'aws:MultiFactorAuthPresent': ['false'] } }, decision: 'denied' });
    expect(checkProperty(m, withoutMfa).passed).toBe(true);
  });
});

describe('several destinations at once', () => {
  it('a destination listed after one with higher addresses is still quantified (its addresses were once dropped)', () => {
    const m = load(readFileSync(join(import.meta.dirname, '../../../scenarios/vpc-three-tier.yaml'), 'utf8'));
    // i-app-1 reaches i-db-1 (10.16.16.10) on 5432 but not i-web-1 (10.16.48.10): listed in that order, the property must still fail
    const r = checkProperty(m, prop({ forall: { from: 'i-app-1', to: ['i-web-1', 'i-db-1'], protocol: 'tcp', port: 5432 }, reachable: false }));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ from: 'i-app-1', to: 'i-db-1', port: 5432 });
  });
});

describe('a counterexample from the internet is an address a host sends from', () => {
  // every IPv6 address is public: ::/0 to the internet gateway opens the instance both ways
  // https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html
  const m = load(`${HEAD}
vpcs:
  - { id: vpc-a, cidr: 10.0.0.0/16, ipv6Cidr: "2600:1f18:1:1300::/56" }
subnets:
  - { id: subnet-pub, vpc: vpc-a, availabilityZone: us-east-1a, cidr: 10.0.0.0/24, ipv6Cidr: "2600:1f18:1:1301::/64", routeTable: rtb-pub }
internetGateways:
  - { id: igw-a, vpc: vpc-a }
routeTables:
  - id: rtb-pub
    vpc: vpc-a
    routes:
      - { destination: "::/0", target: igw-a }
securityGroups:
  - id: sg-web
    vpc: vpc-a
    inbound:
      - { protocol: tcp, ports: 443, cidr: "::/0" }
instances:
  - { id: i-web, subnet: subnet-pub, privateIp: 10.0.0.10, ipv6Addresses: ["2600:1f18:1:1301::10"], securityGroups: [sg-web] }
`);
  it('IPv6: 2001:db8::10 (a documentation address), not ::, and the tracer agrees', () => {
    const r = checkProperty(m, prop({ forall: { from: 'internet', to: 'i-web', protocol: 'tcp', port: '0-65535' }, reachable: false }));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ from: 'internet:2001:db8::10', to: 'i-web', port: 443 });
    expect(r.errors).toEqual([]);
    expect(trace(m, { from: 'internet:2001:db8::10', to: '2600:1f18:1:1301::10', protocol: 'tcp', port: 443 }).disposition).toBe('delivered');
  });
});
