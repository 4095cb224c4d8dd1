// The worked scenarios load cleanly; each file of scenarios/invalid fails with the error code
// its header names, at the line marked `# <- error`.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostic.js';
import { loadScenarioFile } from '../src/loader.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../scenarios');

describe('worked scenarios', () => {
  it.each(['public-private-nat.yaml', 'vpc-peering.yaml', 'iam-account.yaml'])('%s compiles without errors or warnings', (f) => {
    const r = loadScenarioFile(join(root, f));
    expect(r.ok ? [] : r.errors.map(formatDiagnostic)).toEqual([]);
    expect(r.warnings.map(formatDiagnostic)).toEqual([]);
    expect(r.ok && (r.model.scenario.expect ?? []).length).toBeGreaterThanOrEqual(6);
  });
});

const invalid = readdirSync(join(root, 'invalid')).filter((f) => /\.(ya?ml|json)$/.test(f));

describe('invalid scenarios', () => {
  it('there are at least 8', () => expect(invalid.length).toBeGreaterThanOrEqual(8));
  it.each(invalid)('%s fails with its named error at the marked line', (f) => {
    const path = join(root, 'invalid', f);
    const text = readFileSync(path, 'utf8');
    const code = /expected error: `?([\w-]+)`?/.exec(text)?.[1];
    expect(code, 'header names the expected error code').toBeDefined();
    const line = text.split('\n').findIndex((l) => l.includes('# <- error')) + 1;
    expect(line, 'a line is marked `# <- error`').toBeGreaterThan(0);
    const r = loadScenarioFile(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.line, e.file])).toContainEqual([code, line, path]);
  });
});
