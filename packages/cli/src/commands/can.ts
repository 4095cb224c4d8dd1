// `vpcsim can`: is this API request allowed, and which statement decided it?
import type { DecisionLike, RequestLike, RequestNetworkLike, TraceLike } from '../engine-types.js';
import { loadAnalysis, loadIam } from '../engines.js';
import { loadModel } from '../load.js';
import { CliError } from '../errors.js';

/** The decision and, for a request sent `from` an instance, its network path. */
export interface CanOutcome {
  readonly request: RequestLike;
  readonly decision: DecisionLike;
  readonly trace?: TraceLike | undefined;
  readonly network?: RequestNetworkLike | undefined;
  /** The principal judged, when the engine expanded it (requests `from` an instance). */
  readonly principal?: string | undefined;
}

/**
 * Parses repeated `--context key=value` flags. A key given more than once becomes a
 * multi-valued key (`--context aws:TagKeys=team --context aws:TagKeys=env`); values are
 * strings, commas included, as IAM compares them.
 */
export function parseContext(pairs: readonly string[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const p of pairs) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new CliError(`\`--context ${p}\` is not \`key=value\``, 2, 'write e.g. `--context aws:SecureTransport=true`');
    const k = p.slice(0, eq);
    const v = p.slice(eq + 1);
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Judges `request` against the scenario in `file` (over the network first with `from`). */
export async function canCommand(file: string, request: RequestLike): Promise<CanOutcome> {
  const model = await loadModel(file);
  if (request.from !== undefined) {
    const analysis = await loadAnalysis();
    const r = analysis.request(model, request);
    const errors = [...r.decision.errors, ...r.errors.filter((e) => !r.decision.errors.includes(e))];
    return { request, decision: { ...r.decision, errors }, trace: r.trace, network: r.network, principal: r.principal };
  }
  const iam = await loadIam();
  return { request, decision: iam.evaluate(model, request) };
}

/** Exit code of a decision: 0 allowed, 1 denied, 2 when errors kept it from being judged. */
export function canExitCode(o: CanOutcome): number {
  if (o.decision.errors.some((e) => e.severity !== 'warning')) return 2;
  return o.decision.decision === 'allowed' ? 0 : 1;
}
