// `vpcsim import FILE`: Terraform plans and CloudFormation templates through the real binary:
// the scenario written validates and checks, warnings name file and line, bad input exits 2
// with what was expected.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, vpcsim } from './helpers.js';

beforeAll(() => ensureBuilt(), 300_000);
const TF = join(ROOT, 'test', 'fixtures', 'iac', 'terraform');
const CFN = join(ROOT, 'test', 'fixtures', 'iac', 'cloudformation');

describe('vpcsim import FILE', () => {
  it('a Terraform plan: YAML whose header names the plan, warnings with file:line, exit 0; the result checks', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'vpcsim-iac-')), 'plan.yaml');
    const plan = join(TF, 'checkov', 'vpc-iam-mixed-tf0.12.json');
    const r = vpcsim(['import', plan, '-o', out, '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/vpc-iam-mixed-tf0\.12\.json:\d+ resource_changes\[\d+\]\.change\.after\.private_ip: warning: aws_instance\.db_app: its private address is assigned by AWS at launch/);
    expect(r.stderr).toContain('`aws_eks_cluster` is not modelled by vpcsim: 1 resource skipped');
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toMatch(/^# vpcsim scenario imported from a Terraform plan or state/);
    expect(yaml).toContain('- id: aws_instance.web_host');
    expect(vpcsim(['check', out]).code).toBe(0);
    const t = vpcsim(['trace', out, '--from', 'internet', '--to', 'aws_instance.web_host', '--port', '80']);
    expect(t.code).toBe(0);
  });

  it('a CloudFormation template with --parameter, to stdout', () => {
    const r = vpcsim(['import', join(CFN, 'vpc-nat-private-subnet-nacl.yaml'), '--parameter', 'AWS::Region=eu-west-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# vpcsim scenario imported from a CloudFormation template');
    expect(r.stdout).toContain('availabilityZone: eu-west-1a');
    expect(vpcsim(['import', join(CFN, 'vpc-nat-private-subnet-nacl.yaml'), '--parameter', 'oops']).stderr).toMatch(/`--parameter oops` is not `Name=Value`/);
  });

  it('a JSON file that is none of the inputs: exit 2, naming what was expected, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-iac-'));
    const f = join(dir, 'x.json');
    writeFileSync(f, '{"hello": "world"}');
    const r = vpcsim(['import', f, '-o', join(dir, 'out.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is neither a Terraform plan or state \(`terraform show -json` output/);
    expect(r.stderr).toMatch(/hint: for Terraform: `terraform plan -out=tfplan && terraform show -json tfplan > plan.json`/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
