// compile(raw) → Model: schema, validation, normalization and indexes, once per scenario.
import { buildIndex } from './build-index.js';
import type { Diagnostic } from './diagnostic.js';
import { withHint } from './hints.js';
import type { Model } from './model.js';
import { normalizeNetwork, scopeOf } from './normalize.js';
import { escapeKeys } from './schema/dict.js';
import { Scenario } from './schema/index.js';
import { validateScenario } from './validate/index.js';
import { textProblems } from './validate/text.js';
import { MAX_REPORTED, moreProblems, zodDiagnostics } from './validate/zod.js';

/** The result of compiling a scenario: a Model, or the errors that prevent one. */
export type CompileResult =
  | { readonly ok: true; readonly model: Model; readonly warnings: readonly Diagnostic[] }
  | { readonly ok: false; readonly errors: readonly Diagnostic[]; readonly warnings: readonly Diagnostic[] };

/** Options for compile. */
export interface CompileOptions {
  /** The file the scenario came from, set on every diagnostic. */
  readonly file?: string | undefined;
  /**
   * The length of the text the scenario was read from, when it was. A small scenario is
   * validated without zod's compiled fast path: compiling it (a function per object schema, on
   * first use) costs more than it saves on a few hundred objects read once, a tenth of a
   * command's start.
   */
  readonly textLength?: number | undefined;
}

/** Texts shorter than this are validated without zod's compiled fast path (see `textLength`). */
const SMALL_TEXT = 64 * 1024;

/** The first MAX_REPORTED diagnostics, and one that counts the rest. */
function capped(ds: Diagnostic[]): Diagnostic[] {
  return ds.length <= MAX_REPORTED ? ds : [...ds.slice(0, MAX_REPORTED), { ...moreProblems(ds.length - MAX_REPORTED), severity: ds[0]!.severity }];
}

/**
 * Validates a parsed scenario (any JSON-like value) and builds its Model. Never throws on
 * user data: every problem comes back as a diagnostic.
 */
export function compile(raw: unknown, options: CompileOptions = {}): CompileResult {
  const file = options.file;
  const withFile = (ds: readonly Diagnostic[]): Diagnostic[] => ds.map((d) => withHint(file === undefined ? d : { ...d, file }));
  // text that is not text (NUL, ESC, lone surrogates) first: it would print as something else
  const bad = textProblems(raw);
  if (bad.length > 0) return { ok: false, errors: withFile(bad), warnings: [] };
  // keys zod would drop (`__proto__`) are escaped first; Dict schemas unescape them
  const input = escapeKeys(raw);
  const parsed = Scenario.safeParse(input, { jitless: options.textLength !== undefined && options.textLength < SMALL_TEXT });
  if (!parsed.success) return { ok: false, errors: withFile(zodDiagnostics(parsed.error.issues, input)), warnings: [] };
  const scenario = parsed.data;
  const found = validateScenario(scenario);
  const errors = capped(found.filter((d) => d.severity === 'error'));
  const warnings = capped(found.filter((d) => d.severity === 'warning'));
  if (errors.length > 0) return { ok: false, errors: withFile(errors), warnings: withFile(warnings) };
  try {
    const network = normalizeNetwork(scenario, warnings);
    const model: Model = Object.freeze({ scenario, file, defaults: scopeOf(scenario), network, index: buildIndex(network), warnings: withFile(warnings) });
    return { ok: true, model, warnings: model.warnings };
  } catch (e) {
    // INVARIANT: validation rejects everything normalization cannot handle; reaching this is a bug.
    return {
      ok: false,
      errors: withFile([{ code: 'internal', severity: 'error', path: [], message: `internal error while building the model: ${(e as Error).message}`, hint: 'this is a vpcsim bug: please report it with the scenario' }]),
      warnings: withFile(warnings),
    };
  }
}
