// What-if: apply the fixes a blocked trace proposes to a copy of the scenario (immer patches,
// `applyScenarioPatches`), re-trace, and repeat while new fixable blockers appear. The
// original model is never changed; the result says which fixes were applied and which
// blockers need a change vpcsim cannot write (an implicit default group, a route with no target
// vpcsim can name).
import { applyScenarioPatches, pushAll, type Diagnostic, type Model } from '@vpcsim/model';
import type { ScenarioPatch } from '@vpcsim/net';
import type { BlockerLike, FlowSpec, TraceLike } from './engine-types.js';
import type { NetApi } from './engines.js';

/** The outcome of applying a trace's fixes. */
export interface WhatIf {
  /** The scenario with the fixes applied (the input model when none could be). */
  readonly model: Model;
  /** The trace on that scenario. */
  readonly trace: TraceLike;
  /** The blockers whose fixes were applied, in order. */
  readonly applied: readonly BlockerLike[];
  /** The patches applied, in order. */
  readonly patches: readonly ScenarioPatch[];
  /** Blockers left that vpcsim cannot fix by itself (their `fix` says what to change). */
  readonly unfixable: readonly BlockerLike[];
  /** Problems applying a fix (the edited scenario did not validate). */
  readonly errors: readonly Diagnostic[];
}

/** Rounds of fix-and-retrace at most (each round fixes every blocker its trace names). */
const MAX_ROUNDS = 5;

/** Applies the fixes of `trace`'s blockers to `model` and re-traces `flow`, until it is reachable or nothing more can be fixed. */
export function whatIf(net: Pick<NetApi, 'trace'>, model: Model, flow: FlowSpec, trace: TraceLike): WhatIf {
  let current = model;
  let t = trace;
  const applied: BlockerLike[] = [];
  const patches: ScenarioPatch[] = [];
  for (let round = 0; round < MAX_ROUNDS && !t.reachable; round++) {
    const fixable = t.blockers.filter((b) => b.patches !== undefined && b.patches.length > 0);
    if (fixable.length === 0) break;
    const next = fixable.flatMap((b) => b.patches!);
    const r = applyScenarioPatches(current, next.map((p) => ({ ...p, path: [...p.path] })));
    if (!r.ok) return { model: current, trace: t, applied, patches, unfixable: t.blockers.filter((b) => !applied.includes(b)), errors: r.errors };
    current = r.model;
    pushAll(applied, fixable);
    pushAll(patches, next);
    t = net.trace(current, flow);
  }
  return { model: current, trace: t, applied, patches, unfixable: t.reachable ? [] : t.blockers, errors: [] };
}

/** A patch as one readable line: `add securityGroups[2].inbound[1] = {protocol: tcp, ports: 5432, ...}`. */
export function patchLine(p: ScenarioPatch, model: Model): string {
  let path = '';
  let node: unknown = model.scenario;
  for (const k of p.path) {
    if (typeof k === 'number') path += `[${k}]`;
    else path += path ? `.${k}` : k;
    // name list items by their id where they have one: securityGroups[sg-db]
    const child = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[k] : undefined;
    const id = child !== null && typeof child === 'object' && 'id' in child ? (child as { id: unknown }).id : undefined;
    if (typeof k === 'number' && typeof id === 'string') path = `${path.slice(0, path.lastIndexOf('['))}[${id}]`;
    node = child;
  }
  const value = p.value === undefined ? '' : ` = ${inline(p.value)}`;
  return `${p.op} ${path}${value}`;
}

function inline(v: unknown): string {
  if (v === null || typeof v !== 'object') return typeof v === 'string' ? v : JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  return `{ ${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}: ${inline(x)}`).join(', ')} }`;
}
