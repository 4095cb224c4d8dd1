// What a change to a scenario's IAM grants or takes away, over every action and resource, not
// only those the two versions name: AWS IAM Access Analyzer's CheckNoNewAccess question ("does
// the new version allow any principal, action or resource that the old one did not?"), with
// one concrete request per change and the statement responsible.
// https://docs.aws.amazon.com/access-analyzer/latest/APIReference/API_CheckNoNewAccess.html
//
// How: for each principal class (universe.ts, both versions), the statements that apply to it
// (its identity side and every resource-side policy, attachments.ts) are compared between the
// versions; where they differ, the changed statements' Action and Resource patterns mark a
// region. Inside it, the Action patterns of every statement that applies cut the actions into
// cells, and for each action cell the Resource patterns of the statements admitting it cut
// the resources into cells (automata.ts: the patterns are regular languages, each cell gets a
// witness). Every (action cell, resource cell) is then judged in both versions by IAM, with
// the request context each conditional statement needs, and every difference is reported with
// its witness request. Outside the region neither version's changed statements match, so
// nothing else can differ. What the comparison could not cover (a policy variable it cannot
// expand, an automaton cut short) is said in `notes` with `complete: false`.
import { authorizeModel, evaluate, type Decision } from '@vpcsim/iam';
import { expandPrincipal, type Model } from '@vpcsim/model';
import { catalogActionSource, namedActions, ESCALATION_ACTIONS } from './action-source.js';
import { COMMON_ACTIONS } from '../iam-space.js';
import { Attachments, statementKey, type SidedStatement } from './attachments.js';
import { ACTION_SHAPE, ARN_SHAPE, cells, compilePattern, signatureOf, type Pattern } from './automata.js';
import { admitsAction, candidatesFrom, derivedKey, type Context } from './conditions.js';
import { listOf, statementLabel } from './policies.js';
import { entityArns, resourceCandidates } from './resources.js';
import { ASSUMED_POLICY, principalUniverse, withAssumedPrincipals, type PrincipalClass } from './universe.js';

/** A request's decision on one side, with the statements that decided it. */
export interface AccessSide {
  readonly decision: string;
  readonly decisive: readonly string[];
}

/** One change: a request, standing for its cells, whose decision differs. */
export interface AccessChange {
  /** The principal class (`user/dev`, `any principal of account 222222222222`...). */
  readonly principal: string;
  /** The principal judged for it (`vpcsim can --principal`). */
  readonly representative: string;
  /** Judged as if its own account's policies allowed (declared in both versions with an identity policy allowing everything). */
  readonly assumesOwnPolicies: boolean;
  readonly action: string;
  readonly resource?: string | undefined;
  readonly context?: Context | undefined;
  readonly before: AccessSide;
  readonly after: AccessSide;
  /** True: the after version allows what the before version did not. */
  readonly opens: boolean;
  /** The changed statements that make the difference. */
  readonly responsible: readonly string[];
  /** The patterns the action and resource cells are in (`s3:Get*`), or `no pattern of either version`. */
  readonly actionCell: string;
  readonly resourceCell: string;
}

/** The IAM half of `vpcsim diff`. */
export interface AccessDiff {
  /** Requests judged (in both versions). */
  readonly compared: number;
  readonly changed: readonly AccessChange[];
  readonly truncated: boolean;
  /** CheckNoNewAccess: does the after version allow anything the before version did not? */
  readonly newAccess: boolean;
  /** Whether every action and resource cell was covered. */
  readonly complete: boolean;
  readonly notes: readonly string[];
}

/** Limits of an access diff. */
export interface AccessDiffOptions {
  readonly maxRequests?: number | undefined;
  readonly maxStates?: number | undefined;
}

const DEFAULT_MAX_REQUESTS = 200_000;

type Side = 'before' | 'after';

/** The policy variables a statement's Resource may hold that a class's own values can fill. */
function expandTemplates(pattern: string, cls: PrincipalClass, model: Model): string | undefined {
  if (!pattern.includes('${')) return pattern;
  const e = expandPrincipal(cls.representative, model.defaults.account);
  let out = pattern;
  if (e?.kind === 'user' && e.name) out = out.split('${aws:username}').join(e.name);
  return out.includes('${') ? undefined : out;
}

