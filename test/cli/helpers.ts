// Runs the built `vpcsim` binary. The root `npm test` builds first; when run alone, the
// first test file builds the workspace if any package's sources are newer than its build.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const BIN = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
export const FIX = join(ROOT, 'packages', 'cli', 'test', 'fixtures');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

let built = false;
/** Builds the workspace (`tsc --build`) when a package's sources are newer than its build. */
export function ensureBuilt(): void {
  if (built) return;
  built = true;
  if (process.env['VPCSIM_TEST_NO_BUILD']) return; // the caller built already
  const pkgs = readdirSync(join(ROOT, 'packages'));
  const stale = pkgs.some((p) => {
    const info = join(ROOT, 'packages', p, 'dist', '.tsbuildinfo');
    return !existsSync(info) || newest(join(ROOT, 'packages', p, 'src')) > statSync(info).mtimeMs;
  });
  if (stale || !existsSync(BIN)) execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--build'], { cwd: ROOT, stdio: 'inherit' });
}

export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node packages/cli/dist/bin.js ...args` from the repo root, piped (not a terminal). */
export function vpcsim(args: readonly string[], opts: { env?: Record<string, string>; nodeArgs?: readonly string[] } = {}): Run {
  const r = spawnSync(process.execPath, [...(opts.nodeArgs ?? []), BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...opts.env }, timeout: 300_000 /* liveness only */ });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Parses stdout as JSON, failing with the output when it is not. */
export function json<T = Record<string, unknown>>(r: Run): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

/**
 * Whether the built package exports the engine function the CLI calls. While the workspace is
 * being assembled an engine may be missing; the CLI then exits 2 with "not available yet", and
 * the end-to-end tests that need it are skipped with a message naming it.
 */
export function exported(pkg: string, name: string): boolean {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', `const m = await import(${JSON.stringify(pkg)}); process.exit(typeof m[${JSON.stringify(name)}] === 'function' ? 0 : 1)`], { cwd: join(ROOT, 'packages', 'cli') });
  return r.status === 0;
}

/** The engines present in the build (computed after building). */
export function engines(): { net: boolean; iam: boolean; analysis: boolean; importAws: boolean } {
  ensureBuilt();
  const has = {
    net: exported('@vpcsim/net', 'trace') && exported('@vpcsim/net', 'flowLogs'),
    iam: exported('@vpcsim/iam', 'evaluate'),
    analysis: exported('@vpcsim/analysis', 'checkScenario') && exported('@vpcsim/analysis', 'request'),
    importAws: exported('@vpcsim/import-aws', 'importAws') && exported('@vpcsim/import-aws', 'scenarioToYaml'),
  };
  const missing = Object.entries(has).filter(([, v]) => !v).map(([k]) => k);
  if (missing.length) console.warn(`end-to-end tests needing these engines are SKIPPED: not in the build yet: ${missing.join(', ')}`);
  return has;
}
