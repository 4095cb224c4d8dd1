// Transit gateways, VPC attachments, route tables, routes, associations and propagations; the
// default route table AWS creates is `<tgw>/default-rtb` (as for Terraform).
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-transitgateway.html
import { tgwLink, tgwRoute, type TgwFields } from '../core/transit-gateway.js';
import type { CfnMapper } from './import.js';
import { cfnTags } from './network.js';
import { num } from '../core/rules.js';

const tgw: CfnMapper = {
  phase: 0,
  map(r, c) {
    const asn = num(r.value('AmazonSideAsn')) ?? 0;
    const on = r.str('DefaultRouteTableAssociation') !== 'disable' || r.str('DefaultRouteTablePropagation') !== 'disable';
    c.draft.add('transitGateways', { id: r.id, ...(Number.isInteger(asn) && asn > 0 ? { asn } : {}), routeTables: on ? [{ id: `${r.id}/default-rtb`, associations: [], propagations: [] }] : [], attachments: [], ...cfnTags(r) }, r.origin());
  },
};

const attachment: CfnMapper = {
  phase: 1,
  map(r, c) {
    const g = c.draft.find('transitGateways', r.ref('TransitGatewayId', 'the transit gateway') ?? '');
    const vpc = r.ref('VpcId', 'the VPC');
    if (!g || !vpc) return;
    g.attachments = [...(g.attachments ?? []), c.draft.from({ id: r.id, vpc, subnets: r.refs('SubnetIds', 'its subnets') }, r.origin())];
    const def = g.routeTables?.find((t) => t.id === `${g.id}/default-rtb`);
    if (def) {
      def.associations!.push(r.id);
      def.propagations!.push(r.id);
    }
  },
};

const routeTable: CfnMapper = {
  phase: 1,
  map(r, c) {
    const g = c.draft.find('transitGateways', r.ref('TransitGatewayId', 'the transit gateway') ?? '');
    if (g) g.routeTables = [...(g.routeTables ?? []), { id: r.id, routes: [], associations: [], propagations: [] }];
  },
};

const FIELDS: TgwFields = { table: 'TransitGatewayRouteTableId', attachment: 'TransitGatewayAttachmentId', destination: 'DestinationCidrBlock', blackhole: 'Blackhole' };

/** Transit gateways. */
export const CFN_TRANSIT_GATEWAYS: Record<string, CfnMapper> = {
  'AWS::EC2::TransitGateway': tgw,
  'AWS::EC2::TransitGatewayAttachment': attachment,
  'AWS::EC2::TransitGatewayVpcAttachment': attachment,
  'AWS::EC2::TransitGatewayRouteTable': routeTable,
  'AWS::EC2::TransitGatewayRoute': { phase: 2, map: (r, c) => tgwRoute(c.draft, r, FIELDS) },
  'AWS::EC2::TransitGatewayRouteTableAssociation': { phase: 2, map: (r, c) => tgwLink(c.draft, r, FIELDS, 'associations') },
  'AWS::EC2::TransitGatewayRouteTablePropagation': { phase: 2, map: (r, c) => tgwLink(c.draft, r, FIELDS, 'propagations') },
};
