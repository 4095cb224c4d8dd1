// `vpcsim diff <before> <after>`: every flow and request whose outcome changed (text, JSON, or
// Markdown for a pull-request comment).
import { formatOf, type CommandContext } from '../command-context.js';
import { loadModel } from '../load.js';

/** `vpcsim diff`. */
export async function run(ctx: CommandContext): Promise<number> {
  const [before, after] = await Promise.all([loadModel(ctx.positionals[0]!), loadModel(ctx.positionals[1]!)]);
  const { diffScenarios } = await import('@vpcsim/analysis');
  const d = diffScenarios(before, after);
  const format = formatOf(ctx, ['text', 'json', 'markdown'] as const);
  if (format === 'json') ctx.io.out(`${JSON.stringify(d, null, 2)}\n`);
  else if (format === 'markdown') ctx.io.out((await import('../output/markdown.js')).formatDiffMarkdown(d, ctx.positionals[0]!, ctx.positionals[1]!));
  else ctx.io.out(`${(await import('../output/text.js')).formatDiff(d, ctx.positionals[0]!, ctx.positionals[1]!, ctx.style)}\n`);
  return d.network.changed.length + d.iam.changed.length > 0 ? 1 : 0;
}
