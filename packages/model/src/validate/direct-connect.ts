// Direct Connect: connections, gateways and their associations, virtual interfaces.
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-gateways-intro.html
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/allowed-to-prefixes.html
// https://docs.aws.amazon.com/directconnect/latest/UserGuide/WorkingWithVirtualInterfaces.html
// https://docs.aws.amazon.com/directconnect/latest/APIReference/API_CreateDirectConnectGateway.html
// https://docs.aws.amazon.com/directconnect/latest/APIReference/API_CreateDirectConnectGatewayAssociation.html
import { cidrContains, cidrOverlaps, cidrWithin, parseCidr, type CidrBlock } from '../address.js';
import { error, warning, type Path } from '../diagnostic.js';
import type { Scenario } from '../schema/index.js';
import type { VpcInfo } from './network.js';
import type { Registry } from './registry.js';

const block = (t: string): CidrBlock | undefined => {
  const b = parseCidr(t);
  return typeof b === 'string' ? undefined : b;
};

/** Private (non-public) IPv4 ranges: RFC 1918, RFC 6598 and link-local; a public VIF advertises none of them. */
const NOT_PUBLIC: readonly CidrBlock[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16', '127.0.0.0/8'].map((c) => block(c)!);

/** The Amazon side ASN of a Direct Connect gateway: a private ASN (API_CreateDirectConnectGateway.html). */
const privateAsn = (n: number): boolean => (n >= 64512 && n <= 65534) || (n >= 4200000000 && n <= 4294967294);

/** Checks `directConnect`, appending to `r.out`. */
export function validateDirectConnect(s: Scenario, r: Registry, c: { readonly vpcs: ReadonlyMap<string, VpcInfo> }): void {
  const out = r.out;
  const dx = s.directConnect;
  if (dx === undefined) return;
  const vgws = new Map((s.vpnGateways ?? []).map((g) => [g.id, g]));

  // ---- gateways and associations ----------------------------------------------------------------
  /** VGW → the DX gateway it is associated with ("must not be associated with another Direct Connect gateway"). */
  const vgwAssociatedWith = new Map<string, string>();
  const gatewayKind = new Map<string, { priv: boolean; transit: boolean }>();
  (dx.gateways ?? []).forEach((g, i) => {
    const path: Path = ['directConnect', 'gateways', i];
    if (g.asn !== undefined && !privateAsn(g.asn))
      out.push(error('dx-gateway-asn', [...path, 'asn'], `ASN ${g.asn} is not a private ASN`, 'the Amazon side ASN of a Direct Connect gateway is 64512-65534 or 4200000000-4294967294'));
    const kind = { priv: false, transit: false };
    gatewayKind.set(g.id, kind);
    const tgwPrefixes: { b: CidrBlock; tgw: string }[] = [];
    const vpcBlocks: { b: CidrBlock; vpc: string }[] = [];
    const seen = new Set<string>();
    (g.associations ?? []).forEach((a, k) => {
      const p: Path = [...path, 'associations', k];
      if (a.transitGateway !== undefined) {
        kind.transit = true;
        r.ref([...p, 'transitGateway'], a.transitGateway, ['transit-gateway']);
        if (seen.has(a.transitGateway)) out.push(error('dx-association-duplicate', [...p, 'transitGateway'], `\`${a.transitGateway}\` is already associated with \`${g.id}\``));
        seen.add(a.transitGateway);
        // "This parameter is required when you create an association to a transit gateway."
        if ((a.allowedPrefixes ?? []).length === 0)
          out.push(error('dx-allowed-prefixes-required', [...p, 'allowedPrefixes'], `the association with transit gateway \`${a.transitGateway}\` needs \`allowedPrefixes\`: they are what on premises learns`, 'list the prefixes to advertise, e.g. `allowedPrefixes: [10.0.0.0/8]`'));
        (a.allowedPrefixes ?? []).forEach((t, j) => {
          const b = block(t);
          if (!b) return;
          // allowed prefixes of the transit gateways of one Direct Connect gateway may not overlap
          const clash = tgwPrefixes.find((x) => x.tgw !== a.transitGateway && cidrOverlaps(x.b, b));
          if (clash)
            out.push(error('dx-allowed-prefixes-overlap', [...p, 'allowedPrefixes', j], `\`${t}\` overlaps \`${clash.b.text}\`, allowed for \`${clash.tgw}\` on the same Direct Connect gateway`, 'the allowed prefixes of different transit gateways on one Direct Connect gateway must not overlap'));
          tgwPrefixes.push({ b, tgw: a.transitGateway! });
        });
        return;
      }
      kind.priv = true;
      const vgwId = a.vpnGateway!;
      const e = r.ref([...p, 'vpnGateway'], vgwId, ['vpn-gateway']);
      if (!e) return;
      // "The virtual private gateway must be attached to a VPC and must not be associated with another Direct Connect gateway."
      const prev = vgwAssociatedWith.get(vgwId);
      if (prev !== undefined) out.push(error('dx-association-duplicate', [...p, 'vpnGateway'], `\`${vgwId}\` is already associated with Direct Connect gateway \`${prev}\``, 'a virtual private gateway is associated with one Direct Connect gateway'));
      else vgwAssociatedWith.set(vgwId, g.id);
      const vpcId = vgws.get(vgwId)?.vpc;
      if (vpcId === undefined) {
        out.push(error('dx-association-detached', [...p, 'vpnGateway'], `\`${vgwId}\` is attached to no VPC`, 'attach the virtual private gateway to a VPC (its `vpc`) before associating it'));
        return;
      }
      const vpc = c.vpcs.get(vpcId);
      if (!vpc) return;
      const blocks = [...vpc.blocks4, ...(vpc.block6 ? [vpc.block6] : [])];
      // VPCs behind one Direct Connect gateway must not overlap
      for (const b of blocks) {
        const clash = vpcBlocks.find((x) => x.vpc !== vpcId && cidrOverlaps(x.b, b));
        if (clash) out.push(error('dx-association-overlap', [...p, 'vpnGateway'], `\`${vpcId}\` (\`${b.text}\`) overlaps \`${clash.vpc}\` (\`${clash.b.text}\`), also behind \`${g.id}\``, 'the VPCs associated with one Direct Connect gateway must not have overlapping blocks'));
        vpcBlocks.push({ b, vpc: vpcId });
      }
      // the allowed prefixes filter the VPC's blocks: one equal to or wider than a block advertises it
      (a.allowedPrefixes ?? []).forEach((t, j) => {
        const pb = block(t);
        if (!pb) return;
        if (!blocks.some((b) => cidrWithin(b, pb)))
          out.push(
            warning(
              'dx-allowed-prefix-advertises-nothing',
              [...p, 'allowedPrefixes', j],
              `\`${t}\` covers no block of \`${vpcId}\` (${blocks.map((b) => `\`${b.text}\``).join(', ')}): for a virtual private gateway it advertises nothing`,
              'an allowed prefix must be the same as or wider than the VPC block it should advertise',
            ),
          );
      });
    });
  });

  // ---- connections ------------------------------------------------------------------------------------
  // (states are enumerated by the schema; nothing else to check)

  // ---- virtual interfaces -------------------------------------------------------------------------------
  (dx.virtualInterfaces ?? []).forEach((v, i) => {
    const path: Path = ['directConnect', 'virtualInterfaces', i];
    r.ref([...path, 'connection'], v.connection, ['direct-connect-connection']);
    if (v.type === 'public') {
      for (const f of ['dxGateway', 'vpnGateway'] as const)
        if (v[f] !== undefined) out.push(error('vif-field-mismatch', [...path, f], `a public virtual interface reaches AWS public services, not \`${f}\``, 'use a private or transit virtual interface to reach VPCs'));
      if ((v.routeFilterPrefixes ?? []).length === 0)
        out.push(warning('vif-public-no-prefixes', [...path, 'routeFilterPrefixes'], `public virtual interface \`${v.id}\` advertises no prefixes: AWS accepts no traffic from on premises over it`, 'list your public prefixes: `routeFilterPrefixes: [203.0.113.0/24]`'));
      (v.routeFilterPrefixes ?? []).forEach((t, k) => {
        const b = block(t);
        if (b && b.version === 4 && NOT_PUBLIC.some((n) => cidrWithin(b, n) || cidrContains(n, b.base)))
          out.push(error('vif-public-private-prefix', [...path, 'routeFilterPrefixes', k], `\`${t}\` is a private range: a public virtual interface carries public addresses only`, 'reach private addresses through a private or transit virtual interface'));
      });
      return;
    }
    if (v.routeFilterPrefixes !== undefined)
      out.push(error('vif-field-mismatch', [...path, 'routeFilterPrefixes'], '`routeFilterPrefixes` belong to public virtual interfaces', 'the networks a private or transit interface reaches come from its gateway'));
    if (v.type === 'transit') {
      if (v.vpnGateway !== undefined) out.push(error('vif-field-mismatch', [...path, 'vpnGateway'], 'a transit virtual interface attaches to a Direct Connect gateway, not to a virtual private gateway', 'use `dxGateway`'));
      if (v.dxGateway === undefined) {
        out.push(error('missing-field', [...path, 'dxGateway'], 'missing required field `dxGateway`', 'a transit virtual interface attaches to a Direct Connect gateway associated with transit gateways'));
        return;
      }
    } else if ((v.dxGateway === undefined) === (v.vpnGateway === undefined)) {
      out.push(error('vif-target', [...path, v.dxGateway === undefined ? 'dxGateway' : 'vpnGateway'], 'a private virtual interface attaches to exactly one of `dxGateway` or `vpnGateway`'));
      return;
    }
    if (v.vpnGateway !== undefined) {
      const e = r.ref([...path, 'vpnGateway'], v.vpnGateway, ['vpn-gateway']);
      if (e && vgws.get(v.vpnGateway)?.vpc === undefined)
        out.push(warning('vif-vgw-detached', [...path, 'vpnGateway'], `\`${v.vpnGateway}\` is attached to no VPC: the virtual interface reaches nothing`, 'attach the virtual private gateway to a VPC'));
      return;
    }
    const e = r.ref([...path, 'dxGateway'], v.dxGateway!, ['direct-connect-gateway']);
    if (!e) return;
    const kind = gatewayKind.get(v.dxGateway!)!;
    if (v.type === 'private') kind.priv = true;
    else kind.transit = true;
  });

  // a Direct Connect gateway serves private VIFs and VGWs, or transit VIFs and TGWs, never both:
  // "You cannot attach a Direct Connect gateway to a transit gateway when the Direct Connect gateway
  // is already associated with a virtual private gateway or is attached to a private virtual interface."
  (dx.gateways ?? []).forEach((g, i) => {
    const k = gatewayKind.get(g.id)!;
    if (k.priv && k.transit)
      out.push(
        error(
          'dx-gateway-mixed',
          ['directConnect', 'gateways', i],
          `Direct Connect gateway \`${g.id}\` mixes private (virtual private gateways, private virtual interfaces) and transit (transit gateways, transit virtual interfaces) use`,
          'use one Direct Connect gateway for private virtual interfaces and virtual private gateways, another for transit ones',
        ),
      );
  });
}
