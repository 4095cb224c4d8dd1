// AWS Organizations: the tree (root, OUs, accounts) and its SCPs and RCPs.
// Folder layout (docs/import.md):
//   organizations/Organization.json                 aws organizations describe-organization
//   organizations/Roots.json                        aws organizations list-roots
//   organizations/OrganizationalUnits/<parent>.json list-organizational-units-for-parent --parent-id <parent>
//   organizations/Accounts/<parent>.json            list-accounts-for-parent --parent-id <parent>
//   organizations/Policies/<TYPE>.json              list-policies --filter SERVICE_CONTROL_POLICY|RESOURCE_CONTROL_POLICY
//   organizations/Policies/<policy-id>.json         describe-policy --policy-id <policy-id>
//   organizations/Targets/<policy-id>.json          list-targets-for-policy --policy-id <policy-id>
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribeOrganization.html
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListRoots.html
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListOrganizationalUnitsForParent.html
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccountsForParent.html
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_DescribePolicy.html
// https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListTargetsForPolicy.html
import { own, type OrganizationAccount, type OrganizationalUnit, type OrganizationPolicy, type PolicyDocument } from '@vpcsim/model';
import { decodePolicy } from './policy-document.js';
import { AwsObject, isRecord } from './reader.js';
import type { ImportState } from './state.js';

/** One parsed file under `organizations/`. */
export interface OrgFile {
  readonly file: string;
  /** Path segments after `organizations/`, the last one without `.json`. */
  readonly rest: readonly string[];
  readonly value: unknown;
}

const BUILT_IN: Record<string, string> = { FullAWSAccess: 'scp', RCPFullAWSAccess: 'rcp' };
const TYPES: Record<string, 'scp' | 'rcp'> = { SERVICE_CONTROL_POLICY: 'scp', RESOURCE_CONTROL_POLICY: 'rcp' };

