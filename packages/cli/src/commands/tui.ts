// `vpcsim tui [scenario]` and `vpcsim start` (what `npm start` runs).
import type { CommandContext } from '../command-context.js';
import { CliError } from '../errors.js';
import { assertScenarioFile } from '../load.js';
import { defaultScenario } from '../version.js';

/**
 * Opens the terminal UI (the caller has checked that stdin and stdout are terminals). ink draws
 * only the last frame when `CI` or `CONTINUOUS_INTEGRATION` is set (is-in-ci, read once when
 * ink is first imported); someone is there to see the UI, so the flags are cleared before ink
 * loads, or the screen would stay blank until `q`.
 */
async function openTui(file: string): Promise<number> {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const { runTui } = await import('../tui/run.js');
  return runTui(file);
}

/** `vpcsim tui`. */
export async function run(ctx: CommandContext): Promise<number> {
  const file = ctx.positionals[0] ?? defaultScenario();
  // a missing file is the first thing to say, before anything about the terminal
  await assertScenarioFile(file);
  if (!ctx.io.stdinIsTTY || !ctx.io.stdoutIsTTY) throw new CliError('the terminal UI needs an interactive terminal (stdin and stdout)', 2, `for scripts use \`vpcsim trace\`, \`vpcsim can\` or \`vpcsim check\``);
  return openTui(file);
}

/** `vpcsim start`: the UI on a terminal; otherwise a check report and a sample trace. */
export async function runStart(ctx: CommandContext): Promise<number> {
  const { io, style: s } = ctx;
  const file = defaultScenario();
  if (io.stdoutIsTTY && io.stdinIsTTY) return openTui(file);
  const { checkCommand, checkExitCode } = await import('./check.js');
  const { formatCheckText, formatTraceText } = await import('../output/text.js');
  const { printableDeep } = await import('../output/printable.js');
  const report = await checkCommand([file]);
  io.out(`${formatCheckText(printableDeep(report), s, false)}\n`);
  const { loadFile } = await import('../load.js');
  const loaded = await loadFile(file);
  const sample = loaded.ok ? loaded.model.scenario.expect?.find((e) => e.trace)?.trace : undefined;
  if (loaded.ok && sample) {
    const { loadNet } = await import('../engines.js');
    const trace = printableDeep((await loadNet()).trace(loaded.model, sample));
    io.out(`\nsample trace (vpcsim trace ${file} --from ${sample.from} --to ${sample.to}${sample.port !== undefined ? ` --port ${sample.port}` : ''}):\n\n${formatTraceText(trace, sample, s)}\n`);
  }
  io.out(`\nOn a terminal, \`npm start\` opens the UI (\`vpcsim tui\`).\n`);
  return checkExitCode(report);
}
