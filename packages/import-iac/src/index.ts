// public API: add with intention

/** Imports a Terraform document or a CloudFormation template (file text) into a scenario, detecting which by content. */
export { importIac, type IacImport, type IacOptions } from './import.js';
/** What a parsed input is (Terraform, CloudFormation, a scenario, an AWS CLI output, unknown), and why one is refused. */
export { detect, refusal, isTemplate, type InputKind } from './detect.js';
/** Imports parsed `terraform show -json` output (plan or state). */
export { importTerraform, type IacResult } from './terraform/import.js';
