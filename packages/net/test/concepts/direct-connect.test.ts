// Direct Connect: virtual interface and connection states, private VIFs to a VGW or a Direct
// Connect gateway, transit VIFs to a transit gateway, public VIFs, allowed prefixes, no traffic
// between the associations of one Direct Connect gateway, route propagation and AWS's route
// priority between Direct Connect and VPN routes, external networks reached over a list of
// connections (primary, backup), and a VPN over a public VIF.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DX_DOCS } from '../../src/concepts/direct-connect.js';
import { compileErrors, expectVerdict, run, variant, type Raw } from '../helpers.js';

/**
 * Two VPCs in two regions behind one Direct Connect gateway (private kind), one private VIF:
 * - vpc-a 10.16.0.0/16 (us-east-1): subnet-a, rtb-a propagating from vgw-a, i-a 10.16.1.10 (public 3.80.0.10, igw-a);
 * - vpc-b 10.17.0.0/16 (us-west-2): subnet-b, rtb-b propagating from vgw-b, i-b 10.17.1.10;
 * - dxgw-1 associated with vgw-a and vgw-b (allowed prefixes: the VPC blocks);
 * - dxvif-1 (private, on dxcon-1) to dxgw-1; external network dc 192.168.0.0/16 via dxvif-1.
 */
function hybrid(): Raw {
  return {
    version: 1,
    name: 'dx',
    defaults: { account: '111111111111', region: 'us-east-1' },
    vpcs: [
      { id: 'vpc-a', cidr: '10.16.0.0/16' },
      { id: 'vpc-b', cidr: '10.17.0.0/16', region: 'us-west-2' },
    ],
    subnets: [
      { id: 'subnet-a', vpc: 'vpc-a', availabilityZone: 'us-east-1a', cidr: '10.16.1.0/24', routeTable: 'rtb-a' },
      { id: 'subnet-b', vpc: 'vpc-b', availabilityZone: 'us-west-2a', cidr: '10.17.1.0/24', routeTable: 'rtb-b' },
    ],
    internetGateways: [{ id: 'igw-a', vpc: 'vpc-a' }],
    routeTables: [
      { id: 'rtb-a', vpc: 'vpc-a', routes: [{ destination: '0.0.0.0/0', target: 'igw-a' }], propagatingGateways: ['vgw-a'] },
      { id: 'rtb-b', vpc: 'vpc-b', routes: [], propagatingGateways: ['vgw-b'] },
    ],
    vpnGateways: [
      { id: 'vgw-a', vpc: 'vpc-a', asn: 64512 },
      { id: 'vgw-b', vpc: 'vpc-b', asn: 64513 },
    ],
    securityGroups: [
      { id: 'sg-a', vpc: 'vpc-a', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] },
      { id: 'sg-b', vpc: 'vpc-b', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] },
    ],
    instances: [
      { id: 'i-a', subnet: 'subnet-a', privateIp: '10.16.1.10', publicIp: '3.80.0.10', securityGroups: ['sg-a'] },
      { id: 'i-b', subnet: 'subnet-b', privateIp: '10.17.1.10', securityGroups: ['sg-b'] },
    ],
    directConnect: {
      connections: [{ id: 'dxcon-1', location: 'EqDC2', bandwidth: '10Gbps', status: 'available' }],
      gateways: [{ id: 'dxgw-1', asn: 64600, associations: [{ vpnGateway: 'vgw-a' }, { vpnGateway: 'vgw-b' }] }],
      virtualInterfaces: [{ id: 'dxvif-1', type: 'private', connection: 'dxcon-1', dxGateway: 'dxgw-1', status: 'available' }],
    },
    externalNetworks: [{ id: 'dc', cidrs: ['192.168.0.0/16'], via: 'dxvif-1' }],
  };
}
const dc = 'external:dc:192.168.1.5';
const vif = (s: Raw, i = 0): Raw => s.directConnect.virtualInterfaces[i];

