// The Node options worker threads of `--jobs N` take from the main process: those that only say
// how the main script was given are left out (Node refuses `--input-type` in a worker, and
// vpcsim started as `node --input-type=module -e ...` failed every check with "a worker thread
// failed").
import { describe, expect, it } from 'vitest';
import { workerNodeOptions } from '../src/jobs.js';

describe('workerNodeOptions', () => {
  it('drops --input-type, --eval and --print with their values, keeps the rest', () => {
    expect(workerNodeOptions(['--input-type=module', '-e', 'x', '--max-old-space-size=4096'])).toEqual(['--max-old-space-size=4096']);
    expect(workerNodeOptions(['--input-type', 'module', '--print', '1', '--conditions=source', '--eval=1'])).toEqual(['--conditions=source']);
    expect(workerNodeOptions(['--enable-source-maps', '--stack-size=2000'])).toEqual(['--enable-source-maps', '--stack-size=2000']);
  });
});
