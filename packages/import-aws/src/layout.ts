// The export folder layout: which file holds what, and for which account and region.
// Documented for users in docs/import.md ("Folder layout").

/** The account and region a file's folder names, when it names them. */
export interface FileScope {
  readonly account?: string | undefined;
  readonly region?: string | undefined;
}

/** The EC2 `describe-*` outputs the importer reads, by file name (without `.json`). */
export const EC2_FILES = [
  'Vpcs',
  'Subnets',
  'RouteTables',
  'NetworkAcls',
  'SecurityGroups',
  'NetworkInterfaces',
  'Reservations',
  'Addresses',
  'InternetGateways',
  'EgressOnlyInternetGateways',
  'NatGateways',
  'VpcPeeringConnections',
  'VpcEndpoints',
  'ManagedPrefixLists',
  'PrefixLists',
  'TransitGateways',
  'TransitGatewayAttachments',
  'TransitGatewayVpcAttachments',
  'TransitGatewayRouteTables',
  'TransitGatewayStaticRoutes',
  'TransitGatewayPropagations',
  'VpnGateways',
  'CustomerGateways',
  'VpnConnections',
  // Elastic Load Balancing (elbv2 and elb) and Direct Connect: same layout, their own top-level keys
  'LoadBalancers',
  'LoadBalancerDescriptions',
  'TargetGroups',
  'LoadBalancerListeners',
  'LoadBalancerTargetHealth',
  'LoadBalancerAttributes',
  'VpcEndpointServiceConfigurations',
  'DirectConnectConnections',
  'VirtualInterfaces',
  'DirectConnectGateways',
  'DirectConnectGatewayAssociations',
] as const;
export type Ec2File = (typeof EC2_FILES)[number];

/** Per-id outputs, one file per resource id: `<folder>/<id>.json`. */
export const PER_ID_FOLDERS = {
  ManagedPrefixListEntries: 'get-managed-prefix-list-entries',
  TransitGatewayRoutes: 'search-transit-gateway-routes',
  TransitGatewayRouteTableAssociations: 'get-transit-gateway-route-table-associations',
  TransitGatewayRouteTablePropagations: 'get-transit-gateway-route-table-propagations',
  Listeners: 'elbv2 describe-listeners',
  TargetHealth: 'elbv2 describe-target-health',
  TargetGroupAttributes: 'elbv2 describe-target-group-attributes',
  LoadBalancerAttributes: 'elbv2 describe-load-balancer-attributes',
  ClassicLoadBalancerAttributes: 'elb describe-load-balancer-attributes',
  DirectConnectGatewayAssociations: 'directconnect describe-direct-connect-gateway-associations',
} as const;
export type PerIdFolder = keyof typeof PER_ID_FOLDERS;

/** Exports of services the importer knows of but does not model (skipped with a warning). */
const NOT_MODELLED = new Set([
  'AvailabilityZones',
  'RdsInstances',
  'ElasticsearchDomains',
  'VpcEndpointServices',
  'CarrierGateways',
  'LocalGateways',
]);

/**
 * Known exports that carry nothing the scenario needs (zones are read from the subnets): skipped
 * without a warning.
 */
export const SKIPPED_QUIETLY = new Set(['AvailabilityZones']);

/** What one file of the export holds. */
export type FileKind =
  | { readonly kind: 'ec2'; readonly name: Ec2File; readonly scope: FileScope }
  | { readonly kind: 'per-id'; readonly folder: PerIdFolder; readonly id: string; readonly scope: FileScope }
  | { readonly kind: 'iam'; readonly scope: FileScope }
  | { readonly kind: 'organizations'; readonly rest: readonly string[] }
  | { readonly kind: 'resource-policy' }
  | { readonly kind: 'not-modelled'; readonly name: string }
  | { readonly kind: 'unknown'; readonly reason: string };

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const EC2_SET = new Set<string>(EC2_FILES);
const IAM_NAMES = new Set(['AuthorizationDetails', 'AccountAuthorizationDetails', 'account-authorization-details', 'get-account-authorization-details']);

/** Classifies a file by its `/`-separated relative path. */
export function classify(relPath: string): FileKind {
  const parts = relPath.split('/').filter((p) => p !== '' && p !== '.');
  const fileName = parts[parts.length - 1] ?? '';
  if (!/\.json$/i.test(fileName)) return { kind: 'unknown', reason: 'not a `.json` file' };
  const base = fileName.replace(/\.json$/i, '');
  const dirs = parts.slice(0, -1);
  const orgAt = dirs.indexOf('organizations');
  if (orgAt >= 0) return { kind: 'organizations', rest: [...dirs.slice(orgAt + 1), base] };
  if (dirs.includes('resource-policies')) return { kind: 'resource-policy' };
  let account: string | undefined;
  let region: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < dirs.length; i++) {
    const d = dirs[i]!;
    if (d === 'accounts' && i + 1 < dirs.length) {
      account = dirs[++i];
      continue;
    }
    if (REGION.test(d)) {
      region = d;
      continue;
    }
    rest.push(d);
  }
  const scope: FileScope = { account, region };
  const folder = rest[rest.length - 1];
  if (folder !== undefined && Object.hasOwn(PER_ID_FOLDERS, folder)) return { kind: 'per-id', folder: folder as PerIdFolder, id: base, scope };
  if (IAM_NAMES.has(base)) return { kind: 'iam', scope };
  if (EC2_SET.has(base)) return { kind: 'ec2', name: base as Ec2File, scope };
  if (NOT_MODELLED.has(base)) return { kind: 'not-modelled', name: base };
  return { kind: 'unknown', reason: `\`${base}.json\` is not a file name the importer knows` };
}

/** The region of an availability zone name (`us-east-1a` → `us-east-1`), if it looks like one. */
export function regionOfZone(zone: string | undefined): string | undefined {
  if (zone === undefined) return undefined;
  const m = /^([a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d)[a-z](?:-[a-z0-9-]+)?$/.exec(zone);
  return m?.[1];
}

/** The region and account of an ARN, if it has them. */
export function arnParts(arn: string | undefined): { partition?: string; service?: string; region?: string; account?: string } {
  if (arn === undefined) return {};
  const p = arn.split(':');
  if (p.length < 6 || p[0] !== 'arn') return {};
  return { partition: p[1], service: p[2], region: p[3] || undefined, account: p[4] || undefined };
}

/** Whether `s` is a 12-digit account id. */
export const isAccountId = (s: string | undefined): s is string => s !== undefined && /^\d{12}$/.test(s);
/** Whether `s` is a region name. */
export const isRegion = (s: string | undefined): s is string => s !== undefined && REGION.test(s);
