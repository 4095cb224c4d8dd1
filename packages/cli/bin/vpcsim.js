#!/usr/bin/env node
// The installed `vpcsim` command: a plain-JS shim so npm can link it before the build runs.
import '../dist/bin.js';
