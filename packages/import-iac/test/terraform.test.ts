// The Terraform reader on small documents written for each rule: references through the
// configuration (modules, keys), states, values known only after apply, SG-to-SG references,
// and the ids and defaults of the import contract (docs/import-iac.md).
// https://developer.hashicorp.com/terraform/internals/json-format
import { compile, type Scenario } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { importIac, importTerraform } from '../src/index.js';
import { moduleSteps, tokens } from '../src/terraform/references.js';

const rc = (address: string, type: string, after: Record<string, unknown>, unknown: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  address,
  mode: 'managed',
  type,
  name: address.split('.').pop()!.replace(/\[.*$/, ''),
  change: { actions: ['create'], before: null, after, after_unknown: unknown },
  ...extra,
});

function plan(resourceChanges: unknown[], resources: unknown[], moduleCalls: Record<string, unknown> = {}) {
  return { format_version: '1.2', terraform_version: '1.9.5', resource_changes: resourceChanges, configuration: { root_module: { resources, module_calls: moduleCalls } } };
}

const imp = (doc: Record<string, unknown>) => {
  const r = importTerraform(doc, 'plan.json');
  return { s: r.scenario as Scenario, d: r.diagnostics };
};

describe('references', () => {
  it('tokenizes addresses with quoted keys that hold dots', () => {
    expect(tokens('module.sg["a.b"].aws_x.y[0].id')).toEqual([{ name: 'module' }, { name: 'sg' }, { key: 'a.b' }, { name: 'aws_x' }, { name: 'y' }, { key: 0 }, { name: 'id' }]);
    expect(moduleSteps('module.a["x"].module.b[2]')).toEqual([{ name: 'a', key: 'x' }, { name: 'b', key: 2 }]);
  });

  it('a subnet whose VPC is created by the same plan points at the VPC by its address', () => {
    const { s } = imp(
      plan(
        [rc('aws_vpc.main', 'aws_vpc', { cidr_block: '10.0.0.0/16' }, { id: true }), rc('aws_subnet.a', 'aws_subnet', { cidr_block: '10.0.1.0/24', availability_zone: 'us-east-1a' }, { id: true, vpc_id: true })],
        [{ address: 'aws_subnet.a', mode: 'managed', type: 'aws_subnet', name: 'a', expressions: { vpc_id: { references: ['aws_vpc.main.id', 'aws_vpc.main'] } } }],
      ),
    );
    expect(s.subnets).toEqual([{ id: 'aws_subnet.a', vpc: 'aws_vpc.main', availabilityZone: 'us-east-1a', cidr: '10.0.1.0/24' }]);
  });

  it('count instances pair up by index through count.index', () => {
    const subnets = [0, 1].map((i) => rc(`aws_subnet.s[${i}]`, 'aws_subnet', { cidr_block: `10.0.${i}.0/24`, availability_zone: 'us-east-1a', vpc_id: 'vpc-1' }, { id: true }, { index: i }));
    const tables = [0, 1].map((i) => rc(`aws_route_table.t[${i}]`, 'aws_route_table', { vpc_id: 'vpc-1' }, { id: true }, { index: i }));
    const assoc = [0, 1].map((i) => rc(`aws_route_table_association.a[${i}]`, 'aws_route_table_association', {}, { subnet_id: true, route_table_id: true }, { index: i }));
    const vpc = { address: 'aws_vpc.v', mode: 'managed', type: 'aws_vpc', name: 'v', change: { actions: ['no-op'], after: { id: 'vpc-1', cidr_block: '10.0.0.0/16' }, after_unknown: {} } };
    const { s } = imp(plan([vpc, ...subnets, ...tables, ...assoc], [{ address: 'aws_route_table_association.a', mode: 'managed', type: 'aws_route_table_association', name: 'a', expressions: { subnet_id: { references: ['aws_subnet.s', 'count.index'] }, route_table_id: { references: ['aws_route_table.t', 'count.index'] } } }]));
    expect(s.subnets?.map((x) => [x.id, x.routeTable])).toEqual([
      ['aws_subnet.s[0]', 'aws_route_table.t[0]'],
      ['aws_subnet.s[1]', 'aws_route_table.t[1]'],
    ]);
  });

  it('an ambiguous reference is reported and left out, never guessed', () => {
    const subnets = [0, 1].map((i) => rc(`aws_subnet.s[${i}]`, 'aws_subnet', { cidr_block: `10.0.${i}.0/24`, availability_zone: 'us-east-1a', vpc_id: 'vpc-1' }, { id: true }, { index: i }));
    const vpc = { address: 'aws_vpc.v', mode: 'managed', type: 'aws_vpc', name: 'v', change: { actions: ['no-op'], after: { id: 'vpc-1', cidr_block: '10.0.0.0/16' }, after_unknown: {} } };
    const nat = rc('aws_nat_gateway.n', 'aws_nat_gateway', { connectivity_type: 'private' }, { subnet_id: true });
    const { s, d } = imp(plan([vpc, ...subnets, nat], [{ address: 'aws_nat_gateway.n', mode: 'managed', type: 'aws_nat_gateway', name: 'n', expressions: { subnet_id: { references: ['aws_subnet.s'] } } }]));
    expect(s.natGateways).toBeUndefined();
    expect(d.map((x) => x.message)).toContainEqual(expect.stringMatching(/aws_nat_gateway\.n: `subnet_id` \(its subnet\) is known only after apply and cannot be followed: it may name any of `aws_subnet\.s\[0\]`, `aws_subnet\.s\[1\]`/));
  });
});

