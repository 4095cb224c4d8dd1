// Transit gateways, their attachments and route tables.
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGateway.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayAttachment.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayVpcAttachment.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_TransitGatewayRouteTable.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SearchTransitGatewayRoutes.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetTransitGatewayRouteTableAssociations.html
// https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetTransitGatewayRouteTablePropagations.html
// Static routes come from search-transit-gateway-routes (`TransitGatewayRoutes/<rtb>.json`) or
// Batfish's `TransitGatewayStaticRoutes.json`; propagated routes are left to the model, which
// learns them from the propagations.
import type { TransitGateway, TransitGatewayAttachment, TransitGatewayRoute, TransitGatewayRouteTable } from '@vpcsim/model';
import { arnParts, isAccountId, isRegion } from './layout.js';
import type { AwsObject } from './reader.js';
import type { ImportState } from './state.js';

const LIVE = new Set(['available', 'pending', 'pendingAcceptance', 'pending-acceptance', 'initiating', 'initiatingRequest', 'modifying']);

interface RouteTableDraft {
  table: TransitGatewayRouteTable;
  tgw: string;
  associations: Set<string>;
  propagations: Set<string>;
}

/** Maps the transit gateway files; VPN connections are mapped first (attachments name them). */
export function mapTransitGateways(st: ImportState): void {
  const tgws = new Map<string, TransitGateway>();
  const attachmentsOf = new Map<string, Map<string, TransitGatewayAttachment>>();
  const ensureTgw = (id: string, o: AwsObject, account?: string, region?: string): TransitGateway => {
    let t = tgws.get(id);
    if (!t) {
      t = st.from({ id, ...(account !== undefined ? { account } : {}), ...(region !== undefined ? { region } : {}), routeTables: [], attachments: [] }, o.at());
      tgws.set(id, t);
      attachmentsOf.set(id, new Map());
    }
    return t;
  };

  for (const { obj, scope } of st.itemsOf('TransitGateways')) {
    const id = obj.str('TransitGatewayId', true);
    const arn = obj.str('TransitGatewayArn');
    const owner = obj.str('OwnerId');
    const state = obj.str('State');
    const asn = obj.obj('Options', 'transit gateway options')?.num('AmazonSideAsn');
    const tags = obj.tags();
    obj.done(['CreationTime', 'Description', 'Options']);
    if (id === undefined) continue;
    if (state !== undefined && !LIVE.has(state)) {
      st.report.warn(obj.at('State'), 'skipped-state', `transit gateway \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    const a = arnParts(arn);
    const account = isAccountId(owner) ? owner : isAccountId(a.account) ? a.account : isAccountId(scope.account) ? scope.account : undefined;
    const region = scope.region ?? (isRegion(a.region) ? a.region : undefined);
    if (tgws.has(id)) continue;
    const t = ensureTgw(id, obj, account, region);
    if (asn !== undefined) t.asn = asn;
    if (tags) t.tags = tags;
    if (account !== undefined) st.accounts.push(account);
    if (region !== undefined) st.regions.push(region);
  }

  // VPC attachments' subnets and appliance mode
  const vpcAttach = new Map<string, { vpc: string; subnets: string[]; appliance: boolean; tgw: string; obj: AwsObject }>();
  for (const { obj } of st.itemsOf('TransitGatewayVpcAttachments')) {
    const id = obj.str('TransitGatewayAttachmentId', true);
    const tgw = obj.str('TransitGatewayId', true);
    const vpc = obj.str('VpcId', true);
    const state = obj.str('State');
    const subnets = obj.strs('SubnetIds');
    const options = obj.obj('Options', 'attachment options');
    const appliance = options?.str('ApplianceModeSupport') === 'enable';
    options?.done(['DnsSupport', 'Ipv6Support', 'ApplianceModeSupport', 'SecurityGroupReferencingSupport']);
    obj.tags();
    obj.done(['CreationTime', 'VpcOwnerId']);
    if (id === undefined || tgw === undefined || vpc === undefined || (state !== undefined && !LIVE.has(state))) continue;
    if (!vpcAttach.has(id)) vpcAttach.set(id, { vpc, subnets, appliance, tgw, obj });
  }

  const association = new Map<string, string>();
  const addAttachment = (tgwId: string, att: TransitGatewayAttachment, o: AwsObject): void => {
    const t = tgws.get(tgwId);
    if (!t) {
      st.report.warn(o.at('TransitGatewayId'), 'unresolved', `attachment \`${att.id}\` belongs to transit gateway \`${tgwId}\`, which is not in the export: not imported`, 'export the account that owns the transit gateway');
      return;
    }
    const own = attachmentsOf.get(tgwId)!;
    if (own.has(att.id)) return;
    own.set(att.id, att);
    t.attachments!.push(st.from(att, o.at()));
  };

  for (const { obj } of st.itemsOf('TransitGatewayAttachments')) {
    const id = obj.str('TransitGatewayAttachmentId', true);
    const tgw = obj.str('TransitGatewayId', true);
    const type = obj.str('ResourceType');
    const resource = obj.str('ResourceId');
    const state = obj.str('State');
    const assoc = obj.obj('Association', 'association');
    const assocTable = assoc?.str('TransitGatewayRouteTableId');
    const assocState = assoc?.str('State');
    assoc?.done([]);
    const tags = obj.tags();
    obj.done(['CreationTime', 'ResourceOwnerId', 'TransitGatewayOwnerId']);
    if (id === undefined || tgw === undefined) continue;
    if (state !== undefined && !LIVE.has(state)) {
      st.report.warn(obj.at('State'), 'skipped-state', `transit gateway attachment \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    if (assocTable !== undefined && (assocState === undefined || assocState === 'associated' || assocState === 'associating')) association.set(`${tgw}|${id}`, assocTable);
    let att: TransitGatewayAttachment | undefined;
    if (type === 'vpc') {
      const v = vpcAttach.get(id);
      att = { id, vpc: v?.vpc ?? resource ?? '', ...(v && v.subnets.length > 0 ? { subnets: v.subnets } : {}), ...(v?.appliance ? { applianceMode: true } : {}) };
      if (!v) st.report.warn(obj.at(), 'missing-details', `VPC attachment \`${id}\` is not in TransitGatewayVpcAttachments.json: imported without its subnets`, 'add TransitGatewayVpcAttachments.json (aws ec2 describe-transit-gateway-vpc-attachments)');
    } else if (type === 'vpn' && resource !== undefined) att = { id, vpnConnection: resource };
    else if ((type === 'peering' || type === 'tgw-peering') && resource !== undefined) att = { id, peerTransitGateway: resource };
    // https://docs.aws.amazon.com/directconnect/latest/UserGuide/direct-connect-transit-gateways.html
    else if (type === 'direct-connect-gateway' && resource !== undefined) att = { id, dxGateway: resource };
    else {
      st.report.warn(obj.at('ResourceType'), 'unmapped', `transit gateway attachment \`${id}\` of type \`${type}\` is not modelled (vpc, vpn, peering and direct-connect-gateway are): not imported`);
      continue;
    }
    if (tags) att.tags = tags;
    addAttachment(tgw, att, obj);
  }
  // VPC attachments listed only in TransitGatewayVpcAttachments.json
  for (const [id, v] of vpcAttach) {
    if (attachmentsOf.get(v.tgw)?.has(id)) continue;
    addAttachment(v.tgw, { id, vpc: v.vpc, ...(v.subnets.length > 0 ? { subnets: v.subnets } : {}), ...(v.appliance ? { applianceMode: true } : {}) }, v.obj);
  }

  // route tables
  const tables = new Map<string, RouteTableDraft>();
  for (const { obj } of st.itemsOf('TransitGatewayRouteTables')) {
    const id = obj.str('TransitGatewayRouteTableId', true);
    const tgw = obj.str('TransitGatewayId', true);
    const state = obj.str('State');
    const tags = obj.tags();
    obj.done(['CreationTime', 'DefaultAssociationRouteTable', 'DefaultPropagationRouteTable']);
    if (id === undefined || tgw === undefined) continue;
    if (state !== undefined && !LIVE.has(state)) {
      st.report.warn(obj.at('State'), 'skipped-state', `transit gateway route table \`${id}\` is \`${state}\`: not imported`);
      continue;
    }
    if (tables.has(id)) continue;
    const t = tgws.get(tgw);
    if (!t) {
      st.report.warn(obj.at('TransitGatewayId'), 'unresolved', `route table \`${id}\` belongs to transit gateway \`${tgw}\`, which is not in the export: not imported`);
      continue;
    }
    const table: TransitGatewayRouteTable = st.from({ id, routes: [], ...(tags ? { tags } : {}) }, obj.at());
    tables.set(id, { table, tgw, associations: new Set(), propagations: new Set() });
    t.routeTables!.push(table);
  }
  for (const [key, table] of association) {
    const d = tables.get(table);
    if (d && d.tgw === key.split('|')[0]) d.associations.add(key.split('|')[1]!);
  }

  const routeFiles: { table: string; routes: AwsObject[] }[] = [];
  for (const f of st.perId.get('TransitGatewayRoutes') ?? []) routeFiles.push({ table: f.id, routes: f.top.objs('Routes', 'transit gateway route', true) });
  for (const { obj } of st.itemsOf('TransitGatewayStaticRoutes')) {
    const table = obj.str('TransitGatewayRouteTableId', true);
    const routes = obj.objs('Routes', 'transit gateway route');
    obj.done(['AdditionalRoutesAvailable']);
    if (table !== undefined) routeFiles.push({ table, routes });
  }
  for (const f of st.perId.get('TransitGatewayRoutes') ?? []) f.top.done(['AdditionalRoutesAvailable', 'NextToken']);
  for (const { table, routes } of routeFiles) {
    const d = tables.get(table);
    for (const r of routes) {
      const route = mapTgwRoute(st, r, table);
      if (!route) continue;
      if (!d) {
        st.report.warn(r.at(), 'unresolved', `route of transit gateway route table \`${table}\`, which is not in the export: not imported`);
        continue;
      }
      if (d.table.routes!.some((x) => x.destination === route.destination)) continue;
      d.table.routes!.push(st.from(route, r.at()));
    }
  }

  const readLinks = (folder: 'TransitGatewayRouteTableAssociations' | 'TransitGatewayRouteTablePropagations', key: string, into: 'associations' | 'propagations'): void => {
    for (const f of st.perId.get(folder) ?? []) {
      const d = tables.get(f.id);
      const links = f.top.objs(key, 'attachment link', true);
      f.top.done(['NextToken']);
      for (const l of links) {
        const att = l.str('TransitGatewayAttachmentId');
        const s = l.str('State');
        l.done(['ResourceId', 'ResourceType', 'TransitGatewayRouteTableAnnouncementId']);
        if (att === undefined || (s !== undefined && s !== 'associated' && s !== 'enabled' && s !== 'associating' && s !== 'enabling')) continue;
        if (!d) {
          st.report.warn(l.at(), 'unresolved', `transit gateway route table \`${f.id}\` is not in the export: this ${into === 'associations' ? 'association' : 'propagation'} is not imported`);
          continue;
        }
        d[into].add(att);
      }
    }
  };
  readLinks('TransitGatewayRouteTableAssociations', 'Associations', 'associations');
  readLinks('TransitGatewayRouteTablePropagations', 'TransitGatewayRouteTablePropagations', 'propagations');
  for (const { obj } of st.itemsOf('TransitGatewayPropagations')) {
    const table = obj.str('TransitGatewayRouteTableId', true);
    const d = table === undefined ? undefined : tables.get(table);
    for (const l of obj.objs('TransitGatewayRouteTablePropagations', 'propagation')) {
      const att = l.str('TransitGatewayAttachmentId');
      const s = l.str('State');
      l.done(['ResourceId', 'ResourceType', 'TransitGatewayRouteTableAnnouncementId']);
      if (d && att !== undefined && (s === undefined || s === 'enabled' || s === 'enabling')) d.propagations.add(att);
    }
    obj.done([]);
  }

  // an attachment is associated with one table of its TGW; attachments of another TGW are left
  // out. Keyed by TGW and attachment: the two ends of a peering share one attachment id, and
  // each end is associated with a table of its own TGW.
  const associatedTo = new Map<string, string>();
  for (const d of tables.values()) {
    const own = attachmentsOf.get(d.tgw)!;
    const assoc = [...d.associations].filter((a) => own.has(a) && !associatedTo.has(`${d.tgw}|${a}`));
    for (const a of assoc) associatedTo.set(`${d.tgw}|${a}`, d.table.id);
    const props = [...d.propagations].filter((a) => own.has(a));
    if (assoc.length > 0) d.table.associations = assoc;
    if (props.length > 0) d.table.propagations = props;
  }

  // a peering attachment has one id on both sides; the scenario needs unique ids
  for (const t of tgws.values()) {
    if (!st.claim(t.id)) continue;
    for (const r of t.routeTables ?? []) st.claim(r.id);
    for (const a of t.attachments ?? []) {
      if (st.claim(a.id)) continue;
      if (a.peerTransitGateway === undefined) continue;
      const renamed = `${a.id}@${t.id}`;
      st.report.warn(st.origin.get(a) ?? { file: '', path: [] }, 'renamed', `peering attachment \`${a.id}\` appears on both transit gateways: on \`${t.id}\` it is named \`${renamed}\``, 'scenario ids are unique; the two ends of one peering attachment need two names');
      for (const r of t.routeTables ?? []) {
        for (const route of r.routes ?? []) if (route.attachment === a.id) route.attachment = renamed;
        if (r.associations) r.associations = r.associations.map((x) => (x === a.id ? renamed : x));
        if (r.propagations) r.propagations = r.propagations.map((x) => (x === a.id ? renamed : x));
      }
      a.id = renamed;
      st.claim(renamed);
    }
    if ((t.routeTables ?? []).length === 0) delete t.routeTables;
    if ((t.attachments ?? []).length === 0) delete t.attachments;
    st.draft.transitGateways.push(t);
  }
}

