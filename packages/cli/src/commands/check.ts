// `vpcsim check` and `vpcsim validate`: load every scenario, run its expectations and properties.
import type { Share } from '@vpcsim/analysis';
import { pushAll, warning, type Diagnostic, type Model } from '@vpcsim/model';
import { formatOf, int, str, type CommandContext } from '../command-context.js';
import type { CheckResultLike } from '../engine-types.js';
import { loadAnalysis, loadIam } from '../engines.js';
import { CliError } from '../errors.js';
import { inFile } from '../hints.js';
import { jobCount, jobsFlag, runShared, sharesOf } from '../jobs.js';
import { loadFile, placeIn, scenarioFiles, type Loaded } from '../load.js';
import { locateResults, type LocatedResult } from '../locations.js';
import { escapeControls, printableDeep } from '../output/printable.js';
import { writeJson, writeLines } from '../output/write.js';

/** `--runs` at most: a property samples this many cases in minutes, not hours. */
export const MAX_RUNS = 100_000;

/** One scenario's outcome. */
export interface ScenarioReport {
  readonly file: string;
  readonly valid: boolean;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  /** Each with the line of its entry and, for a failure, the places in the file that decided it. */
  readonly results: readonly LocatedResult[];
}

/** The outcome of a check over files and directories. */
export interface CheckReport {
  readonly scenarios: readonly ScenarioReport[];
  /** Arguments that could not be read (a missing file, a folder without scenarios): the rest is still checked. */
  readonly unreadable: readonly Diagnostic[];
  /** With `--shard i/n`: which shard ran (1-based) and how many of all the checks it covered. */
  readonly shard?: ShardRun | undefined;
}

/** The shard a check ran: `index` of `count` (1-based, as `--shard` says it), `checks` of `total`. */
export interface ShardRun {
  readonly index: number;
  readonly count: number;
  readonly checks: number;
  readonly total: number;
}

/** Options of `vpcsim check`. */
export interface CheckCommandOptions {
  readonly seed?: number | undefined;
  readonly runs?: number | undefined;
  /** `vpcsim validate`: load only, run nothing. */
  readonly validateOnly?: boolean | undefined;
  /** `--jobs N`: threads (default: by the work, jobs.ts). */
  readonly jobs?: number | undefined;
  /** `--shard i/n`: the checks at positions k (every file's, in order) with k % count === index (0-based). */
  readonly shard?: Share | undefined;
  /**
   * Whether each result gets the line of its entry and of the rules that decided it (default:
   * yes). The text report prints neither, and finding lines in a large file costs about ten
   * times its size in memory (the positions of every node), so `check` in text asks for none.
   */
  readonly locate?: boolean | undefined;
}


/** Checks every scenario the arguments name (directories: files directly inside, sorted). */
export async function checkCommand(args: readonly string[], options: CheckCommandOptions = {}): Promise<CheckReport> {
  const files: string[] = [];
  const unreadable: Diagnostic[] = [];
  const problem = (e: CliError, file: string): Diagnostic => ({ code: e.code, severity: 'error', path: [], message: e.message, file, ...(e.hint ? { hint: e.hint } : {}) });
  for (const a of args) {
    try {
      const found = await scenarioFiles(a);
      pushAll(files, found.files);
      pushAll(unreadable, found.problems.map((e) => problem(e, e.file ?? a)));
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      unreadable.push(problem(e, a));
    }
  }
  const analysis = options.validateOnly ? undefined : await loadAnalysis();
  const loaded: Loaded[] = [];
  for (const file of files) {
    try {
      loaded.push(await loadFile(file));
    } catch (e) {
      // a file that cannot be read (a FIFO, /dev/zero, a broken link) is reported; the others are still checked
      if (!(e instanceof CliError)) throw e;
      unreadable.push(problem(e, file));
    }
  }
  const run = analysis ? await runChecks(loaded, options) : { results: new Map<number, CheckResultLike[]>(), positions: new Map<number, number[]>(), shard: undefined };
  const scenarios: ScenarioReport[] = [];
  for (const [f, r] of loaded.entries()) {
    const file = r.file;
    if (!r.ok) {
      scenarios.push({ file, valid: false, errors: r.errors, warnings: r.warnings, results: [] });
      continue;
    }
    const positions = run.positions.get(f);
    // a shard reports the files of its checks (a file without checks: the first shard)
    if (options.shard && !options.validateOnly && (positions === undefined ? options.shard.index !== 0 || checkCount(r.model) > 0 : false)) continue;
    // the engines never read files: their diagnostics name the scenario's file here
    const results = (run.results.get(f) ?? []).map((x, j) => (x.errors.length ? { ...x, errors: placeRequestErrors(x, positions?.[j] ?? j, r) } : x));
    // policies against AWS's action catalogue: read only for scenarios with IAM checks (or `validate`)
    const iam = options.validateOnly || hasIamChecks(r.model) ? await loadIam() : undefined;
    const lint = iam ? placeIn([...iam.lintPolicies(r.model), ...requestNotes(r.model, iam)], r) : [];
    // a request action one letter from a policy's action AWS does not have: the policy has the typo
    // (its own warning says so), so no hint toward it
    const warnings = lint.length ? [...r.warnings.filter((w) => !(w.code === 'action-near-miss' && iam && towardUnknownAction(w, iam))), ...lint] : r.warnings;
    scenarios.push({ file, valid: true, errors: [], warnings, results: locateResults(r.model.scenario, results, options.locate === false ? undefined : r.locate, positions) });
  }
  return { scenarios, unreadable, ...(run.shard ? { shard: run.shard } : {}) };
}

