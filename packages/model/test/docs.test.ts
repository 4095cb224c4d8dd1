// docs/scenario-format.md stays true: every field of the format is documented, and the complete
// examples (```yaml blocks that start with `version: 1`) are valid scenarios.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostic.js';
import { compile, Scenario } from '../src/index.js';
import { parseScenarioText } from '../src/loader.js';

const doc = readFileSync(new URL('../../../docs/scenario-format.md', import.meta.url), 'utf8');
const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; options?: z.ZodType[]; getter?: () => z.ZodType; in?: z.ZodType; valueType?: z.ZodType };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Every object key of the schema, except inside policy documents (AWS's own grammar). */
function fields(s: z.ZodType, out: Set<string>, seen = new Set<z.ZodType>()): Set<string> {
  if (seen.has(s)) return out;
  seen.add(s);
  const d = defOf(s);
  if (d.type === 'object' && d.shape) {
    for (const [k, v] of Object.entries(d.shape)) {
      out.add(k);
      if (!['policy', 'document', 'trustPolicy', 'sessionPolicy', 'inlinePolicies'].includes(k)) fields(v, out, seen);
    }
  }
  for (const next of [d.element, d.innerType, d.in, d.valueType, d.getter?.(), ...(d.options ?? [])]) if (next) fields(next, out, seen);
  return out;
}

describe('docs/scenario-format.md', () => {
  it('names every field of the format', () => {
    const missing = [...fields(Scenario, new Set())].filter((k) => !new RegExp(`(^|[\\s{,\`])${k}:|\`${k}\``, 'm').test(doc));
    expect(missing).toEqual([]);
  });
  it('its complete examples are valid scenarios, without warnings', () => {
    const complete = blocks.filter((b) => b.startsWith('version: 1'));
    expect(complete.length).toBeGreaterThanOrEqual(2);
    for (const b of complete) {
      const r = compile(parseScenarioText(b).value);
      expect(r.ok ? r.warnings.map(formatDiagnostic) : r.errors.map(formatDiagnostic), b.split('\n')[1]).toEqual([]);
    }
  });
  it('every other example parses as YAML', () => {
    for (const b of blocks) expect(parseScenarioText(b.replace(/^(\s+)- \{/gm, '$1- {')).errors.map(formatDiagnostic), b.slice(0, 60)).toEqual([]);
  });
});
