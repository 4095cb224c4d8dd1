// `terraform show -json` (plan or state) to a scenario: read the instances, choose each one's
// id (its AWS id when the document knows it, else its address), then map each resource type
// with its family's mapper, declarations first (VPCs, subnets, tables, groups, gateways), then
// what attaches to them (routes, rules, associations, attachments, memberships). Types vpcsim
// does not model are listed once each with their count.
import type { Diagnostic } from '@vpcsim/model';
import { AddressChooser } from '../core/addresses.js';
import { Draft } from '../core/draft.js';
import { validateAndRepair } from '../core/repair.js';
import { readTerraform, type TfDocument, type TfInstance } from './document.js';
import { GATEWAYS } from './gateways.js';
import { IAM, renderPolicyDocument } from './iam.js';
import { NETWORK_ACLS } from './network-acl.js';
import { INTERFACES } from './network-interface.js';
import { NETWORK, NETWORK_DATA } from './network.js';
import { ConfigIndex } from './references.js';
import { RESOURCE_POLICIES } from './resource-policy.js';
import { TfResource, UNKNOWN, type TfWorld } from './resource.js';
import { ROUTES } from './route-table.js';
import { SECURITY_GROUPS } from './security-group.js';
import { TRANSIT_GATEWAYS } from './transit-gateway.js';
import { ENDPOINTS } from './vpc-endpoint.js';
import { reportSkipped } from '../core/skipped.js';

/** What a family mapper is given. */
export interface TfContext extends TfWorld {
  readonly doc: TfDocument;
  readonly addresses: AddressChooser;
  /** Every instance of a type, as resources. */
  all(type: string): TfResource[];
  /** The resource of an instance. */
  resource(inst: TfInstance): TfResource;
  /** Instance profile name → role name. */
  readonly profiles: Map<string, string>;
}

/** A family's mapper for one resource type: phase 0 declares, phase 1 attaches to what phase 0 declared. */
export interface TfMapper {
  readonly phase: 0 | 1 | 2;
  map(r: TfResource, c: TfContext): void;
}

/** Every mapped type, by family. */
const MAPPERS: Record<string, TfMapper> = { ...NETWORK, ...ROUTES, ...NETWORK_ACLS, ...SECURITY_GROUPS, ...GATEWAYS, ...INTERFACES, ...ENDPOINTS, ...TRANSIT_GATEWAYS, ...IAM, ...RESOURCE_POLICIES };

/** Types read by other mappers (data sources, the pieces of a resource), not imported on their own. */
const READ_BY_OTHERS = new Set(['aws_iam_policy_document', 'aws_caller_identity', 'aws_region', 'aws_partition', 'aws_availability_zones']);

/** Terraform types that carry no network or IAM behaviour vpcsim models, skipped without a word. */
const QUIET = /^(null_resource|random_|time_|terraform_data|local_|tls_|archive_)/;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ARN_ACCOUNT = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):(\d{12}):/;

