// The privilege-escalation graph and its paths (PMapper's question): nodes are the declared
// users and roles in a permission state, edges the families' ways to obtain another node's
// permissions, computed lazily. `escalationPaths` searches breadth first from a principal to a
// principal or to any administrator, returns the shortest path through each first step (so
// "through PassRole + RunInstances" and "through CreatePolicyVersion" both show), and replays
// every path on a copy of the scenario with the changes its own steps make: every request is
// judged again by IAM (`vpcsim can`), and only paths that replay are reported.
import { authorizeModel, evaluate } from '@vpcsim/iam';
import { didYouMean, edit, error, expandPrincipal, statementsOf, type Diagnostic, type Model } from '@vpcsim/model';
import { admitsAction, type Context } from '../conditions.js';
import { listOf, statementLabel } from '../policies.js';
import { adminProof } from './admin.js';
import { EDGE_FAMILIES, type EdgeFamily, type Lookups } from './families/index.js';
import type { AdminProof, EscalationEdge, EscalationNode, Move, StepRequest } from './types.js';
import { EscalationWorld, MFA_CONTEXT, splitVersion, type DeclaredPrincipal } from './world.js';

/** The graph of one model, built lazily. */
export class EscalationGraph {
  readonly world: EscalationWorld;
  readonly lookups: Lookups;
  private readonly edgeCache = new Map<string, readonly EscalationEdge[]>();
  private readonly adminCache = new Map<string, AdminProof | null>();
  private readonly nodes = new Map<string, EscalationNode>();

  constructor(
    readonly model: Model,
    readonly families: readonly EdgeFamily[] = EDGE_FAMILIES,
  ) {
    this.world = new EscalationWorld(model);
    this.lookups = buildLookups(this.world);
    for (const p of this.world.principals) this.remember(this.world.node(p));
  }

  private remember(n: EscalationNode): EscalationNode {
    const known = this.nodes.get(n.key);
    if (known) return known;
    this.nodes.set(n.key, n);
    return n;
  }

  /** A node by key (`user/dev`, `user/dev#full`). */
  node(key: string): EscalationNode | undefined {
    return this.nodes.get(key);
  }

  /** The declared principals' nodes, in their own state. */
  declaredNodes(): EscalationNode[] {
    return this.world.principals.map((p) => this.nodes.get(this.world.node(p).key)!);
  }

  /** The edges leaving a node (computed once). */
  edgesOf(n: EscalationNode): readonly EscalationEdge[] {
    let e = this.edgeCache.get(n.key);
    if (e === undefined) {
      e = compose(this.families.flatMap((f) => f.edges(this.world, n, this.lookups)), n);
      for (const x of e) this.remember(nodeOfKey(this.world, x.to));
      this.edgeCache.set(n.key, e);
    }
    return e;
  }

  /** Why a node is an administrator, or undefined. */
  adminOf(n: EscalationNode): AdminProof | undefined {
    let a = this.adminCache.get(n.key);
    if (a === undefined) {
      a = adminProof(this.world, n) ?? null;
      this.adminCache.set(n.key, a);
    }
    return a ?? undefined;
  }

  /** Every node reachable from the declared principals, with its edges: the whole graph (for benchmarks and listings). */
  whole(): { nodes: number; edges: number; admins: string[] } {
    const queue = [...this.declaredNodes()];
    const seen = new Set(queue.map((n) => n.key));
    let edges = 0;
    const admins: string[] = [];
    for (let i = 0; i < queue.length; i++) {
      const n = queue[i]!;
      // as PMapper: an administrator can become anyone; its edges are not tracked
      if (this.adminOf(n)) {
        admins.push(n.key);
        continue;
      }
      for (const e of this.edgesOf(n)) {
        edges++;
        if (seen.has(e.to)) continue;
        seen.add(e.to);
        queue.push(this.nodes.get(e.to)!);
      }
    }
    return { nodes: seen.size, edges, admins };
  }
}

/**
 * Edges that change another principal's permissions (its policies, its groups) take the
 * caller there only if the caller can also become that principal: such an edge is joined with
 * an edge from the caller to the principal as declared (assume it, pass it, its credentials);
 * alone it is dropped. Changes to oneself stand alone.
 */
