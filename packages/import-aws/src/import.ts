// importAws: a folder of AWS CLI exports (as a path → text map) to a scenario. Pure; never throws.
import { own, pushAll, type Diagnostic } from '@vpcsim/model';
import { gatewayEndpointTables, mapInternetGateways, mapNatGateways, mapPrefixLists, mapVpcEndpoints, mapVpcPeeringConnections, mapVpn } from './gateways.js';
import { mapIam, type IamFile } from './iam.js';
import { classify, SKIPPED_QUIETLY, type Ec2File } from './layout.js';
import { mapNetworkAcls, mapRouteTables, mapSecurityGroups, mapSubnets, mapVpcs } from './network.js';
import { mapInstancesAndInterfaces, markNatInstances, primaryInterfaces } from './network-interface.js';
import { mapOrganizations, type OrgFile } from './organizations.js';
import { AwsObject, isRecord, parseJson, Report, topLevelList, typeName } from './reader.js';
import { validateAndRepair, type ExplainUnknown } from './repair.js';
import { mapResourcePolicy } from './resource-policy.js';
import { ImportState } from './state.js';
import { checkPropagatedRoutes } from './propagation.js';
import { mapTransitGateways } from './transit-gateway.js';
import { loadBalancerInterfaces, mapLoadBalancers } from './elb.js';
import { mapDirectConnect } from './direct-connect.js';

/** The outcome of an import: a scenario (plain JSON in the scenario format) and what was noticed. */
export interface ImportResult {
  readonly scenario: Record<string, unknown>;
  readonly diagnostics: Diagnostic[];
}

/** Options of importAws. */
export interface ImportOptions {
  /** Compile the result and leave out what the model rejects (default true). */
  readonly validate?: boolean;
}

/** The top-level key of each EC2 output, when it differs from the file name. */
const TOP_KEY: Partial<Record<Ec2File, string>> = {
  ManagedPrefixLists: 'PrefixLists',
  VpcEndpointServiceConfigurations: 'ServiceConfigurations',
  // the Direct Connect API spells its keys in lower camel case
  DirectConnectConnections: 'connections',
  VirtualInterfaces: 'virtualInterfaces',
  DirectConnectGateways: 'directConnectGateways',
  DirectConnectGatewayAssociations: 'directConnectGatewayAssociations',
};

const KIND_NAME: Record<Ec2File, string> = {
  Vpcs: 'VPC',
  Subnets: 'subnet',
  RouteTables: 'route table',
  NetworkAcls: 'network ACL',
  SecurityGroups: 'security group',
  NetworkInterfaces: 'network interface',
  Reservations: 'reservation',
  Addresses: 'address',
  InternetGateways: 'internet gateway',
  EgressOnlyInternetGateways: 'egress-only internet gateway',
  NatGateways: 'NAT gateway',
  VpcPeeringConnections: 'peering connection',
  VpcEndpoints: 'VPC endpoint',
  ManagedPrefixLists: 'managed prefix list',
  PrefixLists: 'prefix list',
  TransitGateways: 'transit gateway',
  TransitGatewayAttachments: 'transit gateway attachment',
  TransitGatewayVpcAttachments: 'transit gateway VPC attachment',
  TransitGatewayRouteTables: 'transit gateway route table',
  TransitGatewayStaticRoutes: 'transit gateway route set',
  TransitGatewayPropagations: 'transit gateway propagation set',
  VpnGateways: 'virtual private gateway',
  CustomerGateways: 'customer gateway',
  VpnConnections: 'VPN connection',
  LoadBalancers: 'load balancer',
  LoadBalancerDescriptions: 'classic load balancer',
  TargetGroups: 'target group',
  LoadBalancerListeners: 'listener set',
  LoadBalancerTargetHealth: 'target health set',
  LoadBalancerAttributes: 'attribute set',
  VpcEndpointServiceConfigurations: 'endpoint service configuration',
  DirectConnectConnections: 'Direct Connect connection',
  VirtualInterfaces: 'virtual interface',
  DirectConnectGateways: 'Direct Connect gateway',
  DirectConnectGatewayAssociations: 'Direct Connect gateway association',
};

const PER_ID_KEY: Record<string, string> = {
  ManagedPrefixListEntries: 'Entries',
  TransitGatewayRoutes: 'Routes',
  TransitGatewayRouteTableAssociations: 'Associations',
  TransitGatewayRouteTablePropagations: 'TransitGatewayRouteTablePropagations',
  Listeners: 'Listeners',
  TargetHealth: 'TargetHealthDescriptions',
  TargetGroupAttributes: 'Attributes',
  LoadBalancerAttributes: 'Attributes',
  ClassicLoadBalancerAttributes: 'LoadBalancerAttributes',
  DirectConnectGatewayAssociations: 'directConnectGatewayAssociations',
};
/**
 * Direct Connect outputs: the AWS CLI writes their keys in lower camel case (`connections`,
 * `connectionId`); Batfish's snapshots in upper camel case (`DirectConnectGateways`,
 * `DirectConnectGatewayId`). Both are read, as lower camel case.
 */
