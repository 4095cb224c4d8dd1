// One Terraform resource instance as the mappers read it: known values, values known only after
// apply followed through the configuration to the resource they come from, and the scenario id
// of each referenced resource. Every value that cannot be known is reported once, naming the
// resource address and the attribute.
import type { Path } from '@vpcsim/model';
import type { Draft, Origin } from '../core/draft.js';
import type { TfInstance } from './document.js';
import { pickOne, type ConfigIndex, type Target, moduleSteps } from './references.js';
import { asBool, asStr, at } from '../core/source.js';

/** A value known only after apply that could not be followed to a resource. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);


/** Whether `after_unknown` marks `path` (or an ancestor, or any part of it) as known only after apply. */
function unknownAt(u: unknown, path: Path): boolean {
  let n = u;
  for (const s of path) {
    if (n === true) return true;
    if (n === null || typeof n !== 'object') return false;
    n = (n as Record<string | number, unknown>)[s];
  }
  const any = (x: unknown): boolean => x === true || (x !== null && typeof x === 'object' && Object.values(x as object).some(any));
  return any(n);
}

/** Everything the Terraform mappers share. */
export interface TfWorld {
  readonly draft: Draft;
  readonly config: ConfigIndex;
  /** The scenario id of each instance (its AWS id when known, else its address). */
  idOf(inst: TfInstance): string;
  /** An attribute of another instance (`arn` of a role, `name` of a bucket), computed as AWS forms it when the plan does not know it. */
  attrOf(inst: TfInstance, attr: string): unknown;
  /** The instance a known AWS id belongs to. */
  byAwsId(id: string): TfInstance | undefined;
  /** Every managed instance of a type, as resources. */
  all(type: string): TfResource[];
}

/** A resource instance with its accessors. */
export class TfResource {
  constructor(
    readonly inst: TfInstance,
    readonly w: TfWorld,
    /** Line of the instance in the input, when known. */
    readonly line: number | undefined,
  ) {}

  get address(): string {
    return this.inst.address;
  }
  get type(): string {
    return this.inst.type;
  }
  /** Its scenario id. */
  get id(): string {
    return this.w.idOf(this.inst);
  }
  /** Whether this plan creates it (AWS's creation defaults apply to what it does not set). */
  get creates(): boolean {
    return this.inst.action === 'create' || this.inst.action === 'replace';
  }

  origin(field?: Path | string): Origin {
    const f = field === undefined ? [] : typeof field === 'string' ? [field] : field;
    return { file: this.w.draft.file, path: [...this.inst.path, ...f], line: this.line, resource: this.inst.address };
  }

  /** The configuration expression at `path` (blocks are lists of objects). */
  private expr(path: Path): unknown {
    let e: unknown = this.w.config.expressions(this.inst);
    for (const s of path) {
      // an expression, not a block: the rest of the path is inside its value
      if (isRecord(e) && ('references' in e || 'constant_value' in e)) return e;
      if (Array.isArray(e)) {
        // a block list: by position when sizes allow, else the only block
        e = typeof s === 'number' ? (e[s] ?? (e.length === 1 ? e[0] : undefined)) : undefined;
        continue;
      }
      if (!isRecord(e)) return undefined;
      e = e[s];
    }
    return e;
  }

  /** The resolved references of the expression at `path`. */
  private follow(path: Path): { target: Target; byKey: boolean; opaque: string[] } | { reason: string } {
    const e = this.expr(path);
    if (isRecord(e) && 'constant_value' in e) return { reason: 'constant' };
    const r = this.w.config.resolve(e, moduleSteps(this.inst.module));
    const one = pickOne(r, this.inst);
    return 'reason' in one ? one : { ...one, opaque: r.opaque };
  }