/** Whether a statement's action side admits an action cell (by its signature over `index`). */
function admitsCell(st: SidedStatement, sig: string, index: Map<string, number>): boolean {
  const s = st.statement;
  const bit = (p: string): boolean => sig[index.get(p.toLowerCase())!] === '1';
  if (s.Action !== undefined) return listOf(s.Action).some(bit);
  if (s.NotAction !== undefined) return !listOf(s.NotAction).some(bit);
  return false;
}

/** Whether a statement's resource side admits a resource cell; `undefined` patterns (templates it cannot fill) admit nothing. */
function admitsResource(st: SidedStatement, sig: string, index: Map<string, number>, fill: (p: string) => string | undefined): boolean {
  const s = st.statement;
  const bit = (p: string): boolean => {
    const f = fill(p);
    return f !== undefined && sig[index.get(f)!] === '1';
  };
  // a resource or trust policy is consulted only for its own resource
  if (st.scope !== undefined && !st.scope.some(bit)) return false;
  if (s.Resource !== undefined) return listOf(s.Resource).some(bit);
  if (s.NotResource !== undefined) return !listOf(s.NotResource).some(bit);
  return true; // no Resource element (SCPs may leave it out): every resource
}

const label = (d: Decision['decisive'][number]): string => (d.policy.includes(ASSUMED_POLICY) ? "its own account's policies (assumed to allow)" : statementLabel(d.policy, d.statement, d.sid));

