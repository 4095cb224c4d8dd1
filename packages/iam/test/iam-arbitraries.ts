// fast-check arbitraries for the differential test: small random IAM worlds (a user in groups
// with a boundary, a role with a session policy, SCP levels, an S3 bucket with a bucket policy
// and Block Public Access, an endpoint policy) and random requests against them. Values come
// from small alphabets so that random statements often match and often collide.
import fc from 'fast-check';
import type { PolicyDocument, PolicyPrincipal, PolicyStatement } from '@vpcsim/model';
import type { Request, RequestContext } from '../src/types.js';

export const ACCOUNT = '111111111111';
export const OTHER = '222222222222';
export const MANAGEMENT = '999999999999';
export const ORG_ID = 'o-a1b2c3d4e5';
export const BUCKET = 'arn:aws:s3:::bkt';
export const ENDPOINT_ID = 'vpce-0rand0m';

/** Policy names: each contains one token the differential test finds again in decisive statements. */
export const POLICY_TOKENS = ['BobInline', 'UserInline', 'UserManaged', 'GroupOneInline', 'GroupTwoManaged', 'RoleInline', 'Boundary', 'ScpRoot', 'ScpOu', 'ScpAccount', 'RcpOu', 'RcpAccount'] as const;

const ACTIONS = ['kms:Decrypt', 'kms:*', 'sts:AssumeRole', 's3:GetObject', 's3:Get*', 's3:*', 's3:PutObject', 's3:?utObject', '*', 'ec2:*', 'S3:getobject', 's3:List*', 's3:DeleteBucket', 'iam:Get*'];
const TRUST_ACTIONS = ['sts:AssumeRole', 'sts:*', '*', 'sts:TagSession', 'kms:*', 'kms:Decrypt'];
const REQUEST_ACTIONS = ['kms:Decrypt', 'sts:AssumeRole', 's3:GetObject', 's3:PutObject', 's3:ListBucket', 's3:DeleteBucket', 'ec2:RunInstances', 's3:getobject', 'sts:GetCallerIdentity', 'sts:GetSessionToken'];
const RESOURCES = [
  '*',
  BUCKET,
  `${BUCKET}/*`,
  `${BUCKET}/a/*`,
  `${BUCKET}/\${aws:username}/*`,
  `${BUCKET}/\${aws:PrincipalTag/team, 'shared'}/*`,
  'arn:aws:s3:::other/*',
  'arn:aws:s3:::bk?/*',
  'arn:aws:s3:::BKT/*',
  `arn:aws:ec2:*:${ACCOUNT}:instance/*`,
  `arn:aws:kms:*:${ACCOUNT}:key/*`,
  `arn:aws:iam::${ACCOUNT}:role/*`,
  `arn:aws:iam::${ACCOUNT}:user/*`,
  'arn:aws:s3:*',
  'arn:aws:s3:::*/a/*',
];
export const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/app`;
/** A key of the other account: only some KMS operations work across accounts. */
export const OTHER_KEY = `arn:aws:kms:us-east-1:${OTHER}:key/0000abcd-12ab-34cd-56ef-1234567890ab`;
const REQUEST_RESOURCES = [KEY, ROLE, BUCKET, `${BUCKET}/a/x`, `${BUCKET}/alice/x`, `${BUCKET}/shared/x`, `${BUCKET}/b`, 'arn:aws:s3:::other/x', `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`, undefined];

const STRING_VALUES = ['a', 'b', 'A', 'a*', 'alice', 'red', 'anonymous', 'us-east-1', 'eu-*', '${aws:username}', '${aws:PrincipalTag/team}', 'app:*', ORG_ID, "${aws:PrincipalTag/team, 'a'}", '${*}', 'User', 'AssumedRole', 'Account'];

/** One condition: operator, key, values, drawn so that operator and key fit together. */
const condition: fc.Arbitrary<[string, string, string | string[]]> = fc.oneof(
  fc.tuple(
    fc.constantFrom('StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase', 'StringEqualsIfExists', 'StringNotEqualsIfExists', 'StringLikeIfExists'),
    // the keys AWS always sets or derives (aws:RequestedRegion, aws:PrincipalType...) and the tags an
    // IAM user or role gives as the resource (aws:ResourceTag/*, iam:ResourceTag/*)
    fc.constantFrom('custom:k', 'aws:username', 'aws:PrincipalTag/team', 'aws:RequestedRegion', 'aws:PrincipalAccount', 'aws:ResourceAccount', 'aws:TagKeys', 'aws:userid', 'aws:PrincipalOrgID', 'aws:PrincipalType', 'aws:ResourceTag/team', 'iam:ResourceTag/team'),
    fc.oneof(fc.constantFrom(...STRING_VALUES, ACCOUNT, OTHER), fc.subarray(STRING_VALUES, { minLength: 1, maxLength: 3 })),
  ),
  fc.tuple(fc.constantFrom('IpAddress', 'NotIpAddress', 'IpAddressIfExists'), fc.constant('aws:SourceIp'), fc.constantFrom('10.0.0.0/8', '10.1.0.0/16', '192.168.1.1/32', '2001:db8::/32')),
  fc.tuple(fc.constantFrom('NumericLessThan', 'NumericEquals', 'NumericGreaterThanEquals', 'NumericNotEquals'), fc.constant('s3:max-keys'), fc.constantFrom('5', '10')),
  fc.tuple(fc.constantFrom('ForAllValues:StringEquals', 'ForAnyValue:StringEquals', 'ForAnyValue:StringNotEquals', 'ForAllValues:StringLike', 'ForAllValues:StringNotEquals'), fc.constant('aws:TagKeys'), fc.subarray(['a', 'b', 'a*'], { minLength: 1 })),
  fc.tuple(fc.constantFrom('DateLessThan', 'DateGreaterThan', 'DateNotEquals'), fc.constant('aws:CurrentTime'), fc.constantFrom('2020-01-01T00:00:00Z', '2030-01-01T00:00:00Z', '1577836800')),
  fc.tuple(fc.constantFrom('Bool', 'BoolIfExists'), fc.constantFrom('aws:SecureTransport', 'aws:MultiFactorAuthPresent', 'aws:ViaAWSService'), fc.constantFrom('true', 'false')),
  fc.tuple(fc.constant('Null'), fc.constantFrom('custom:k', 'aws:SourceIp', 'aws:TagKeys', 'aws:TokenIssueTime', 'aws:ViaAWSService', 'aws:RequestedRegion'), fc.constantFrom('true', 'false')),
  fc.tuple(fc.constantFrom('ArnLike', 'ArnNotEquals', 'ArnEquals'), fc.constant('aws:PrincipalArn'), fc.constantFrom(`arn:aws:iam::${ACCOUNT}:user/*`, `arn:aws:iam::${ACCOUNT}:role/app`, `arn:aws:iam::*:*`)),
);

const conditionBlock: fc.Arbitrary<Record<string, Record<string, string | string[]>> | undefined> = fc.option(
  fc.array(condition, { minLength: 1, maxLength: 2 }).map((cs) => {
    const block: Record<string, Record<string, string | string[]>> = {};
    for (const [op, key, v] of cs) (block[op] ??= {})[key] = v;
    return block;
  }),
  { freq: 2 },
);

const oneOrTwo = (values: readonly string[]): fc.Arbitrary<string | string[]> =>
  fc.oneof(fc.constantFrom(...values), fc.subarray([...values], { minLength: 1, maxLength: 2 }));

const PRINCIPALS: PolicyPrincipal[] = [
  '*',
  { AWS: '*' },
  { AWS: `arn:aws:iam::${ACCOUNT}:root` },
  { AWS: ACCOUNT },
  { AWS: OTHER },
  { AWS: `arn:aws:iam::${ACCOUNT}:user/alice` },
  { AWS: `arn:aws:iam::${OTHER}:user/bob` },
  { AWS: `arn:aws:iam::${ACCOUNT}:role/app` },
  { AWS: `arn:aws:sts::${ACCOUNT}:assumed-role/app/s1` },
  { Service: 'cloudtrail.amazonaws.com' },
  { Service: 'ec2.amazonaws.com' },
  { AWS: `arn:aws:iam::${OTHER}:root` },
  { AWS: [`arn:aws:iam::${ACCOUNT}:user/alice`, `arn:aws:iam::${ACCOUNT}:root`] },
];

type Where = 'identity' | 'scp' | 'resource' | 'trust' | 'rcp' | 'key';

/** A statement for a policy attached at `where` (resource policies name principals). */
export function statement(where: Where): fc.Arbitrary<PolicyStatement> {
  return fc
    .record({
      effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Deny'),
      actions: oneOrTwo(ACTIONS),
      trustActions: oneOrTwo(TRUST_ACTIONS),
      useNotAction: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      resources: oneOrTwo(RESOURCES),
      useNotResource: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      omitResource: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
      principal: fc.constantFrom(...PRINCIPALS),
      useNotPrincipal: fc.integer({ min: 0, max: 7 }).map((n) => n === 0),
      condition: conditionBlock,
      sid: fc.option(fc.constantFrom('S1', 'S2'), { freq: 3 }),
    })
    .map((r) => {
      const st: Record<string, unknown> = { Effect: r.effect };
      if (r.sid !== null) st['Sid'] = r.sid;
      if (where === 'rcp') st['Effect'] = 'Deny'; // RCP statements deny; only RCPFullAWSAccess allows
      if (where === 'resource' || where === 'trust' || where === 'key') st[r.useNotPrincipal && r.principal !== '*' ? 'NotPrincipal' : 'Principal'] = r.principal;
      if (where === 'rcp') st['Principal'] = '*';
      st[r.useNotAction ? 'NotAction' : 'Action'] = where === 'trust' ? r.trustActions : r.actions;
      // SCPs may leave Resource out (and a key policy, where AWS stores the statement but it applies
      // to nothing); identity and resource policies may not; trust policies have none.
      if (where !== 'trust' && !((where === 'scp' || where === 'key') && r.omitResource)) st[r.useNotResource ? 'NotResource' : 'Resource'] = r.resources;
      if (r.condition !== null && r.condition !== undefined) st['Condition'] = r.condition;
      return st as PolicyStatement;
    });
}