/** The transit kind: vpc-a on tgw-hub, dxgw-t associated with tgw-hub, a transit VIF; rtb-a sends 192.168.0.0/16 to the TGW. */
function transit(allowed: string[] = ['10.16.0.0/16']): Raw {
  return variant((s) => {
    s.vpnGateways = [];
    s.routeTables[0].propagatingGateways = [];
    s.routeTables[0].routes.push({ destination: '192.168.0.0/16', target: 'tgw-hub' });
    s.routeTables[1].propagatingGateways = [];
    s.transitGateways = [
      {
        id: 'tgw-hub',
        asn: 64700,
        routeTables: [{ id: 'tgw-rtb', routes: [], associations: ['tgw-attach-a', 'tgw-attach-dx'], propagations: ['tgw-attach-a', 'tgw-attach-dx'] }],
        attachments: [
          { id: 'tgw-attach-a', vpc: 'vpc-a', subnets: ['subnet-a'] },
          { id: 'tgw-attach-dx', dxGateway: 'dxgw-t' },
        ],
      },
    ];
    s.directConnect.gateways = [{ id: 'dxgw-t', asn: 64601, associations: [{ transitGateway: 'tgw-hub', allowedPrefixes: allowed }] }];
    s.directConnect.virtualInterfaces = [{ id: 'dxvif-t', type: 'transit', connection: 'dxcon-1', dxGateway: 'dxgw-t' }];
    s.externalNetworks = [{ id: 'dc', cidrs: ['192.168.0.0/16'], via: 'dxvif-t' }];
  }, hybrid());
}

/** hybrid() plus a BGP VPN from cgw-dc to vgw-a as the backup of dxvif-1: dc is `via: [dxvif-1, vpn-backup]`. */
function withBackup(routing: 'bgp' | 'static' = 'bgp'): Raw {
  return variant((s) => {
    s.customerGateways = [{ id: 'cgw-dc', ip: '198.51.100.7', asn: 65010 }];
    s.vpnConnections = [{ id: 'vpn-backup', customerGateway: 'cgw-dc', vpnGateway: 'vgw-a', routing, ...(routing === 'static' ? { staticRoutes: ['192.168.0.0/16'] } : {}) }];
    s.externalNetworks = [{ id: 'dc', cidrs: ['192.168.0.0/16'], via: ['dxvif-1', 'vpn-backup'] }];
  }, hybrid());
}

/** hybrid() plus a public VIF: dc-pub 198.51.100.0/24 reached over dxvif-pub (routeFilterPrefixes 198.51.100.0/24). */
function withPublic(filter = '198.51.100.0/24'): Raw {
  return variant((s) => {
    s.directConnect.virtualInterfaces.push({ id: 'dxvif-pub', type: 'public', connection: 'dxcon-1', routeFilterPrefixes: [filter] });
    s.externalNetworks.push({ id: 'dc-pub', cidrs: ['198.51.100.0/24'], via: 'dxvif-pub' });
  }, hybrid());
}

const rows = (o: ReturnType<typeof run>, table: string): readonly string[] => {
  const h = o.t.forward.find((x) => x.component === table && x.detail.step === 'route');
  return h?.detail.step === 'route' ? h.detail.table ?? [] : [];
};

