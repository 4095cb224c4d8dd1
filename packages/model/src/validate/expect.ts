// Expectations and properties: principals expand, trace endpoints are well formed.
// The engines resolve endpoints; here only their syntax is checked, and names that resolve
// to nothing declared are warned about (the tracer reports them again when it runs).
import { boundedDidYouMean, editDistance, error, warning, type Diagnostic, type Path } from '../diagnostic.js';
import { FALLBACK_SCOPE } from '../model.js';
import { parseCidr, parseIp } from '../address.js';
import { expandPrincipal } from '../principal.js';
import type { Scenario } from '../schema/index.js';
import type { Registry } from './registry.js';

const DOTTED = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Checks one trace endpoint (`from`/`to`); returns a reason when it is malformed. */
export function endpointProblem(text: string): string | undefined {
  if (/\s/.test(text)) return `\`${text}\` contains spaces`;
  if (text === 'internet') return undefined;
  if (text.startsWith('internet:')) return parseIp(text.slice(9)) ? undefined : `\`${text.slice(9)}\` is not an IP address`;
  if (text.startsWith('external:')) {
    const rest = text.slice(9);
    const i = rest.indexOf(':');
    const id = i < 0 ? rest : rest.slice(0, i);
    if (!id) return '`external:` needs a network id: `external:office`';
    if (i >= 0 && !parseIp(rest.slice(i + 1))) return `\`${rest.slice(i + 1)}\` is not an IP address`;
    return undefined;
  }
  if (text.startsWith('service:')) return text.length > 8 ? undefined : '`service:` needs a service name: `service:s3`';
  if (DOTTED.test(text) || (text.includes(':') && /^[0-9a-fA-F:.]+$/.test(text))) return parseIp(text) ? undefined : `\`${text}\` is not a valid IP address`;
  if (text.includes('/') && /^[0-9a-fA-F:.]+\/\d+$/.test(text)) return `\`${text}\` is a CIDR block: a trace goes from and to one address`;
  return undefined;
}

/** Checks one property selector (`from`/`to` of `forall`); returns a reason when it is malformed. */
export function selectorProblem(text: string): string | undefined {
  if (/\s/.test(text)) return `\`${text}\` contains spaces`;
  const m = /^(subnet|vpc|cidr):(.*)$/.exec(text);
  if (m) {
    if (!m[2]) return `\`${m[1]}:\` needs a value: \`${m[1]}:${m[1] === 'cidr' ? '10.0.0.0/8' : 'ID'}\``;
    if (m[1] === 'cidr') {
      const b = parseCidr(m[2]);
      return typeof b === 'string' ? b : undefined;
    }
    return undefined;
  }
  if (text.includes('*') || text.includes('?')) return undefined; // a glob over ids
  return endpointProblem(text);
}

/**
 * The literal actions the scenario names (its policies, properties and request expectations):
 * lowercased, to the text as written and how many times it is named.
 */
function namedActionsOf(s: Scenario): Map<string, { text: string; count: number }> {
  const out = new Map<string, { text: string; count: number }>();
  const add = (a: unknown): void => {
    if (typeof a !== 'string' || /[*?]/.test(a)) return;
    const k = a.toLowerCase();
    const e = out.get(k);
    if (e) e.count++;
    else out.set(k, { text: a, count: 1 });
  };
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k === 'Action' || k === 'NotAction') (typeof x === 'string' ? [x] : Array.isArray(x) ? x : []).forEach(add);
        else walk(x);
      }
  };
  walk(s.iam);
  walk(s.organization);
  walk(s.resources);
  walk(s.vpcEndpoints);
  for (const p of s.properties ?? []) (typeof p.forall.action === 'string' ? [p.forall.action] : p.forall.action ?? []).forEach(add);
  for (const e of s.expect ?? []) add(e.request?.action);
  return out;
}

