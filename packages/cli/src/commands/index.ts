// Every command's `run`, loaded on demand so that `vpcsim trace` never loads the UI (ink,
// React) nor the engines it does not use. A command in cli-spec.ts without an entry here does
// not compile (the `satisfies` below).
import type { Run } from '../command-context.js';
import type { CommandName } from '../cli-spec.js';

export const RUNNERS = {
  check: async () => (await import('./check.js')).runCheck,
  validate: async () => (await import('./check.js')).runValidate,
  trace: async () => (await import('./trace.js')).run,
  reach: async () => (await import('./reach.js')).run,
  can: async () => (await import('./can.js')).run,
  diff: async () => (await import('./diff.js')).run,
  import: async () => (await import('./import.js')).run,
  schema: async () => (await import('./schema.js')).run,
  init: async () => (await import('./init.js')).run,
  'who-can': async () => (await import('./who-can.js')).run,
  findings: async () => (await import('./findings.js')).run,
  paths: async () => (await import('./paths.js')).run,
  tui: async () => (await import('./tui.js')).run,
  start: async () => (await import('./tui.js')).runStart,
} satisfies Record<CommandName, () => Promise<Run>>;
