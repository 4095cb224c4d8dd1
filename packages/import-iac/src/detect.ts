// What an input file is, by its content: a Terraform document (`terraform show -json`), a
// CloudFormation template, a vpcsim scenario, or none of these (a clear error naming what was
// expected).
import { isTerraformDocument } from './terraform/document.js';

/** The kinds of input `vpcsim import FILE` reads, and those it refuses with a reason. */
export type InputKind = 'terraform' | 'cloudformation' | 'scenario' | 'aws-cli-export' | 'unknown';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A CloudFormation template: `AWSTemplateFormatVersion`, or `Resources` whose entries have a `Type`. */
export function isTemplate(v: unknown): v is Record<string, unknown> {
  if (!isRecord(v)) return false;
  if ('AWSTemplateFormatVersion' in v) return true;
  return isRecord(v.Resources) && Object.values(v.Resources).length > 0 && Object.values(v.Resources).every((r) => isRecord(r) && typeof r.Type === 'string');
}

/** Top-level keys of the AWS CLI outputs `vpcsim import <dir>` reads. */
const CLI_KEYS = ['Vpcs', 'Subnets', 'RouteTables', 'SecurityGroups', 'NetworkAcls', 'Reservations', 'UserDetailList', 'RoleDetailList', 'NetworkInterfaces', 'InternetGateways', 'NatGateways', 'TransitGateways'];

/** What a parsed input is. */
export function detect(v: unknown): InputKind {
  if (isTerraformDocument(v)) return 'terraform';
  if (isTemplate(v)) return 'cloudformation';
  if (isRecord(v) && (v.version === 1 || 'vpcs' in v || 'expect' in v) && !('Resources' in v)) return 'scenario';
  if (isRecord(v) && CLI_KEYS.some((k) => k in v)) return 'aws-cli-export';
  return 'unknown';
}

/** Why an input is not importable, with a hint: undefined for Terraform and CloudFormation. */
export function refusal(kind: InputKind, file: string): { message: string; hint: string } | undefined {
  switch (kind) {
    case 'terraform':
    case 'cloudformation':
      return undefined;
    case 'scenario':
      return { message: `\`${file}\` is already a vpcsim scenario: there is nothing to import`, hint: `check it with \`vpcsim check ${file}\`` };
    case 'aws-cli-export':
      return { message: `\`${file}\` is one AWS CLI output: \`vpcsim import\` reads the folder that holds the exports`, hint: 'pass the folder (docs/import.md, "Folder layout")' };
    case 'unknown':
      return {
        message: `\`${file}\` is neither a Terraform plan or state (\`terraform show -json\` output: \`format_version\` with \`planned_values\`, \`values\` or \`resource_changes\`), a CloudFormation template (\`AWSTemplateFormatVersion\` or \`Resources\` with a \`Type\` each), nor a folder of AWS CLI exports`,
        hint: 'for Terraform: `terraform plan -out=tfplan && terraform show -json tfplan > plan.json`; for AWS CLI exports pass their folder',
      };
  }
}
