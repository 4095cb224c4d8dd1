// The terminal UI's reach worker (reach-run.ts): compiles the scenario it is given, posts how
// many sources and destinations the question names, then walks them and posts the answer.
// One question per worker: the UI terminates it to stop the walk.
import { parentPort, workerData } from 'node:worker_threads';
import { compile } from '@vpcsim/model';
import { reachQuery, reachSides } from '@vpcsim/analysis';
import type { WorkerInput, WorkerMessage } from './reach-run.js';

const post = (m: WorkerMessage): void => parentPort?.postMessage(m);
const input = workerData as WorkerInput;
try {
  const c = compile(input.scenario, { file: input.file });
  if (!c.ok) post({ type: 'fail', message: `the scenario did not compile again on the worker: ${c.errors[0]?.message ?? 'unknown error'}` });
  else {
    post({ type: 'sides', sides: reachSides(c.model, input.query) });
    post({ type: 'done', result: reachQuery(c.model, input.query) });
  }
} catch (e) {
  post({ type: 'fail', message: e instanceof Error ? e.message : String(e) });
}
