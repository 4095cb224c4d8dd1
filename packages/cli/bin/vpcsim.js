#!/usr/bin/env node
// The installed `vpcsim` command: a plain-JS shim so npm can link it before the build runs. In
// the repository it runs the TypeScript build (dist/); in a package made by `npm pack` (which
// ships no dist/), the self-contained bundle (bundle/, scripts/bundle.mjs).
import { existsSync } from 'node:fs';

await import(existsSync(new URL('../dist/bin.js', import.meta.url)) ? '../dist/bin.js' : '../bundle/bin.js');
