// Work on several threads: `--jobs N` of `check`, `diff` and `reach`. The work is cut into N
// shares (@vpcsim/analysis shares.ts: the sources of a diff or a reach question, the checks of a
// check run), share 0 on this thread and each other share on a worker thread (node:worker_threads).
// A model does not cross threads: a worker loads its scenario files itself (worker.ts) and hands
// back plain data, which the command merges exactly as one thread would have made it (the same
// lines, in the same order). `--jobs 1` runs in process, without workers.
//
// Without `--jobs`, one thread (jobCount says why).
// A worker that fails, runs out of memory or stops ends the command with exit 2 and why: never a
// partial answer.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CheckResult, DiffOptions, NetworkDiffShare, ReachQuery, ReachShare, Share } from '@vpcsim/analysis';
import type { Model } from '@vpcsim/model';
import { int, type CommandContext } from './command-context.js';
import { CliError } from './errors.js';

/** `--jobs` at most. */
export const MAX_JOBS = 64;

/** `--jobs N`, if given (read before any file, so a bad value fails first). */
export function jobsFlag(ctx: CommandContext): number | undefined {
  return int(ctx, 'jobs', 1, MAX_JOBS, `give the number of threads, 1 to ${MAX_JOBS} (\`--jobs 1\` runs in one thread)`);
}

/**
 * How many threads to use: `--jobs N` (no more than there are `units` of work to share), else one.
 * Measured on a 2-core machine (bench/jobs.bench.mjs and the README), two threads were slower
 * than one for every command on the generated estates: each thread loads and compiles the
 * scenario itself, a localized change or `--from internet` leaves one share with most of the
 * walk, and the threads' copies of the model cost memory. So threads are asked for, never assumed.
 */
export function jobCount(asked: number | undefined, units: number): number {
  return asked === undefined ? 1 : Math.min(asked, Math.max(1, units));
}

/** The `count` shares of the work. */
export function sharesOf(count: number): Share[] {
  return Array.from({ length: count }, (_, index) => ({ index, count }));
}

/** One thread's work, as plain data (it is sent to a worker). */
export type Job =
  | { readonly kind: 'check'; readonly files: readonly { readonly file: string; readonly checks: readonly number[] }[]; readonly seed?: number | undefined; readonly runs?: number | undefined }
  | { readonly kind: 'diff'; readonly before: string; readonly after: string; readonly options: Pick<DiffOptions, 'srcPorts' | 'maxNodes'>; readonly share: Share }
  | { readonly kind: 'reach'; readonly file: string; readonly query: ReachQuery; readonly share: Share };

/** A check job's answer: each file's results, in the order of its checks. */
export interface CheckAnswer {
  readonly files: readonly { readonly file: string; readonly results: readonly CheckResult[] }[];
}

/** What a job of each kind answers. */
export type Answer<J extends Job> = J extends { kind: 'check' } ? CheckAnswer : J extends { kind: 'diff' } ? NetworkDiffShare : ReachShare;

/** Runs one job on this thread; `model` loads a scenario (in a worker: from its file). */
export async function runJob<J extends Job>(job: J, model: (file: string) => Promise<Model>): Promise<Answer<J>> {
  const analysis = await import('@vpcsim/analysis');
  const j = job as Job;
  switch (j.kind) {
    case 'check': {
      const files = [];
      for (const f of j.files) files.push({ file: f.file, results: analysis.checkScenario(await model(f.file), { seed: j.seed, runs: j.runs, checks: f.checks }) });
      return { files } satisfies CheckAnswer as unknown as Answer<J>;
    }
    case 'diff':
      return analysis.diffNetworkShare(await model(j.before), await model(j.after), j.options, j.share) as Answer<J>;
    case 'reach':
      return analysis.reachShare(await model(j.file), j.query, j.share) as Answer<J>;
  }
}

/** A worker's reply. */
export type Reply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string; readonly hint?: string | undefined; readonly user: boolean; readonly stack?: string | undefined };

const HINT = 'run again with fewer threads (`--jobs 1` runs in one): each thread holds its own copy of the model';

