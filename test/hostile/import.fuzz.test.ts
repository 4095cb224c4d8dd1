// Fuzzing the importer (issue 18): any export folder (real exports mutated, files renamed,
// contents replaced by any JSON or by text that is not JSON) imports to a scenario that loads,
// or to diagnostics that name the file, never to a throw or "internal error".
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '@vpcsim/model';
import { EC2_FILES, importAws, scenarioToYaml } from '@vpcsim/import-aws';
import { readFolder } from '../../packages/import-aws/test/helpers.js';

const corp = [...readFolder(join(import.meta.dirname, '..', 'fixtures', 'aws', 'corp'))];

/** A path into a JSON value, chosen by the numbers in `picks`. */
function pathIn(v: unknown, picks: readonly number[]): (string | number)[] {
  const out: (string | number)[] = [];
  for (const k of picks) {
    if (Array.isArray(v) && v.length > 0) {
      out.push(k % v.length);
      v = v[k % v.length];
    } else if (v !== null && typeof v === 'object' && Object.keys(v).length > 0) {
      const key = Object.keys(v)[k % Object.keys(v).length]!;
      out.push(key);
      v = (v as Record<string, unknown>)[key];
    } else break;
  }
  return out;
}

const hostile = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', '__proto__', 'constructor', '0.0.0.0/0', '10.0.0.0/33', 'vpc-nowhere', 'subnet-\u001b[31m', 'a\nb', -1, 2 ** 32, null, true, [], {}),
);

/** One file of the corp export, its text replaced, mutated at a path, or renamed. */
const folder = fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), hostile, fc.constantFrom(...EC2_FILES, 'AuthorizationDetails', 'Unknown', '__proto__', 'constructor')).map(([which, how, picks, value, name]) => {
  const files = new Map(corp);
  const [path, text] = corp[which % corp.length]!;
  if (how === 0) files.set(path, typeof value === 'string' ? value : JSON.stringify(value));
  else if (how === 1) {
    const v = JSON.parse(text) as unknown;
    const p = pathIn(v, picks);
    if (p.length > 0) {
      let parent = v as Record<string | number, unknown>;
      for (const seg of p.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
      parent[p[p.length - 1]!] = value;
    }
    files.set(path, JSON.stringify(v));
  } else if (how === 2) {
    files.delete(path);
    files.set(`${path.slice(0, path.lastIndexOf('/') + 1)}${name}.json`, text);
  } else files.set(path, text.slice(0, Math.max(0, text.length - 1 - (picks[0] ?? 0))));
  return files;
});

describe('the importer with any export folder', () => {
  it('imports to a scenario that loads, or names the file of each problem; never throws', () => {
    fc.assert(
      fc.property(folder, (files) => {
        const r = importAws(files);
        expect(r.diagnostics.filter((d) => d.code === 'internal')).toEqual([]);
        for (const d of r.diagnostics) {
          expect(d.file, d.message).toBeTruthy();
          expect(d.message).not.toMatch(/undefined|\[object Object\]|is not a function|Cannot read propert/);
        }
        if (r.diagnostics.some((d) => d.severity === 'error')) return;
        const loaded = loadScenario(scenarioToYaml(r.scenario), 'imported.yaml');
        expect(loaded.ok ? [] : loaded.errors.slice(0, 3)).toEqual([]);
      }),
      { numRuns: 150, seed: 18 },
    );
  });
});
