// Routes inside the VPC's own block, transit gateway regions, and public IPs given at launch.
import { describe, expect, it } from 'vitest';
import { expectError, expectWarning, mutate } from '../fixtures.js';

const rtbPriv = (s: { routeTables: { id: string; routes: object[] }[] }) => s.routeTables.find((t) => t.id === 'rtb-priv')!;

describe('routes more specific than the local route', () => {
  it('may send a whole subnet block to an appliance interface or instance', () => {
    expect(mutate((s) => rtbPriv(s).routes.push({ destination: '10.0.0.0/24', target: 'eni-extra' }))).toEqual([]);
    expect(mutate((s) => rtbPriv(s).routes.push({ destination: '10.0.0.0/24', target: 'i-app' }))).toEqual([]);
  });
  it('must match a whole subnet block', () => {
    const d = expectError((s) => rtbPriv(s).routes.push({ destination: '10.0.0.0/25', target: 'eni-extra' }), 'route-inside-vpc-destination', ['routeTables', 1, 'routes', 5, 'destination']);
    expect(d.message).toContain('whole subnet block of `vpc-a`');
  });
  it('must target a NAT gateway or an interface, not an internet gateway', () => {
    const d = expectError((s) => rtbPriv(s).routes.push({ destination: '10.0.0.0/24', target: 'igw-a' }), 'route-inside-vpc-target', ['routeTables', 1, 'routes', 5, 'target']);
    expect(d.message).toContain('`10.0.0.0/16`');
  });
  it("holds in the VPC's secondary blocks too", () => {
    expectError((s) => rtbPriv(s).routes.push({ destination: '10.10.2.0/24', target: 'pcx-ab' }), 'route-inside-vpc-target');
  });
  // https://docs.aws.amazon.com/vpc/latest/userguide/replace-local-route-target.html
  it("a route for the VPC's whole block replaces the local route's target: an appliance, never a gateway", () => {
    expect(mutate((s) => rtbPriv(s).routes.push({ destination: '10.0.0.0/16', target: 'eni-extra' }))).toEqual([]);
    const d = expectError((s) => rtbPriv(s).routes.push({ destination: '10.0.0.0/16', target: 'pcx-ab' }), 'local-route-target', ['routeTables', 1, 'routes', 5, 'target']);
    expect(d.hint).toContain('appliance');
  });
  it('routes that contain the VPC block, or lie outside it, are not concerned', () => {
    expect(mutate((s) => rtbPriv(s).routes.push({ destination: '10.0.0.0/8', target: 'tgw-1' }))).toEqual([]);
  });
});

describe('transit gateways are regional', () => {
  it('a VPC of another region cannot be attached', () => {
    const d = expectError(
      (s) => {
        s.transitGateways[0].attachments.push({ id: 'tgw-att-c', vpc: 'vpc-c', subnets: ['sn-c'] });
      },
      'tgw-attachment-region',
      ['transitGateways', 0, 'attachments', 2, 'vpc'],
    );
    expect(d.message).toBe('`vpc-c` is in us-west-2, transit gateway `tgw-1` in us-east-1: a transit gateway attaches VPCs of its own region');
  });
});

describe('public IPs given at launch', () => {
  it('an instance in a subnet that maps public IPs, without one written, is warned about', () => {
    const d = expectWarning(
      (s) => {
        s.subnets.find((n: { id: string }) => n.id === 'sn-priv-a').mapPublicIpOnLaunch = true;
      },
      'public-ip-not-given',
      ['instances', 2, 'publicIp'],
    );
    expect(d.hint).toBe('write the address the instance got as `publicIp`');
  });
  it('no warning when the address is written', () => {
    expect(
      mutate((s) => {
        s.subnets.find((n: { id: string }) => n.id === 'sn-pub-a').mapPublicIpOnLaunch = true;
      }),
    ).toEqual([]);
  });
});
