// Route tables, routes (merged into their table), subnet associations and VGW propagation.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-route.html
import type { CfnMapper } from './import.js';
import { cfnTags } from './network.js';

const TARGETS = ['GatewayId', 'NatGatewayId', 'NetworkInterfaceId', 'InstanceId', 'TransitGatewayId', 'VpcPeeringConnectionId', 'EgressOnlyInternetGatewayId', 'VpcEndpointId'];

const table: CfnMapper = {
  phase: 0,
  map(r, c) {
    const vpc = r.ref('VpcId', 'its VPC');
    if (vpc) c.draft.add('routeTables', { id: r.id, vpc, ...cfnTags(r) }, r.origin());
  },
};

const route: CfnMapper = {
  phase: 1,
  map(r, c) {
    const t = c.draft.find('routeTables', r.ref('RouteTableId', 'the route table') ?? '');
    const destination = r.str('DestinationCidrBlock') ?? r.str('DestinationIpv6CidrBlock') ?? r.str('DestinationPrefixListId');
    const field = TARGETS.find((f) => r.value(f) !== undefined);
    if (!t || !destination) return;
    if (!field) {
      c.draft.warn(r.origin(), 'not-modelled', `${r.logicalId}: a route with no target vpcsim models (carrier, local or core network gateway): left out`);
      return;
    }
    const target = r.ref(field, 'the route target');
    if (target) t.routes = [...(t.routes ?? []), c.draft.from({ destination, target }, r.origin())];
  },
};

const association: CfnMapper = {
  phase: 1,
  map(r, c) {
    if (r.value('GatewayId') !== undefined) {
      c.draft.warn(r.origin('GatewayId'), 'not-modelled', `${r.logicalId}: a route table associated with a gateway (an edge association) is not modelled: left out`);
      return;
    }
    const s = c.draft.find('subnets', r.ref('SubnetId', 'the subnet') ?? '');
    const t = r.ref('RouteTableId', 'the route table');
    if (s && t) s.routeTable = t;
  },
};

const propagation: CfnMapper = {
  phase: 1,
  map(r, c) {
    const vgw = r.ref('VpnGatewayId', 'the virtual private gateway');
    for (const id of r.refs('RouteTableIds', 'the route tables')) {
      const t = c.draft.find('routeTables', id);
      if (t && vgw) t.propagatingGateways = [...new Set([...(t.propagatingGateways ?? []), vgw])];
    }
  },
};

/** Route tables. */
export const CFN_ROUTES: Record<string, CfnMapper> = {
  'AWS::EC2::RouteTable': table,
  'AWS::EC2::Route': route,
  'AWS::EC2::SubnetRouteTableAssociation': association,
  'AWS::EC2::VPNGatewayRoutePropagation': propagation,
};
