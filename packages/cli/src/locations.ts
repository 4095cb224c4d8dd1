// Where a check result points into its scenario file: the expectation or property itself, and
// the rules that decided it (the blockers of a trace, the deciding statements of a decision),
// for reports that annotate files (SARIF, JUnit, GitHub annotations, `check --json`).
// Positions come from the model's loader (`locate`); a component the scenario does not declare
// (an implicit default ACL, an AWS-managed policy) has no location and is left out.
import type { Path, Position, Scenario } from '@vpcsim/model';
import type { CheckResultLike, HopLike, TraceLike } from './engine-types.js';

type DecisionLike = NonNullable<CheckResultLike['decision']>;
import { hopPassed } from './present.js';

/** A place in the scenario file, with what is there. */
export interface RelatedLocation {
  readonly path: Path;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /** What this place did: `sg-db inbound rules denied it`, `statement 0 of ReadAssets allowed it`. */
  readonly message: string;
}

/** A check result with where it is written and what decided it. */
export type LocatedResult = CheckResultLike & {
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly related?: readonly RelatedLocation[] | undefined;
};

type Locate = (path: Path) => Position | undefined;
type Item = Record<string, unknown>;

const isItem = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The top-level list and index that declare `id` (`['securityGroups', 2]`). */
function declared(s: Scenario, id: string): Path | undefined {
  for (const [key, list] of Object.entries(s) as [string, unknown][]) {
    if (!Array.isArray(list)) continue;
    const k = list.findIndex((x: unknown) => isItem(x) && x['id'] === id);
    if (k >= 0) return [key, k];
  }
  return undefined;
}

/** The scenario path of a failing hop: the group's or ACL's rule list, the NACL rule by number, the route. */
function hopPath(s: Scenario, h: HopLike): Path | undefined {
  const at = declared(s, h.component) ?? declared(s, h.component.replace(/\/eth\d+$/, ''));
  if (!at) return undefined;
  const d = h.detail;
  const el = (s as unknown as Record<string, Item[]>)[at[0] as string]![at[1] as number]!;
  if (d.step === 'filter') {
    const rules = el[d.direction];
    if (!Array.isArray(rules)) return at;
    // a NACL rule prints its number (`90  TCP  22 ...`), a security group rule its position (`#2  TCP  443 ...`)
    const n = h.kind === 'network-acl' ? /^(\d+)\s/.exec(h.rule ?? '')?.[1] : undefined;
    const pos = h.kind === 'security-group' ? /^#(\d+)\s/.exec(h.rule ?? '')?.[1] : undefined;
    const k = n !== undefined ? rules.findIndex((r) => isItem(r) && r['rule'] === Number(n)) : pos !== undefined && Number(pos) <= rules.length ? Number(pos) - 1 : -1;
    return k >= 0 ? [...at, d.direction, k] : [...at, d.direction];
  }
  if (d.step === 'route' && d.destination !== undefined && Array.isArray(el['routes'])) {
    const k = (el['routes'] as unknown[]).findIndex((r) => isItem(r) && r['destination'] === d.destination);
    return k >= 0 ? [...at, 'routes', k] : at;
  }
  return at;
}

/**
 * The hops that decided a trace: where it is unreachable, every filter or route that stops it;
 * where it is reachable (and should not be), every filter rule that let it through.
 */
function traceRelated(s: Scenario, t: TraceLike): { path: Path; message: string }[] {
  const out: { path: Path; message: string }[] = [];
  if (t.reachable) {
    for (const h of t.forward) {
      if (h.detail.step !== 'filter' || h.verdict !== 'allow' || !h.rule) continue;
      const path = hopPath(s, h);
      if (path) out.push({ path, message: `${h.component} (${h.rule.replace(/\s+/g, ' ')}) allows it` });
    }
    return out;
  }
  for (const [dir, hops] of [['forward', t.forward], ['return', t.return]] as const) {
    for (const h of hops) {
      if (hopPassed(h)) continue;
      const path = hopPath(s, h);
      if (path) out.push({ path, message: `${dir}: ${h.component}${h.rule ? ` (${h.rule.replace(/\s+/g, ' ')})` : ''} ${h.verdict === 'drop' ? 'drops' : 'denies'} it: ${h.detail.why}` });
    }
  }
  return out;
}

