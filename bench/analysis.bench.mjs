// Scenario-check benchmark. Run `npx tsc --build packages/analysis` first: this imports the
// compiled @vpcsim/model and @vpcsim/analysis. Figure: the time to check the whole scenario
// library (every expectation and property of every scenarios/*.yaml that compiles), target
// under 10 s on one core, with the per-scenario and per-property split and how each property
// was checked (proved over N cases, or sampled).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenarioFile } from '@vpcsim/model';
import { checkScenario } from '@vpcsim/analysis';

const here = dirname(fileURLToPath(import.meta.url));
const dir = join(here, '..', 'scenarios');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const ms = (n) => `${n.toFixed(1)} ms`;

let total = 0;
let checks = 0;
let failed = 0;
let cases = 0;
for (const f of files) {
  const loaded = loadScenarioFile(join(dir, f));
  if (!loaded.ok) {
    console.log(`${f.padEnd(36)} does not compile (skipped)`);
    continue;
  }
  const t0 = performance.now();
  const rs = checkScenario(loaded.model);
  const dt = performance.now() - t0;
  total += dt;
  checks += rs.length;
  const bad = rs.filter((r) => !r.passed).length;
  failed += bad;
  console.log(`${f.padEnd(36)} ${ms(dt).padStart(10)}  ${rs.length} checks${bad ? `, ${bad} FAILED` : ''}`);
  for (const r of rs.filter((x) => x.kind === 'property')) {
    cases += r.stats?.cases ?? 0;
    console.log(`    ${ms(r.stats?.elapsedMs ?? 0).padStart(10)}  ${r.name}: ${r.stats?.summary ?? r.errors.map((e) => e.message).join('; ')}`);
  }
}
console.log(`\nwhole library: ${ms(total)} for ${checks} checks (${cases.toLocaleString('en-US')} property cases), ${failed} failed; target < 10,000 ms ${total < 10000 ? 'MET' : 'MISSED'}`);
