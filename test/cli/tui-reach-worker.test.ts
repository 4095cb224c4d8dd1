// The terminal UI's reach worker (packages/cli/src/tui/reach-run.ts, reach-worker.ts) as built,
// in a Node process of its own as `vpcsim tui` runs it: a question answered on a worker thread
// is the answer `reachQuery` gives in this thread; a stopped walk reports nothing; a failure is
// a message, never a hang.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { reachQuery, type ReachResult } from '@vpcsim/analysis';
import { loadFile } from '../../packages/cli/src/load.js';
import { ensureBuilt, ROOT } from './helpers.js';

const THREE_TIER = join(ROOT, 'scenarios', 'vpc-three-tier.yaml');
const dist = (f: string) => JSON.stringify(pathToFileURL(join(ROOT, 'packages', 'cli', 'dist', f)).href);

interface Asked {
  readonly events: string[];
  readonly sides?: { sources: number; destinations: number };
  readonly result?: ReachResult;
  readonly message?: string;
  /** Events of a question stopped at once, before this one was asked. */
  readonly stopped?: string[];
}

/** Asks questions on the built worker runner in a fresh Node process; `stopFirst`: a question stopped at once before them. */
function ask(questions: readonly unknown[], opts: { stopFirst?: boolean; breakScenario?: boolean } = {}): Asked[] {
  const script = `
    const { workerRunner } = await import(${dist('tui/reach-run.js')});
    const { loadFile } = await import(${dist('load.js')});
    const loaded = await loadFile(${JSON.stringify(THREE_TIER)});
    const model = ${opts.breakScenario ? '{ ...loaded.model, scenario: { version: 99 } }' : 'loaded.model'};
    const runner = workerRunner(undefined, ${JSON.stringify(THREE_TIER)});
    const stopped = [];
    if (${Boolean(opts.stopFirst)}) runner.start(model, {}, { sides: () => stopped.push('sides'), done: () => stopped.push('done'), fail: () => stopped.push('fail') })();
    const out = [];
    for (const q of ${JSON.stringify(questions)}) {
      const a = { events: [], stopped };
      await new Promise((resolve) => runner.start(model, q, {
        sides: (s) => { a.events.push('sides'); a.sides = s; },
        done: (r) => { a.events.push('done'); a.result = r; resolve(); },
        fail: (m) => { a.events.push('fail'); a.message = m; resolve(); },
      }));
      out.push(a);
    }
    process.stdout.write(JSON.stringify(out));`;
  // a file, not `-e`: a worker takes its parent's flags, and `--input-type` is not one it accepts
  const dir = mkdtempSync(join(tmpdir(), 'vpcsim-reach-worker-'));
  try {
    writeFileSync(join(dir, 'ask.mjs'), script);
    const r = spawnSync(process.execPath, [join(dir, 'ask.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 /* liveness only */ });
    if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout) as Asked[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the reach worker (built, as `vpcsim tui` runs it)', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  it('answers on a worker thread what reachQuery answers here, after saying how many sources it walks', async () => {
    const q = { from: ['internet'] };
    const [a] = ask([q]);
    expect(a!.events).toEqual(['sides', 'done']);
    expect(a!.sides).toEqual({ sources: 1, destinations: 5 });
    const loaded = await loadFile(THREE_TIER);
    if (!loaded.ok) throw new Error('vpc-three-tier.yaml did not load');
    const here = reachQuery(loaded.model, q);
    expect(a!.result?.lines).toEqual(here.lines);
    expect(a!.result?.witnesses).toEqual(here.witnesses);
    expect(a!.result?.complete).toBe(true);
  });

  it('answers a question that names nothing with its error and did-you-mean, as the CLI does', () => {
    const [a] = ask([{ from: ['i-wbe-1'] }]);
    expect(a!.result?.complete).toBe(false);
    expect(a!.result?.errors[0]).toMatchObject({ path: ['from'], message: 'no endpoint `i-wbe-1`', hint: 'did you mean `i-web-1`?' });
  });

  it('reports nothing of a walk once it is stopped, and answers the next question', () => {
    const [a] = ask([{ from: ['internet'] }], { stopFirst: true });
    expect(a!.stopped).toEqual([]);
    expect(a!.result?.lines).toHaveLength(1);
  });

  it('fails with a message when the worker cannot answer', () => {
    const [a] = ask([{}], { breakScenario: true });
    expect(a!.events).toEqual(['fail']);
    expect(a!.message).toMatch(/^the scenario did not compile again on the worker: /);
  });
});
