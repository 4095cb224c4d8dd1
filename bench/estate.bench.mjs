// Exact answers at estate size (issue 12): the growth curve of the three symbolic questions on
// generated estates of 10, 100 and 1,000 VPCs (10 interfaces each, bench/generate-network.mjs):
// - property: "nothing on the internet reaches a private subnet on any TCP/UDP port", proved;
// - diff: the estate against a copy with one security group rule and one network ACL rule
//   opening tcp/22 from 0.0.0.0/0 (in vpc-3);
// - reach: `--from internet`, everything exposed.
// Each (size, question) runs in its own process (so its peak memory is its own): wall time,
// CPU time (one core: the engines are single-threaded; CPU above wall is the garbage
// collector's helper threads) and peak resident memory. Targets at 1,000 VPCs: under 10 s on
// one core and under 2 GB. `BENCH_SIZES=10,100` runs fewer sizes.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const QUESTIONS = ['property', 'diff', 'reach'];

if (process.argv[2] === '--one') {
  const [size, question] = [Number(process.argv[3]), process.argv[4]];
  const { compile } = await import('@vpcsim/model');
  const { checkProperty, diffScenarios, reachQuery } = await import('@vpcsim/analysis');
  const { generateNetwork } = await import('./generate-network.mjs');
  const build = (raw) => {
    const c = compile(raw);
    if (!c.ok) throw new Error(c.errors[0].message);
    return c.model;
  };
  const { scenario } = generateNetwork({ vpcs: size });
  const t0 = performance.now();
  const model = build(scenario);
  const compileMs = performance.now() - t0;
  let after;
  if (question === 'diff') {
    const copy = structuredClone(scenario);
    const v = Math.min(3, size - 1);
    copy.securityGroups.find((g) => g.id === `sg-${v}-web`).inbound.push({ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' });
    copy.networkAcls.find((a) => a.id === `acl-${v}`).inbound.push({ rule: 150, protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0', action: 'allow' });
    after = build(copy);
  }
  const u0 = process.cpuUsage();
  const w0 = performance.now();
  let answer;
  if (question === 'property') {
    const r = checkProperty(model, { name: 'internet never reaches a private subnet', forall: { from: 'internet', to: 'subnet:subnet-*-private', protocol: ['tcp', 'udp'], port: '0-65535' }, reachable: false });
    answer = `${r.passed ? 'holds' : 'FAILS'}, ${r.stats?.mode}`;
  } else if (question === 'diff') {
    const d = diffScenarios(model, after);
    const opened = d.network.changed.filter((c) => !c.before.reachable && c.after.reachable).length;
    answer = `${d.network.changed.length} lines (${opened} opened), ${d.network.complete ? 'complete' : 'INCOMPLETE'}`;
  } else {
    const r = reachQuery(model, { from: ['internet'] });
    answer = `${r.lines.length} lines, ${r.complete ? 'complete' : 'INCOMPLETE'}`;
  }
  const wall = performance.now() - w0;
  const cpu = process.cpuUsage(u0);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ size, question, interfaces: model.network.networkInterfaces.length, compileMs, wall, cpu: (cpu.user + cpu.system) / 1000, maxRssMb, answer }));
} else {
  const sizes = (process.env.BENCH_SIZES ?? '10,100,1000').split(',').map(Number);
  const here = fileURLToPath(import.meta.url);
  const rows = [];
  for (const size of sizes)
    for (const q of QUESTIONS) {
      const r = spawnSync(process.execPath, [here, '--one', String(size), q], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (r.status !== 0) {
        console.log(`!! ${size} VPCs ${q}: exit ${r.status}\n${r.stderr}`);
        process.exitCode = 1;
        continue;
      }
      rows.push(JSON.parse(r.stdout));
    }
  const f = (n) => Math.round(n).toLocaleString('en-US');
  console.log('VPCs   interfaces  question  compile ms   wall ms    cpu ms  peak RSS MB  answer');
  for (const r of rows) console.log(`${String(r.size).padStart(5)}  ${String(r.interfaces).padStart(10)}  ${r.question.padEnd(8)}  ${f(r.compileMs).padStart(10)}  ${f(r.wall).padStart(8)}  ${f(r.cpu).padStart(8)}  ${f(r.maxRssMb).padStart(11)}  ${r.answer}`);
  const big = rows.filter((r) => r.size === 1000);
  if (big.length > 0) {
    const ok = big.every((r) => r.wall < 10_000 && r.maxRssMb < 2048);
    console.log(`\n1,000 VPCs: every question under 10 s and 2 GB: ${ok ? 'MET' : 'MISSED'}`);
  }
}
