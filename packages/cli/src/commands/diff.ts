// `vpcsim diff <before> <after>`: every flow and request whose outcome changed (text, JSON, or
// Markdown for a pull-request comment).
import type { Model } from '@vpcsim/model';
import { formatOf, int, portRange, type CommandContext } from '../command-context.js';
import { loadNet } from '../engines.js';
import { CliError } from '../errors.js';
import { cliDiagnostics } from '../hints.js';
import { jobsFlag, runShared, sharesOf, startWorkers } from '../jobs.js';
import { loadModel } from '../load.js';
import { printableDeep } from '../output/printable.js';
import { writeJson } from '../output/write.js';


/** `vpcsim diff`. */
export async function run(ctx: CommandContext): Promise<number> {
  const jobs = jobsFlag(ctx);
  const srcPorts = portRange(ctx, 'src-ports');
  const maxNodes = int(ctx, 'max-nodes', 10, 100_000_000);
  const explain = int(ctx, 'explain', 1, 1_000_000, 'give the number of a network change (the text output numbers them)');
  const options = { ...(srcPorts ? { srcPorts: [srcPorts] } : {}), ...(maxNodes !== undefined ? { maxNodes } : {}) };
  // the network's sources in shares, one per thread (jobs.ts); merged, the diff of one thread
  const [b, a] = [ctx.positionals[0]!, ctx.positionals[1]!];
  const shares = (n: number) => sharesOf(n).map((share) => ({ kind: 'diff' as const, before: b, after: a, options, share }));
  // `--jobs N`: the workers start at once and load both versions while this thread does
  const crew = jobs !== undefined && jobs > 1 ? startWorkers(shares(jobs)) : undefined;
  let before: Model, after: Model;
  try {
    [before, after] = await Promise.all([loadModel(b), loadModel(a)]);
  } catch (e) {
    await crew?.stop();
    throw e;
  }
  const { diffScenarios, mergeNetworkDiff } = await import('@vpcsim/analysis');
  // `--jobs N` (N > 1) started its workers above; otherwise one thread
  const n = crew ? jobs! : 1;
  const network = n === 1 ? undefined : mergeNetworkDiff(await runShared(shares(n), async (f) => (f === b ? before : after), {}, crew));
  const d = diffScenarios(before, after, { ...options, ...(network ? { network } : {}) });
  const format = formatOf(ctx, ['text', 'json', 'markdown'] as const);
  // `--explain N`: change N's example packet traced in each version
  let explained: { flow: unknown; before: unknown; after: unknown } | undefined;
  if (explain !== undefined) {
    if (format === 'markdown') throw new CliError('`--explain` prints traces as text or JSON, not in a Markdown comment', 2, 'leave out `--format markdown`, or `--explain`');
    const nc = d.network.changed.length;
    if (explain > nc) throw new CliError(`\`--explain ${explain}\`: there ${nc === 1 ? 'is 1 network change' : `are ${nc} network changes`}`, 2, nc > 0 ? `give a change number from 1 to ${nc}` : 'no flow changed: there is no change to explain');
    const flow = d.network.changed[explain - 1]!.example;
    const net = await loadNet();
    const traced = (m: Model, file: string): unknown => {
      const t = net.trace(m, flow);
      return { ...t, errors: cliDiagnostics(t.errors, m, file) };
    };
    explained = { flow, before: traced(before, b), after: traced(after, a) };
  }
  if (format === 'json') writeJson(ctx.io, explained ? { ...d, explain: explained } : d);
  else if (format === 'markdown') ctx.io.out((await import('../output/markdown.js')).formatDiffMarkdown(printableDeep(d), ctx.positionals[0]!, ctx.positionals[1]!));
  else {
    const [b, a] = printableDeep([ctx.positionals[0]!, ctx.positionals[1]!]);
    const text = await import('../output/text.js');
    ctx.io.out(`${text.formatDiff(printableDeep(d), b!, a!, ctx.style)}\n`);
    if (explained) {
      for (const [side, file] of [['before', b!], ['after', a!]] as const) {
        ctx.io.out(`\n${ctx.style.bold(`${side} (${file})`)}\n${text.formatTraceText(printableDeep(explained[side]) as never, printableDeep(explained.flow) as never, ctx.style)}\n`);
      }
    }
  }
  // a limit stopped the comparison: what is listed is not all, so neither 0 nor 1 is true
  if (d.errors.some((e) => e.severity === 'error')) {
    for (const e of d.errors) if (e.severity === 'error') ctx.io.err(`vpcsim diff: ${e.message}${e.hint ? ` — hint: ${e.hint}` : ''}`);
    return 2;
  }
  return d.network.changed.length + d.iam.changed.length + d.requestsFromInstances.changed.length > 0 ? 1 : 0;
}
