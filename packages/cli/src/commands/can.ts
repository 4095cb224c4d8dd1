// `vpcsim can`: is this API request allowed, and which statement decided it?
import type { DecisionLike, RequestLike, RequestNetworkLike, TraceLike } from '../engine-types.js';
import { flag, required, str, type CommandContext } from '../command-context.js';
import { loadAnalysis, loadIam } from '../engines.js';
import { InvalidScenarioError, loadFile, placeIn } from '../load.js';
import { CliError, FlagsError } from '../errors.js';
import { cliDiagnostics, flagProblems, inFile } from '../hints.js';
import { didYouMean, error, type Diagnostic, type Model } from '@vpcsim/model';
import { printableDeep } from '../output/printable.js';
import { writeJson } from '../output/write.js';

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
  // null prototype: a key named `__proto__` or `constructor` is a context key like any other
  const out = Object.create(null) as Record<string, string | string[]>;
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

/**
 * With `--from` and no `--principal` the credentials are the instance profile's, so `from`
 * must name an instance (or its interface): an id the scenario does not have is unknown,
 * with the closest instance id as a hint.
 */
function unknownSource(model: Model, request: RequestLike): Diagnostic | undefined {
  const from = request.from;
  if (from === undefined || request.principal !== undefined) return undefined;
  const ix = model.index;
  if (ix.instance.has(from) || ix.networkInterface.has(from) || ix.networkInterface.has(`${from}/eth0`) || ix.byId.has(from)) return undefined;
  const guess = didYouMean(from, [...ix.instance.keys()]);
  return error('unknown-endpoint', ['request', 'from'], `unknown instance \`${from}\``, guess ? `did you mean \`${guess}\`?` : 'name an instance of the scenario, or give `--principal`');
}

/** Judges `request` against the scenario in `file` (over the network first with `from`). */
export async function canCommand(file: string, request: RequestLike): Promise<CanOutcome> {
  const loaded = await loadFile(file);
  if (!loaded.ok) throw new InvalidScenarioError(loaded.file, loaded.errors);
  const model = loaded.model;
  const unknown = unknownSource(model, request);
  if (unknown) {
    const errors = inFile([unknown], file);
    return { request, decision: { decision: 'implicitly-denied', decisive: [], explain: [], errors, context: {}, principal: '' } };
  }
  // the action against AWS's catalogue: a typo is an error with did-you-mean, not a denial;
  // the policies' unknown actions and condition keys come back as located warnings
  const iamApi = await loadIam();
  const checked = inFile(iamApi.checkRequest(request), file);
  if (checked.some((d) => d.severity === 'error')) return { request, decision: { decision: 'implicitly-denied', decisive: [], explain: [], errors: checked, context: {}, principal: '' } };
  const notes = [...checked, ...placeIn(iamApi.lintPolicies(model), loaded)];
  const o = await judgeRequest(file, model, request);
  return notes.length === 0 ? o : { ...o, decision: { ...o.decision, errors: [...o.decision.errors, ...notes] } };
}

/** Errors that keep a request from being judged at all: the principal is not one the scenario has. */
const UNKNOWN_PRINCIPAL: ReadonlySet<string> = new Set(['unknown-principal', 'invalid-principal']);

/** The decision (over the network first with `from`). */
async function judgeRequest(file: string, model: Model, request: RequestLike): Promise<CanOutcome> {
  if (request.from !== undefined) {
    const analysis = await loadAnalysis();
    const r = analysis.request(model, request);
    const errors = [...r.decision.errors, ...r.errors.filter((e) => !r.decision.errors.includes(e))];
    const trace = r.trace && { ...r.trace, errors: cliDiagnostics(r.trace.errors, model, file) };
    const o: CanOutcome = { request, decision: { ...r.decision, errors: cliDiagnostics(errors, model, file, request) }, trace, network: r.network, principal: r.principal };
    // a request the network did not deliver is denied, and `network.reason` says why: not an error
    return { ...o, decision: { ...o.decision, errors: o.decision.errors.filter((e) => !notDelivered(o, e)) } };
  }
  const iam = await loadIam();
  const d = iam.evaluate(model, request);
  const errors = cliDiagnostics(d.errors, model, file, request);
  // a principal the scenario does not have (a typo, most often): not judged, never a denial
  if (d.errors.some((e) => UNKNOWN_PRINCIPAL.has(e.code))) return { request, decision: { decision: 'implicitly-denied', decisive: [], explain: [], errors, context: {}, principal: '' } };
  return { request, decision: { ...d, errors } };
}