describe('security groups', () => {
  it('an inline rule naming a group the plan creates follows the reference; no egress unless declared (Terraform removes AWS’s default)', () => {
    const vpc = { address: 'aws_vpc.v', mode: 'managed', type: 'aws_vpc', name: 'v', change: { actions: ['no-op'], after: { id: 'vpc-1', cidr_block: '10.0.0.0/16' }, after_unknown: {} } };
    const web = rc('aws_security_group.web', 'aws_security_group', { vpc_id: 'vpc-1', name: 'web', ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false }] }, { id: true, egress: true });
    const db = rc('aws_security_group.db', 'aws_security_group', { vpc_id: 'vpc-1', name: 'db', ingress: [{ from_port: 5432, to_port: 5432, protocol: 'tcp', cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [null], self: false }] }, { id: true, egress: true, ingress: [{ security_groups: [true] }] });
    const { s } = imp(plan([vpc, web, db], [{ address: 'aws_security_group.db', mode: 'managed', type: 'aws_security_group', name: 'db', expressions: { ingress: { references: ['aws_security_group.web.id', 'aws_security_group.web'] } } }]));
    expect(s.securityGroups?.find((g) => g.id === 'aws_security_group.db')).toMatchObject({ inbound: [{ protocol: 'tcp', ports: 5432, securityGroup: 'aws_security_group.web' }], outbound: [] });
    expect(compile(s).ok).toBe(true);
  });

  it('`-1` is all protocols and ports; ICMP takes type and code from the port fields', () => {
    const vpc = { address: 'aws_vpc.v', mode: 'managed', type: 'aws_vpc', name: 'v', change: { actions: ['no-op'], after: { id: 'vpc-1', cidr_block: '10.0.0.0/16' }, after_unknown: {} } };
    const g = rc('aws_security_group.g', 'aws_security_group', {
      vpc_id: 'vpc-1',
      ingress: [
        { from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['10.0.0.0/8'] },
        { from_port: 8, to_port: -1, protocol: 'icmp', cidr_blocks: ['10.0.0.0/8'] },
        { from_port: 1024, to_port: 65535, protocol: 'udp', cidr_blocks: [], ipv6_cidr_blocks: ['::/0'] },
      ],
    });
    expect(imp(plan([vpc, g], [])).s.securityGroups?.[0]?.inbound).toEqual([
      { protocol: 'all', cidr: '10.0.0.0/8' },
      { protocol: 'icmp', icmpType: 8, cidr: '10.0.0.0/8' },
      { protocol: 'udp', ports: '1024-65535', cidr: '::/0' },
    ]);
  });
});

