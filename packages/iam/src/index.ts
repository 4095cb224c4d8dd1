// public API: add with intention

/** Judges an IAM request against a model (compiled once per model), with the explanation; never throws. */
export { evaluate } from './evaluate.js';
/** Compiles a model's IAM (policies, organization tree, lookups) once, for repeated evaluation and benchmarks. */
export { compileIam, type CompiledIam } from './compile.js';
/** Judges a request against compiled IAM, with the full explanation. */
export { evaluateCompiled } from './authorize.js';
/** Judges a request against compiled IAM and returns only the decision: the fast path for searches. */
export { authorize } from './authorize.js';
/** Judges a request against a model (compiled once per model) and returns only the decision: for exhaustive searches. */
export { authorizeModel } from './evaluate.js';
/** The fast decision when it can be trusted without its explanation (no errors), else undefined: for checks that explain failures only. */
export { authorizeModelIfClean } from './evaluate.js';
/** Formats a decision as readable multi-line text: outcome, decisive statements, gates and hints. */
export { formatDecision } from './format.js';
/** The time used for `aws:CurrentTime` when a request does not give one. */
export { DEFAULT_CURRENT_TIME } from './context.js';
/** Wildcard patterns compiled to a linear-time matcher (`*`, `?`), as IAM matches actions and ARNs. */
export { compileGlob, globMatch, type Glob } from './glob.js';
/** AWS's action catalogue (services, actions with their resource types and condition keys), read lazily on first call. */
export { loadCatalog, catalogVersion, type Catalog, type CatalogAction, type CatalogActionResource, type CatalogConditionKey, type CatalogResourceType, type CatalogService } from './catalog/catalog.js';
/** Checks against the catalogue: policies' actions and condition keys (warnings), a request's action (error), keys and resource type (warnings). */
export { validatePolicyActions, validateScenarioPolicies, validateRequest, scenarioPolicies, type CatalogRequest } from './catalog/validate.js';
/** The global condition keys AWS defines, and whether a key is one. */
export { GLOBAL_CONDITION_KEYS, isGlobalConditionKey } from './global-keys.js';
/** The request, decision and explanation shapes (the IAM contract). */
export type * from './types.js';
/** Resource patterns compiled as IAM matches ARNs (a `*` stays within its ARN segment unless it ends one). */
export { compileResourceGlob, resourceMatch, type ResourceGlob } from './glob.js';
/** The AWS-managed policies vpcsim bundles, by ARN (AdministratorAccess, PowerUserAccess, ...). */
export { AWS_MANAGED_POLICIES } from './aws-managed-policies.js';
