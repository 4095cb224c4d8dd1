// Hostile inputs: how long the engines take on the inputs the test suite checks for the right
// answer only (tests never assert time; see test/README.md). Run after `npx tsc --build`.
// Figures: wall time per case on one core, median of 5 runs.
import { compileGlob, globMatch } from '@vpcsim/iam';
// resource patterns are internal to the package: read its build directly
import { compileResourceGlob, resourceMatch } from '../packages/iam/dist/glob.js';
import { compile, parseScenarioText } from '@vpcsim/model';
import { generateScenario } from './generate.mjs';

function median(f, runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}
const row = (label, ms, budget) => console.log(`${label.padEnd(72)} ${ms.toFixed(2).padStart(9)} ms  ${ms < budget ? 'within' : 'OVER'} ${budget} ms`);

// wildcard matching (packages/iam/src/glob.ts): linear by construction
const a5000 = compileGlob(`${'a*'.repeat(5000)}b`);
row("globMatch `a*`x5000 b  vs 10,000 a's (no match)", median(() => globMatch(a5000, 'a'.repeat(10000))), 100);
row("globMatch `a*`x5000 b  vs 9,999 a's + b (match)", median(() => globMatch(a5000, `${'a'.repeat(9999)}b`)), 100);
const q2500 = compileGlob(`*${'?a'.repeat(2500)}*b`);
row("globMatch `*(?a)x2500*b` vs 10,000 a's", median(() => globMatch(q2500, 'a'.repeat(10000))), 100);
// issue 18: `*?…?x*` against a long resource took 23 s when each start was tried in turn
const qx = compileGlob(`*${'?'.repeat(5000)}x*`);
row("globMatch `*` + 5,000 `?` + `x*` vs 1,000,000 a's", median(() => globMatch(qx, 'a'.repeat(1_000_000))), 100);
const qa = compileGlob(`*${'?a'.repeat(1000)}x*`);
row("globMatch `*(?a)x1000 x*` vs 100,000 a's (bit-parallel, 63 words)", median(() => globMatch(qa, 'a'.repeat(100_000))), 100);
for (const [p, t] of [
  [`${'a*'.repeat(3000)}b`, 'a'.repeat(10000)],
  [`*:${'?:'.repeat(1500)}b*:x`, `${'a:'.repeat(3000)}x`],
  [`*:${'a?:'.repeat(1000)}b*:x`, `${'ab:'.repeat(3000)}x`],
  [`${'a*:'.repeat(2000)}b`, `${'a:'.repeat(5000)}c`],
  [`*${'?a'.repeat(2500)}*b`, `${'a:'.repeat(5000)}`],
]) {
  const g = compileResourceGlob(p);
  row(`resourceMatch ${JSON.stringify(p.slice(0, 14))}… (${p.length} chars) vs ${t.length} chars`, median(() => resourceMatch(g, t)), 100);
}

// the loader: an alias bomb is refused, a 10 MB JSON file parses
let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
for (let k = 0; k < 12; k++) {
  const c = String.fromCharCode(98 + k);
  const prev = String.fromCharCode(97 + k);
  bomb += `${c}: &${c} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
}
row('parseScenarioText: a YAML alias bomb (9^13 nodes), refused', median(() => parseScenarioText(bomb, 'bomb.yaml')), 2000);
const prefixLists = Array.from({ length: 100000 }, (_, i) => ({ id: `pl-${i}`, cidrs: [`10.${(i >> 8) & 255}.${i & 255}.0/24`], name: 'padding padding padding padding' }));
const big = JSON.stringify({ version: 1, prefixLists }, null, 1);
row(`parseScenarioText: ${(big.length / 1e6).toFixed(1)} MB of JSON`, median(() => parseScenarioText(big, 'big.json'), 3), 3000);

// validation of a scenario broken everywhere: every subnet overlapping, every reference dangling
const broken = generateScenario({ vpcs: 20, subnetsPerVpc: 50, interfacesPerSubnet: 8 });
for (const n of broken.subnets) n.cidr = `10.${n.vpc.slice(4)}.0.0/24`;
for (const i of broken.instances) i.subnet = `${i.subnet}x`;
row('compile: 1,000 overlapping subnets and 8,000 dangling references', median(() => compile(broken), 3), 5000);