const DIRECT_CONNECT: ReadonlySet<string> = new Set(['DirectConnectConnections', 'VirtualInterfaces', 'DirectConnectGateways', 'DirectConnectGatewayAssociations']);
function lowerCamel(v: unknown, depth = 0): unknown {
  if (depth > 64) return v;
  if (Array.isArray(v)) return v.map((x) => lowerCamel(x, depth + 1));
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [k, x] of Object.entries(v)) out[/^[A-Z][a-z]/.test(k) ? k[0]!.toLowerCase() + k.slice(1) : k] = lowerCamel(x, depth + 1);
  return out;
}

/** Per-id outputs whose key holds an object, not a list (elb describe-load-balancer-attributes). */
const PER_ID_OBJECT = new Set(['ClassicLoadBalancerAttributes']);

const TOP_ORDER = [
  'version', 'name', 'description', 'defaults', 'vpcs', 'subnets', 'routeTables', 'networkAcls', 'securityGroups', 'networkInterfaces', 'instances', 'internetGateways',
  'egressOnlyInternetGateways', 'natGateways', 'vpcPeeringConnections', 'vpcEndpoints', 'prefixLists', 'transitGateways', 'vpnGateways', 'customerGateways', 'vpnConnections',
  'externalNetworks', 'loadBalancers', 'targetGroups', 'directConnect', 'accounts', 'organization', 'iam', 'resources',
];

function mostCommon(list: readonly string[]): string | undefined {
  const n = new Map<string, number>();
  for (const x of list) n.set(x, (n.get(x) ?? 0) + 1);
  let best: string | undefined;
  let bestN = 0;
  for (const [k, c] of [...n].sort((a, b) => a[0].localeCompare(b[0]))) if (c > bestN) [best, bestN] = [k, c];
  return best;
}

/** The export file that declares ids of each prefix, and the AWS CLI call that writes it (docs/import.md). */
const DECLARED_IN: Record<string, readonly [file: string, call: string]> = {
  vpc: ['Vpcs.json', 'describe-vpcs'],
  subnet: ['Subnets.json', 'describe-subnets'],
  rtb: ['RouteTables.json', 'describe-route-tables'],
  acl: ['NetworkAcls.json', 'describe-network-acls'],
  sg: ['SecurityGroups.json', 'describe-security-groups'],
  eni: ['NetworkInterfaces.json', 'describe-network-interfaces'],
  i: ['Reservations.json', 'describe-instances'],
  igw: ['InternetGateways.json', 'describe-internet-gateways'],
  eigw: ['EgressOnlyInternetGateways.json', 'describe-egress-only-internet-gateways'],
  nat: ['NatGateways.json', 'describe-nat-gateways'],
  pcx: ['VpcPeeringConnections.json', 'describe-vpc-peering-connections'],
  vpce: ['VpcEndpoints.json', 'describe-vpc-endpoints'],
  pl: ['ManagedPrefixLists.json', 'describe-managed-prefix-lists'],
  tgw: ['TransitGateways.json', 'describe-transit-gateways'],
  vgw: ['VpnGateways.json', 'describe-vpn-gateways'],
  cgw: ['CustomerGateways.json', 'describe-customer-gateways'],
  vpn: ['VpnConnections.json', 'describe-vpn-connections'],
};

/**
 * Why a reference is unknown, when the export says: the file that would declare the id is not
 * in the folder of the file that references it, or the id is a security group of an account
 * that was not exported.
 */
function explainUnknown(st: ImportState, names: ReadonlySet<string>): ExplainUnknown {
  const exported = new Set<string>(st.accounts);
  for (const list of st.items.values()) for (const { scope } of list) if (scope.account !== undefined) exported.add(scope.account);
  for (const { obj } of st.itemsOf('SecurityGroups')) if (typeof obj.value.OwnerId === 'string') exported.add(obj.value.OwnerId);
  return (id, what, where) => {
    const owner = st.sgPeerAccount.get(id);
    if (id.startsWith('sg-') && owner !== undefined && !exported.has(owner))
      return {
        message: `${what} \`${id}\` belongs to account \`${owner}\`, which is not in the export`,
        hint: `export account ${owner} too (\`accounts/${owner}/<region>/SecurityGroups.json\`, docs/import.md "Folder layout")`,
      };
    if (id.startsWith('tgw-attach-') || id.startsWith('tgw-rtb-') || where === undefined) return undefined;
    const decl = own(DECLARED_IN, /^([a-z]+)-/.exec(id)?.[1]);
    if (!decl) return undefined;
    const dir = where.file.includes('/') ? where.file.slice(0, where.file.lastIndexOf('/') + 1) : '';
    const candidates = decl[0] === 'ManagedPrefixLists.json' ? [`${dir}ManagedPrefixLists.json`, `${dir}PrefixLists.json`] : [`${dir}${decl[0]}`];
    if (candidates.some((c) => names.has(c))) return undefined;
    return {
      message: `${what} \`${id}\` is not declared: \`${candidates[0]}\`, the file that would declare it, is missing from the export`,
      hint: `export it with \`aws ec2 ${decl[1]} --output json > ${candidates[0]}\` (docs/import.md, "The export script")`,
    };
  };
}

