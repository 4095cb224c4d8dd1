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
/** Formats a decision as readable multi-line text: outcome, decisive statements, gates and hints. */
export { formatDecision } from './format.js';
/** The time used for `aws:CurrentTime` when a request does not give one. */
export { DEFAULT_CURRENT_TIME } from './context.js';
/** Wildcard patterns compiled to a linear-time matcher (`*`, `?`), as IAM matches actions and ARNs. */
export { compileGlob, globMatch, type Glob } from './glob.js';
/** The request, decision and explanation shapes (the IAM contract). */
export type * from './types.js';
/** Resource patterns compiled as IAM matches ARNs (a `*` stays within its ARN segment unless it ends one). */
export { compileResourceGlob, resourceMatch, type ResourceGlob } from './glob.js';
/** The AWS-managed policies vpcsim bundles, by ARN (AdministratorAccess, PowerUserAccess, ...). */
export { AWS_MANAGED_POLICIES } from './aws-managed-policies.js';