function compose(edges: readonly EscalationEdge[], from: EscalationNode): EscalationEdge[] {
  const principalOf = (key: string): string => key.split('#')[0]!;
  const out: EscalationEdge[] = [];
  for (const e of edges) {
    const target = principalOf(e.to);
    if (!e.to.includes('#') || target === from.principal) {
      out.push(e);
      continue;
    }
    const become = edges.find((b) => b.to === target);
    if (become === undefined) continue;
    out.push({
      family: e.family,
      from: e.from,
      to: e.to,
      title: `${e.title}, then ${become.title}`,
      moves: [...e.moves, ...become.moves],
      requiresMfa: e.requiresMfa || become.requiresMfa,
      docs: [...new Set([...e.docs, ...become.docs])],
    });
  }
  return out;
}

/** The node a key names (`PRINCIPAL` or `PRINCIPAL#STATE`). */
function nodeOfKey(w: EscalationWorld, key: string): EscalationNode {
  const i = key.indexOf('#');
  const p = w.find(i < 0 ? key : key.slice(0, i))!;
  return w.node(p, i < 0 ? 'declared' : key.slice(i + 1));
}

/** Trust policies indexed by the principals they may admit; service roles confirmed by IAM. */
function buildLookups(w: EscalationWorld): Lookups {
  const byArn = new Map<string, DeclaredPrincipal[]>();
  const byAccount = new Map<string, DeclaredPrincipal[]>();
  const anyone: DeclaredPrincipal[] = [];
  const bySvc = new Map<string, DeclaredPrincipal[]>();
  const s = w.model.scenario;
  const def = w.model.defaults.account;
  const push = (m: Map<string, DeclaredPrincipal[]>, k: string, r: DeclaredPrincipal): void => {
    const l = m.get(k) ?? [];
    if (!l.includes(r)) l.push(r);
    m.set(k, l);
  };
  for (const r of s.iam?.roles ?? []) {
    const role = w.find(`arn:aws:iam::${r.account ?? def}:role${r.path ?? '/'}${r.name}`)!;
    if (!r.trustPolicy) continue;
    for (const st of statementsOf(r.trustPolicy)) {
      if (st.Effect !== 'Allow' || !admitsAction(st, 'sts:AssumeRole')) continue;
      if (st.NotPrincipal !== undefined || st.Principal === '*') {
        if (!anyone.includes(role)) anyone.push(role);
        continue;
      }
      for (const a of listOf(st.Principal?.AWS)) {
        if (a === '*') {
          if (!anyone.includes(role)) anyone.push(role);
        } else if (/^\d{12}$/.test(a)) push(byAccount, a, role);
        else if (/^arn:[^:]+:iam::\d{12}:root$/.test(a)) push(byAccount, a.split(':')[4]!, role);
        else push(byArn, a, role);
      }
      for (const svc of listOf(st.Principal?.Service)) push(bySvc, svc === '*' ? '*' : svc.toLowerCase(), role);
    }
  }
  const confirmed = new Map<string, DeclaredPrincipal[]>();
  return {
    rolesTrusting: (p, identityAllows) => [...new Set([...anyone, ...(byArn.get(p.arn) ?? []), ...(identityAllows ? (byAccount.get(p.account) ?? []) : [])])],
    rolesServiceAssumes: (svc) => {
      let l = confirmed.get(svc);
      if (l === undefined) {
        const candidates = [...new Set([...(bySvc.get(svc) ?? []), ...(bySvc.get('*') ?? []), ...anyone])];
        l = candidates.filter((r) => authorizeModel(w.model, { principal: `service:${svc}`, action: 'sts:AssumeRole', resource: r.arn }) === 'allowed');
        confirmed.set(svc, l);
      }
      return l;
    },
  };
}

const graphs = new WeakMap<Model, EscalationGraph>();

/** The escalation graph of a model (built once per model, lazily). */
export function escalationGraph(model: Model): EscalationGraph {
  let g = graphs.get(model);
  if (g === undefined) {
    g = new EscalationGraph(model);
    graphs.set(model, g);
  }
  return g;
}

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

/** A request of a path, judged again by IAM on the account as the path has changed it. */
export interface JudgedRequest extends StepRequest {
  readonly decision: string;
  /** The statements that allowed it (`policy statement N`). */
  readonly decisive: readonly string[];
}

