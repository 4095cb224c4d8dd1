// An export taken from moto, a local AWS API emulator (test/fixtures/aws/README-moto.md): its
// `get-account-authorization-details` leaves `PolicyName` out of managed policies, which AWS
// includes (https://docs.aws.amazon.com/IAM/latest/APIReference/API_ManagedPolicyDetail.html).
// The name is the ARN's last segment; the import goes on with a warning instead of refusing.
import { compile, type Scenario } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { importAws } from '../src/index.js';
import { fixture } from './helpers.js';

describe('moto export', () => {
  const { scenario, diagnostics } = importAws(fixture('moto'));
  const s = scenario as Scenario;

  it('imports without errors, naming managed policies from their ARNs with a warning', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(s.iam?.policies).toContainEqual(expect.objectContaining({ name: 'ReadAssets', arn: 'arn:aws:iam::123456789012:policy/ReadAssets' }));
    const named = diagnostics.filter((d) => d.code === 'name-from-arn');
    expect(named.length).toBeGreaterThan(0);
    expect(named[0]).toMatchObject({ severity: 'warning', file: 'accounts/123456789012/iam/AuthorizationDetails.json' });
    expect(named.map((d) => d.message)).toContainEqual(expect.stringContaining('named `ReadAssets` from its ARN'));
  });

  it('validates, and alice keeps the customer-managed policy attached to her', () => {
    expect(compile(s).ok).toBe(true);
    expect(s.iam?.users?.find((u) => u.name === 'alice')?.managedPolicies).toEqual(['arn:aws:iam::123456789012:policy/ReadAssets']);
  });
});
