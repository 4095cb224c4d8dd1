// STYLE.md 1-2: each package's dependencies and tsconfig references are its allowed
// dependencies, in one direction: model ← iam, net ← analysis ← cli; import-aws → model.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const allowed: Record<string, string[]> = {
  model: [],
  iam: ['model'],
  net: ['model'],
  'import-aws': ['model'],
  analysis: ['model', 'iam', 'net'],
  cli: ['model', 'iam', 'net', 'analysis', 'import-aws'],
};

describe('package dependency direction', () => {
  const pkgs = readdirSync(join(root, 'packages'));
  it('has exactly the designed packages', () => {
    expect(pkgs.sort()).toEqual(Object.keys(allowed).sort());
  });
  for (const p of pkgs) {
    it(`${p} depends only on what it may`, () => {
      const pj = JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      const deps = Object.keys(pj.dependencies ?? {}).filter((d) => d.startsWith('@vpcsim/')).map((d) => d.slice(8));
      for (const d of deps) expect(allowed[p], `${p} must not depend on ${d}`).toContain(d);
      const ts = JSON.parse(readFileSync(join(root, 'packages', p, 'tsconfig.json'), 'utf8')) as { references?: { path: string }[] };
      const refs = (ts.references ?? []).map((r) => r.path.replace('../', ''));
      expect(refs.sort()).toEqual(deps.sort());
    });
    it(`${p} sources import only allowed packages`, () => {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
      for (const f of walk(join(root, 'packages', p, 'src'))) {
        const text = readFileSync(f, 'utf8');
        for (const m of text.matchAll(/from\s+'@vpcsim\/([\w-]+)'/g)) {
          expect(allowed[p], `${f} imports @vpcsim/${m[1]}`).toContain(m[1]);
        }
      }
    });
  }
});
