#!/usr/bin/env node
// The `vpcsim` command. All the work is in main.ts; this only binds it to the process, and says
// plainly when the output cannot be written.
import { run } from './main.js';
import { describeFsError } from './load.js';

/**
 * A stream that cannot be written: `vpcsim schema | head` closes the pipe, which ends the
 * command quietly, as `cat` does; a full disk (`vpcsim schema > /dev/full`), a quota or an I/O
 * error is said in one line on stderr, exit 2. Never a stack trace.
 */
function onWriteError(stream: 'stdout' | 'stderr') {
  return (e: NodeJS.ErrnoException): void => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    if (stream === 'stdout') {
      try {
        process.stderr.write(`vpcsim: cannot write the output: ${describeFsError(e)}\n  hint: ${e.code === 'ENOSPC' || e.code === 'EDQUOT' ? 'free some space, or write the output elsewhere' : 'check where the output goes'}\n`);
      } catch {
        // stderr is gone too: the exit code says it
      }
    }
    process.exit(2);
  };
}
process.stdout.on('error', onWriteError('stdout'));
process.stderr.on('error', onWriteError('stderr'));

// no top-level await: the installed package also bundles this file as one CommonJS script
// (bundle/cli.cjs, run through a V8 code cache: scripts/run-cached.cjs)
void run(process.argv.slice(2), {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  stdinIsTTY: process.stdin.isTTY === true,
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
