// The reference tracer on VPC endpoints used from wherever AWS allows (issue 13, item 4).
// - Interface endpoints are reachable over peering, a transit gateway or a VPN, by the private
//   address of an endpoint interface (TCP over IPv4 only):
//   https://docs.aws.amazon.com/AmazonS3/latest/userguide/privatelink-interface-endpoints.html
//   https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html
// - Gateway endpoints serve only their own VPC ("gateway endpoints do not allow access from
//   on-premises networks, from peered VPCs ..., or through a transit gateway"):
//   https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html
// - An address of the service's prefix list routed to a gateway endpoint reaches the service:
//   https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html
import { describe, expect, it } from 'vitest';
import { refNo, refOk, refVerdict, tcp443, variant, type Raw } from './helpers.js';


const allowAll = [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }];
const denyAll: unknown[] = [];

/**
 * vpc-svc (10.0.0.0/16) holds an interface endpoint for SQS in subnet-e1 (us-east-1a) and subnet-e2
 * (us-east-1b) and an S3 gateway endpoint on its main table; vpc-app (10.1.0.0/16) is peered with
 * it (i-app in us-east-1b) and on premises (corp, 192.168.0.0/16) reaches it through a VGW VPN.
 */
function endpoints(): Raw {
  return {
    version: 1,
    vpcs: [
      { id: 'vpc-svc', cidr: '10.0.0.0/16' },
      { id: 'vpc-app', cidr: '10.1.0.0/16' },
    ],
    subnets: [
      { id: 'subnet-e1', vpc: 'vpc-svc', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24', networkAcl: 'acl-e1' },
      { id: 'subnet-e2', vpc: 'vpc-svc', availabilityZone: 'us-east-1b', cidr: '10.0.2.0/24' },
      { id: 'subnet-x', vpc: 'vpc-svc', availabilityZone: 'us-east-1a', cidr: '10.0.3.0/24', routeTable: 'rtb-x' },
      { id: 'subnet-app', vpc: 'vpc-app', availabilityZone: 'us-east-1b', cidr: '10.1.0.0/24' },
      { id: 'subnet-app-c', vpc: 'vpc-app', availabilityZone: 'us-east-1c', cidr: '10.1.1.0/24' },
    ],
    networkAcls: [{ id: 'acl-e1', vpc: 'vpc-svc', inbound: allowAll, outbound: allowAll }],
    routeTables: [
      { id: 'rtb-svc', vpc: 'vpc-svc', main: true, routes: [{ destination: '10.1.0.0/16', target: 'pcx-1' }, { destination: '192.168.0.0/16', target: 'vgw-svc' }] },
      { id: 'rtb-x', vpc: 'vpc-svc', routes: [{ destination: '0.0.0.0/0', target: 'igw-svc' }] },
      { id: 'rtb-app', vpc: 'vpc-app', main: true, routes: [{ destination: '10.0.0.0/16', target: 'pcx-1' }] },
    ],
    internetGateways: [{ id: 'igw-svc', vpc: 'vpc-svc' }],
    vpcPeeringConnections: [{ id: 'pcx-1', requester: 'vpc-app', accepter: 'vpc-svc' }],
    vpnGateways: [{ id: 'vgw-svc', vpc: 'vpc-svc' }],
    customerGateways: [{ id: 'cgw-corp', ip: '198.51.100.7' }],
    vpnConnections: [{ id: 'vpn-corp', customerGateway: 'cgw-corp', vpnGateway: 'vgw-svc', routing: 'static', staticRoutes: ['192.168.0.0/16'] }],
    externalNetworks: [{ id: 'corp', cidrs: ['192.168.0.0/16'], via: 'vpn-corp' }],
    securityGroups: [
      { id: 'sg-svc', vpc: 'vpc-svc', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] },
      { id: 'sg-app', vpc: 'vpc-app', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] },
    ],
    vpcEndpoints: [
      { id: 'vpce-sqs', vpc: 'vpc-svc', type: 'interface', service: 'sqs', subnets: ['subnet-e1', 'subnet-e2'], securityGroups: ['sg-svc'] },
      { id: 'vpce-s3', vpc: 'vpc-svc', type: 'gateway', service: 's3', routeTables: ['rtb-svc'] },
    ],
    instances: [
      { id: 'i-svc', subnet: 'subnet-e2', privateIp: '10.0.2.10', securityGroups: ['sg-svc'] },
      { id: 'i-x', subnet: 'subnet-x', privateIp: '10.0.3.10', publicIp: '54.0.0.10', securityGroups: ['sg-svc'] },
      { id: 'i-app', subnet: 'subnet-app', privateIp: '10.1.0.10', securityGroups: ['sg-app'] },
      { id: 'i-app-c', subnet: 'subnet-app-c', privateIp: '10.1.1.10', securityGroups: ['sg-app'] },
    ],
  };
}

