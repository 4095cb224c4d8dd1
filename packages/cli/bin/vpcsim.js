#!/usr/bin/env node
// The installed `vpcsim` command: a plain-JS shim so npm can link it before the build runs. In
// the repository it runs the TypeScript build (dist/); in a package made by `npm pack` (which
// ships no dist/), the self-contained bundle (scripts/bundle.mjs): the terminal UI (`tui`,
// `start`) from its ES modules, every other command from one script through a V8 code cache.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

if (existsSync(new URL('../dist/bin.js', import.meta.url))) await import('../dist/bin.js');
else if (process.argv[2] === 'tui' || process.argv[2] === 'start') await import('../bundle/bin.js');
else createRequire(import.meta.url)('../bundle/run-cached.cjs');
