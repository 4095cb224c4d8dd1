// A CloudFormation template (YAML or JSON, parsed) to a scenario: parameters, mappings and
// conditions evaluated, resources whose condition is false skipped, each type mapped by its
// family (declarations first, then what attaches to them), logical ids as ids. Types vpcsim
// does not model are listed once each with their count.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html
import type { Path } from '@vpcsim/model';
import { AddressChooser } from '../core/addresses.js';
import { Draft } from '../core/draft.js';
import { validateAndRepair } from '../core/repair.js';
import type { IacResult } from '../terraform/import.js';
import { CFN_GATEWAYS } from './gateways.js';
import { CFN_IAM } from './iam.js';
import { evaluate, UNKNOWN, type Scope } from './intrinsics.js';
import { CFN_NETWORK_ACLS } from './network-acl.js';
import { CFN_INTERFACES } from './network-interface.js';
import { CFN_NETWORK } from './network.js';
import { CFN_RESOURCE_POLICIES } from './resource-policy.js';
import { CfnResource, type CfnWorld } from './resource.js';
import { CFN_ROUTES } from './route-table.js';
import { CFN_SECURITY_GROUPS } from './security-group.js';
import { CFN_TRANSIT_GATEWAYS } from './transit-gateway.js';
import { CFN_ENDPOINTS } from './vpc-endpoint.js';
import { reportSkipped } from '../core/skipped.js';
import { checkNames } from './references.js';

/** What a family mapper is given. */
export interface CfnContext extends CfnWorld {
  readonly addresses: AddressChooser;
  /** Every resource of a type. */
  all(type: string): CfnResource[];
  /** A resource by logical id. */
  get(logicalId: string): CfnResource | undefined;
  /** Instance profile name → role name. */
  readonly profiles: Map<string, string>;
  /** Public addresses chosen for Elastic IPs, by logical id. */
  readonly eips: Map<string, string>;
}

/** A family's mapper for one resource type. */
export interface CfnMapper {
  readonly phase: 0 | 1 | 2;
  map(r: CfnResource, c: CfnContext): void;
}

const MAPPERS: Record<string, CfnMapper> = { ...CFN_NETWORK, ...CFN_ROUTES, ...CFN_NETWORK_ACLS, ...CFN_SECURITY_GROUPS, ...CFN_GATEWAYS, ...CFN_INTERFACES, ...CFN_ENDPOINTS, ...CFN_TRANSIT_GATEWAYS, ...CFN_IAM, ...CFN_RESOURCE_POLICIES };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Options of importTemplate. */
export interface CfnOptions {
  readonly lineOf?: ((path: readonly (string | number)[]) => number | undefined) | undefined;
  readonly parameters?: Readonly<Record<string, string>> | undefined;
}

