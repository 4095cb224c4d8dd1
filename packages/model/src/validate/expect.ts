// Expectations and properties: principals expand, trace endpoints are well formed.
// The engines resolve endpoints; here only their syntax is checked, and names that resolve
// to nothing declared are warned about (the tracer reports them again when it runs).
import { boundedDidYouMean, didYouMean, editDistance, error, warning, type Diagnostic, type Path } from '../diagnostic.js';
import { FALLBACK_SCOPE } from '../model.js';
import { parseCidr, parseIp } from '../address.js';
import { expandPrincipal, suggestPrincipal } from '../principal.js';
import type { CannotBecome, NoExternalAccess, Scenario } from '../schema/index.js';
import type { Registry } from './registry.js';
import { namesOf } from '../normalize.js';

const DOTTED = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Checks one trace endpoint (`from`/`to`); returns a reason when it is malformed. */
export function endpointProblem(text: string): string | undefined {
  // `name:TEXT` names a resource by its name (which may contain spaces)
  if (text.startsWith('name:')) return text.slice(5).trim() === '' ? '`name:` needs a name: `name:Jump Host`' : undefined;
  if (/\s/.test(text)) return `\`${text}\` contains spaces`;
  if (text.startsWith('lb:')) return text.length > 3 ? undefined : '`lb:` needs a load balancer id: `lb:alb-web`';
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
  for (const p of s.properties ?? []) (typeof p.forall?.action === 'string' ? [p.forall.action] : p.forall?.action ?? []).forEach(add);
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
      out.push(error('invalid-endpoint', path, problem, 'an endpoint is an instance, interface or load balancer id, an IP, `internet`, `internet:IP`, `external:ID[:IP]`, `service:NAME`, `lb:ID` or `name:NAME`'));
      return;
    }
    if (text.startsWith('name:')) {
      nameEndpoint(path, text.slice(5));
      return;
    }
    if (text.startsWith('lb:')) {
      const id = text.slice(3);
      const e = r.byId.get(id);
      if (e?.kind !== 'load-balancer') {
        const guess = suggest(id, () => r.byKind.get('load-balancer') ?? []);
        out.push(warning('unknown-endpoint', path, e ? `\`${id}\` is not a load balancer` : `\`${id}\` is not a declared load balancer`, guess !== undefined ? `did you mean \`lb:${guess}\`?` : undefined));
      }
      return;
    }
    if (text === 'internet' || text.includes(':') || parseIp(text)) return;
    // a DNS name: an interface endpoint's own (`<endpoint id>[-suffix][-zone].<service>.<region>.vpce.amazonaws.com`)
    // must start with a declared interface endpoint's id; a service's (`<service>.<region>.amazonaws.com`)
    // is resolved by the tracer (private DNS, else the public address)
    // https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html
    if (text.toLowerCase().endsWith('.amazonaws.com')) {
      const first = text.toLowerCase().split('.')[0]!;
      if (!text.toLowerCase().endsWith('.vpce.amazonaws.com')) return;
      const ids = (s.vpcEndpoints ?? []).filter((e) => e.type === 'interface').map((e) => e.id);
      if (ids.some((id) => first === id.toLowerCase() || first.startsWith(`${id.toLowerCase()}-`))) return;
      // the endpoint id is the label's start (AWS adds a suffix, a zonal name the zone)
      const guess = ids.find((id) => editDistance(first.slice(0, id.length), id.toLowerCase()) <= 2);
      out.push(error('unknown-endpoint', path, `\`${text}\` names no declared interface endpoint (its first label starts with the endpoint id)`, guess !== undefined ? `did you mean \`${guess}\`?` : 'declare the interface endpoint in `vpcEndpoints`, or name its id'));
      return;
    }
    const known = r.byId.has(text) || instanceNames.has(text);
    if (!known) {
      // an expectation that names nothing can never be judged: the file is invalid, with its line
      const guess = suggest(text, () => r.byId.keys());
      out.push(error('unknown-endpoint', path, `\`${text}\` is not a declared resource`, guess !== undefined ? `did you mean \`${guess}\`?` : 'name an instance or interface id, an IP, `internet`, `external:ID` or `service:NAME`'));
    }
  };
  // `name:TEXT`: exactly one network resource has that name (its `name`, else its `Name` tag)
  let resourceNames: Map<string, string[]> | undefined;
  const nameEndpoint = (path: Path, name: string): void => {
    if (resourceNames === undefined) {
      resourceNames = new Map();
      for (const [id, e] of r.byId) {
        const v = e.value as { name?: unknown; tags?: Record<string, unknown> } | undefined;
        if (v === undefined || e.implicit) continue;
        for (const n of namesOf(v)) {
          let list = resourceNames.get(n);
          if (!list) resourceNames.set(n, (list = []));
          list.push(id);
        }
      }
    }
    const hits = resourceNames.get(name) ?? [];
    if (hits.length === 1) return;
    if (hits.length > 1) {
      out.push(warning('ambiguous-name', path, `${hits.length} resources are named \`${name}\`: ${hits.map((h) => `\`${h}\``).join(', ')}`, `name one by its id instead: \`${hits[0]}\``));
      return;
    }
    const names = resourceNames;
    const guess = suggest(name, () => names.keys());
    out.push(warning('unknown-endpoint', path, `no resource is named \`${name}\``, guess !== undefined ? `did you mean \`name:${guess}\`?` : 'a resource is named by its `name` field or its `Name` tag'));
  };
  const principal = (path: Path, text: string): void => {
    const p = expandPrincipal(text, account);
    if (!p) {
      out.push(error('invalid-principal', path, `\`${text}\` is not a principal`, 'write `user/NAME`, `role/NAME`, `role/NAME/SESSION`, `root`, `anonymous`, `service:NAME`, `cloudfront-oai/ID` or an ARN'));
      return;
    }
    if (p.kind === 'user' && !users.has(`${p.account}|${p.name}`))
      out.push(warning('undeclared-principal', path, `user \`${p.name}\` is not declared in account ${p.account}`, guessed(text, p.name, p.account, users, 'declare it under `iam.users`: an undeclared user has no policies')));
    if ((p.kind === 'role' || p.kind === 'assumed-role') && !roles.has(`${p.account}|${p.name}`))
      out.push(warning('undeclared-principal', path, `role \`${p.name}\` is not declared in account ${p.account}`, guessed(text, p.name, p.account, roles, 'declare it under `iam.roles`: an undeclared role has no policies')));
  };
  // did you mean the closest declared name of its account, written as the principal was
  const guessed = (text: string, name: string | undefined, acct: string | undefined, declared: ReadonlySet<string>, hint: string): string => {
    const names = [...declared].filter((k) => k.startsWith(`${acct}|`)).map((k) => k.slice(k.indexOf('|') + 1));
    const guess = name === undefined ? undefined : suggestPrincipal(text, name, names);
    return guess === undefined ? hint : `did you mean \`${guess}\`? or ${hint}`;
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
    if (p.noExternalAccess) validateNoExternalAccess(s, p.noExternalAccess, ['properties', i, 'noExternalAccess'], out);
    if (p.cannotBecome) validateCannotBecome(s, p.cannotBecome, ['properties', i, 'cannotBecome'], out);
    const forall = p.forall;
    if (forall === undefined) return;
    for (const key of ['from', 'to'] as const) {
      const sel = forall[key];
      const list = sel === undefined ? [] : typeof sel === 'string' ? [sel] : sel;
      list.forEach((text, k) => {
        const where: Path = typeof sel === 'string' ? ['properties', i, 'forall', key] : ['properties', i, 'forall', key, k];
        const problem = selectorProblem(text);
        if (problem !== undefined)
          out.push(error('invalid-selector', where, problem, 'a selector is an id, a glob (`i-db-*`), `subnet:ID`, `vpc:ID`, `cidr:BLOCK`, `internet`, `external:ID` or an IP'));
      });
    }
    const list = forall.principal === undefined ? [] : typeof forall.principal === 'string' ? [forall.principal] : forall.principal;
    list.forEach((pr, k) => {
      if (pr === '*' || pr.includes('*')) return;
      const path: Path = typeof forall.principal === 'string' ? ['properties', i, 'forall', 'principal'] : ['properties', i, 'forall', 'principal', k];
      principal(path, pr);
    });
  });
}

