// The loader reads valid YAML with js-yaml (fast) and falls back to the yaml package (positions,
// diagnostics, bounded aliases). Both must give the same value for every scenario text.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseScenarioText } from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const files = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml'));

describe('the fast YAML path', () => {
  it.each(files)('reads scenarios/%s to the same value as the yaml package', (f) => {
    const text = readFileSync(join(root, 'scenarios', f), 'utf8');
    const r = parseScenarioText(text, f);
    expect(r.errors).toEqual([]);
    expect(r.value).toEqual(parse(text, { version: '1.2' }));
  });
  it('reads any JSON-like value written as YAML to the same value', () => {
    fc.assert(
      // (JSON round trip: -0 is not a scenario value, and the two parsers differ only on it)
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (raw) => {
        const text = stringify(JSON.parse(JSON.stringify(raw)));
        const r = parseScenarioText(text, 'x.yaml');
        expect(r.errors).toEqual([]);
        expect(r.value).toEqual(parse(text, { version: '1.2' }));
      }),
      { numRuns: 500, seed: 7 },
    );
  });
  it('YAML 1.1 look-alikes stay strings (core schema: no timestamps, no yes/no booleans)', () => {
    const r = parseScenarioText('Version: 2012-10-17\na: yes\nb: on\nc: 0o17\n', 'x.yaml');
    expect(r.value).toEqual({ Version: '2012-10-17', a: 'yes', b: 'on', c: 15 });
  });
  it('a reused anchor takes the bounded path: aliases expand, within the limit', () => {
    const r = parseScenarioText('a: &x [1, 2]\nb: *x\n', 'x.yaml');
    expect(r.value).toEqual({ a: [1, 2], b: [1, 2] });
  });
  it('a duplicate key is still reported with its line', () => {
    const r = parseScenarioText('a: 1\nb: 2\na: 3\n', 'x.yaml');
    expect(r.errors[0]?.line).toBe(3);
  });
  it('an alias bomb is refused, not expanded', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    const r = parseScenarioText(lines.join('\n'), 'bomb.yaml');
    expect(r.value).toBeUndefined();
    expect(r.errors[0]?.code).toBe('too-many-aliases');
  });
});
