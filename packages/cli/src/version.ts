// The CLI's version and the default worked scenario, read from where the package is installed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PACKAGE_ROOT = join(import.meta.dirname, '..');

/** The CLI's version, from its package.json. */
export function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The worked scenarios: the repository's when run from a clone (src/ is there), else those `npm pack` ships. */
export function scenariosDir(): string {
  return existsSync(join(PACKAGE_ROOT, 'src')) ? join(PACKAGE_ROOT, '..', '..', 'scenarios') : join(PACKAGE_ROOT, 'scenarios');
}

/** The default worked scenario: `scenarios/vpc-three-tier.yaml`, else `scenarios/public-private-nat.yaml`. */
export function defaultScenario(): string {
  const dir = scenariosDir();
  const first = join(dir, 'vpc-three-tier.yaml');
  return existsSync(first) ? first : join(dir, 'public-private-nat.yaml');
}