/** The account and region the document shows, if it shows them. */
function scopeOf(doc: TfDocument): { account?: string; region?: string } {
  let account: string | undefined;
  let region: string | undefined;
  for (const x of doc.instances) {
    if (x.type === 'aws_caller_identity' && typeof x.values.account_id === 'string') account ??= x.values.account_id;
    if (x.type === 'aws_region' && typeof x.values.name === 'string') region ??= x.values.name;
  }
  const cfg = isRecord(doc.configuration) && isRecord(doc.configuration.provider_config) ? doc.configuration.provider_config : {};
  for (const p of Object.values(cfg)) {
    const r = isRecord(p) && isRecord(p.expressions) && isRecord(p.expressions.region) ? p.expressions.region.constant_value : undefined;
    if (typeof r === 'string') region ??= r;
  }
  for (const x of doc.instances) {
    for (const k of ['arn', 'owner_id']) {
      const v = x.values[k];
      if (typeof v !== 'string') continue;
      const m = ARN_ACCOUNT.exec(v);
      if (m) {
        account ??= m[2];
        if (m[1]) region ??= m[1];
      } else if (k === 'owner_id' && /^\d{12}$/.test(v)) account ??= v;
    }
    const az = x.values.availability_zone;
    if (typeof az === 'string' && /^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/.test(az)) region ??= az.slice(0, -1);
  }
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

/** Network kinds whose scenario id is their AWS id when the document knows it. */
const IAM_NAMED = /^aws_iam_|^aws_s3_|^aws_sqs_|^aws_kms_/;

/** The result of an import. */
export interface IacResult {
  readonly scenario: Record<string, unknown>;
  readonly diagnostics: Diagnostic[];
}

/** Options: where line numbers come from. */
export interface TfOptions {
  /** Line of a JSON path of the document, when positions are kept. */
  readonly lineOf?: ((path: readonly (string | number)[]) => number | undefined) | undefined;
}

/** Imports `terraform show -json` output (already parsed). */
export function importTerraform(value: Record<string, unknown>, file: string, options: TfOptions = {}): IacResult {
  const doc = readTerraform(value);
  const draft = new Draft(file);
  const scope = scopeOf(doc);
  draft.account = scope.account;
  draft.region = scope.region;
  const config = new ConfigIndex(doc.configuration, doc.instances);
  const byAws = new Map<string, TfInstance>();
  for (const x of doc.instances) if (typeof x.values.id === 'string' && !IAM_NAMED.test(x.type) && (x.mode === 'managed' || NETWORK_DATA[x.type])) byAws.set(x.values.id, x);
  const idOf = (x: TfInstance): string => (typeof x.values.id === 'string' && x.values.id !== '' && !IAM_NAMED.test(x.type) ? x.values.id : x.address);
  const resources = new Map<TfInstance, TfResource>();
  const addresses = new AddressChooser();
  const account = (): string => draft.account ?? '111111111111';
  const region = (): string => draft.region ?? 'us-east-1';
  const c: TfContext = {
    draft,
    config,
    doc,
    addresses,
    profiles: new Map(),
    idOf,
    byAwsId: (id) => byAws.get(id),
    resource: (inst) => resources.get(inst)!,
    all: (type) => doc.instances.filter((x) => x.type === type && x.mode === 'managed').map((x) => resources.get(x)!),
    attrOf: (inst, attr) => attrOf(inst, attr),
  };
  const iamName = (x: TfInstance): string | undefined => (typeof x.values.name === 'string' ? x.values.name : undefined);
  const iamPath = (x: TfInstance): string => (typeof x.values.path === 'string' ? x.values.path : '/');
  function attrOf(inst: TfInstance, attr: string): unknown {
    const v = inst.values[attr];
    if (v !== undefined && v !== null) return v;
    const name = iamName(inst);
    switch (`${inst.mode === 'data' ? 'data.' : ''}${inst.type}.${attr}`) {
      case 'aws_iam_role.id':
      case 'aws_iam_user.id':
      case 'aws_iam_group.id':
      case 'aws_iam_instance_profile.id':
        return name ?? UNKNOWN;
      case 'aws_iam_role.arn':
        return name ? `arn:aws:iam::${account()}:role${iamPath(inst)}${name}` : UNKNOWN;
      case 'aws_iam_user.arn':
        return name ? `arn:aws:iam::${account()}:user${iamPath(inst)}${name}` : UNKNOWN;
      case 'aws_iam_group.arn':
        return name ? `arn:aws:iam::${account()}:group${iamPath(inst)}${name}` : UNKNOWN;
      case 'aws_iam_instance_profile.arn':
        return name ? `arn:aws:iam::${account()}:instance-profile${iamPath(inst)}${name}` : UNKNOWN;
      case 'aws_iam_policy.id':
      case 'aws_iam_policy.arn':
        return name ? `arn:aws:iam::${account()}:policy${iamPath(inst)}${name}` : UNKNOWN;
      case 'aws_iam_openid_connect_provider.arn':
        return typeof inst.values.url === 'string' ? `arn:aws:iam::${account()}:oidc-provider/${inst.values.url.replace(/^https:\/\//, '')}` : UNKNOWN;
      case 'aws_s3_bucket.id':
        return inst.values.bucket ?? UNKNOWN;
      case 'aws_s3_bucket.arn':
        return typeof inst.values.bucket === 'string' ? `arn:aws:s3:::${inst.values.bucket}` : UNKNOWN;
      case 'aws_sqs_queue.arn':
        return typeof inst.values.name === 'string' ? `arn:aws:sqs:${region()}:${account()}:${inst.values.name}` : UNKNOWN;
      case 'aws_sqs_queue.id':
      case 'aws_sqs_queue.url':
        return typeof inst.values.name === 'string' ? `https://sqs.${region()}.amazonaws.com/${account()}/${inst.values.name}` : UNKNOWN;
      case 'aws_vpc.default_security_group_id':
        return `${idOf(inst)}/default-sg`;
      case 'aws_vpc.default_network_acl_id':
        return `${idOf(inst)}/default-acl`;
      case 'aws_vpc.main_route_table_id':
      case 'aws_vpc.default_route_table_id':
        return `${idOf(inst)}/main-rtb`;
      case 'data.aws_iam_policy_document.json':
      case 'data.aws_iam_policy_document.minified_json':
        return renderPolicyDocument(c.resource(inst)) ?? UNKNOWN;
      case 'data.aws_caller_identity.account_id':
        return account();
      case 'data.aws_region.name':
      case 'data.aws_region.id':
        return region();
      case 'data.aws_partition.partition':
        return 'aws';
    }
    if (attr === 'id' && !IAM_NAMED.test(inst.type)) return idOf(inst);
    return UNKNOWN;
  }
  for (const x of doc.instances) resources.set(x, new TfResource(x, c, options.lineOf?.(x.path.slice(0, -1))));
  if (draft.account === undefined && doc.instances.some((x) => x.type.startsWith('aws_iam_')))
    draft.warnOnce('account', { file, path: [], resource: file }, 'account-chosen', 'the plan shows no account id: ARNs of its IAM resources use 111111111111', 'add `data "aws_caller_identity"` to the configuration, or edit `defaults.account` in the scenario');

  // what is not modelled, or not read: once per type, with its count
  const skipped = new Map<string, number>();
  for (const x of doc.instances) {
    if (x.mode === 'data' || MAPPERS[x.type] || READ_BY_OTHERS.has(x.type) || QUIET.test(x.type)) continue;
    skipped.set(x.type, (skipped.get(x.type) ?? 0) + 1);
  }
  reportSkipped(draft, skipped, 'Terraform', (type) => ({ file, path: [], resource: type }));
  if (doc.deleted.length) draft.warn({ file, path: ['resource_changes'], resource: file }, 'deleted', `${doc.deleted.length} resource${doc.deleted.length === 1 ? '' : 's'} the plan deletes left out: ${doc.deleted.slice(0, 5).map((a) => `\`${a}\``).join(', ')}${doc.deleted.length > 5 ? ', ...' : ''}`);

  // known addresses are taken before any is chosen
  for (const x of doc.instances) for (const k of ['private_ip', 'public_ip']) if (typeof x.values[k] === 'string') addresses.take(x.values[k] as string);
  for (const x of doc.instances) for (const ip of Array.isArray(x.values.private_ips) ? x.values.private_ips : []) if (typeof ip === 'string') addresses.take(ip);

  for (const phase of [0, 1, 2] as const)
    for (const x of doc.instances) {
      const m = x.mode === 'managed' ? MAPPERS[x.type] : NETWORK_DATA[x.type];
      if (m?.phase === phase) m.map(resources.get(x)!, c);
    }
  const what = doc.kind === 'state' ? 'a Terraform state' : 'a Terraform plan';
  const scenario = draft.scenario(`imported from ${what}`, `${file}${doc.terraformVersion ? ` (Terraform ${doc.terraformVersion})` : ''}: ${doc.instances.filter((x) => x.mode === 'managed').length} resources`);
  validateAndRepair(draft, scenario);
  return { scenario, diagnostics: draft.diagnostics };
}
