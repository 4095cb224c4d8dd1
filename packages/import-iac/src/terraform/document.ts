// Reading `terraform show -json` output, plan or state, into resource instances: each with its
// address, its known values, what is known only after apply, and what the plan does with it.
// https://developer.hashicorp.com/terraform/internals/json-format
import type { Path } from '@vpcsim/model';

/** What the document says happens to an instance. */
export type TfAction = 'create' | 'update' | 'replace' | 'no-op' | 'read' | 'state';

/** One resource instance of the document. */
export interface TfInstance {
  /** `module.vpc.aws_subnet.private[0]`. */
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly name: string;
  readonly index: string | number | undefined;
  /** The module instance it sits in: `''` (root), `module.vpc`, `module.sg["bad_example"]`. */
  readonly module: string;
  /** Known values (`change.after`, `values`). */
  readonly values: Record<string, unknown>;
  /** `change.after_unknown`: `true` where a value is known only after apply. */
  readonly unknown: unknown;
  readonly action: TfAction;
  /** JSON path of `values` in the document. */
  readonly path: Path;
}

/** A parsed document: its instances and what it left out. */
export interface TfDocument {
  readonly kind: 'plan' | 'state';
  readonly instances: TfInstance[];
  /** Instances the plan deletes (they will not exist after apply). */
  readonly deleted: string[];
  readonly terraformVersion: string | undefined;
  readonly configuration: unknown;
  readonly variables: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a parsed JSON value is `terraform show -json` output. */
export function isTerraformDocument(v: unknown): v is Record<string, unknown> {
  return isRecord(v) && typeof v.format_version === 'string' && ('planned_values' in v || 'values' in v || 'resource_changes' in v || 'prior_state' in v || 'terraform_version' in v);
}

const moduleOf = (address: string, mode: string, type: string, name: string, index: unknown): string => {
  const own = `${mode === 'data' ? 'data.' : ''}${type}.${name}${index === undefined ? '' : `[${JSON.stringify(index)}]`}`;
  return address.endsWith(own) ? address.slice(0, address.length - own.length).replace(/\.$/, '') : '';
};

function actionOf(actions: unknown): TfAction | 'delete' | undefined {
  if (!Array.isArray(actions)) return undefined;
  const a = actions.join(',');
  if (a === 'delete') return 'delete';
  if (a === 'create') return 'create';
  if (a === 'update') return 'update';
  if (a === 'no-op') return 'no-op';
  if (a === 'read') return 'read';
  if (a === 'delete,create' || a === 'create,delete') return 'replace';
  return undefined;
}

/** The resources of a `values` module tree (state, prior_state, planned_values), with their JSON paths. */
function walkModule(m: unknown, path: Path, out: { r: Record<string, unknown>; path: Path }[]): void {
  if (!isRecord(m)) return;
  if (Array.isArray(m.resources)) m.resources.forEach((r, i) => isRecord(r) && out.push({ r, path: [...path, 'resources', i] }));
  if (Array.isArray(m.child_modules)) m.child_modules.forEach((c, i) => walkModule(c, [...path, 'child_modules', i], out));
}

function fromValues(r: Record<string, unknown>, path: Path, action: TfAction, unknown: unknown = {}): TfInstance | undefined {
  const { address, mode, type, name } = r;
  if (typeof address !== 'string' || typeof type !== 'string' || typeof name !== 'string') return undefined;
  const index = typeof r.index === 'string' || typeof r.index === 'number' ? r.index : undefined;
  const m = mode === 'data' ? 'data' : 'managed';
  return { address, mode: m, type, name, index, module: moduleOf(address, m, type, name, index), values: isRecord(r.values) ? r.values : {}, unknown, action, path: [...path, 'values'] };
}

/**
 * The instances of a plan (`resource_changes`, with data sources read before the plan from
 * `prior_state`) or of a state (`values`). Instances the plan deletes are listed apart.
 */
export function readTerraform(doc: Record<string, unknown>): TfDocument {
  const instances: TfInstance[] = [];
  const deleted: string[] = [];
  const seen = new Set<string>();
  const base = { terraformVersion: typeof doc.terraform_version === 'string' ? doc.terraform_version : undefined, configuration: doc.configuration, variables: isRecord(doc.variables) ? doc.variables : {} };
  if (Array.isArray(doc.resource_changes)) {
    doc.resource_changes.forEach((rc, i) => {
      if (!isRecord(rc) || !isRecord(rc.change) || typeof rc.address !== 'string' || typeof rc.type !== 'string' || typeof rc.name !== 'string') return;
      const action = actionOf(rc.change.actions);
      if (action === 'delete') {
        deleted.push(rc.address);
        return;
      }
      if (action === undefined) return;
      const index = typeof rc.index === 'string' || typeof rc.index === 'number' ? rc.index : undefined;
      const mode = rc.mode === 'data' ? 'data' : 'managed';
      const module = typeof rc.module_address === 'string' ? rc.module_address : moduleOf(rc.address, mode, rc.type, rc.name, index);
      seen.add(rc.address);
      instances.push({ address: rc.address, mode, type: rc.type, name: rc.name, index, module, values: isRecord(rc.change.after) ? rc.change.after : {}, unknown: rc.change.after_unknown ?? {}, action, path: ['resource_changes', i, 'change', 'after'] });
    });
    // data sources read while planning are in prior_state, not in resource_changes
    const prior: { r: Record<string, unknown>; path: Path }[] = [];
    if (isRecord(doc.prior_state) && isRecord(doc.prior_state.values)) walkModule(doc.prior_state.values.root_module, ['prior_state', 'values', 'root_module'], prior);
    for (const { r, path } of prior) {
      if (r.mode !== 'data' || typeof r.address !== 'string' || seen.has(r.address)) continue;
      const x = fromValues(r, path, 'state');
      if (x) instances.push(x);
    }
    return { kind: 'plan', instances, deleted, ...base };
  }
  const found: { r: Record<string, unknown>; path: Path }[] = [];
  if (isRecord(doc.values)) walkModule(doc.values.root_module, ['values', 'root_module'], found);
  else if (isRecord(doc.planned_values)) walkModule(doc.planned_values.root_module, ['planned_values', 'root_module'], found);
  for (const { r, path } of found) {
    const x = fromValues(r, path, isRecord(doc.values) ? 'state' : 'create');
    if (x) instances.push(x);
  }
  return { kind: isRecord(doc.values) ? 'state' : 'plan', instances, deleted, ...base };
}
