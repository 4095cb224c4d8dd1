// Terraform plans and CloudFormation templates written by others (test/fixtures/iac, with their
// licences), imported, then traced (@vpcsim/net) and judged (@vpcsim/iam). Each fixture: it
// imports without errors, validates, holds the facts it declares (a route, a rule, a principal's
// policy), and answers a trace and/or a request. Where a plan declares no instance, probe
// instances are added to the imported subnets to trace through the imported rules and routes;
// where it declares no network (IAM-only plans) there is nothing to trace, and where it declares
// no IAM there is no request to judge.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '@vpcsim/iam';
import { importIac } from '@vpcsim/import-iac';
import { compile, type Model, type Scenario } from '@vpcsim/model';
import { trace } from '@vpcsim/net';
import { describe, expect, it } from 'vitest';

const TF = join(import.meta.dirname, 'fixtures', 'iac', 'terraform');
const CFN = join(import.meta.dirname, 'fixtures', 'iac', 'cloudformation');

function load(path: string, parameters?: Record<string, string>): { s: Scenario; codes: string[]; messages: string[] } {
  const r = importIac(readFileSync(path, 'utf8'), path, { parameters });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  expect(r.scenario).toBeDefined();
  expect(compile(r.scenario).ok).toBe(true);
  return { s: r.scenario as Scenario, codes: r.diagnostics.map((d) => d.code), messages: r.diagnostics.map((d) => d.message) };
}

function model(s: Scenario): Model {
  const r = compile(s);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('\n'));
  return r.model;
}

/** The scenario with probe instances added (a subnet, an address in it, security groups). */
function withProbes(s: Scenario, probes: { id: string; subnet: string; privateIp: string; securityGroups?: string[]; publicIp?: string }[], extraSubnets: Scenario['subnets'] = []): Model {
  return model({ ...s, subnets: [...(s.subnets ?? []), ...(extraSubnets ?? [])], instances: [...(s.instances ?? []), ...probes] });
}

const tf = (f: string): string => join(TF, f);
const cfn = (f: string): string => join(CFN, f);

describe('every fixture with network or IAM resources imports and validates', () => {
  const files = [
    ...readdirSync(TF).flatMap((d) => (d.endsWith('.md') ? [] : readdirSync(join(TF, d)).filter((f) => f.endsWith('.json')).map((f) => join(TF, d, f)))),
    ...readdirSync(CFN).filter((f) => f.endsWith('.yaml')).map((f) => join(CFN, f)),
  ];
  it('finds the 14 plans and the 5 templates', () => expect(files).toHaveLength(19));
  it.each(files.map((f) => [f.slice(f.indexOf('fixtures/iac/') + 13), f]))('%s', (_name, f) => {
    const { s } = load(f);
    const counted = ['vpcs', 'subnets', 'securityGroups', 'resources'].reduce((n, k) => n + ((s as Record<string, unknown[] | undefined>)[k]?.length ?? 0), 0) + Object.values(s.iam ?? {}).reduce((n, v) => n + (v as unknown[]).length, 0);
    expect(counted).toBeGreaterThan(0);
  });
});

