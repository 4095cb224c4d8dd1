// `vpcsim check` on a generated file of 30,000 IAM request expectations (issue 15). Run
// `npx tsc --build` first: this imports the compiled @vpcsim/model, @vpcsim/analysis and
// @vpcsim/cli. Figures: per request, the check's time against the time to parse that request's
// YAML (target: check ≤ 1.5 × parse), and the memory of the whole `vpcsim check` run (target:
// under 250 MB). The check decides with the compiled fast path and explains only failures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '@vpcsim/model';
import { checkScenario } from '@vpcsim/analysis';

const here = dirname(fileURLToPath(import.meta.url));
const N = 30_000;
const USERS = 200;
const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 'sqs:SendMessage', 'kms:Decrypt', 'ec2:DescribeInstances', 'dynamodb:GetItem'];

/**
 * A resource of a type the action applies to, as a real suite names it (the Service
 * Authorization Reference's resource types; `check` warns of any other): objects for the object
 * actions, the bucket for ListBucket, a queue, a key, a table, and `*` for DescribeInstances.
 */
function resourceOf(action, i) {
  const n = i % 20;
  switch (action) {
    case 's3:ListBucket':
      return `arn:aws:s3:::bucket-${n}`;
    case 'sqs:SendMessage':
      return `arn:aws:sqs:us-east-1:111111111111:queue-${n}`;
    case 'kms:Decrypt':
      return `arn:aws:kms:us-east-1:111111111111:key/0000abcd-12ab-34cd-56ef-${String(n).padStart(12, '0')}`;
    case 'ec2:DescribeInstances':
      return '*';
    case 'dynamodb:GetItem':
      return `arn:aws:dynamodb:us-east-1:111111111111:table/table-${n}`;
    default:
      return `arn:aws:s3:::bucket-${n}/k${i}`;
  }
}

/** A scenario: users in groups with managed policies, an SCP tree, a bucket policy, and N expectations. */
function scenarioYaml() {
  const lines = ['version: 1', 'defaults: { account: "111111111111", region: us-east-1 }', 'iam:', '  policies:'];
  for (let p = 0; p < 10; p++) {
    lines.push(`    - name: P${p}`, '      document:', '        Version: "2012-10-17"', '        Statement:');
    for (let k = 0; k < 20; k++) {
      const a = ACTIONS[(p + k) % ACTIONS.length];
      lines.push(`          - { Sid: S${p}x${k}, Effect: ${k % 7 === 6 ? 'Deny' : 'Allow'}, Action: "${a}", Resource: "arn:aws:s3:::bucket-${k}/*", Condition: { StringEquals: { "aws:PrincipalTag/team": "t${k % 5}" } } }`);
    }
    lines.push(`          - { Sid: Any${p}, Effect: Allow, Action: "${ACTIONS[p % ACTIONS.length]}", Resource: "*" }`);
  }
  lines.push('  groups:');
  for (let g = 0; g < 5; g++) lines.push(`    - { name: g${g}, managedPolicies: [P${g * 2}, P${g * 2 + 1}] }`);
  lines.push('  users:');
  for (let u = 0; u < USERS; u++) lines.push(`    - { name: u${u}, groups: [g${u % 5}], tags: { team: t${u % 5} } }`);
  lines.push('resources:');
  for (let b = 0; b < 20; b++)
    lines.push(`  - arn: arn:aws:s3:::bucket-${b}`, '    policy:', '      Version: "2012-10-17"', `      Statement: [{ Effect: Deny, Principal: "*", Action: "s3:DeleteObject", Resource: "arn:aws:s3:::bucket-${b}/*", Condition: { Bool: { aws:SecureTransport: "false" } } }]`);
  const reqLines = [];
  for (let i = 0; i < N; i++) {
    const a = ACTIONS[i % ACTIONS.length];
    reqLines.push(`  - { name: r${i}, request: { principal: user/u${i % USERS}, action: "${a}", resource: "${resourceOf(a, i)}" }, decision: DECISION${i} }`);
  }
  return { head: lines.join('\n'), reqLines };
}

const { head, reqLines } = scenarioYaml();
// the expected decisions: what the engine says (so every expectation passes, as in a real suite)
const probe = loadScenario(`${head}\nexpect: []\n`);
if (!probe.ok) throw new Error(JSON.stringify(probe.errors.slice(0, 3)));
const { evaluate } = await import('@vpcsim/iam');
const filled = reqLines.map((l, i) => {
  const m = /principal: (\S+), action: "([^"]+)", resource: "([^"]+)"/.exec(l);
  const d = evaluate(probe.model, { principal: m[1], action: m[2], resource: m[3] }).decision;
  return l.replace(`DECISION${i}`, d);
});
const text = `${head}\nexpect:\n${filled.join('\n')}\n`;
const dir = mkdtempSync(join(tmpdir(), 'vpcsim-iam-check-'));
const file = join(dir, 'iam-30k.yaml');
writeFileSync(file, text);

// parse: the scenario with and without the 30,000 expectations; the difference is their YAML
const timeLoad = (t) => {
  const t0 = performance.now();
  const r = loadScenario(t, file);
  return [performance.now() - t0, r];
};
timeLoad(text); // warm
const [full, loaded] = timeLoad(text);
const [base] = timeLoad(`${head}\nexpect: []\n`);
const parsePer = (full - base) / N;
if (!loaded.ok) throw new Error('the generated scenario does not load');
checkScenario(loaded.model); // warm (compiles IAM once per model; a real run does this once)
const t0 = performance.now();
const results = checkScenario(loaded.model);
const checkMs = performance.now() - t0;
const failed = results.filter((r) => !r.passed).length;
const checkPer = checkMs / N;
console.log(`${N.toLocaleString('en-US')} IAM expectations, ${(text.length / 1e6).toFixed(1)} MB of YAML, ${failed} failed`);
console.log(`parse: ${(parsePer * 1000).toFixed(1)} µs per request (${full.toFixed(0)} ms the file)`);
console.log(`check: ${(checkPer * 1000).toFixed(1)} µs per request (${checkMs.toFixed(0)} ms); ratio ${(checkPer / parsePer).toFixed(2)} (target ≤ 1.5) ${checkPer <= 1.5 * parsePer ? 'MET' : 'MISSED'}`);

// memory: the whole `vpcsim check` process, peak resident set (GNU time is not assumed: the
// process reports its own peak through process.resourceUsage)
const probeScript = `const { run } = await import(${JSON.stringify(join(here, '..', 'packages', 'cli', 'dist', 'main.js'))});
let out = '';
const code = await run(['check', ${JSON.stringify(file)}], { out: (s) => { out += s; }, err: () => {}, env: {}, stdoutIsTTY: false });
process.stdout.write(JSON.stringify({ code, maxRss: process.resourceUsage().maxRSS, tail: out.trim().split('\\n').pop() }));`;
const r = spawnSync(process.execPath, ['--input-type=module', '-e', probeScript], { encoding: 'utf8', maxBuffer: 1 << 26 });
const m = JSON.parse(r.stdout || '{}');
const mb = (m.maxRss ?? 0) / 1024;
console.log(`vpcsim check ${file}: exit ${m.code}, "${m.tail}", peak ${mb.toFixed(0)} MB (target < 250 MB) ${mb > 0 && mb < 250 ? 'MET' : 'MISSED'}`);
rmSync(dir, { recursive: true, force: true });
