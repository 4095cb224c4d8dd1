// A worker thread of `--jobs N` (jobs.ts): loads the scenario files of its job itself (a model
// does not cross threads), runs its share and posts the answer as plain data, or why it has none.
// Built beside bin.js (dist/worker.js, bundle/worker.js: scripts/bundle.mjs makes it an entry).
import { parentPort, workerData } from 'node:worker_threads';
import type { Model } from '@vpcsim/model';
import { CliError } from './errors.js';
import { runJob, type Job, type Reply } from './jobs.js';
import { loadModel } from './load.js';

const job = workerData as Job;
const models = new Map<string, Promise<Model>>();
const model = (file: string): Promise<Model> => {
  let m = models.get(file);
  if (!m) models.set(file, (m = loadModel(file)));
  return m;
};

let reply: Reply;
try {
  const value = await runJob(job, model);
  // check results may carry a function (`explainDecision`, for the UI): data only crosses threads
  reply = { ok: true, value: job.kind === 'check' ? { files: (value as { files: { file: string; results: object[] }[] }).files.map((f) => ({ file: f.file, results: f.results.map(({ explainDecision: _, ...r }: { explainDecision?: unknown }) => r) })) } : value };
} catch (e) {
  const user = e instanceof CliError;
  const err = e instanceof Error ? e : new Error(String(e));
  // the parent read these files first: one that now reads differently changed in between
  reply = { ok: false, user, message: user ? `${err.message} (read again by a worker thread: did the file change while vpcsim ran?)` : err.message, hint: user ? (e.hint ?? undefined) : undefined, stack: err.stack };
}
parentPort!.postMessage(reply);
