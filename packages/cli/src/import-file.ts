// `vpcsim import FILE`: a Terraform plan or state (`terraform show -json`) or a CloudFormation
// template, told apart by content, imported by @vpcsim/import-iac.
import { readFile } from 'node:fs/promises';
import type { CommandContext } from './command-context.js';
import type { ImportOutcome } from './commands/import.js';
import { loadIac, loadImport } from './engines.js';
import { CliError } from './errors.js';
import { describeFsError } from './load.js';

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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read \`${file}\`: ${describeFsError(e)}`, 2, undefined, file, 'unreadable-file');
  }
  const r = (await loadIac()).importIac(text, file, { parameters: params });
  if (!r.scenario) {
    const first = r.diagnostics.find((d) => d.severity === 'error');
    if (first && r.diagnostics.length === 1) throw new CliError(first.message, 2, first.hint, file, first.code);
    return { yaml: '', diagnostics: r.diagnostics };
  }
  const what = r.kind === 'terraform' ? 'a Terraform plan or state' : 'a CloudFormation template';
  const header = ` vpcsim scenario imported from ${what} (${file})\n written by \`vpcsim import\`; see docs/import-iac.md. Ids are AWS ids where known, else ${r.kind === 'terraform' ? 'Terraform addresses' : 'logical ids'}.`;
  return { yaml: (await loadImport()).scenarioToYaml(r.scenario, header), diagnostics: r.diagnostics };
}
