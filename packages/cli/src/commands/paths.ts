// `vpcsim paths`: privilege-escalation paths from a principal to a principal or to any
// administrator, step by step, each request with the statement that allows it.
import { flag, required, str, type CommandContext } from '../command-context.js';
import { CliError } from '../errors.js';
import { loadModel } from '../load.js';
import { analysis, reportErrors } from './access-common.js';

/** `vpcsim paths`. */
export async function run(ctx: CommandContext): Promise<number> {
  const file = ctx.positionals[0]!;
  const from = required(ctx, 'from');
  const to = str(ctx, 'to');
  const toAdmin = flag(ctx, 'to-admin');
  if ((to === undefined) === !toAdmin) throw new CliError('paths: give `--to PRINCIPAL` or `--to-admin`', 2, `usage: ${ctx.spec.usage}`);
  const model = await loadModel(file);
  const a = await analysis();
  const r = a.escalationPaths(model, { from, to: toAdmin ? 'admin' : to! });
  const bad = await reportErrors(ctx, r.errors, file);
  if (bad !== undefined) return bad;
  if (flag(ctx, 'json')) ctx.io.out(`${JSON.stringify(r, null, 2)}\n`);
  else ctx.io.out(`${(await import('../output/access-text.js')).formatPaths(r, ctx.style)}\n`);
  return r.paths.length > 0 ? 0 : 1;
}
