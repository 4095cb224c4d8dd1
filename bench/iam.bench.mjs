// IAM benchmark: decisions per second on one core for a reference workload, and the one-time
// compile cost. Run `npx tsc --build packages/iam` first (this imports the compiled packages).
// Workload: a user with 10 managed policies of 20 statements each (wildcard actions and
// resources, conditions on principal tags, source IP and time), an organization with SCPs at
// three levels (root, OU, account) and a bucket with a bucket policy. Requests cycle through
// allowed, implicitly denied and explicitly denied outcomes.
// Targets: authorize (decision only) >= 1,000,000 decisions/s; evaluate (the same decision with
// the full explanation: every gate, every statement examined and why) >= 150,000 decisions/s.
import { compile } from '@vpcsim/model';
import { authorize, compileIam, evaluate, evaluateCompiled } from '@vpcsim/iam';

const A = '111111111111';
const doc = (...Statement) => ({ Version: '2012-10-17', Statement });
const services = ['s3', 'ec2', 'dynamodb', 'sqs', 'sns', 'lambda', 'kms', 'logs', 'cloudwatch', 'iam'];

function policy(p) {
  const st = [];
  for (let i = 0; i < 20; i++) {
    const svc = services[(p + i) % services.length];
    const s = { Sid: `S${p}x${i}`, Effect: i % 7 === 6 ? 'Deny' : 'Allow', Action: [`${svc}:Get*`, `${svc}:List*`, `${svc}:Describe?${i}*`], Resource: svc === 's3' ? [`arn:aws:s3:::bucket-${p}-${i}/*`, `arn:aws:s3:::data/team-${i}/*`] : `arn:aws:${svc}:*:${A}:*` };
    if (i % 3 === 0) s.Condition = { StringEquals: { 'aws:PrincipalTag/team': ['blue', 'green'] } };
    if (i % 3 === 1) s.Condition = { IpAddress: { 'aws:SourceIp': ['10.0.0.0/8', '192.168.0.0/16'] }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } };
    if (i % 7 === 6) s.Condition = { Bool: { 'aws:SecureTransport': 'false' } };
    st.push(s);
  }
  return { name: `P${p}`, document: doc(...st) };
}

const policies = Array.from({ length: 10 }, (_, p) => policy(p));
const scenario = {
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
  iam: {
    users: [{ name: 'alice', tags: { team: 'blue' }, managedPolicies: policies.map((p) => p.name) }],
    policies,
  },
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

const built = compile(scenario);
if (!built.ok) {
  console.error('the benchmark scenario does not compile:', built.errors.slice(0, 3));
  process.exit(1);
}
const model = built.model;

// one-time compile cost
const runs = 20;
let t0 = performance.now();
for (let i = 0; i < runs; i++) compileIam(model);
const compileMs = (performance.now() - t0) / runs;

const ctxOk = { 'aws:SourceIp': '10.1.2.3', 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1' };
const ctxBadIp = { 'aws:SourceIp': '203.0.113.9', 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'us-east-1' };
const ctxNoTls = { 'aws:SourceIp': '10.1.2.3', 'aws:SecureTransport': 'false', 'aws:RequestedRegion': 'us-east-1' };
const requests = [
  { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::data/team-3/report.csv', context: ctxOk },
  { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::data/team-4/report.csv', context: ctxBadIp },
  { principal: 'user/alice', action: 's3:PutObject', resource: 'arn:aws:s3:::data/team-3/x', context: ctxOk },
  { principal: 'user/alice', action: 's3:GetObject', resource: 'arn:aws:s3:::data/team-6/x', context: ctxNoTls },
  { principal: 'user/alice', action: 'ec2:DescribeInstances', context: ctxOk },
  { principal: 'user/alice', action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:us-east-1:${A}:table/t`, context: ctxBadIp },
  { principal: 'user/alice', action: 'iam:ListUsers', context: ctxOk },
  { principal: 'user/alice', action: 'sqs:SendMessage', resource: `arn:aws:sqs:us-east-1:${A}:q`, context: ctxOk },
];

const c = compileIam(model);
const outcomes = requests.map((r) => authorize(c, r));
for (let i = 0; i < requests.length; i++) {
  const full = evaluateCompiled(c, requests[i]).decision;
  if (full !== outcomes[i]) {
    console.error(`authorize and evaluate disagree on request ${i}: ${outcomes[i]} vs ${full}`);
    process.exit(1);
  }
}
const counts = outcomes.reduce((m, o) => ({ ...m, [o]: (m[o] ?? 0) + 1 }), {});

function rate(label, f, seconds = 1.5, reqs = requests) {
  // warm up
  for (let i = 0; i < 20000; i++) f(reqs[i % reqs.length]);
  let n = 0;
  const end = performance.now() + seconds * 1000;
  t0 = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) f(reqs[(n + i) % reqs.length]);
    n += 1000;
  }
  const perSec = n / ((performance.now() - t0) / 1000);
  console.log(`${label.padEnd(46)} ${Math.round(perSec).toLocaleString('en-US').padStart(12)} decisions/s`);
  return perSec;
}

console.log(`workload: 1 user, 10 managed policies x 20 statements, SCPs at 3 levels, 1 bucket policy; ${requests.length} requests (${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')})`);
console.log(`compileIam (one-time)                          ${compileMs.toFixed(2).padStart(12)} ms`);
{
  // cold: a fresh compile, then the first decision of each request (fills the lazy caches)
  const t = performance.now();
  const fresh = compileIam(model);
  for (const r of requests) authorize(fresh, r);
  console.log(`cold: compileIam + first ${requests.length} decisions         ${(performance.now() - t).toFixed(2).padStart(12)} ms`);
}
const fast = rate('authorize (decision only, one core)', (r) => authorize(c, r));
// many distinct resources: the per-resource caches miss on the first pass over them
const many = Array.from({ length: 20000 }, (_, i) => ({ principal: 'user/alice', action: i % 2 ? 's3:GetObject' : 's3:PutObject', resource: `arn:aws:s3:::data/team-${i % 20}/obj-${i}`, context: i % 3 ? ctxOk : ctxBadIp }));
{
  const fresh = compileIam(model);
  const t = performance.now();
  for (const r of many) authorize(fresh, r);
  const perSec = many.length / ((performance.now() - t) / 1000);
  console.log(`${'authorize, 20,000 distinct resources, cold'.padEnd(46)} ${Math.round(perSec).toLocaleString('en-US').padStart(12)} decisions/s`);
}
rate('authorize, 20,000 distinct resources, warm', (r) => authorize(c, r), 1, many);
rate('evaluateCompiled (full explanation)', (r) => evaluateCompiled(c, r), 1);
const explained = rate('evaluate(model, request) (full explanation)', (r) => evaluate(model, r), 1.5);
const target = 1_000_000;
console.log(`authorize: ${fast >= target ? 'meets' : 'BELOW'} the ${target.toLocaleString('en-US')} decisions/s target`);
const explainTarget = 150_000;
console.log(`evaluate: ${explained >= explainTarget ? 'meets' : 'BELOW'} the ${explainTarget.toLocaleString('en-US')} decisions/s target (with the full explanation)`);
process.exit(0);
