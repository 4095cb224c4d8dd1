// Editing a Model: an immer recipe over the validated scenario, then compile again, so an
// edit can never produce a Model that validation would reject. Patches (immer's, with path
// arrays like zod's) describe the edit as data: fix suggestions are patches (STYLE.md 17).
import { applyPatches, enablePatches, produce, produceWithPatches, type Draft, type Patch } from 'immer';
import { compile } from './compile.js';
import { error, type Diagnostic } from './diagnostic.js';
import type { Model } from './model.js';
import type { Scenario } from './schema/index.js';

enablePatches();

/** The result of an edit: the new Model, or why the edited scenario is invalid. */
export type EditResult = { readonly ok: true; readonly model: Model } | { readonly ok: false; readonly errors: readonly Diagnostic[] };

/** An edit with the patches that perform it and the patches that undo it. */
export type EditWithPatchesResult =
  | { readonly ok: true; readonly model: Model; readonly patches: readonly Patch[]; readonly inversePatches: readonly Patch[] }
  | { readonly ok: false; readonly errors: readonly Diagnostic[]; readonly patches: readonly Patch[]; readonly inversePatches: readonly Patch[] };

function recompile(model: Model, scenario: Scenario): EditResult {
  const r = compile(scenario, { file: model.file });
  return r.ok ? { ok: true, model: r.model } : { ok: false, errors: r.errors };
}

const failed = (e: unknown): Diagnostic[] => [error('edit-failed', [], `the edit failed: ${String((e as Error)?.message ?? e)}`)];

/** Applies `recipe` to a draft of the model's scenario and compiles the result. Never throws. */
export function edit(model: Model, recipe: (draft: Draft<Scenario>) => void): EditResult {
  let next: Scenario;
  try {
    next = produce(model.scenario, (d) => {
      recipe(d);
    });
  } catch (e) {
    return { ok: false, errors: failed(e) };
  }
  return recompile(model, next);
}

/** Like `edit`, and also returns immer patches (and their inverse) for the change. */
export function editWithPatches(model: Model, recipe: (draft: Draft<Scenario>) => void): EditWithPatchesResult {
  let next: Scenario;
  let patches: Patch[];
  let inversePatches: Patch[];
  try {
    [next, patches, inversePatches] = produceWithPatches(model.scenario, (d) => {
      recipe(d);
    });
  } catch (e) {
    return { ok: false, errors: failed(e), patches: [], inversePatches: [] };
  }
  const r = recompile(model, next);
  return r.ok ? { ok: true, model: r.model, patches, inversePatches } : { ok: false, errors: r.errors, patches, inversePatches };
}

/** Applies patches (e.g. a fix suggestion) to a model's scenario and compiles the result. Never throws. */
export function applyScenarioPatches(model: Model, patches: readonly Patch[]): EditResult {
  let next: Scenario;
  try {
    next = applyPatches(model.scenario, [...patches]);
  } catch (e) {
    return { ok: false, errors: failed(e) };
  }
  return recompile(model, next);
}