/** Maps the organizations folder onto `organization` and `accounts`. */
export function mapOrganizations(st: ImportState, files: readonly OrgFile[]): { accounts: { id: string; name?: string }[] } {
  const accountsOut: { id: string; name?: string }[] = [];
  if (files.length === 0) return { accounts: accountsOut };
  let orgId: string | undefined;
  let management: string | undefined;
  const roots: { id: string; obj: AwsObject }[] = [];
  const unitsOf = new Map<string, { id: string; name?: string }[]>();
  const accountsOf = new Map<string, string[]>();
  const policies = new Map<string, { name: string; type: 'scp' | 'rcp'; document?: PolicyDocument; description?: string; awsManaged: boolean; obj: AwsObject }>();
  const targets = new Map<string, string[]>();

  const top = (f: OrgFile, key: string): AwsObject | undefined => {
    if (!isRecord(f.value) || !(key in f.value)) {
      st.report.add(f.file, { code: 'wrong-shape', severity: 'error', path: [], message: `the top level has no \`${key}\``, hint: 'see docs/import.md for the Organizations folder layout' });
      return undefined;
    }
    return new AwsObject(st.report, f.file, [], f.value, 'the output');
  };

  for (const f of files) {
    const [head, id] = f.rest;
    if (f.rest.length === 1 && head === 'Organization') {
      const t = top(f, 'Organization');
      const o = t?.obj('Organization', 'organization');
      orgId = o?.str('Id');
      management = o?.str('MasterAccountId') ?? o?.str('ManagementAccountId');
      o?.done(['Arn', 'FeatureSet', 'MasterAccountArn', 'MasterAccountEmail', 'AvailablePolicyTypes', 'ManagementAccountArn', 'ManagementAccountEmail']);
      t?.done([]);
    } else if (f.rest.length === 1 && head === 'Roots') {
      const t = top(f, 'Roots');
      for (const r of t?.objs('Roots', 'root') ?? []) {
        const rid = r.str('Id', true);
        r.done(['Arn', 'Name', 'PolicyTypes']);
        if (rid !== undefined) roots.push({ id: rid, obj: r });
      }
      t?.done(['NextToken']);
    } else if (head === 'OrganizationalUnits' && id !== undefined) {
      const t = top(f, 'OrganizationalUnits');
      const list = (t?.objs('OrganizationalUnits', 'organizational unit') ?? []).flatMap((u) => {
        const uid = u.str('Id', true);
        const name = u.str('Name');
        u.done(['Arn', 'Path']);
        return uid === undefined ? [] : [{ id: uid, ...(name !== undefined ? { name } : {}) }];
      });
      t?.done(['NextToken']);
      unitsOf.set(id, list);
    } else if (head === 'Accounts' && id !== undefined) {
      const t = top(f, 'Accounts');
      const list: string[] = [];
      for (const a of t?.objs('Accounts', 'account') ?? []) {
        const aid = a.str('Id', true);
        const name = a.str('Name');
        const status = a.str('Status') ?? a.str('State');
        a.done(['Arn', 'Email', 'JoinedMethod', 'JoinedTimestamp', 'State', 'Paths']);
        if (aid === undefined) continue;
        if (status !== undefined && !['ACTIVE', 'PENDING_ACTIVATION'].includes(status)) {
          a.report.warn(a.at('Status'), 'skipped-state', `account \`${aid}\` is \`${status}\`: not placed in the organization tree`);
          continue;
        }
        list.push(aid);
        accountsOut.push({ id: aid, ...(name !== undefined ? { name } : {}) });
      }
      t?.done(['NextToken']);
      accountsOf.set(id, list);
    } else if (head === 'Policies' && id !== undefined && isRecord(f.value) && 'Policy' in f.value) {
      const t = top(f, 'Policy')!;
      const p = t.obj('Policy', 'policy');
      const sum = p?.obj('PolicySummary', 'policy summary');
      const pid = sum?.str('Id', true);
      const name = sum?.str('Name', true);
      const type = sum?.str('Type');
      const awsManaged = sum?.bool('AwsManaged') ?? false;
      const description = sum?.str('Description');
      sum?.done(['Arn']);
      const document = decodePolicy(p?.raw('Content'), { file: f.file, path: ['Policy', 'Content'] }, st.report, `the content of policy \`${name}\``);
      p?.done([]);
      t.done([]);
      if (pid === undefined || name === undefined) continue;
      const kind = own(TYPES, type);
      if (kind === undefined) {
        st.report.warn({ file: f.file, path: ['Policy', 'PolicySummary', 'Type'] }, 'unmapped', `policy \`${name}\` is a \`${type}\`, which is not modelled (SCPs and RCPs are): not imported`);
        continue;
      }
      policies.set(pid, { name, type: kind, ...(document ? { document: document as PolicyDocument } : {}), ...(description ? { description } : {}), awsManaged, obj: t });
    } else if (head === 'Policies' && id !== undefined) {
      // list-policies: names the policies; their documents come from describe-policy files
      const t = top(f, 'Policies');
      for (const p of t?.objs('Policies', 'policy summary') ?? []) {
        p.str('Id');
        p.done(['Arn', 'Name', 'Description', 'Type', 'AwsManaged']);
      }
      t?.done(['NextToken']);
    } else if (head === 'Targets' && id !== undefined) {
      const t = top(f, 'Targets');
      const list: string[] = [];
      for (const x of t?.objs('Targets', 'policy target') ?? []) {
        const tid = x.str('TargetId', true);
        x.done(['Arn', 'Name', 'Type']);
        if (tid !== undefined) list.push(tid);
      }
      t?.done(['NextToken']);
      targets.set(id, list);
    } else {
      st.report.add(f.file, { code: 'unknown-file', severity: 'warning', path: [], message: 'not a file of the Organizations layout: skipped', hint: 'see docs/import.md for the layout' });
    }
  }

  // policies attached to each target, by type
  const attachedTo = new Map<string, { scp: string[]; rcp: string[] }>();
  const orgPolicies: OrganizationPolicy[] = [];
  for (const [pid, p] of policies) {
    const builtIn = p.awsManaged && own(BUILT_IN, p.name) === p.type;
    if (!builtIn) {
      if (!p.document) continue;
      orgPolicies.push(st.from({ name: p.name, type: p.type, document: p.document, ...(p.description ? { description: p.description } : {}) }, p.obj.at('Policy')));
    }
    const ts = targets.get(pid);
    if (ts === undefined) {
      st.report.warn(p.obj.at('Policy'), 'missing-targets', `policy \`${p.name}\` has no targets file: it is attached nowhere in the scenario`, `add \`organizations/Targets/${pid}.json\` (aws organizations list-targets-for-policy --policy-id ${pid})`);
      continue;
    }
    for (const t of ts) {
      let e = attachedTo.get(t);
      if (!e) attachedTo.set(t, (e = { scp: [], rcp: [] }));
      e[p.type].push(p.name);
    }
  }

  const root = roots[0];
  if (roots.length > 1) st.report.warn(roots[1]!.obj.at(), 'unmapped', 'an organization has one root: the others are not imported');
  let rootUnit: OrganizationalUnit | undefined;
  if (root) {
    const build = (id: string, depth: number): OrganizationalUnit => {
      const pol = attachedTo.get(id);
      const accounts: OrganizationAccount[] = (accountsOf.get(id) ?? []).map((a) => {
        const ap = attachedTo.get(a);
        const plain = !ap || (ap.rcp.length === 0 && ap.scp.length === 1 && ap.scp[0] === 'FullAWSAccess');
        return plain ? a : { id: a, policies: ap.scp, ...(ap.rcp.length > 0 ? { resourceControlPolicies: ap.rcp } : {}) };
      });
      const units = depth > 10 ? [] : (unitsOf.get(id) ?? []).map((u) => ({ ...build(u.id, depth + 1), id: u.id, ...(u.name !== undefined ? { name: u.name } : {}) }));
      return {
        ...(pol && pol.scp.length > 0 ? { policies: pol.scp } : {}),
        ...(pol && pol.rcp.length > 0 ? { resourceControlPolicies: pol.rcp } : {}),
        ...(accounts.length > 0 ? { accounts } : {}),
        ...(units.length > 0 ? { units } : {}),
      };
    };
    rootUnit = { id: root.id, ...build(root.id, 0) };
  } else if (unitsOf.size > 0 || accountsOf.size > 0) {
    st.report.add(files[0]!.file, { code: 'missing-file', severity: 'warning', path: [], message: 'organizations/Roots.json is missing: the organization tree is not imported', hint: 'add `aws organizations list-roots > organizations/Roots.json`' });
  }
  const validOrgId = orgId !== undefined && /^o-[a-z0-9]{10,32}$/.test(orgId) ? orgId : undefined;
  st.draft.organization = {
    ...(validOrgId !== undefined ? { id: validOrgId } : {}),
    ...(management !== undefined && /^\d{12}$/.test(management) ? { managementAccount: management } : {}),
    ...(rootUnit ? { root: rootUnit } : {}),
    ...(orgPolicies.length > 0 ? { policies: orgPolicies } : {}),
  };
  return { accounts: accountsOut };
}
