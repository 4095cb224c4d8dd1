// `vpcsim import <dir|file>`: AWS CLI exports (describe-* JSON, IAM authorization details), or a
// Terraform plan/state or CloudFormation template file (import-file.ts), to a scenario.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { formatDiagnostic, type Diagnostic } from '@vpcsim/model';
import { str, type CommandContext } from '../command-context.js';
import { loadImport } from '../engines.js';
import { CliError } from '../errors.js';
import { describeFsError } from '../load.js';

/** The scenario as YAML, and what the importer noticed. */
export interface ImportOutcome {
  readonly yaml: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Reads every file under `dir` (recursively) into a map keyed by `/`-separated relative path. */
async function readTree(dir: string): Promise<Map<string, string>> {
  try {
    if (!(await stat(dir)).isDirectory()) throw new CliError(`\`${dir}\` is not a directory`, 2, 'pass the folder holding the AWS CLI exports');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read \`${dir}\`: ${describeFsError(e)}`);
  }
  const files = new Map<string, string>();
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) files.set(relative(dir, p).split(sep).join('/'), await readFile(p, 'utf8'));
    }
  };
  await walk(dir);
  return files;
}

/** Imports the exports under `dir`, or a Terraform or CloudFormation file (detected by content). */
export async function importCommand(dir: string, parameters: Readonly<Record<string, string>> = {}): Promise<ImportOutcome> {
  if (await isFile(dir)) return (await import('../import-file.js')).importFile(dir, parameters);
  const files = await readTree(dir);
  if (files.size === 0) throw new CliError(`\`${dir}\` holds no files`, 2, 'export with e.g. `aws ec2 describe-vpcs > vpcs.json`');
  const api = await loadImport();
  // a folder of scenarios (or anything else) would import as an empty scenario: say so instead
  if (![...files.keys()].some((p) => api.isExportFile(p))) {
    throw new CliError(`no AWS CLI export files found in \`${dir}\``, 2, 'docs/import.md lists the files the importer reads (e.g. `aws ec2 describe-vpcs > Vpcs.json`)', dir, 'no-export-files');
  }
  const { scenario, diagnostics } = api.importAws(files);
  return { yaml: api.scenarioToYaml(scenario), diagnostics };
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/** `vpcsim import`. */
export async function run(ctx: CommandContext): Promise<number> {
  const o = await importCommand(ctx.positionals[0]!, (await import('../import-file.js')).parameters(ctx));
  const s = ctx.style;
  const errors = o.diagnostics.filter((d) => d.severity === 'error');
  if (o.diagnostics.length) ctx.io.err(`${o.diagnostics.map((d) => (d.severity === 'error' ? s.red : s.yellow)(formatDiagnostic(d))).join('\n')}\n`);
  if (errors.length) throw new CliError(`import found ${errors.length} error${errors.length === 1 ? '' : 's'}; no scenario written`);
  const out = str(ctx, 'output');
  if (out) {
    await writeFile(out, o.yaml);
    ctx.io.err(`wrote ${out}\n`);
  } else ctx.io.out(o.yaml.endsWith('\n') ? o.yaml : `${o.yaml}\n`);
  return 0;
}
