// Model-level validation of the imported scenario. Real exports hold things the model rejects
// (a security group rule naming a group of an account that was not exported, a route to a
// deleted peering); each such error becomes a warning at its origin (file and JSON path) and
// the offending element is left out, so the scenario written is always valid.
import { compile, formatPath, own, type Diagnostic, type Path } from '@vpcsim/model';
import type { Origin, Report } from './reader.js';

/** Fields that may be deleted on their own (optional there), by top-level list; `*`: anywhere. */
const OPTIONAL_FIELDS: Record<string, string | readonly string[]> = {
  routeTable: ['subnets', 'internetGateways', 'vpnGateways'],
  networkAcl: 'subnets',
  publicIp: '*',
  privateIp: ['natGateways', 'loadBalancers'],
  instanceProfile: 'instances',
  permissionsBoundary: '*',
  asn: '*',
  managementAccount: 'organization',
  addresses: 'vpcEndpoints',
  propagatingGateways: 'routeTables',
  transport: 'vpnConnections',
  healthCheck: '*',
  crossZone: '*',
  preserveClientIp: 'targetGroups',
  securityGroups: 'loadBalancers',
};
const optionalAt = (key: string, top: string | number | undefined): boolean => {
  // own(): a key named `__proto__` or `constructor` is not an optional field
  const where = own(OPTIONAL_FIELDS, key);
  return where === '*' || (typeof where === 'string' ? where === top : where !== undefined && where.includes(String(top)));
};
/** Keys under which a policy document sits: a bad document is left out whole, never in part. */
const POLICY_KEYS = new Set(['trustPolicy', 'policy', 'sessionPolicy']);
/** Lists whose elements are whole policies: a bad document drops the element. */
const POLICY_LIST_DOCUMENT = 'document';
const MAX_ROUNDS = 12;

type Container = Record<string | number, unknown>;
type Fix = { kind: 'splice'; list: unknown[]; index: number } | { kind: 'delete'; holder: Container; key: string };

/** What to remove for an error at `path`, and the object it is reported on. */
function locate(root: unknown, path: Path): { fix: Fix; removed: unknown } | undefined {
  const chain: { holder: Container; key: string | number; value: unknown }[] = [];
  let node: unknown = root;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') break;
    const next = (node as Container)[seg];
    if (next === undefined) break;
    chain.push({ holder: node as Container, key: seg, value: next });
    node = next;
  }
  // a policy document is dropped whole (dropping one statement could widen access)
  for (let i = 0; i < chain.length; i++) {
    const c = chain[i]!;
    if (typeof c.key === 'string' && POLICY_KEYS.has(c.key)) return { fix: { kind: 'delete', holder: c.holder, key: c.key }, removed: c.value };
    if (c.key === 'inlinePolicies' && i + 1 < chain.length) {
      const n = chain[i + 1]!;
      return { fix: { kind: 'delete', holder: n.holder, key: String(n.key) }, removed: n.value };
    }
    if (c.key === POLICY_LIST_DOCUMENT && i > 0 && Array.isArray(chain[i - 1]!.holder)) {
      const el = chain[i - 1]!;
      return { fix: { kind: 'splice', list: el.holder as unknown as unknown[], index: el.key as number }, removed: el.value };
    }
  }
  // the deepest optional field or list element along the path goes
  for (let i = chain.length - 1; i >= 0; i--) {
    const c = chain[i]!;
    if (typeof c.key === 'string' && optionalAt(c.key, path[0])) return { fix: { kind: 'delete', holder: c.holder, key: c.key }, removed: c.holder };
    if (Array.isArray(c.holder) && typeof c.key === 'number') return { fix: { kind: 'splice', list: c.holder, index: c.key }, removed: c.value };
  }
  return undefined;
}

/** The origin of the deepest object along `path` that has one. */
function originAlong(root: unknown, path: Path, origin: WeakMap<object, Origin>): Origin | undefined {
  let node: unknown = root;
  let best: Origin | undefined;
  for (const seg of path) {
    if (node === null || typeof node !== 'object') break;
    node = (node as Container)[seg];
    if (node !== null && typeof node === 'object') best = origin.get(node) ?? best;
  }
  return best;
}