/** The scenario path of a policy statement, from the engine's policy label (iam compile.ts). */
function policyPath(s: Scenario, label: string, statement: number): Path | undefined {
  const iam = s.iam ?? {};
  const stmt = (p: Path, doc: unknown): Path => (isItem(doc) && Array.isArray(doc['Statement']) ? [...p, 'Statement', statement] : [...p, 'Statement']);
  const inline = /^(user|role)\/([^/ ]+)(?:\/[^ ]+)? inline:(.+)$/.exec(label);
  if (inline) {
    const list = inline[1] === 'user' ? 'users' : 'roles';
    const k = (iam[list] ?? []).findIndex((x) => x.name === inline[2]);
    const doc = k >= 0 ? (iam[list]![k]!.inlinePolicies ?? {})[inline[3]!] : undefined;
    return doc ? stmt(['iam', list, k, 'inlinePolicies', inline[3]!], doc) : undefined;
  }
  const trust = /^role\/([^ ]+) trust policy$/.exec(label);
  if (trust) {
    const k = (iam.roles ?? []).findIndex((r) => r.name === trust[1]);
    return k >= 0 && iam.roles![k]!.trustPolicy ? stmt(['iam', 'roles', k, 'trustPolicy'], iam.roles![k]!.trustPolicy) : undefined;
  }
  const resource = /^(\S+) (?:bucket|key|resource) policy$/.exec(label);
  if (resource) {
    const k = (s.resources ?? []).findIndex((r) => r.arn === resource[1]);
    return k >= 0 && s.resources![k]!.policy ? stmt(['resources', k, 'policy'], s.resources![k]!.policy) : undefined;
  }
  const managed = /^arn:[^:]+:iam::[^:]*:policy\/(?:.*\/)?([^/]+)$/.exec(label);
  if (managed) {
    const k = (iam.policies ?? []).findIndex((p) => p.arn === label || (p.arn === undefined && p.name === managed[1]));
    return k >= 0 ? stmt(['iam', 'policies', k, 'document'], iam.policies![k]!.document) : undefined;
  }
  return undefined;
}

function decisionRelated(s: Scenario, d: DecisionLike): { path: Path; message: string }[] {
  const verb = d.decision === 'allowed' ? 'allows' : 'denies';
  return d.decisive.flatMap((x) => {
    const path = policyPath(s, x.policy, x.statement);
    return path ? [{ path, message: `${x.policy} statement ${x.statement}${x.sid ? ` (sid ${x.sid})` : ''} ${verb} it` }] : [];
  });
}

/**
 * Each result with the line of its `expect` or `properties` entry and, for a failure, the
 * places in the scenario that decided it. Results come in the order the analysis runs them:
 * every `expect` entry, then every property.
 */
export function locateResults(s: Scenario, results: readonly CheckResultLike[], locate: Locate | undefined, positions?: readonly number[]): LocatedResult[] {
  const nExpect = s.expect?.length ?? 0;
  const at = (path: Path): { line?: number; column?: number } => {
    const p = locate?.(path);
    return p ? { line: p.line, column: p.column } : {};
  };
  // `positions`: each result's check in file order (a share of the checks), else all of them in order
  return results.map((r, j) => {
    const i = positions?.[j] ?? j;
    const own: Path = i < nExpect ? ['expect', i] : ['properties', i - nExpect];
    if (r.passed) return { ...r, ...at(own) };
    const found = [...(r.trace ? traceRelated(s, r.trace) : []), ...(r.decision ? decisionRelated(s, r.decision) : [])];
    const seen = new Set<string>();
    const related = found.filter((x) => !seen.has(JSON.stringify(x.path)) && seen.add(JSON.stringify(x.path))).map((x) => ({ ...x, ...at(x.path) }));
    return { ...r, ...at(own), ...(related.length ? { related } : {}) };
  });
}
