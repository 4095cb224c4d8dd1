// `vpcsim import FILE`: a Terraform plan or state (`terraform show -json`) or a CloudFormation
// template, told apart by content, imported by @vpcsim/import-iac.
import { readTextFile } from '@vpcsim/model';
import type { CommandContext } from './command-context.js';
import type { ImportOutcome } from './commands/import.js';
import { loadIac, loadImport } from './engines.js';
import { CliError } from './errors.js';

/** `--parameter Name=Value`, repeatable, as a map; a malformed one is a usage error. */
export function parameters(ctx: CommandContext): Record<string, string> {
  const raw = ctx.values['parameter'];
  const out: Record<string, string> = {};
  for (const p of Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new CliError(`\`--parameter ${p}\` is not \`Name=Value\``, 2, 'e.g. `--parameter VpcCidr=10.0.0.0/16`');
    out[p.slice(0, eq)] = p.slice(eq + 1);
  }
  return out;
}

/** Imports one Terraform or CloudFormation file. */
export async function importFile(file: string, params: Readonly<Record<string, string>>): Promise<ImportOutcome> {
  // a regular file only, capped while read, UTF-8 (never blocks on a FIFO)
  const read = readTextFile(file, { what: 'Terraform or CloudFormation file' });
  if (!read.ok) throw new CliError(read.error.message, 2, read.error.hint, file, read.error.code);
  const text = read.text;
  const r = (await loadIac()).importIac(text, file, { parameters: params });
  if (!r.scenario) {
    const first = r.diagnostics.find((d) => d.severity === 'error');
    if (first && r.diagnostics.length === 1) throw new CliError(first.message, 2, first.hint, file, first.code);
    return { yaml: '', diagnostics: r.diagnostics };
  }
  const what = r.kind === 'terraform' ? 'a Terraform plan or state' : 'a CloudFormation template';
  const header = ` vpcsim scenario imported from ${what} (${file})\n written by \`vpcsim import\`; see docs/import-iac.md. Ids are AWS ids where known, else ${r.kind === 'terraform' ? 'Terraform addresses' : 'logical ids'}.`;
  return { yaml: (await loadImport()).scenarioToYaml(r.scenario, undefined, header), diagnostics: r.diagnostics };
}
