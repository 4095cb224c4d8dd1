// public API: add with intention

/** Runs every expectation and property of a compiled scenario; one expectation; one property. */
export { checkScenario, runExpectation, checkProperty } from './api.js';
/** The same checks with the engines given explicitly (tests inject fakes). */
export { checkScenarioWith, checkPropertyWith, runExpectationWith } from './check.js';
/** Result types of a check (`vpcsim check --json`). */
export type { CheckResult, CheckOptions, PropertyStats, DecisionLike } from './types.js';
/** The engines a check runs on, as parameters. */
export type { Engines, IamRequest } from './engines.js';
/** Expands a selector (`i-db-*`, `subnet:ID`, `vpc:ID`, `cidr:...`, `internet`, `external:ID`, ids, IPs) to trace endpoints. */
export { expandSelector, type Endpoint, type Expansion } from './selectors.js';
/** Requests sent from an instance over the network, judged by IAM (issue 5). */
export { request, type RequestResult, type RequestNetwork } from './request.js';
/** Search defaults: the exhaustive budget, sampled runs and the fixed seed. */
export { DEFAULT_BUDGET, DEFAULT_RUNS, DEFAULT_SEED } from './search.js';
/** What changed between two versions of a scenario: flows and requests whose outcome differs. */
export { diffScenarios, type DiffResult, type DiffOptions, type FlowChange, type FlowSide, type RequestChange, type RequestSide } from './diff.js';
/** Everything that reaches what, over every packet, in the fewest lines (`vpcsim reach`). */
export { reachQuery, type ReachQuery, type ReachResult, type ReachLine } from './reach-query.js';
export type { FlowLine } from './flow-lines.js';
/** Who can do an action on a resource: every principal class the scenario's policies distinguish, judged by IAM (issue 16). */
export { whoCan, type WhoCanQuery, type WhoCanResult, type WhoCanEntry, type WhoCanLine, type WhoCanOptions } from './access/who-can.js';
/** The principal classes of a scenario, the model external representatives are judged in, and the class of a principal. */
export { principalUniverse, externalModel, withAssumedPrincipals, classOf, type PrincipalClass, type PrincipalUniverse, type ExternalAccount } from './access/universe.js';
/** Candidate actions for the access analyses: AWS's catalogue plugs in here; the default lists what the scenario names. */
export { catalogActionSource, scenarioActionSource, listActionSource, type ActionSource } from './access/action-source.js';
/** What a principal can do, grouped by service, over the actions an ActionSource lists. */
export { whatCan, type WhatCanQuery, type WhatCanResult, type WhatCanService, type WhatCanAction } from './access/what-can.js';
/** External access findings (IAM Access Analyzer's zone-of-trust question) on the scenario's resources. */
export { findings, accessResourceType, type Finding, type FindingsResult, type AnalysedResource, type FindingsOptions, type ZoneOfTrust, type AccessResourceType } from './access/findings.js';
/** Privilege-escalation paths (PMapper's edges), replayed through IAM, and the graph behind them. */
export { escalationPaths, escalationGraph, replay, nodeLabel, EscalationGraph, type PathsResult, type EscalationPath, type PathStep, type JudgedRequest, type PathOptions } from './access/escalation/graph.js';
/** The escalation graph's shapes and its edge families. */
export type { EscalationNode, EscalationEdge, Effect, Move, StepRequest, AdminProof } from './access/escalation/types.js';
export { EDGE_FAMILIES, type EdgeFamily } from './access/escalation/families/index.js';
/** The access properties (`noExternalAccess`, `cannotBecome`). */
export { checkAccessProperty } from './access/properties.js';
