// Big inputs (issue 18, "crashes"): a list passed as arguments (`push(...list)`) overflows the
// stack past about 120,000 items, and the command ended in "internal error". Each case below
// is just past that size and must end in a right answer. The sizes are the point, not the time
// (bench/hostile.bench.mjs times them).
import { describe, expect, it } from 'vitest';
import { compile, type Model } from '@vpcsim/model';
import { evaluate } from '@vpcsim/iam';
import { trace } from '@vpcsim/net';
import { checkScenario } from '@vpcsim/analysis';
import { importAws } from '@vpcsim/import-aws';
import { run } from '../../packages/cli/src/main.js';

/** Past V8's argument limit for `f(...list)` (about 120,000 on 64-bit Node). */
const N = 150_000;

function model(raw: unknown): Model {
  const r = compile(raw);
  if (!r.ok) throw new Error(r.errors.slice(0, 3).map((e) => e.message).join('; '));
  return r.model;
}

describe(`${N.toLocaleString('en-US')} of one thing`, () => {
  it('actions in one statement: a request and an IAM property over `s3:*`', () => {
    // synthetic names past the catalogue's actions, then a real one last (a request for an action
    // AWS does not have is an error, not a decision)
    const Action = [...Array.from({ length: N - 1 }, (_, i) => `s3:Action${i}`), 's3:GetObject'];
    const m = model({
      version: 1,
      defaults: { account: '111111111111' },
      iam: { users: [{ name: 'alice', inlinePolicies: { p: { Statement: [{ Effect: 'Allow', Action, Resource: '*' }] } } }] },
      properties: [{ name: 'alice may do the actions named', forall: { principal: 'user/alice', action: 's3:GetObject' }, decision: 'allowed' }],
    });
    expect(evaluate(m, { principal: 'user/alice', action: 's3:GetObject', resource: '*' }).decision).toBe('allowed');
    const [p] = checkScenario(m, {});
    expect(p!.errors).toEqual([]);
    expect(p!.passed).toBe(true);
  });
  it('inline policies of one user, the last one deciding', () => {
    const inlinePolicies: Record<string, unknown> = {};
    for (let i = 0; i < N; i++) inlinePolicies[`p${i}`] = { Statement: [{ Effect: i === N - 1 ? 'Deny' : 'Allow', Action: 's3:GetObject', Resource: '*' }] };
    const m = model({ version: 1, defaults: { account: '111111111111' }, iam: { users: [{ name: 'alice', inlinePolicies }] } });
    const d = evaluate(m, { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' });
    expect(d.decision).toBe('explicitly-denied');
    expect(d.decisive[0]!.policy).toContain(`inline:p${N - 1}`);
  });
  it('CIDR blocks in a prefix list a route names', () => {
    const cidrs = Array.from({ length: N }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`);
    const m = model({
      version: 1,
      vpcs: [{ id: 'vpc-a', cidr: '172.16.0.0/16' }],
      subnets: [{ id: 's', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '172.16.0.0/24', routeTable: 'rt' }],
      routeTables: [{ id: 'rt', vpc: 'vpc-a', routes: [{ destination: 'pl-big', target: 'igw-1' }] }],
      internetGateways: [{ id: 'igw-1', vpc: 'vpc-a' }],
      prefixLists: [{ id: 'pl-big', cidrs }],
      instances: [{ id: 'i-1', subnet: 's', privateIp: '172.16.0.10', publicIp: '3.3.3.3' }],
    });
    const t = trace(m, { from: 'i-1', to: '10.2.73.239', protocol: 'tcp', port: 443 });
    expect(t.errors).toEqual([]);
    expect(t.forward.some((h) => h.rule?.includes('pl-big'))).toBe(true);
  });
  it('CIDR blocks of an external network: refused past the quota with a line and a hint, never a crash', () => {
    const cidrs = Array.from({ length: N }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`);
    const r = compile({ version: 1, externalNetworks: [{ id: 'office', cidrs }] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'too-big', path: ['externalNetworks', 0, 'cidrs'], hint: expect.any(String) });
  });
  it('errors in one file: validate prints them (the first 10,000, and the count of the rest)', async () => {
    const subnets = Array.from({ length: N }, (_, i) => ({ id: `s-${i}`, vpc: 'v', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24', routTable: 'x' }));
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'vpcsim-big-')), 'broken.json');
    writeFileSync(file, JSON.stringify({ version: 1, vpcs: [{ id: 'v', cidr: '10.0.0.0/8' }], subnets }));
    let stdout = '';
    let stderr = '';
    const code = await run(['validate', file], { out: (t) => (stdout += t), err: (t) => (stderr += t), stdoutIsTTY: false, env: {} });
    expect(stderr).toBe('');
    expect(code).toBe(2);
    expect(stdout.split('\n').filter((l) => l.includes('unknown field `routTable`'))).toHaveLength(10_000);
    expect(stdout).toContain(`… and ${(N - 10_000).toLocaleString('en-US')} more problems not listed`);
  });
  it('instances imported from one describe-instances export', () => {
    const Instances = Array.from({ length: N }, (_, i) => ({
      InstanceId: `i-${i.toString(16).padStart(17, '0')}`,
      SubnetId: 'subnet-1',
      VpcId: 'vpc-1',
      PrivateIpAddress: `10.${(i >> 16) & 3}.${(i >> 8) & 255}.${i & 255}`,
      State: { Name: 'running' },
    }));
    const files = new Map([
      ['Vpcs.json', JSON.stringify({ Vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/14', OwnerId: '111111111111' }] })],
      ['Reservations.json', JSON.stringify({ Reservations: [{ Instances }] })],
    ]);
    const r = importAws(files, { validate: false });
    expect(r.diagnostics.filter((d) => d.code === 'internal')).toEqual([]);
    expect((r.scenario['instances'] as unknown[]).length).toBe(N);
  });
});
