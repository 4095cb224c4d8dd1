// Human output of the access commands: who-can and what-can (findings and escalation paths
// join them here), and the JSON shape of who-can.
import type { DiffResult, FindingsResult, PathsResult, WhatCanResult, WhoCanLine, WhoCanResult } from '@vpcsim/analysis';
import type { Style } from './ansi.js';
import { pushAll } from '@vpcsim/model';

const OK = '✓';
const NO = '✗';
const MAX_STATEMENTS = 4;
const MAX_NAMES = 8;

/** `k=v, k2=v2`. */
export function contextText(c: Readonly<Record<string, unknown>>): string {
  return Object.entries(c).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : String(v)}`).join(', ');
}

/** A list of names, cut after `max` with a count. */
function names(xs: readonly string[], max = MAX_NAMES): string {
  return xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} (+${xs.length - max} more)`;
}

function whoText(l: WhoCanLine): string {
  if (!l.whole) return names(l.who);
  if (l.heading === 'every other account') return 'any principal of any account the scenario does not name, that its own policies allow';
  if (l.heading.startsWith('account ')) return l.who.some((w) => w.startsWith('any ')) ? 'any principal its own policies allow' : `every principal (${names(l.who)})`;
  return `all (${names(l.who)})`;
}

function lineRows(lines: readonly WhoCanLine[], s: Style, mark: string): string[] {
  const out: string[] = [];
  for (const l of lines) {
    out.push(`  ${mark} ${s.bold(l.heading)}  ${whoText(l)}${l.context ? `  ${s.yellow(`when ${contextText(l.context)}`)}` : ''}`);
    const by = l.decisive.slice(0, MAX_STATEMENTS);
    pushAll(out, by.map((d, i) => s.dim(`      ${i === 0 ? 'by ' : '   '}${d}`)));
    if (l.decisive.length > MAX_STATEMENTS) out.push(s.dim(`         (+${l.decisive.length - MAX_STATEMENTS} more statements)`));
  }
  return out;
}

/** `vpcsim who-can --action`: the allowed classes grouped, the conditional ones, a count of the rest, and what the answer covers. */
export function formatWhoCan(r: WhoCanResult, s: Style): string {
  const out: string[] = [s.bold(`who can ${r.action}${r.resource ? ` on ${r.resource}` : ''}${r.from ? ` from ${r.from}` : ''}`)];
  if (Object.keys(r.context).length > 0) out.push(s.dim(`  with ${contextText(r.context)}`));
  if (r.network) {
    const n = r.network;
    out.push(`${s.cyan('network')}  ${n.reached ? s.green(`${OK} reaches the service`) : s.red(`${NO} never reaches the service`)} (${n.disposition})${n.via ? ` via ${n.via}` : ''}${n.endpoint ? ` ${n.endpoint}` : ''}${Object.keys(n.context).length ? `  ${contextText(n.context)}` : ''}`);
  }
  if (r.public) out.push(s.yellow(`! public: ${r.allowed.some((e) => e.class.kind === 'anonymous') ? 'anonymous callers are allowed' : 'every account is allowed'}`));
  out.push(s.cyan(`allowed (${r.allowed.length} of ${r.classes} principal classes)`));
  pushAll(out, (r.lines.length ? lineRows(r.lines, s, s.green(OK)) : ['  nobody']));
  if (r.conditionalLines.length > 0) {
    out.push(s.cyan(`allowed only with more context (${r.conditional.length})`));
    pushAll(out, lineRows(r.conditionalLines, s, s.yellow('?')));
  }
  if (r.denied.length > 0) out.push(s.cyan(`not allowed (${r.denied.length})`), `  ${names(r.denied.map((e) => e.class.label), 12)}`);
  pushAll(out, r.notes.map((n) => s.dim(`note: ${n}`)));
  return out.join('\n');
}

