// Transit gateways: VPC attachments, route tables, static routes, associations and
// propagations. AWS gives a transit gateway a default route table that every attachment is
// associated with and propagates to, unless turned off (`default_route_table_association`,
// `default_route_table_propagation`); it is imported as `<tgw>/default-rtb`.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ec2_transit_gateway
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
import type { TransitGateway, TransitGatewayRouteTable } from '@vpcsim/model';
import { tgwLink, tgwRoute, type TgwFields } from '../core/transit-gateway.js';
import type { TfContext, TfMapper } from './import.js';
import { tagsOf } from './network.js';
import type { TfResource } from './resource.js';
import { num } from '../core/rules.js';

const defaultTable = (tgw: TransitGateway): TransitGatewayRouteTable | undefined => tgw.routeTables?.find((t) => t.id === `${tgw.id}/default-rtb`);

const tgw: TfMapper = {
  phase: 0,
  map(r, c) {
    const asn = num(r.value('amazon_side_asn')) ?? 0;
    const t: TransitGateway = { id: r.id, ...(Number.isInteger(asn) && asn > 0 ? { asn } : {}), routeTables: [], attachments: [], ...tagsOf(r) };
    if (r.str('default_route_table_association') !== 'disable' || r.str('default_route_table_propagation') !== 'disable') t.routeTables!.push({ id: `${r.id}/default-rtb`, associations: [], propagations: [] });
    c.draft.add('transitGateways', t, r.origin());
  },
};

function gatewayOf(c: TfContext, r: TfResource): TransitGateway | undefined {
  const id = r.ref('transit_gateway_id', 'the transit gateway');
  const g = id ? c.draft.find('transitGateways', id) : undefined;
  if (id && !g) c.draft.warn(r.origin('transit_gateway_id'), 'unknown-reference', `${r.address}: transit gateway \`${id}\` is not in the input: left out`);
  return g;
}

const vpcAttachment: TfMapper = {
  phase: 1,
  map(r, c) {
    const g = gatewayOf(c, r);
    const vpc = r.ref('vpc_id', 'the VPC');
    if (!g || !vpc) return;
    g.attachments!.push(c.draft.from({ id: r.id, vpc, subnets: r.refs('subnet_ids', 'its subnets'), ...(r.str('appliance_mode_support') === 'enable' ? { applianceMode: true } : {}) }, r.origin()));
    const def = defaultTable(g);
    if (def && r.bool('transit_gateway_default_route_table_association') !== false) def.associations!.push(r.id);
    if (def && r.bool('transit_gateway_default_route_table_propagation') !== false) def.propagations!.push(r.id);
  },
};

const routeTable: TfMapper = {
  phase: 1,
  map(r, c) {
    const g = gatewayOf(c, r);
    if (g) g.routeTables!.push(c.draft.from({ id: r.id, routes: [], associations: [], propagations: [], ...tagsOf(r) }, r.origin()));
  },
};

const FIELDS: TgwFields = { table: 'transit_gateway_route_table_id', attachment: 'transit_gateway_attachment_id', destination: 'destination_cidr_block', blackhole: 'blackhole' };

/** Transit gateways. */
export const TRANSIT_GATEWAYS: Record<string, TfMapper> = {
  aws_ec2_transit_gateway: tgw,
  aws_ec2_transit_gateway_vpc_attachment: vpcAttachment,
  aws_ec2_transit_gateway_route_table: routeTable,
  aws_ec2_transit_gateway_route: { phase: 2, map: (r, c) => tgwRoute(c.draft, r, FIELDS) },
  aws_ec2_transit_gateway_route_table_association: { phase: 2, map: (r, c) => tgwLink(c.draft, r, FIELDS, 'associations') },
  aws_ec2_transit_gateway_route_table_propagation: { phase: 2, map: (r, c) => tgwLink(c.draft, r, FIELDS, 'propagations') },
};
