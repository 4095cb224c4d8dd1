// STYLE.md 1-2: each package's dependencies and tsconfig references are its allowed
// dependencies, in one direction: model ← iam, net ← analysis ← cli; import-aws, import-iac → model.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const allowed: Record<string, string[]> = {
  model: [],
  iam: ['model'],
  net: ['model'],
  'import-aws': ['model'],
  'import-iac': ['model'],
  analysis: ['model', 'iam', 'net'],
  cli: ['model', 'iam', 'net', 'analysis', 'import-aws', 'import-iac'],
};

describe('package dependency direction', () => {
  const pkgs = readdirSync(join(root, 'packages'));
  it('has exactly the designed packages', () => {
    expect(pkgs.sort()).toEqual(Object.keys(allowed).sort());
  });
  for (const p of pkgs) {
    it(`${p} depends only on what it may`, () => {
      // the CLI bundles everything when packed, so it lists its dependencies as devDependencies
      const pj = JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
      const deps = Object.keys({ ...pj.dependencies, ...pj.devDependencies }).filter((d) => d.startsWith('@vpcsim/')).map((d) => d.slice(8));
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

// No test asserts wall-clock time: CI is a busy 2-core machine (test/README.md). A clock may be
// read only for a liveness bound, on a line marked `liveness`.
describe('tests never measure wall-clock time', () => {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.name === 'node_modules' || e.name === 'dist' ? [] : e.isDirectory() ? walk(join(dir, e.name)) : /\.(test|spec)?\.?tsx?$/.test(e.name) && dir.includes('test') ? [join(dir, e.name)] : [],
    );
  const files = [...walk(join(root, 'test')), ...readdirSync(join(root, 'packages')).flatMap((p) => walk(join(root, 'packages', p, 'test')))];
  it('finds the test files', () => expect(files.length).toBeGreaterThan(50));
  it('no performance.now() or Date.now() outside a liveness bound', () => {
    const offenders: string[] = [];
    for (const f of files) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (/performance\.now\(|Date\.now\(|process\.hrtime/.test(line) && !/liveness/i.test(line)) offenders.push(`${f.slice(root.length + 1)}:${i + 1}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
