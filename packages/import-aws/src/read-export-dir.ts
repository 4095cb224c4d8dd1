// The importer's one I/O helper: reads an export folder into the path → text map importAws takes.
// A wrong folder (`vpcsim import /tmp`) must not cost minutes: the folder is listed first, by
// name only; files are classified by their path; only the files the importer reads are opened
// (through the model's reader: regular files only, capped while read, UTF-8 checked). Symbolic
// links are followed (a loop of linked folders is walked once); a broken link, a FIFO or a
// device is reported, never opened. The walk and the reading are bounded.
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fsReason, readTextFile, type Diagnostic, pushAll } from '@vpcsim/model';
import { classify } from './layout.js';

/** Files larger than this are not read (no AWS CLI output of one account comes close). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
/** All files read together, at most. */
export const MAX_TOTAL_BYTES = 1024 * 1024 * 1024;
/** Entries (files and folders) listed at most: an export folder holds far fewer. */
export const MAX_ENTRIES = 100_000;
/** Folder depth at most (`accounts/<id>/<region>/<per-id folder>/<file>` is 4). */
const MAX_DEPTH = 12;

/** The files of an export folder, with the diagnostics about files that were skipped. */
export class ExportFiles extends Map<string, string> {
  /** Files skipped while reading (not `.json`, unreadable, too large, not a file); importAws reports them. */
  readonly diagnostics: Diagnostic[] = [];
}

/** An export folder listed by name: the files found (relative `/` path → absolute path), what was skipped, and whether the listing stopped at its bound. */
export interface ExportListing {
  readonly dir: string;
  readonly files: ReadonlyMap<string, string>;
  readonly diagnostics: readonly Diagnostic[];
  /** Set when the folder holds more than MAX_ENTRIES entries or nests deeper than MAX_DEPTH: the listing is incomplete. */
  readonly tooLarge?: 'entries' | 'depth' | undefined;
}

/** Whether the importer reads the file at this relative path (an export of something vpcsim models). */
export function isExportFile(relPath: string): boolean {
  const k = classify(relPath).kind;
  return k !== 'unknown' && k !== 'not-modelled';
}

const warn = (file: string, code: string, message: string, hint?: string): Diagnostic => ({ code, severity: 'warning', path: [], file, message, ...(hint ? { hint } : {}) });

/**
 * Lists `dir` recursively by name (hidden entries skipped, symbolic links followed once), in
 * name order. Never opens a file. A missing or unreadable `dir` rejects the promise.
 */
export async function listExportDir(dir: string): Promise<ExportListing> {
  const files = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>([await realpath(dir)]);
  let entries = 0;
  let tooLarge: ExportListing['tooLarge'];
  const walk = async (d: string, depth: number): Promise<void> => {
    let list;
    try {
      list = await readdir(d, { withFileTypes: true });
    } catch (e) {
      const r = fsReason(e, d);
      diagnostics.push(warn(relative(dir, d).split(sep).join('/'), 'unreadable-folder', `${r.message}: skipped`, r.hint));
      return;
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of list) {
      if (tooLarge) return;
      if (e.name.startsWith('.')) continue;
      if (++entries > MAX_ENTRIES) {
        tooLarge = 'entries';
        return;
      }
      const p = join(d, e.name);
      const rel = relative(dir, p).split(sep).join('/');
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const s = await stat(p);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch (err) {
          diagnostics.push(warn(rel, 'broken-link', `${fsReason(err, p).message}: skipped`, 'fix or remove the link'));
          continue;
        }
      }
      if (isDir) {
        // a folder reached twice through links (or a link to an ancestor) is walked once
        const real = await realpath(p).catch(() => p);
        if (seen.has(real)) continue;
        seen.add(real);
        if (depth + 1 > MAX_DEPTH) {
          tooLarge = 'depth';
          return;
        }
        await walk(p, depth + 1);
      } else if (!isFile) diagnostics.push(warn(rel, 'not-a-file', 'not a regular file (a FIFO, a device or a socket): skipped, never opened'));
      else if (!/\.json$/i.test(e.name)) diagnostics.push(warn(rel, 'unknown-file', 'not a `.json` file: skipped', 'docs/import.md lists the files the importer reads'));
      else files.set(rel, p);
    }
  };
  await walk(dir, 0);
  return { dir, files, diagnostics, tooLarge };
}

/** Options of readExportFiles. */
export interface ReadExportOptions {
  readonly maxFileBytes?: number;
  readonly maxTotalBytes?: number;
  /** Called after each file read: how many of how many, and the bytes read so far. */
  readonly onProgress?: (done: number, total: number, bytes: number) => void;
}

/**
 * Reads the listed files the importer uses; the other `.json` files go in with no text (the
 * importer reports them by their path and never reads them). A file too large, not UTF-8 or
 * unreadable is an error diagnostic; past the total cap the rest are left out with one.
 */
export function readExportFiles(listing: ExportListing, options: ReadExportOptions = {}): ExportFiles {
  const maxFile = options.maxFileBytes ?? MAX_FILE_BYTES;
  const maxTotal = options.maxTotalBytes ?? MAX_TOTAL_BYTES;
  const out = new ExportFiles();
  pushAll(out.diagnostics, listing.diagnostics);
  const wanted = [...listing.files].filter(([rel]) => isExportFile(rel));
  let done = 0;
  let bytes = 0;
  for (const [rel, abs] of listing.files) {
    if (!isExportFile(rel)) {
      out.set(rel, '');
      continue;
    }
    if (bytes > maxTotal) {
      out.diagnostics.push({ code: 'too-large', severity: 'error', path: [], file: rel, message: `the files read so far pass ${Math.round(maxTotal / 1024 / 1024)} MB: this one and the rest were not read`, hint: 'import the accounts or regions one folder at a time' });
      break;
    }
    const r = readTextFile(abs, { maxBytes: maxFile, what: 'AWS CLI export file' });
    done++;
    if (r.ok) {
      out.set(rel, r.text);
      bytes += r.text.length;
    } else out.diagnostics.push({ ...r.error, file: rel, message: `${r.error.message.replace(abs, rel)}: skipped` });
    options.onProgress?.(done, wanted.length, bytes);
  }
  return out;
}

/**
 * Reads every `.json` file under `dir` the importer uses (recursively, in name order) keyed by
 * its `/`-separated relative path. Other files are skipped with a warning in `.diagnostics`;
 * a missing or unreadable folder rejects the promise.
 */
export async function readExportDir(dir: string, options: ReadExportOptions = {}): Promise<ExportFiles> {
  return readExportFiles(await listExportDir(dir), options);
}