/** Checks expectations and properties. */
export function validateExpectations(s: Scenario, r: Registry, out: Diagnostic[]): void {
  const account = s.defaults?.account ?? FALLBACK_SCOPE.account;
  const users = new Set((s.iam?.users ?? []).map((u) => `${u.account ?? account}|${u.name}`));
  const roles = new Set((s.iam?.roles ?? []).map((u) => `${u.account ?? account}|${u.name}`));
  const suggest = boundedDidYouMean();
  const instanceNames = new Set((s.instances ?? []).map((i) => i.name).filter((n): n is string => n !== undefined));
  let nearMissLooks = 200;
  const endpoint = (path: Path, text: string): void => {
    const problem = endpointProblem(text);
    if (problem !== undefined) {
      out.push(error('invalid-endpoint', path, problem, 'an endpoint is an instance or interface id, an IP, `internet`, `internet:IP`, `external:ID[:IP]` or `service:NAME`'));
      return;
    }
    if (text === 'internet' || text.includes(':') || parseIp(text)) return;
    const known = r.byId.has(text) || instanceNames.has(text);
    if (!known) {
      // an expectation that names nothing can never be judged: the file is invalid, with its line
      const guess = suggest(text, () => r.byId.keys());
      out.push(error('unknown-endpoint', path, `\`${text}\` is not a declared resource`, guess !== undefined ? `did you mean \`${guess}\`?` : 'name an instance or interface id, an IP, `internet`, `external:ID` or `service:NAME`'));
    }
  };
  const principal = (path: Path, text: string): void => {
    const p = expandPrincipal(text, account);
    if (!p) {
      out.push(error('invalid-principal', path, `\`${text}\` is not a principal`, 'write `user/NAME`, `role/NAME`, `role/NAME/SESSION`, `root`, `anonymous`, `service:NAME`, `cloudfront-oai/ID` or an ARN'));
      return;
    }
    if (p.kind === 'user' && !users.has(`${p.account}|${p.name}`))
      out.push(warning('undeclared-principal', path, `user \`${p.name}\` is not declared in account ${p.account}`, 'declare it under `iam.users`: an undeclared user has no policies'));
    if ((p.kind === 'role' || p.kind === 'assumed-role') && !roles.has(`${p.account}|${p.name}`))
      out.push(warning('undeclared-principal', path, `role \`${p.name}\` is not declared in account ${p.account}`, 'declare it under `iam.roles`: an undeclared role has no policies'));
  };
  const names = new Map<string, number>();
  let named: Map<string, { text: string; count: number }> | undefined;
  (s.expect ?? []).forEach((e, i) => {
    const path: Path = ['expect', i];
    const prev = names.get(e.name);
    if (prev !== undefined) out.push(warning('duplicate-expectation-name', [...path, 'name'], `expectation name \`${e.name}\` is also used by entry ${prev}`, 'give each expectation its own name, so results can be told apart'));
    else names.set(e.name, i);
    if (e.trace) {
      endpoint([...path, 'trace', 'from'], e.trace.from);
      endpoint([...path, 'trace', 'to'], e.trace.to);
    }
    if (e.blockedBy !== undefined && !r.byId.has(e.blockedBy)) {
      const guess = suggest(e.blockedBy, () => r.byId.keys());
      out.push(warning('unknown-blocked-by', [...path, 'blockedBy'], `\`${e.blockedBy}\` is not a declared or implicit resource: it can never block a trace`, guess !== undefined ? `did you mean \`${guess}\`?` : undefined));
    }
    if (e.request) {
      // one letter away from an action the policies name, and not named itself: most often a typo,
      // and an expectation of a denial would then hold vacuously
      if (e.request.action) {
        if (named === undefined) named = namedActionsOf(s);
        const want = e.request.action.toLowerCase();
        // named elsewhere too (this expectation counts once): not a slip
        const elsewhere = (named.get(want)?.count ?? 0) > 1;
        // each look costs a pass over the named actions: bounded, like the did-you-mean hints
        const near = elsewhere || nearMissLooks-- <= 0 ? undefined : [...named.keys()].find((n) => editDistance(n, want) === 1);
        if (near !== undefined) {
          const text = named.get(near)!.text;
          out.push(warning('action-near-miss', [...path, 'request', 'action'], `\`${e.request.action}\` is named nowhere else in the scenario, and is one letter away from \`${text}\``, `did you mean \`${text}\`?`));
        }
      }
      if (e.request.principal !== undefined) principal([...path, 'request', 'principal'], e.request.principal);
      if (e.request.from !== undefined) endpoint([...path, 'request', 'from'], e.request.from);
    }
  });
  (s.properties ?? []).forEach((p, i) => {
    for (const key of ['from', 'to'] as const) {
      const sel = p.forall[key];
      const list = sel === undefined ? [] : typeof sel === 'string' ? [sel] : sel;
      list.forEach((text, k) => {
        const where: Path = typeof sel === 'string' ? ['properties', i, 'forall', key] : ['properties', i, 'forall', key, k];
        const problem = selectorProblem(text);
        if (problem !== undefined)
          out.push(error('invalid-selector', where, problem, 'a selector is an id, a glob (`i-db-*`), `subnet:ID`, `vpc:ID`, `cidr:BLOCK`, `internet`, `external:ID` or an IP'));
      });
    }
    const list = p.forall.principal === undefined ? [] : typeof p.forall.principal === 'string' ? [p.forall.principal] : p.forall.principal;
    list.forEach((pr, k) => {
      if (pr === '*' || pr.includes('*')) return;
      const path: Path = typeof p.forall.principal === 'string' ? ['properties', i, 'forall', 'principal'] : ['properties', i, 'forall', 'principal', k];
      principal(path, pr);
    });
  });
}