/** Compares the IAM of two versions of a scenario; see the module header. Never throws on user data. */
export function diffAccess(before: Model, after: Model, options: AccessDiffOptions = {}): AccessDiff {
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const notes: string[] = [];
  let complete = true;
  const ub = principalUniverse(before);
  const ua = principalUniverse(after);
  // every class of either version, judged in both (external ones declared in both, assumed to allow)
  const classes = new Map<string, PrincipalClass>();
  for (const c of [...ub.classes, ...ua.classes]) if (!classes.has(c.id)) classes.set(c.id, c);
  const assumed = [...classes.values()].filter((c) => c.assumesOwnPolicies).map((c) => c.representative);
  // built on first use: declaring the external representatives recompiles the scenario, and a
  // diff whose statements did not change judges no request at all
  const edited: Partial<Record<Side, Model>> = {};
  const models = {
    get before(): Model {
      return (edited.before ??= withAssumedPrincipals(before, assumed));
    },
    get after(): Model {
      return (edited.after ??= withAssumedPrincipals(after, assumed));
    },
  };
  const inVersion: Record<Side, Set<string>> = { before: new Set(ub.classes.map((c) => c.id)), after: new Set(ua.classes.map((c) => c.id)) };
  const att: Record<Side, Attachments> = { before: new Attachments(before), after: new Attachments(after) };
  const knownActions = [...new Set([...namedActions(before), ...namedActions(after), ...COMMON_ACTIONS, ...ESCALATION_ACTIONS])];
  const catalogue = catalogActionSource();
  const knownResources = [...new Set([...resourceCandidates(before), ...resourceCandidates(after), ...entityArns(before), ...entityArns(after)])];

  // changes to resources' and accounts' settings (tags, Block Public Access) and to the organization's shape reach every statement of the resource
  const resourceSettings = (m: Model): Map<string, string> => new Map((m.scenario.resources ?? []).map((r) => [r.arn, JSON.stringify({ a: r.account, t: r.tags, b: r.blockPublicAccess })]));
  const rsB = resourceSettings(before);
  const rsA = resourceSettings(after);
  const settingsChanged = [...new Set([...rsB.keys(), ...rsA.keys()])].filter((a) => rsB.get(a) !== rsA.get(a));
  const globalChanged =
    JSON.stringify([before.scenario.accounts, { ...before.scenario.organization, policies: undefined }]) !== JSON.stringify([after.scenario.accounts, { ...after.scenario.organization, policies: undefined }]);
  const synthetic: SidedStatement[] = [];
  const region = (st: Record<string, unknown>): SidedStatement => ({ policy: { name: 'settings', type: 'resource', document: { Version: '2012-10-17', Statement: [] }, path: [], owner: '' }, index: 0, statement: st as SidedStatement['statement'], side: 'resource' });
  if (globalChanged) synthetic.push(region({ Effect: 'Allow', Action: '*', Resource: '*' }));
  for (const arn of settingsChanged) synthetic.push(region({ Effect: 'Allow', Action: '*', Resource: [arn, `${arn}/*`] }));

  // the resource side, compared once
  const keysOf = (xs: readonly SidedStatement[]): Set<string> => new Set(xs.map(statementKey));
  const resB = keysOf(att.before.resourceSide);
  const resA = keysOf(att.after.resourceSide);
  const resDelta = [...att.before.resourceSide.filter((s) => !resA.has(statementKey(s))), ...att.after.resourceSide.filter((s) => !resB.has(statementKey(s)))];

  // the cells of a pattern list, and the known names (actions, ARNs) of each cell: many classes share a list
  const cellCache = new Map<string, { cells: ReturnType<typeof cells>; known: Map<string, string>; compiled: Pattern[] }>();
  const cellsOf = (patterns: readonly string[], mode: 'action' | 'resource', known: readonly string[]) => {
    const key = `${mode}\u0000${patterns.join('\u0000')}`;
    let c = cellCache.get(key);
    if (c === undefined) {
      const compiled = patterns.map((p) => compilePattern(p, mode));
      const found = cells(compiled, mode === 'action' ? ACTION_SHAPE : ARN_SHAPE, options.maxStates);
      const wanted = new Set(found.cells.map((x) => x.signature));
      const names = new Map<string, string>();
      const name = (k: string): void => {
        const sig = signatureOf(compiled, k);
        if (wanted.has(sig) && !names.has(sig)) names.set(sig, k);
      };
      for (const k of known) {
        if (names.size === wanted.size) break;
        name(k);
      }
      // an action cell no listed name falls in: a real action of AWS's catalogue from the services the patterns name, so the example is a request AWS has
      if (mode === 'action' && names.size < wanted.size)
        for (const svc of new Set(patterns.map((p) => p.slice(0, p.indexOf(':'))).filter((x) => x !== '' && !/[*?]/.test(x))))
          for (const k of catalogue.actionsOf(svc)) {
            if (names.size === wanted.size) break;
            name(k);
          }
      c = { cells: found, known: names, compiled };
      if (cellCache.size < 10_000) cellCache.set(key, c);
    }
    return c;
  };
  // the resource side is the same for every class: its patterns, and its statements admitting an action, once
  const resourceSidePatterns = [...new Set([...att.before.resourceSide, ...att.after.resourceSide].flatMap((s) => [...listOf(s.statement.Action), ...listOf(s.statement.NotAction)]).map((p) => p.toLowerCase()))];
  const resourceSideNear = new Map<string, string[]>();
  const admittingCache: Record<Side, Map<string, SidedStatement[]>> = { before: new Map(), after: new Map() };
  const resourceSideAdmitting = (side: Side, action: string): SidedStatement[] => {
    let l = admittingCache[side].get(action);
    if (l === undefined) {
      l = att[side].resourceSide.filter((s) => admitsAction(s.statement, action));
      admittingCache[side].set(action, l);
    }
    return l;
  };
  const rsNearCache = new Map<string, string[]>();
  const rsConditionalCache = new Map<string, SidedStatement[]>();
  /** The resource-side statements of either version with conditions, admitting an action. */
  const resourceSideConditional = (action: string): SidedStatement[] => {
    let l = rsConditionalCache.get(action);
    if (l === undefined) {
      l = [...resourceSideAdmitting('before', action), ...resourceSideAdmitting('after', action)].filter((s) => s.statement.Condition !== undefined);
      rsConditionalCache.set(action, l);
    }
    return l;
  };
  const rsPatternCache = new Map<string, string[]>();
  /** The Resource patterns (and scopes) of the resource-side statements of either version admitting an action. */
  const resourceSidePatternsOf = (action: string): string[] => {
    let l = rsPatternCache.get(action);
    if (l === undefined) {
      l = [...new Set([...resourceSideAdmitting('before', action), ...resourceSideAdmitting('after', action)].flatMap((s) => [...listOf(s.statement.Resource), ...listOf(s.statement.NotResource), ...(s.scope ?? [])]))];
      rsPatternCache.set(action, l);
    }
    return l;
  };
  const changed: AccessChange[] = [];
  let compared = 0;
  let truncated = false;
  const entityFingerprint = (m: Model, rep: string): string => {
    const e = expandPrincipal(rep, m.defaults.account);
    const def = m.defaults.account;
    const iam = m.scenario.iam ?? {};
    const x = e?.kind === 'user' ? (iam.users ?? []).find((u) => u.name === e.name && (u.account ?? def) === e.account) : e?.kind === 'role' || e?.kind === 'assumed-role' ? (iam.roles ?? []).find((r) => r.name === e.name && (r.account ?? def) === e.account) : undefined;
    const sess = e?.kind === 'assumed-role' ? (iam.sessions ?? []).find((s) => expandPrincipal(s.principal, def)?.arn === e.arn) : undefined;
    return JSON.stringify([x ? { ...x, inlinePolicies: undefined, managedPolicies: undefined, trustPolicy: undefined } : null, sess?.tags ?? null]);
  };

  outer: for (const cls of classes.values()) {
    const rep = cls.representative;
    const mine: Record<Side, SidedStatement[]> = { before: [...att.before.principalSide(rep), ...att.before.resourceSide], after: [...att.after.principalSide(rep), ...att.after.resourceSide] };
    const pb = keysOf(att.before.principalSide(rep));
    const pa = keysOf(att.after.principalSide(rep));
    // only a declared principal can be missing from a version: every other class (another account, the public) exists in both
    const present = { before: cls.kind !== 'declared' || inVersion.before.has(cls.id), after: cls.kind !== 'declared' || inVersion.after.has(cls.id) };
    let delta: SidedStatement[] = [...att.before.principalSide(rep).filter((s) => !pa.has(statementKey(s))), ...att.after.principalSide(rep).filter((s) => !pb.has(statementKey(s))), ...resDelta, ...synthetic];
    // a principal only one version has, or whose settings (tags, boundary, groups) changed: everything that applies to it
    if (!present.before || !present.after || entityFingerprint(before, rep) !== entityFingerprint(after, rep)) delta = [...mine.before, ...mine.after, ...synthetic];
    if (delta.length === 0) continue;

    // action cells: the Action patterns of every statement that applies, in either version,
    // that can meet the region (a pattern outside it is false all over the region: it cuts nothing there)
    const regionActions = delta.some((s) => s.statement.Action === undefined) ? undefined : [...new Set(delta.flatMap((s) => listOf(s.statement.Action).map((p) => p.toLowerCase())))];
    const near = (p: string): boolean => regionActions === undefined || regionActions.some((r) => meets(p, r, 'action'));
    const identityPatterns = [...att.before.principalSide(rep), ...att.after.principalSide(rep), ...delta].flatMap((s) => [...listOf(s.statement.Action), ...listOf(s.statement.NotAction)]).map((p) => p.toLowerCase());
    const regionKey = regionActions === undefined ? '*' : regionActions.join('\u0000');
    let sharedNear = resourceSideNear.get(regionKey);
    if (sharedNear === undefined) {
      sharedNear = resourceSidePatterns.filter(near);
      resourceSideNear.set(regionKey, sharedNear);
    }
    const actionPatterns = [...new Set([...identityPatterns.filter(near), ...sharedNear])];
    for (const s of delta) for (const p of [...listOf(s.statement.Action), ...listOf(s.statement.NotAction)]) if (!actionPatterns.includes(p.toLowerCase())) actionPatterns.push(p.toLowerCase());
    const aIndex = new Map(actionPatterns.map((p, i) => [p, i]));
    const spelled = new Map<string, string>();
    for (const st of [...att.before.principalSide(rep), ...att.after.principalSide(rep), ...delta]) for (const p of [...listOf(st.statement.Action), ...listOf(st.statement.NotAction)]) if (!spelled.has(p.toLowerCase())) spelled.set(p.toLowerCase(), p);
    const { cells: aCells, known: knownBySig } = cellsOf(actionPatterns, 'action', knownActions);
    if (!aCells.complete) complete = false;
    for (const cell of aCells.cells) {
      const inRegion = delta.filter((s) => admitsCell(s, cell.signature, aIndex));
      if (inRegion.length === 0) continue;
      const action = knownBySig.get(cell.signature) ?? cell.witness;
      const identityAdmitting: Record<Side, SidedStatement[]> = {
        before: att.before.principalSide(rep).filter((s) => admitsCell(s, cell.signature, aIndex)),
        after: att.after.principalSide(rep).filter((s) => admitsCell(s, cell.signature, aIndex)),
      };
      // the statements with conditions that admit the action: their contexts are tried
      const conditionalAdmitting = [...identityAdmitting.before, ...identityAdmitting.after, ...resourceSideConditional(action)].filter((s) => s.statement.Condition !== undefined);
      // resource cells: the Resource patterns of the statements admitting this action
      const fill = (p: string): string | undefined => expandTemplates(p, cls, before);
      const patternsOf = (xs: readonly SidedStatement[]): string[] => xs.flatMap((s) => [...listOf(s.statement.Resource), ...listOf(s.statement.NotResource), ...(s.scope ?? [])]);
      const own = [...patternsOf(identityAdmitting.before), ...patternsOf(identityAdmitting.after), ...patternsOf(inRegion)];
      const shared = resourceSidePatternsOf(action);
      const unfilled = [...own, ...shared].filter((p) => p.includes('${') && fill(p) === undefined);
      if (unfilled.length > 0) {
        complete = false;
        const n = `policy variables vpcsim cannot fill for ${cls.label} were left out: ${[...new Set(unfilled)].slice(0, 3).join(', ')}`;
        if (!notes.includes(n)) notes.push(n);
      }
      const regionResources = inRegion.some((s) => s.statement.Resource === undefined && s.scope === undefined) ? undefined : [...new Set(inRegion.flatMap((s) => (s.scope ?? listOf(s.statement.Resource)).map(fill)).filter((p): p is string => p !== undefined))];
      const nearR = (p: string): boolean => regionResources === undefined || regionResources.some((r) => meets(p, r, 'resource'));
      // the resource side's patterns near the region, once per action and region (patterns with variables depend on the class)
      const sharedKey = `${action}\u0000${regionResources === undefined ? '*' : regionResources.join('\u0000')}`;
      let sharedNearR = rsNearCache.get(sharedKey);
      if (sharedNearR === undefined) {
        sharedNearR = shared.filter((p) => !p.includes('${') && nearR(p));
        rsNearCache.set(sharedKey, sharedNearR);
      }
      const resourcePatterns = [...new Set([...[...own, ...shared.filter((p) => p.includes('${'))].map(fill).filter((p): p is string => p !== undefined).filter(nearR), ...sharedNearR])];
      for (const s of inRegion) for (const p of [...listOf(s.statement.Resource), ...listOf(s.statement.NotResource), ...(s.scope ?? [])]) {
        const f = fill(p);
        if (f !== undefined && !resourcePatterns.includes(f)) resourcePatterns.push(f);
      }
      const rIndex = new Map(resourcePatterns.map((p, i) => [p, i]));
      const { cells: rCells, known: knownR, compiled: rCompiled } = cellsOf(resourcePatterns, 'resource', knownResources);
      if (!rCells.complete) complete = false;
      // a request without a resource is judged against `*`
      const candidates = [...rCells.cells.map((c) => ({ signature: c.signature, resource: knownR.get(c.signature) ?? c.witness })), { signature: signatureOf(rCompiled, '*'), resource: undefined as string | undefined }];
      for (const rc of candidates) {
        const responsible = inRegion.filter((s) => admitsResource(s, rc.signature, rIndex, fill));
        if (responsible.length === 0) continue;
        const conditional = conditionalAdmitting.filter((s) => admitsResource(s, rc.signature, rIndex, fill));
        const free = (k: string): boolean => !derivedKey(k) || (cls.assumesOwnPolicies && k.toLowerCase().startsWith('aws:principaltag/'));
        const contexts: Context[] = [{}, ...candidatesFrom(conditional, {}, free, 8).map((c) => c.context)];
        for (const context of contexts) {
          if (compared >= maxRequests) {
            truncated = true;
            break outer;
          }
          compared++;
          const req = { principal: rep, action, resource: rc.resource, context };
          const x = present.before ? authorizeModel(models.before, req) : 'not-in-before';
          const y = present.after ? authorizeModel(models.after, req) : 'not-in-after';
          if (x === y || (x !== 'allowed' && y !== 'allowed')) continue;
          const side = (m: Model, present: boolean, absent: string): AccessSide => {
            if (!present) return { decision: absent, decisive: [] };
            const d = evaluate(m, req);
            return { decision: d.decision, decisive: d.decisive.map(label) };
          };
          const b = side(models.before, present.before, 'not-in-before');
          const a = side(models.after, present.after, 'not-in-after');
          const opens = a.decision === 'allowed';
          const respLabels = responsible.filter((s) => s.policy.name !== 'settings').map((s) => statementLabel(s.policy.name, s.index, s.statement.Sid));
          const decisive = opens ? a.decisive : b.decisive;
          changed.push({
            principal: cls.label,
            representative: rep,
            assumesOwnPolicies: cls.assumesOwnPolicies,
            action,
            ...(rc.resource !== undefined ? { resource: rc.resource } : {}),
            ...(Object.keys(context).length > 0 ? { context } : {}),
            before: b,
            after: a,
            opens,
            responsible: decisive.filter((d) => respLabels.includes(d)).length > 0 ? decisive.filter((d) => respLabels.includes(d)) : respLabels.length > 0 ? respLabels : ['a change to the resource\'s or the organization\'s settings'],
            actionCell: describeCell(actionPatterns.map((p) => spelled.get(p) ?? p), cell.signature),
            resourceCell: describeCell(resourcePatterns, rc.signature),
          });
          break; // one context per cell is the example
        }
      }
    }
  }
  if (!complete) notes.push('not every cell was covered: see the notes above, or raise the limits');
  notes.push('compared: every principal class of either version, on every cell of actions and resources the changed statements cover (automata over their patterns), with the context each conditional statement needs');
  return { compared, changed: dedupe(changed), truncated, newAccess: changed.some((c) => c.opens), complete: complete && !truncated, notes };
}

