// Direct Connect: the rules of validate/direct-connect.ts, each with its AWS page.
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostic.js';
import { expectError2, expectWarning2, mutate2, type Raw } from '../fixtures.js';

const vif = (s: Raw, id: string) => s.directConnect.virtualInterfaces.find((x: Raw) => x.id === id);
const gw = (s: Raw, id: string) => s.directConnect.gateways.find((x: Raw) => x.id === id);

describe('the draft Direct Connect scenario', () => {
  it('is valid', () => {
    expect(mutate2('direct-connect').map(formatDiagnostic)).toEqual([]);
  });
});

describe('issue 14 acceptance: located errors with hints', () => {
  it('a virtual interface naming a missing connection', () => {
    const d = expectError2('direct-connect', (s) => (vif(s, 'dxvif-priv').connection = 'dxcon-9'), 'unknown-reference', ['directConnect', 'virtualInterfaces', 0, 'connection']);
    expect(d.message).toBe('unknown Direct Connect connection `dxcon-9`');
    expect(d.hint).toMatch(/did you mean `dxcon-[12]`\?/);
  });
  it('an allowed prefix that is not a CIDR', () => {
    const d = expectError2('direct-connect', (s) => (gw(s, 'dxgw-tgw').associations[0].allowedPrefixes = ['10.0.0.0/33']), 'invalid-value', ['directConnect', 'gateways', 1, 'associations', 0, 'allowedPrefixes', 0]);
    expect(d.hint).toContain('10.16.0.0/16');
    expectError2('direct-connect', (s) => (gw(s, 'dxgw-vpcs').associations[0].allowedPrefixes = ['ten-slash-eight']), 'invalid-value', ['directConnect', 'gateways', 0, 'associations', 0, 'allowedPrefixes', 0]);
  });
});

describe('virtual interfaces', () => {
  // https://docs.aws.amazon.com/directconnect/latest/APIReference/API_VirtualInterface.html
  it('states are AWS\'s (with `up` for `available`), with a did-you-mean', () => {
    const d = expectError2('direct-connect', (s) => (vif(s, 'dxvif-priv').status = 'availabel'), 'invalid-value', ['directConnect', 'virtualInterfaces', 0, 'status']);
    expect(d.hint).toBe('did you mean `available`?');
  });
  it('private: exactly one of dxGateway or vpnGateway; transit: a dxGateway', () => {
    expectError2('direct-connect', (s) => (vif(s, 'dxvif-priv').vpnGateway = 'vgw-app'), 'vif-target', ['directConnect', 'virtualInterfaces', 0, 'vpnGateway']);
    expectError2('direct-connect', (s) => delete vif(s, 'dxvif-priv').dxGateway, 'vif-target', ['directConnect', 'virtualInterfaces', 0, 'dxGateway']);
    expectError2('direct-connect', (s) => delete vif(s, 'dxvif-transit').dxGateway, 'missing-field', ['directConnect', 'virtualInterfaces', 2, 'dxGateway']);
    expectError2('direct-connect', (s) => (vif(s, 'dxvif-transit').vpnGateway = 'vgw-app'), 'vif-field-mismatch', ['directConnect', 'virtualInterfaces', 2, 'vpnGateway']);
    expectError2('direct-connect', (s) => (vif(s, 'dxvif-priv').dxGateway = 'dxgw-vpc'), 'unknown-reference', ['directConnect', 'virtualInterfaces', 0, 'dxGateway']);
  });
  it('public: AWS public address space only; no gateways', () => {
    const d = expectError2('direct-connect', (s) => vif(s, 'dxvif-pub').routeFilterPrefixes.push('10.16.0.0/16'), 'vif-public-private-prefix', ['directConnect', 'virtualInterfaces', 3, 'routeFilterPrefixes', 1]);
    expect(d.hint).toContain('private or transit');
    expectError2('direct-connect', (s) => (vif(s, 'dxvif-pub').dxGateway = 'dxgw-vpcs'), 'vif-field-mismatch', ['directConnect', 'virtualInterfaces', 3, 'dxGateway']);
    expectWarning2('direct-connect', (s) => delete vif(s, 'dxvif-pub').routeFilterPrefixes, 'vif-public-no-prefixes', ['directConnect', 'virtualInterfaces', 3, 'routeFilterPrefixes']);
    expectError2('direct-connect', (s) => (vif(s, 'dxvif-priv').routeFilterPrefixes = ['203.0.113.0/24']), 'vif-field-mismatch', ['directConnect', 'virtualInterfaces', 0, 'routeFilterPrefixes']);
  });
});

