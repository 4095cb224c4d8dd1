// Propagated routes. The export lists the routes a VGW or a TGW propagation installed; the
// scenario does not carry them, because the model derives them: a VGW propagates the remote
// networks of its VPN connections (static: their static routes; BGP: the external networks
// behind the customer gateway), a TGW propagation the blocks of the attached VPC or the VPN's
// networks. Each exported propagated route is compared with what the model will derive; a BGP
// route the model misses becomes an external network behind the customer gateway, anything else
// is reported, so traces that differ from the account are never silent.
// https://docs.aws.amazon.com/vpc/latest/userguide/WorkWithRouteTables.html#EnableDisableRouteProp
// https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
import type { TransitGateway, TransitGatewayAttachment, VpnConnection } from '@vpcsim/model';
import { sharesCustomerGateway } from './gateways.js';
import type { ImportState, PropagatedRoute } from './state.js';

type Draft = ImportState['draft'];

const routingOf = (v: VpnConnection): 'static' | 'bgp' => v.routing ?? ((v.staticRoutes ?? []).length > 0 ? 'static' : 'bgp');
const isUp = (v: VpnConnection): boolean => v.tunnels === undefined || v.tunnels.some((t) => t.status === 'up');

/** The networks the model takes a VPN connection to carry (as `vpnPrefixesOf` in the net package). */
function vpnPrefixes(d: Draft, v: VpnConnection): string[] {
  if (routingOf(v) === 'static') return [...(v.staticRoutes ?? [])];
  return d.externalNetworks.filter((n) => n.via === v.customerGateway || n.via === v.id).flatMap((n) => n.cidrs);
}

/** The TGW route table `id`, with its TGW, and the attachment `att` of that TGW (either end's name). */
function tgwTable(d: Draft, id: string, att: string | undefined): { tgw: TransitGateway; props: string[]; attachment: TransitGatewayAttachment | undefined } | undefined {
  for (const t of d.transitGateways) {
    const table = (t.routeTables ?? []).find((r) => r.id === id);
    if (!table) continue;
    const attachment = att === undefined ? undefined : (t.attachments ?? []).find((a) => a.id === att || a.id === `${att}@${t.id}`);
    return { tgw: t, props: table.propagations ?? [], attachment };
  }
  return undefined;
}

/**
 * Adds `cidr` to the external networks behind `cgw` (one network per customer gateway), or
 * behind the VPN connection itself when its customer gateway has other connections.
 */
function advertise(st: ImportState, cgw: string, cidr: string, r: PropagatedRoute, vpn: string): string {
  const via = sharesCustomerGateway(st, cgw) ? vpn : cgw;
  const ext = st.draft.externalNetworks.find((n) => n.via === via);
  if (ext) {
    if (!ext.cidrs.includes(cidr)) ext.cidrs.push(cidr);
    const more = `the routes propagated from ${vpn}`;
    if (ext.description !== undefined && !ext.description.includes(more)) ext.description = `${ext.description}, and ${more}`;
    return ext.id;
  }
  let id = `onprem-${cgw}`;
  for (let i = 2; st.ids.has(id); i++) id = `onprem-${cgw}-${i}`;
  st.claim(id);
  st.draft.externalNetworks.push(st.from({ id, cidrs: [cidr], via, description: `the networks behind ${cgw}, from the routes propagated from ${vpn}` }, r.origin));
  return id;
}

