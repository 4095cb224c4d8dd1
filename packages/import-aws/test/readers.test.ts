// The readers never throw: random JSON, truncated files, wrong shapes and unknown fields all
// come back as diagnostics that name the file (fast-check).
import fc from 'fast-check';
import { formatPath } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { EC2_FILES, importAws } from '../src/index.js';
import { fixture } from './helpers.js';

const corp = fixture('corp');
const corpFiles = [...corp.keys()];
const FILE_NAMES = [...EC2_FILES.map((n) => `${n}.json`), 'accounts/111111111111/us-east-1/Subnets.json', 'iam/AuthorizationDetails.json', 'organizations/Roots.json', 'organizations/Policies/p-x.json', 'resource-policies/x.json', 'TransitGatewayRoutes/tgw-rtb-1.json', 'ManagedPrefixListEntries/pl-1.json', 'notes.txt', 'Other.json'];

const checkTotal = (files: Map<string, string>): ReturnType<typeof importAws> => {
  const r = importAws(files);
  expect(r.scenario.version).toBe(1);
  for (const d of r.diagnostics) {
    expect(typeof d.file).toBe('string');
    expect(d.file!.length).toBeGreaterThan(0);
    expect(Array.isArray(d.path)).toBe(true);
    expect(d.code).not.toBe('internal');
  }
  return r;
};

/** A JSON value with a path into it, mutated: a field deleted, retyped or added. */
function mutate(value: unknown, choice: number, replacement: unknown): unknown {
  const clone = JSON.parse(JSON.stringify(value)) as unknown;
  const nodes: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach((x, i) => (nodes.push({ parent: v, key: i }), walk(x)));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (nodes.push({ parent: v as Record<string, unknown>, key: k }), walk(x));
  };
  walk(clone);
  if (nodes.length === 0) return replacement;
  const n = nodes[choice % nodes.length]!;
  if (choice % 3 === 0 && !Array.isArray(n.parent)) delete n.parent[n.key as string];
  else if (choice % 3 === 1) (n.parent as Record<string | number, unknown>)[n.key] = replacement;
  else if (!Array.isArray(n.parent)) n.parent[`Unknown${choice}`] = replacement;
  else n.parent.push(replacement);
  return clone;
}