function run(files: ReadonlyMap<string, string>, options: ImportOptions, report: Report): Record<string, unknown> {
  const st = new ImportState(report);
  const iamFiles: IamFile[] = [];
  const orgFiles: OrgFile[] = [];
  const resourceFiles: { file: string; value: unknown }[] = [];
  const names = [...files.keys()].sort();
  for (const file of names) {
    const text = files.get(file)!;
    const kind = classify(file);
    switch (kind.kind) {
      case 'unknown':
        report.add(file, { code: 'unknown-file', severity: 'warning', path: [], message: `${kind.reason}: skipped`, hint: 'docs/import.md lists the files the importer reads' });
        continue;
      case 'not-modelled':
        if (SKIPPED_QUIETLY.has(kind.name)) continue;
        report.add(file, { code: 'not-modelled', severity: 'warning', path: [], message: `\`${kind.name}\` is not modelled by vpcsim: skipped` });
        continue;
      case 'ec2': {
        let value = parseJson(text, file, report);
        if (value === undefined) continue;
        if (DIRECT_CONNECT.has(kind.name)) value = lowerCamel(value);
        let name: Ec2File = kind.name;
        const items = topLevelList(value, file, TOP_KEY[name] ?? name, KIND_NAME[name], report);
        if (!items) continue;
        for (const obj of items) {
          // describe-prefix-lists and describe-managed-prefix-lists share `PrefixLists`
          if (name === 'PrefixLists' && !('Cidrs' in obj.value) && 'PrefixListArn' in obj.value) name = 'ManagedPrefixLists';
          let list = st.items.get(name);
          if (!list) st.items.set(name, (list = []));
          list.push({ obj, scope: kind.scope });
          name = kind.name;
        }
        continue;
      }
      case 'per-id': {
        let value = parseJson(text, file, report);
        if (value === undefined) continue;
        if (DIRECT_CONNECT.has(kind.folder)) value = lowerCamel(value);
        const key = PER_ID_KEY[kind.folder]!;
        const wantObject = PER_ID_OBJECT.has(kind.folder);
        if (!isRecord(value) || (wantObject ? !isRecord(value[key]) : !Array.isArray(value[key]))) {
          report.add(file, { code: 'wrong-shape', severity: 'error', path: isRecord(value) && key in value ? [key] : [], message: `expected an object with ${wantObject ? 'an object' : 'a list'} \`${key}\`, found ${isRecord(value) ? (key in value ? `\`${key}\` as ${typeName(value[key])}` : 'no such key') : typeName(value)}` });
          continue;
        }
        let list = st.perId.get(kind.folder);
        if (!list) st.perId.set(kind.folder, (list = []));
        list.push({ id: kind.id, file, top: new AwsObject(report, file, [], value, 'the output'), scope: kind.scope });
        continue;
      }
      case 'iam': {
        const value = parseJson(text, file, report);
        if (value !== undefined) iamFiles.push({ file, value, account: kind.scope.account });
        continue;
      }
      case 'organizations': {
        const value = parseJson(text, file, report);
        if (value !== undefined) orgFiles.push({ file, rest: kind.rest, value });
        continue;
      }
      case 'resource-policy': {
        const value = parseJson(text, file, report);
        if (value !== undefined) resourceFiles.push({ file, value });
        continue;
      }
    }
  }

  // order matters: later mappers read what earlier ones emitted
  mapVpcs(st);
  const vpcBlocks = new Map(st.draft.vpcs.map((v) => [v.id, [v.cidr, ...(v.secondaryCidrs ?? []), ...(v.ipv6Cidr ? [v.ipv6Cidr] : [])]]));
  const subnetTable = mapRouteTables(st, { vpcBlocks, primaryEniOwner: primaryInterfaces(st), gatewayEndpointTables: gatewayEndpointTables(st) });
  const subnetAcl = mapNetworkAcls(st);
  mapSubnets(st, subnetTable, subnetAcl);
  mapSecurityGroups(st);
  const roleOfProfile = mapIam(st, iamFiles);
  mapInstancesAndInterfaces(st, roleOfProfile, loadBalancerInterfaces(st));
  markNatInstances(st);
  mapLoadBalancers(st);
  mapInternetGateways(st);
  mapNatGateways(st);
  mapVpcPeeringConnections(st);
  mapVpcEndpoints(st);
  mapPrefixLists(st);
  mapVpn(st);
  mapDirectConnect(st);
  mapTransitGateways(st);
  checkPropagatedRoutes(st);
  const org = orgFiles.length > 0 ? mapOrganizations(st, orgFiles) : { accounts: [] };
  for (const f of resourceFiles) mapResourcePolicy(st, f.file, f.value);

  // defaults: the most common account and region; resources that differ keep their own
  const d = st.draft;
  const iamAccounts = [...d.iam.users, ...d.iam.groups, ...d.iam.roles, ...d.iam.policies].map((e) => e.account).filter((a): a is string => a !== undefined);
  const account = mostCommon([...st.accounts, ...iamAccounts]);
  const region = mostCommon(st.regions);
  if (account !== undefined || region !== undefined) d.defaults = { ...(account !== undefined ? { account } : {}), ...(region !== undefined ? { region } : {}) };
  for (const x of [...d.vpcs, ...d.transitGateways]) {
    if (x.account === account) delete x.account;
    if (x.region === region) delete x.region;
  }
  for (const x of [...d.iam.users, ...d.iam.groups, ...d.iam.roles, ...d.iam.policies]) if (x.account === account) delete x.account;
  if (org.accounts.length > 0) d.accounts = org.accounts;

  const fileCount = names.length;
  const accounts = [...new Set(st.accounts)].sort();
  const regions = [...new Set(st.regions)].sort();
  d.name = 'imported from AWS CLI exports';
  d.description = `${fileCount} file${fileCount === 1 ? '' : 's'}${accounts.length ? `; account${accounts.length === 1 ? '' : 's'} ${accounts.join(', ')}` : ''}${regions.length ? `; region${regions.length === 1 ? '' : 's'} ${regions.join(', ')}` : ''}`;

  // the scenario: top-level keys in the format's order, empty lists left out
  const out: Record<string, unknown> = {};
  for (const k of TOP_ORDER) {
    const v = (d as unknown as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (k === 'iam') {
      const iam: Record<string, unknown> = {};
      for (const [ik, iv] of Object.entries(v as Record<string, unknown[]>)) if (iv.length > 0) iam[ik] = iv;
      if (Object.keys(iam).length > 0) out.iam = iam;
      continue;
    }
    if (k === 'organization' && Object.keys(v as object).length === 0) continue;
    if (k === 'directConnect') {
      const dx: Record<string, unknown> = {};
      for (const [dk, dv] of Object.entries(v as Record<string, unknown[]>)) if (dv.length > 0) dx[dk] = dv;
      if (Object.keys(dx).length > 0) out.directConnect = dx;
      continue;
    }
    out[k] = v;
  }
  if (options.validate !== false) validateAndRepair(out, st.origin, report, explainUnknown(st, new Set(names)));
  // lists emptied by the repairs are left out too
  for (const k of Object.keys(out)) if (Array.isArray(out[k]) && (out[k] as unknown[]).length === 0) delete out[k];
  if (isRecord(out.directConnect)) {
    const dx = out.directConnect;
    for (const k of Object.keys(dx)) if (Array.isArray(dx[k]) && (dx[k] as unknown[]).length === 0) delete dx[k];
    if (Object.keys(dx).length === 0) delete out.directConnect;
  }
  return out;
}

/**
 * Imports AWS CLI exports, keyed by relative path (`Vpcs.json`,
 * `accounts/111111111111/us-east-1/Subnets.json`, `iam/AuthorizationDetails.json`, ...).
 * Pure and total: every problem is a diagnostic with its file and JSON path.
 */
export function importAws(files: ReadonlyMap<string, string>, options: ImportOptions = {}): ImportResult {
  const report = new Report();
  const pre = (files as { diagnostics?: unknown }).diagnostics;
  if (Array.isArray(pre)) pushAll(report.diagnostics, (pre as Diagnostic[]));
  try {
    const scenario = run(files, options, report);
    return { scenario, diagnostics: report.diagnostics };
  } catch (e) {
    report.add('<import>', {
      code: 'internal',
      severity: 'error',
      path: [],
      message: `internal error while importing: ${String((e as Error)?.message ?? e)}`,
      hint: 'this is a vpcsim bug: please report it with the export',
    });
    return { scenario: { version: 1 }, diagnostics: report.diagnostics };
  }
}