/** A scenario's checks: its expectations, then its properties. */
const checkCount = (m: Model): number => (m.scenario.expect?.length ?? 0) + (m.scenario.properties?.length ?? 0);

/**
 * Runs the checks of the valid files (this shard's with `--shard`), on `--jobs` threads: per
 * file (by its index in `loaded`), the results and their positions among the file's checks, in
 * file order. The threads' shares are every n-th check of the run's, so each thread has some
 * of every file's properties.
 */
async function runChecks(loaded: readonly Loaded[], options: CheckCommandOptions): Promise<{ results: Map<number, CheckResultLike[]>; positions: Map<number, number[]>; shard: ShardRun | undefined }> {
  const all: { f: number; check: number }[] = [];
  for (const [f, r] of loaded.entries()) {
    if (!r.ok) continue;
    const n = checkCount(r.model);
    for (let check = 0; check < n; check++) all.push({ f, check });
  }
  const shard = options.shard;
  const mine = shard ? all.filter((_, k) => k % shard.count === shard.index) : all;
  const results = new Map<number, CheckResultLike[]>();
  const positions = new Map<number, number[]>();
  for (const u of mine) {
    let p = positions.get(u.f);
    if (!p) positions.set(u.f, (p = []));
    p.push(u.check);
  }
  const model = (f: number): Model => (loaded[f] as Extract<Loaded, { ok: true }>).model;
  const threads = jobCount(options.jobs, mine.length);
  if (threads === 1) {
    const analysis = await loadAnalysis();
    // every check of a file: as one run, without naming them
    for (const [f, p] of positions) results.set(f, [...analysis.checkScenario(model(f), { seed: options.seed, runs: options.runs, ...(p.length === checkCount(model(f)) ? {} : { checks: p }) })]);
  } else {
    // a thread's share: every n-th check of this run, grouped by file (files by path: a worker loads them)
    const byFile = new Map(loaded.map((r, f) => [r.file, f]));
    const jobs = sharesOf(threads).map((share) => {
      const files = new Map<number, number[]>();
      for (const [k, u] of mine.entries()) {
        if (k % share.count !== share.index) continue;
        let c = files.get(u.f);
        if (!c) files.set(u.f, (c = []));
        c.push(u.check);
      }
      return { kind: 'check' as const, files: [...files].map(([f, checks]) => ({ file: loaded[f]!.file, checks })), seed: options.seed, runs: options.runs };
    });
    const answers = await runShared(jobs, async (file) => model(byFile.get(file)!));
    // back in file order: each file's results by check position
    const at = new Map<number, Map<number, CheckResultLike>>();
    for (const [j, a] of answers.entries())
      for (const [i, f] of a.files.entries()) {
        const own = jobs[j]!.files[i]!;
        const fi = byFile.get(f.file)!;
        let m = at.get(fi);
        if (!m) at.set(fi, (m = new Map()));
        f.results.forEach((x, k) => m.set(own.checks[k]!, x));
      }
    for (const [f, p] of positions) results.set(f, p.map((c) => at.get(f)!.get(c)!));
  }
  return { results, positions, shard: shard ? { index: shard.index + 1, count: shard.count, checks: mine.length, total: all.length } : undefined };
}

