// The installed CLI's entry for every command but the terminal UI (bin/vpcsim.js chooses):
// runs bundle/cli.cjs, the whole CLI in one script, through a V8 code cache. Node 20 has no
// compile cache of its own (`module.enableCompileCache` is Node 22), and compiling the bundle
// is a fifth of `vpcsim trace`'s cold start; V8's cached data skips it
// (https://nodejs.org/api/vm.html#scriptcreatecacheddata), as Node 22's own cache does.
//
// The cache is a file per bundle build, Node (V8) version and CPU architecture in the user's
// cache folder (VPCSIM_CACHE_DIR, else $XDG_CACHE_HOME/vpcsim or ~/.cache/vpcsim; macOS
// ~/Library/Caches/vpcsim; Windows %LOCALAPPDATA%\vpcsim\Cache). The build's hash is in the
// file name because V8 checks only the source's length before accepting cached data. It is
// written after the first run, at exit, through a temporary file and a rename (two runs at
// once never see half a file); V8 rejects data made by another version or with other flags,
// and the file is then rewritten. The folder keeps the newest four. NODE_DISABLE_COMPILE_CACHE
// (Node's own switch) turns it off. Every failure to read or write it is ignored: the cache
// only saves time.
'use strict';
const { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { homedir } = require('node:os');
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
const { Script, constants } = require('node:vm');

// set by scripts/bundle.mjs: the first 16 hex digits of the SHA-256 of cli.cjs
const BUILD = '__VPCSIM_BUILD_HASH__';
// how many caches the folder keeps, this one included
const KEEP = 4;

function cacheDir() {
  const env = process.env;
  if (env.VPCSIM_CACHE_DIR) return env.VPCSIM_CACHE_DIR;
  if (process.platform === 'win32') return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'vpcsim', 'Cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'vpcsim');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'vpcsim');
}

const file = join(__dirname, 'cli.cjs');
const source = readFileSync(file, 'utf8');
const off = process.env.NODE_DISABLE_COMPILE_CACHE !== undefined;
let dir;
let name;
let cached;
if (!off) {
  try {
    dir = cacheDir();
    name = `cli-${BUILD}-${process.versions.v8}-${process.arch}.cache`;
    cached = readFileSync(join(dir, name));
  } catch {
    // no cache yet, or none can be read: compile as Node would
  }
}
// the CommonJS wrapper, as Node's own loader adds it, and the file's URL for `import.meta.url`
const script = new Script(`(function (exports, require, module, __filename, __dirname, __vpcsimUrl) {${source}\n})`, {
  filename: file,
  cachedData: cached,
  // `import('node:fs/promises')` in the bundle: resolved as in any module of the main context
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
if (!off && dir !== undefined && (cached === undefined || script.cachedDataRejected === true)) {
  process.once('exit', () => {
    try {
      const data = script.createCachedData();
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const tmp = join(dir, `${name}.${process.pid}.tmp`);
      writeFileSync(tmp, data, { mode: 0o600 });
      renameSync(tmp, join(dir, name));
      // the caches of other builds and Node versions: the newest few are kept (two installed
      // versions used in turn each keep theirs), older ones are never read again
      const others = readdirSync(dir)
        .filter((f) => f !== name && /^cli-[0-9a-f]+-.+\.cache$/.test(f))
        .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
        .sort((a, b) => b.at - a.at);
      for (const { f } of others.slice(KEEP - 1)) rmSync(join(dir, f), { force: true });
    } catch {
      // a read-only or full disk: the next run compiles again
    }
  });
}
const mod = { exports: {} };
script.runInThisContext()(mod.exports, require, mod, file, __dirname, pathToFileURL(file).href);
