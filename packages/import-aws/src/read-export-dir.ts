// The importer's one I/O helper: reads an export folder into the path → text map importAws takes.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Diagnostic } from '@vpcsim/model';

/** Files larger than this are not read (no AWS CLI output of one account comes close). */
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** The files of an export folder, with the diagnostics about files that were skipped. */
export class ExportFiles extends Map<string, string> {
  /** Files skipped while reading (not `.json`, unreadable, too large); importAws reports them. */
  readonly diagnostics: Diagnostic[] = [];
}

/**
 * Reads every `.json` file under `dir` (recursively, in name order) keyed by its
 * `/`-separated relative path. Other files are skipped with a warning in `.diagnostics`;
 * a missing or unreadable folder rejects the promise.
 */
export async function readExportDir(dir: string): Promise<ExportFiles> {
  const files = new ExportFiles();
  const walk = async (d: string): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const p = join(d, e.name);
      const rel = relative(dir, p).split(sep).join('/');
      if (e.name.startsWith('.')) continue;
      if (e.isDirectory()) await walk(p);
      else if (!e.isFile()) continue;
      else if (!/\.json$/i.test(e.name)) files.diagnostics.push({ code: 'unknown-file', severity: 'warning', path: [], file: rel, message: 'not a `.json` file: skipped' });
      else {
        try {
          const s = await stat(p);
          if (s.size > MAX_FILE_BYTES) {
            files.diagnostics.push({ code: 'too-large', severity: 'error', path: [], file: rel, message: `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB: skipped` });
            continue;
          }
          files.set(rel, await readFile(p, 'utf8'));
        } catch (err) {
          files.diagnostics.push({ code: 'read-error', severity: 'error', path: [], file: rel, message: `cannot read the file: ${String((err as Error).message)}` });
        }
      }
    }
  };
  await walk(dir);
  return files;
}