/** The same with subnet-e1's network ACL denying everything: only the us-east-1b endpoint interface answers. */
const e1Closed = () => variant((s) => void (s.networkAcls[0] = { id: 'acl-e1', vpc: 'vpc-svc', inbound: denyAll, outbound: denyAll }), endpoints());

describe('an interface endpoint by id, from another VPC or on premises', () => {
  it('from a peered VPC: the endpoint interface in the source AZ, routed over the peering', () => {
    expect(refVerdict(endpoints(), tcp443('i-app', 'vpce-sqs'))).toEqual(refOk('exits-service'));
    // i-app is in us-east-1b: it uses the us-east-1b interface, so subnet-e1's ACL does not matter
    expect(refVerdict(e1Closed(), tcp443('i-app', 'vpce-sqs'))).toEqual(refOk('exits-service'));
  });

  it('from an AZ where the endpoint has no interface: its first interface', () => {
    expect(refVerdict(e1Closed(), tcp443('i-app-c', 'vpce-sqs'))).toEqual(refNo('denied-nacl-ingress', 'acl-e1'));
  });

  it('TCP over IPv4 only, from anywhere', () => {
    expect(refVerdict(endpoints(), { from: 'i-app', to: 'vpce-sqs', protocol: 'udp', port: 443 })).toEqual(refNo('unsupported', 'vpce-sqs'));
  });

  it('without a route back over the peering, the reply is lost', () => {
    const raw = variant((s) => void (s.routeTables[0].routes = [{ destination: '192.168.0.0/16', target: 'vgw-svc' }]), endpoints());
    expect(refVerdict(raw, tcp443('i-app', 'vpce-sqs'))).toEqual(refNo('reply-denied', 'rtb-svc'));
  });

  it('on premises over a VPN: the first interface, through the VGW', () => {
    expect(refVerdict(endpoints(), tcp443('external:corp:192.168.1.5', 'vpce-sqs'))).toEqual(refOk('exits-service'));
    expect(refVerdict(e1Closed(), tcp443('external:corp:192.168.1.5', 'vpce-sqs'))).toEqual(refNo('denied-nacl-ingress', 'acl-e1'));
  });

  it('from inside its VPC, as before', () => {
    expect(refVerdict(endpoints(), tcp443('i-svc', 'vpce-sqs'))).toEqual(refOk('exits-service'));
  });
});

describe('a gateway endpoint serves only its own VPC', () => {
  it('by id from a peered VPC or on premises: not transitive, the endpoint names the blocker', () => {
    expect(refVerdict(endpoints(), tcp443('i-app', 'vpce-s3'))).toEqual(refNo('not-transitive', 'vpce-s3'));
    expect(refVerdict(endpoints(), tcp443('external:corp:192.168.1.5', 'vpce-s3'))).toEqual(refNo('not-transitive', 'vpce-s3'));
  });

  it('by id from inside its VPC: through the endpoint when the subnet route table has its route, else no route', () => {
    expect(refVerdict(endpoints(), tcp443('i-svc', 'vpce-s3'))).toEqual(refOk('exits-service'));
    // subnet-x's table has no route to the endpoint (its default route goes to the internet gateway)
    expect(refVerdict(endpoints(), tcp443('i-x', 'vpce-s3'))).toEqual(refNo('no-route', 'rtb-x'));
  });

  it('an address of the S3 prefix list routed to the gateway endpoint reaches the service', () => {
    // 52.216.8.9 is in 52.216.0.0/15, one of S3's us-east-1 blocks (ip-ranges.json)
    expect(refVerdict(endpoints(), tcp443('i-svc', '52.216.8.9'))).toEqual(refOk('exits-service'));
    // the same address through the internet gateway is an internet address
    expect(refVerdict(endpoints(), tcp443('i-x', '52.216.8.9'))).toEqual(refOk('exits-internet'));
  });

  it('service:s3 from on premises: its public address, which the VGW does not carry', () => {
    expect(refVerdict(endpoints(), tcp443('external:corp:192.168.1.5', 'service:s3'))).toEqual(refNo('no-route', 'vgw-svc'));
  });
});
