// References between resources, from the plan's `configuration`: a value known only after
// apply (`vpc_id` of a subnet whose VPC the plan creates) is found through the expression that
// sets it (`references: ["aws_vpc.main.id", "aws_vpc.main"]`). References are module-relative,
// without instance keys; they are followed through module variables and outputs, and an
// instance key is taken from `count.index`/`each.key` when the expression uses it.
// https://developer.hashicorp.com/terraform/internals/json-format#configuration-representation
// https://developer.hashicorp.com/terraform/internals/json-format#expression-representation
import type { TfInstance } from './document.js';
import { pushAll } from '@vpcsim/model';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One module instance on a path: `module.sg["x"]` is `{ name: 'sg', key: 'x' }`. */
export interface ModuleStep {
  readonly name: string;
  readonly key?: string | number | undefined;
}

type Token = { name: string } | { key: string | number };

/** `module.sg["a.b"].aws_x.y[0].id` → names and keys. */
export function tokens(ref: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < ref.length) {
    const c = ref[i];
    if (c === '.') i++;
    else if (c === '[') {
      const end = ref[i + 1] === '"' ? ref.indexOf('"]', i + 2) + 1 : ref.indexOf(']', i);
      if (end <= 0) break;
      const raw = ref.slice(i + 1, end);
      out.push({ key: raw.startsWith('"') ? (JSON.parse(raw) as string) : /^\d+$/.test(raw) ? Number(raw) : raw });
      i = end + 1;
    } else {
      let j = i;
      while (j < ref.length && ref[j] !== '.' && ref[j] !== '[') j++;
      out.push({ name: ref.slice(i, j) });
      i = j;
    }
  }
  return out;
}

/** The module path of an instance's module address. */
export function moduleSteps(module: string): ModuleStep[] {
  const out: ModuleStep[] = [];
  const t = tokens(module);
  for (let i = 0; i < t.length; i++) {
    const x = t[i]!;
    if ('name' in x && x.name === 'module' && t[i + 1] && 'name' in t[i + 1]!) {
      const name = (t[i + 1] as { name: string }).name;
      const k = t[i + 2];
      if (k && 'key' in k) {
        out.push({ name, key: k.key });
        i += 2;
      } else {
        out.push({ name });
        i += 1;
      }
    }
  }
  return out;
}

/** A reference resolved to an instance, with the attribute it reads (`id`, `arn`, ...). */
export interface Target {
  readonly inst: TfInstance;
  readonly attr: string | undefined;
}

/** What an expression refers to: instances, and whether it also reads what cannot be followed. */
export interface Resolved {
  readonly targets: Target[];
  /** Variables without a resource behind them, locals (not in the JSON), functions of them. */
  readonly opaque: string[];
  /** The expression uses `count.index` or `each.key`/`each.value`. */
  readonly usesKey: boolean;
}

/** The configuration of a plan, indexed for resolving references. */
export class ConfigIndex {
  private readonly byAddress = new Map<string, TfInstance[]>();
  constructor(
    private readonly root: unknown,
    instances: readonly TfInstance[],
  ) {
    for (const x of instances) {
      const k = `${x.mode === 'data' ? 'data.' : ''}${x.type}.${x.name}`;
      (this.byAddress.get(k) ?? this.byAddress.set(k, []).get(k)!).push(x);
    }
  }

  /** The configuration module at a path of module names. */
  private module(path: readonly ModuleStep[]): Record<string, unknown> | undefined {
    let m: unknown = isRecord(this.root) ? this.root.root_module : undefined;
    for (const s of path) {
      const calls = isRecord(m) ? m.module_calls : undefined;
      const call = isRecord(calls) ? calls[s.name] : undefined;
      m = isRecord(call) ? call.module : undefined;
    }
    return isRecord(m) ? m : undefined;
  }

  /** The configuration block of an instance (its `expressions`). */
  expressions(inst: TfInstance): Record<string, unknown> | undefined {
    const m = this.module(moduleSteps(inst.module));
    const own = `${inst.mode === 'data' ? 'data.' : ''}${inst.type}.${inst.name}`;
    const r = Array.isArray(m?.resources) ? m.resources.find((x) => isRecord(x) && x.address === own) : undefined;
    return isRecord(r) && isRecord(r.expressions) ? r.expressions : undefined;
  }

