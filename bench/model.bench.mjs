// Model benchmark: compile (schema + validation + normalization + indexes) of a generated
// scenario of ~10,000 resources, from an object, from JSON text and from YAML text.
// Run `npx tsc --build packages/model` first (this imports the compiled @vpcsim/model).
// Target: compile under 1 s.
import { compile, parseScenarioText } from '@vpcsim/model';
import { stringify } from 'yaml';
import { countResources, generateScenario } from './generate.mjs';

const gc = globalThis.gc ?? (() => {});
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;

function measure(label, f, runs = 5) {
  const times = [];
  let heap = 0;
  let result;
  for (let i = 0; i < runs; i++) {
    gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    result = f();
    times.push(performance.now() - t0);
    heap = Math.max(heap, process.memoryUsage().heapUsed - before);
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`${label.padEnd(44)} first ${times[0].toFixed(0).padStart(5)} ms   median ${sorted[Math.floor(runs / 2)].toFixed(0).padStart(5)} ms   heap +${mb(heap)}`);
  return { result, first: times[0], median: sorted[Math.floor(runs / 2)] };
}

const scenario = generateScenario();
console.log(`generated: ${countResources(scenario)} resources (${scenario.vpcs.length} VPCs, ${scenario.subnets.length} subnets, ${scenario.instances.length + scenario.networkInterfaces.length} interfaces)`);

const c = measure('compile(object)', () => compile(scenario));
if (!c.result.ok) {
  console.error('the generated scenario does not compile:', c.result.errors.slice(0, 5));
  process.exit(1);
}

const json = JSON.stringify(scenario);
const j = measure(`parseScenarioText(JSON ${mb(json.length)}) + compile`, () => {
  const p = parseScenarioText(json, 'bench.json');
  return compile(p.value);
});
if (!j.result.ok) process.exit(1);

const yamlText = stringify(scenario);
const y = measure(`parseScenarioText(YAML ${mb(yamlText.length)}) + compile`, () => {
  const p = parseScenarioText(yamlText, 'bench.yaml');
  if (p.errors.length > 0) throw new Error(p.errors[0].message);
  return compile(p.value);
}, 3);
if (!y.result.ok) process.exit(1);

const target = 1000;
console.log(`compile median ${c.median.toFixed(0)} ms: ${c.median < target ? 'within' : 'OVER'} the ${target} ms target`);
process.exit(c.median < target ? 0 : 1);
