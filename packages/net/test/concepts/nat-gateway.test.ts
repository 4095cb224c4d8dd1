// NAT gateways: TCP, UDP and ICMP only; the NAT's private address is the source everything after
// it sees, an S3 gateway endpoint on the NAT's subnet included.
import { describe, expect, it } from 'vitest';
import { expectVerdict, run, variant } from '../helpers.js';

const withNat = variant((s) => {
  s.natGateways = [{ id: 'nat-a', subnet: 'subnet-pub', publicIp: '54.0.0.99', privateIp: '10.0.0.99' }];
  s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'nat-a' }] });
  s.subnets[1].routeTable = 'rtb-app';
});

describe('NAT gateway', () => {
  // "NAT gateways support the following protocols: TCP, UDP, and ICMP."
  // https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html
  it('carries TCP, UDP and ICMP to the internet', () => {
    expectVerdict(run(withNat, 'i-app', 'internet:8.8.8.8', 443), 'exits-internet');
    expectVerdict(run(withNat, 'i-app', 'internet:8.8.8.8', 53, { protocol: 'udp' }), 'exits-internet');
    expectVerdict(run(withNat, 'i-app', 'internet:8.8.8.8', undefined, { protocol: 'icmp' }), 'exits-internet');
  });
  it('drops any other protocol (GRE, ESP): unsupported, blocked by the NAT gateway', () => {
    const o = run(withNat, 'i-app', 'internet:8.8.8.8', undefined, { protocol: 47 });
    expectVerdict(o, 'unsupported', 'nat-a');
    expect(o.t.forward.at(-1)?.detail.why).toContain('TCP, UDP and ICMP only');
  });
  it('an S3 gateway endpoint reached through the NAT sees the NAT\'s private address (aws:VpcSourceIp)', () => {
    // the NAT gateway's subnet routes S3 to the gateway endpoint; the app subnet sends everything to the NAT
    const s = variant((x) => {
      x.vpcEndpoints = [{ id: 'vpce-s3', vpc: 'vpc-a', type: 'gateway', service: 's3', routeTables: ['rtb-pub'] }];
    }, withNat);
    const o = run(s, 'i-app', 'service:s3', 443);
    expectVerdict(o, 'exits-service');
    expect(o.t.service).toMatchObject({ via: 'gateway-endpoint', endpoint: 'vpce-s3', vpcSourceIp: '10.0.0.99' });
    // the reply comes back through the NAT gateway, which restores the destination
    expect(o.back).toEqual(expect.arrayContaining(['nat-a:translate', 'i-app/eth0:deliver']));
  });
});