describe('readers', () => {
  it('any JSON value in any known file: no throw, diagnostics name the file', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FILE_NAMES), fc.jsonValue({ maxDepth: 4 }), (name, v) => {
        const r = checkTotal(new Map([[name, JSON.stringify(v) ?? 'null']]));
        expect(r.diagnostics.length).toBeGreaterThan(0);
        expect(r.diagnostics.some((d) => d.file === name)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('truncated fixture files: an error for that file, the other files still imported', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpFiles), fc.double({ min: 0, max: 0.999, noNaN: true }), (name, frac) => {
        const text = corp.get(name)!;
        const cut = text.slice(0, Math.floor(text.length * frac));
        let stillJson = true;
        try {
          JSON.parse(cut);
        } catch {
          stillJson = false;
        }
        fc.pre(!stillJson); // cutting only the final newline leaves valid JSON
        const files = new Map(corp);
        files.set(name, cut);
        const r = checkTotal(files);
        const here = r.diagnostics.filter((d) => d.file === name && d.severity === 'error');
        expect(here.length).toBeGreaterThan(0);
        // another file's resources are still there
        if (!name.includes('Vpcs')) expect((r.scenario.vpcs as unknown[] | undefined)?.length ?? 0).toBeGreaterThan(0);
      }),
      { numRuns: 120 },
    );
  });

  it('random shape mutations of fixture files: never a throw, always diagnostics with a file', () => {
    fc.assert(
      fc.property(fc.constantFrom(...corpFiles), fc.nat(), fc.jsonValue({ maxDepth: 2 }), (name, choice, replacement) => {
        const files = new Map(corp);
        files.set(name, JSON.stringify(mutate(JSON.parse(corp.get(name)!), choice, replacement)));
        checkTotal(files);
      }),
      { numRuns: 300 },
    );
  });

  it('not JSON: one error with line and column', () => {
    const r = importAws(new Map([['Vpcs.json', '{\n  "Vpcs": [\n    { "VpcId": "vpc-1", }\n  ]\n}']]));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ file: 'Vpcs.json', severity: 'error', code: 'not-json', line: 3 });
  });

  it('truncated: says so', () => {
    const r = importAws(new Map([['Subnets.json', '{"Subnets": [{"SubnetId": "subnet-1"']]));
    expect(r.diagnostics[0]).toMatchObject({ file: 'Subnets.json', severity: 'error', message: 'the JSON ends early: the file is truncated' });
  });

  it('a wrong top level: an error for that file only', () => {
    const files = new Map(corp);
    files.set('accounts/111111111111/us-east-1/Subnets.json', '{"Vpcs": []}');
    const r = importAws(files);
    const e = r.diagnostics.filter((d) => d.severity === 'error');
    expect(e).toEqual([expect.objectContaining({ file: 'accounts/111111111111/us-east-1/Subnets.json', code: 'wrong-shape' })]);
    expect(e[0]!.message).toContain('no `Subnets`');
  });

  it('a wrong field type: named by file and JSON path', () => {
    const r = importAws(new Map([['Vpcs.json', JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: 10 }, { VpcId: 'vpc-2', CidrBlock: '10.1.0.0/16', IsDefault: 'maybe', Tags: 'x' }] })]]));
    const e = r.diagnostics.find((d) => d.severity === 'error')!;
    expect(e.file).toBe('Vpcs.json');
    expect(formatPath(e.path)).toBe('Vpcs[0].CidrBlock');
    expect(r.diagnostics.some((d) => formatPath(d.path) === 'Vpcs[1].Tags' && d.severity === 'warning')).toBe(true);
    expect((r.scenario.vpcs as { id: string }[]).map((v) => v.id)).toEqual(['vpc-2']);
  });

  it('unknown fields: one warning per file, kind and field', () => {
    const vpc = (id: string) => ({ VpcId: id, CidrBlock: '10.1.0.0/16', ShinyNewField: true });
    const r = importAws(new Map([['Vpcs.json', JSON.stringify({ Vpcs: [vpc('vpc-1'), vpc('vpc-2')] })]]));
    const w = r.diagnostics.filter((d) => d.code === 'unknown-field');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ file: 'Vpcs.json', severity: 'warning', path: ['Vpcs', 0, 'ShinyNewField'] });
  });

  it('unknown and unmodelled files are reported and skipped', () => {
    const r = importAws(new Map([['Widgets.json', '{}'], ['notes.txt', 'hi'], ['RdsInstances.json', '{"DBInstances": []}']]));
    expect(r.diagnostics.map((d) => [d.file, d.code])).toEqual([
      ['RdsInstances.json', 'not-modelled'],
      ['Widgets.json', 'unknown-file'],
      ['notes.txt', 'unknown-file'],
    ]);
  });

  it('model errors from the data become warnings at their origin, and the element is left out', () => {
    const files = new Map([
      ['Vpcs.json', JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.1.0.0/16', State: 'available' }] })],
      ['Subnets.json', JSON.stringify({ Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.9.0.0/24', AvailabilityZone: 'us-east-1a' }, { SubnetId: 'subnet-2', VpcId: 'vpc-1', CidrBlock: '10.1.0.0/24', AvailabilityZone: 'us-east-1a' }] })],
      ['SecurityGroups.json', JSON.stringify({ SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'web', VpcId: 'vpc-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: 'sg-elsewhere', UserId: '999999999999' }], IpRanges: [{ CidrIp: '10.0.0.0/8' }] }], IpPermissionsEgress: [] }] })],
    ]);
    const r = importAws(files);
    const outside = r.diagnostics.find((d) => d.code === 'model-subnet-outside-vpc')!;
    expect(outside).toMatchObject({ file: 'Subnets.json', severity: 'warning', path: ['Subnets', 0] });
    const ref = r.diagnostics.find((d) => d.code === 'model-unknown-reference')!;
    expect(ref).toMatchObject({ file: 'SecurityGroups.json', path: ['SecurityGroups', 0, 'IpPermissions', 0, 'UserIdGroupPairs', 0] });
    const s = r.scenario as { subnets: { id: string }[]; securityGroups: { inbound: unknown[] }[] };
    expect(s.subnets.map((x) => x.id)).toEqual(['subnet-2']);
    expect(s.securityGroups[0]!.inbound).toEqual([{ protocol: 'tcp', ports: 22, cidr: '10.0.0.0/8' }]);
  });

  it('an invalid policy document is left out whole, never in part', () => {
    const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:*', Resource: '*' }, { Effect: 'Maybe', Action: 's3:*', Resource: '*' }] };
    const iam = { UserDetailList: [{ UserName: 'u', Arn: 'arn:aws:iam::123456789012:user/u', Path: '/', UserPolicyList: [{ PolicyName: 'p', PolicyDocument: doc }, { PolicyName: 'ok', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } }] }] };
    const r = importAws(new Map([['iam/AuthorizationDetails.json', JSON.stringify(iam)]]));
    const u = (r.scenario.iam as { users: { inlinePolicies: Record<string, unknown> }[] }).users[0]!;
    expect(Object.keys(u.inlinePolicies)).toEqual(['ok']);
    expect(r.diagnostics.some((d) => d.file === 'iam/AuthorizationDetails.json' && d.message.includes('`p`'))).toBe(true);
  });
});
