// Test helpers: fixtures read into the path → text map importAws takes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** The repository's AWS export fixtures. */
export const FIXTURES = join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'aws');

/** Reads every file under `test/fixtures/aws/<name>` synchronously. */
export function fixture(name: string): Map<string, string> {
  return readFolder(join(FIXTURES, name));
}

/** Reads every file under `root` synchronously, keyed by its `/`-separated relative path. */
export function readFolder(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(root, p).split(sep).join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(root);
  return out;
}

/** A value as a plain object, for tests that look inside the scenario. */
export const asRecord = (v: unknown): Record<string, unknown> => v as Record<string, unknown>;

/** The element of `list` with `id` (throws when there is none, so a test fails on its name). */
export const byId = <T extends { id: string }>(list: readonly T[] | undefined, id: string): T => {
  const x = (list ?? []).find((e) => e.id === id);
  if (!x) throw new Error(`no ${id}`);
  return x;
};