describe('virtual interface and connection states', () => {
  // "Only available carries traffic": VIF states (API_VirtualInterface.html); a connection
  // carries traffic only when available (API_Connection.html).
  // https://docs.aws.amazon.com/directconnect/latest/APIReference/API_VirtualInterface.html
  it('an available VIF carries both ways; the hops name the VIF and the Direct Connect gateway', () => {
    const out = run(hybrid(), 'i-a', dc);
    expectVerdict(out, 'exits-external');
    expect(out.path).toEqual(expect.arrayContaining(['rtb-a:forward', 'dxgw-1:forward', 'dxvif-1:exit']));
    const back = run(hybrid(), dc, 'i-a');
    expectVerdict(back, 'delivered');
    expect(back.path.slice(0, 2)).toEqual(['dxvif-1:forward', 'dxgw-1:forward']);
  });
  it('`up` reads as available', () => {
    expectVerdict(run(variant((s) => void (vif(s).status = 'up'), hybrid()), 'i-a', dc), 'exits-external');
  });
  for (const status of ['down', 'testing', 'pending', 'confirming', 'deleting', 'deleted']) {
    it(`a VIF that is \`${status}\` carries nothing: its routes are withdrawn, on premises has no way in`, () => {
      const s = variant((x) => void (vif(x).status = status), hybrid());
      // rtb-a learns nothing: 192.168.0.0/16 follows 0.0.0.0/0 to the internet, which does not route it
      const out = run(s, 'i-a', dc);
      expectVerdict(out, 'no-route', null);
      expect(rows(out, 'rtb-a').some((r) => r.includes('propagated'))).toBe(false);
      const o = run(s, dc, 'i-a');
      expectVerdict(o, 'no-route', 'dc');
      // not the VPN sentence of old: it names the interface and its state
      expect(o.t.forward[0]!.detail.why).toBe(`no connection of \`dc\` to AWS is up: virtual interface \`dxvif-1\` is \`${status}\``);
    });
  }
  it('a VIF on a connection that is down carries nothing', () => {
    const s = variant((x) => void (x.directConnect.connections[0].status = 'down'), hybrid());
    const o = run(s, dc, 'i-a');
    expectVerdict(o, 'no-route', 'dc');
    expect(o.t.forward[0]!.detail.why).toContain('the connection `dxcon-1` of virtual interface `dxvif-1` is `down`');
  });
});

describe('private virtual interfaces', () => {
  // "A private virtual interface should be used to access an Amazon VPC using private IP
  // addresses": to a virtual private gateway, or to a Direct Connect gateway.
  // https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html
  it('to a virtual private gateway directly: its VPC, and only its VPC', () => {
    const s = variant((x) => {
      x.directConnect.gateways = [];
      x.directConnect.virtualInterfaces = [{ id: 'dxvif-a', type: 'private', connection: 'dxcon-1', vpnGateway: 'vgw-a' }];
      x.externalNetworks = [{ id: 'dc', cidrs: ['192.168.0.0/16'], via: 'dxvif-a' }];
    }, hybrid());
    expectVerdict(run(s, dc, 'i-a'), 'delivered');
    expectVerdict(run(s, 'i-a', dc), 'exits-external');
    // vpc-b is not behind this VIF: on premises learned no route to it
    expectVerdict(run(s, dc, 'i-b'), 'no-route', 'vgw-a');
    expectVerdict(run(s, 'i-b', dc), 'no-route', 'rtb-b');
  });
  // "You can create the Direct Connect gateway in any public Region and access it from all other
  // public Regions": one VIF reaches VPCs of two regions.
  // https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html
  it('to a Direct Connect gateway: every associated VPC, in any region', () => {
    expectVerdict(run(hybrid(), dc, 'i-b'), 'delivered');
    expectVerdict(run(hybrid(), 'i-b', dc), 'exits-external');
  });
  // "A Direct Connect gateway does not allow gateway associations that are on the same Direct
  // Connect gateway to send traffic to each other (for example, a virtual private gateway to
  // another virtual private gateway)." (direct-connect-gateways-intro.html)
  it('no VPC-to-VPC transit through the Direct Connect gateway', () => {
    const s = variant((x) => void x.routeTables[0].routes.push({ destination: '10.17.0.0/16', target: 'vgw-a' }), hybrid());
    const o = run(s, 'i-a', 'i-b');
    expectVerdict(o, 'not-transitive', 'dxgw-1');
    expect(o.t.forward.at(-1)!.detail.why).toBe('10.17.1.10 is behind `vgw-b`, another gateway associated with Direct Connect gateway `dxgw-1`: a Direct Connect gateway does not carry traffic between the gateways associated with it');
  });
});

