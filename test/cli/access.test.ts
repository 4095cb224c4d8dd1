// End-to-end: the access commands (issue 16) through the real binary: who-can, findings,
// paths, their exit codes, --json shapes, and bad input (located errors on stderr, exit 2).
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, json, vpcsim } from './helpers.js';

beforeAll(() => ensureBuilt(), 300_000);

const ACCOUNT = 'scenarios/iam-account.yaml';
const EXTERNAL = 'scenarios/access-external-access.yaml';
const ESCALATION = 'scenarios/access-privilege-escalation.yaml';

describe('vpcsim who-can', () => {
  it('groups the allowed principal classes, with the granting statements (exit 0)', () => {
    const r = vpcsim(['who-can', ACCOUNT, '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::assets/public/logo.png']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('! public: anonymous callers are allowed');
    expect(r.stdout).toMatch(/✓ every other account {2}any principal of any account the scenario does not name/);
    expect(r.stdout).toContain('by arn:aws:s3:::assets bucket policy statement 0 (sid PublicRead)');
  });
  it('--json: allowed, conditional and denied classes, each with its representative', () => {
    const j = json<Record<string, unknown>>(vpcsim(['who-can', 'scenarios/vpc-gateway-endpoint-s3.yaml', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::private-bucket/report.csv', '--json']));
    expect(j['allowed']).toEqual([]);
    expect(j['conditional']).toContainEqual(expect.objectContaining({ principal: 'role/app', context: { 'aws:SourceVpce': 'vpce-s3' } }));
  });
  it('--from: only requests sent from that instance, through its network path', () => {
    const r = vpcsim(['who-can', 'scenarios/vpc-gateway-endpoint-s3.yaml', '--action', 's3:GetObject', '--resource', 'arn:aws:s3:::private-bucket/report.csv', '--from', 'i-app-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('network  ✓ reaches the service (exits-service) via gateway-endpoint vpce-s3');
    expect(r.stdout).toContain('role/app');
  });
  it("--principal: what it may do, by service, over AWS's action catalogue (and it says so)", () => {
    const r = vpcsim(['who-can', ACCOUNT, '--principal', 'user/alice']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ s3:GetObject');
    // each action on the resources of its types: the bucket is listed, never read as an object
    expect(r.stdout).toContain('✓ s3:ListBucket  on arn:aws:s3:::assets\n');
    expect(r.stdout).toMatch(/s3 {2}2 of \d{3} actions tried/);
    expect(r.stdout).toMatch(/actions: every action of AWS's catalogue \(the Service Authorization Reference, @cloud-copilot\/iam-data \d+\.\d+\.\d+/);
    // an administrator: the services whose every action is allowed are one line
    const admin = vpcsim(['who-can', 'scenarios/access-privilege-escalation.yaml', '--principal', 'role/ops-admin']);
    expect(admin.code).toBe(0);
    expect(admin.stdout).toMatch(/✓ every action tried of \d{3} services \([\d,]{5,6} actions\) {2}a2c, /);
    expect(admin.stdout.split('\n').length).toBeLessThan(40);
  });
  it.each([
    [['--action', 's3:GetObjekt', '--resource', 'arn:aws:s3:::assets/logo.png'], '`--action`: unknown action `s3:GetObjekt`', 'did you mean `s3:GetObject`?'],
    [['--action', 's3:GetObject', '--resource', 'arn:aws:s3:::asets/logo.png'], '`--resource`: `arn:aws:s3:::asets/logo.png` is not a resource of the scenario', 'did you mean `arn:aws:s3:::assets'],
    [['--principal', 'user/alise'], '`--principal`: `user/alise` is not a principal of the scenario', 'did you mean `user/alice`?'],
    [['--action', 's3:Frobnicate', '--resource', 'arn:aws:s3:::assets/logo.png'], '`--action`: unknown action `s3:Frobnicate`', 'see the Service Authorization Reference'],
  ])('bad input %j: an error naming the file and the flag on stderr, the hint on its own line, exit 2', (args, message, hint) => {
    const r = vpcsim(['who-can', ACCOUNT, ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`vpcsim: ${ACCOUNT}: ${message}`);
    expect(r.stderr).toContain(`\n  hint: ${hint}`);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
  });
  it('bad input with --json: { errors } on stdout, exit 2', () => {
    const r = vpcsim(['who-can', ACCOUNT, '--action', 's3:GetObjekt', '--json']);
    expect(r.code).toBe(2);
    expect(json<{ errors: { code: string; file: string }[] }>(r).errors[0]).toMatchObject({ code: 'unknown-action', file: ACCOUNT });
  });
  it('neither --action nor --principal: usage, exit 2', () => expect(vpcsim(['who-can', ACCOUNT]).code).toBe(2));
});

describe('vpcsim findings', () => {
  it('lists public and cross-account access, exit 1', () => {
    const r = vpcsim(['findings', EXTERNAL]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ arn:aws:s3:::shared-reports {2}AWS::S3::Bucket {2}public/);
    expect(r.stdout).toContain('when sts:ExternalId=partner-7731');
    expect(r.stdout).toMatch(/✓ arn:aws:s3:::website-staging .* no external access/);
  });
  it('no finding: exit 0; --json', () => {
    const r = vpcsim(['findings', EXTERNAL, '--resource', 'arn:aws:s3:::internal-data', '--json']);
    expect(r.code).toBe(0);
    expect(json<{ findings: number }>(r).findings).toBe(0);
  });
  it('an unknown selector or zone of trust: exit 2', () => {
    const r = vpcsim(['findings', EXTERNAL, '--resource', 'arn:aws:s3:::shared-report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`vpcsim: ${EXTERNAL}: \`--resource\`: \`arn:aws:s3:::shared-report\` selects no resource of the scenario\n  hint: did you mean \`arn:aws:s3:::shared-reports\`?\n`);
    expect(vpcsim(['findings', EXTERNAL, '--resource', 'arn:aws:s3:::nope']).code).toBe(2);
    expect(vpcsim(['findings', EXTERNAL, '--trust', 'organisation']).code).toBe(2);
  });
});

describe('vpcsim paths', () => {
  it('prints each path step by step with the allowing statements (exit 0)', () => {
    const r = vpcsim(['paths', ESCALATION, '--from', 'user/dev', '--to-admin']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('✗ 2 paths');
    expect(r.stdout).toContain('✓ user/dev iam:CreatePolicyVersion on arn:aws:iam::111111111111:policy/DeveloperAccess');
    expect(r.stdout).toContain('by arn:aws:iam::111111111111:policy/DeveloperAccess statement 1 (sid PassAppRoles)');
  });
  it('no path: exit 1', () => {
    const r = vpcsim(['paths', ESCALATION, '--from', 'user/intern', '--to-admin']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no path');
  });
  it('--json', () => {
    const j = json<{ paths: { steps: { family: string }[] }[] }>(vpcsim(['paths', ESCALATION, '--from', 'user/dev', '--to', 'role/ops-admin', '--json']));
    expect(j.paths[0]!.steps.map((s) => s.family)).toEqual(['passrole-ec2']);
  });
  it.each([
    [['--from', 'user/deev', '--to-admin'], '`--from`: user `deev` is not declared in account 111111111111', 'did you mean `user/dev`?'],
    [['--from', 'user/dev', '--to', 'arn:aws:s3:::assets'], '`--to`: `arn:aws:s3:::assets` is not a user or role', ''],
  ])('bad input %j: an error naming the file and the flag, exit 2', (args, message, hint) => {
    const r = vpcsim(['paths', ESCALATION, ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`vpcsim: ${ESCALATION}: ${message}`);
    expect(r.stderr).toContain(`\n  hint: ${hint}`);
  });
  it('neither --to nor --to-admin: usage, exit 2', () => expect(vpcsim(['paths', ESCALATION, '--from', 'user/dev']).code).toBe(2));
});

// issue 18: `diff --help` said IAM compared only "the actions and resources either version names",
// which the README (and the exhaustive access diff of issue 16) contradict
describe('vpcsim diff --help', () => {
  it('says what the README says: every action and resource, CheckNoNewAccess, requests from instances', () => {
    const r = vpcsim(['diff', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('over every action and resource, not only those the versions name');
    expect(r.stdout).toContain('CheckNoNewAccess');
    expect(r.stdout).toContain('Requests from instances');
    expect(r.stdout).not.toContain('on the actions and resources either version names');
  });
});
