// Reading scenario files through the model's loader (diagnostics carry file and line), and
// finding the scenario files a directory argument names.
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import type { Diagnostic, Model, Path, Position } from '@vpcsim/model';
import { CliError } from './errors.js';

/** A loaded scenario: a model, or the diagnostics that prevent one. */
export type Loaded =
  | { readonly ok: true; readonly file: string; readonly model: Model; readonly warnings: readonly Diagnostic[]; readonly locate?: ((path: Path) => Position | undefined) | undefined }
  | { readonly ok: false; readonly file: string; readonly errors: readonly Diagnostic[]; readonly warnings: readonly Diagnostic[] };

const SCENARIO_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** Loads one scenario text (already read) as if from `file`: the model's loader, with lines. */
export async function loadText(text: string, file: string): Promise<Loaded> {
  const { loadScenario } = await import('@vpcsim/model');
  const r = loadScenario(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
  return r.ok ? { ok: true, file, model: r.model, warnings: r.warnings, locate: r.locate } : { ok: false, file, errors: r.errors, warnings: r.warnings };
}

/**
 * Reads and loads one scenario file; a missing or unreadable file, a path that is not a
 * regular file (a FIFO, /dev/zero: refused before it is opened), a file over the size cap or
 * not UTF-8 is a CliError. Symbolic links are followed.
 */
export async function loadFile(file: string): Promise<Loaded> {
  const { readTextFile } = await import('@vpcsim/model');
  const r = readTextFile(file);
  // a file read but not usable (too large, not UTF-8) is an invalid scenario, with its line
  if (!r.ok && (r.error.code === 'too-large' || r.error.code === 'not-utf8')) return { ok: false, file, errors: [r.error], warnings: [] };
  if (!r.ok) throw new CliError(r.error.message, 2, r.error.hint, file, r.error.code === 'read-error' ? 'unreadable-file' : r.error.code);
  return loadText(r.text, file);
}

/**
 * Checks, without reading it, that `file` is a regular file the user may read (symbolic links
 * followed): what the UI checks before it takes over the terminal.
 */
export async function assertScenarioFile(file: string): Promise<void> {
  const { fsReason } = await import('@vpcsim/model');
  const { access, constants } = await import('node:fs/promises');
  let s;
  try {
    s = await stat(file);
    await access(file, constants.R_OK);
  } catch (e) {
    const r = fsReason(e, file);
    throw new CliError(r.message, 2, r.hint, file, 'unreadable-file');
  }
  if (s.isDirectory()) throw new CliError(`\`${file}\` is a folder, not a scenario file`, 2, 'name a scenario file: `vpcsim tui scenarios/vpc-three-tier.yaml`', file, 'unreadable-file');
  if (!s.isFile()) throw new CliError(`\`${file}\` is not a regular file (a FIFO, a device or a socket)`, 2, 'vpcsim reads a scenario file from disk: save it to a file first', file, 'not-a-file');
}

/** Like loadFile, but an invalid scenario is a CliError listing its diagnostics. */
export async function loadModel(file: string): Promise<Model> {
  const r = await loadFile(file);
  if (r.ok) return r.model;
  throw new InvalidScenarioError(r.file, r.errors);
}

/** A scenario that does not validate; the CLI prints each diagnostic (exit 2). */
export class InvalidScenarioError extends CliError {
  constructor(
    override readonly file: string,
    readonly errors: readonly Diagnostic[],
  ) {
    super(`\`${file}\` is not a valid scenario (${errors.length} error${errors.length === 1 ? '' : 's'})`, 2);
  }
}

/** The scenario files of a check argument, and the entries of a folder that could not be taken (reported, never skipped silently). */
export interface ScenarioFiles {
  readonly files: string[];
  readonly problems: CliError[];
}

/**
 * The scenario files a check argument names: a file as is; a directory's `*.yaml`, `*.yml`
 * and `*.json` files directly inside it (not in subfolders, so `scenarios/invalid/` stays out
 * of `vpcsim check scenarios/`; not `*.schema.json`), sorted by name. A symbolic link to a
 * file is followed; a broken link, a link loop, or a FIFO or device with a scenario's name
 * is reported in `problems`.
 */
export async function scenarioFiles(arg: string): Promise<ScenarioFiles> {
  let s;
  try {
    s = await stat(arg);
  } catch (e) {
    const { fsReason } = await import('@vpcsim/model');
    const r = fsReason(e, arg);
    throw new CliError(r.message, 2, r.hint, arg, 'unreadable-file');
  }
  if (!s.isDirectory()) return { files: [arg], problems: [] };
  const entries = await readdir(arg, { withFileTypes: true });
  const files: string[] = [];
  const problems: CliError[] = [];
  // `vpcsim schema > scenario.schema.json` puts the JSON Schema beside the scenarios: not one
  for (const e of entries) {
    if (!isScenarioName(e.name)) continue;
    const p = join(arg, e.name);
    if (e.isFile()) files.push(p);
    else if (e.isSymbolicLink()) {
      try {
        const t = await stat(p);
        if (t.isFile()) files.push(p);
        else if (!t.isDirectory()) problems.push(new CliError(`\`${p}\` is a symbolic link to something that is not a regular file`, 2, 'link it to a scenario file, or remove the link', p, 'not-a-file'));
      } catch (err) {
        const { fsReason } = await import('@vpcsim/model');
        const r = fsReason(err, p);
        problems.push(new CliError(r.message, 2, r.hint, p, 'unreadable-file'));
      }
    } else if (!e.isDirectory()) problems.push(new CliError(`\`${p}\` is not a regular file (a FIFO, a device or a socket)`, 2, 'a scenario is a regular file: save it to one', p, 'not-a-file'));
  }
  files.sort();
  if (files.length === 0 && problems.length === 0)
    throw new CliError(`no scenario files (*.yaml, *.yml, *.json) directly in \`${arg}\``, 2, 'subfolders are not searched: name them explicitly', arg, 'no-scenario-files');
  return { files, problems };
}

/** Whether a file in a directory argument is a scenario: `*.yaml`, `*.yml`, `*.json`, but not `*.schema.json`. */
function isScenarioName(name: string): boolean {
  const lower = name.toLowerCase();
  return SCENARIO_EXTENSIONS.has(extname(lower)) && !lower.endsWith('.schema.json');
}

/** A short reason for a file system error, in vpcsim's words (never Node's). */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ELOOP':
      return 'a loop of symbolic links';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EROFS':
      return 'the file system is read-only';
    case 'EEXIST':
      return 'it already exists';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    case 'EIO':
      return 'an input/output error';
    default:
      return code ? `the system refused (${code})` : 'an unexpected error';
  }
}

/** Diagnostics found after loading (against the action catalogue), with the file and the line of their path. */
export function placeIn(ds: readonly Diagnostic[], loaded: Extract<Loaded, { ok: true }>): Diagnostic[] {
  return ds.map((d) => {
    const at = d.line === undefined ? loaded.locate?.(d.path) : undefined;
    return { ...d, file: d.file ?? loaded.file, ...(at ? { line: at.line, column: at.column } : {}) };
  });
}
