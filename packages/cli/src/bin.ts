#!/usr/bin/env node
// The `vpcsim` command. All the work is in main.ts; this only binds it to the process.
import { run } from './main.js';

// `vpcsim schema | head`: a closed pipe ends the command quietly, as `cat` does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const code = await run(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  stdinIsTTY: process.stdin.isTTY === true,
  env: process.env,
});
process.exitCode = code;
