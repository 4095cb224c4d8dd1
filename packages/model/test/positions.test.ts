// Positions of valid text come from js-yaml's events (src/positions.ts); the yaml Document is the
// oracle: for every path of every scenario, fixture and data file of the repository, and of
// random values written as block and flow YAML and as JSON, both give the same line and column
// (and for a path not in the text, the same nearest written ancestor).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';
import { fastLocator } from '../src/positions.js';
import type { Path } from '../src/diagnostic.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** The yaml Document's answer, written out: the last key or item found along the path. */
function oracle(text: string): (path: Path) => { line: number; column: number } | undefined {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, version: '1.2' });
  const at = (n: unknown) => {
    const r = (n as Node | null | undefined)?.range;
    if (!r) return undefined;
    const p = lc.linePos(r[0]);
    return { line: p.line, column: p.col };
  };
  return (path) => {
    let node: unknown = doc.contents;
    let best = at(node);
    for (const seg of path) {
      if (isAlias(node)) return best;
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) === String(seg) : p.key === seg));
        if (!pair) return best;
        best = at(pair.key) ?? best;
        node = pair.value;
      } else if (isSeq(node)) {
        const item = typeof seg === 'number' ? node.items[seg] : undefined;
        if (item === undefined) return best;
        best = at(item) ?? best;
        node = item;
      } else return best;
    }
    return best;
  };
}

/** Every path of a value, and one child path that is not there under each. */
function paths(v: unknown, pre: Path = [], out: Path[] = []): Path[] {
  out.push(pre, [...pre, 'not-there']);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...pre, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...pre, k], out);
  return out;
}

function agree(text: string, value: unknown): void {
  const fast = fastLocator(text);
  expect(fast, 'js-yaml events give a trusted tree').toBeDefined();
  const slow = oracle(text);
  for (const p of paths(value)) expect(fast!(p), JSON.stringify(p)).toEqual(slow(p));
}

function dataFiles(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) {
      if (f !== 'node_modules' && f !== 'dist' && !f.startsWith('.')) dataFiles(p, out);
    } else if (/\.(ya?ml|json)$/.test(f) && !/^(package(-lock)?|tsconfig.*)\.json$/.test(f)) out.push(p);
  }
  return out;
}

describe('positions from js-yaml events', () => {
  const files = [...dataFiles(join(root, 'scenarios')), ...dataFiles(join(root, 'packages')), ...dataFiles(join(root, 'docs'))];

  it('the repository has data files to check', () => expect(files.length).toBeGreaterThan(30));

  it.each(files.map((f) => f.slice(root.length + 1)))('%s: every path where the yaml Document puts it', (f) => {
    const text = readFileSync(join(root, f), 'utf8');
    const doc = parseDocument(text, { version: '1.2' });
    if (doc.errors.length > 0) return; // the invalid fixtures keep the yaml Document
    agree(text, doc.toJS());
  });

  it('random values written as block YAML, flow YAML and JSON', () => {
    const key = fc.constantFrom('a', 'b', 'id', 'Statement', '0', '10', 'x y', 'k:v');
    const leaf = fc.oneof(fc.constantFrom('s', 'two words', '10.0.0.0/16', '*', 'a: b', '', '# not a comment'), fc.integer(), fc.boolean(), fc.constant(null));
    const value = fc.letrec<{ v: unknown }>((tie) => ({ v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(key, tie('v'), { maxKeys: 3 })) })).v;
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }), fc.constantFrom('block', 'flow', 'json'), (raw, style) => {
        const text = style === 'json' ? JSON.stringify(raw, null, 1) : style === 'flow' ? stringify(raw, { collectionStyle: 'flow' }) : `# a comment\n${stringify(raw)}`;
        agree(text, parseDocument(text, { version: '1.2' }).toJS());
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it('comments and blank lines between a key and its value, and before items', () => {
    const text = 'a:\n  # the first\n\n  b: 1\n  c:   # trailing\n    - x\n    # between\n    - { d: [1, 2], e: f }\nlist:\n# at the margin\n- 1\n';
    agree(text, parseDocument(text, { version: '1.2' }).toJS());
    expect(fastLocator(text)!(['a', 'c', 1, 'e'])).toEqual({ line: 8, column: 20 });
    // an explicit key opens before its spaces
    const explicit = 'top:\n  ?   long key\n  : 1\n  ? # the key, below\n    other\n  : 2\n';
    agree(explicit, parseDocument(explicit, { version: '1.2' }).toJS());
    expect(fastLocator(explicit)!(['top', 'long key'])).toEqual({ line: 2, column: 7 });
    expect(fastLocator(explicit)!(['top', 'other'])).toEqual({ line: 5, column: 5 });
  });

  it('a text js-yaml cannot read gives no locator (the loader keeps the yaml Document)', () => {
    expect(fastLocator('a: [1, 2\n')).toBeUndefined();
  });
});
