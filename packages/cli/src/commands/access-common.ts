// What the access commands (who-can, findings, paths) share: the analysis package loaded on
// demand, `--context` pairs, and engine diagnostics reported as located errors (exit 2).
import type { Diagnostic } from '@vpcsim/model';
import type { CommandContext } from '../command-context.js';
import { CliError } from '../errors.js';
import { flagProblems, inFile } from '../hints.js';
import { escapeControls } from '../output/printable.js';
import { parseContext } from './can.js';

/** Loads @vpcsim/analysis (a clear error when the build is incomplete). */
export async function analysis(): Promise<typeof import('@vpcsim/analysis')> {
  try {
    return await import('@vpcsim/analysis');
  } catch (e) {
    throw new CliError(`@vpcsim/analysis could not be loaded: ${(e as Error).message}`, 2, 'this build of vpcsim is incomplete: run `npm run build` after updating the workspace');
  }
}

/** The repeated `--context key=value` flags, if any. */
export function contextFlags(ctx: CommandContext): Record<string, string | string[]> | undefined {
  const v = ctx.values['context'];
  return Array.isArray(v) && v.length > 0 ? parseContext(v) : undefined;
}

/**
 * Reports the errors among `ds` (file set to the scenario's path) on stderr as `trace` and `can`
 * report theirs (`vpcsim: FILE: \`--action\`: unknown action ...`, then the hint on its own
 * line), and as `{ "errors": [...] }` on stdout with `--json`. Returns 2 when there were errors,
 * else undefined.
 */
export async function reportErrors(ctx: CommandContext, ds: readonly Diagnostic[], file: string): Promise<number | undefined> {
  const errors = inFile(ds.filter((d) => d.severity === 'error'), file);
  if (errors.length === 0) return undefined;
  if (ctx.values['json'] === true) ctx.io.out(`${JSON.stringify({ errors }, null, 2)}\n`);
  for (const p of flagProblems(errors)) ctx.io.err(`${ctx.errStyle.red('vpcsim:')} ${escapeControls(p.message)}${p.hint ? `\n  hint: ${escapeControls(p.hint)}` : ''}\n`);
  return 2;
}
