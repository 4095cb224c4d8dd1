import { describe, expect, it } from 'vitest';
import { expectError, mutate } from '../fixtures.js';

describe('IAM references', () => {
  it('user groups exist', () => {
    const d = expectError((s) => (s.iam.users[0].groups = ['dev']), 'unknown-reference', ['iam', 'users', 0, 'groups', 0]);
    expect(d.message).toBe('unknown group `dev`');
    expect(d.hint).toBe('did you mean `devs`?');
  });
  it('a group of another account is not found', () => {
    expectError((s) => (s.iam.users[0].account = '222222222222'), 'unknown-reference', ['iam', 'users', 0, 'groups', 0]);
  });
  it('managed policies: customer names, AWS-managed ARNs, customer ARNs', () => {
    const d = expectError((s) => (s.iam.users[0].managedPolicies = ['ReadS4']), 'unknown-reference', ['iam', 'users', 0, 'managedPolicies', 0]);
    expect(d.hint).toBe('did you mean `ReadS3`?');
    expectError((s) => (s.iam.groups[0].managedPolicies = ['arn:aws:iam::111111111111:policy/Nope']), 'unknown-reference', ['iam', 'groups', 0, 'managedPolicies', 0]);
    expectError((s) => (s.iam.roles[0].managedPolicies = ['arn:aws:s3:::bucket']), 'invalid-reference', ['iam', 'roles', 0, 'managedPolicies', 0]);
    expect(mutate((s) => (s.iam.roles[0].managedPolicies = ['arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess']))).toEqual([]);
  });
  it('permissions boundaries', () => {
    expectError((s) => (s.iam.users[0].permissionsBoundary = 'Boundry'), 'unknown-reference', ['iam', 'users', 0, 'permissionsBoundary']);
    expect(mutate((s) => (s.iam.roles[0].permissionsBoundary = null))).toEqual([]);
  });
  it('sessions name a declared role', () => {
    expectError((s) => (s.iam.sessions[0].principal = 'role/webb/batch'), 'unknown-reference', ['iam', 'sessions', 0, 'principal']);
    expectError((s) => (s.iam.sessions[0].principal = 'user/alice'), 'invalid-principal', ['iam', 'sessions', 0, 'principal']);
  });
  it('organization policy names by type, with the built-ins', () => {
    expectError((s) => (s.organization.root.policies = ['FullAWSAcess']), 'unknown-reference', ['organization', 'root', 'policies', 0]);
    const d = expectError((s) => (s.organization.root.units[0].policies = ['DenyOutsiders']), 'wrong-kind', ['organization', 'root', 'units', 0, 'policies', 0]);
    expect(d.message).toBe('`DenyOutsiders` is a resource control policy, not a service control policy');
    expectError((s) => (s.organization.root.resourceControlPolicies = ['FullAWSAccess']), 'wrong-kind', ['organization', 'root', 'resourceControlPolicies', 0]);
    expect(mutate((s) => (s.organization.root.resourceControlPolicies = ['RCPFullAWSAccess']))).toEqual([]);
    expectError(
      (s) => (s.organization.root.units[0].accounts = [{ id: '111111111111', policies: ['Nope'] }]),
      'unknown-reference',
      ['organization', 'root', 'units', 0, 'accounts', 0, 'policies', 0],
    );
    expectError((s) => s.organization.policies.push({ name: 'DenyRegions', type: 'scp', document: { Statement: [] } }), 'duplicate-name', ['organization', 'policies', 2, 'name']);
  });
});
