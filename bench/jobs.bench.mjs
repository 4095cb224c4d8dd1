// `--jobs N` (issue 12 item 6): wall time of the CLI with one thread and with two, on the
// generated 100-VPC estate (1,000 instances): `vpcsim diff` of a pull request that opens SSH from
// the internet (a security group rule and a network ACL rule), and `vpcsim reach --from 'i-1*'`
// (the 110 instances of VPCs 1, 10-19 and 100-199 that exist). One run of each (a cold process:
// load, compile, walk, print), alternated, and the outputs compared: they must be the same.
// Each thread loads and compiles the scenario itself, so two threads gain on the walk, not on
// the load. Run after `npx tsc --build`; the scenarios are written to a temporary folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateNetwork } from './generate-network.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'packages/cli/bin/vpcsim.js');
const dir = mkdtempSync(join(tmpdir(), 'vpcsim-jobs-bench-'));
const { scenario } = generateNetwork({ vpcs: 100 });
const before = join(dir, 'estate.json');
writeFileSync(before, JSON.stringify(scenario));
const changed = structuredClone(scenario);
changed.securityGroups[0].inbound.push({ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' });
changed.networkAcls[0].inbound.push({ rule: 1, protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0', action: 'allow' });
const after = join(dir, 'estate-ssh.json');
writeFileSync(after, JSON.stringify(changed));

function wall(args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`vpcsim ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, out: r.stdout };
}

console.log(`generated estate: 100 VPCs, 1,000 instances; ${availableParallelism()} cores`);
for (const [what, args] of [
  ['diff (SSH opened in one VPC)', ['diff', before, after]],
  ["reach --from 'i-1*' (110 sources)", ['reach', before, '--from', 'i-1*']],
]) {
  const one = wall([...args, '--jobs', '1']);
  const two = wall([...args, '--jobs', '2']);
  if (one.out !== two.out) throw new Error(`${what}: --jobs 1 and --jobs 2 print different output`);
  console.log(`${what.padEnd(36)} --jobs 1 ${one.ms.toFixed(0).padStart(6)} ms   --jobs 2 ${two.ms.toFixed(0).padStart(6)} ms   ${(one.ms / two.ms).toFixed(2)}x   same output`);
}
rmSync(dir, { recursive: true, force: true });