/** The names and ARNs `Ref` and `Fn::GetAtt` give, by resource type, from the logical id and properties. */
function physical(c: CfnContext, r: CfnResource, attr: string | undefined): unknown {
  const acct = c.scope.account;
  const region = c.scope.region;
  const name = (prop: string): string => r.str(prop) ?? r.logicalId;
  const path = r.str('Path') ?? '/';
  const iam = (kind: string, prop: string): string => `arn:aws:iam::${acct}:${kind}${path}${name(prop)}`;
  switch (`${r.type}${attr === undefined ? '' : `.${attr}`}`) {
    case 'AWS::IAM::Role':
      return name('RoleName');
    case 'AWS::IAM::Role.Arn':
      return iam('role', 'RoleName');
    case 'AWS::IAM::User':
      return name('UserName');
    case 'AWS::IAM::User.Arn':
      return iam('user', 'UserName');
    case 'AWS::IAM::Group':
      return name('GroupName');
    case 'AWS::IAM::Group.Arn':
      return iam('group', 'GroupName');
    case 'AWS::IAM::InstanceProfile':
      return name('InstanceProfileName');
    case 'AWS::IAM::InstanceProfile.Arn':
      return iam('instance-profile', 'InstanceProfileName');
    case 'AWS::IAM::ManagedPolicy':
    case 'AWS::IAM::ManagedPolicy.PolicyArn':
      return iam('policy', 'ManagedPolicyName');
    case 'AWS::S3::Bucket':
      return bucketName(c, r);
    case 'AWS::S3::Bucket.Arn':
      return `arn:aws:s3:::${bucketName(c, r)}`;
    case 'AWS::SQS::Queue':
    case 'AWS::SQS::Queue.QueueUrl':
      return `https://sqs.${region}.amazonaws.com/${acct}/${name('QueueName')}`;
    case 'AWS::SQS::Queue.Arn':
      return `arn:aws:sqs:${region}:${acct}:${name('QueueName')}`;
    case 'AWS::SQS::Queue.QueueName':
      return name('QueueName');
    case 'AWS::KMS::Key':
    case 'AWS::KMS::Key.KeyId':
      return r.logicalId;
    case 'AWS::KMS::Key.Arn':
      return `arn:aws:kms:${region}:${acct}:key/${r.logicalId}`;
    case 'AWS::EC2::SecurityGroup.GroupId':
      return r.logicalId;
    case 'AWS::EC2::SecurityGroup.VpcId':
      return r.value('VpcId');
    case 'AWS::EC2::VPC.CidrBlock':
      return r.value('CidrBlock');
    case 'AWS::EC2::VPC.DefaultSecurityGroup':
      return `${r.logicalId}/default-sg`;
    case 'AWS::EC2::VPC.DefaultNetworkAcl':
      return `${r.logicalId}/default-acl`;
    case 'AWS::EC2::VPC.VpcId':
    case 'AWS::EC2::Subnet.SubnetId':
    case 'AWS::EC2::EIP.AllocationId':
    case 'AWS::EC2::NetworkInterface.Id':
    case 'AWS::EC2::TransitGatewayAttachment.Id':
      return r.logicalId;
    case 'AWS::EC2::Subnet.AvailabilityZone':
      return r.value('AvailabilityZone');
    case 'AWS::EC2::Subnet.VpcId':
      return r.value('VpcId');
    case 'AWS::EC2::Subnet.CidrBlock':
      return r.value('CidrBlock');
    case 'AWS::EC2::EIP':
    case 'AWS::EC2::EIP.PublicIp':
      return eipAddress(c, r);
    case 'AWS::EC2::NetworkInterface.PrimaryPrivateIpAddress':
      return r.value('PrivateIpAddress') ?? UNKNOWN;
    case 'AWS::EC2::Instance.PrivateIp':
      return r.value('PrivateIpAddress') ?? UNKNOWN;
  }
  return attr === undefined ? r.logicalId : UNKNOWN;
}

/** A bucket's name: `BucketName`, else the lowercased logical id (CloudFormation generates one; reported). */
function bucketName(c: CfnContext, r: CfnResource): string {
  const n = r.str('BucketName');
  if (n) return n;
  const chosen = r.logicalId.toLowerCase();
  c.draft.warnOnce(`bucket|${r.logicalId}`, r.origin(), 'chosen-value', `${r.logicalId}: the bucket has no \`BucketName\`; CloudFormation generates one at deployment: \`${chosen}\` stands for it`);
  return chosen;
}

/** An Elastic IP's public address: chosen once (a documentation address), reported. */
export function eipAddress(c: CfnContext, r: CfnResource): string | typeof UNKNOWN {
  let ip = c.eips.get(r.logicalId);
  if (ip === undefined) {
    ip = c.addresses.public();
    if (ip === undefined) return UNKNOWN;
    c.eips.set(r.logicalId, ip);
    c.draft.warn(r.origin(), 'chosen-value', `${r.logicalId}: its public address is allocated by AWS at deployment: ${ip} (a documentation address) stands for it`);
  }
  return ip;
}