describe('Terraform plans', () => {
  it('checkov/vpc-iam-mixed: routes, SG rules merged from rule resources, chosen addresses; the web host reached on 80, not 3306; the user may run instances', () => {
    const { s, codes, messages } = load(tf('checkov/vpc-iam-mixed-tf0.12.json'));
    expect(s.defaults).toEqual({ account: '123456789123', region: 'us-west-2' });
    expect(s.routeTables).toContainEqual(expect.objectContaining({ id: 'aws_route_table.web_rtb', vpc: 'aws_vpc.web_vpc', routes: [{ destination: '0.0.0.0/0', target: 'aws_internet_gateway.web_igw' }] }));
    expect(s.subnets?.find((x) => x.id === 'aws_subnet.web_subnet')?.routeTable).toBe('aws_route_table.web_rtb');
    // aws_security_group_rule resources merged into their group; Terraform's group has only the egress it declares
    expect(s.securityGroups?.find((g) => g.id === 'aws_security_group.default')).toMatchObject({ inbound: [{ protocol: 'tcp', ports: 3306, cidr: '172.16.0.0/16' }], outbound: [{ protocol: 'all', cidr: '0.0.0.0/0' }] });
    expect(s.instances?.find((i) => i.id === 'aws_instance.db_app')).toMatchObject({ subnet: 'aws_subnet.web_subnet', privateIp: '172.16.10.4', instanceProfile: 'role/123456789123-acme-corp-role', securityGroups: ['aws_security_group.web-node'] });
    expect(messages).toContainEqual(expect.stringMatching(/^aws_instance\.db_app: its private address is assigned by AWS at launch: 172\.16\.10\.4/));
    // each unmodelled type once, with its count
    expect(messages.filter((m) => m.startsWith('`aws_s3_bucket_object`'))).toEqual(['`aws_s3_bucket_object` is not modelled by vpcsim: 1 resource skipped']);
    expect(codes.filter((c) => c === 'not-modelled').length).toBe(new Set(messages.filter((m) => m.includes('is not modelled by vpcsim')).map((m) => m.split('`')[1])).size);
    const m = model(s);
    const web = trace(m, { from: 'internet', to: 'aws_instance.web_host', protocol: 'tcp', port: 80 });
    expect(web.errors).toEqual([]);
    expect(web.reachable).toBe(true);
    expect(trace(m, { from: 'internet', to: 'aws_instance.web_host', protocol: 'tcp', port: 3306 })).toMatchObject({ reachable: false, blockedBy: 'aws_security_group.web-node' });
    expect(evaluate(m, { principal: 'user/123456789123-acme-corp-user', action: 'ec2:RunInstances', resource: '*' }).decision).toBe('allowed');
  });

  it('terraform-compliance/vpc-module-nat-vgw: the community VPC module (count instances, local.vpc_id) — private subnets reach the internet through their NAT gateway', () => {
    const { s, codes } = load(tf('terraform-compliance/vpc-module-nat-vgw-tf0.12.json'));
    expect(s.subnets?.map((x) => x.id)).toEqual(['module.vpc.aws_subnet.private[0]', 'module.vpc.aws_subnet.private[1]', 'module.vpc.aws_subnet.private[2]', 'module.vpc.aws_subnet.public[0]', 'module.vpc.aws_subnet.public[1]', 'module.vpc.aws_subnet.public[2]']);
    expect(s.routeTables?.find((t) => t.id === 'module.vpc.aws_route_table.private[1]')?.routes).toEqual([{ destination: '0.0.0.0/0', target: 'module.vpc.aws_nat_gateway.this[1]' }]);
    expect(s.subnets?.find((x) => x.id === 'module.vpc.aws_subnet.private[2]')?.routeTable).toBe('module.vpc.aws_route_table.private[2]');
    expect(s.natGateways?.find((n) => n.id === 'module.vpc.aws_nat_gateway.this[0]')?.subnet).toBe('module.vpc.aws_subnet.public[0]');
    expect(codes).toContain('chosen-vpc');
    const m = withProbes(s, [{ id: 'probe', subnet: 'module.vpc.aws_subnet.private[0]', privateIp: '10.0.1.10' }]);
    const t = trace(m, { from: 'probe', to: '8.8.8.8', protocol: 'tcp', port: 443 });
    expect(t.reachable).toBe(true);
    expect(t.forward.map((h) => h.component)).toContain('module.vpc.aws_nat_gateway.this[0]');
  });

  it('terraform-compliance/vpc-sg-nat-vpn: a rule naming a group outside the plan is reported and left out; TLS from 10/8 admitted', () => {
    const { s, messages } = load(tf('terraform-compliance/vpc-sg-nat-vpn-tf0.12.json'));
    expect(s.securityGroups?.find((g) => g.id === 'aws_security_group.allow_tls')?.inbound).toEqual([{ protocol: 'tcp', ports: 443, cidr: '10.0.0.0/8' }]);
    expect(messages).toContainEqual(expect.stringContaining('security group `sg-123456` is not in the input'));
    expect(s.customerGateways).toEqual([expect.objectContaining({ id: 'aws_customer_gateway.main', ip: '172.83.124.10', asn: 65000 })]);
    const m = withProbes(s, [
      { id: 'probe-a', subnet: 'aws_subnet.test', privateIp: '10.0.1.10', securityGroups: ['aws_security_group.allow_all_egress'] },
      { id: 'probe-b', subnet: 'aws_subnet.test', privateIp: '10.0.1.11', securityGroups: ['aws_security_group.allow_tls'] },
    ]);
    expect(trace(m, { from: 'probe-a', to: 'probe-b', protocol: 'tcp', port: 443 }).reachable).toBe(true);
    expect(trace(m, { from: 'probe-a', to: 'probe-b', protocol: 'tcp', port: 22 }).reachable).toBe(false);
  });

  it('terraform-compliance/vpc-rtb-igw-lb: a route whose target the plan does not show is reported and left out, never guessed; the group admits 443, not 22', () => {
    const { s, messages } = load(tf('terraform-compliance/vpc-rtb-igw-lb-tf0.12.json'));
    expect(s.subnets?.find((x) => x.id === 'aws_subnet.test-subnet-pubA')?.routeTable).toBe('aws_route_table.test-pub-rtb');
    // the trimmed configuration has no `route` expression: its gateway_id is known only after apply
    expect(s.routeTables?.find((t) => t.id === 'aws_route_table.test-pub-rtb')?.routes).toBeUndefined();
    expect(messages).toContain('aws_route_table.test-pub-rtb: the target of route[0] (`0.0.0.0/0`) is not known: left out');
    expect(messages).toContain('`aws_lb` is not read by the Terraform import: 1 resource skipped');
    const sg = 'aws_security_group.sg-loadBalancer-noncompliant';
    const m = withProbes(s, [
      { id: 'probe', subnet: 'aws_subnet.test-subnet-pubA', privateIp: '10.0.0.10', publicIp: '3.80.0.10', securityGroups: [sg] },
      { id: 'client', subnet: 'aws_subnet.test-subnet-privA', privateIp: '10.0.10.10' },
    ]);
    expect(trace(m, { from: 'client', to: 'probe', protocol: 'tcp', port: 443 }).reachable).toBe(true);
    expect(trace(m, { from: 'client', to: 'probe', protocol: 'tcp', port: 22 })).toMatchObject({ reachable: false, blockedBy: sg });
    expect(trace(m, { from: 'internet', to: 'probe', protocol: 'tcp', port: 443 }).reachable).toBe(false);
  });

  it('terraform-compliance/nacl-module: an ACL Terraform creates without rules denies everything at its subnets', () => {
    const { s } = load(tf('terraform-compliance/nacl-module-tf1.0.json'));
    const acl = 'module.vpc_module.aws_network_acl.vpc_subnet_acl';
    expect(s.networkAcls).toEqual([expect.objectContaining({ id: acl, vpc: 'module.vpc_module.aws_vpc.vpc', inbound: [], outbound: [] })]);
    expect(s.subnets?.every((x) => x.networkAcl === acl)).toBe(true);
    const m = withProbes(s, [
      { id: 'probe-a', subnet: 'module.vpc_module.aws_subnet.vpc_subnet[0]', privateIp: '172.16.0.140' },
      { id: 'probe-b', subnet: 'module.vpc_module.aws_subnet.vpc_subnet[1]', privateIp: '172.16.0.10' },
    ]);
    expect(trace(m, { from: 'probe-a', to: 'probe-b', protocol: 'tcp', port: 443 })).toMatchObject({ reachable: false, blockedBy: acl });
  });

  it('terraform-compliance/iam-sg-nested-modules-noop: existing groups (AWS ids), rule resources merged, the data source VPC declared; the lambda role may describe interfaces', () => {
    const { s } = load(tf('terraform-compliance/iam-sg-nested-modules-noop-tf0.12.json'));
    expect(s.vpcs).toContainEqual(expect.objectContaining({ id: 'vpc-32E071F6', cidr: '10.107.56.0/21' }));
    const asg = s.securityGroups?.find((g) => g.id === 'sg-064772947d40297ad');
    expect(asg?.inbound).toContainEqual({ protocol: 'tcp', ports: 4000, securityGroup: 'sg-0facdb20f33578aa9' });
    const probes = withProbes(
      s,
      [
        { id: 'probe-alb', subnet: 'probe-subnet', privateIp: '10.107.56.10', securityGroups: ['sg-0facdb20f33578aa9'] },
        { id: 'probe-asg', subnet: 'probe-subnet', privateIp: '10.107.56.11', securityGroups: ['sg-064772947d40297ad'] },
      ],
      [{ id: 'probe-subnet', vpc: 'vpc-32E071F6', availabilityZone: 'us-east-1a', cidr: '10.107.56.0/24' }],
    );
    expect(trace(probes, { from: 'probe-alb', to: 'probe-asg', protocol: 'tcp', port: 4000 }).reachable).toBe(true);
    expect(trace(probes, { from: 'probe-alb', to: 'probe-asg', protocol: 'tcp', port: 5000 })).toMatchObject({ reachable: false, blockedBy: 'sg-064772947d40297ad' });
    const role = s.iam?.roles?.find((r) => r.name === 'myapp-sandbox-instance-role-terraform');
    expect(role?.managedPolicies).toContain('arn:aws:iam::aws:policy/service-role/AmazonEC2RoleforSSM');
    expect(evaluate(probes, { principal: 'role/myapp-lambda-exec-role-sandbox', action: 'ec2:DescribeNetworkInterfaces', resource: '*' }).decision).toBe('allowed');
    // an AWS-managed policy vpcsim does not bundle keeps the instance role from an allow, and says so
    const d = evaluate(probes, { principal: 'role/myapp-sandbox-instance-role-terraform', action: 'ec2:DescribeNetworkInterfaces', resource: '*' });
    expect(d.decision).toBe('implicitly-denied');
    expect(d.errors.map((e) => e.message).join(' ')).toContain('AmazonEC2RoleforSSM` is not bundled');
  });

  it('terraform-compliance/iam-sg-update-delete: deleted resources left out and counted; the group of an unseen VPC kept with a stand-in VPC', () => {
    const { s, messages } = load(tf('terraform-compliance/iam-sg-update-delete-tf1.0.json'));
    expect(messages).toContainEqual(expect.stringMatching(/^2 resources the plan deletes left out/));
    expect(s.securityGroups?.map((g) => [g.id, g.vpc])).toEqual([['aws_security_group.lambda_sg', 'vpc-003e06e33a87c22f5']]);
    expect(messages).toContainEqual(expect.stringContaining('VPC `vpc-003e06e33a87c22f5` is not in the input'));
    const m = model(s);
    expect(evaluate(m, { principal: 'role/terraform-20210620041514555500000001', action: 'sts:AssumeRole', resource: '*' }).decision).not.toBe('allowed');
    // the group's one rule resource has no peer in the plan: reported, and the group admits nothing
    const probe = withProbes(s, [{ id: 'probe', subnet: 'p', privateIp: '100.64.0.10', securityGroups: ['aws_security_group.lambda_sg'] }], [{ id: 'p', vpc: 'vpc-003e06e33a87c22f5', availabilityZone: 'us-east-1a', cidr: '100.64.0.0/24' }]);
    expect(trace(probe, { from: 'probe', to: '100.64.0.20', protocol: 'tcp', port: 443 }).reachable).toBe(false);
  });

  it('checkov/sg-for-each-modules: for_each module instances keep their keys; the data source VPC and subnet are declared; no egress unless declared', () => {
    const { s } = load(tf('checkov/sg-for-each-modules-tf1.9.json'));
    expect(s.securityGroups?.map((g) => g.id)).toEqual(['module.sg["awful_example"].aws_security_group.bad', 'module.sg["bad_example"].aws_security_group.bad', 'module.sg["terrible_example"].aws_security_group.bad']);
    expect(s.securityGroups?.[1]).toMatchObject({ vpc: 'vpc-123456abc', inbound: [{ protocol: 'all', cidr: '0.0.0.0/0', description: 'Allow all inbound traffic' }], outbound: [] });
    const m = withProbes(s, [
      { id: 'probe-a', subnet: 'subnet-04c460d388900659b', privateIp: '10.213.220.10', securityGroups: ['module.sg["bad_example"].aws_security_group.bad'] },
      { id: 'probe-b', subnet: 'subnet-04c460d388900659b', privateIp: '10.213.220.11', securityGroups: ['module.sg["awful_example"].aws_security_group.bad'] },
    ]);
    expect(trace(m, { from: 'probe-a', to: 'probe-b', protocol: 'tcp', port: 22 })).toMatchObject({ reachable: false, blockedBy: 'module.sg["bad_example"].aws_security_group.bad' });
  });

  it('regula/vpc-sg-nested-modules: a group’s VPC followed through module outputs and variables', () => {
    const { s } = load(tf('regula/vpc-sg-nested-modules-tf1.0.json'));
    const grandchild = 'module.child1.module.grandchild1.aws_vpc.grandchild';
    expect(Object.fromEntries((s.securityGroups ?? []).map((g) => [g.id, g.vpc]))).toEqual({
      'aws_security_group.parent': grandchild,
      'module.child1.module.grandchild1.aws_security_group.grandchild': grandchild,
      'module.child2.aws_security_group.child': grandchild,
    });
    const m = withProbes(s, [{ id: 'probe', subnet: 'p', privateIp: '10.0.0.10', securityGroups: ['aws_security_group.parent'] }], [{ id: 'p', vpc: grandchild, availabilityZone: 'us-east-2a', cidr: '10.0.0.0/24' }]);
    expect(trace(m, { from: 'probe', to: '10.0.0.20', protocol: 'tcp', port: 80 })).toMatchObject({ reachable: false, blockedBy: 'aws_security_group.parent' });
  });

  it('checkov/iam-oidc-trust-module: trust policies rendered from aws_iam_policy_document data sources, the OIDC provider ARN formed from its URL', () => {
    const { s } = load(tf('checkov/iam-oidc-trust-module-tf1.5.json'));
    const r7 = s.iam?.roles?.find((r) => r.name === 'r7');
    expect(r7?.trustPolicy).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Action: 'sts:AssumeRoleWithWebIdentity',
          Principal: { Federated: 'arn:aws:iam::111111111111:oidc-provider/accounts.google.com' },
          Condition: { StringEquals: { 'accounts.google.com:aud': 'sts.amazonaws.com', 'accounts.google.com:sub': 'system:serviceaccount:p1:default' } },
        },
      ],
    });
    const m = model(s);
    expect(evaluate(m, { principal: 'role/r7', action: 's3:ListBucket', resource: 'arn:aws:s3:::', context: { 's3:prefix': 'p1/a' } }).decision).toBe('allowed');
    expect(evaluate(m, { principal: 'role/r7', action: 's3:ListBucket', resource: 'arn:aws:s3:::', context: { 's3:prefix': 'p2/a' } }).decision).toBe('implicitly-denied');
  });

  it('checkov/iam-policies: inline policies of a user and a group; a role whose name Terraform generates is reported and left out', () => {
    const { s, codes } = load(tf('checkov/iam-policies-tf1.1.json'));
    expect(s.iam?.users).toEqual([expect.objectContaining({ name: 'example', inlinePolicies: { example: expect.objectContaining({ Statement: [expect.objectContaining({ Action: 'iam:*' })] }) } })]);
    expect(codes).toContain('unknown-value');
    expect(evaluate(model(s), { principal: 'user/example', action: 'iam:CreateUser', resource: '*' }).decision).toBe('allowed');
  });

  it('regula/iam-users-groups-policies: group memberships and attachments (exclusive and per user)', () => {
    const { s } = load(tf('regula/iam-users-groups-policies-tf0.13.json'));
    expect(s.iam?.users?.find((u) => u.name === 'valid_group_blank_user')?.groups).toEqual(['valid_group_blank_users']);
    expect(s.iam?.roles?.find((r) => r.name === 'valid_role')?.managedPolicies).toEqual(['arn:aws:iam::111111111111:policy/valid_role_policy']);
    const m = model(s);
    // the group's managed policy denies ec2:Describe* to its member
    expect(evaluate(m, { principal: 'user/valid_group_blank_user', action: 'ec2:DescribeInstances', resource: '*' }).decision).toBe('explicitly-denied');
  });

  it('regula/s3-bucket-policies: bucket policies attached; new buckets get Block Public Access on, so a public read is refused', () => {
    const { s, codes } = load(tf('regula/s3-bucket-policies-tf1.0.json'));
    const b = s.resources?.find((r) => r.arn === 'arn:aws:s3:::allowget-inline-policy');
    expect(b?.policy).toBeDefined();
    expect(b?.blockPublicAccess).toEqual({ blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true });
    expect(codes).toContain('aws-default');
    expect(evaluate(model(s), { principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::allowget-inline-policy/x' }).decision).not.toBe('allowed');
  });

  it('regula/vpc-flowlog-iam-role: two VPCs and the flow log role; the flow log itself is not modelled', () => {
    const { s, messages } = load(tf('regula/vpc-flowlog-iam-role-tf0.13.json'));
    expect(s.vpcs?.map((v) => v.id)).toEqual(['aws_vpc.invalid_vpc', 'aws_vpc.valid_vpc']);
    expect(messages).toContain('`aws_flow_log` is not modelled by vpcsim: 1 resource skipped');
    expect(evaluate(model(s), { principal: 'role/example', action: 'logs:PutLogEvents', resource: '*' }).decision).toBe('allowed');
  });
});

describe('CloudFormation templates', () => {
  it('instance-vpc-endpoints-iam: the bastion reached over SSH, the private instance only from it; its role reaches CloudFormation through the interface endpoint', () => {
    const { s } = load(cfn('instance-vpc-endpoints-iam.yaml'));
    expect(s.vpcEndpoints).toEqual([expect.objectContaining({ id: 'CfnEndpoint', type: 'interface', service: 'cloudformation', subnets: ['PrivateSubnet1', 'PrivateSubnet2'], privateDns: true })]);
    expect(s.securityGroups?.find((g) => g.id === 'PrivateSG')?.inbound).toEqual([{ protocol: 'tcp', ports: 22, securityGroup: 'BastionSG' }]);
    const m = model(s);
    expect(trace(m, { from: 'internet', to: 'BastionInstance', protocol: 'tcp', port: 22 }).reachable).toBe(true);
    expect(trace(m, { from: 'BastionInstance', to: 'PrivateInstance', protocol: 'tcp', port: 22 }).reachable).toBe(true);
    expect(trace(m, { from: 'internet', to: 'PrivateInstance', protocol: 'tcp', port: 22 }).reachable).toBe(false);
    expect(s.instances?.find((i) => i.id === 'PrivateInstance')?.instanceProfile).toBe('role/RootRole');
    expect(evaluate(m, { principal: 'role/RootRole', action: 'cloudformation:SignalResource', resource: '*' }).decision).toBe('allowed');
  });

  it('vpc-nat-private-subnet-nacl: CIDRs from Mappings, ACL entries merged into the ACL; the private subnet reaches the internet by its NAT gateway', () => {
    const { s } = load(cfn('vpc-nat-private-subnet-nacl.yaml'));
    expect(s.networkAcls?.[0]).toMatchObject({ id: 'PublicNetworkAcl', inbound: [{ rule: 100, protocol: 'all', cidr: '0.0.0.0/0', action: 'allow' }] });
    expect(s.subnets?.find((x) => x.id === 'PublicSubnet0')).toMatchObject({ cidr: '10.0.0.0/24', networkAcl: 'PublicNetworkAcl', availabilityZone: 'us-east-1a' });
    const m = withProbes(s, [{ id: 'probe', subnet: 'PrivateSubnet0', privateIp: '10.0.2.10' }]);
    const t = trace(m, { from: 'probe', to: '8.8.8.8', protocol: 'tcp', port: 443 });
    expect(t.reachable).toBe(true);
  });

  it('ecs-private-vpc: two NAT gateways with their EIPs, the DynamoDB gateway endpoint on the private tables; EC2Role may poll ECS', () => {
    const { s } = load(cfn('ecs-private-vpc.yaml'));
    expect(s.vpcEndpoints).toEqual([expect.objectContaining({ id: 'DynamoDBEndpoint', type: 'gateway', service: 'dynamodb', routeTables: ['PrivateRouteTableOne', 'PrivateRouteTableTwo'] })]);
    expect(s.routeTables?.find((t) => t.id === 'PrivateRouteTableTwo')?.routes).toEqual([{ destination: '0.0.0.0/0', target: 'NatGatewayTwo' }]);
    const m = withProbes(s, [{ id: 'probe', subnet: 'PrivateSubnetTwo', privateIp: '10.0.3.10', securityGroups: ['EcsHostSecurityGroup'] }]);
    const t = trace(m, { from: 'probe', to: '8.8.8.8', protocol: 'tcp', port: 443 });
    expect(t.reachable).toBe(true);
    expect(t.forward.map((h) => h.component)).toContain('NatGatewayTwo');
    expect(evaluate(m, { principal: 'role/EC2Role', action: 'ecs:Poll', resource: '*' }).decision).toBe('allowed');
  });

  it('eks-vpc-nat-iam: three AZs from Fn::GetAZs, managed policy ARNs from Fn::Sub; a private subnet reaches the internet', () => {
    const { s } = load(cfn('eks-vpc-nat-iam.yaml'));
    expect(new Set(s.subnets?.map((x) => x.availabilityZone))).toEqual(new Set(['us-east-1a', 'us-east-1b', 'us-east-1c']));
    expect(s.iam?.roles?.find((r) => r.name === 'EKSClusterRole')?.managedPolicies).toContain('arn:aws:iam::aws:policy/AmazonEKSClusterPolicy');
    const m = withProbes(s, [{ id: 'probe', subnet: 'PrivateSubnet1', privateIp: '10.0.4.10', securityGroups: ['ControlPlaneSecurityGroup'] }]);
    expect(trace(m, { from: 'probe', to: '8.8.8.8', protocol: 'tcp', port: 443 }).reachable).toBe(true);
    expect(evaluate(m, { principal: 'role/EKSClusterRole', action: 'iam:CreateUser', resource: '*' }).decision).not.toBe('allowed');
  });

  it('cloudfront-sg-kms-bucketpolicy: parameters without values stand for what they name; separate SG rules merged; the bucket policy refuses insecure transport', () => {
    const { s, codes } = load(cfn('cloudfront-sg-kms-bucketpolicy.yaml'));
    expect(codes).toContain('parameter-without-value');
    expect(s.securityGroups?.find((g) => g.id === 'ALBExternalAccessSG')?.outbound).toEqual([{ protocol: 'tcp', ports: 8080, securityGroup: 'EC2InstanceSG' }]);
    expect(s.securityGroups?.find((g) => g.id === 'EC2InstanceSG')?.inbound).toEqual([{ protocol: 'tcp', ports: 8080, securityGroup: 'ALBExternalAccessSG' }]);
    const bucket = 'arn:aws:s3:::example-logging-dev-111111111111-us-east-1';
    const m = withProbes(
      s,
      [
        { id: 'probe-alb', subnet: 'p', privateIp: '100.64.0.10', securityGroups: ['ALBExternalAccessSG'] },
        { id: 'probe-ec2', subnet: 'p', privateIp: '100.64.0.11', securityGroups: ['EC2InstanceSG'] },
      ],
      [{ id: 'p', vpc: 'VpcId', availabilityZone: 'us-east-1a', cidr: '100.64.0.0/24' }],
    );
    expect(trace(m, { from: 'probe-alb', to: 'probe-ec2', protocol: 'tcp', port: 8080 }).reachable).toBe(true);
    expect(trace(m, { from: 'probe-alb', to: 'probe-ec2', protocol: 'tcp', port: 22 }).reachable).toBe(false);
    const put = { principal: 'root', action: 's3:PutObject', resource: `${bucket}/AWSLogs/111111111111/x` };
    expect(evaluate(m, { ...put, context: { 'aws:SecureTransport': 'true' } }).decision).toBe('allowed');
    expect(evaluate(m, { ...put, context: { 'aws:SecureTransport': 'false' } }).decision).toBe('explicitly-denied');
  });

  it('a parameter given with --parameter replaces its default; AWS::Region moves the availability zones', () => {
    const { s } = load(cfn('vpc-nat-private-subnet-nacl.yaml'), { 'AWS::Region': 'eu-west-1' });
    expect(s.defaults?.region).toBe('eu-west-1');
    expect(s.subnets?.[0]?.availabilityZone).toBe('eu-west-1a');
  });
});

describe('a key policy set apart from its key (aws_kms_key_policy) decides, not the default one', () => {
  // https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/kms_key_policy
  // https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
  const rc = (address: string, type: string, after: Record<string, unknown>, unknown: Record<string, unknown> = {}) => ({ address, mode: 'managed', type, name: address.split('.')[1], change: { actions: ['create'], before: null, after, after_unknown: unknown } });
  const alice = rc('aws_iam_user.alice', 'aws_iam_user', { name: 'alice', path: '/' }, { arn: true });
  const kmsAll = rc('aws_iam_user_policy.kms', 'aws_iam_user_policy', { user: 'alice', name: 'kms', policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'kms:*', Resource: '*' }] }) });
  const key = rc('aws_kms_key.k', 'aws_kms_key', { description: 'app' }, { arn: true, key_id: true, id: true, policy: true });
  const onlyDescribe = rc('aws_kms_key_policy.p', 'aws_kms_key_policy', { policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:DescribeKey', Resource: '*' }] }) }, { key_id: true });
  const refs = [{ address: 'aws_kms_key_policy.p', mode: 'managed', type: 'aws_kms_key_policy', name: 'p', expressions: { key_id: { references: ['aws_kms_key.k.id', 'aws_kms_key.k'] } } }];
  const planOf = (changes: unknown[]) => JSON.stringify({ format_version: '1.2', terraform_version: '1.9.5', resource_changes: changes, configuration: { root_module: { resources: refs } } });
  const keyArn = 'arn:aws:kms:us-east-1:111111111111:key/aws_kms_key.k';
  it('without it the default key policy lets IAM policies grant any key operation; with it only what it allows', () => {
    const before = importIac(planOf([alice, kmsAll, key]), 'plan.json');
    const after = importIac(planOf([alice, kmsAll, key, onlyDescribe]), 'plan.json');
    const decrypt = { principal: 'user/alice', action: 'kms:Decrypt', resource: keyArn };
    expect(evaluate(model(before.scenario as Scenario), decrypt).decision).toBe('allowed');
    expect(evaluate(model(after.scenario as Scenario), decrypt).decision).toBe('implicitly-denied');
    expect(evaluate(model(after.scenario as Scenario), { ...decrypt, action: 'kms:DescribeKey' }).decision).toBe('allowed');
  });
});

describe('what is not an importable file', () => {
  it('a JSON file that is neither a scenario, a Terraform document nor a template names what was expected', () => {
    const r = importIac('{ "hello": 1 }', 'x.json');
    expect(r.scenario).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'not-importable', file: 'x.json' })]);
    expect(r.diagnostics[0]!.message).toMatch(/neither a Terraform plan or state .*, a CloudFormation template .*, nor a folder of AWS CLI exports/);
  });
  it('a scenario is refused with a hint to check it; one AWS CLI output with a hint to pass its folder', () => {
    expect(importIac('version: 1\nvpcs: []\n', 's.yaml').diagnostics[0]!.hint).toMatch(/vpcsim check s\.yaml/);
    expect(importIac('{ "Vpcs": [] }', 'Vpcs.json').diagnostics[0]!.message).toMatch(/one AWS CLI output/);
  });
  it('invalid YAML is a syntax error with its line', () => {
    const r = importIac('Resources:\n  A: [\n', 't.yaml');
    expect(r.diagnostics[0]).toMatchObject({ code: 'syntax', line: expect.any(Number) });
  });
});
