// Importer end to end: import the hand-written `corp` export and the real Batfish exports, then
// trace packets (@vpcsim/net) and judge requests (@vpcsim/iam) on the result. The engines are
// loaded dynamically: a test is skipped, with the reason printed, while an engine is missing.
import { compile, type Model } from '@vpcsim/model';
import { evaluate } from '@vpcsim/iam';
import { importAws } from '@vpcsim/import-aws';
import { trace } from '@vpcsim/net';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'aws');
function fixture(name: string): Map<string, string> {
  const root = join(FIXTURES, name);
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(root, p).split(sep).join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return out;
}

function modelOf(name: string): Model {
  const r = compile(importAws(fixture(name)).scenario);
  if (!r.ok) throw new Error(`${name} does not compile: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.model;
}

const WEB = 'i-0a1000000000000a1';
const DB = 'i-0a2000000000000a2';
const DATA = 'i-0b1000000000000b1';

describe('imported corp export: traces', () => {
  let m: Model;
  beforeAll(() => {
    m = modelOf('corp');
  });
  it('the web server reaches the internet through the internet gateway', () => {
    const t = trace(m, { from: WEB, to: '8.8.8.8', protocol: 'tcp', port: 443 });
    expect(t.errors).toEqual([]);
    expect(t.reachable).toBe(true);
  });
  it('the database reaches the internet through the NAT gateway', () => {
    const t = trace(m, { from: DB, to: '8.8.8.8', protocol: 'tcp', port: 443 });
    expect(t.reachable).toBe(true);
  });
  it('the internet does not reach the database', () => {
    const t = trace(m, { from: 'internet', to: DB, protocol: 'tcp', port: 5432 });
    expect(t.reachable).toBe(false);
  });
  it('the web server reaches the database (security group reference)', () => {
    const t = trace(m, { from: WEB, to: DB, protocol: 'tcp', port: 5432 });
    expect(t.reachable).toBe(true);
  });
  it('the database cannot open 5432 to the data VPC: its group allows only 443 out', () => {
    const t = trace(m, { from: DB, to: DATA, protocol: 'tcp', port: 5432 });
    expect(t.reachable).toBe(false);
    expect(t.blockedBy).toBe('sg-0a3000000000000a3');
  });
  it('the data VPC reaches the database across the peering connection', () => {
    const t = trace(m, { from: DATA, to: DB, protocol: 'tcp', port: 5432 });
    expect(t.reachable).toBe(true);
  });
});

// "Every interface id (eni-…) of an imported instance is a trace endpoint (flow logs and consoles
// show ENI ids). In expectations, `blockedBy: <instance id>` matches a blocker on any of that
// instance's interfaces" (issue 13, item 7). An instance's primary interface is written inline on
// the instance (`<instance>/eth0` in the model), its AWS id kept as `primaryInterfaceId`.
// https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html (interface-id)
describe('imported corp export: every interface id of an instance is a trace endpoint', () => {
  let m: Model;
  beforeAll(() => {
    m = modelOf('corp');
  });
  it('the primary interfaces by their eni- ids, as the instances', () => {
    expect(m.index.interfaceByAwsId.get('eni-0a1000000000000a1')?.id).toBe(`${WEB}/eth0`);
    const t = trace(m, { from: 'eni-0a1000000000000a1', to: 'eni-0a2000000000000a2', protocol: 'tcp', port: 5432 });
    expect(t.errors).toEqual([]);
    expect(t.reachable).toBe(true);
    expect(t.forward.at(-1)?.component).toBe(`${DB}/eth0`);
    expect(t.forward[0]?.component).toBe(`${WEB}/eth0`);
  });
  it('an extra interface by its eni- id', () => {
    const t = trace(m, { from: WEB, to: 'eni-0a2000000000000b2', protocol: 'tcp', port: 5432 });
    expect(t.errors).toEqual([]);
    expect(t.forward.at(-1)?.component).toBe('eni-0a2000000000000b2');
  });
  it('expectations: `blockedBy: <instance id>` matches a blocker on any of its interfaces, an eni- id its interface', async () => {
    const { checkScenario } = await import('@vpcsim/analysis');
    const sc = importAws(fixture('corp')).scenario;
    const flow = { from: 'internet', to: DB, protocol: 'tcp', port: 5432 };
    const r = compile({
      ...sc,
      expect: [
        { name: 'by the instance', trace: flow, reachable: false, blockedBy: DB, disposition: 'no-public-ip' },
        { name: 'by the primary interface id', trace: flow, reachable: false, blockedBy: 'eni-0a2000000000000a2' },
        { name: 'by the model id', trace: flow, reachable: false, blockedBy: `${DB}/eth0` },
        { name: 'another instance does not match', trace: flow, reachable: false, blockedBy: WEB },
        { name: 'another interface does not match', trace: flow, reachable: false, blockedBy: 'eni-0a2000000000000b2' },
      ],
    });
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
    expect(checkScenario(r.model).map((x) => [x.name, x.passed])).toEqual([
      ['by the instance', true],
      ['by the primary interface id', true],
      ['by the model id', true],
      ['another instance does not match', false],
      ['another interface does not match', false],
    ]);
  });
  it('a primary interface id already used by another resource is a located error', () => {
    const sc = structuredClone(importAws(fixture('corp')).scenario) as { instances: { primaryInterfaceId?: string }[] };
    sc.instances[1]!.primaryInterfaceId = 'eni-0a2000000000000b2';
    const r = compile(sc);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.code, e.path.join('.')])).toContainEqual(['duplicate-id', 'instances.1.primaryInterfaceId']);
  });
});

describe('imported corp export: IAM', () => {
  let m: Model;
  beforeAll(() => {
    m = modelOf('corp');
  });
  it('the web role reads the assets bucket', () => {
    const d = evaluate(m, { principal: 'role/web', action: 's3:GetObject', resource: 'arn:aws:s3:::corp-assets/logo.png' });
    expect(d.decision).toBe('allowed');
  });
  it('the bucket policy denies insecure transport', () => {
    const d = evaluate(m, { principal: 'role/web', action: 's3:GetObject', resource: 'arn:aws:s3:::corp-assets/logo.png', context: { 'aws:SecureTransport': 'false' } });
    expect(d.decision).toBe('explicitly-denied');
  });
  it('alice cannot delete the bucket (no policy allows it)', () => {
    const d = evaluate(m, { principal: 'arn:aws:iam::111111111111:user/engineering/alice', action: 's3:DeleteBucket', resource: 'arn:aws:s3:::corp-assets' });
    expect(d.decision).toBe('implicitly-denied');
  });
  it('alice reads through her group\'s AWS-managed policy, within her boundary', () => {
    const d = evaluate(m, { principal: 'arn:aws:iam::111111111111:user/engineering/alice', action: 'ec2:DescribeInstances', resource: '*' });
    expect(d.decision).toBe('allowed');
  });
  it('the boundary stops alice where her policies allow (iam:GetUser)', () => {
    const d = evaluate(m, { principal: 'arn:aws:iam::111111111111:user/engineering/alice', action: 'iam:GetUser', resource: 'arn:aws:iam::111111111111:user/bob' });
    expect(d.decision).toBe('implicitly-denied');
  });
});

describe('imported real exports: traces', () => {
  it('public subnet (Batfish): the instance with a public IP is reachable on ssh from the internet', () => {
    const m = modelOf('real-public-private-subnet');
    const pub = m.network.instances.find((i) => m.network.networkInterfaces.find((n) => n.id === i.interfaces[0])?.publicIp !== undefined)!;
    const t = trace(m, { from: 'internet', to: pub.id, protocol: 'tcp', port: 22 });
    expect(t.reachable).toBe(true);
  });
  it('vpc peering (Batfish): every trace is a value, never a throw', () => {
    const m = modelOf('real-vpc-peering');
    const [a, b] = m.network.instances;
    const t = trace(m, { from: a!.id, to: b!.id, protocol: 'tcp', port: 22 });
    expect(typeof t.reachable).toBe('boolean');
  });
});

describe('imported real exports: the audit fixes give the answers the raw exports imply', () => {
  it('transit gateway peering: traffic arriving over the peering is routed by the table the peer end is associated with', () => {
    const m = modelOf('real-transit-gateway-peering');
    // 10.20.1.100 (us-east-1) → 192.168.1.100 (us-west-1): east routes 192.168.0.0/16 to the
    // peering; on the west TGW the peering end is associated with tgw-rtb-00be87593fb2cd0ae,
    // which has the west VPC's propagated block. The reply dies on the east side, whose
    // peering-associated table has no route to 10.20.0.0/16 (as in the raw export).
    const t = trace(m, { from: 'i-05e25e43074216229', to: 'i-0afb0a59f6bf36397', protocol: 'icmp' });
    expect(t.blockedBy).not.toBe('tgw-03201f1960ddb0c25');
    expect(t.blockedBy).toBe('tgw-rtb-05d2952671d1f460a');
  });
  it('gateway endpoint: the exported S3 list decides what goes to the endpoint, not the bundled snapshot', () => {
    const m = modelOf('real-vpc-endpoint-gateway');
    // 16.182.0.0/16 is in the bundled us-east-1 S3 snapshot but not in the exported pl-63a5400a:
    // the raw route table sends it to the internet gateway
    const t = trace(m, { from: 'i-0464d440ca0ee9e34', to: '16.182.1.1', protocol: 'tcp', port: 443 });
    expect(t.reachable).toBe(true);
    expect(t.disposition).toBe('exits-internet');
  });
});

describe('the CLI import path (packages/cli/src/commands/import.ts)', () => {
  it('reads the folder, imports and writes YAML that loads with no errors', async () => {
    const { importCommand } = await import('../packages/cli/src/commands/import.js');
    const { loadScenario } = await import('@vpcsim/model');
    const o = await importCommand(join(FIXTURES, 'corp'));
    expect(o.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const loaded = loadScenario(o.yaml, 'corp.yaml');
    expect(loaded.ok ? [] : loaded.errors).toEqual([]);
    if (loaded.ok) expect(loaded.model.network.vpcs).toHaveLength(3);
  });
});

// moto's emulator output (test/fixtures/aws/README-moto.md): managed policies without
// `PolicyName` are named from their ARNs, so the export imports and the engines run on it.
describe('imported moto export: traces and requests', () => {
  let m: Model;
  beforeAll(() => {
    m = modelOf('moto');
  });
  it('the internet reaches the web server on 443 (its public address)', () => {
    const t = trace(m, { from: 'internet', to: 'i-7d0460b976db32929', protocol: 'tcp', port: 443 });
    expect(t.errors).toEqual([]);
    expect(t.reachable).toBe(true);
  });
  it('the web server reaches the database on 5432 (the db group admits the web group)', () => {
    expect(trace(m, { from: 'i-7d0460b976db32929', to: 'i-c74637e1304e13a56', protocol: 'tcp', port: 5432 }).reachable).toBe(true);
  });
  it('alice reads assets through the customer-managed policy named from its ARN', () => {
    const d = evaluate(m, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/logo.png', context: { 'aws:SourceVpce': 'vpce-5833deb1de4374b09' } });
    expect(d.decision).toBe('allowed');
    expect(d.decisive.map((x) => x.policy)).toContain('arn:aws:iam::123456789012:policy/ReadAssets');
  });
});