describe('states and the import contract', () => {
  it('a state (`terraform show -json` without a plan) keeps AWS ids; IAM principals are named by IAM name with the state’s account', () => {
    const doc = {
      format_version: '1.0',
      terraform_version: '1.5.0',
      values: {
        root_module: {
          resources: [
            { address: 'aws_vpc.v', mode: 'managed', type: 'aws_vpc', name: 'v', values: { id: 'vpc-0a', cidr_block: '10.1.0.0/16', arn: 'arn:aws:ec2:eu-west-1:222222222222:vpc/vpc-0a' } },
            { address: 'aws_iam_role.app', mode: 'managed', type: 'aws_iam_role', name: 'app', values: { id: 'app', name: 'app', path: '/', arn: 'arn:aws:iam::222222222222:role/app', assume_role_policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}' } },
          ],
        },
      },
    };
    const { s } = imp(doc);
    expect(s.defaults).toEqual({ account: '222222222222', region: 'eu-west-1' });
    expect(s.vpcs?.[0]?.id).toBe('vpc-0a');
    expect(s.iam?.roles?.[0]?.name).toBe('app');
  });

  it('a resource type vpcsim does not model is listed once with its count, never a crash', () => {
    const { d } = imp(plan([rc('aws_lambda_function.a', 'aws_lambda_function', {}), rc('aws_lambda_function.b', 'aws_lambda_function', {}), rc('aws_sns_topic.t', 'aws_sns_topic', {})], []));
    expect(d.filter((x) => x.code === 'not-modelled').map((x) => x.message)).toEqual(['`aws_lambda_function` is not modelled by vpcsim: 2 resources skipped', '`aws_sns_topic` is not modelled by vpcsim: 1 resource skipped']);
  });

  it('types the scenario format has but the import does not read are listed apart, with a hint to declare them by hand', () => {
    const { d } = imp(plan([rc('aws_lb.web', 'aws_lb', {}), rc('aws_lb_target_group.tg', 'aws_lb_target_group', {}), rc('aws_organizations_policy.scp', 'aws_organizations_policy', {}), rc('aws_dx_gateway.g', 'aws_dx_gateway', {})], []));
    expect(d.filter((x) => x.code === 'not-modelled')).toEqual([]);
    expect(d.filter((x) => x.code === 'not-imported').map((x) => [x.message, x.hint])).toEqual([
      ['`aws_dx_gateway` is not read by the Terraform import: 1 resource skipped', 'the scenario format has `directConnect`: declare them in the scenario by hand (docs/scenario-format.md)'],
      ['`aws_lb` is not read by the Terraform import: 1 resource skipped', 'the scenario format has `loadBalancers` and `targetGroups`: declare them in the scenario by hand (docs/scenario-format.md)'],
      ['`aws_lb_target_group` is not read by the Terraform import: 1 resource skipped', 'the scenario format has `loadBalancers` and `targetGroups`: declare them in the scenario by hand (docs/scenario-format.md)'],
      ['`aws_organizations_policy` is not read by the Terraform import: 1 resource skipped', 'the scenario format has `organization` (with its SCPs and RCPs): declare them in the scenario by hand (docs/scenario-format.md)'],
    ]);
  });

  it('an instance without a known address gets the first free one of its subnet, reported with its address', () => {
    const vpc = { address: 'aws_vpc.v', mode: 'managed', type: 'aws_vpc', name: 'v', change: { actions: ['no-op'], after: { id: 'vpc-1', cidr_block: '10.0.0.0/16' }, after_unknown: {} } };
    const sn = { address: 'aws_subnet.s', mode: 'managed', type: 'aws_subnet', name: 's', change: { actions: ['no-op'], after: { id: 'subnet-1', vpc_id: 'vpc-1', cidr_block: '10.0.1.0/24', availability_zone: 'us-east-1a' }, after_unknown: {} } };
    const eni = rc('aws_network_interface.e', 'aws_network_interface', { subnet_id: 'subnet-1', private_ips: ['10.0.1.4'] }, { security_groups: true });
    const i = rc('aws_instance.i', 'aws_instance', { subnet_id: 'subnet-1' }, { private_ip: true, vpc_security_group_ids: true, associate_public_ip_address: true });
    const { s, d } = imp(plan([vpc, sn, eni, i], []));
    expect(s.instances?.[0]?.privateIp).toBe('10.0.1.5');
    expect(d.find((x) => x.code === 'chosen-value')?.message).toBe('aws_instance.i: its private address is assigned by AWS at launch: 10.0.1.5, the first free address of `subnet-1`, stands for it');
  });
});

describe('options', () => {
  it('--parameter given with a Terraform document is reported as ignored', () => {
    const r = importIac(JSON.stringify(plan([], [])), 'p.json', { parameters: { A: 'b' } });
    expect(r.kind).toBe('terraform');
    expect(r.diagnostics.map((d) => d.code)).toContain('unused-parameter');
  });
});

describe("a VPC's default resources", () => {
  it('aws_default_security_group and aws_default_route_table keep the format’s names with the VPC’s id', () => {
    const vpc = rc('aws_vpc.main', 'aws_vpc', { cidr_block: '10.0.0.0/16' }, { id: true, default_route_table_id: true });
    const sg = rc('aws_default_security_group.d', 'aws_default_security_group', { ingress: [], egress: [] }, { vpc_id: true });
    const rt = rc('aws_default_route_table.d', 'aws_default_route_table', { route: [] }, { default_route_table_id: true });
    const { s } = imp(
      plan(
        [vpc, sg, rt],
        [
          { address: 'aws_default_security_group.d', mode: 'managed', type: 'aws_default_security_group', name: 'd', expressions: { vpc_id: { references: ['aws_vpc.main.id', 'aws_vpc.main'] } } },
          { address: 'aws_default_route_table.d', mode: 'managed', type: 'aws_default_route_table', name: 'd', expressions: { default_route_table_id: { references: ['aws_vpc.main.default_route_table_id', 'aws_vpc.main'] } } },
        ],
      ),
    );
    // locked down: the default group admits nothing and sends nothing
    expect(s.securityGroups).toEqual([{ id: 'aws_vpc.main/default-sg', vpc: 'aws_vpc.main', default: true, inbound: [], outbound: [] }]);
    expect(s.routeTables).toEqual([{ id: 'aws_vpc.main/main-rtb', vpc: 'aws_vpc.main', main: true }]);
    expect(compile(s).ok).toBe(true);
  });
});

// https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key_policy
// https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html
describe('aws_kms_key_policy', () => {
  const doc = (sid: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: sid, Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:DescribeKey', Resource: '*' }] });
  it('a key the plan creates: the policy, set apart and known only by reference, becomes the key policy', () => {
    const key = rc('aws_kms_key.k', 'aws_kms_key', { description: 'app' }, { arn: true, key_id: true, id: true, policy: true });
    const pol = rc('aws_kms_key_policy.p', 'aws_kms_key_policy', { policy: doc('OnlyDescribe') }, { key_id: true, id: true });
    const { s, d } = imp(plan([key, pol], [{ address: 'aws_kms_key_policy.p', mode: 'managed', type: 'aws_kms_key_policy', name: 'p', expressions: { key_id: { references: ['aws_kms_key.k.id', 'aws_kms_key.k'] } } }]));
    expect(s.resources).toEqual([expect.objectContaining({ arn: 'arn:aws:kms:us-east-1:111111111111:key/aws_kms_key.k', policy: expect.objectContaining({ Statement: [expect.objectContaining({ Sid: 'OnlyDescribe' })] }) })]);
    expect(d.filter((x) => x.code === 'not-modelled' || x.severity === 'error')).toEqual([]);
    expect(compile(s).ok).toBe(true);
  });
  it('a key known by id or ARN: the key of the plan with that id, else a key outside the plan', () => {
    const key = rc('aws_kms_key.k', 'aws_kms_key', { key_id: '1234abcd-12ab-34cd-56ef-1234567890ab', arn: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab' });
    const byId = rc('aws_kms_key_policy.a', 'aws_kms_key_policy', { key_id: '1234abcd-12ab-34cd-56ef-1234567890ab', policy: doc('ById') });
    const outside = rc('aws_kms_key_policy.b', 'aws_kms_key_policy', { key_id: '0000abcd-12ab-34cd-56ef-1234567890ab', policy: doc('Outside') });
    const { s } = imp(plan([key, byId, outside], []));
    expect(s.resources?.map((r) => [r.arn, (r.policy as { Statement: { Sid: string }[] }).Statement[0]!.Sid])).toEqual([
      ['arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'ById'],
      ['arn:aws:kms:us-east-1:111111111111:key/0000abcd-12ab-34cd-56ef-1234567890ab', 'Outside'],
    ]);
  });
  it('a key that cannot be followed is reported, and no policy is attached to a guess', () => {
    const pol = rc('aws_kms_key_policy.p', 'aws_kms_key_policy', { policy: doc('Lost') }, { key_id: true });
    const { s, d } = imp(plan([pol], [{ address: 'aws_kms_key_policy.p', mode: 'managed', type: 'aws_kms_key_policy', name: 'p', expressions: { key_id: { references: ['var.key'] } } }]));
    expect(s.resources ?? []).toEqual([]);
    expect(d.filter((x) => x.code === 'unknown-reference').map((x) => x.message)).toEqual([expect.stringContaining('aws_kms_key_policy.p: `key_id` (the key the policy is for) is known only after apply and cannot be followed')]);
  });
});
