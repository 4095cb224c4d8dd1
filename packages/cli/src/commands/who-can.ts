// `vpcsim who-can`: every principal allowed an action on a resource (or, with --principal,
// everything one principal may do), grouped to read in a few lines.
import { flag, str, type CommandContext } from '../command-context.js';
import { CliError } from '../errors.js';
import { loadModel } from '../load.js';
import { analysis, contextFlags, reportErrors } from './access-common.js';

/** `vpcsim who-can`. */
export async function run(ctx: CommandContext): Promise<number> {
  const file = ctx.positionals[0]!;
  const action = str(ctx, 'action');
  const principal = str(ctx, 'principal');
  if ((action === undefined) === (principal === undefined))
    throw new CliError('who-can: give `--action` (who can do it) or `--principal` (what it can do)', 2, `usage: ${ctx.spec.usage}`);
  const model = await loadModel(file);
  const a = await analysis();
  const text = await import('../output/access-text.js');
  const resource = str(ctx, 'resource');
  const context = contextFlags(ctx);
  if (principal !== undefined) {
    if (str(ctx, 'from') !== undefined) throw new CliError('who-can: `--from` goes with `--action` (who can, from that instance)', 2, `usage: ${ctx.spec.usage}`);
    const r = a.whatCan(model, { principal, resource, context });
    const bad = await reportErrors(ctx, r.errors, file);
    if (bad !== undefined) return bad;
    ctx.io.out(flag(ctx, 'json') ? `${JSON.stringify(r, null, 2)}\n` : `${text.formatWhatCan(r, ctx.style)}\n`);
    return 0;
  }
  const r = a.whoCan(model, { action: action!, resource, from: str(ctx, 'from'), context });
  const bad = await reportErrors(ctx, r.errors, file);
  if (bad !== undefined) return bad;
  ctx.io.out(flag(ctx, 'json') ? `${JSON.stringify(text.whoCanJson(r), null, 2)}\n` : `${text.formatWhoCan(r, ctx.style)}\n`);
  return 0;
}