describe('allowed prefixes', () => {
  // Virtual private gateway association: "When the allowed prefixes list is set to 10.0.0.0/24,
  // you do not receive any route because 10.0.0.0/24 is not the same as 10.0.0.0/16" ... "set to
  // 10.0.0.0/15, you do receive 10.0.0.0/16". Transit gateway association: "we directly provision
  // the prefixes that are in the allowed prefix list".
  // https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
  const vgwAllowed = (prefixes: string[]): Raw => variant((x) => void (x.directConnect.gateways[0].associations[0].allowedPrefixes = prefixes), hybrid());
  it('VGW: a prefix narrower than the VPC block advertises nothing; on premises has no route', () => {
    const o = run(vgwAllowed(['10.16.0.0/24']), dc, 'i-a');
    expectVerdict(o, 'no-route', 'dxgw-1');
    expect(o.t.forward.at(-1)!.detail.why).toContain('`vgw-a` advertises nothing (allowed prefixes 10.16.0.0/24)');
  });
  it('VGW: an equal or wider prefix advertises the VPC block', () => {
    expectVerdict(run(vgwAllowed(['10.16.0.0/16']), dc, 'i-a'), 'delivered');
    expectVerdict(run(vgwAllowed(['10.16.0.0/15']), dc, 'i-a'), 'delivered');
  });
  it('VGW: the filter is for what on premises learns; the request still gets there, its reply has no way back', () => {
    const o = run(vgwAllowed(['10.16.0.0/24']), 'i-a', dc);
    expectVerdict(o, 'reply-denied', 'dxgw-1');
    expect(o.path).toContain('dxvif-1:exit');
  });
  it('TGW: the allowed prefixes are what on premises learns', () => {
    const ok = run(transit(), dc, 'i-a');
    expectVerdict(ok, 'delivered');
    expect(ok.path.slice(0, 3)).toEqual(['dxvif-t:forward', 'dxgw-t:forward', 'tgw-rtb:forward']);
    const o = run(transit(['10.99.0.0/16']), dc, 'i-a');
    expectVerdict(o, 'no-route', 'dxgw-t');
    expect(o.t.forward.at(-1)!.detail.why).toContain('`tgw-hub` advertises 10.99.0.0/16');
  });
});

describe('transit virtual interfaces', () => {
  // "A transit virtual interface should be used to access one or more Amazon VPC Transit
  // Gateways associated with Direct Connect gateways"; "A Direct Connect gateway supports
  // communication between attached transit virtual interfaces and associated transit gateways only."
  // https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html
  it('the TGW route table propagates what the Direct Connect gateway learned; VPC to on premises through the attachment', () => {
    const o = run(transit(), 'i-a', dc);
    expectVerdict(o, 'exits-external');
    expect(o.path).toEqual(expect.arrayContaining(['tgw-rtb:forward', 'dxgw-t:forward', 'dxvif-t:exit']));
    expect(rows(o, 'tgw-rtb')).toContain('192.168.0.0/16 → tgw-attach-dx  (propagated, Direct Connect)');
  });
  it('a transit VIF that is down withdraws the propagated routes', () => {
    const s = variant((x) => void (vif(x).status = 'down'), transit());
    expectVerdict(run(s, 'i-a', dc), 'no-route', 'tgw-rtb');
  });
  it('an association without the TGW attachment: a blackhole at the transit gateway', () => {
    const s = variant((x) => {
      x.transitGateways[0].attachments.pop();
      x.transitGateways[0].routeTables[0].associations.pop();
      x.transitGateways[0].routeTables[0].propagations.pop();
    }, transit());
    expectVerdict(run(s, dc, 'i-a'), 'blackhole', 'tgw-hub');
  });
  // TGW route evaluation order: "Static routes ... Prefix list referenced routes, VPC-propagated
  // routes, Direct Connect gateway-propagated routes, Transit Gateway Connect-propagated routes,
  // Site-to-Site VPN over private Direct Connect-propagated routes, Site-to-Site VPN-propagated routes".
  // https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html
  const withTgwVpn = (static_: boolean): Raw =>
    variant((x) => {
      x.customerGateways = [{ id: 'cgw-dc', ip: '198.51.100.7', asn: 65010 }];
      x.vpnConnections = [{ id: 'vpn-t', customerGateway: 'cgw-dc', transitGateway: 'tgw-hub', routing: 'bgp' }];
      x.transitGateways[0].attachments.push({ id: 'tgw-attach-vpn', vpnConnection: 'vpn-t' });
      x.transitGateways[0].routeTables[0].associations.push('tgw-attach-vpn');
      x.transitGateways[0].routeTables[0].propagations.push('tgw-attach-vpn');
      if (static_) x.transitGateways[0].routeTables[0].routes.push({ destination: '192.168.0.0/16', attachment: 'tgw-attach-vpn' });
      x.externalNetworks = [{ id: 'dc', cidrs: ['192.168.0.0/16'], via: ['dxvif-t', 'cgw-dc'] }];
    }, transit());
  it('for the same prefix, Direct Connect gateway-propagated routes come before VPN-propagated ones', () => {
    const o = run(withTgwVpn(false), 'i-a', dc);
    expectVerdict(o, 'exits-external');
    expect(o.path).toContain('dxvif-t:exit');
    expect(rows(o, 'tgw-rtb')).toEqual(expect.arrayContaining(['192.168.0.0/16 → tgw-attach-dx  (propagated, Direct Connect)', '192.168.0.0/16 → tgw-attach-vpn  (propagated, VPN)']));
  });
  it('a static route wins over both', () => {
    const o = run(withTgwVpn(true), 'i-a', dc);
    expectVerdict(o, 'exits-external');
    expect(o.path).toContain('vpn-t:exit');
  });
});

