// Starts the terminal UI on a scenario file (loaded with `await import()` by the CLI, so
// commands other than `tui` never load React or ink). The UI draws on the terminal's
// alternate screen, as full-screen programs do: whatever ends it (`q`, ctrl-c, a signal, a
// crash), the terminal comes back as it was, with no half frame left behind. `q` exits 0;
// ctrl-c exits 130, as an interrupted command does.
import { createElement } from 'react';
import { render } from 'ink';
import { basename, dirname, extname, join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { loadAnalysis, loadIam, loadImport, loadNet } from '../engines.js';
import { loadFile } from '../load.js';
import { App, type Engines } from './App.js';
import { initialState } from './state.js';
import { workerRunner } from './reach-run.js';

const ENTER_ALT_SCREEN = '\u001b[?1049h';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const SHOW_CURSOR = '\u001b[?25h';

/**
 * Writes `scenario` as YAML beside `file`, as `<name>.what-if.yaml` (or `-2`, `-3`, ... when
 * that exists: never over a file); resolves to the path written.
 */
export async function saveBeside(file: string, scenario: unknown, header: string): Promise<string> {
  const { scenarioToYaml } = await loadImport();
  const text = scenarioToYaml(scenario, undefined, header);
  const base = join(dirname(file), basename(file, extname(file)));
  for (let k = 1; k < 100; k++) {
    const path = `${base}.what-if${k === 1 ? '' : `-${k}`}.yaml`;
    try {
      await writeFile(path, text, { flag: 'wx' });
      return path;
    } catch (e) {
      if ((e as { code?: string }).code !== 'EEXIST') throw e;
    }
  }
  throw new Error(`99 what-if files already exist beside \`${file}\``);
}

/** Loads `file`, renders the UI until the user quits, and resolves to the exit code (0, or 130 after ctrl-c). */
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
  let code = 0;
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    process.stdout.write(`${LEAVE_ALT_SCREEN}${SHOW_CURSOR}`);
  };
  // a crash or a kill still gives the terminal back
  process.once('exit', restore);
  process.stdout.write(ENTER_ALT_SCREEN);
  const app = render(createElement(App, { loaded, engines, initial, onQuit: (c: number) => (code = c), save: (scenario: unknown, header: string) => saveBeside(file, scenario, header), reach: workerRunner(engines.analysis, file) }), {
    // ctrl-c is a key for the UI (exit 130 through onQuit); ink's own handler would exit 0
    exitOnCtrlC: false,
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    code = signal === 'SIGINT' ? 130 : 143;
    app.unmount();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await app.waitUntilExit();
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    restore();
  }
  return code;
}
