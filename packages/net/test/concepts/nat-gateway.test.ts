// NAT gateways: TCP, UDP and ICMP only; the NAT's private address is the source everything after
// it sees, an S3 gateway endpoint on the NAT's subnet included.
import { describe, expect, it } from 'vitest';
import { expectVerdict, model, run, variant } from '../helpers.js';
import { traceThreeWays } from '../three-way.js';

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
    // in order: the NAT gateway translates back, then the source's security group admits the reply (stateful), then delivery
    const back = o.back.filter((h) => ['nat-a:translate', 'sg-open:allow', 'i-app/eth0:deliver'].includes(h));
    expect(back.slice(-3)).toEqual(['nat-a:translate', 'sg-open:allow', 'i-app/eth0:deliver']);
  });
});

// NAT64: "A NAT gateway supports network address translation from IPv6 to IPv4, popularly known
// as NAT64": an IPv6-only workload sends to 64:ff9b::/96 (DNS64 puts an IPv4-only name's address
// there), the route table sends that to the NAT gateway, which translates to IPv4 from its private
// address (a public one: the internet gateway then maps it to its Elastic IP); the reply is
// translated back. https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-nat64-dns64.html
describe('NAT64 through a NAT gateway', () => {
  /** i-app (IPv6 in subnet-app) routes 64:ff9b::/96 to nat-a in the public subnet; i-db has IPv4 only. */
  const nat64 = variant((s) => {
    s.natGateways = [{ id: 'nat-a', subnet: 'subnet-pub', publicIp: '54.0.0.99', privateIp: '10.0.0.99' }];
    s.routeTables.push({ id: 'rtb-app', vpc: 'vpc-a', routes: [{ destination: '64:ff9b::/96', target: 'nat-a' }] });
    s.subnets[1].routeTable = 'rtb-app';
  });
  const m = model(nat64);
  it('to an IPv4 address on the internet: out as IPv4 from the NAT gateway, the reply back as IPv6', () => {
    const t = traceThreeWays(m, 'i-app', '64:ff9b::8.8.8.8', 443);
    expect(t.disposition).toBe('exits-internet');
    const translate = t.forward.find((h) => h.component === 'nat-a' && h.verdict === 'translate')!;
    expect(translate.packet).toMatchObject({ src: '10.0.0.99', dst: '8.8.8.8', protocol: 'TCP' });
    expect(translate.detail).toMatchObject({ from: '2600:1f18:1:101::10 → 64:ff9b::808:808', to: '10.0.0.99 → 8.8.8.8' });
    // the internet gateway maps the NAT gateway's address to its Elastic IP
    expect(t.forward.find((h) => h.component === 'igw-a')?.packet?.src).toBe('54.0.0.99');
    const back = t.return.find((h) => h.component === 'nat-a')!;
    expect(back.packet).toMatchObject({ src: '64:ff9b::808:808', dst: '2600:1f18:1:101::10' });
    expect(t.return.at(-1)?.component).toBe('i-app/eth0');
  });
  it('UDP and ICMPv6 echo too (an echo request becomes ICMP\'s)', () => {
    expect(traceThreeWays(m, 'i-app', '64:ff9b::8.8.8.8', 53, { protocol: 'udp' }).disposition).toBe('exits-internet');
    const ping = traceThreeWays(m, 'i-app', '64:ff9b::8.8.8.8', undefined, { protocol: 'icmpv6' });
    expect(ping.disposition).toBe('exits-internet');
    expect(ping.forward.find((h) => h.component === 'internet')?.packet?.protocol).toBe('ICMP');
    expect(ping.return.at(-1)?.packet?.protocol).toBe('ICMPv6');
  });
  it('to an IPv4-only instance of the VPC: it sees the NAT gateway as the source', () => {
    expect(traceThreeWays(m, 'i-app', '64:ff9b::10.0.2.10', 443).disposition).toBe('delivered');
    const narrow = model(variant((s) => {
      s.securityGroups.push({ id: 'sg-db', vpc: 'vpc-a', inbound: [{ protocol: 'tcp', ports: 443, cidr: '10.0.1.0/24' }] });
      s.instances[3].securityGroups = ['sg-db'];
    }, nat64));
    // the database admits the app subnet's IPv4 block, not the NAT gateway's address
    expect(traceThreeWays(narrow, 'i-app', '64:ff9b::10.0.2.10', 443)).toMatchObject({ disposition: 'denied-sg-ingress', blockedBy: 'sg-db' });
  });
  it('IPv6 outside 64:ff9b::/96 routed to the NAT gateway is unsupported there', () => {
    const all = model(variant((s) => (s.routeTables[1].routes = [{ destination: '::/0', target: 'nat-a' }]), nat64));
    expect(traceThreeWays(all, 'i-app', '2600:1f18:ffff::1', 443)).toMatchObject({ disposition: 'unsupported', blockedBy: 'nat-a' });
    expect(traceThreeWays(all, 'i-app', '64:ff9b::8.8.8.8', 443).disposition).toBe('exits-internet');
  });
  it('other protocols, and ICMPv6 messages other than an echo request, are unsupported', () => {
    expect(traceThreeWays(m, 'i-app', '64:ff9b::8.8.8.8', undefined, { protocol: 47 })).toMatchObject({ disposition: 'unsupported', blockedBy: 'nat-a' });
    const nd = traceThreeWays(m, 'i-app', '64:ff9b::8.8.8.8', undefined, { protocol: 'icmpv6', icmpType: 135 });
    expect(nd).toMatchObject({ disposition: 'unsupported', blockedBy: 'nat-a' });
    expect(nd.forward.at(-1)?.detail.why).toContain('ICMPv6 echo requests, not ICMPv6 type 135');
  });
  it('network ACLs see IPv6 up to the NAT gateway, IPv4 after it (and the reply likewise)', () => {
    const acl = (inbound: unknown[], outbound: unknown[]) => model(variant((s) => {
      s.networkAcls = [{ id: 'acl-pub', vpc: 'vpc-a', inbound, outbound }];
      s.subnets[0].networkAcl = 'acl-pub';
    }, nat64));
    const open6 = { rule: 200, protocol: 'all', cidr: '::/0', action: 'allow' };
    const open4 = { rule: 300, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' };
    expect(traceThreeWays(acl([open6, open4], [open6, open4]), 'i-app', '64:ff9b::8.8.8.8', 443).disposition).toBe('exits-internet');
    // the NAT subnet takes the request in as IPv6: no IPv6 rule, denied
    expect(traceThreeWays(acl([open4], [open6, open4]), 'i-app', '64:ff9b::8.8.8.8', 443)).toMatchObject({ disposition: 'denied-nacl-ingress', blockedBy: 'acl-pub' });
    // it sends the request on as IPv4 and takes the reply in as IPv4: no IPv4 rule, denied
    expect(traceThreeWays(acl([open6], [open6, open4]), 'i-app', '64:ff9b::8.8.8.8', 443)).toMatchObject({ disposition: 'reply-denied', blockedBy: 'acl-pub' });
    expect(traceThreeWays(acl([open6, open4], [open6]), 'i-app', '64:ff9b::8.8.8.8', 443)).toMatchObject({ disposition: 'denied-nacl-egress', blockedBy: 'acl-pub' });
  });
  it('a reply routed to the NAT gateway (a connection from the internet) is dropped there', () => {
    const back = model(variant((s) => (s.routeTables[1].routes = [{ destination: '::/0', target: 'nat-a' }]), nat64));
    // from the internet over IPv6 to the app: its reply (not to 64:ff9b::/96) goes to the NAT gateway, which does not carry it
    expect(traceThreeWays(back, 'internet:2001:db8::1', 'i-app', 443)).toMatchObject({ disposition: 'reply-denied', blockedBy: 'nat-a' });
  });
});
