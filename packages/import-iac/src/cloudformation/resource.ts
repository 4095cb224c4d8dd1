// One CloudFormation resource as the mappers read it: its properties with intrinsic functions
// evaluated, the scenario id of each resource a property refers to, and the origin (file, path
// `Resources.<LogicalId>.Properties...`, line) of everything it emits.
import type { Path } from '@vpcsim/model';
import type { Draft, Origin } from '../core/draft.js';
import { evaluate, hasUnknown, UNKNOWN, type Scope } from './intrinsics.js';
import { asBool, asStr, at } from '../core/source.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);


/** What the CloudFormation mappers share. */
export interface CfnWorld {
  readonly draft: Draft;
  readonly scope: Scope;
  lineOf(path: Path): number | undefined;
  /** Whether a parameter exists and has no value (given or default). */
  parameterWithoutValue(name: string): boolean;
}

/** A template resource with its accessors. */
export class CfnResource {
  private evaluated: Record<string, unknown> | undefined;
  constructor(
    readonly logicalId: string,
    readonly type: string,
    readonly raw: Record<string, unknown>,
    readonly w: CfnWorld,
  ) {}

  /** Its scenario id: the logical id. */
  get id(): string {
    return this.logicalId;
  }
  get address(): string {
    return this.logicalId;
  }
  /** A template creates every resource it declares. */
  readonly creates = true;

  get properties(): Record<string, unknown> {
    if (!this.evaluated) {
      const p = evaluate(this.raw, this.w.scope);
      this.evaluated = isRecord(p) ? p : {};
    }
    return this.evaluated;
  }

  origin(field?: Path | string): Origin {
    const f = field === undefined ? [] : typeof field === 'string' ? [field] : field;
    const path: Path = ['Resources', this.logicalId, ...(f.length ? ['Properties', ...f] : [])];
    return { file: this.w.draft.file, path, line: this.w.lineOf(path), resource: this.logicalId };
  }

  /** An evaluated property (UNKNOWN where it cannot be known before deployment). */
  value(field: Path | string): unknown {
    return at(this.properties, typeof field === 'string' ? [field] : field);
  }
  str(field: Path | string): string | undefined {
    return asStr(this.value(field));
  }
  bool(field: Path | string): boolean | undefined {
    return asBool(this.value(field));
  }
  isUnknown(field: Path | string): boolean {
    return hasUnknown(this.value(field));
  }

  /** A parameter a property is, when it has no value: its name stands for the id it would give (reported). */
  private parameterStandIn(path: Path, what: string): string | undefined {
    const raw = at(this.raw, path);
    const p = isRecord(raw) && typeof raw.Ref === 'string' ? raw.Ref : undefined;
    if (p === undefined || !this.w.parameterWithoutValue(p)) return undefined;
    this.w.draft.warnOnce(`param|${p}`, this.origin(path), 'parameter-without-value', `parameter \`${p}\` has no value: \`${p}\` stands for what it names (${what})`, `give it with \`--parameter ${p}=...\``);
    return p;
  }

  /** The scenario id of the resource a property names, or undefined (reported when required). */
  ref(field: Path | string, what: string, required = true): string | undefined {
    const path = typeof field === 'string' ? [field] : field;
    const v = this.value(path);
    if (typeof v === 'string' && v !== '') return v;
    const standIn = this.parameterStandIn(path, what);
    if (standIn) return standIn;
    if (required) this.w.draft.warn(this.origin(path), v === undefined ? 'not-set' : 'unknown-value', `${this.logicalId}: \`${path.join('.')}\` (${what}) is ${v === undefined ? 'not set' : 'not known before deployment'}`);
    return undefined;
  }

  /** The ids a list property names. */
  refs(field: string, what: string): string[] {
    const v = this.value(field);
    if (!Array.isArray(v)) return v === undefined ? [] : [this.ref(field, what)].flatMap((x) => x ?? []);
    return v.flatMap((x, i) => (typeof x === 'string' ? [x] : x === UNKNOWN ? [this.parameterStandIn([field, i], what) ?? []].flat() : []));
  }

  /** A list property of objects (`SecurityGroupIngress`), with the path of each. */
  items(field: string): { path: Path; get: (f: string) => unknown }[] {
    const v = this.value(field);
    if (!Array.isArray(v)) return [];
    return v.map((x, i) => ({ path: [field, i], get: (f: string) => (isRecord(x) ? x[f] : undefined) }));
  }
}
