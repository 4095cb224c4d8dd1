// The docs stay true: the README example runs, and every file the export script in
// docs/import.md writes is one the importer reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('docs', () => {
  it('the README example runs and prints a valid scenario', async () => {
    const readme = readFileSync(join(ROOT, 'packages', 'import-aws', 'README.md'), 'utf8');
    const code = /```js\n([\s\S]*?)```/.exec(readme)![1]!;
    const body = code.replace(/^import .*$/m, '');
    let out = '';
    const warned: string[] = [];
    const fakeProcess = { stdout: { write: (s: string) => (out += s) } };
    const fakeConsole = { warn: (s: string) => warned.push(s) };
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    const prev = process.cwd();
    process.chdir(ROOT);
    try {
      await new AsyncFunction('importAws', 'readExportDir', 'scenarioToYaml', 'process', 'console', body)(api.importAws, api.readExportDir, api.scenarioToYaml, fakeProcess, fakeConsole);
    } finally {
      process.chdir(prev);
    }
    expect(out.startsWith('# vpcsim scenario imported from AWS CLI exports')).toBe(true);
    expect(warned.some((w) => w.includes('carrier gateway'))).toBe(true);
    const parsed = (await import('@vpcsim/model')).parseScenarioText(out, 'x.yaml');
    expect(compile(parsed.value).ok).toBe(true);
  });

  it('every file the export script writes is one the importer reads', () => {
    const doc = readFileSync(join(ROOT, 'docs', 'import.md'), 'utf8');
    const script = /```bash\n([\s\S]*?)```/.exec(doc)![1]!;
    const targets = [...script.matchAll(/> "([^"]+\.json)"/g)].map((m) => m[1]!);
    expect(targets.length).toBeGreaterThan(30);
    for (const t of targets) {
      const path = t.replace('$OUT/', '').replace('$D', 'accounts/111111111111/us-east-1').replace('$ACCOUNT', '111111111111').replace(/\$O\//, 'organizations/').replace(/\$\{?\w+\}?/g, 'x-id');
      const kind = api.classify(path).kind;
      expect([path, kind]).not.toEqual([path, 'unknown']);
      expect([path, kind]).not.toEqual([path, 'not-modelled']);
    }
  });
});