/**
 * A request the network did not deliver: a denial (the path says why), not an input error,
 * unless the path itself could not be judged (an invalid flow, a path vpcsim does not model).
 */
function notDelivered(o: CanOutcome, d: Diagnostic): boolean {
  const judged = o.trace === undefined || (o.trace.disposition !== 'invalid-flow' && o.trace.disposition !== 'not-implemented');
  return d.code === 'request-not-delivered' && o.network?.reached === false && judged;
}

/**
 * Exit code of a decision: 0 allowed, 1 denied (a request the network does not deliver is
 * denied too), 2 when errors kept it from being judged (unknown principal or instance, bad action).
 */
export function canExitCode(o: CanOutcome): number {
  if (o.decision.errors.some((e) => e.severity !== 'warning')) return 2;
  return o.decision.decision === 'allowed' ? 0 : 1;
}

/** `vpcsim can`. */
export async function run(ctx: CommandContext): Promise<number> {
  const ctxFlags = ctx.values['context'];
  const context = Array.isArray(ctxFlags) && ctxFlags.length ? parseContext(ctxFlags) : undefined;
  const from = str(ctx, 'from');
  const request = { principal: from === undefined ? required(ctx, 'principal') : str(ctx, 'principal'), action: required(ctx, 'action'), resource: str(ctx, 'resource'), from, context };
  const o = await canCommand(ctx.positionals[0]!, request);
  if (flag(ctx, 'json')) {
    const { decisionJson } = await import('../output/json.js');
    writeJson(ctx.io, decisionJson(o.decision, o.trace, { principal: o.principal, network: o.network }));
    return canExitCode(o);
  }
  // a request that cannot be judged (unknown principal, bad action) is an input error, on stderr
  if (canExitCode(o) === 2) throw new FlagsError(flagProblems(o.decision.errors));
  return printCan(ctx, printableDeep(o), printableDeep(request));
}

/** The decision as text (every string already escaped), and the network path with `--from`. */
async function printCan(ctx: CommandContext, o: CanOutcome, request: RequestLike): Promise<number> {
  const { formatDecisionText, formatTraceText } = await import('../output/text.js');
  const s = ctx.style;
  let text = formatDecisionText(o.decision, { ...request, principal: o.principal ?? request.principal }, s);
  if (o.network) {
    const n = o.network;
    const keys = Object.entries(n.context).map(([k, v]) => `${k}=${v}`).join(', ');
    text += `\n${s.cyan('network')}\n  ${n.reached ? s.green('✓ reached the service') : s.red('✗ did not reach the service')} (${n.disposition})${n.via ? ` via ${n.via}` : ''}${n.endpoint ? ` ${n.endpoint}` : ''}${n.reason ? `: ${n.reason}` : ''}${keys ? `\n  context ${keys}` : ''}`;
  }
  // a request to an AWS API is HTTPS: tcp/443 to the service the action names
  const service = (o.trace?.service as { service?: string } | undefined)?.service ?? request.action.split(':')[0]!.toLowerCase();
  if (o.trace) text += `\n\nnetwork path of the request\n${formatTraceText(o.trace, { from: request.from!, to: `service:${service}`, protocol: 'tcp', port: 443 }, s)}`;
  ctx.io.out(`${text}\n`);
  return canExitCode(o);
}