const oneOrMany = (x: string | string[]): string[] => (typeof x === 'string' ? [x] : x);
const globRe = (g: string): RegExp => new RegExp(`^${g.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

/** The resource ARNs a scenario declares, and its roles as `role/NAME`: what `noExternalAccess.resource` selects from. */
function accessResources(s: Scenario): string[] {
  return [...(s.resources ?? []).map((r) => r.arn), ...(s.iam?.roles ?? []).map((r) => `role/${r.name}`)];
}

/** `noExternalAccess`: every resource selector selects something; `trust: organization` needs an organization. */
function validateNoExternalAccess(s: Scenario, n: NoExternalAccess, path: Path, out: Diagnostic[]): void {
  const known = accessResources(s);
  oneOrMany(n.resource).forEach((sel, k) => {
    const where: Path = typeof n.resource === 'string' ? [...path, 'resource'] : [...path, 'resource', k];
    const re = globRe(sel);
    const roleArn = /^arn:aws:iam::\d{12}:role\/(.+)$/.exec(sel);
    const hit = known.some((r) => re.test(r)) || (roleArn !== null && (s.iam?.roles ?? []).some((r) => r.name === roleArn[1]!.split('/').pop()));
    if (hit) return;
    const guess = didYouMean(sel, known);
    out.push(error('selector-unknown', where, `\`${sel}\` selects no resource of the scenario: the property would hold vacuously`, guess !== undefined ? `did you mean \`${guess}\`?` : 'name a declared resource ARN (a glob such as `arn:aws:s3:::*`) or a role (`role/NAME`)'));
  });
  if (n.trust === 'organization' && s.organization === undefined)
    out.push(error('no-organization', [...path, 'trust'], '`trust: organization` needs the scenario to declare its `organization`', 'declare `organization` (its id and accounts), or use `trust: account`'));
}

