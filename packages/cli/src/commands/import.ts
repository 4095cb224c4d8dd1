// `vpcsim import <dir|file>`: AWS CLI exports (describe-* JSON, IAM authorization details), or a
// Terraform plan/state or CloudFormation template file (import-file.ts), to a scenario.
// A wrong folder is refused before anything is read; what the importer noticed is summarised
// (counts by kind and the first few; `--verbose` for all); `-o` never overwrites a file without
// `--force`, never writes into the folder it reads nor over the file it reads, and writes through a temporary file, so a
// full disk leaves the old file as it was.
import { lstat, realpath, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { formatDiagnostic, type Diagnostic, pushAll } from '@vpcsim/model';
import { flag, str, type CommandContext, type Io } from '../command-context.js';
import { loadImport } from '../engines.js';
import { CliError } from '../errors.js';
import { describeFsError } from '../load.js';
import { escapeControls, printableDeep } from '../output/printable.js';
import { writeLines } from '../output/write.js';
import type { Style } from '../output/ansi.js';

/** The scenario as YAML, and what the importer noticed. */
export interface ImportOutcome {
  readonly yaml: string;
  readonly diagnostics: readonly Diagnostic[];
}

/** Warnings printed one by one without `--verbose`; past it they are counted by kind. */
const FIRST_WARNINGS = 10;
/** Errors printed one by one without `--verbose`. */
const FIRST_ERRORS = 20;

/** A file system error while writing `file`, in vpcsim's words, with what to do and the cause for `--debug`. */
function writeError(e: unknown, file: string): CliError {
  const code = (e as { code?: string } | null)?.code;
  const hint =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? `create the folder \`${dirname(file)}\` first`
      : code === 'ENOSPC' || code === 'EDQUOT'
        ? 'free some space, or write the scenario elsewhere'
        : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
          ? 'write it to a folder you may write to'
          : code === 'EISDIR'
            ? 'name a file, not a folder'
            : 'check the path';
  return new CliError(`cannot write \`${file}\`: ${describeFsError(e)}`, 2, hint, file, 'unwritable-file', e);
}

/**
 * Checks, before anything is read, that the scenario may be written to `out`: its folder
 * exists, it is not inside the export folder `dir` (import would then read its own output,
 * or overwrite an export), and it does not exist unless `force`.
 */
async function checkOutput(out: string, dir: string, force: boolean): Promise<void> {
  const target = resolve(out);
  let parent: string;
  try {
    parent = await realpath(dirname(target));
    if (!(await stat(parent)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (e) {
    throw writeError(e, out);
  }
  const input = await realpath(dir);
  if (await isFile(dir)) {
    // a Terraform or CloudFormation file: never written over
    if (join(parent, basename(target)) === input) throw new CliError(`\`${out}\` is the file import reads`, 2, 'write the scenario to another file, e.g. `-o stack.yaml`', out, 'output-in-input');
  } else if (parent === input || parent.startsWith(input + sep))
    throw new CliError(`\`${out}\` is inside the export folder \`${dir}\`, which import reads`, 2, 'write the scenario outside the export folder, e.g. `-o account.yaml`', out, 'output-in-input');
  let existing;
  try {
    existing = await lstat(join(parent, basename(target)));
  } catch {
    return; // it does not exist: fine
  }
  if (existing.isDirectory()) throw new CliError(`\`${out}\` is a folder`, 2, 'name the file to write, e.g. `-o account.yaml`', out, 'output-exists');
  // never through a link, never over a device or a pipe (`-o /dev/full --force` would replace the device)
  if (existing.isSymbolicLink()) throw new CliError(`\`${out}\` is a symbolic link: import neither writes through a link nor replaces one`, 2, 'name the file itself, or remove the link first', out, 'output-exists');
  if (!existing.isFile()) throw new CliError(`\`${out}\` is not a regular file (a device, a FIFO or a socket)`, 2, 'write the scenario to a regular file, or to stdout without -o', out, 'output-exists');
  if (!force) throw new CliError(`\`${out}\` already exists`, 2, 'add `--force` to replace it', out, 'output-exists');
}

/** Writes `text` to `out` through a temporary file in the same folder, then renames it into place. */
async function writeAtomically(out: string, text: string): Promise<void> {
  const target = resolve(out);
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.vpcsim-tmp`);
  try {
    await writeFile(tmp, text, { flag: 'wx' });
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw writeError(e, out);
  }
}

/** Progress on stderr while files are read, when stderr is a terminal: one line, rewritten. */
function progress(io: Io): ((done: number, total: number, bytes: number) => void) | undefined {
  if (!io.stderrIsTTY) return undefined;
  let last = -1;
  return (done, total, bytes) => {
    const step = Math.max(1, Math.floor(total / 50));
    if (done !== total && done - last < step) return;
    last = done;
    io.err(`\rimport: read ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} files (${(bytes / 1024 / 1024).toFixed(1)} MB)${done === total ? '\n' : ''}`);
  };
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * Imports the exports under `dir` (the folder is listed by name, checked, then only the files
 * the importer uses are read), or a Terraform or CloudFormation file (detected by content).
 */
export async function importCommand(dir: string, io?: Io, parameters: Readonly<Record<string, string>> = {}): Promise<ImportOutcome> {
  if (await isFile(dir)) return (await import('../import-file.js')).importFile(dir, parameters);
  const api = await loadImport();
  try {
    if (!(await stat(dir)).isDirectory()) throw new CliError(`\`${dir}\` is not a folder`, 2, 'pass the folder holding the AWS CLI exports');
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`cannot read \`${dir}\`: ${describeFsError(e)}`, 2, 'pass the folder holding the AWS CLI exports', dir, 'unreadable-file', e);
  }
  let listing;
  try {
    listing = await api.listExportDir(dir);
  } catch (e) {
    throw new CliError(`cannot read \`${dir}\`: ${describeFsError(e)}`, 2, 'check the folder permissions', dir, 'unreadable-file', e);
  }
  if (listing.tooLarge)
    throw new CliError(
      listing.tooLarge === 'entries' ? `\`${dir}\` holds more than ${api.MAX_ENTRIES.toLocaleString('en-US')} files: it is not an export folder` : `\`${dir}\` nests folders deeper than an export does`,
      2,
      'pass the folder the export script wrote (docs/import.md)',
      dir,
      'not-an-export',
    );
  const names = [...listing.files.keys()];
  // a folder of scenarios (or anything else) would import as an empty scenario: say so instead
  if (!names.some((p) => api.isExportFile(p))) {
    const n = names.length + listing.diagnostics.length;
    throw new CliError(
      n === 0 ? `\`${dir}\` holds no files` : `no AWS CLI export files found in \`${dir}\` (${n.toLocaleString('en-US')} other file${n === 1 ? '' : 's'})`,
      2,
      'docs/import.md lists the files the importer reads (e.g. `aws ec2 describe-vpcs > Vpcs.json`)',
      dir,
      'no-export-files',
    );
  }
  const files = api.readExportFiles(listing, { onProgress: io ? progress(io) : undefined });
  const { scenario, diagnostics } = api.importAws(files);
  return { yaml: api.scenarioToYaml(scenario), diagnostics };
}

