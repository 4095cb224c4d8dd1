// The changes escalation steps make, as edits of the scenario (replayed on a copy, as
// `--what-if` does): each names what it does, as the API call that makes it would.
import { ADMINISTRATOR_ACCESS, ALL_PERMISSIONS, ESCALATION_POLICY, type DeclaredPrincipal } from './world.js';
import type { Effect, ScenarioDraft } from './types.js';

type Entity = { name: string; account?: string | undefined; inlinePolicies?: Record<string, unknown> | undefined; managedPolicies?: string[] | undefined };

function entity(d: ScenarioDraft, p: DeclaredPrincipal, def: string): Entity | undefined {
  const list = (p.kind === 'user' ? d.iam?.users : d.iam?.roles) as Entity[] | undefined;
  return list?.find((e) => e.name === p.name && (e.account ?? def) === p.account);
}

/** PutUserPolicy / PutRolePolicy: an inline policy allowing everything. */
export function putInlinePolicy(p: DeclaredPrincipal, def: string): Effect {
  return {
    kind: 'principal-policy',
    describe: `${p.principal} gets an inline policy \`${ESCALATION_POLICY}\` allowing * on *`,
    apply: (d) => {
      const e = entity(d, p, def);
      if (e) e.inlinePolicies = { ...(e.inlinePolicies ?? {}), [ESCALATION_POLICY]: ALL_PERMISSIONS };
    },
  };
}

/** AttachUserPolicy / AttachRolePolicy: AdministratorAccess attached. */
export function attachAdministratorAccess(p: DeclaredPrincipal, def: string): Effect {
  return {
    kind: 'principal-policy',
    describe: `${p.principal} gets ${ADMINISTRATOR_ACCESS} attached`,
    apply: (d) => {
      const e = entity(d, p, def);
      if (e && !(e.managedPolicies ?? []).includes(ADMINISTRATOR_ACCESS)) e.managedPolicies = [...(e.managedPolicies ?? []), ADMINISTRATOR_ACCESS];
    },
  };
}

/** PutGroupPolicy / AttachGroupPolicy on a group: every member gets every permission. */
export function groupPolicy(group: string, account: string, def: string, attach: boolean): Effect {
  return {
    kind: 'group-policy',
    describe: attach ? `group/${group} gets ${ADMINISTRATOR_ACCESS} attached` : `group/${group} gets an inline policy \`${ESCALATION_POLICY}\` allowing * on *`,
    apply: (d) => {
      const g = (d.iam?.groups ?? []).find((x) => x.name === group && (x.account ?? def) === account);
      if (!g) return;
      if (attach) g.managedPolicies = [...new Set([...(g.managedPolicies ?? []), ADMINISTRATOR_ACCESS])];
      else g.inlinePolicies = { ...(g.inlinePolicies ?? {}), [ESCALATION_POLICY]: ALL_PERMISSIONS };
    },
  };
}

function policyEntry(d: ScenarioDraft, arn: string, def: string) {
  return (d.iam?.policies ?? []).find((p) => (p.arn ?? `arn:aws:iam::${p.account ?? def}:policy${p.path ?? '/'}${p.name}`) === arn);
}

/** CreatePolicyVersion with SetAsDefault: the policy's default version allows everything. */
export function newDefaultVersion(arn: string, def: string): Effect {
  return {
    kind: 'policy-version',
    describe: `${arn} gets a new default version allowing * on *`,
    apply: (d) => {
      const p = policyEntry(d, arn, def);
      if (p) p.document = ALL_PERMISSIONS;
    },
  };
}

/** SetDefaultPolicyVersion: another declared version becomes the default. */
export function setDefaultVersion(arn: string, version: string, def: string): Effect {
  return {
    kind: 'policy-version',
    describe: `${arn} version ${version} becomes the default`,
    apply: (d) => {
      const p = policyEntry(d, arn, def);
      const v = p?.versions?.[version];
      if (p && v) p.document = v;
    },
  };
}

/** AddUserToGroup. */
export function addToGroup(p: DeclaredPrincipal, group: string, def: string): Effect {
  return {
    kind: 'group-member',
    describe: `${p.principal} is added to group/${group}`,
    apply: (d) => {
      const u = (d.iam?.users ?? []).find((x) => x.name === p.name && (x.account ?? def) === p.account);
      if (u && !(u.groups ?? []).includes(group)) u.groups = [...(u.groups ?? []), group];
    },
  };
}

/** UpdateAssumeRolePolicy: the role's trust policy names the principal. */
export function trustPrincipal(role: DeclaredPrincipal, who: DeclaredPrincipal, def: string): Effect {
  return {
    kind: 'trust-policy',
    describe: `${role.principal}'s trust policy allows ${who.arn} sts:AssumeRole`,
    apply: (d) => {
      const r = (d.iam?.roles ?? []).find((x) => x.name === role.name && (x.account ?? def) === role.account);
      if (r) r.trustPolicy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: who.arn }, Action: 'sts:AssumeRole' }] };
    },
  };
}