  /** A known value; UNKNOWN when the plan knows it only after apply and it leads to no resource attribute. */
  value(field: Path | string): unknown {
    const path = typeof field === 'string' ? [field] : field;
    const v = at(this.inst.values, path);
    if (v !== undefined && v !== null && !(Array.isArray(v) && v.some((x) => x === null) && unknownAt(this.inst.unknown, path))) return v;
    // a constant of the configuration the values leave out (inside a block known only after apply)
    const e = this.expr(path);
    if (isRecord(e) && 'constant_value' in e && e.constant_value !== null) return e.constant_value;
    if (!unknownAt(this.inst.unknown, path)) return v;
    const f = this.follow(path);
    // a value, unlike an id, is taken from a reference only when it reads one attribute and
    // nothing else (`aws_iam_policy.p.arn`), never from an expression of several things
    if ('reason' in f || f.opaque.length > 0) return UNKNOWN;
    // a policy document data source has one attribute anyone reads: its rendered `json`
    const attr = f.target.attr ?? (f.target.inst.type === 'aws_iam_policy_document' ? 'json' : undefined);
    if (attr === undefined) return UNKNOWN;
    const got = this.w.attrOf(f.target.inst, attr);
    if (got === UNKNOWN) return UNKNOWN;
    // a list attribute set from one resource (`[aws_x.y.arn]`)
    return Array.isArray(v) && !Array.isArray(got) ? [got] : got;
  }

  str(field: Path | string): string | undefined {
    return asStr(this.value(field));
  }

  bool(field: Path | string): boolean | undefined {
    return asBool(this.value(field));
  }

  /** Whether the plan knows this value only after apply. */
  isUnknown(field: Path | string): boolean {
    return this.value(field) === UNKNOWN;
  }