/** What the importer noticed: every error (the first ones without `--verbose`), warnings counted by kind past the first few. */
function summary(ds: readonly Diagnostic[], s: Style, verbose: boolean): string[] {
  const shown = printableDeep(ds);
  const errors = shown.filter((d) => d.severity === 'error');
  const warnings = shown.filter((d) => d.severity !== 'error');
  const line = (d: Diagnostic): string => (d.severity === 'error' ? s.red : s.yellow)(formatDiagnostic(d));
  if (verbose) return [...errors.map(line), ...warnings.map(line)];
  const out = errors.slice(0, FIRST_ERRORS).map(line);
  if (errors.length > FIRST_ERRORS) out.push(s.red(`… and ${(errors.length - FIRST_ERRORS).toLocaleString('en-US')} more errors (--verbose lists them all)`));
  if (warnings.length <= FIRST_WARNINGS) return [...out, ...warnings.map(line)];
  const byKind = new Map<string, number>();
  for (const w of warnings) byKind.set(w.code, (byKind.get(w.code) ?? 0) + 1);
  const kinds = [...byKind].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k, n]) => `${n.toLocaleString('en-US')} ${k}`);
  out.push(s.yellow(`${warnings.length.toLocaleString('en-US')} warnings: ${kinds.join(', ')}; the first ${FIRST_WARNINGS}:`));
  pushAll(out, warnings.slice(0, FIRST_WARNINGS).map((d) => `  ${line(d)}`));
  out.push(s.dim('run again with --verbose to list them all'));
  return out;
}

/** `vpcsim import`. */
export async function run(ctx: CommandContext): Promise<number> {
  const dir = ctx.positionals[0]!;
  const out = str(ctx, 'output');
  // the output is checked first: a refused -o costs nothing
  if (out) {
    try {
      await stat(dir);
    } catch (e) {
      throw new CliError(`cannot read \`${dir}\`: ${describeFsError(e)}`, 2, 'pass the folder holding the AWS CLI exports, or a Terraform or CloudFormation file', dir, 'unreadable-file', e);
    }
    await checkOutput(out, dir, flag(ctx, 'force'));
  }
  const o = await importCommand(dir, ctx.io, (await import('../import-file.js')).parameters(ctx));
  const s = ctx.errStyle;
  const errors = o.diagnostics.filter((d) => d.severity === 'error');
  if (o.diagnostics.length) writeLines({ out: ctx.io.err }, summary(o.diagnostics, s, flag(ctx, 'verbose')));
  if (errors.length) throw new CliError(`import found ${errors.length.toLocaleString('en-US')} error${errors.length === 1 ? '' : 's'}; no scenario written`, 2, 'fix or remove the files named above, then import again');
  if (out) {
    await writeAtomically(out, o.yaml);
    ctx.io.err(`wrote ${escapeControls(out)}\n`);
  } else ctx.io.out(o.yaml.endsWith('\n') ? o.yaml : `${o.yaml}\n`);
  return 0;
}
