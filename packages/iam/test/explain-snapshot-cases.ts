// The requests whose full Decision (decision, decisive statements, every gate with every
// statement and its `why`, errors, context, principal, reason) is pinned by
// explain-snapshot.test.ts: every `expect:` request of scenarios/iam-*.yaml, extra requests
// against them (a mistyped action, an invalid action, an unknown principal, endpoints), the
// benchmark workload of bench/iam.bench.mjs, and a scenario that reaches every sentence kind
// (NotAction, NotResource with a variable, an unresolved variable, Null, ForAnyValue, IfExists,
// an unknown operator, an invalid value, a boundary, a session policy, NotPrincipal, a key).
import type { Request } from '../src/types.js';

const A = '111111111111';
const B = '222222222222';

/** A request against a scenario file (`file`) or an inline scenario (`inline`). */
export interface SnapshotCase {
  readonly name: string;
  readonly file?: string;
  readonly inline?: 'bench' | 'variety';
  readonly request: Request;
}

const doc = (...Statement: unknown[]): Record<string, unknown> => ({ Version: '2012-10-17', Statement });
const services = ['s3', 'ec2', 'dynamodb', 'sqs', 'sns', 'lambda', 'kms', 'logs', 'cloudwatch', 'iam'];

function benchPolicy(p: number): Record<string, unknown> {
  const st: Record<string, unknown>[] = [];
  for (let i = 0; i < 20; i++) {
    const svc = services[(p + i) % services.length]!;
    const s: Record<string, unknown> = {
      Sid: `S${p}x${i}`,
      Effect: i % 7 === 6 ? 'Deny' : 'Allow',
      Action: [`${svc}:Get*`, `${svc}:List*`, `${svc}:Describe?${i}*`],
      Resource: svc === 's3' ? [`arn:aws:s3:::bucket-${p}-${i}/*`, `arn:aws:s3:::data/team-${i}/*`] : `arn:aws:${svc}:*:${A}:*`,
    };
    if (i % 3 === 0) s['Condition'] = { StringEquals: { 'aws:PrincipalTag/team': ['blue', 'green'] } };
    if (i % 3 === 1) s['Condition'] = { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } };
    if (i % 7 === 6) s['Condition'] = { Bool: { 'aws:SecureTransport': 'false' } };
    st.push(s);
  }
  return { name: `P${p}`, document: doc(...st) };
}

