// The engines, loaded lazily: each command imports only what it uses, so `vpcsim trace` never
// loads the IAM engine or the importer, and no command but `tui` loads React or ink. A
// package that fails to load (an incomplete build) is a clear error, not a crash.
import type { Diagnostic, Model } from '@vpcsim/model';
import type { CheckResultLike, DecisionLike, FlowSpec, RequestLike, RequestResultLike, TraceLike } from './engine-types.js';
import { CliError } from './errors.js';
import type { PathsResult, ReachQuery, ReachResult, WhoCanResult } from '@vpcsim/analysis';

async function importEngine<M>(pkg: string, load: () => Promise<M>): Promise<M> {
  try {
    return await load();
  } catch (e) {
    throw new CliError(`${pkg} could not be loaded`, 2, 'this build of vpcsim is incomplete: run `npm run build` after updating the workspace (--debug shows why)', undefined, 'not-available', e);
  }
}

/** The packet tracer (@vpcsim/net). */
export interface NetApi {
  trace(model: Model, flow: FlowSpec): TraceLike;
  flowLogs(model: Model, trace: TraceLike): readonly unknown[];
  formatTrace(trace: TraceLike): string;
  traceEndpoints(model: Model): readonly unknown[];
}

/** Loads @vpcsim/net. */
export async function loadNet(): Promise<NetApi> {
  const net = await importEngine('@vpcsim/net', () => import('@vpcsim/net'));
  return { trace: net.trace, flowLogs: net.flowLogs, formatTrace: net.formatTrace, traceEndpoints: net.traceEndpoints };
}

/** The IAM engine (@vpcsim/iam). */
export interface IamApi {
  evaluate(model: Model, request: RequestLike): DecisionLike;
  /** The request against AWS's action catalogue: an unknown action is an error; unknown keys, a wrong resource type are warnings. */
  checkRequest(request: RequestLike): readonly Diagnostic[];
  /** Every policy of the scenario against the catalogue: unknown actions and condition keys (warnings). */
  lintPolicies(model: Model): readonly Diagnostic[];
}

/** Loads @vpcsim/iam. */
export async function loadIam(): Promise<IamApi> {
  const iam = await importEngine('@vpcsim/iam', () => import('@vpcsim/iam'));
  return {
    // a request without a principal is judged as nobody: IAM reports the missing principal
    evaluate: (model, r) => iam.evaluate(model, { ...r, principal: r.principal ?? '' }),
    checkRequest: (r) => iam.validateRequest(iam.loadCatalog(), r),
    lintPolicies: (model) => iam.validateScenarioPolicies(iam.loadCatalog(), model),
  };
}

/** The property checker and network requests (@vpcsim/analysis). */
export interface AnalysisApi {
  checkScenario(model: Model, options: { seed?: number | undefined; runs?: number | undefined; checks?: readonly number[] | undefined }): readonly CheckResultLike[];
  request(model: Model, spec: RequestLike): RequestResultLike;
  /** Who can (issue 16); absent in a build without it. */
  whoCan?: ((model: Model, q: { action: string; resource?: string | undefined; from?: string | undefined }) => WhoCanResult) | undefined;
  /** Escalation paths (issue 16); absent in a build without them. */
  escalationPaths?: ((model: Model, q: { from: string; to: string }) => PathsResult) | undefined;
  /** Everything that reaches what (issue 12, `vpcsim reach`); absent in a build without it. */
  reach?: ((model: Model, q: ReachQuery) => ReachResult) | undefined;
  /** How many sources and destinations a reach question names, before the walk. */
  reachSides?: ((model: Model, q: ReachQuery) => { readonly sources: number; readonly destinations: number }) | undefined;
}

/** Loads @vpcsim/analysis. */
export async function loadAnalysis(): Promise<AnalysisApi> {
  const analysis = await importEngine('@vpcsim/analysis', () => import('@vpcsim/analysis'));
  return { checkScenario: analysis.checkScenario, request: analysis.request, whoCan: (m, q) => analysis.whoCan(m, q), escalationPaths: (m, q) => analysis.escalationPaths(m, q), reach: (m, q) => analysis.reachQuery(m, q), reachSides: (m, q) => analysis.reachSides(m, q) };
}

/** The AWS importer (@vpcsim/import-aws). */
export interface ImportApi {
  importAws(files: ReadonlyMap<string, string>): { scenario: unknown; diagnostics: readonly Diagnostic[] };
  /** The scenario as YAML; `header`: the comment lines at its top. */
  scenarioToYaml(scenario: unknown, source?: string, header?: string): string;
  /** Whether the importer reads a file at this relative path (an export of something vpcsim models). */
  isExportFile(relPath: string): boolean;
  /** Lists an export folder by name, never opening a file. */
  listExportDir: ImportModule['listExportDir'];
  /** Reads the listed files the importer uses. */
  readExportFiles: ImportModule['readExportFiles'];
  /** Entries an export folder may hold at most. */
  readonly MAX_ENTRIES: number;
}

type ImportModule = typeof import('@vpcsim/import-aws');

/** Loads @vpcsim/import-aws. */
export async function loadImport(): Promise<ImportApi> {
  const mod = await importEngine('@vpcsim/import-aws', () => import('@vpcsim/import-aws'));
  return {
    importAws: (files) => mod.importAws(files),
    scenarioToYaml: (s, source, header) => mod.scenarioToYaml(s as Parameters<typeof mod.scenarioToYaml>[0], source, header),
    isExportFile: mod.isExportFile,
    listExportDir: mod.listExportDir,
    readExportFiles: mod.readExportFiles,
    MAX_ENTRIES: mod.MAX_ENTRIES,
  };
}

/** The Terraform and CloudFormation importer (@vpcsim/import-iac). */
export interface IacApi {
  importIac(text: string, file: string, options: { parameters?: Readonly<Record<string, string>> }): { kind: string; scenario: Record<string, unknown> | undefined; diagnostics: readonly Diagnostic[] };
}

/** Loads @vpcsim/import-iac. */
export async function loadIac(): Promise<IacApi> {
  const mod = await importEngine('@vpcsim/import-iac', () => import('@vpcsim/import-iac'));
  return { importIac: (text, file, options) => mod.importIac(text, file, options) };
}
