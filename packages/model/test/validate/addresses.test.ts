import { describe, expect, it } from 'vitest';
import { expectError, mutate } from '../fixtures.js';

describe('VPC blocks', () => {
  it('primary block /16 to /28', () => {
    expectError((s) => (s.vpcs[1].cidr = '10.0.0.0/8'), 'vpc-cidr-size', ['vpcs', 1, 'cidr']);
    expectError((s) => (s.vpcs[1].cidr = '10.1.0.0/29'), 'vpc-cidr-size', ['vpcs', 1, 'cidr']);
  });
  it('secondary blocks /16 to /28, not overlapping', () => {
    expectError((s) => (s.vpcs[0].secondaryCidrs = ['10.10.0.0/15']), 'vpc-cidr-size', ['vpcs', 0, 'secondaryCidrs', 0]);
    expectError((s) => (s.vpcs[0].secondaryCidrs = ['10.10.0.0/16', '10.10.128.0/17']), 'vpc-cidr-overlap', ['vpcs', 0, 'secondaryCidrs', 1]);
    expectError((s) => (s.vpcs[0].secondaryCidrs = ['10.0.0.0/17']), 'vpc-cidr-overlap', ['vpcs', 0, 'secondaryCidrs', 0]);
  });
  it('IPv6 block is a /56', () => {
    expectError((s) => (s.vpcs[0].ipv6Cidr = '2600:1f18:1:1200::/60'), 'vpc-ipv6-size', ['vpcs', 0, 'ipv6Cidr']);
  });
});

