// A small scenario is validated without zod's compiled fast path (compile's `textLength`: the
// start of a command on a small file is a tenth cheaper); a large one, and every value compiled
// without a text (edits), with it. Both ways must give the same answer: the same model, errors
// and warnings, for every worked and invalid scenario and for scenarios with a value replaced
// anywhere by another JSON value.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, parseScenarioText, type CompileResult } from '../src/index.js';

const root = join(import.meta.dirname, '../../..');
const files = [
  ...readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'scenarios', f)),
  ...readdirSync(join(root, 'scenarios', 'invalid')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'scenarios', 'invalid', f)),
];

/** What a caller sees of a compile: the scenario it built, or its errors, and the warnings. */
function outcome(r: CompileResult): unknown {
  return r.ok ? { scenario: r.model.scenario, warnings: r.warnings } : { errors: r.errors, warnings: r.warnings };
}

function bothWays(value: unknown, file: string): [unknown, unknown] {
  return [outcome(compile(value, { file, textLength: 1 })), outcome(compile(value, { file }))];
}

describe('validation with and without zod compiled fast path', () => {
  it.each(files.map((f) => [f.slice(root.length + 1), f]))('%s: the same outcome', (_, f) => {
    const value = parseScenarioText(readFileSync(f, 'utf8'), f).value;
    const [small, large] = bothWays(value, f);
    expect(small).toEqual(large);
  });

  it('a value replaced anywhere in a scenario: the same outcome', () => {
    const base = parseScenarioText(readFileSync(join(root, 'scenarios', 'vpc-three-tier.yaml'), 'utf8')).value;
    // every path into the scenario, to replace the value there
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, p: (string | number)[]): void => {
      paths.push(p);
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
      else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...p, k]);
    };
    walk(base, []);
    fc.assert(
      fc.property(fc.constantFrom(...paths.slice(1)), fc.jsonValue({ maxDepth: 2 }), (path, replacement) => {
        const value = structuredClone(base) as Record<string | number, unknown>;
        let at: Record<string | number, unknown> = value;
        for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
        at[path[path.length - 1]!] = replacement;
        const [small, large] = bothWays(value, 'x.yaml');
        expect(small).toEqual(large);
      }),
      { numRuns: 300, seed: 64 },
    );
  });
});
