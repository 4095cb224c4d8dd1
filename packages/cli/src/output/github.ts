// `check --format github`: GitHub Actions workflow commands, so a failing expectation is an
// annotation on its line of the scenario in the pull request, then a one-line summary.
// https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
import type { Diagnostic } from '@vpcsim/model';
import type { CheckReport } from '../commands/check.js';
import { diagnosticMessage, failureMessage } from './ci.js';

/** A workflow command's message: `%`, CR and LF escaped. */
const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** A workflow command's property value: also `:` and `,`. */
const prop = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

function command(level: 'error' | 'warning', file: string, line: number | undefined, title: string, message: string): string {
  return `::${level} file=${prop(file)}${line !== undefined ? `,line=${line}` : ''},title=${prop(title)}::${data(message)}`;
}

const diag = (d: Diagnostic, file: string): string =>
  command(d.severity === 'warning' ? 'warning' : 'error', d.file ?? file, d.line, d.severity === 'warning' ? 'vpcsim: warning' : 'vpcsim: invalid scenario', diagnosticMessage(d));

/** The annotations of a check and its summary line. */
export function checkGithub(report: CheckReport): string {
  const out: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const d of report.unreadable) out.push(diag(d, d.file ?? ''));
  for (const s of report.scenarios) {
    for (const d of [...s.errors, ...s.warnings]) out.push(diag(d, s.file));
    for (const r of s.results) {
      if (r.passed) {
        passed++;
        continue;
      }
      failed++;
      const related = (r.related ?? []).map((x) => `\n${s.file}${x.line !== undefined ? `:${x.line}` : ''}: ${x.message}`).join('');
      out.push(command('error', s.file, r.line, `vpcsim: ${r.kind === 'expect' ? 'expectation' : 'property'} fails: ${r.name}`, `${failureMessage(r)}${related}`));
    }
  }
  const invalid = report.scenarios.filter((s) => !s.valid).length + report.unreadable.length;
  out.push(`vpcsim check${report.shard ? ` (shard ${report.shard.index}/${report.shard.count}: ${report.shard.checks} of ${report.shard.total} checks)` : ''}: ${passed} passed, ${failed} failed${invalid ? `, ${invalid} invalid or unreadable` : ''}`);
  return `${out.join('\n')}\n`;
}
