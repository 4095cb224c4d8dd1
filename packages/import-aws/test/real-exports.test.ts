// Real AWS CLI exports (Batfish, Apache-2.0; see test/fixtures/aws/README.md).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile, type Scenario } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { importAws, readExportDir } from '../src/index.js';
import { fixture } from './helpers.js';

const load = (name: string) => {
  const r = importAws(fixture(name));
  return { s: r.scenario as Scenario, diagnostics: r.diagnostics };
};

describe('real exports', () => {
  it('transit gateway peering across two accounts and regions', () => {
    const { s, diagnostics } = load('real-transit-gateway-peering');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(compile(s).ok).toBe(true);
    expect(s.transitGateways?.map((t) => t.id).sort()).toEqual(['tgw-03201f1960ddb0c25', 'tgw-0e20010ebf43d07a2']);
    const east = s.transitGateways!.find((t) => t.id === 'tgw-0e20010ebf43d07a2')!;
    expect(east.attachments).toContainEqual(expect.objectContaining({ id: 'tgw-attach-012e5d602f859dd80', peerTransitGateway: 'tgw-03201f1960ddb0c25' }));
    // the peer's end of the same attachment gets its own id, and that is reported
    const west = s.transitGateways!.find((t) => t.id === 'tgw-03201f1960ddb0c25')!;
    expect(west.attachments).toContainEqual(expect.objectContaining({ id: 'tgw-attach-012e5d602f859dd80@tgw-03201f1960ddb0c25', peerTransitGateway: 'tgw-0e20010ebf43d07a2' }));
    expect(diagnostics.some((d) => d.code === 'renamed' && d.file?.startsWith('accounts/804819755326/us-west-1/'))).toBe(true);
    expect(east.routeTables?.flatMap((r) => r.routes ?? [])).toContainEqual({ destination: '192.168.0.0/16', attachment: 'tgw-attach-012e5d602f859dd80' });
    // the two accounts and regions are kept
    const regions = new Set(s.vpcs!.map((v) => v.region ?? s.defaults?.region));
    expect(regions).toEqual(new Set(['us-east-1', 'us-west-1']));
    // Batfish's extra files are reported, not dropped silently
    expect(diagnostics.some((d) => d.code === 'not-modelled' && d.file === 'accounts/732168539940/us-east-1/RdsInstances.json')).toBe(true);
    // its (empty) load balancer files are read, not reported
    expect(diagnostics.filter((d) => d.file === 'accounts/732168539940/us-east-1/LoadBalancers.json')).toEqual([]);
  });

  it('gateway endpoint: the endpoint routes are implied, the AWS-managed prefix lists imported', () => {
    const { s } = load('real-vpc-endpoint-gateway');
    expect(compile(s).ok).toBe(true);
    const ep = s.vpcEndpoints!.find((e) => e.id === 'vpce-0b7357542bb7b83ec')!;
    expect(ep).toMatchObject({ type: 'gateway', routeTables: ['rtb-04f71fc2caa8d94cf', 'rtb-0efde4139784b75b0'] });
    expect(ep.policy?.Version).toBe('2008-10-17');
    for (const t of s.routeTables!) for (const r of t.routes ?? []) expect(r.target).not.toBe('vpce-0b7357542bb7b83ec');
    // the exported AWS-managed lists override the model's bundled snapshot (audit 4)
    expect(s.prefixLists!.map((p) => p.id).sort()).toEqual(['pl-02cd2c6b', 'pl-s3']); // no dynamodb endpoint: its list keeps its id
    expect(s.prefixLists!.find((p) => p.id === 'pl-s3')).toMatchObject({ name: 'com.amazonaws.us-east-1.s3 (pl-63a5400a)', region: 'us-east-1', cidrs: ['54.231.0.0/17', '52.216.0.0/15', '3.5.16.0/21', '3.5.0.0/20'] });
    expect(s.defaults?.region).toBe('us-east-1');
  });

  it('public and private subnets with a VPN gateway: main table, propagation and tunnels', () => {
    const { s, diagnostics } = load('real-public-private-subnet');
    expect(compile(s).ok).toBe(true);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const main = s.routeTables!.find((t) => t.id === 'rtb-002f0eabf583bf991')!;
    expect(main.main).toBe(true);
    expect(main.propagatingGateways).toEqual(['vgw-070087240d6fa2989']);
    expect(s.networkAcls!.find((a) => a.id === 'acl-0ae73e62fae564306')!.default).toBe(true);
    expect(s.securityGroups!.find((g) => g.name === 'default')!.default).toBe(true);
    expect(s.vpnConnections).toHaveLength(1);
    expect(s.defaults).toEqual({ account: '554773406868', region: 'us-east-2' });
  });

  it('VPC peering: both sides of the connection', () => {
    const { s } = load('real-vpc-peering');
    expect(compile(s).ok).toBe(true);
    expect(s.vpcPeeringConnections!.length).toBeGreaterThan(0);
    for (const p of s.vpcPeeringConnections!) expect(s.vpcs!.map((v) => v.id)).toEqual(expect.arrayContaining([p.requester, p.accepter]));
  });
});

// Every snapshot of the shared collection, when this checkout has it (the project's own tests
// use the copies under test/fixtures/aws/).
const SHARED = '/work/shared/aws-exports';
const shared = existsSync(SHARED) ? readdirSync(SHARED).filter((d) => statSync(join(SHARED, d)).isDirectory()) : [];
describe.skipIf(shared.length === 0)('every shared real export', () => {
  for (const name of shared) {
    it(`${name}: imports without errors into a valid scenario`, async () => {
      const r = importAws(await readExportDir(join(SHARED, name)));
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const c = compile(r.scenario);
      expect(c.ok ? [] : c.errors).toEqual([]);
      expect(r.diagnostics.filter((d) => d.code === 'unknown-field')).toEqual([]);
    });
  }
});
