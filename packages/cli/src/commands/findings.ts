// `vpcsim findings`: external access findings, as IAM Access Analyzer makes them: which
// resources are public or shared outside the account or organization, and through which
// statement.
import { flag, str, type CommandContext } from '../command-context.js';
import { CliError } from '../errors.js';
import { loadModel } from '../load.js';
import { analysis, reportErrors } from './access-common.js';

/** `vpcsim findings`. */
export async function run(ctx: CommandContext): Promise<number> {
  const file = ctx.positionals[0]!;
  const trust = str(ctx, 'trust');
  if (trust !== undefined && trust !== 'account' && trust !== 'organization') throw new CliError(`findings: \`--trust ${trust}\` is not \`account\` or \`organization\``, 2, `usage: ${ctx.spec.usage}`);
  const sels = ctx.values['resource'];
  const model = await loadModel(file);
  const a = await analysis();
  const r = a.findings(model, { trust, resources: Array.isArray(sels) && sels.length > 0 ? sels : undefined });
  const bad = await reportErrors(ctx, r.errors, file);
  if (bad !== undefined) return bad;
  if (flag(ctx, 'json')) ctx.io.out(`${JSON.stringify(r, null, 2)}\n`);
  else ctx.io.out(`${(await import('../output/access-text.js')).formatFindings(r, ctx.style)}\n`);
  return r.findings > 0 ? 1 : 0;
}
