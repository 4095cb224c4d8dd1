// The one entry point: file text in, scenario and diagnostics out. The text is parsed as JSON
// (Terraform, CloudFormation JSON) or YAML with CloudFormation's short-form tags, the kind is
// detected by content, and the matching importer runs. Never throws: every problem is a
// diagnostic with the file, and the line where known.
import { parseScenarioText, type Diagnostic } from '@vpcsim/model';
import { detect, refusal, type InputKind } from './detect.js';
import { importTemplate } from './cloudformation/import.js';
import { parseTemplateText } from './cloudformation/yaml.js';
import { importTerraform } from './terraform/import.js';

/** Options of importIac. */
export interface IacOptions {
  /** CloudFormation parameter values (`--parameter Name=Value`), pseudo-parameters (`AWS::AccountId`) included. */
  readonly parameters?: Readonly<Record<string, string>> | undefined;
}

/** The outcome: what the input was, the scenario (when it was importable) and the diagnostics. */
export interface IacImport {
  readonly kind: InputKind;
  readonly scenario: Record<string, unknown> | undefined;
  readonly diagnostics: Diagnostic[];
}

const err = (file: string, code: string, message: string, hint?: string, line?: number): Diagnostic => ({ code, severity: 'error', path: [], message, file, ...(hint ? { hint } : {}), ...(line !== undefined ? { line } : {}) });

/** Imports the text of a Terraform JSON document or a CloudFormation template. */
export function importIac(text: string, file: string, options: IacOptions = {}): IacImport {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  let json = false;
  try {
    value = JSON.parse(body);
    json = true;
  } catch {
    // YAML (CloudFormation), or JSON with a syntax error reported below
  }
  try {
    if (json) {
      const kind = detect(value);
      const no = refusal(kind, file);
      if (no) return { kind, scenario: undefined, diagnostics: [err(file, `not-${kind === 'unknown' ? 'importable' : kind}`, no.message, no.hint)] };
      // positions are parsed only when a diagnostic needs a line
      let located: ReturnType<typeof parseScenarioText> | undefined;
      const lineOf = (path: readonly (string | number)[]): number | undefined => (located ??= parseScenarioText(body, file.endsWith('.json') ? file : `${file}.json`)).locate(path)?.line;
      if (kind === 'terraform') {
        const r = importTerraform(value as Record<string, unknown>, file, { lineOf });
        if (Object.keys(options.parameters ?? {}).length) r.diagnostics.push({ code: 'unused-parameter', severity: 'warning', path: [], file, message: '`--parameter` sets CloudFormation template parameters: ignored for a Terraform document', hint: 'Terraform variables are already evaluated in the plan' });
        return { kind, ...r };
      }
      const r = importTemplate(value as Record<string, unknown>, file, { lineOf, parameters: options.parameters });
      return { kind: 'cloudformation', ...r };
    }
    const parsed = parseTemplateText(body);
    if (parsed.errors.length) {
      const looksJson = /^\s*[{[]/.test(body);
      return { kind: 'unknown', scenario: undefined, diagnostics: parsed.errors.map((e) => err(file, 'syntax', `${looksJson ? 'invalid JSON' : 'cannot parse the YAML'}: ${e.message}`, looksJson ? 'check for a missing or extra comma, bracket or brace near here' : 'check the YAML syntax near here', e.line)) };
    }
    const kind = detect(parsed.value);
    const no = refusal(kind, file);
    if (no) return { kind, scenario: undefined, diagnostics: [err(file, `not-${kind === 'unknown' ? 'importable' : kind}`, no.message, no.hint)] };
    if (kind === 'terraform') return { kind, ...importTerraform(parsed.value as Record<string, unknown>, file, { lineOf: parsed.lineOf }) };
    return { kind: 'cloudformation', ...importTemplate(parsed.value as Record<string, unknown>, file, { lineOf: parsed.lineOf, parameters: options.parameters }) };
  } catch (e) {
    return { kind: 'unknown', scenario: undefined, diagnostics: [err(file, 'internal', `internal error while importing: ${String((e as Error)?.message ?? e)}`, 'this is a vpcsim bug: please report it with the input')] };
  }
}
