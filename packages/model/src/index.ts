// public API: add with intention

/** Zod schemas and inferred types of every scenario kind and of IAM policy documents. */
export * from './schema/index.js';
/** Compiles a parsed scenario into a Model, or returns its diagnostics. */
export { compile, type CompileOptions, type CompileResult } from './compile.js';
/** The normalized model the engines read. */
export type * from './model.js';
/** The account and region used when a scenario names none. */
export { FALLBACK_SCOPE } from './model.js';
/** Ids of the implicit per-VPC resources and of instances' primary interfaces. */
export { implicitMainRouteTableId, implicitDefaultNetworkAclId, implicitDefaultSecurityGroupId, primaryInterfaceId } from './normalize.js';
/** Looks up a prefix list as seen from a region (`pl-s3` is per region). */
export { prefixListIn } from './build-index.js';
/** Finds the one network resource with a name (`name:Jump Host`), or says why there is none. */
export { resolveName, type NameLookup } from './build-index.js';
/** AWS's defaults for target groups (client IP preservation, health check), and the names a resource answers to. */
export { effectivePreserveClientIp, effectiveHealthCheck, namesOf } from './normalize.js';
/** A hint for every diagnostic code: what to do when the finder had nothing more specific. */
export { withHint, HINTS } from './hints.js';
/** Diagnostics: the error values of the whole project, and their formatting. */
export { type Diagnostic, type Path, formatPath, formatDiagnostic, didYouMean, editDistance, error, warning, own, pushAll, maxOf } from './diagnostic.js';
/** IP address and CIDR parsing to numbers, and block arithmetic. */
export {
  type CidrBlock,
  type IpAddress,
  parseIp,
  parseIpv4,
  parseIpv6,
  parseCidr,
  cidrOf,
  formatIp,
  formatIpv4,
  formatIpv6,
  cidrContains,
  cidrWithin,
  cidrOverlaps,
  cidrLast,
  mask4,
  mask6,
} from './address.js';
/** Principal short forms (`role/web`, `user/alice`, `root`) expanded to ARNs. */
export { expandPrincipal, iamArn, oaiArn, suggestPrincipal, type PrincipalName, type PrincipalKind } from './principal.js';
/** AWS-managed prefix list snapshot for gateway-endpoint services. */
export { AWS_SERVICE_RANGES, AWS_MANAGED_PREFIX_LIST_IDS } from './aws-prefix-lists.js';
/** Parses YAML or JSON scenario text with positions, and loads text or a file into a Model. */
export { parseScenarioText, loadScenario, loadScenarioFile, type ParsedText, type Position, type LoadResult } from './loader.js';
/** Reads a text file safely: regular files only (never a FIFO or a device), capped while reading, UTF-8 checked. */
export { readTextFile, fsReason, MAX_FILE_BYTES, type ReadTextResult } from './read-file.js';
/** Edits a Model through an immer recipe (or patches) and recompiles it. */
export { edit, editWithPatches, applyScenarioPatches, type EditResult, type EditWithPatchesResult } from './edit.js';
/** Semantic validation of a schema-valid scenario, and the policy grammar checks by attachment. */
export { validateScenario, validatePolicy, isConditionOperator, CONDITION_OPERATORS } from './validate/index.js';
/** Turns zod issues into diagnostics with paths, hints and did-you-mean. */
export { zodDiagnostics } from './validate/zod.js';