/** The JSON of who-can: the answer with each class named by label, kind, group and representative. */
export function whoCanJson(r: WhoCanResult): Record<string, unknown> {
  const entry = (e: WhoCanResult['allowed'][number]): Record<string, unknown> => ({
    principal: e.class.label,
    kind: e.class.kind,
    group: e.class.group,
    representative: e.class.representative,
    external: e.class.external,
    decision: e.decision,
    decisive: e.decisive,
    ...(e.context ? { context: e.context } : {}),
    ...(e.satisfies ? { satisfies: e.satisfies } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
  });
  return {
    action: r.action,
    ...(r.resource !== undefined ? { resource: r.resource } : {}),
    ...(r.from !== undefined ? { from: r.from } : {}),
    context: r.context,
    public: r.public,
    allowed: r.allowed.map(entry),
    conditional: r.conditional.map(entry),
    denied: r.denied.map(entry),
    lines: r.lines,
    conditionalLines: r.conditionalLines,
    ...(r.network ? { network: r.network } : {}),
    classes: r.classes,
    notes: r.notes,
    errors: r.errors,
  };
}

/** Actions listed per service before the rest is counted (`--json` lists all). */
const MAX_ACTIONS = 25;
/** Services allowed every action alike, read together on one line from this many. */
const SERVICES_TOGETHER = 3;

/**
 * `vpcsim who-can --principal`: the allowed actions by service, with their resources. Services
 * whose every action is allowed by the same statements read together on one line (an
 * administrator's answer is a few lines, not AWS's whole catalogue).
 */
export function formatWhatCan(r: WhatCanResult, s: Style): string {
  const out: string[] = [s.bold(`what can ${r.principal} do${r.resource ? ` on ${r.resource}` : ''}`)];
  if (r.services.length === 0) out.push('  nothing');
  const sameBy = (svc: WhatCanResult['services'][number]): string | undefined => {
    if (!svc.every) return undefined;
    const k = svc.actions[0]!.decisive.join('; ');
    return svc.actions.every((a) => a.decisive.join('; ') === k) ? k : undefined;
  };
  const byRow = (decisive: readonly string[]): string[] =>
    decisive.length ? [s.dim(`      by ${decisive.slice(0, 2).join('; ')}${decisive.length > 2 ? ` (+${decisive.length - 2})` : ''}`)] : [];
  const together = new Map<string, WhatCanResult['services'][number][]>();
  for (const svc of r.services) {
    const k = sameBy(svc);
    if (k !== undefined) together.set(k, [...(together.get(k) ?? []), svc]);
  }
  const shown = new Set<string>();
  for (const svc of r.services) {
    if (shown.has(svc.service)) continue;
    const k = sameBy(svc);
    const group = k !== undefined ? together.get(k)! : [];
    if (group.length >= SERVICES_TOGETHER) {
      for (const g of group) shown.add(g.service);
      const n = group.reduce((x, g) => x + g.actions.length, 0);
      out.push(`${s.green(OK)} every action tried of ${group.length} services (${n.toLocaleString('en-US')} actions)  ${s.dim(names(group.map((g) => g.service), 6))}`);
      out.push(s.dim('      each on the resources of the scenario it applies to, or without a resource when it takes none'));
      pushAll(out, byRow(svc.actions[0]!.decisive));
      continue;
    }
    shown.add(svc.service);
    if (k !== undefined && svc.actions.length > 1) {
      out.push(`${s.cyan(svc.service)}  ${s.green(OK)} every action (${svc.actions.length} tried)`);
      pushAll(out, byRow(svc.actions[0]!.decisive));
      continue;
    }
    out.push(`${s.cyan(svc.service)}  ${svc.actions.length} of ${svc.tried} action${svc.tried === 1 ? '' : 's'} tried`);
    for (const a of svc.actions.slice(0, MAX_ACTIONS)) {
      const res = a.resources.map((x) => (x === '*' ? '(no resource)' : x));
      out.push(`  ${s.green(OK)} ${a.action}  ${s.dim('on')} ${names(res, 4)}`);
      pushAll(out, byRow(a.decisive));
    }
    if (svc.actions.length > MAX_ACTIONS) out.push(s.dim(`  (+${svc.actions.length - MAX_ACTIONS} more actions; --json lists them all)`));
  }
  out.push(s.dim(`note: ${r.requests.toLocaleString('en-US')} requests judged; actions: ${r.note}`));
  return out.join('\n');
}

type Moves = PathsResult['paths'][number]['steps'][number]['moves'];

function movesText(moves: Moves, s: Style, indent: string): string[] {
  const out: string[] = [];
  for (const m of moves) {
    if ('effect' in m) {
      out.push(`${indent}${s.yellow('→')} ${m.effect}`);
      continue;
    }
    const r = m.request;
    out.push(`${indent}${s.green(OK)} ${r.principal} ${r.action}${r.resource && r.resource !== '*' ? ` on ${r.resource}` : ''}${r.context ? s.dim(`  with ${contextText(r.context)}`) : ''}`);
    if (r.decisive.length) out.push(s.dim(`${indent}    by ${r.decisive.join('; ')}`));
  }
  return out;
}

/** `vpcsim paths`: each path step by step, each request with the statement that allows it. */
export function formatPaths(r: PathsResult, s: Style): string {
  const target = r.to === 'admin' ? 'an administrator' : r.to;
  const out: string[] = [s.bold(`paths from ${r.from} to ${target}`)];
  if (r.paths.length === 0) out.push(s.green(`${OK} no path: ${r.from} cannot become ${target} (${r.reached} principal state${r.reached === 1 ? '' : 's'} reached)`));
  else out.push(s.red(`${NO} ${r.paths.length} path${r.paths.length === 1 ? '' : 's'} (shortest first; the shortest through each first step; every request replayed through IAM)`));
  r.paths.forEach((p, i) => {
    out.push('', s.cyan(`path ${i + 1}: ${p.steps.length === 0 ? `${r.from} already is ${target}` : `${p.steps.length} step${p.steps.length === 1 ? '' : 's'}`}`));
    p.steps.forEach((st, k) => {
      out.push(`  ${String(k + 1).padStart(2)}  ${s.bold(st.from)} → ${s.bold(st.to)}${st.requiresMfa ? s.yellow('  (requires MFA)') : ''}`);
      out.push(`      ${st.title}`);
      pushAll(out, movesText(st.moves, s, '      '));
    });
    if (p.admin) {
      out.push(`  ${s.red('admin')}  ${p.admin.title}`);
      pushAll(out, movesText(p.admin.requests.map((request) => ({ request })), s, '      '));
    }
  });
  pushAll(out, r.notes.map((n) => s.dim(`note: ${n}`)));
  return out.join('\n');
}

/** `vpcsim findings`: each resource with its findings (public or shared outside the zone of trust), through which statement. */
export function formatFindings(r: FindingsResult, s: Style): string {
  const out: string[] = [s.bold(`external access findings (zone of trust: ${r.trust === 'organization' ? 'the organization' : 'each resource\'s account'})`)];
  for (const res of r.resources) {
    const pub = res.findings.some((f) => f.isPublic);
    const head = res.findings.length === 0 ? s.green(`${OK} ${res.resource}`) : s.red(`${NO} ${res.resource}`);
    out.push(`${head}  ${s.dim(res.resourceType)}  ${res.findings.length === 0 ? 'no external access' : pub ? s.red('public') : s.yellow('shared outside the zone of trust')}`);
    for (const f of res.findings) {
      const who = f.whole ? (f.principal === 'every other account' ? 'any principal of any account the scenario does not name (if its own policies allow)' : f.principal.startsWith('account ') ? 'any principal its own policies allow' : `all (${names(f.principals)})`) : names(f.principals);
      out.push(`    ${f.isPublic ? s.red('!') : s.yellow('·')} ${s.bold(f.principal)}  ${who}${f.condition ? s.yellow(`  when ${contextText(f.condition)}`) : ''}`);
      out.push(`        ${names(f.actions, 6)}${f.requestResources.length > 1 || f.requestResources[0] !== res.resource ? s.dim(` on ${names(f.requestResources, 3)}`) : ''}`);
      if (f.statements.length) out.push(s.dim(`        by ${f.statements.join('; ')}`));
    }
    for (const n of res.notes) out.push(s.dim(`    note: ${n}`));
  }
  if (r.skipped.length) out.push(s.dim(`not analysed (not a type Access Analyzer covers): ${names(r.skipped)}`));
  pushAll(out, r.notes.map((n) => s.dim(`note: ${n}`)));
  const n = r.resources.filter((x) => x.findings.length > 0).length;
  out.push('', r.findings ? s.red(`${r.findings} finding${r.findings === 1 ? '' : 's'} on ${n} of ${r.resources.length} resources`) : s.green(`no external access on ${r.resources.length} resource${r.resources.length === 1 ? '' : 's'}`));
  return out.join('\n');
}

/** The IAM half of `vpcsim diff` (CheckNoNewAccess over every action and resource) and the requests sent from instances. */
export function formatAccessDiff(d: DiffResult, s: Style): string[] {
  const out: string[] = [];
  const iam = d.iam;
  const n = iam.changed.length;
  out.push(s.cyan(`iam: ${n} change${n === 1 ? '' : 's'} in ${iam.compared.toLocaleString('en-US')} requests compared (every action and resource cell the changed statements cover)`) + (n ? (iam.newAccess ? s.yellow('  new access: yes') : '  new access: no') : ''));
  for (const c of iam.changed) {
    out.push(`  ${c.opens ? s.yellow('+') : s.red('-')} ${c.principal} ${c.action}${c.resource ? ` on ${c.resource}` : ''}${c.context ? s.dim(` with ${contextText(c.context)}`) : ''}: ${c.before.decision} → ${c.after.decision}`);
    out.push(s.dim(`      ${c.opens ? 'now allowed by' : 'was allowed by'} ${(c.opens ? c.after.decisive : c.before.decisive).join('; ') || '(none)'}`));
    out.push(s.dim(`      changed: ${c.responsible.join('; ')}`));
    out.push(s.dim(`      stands for every action in ${c.actionCell} and every resource in ${c.resourceCell}`));
  }
  if (!iam.complete) pushAll(out, iam.notes.slice(0, -1).map((x) => s.yellow(`  note: ${x}`)));
  const r = d.requestsFromInstances;
  const m = r.changed.length;
  out.push(s.cyan(`requests from instances: ${m} change${m === 1 ? '' : 's'} in ${r.compared.toLocaleString('en-US')} requests compared (each instance's role, over each version's network path)`));
  const side = (x: (typeof r.changed)[number]['before']): string => `${x.decision}${x.via !== 'none' ? ` via ${x.via}${x.endpoint ? ` ${x.endpoint}` : ''}` : x.decision.startsWith('not-in') ? '' : ' (never reaches the service)'}`;
  for (const c of r.changed) {
    const opens = c.after.decision === 'allowed';
    out.push(`  ${opens ? s.yellow('+') : s.red('-')} ${c.from} (${c.principal}) ${c.action}${c.resource ? ` on ${c.resource}` : ''}: ${side(c.before)} → ${side(c.after)}`);
    const by = opens ? c.after.decisive : c.before.decisive.length ? c.before.decisive : c.after.decisive;
    if (by.length) out.push(s.dim(`      ${opens ? 'now allowed by' : c.before.decisive.length ? 'was allowed by' : 'denied by'} ${by.join('; ')}`));
    if (c.after.reason) out.push(s.dim(`      ${c.after.reason}`));
  }
  return out;
}