/** One step of a path, as printed. */
export interface PathStep {
  readonly family: string;
  /** The nodes, for people (`user/dev (with every permission)`). */
  readonly from: string;
  readonly to: string;
  /** The nodes' keys in the graph (`user/dev#full`). */
  readonly fromKey: string;
  readonly toKey: string;
  readonly title: string;
  readonly requiresMfa: boolean;
  /** The requests (judged) and the changes they make, in order. */
  readonly moves: readonly ({ readonly request: JudgedRequest } | { readonly effect: string })[];
  readonly docs: readonly string[];
}

/** A path from the principal to the target. */
export interface EscalationPath {
  readonly steps: readonly PathStep[];
  /** For a path to an administrator: why its last node is one. */
  readonly admin?: { readonly title: string; readonly requests: readonly JudgedRequest[] } | undefined;
}

/** The answer of `vpcsim paths`. */
export interface PathsResult {
  readonly from: string;
  /** A principal, or `admin`. */
  readonly to: string;
  /** Shortest first; the shortest path through each first step. */
  readonly paths: readonly EscalationPath[];
  /** Nodes the search reached. */
  readonly reached: number;
  readonly notes: readonly string[];
  readonly errors: readonly Diagnostic[];
}

/** A node for people: `user/dev`, `user/dev (with every permission)`, `user/dev (in group/admins)`. */
export function nodeLabel(n: EscalationNode): string {
  if (n.state === 'declared') return n.principal;
  if (n.state === 'full') return `${n.principal} (with every permission)`;
  if (n.state.startsWith('group:')) return `${n.principal} (in group/${n.state.slice(6)})`;
  if (n.state.startsWith('version:')) {
    const [arn, v] = splitVersion(n.state);
    return `${n.principal} (with ${arn} at ${v})`;
  }
  return `${n.principal} (${n.state})`;
}

/** Options of a path search. */
export interface PathOptions {
  /** At most this many paths (default 5). */
  readonly maxPaths?: number | undefined;
}

/** Resolves `--from`/`--to` text to a declared user or role, or an error with "did you mean". */
export function resolvePrincipal(w: EscalationWorld, text: string, path: (string | number)[]): DeclaredPrincipal | Diagnostic {
  const found = w.find(text) ?? w.find(expandPrincipal(text, w.model.defaults.account)?.arn ?? '');
  if (found) return found;
  const e = expandPrincipal(text, w.model.defaults.account);
  const names = w.principals.map((p) => p.principal);
  const guess = didYouMean(text, names);
  if (!e || (e.kind !== 'user' && e.kind !== 'role')) return error('invalid-principal', path, `\`${text}\` is not a user or role`, guess ? `did you mean \`${guess}\`?` : 'name a declared user or role: `user/NAME`, `role/NAME` or its ARN (or `--to-admin`)');
  return error('unknown-principal', path, `${e.kind} \`${e.name}\` is not declared in account ${e.account}`, guess ? `did you mean \`${guess}\`?` : `declare it under \`iam.${e.kind}s\``);
}

/** The shortest paths from `from` to `to` (a principal, or `admin`); see the module header. Never throws on user data. */
export function escalationPaths(model: Model, q: { readonly from: string; readonly to: string }, options: PathOptions = {}): PathsResult {
  const g = escalationGraph(model);
  const w = g.world;
  const errors: Diagnostic[] = [];
  const src = resolvePrincipal(w, q.from, ['request', 'from']);
  if ('code' in src) errors.push(src);
  const dst = q.to === 'admin' ? 'admin' : resolvePrincipal(w, q.to, ['request', 'to']);
  if (typeof dst !== 'string' && 'code' in dst) errors.push(dst);
  if (errors.length > 0) return { from: q.from, to: q.to, paths: [], reached: 0, notes: [], errors };
  const source = g.node(w.node(src as DeclaredPrincipal).key)!;
  const target = dst === 'admin' ? undefined : (dst as DeclaredPrincipal);
  const isGoal = (n: EscalationNode): boolean => (target ? n.arn === target.arn && n.key !== source.key : g.adminOf(n) !== undefined);
  const notes: string[] = [];
  const raw: EscalationEdge[][] = [];
  let reached = 0;
  if (!target && g.adminOf(source)) raw.push([]);
  else {
    const bfs = shortestFrom(g, source, isGoal, new Set([source.key]));
    reached = bfs.reached;
    for (const first of g.edgesOf(source)) {
      const to = g.node(first.to)!;
      if (isGoal(to)) raw.push([first]);
      else {
        const rest = shortestFrom(g, to, isGoal, new Set([source.key])).path;
        if (rest) raw.push([first, ...rest]);
      }
    }
  }
  raw.sort((a, b) => a.length - b.length);
  const seen = new Set<string>();
  const paths: EscalationPath[] = [];
  for (const edges of raw) {
    if (paths.length >= (options.maxPaths ?? 5)) break;
    const key = edges.map((e) => `${e.family}>${e.to}`).join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    const last = edges.length ? g.node(edges[edges.length - 1]!.to)! : source;
    const replayed = replay(model, edges, target ? undefined : g.adminOf(last), g);
    if ('failed' in replayed) notes.push(`a path the search found did not replay and is left out: ${replayed.failed}`);
    else paths.push(replayed);
  }
  notes.push(`edge families searched: ${g.families.map((f) => f.id).join(', ')}`);
  return { from: source.principal, to: target ? target.principal : 'admin', paths, reached, notes, errors };
}