describe('route priority between Direct Connect and VPN', () => {
  // VPC route table: "Propagated routes: Direct Connect BGP routes (dynamic routes), VPN static
  // routes, VPN BGP routes" (route-tables-priority.html). At the VGW: "If the prefixes are the
  // same, then the virtual private gateway prioritizes routes as follows ... BGP propagated routes
  // from an AWS Direct Connect connection, Manually added static routes for a Site-to-Site VPN
  // connection, BGP propagated routes from a Site-to-Site VPN connection" (vpn-route-priority.html).
  // https://docs.aws.amazon.com/vpc/latest/userguide/route-tables-priority.html
  // https://docs.aws.amazon.com/vpn/latest/s2svpn/vpn-route-priority.html
  for (const routing of ['bgp', 'static'] as const) {
    it(`Direct Connect wins the same prefix over a ${routing} VPN; the route table shows both`, () => {
      const o = run(withBackup(routing), 'i-a', dc);
      expectVerdict(o, 'exits-external');
      expect(o.path).toContain('dxvif-1:exit');
      expect(rows(o, 'rtb-a')).toEqual(expect.arrayContaining(['192.168.0.0/16 → vgw-a  (propagated, Direct Connect)', `192.168.0.0/16 → vgw-a  (propagated, VPN ${routing === 'bgp' ? 'BGP' : 'static'})`]));
    });
  }
  it('the longest prefix comes first: a more specific VPN route beats the Direct Connect route', () => {
    const s = variant((x) => {
      x.vpnConnections[0].staticRoutes = ['192.168.5.0/24'];
    }, withBackup('static'));
    expect(run(s, 'i-a', 'external:dc:192.168.5.9').path).toContain('vgw-a:exit');
    expect(run(s, 'i-a', 'external:dc:192.168.6.9').path).toContain('dxvif-1:exit');
  });
  it('a static route in the VPC route table wins over the propagated Direct Connect route', () => {
    const s = variant((x) => void x.routeTables[0].routes.push({ destination: '192.168.0.0/16', target: 'blackhole' }), hybrid());
    expectVerdict(run(s, 'i-a', dc), 'blackhole', 'rtb-a');
  });
  it('a propagated Direct Connect route inside the VPC block never overrides the local route', () => {
    const s = variant((x) => void x.externalNetworks.push({ id: 'odd', cidrs: ['10.16.1.0/24'], via: 'dxvif-1' }), hybrid());
    // the row says the propagated one is ignored; traffic inside the VPC stays local
    expect(rows(run(s, 'i-a', dc), 'rtb-a')).toContain('10.16.1.0/24 → vgw-a  (propagated, ignored: the local route wins over propagated routes)');
  });
});

