// Tracer benchmark. Run `npx tsc --build packages/net` first: this imports the compiled
// @vpcsim/model and @vpcsim/net. Figures:
//   1. traces per second on scenarios/vpc-three-tier.yaml, one core (target >= 200,000/s);
//   2. median trace time on the generated 1,000-VPC / 10,000-interface scenario (target <= 50 us);
//   3. the one-time cost: building the model (compile) and the tracer's routing indexes (first trace);
//   4. traces through an application load balancer (both legs, every target, health checks) on
//      the generated estate with a load balancer in every other VPC that has an internet gateway.
// The slow reference tracer (packages/net/dist/reference.js) is timed alongside, for scale.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '@vpcsim/model';
import * as net from '@vpcsim/net';
import { parse } from 'yaml';
import { generateNetwork } from './generate-network.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const gc = globalThis.gc ?? (() => {});
const fmt = (n) => Math.round(n).toLocaleString('en-US');

let reference;
try {
  ({ referenceTrace: reference } = await import(join(here, '../packages/net/dist/reference.js')));
} catch {
  reference = undefined;
}
const trace = typeof net.trace === 'function' ? net.trace : undefined;
if (!trace) console.log('!! @vpcsim/net does not export `trace` (yet): only the reference tracer is timed');

function compileOrDie(raw, what) {
  const r = compile(raw);
  if (!r.ok) {
    console.error(`${what} does not compile:`, r.errors.slice(0, 5));
    process.exit(2);
  }
  return r.model;
}

/** Runs f over the flows round-robin for about `ms` milliseconds; returns traces per second. */
function throughput(f, model, flows, ms) {
  let n = 0;
  let sink = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let k = 0; k < 1000; k++) {
      const r = f(model, flows[n % flows.length]);
      if (r.reachable) sink++;
      n++;
    }
    t = performance.now();
  }
  return { perSecond: (n * 1000) / (t - t0), sink };
}

/** Times each flow individually (batches of 20 to get above timer resolution); returns the median per trace in microseconds. */
function medianMicros(f, model, flows, rounds) {
  const times = [];
  for (let r = 0; r < rounds; r++) {
    for (const flow of flows) {
      const t0 = performance.now();
      for (let k = 0; k < 20; k++) f(model, flow);
      times.push(((performance.now() - t0) * 1000) / 20);
    }
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p99: times[Math.floor(times.length * 0.99)] };
}

// 1. three-tier scenario
const file = join(here, '../scenarios/vpc-three-tier.yaml');
const raw = parse(readFileSync(file, 'utf8'));
const small = compileOrDie(raw, 'vpc-three-tier.yaml');
const smallFlows = raw.expect.filter((e) => e.trace).map((e) => e.trace);
console.log(`vpc-three-tier.yaml: ${smallFlows.length} flows, round-robin`);
for (const [name, f] of [['trace', trace], ['reference', reference]]) {
  if (!f) continue;
  throughput(f, small, smallFlows, 300); // warm up
  gc();
  const { perSecond } = throughput(f, small, smallFlows, 2000);
  const target = name === 'trace' ? `   (target >= 200,000/s: ${perSecond >= 200000 ? 'met' : 'NOT met'})` : '';
  console.log(`  ${name.padEnd(10)} ${fmt(perSecond).padStart(12)} traces/s${target}`);
}

// 2. and 3. generated 1,000-VPC scenario
gc();
let t0 = performance.now();
const { scenario, flows } = generateNetwork();
const genMs = performance.now() - t0;
t0 = performance.now();
const big = compileOrDie(scenario, 'the generated scenario');
const compileMs = performance.now() - t0;
console.log(
  `generated: ${scenario.vpcs.length} VPCs, ${big.network.networkInterfaces.length} interfaces, ${scenario.vpcPeeringConnections.length} peerings (${genMs.toFixed(0)} ms to generate)`,
);
console.log(`  build the model (compile)          ${compileMs.toFixed(0).padStart(8)} ms`);
if (trace) {
  t0 = performance.now();
  const first = trace(big, flows[0]);
  console.log(`  first trace (builds the indexes)   ${(performance.now() - t0).toFixed(1).padStart(8)} ms   (${first.disposition})`);
  for (const f of flows.slice(0, 2000)) trace(big, f); // warm up
  const { median, p99 } = medianMicros(trace, big, flows.slice(0, 1000), 3);
  console.log(`  trace: median ${median.toFixed(1)} us, p99 ${p99.toFixed(1)} us per trace over ${1000} flows (target median <= 50 us: ${median <= 50 ? 'met' : 'NOT met'})`);
  const counts = {};
  for (const f of flows) {
    const d = trace(big, f).disposition;
    counts[d] = (counts[d] ?? 0) + 1;
  }
  console.log(`  dispositions of the ${flows.length} sample flows: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
if (reference) {
  const sample = flows.slice(0, 40);
  const { median } = medianMicros(reference, big, sample, 1);
  console.log(`  reference: median ${fmt(median)} us per trace (linear scans; for scale only)`);
}

// 4. traces through load balancers on a generated estate with them
if (trace) {
  gc();
  const { scenario: lbScenario, lbFlows } = generateNetwork({ loadBalancersEvery: 2 });
  t0 = performance.now();
  const withLbs = compileOrDie(lbScenario, 'the generated scenario with load balancers');
  const lbCompileMs = performance.now() - t0;
  const nTargets = lbScenario.targetGroups.reduce((n, g) => n + g.targets.length, 0);
  console.log(`generated with load balancers: ${lbScenario.loadBalancers.length} ALBs, ${nTargets} targets (compile ${lbCompileMs.toFixed(0)} ms)`);
  t0 = performance.now();
  const first = trace(withLbs, lbFlows[0]);
  console.log(`  first trace to an ALB (indexes, health checks of its node)  ${(performance.now() - t0).toFixed(1).padStart(6)} ms   (${first.disposition}, ${first.targets?.length ?? 0} targets)`);
  for (const f of lbFlows) trace(withLbs, f); // warm up: every node's health checks walked once
  const { median, p99 } = medianMicros(trace, withLbs, lbFlows.slice(0, 500), 3);
  console.log(`  trace through an ALB: median ${median.toFixed(1)} us, p99 ${p99.toFixed(1)} us per trace (client leg and every target's leg) over 500 flows`);
  const counts = {};
  for (const f of lbFlows) {
    const d = trace(withLbs, f).disposition;
    counts[d] = (counts[d] ?? 0) + 1;
  }
  console.log(`  dispositions of the ${lbFlows.length} flows to load balancers: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (reference) {
    const { median: rm } = medianMicros(reference, withLbs, lbFlows.slice(0, 10), 1);
    console.log(`  reference: median ${fmt(rm)} us per trace through an ALB (linear scans; for scale only)`);
  }
}