/** The workload of bench/iam.bench.mjs (kept in step with it). */
export function benchScenario(): Record<string, unknown> {
  const policies = Array.from({ length: 10 }, (_, p) => benchPolicy(p));
  return {
    version: 1,
    defaults: { account: A, region: 'us-east-1' },
    organization: {
      id: 'o-a1b2c3d4e5',
      managementAccount: '999999999999',
      root: { id: 'r-root', policies: ['FullAWSAccess'], units: [{ id: 'ou-prod', policies: ['FullAWSAccess', 'DenyRegions'], accounts: [{ id: A, policies: ['FullAWSAccess', 'DenyLeave'] }] }] },
      policies: [
        { name: 'DenyRegions', type: 'scp', document: doc({ Effect: 'Deny', NotAction: ['iam:*', 'sts:*'], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1', 'eu-west-1'] } } }) },
        { name: 'DenyLeave', type: 'scp', document: doc({ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }) },
      ],
    },
    iam: { users: [{ name: 'alice', tags: { team: 'blue' }, managedPolicies: policies.map((p) => p['name']) }], policies },
    resources: [
      {
        arn: 'arn:aws:s3:::data',
        account: A,
        policy: doc(
          { Sid: 'OrgRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::data/*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } } },
          { Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
        ),
      },
    ],
  };
}

/** One scenario that reaches every kind of statement sentence. */
export function varietyScenario(): Record<string, unknown> {
  return {
    version: 1,
    defaults: { account: A, region: 'us-east-1' },
    organization: {
      id: 'o-a1b2c3d4e5',
      managementAccount: '999999999999',
      root: { id: 'r-root', policies: ['FullAWSAccess'], units: [{ id: 'ou-dev', policies: ['OnlyDev'], accounts: [{ id: A, policies: ['FullAWSAccess'] }, { id: B, policies: ['FullAWSAccess'] }] }] },
      policies: [{ name: 'OnlyDev', type: 'scp', document: doc({ Sid: 'Dev', Effect: 'Allow', NotAction: ['organizations:*', 'account:*'], Resource: '*' }, { Effect: 'Deny', Action: 'ec2:TerminateInstances', Resource: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalTag/team': 'ops' } } }) }],
    },
    iam: {
      users: [
        { name: 'vera', tags: { team: 'red' }, groups: ['crew'], managedPolicies: ['Variety'], permissionsBoundary: 'Bound' },
        { name: 'nils' },
        { name: 'ext', account: B, inlinePolicies: { All: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) } },
      ],
      groups: [{ name: 'crew', inlinePolicies: { CrewRead: doc({ Sid: 'CrewRead', Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: ['arn:aws:s3:::vault', 'arn:aws:s3:::vault/shared/*'] }) } }],
      roles: [
        {
          name: 'svc',
          trustPolicy: doc(
            { Sid: 'Vera', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:user/vera` }, Action: 'sts:AssumeRole' },
            { Sid: 'OnlyUs', Effect: 'Deny', NotPrincipal: { AWS: [`arn:aws:iam::${A}:user/vera`, `arn:aws:iam::${A}:user/nils`, `arn:aws:iam::${A}:root`] }, Action: 'sts:AssumeRole' },
          ),
          inlinePolicies: { Work: doc({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::vault/*' }) },
        },
      ],
      sessions: [{ principal: 'role/svc/s1', sessionPolicy: doc({ Sid: 'OnlyGet', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), tags: { team: 'ops' } }],
      policies: [
        {
          name: 'Variety',
          document: doc(
            { Sid: 'Broad', Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 's3:*'], Resource: '*', Condition: { StringLike: { 'aws:PrincipalTag/team': ['r*', '${aws:username}'] } } },
            { Sid: 'NotMine', Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::vault/${aws:username}/*' },
            { Sid: 'NoDelete', Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { 's3:prefix': ['a', 'b'] } } },
            { Sid: 'Project', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::vault/${aws:PrincipalTag/project}/*' },
            { Sid: 'List', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::vault', Condition: { Null: { 's3:prefix': 'false' }, StringNotEqualsIfExists: { 's3:delimiter': '|' } } },
            { Sid: 'Ec2', Effect: 'Allow', Action: 'ec2:*', Resource: '*', Condition: { NumericLessThan: { 'ec2:count': 5 }, DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } },
            { Sid: 'Queues', Effect: 'Allow', Action: 'sqs:*', Resource: '*' },
            { Sid: 'BadIp', Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['not-an-ip', '10.0.0.0/8'] } } },
            { Sid: 'AllKeys', Effect: 'Allow', Action: 'kms:Decrypt', Resource: `arn:aws:kms:*:${A}:key/*`, Condition: { 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['app'] } } },
            { Sid: 'Assume', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/svc` },
          ),
        },
        { name: 'Bound', document: doc({ Sid: 'Within', Effect: 'Allow', Action: ['s3:*', 'ec2:*', 'sqs:*', 'dynamodb:*', 'kms:*', 'sts:*'], Resource: '*' }, { Sid: 'NoBucketDelete', Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }) },
      ],
    },
    resources: [
      {
        arn: 'arn:aws:s3:::vault',
        account: A,
        policy: doc(
          { Sid: 'Svc', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/svc` }, Action: ['s3:GetObject', 's3:PutObject'], Resource: 'arn:aws:s3:::vault/*' },
          { Sid: 'Partner', Effect: 'Allow', Principal: { AWS: B }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::vault/shared/*' },
          { Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::vault/pub/*' },
        ),
        blockPublicAccess: { restrictPublicBuckets: true },
      },
      { arn: `arn:aws:kms:us-east-1:${A}:key/1111aaaa-11aa-11aa-11aa-111111111111` },
    ],
  };
}

const V = (name: string, request: Request): SnapshotCase => ({ name: `variety: ${name}`, inline: 'variety', request });
const vera = (action: string, resource?: string, context?: Request['context']): Request => ({ principal: 'user/vera', action, resource, context });
const ctxOk = { 'aws:SourceIp': '10.1.2.3', 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1' };
const ctxBadIp = { 'aws:SourceIp': '203.0.113.9', 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1' };
const ctxNoTls = { 'aws:SourceIp': '10.1.2.3', 'aws:SecureTransport': 'false', 'aws:RequestedRegion': 'us-east-1' };
const Bn = (name: string, request: Request): SnapshotCase => ({ name: `bench: ${name}`, inline: 'bench', request });
const account = (name: string, request: Request): SnapshotCase => ({ name: `iam-account.yaml extra: ${name}`, file: 'iam-account.yaml', request });
const alice = (action: string, resource: string | undefined, more: Partial<Request> = {}): Request => ({ principal: 'user/alice', action, resource, context: { 'aws:SecureTransport': 'true' }, ...more });

/** Extra requests (the scenario files' own `expect:` requests are added by the test). */
export const EXTRA_CASES: readonly SnapshotCase[] = [
  account('a mistyped action lists the statements that do not admit it', alice('s3:GetObjekt', 'arn:aws:s3:::assets/a')),
  account('a condition key missing from the request', { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/a' }),
  account('an unknown principal', { principal: 'user/nobody', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/a' }),
  account('an invalid action', { principal: 'user/alice', action: 'getobject', resource: 'arn:aws:s3:::assets/a' }),
  account('an endpoint policy that denies', alice('s3:GetObject', 'arn:aws:s3:::assets/a', { endpoint: { id: 'vpce-1', policy: doc({ Sid: 'NoGet', Effect: 'Deny', Principal: '*', Action: 's3:Get*', Resource: '*' }, { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }) } })),
  account('an endpoint policy that does not allow', alice('s3:GetObject', 'arn:aws:s3:::assets/a', { endpoint: { id: 'vpce-2', policy: doc({ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: '*' }) } })),
  account('an endpoint without a policy', alice('s3:GetObject', 'arn:aws:s3:::assets/a', { endpoint: { id: 'vpce-3' } })),
  account('an endpoint policy that is not a document', alice('s3:GetObject', 'arn:aws:s3:::assets/a', { endpoint: { id: 'vpce-4', policy: 'nope' } })),
  account('an anonymous public read', { principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/public/logo.png', context: { 'aws:SecureTransport': 'true' } }),
  account('an anonymous private read', { principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/private/x' }),
  account('a role session', { principal: 'role/app/i-1', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/reports/q.csv', context: { 'aws:SecureTransport': 'true', 'aws:CurrentTime': '2026-01-01T00:00:00Z' } }),
  account('the root user', { principal: 'root', action: 's3:DeleteBucket', resource: 'arn:aws:s3:::assets' }),
  account('a service', { principal: 'service:ec2.amazonaws.com', action: 'sts:AssumeRole', resource: 'role/app' }),
  Bn('allowed read', { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::data/team-3/report.csv', context: ctxOk }),
  Bn('source IP outside', { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::data/team-4/report.csv', context: ctxBadIp }),
  Bn('no put', { principal: 'user/alice', action: 's3:PutObject', resource: 'arn:aws:s3:::data/team-3/x', context: ctxOk }),
  Bn('no TLS', { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::data/team-6/x', context: ctxNoTls }),
  Bn('ec2 describe', { principal: 'user/alice', action: 'ec2:DescribeInstances', context: ctxOk }),
  Bn('dynamodb from outside', { principal: 'user/alice', action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${A}:table/t`, context: ctxBadIp }),
  Bn('iam list', { principal: 'user/alice', action: 'iam:ListUsers', context: ctxOk }),
  Bn('sqs send', { principal: 'user/alice', action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:q`, context: ctxOk }),
  Bn('another region', { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::data/team-3/report.csv', context: { ...ctxOk, 'aws:RequestedRegion': 'ap-south-1' } }),
  Bn('leave the organization', { principal: 'user/alice', action: 'organizations:LeaveOrganization', context: ctxOk }),
  V('NotResource with a variable excludes her own prefix', vera('s3:GetObject', 'arn:aws:s3:::vault/vera/x')),
  V('NotResource with a variable leaves another prefix', vera('s3:GetObject', 'arn:aws:s3:::vault/other/x')),
  V('an unresolved variable', vera('s3:PutObject', 'arn:aws:s3:::vault/p/x')),
  V('Null and IfExists hold', vera('s3:ListBucket', 'arn:aws:s3:::vault', { 's3:prefix': 'a' })),
  V('Null fails', vera('s3:ListBucket', 'arn:aws:s3:::vault')),
  V('IfExists fails', vera('s3:ListBucket', 'arn:aws:s3:::vault', { 's3:prefix': 'a', 's3:delimiter': '|' })),
  V('ForAnyValue deny', vera('s3:DeleteObject', 'arn:aws:s3:::vault/x', { 's3:prefix': ['c', 'a'] })),
  V('ForAnyValue deny does not match', vera('s3:DeleteObject', 'arn:aws:s3:::vault/x', { 's3:prefix': ['c'] })),
  V('the boundary denies', vera('s3:DeleteBucket', 'arn:aws:s3:::vault')),
  V('numeric and date conditions hold', vera('ec2:RunInstances', undefined, { 'ec2:count': 3 })),
  V('a numeric condition fails', vera('ec2:RunInstances', undefined, { 'ec2:count': '9' })),
  V('an SCP deny with IfExists', vera('ec2:TerminateInstances', undefined, { 'ec2:count': 1 })),
  V('an unknown operator in an endpoint policy', { ...vera('sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:q`), endpoint: { id: 'vpce-9', policy: doc({ Sid: 'Typo', Effect: 'Allow', Principal: '*', Action: 'sqs:*', Resource: '*', Condition: { StringEqualz: { 'aws:SourceVpc': 'vpc-1' } } }, { Sid: 'Other', Effect: 'Allow', Principal: '*', Action: 'sqs:Send*', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } }) } }),
  V('an invalid IP value', vera('dynamodb:GetItem', `arn:aws:dynamodb:us-east-1:${A}:table/t`, { 'aws:SourceIp': '10.9.9.9' })),
  V('ForAllValues on the default key policy', vera('kms:Decrypt', `arn:aws:kms:us-east-1:${A}:key/1111aaaa-11aa-11aa-11aa-111111111111`, { 'kms:EncryptionContextKeys': ['app', 'x'] })),
  V('ForAllValues holds', vera('kms:Decrypt', `arn:aws:kms:us-east-1:${A}:key/1111aaaa-11aa-11aa-11aa-111111111111`, { 'kms:EncryptionContextKeys': ['app'] })),
  V('NotAction leaves iam out', vera('iam:CreateUser', `arn:aws:iam::${A}:user/x`)),
  V('SCP NotAction excludes organizations', vera('organizations:ListAccounts')),
  V('assume the role through the trust policy', vera('sts:AssumeRole', `arn:aws:iam::${A}:role/svc`)),
  V('NotPrincipal deny in the trust policy', { principal: `arn:aws:iam::${B}:user/ext`, action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/svc` }),
  V('NotPrincipal leaves a listed user out', { principal: 'user/nils', action: 'sts:AssumeRole', resource: `arn:aws:iam::${A}:role/svc` }),
  V('session policy allows', { principal: 'role/svc/s1', action: 's3:GetObject', resource: 'arn:aws:s3:::vault/x' }),
  V('session policy limits the role', { principal: 'role/svc/s1', action: 's3:PutObject', resource: 'arn:aws:s3:::vault/x' }),
  V('the role itself', { principal: 'role/svc', action: 's3:PutObject', resource: 'arn:aws:s3:::vault/x' }),
  V('cross-account through the account grant', { principal: `arn:aws:iam::${B}:user/ext`, action: 's3:GetObject', resource: 'arn:aws:s3:::vault/shared/x' }),
  V('cross-account public grant blocked', { principal: `arn:aws:iam::${B}:user/ext`, action: 's3:GetObject', resource: 'arn:aws:s3:::vault/pub/x' }),
  V('cross-account nothing', { principal: `arn:aws:iam::${B}:user/ext`, action: 's3:PutObject', resource: 'arn:aws:s3:::vault/x' }),
  V('a mistyped action', vera('s3:GetObjekt', 'arn:aws:s3:::vault/x')),
  V('mixed-case action', vera('S3:getobject', 'arn:aws:s3:::vault/shared/x', { 'aws:CurrentTime': '1700000000' })),
];