  /**
   * The scenario id of the resource a field refers to: a known AWS id of a resource of the
   * document, a reference followed through the configuration, or a known id of something the
   * document does not hold (returned as is: the model reports it). Unknown and unfollowable:
   * reported, undefined.
   */
  ref(field: Path | string, what: string, required = true, attr?: string): string | undefined {
    const path = typeof field === 'string' ? [field] : field;
    const v = at(this.inst.values, path);
    if (typeof v === 'string' && v !== '') {
      const owner = this.w.byAwsId(v);
      return owner ? this.w.idOf(owner) : v;
    }
    if (!unknownAt(this.inst.unknown, path)) {
      if (required) this.w.draft.warn(this.origin(path), 'not-set', `${this.address}: \`${path.join('.')}\` (${what}) is not set`);
      return undefined;
    }
    const f = this.follow(path);
    if ('reason' in f) {
      const vpc = typeof path[0] === 'string' && path.length === 1 && /(^|_)vpc_id$/.test(path[0]) ? this.onlyVpc(f.reason) : undefined;
      if (vpc) return vpc;
      if (required) this.w.draft.warn(this.origin(path), 'unknown-reference', `${this.address}: \`${path.join('.')}\` (${what}) is known only after apply and cannot be followed: ${f.reason}`, 'the import leaves out what depends on it');
      return undefined;
    }
    if (f.byKey && f.opaque.length)
      this.w.draft.warn(this.origin(path), 'chosen-by-key', `${this.address}: \`${path.join('.')}\` taken to be \`${f.target.inst.address}\` (the instance with the same key); the expression also depends on ${f.opaque.map((x) => `\`${x}\``).join(', ')}, which the plan does not show`);
    const a = attr ?? f.target.attr ?? 'id';
    const got = a === 'id' ? this.w.idOf(f.target.inst) : this.w.attrOf(f.target.inst, a);
    if (typeof got === 'string') return got;
    if (attr !== undefined) {
      if (required) this.w.draft.warn(this.origin(path), 'unknown-reference', `${this.address}: \`${path.join('.')}\` (${what}) is the \`${attr}\` of \`${f.target.inst.address}\`, which is known only after apply`);
      return undefined;
    }
    return this.w.idOf(f.target.inst);
  }

  /** Whether the configuration writes this field (a field known only after apply and not written is computed by AWS or by other resources). */
  written(field: string): boolean {
    const e = this.w.config.expressions(this.inst)?.[field];
    return e !== undefined && e !== null;
  }

  /**
   * The VPC a `vpc_id` that cannot be followed (a `local` the JSON does not show, as in the
   * community VPC module's `local.vpc_id`) stands for, when there is only one VPC it can be: the
   * only VPC of the same module instance, else of the plan. Reported.
   */
  private onlyVpc(reason: string): string | undefined {
    const vpcs = this.w.all('aws_vpc');
    const here = vpcs.filter((v) => v.inst.module === this.inst.module);
    const pick = here.length === 1 ? here[0] : here.length === 0 && vpcs.length === 1 ? vpcs[0] : undefined;
    if (!pick) return undefined;
    this.w.draft.warn(this.origin('vpc_id'), 'chosen-vpc', `${this.address}: \`vpc_id\` is known only after apply and cannot be followed (${reason}): taken to be \`${pick.address}\`, the only VPC ${here.length === 1 ? (this.inst.module ? `of \`${this.inst.module}\`` : 'of the root module') : 'of the plan'}`);
    return pick.id;
  }

  /** The scenario ids a list field refers to (`subnet_ids`, `vpc_security_group_ids`). */
  refs(field: string, what: string): string[] {
    const v = this.inst.values[field];
    if (Array.isArray(v) && !unknownAt(this.inst.unknown, [field])) return v.filter((x): x is string => typeof x === 'string').map((x) => (this.w.byAwsId(x) ? this.w.idOf(this.w.byAwsId(x)!) : x));
    if (!unknownAt(this.inst.unknown, [field])) return [];
    const r = this.w.config.resolve(this.expr([field]), moduleSteps(this.inst.module));
    const seen = new Set<string>();
    const out: string[] = [];
    for (const t of r.targets) {
      if (seen.has(t.inst.address)) continue;
      seen.add(t.inst.address);
      out.push(this.w.idOf(t.inst));
    }
    // known elements beside unknown ones (a list mixing literals and references)
    if (Array.isArray(v)) for (const x of v) if (typeof x === 'string' && !out.includes(x)) out.push(x);
    if (out.length === 0) this.w.draft.warn(this.origin(field), 'unknown-reference', `${this.address}: \`${field}\` (${what}) is known only after apply and names no resource of the plan${r.opaque.length ? ` (it depends on ${r.opaque.map((x) => `\`${x}\``).join(', ')})` : ''}`);
    return out;
  }

  /** The nested blocks of a field (`ingress`, `route`), each readable like a resource. */
  blocks(field: string): TfBlock[] {
    const v = this.inst.values[field];
    if (Array.isArray(v)) return v.map((_, i) => new TfBlock(this, [field, i]));
    // a block list known only after apply: the blocks the configuration writes
    const e = this.w.config.expressions(this.inst)?.[field];
    if (unknownAt(this.inst.unknown, [field]) && Array.isArray(e)) return e.map((_, i) => new TfBlock(this, [field, i]));
    return [];
  }

  /** Whether the block list of `field` is known only after apply and the configuration writes none (computed from other resources). */
  blocksComputed(field: string): boolean {
    return !Array.isArray(this.inst.values[field]) && unknownAt(this.inst.unknown, [field]) && !Array.isArray(this.w.config.expressions(this.inst)?.[field]);
  }
}

/** A nested block of a resource (`ingress[2]`), read through its resource. */
export class TfBlock {
  constructor(
    readonly owner: TfResource,
    readonly path: Path,
  ) {}
  value(f: string): unknown {
    return this.owner.value([...this.path, f]);
  }
  str(f: string): string | undefined {
    return this.owner.str([...this.path, f]);
  }
  bool(f: string): boolean | undefined {
    return this.owner.bool([...this.path, f]);
  }
  ref(f: string, what: string, required = false): string | undefined {
    return this.owner.ref([...this.path, f], what, required);
  }
  /** The strings of a list field; references in it followed. */
  list(f: string): string[] {
    const v = this.owner.value([...this.path, f]);
    if (!Array.isArray(v)) return [];
    return v.flatMap((x, i) => (typeof x === 'string' ? [this.owner.w.byAwsId(x) ? this.owner.w.idOf(this.owner.w.byAwsId(x)!) : x] : x === null ? [this.owner.ref([...this.path, f, i], f, false) ?? []].flat() : []));
  }
}
