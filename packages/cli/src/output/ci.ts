// Report formats for CI systems: SARIF (code scanning), JUnit XML (test reports), GitHub Actions
// workflow commands (annotations). Each reads the same located check report; the sentences
// about a result are written once, here.
import { formatDiagnostic, type Diagnostic } from '@vpcsim/model';
import type { CheckReport } from '../commands/check.js';
import type { LocatedResult } from '../locations.js';
import { inlineRecord } from '../present.js';

/** A CI format of `check` and `validate`. */
export type CiFormat = 'sarif' | 'junit' | 'github';

/** One line about a failed result: what was expected, what was found, and the counterexample. */
export function failureMessage(r: LocatedResult): string {
  const parts = [`${r.kind === 'expect' ? 'expectation' : 'property'} \`${r.name}\` fails: expected ${inlineRecord(r.expected)}; actual ${inlineRecord(r.actual)}`];
  if (r.counterexample) parts.push(`counterexample ${inlineRecord(r.counterexample)}`);
  if (r.trace?.blockedBy) parts.push(`blocked by ${r.trace.blockedBy}`);
  if (r.decision?.decisive.length) parts.push(`decided by ${r.decision.decisive.map((d) => `${d.policy} statement ${d.statement}`).join(', ')}`);
  for (const e of r.errors) parts.push(e.message);
  return parts.join('; ');
}

/** A diagnostic as one line without its file and line (the report carries them). */
export function diagnosticMessage(d: Diagnostic): string {
  return formatDiagnostic({ ...d, file: undefined, line: undefined }).replace(/^<scenario> /, '');
}

/** The report in a CI format, ending with a newline. */
export async function formatCheckCi(format: CiFormat, report: CheckReport, validateOnly: boolean): Promise<string> {
  switch (format) {
    case 'sarif': {
      const { checkSarif } = await import('./sarif.js');
      return `${JSON.stringify(checkSarif(report), null, 2)}\n`;
    }
    case 'junit':
      return (await import('./junit.js')).checkJunit(report, validateOnly);
    case 'github':
      return (await import('./github.js')).checkGithub(report);
  }
}