/** Breadth-first search from `start` to the first goal node, not entering `avoid`. */
function shortestFrom(g: EscalationGraph, start: EscalationNode, isGoal: (n: EscalationNode) => boolean, avoid: ReadonlySet<string>): { path: EscalationEdge[] | undefined; reached: number } {
  if (isGoal(start)) return { path: [], reached: 1 };
  const prev = new Map<string, EscalationEdge | null>([[start.key, null]]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const e of g.edgesOf(queue[i]!)) {
      if (prev.has(e.to) || avoid.has(e.to)) continue;
      prev.set(e.to, e);
      const n = g.node(e.to)!;
      if (isGoal(n)) {
        const path: EscalationEdge[] = [];
        for (let x: EscalationEdge | null | undefined = e; x; x = prev.get(x.from)) path.unshift(x);
        return { path, reached: prev.size };
      }
      queue.push(n);
    }
  }
  return { path: undefined, reached: prev.size };
}

const label = (d: { policy: string; statement: number; sid?: string | undefined }): string => statementLabel(d.policy, d.statement, d.sid);

/**
 * Replays edges (and an admin proof) on a copy of the scenario: each request judged by IAM on
 * the account as the earlier steps changed it, each change applied with `edit`.
 */
export function replay(model: Model, edges: readonly EscalationEdge[], admin: AdminProof | undefined, g: EscalationGraph = escalationGraph(model)): EscalationPath | { failed: string } {
  let world = model;
  const judge = (r: StepRequest): JudgedRequest | string => {
    const d = evaluate(world, { principal: r.principal, action: r.action, resource: r.resource, context: r.context });
    if (d.decision !== 'allowed') return `${r.principal} ${r.action}${r.resource ? ` on ${r.resource}` : ''}: ${d.decision}${d.reason ? ` (${d.reason})` : ''}`;
    return { ...r, decision: d.decision, decisive: d.decisive.map(label) };
  };
  const run = (moves: readonly Move[]): PathStep['moves'] | string => {
    const out: PathStep['moves'][number][] = [];
    for (const m of moves) {
      if ('effect' in m) {
        const r = edit(world, m.effect.apply);
        if (!r.ok) return `the change \`${m.effect.describe}\` does not compile: ${r.errors[0]?.message}`;
        world = r.model;
        out.push({ effect: m.effect.describe });
      } else {
        const j = judge(m.request);
        if (typeof j === 'string') return j;
        out.push({ request: j });
      }
    }
    return out;
  };
  const steps: PathStep[] = [];
  for (const e of edges) {
    const moves = run(e.moves);
    if (typeof moves === 'string') return { failed: moves };
    steps.push({ family: e.family, from: nodeLabel(g.node(e.from)!), to: nodeLabel(g.node(e.to)!), fromKey: e.from, toKey: e.to, title: e.title, requiresMfa: e.requiresMfa, moves, docs: e.docs });
  }
  if (admin === undefined) return { steps };
  const moves = run(admin.moves);
  if (typeof moves === 'string') return { failed: moves };
  return { steps, admin: { title: admin.title, requests: moves.flatMap((m) => ('request' in m ? [m.request] : [])) } };
}

export { MFA_CONTEXT };
export type { Context };
