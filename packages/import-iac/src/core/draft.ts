// The scenario being built from a Terraform document or a CloudFormation template, the
// diagnostics of the import, and where each emitted element came from (so that what the model
// later rejects is reported at its resource).
import type { Diagnostic, IamGroup, IamManagedPolicy, IamRole, IamUser, Path, Scenario } from '@vpcsim/model';

/** Where an element came from: the input file, the JSON path in it, its line, and the resource's name (Terraform address or logical id). */
export interface Origin {
  readonly file: string;
  readonly path: Path;
  readonly line?: number | undefined;
  /** `module.vpc.aws_subnet.private[0]`, `WebServerSecurityGroup`. */
  readonly resource: string;
}

/** The scenario lists an import fills (their element types are the format's). */
const LIST_KEYS = [
  'vpcs', 'subnets', 'routeTables', 'networkAcls', 'securityGroups', 'networkInterfaces', 'instances', 'internetGateways', 'egressOnlyInternetGateways',
  'natGateways', 'vpcPeeringConnections', 'vpcEndpoints', 'prefixLists', 'transitGateways', 'vpnGateways', 'customerGateways', 'vpnConnections', 'resources',
] as const;
export type DraftLists = { [K in (typeof LIST_KEYS)[number]]: NonNullable<Scenario[K]> };

/** The format's order of top-level keys (docs/scenario-format.md). */
const ORDER = [
  'version', 'name', 'description', 'defaults', 'vpcs', 'subnets', 'routeTables', 'networkAcls', 'securityGroups', 'networkInterfaces', 'instances', 'internetGateways',
  'egressOnlyInternetGateways', 'natGateways', 'vpcPeeringConnections', 'vpcEndpoints', 'prefixLists', 'transitGateways', 'vpnGateways', 'customerGateways', 'vpnConnections',
  'accounts', 'iam', 'resources',
] as const;

/** An import in progress: the draft, its diagnostics and the origins of what it holds. */
export class Draft {
  readonly lists = Object.fromEntries(LIST_KEYS.map((k) => [k, []])) as unknown as DraftLists;
  readonly iam: { users: IamUser[]; groups: IamGroup[]; roles: IamRole[]; policies: IamManagedPolicy[] } = { users: [], groups: [], roles: [], policies: [] };
  readonly diagnostics: Diagnostic[] = [];
  readonly origin = new WeakMap<object, Origin>();
  /** Account settings (S3 Block Public Access at account level). */
  readonly accounts: { id: string; s3BlockPublicAccess?: Record<string, boolean> }[] = [];
  account: string | undefined;
  region: string | undefined;
  private readonly once = new Set<string>();

  constructor(readonly file: string) {}

  /** Adds an element to a list, remembering where it came from. */
  add<K extends keyof DraftLists>(kind: K, item: DraftLists[K][number], from: Origin): DraftLists[K][number] {
    (this.lists[kind] as unknown[]).push(item);
    this.origin.set(item as object, from);
    return item;
  }

  /** Records where `value` came from and returns it. */
  from<T extends object>(value: T, o: Origin): T {
    this.origin.set(value, o);
    return value;
  }

  /** The element of `kind` with this id. */
  find<K extends keyof DraftLists>(kind: K, id: string): DraftLists[K][number] | undefined {
    return (this.lists[kind] as { id?: string; arn?: string }[]).find((x) => x.id === id || x.arn === id) as DraftLists[K][number] | undefined;
  }

  warn(o: Origin, code: string, message: string, hint?: string): void {
    this.diagnostics.push({ code, severity: 'warning', path: o.path, message, file: this.file, line: o.line, ...(hint !== undefined ? { hint } : {}) });
  }

  error(o: Origin, code: string, message: string, hint?: string): void {
    this.diagnostics.push({ code, severity: 'error', path: o.path, message, file: this.file, line: o.line, ...(hint !== undefined ? { hint } : {}) });
  }

  /** A warning reported once per key (the same fact seen from several resources). */
  warnOnce(key: string, o: Origin, code: string, message: string, hint?: string): void {
    if (this.once.has(key)) return;
    this.once.add(key);
    this.warn(o, code, message, hint);
  }

  /** The scenario: top-level keys in the format's order, empty lists left out. */
  scenario(name: string, description: string): Record<string, unknown> {
    const all: Record<string, unknown> = { version: 1, name, description, ...this.lists };
    const defaults = { ...(this.account !== undefined ? { account: this.account } : {}), ...(this.region !== undefined ? { region: this.region } : {}) };
    if (Object.keys(defaults).length) all.defaults = defaults;
    if (this.accounts.length) all.accounts = this.accounts;
    const iam = Object.fromEntries(Object.entries(this.iam).filter(([, v]) => v.length > 0));
    if (Object.keys(iam).length) all.iam = iam;
    const out: Record<string, unknown> = {};
    for (const k of ORDER) {
      const v = all[k];
      if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
      out[k] = v;
    }
    return out;
  }
}