/** `cannotBecome`: `from` names declared principals; `to` is a declared principal or `admin`. */
function validateCannotBecome(s: Scenario, c: CannotBecome, path: Path, out: Diagnostic[]): void {
  const account = s.defaults?.account ?? FALLBACK_SCOPE.account;
  const declared = [...(s.iam?.users ?? []).map((u) => ({ short: `user/${u.name}`, arn: `arn:aws:iam::${u.account ?? account}:user${u.path ?? '/'}${u.name}` })), ...(s.iam?.roles ?? []).map((r) => ({ short: `role/${r.name}`, arn: `arn:aws:iam::${r.account ?? account}:role${r.path ?? '/'}${r.name}` }))];
  const names = declared.map((d) => d.short);
  const check = (text: string, where: Path, allowGlob: boolean): void => {
    if (allowGlob && /[*?]/.test(text)) {
      const re = globRe(text);
      if (!declared.some((d) => re.test(d.short) || re.test(d.arn))) out.push(error('selector-unknown', where, `\`${text}\` selects no declared user or role: the property would hold vacuously`, 'name declared principals (`user/NAME`, `role/NAME`)'));
      return;
    }
    const p = expandPrincipal(text, account);
    if (!p || (p.kind !== 'user' && p.kind !== 'role')) {
      out.push(error('invalid-principal', where, `\`${text}\` is not a user or role`, 'write `user/NAME`, `role/NAME` or an IAM ARN'));
      return;
    }
    if (!declared.some((d) => d.arn === p.arn || d.short === text)) {
      const guess = didYouMean(text, names);
      out.push(error('unknown-principal', where, `${p.kind} \`${p.name}\` is not declared in account ${p.account}`, guess !== undefined ? `did you mean \`${guess}\`?` : `declare it under \`iam.${p.kind}s\``));
    }
  };
  oneOrMany(c.from).forEach((f, k) => check(f, typeof c.from === 'string' ? [...path, 'from'] : [...path, 'from', k], true));
  if (c.to !== 'admin') check(c.to, [...path, 'to'], false);
}
