// VPC endpoints reached from elsewhere: an interface endpoint from a peered VPC, a VPC on the same
// transit gateway or on premises; a gateway endpoint only from inside its own VPC; an address in
// S3's prefix list sent to a gateway endpoint reaches S3.
import { describe, expect, it } from 'vitest';
import { expectVerdict, model, peeredB, run, variant } from '../helpers.js';
import { traceThreeWays } from '../three-way.js';

const peered = variant((s) => {
  s.vpcEndpoints = [
    { id: 'vpce-sqs', vpc: 'vpc-a', type: 'interface', service: 'sqs', subnets: ['subnet-app'], securityGroups: ['sg-open'] },
    { id: 'vpce-s3', vpc: 'vpc-a', type: 'gateway', service: 's3', routeTables: ['rtb-app'] },
  ];
}, peeredB());

describe('interface endpoints are reachable from a peered VPC', () => {
  // interface endpoints are network interfaces with private addresses, reachable over peering,
  // a transit gateway or a VPN: https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
  it('by the endpoint id: to its interface, delivered', () => {
    const o = run(peered, 'i-b', 'vpce-sqs', 443);
    expectVerdict(o, 'exits-service');
    expect(o.path.at(-1)).toMatch(/^vpce-sqs\/subnet-app:deliver$/);
  });
  it('by its interface address', () => {
    const addr = run(peered, 'i-b', 'vpce-sqs', 443).t.forward.at(-1)?.packet?.dst;
    expect(addr).toMatch(/^10\.0\.1\./);
    expectVerdict(run(peered, 'i-b', addr!, 443), 'delivered');
  });
});

describe('gateway endpoints serve only their own VPC', () => {
  // "Endpoint connections cannot be extended out of a VPC": https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
  it('from a peered VPC, by its id: not-transitive at the endpoint', () => {
    const o = run(peered, 'i-b', 'vpce-s3', 443);
    expectVerdict(o, 'not-transitive', 'vpce-s3');
    expect(o.t.blockers[0]?.fix).toContain('gateway endpoint in the source');
  });
  it('from inside its VPC, an address of S3\'s prefix list reaches S3 (exits-service)', () => {
    const o = run(peered, 'i-app', '3.5.0.1', 443);
    expectVerdict(o, 'exits-service');
    expect(o.t.service).toMatchObject({ via: 'gateway-endpoint', endpoint: 'vpce-s3' });
  });
});

describe('interface endpoints by DNS name', () => {
  // "DNS hostnames": a Regional name `<endpoint id>-<suffix>.<service>.<region>.vpce.amazonaws.com`
  // and a zonal name per zone, public records of the private addresses that resolve from any
  // network; with private DNS, the service's default name resolves to the endpoint in its VPC only.
  // https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
  const twoZones = variant((s) => {
    s.vpcEndpoints[0].subnets = ['subnet-app', 'subnet-db'];
    s.vpcs[0].enableDnsHostnames = true;
  }, peered);
  it('the Regional name from a peered VPC: the interface in the source zone', () => {
    const t = traceThreeWays(model(twoZones), 'i-b', 'vpce-sqs-0a1b2c3d.sqs.us-east-1.vpce.amazonaws.com', 443);
    expect(t.disposition).toBe('exits-service');
    expect(t.forward.at(-1)?.component).toBe('vpce-sqs/subnet-app');
  });
  it('a zonal name: that zone\'s interface', () => {
    const t = traceThreeWays(model(twoZones), 'i-b', 'vpce-sqs-0a1b2c3d-us-east-1b.sqs.us-east-1.vpce.amazonaws.com', 443);
    expect(t.forward.at(-1)?.component).toBe('vpce-sqs/subnet-db');
  });
  it("the service's name: the endpoint inside its VPC (private DNS), the public address from a peered VPC", () => {
    const inside = traceThreeWays(model(twoZones), 'i-app', 'sqs.us-east-1.amazonaws.com', 443);
    expect(inside.disposition).toBe('exits-service');
    expect(inside.service).toMatchObject({ via: 'interface-endpoint', endpoint: 'vpce-sqs' });
    // vpc-b has no way to the internet: the public address has no route
    expectVerdict(run(twoZones, 'i-b', 'sqs.us-east-1.amazonaws.com', 443), 'no-route', 'rtb-b');
  });
  it('a name of no endpoint is an invalid flow with a did-you-mean', () => {
    const t = run(twoZones, 'i-b', 'vpce-sgs.sqs.us-east-1.vpce.amazonaws.com', 443).t;
    expect(t.disposition).toBe('invalid-flow');
    expect(t.errors[0]?.message).toContain('did you mean `vpce-sqs`?');
    expect(run(twoZones, 'i-b', 'vpce-sqs.sns.us-east-1.vpce.amazonaws.com', 443).t.errors[0]?.message).toContain('names end in `.sqs.us-east-1.vpce.amazonaws.com`');
  });
});
