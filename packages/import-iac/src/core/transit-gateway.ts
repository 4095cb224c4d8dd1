// Transit gateway routes, associations and propagations, for both inputs: each names a route
// table of a transit gateway and an attachment; an explicit association replaces the default
// table's (an attachment is associated with one table).
// https://docs.aws.amazon.com/vpc/latest/tgw/tgw-route-tables.html
import type { TransitGatewayRouteTable } from '@vpcsim/model';
import type { Draft } from './draft.js';
import type { SourceResource } from './source.js';

/** The field names of one input. */
export interface TgwFields {
  readonly table: string;
  readonly attachment: string;
  readonly destination: string;
  readonly blackhole: string;
}

/** The transit gateway route table a resource names. */
export function tgwTable(d: Draft, r: SourceResource, f: TgwFields): TransitGatewayRouteTable | undefined {
  const id = r.ref(f.table, 'the transit gateway route table');
  for (const g of d.lists.transitGateways) for (const t of g.routeTables ?? []) if (t.id === id) return t;
  return undefined;
}

/** A static route into its table. */
export function tgwRoute(d: Draft, r: SourceResource, f: TgwFields): void {
  const t = tgwTable(d, r, f);
  const destination = r.str(f.destination);
  if (!t || !destination) return;
  if (r.bool(f.blackhole)) t.routes = [...(t.routes ?? []), { destination, blackhole: true }];
  else {
    const attachment = r.ref(f.attachment, 'the attachment');
    if (attachment) t.routes = [...(t.routes ?? []), d.from({ destination, attachment }, r.origin())];
  }
}

/** An association or a propagation. */
export function tgwLink(d: Draft, r: SourceResource, f: TgwFields, field: 'associations' | 'propagations'): void {
  const t = tgwTable(d, r, f);
  const a = r.ref(f.attachment, 'the attachment');
  if (!t || !a) return;
  if (field === 'associations') for (const g of d.lists.transitGateways) for (const x of g.routeTables ?? []) if (x !== t) x.associations = (x.associations ?? []).filter((y) => y !== a);
  t[field] = [...new Set([...(t[field] ?? []), a])];
}
