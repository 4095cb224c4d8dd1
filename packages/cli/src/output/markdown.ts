// `diff --format markdown`: the changes as a pull-request comment (GitHub-flavoured Markdown):
// a summary line, then a table of the flows and one of the requests whose outcome changed.
// The first line is an HTML comment a workflow can search for to update its earlier comment.
import type { DiffResult, FlowSide } from '@vpcsim/analysis';
import { sourcesText } from './text.js';

/** A table cell: pipes and newlines escaped, code spans for ids. */
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (s: string): string => `\`${s.replace(/`/g, "'")}\``;
const side = (x: FlowSide): string => (x.reachable ? `reachable (${x.disposition}${x.via ? ` via ${x.via}` : ''})` : `unreachable (${x.disposition}${x.blockedBy ? ` at ${code(x.blockedBy)}` : ''})`);
const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** Rows shown per table at most: a comment stays readable; the JSON output has them all. */
const MAX_ROWS = 100;

/** The diff as a Markdown comment, ending with a newline. */
export function formatDiffMarkdown(d: DiffResult, before: string, after: string): string {
  const net = d.network.changed;
  const iam = d.iam.changed;
  const opens = net.filter((c) => !c.before.reachable && c.after.reachable).length + iam.filter((c) => c.after.decision === 'allowed').length;
  const closes = net.filter((c) => c.before.reachable && !c.after.reachable).length + iam.filter((c) => c.before.decision === 'allowed').length;
  const out: string[] = ['<!-- vpcsim-diff -->', `### vpcsim diff: ${code(before)} → ${code(after)}`, ''];
  const n = net.length + iam.length;
  // the rest change how (another reason, other targets) without opening or closing
  const other = Math.max(0, n - opens - closes);
  out.push(n === 0 ? '**No change** in what can reach what or who may do what.' : `**${plural(n, 'change')}**: 🔓 ${opens} opened, 🔒 ${closes} closed${other > 0 ? `, ~ ${other} changed how` : ''}.`);
  out.push('', `Network: ${d.network.stats.scope}. IAM: ${plural(d.iam.compared, 'request')} compared.`);
  if (net.length > 0) {
    out.push('', '#### Network', '', '| | from | to | traffic | before | after |', '|---|---|---|---|---|---|');
    for (const c of net.slice(0, MAX_ROWS)) {
      const mark = !c.before.reachable && c.after.reachable ? '🔓' : c.before.reachable && !c.after.reachable ? '🔒' : '~';
      const traffic = `${c.protocol}${c.ports ? ` ${c.ports}` : ''}${c.icmp ? ` ${c.icmp}` : ''}${c.srcPorts ? ` from source ports ${c.srcPorts}` : ''}`;
      const to = `${code(c.to)}${c.toAddresses && c.toAddresses !== c.to ? ` (${c.toAddresses})` : ''}`;
      out.push(`| ${mark} | ${cell(sourcesText(c.from.map(code)))} | ${cell(to)} | ${cell(traffic)} | ${cell(side(c.before))} | ${cell(side(c.after))} |`);
    }
    if (net.length > MAX_ROWS) out.push('', `… and ${plural(net.length - MAX_ROWS, 'more flow')} (\`vpcsim diff --json\` lists them all).`);
  }
  if (iam.length > 0) {
    out.push('', '#### IAM', '', '| | principal | action | resource | before | after | decided by |', '|---|---|---|---|---|---|---|');
    for (const c of iam.slice(0, MAX_ROWS)) {
      const by = c.after.decisive.length ? c.after.decisive : c.before.decisive;
      out.push(`| ${c.after.decision === 'allowed' ? '🔓' : '🔒'} | ${cell(code(c.principal))} | ${cell(code(c.action))} | ${cell(c.resource ? code(c.resource) : '')} | ${c.before.decision} | ${c.after.decision} | ${cell(by.join(', '))} |`);
    }
    if (iam.length > MAX_ROWS) out.push('', `… and ${plural(iam.length - MAX_ROWS, 'more request')} (\`vpcsim diff --json\` lists them all).`);
  }
  if (!d.network.complete || d.iam.truncated) out.push('', '> ⚠️ The comparison stopped at a limit: the lists above are not exhaustive.');
  if (d.errors.length > 0) out.push('', '#### Errors', '', ...d.errors.map((e) => `- ${cell(e.message)}${e.hint ? ` (hint: ${cell(e.hint)})` : ''}`));
  return `${out.join('\n')}\n`;
}