/**
 * The worker's script: beside this module in a build or in the bundle. Running from the
 * TypeScript sources (tests), the build's, with none of this process's Node options: they
 * resolve the packages to their sources (the `source` condition), which a worker cannot run.
 */
function defaultWorker(): { url: URL; execArgv?: string[] } {
  const here = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(here)) ? { url: here, execArgv: workerNodeOptions(process.execArgv) } : { url: new URL('../dist/worker.js', import.meta.url), execArgv: [] };
}

/**
 * This process's Node options a worker can take: without those that only concern how the main
 * script was given (`--input-type`, `--eval`, `--print`: a worker runs a file, and Node refuses
 * them there), so vpcsim started from `node --input-type=module -e ...` still has workers.
 */
export function workerNodeOptions(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--input-type')) {
      if (a === '--input-type') i++;
      continue;
    }
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print') {
      i++;
      continue;
    }
    if (a.startsWith('--eval=') || a.startsWith('--print=')) continue;
    out.push(a);
  }
  return out;
}

/** Where the workers' script is, and the Node options they get (default: this process's). */
export interface WorkerOptions {
  readonly url?: URL | undefined;
  readonly execArgv?: readonly string[] | undefined;
}

/** Starts a worker on `job`: its answer, or a CliError (exit 2) saying why it has none. */
function inWorker(job: Job, options: WorkerOptions): { answer: Promise<unknown>; worker: Worker } {
  const fallback = defaultWorker();
  const execArgv = options.execArgv ?? (options.url ? undefined : fallback.execArgv);
  const worker = new Worker(options.url ?? fallback.url, { workerData: job, ...(execArgv ? { execArgv: [...execArgv] } : {}) });
  const answer = new Promise<unknown>((resolve, reject) => {
    let settled = false;
    worker.once('message', (m: Reply) => {
      settled = true;
      if (m.ok) resolve(m.value);
      else {
        const cause = m.stack !== undefined ? Object.assign(new Error(m.message), { stack: m.stack }) : undefined;
        // an error about the input (a scenario file changed while it was read) is said as it is
        reject(m.user ? new CliError(m.message, 2, m.hint, undefined, 'worker-failed', cause) : new CliError(`a worker thread failed: internal error: ${m.message}`, 2, 'this is a vpcsim bug: please report it with the scenario (--debug prints the stack trace)', undefined, 'worker-failed', cause));
      }
    });
    worker.once('error', (e) => {
      settled = true;
      reject(new CliError(`a worker thread failed: ${e.message}`, 2, HINT, undefined, 'worker-failed', e));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new CliError(`a worker thread stopped (exit code ${code}) before it answered`, 2, HINT, undefined, 'worker-failed'));
    });
  });
  return { answer, worker };
}

/** Worker threads at work on every job but the first (this thread's). */
export interface Crew<J extends Job> {
  /** Their answers, in the jobs' order (from the second job on). */
  readonly answers: Promise<Answer<J>[]>;
  /** Stops every worker (after a failure; after success they have exited already). */
  stop(): Promise<void>;
}

/** Starts a worker thread on every job but the first: before this thread reads the files, they read them alongside. */
export function startWorkers<J extends Job>(jobs: readonly J[], options: WorkerOptions = {}): Crew<J> {
  const started = jobs.slice(1).map((j) => inWorker(j, options));
  const answers = Promise.all(started.map((s) => s.answer)) as Promise<Answer<J>[]>;
  // awaited by runShared: a worker that fails while this thread works is not an unhandled rejection
  answers.catch(() => undefined);
  return { answers, stop: async () => void (await Promise.all(started.map((s) => s.worker.terminate()))) };
}

/**
 * Runs the jobs: the first on this thread (with `model`: the models this thread has loaded
 * already), each other on a worker thread (`crew`, if started already), at once. The answers,
 * in the jobs' order; the first failure (here or in a worker) stops every worker and is thrown.
 */
export async function runShared<J extends Job>(jobs: readonly J[], model: (file: string) => Promise<Model>, options: WorkerOptions = {}, crew: Crew<J> = startWorkers(jobs, options)): Promise<Answer<J>[]> {
  try {
    const mine = await runJob(jobs[0]!, model);
    return [mine, ...(await crew.answers)];
  } finally {
    await crew.stop();
  }
}