describe('subnet blocks', () => {
  it('/16 to /28', () => {
    expectError((s) => (s.subnets[3].cidr = '10.1.0.0/29'), 'subnet-cidr-size', ['subnets', 3, 'cidr']);
  });
  it('inside one of its VPC blocks (secondary ones count)', () => {
    const d = expectError((s) => (s.subnets[3].cidr = '10.0.0.0/24'), 'subnet-outside-vpc', ['subnets', 3, 'cidr']);
    expect(d.message).toBe('subnet block `10.0.0.0/24` is not inside a block of `vpc-b`');
  });
  it('not overlapping a sibling subnet', () => {
    const d = expectError((s) => s.subnets.push({ id: 'sn-x', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.0.0.128/25' }), 'subnet-overlap', ['subnets', 5, 'cidr']);
    expect(d.message).toContain('`sn-pub-a`');
  });
  it('a subnet overlapping a much earlier, larger one is still found (the sweep keeps the widest reach)', () => {
    expectError(
      (s) => {
        s.subnets.push({ id: 'sn-big', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.1.16.0/20' });
        s.subnets.push({ id: 'sn-small1', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.1.17.0/24' });
        s.subnets.push({ id: 'sn-small2', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.1.30.0/24' });
      },
      'subnet-overlap',
      ['subnets', 7, 'cidr'],
    );
  });
  it('subnets of different VPCs may overlap', () => {
    const ds = mutate((s) => s.subnets.push({ id: 'sn-x', vpc: 'vpc-c', availabilityZone: 'us-west-2a', cidr: '10.2.0.0/25' }));
    expect(ds.filter((d) => d.code === 'subnet-overlap' && d.path[1] !== 5)).toEqual([]);
  });
  it('IPv6: needs a VPC IPv6 block, is a /64 inside it', () => {
    expectError((s) => (s.subnets[3].ipv6Cidr = '2600:1f18:1:1201::/64'), 'subnet-ipv6-without-vpc-ipv6', ['subnets', 3, 'ipv6Cidr']);
    expectError((s) => (s.subnets[0].ipv6Cidr = '2600:1f18:1:1200::/60'), 'subnet-ipv6-size', ['subnets', 0, 'ipv6Cidr']);
    expectError((s) => (s.subnets[0].ipv6Cidr = '2600:1f18:1:1300::/64'), 'subnet-ipv6-outside-vpc', ['subnets', 0, 'ipv6Cidr']);
    expectError((s) => (s.subnets[1].ipv6Cidr = '2600:1f18:1:1200::/64'), 'subnet-overlap', ['subnets', 1, 'ipv6Cidr']);
  });
});

describe('interface addresses', () => {
  it('inside the subnet', () => {
    expectError((s) => (s.instances[0].privateIp = '10.0.5.10'), 'ip-outside-subnet', ['instances', 0, 'privateIp']);
    expectError((s) => (s.networkInterfaces[0].secondaryPrivateIps = ['10.0.2.1']), 'ip-outside-subnet', ['networkInterfaces', 0, 'secondaryPrivateIps', 0]);
  });
  it.each([
    ['10.0.0.0', 'the network address'],
    ['10.0.0.1', 'reserved for the VPC router'],
    ['10.0.0.2', 'reserved for the Amazon DNS server'],
    ['10.0.0.3', 'reserved by AWS for future use'],
    ['10.0.0.255', 'the broadcast address'],
  ])('%s is reserved: %s', (ip, why) => {
    const d = expectError((s) => (s.instances[0].privateIp = ip), 'reserved-ip', ['instances', 0, 'privateIp']);
    expect(d.message).toBe(`${ip} is ${why} (subnet \`sn-pub-a\`)`);
    expect(d.hint).toContain('`10.0.0.4` to `10.0.0.254`');
  });
  it('the first and last usable addresses are fine', () => {
    const ds = mutate((s) => {
      s.instances[0].privateIp = '10.0.0.4';
      s.instances[1].privateIp = '10.0.0.254';
    });
    expect(ds).toEqual([]);
  });
  it('IPv6 addresses inside the subnet IPv6 block', () => {
    expectError((s) => (s.instances[0].ipv6Addresses = ['2600:1f18:1:1201::10']), 'ip-outside-subnet', ['instances', 0, 'ipv6Addresses', 0]);
    expectError((s) => (s.instances[2].ipv6Addresses = ['2600:1f18:1:1200::10']), 'ipv6-without-subnet-ipv6', ['instances', 2, 'ipv6Addresses', 0]);
  });
  it('private IPs unique per VPC, NAT gateways included', () => {
    expectError((s) => (s.instances[1].privateIp = '10.0.0.10'), 'duplicate-private-ip', ['instances', 1, 'privateIp']);
    expectError((s) => (s.natGateways[0].privateIp = '10.0.0.11'), 'duplicate-private-ip', ['natGateways', 0, 'privateIp']);
    expectError((s) => (s.instances[2].secondaryPrivateIps = ['10.0.1.50']), 'duplicate-private-ip', ['instances', 2, 'secondaryPrivateIps', 0]);
  });
  it('a public IP used once', () => {
    const d = expectError((s) => (s.instances[1].publicIp = '3.80.1.10'), 'duplicate-public-ip', ['instances', 1, 'publicIp']);
    expect(d.message).toContain('`i-web`');
    expectError((s) => (s.natGateways[0].publicIp = '3.80.1.11'), 'duplicate-public-ip', ['natGateways', 0, 'publicIp']);
  });
});

describe('subnet capacity', () => {
  it('a subnet cannot hold more addresses than it has', () => {
    const d = expectError(
      (s) => {
        s.subnets.push({ id: 'sn-tiny', vpc: 'vpc-b', availabilityZone: 'us-east-1a', cidr: '10.1.9.0/28' });
        for (let k = 0; k < 11; k++) s.networkInterfaces.push({ id: `eni-t${k}`, subnet: 'sn-tiny', privateIp: `10.1.9.${4 + k}` });
        s.natGateways.push({ id: 'nat-t', subnet: 'sn-tiny', connectivity: 'private' });
      },
      'subnet-full',
      ['subnets', 5, 'cidr'],
    );
    expect(d.message).toBe('subnet `sn-tiny` (`10.1.9.0/28`) has 11 usable addresses, but 12 are needed');
  });
});
