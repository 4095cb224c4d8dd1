// Access benchmark (issue 16): who-can, the privilege-escalation graph and the access diff on
// a generated account with 1,000 roles and 2,000 customer-managed policies (bench/generate-account.mjs).
// Each figure is one cold run on a fresh model (compile caches included), then a warm repeat.
// Targets: who-can and the escalation graph each within 5 s on one core.
import { compile } from '@vpcsim/model';
import { diffScenarios, escalationGraph, escalationPaths, findings, whoCan } from '@vpcsim/analysis';
import { generateAccount } from './generate-account.mjs';

const raw = generateAccount({ roles: 1000, policies: 2000 });
const build = (r) => {
  const c = compile(r);
  if (!c.ok) {
    console.error('the benchmark account does not compile:', c.errors.slice(0, 3));
    process.exit(1);
  }
  return c.model;
};
const time = (f) => {
  const t = performance.now();
  const v = f();
  return [performance.now() - t, v];
};
const ms = (x) => `${x.toFixed(0)} ms`;
let failed = false;
const check = (what, t, limit) => {
  const ok = t <= limit;
  if (!ok) failed = true;
  console.log(`${ok ? '  ' : '!!'} ${what}: ${ms(t)}${limit !== Infinity ? ` (target ≤ ${limit / 1000} s)` : ''}`);
};

const [tc, model] = time(() => build(raw));
console.log(`generated account: ${raw.iam.roles.length} roles, ${raw.iam.policies.length} policies, ${raw.iam.users.length} users, ${raw.resources.length} buckets (compile ${ms(tc)})`);

// who-can: a shared bucket's object, and a role's AssumeRole
const [t1, w1] = time(() => whoCan(model, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket-10/report.csv' }));
check(`who-can s3:GetObject on a shared bucket, cold (${w1.classes} principal classes, ${w1.allowed.length} allowed, ${w1.conditional.length} conditional)`, t1, 5000);
const [t2] = time(() => whoCan(model, { action: 's3:GetObject', resource: 'arn:aws:s3:::bucket-20/report.csv' }));
check('who-can on another bucket, warm', t2, 5000);
const [t3, w3] = time(() => whoCan(model, { action: 'sts:AssumeRole', resource: 'role/app-5' }));
check(`who-can sts:AssumeRole on a role (${w3.allowed.length} allowed)`, t3, 5000);

// the escalation graph, on a fresh model: every declared principal's edges (admins not expanded, as PMapper)
const fresh = build(raw);
const [t4, whole] = time(() => escalationGraph(fresh).whole());
check(`escalation graph, cold (${whole.nodes} nodes, ${whole.edges} edges, ${whole.admins.length} administrators, ${escalationGraph(fresh).world.requests.toLocaleString('en-US')} requests judged)`, t4, 5000);
const [t5, p] = time(() => escalationPaths(fresh, { from: 'user/dev', to: 'admin' }));
check(`paths user/dev → admin (${p.paths.length} paths, replayed)`, t5, 5000);
const fresh2 = build(raw);
const [t6, p2] = time(() => escalationPaths(fresh2, { from: 'user/dev', to: 'admin' }));
check(`paths user/dev → admin on a fresh model (${p2.paths.length} paths)`, t6, 5000);

// findings on 10 buckets
const [t7, f] = time(() => findings(model, { trust: 'account', resources: ['arn:aws:s3:::bucket-1?'] }));
check(`findings on ${f.resources.length} buckets (${f.findings} finding${f.findings === 1 ? "" : "s"})`, t7, Infinity);

// the access diff of two versions: a trust policy widened, a bucket shared, a policy's action widened
const after = structuredClone(raw);
after.iam.roles[5].trustPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::222222222222:root' }, Action: 'sts:AssumeRole' }] };
after.resources[3].policy.Statement.push({ Sid: 'Shared', Effect: 'Allow', Principal: { AWS: '333333333333' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket-3/*' });
after.iam.policies[42].document.Statement[0].Action = ['s3:*'];
const b = build(raw);
const a = build(after);
const [t8, d] = time(() => diffScenarios(b, a, { maxFlows: 0 }));
check(`diff of two versions (IAM: ${d.iam.compared.toLocaleString('en-US')} requests compared, ${d.iam.changed.length} changes, new access: ${d.iam.newAccess}, complete: ${d.iam.complete})`, t8, Infinity);

if (failed) {
  console.log('!! a target was missed');
  process.exit(1);
}
