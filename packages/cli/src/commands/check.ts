// `vpcsim check` and `vpcsim validate`: load every scenario, run its expectations and properties.
import { pushAll, type Diagnostic } from '@vpcsim/model';
import { flag, int, type CommandContext } from '../command-context.js';
import type { CheckResultLike } from '../engine-types.js';
import { loadAnalysis } from '../engines.js';
import { CliError } from '../errors.js';
import { inFile } from '../hints.js';
import { loadFile, scenarioFiles } from '../load.js';
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
  readonly results: readonly CheckResultLike[];
}

/** The outcome of a check over files and directories. */
export interface CheckReport {
  readonly scenarios: readonly ScenarioReport[];
  /** Arguments that could not be read (a missing file, a folder without scenarios): the rest is still checked. */
  readonly unreadable: readonly Diagnostic[];
}

/** Options of `vpcsim check`. */
export interface CheckCommandOptions {
  readonly seed?: number | undefined;
  readonly runs?: number | undefined;
  /** `vpcsim validate`: load only, run nothing. */
  readonly validateOnly?: boolean | undefined;
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
  const scenarios: ScenarioReport[] = [];
  for (const file of files) {
    let r;
    try {
      r = await loadFile(file);
    } catch (e) {
      // a file that cannot be read (a FIFO, /dev/zero, a broken link) is reported; the others are still checked
      if (!(e instanceof CliError)) throw e;
      unreadable.push(problem(e, file));
      continue;
    }
    if (!r.ok) {
      scenarios.push({ file, valid: false, errors: r.errors, warnings: r.warnings, results: [] });
      continue;
    }
    // the engines never read files: their diagnostics name the scenario's file here
    const results = (analysis ? analysis.checkScenario(r.model, { seed: options.seed, runs: options.runs }) : []).map((x) => (x.errors.length ? { ...x, errors: inFile(x.errors, file) } : x));
    scenarios.push({ file, valid: true, errors: [], warnings: r.warnings, results });
  }
  return { scenarios, unreadable };
}

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

async function runBoth(ctx: CommandContext, validateOnly: boolean): Promise<number> {
  const report = await checkCommand(ctx.positionals, { validateOnly, seed: int(ctx, 'seed', 0, 2 ** 31 - 1), runs: int(ctx, 'runs', 1, MAX_RUNS, `at most ${MAX_RUNS.toLocaleString('en-US')} runs per property: more rarely find more, while another \`--seed\` tries other cases`) });
  // an argument that cannot be read is reported like any error; the others are still checked
  const es = ctx.errStyle;
  for (const d of report.unreadable) ctx.io.err(`${es.red('vpcsim:')} ${escapeControls(d.message)}${d.hint ? `\n  hint: ${escapeControls(d.hint)}` : ''}\n`);
  if (flag(ctx, 'json')) {
    const { checkJson } = await import('../output/json.js');
    writeJson(ctx.io, checkJson(report));
  } else if (report.scenarios.length > 0) writeLines(ctx.io, (await import('../output/text.js')).formatCheckLines(printableDeep(report), ctx.style, validateOnly));
  return checkExitCode(report);
}

/** `vpcsim check`. */
export const runCheck = (ctx: CommandContext): Promise<number> => runBoth(ctx, false);
/** `vpcsim validate`. */
export const runValidate = (ctx: CommandContext): Promise<number> => runBoth(ctx, true);