/**
 * A result's errors in the file: an expectation's request errors (`request.principal`: an
 * undeclared principal) are its entry's, with their line (`expect[3].request.principal`).
 */
function placeRequestErrors(x: CheckResultLike, index: number, loaded: Extract<Loaded, { ok: true }>): Diagnostic[] {
  // checkScenario lists the expectations first, in file order
  const own = x.kind === 'expect' && index < (loaded.model.scenario.expect ?? []).length;
  return x.errors.map((d) => (own && d.path[0] === 'request' && d.file === undefined ? placeIn([{ ...d, path: ['expect', index, ...d.path] }], loaded)[0]! : inFile([d], loaded.file)[0]!));
}

/** At most this many catalogue warnings of expectations' requests are listed per file; then how many more. */
const MAX_REQUEST_NOTES = 20;
/** The catalogue warnings of a request that are the file's to report (an unknown action fails its expectation instead). */
const REQUEST_NOTES = new Set(['unknown-condition-key', 'resource-type-mismatch']);

/**
 * What AWS's action catalogue says of the expectations' requests, as located warnings with a
 * hint: context keys AWS does not have (a typo: the condition meant to read it reads it as
 * missing), and a resource that is not of a type the action applies to (`s3:GetObject` on a
 * bucket ARN: AWS authorizes the object action against objects, so no policy statement written
 * for the real request is tested). The rest of each request's catalogue check is the
 * expectation's own (an unknown action fails it).
 * https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
 */
function requestNotes(model: Model, iam: Awaited<ReturnType<typeof loadIam>>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const more = new Map<string, number>();
  (model.scenario.expect ?? []).forEach((e, i) => {
    if (e.request === undefined) return;
    for (const d of iam.checkRequest({ action: e.request.action, resource: e.request.resource, context: e.request.context }))
      if (REQUEST_NOTES.has(d.code)) {
        if (out.length < MAX_REQUEST_NOTES) out.push({ ...d, path: ['expect', i, ...d.path] });
        else more.set(d.code, (more.get(d.code) ?? 0) + 1);
      }
  });
  const keys = more.get('unknown-condition-key') ?? 0;
  const types = more.get('resource-type-mismatch') ?? 0;
  if (keys > 0) out.push(warning('unknown-condition-key', ['expect'], `${keys} more context keys of expectations are not condition keys AWS has`, 'fix the ones listed first: they are often the same typo'));
  if (types > 0) out.push(warning('resource-type-mismatch', ['expect'], `${types} more expectations name a resource of a type their action does not apply to`, 'fix the ones listed first: the Service Authorization Reference lists the resource types of each action'));
  return out;
}

