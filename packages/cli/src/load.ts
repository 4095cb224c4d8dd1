// Reading scenario files through the model's loader (diagnostics carry file and line), and
// finding the scenario files a directory argument names.
import { readFile, readdir, stat } from 'node:fs/promises';
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

/** Reads and loads one scenario file; a missing or unreadable file is a CliError. */
export async function loadFile(file: string): Promise<Loaded> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read \`${file}\`: ${describeFsError(e)}`, 2, undefined, file, 'unreadable-file');
  }
  return loadText(text, file);
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

/**
 * The scenario files a check argument names: a file as is; a directory's `*.yaml`, `*.yml`
 * and `*.json` files directly inside it (not in subfolders, so `scenarios/invalid/` stays out
 * of `vpcsim check scenarios/`; not `*.schema.json`), sorted by name.
 */
export async function scenarioFiles(arg: string): Promise<string[]> {
  let s;
  try {
    s = await stat(arg);
  } catch (e) {
    throw new CliError(`cannot read \`${arg}\`: ${describeFsError(e)}`, 2, undefined, arg, 'unreadable-file');
  }
  if (!s.isDirectory()) return [arg];
  const entries = await readdir(arg, { withFileTypes: true });
  // `vpcsim schema > scenario.schema.json` puts the JSON Schema beside the scenarios: not one
  const files = entries.filter((e) => e.isFile() && isScenarioName(e.name)).map((e) => join(arg, e.name));
  files.sort();
  if (files.length === 0) throw new CliError(`no scenario files (*.yaml, *.yml, *.json) directly in \`${arg}\``, 2, 'subfolders are not searched: name them explicitly', arg, 'no-scenario-files');
  return files;
}

/** Whether a file in a directory argument is a scenario: `*.yaml`, `*.yml`, `*.json`, but not `*.schema.json`. */
function isScenarioName(name: string): boolean {
  const lower = name.toLowerCase();
  return SCENARIO_EXTENSIONS.has(extname(lower)) && !lower.endsWith('.schema.json');
}

/** A short reason for a file system error. */
export function describeFsError(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return (e as Error).message ?? String(e);
}
