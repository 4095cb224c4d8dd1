// `vpcsim reach <scenario>`: everything that gets from the sources to the destinations, over
// every packet, in the fewest lines; `--explain N` traces line N's simplest packet hop by hop.
import { CliError } from '../errors.js';
import { formatOf, int, portRange, str, type CommandContext } from '../command-context.js';
import { loadNet } from '../engines.js';
import { jobCount, jobsFlag, runShared, sharesOf } from '../jobs.js';
import { loadModel } from '../load.js';
import { cliDiagnostics } from '../hints.js';
import { printableDeep } from '../output/printable.js';
import { writeJson } from '../output/write.js';

const list = (ctx: CommandContext, name: string): string[] | undefined => {
  const v = ctx.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : undefined;
};


/** `vpcsim reach`. */
export async function run(ctx: CommandContext): Promise<number> {
  const file = ctx.positionals[0]!;
  const jobs = jobsFlag(ctx);
  const format = formatOf(ctx, ['text', 'json'] as const);
  const srcPorts = portRange(ctx, 'src-ports');
  const ports = portRange(ctx, 'port');
  const maxNodes = int(ctx, 'max-nodes', 10, 100_000_000);
  const explain = int(ctx, 'explain', 1, 1_000_000, 'give the number of a line (the text output numbers them)');
  const model = await loadModel(file);
  const { reachQuery, reachSources, mergeReach } = await import('@vpcsim/analysis');
  const query = {
    from: list(ctx, 'from'),
    to: list(ctx, 'to'),
    protocol: str(ctx, 'protocol'),
    ...(ports ? { ports: ports[0] === ports[1] ? String(ports[0]) : `${ports[0]}-${ports[1]}` } : {}),
    ...(srcPorts ? { srcPorts: [srcPorts] } : {}),
    ...(maxNodes !== undefined ? { maxNodes } : {}),
  };
  // the sources in shares, one per thread (jobs.ts); merged, the answer of one thread
  // (how many sources there are is asked only with --jobs: it caps the threads)
  const n = jobs === undefined ? 1 : jobCount(jobs, reachSources(model, query));
  const r = n === 1 ? reachQuery(model, query) : mergeReach(await runShared(sharesOf(n).map((share) => ({ kind: 'reach' as const, file, query, share })), async () => model));
  // a question that names nothing, or a limit that stopped the walk: an error, never a short list
  const bad = r.errors.filter((e) => e.severity === 'error');
  if (bad.length > 0 && r.lines.length === 0 && !r.complete && r.stats.pairs === 0) {
    const flagOf = (path: readonly (string | number)[]): string => (path[0] === 'from' ? '--from' : path[0] === 'to' ? '--to' : path[0] === 'protocol' ? '--protocol' : path[0] === 'port' ? '--port' : '');
    throw new CliError(bad.map((e) => `${flagOf(e.path) ? `\`${flagOf(e.path)}\`: ` : ''}${e.message}`).join('\n'), 2, bad[0]!.hint ?? `see \`vpcsim reach --help\``);
  }
  let explained: { flow: unknown; trace: unknown } | undefined;
  if (explain !== undefined) {
    if (explain > r.lines.length) throw new CliError(`\`--explain ${explain}\`: there ${r.lines.length === 1 ? 'is 1 line' : `are ${r.lines.length} lines`}`, 2, r.lines.length > 0 ? `give a line number from 1 to ${r.lines.length}` : 'nothing is reachable: there is no line to explain');
    const flow = r.witnesses[explain - 1]!;
    const net = await loadNet();
    const raw = net.trace(model, flow);
    explained = { flow, trace: { ...raw, errors: cliDiagnostics(raw.errors, model, file) } };
  }
  if (format === 'json') writeJson(ctx.io, { lines: r.lines, complete: r.complete, stats: r.stats, errors: r.errors, ...(explained ? { explain: explained } : {}) });
  else {
    const text = await import('../output/text.js');
    ctx.io.out(`${text.formatReach(printableDeep({ lines: r.lines, complete: r.complete, stats: r.stats, errors: r.errors }), file, ctx.style)}\n`);
    if (explained) ctx.io.out(`\n${text.formatTraceText(printableDeep(explained.trace) as never, printableDeep(explained.flow) as never, ctx.style)}\n`);
  }
  if (!r.complete) {
    for (const e of bad) ctx.io.err(`vpcsim reach: ${e.message}${e.hint ? ` — hint: ${e.hint}` : ''}`);
    return 2;
  }
  return r.lines.length > 0 ? 0 : 1;
}