const describe = (v: unknown): string => {
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k of ['id', 'name', 'arn', 'destination', 'cidr', 'securityGroup', 'prefixList']) if (typeof o[k] === 'string') return `\`${o[k] as string}\``;
    return 'the element';
  }
  return typeof v === 'string' ? `\`${v}\`` : 'the element';
};

/**
 * Compiles `scenario`, leaving out what the model rejects until it compiles (each removal a
 * warning at its origin). Errors that cannot be traced to a removable element stay errors.
 * Mutates `scenario`.
 */
/**
 * A better account of an unknown reference, when the importer knows why it is unknown (the
 * file that declares such ids is missing, the id belongs to an account not exported); `where`
 * is the origin of the element that holds the reference.
 */
export type ExplainUnknown = (id: string, what: string, where: Origin | undefined) => { message: string; hint: string } | undefined;

export function validateAndRepair(scenario: Record<string, unknown>, origin: WeakMap<object, Origin>, report: Report, explain?: ExplainUnknown): void {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const r = compile(scenario);
    if (r.ok) return;
    const fixes: { fix: Fix; e: Diagnostic; removed: unknown; where: Origin | undefined }[] = [];
    const stuck: Diagnostic[] = [];
    for (const e of r.errors) {
      const at = locate(scenario, e.path);
      if (!at) stuck.push(e);
      else fixes.push({ ...at, e, where: originAlong(scenario, e.path, origin) });
    }
    for (const e of stuck) {
      const where = originAlong(scenario, e.path, origin);
      report.add(where?.file ?? '<import>', { ...e, path: where?.path ?? e.path, message: `${e.message} (scenario \`${formatPath(e.path)}\`)`, file: undefined });
    }
    if (fixes.length === 0) return;
    // apply: deletions first, then splices from the highest index down per list
    const seen = new Set<string>();
    const splices = new Map<unknown[], Set<number>>();
    for (const f of fixes) {
      const key = f.fix.kind === 'delete' ? `d|${f.fix.key}` : `s|${f.fix.index}`;
      const holder = f.fix.kind === 'delete' ? f.fix.holder : f.fix.list;
      const id = `${key}|${objectId(holder)}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const w = f.where ?? { file: '<import>', path: f.e.path };
      const m = f.e.code === 'unknown-reference' ? /^unknown (.+) `([^`]+)`$/.exec(f.e.message) : null;
      const better = m && explain ? explain(m[2]!, m[1]!, f.where) : undefined;
      if (better) {
        report.add(w.file, {
          code: 'model-unknown-reference',
          severity: 'warning',
          path: w.path,
          message: `${better.message}: ${f.fix.kind === 'delete' ? `\`${f.fix.key}\` of ${describe(f.removed)}` : describe(f.removed)} not imported`,
          hint: `${better.hint}; scenario path \`${formatPath(f.e.path)}\``,
        });
      } else report.add(w.file, {
        code: `model-${f.e.code}`,
        severity: 'warning',
        path: w.path,
        message: `${f.e.message}: ${f.fix.kind === 'delete' ? `\`${f.fix.key}\` of ${describe(f.removed)}` : describe(f.removed)} not imported`,
        hint: `${f.e.hint ? `${f.e.hint}; ` : ''}scenario path \`${formatPath(f.e.path)}\``,
      });
      if (f.fix.kind === 'delete') delete f.fix.holder[f.fix.key];
      else {
        let set = splices.get(f.fix.list);
        if (!set) splices.set(f.fix.list, (set = new Set()));
        set.add(f.fix.index);
      }
    }
    for (const [list, idx] of splices) for (const i of [...idx].sort((a, b) => b - a)) list.splice(i, 1);
    if (stuck.length > 0) return;
  }
  const r = compile(scenario);
  if (!r.ok) for (const e of r.errors) report.add('<import>', { ...e, file: undefined, message: `${e.message} (left after repairs)` });
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function objectId(o: object): number {
  let n = ids.get(o);
  if (n === undefined) ids.set(o, (n = nextId++));
  return n;
}
