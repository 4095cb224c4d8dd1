// CLI cold start: wall time of `vpcsim trace` (a fresh Node process each run: load, compile,
// trace, print) on the worked three-tier scenario, and of `vpcsim check scenarios/` (the whole
// library). Target for the trace: under 300 ms. Run after `npx tsc --build`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'packages/cli/bin/vpcsim.js');

function wall(args, runs, entry = bin) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, entry === null ? args : [entry, ...args], { cwd: root, encoding: 'utf8' });
    times.push(performance.now() - t);
    if (r.status !== 0 && r.status !== 1) throw new Error(`vpcsim ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0] };
}

const trace = wall(['trace', 'scenarios/vpc-three-tier.yaml', '--from', 'i-web-1', '--to', 'i-db-1', '--protocol', 'tcp', '--port', '5432'], 15);
console.log(`vpcsim trace (cold process)        median ${trace.median.toFixed(0)} ms   min ${trace.min.toFixed(0)} ms   ${trace.median < 300 ? 'meets' : 'BELOW'} the 300 ms target`);
const json = wall(['trace', 'scenarios/vpc-three-tier.yaml', '--from', 'i-web-1', '--to', 'i-db-1', '--port', '5432', '--json'], 15);
console.log(`vpcsim trace --json (cold process) median ${json.median.toFixed(0)} ms   min ${json.min.toFixed(0)} ms`);
const check = wall(['check', 'scenarios/'], 5);
console.log(`vpcsim check scenarios/ (library)  median ${check.median.toFixed(0)} ms   min ${check.min.toFixed(0)} ms   ${check.median < 10000 ? 'meets' : 'BELOW'} the 10 s target`);

// Cold start as installed: the package `npm pack` makes (its files: bin/, bundle/, catalog/,
// scenarios/, package.json; scripts/bundle.mjs builds bundle/ afresh here) copied into an empty
// folder and run through its `vpcsim` shim, against a bare `node -e 0` on the same machine,
// measured alternately so both see the same load. The first run compiles the CLI and writes
// its V8 code cache (scripts/run-cached.cjs, here in a temporary folder); the runs after it
// start from the cache, as every run after the first does for a user. Target: within 3x.
spawnSync(process.execPath, [join(root, 'packages/cli/scripts/bundle.mjs')], { stdio: 'inherit' });
const installed = mkdtempSync(join(tmpdir(), 'vpcsim-bench-'));
const cli = join(root, 'packages/cli');
for (const f of [...JSON.parse(readFileSync(join(cli, 'package.json'), 'utf8')).files, 'package.json']) cpSync(join(cli, f), join(installed, f), { recursive: true });
process.env.VPCSIM_CACHE_DIR = join(installed, 'cache');
const shim = join(installed, 'bin/vpcsim.js');
const traceArgs = ['trace', 'scenarios/vpc-three-tier.yaml', '--from', 'i-web-1', '--to', 'i-db-1', '--port', '5432'];
const first = wall(traceArgs, 1, shim).median;
const bare = [];
const packed = [];
for (let i = 0; i < 15; i++) {
  bare.push(wall(['-e', '0'], 1, null).median);
  packed.push(wall(traceArgs, 1, shim).median);
}
rmSync(installed, { recursive: true, force: true });
const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ratio = med(packed) / med(bare);
console.log(`vpcsim trace, installed package, first run (compiles, writes the code cache) ${first.toFixed(0)} ms: ${(first / med(bare)).toFixed(2)}x node -e 0`);
console.log(`vpcsim trace, installed package (cold process) median ${med(packed).toFixed(0)} ms; node -e 0 median ${med(bare).toFixed(0)} ms: ${ratio.toFixed(2)}x   ${ratio <= 3 ? 'meets' : 'BELOW'} the 3x target`);