describe('an external network reached over several connections (primary, backup)', () => {
  // The customer's router prefers the primary's routes (local preference, routing-and-bgp.html);
  // when the primary is down its routes are withdrawn and the backup carries the traffic. AWS's
  // side picks by its route priority.
  // https://docs.aws.amazon.com/directconnect/latest/UserGuide/routing-and-bgp.html
  it('with the VIF up, on premises uses it (primary)', () => {
    const o = run(withBackup(), dc, 'i-a');
    expectVerdict(o, 'delivered');
    expect(o.path.slice(0, 2)).toEqual(['dc:forward', 'dxvif-1:forward']);
    expect(o.t.forward[0]!.detail.why).toContain('its primary connection');
  });
  it('with the VIF down, the VPN carries both ways; the hop says why', () => {
    const s = variant((x) => void (vif(x).status = 'down'), withBackup());
    const o = run(s, dc, 'i-a');
    expectVerdict(o, 'delivered');
    expect(o.path.slice(0, 2)).toEqual(['dc:forward', 'vpn-backup:forward']);
    expect(o.t.forward[0]!.detail.why).toContain('virtual interface `dxvif-1` is `down`');
    const back = run(s, 'i-a', dc);
    expectVerdict(back, 'exits-external');
    expect(back.path).toContain('vgw-a:exit');
  });
  it('a backup that advertises the destination carries it when the primary does not', () => {
    // dc reaches vpc-b over the VPN to vgw-b only: the DX gateway advertises vpc-a alone
    const s = variant((x) => {
      x.directConnect.gateways[0].associations.pop();
      x.customerGateways = [{ id: 'cgw-dc', ip: '198.51.100.7' }];
      x.vpnConnections = [{ id: 'vpn-b', customerGateway: 'cgw-dc', vpnGateway: 'vgw-b', routing: 'bgp' }];
      x.externalNetworks = [{ id: 'dc', cidrs: ['192.168.0.0/16'], via: ['dxvif-1', 'vpn-b'] }];
    }, hybrid());
    expect(run(s, dc, 'i-a').path).toContain('dxvif-1:forward');
    const o = run(s, dc, 'i-b');
    expectVerdict(o, 'delivered');
    expect(o.path).toContain('vpn-b:forward');
    expect(o.t.forward[0]!.detail.why).toContain('`dxvif-1` advertises no route to the destination');
  });
});

describe('public virtual interfaces', () => {
  // "A public virtual interface can access all AWS public services using public IP addresses";
  // "You do not have access to non-Amazon prefixes" (WorkingWithVirtualInterfaces.html).
  // Inbound: "Traffic must be destined to Amazon public prefixes"; "AWS Direct Connect performs
  // inbound packet filtering to validate that the source of the traffic originated from your
  // advertised prefix"; outbound: "AWS Direct Connect is the preferred path for traffic sourced
  // from Amazon" (routing-and-bgp.html).
  // https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html
  // https://docs.aws.amazon.com/directconnect/latest/UserGuide/routing-and-bgp.html
  const pub = 'external:dc-pub:198.51.100.20';
  it('reaches an instance at its public IP (through its internet gateway), both ways', () => {
    const o = run(withPublic(), pub, 'i-a');
    // the flow to an instance from outside a VPC is to its private address; address its public one
    expectVerdict(run(withPublic(), pub, '3.80.0.10'), 'delivered');
    expect(run(withPublic(), pub, '3.80.0.10').path.slice(0, 2)).toEqual(['dxvif-pub:forward', 'igw-a:translate']);
    expectVerdict(o, 'no-route', 'dxvif-pub');
  });
  it('never a VPC private address', () => {
    const o = run(withPublic(), pub, '10.16.1.10');
    expectVerdict(o, 'no-route', 'dxvif-pub');
    expect(o.t.forward.at(-1)!.detail.why).toContain('is not an AWS public address');
  });
  it('reaches AWS public services', () => {
    expectVerdict(run(withPublic(), pub, 'service:s3'), 'exits-service');
  });
  it('AWS sends traffic for the customer prefix over the VIF (preferred to the internet)', () => {
    const o = run(withPublic(), 'i-a', pub);
    expectVerdict(o, 'exits-external');
    expect(o.path.slice(-2)).toEqual(['igw-a:translate', 'dxvif-pub:exit']);
  });
  it('a source outside the advertised prefixes is dropped', () => {
    const o = run(withPublic('198.51.100.0/25'), pub.replace('.20', '.200'), '3.80.0.10');
    expectVerdict(o, 'no-route', 'dxvif-pub');
    expect(o.t.blockers[0]!.setting).toBe('routeFilterPrefixes');
  });
  it('with the public VIF down, the customer prefix is not reached', () => {
    const s = variant((x) => void (vif(x, 1).status = 'down'), withPublic());
    expectVerdict(run(s, pub, '3.80.0.10'), 'no-route', 'dc-pub');
  });
});