/** Whether a near-miss warning suggests an action AWS's catalogue does not have. */
function towardUnknownAction(w: Diagnostic, iam: Awaited<ReturnType<typeof loadIam>>): boolean {
  const suggested = /did you mean `([^`]+)`/.exec(w.hint ?? '')?.[1];
  return suggested !== undefined && iam.checkRequest({ action: suggested }).some((d) => d.severity === 'error');
}

/** Whether a scenario asks IAM anything: a request expectation or a property over principals or actions. */
function hasIamChecks(model: Model): boolean {
  const s = model.scenario;
  return (s.expect ?? []).some((e) => e.request !== undefined) || (s.properties ?? []).some((p) => p.forall === undefined || p.forall.principal !== undefined || p.forall.action !== undefined);
}

/** The report formats of `check` and `validate` (`--json` is `--format json`). */
export const CHECK_FORMATS = ['text', 'json', 'sarif', 'junit', 'github'] as const;

/**
 * Exit code of a check: 2 if a file is invalid or a check could not be judged (its errors say
 * why: an endpoint the scenario does not have, a property too large to count, a path vpcsim does
 * not model), else 1 if something fails, else 0.
 */
export function checkExitCode(report: CheckReport): number {
  if (report.unreadable.length > 0 || report.scenarios.some((s) => !s.valid)) return 2;
  if (report.scenarios.some((s) => s.results.some((r) => r.errors.some((e) => e.severity === 'error')))) return 2;
  if (report.scenarios.some((s) => s.results.some((r) => !r.passed))) return 1;
  return 0;
}

/** `--shard i/n` (1-based, as vitest and Playwright write it) as a 0-based share. */
export function shardFlag(ctx: CommandContext): Share | undefined {
  const v = str(ctx, 'shard');
  if (v === undefined) return undefined;
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(v.trim());
  const hint = 'write INDEX/COUNT, 1-based: `--shard 1/3`, `--shard 2/3` and `--shard 3/3` run every check once between them (Kubernetes: `--shard $((JOB_COMPLETION_INDEX + 1))/N`)';
  if (!m) throw new CliError(`\`--shard ${v}\` is not a shard`, 2, hint);
  const [index, count] = [Number(m[1]), Number(m[2])];
  if (count < 1) throw new CliError(`\`--shard ${v}\`: there must be at least one shard`, 2, hint);
  if (index < 1) throw new CliError(`\`--shard ${v}\`: shards are numbered from 1`, 2, `the first of ${count} is \`--shard 1/${count}\` (JOB_COMPLETION_INDEX counts from 0: add 1)`);
  if (index > count) throw new CliError(`\`--shard ${v}\`: there ${count === 1 ? 'is 1 shard' : `are ${count} shards`}`, 2, `give a shard from 1 to ${count}`);
  return { index: index - 1, count };
}

async function runBoth(ctx: CommandContext, validateOnly: boolean): Promise<number> {
  const format = formatOf(ctx, CHECK_FORMATS);
  const jobs = validateOnly ? undefined : jobsFlag(ctx);
  const shard = validateOnly ? undefined : shardFlag(ctx);
  const report = await checkCommand(ctx.positionals, {
    validateOnly,
    jobs,
    shard,
    seed: int(ctx, 'seed', 0, 2 ** 31 - 1),
    runs: int(ctx, 'runs', 1, MAX_RUNS, `at most ${MAX_RUNS.toLocaleString('en-US')} runs per property: more rarely find more, while another \`--seed\` tries other cases`),
    // lines of results: for the formats that print them (JSON, SARIF, JUnit, GitHub annotations)
    locate: format !== 'text',
  });
  // an argument that cannot be read is reported like any error; the others are still checked
  const es = ctx.errStyle;
  for (const d of report.unreadable) ctx.io.err(`${es.red('vpcsim:')} ${escapeControls(d.message)}${d.hint ? `\n  hint: ${escapeControls(d.hint)}` : ''}\n`);
  if (format === 'json') {
    const { checkJson } = await import('../output/json.js');
    writeJson(ctx.io, { ...checkJson(report), ...(report.shard ? { shard: report.shard } : {}) });
  } else if (format !== 'text') ctx.io.out(await (await import('../output/ci.js')).formatCheckCi(format, printableDeep(report), validateOnly));
  else if (report.scenarios.length > 0 || report.shard) writeLines(ctx.io, [...(await import('../output/text.js')).formatCheckLines(printableDeep(report), ctx.style, validateOnly), ...(report.shard ? [shardLine(report.shard)] : [])]);
  return checkExitCode(report);
}

/** What a shard covered: `shard 2/3: 95 of 286 checks`. */
export function shardLine(s: ShardRun): string {
  return `shard ${s.index}/${s.count}: ${s.checks.toLocaleString('en-US')} of ${s.total.toLocaleString('en-US')} checks${s.count > 1 ? ` (the ${s.count} shards together run each check once)` : ''}`;
}

/** `vpcsim check`. */
export const runCheck = (ctx: CommandContext): Promise<number> => runBoth(ctx, false);
/** `vpcsim validate`. */
export const runValidate = (ctx: CommandContext): Promise<number> => runBoth(ctx, true);