/** Imports a parsed CloudFormation template. */
export function importTemplate(t: Record<string, unknown>, file: string, options: CfnOptions = {}): IacResult {
  const draft = new Draft(file);
  const given = options.parameters ?? {};
  const account = given['AWS::AccountId'] ?? '111111111111';
  const region = given['AWS::Region'] ?? 'us-east-1';
  draft.account = account;
  draft.region = region;
  const params = isRecord(t.Parameters) ? t.Parameters : {};
  const resources = isRecord(t.Resources) ? t.Resources : {};
  const lineOf = (p: Path): number | undefined => options.lineOf?.(p);
  // a name that refers to nothing is the template's error, as CloudFormation says it
  checkNames(t, draft, file, lineOf);
  for (const name of Object.keys(given)) {
    if (!name.startsWith('AWS::') && !(name in params)) draft.warn({ file, path: ['Parameters'], resource: name, line: lineOf(['Parameters']) }, 'unknown-parameter', `\`--parameter ${name}\`: the template has no parameter \`${name}\`: ignored`);
  }
  const conditions = isRecord(t.Conditions) ? t.Conditions : {};
  const memo = new Map<string, boolean | typeof UNKNOWN>();
  const byId = new Map<string, CfnResource>();
  const noted = new Set<string>();
  const scope: Scope = {
    account,
    region,
    mappings: isRecord(t.Mappings) ? t.Mappings : {},
    parameter(name) {
      if (name in given) {
        const p = params[name];
        return isRecord(p) && typeof p.Type === 'string' && (p.Type.startsWith('List<') || p.Type === 'CommaDelimitedList') ? given[name]!.split(',') : given[name];
      }
      if (name.startsWith('AWS::')) return undefined;
      const p = params[name];
      if (!isRecord(p)) return undefined;
      if (p.Default === undefined) return UNKNOWN;
      const d = p.Default;
      return typeof p.Type === 'string' && (p.Type.startsWith('List<') || p.Type === 'CommaDelimitedList') && typeof d === 'string' ? d.split(',') : d;
    },
    condition(name) {
      if (memo.has(name)) return memo.get(name)!;
      memo.set(name, UNKNOWN); // a cycle is unknown
      const v = evaluate(conditions[name], scope);
      const out = v === true ? true : v === false ? false : UNKNOWN;
      memo.set(name, out);
      return out;
    },
    ref: (id) => {
      const r = byId.get(id);
      if (!r) {
        // a resource whose condition is false (a name that is none is checkNames's error)
        if (id in resources) scope.note(`\`Ref\` to \`${id}\`, a resource whose condition does not hold,`);
        return UNKNOWN;
      }
      return physical(c, r, undefined);
    },
    getAtt: (id, attr) => {
      const r = byId.get(id);
      return r ? physical(c, r, attr) : UNKNOWN;
    },
    note(what) {
      if (noted.has(what)) return;
      noted.add(what);
      draft.warn({ file, path: [], resource: file }, 'unknown-value', `${what} is not known before deployment: what depends on it is left out`);
    },
  };
  const c: CfnContext = {
    draft,
    scope,
    lineOf,
    addresses: new AddressChooser(),
    profiles: new Map(),
    eips: new Map(),
    parameterWithoutValue: (name) => isRecord(params[name]) && !(name in given) && (params[name] as Record<string, unknown>).Default === undefined,
    all: (type) => [...byId.values()].filter((r) => r.type === type),
    get: (id) => byId.get(id),
  };
  const skipped = new Map<string, number>();
  for (const [id, def] of Object.entries(resources)) {
    if (!isRecord(def) || typeof def.Type !== 'string') {
      draft.error({ file, path: ['Resources', id], resource: id, line: lineOf(['Resources', id]) }, 'wrong-shape', `resource \`${id}\` has no \`Type\``);
      continue;
    }
    if (typeof def.Condition === 'string') {
      const holds = scope.condition(def.Condition);
      if (holds === false) continue;
      if (holds === UNKNOWN) draft.warn({ file, path: ['Resources', id, 'Condition'], resource: id, line: lineOf(['Resources', id, 'Condition']) }, 'unknown-condition', `${id}: condition \`${def.Condition}\` is not known before deployment: the resource is imported as if it holds`);
    }
    byId.set(id, new CfnResource(id, def.Type, isRecord(def.Properties) ? def.Properties : {}, c));
    if (!MAPPERS[def.Type] && !def.Type.startsWith('Custom::')) skipped.set(def.Type, (skipped.get(def.Type) ?? 0) + 1);
  }
  reportSkipped(draft, skipped, 'CloudFormation', (type) => ({ file, path: ['Resources'], resource: type, line: lineOf(['Resources']) }));
  for (const r of byId.values()) for (const k of ['PrivateIpAddress']) if (typeof r.value(k) === 'string') c.addresses.take(r.value(k) as string);
  for (const phase of [0, 1, 2] as const) for (const r of byId.values()) if (MAPPERS[r.type]?.phase === phase) MAPPERS[r.type]!.map(r, c);
  const description = typeof t.Description === 'string' ? t.Description.split('\n')[0]!.slice(0, 200) : undefined;
  const scenario = draft.scenario('imported from a CloudFormation template', `${file}: ${byId.size} resources${description ? ` (${description})` : ''}`);
  validateAndRepair(draft, scenario);
  return { scenario, diagnostics: draft.diagnostics };
}
