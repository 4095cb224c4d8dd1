// Route tables with their inline routes, `aws_route`, associations with subnets, the main
// table and VGW route propagation. Separate route resources are merged into their table.
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/route_table
// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/route
// https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html
import type { Route, RouteTable } from '@vpcsim/model';
import type { TfContext, TfMapper } from './import.js';
import { tagsOf } from './network.js';
import type { TfBlock, TfResource } from './resource.js';

/** The target fields of a route, in the provider's names. */
const TARGETS = ['gateway_id', 'nat_gateway_id', 'network_interface_id', 'instance_id', 'transit_gateway_id', 'vpc_peering_connection_id', 'egress_only_gateway_id', 'vpc_endpoint_id', 'local_gateway_id', 'carrier_gateway_id', 'core_network_arn'];
const DESTINATIONS = ['cidr_block', 'destination_cidr_block', 'ipv6_cidr_block', 'destination_ipv6_cidr_block', 'destination_prefix_list_id'];

type Reader = Pick<TfBlock, 'str' | 'ref' | 'value'>;

/** One route from a block or an `aws_route`; undefined (reported) when its target or destination cannot be known. */
function routeOf(x: Reader, r: TfResource, where: string): Route | undefined {
  let destination: string | undefined;
  for (const d of DESTINATIONS) destination ??= x.str(d);
  if (!destination) {
    r.w.draft.warn(r.origin(), 'unknown-value', `${r.address}: ${where} has no known destination: left out`);
    return undefined;
  }
  for (const t of TARGETS) {
    const set = x.value(t);
    if (set === undefined || set === null || set === '' || typeof set === 'symbol') continue;
    if (t === 'local_gateway_id' || t === 'carrier_gateway_id' || t === 'core_network_arn') {
      r.w.draft.warn(r.origin(), 'not-modelled', `${r.address}: ${where} to a ${t.replace(/_id$|_arn$/, '').replace(/_/g, ' ')} is not modelled: left out`);
      return undefined;
    }
    const target = x.ref(t, 'the route target', true);
    if (target) return { destination, target: target === 'local' ? 'local' : target };
    return undefined;
  }
  // every target field known only after apply and none followed: look for one that is
  for (const t of TARGETS) {
    const target = x.ref(t, 'the route target', false);
    if (target) return { destination, target };
  }
  r.w.draft.warn(r.origin(), 'unknown-reference', `${r.address}: the target of ${where} (\`${destination}\`) is not known: left out`);
  return undefined;
}

const routeTable: TfMapper = {
  phase: 0,
  map(r, c) {
    const vpc = r.ref('vpc_id', 'its VPC');
    if (!vpc) return;
    const t: RouteTable = { id: r.id, vpc, ...tagsOf(r) };
    const routes = r.blocks('route').flatMap((b, i) => routeOf(b, r, `route[${i}]`) ?? []);
    if (routes.length) t.routes = routes.filter((x) => x.target !== 'local');
    // known only after apply and not written: set by `aws_vpn_gateway_route_propagation`
    const vgws = r.isUnknown('propagating_vgws') && !r.w.config.expressions(r.inst)?.['propagating_vgws'] ? [] : r.refs('propagating_vgws', 'propagating gateways');
    if (vgws.length) t.propagatingGateways = vgws;
    c.draft.add('routeTables', t, r.origin());
  },
};

/** The route table a field names, declared or implicit (`<vpc>/main-rtb` becomes declared when routes are added to it). */
export function tableOf(c: TfContext, r: TfResource, field: string): RouteTable | undefined {
  const id = r.ref(field, 'the route table');
  if (!id) return undefined;
  const t = c.draft.find('routeTables', id);
  if (t) return t;
  const main = /^(.*)\/main-rtb$/.exec(id);
  if (main) return c.draft.add('routeTables', { id, vpc: main[1]!, main: true }, r.origin()) as RouteTable;
  c.draft.warn(r.origin(field), 'unknown-reference', `${r.address}: route table \`${id}\` is not in the plan: left out`);
  return undefined;
}

const route: TfMapper = {
  phase: 1,
  map(r, c) {
    const t = tableOf(c, r, 'route_table_id');
    const x = routeOf(r, r, 'the route');
    if (t && x && x.target !== 'local') t.routes = [...(t.routes ?? []), c.draft.from(x, r.origin())];
  },
};

const association: TfMapper = {
  phase: 1,
  map(r, c) {
    if (r.value('gateway_id')) {
      c.draft.warn(r.origin('gateway_id'), 'not-modelled', `${r.address}: a route table associated with a gateway (an edge association) is not modelled: left out`);
      return;
    }
    const subnetId = r.ref('subnet_id', 'the subnet');
    const table = r.ref('route_table_id', 'the route table');
    const s = subnetId ? c.draft.find('subnets', subnetId) : undefined;
    if (s && table) s.routeTable = table;
  },
};

const mainAssociation: TfMapper = {
  phase: 1,
  map(r, c) {
    const t = tableOf(c, r, 'route_table_id');
    if (!t) return;
    for (const other of c.draft.lists.routeTables) if (other.vpc === t.vpc && other !== t) delete other.main;
    t.main = true;
  },
};

const defaultTable: TfMapper = {
  phase: 0,
  map(r, c) {
    const id = r.ref('default_route_table_id', "the VPC's main route table");
    const vpc = id ? /^(.*)\/main-rtb$/.exec(id)?.[1] : undefined;
    if (!id || !vpc) return;
    const routes = r.blocks('route').flatMap((b, i) => routeOf(b, r, `route[${i}]`) ?? []);
    c.draft.add('routeTables', { id, vpc, main: true, ...(routes.length ? { routes } : {}), ...tagsOf(r) }, r.origin());
  },
};

const propagation: TfMapper = {
  phase: 1,
  map(r, c) {
    const t = tableOf(c, r, 'route_table_id');
    const vgw = r.ref('vpn_gateway_id', 'the virtual private gateway');
    if (t && vgw) t.propagatingGateways = [...new Set([...(t.propagatingGateways ?? []), vgw])];
  },
};

/** Route tables and routes. */
export const ROUTES: Record<string, TfMapper> = {
  aws_route_table: routeTable,
  aws_default_route_table: defaultTable,
  aws_route: route,
  aws_route_table_association: association,
  aws_main_route_table_association: mainAssociation,
  aws_vpn_gateway_route_propagation: propagation,
};