describe('Direct Connect gateways', () => {
  // https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html
  it('a gateway never mixes private and transit use', () => {
    const d = expectError2('direct-connect', (s) => (vif(s, 'dxvif-transit').dxGateway = 'dxgw-vpcs'), 'dx-gateway-mixed', ['directConnect', 'gateways', 0]);
    expect(d.hint).toContain('another for transit');
    expectError2('direct-connect', (s) => gw(s, 'dxgw-tgw').associations.push({ vpnGateway: 'vgw-edge' }), 'dx-gateway-mixed', ['directConnect', 'gateways', 1]);
  });
  // https://docs.aws.amazon.com/directconnect/latest/APIReference/API_CreateDirectConnectGateway.html
  it('its ASN is a private ASN', () => {
    expectError2('direct-connect', (s) => (gw(s, 'dxgw-vpcs').asn = 7224), 'dx-gateway-asn', ['directConnect', 'gateways', 0, 'asn']);
  });
  it('an association names one gateway', () => {
    const d = expectError2('direct-connect', (s) => (gw(s, 'dxgw-vpcs').associations[0].transitGateway = 'tgw-hub'), 'invalid-value', ['directConnect', 'gateways', 0, 'associations', 0]);
    expect(d.hint).toContain('vgw-app');
  });
  // https://docs.aws.amazon.com/directconnect/latest/APIReference/API_CreateDirectConnectGatewayAssociation.html
  it('a virtual private gateway: attached, associated with one Direct Connect gateway, VPCs that do not overlap', () => {
    expectError2('direct-connect', (s) => delete s.vpnGateways[2].vpc && s.directConnect.gateways[0].associations.push({ vpnGateway: 'vgw-edge' }), 'dx-association-detached', ['directConnect', 'gateways', 0, 'associations', 2, 'vpnGateway']);
    expectError2(
      'direct-connect',
      (s) => s.directConnect.gateways.push({ id: 'dxgw-more', associations: [{ vpnGateway: 'vgw-app' }] }),
      'dx-association-duplicate',
      ['directConnect', 'gateways', 2, 'associations', 0, 'vpnGateway'],
    );
    expectError2('direct-connect', (s) => (s.vpcs[2].cidr = '10.17.0.0/16', (s.subnets[2].cidr = '10.17.0.0/24'), gw(s, 'dxgw-vpcs').associations.push({ vpnGateway: 'vgw-edge' })), 'dx-association-overlap', ['directConnect', 'gateways', 0, 'associations', 2, 'vpnGateway']);
  });
  // https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
  it('allowed prefixes: for a VGW a filter (a narrower prefix advertises nothing); for a TGW required and not overlapping', () => {
    const d = expectWarning2('direct-connect', (s) => (gw(s, 'dxgw-vpcs').associations[0].allowedPrefixes = ['10.16.0.0/24']), 'dx-allowed-prefix-advertises-nothing', ['directConnect', 'gateways', 0, 'associations', 0, 'allowedPrefixes', 0]);
    expect(d.hint).toContain('same as or wider');
    expectError2('direct-connect', (s) => delete gw(s, 'dxgw-tgw').associations[0].allowedPrefixes, 'dx-allowed-prefixes-required', ['directConnect', 'gateways', 1, 'associations', 0, 'allowedPrefixes']);
    expectError2(
      'direct-connect',
      (s) => (s.transitGateways.push({ id: 'tgw-west', region: 'us-west-2' }), gw(s, 'dxgw-tgw').associations.push({ transitGateway: 'tgw-west', allowedPrefixes: ['10.17.0.0/16'] })),
      'dx-allowed-prefixes-overlap',
      ['directConnect', 'gateways', 1, 'associations', 1, 'allowedPrefixes', 0],
    );
  });
  it('a transit gateway attachment to a Direct Connect gateway needs the association', () => {
    const d = expectError2('direct-connect', (s) => (gw(s, 'dxgw-tgw').associations = []), 'dx-attachment-without-association', ['transitGateways', 0, 'attachments', 1, 'dxGateway']);
    expect(d.hint).toContain('transitGateway: tgw-hub');
    expectError2('direct-connect', (s) => (s.transitGateways[0].attachments[1].dxGateway = 'dxgw-tg'), 'unknown-reference', ['transitGateways', 0, 'attachments', 1, 'dxGateway']);
  });
});

describe('external networks and VPN over Direct Connect', () => {
  it('`via` is a customer gateway, a VPN connection or a virtual interface, or a list of them', () => {
    const d = expectError2('direct-connect', (s) => (s.externalNetworks[1].via = ['dxvif-transi', 'vpn-backup']), 'unknown-reference', ['externalNetworks', 1, 'via', 0]);
    expect(d.hint).toBe('did you mean `dxvif-transit`?');
    expectError2('direct-connect', (s) => (s.externalNetworks[0].via = 'dxgw-vpcs'), 'wrong-kind', ['externalNetworks', 0, 'via']);
    expectWarning2('direct-connect', (s) => (s.externalNetworks[1].via = ['vpn-backup', 'vpn-backup']), 'duplicate-via', ['externalNetworks', 1, 'via', 1]);
    expectError2('direct-connect', (s) => (s.externalNetworks[1].via = []), 'too-small', ['externalNetworks', 1, 'via']);
  });
  // https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-vpn.html
  it('a VPN runs over a public virtual interface (a transit one only to a transit gateway)', () => {
    expectError2('direct-connect', (s) => (s.vpnConnections[0].transport = 'dxvif-priv'), 'vpn-transport', ['vpnConnections', 0, 'transport']);
    expectError2('direct-connect', (s) => (s.vpnConnections[0].transport = 'dxvif-transit'), 'vpn-transport', ['vpnConnections', 0, 'transport']);
    expect(mutate2('direct-connect', (s) => (s.vpnConnections[1].transport = 'dxvif-transit'))).toEqual([]);
  });
});
