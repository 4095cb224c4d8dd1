// A generator of large IAM accounts for the access benchmarks (plain ESM, no build step):
// `roles` roles and `policies` customer-managed policies (statements across services, with
// wildcards and conditions), users in groups, buckets with bucket policies (some shared with
// other accounts, some public), and a few planted escalation paths (PassRole + RunInstances,
// CreatePolicyVersion on one's own policy) so the graph has something to find.

/**
 * @param {{ roles?: number, policies?: number, users?: number, buckets?: number, seed?: number }} [options]
 * @returns {Record<string, unknown>} a scenario object (version 1) that compiles without errors
 */
export function generateAccount(options = {}) {
  const { roles = 1000, policies = 2000, users = 100, buckets = 100, seed = 7 } = options;
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const A = '111111111111';
  const doc = (...Statement) => ({ Version: '2012-10-17', Statement });
  const services = ['s3', 'dynamodb', 'sqs', 'sns', 'kms', 'logs', 'ec2', 'lambda', 'cloudwatch', 'secretsmanager'];
  const verbs = ['Get*', 'List*', 'Describe*', 'Put*', 'Delete*', 'Create*', 'Update*'];
  const statement = (p, i) => {
    const svc = pick(services);
    const st = { Sid: `S${p}x${i}`, Effect: rnd() < 0.1 ? 'Deny' : 'Allow', Action: [`${svc}:${pick(verbs)}`, `${svc}:${pick(verbs)}`] };
    st.Resource = svc === 's3' ? [`arn:aws:s3:::bucket-${Math.floor(rnd() * buckets)}/*`, `arn:aws:s3:::data-${i}/team-${p % 17}/*`] : `arn:aws:${svc}:us-east-1:${A}:*${p % 13}*`;
    if (rnd() < 0.2) st.Condition = { StringEquals: { 'aws:PrincipalTag/team': pick(['blue', 'green', 'red']) } };
    else if (rnd() < 0.1) st.Condition = { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } };
    return st;
  };
  const pols = [];
  for (let p = 0; p < policies; p++) {
    const st = Array.from({ length: 5 }, (_, i) => statement(p, i));
    // a few policies let their holders assume or pass roles of a naming pattern
    if (p % 50 === 0) st.push({ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${A}:role/app-${p % 7}*` });
    if (p % 97 === 0) st.push({ Effect: 'Allow', Action: 'iam:PassRole', Resource: `arn:aws:iam::${A}:role/app-*`, Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } });
    pols.push({ name: `P${p}`, document: doc(...st) });
  }
  // planted: a developer policy that passes every role to EC2 and rewrites itself
  pols.push({
    name: 'DeveloperAccess',
    document: doc({ Effect: 'Allow', Action: ['ec2:RunInstances', 'iam:PassRole'], Resource: '*' }, { Effect: 'Allow', Action: 'iam:CreatePolicyVersion', Resource: `arn:aws:iam::${A}:policy/DeveloperAccess` }),
  });
  const rs = [];
  for (let r = 0; r < roles; r++) {
    const kind = rnd();
    const trust =
      kind < 0.5
        ? doc({ Effect: 'Allow', Principal: { Service: pick(['ec2.amazonaws.com', 'lambda.amazonaws.com', 'ecs-tasks.amazonaws.com']) }, Action: 'sts:AssumeRole' })
        : kind < 0.85
          ? doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:root` }, Action: 'sts:AssumeRole' })
          : kind < 0.95
            ? doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/app-${Math.floor(rnd() * roles)}` }, Action: 'sts:AssumeRole' })
            : doc({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${200000000000 + r}:root` }, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': `x-${r}` } } });
    rs.push({ name: `app-${r}`, trustPolicy: trust, managedPolicies: [`P${(2 * r) % policies}`, `P${(2 * r + 1) % policies}`], tags: { team: pick(['blue', 'green', 'red']) } });
  }
  rs.push({ name: 'ops-admin', trustPolicy: doc({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), managedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'] });
  const us = [];
  for (let u = 0; u < users; u++) us.push({ name: `user-${u}`, groups: [`team-${u % 10}`], managedPolicies: [`P${(7 * u) % policies}`], tags: { team: pick(['blue', 'green', 'red']) } });
  us.push({ name: 'dev', managedPolicies: ['DeveloperAccess'] });
  const groups = Array.from({ length: 10 }, (_, g) => ({ name: `team-${g}`, managedPolicies: [`P${(11 * g) % policies}`] }));
  const resources = [];
  for (let b = 0; b < buckets; b++) {
    const st = [{ Sid: 'Team', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${A}:role/app-${b}` }, Action: 's3:*', Resource: [`arn:aws:s3:::bucket-${b}`, `arn:aws:s3:::bucket-${b}/*`] }];
    if (b % 10 === 0) st.push({ Sid: 'Partner', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${300000000000 + b}:root` }, Action: ['s3:GetObject', 's3:ListBucket'], Resource: [`arn:aws:s3:::bucket-${b}`, `arn:aws:s3:::bucket-${b}/*`] });
    if (b % 25 === 0) st.push({ Sid: 'Public', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::bucket-${b}/public/*` });
    if (b % 3 === 0) st.push({ Sid: 'TLS', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: [`arn:aws:s3:::bucket-${b}`, `arn:aws:s3:::bucket-${b}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    resources.push({ arn: `arn:aws:s3:::bucket-${b}`, account: A, policy: doc(...st) });
  }
  return {
    version: 1,
    name: `generated account: ${roles} roles, ${policies} policies`,
    defaults: { account: A, region: 'us-east-1' },
    iam: { users: us, groups, roles: rs, policies: pols },
    resources,
  };
}