/** A policy document of 1 to 3 statements; Version 2012-10-17 mostly (variables apply). */
export function policy(where: Where): fc.Arbitrary<PolicyDocument> {
  return fc
    .record({ statements: fc.array(statement(where), { minLength: 1, maxLength: 3 }), legacy: fc.integer({ min: 0, max: 9 }).map((n) => n === 0) })
    .map(({ statements, legacy }) => ({ Version: legacy ? '2008-10-17' : '2012-10-17', Statement: statements }));
}

/** A random world, as a scenario (compile it). */
export const scenario: fc.Arbitrary<Record<string, unknown>> = fc
  .record({
    userInline: fc.option(policy('identity'), { freq: 4 }),
    userManaged: fc.option(policy('identity'), { freq: 3 }),
    groupOne: fc.option(policy('identity'), { freq: 2 }),
    groupTwo: fc.option(policy('identity'), { freq: 2 }),
    inGroupOne: fc.boolean(),
    inGroupTwo: fc.boolean(),
    boundary: fc.option(policy('identity'), { freq: 2 }),
    userBoundary: fc.boolean(),
    roleBoundary: fc.boolean(),
    roleInline: fc.option(policy('identity'), { freq: 4 }),
    sessionPolicy: fc.option(policy('identity'), { freq: 2 }),
    bobPolicy: fc.option(policy('identity'), { freq: 3 }),
    team: fc.option(fc.constantFrom('a', 'red', 'shared'), { freq: 2 }),
    organization: fc.boolean(),
    scpRoot: fc.option(policy('scp'), { freq: 2 }),
    scpOu: fc.option(policy('scp'), { freq: 2 }),
    scpAccount: fc.option(policy('scp'), { freq: 2 }),
    fullAccessRoot: fc.boolean(),
    fullAccessOu: fc.boolean(),
    fullAccessAccount: fc.boolean(),
    bucketOwner: fc.constantFrom(ACCOUNT, ACCOUNT, OTHER),
    bucketPolicy: fc.option(policy('resource'), { freq: 4 }),
    restrictPublicBuckets: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    trust: fc.option(policy('trust'), { freq: 4 }),
    keyPolicy: fc.option(policy('key'), { freq: 3 }),
    rcpOu: fc.option(policy('rcp'), { freq: 2 }),
    rcpAccount: fc.option(policy('rcp'), { freq: 2 }),
    sessionTeam: fc.option(fc.constantFrom('a', 'blue'), { freq: 2 }),
  })
  .map((w) => {
    const doc = (p: PolicyDocument | null): PolicyDocument | undefined => p ?? undefined;
    const policies: { name: string; document: PolicyDocument }[] = [];
    if (w.userManaged) policies.push({ name: 'UserManaged', document: w.userManaged });
    if (w.groupTwo) policies.push({ name: 'GroupTwoManaged', document: w.groupTwo });
    if (w.boundary) policies.push({ name: 'Boundary', document: w.boundary });
    const groups: string[] = [];
    if (w.inGroupOne) groups.push('one');
    if (w.inGroupTwo) groups.push('two');
    const orgPolicies: { name: string; type: 'scp'; document: PolicyDocument }[] = [];
    const level = (name: string, p: PolicyDocument | null, full: boolean): string[] => {
      const out = full ? ['FullAWSAccess'] : [];
      if (p) {
        orgPolicies.push({ name, type: 'scp', document: p });
        out.push(name);
      }
      // a level always has at least one SCP attached (AWS never lets the last one go)
      return out.length > 0 ? out : ['FullAWSAccess'];
    };
    const s: Record<string, unknown> = {
      iam: {
        users: [
          {
            name: 'alice',
            groups,
            ...(w.userInline ? { inlinePolicies: { UserInline: w.userInline } } : {}),
            ...(w.userManaged ? { managedPolicies: ['UserManaged'] } : {}),
            ...(w.boundary && w.userBoundary ? { permissionsBoundary: 'Boundary' } : {}),
            ...(w.team ? { tags: { team: w.team } } : {}),
          },
          { name: 'bob', account: OTHER, ...(w.bobPolicy ? { inlinePolicies: { BobInline: w.bobPolicy } } : {}) },
        ],
        groups: [
          { name: 'one', ...(w.groupOne ? { inlinePolicies: { GroupOneInline: w.groupOne } } : {}) },
          { name: 'two', ...(w.groupTwo ? { managedPolicies: ['GroupTwoManaged'] } : {}) },
        ],
        roles: [
          {
            name: 'app',
            trustPolicy: w.trust ?? { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            ...(w.roleInline ? { inlinePolicies: { RoleInline: w.roleInline } } : {}),
            ...(w.boundary && w.roleBoundary ? { permissionsBoundary: 'Boundary' } : {}),
            ...(w.team ? { tags: { team: w.team } } : {}),
          },
        ],
        policies,
        ...(w.sessionPolicy || w.sessionTeam
          ? { sessions: [{ principal: 'role/app/s1', ...(w.sessionPolicy ? { sessionPolicy: doc(w.sessionPolicy) } : {}), ...(w.sessionTeam ? { tags: { team: w.sessionTeam } } : {}) }] }
          : {}),
      },
      resources: [
        {
          arn: BUCKET,
          account: w.bucketOwner,
          ...(w.bucketPolicy ? { policy: w.bucketPolicy } : {}),
          ...(w.restrictPublicBuckets ? { blockPublicAccess: { restrictPublicBuckets: true } } : {}),
        },
        { arn: KEY, ...(w.keyPolicy ? { policy: w.keyPolicy } : {}) },
        { arn: OTHER_KEY, ...(w.keyPolicy ? { policy: w.keyPolicy } : {}) },
      ],
    };
    if (w.organization) {
      const root = level('ScpRoot', w.scpRoot, w.fullAccessRoot);
      const ou = level('ScpOu', w.scpOu, w.fullAccessOu);
      const account = level('ScpAccount', w.scpAccount, w.fullAccessAccount);
      s['organization'] = {
        id: ORG_ID,
        managementAccount: MANAGEMENT,
        root: {
          policies: root,
          accounts: [MANAGEMENT, OTHER],
          units: [
            {
              id: 'ou-work',
              policies: ou,
              ...(w.rcpOu ? { resourceControlPolicies: ['RcpOu'] } : {}),
              accounts: [{ id: ACCOUNT, policies: account, ...(w.rcpAccount ? { resourceControlPolicies: ['RcpAccount'] } : {}) }],
            },
          ],
        },
        policies: [
          ...orgPolicies,
          ...(w.rcpOu ? [{ name: 'RcpOu', type: 'rcp' as const, document: w.rcpOu }] : []),
          ...(w.rcpAccount ? [{ name: 'RcpAccount', type: 'rcp' as const, document: w.rcpAccount }] : []),
        ],
      };
    }
    return s;
  });

const contextArb: fc.Arbitrary<RequestContext> = fc
  .record(
    {
      'custom:k': fc.constantFrom('a', 'b', 'A', 'alice'),
      'aws:SourceIp': fc.constantFrom('10.1.2.3', '192.168.1.1', '8.8.8.8', '2001:db8::5'),
      's3:max-keys': fc.constantFrom('3', '10', '20'),
      'aws:TagKeys': fc.constantFrom<string[]>([], ['a'], ['a', 'b'], ['c'], ['a', 'c']),
      'aws:SecureTransport': fc.constantFrom('true', 'false'),
      'aws:CurrentTime': fc.constantFrom('2024-01-01T00:00:00Z', '2031-06-01T00:00:00Z'),
      'aws:RequestedRegion': fc.constantFrom('a', 'us-east-1'),
    },
    { requiredKeys: [] },
  )
  .map((c) => c as RequestContext);

/** A random request against the world above. */
export const request: fc.Arbitrary<Request> = fc
  .record({
    principal: fc.constantFrom('user/alice', 'user/alice', 'role/app/s1', 'role/app/s2', 'role/app', 'anonymous', 'root', `arn:aws:iam::${OTHER}:user/bob`, 'service:cloudtrail.amazonaws.com', 'service:ec2.amazonaws.com', OTHER),
    target: fc.oneof(
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...REQUEST_ACTIONS), fc.constantFrom(...REQUEST_RESOURCES)) },
      { weight: 3, arbitrary: fc.tuple(fc.constantFrom('s3:GetObject', 's3:PutObject', 's3:getobject'), fc.constantFrom(...REQUEST_RESOURCES.filter((r) => r?.startsWith('arn:aws:s3:::') === true && r.includes('/')))) },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('s3:ListBucket', 's3:DeleteBucket'), fc.constant<string | undefined>(BUCKET)) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom('kms:Decrypt', 'kms:Encrypt', 'kms:ScheduleKeyDeletion', 'kms:DescribeKey'), fc.constantFrom<string | undefined>(KEY, KEY, OTHER_KEY)) },
      { weight: 2, arbitrary: fc.tuple(fc.constantFrom('sts:AssumeRole', 'sts:TagSession'), fc.constant<string | undefined>(ROLE)) },
      // an IAM user or role as the resource: its tags are aws:ResourceTag/* and iam:ResourceTag/*
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('iam:GetRole', 'iam:GetUser'), fc.constantFrom<string | undefined>(ROLE, `arn:aws:iam::${ACCOUNT}:user/alice`)) },
      { weight: 1, arbitrary: fc.tuple(fc.constant('ec2:RunInstances'), fc.constantFrom<string | undefined>(undefined, `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`, `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-2`)) },
    ),
    context: fc.option(contextArb, { freq: 4 }),
    endpoint: fc.constantFrom('none', 'none', 'none', 'default', 'policy'),
    endpointPolicy: policy('resource'),
  })
  .map((r) => ({
    principal: r.principal,
    action: r.target[0],
    ...(r.target[1] !== undefined ? { resource: r.target[1] } : {}),
    ...(r.context !== null ? { context: r.context } : {}),
    ...(r.endpoint !== 'none' ? { endpoint: { id: ENDPOINT_ID, ...(r.endpoint === 'policy' ? { policy: r.endpointPolicy } : {}) } } : {}),
  }));