const meetsCache = new Map<string, boolean>();
/** The text of a pattern before its first wildcard. */
function literalPrefix(p: string): string {
  const i = p.search(/[*?]/);
  return i < 0 ? p : p.slice(0, i);
}
/** Whether two patterns' languages meet (some string matches both): their product automaton has a cell in both. */
function meets(a: string, b: string, mode: 'action' | 'resource'): boolean {
  if (a === b) return true;
  // quick answer: two literal prefixes (up to the first wildcard) that disagree never meet
  const pa = literalPrefix(a);
  const pb = literalPrefix(b);
  if (!pa.startsWith(pb) && !pb.startsWith(pa)) return false;
  const key = `${mode}\u0000${a}\u0000${b}`;
  let m = meetsCache.get(key);
  if (m === undefined) {
    const r = cells([compilePattern(a, mode), compilePattern(b, mode)], mode === 'action' ? ACTION_SHAPE : ARN_SHAPE, 5_000);
    // a search cut short counts as meeting: keeping a pattern is always safe
    m = !r.complete || r.cells.some((c) => c.signature === '11');
    if (meetsCache.size < 200_000) meetsCache.set(key, m);
  }
  return m;
}

/** `s3:Get*, s3:*` (the patterns a cell is in), or `no pattern of either version`. */
function describeCell(patterns: readonly string[], sig: string): string {
  const inside = patterns.filter((_, i) => sig[i] === '1');
  return inside.length ? inside.join(', ') : 'no pattern of either version';
}

/** One change per principal, decision pair and statements for the same action and resource cell. */
function dedupe(xs: readonly AccessChange[]): AccessChange[] {
  const seen = new Set<string>();
  return xs.filter((c) => {
    const k = JSON.stringify([c.principal, c.action, c.resource ?? null, c.before.decision, c.after.decision]);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export type { Pattern };
