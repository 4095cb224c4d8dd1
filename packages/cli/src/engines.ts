// The engines, loaded lazily (each command imports only what it uses, so `vpcsim trace`
// starts fast) and looked up by name so a missing export is a clear error, not a crash.
import type { Model } from '@vpcsim/model';
import type { CheckResultLike, DecisionLike, FlowSpec, RequestLike, RequestResultLike, TraceLike } from './engine-types.js';
import { CliError, notAvailable } from './errors.js';

type Module = Readonly<Record<string, unknown>>;

/** Imports an engine package; a package that fails to load (an incomplete build) is a CliError. */
async function importEngine(pkg: string, load: () => Promise<unknown>): Promise<Module> {
  try {
    return (await load()) as Module;
  } catch (e) {
    throw new CliError(`${pkg} could not be loaded: ${(e as Error).message}`, 2, 'this build of vpcsim is incomplete: run `npm run build` after updating the workspace');
  }
}

function pick<F>(mod: Module, pkg: string, name: string): F {
  const f = name in mod ? mod[name] : undefined;
  if (typeof f !== 'function') throw notAvailable(pkg, name);
  return f as F;
}

/** The packet tracer (@vpcsim/net). */
export interface NetApi {
  trace(model: Model, flow: FlowSpec): TraceLike;
  flowLogs(model: Model, trace: TraceLike): readonly unknown[];
  formatTrace?: ((trace: TraceLike) => string) | undefined;
  traceEndpoints?: ((model: Model) => readonly unknown[]) | undefined;
}

/** Loads @vpcsim/net. */
export async function loadNet(): Promise<NetApi> {
  const mod = await importEngine('@vpcsim/net', () => import('@vpcsim/net'));
  const optional = <F>(name: string): F | undefined => (name in mod && typeof mod[name] === 'function' ? (mod[name] as F) : undefined);
  return {
    trace: (model, flow) => pick<NetApi['trace']>(mod, '@vpcsim/net', 'trace')(model, flow),
    flowLogs: (model, trace) => pick<NetApi['flowLogs']>(mod, '@vpcsim/net', 'flowLogs')(model, trace),
    formatTrace: optional('formatTrace'),
    traceEndpoints: optional('traceEndpoints'),
  };
}

/** The IAM engine (@vpcsim/iam). */
export interface IamApi {
  evaluate(model: Model, request: RequestLike): DecisionLike;
}

/** Loads @vpcsim/iam. */
export async function loadIam(): Promise<IamApi> {
  const mod = await importEngine('@vpcsim/iam', () => import('@vpcsim/iam'));
  return { evaluate: (model, request) => pick<IamApi['evaluate']>(mod, '@vpcsim/iam', 'evaluate')(model, request) };
}

/** The property checker (@vpcsim/analysis). */
export interface AnalysisApi {
  checkScenario(model: Model, options: { seed?: number | undefined; runs?: number | undefined }): readonly CheckResultLike[];
  request(model: Model, spec: RequestLike): RequestResultLike;
}

/** Loads @vpcsim/analysis. */
export async function loadAnalysis(): Promise<AnalysisApi> {
  const mod = await importEngine('@vpcsim/analysis', () => import('@vpcsim/analysis'));
  return {
    checkScenario: (model, options) => pick<AnalysisApi['checkScenario']>(mod, '@vpcsim/analysis', 'checkScenario')(model, options),
    request: (model, spec) => pick<AnalysisApi['request']>(mod, '@vpcsim/analysis', 'request')(model, spec),
  };
}

/** The AWS importer (@vpcsim/import-aws). */
export interface ImportApi {
  importAws(files: ReadonlyMap<string, string>): { scenario: unknown; diagnostics: readonly import('@vpcsim/model').Diagnostic[] };
  scenarioToYaml(scenario: unknown): string;
}

/** Loads @vpcsim/import-aws. */
export async function loadImport(): Promise<ImportApi> {
  const mod = await importEngine('@vpcsim/import-aws', () => import('@vpcsim/import-aws'));
  return {
    importAws: (files) => pick<ImportApi['importAws']>(mod, '@vpcsim/import-aws', 'importAws')(files),
    scenarioToYaml: (s) => pick<ImportApi['scenarioToYaml']>(mod, '@vpcsim/import-aws', 'scenarioToYaml')(s),
  };
}