function mapTgwRoute(st: ImportState, r: AwsObject, table: string): TransitGatewayRoute | undefined {
  const dest = r.str('DestinationCidrBlock');
  const pl = r.str('PrefixListId');
  const type = r.str('Type');
  const state = r.str('State');
  const atts = r.objs('TransitGatewayAttachments', 'route attachment').map((a) => {
    const id = a.str('TransitGatewayAttachmentId');
    a.done(['ResourceId', 'ResourceType']);
    return id;
  }).filter((a): a is string => a !== undefined);
  r.done(['TransitGatewayRouteTableAnnouncementId']);
  if (type === 'propagated' && dest !== undefined) {
    // the model derives it from the table's propagations (checked in propagation.ts)
    if (state !== 'deleted' && state !== 'deleting') st.propagatedRoutes.push({ kind: 'tgw', table, destination: dest, via: atts[0], origin: r.at() });
    return undefined;
  }
  if (dest === undefined) {
    st.report.warn(r.at(pl !== undefined ? 'PrefixListId' : 'DestinationCidrBlock'), 'unmapped', `${pl !== undefined ? `prefix-list route (\`${pl}\`)` : 'route without a destination'} in \`${table}\` is not modelled: not imported`);
    return undefined;
  }
  if (state === 'deleted' || state === 'deleting') return undefined;
  if (state === 'blackhole' || atts.length === 0) return { destination: dest, blackhole: true };
  if (atts.length > 1) st.report.warn(r.at('TransitGatewayAttachments'), 'unmapped', `route to \`${dest}\` in \`${table}\` has ${atts.length} attachments (ECMP): only the first, \`${atts[0]}\`, is imported`);
  return { destination: dest, attachment: atts[0]! };
}
