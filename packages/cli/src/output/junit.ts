// `check --format junit`: JUnit XML (the Ant/Surefire dialect CI systems read): one test suite
// per scenario file, one test case per expectation and property; a failure carries what was
// expected and found, an error what kept a check from a verdict or a file from validating.
// https://github.com/testmoapp/junitxml (the de-facto schema)
import type { CheckReport, ScenarioReport } from '../commands/check.js';
import { diagnosticMessage, failureMessage } from './ci.js';

/** Text escaped for an XML attribute or element. */
function xml(s: string): string {
  // characters XML 1.0 does not allow at all are dropped
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
}

function suite(s: ScenarioReport, validateOnly: boolean): { text: string; counts: Counts } {
  const cases: string[] = [];
  const counts: Counts = { tests: 0, failures: 0, errors: 0 };
  const classname = xml(s.file.replace(/\.(ya?ml|json)$/i, '').split(/[\\/]/).join('.'));
  if (!s.valid || validateOnly) {
    counts.tests++;
    const body = s.errors.map((d) => `${d.file ?? s.file}${d.line !== undefined ? `:${d.line}` : ''} ${diagnosticMessage(d)}`).join('\n');
    if (!s.valid) counts.errors++;
    cases.push(`    <testcase name="the scenario validates" classname="${classname}" file="${xml(s.file)}">${s.valid ? '' : `\n      <error message="${xml(`${s.errors.length} error${s.errors.length === 1 ? '' : 's'}: ${s.errors[0] ? diagnosticMessage(s.errors[0]) : 'invalid'}`)}" type="invalid-scenario">${xml(body)}</error>\n    `}</testcase>`);
  }
  for (const r of s.results) {
    counts.tests++;
    const head = `    <testcase name="${xml(r.name)}" classname="${classname}.${r.kind === 'expect' ? 'expect' : 'properties'}" file="${xml(s.file)}"${r.line !== undefined ? ` line="${r.line}"` : ''}`;
    if (r.passed) {
      cases.push(`${head}/>`);
      continue;
    }
    const msg = failureMessage(r);
    const detail = [msg, ...(r.related ?? []).map((x) => `${s.file}${x.line !== undefined ? `:${x.line}` : ''} ${x.message}`)].join('\n');
    // a check the engine could not judge is an error; a verdict that differs is a failure
    const el = r.errors.length > 0 ? 'error' : 'failure';
    if (el === 'error') counts.errors++;
    else counts.failures++;
    cases.push(`${head}>\n      <${el} message="${xml(msg)}" type="${r.kind === 'expect' ? 'expectation' : 'property'}">${xml(detail)}</${el}>\n    </testcase>`);
  }
  return { text: `  <testsuite name="${xml(s.file)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="0">\n${cases.join('\n')}\n  </testsuite>`, counts };
}

/** The JUnit XML document of a check. */
export function checkJunit(report: CheckReport, validateOnly: boolean): string {
  const total: Counts = { tests: 0, failures: 0, errors: 0 };
  const suites: string[] = [];
  for (const s of report.scenarios) {
    const x = suite(s, validateOnly);
    suites.push(x.text);
    total.tests += x.counts.tests;
    total.failures += x.counts.failures;
    total.errors += x.counts.errors;
  }
  for (const d of report.unreadable) {
    total.tests++;
    total.errors++;
    suites.push(`  <testsuite name="${xml(d.file ?? '')}" tests="1" failures="0" errors="1" skipped="0">\n    <testcase name="the file can be read" classname="unreadable" file="${xml(d.file ?? '')}">\n      <error message="${xml(d.message)}" type="unreadable-file">${xml(d.hint ?? '')}</error>\n    </testcase>\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="vpcsim check${report.shard ? ` (shard ${report.shard.index}/${report.shard.count})` : ''}" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}