describe('a VPN over a public virtual interface', () => {
  // AWS Direct Connect + Site-to-Site VPN: the VPN's endpoints are AWS public addresses reached
  // over a public VIF; the VPN carries nothing when the VIF does not, or when AWS drops the
  // customer gateway's packets (its address is not an advertised prefix: routing-and-bgp.html).
  // https://docs.aws.amazon.com/whitepapers/latest/aws-vpc-connectivity-options/aws-direct-connect-site-to-site-vpn.html
  const overDx = (vifStatus: string, cgwIp = '198.51.100.7'): Raw =>
    variant((x) => {
      x.directConnect.virtualInterfaces = [{ id: 'dxvif-pub', type: 'public', connection: 'dxcon-1', status: vifStatus, routeFilterPrefixes: ['198.51.100.0/24'] }];
      x.customerGateways = [{ id: 'cgw-dc', ip: cgwIp, asn: 65010 }];
      x.vpnConnections = [{ id: 'vpn-dx', customerGateway: 'cgw-dc', vpnGateway: 'vgw-a', routing: 'bgp', transport: 'dxvif-pub' }];
      x.externalNetworks = [{ id: 'dc', cidrs: ['192.168.0.0/16'], via: 'vpn-dx' }];
    }, hybrid());
  it('up while its VIF is available', () => {
    expectVerdict(run(overDx('available'), dc, 'i-a'), 'delivered');
    expectVerdict(run(overDx('available'), 'i-a', dc), 'exits-external');
  });
  it('down when its VIF is not available: no propagated route, no way in', () => {
    expect(rows(run(overDx('down'), 'i-a', dc), 'rtb-a').some((r) => r.includes('propagated'))).toBe(false);
    const o = run(overDx('down'), dc, 'i-a');
    expectVerdict(o, 'no-route', 'dc');
  });
  it('down when the customer gateway address is not an advertised prefix', () => {
    const s = variant((x) => void x.routeTables[0].routes.push({ destination: '192.168.0.0/16', target: 'vgw-a' }), overDx('available', '192.0.2.7'));
    const o = run(s, 'i-a', dc);
    expectVerdict(o, 'blackhole', 'rtb-a');
    expect(o.t.forward.at(-1)!.detail.why).toContain('do not hold its customer gateway address 192.0.2.7');
  });
});

describe('the reference tracer', () => {
  it('cites every page the concept follows (it is written from them, not from the concept)', () => {
    const ref = readFileSync(new URL('../../src/reference.ts', import.meta.url), 'utf8');
    for (const u of DX_DOCS) expect(ref, u).toContain(u);
  });
});

describe('what vpcsim does not model, and bad input', () => {
  it('IPv6 over a virtual interface is not-implemented, never a success', () => {
    const s = variant((x) => {
      x.vpcs[0].ipv6Cidr = '2600:1f18:1:100::/56';
      x.subnets[0].ipv6Cidr = '2600:1f18:1:100::/64';
      x.instances[0].ipv6Addresses = ['2600:1f18:1:100::10'];
      x.externalNetworks[0].cidrs.push('fd00:1::/48');
    }, hybrid());
    const o = run(s, 'external:dc:fd00:1::5', '2600:1f18:1:100::10');
    expect(o.disposition).toBe('not-implemented');
    expect(o.t.errors[0]!.message).toContain('IPv6 over Direct Connect');
  });
  // located errors with hints (the model validates; see packages/model/test)
  it('a VIF naming a missing connection, an allowed prefix that is not a CIDR', () => {
    expect(compileErrors(variant((x) => void (vif(x).connection = 'dxcon-9'), hybrid()))).toContain('unknown-reference');
    expect(compileErrors(variant((x) => void (x.directConnect.gateways[0].associations[0].allowedPrefixes = ['10.16.0.0/33']), hybrid())).length).toBeGreaterThan(0);
  });
});
