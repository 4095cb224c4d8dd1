// Reading a text file the way a tool that meets hostile input must: a path that is not a
// regular file (a FIFO, a device such as /dev/zero, a socket, a folder) is refused before it
// is opened, since reading it could block forever or never end; a regular file is read in
// chunks and refused as soon as it passes the size cap (a file that grows while it is read
// included); the bytes must be UTF-8, and the first byte that is not is reported with its
// line. Never throws: every failure is a diagnostic that names the file and says what to do.
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync } from 'node:fs';
import { error, type Diagnostic } from './diagnostic.js';

/** The outcome of reading a text file. */
export type ReadTextResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: Diagnostic };

/** Files larger than this are refused (no scenario comes close). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const CHUNK = 1 << 20;

/** What a non-regular file is, in words. */
function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** A file system error as a sentence, never Node's wording. */
export function fsReason(e: unknown, path: string): { message: string; hint?: string } {
  const code = (e as { code?: string } | null)?.code;
  switch (code) {
    case 'ENOENT': {
      // a symbolic link whose target is gone is a different mistake from a typo
      try {
        if (lstatSync(path).isSymbolicLink()) return { message: `cannot read \`${path}\`: it is a symbolic link to \`${readlinkSync(path)}\`, which does not exist`, hint: 'fix or remove the link' };
      } catch {
        // not a link either: the path does not exist
      }
      return { message: `cannot read \`${path}\`: no such file or directory`, hint: 'check the path (relative paths start from the current folder)' };
    }
    case 'ENOTDIR':
      return { message: `cannot read \`${path}\`: a part of the path is a file, not a folder`, hint: 'check the path' };
    case 'EACCES':
    case 'EPERM':
      return { message: `cannot read \`${path}\`: permission denied`, hint: 'check the file permissions' };
    case 'ELOOP':
      return { message: `cannot read \`${path}\`: a loop of symbolic links`, hint: 'one of the links must point at a real file' };
    case 'ENAMETOOLONG':
      return { message: 'cannot read the file: the path is too long', hint: 'check the path' };
    case 'EISDIR':
      return { message: `cannot read \`${path}\`: it is a folder, not a file`, hint: 'name a scenario file, or give the folder to `vpcsim check`' };
    case 'EMFILE':
    case 'ENFILE':
      return { message: `cannot read \`${path}\`: too many open files`, hint: 'close other programs or raise the limit (`ulimit -n`)' };
    case 'EIO':
      return { message: `cannot read \`${path}\`: an input/output error`, hint: 'the disk or network file system failed: try again' };
    default:
      return { message: `cannot read \`${path}\`${code ? ` (${code})` : ''}`, hint: 'check that the path names a readable file' };
  }
}

const fail = (code: string, message: string, hint: string | undefined, file: string, line?: number): ReadTextResult => ({
  ok: false,
  error: { ...error(code, [], message, hint), file, ...(line !== undefined ? { line } : {}) },
});

/** The 1-based line of byte `offset` in `bytes`. */
function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** The offset of the first byte that is not part of valid UTF-8, or -1. */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let len: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) (len = 2), (min = 0x80);
    else if (c >= 0xe0 && c <= 0xef) (len = 3), (min = 0x800);
    else if (c >= 0xf0 && c <= 0xf4) (len = 4), (min = 0x10000);
    else return i;
    if (i + len > n) return i;
    let cp = c & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const d = b[i + k]!;
      if ((d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += len;
  }
  return -1;
}

/**
 * Decodes UTF-8 bytes (a leading byte order mark dropped); invalid bytes are an error with
 * their line, never replaced silently (an id with a replacement character is another id).
 */
export function decodeUtf8(bytes: Uint8Array, file: string): ReadTextResult {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return fail('not-utf8', `the file is not UTF-8 text (byte ${at + 1} is not valid UTF-8)`, 'save the file as UTF-8; a binary file is not a scenario', file, lineAt(bytes, Math.max(0, at)));
  }
}

/**
 * Reads a text file: only a regular file (symbolic links followed), at most `maxBytes`,
 * as UTF-8. Never throws, never blocks on a FIFO, never reads past the cap.
 */
export function readTextFile(path: string, options: { readonly maxBytes?: number; readonly what?: string } = {}): ReadTextResult {
  const max = options.maxBytes ?? MAX_FILE_BYTES;
  const what = options.what ?? 'scenario file';
  let fd: number | undefined;
  try {
    const st = statSync(path);
    if (!st.isFile()) {
      const kind = kindOf(st);
      const hint = st.isDirectory() ? `name a ${what}${what === 'scenario file' ? ', or give the folder to `vpcsim check`' : ''}` : `vpcsim reads a ${what} from disk: save it to a file first`;
      return fail(st.isDirectory() ? 'read-error' : 'not-a-file', `\`${path}\` is ${kind}, not a ${what}`, hint, path);
    }
    if (st.size > max) return fail('too-large', `the file is larger than ${mb(max)}`, 'split it or remove unused parts', path);
    // O_NONBLOCK: should the path be swapped for a FIFO after the check, opening it does not wait for a writer
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    if (!fstatSync(fd).isFile()) return fail('not-a-file', `\`${path}\` is not a regular file`, `vpcsim reads a ${what} from disk: save it to a file first`, path);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(CHUNK, max + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      // a file that grows while it is read (or lies about its size) stops at the cap
      if (total > max) return fail('too-large', `the file is larger than ${mb(max)}`, 'split it or remove unused parts', path);
    }
    return decodeUtf8(Buffer.concat(chunks, total), path);
  } catch (e) {
    const r = fsReason(e, path);
    return fail('read-error', r.message, r.hint, path);
  } finally {
    if (fd !== undefined)
      try {
        closeSync(fd);
      } catch {
        // closing a file opened read-only cannot lose data
      }
  }
}

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;
