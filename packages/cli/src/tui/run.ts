// Starts the terminal UI on a scenario file (loaded with `await import()` by the CLI, so
// commands other than `tui` never load React or ink).
import { createElement } from 'react';
import { render } from 'ink';
import { loadAnalysis, loadIam, loadNet } from '../engines.js';
import { loadFile } from '../load.js';
import { App, type Engines } from './App.js';
import { initialState } from './state.js';

/** Loads `file`, renders the UI until the user quits, and resolves to the exit code (0). */
export async function runTui(file: string): Promise<number> {
  const loaded = await loadFile(file);
  // An engine that fails to load leaves its screen showing why; the rest of the UI still works.
  const optional = <T,>(p: Promise<T>): Promise<T | undefined> => p.catch(() => undefined);
  const engines: Engines = { net: await optional(loadNet()), iam: await optional(loadIam()), analysis: await optional(loadAnalysis()) };
  // Start on the scenario's first traced expectation, so the screen shows a path at once.
  const sample = loaded.ok ? loaded.model.scenario.expect?.find((e) => e.trace)?.trace : undefined;
  const initial = initialState(
    sample ? { flow: { from: sample.from, to: sample.to, protocol: String(sample.protocol ?? 'tcp'), port: sample.port === undefined ? '' : String(sample.port) } } : {},
  );
  const app = render(createElement(App, { loaded, engines, initial }), { exitOnCtrlC: true });
  await app.waitUntilExit();
  return 0;
}
