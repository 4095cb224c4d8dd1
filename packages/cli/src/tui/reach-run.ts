// Running a reach question for the terminal UI. The walk can take seconds (minutes, asked of
// every source of a large estate), so the UI runs it on a worker thread (reach-worker.ts): keys
// keep working, the screen says what is being walked, and esc or a new question stops it (the
// worker is terminated). Where the worker's file is not there (the tests run the TypeScript
// sources), it runs in this thread after the screen has drawn, as the checks screen does.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReachQuery, ReachResult } from '@vpcsim/analysis';
import type { Model } from '@vpcsim/model';
import type { AnalysisApi } from '../engines.js';

/** How many sources and destinations are walked. */
export interface ReachSides {
  readonly sources: number;
  readonly destinations: number;
}

/** What a run reports, once each at most: the sides (before the walk), then the answer or a failure. */
export interface ReachEvents {
  sides(s: ReachSides): void;
  done(r: ReachResult): void;
  fail(message: string): void;
}

/** Starts reach questions; `start` returns what stops the run (no event comes after it). */
export interface ReachRunner {
  start(model: Model, query: ReachQuery, on: ReachEvents): () => void;
}

/** What the worker posts. */
export type WorkerMessage = { readonly type: 'sides'; readonly sides: ReachSides } | { readonly type: 'done'; readonly result: ReachResult } | { readonly type: 'fail'; readonly message: string };

/** What the worker is given. */
export interface WorkerInput {
  /** The scenario as the UI loaded it (compiled again in the worker: a Model does not cross threads). */
  readonly scenario: unknown;
  readonly file: string;
  readonly query: ReachQuery;
}

const message = (e: unknown): string => (e instanceof Error ? `${e.message}${'hint' in e && e.hint ? ` — hint: ${String(e.hint)}` : ''}` : String(e));

/** Runs in this thread, a step per timer tick so that the screen draws "walking…" first. */
export function inThreadRunner(analysis: AnalysisApi | undefined): ReachRunner {
  return {
    start(model, query, on) {
      let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(() => {
        if (!analysis?.reach) {
          on.fail('the reach question needs @vpcsim/analysis, not available in this build');
          return;
        }
        try {
          if (analysis.reachSides) on.sides(analysis.reachSides(model, query));
        } catch {
          // the walk itself reports what is wrong with the question
        }
        timer = setTimeout(() => {
          timer = undefined;
          try {
            on.done(analysis.reach!(model, query));
          } catch (e) {
            on.fail(message(e));
          }
        }, 10);
      }, 10);
      return () => {
        if (timer !== undefined) clearTimeout(timer);
        timer = undefined;
      };
    },
  };
}

/** The worker's file beside this module's (dist/tui/, or the bundle's folder), if it is there. */
function workerFile(): URL | undefined {
  const url = new URL('./reach-worker.js', import.meta.url);
  try {
    return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs on a worker thread, one per question (esc or a new question terminates it); in this
 * thread (inThreadRunner) when the worker's file is not there or the scenario cannot be sent.
 */
export function workerRunner(analysis: AnalysisApi | undefined, file: string): ReachRunner {
  const url = workerFile();
  const fallback = inThreadRunner(analysis);
  if (!url) return fallback;
  return {
    start(model, query, on) {
      let worker: Worker;
      try {
        const input: WorkerInput = { scenario: model.scenario, file, query };
        worker = new Worker(url, { workerData: input });
      } catch {
        return fallback.start(model, query, on);
      }
      let over = false;
      const end = (): void => {
        over = true;
        void worker.terminate();
      };
      worker.unref();
      worker.on('message', (m: WorkerMessage) => {
        if (over) return;
        if (m.type === 'sides') on.sides(m.sides);
        else {
          end();
          if (m.type === 'done') on.done(m.result);
          else on.fail(m.message);
        }
      });
      worker.on('error', (e: Error & { code?: string }) => {
        if (over) return;
        end();
        on.fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'the reach question ran out of memory: narrow it (from, to, protocol, port)' : message(e));
      });
      worker.on('exit', (code) => {
        if (over) return;
        over = true;
        on.fail(`the reach worker stopped (exit code ${code}) before it answered`);
      });
      return end;
    },
  };
}