  /** The instances at a config address inside module instances matching `path` (an undefined key matches any). */
  private instances(path: readonly ModuleStep[], own: string, key: string | number | undefined): TfInstance[] {
    return (this.byAddress.get(own) ?? []).filter((x) => {
      const steps = moduleSteps(x.module);
      if (steps.length !== path.length || steps.some((s, i) => s.name !== path[i]!.name || (path[i]!.key !== undefined && s.key !== path[i]!.key))) return false;
      return key === undefined || x.index === key;
    });
  }

  /** What an expression (`{ references: [...] }`) refers to, seen from module instance `path`. */
  resolve(expr: unknown, path: readonly ModuleStep[], depth = 0): Resolved {
    const out: Resolved = { targets: [], opaque: [], usesKey: false };
    if (!isRecord(expr) || !Array.isArray(expr.references) || depth > 20) return out;
    const add = (r: Resolved): void => {
      pushAll(out.targets, r.targets);
      pushAll(out.opaque, r.opaque);
    };
    for (const ref of expr.references) {
      if (typeof ref !== 'string') continue;
      const t = tokens(ref);
      const head = t[0] && 'name' in t[0] ? t[0].name : '';
      const name = (i: number): string | undefined => (t[i] && 'name' in t[i]! ? (t[i] as { name: string }).name : undefined);
      const keyAt = (i: number): string | number | undefined => (t[i] && 'key' in t[i]! ? (t[i] as { key: string | number }).key : undefined);
      if (head === 'count' || head === 'each') {
        (out as { usesKey: boolean }).usesKey = true;
        continue;
      }
      if (head === 'var') {
        const v = name(1);
        const parent = path.slice(0, -1);
        const call = path.length ? this.module(parent)?.module_calls : undefined;
        const callExpr = isRecord(call) && isRecord(call[path[path.length - 1]!.name]) ? (call[path[path.length - 1]!.name] as Record<string, unknown>).expressions : undefined;
        const e = isRecord(callExpr) && v ? callExpr[v] : undefined;
        if (e && isRecord(e) && Array.isArray(e.references)) add(this.resolve(e, parent, depth + 1));
        else out.opaque.push(ref);
        continue;
      }
      if (head === 'local' || head === 'path' || head === 'terraform' || head === 'self') {
        out.opaque.push(ref);
        continue;
      }
      if (head === 'module') {
        const child = name(1);
        if (!child) continue;
        const key = keyAt(2);
        const output = name(key === undefined ? 2 : 3);
        const m = this.module([...path, { name: child }]);
        const o = isRecord(m?.outputs) && output ? m.outputs[output] : undefined;
        if (isRecord(o)) add(this.resolve(o.expression, [...path, { name: child, key }], depth + 1));
        else out.opaque.push(ref);
        continue;
      }
      const data = head === 'data';
      const type = data ? name(1) : head;
      const rname = data ? name(2) : name(1);
      if (!type || !rname) continue;
      const at = data ? 3 : 2;
      const key = keyAt(at);
      const attr = name(key === undefined ? at : at + 1);
      for (const inst of this.instances(path, `${data ? 'data.' : ''}${type}.${rname}`, key)) out.targets.push({ inst, attr });
    }
    return out;
  }
}

/**
 * The one instance an expression names, for the instance `from` that holds it: the only
 * candidate, or the one whose key is `from`'s when the expression uses `count.index`/`each.key`.
 * `undefined` with a reason when there is none or no sound choice.
 */
export function pickOne(r: Resolved, from: TfInstance): { target: Target; byKey: boolean } | { reason: string } {
  const byAddr = new Map<string, Target>();
  for (const t of r.targets) {
    const prev = byAddr.get(t.inst.address);
    if (!prev || (prev.attr === undefined && t.attr !== undefined)) byAddr.set(t.inst.address, t);
  }
  const all = [...byAddr.values()];
  if (all.length === 1) return { target: all[0]!, byKey: false };
  if (all.length === 0) return { reason: r.opaque.length ? `it depends on ${r.opaque.map((x) => `\`${x}\``).join(', ')}, which the plan does not show` : 'it names no resource of the plan' };
  if (r.usesKey && from.index !== undefined) {
    const same = all.filter((t) => t.inst.index === from.index);
    const resources = new Set(same.map((t) => `${t.inst.type}.${t.inst.name}`));
    if (same.length === 1 || (same.length > 0 && resources.size === 1)) return { target: same[0]!, byKey: true };
  }
  return { reason: `it may name any of ${all.slice(0, 4).map((t) => `\`${t.inst.address}\``).join(', ')}${all.length > 4 ? ', ...' : ''}` };
}