/** Checks every exported propagated route against what the model derives; see the file header. */
export function checkPropagatedRoutes(st: ImportState): void {
  const d = st.draft;
  const tables = new Map(d.routeTables.map((t) => [t.id, t]));
  /** CIDRs the exported propagated routes show each VGW / attachment advertising into each table. */
  const advertised = new Map<string, Set<string>>();
  const note = (table: string, via: string | undefined, cidr: string): void => {
    const k = `${table}|${via}`;
    let s = advertised.get(k);
    if (!s) advertised.set(k, (s = new Set()));
    s.add(cidr);
  };
  const notDerived = (r: PropagatedRoute, why: string): void =>
    st.report.warn(r.origin, 'propagated-route', `propagated route ${r.destination} → ${r.via ?? '?'} is not derived from the imported VPN connections: traces to it will differ (${why})`, 'the scenario does not list propagated routes: the model derives them from the VPN connections, external networks and propagations');

  for (const r of st.propagatedRoutes) {
    note(r.table, r.via, r.destination);
    if (r.kind === 'vpc') {
      const table = tables.get(r.table);
      if (!table) continue; // the table itself was not imported, and that was reported
      if (r.via === undefined) {
        notDerived(r, 'the route names no gateway');
        continue;
      }
      if (!(table.propagatingGateways ?? []).includes(r.via)) {
        notDerived(r, `\`${r.table}\` does not list \`${r.via}\` under its propagating gateways`);
        continue;
      }
      const vpns = d.vpnConnections.filter((v) => v.vpnGateway === r.via && isUp(v));
      if (vpns.some((v) => vpnPrefixes(d, v).includes(r.destination))) continue;
      const bgp = vpns.find((v) => routingOf(v) === 'bgp');
      if (bgp) {
        const ext = advertise(st, bgp.customerGateway, r.destination, r, bgp.id);
        st.report.warn(r.origin, 'propagated-route-added', `propagated route ${r.destination} → ${r.via} is not covered by the networks behind \`${bgp.customerGateway}\`: ${r.destination} is added to external network \`${ext}\` (advertised over BGP by \`${bgp.id}\`) so the model propagates it`);
        continue;
      }
      notDerived(r, vpns.length === 0 ? `no VPN connection of \`${r.via}\` with a tunnel up is in the export` : `the static routes of ${vpns.map((v) => `\`${v.id}\``).join(', ')} do not hold it`);
      continue;
    }
    const found = tgwTable(d, r.table, r.via);
    if (!found) continue; // the table was not imported, and that was reported
    const a = found.attachment;
    if (!a) {
      notDerived(r, `attachment \`${r.via ?? '?'}\` of \`${found.tgw.id}\` is not imported`);
      continue;
    }
    if (!found.props.includes(a.id)) {
      notDerived(r, `the export lists no propagation of \`${a.id}\` to \`${r.table}\``);
      continue;
    }
    if (a.vpc !== undefined) {
      const v = d.vpcs.find((x) => x.id === a.vpc);
      const blocks = v ? [v.cidr, ...(v.secondaryCidrs ?? []), ...(v.ipv6Cidr ? [v.ipv6Cidr] : [])] : [];
      if (!blocks.includes(r.destination)) notDerived(r, `\`${r.destination}\` is not a block of \`${a.vpc}\``);
      continue;
    }
    if (a.vpnConnection !== undefined) {
      const v = d.vpnConnections.find((x) => x.id === a.vpnConnection);
      if (!v) {
        notDerived(r, `VPN connection \`${a.vpnConnection}\` is not imported`);
        continue;
      }
      if (isUp(v) && vpnPrefixes(d, v).includes(r.destination)) continue;
      if (isUp(v) && routingOf(v) === 'bgp') {
        const ext = advertise(st, v.customerGateway, r.destination, r, v.id);
        st.report.warn(r.origin, 'propagated-route-added', `propagated route ${r.destination} → ${a.id} is not covered by the networks behind \`${v.customerGateway}\`: ${r.destination} is added to external network \`${ext}\` (advertised over BGP by \`${v.id}\`) so the model propagates it`);
        continue;
      }
      notDerived(r, isUp(v) ? `the static routes of \`${v.id}\` do not hold it` : `\`${v.id}\` has no tunnel up`);
      continue;
    }
    notDerived(r, `\`${a.id}\` is a peering attachment, which does not propagate`);
  }

  // the reverse: a static VPN's routes are imported as networks behind its customer gateway, so a
  // BGP VPN on the same customer gateway is taken to advertise them too
  for (const bgp of d.vpnConnections) {
    if (routingOf(bgp) !== 'bgp' || !isUp(bgp)) continue;
    const statics = d.vpnConnections.filter((v) => v !== bgp && v.customerGateway === bgp.customerGateway && routingOf(v) === 'static' && (v.staticRoutes ?? []).length > 0);
    if (statics.length === 0) continue;
    const cidrs = [...new Set(statics.flatMap((v) => v.staticRoutes ?? []))];
    // the tables the BGP VPN propagates into, and what the export shows propagated there
    const into: { table: string; via: string }[] = [];
    if (bgp.vpnGateway !== undefined) for (const t of d.routeTables) if ((t.propagatingGateways ?? []).includes(bgp.vpnGateway)) into.push({ table: t.id, via: bgp.vpnGateway });
    for (const t of d.transitGateways) {
      const att = (t.attachments ?? []).find((a) => a.vpnConnection === bgp.id);
      if (att) for (const rt of t.routeTables ?? []) if ((rt.propagations ?? []).includes(att.id)) into.push({ table: rt.id, via: att.id });
    }
    const extra = new Set<string>();
    for (const { table, via } of into) for (const c of cidrs) if (!advertised.get(`${table}|${via}`)?.has(c)) extra.add(c);
    if (extra.size === 0) continue;
    const o = st.origin.get(bgp) ?? { file: '<import>', path: [] };
    st.report.warn(
      o,
      'vpn-advertisement',
      `BGP VPN \`${bgp.id}\` shares customer gateway \`${bgp.customerGateway}\` with static VPN ${statics.map((v) => `\`${v.id}\``).join(', ')}, whose static routes are imported as networks behind \`${bgp.customerGateway}\`: the model takes \`${bgp.id}\` to advertise ${[...extra].join(', ')} over BGP, so it propagates routes into ${[...new Set(into.map((i) => `\`${i.table}\``))].join(', ')} that the export does not show`,
      'the scenario format keys external networks by customer gateway, not by VPN connection: edit `externalNetworks` if the BGP session does not advertise them',
    );
  }
}
