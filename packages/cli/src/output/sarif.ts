// `check --format sarif`: SARIF 2.1.0 for code scanning (GitHub, GitLab, Azure DevOps). One
// result per failing expectation or property, located at its entry in the scenario, with related
// locations at the rules or statements that decided it; one per file-level error and warning.
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
import type { Diagnostic } from '@vpcsim/model';
import type { CheckReport } from '../commands/check.js';
import { version } from '../version.js';
import { diagnosticMessage, failureMessage } from './ci.js';

const RULES = [
  { id: 'vpcsim/expectation', name: 'ExpectationFails', shortDescription: { text: 'an `expect` entry of the scenario does not hold' }, defaultConfiguration: { level: 'error' } },
  { id: 'vpcsim/property', name: 'PropertyFails', shortDescription: { text: 'a property of the scenario has a counterexample' }, defaultConfiguration: { level: 'error' } },
  { id: 'vpcsim/invalid-scenario', name: 'InvalidScenario', shortDescription: { text: 'the scenario file does not validate' }, defaultConfiguration: { level: 'error' } },
  { id: 'vpcsim/scenario-warning', name: 'ScenarioWarning', shortDescription: { text: 'the scenario validates with a warning' }, defaultConfiguration: { level: 'warning' } },
] as const;

/** A file path as a SARIF URI reference (relative, `/`-separated, percent-encoded). */
const uri = (file: string): string => encodeURI(file.split('\\').join('/'));

function location(file: string, line: number | undefined, column?: number): Record<string, unknown> {
  return { physicalLocation: { artifactLocation: { uri: uri(file) }, ...(line !== undefined ? { region: { startLine: line, ...(column !== undefined ? { startColumn: column } : {}) } } : {}) } };
}

function diagnosticResult(d: Diagnostic, file: string): Record<string, unknown> {
  const warn = d.severity === 'warning';
  return {
    ruleId: warn ? 'vpcsim/scenario-warning' : 'vpcsim/invalid-scenario',
    ruleIndex: warn ? 3 : 2,
    level: warn ? 'warning' : 'error',
    message: { text: diagnosticMessage(d) },
    locations: [location(d.file ?? file, d.line, d.column)],
  };
}

/** The SARIF log of a check. */
export function checkSarif(report: CheckReport): Record<string, unknown> {
  const results: Record<string, unknown>[] = [];
  for (const d of report.unreadable) results.push(diagnosticResult(d, d.file ?? ''));
  for (const s of report.scenarios) {
    for (const d of [...s.errors, ...s.warnings]) results.push(diagnosticResult(d, s.file));
    for (const r of s.results) {
      if (r.passed) continue;
      const rule = r.kind === 'expect' ? 0 : 1;
      results.push({
        ruleId: RULES[rule].id,
        ruleIndex: rule,
        level: 'error',
        message: { text: failureMessage(r) },
        locations: [location(s.file, r.line, r.column)],
        ...(r.related?.length ? { relatedLocations: r.related.map((x, i) => ({ id: i + 1, ...location(s.file, x.line, x.column), message: { text: x.message } })) } : {}),
        partialFingerprints: { 'vpcsim/check/v1': `${s.file}:${r.kind}:${r.name}` },
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'vpcsim', version: version(), rules: RULES } },
        results,
        invocations: [{ executionSuccessful: true }],
        // `--shard i/n`: which share of the checks this run is (upload each shard under its own category)
        ...(report.shard ? { properties: { 'vpcsim/shard': report.shard } } : {}),
      },
    ],
  };
}
