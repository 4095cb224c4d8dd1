// The CloudFormation reader: short-form tags with lines, intrinsic functions, conditions and
// parameters, pseudo-parameters, AWS's defaults (allow-all egress), and located errors.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
import type { Scenario } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { importIac } from '../src/index.js';
import { evaluate, UNKNOWN, type Scope } from '../src/cloudformation/intrinsics.js';
import { parseTemplateText } from '../src/cloudformation/yaml.js';

const scope = (params: Record<string, unknown> = {}): Scope => ({
  account: '111111111111',
  region: 'eu-west-1',
  parameter: (n) => params[n],
  mappings: { M: { eu: { Cidr: '10.9.0.0/16' } } },
  condition: (n) => n === 'Yes',
  ref: (id) => `ref:${id}`,
  getAtt: (id, a) => `${id}.${a}`,
  note: () => {},
});

describe('intrinsic functions', () => {
  it.each([
    [{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::b-${AWS::AccountId}-${AWS::Region}/*' }, 'arn:aws:s3:::b-111111111111-eu-west-1/*'],
    [{ 'Fn::Sub': ['${A}-${X}', { X: 'x' }] }, 'ref:A-x'],
    [{ 'Fn::Join': ['', ['a', { Ref: 'B' }]] }, 'aref:B'],
    [{ 'Fn::Select': [1, { 'Fn::GetAZs': '' }] }, 'eu-west-1b'],
    [{ 'Fn::FindInMap': ['M', 'eu', 'Cidr'] }, '10.9.0.0/16'],
    [{ 'Fn::If': ['Yes', 1, 2] }, 1],
    [{ 'Fn::If': ['No', 1, 2] }, 2],
    [{ 'Fn::Select': [2, { 'Fn::Cidr': ['10.0.0.0/16', 4, 8] }] }, '10.0.2.0/24'],
    [{ 'Fn::GetAtt': ['Role', 'Arn'] }, 'Role.Arn'],
    [{ 'Fn::Split': [',', 'a,b'] }, ['a', 'b']],
  ])('%j → %j', (v, out) => expect(evaluate(v, scope())).toEqual(out));
  it('a parameter without a value and Fn::ImportValue are unknown', () => {
    expect(evaluate({ Ref: 'P' }, scope({ P: UNKNOWN }))).toBe(UNKNOWN);
    expect(evaluate({ 'Fn::ImportValue': 'x' }, scope())).toBe(UNKNOWN);
    expect(evaluate({ 'Fn::Join': ['-', [{ 'Fn::ImportValue': 'x' }, 'a']] }, scope())).toBe(UNKNOWN);
  });
});

describe('YAML short-form tags', () => {
  it('read as their long forms, keeping lines', () => {
    const t = parseTemplateText('Resources:\n  A:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: !Ref Cidr\n      Tags:\n        - Key: Name\n          Value: !Sub "${AWS::StackName}-vpc"\n      X: !GetAtt B.Arn\n      Zones: !Select [0, !GetAZs ""]\n');
    expect(t.errors).toEqual([]);
    const p = (t.value as { Resources: { A: { Properties: Record<string, unknown> } } }).Resources.A.Properties;
    expect(p.CidrBlock).toEqual({ Ref: 'Cidr' });
    expect(p.X).toEqual({ 'Fn::GetAtt': ['B', 'Arn'] });
    expect(p.Zones).toEqual({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] });
    expect(t.lineOf(['Resources', 'A', 'Properties', 'CidrBlock'])).toBe(5);
  });
});

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Cidr: { Type: String, Default: 10.3.0.0/16 }
  WithSsh: { Type: String, Default: "false" }
Conditions:
  Ssh: !Equals [!Ref WithSsh, "true"]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: !Ref Cidr }
  Sn:
    Type: AWS::EC2::Subnet
    Properties: { VpcId: !Ref Vpc, CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]], AvailabilityZone: !Select [0, !GetAZs ""] }
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }
  SshRule:
    Type: AWS::EC2::SecurityGroupIngress
    Condition: Ssh
    Properties: { GroupId: !GetAtt Sg.GroupId, IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0 }
  Topic:
    Type: AWS::SNS::Topic
`;

describe('templates', () => {
  it('logical ids as ids; AWS’s default egress kept; a resource whose condition is false is skipped', () => {
    const r = importIac(TEMPLATE, 't.yaml');
    const s = r.scenario as Scenario;
    expect(s.subnets).toEqual([{ id: 'Sn', vpc: 'Vpc', availabilityZone: 'us-east-1a', cidr: '10.3.0.0/24' }]);
    expect(s.securityGroups?.[0]).toEqual({ id: 'Sg', vpc: 'Vpc', inbound: [{ protocol: 'tcp', ports: 443, cidr: '0.0.0.0/0' }] });
    expect(r.diagnostics.map((d) => d.message)).toContain('`AWS::SNS::Topic` is not modelled by vpcsim: 1 resource skipped');
  });
  it('--parameter values replace defaults and turn conditions on', () => {
    const s = importIac(TEMPLATE, 't.yaml', { parameters: { WithSsh: 'true', Cidr: '10.4.0.0/16' } }).scenario as Scenario;
    expect(s.vpcs?.[0]?.cidr).toBe('10.4.0.0/16');
    expect(s.securityGroups?.[0]?.inbound).toContainEqual({ protocol: 'tcp', ports: 22, cidr: '0.0.0.0/0' });
  });
  it('an unknown --parameter is reported; a problem names its line', () => {
    const r = importIac(TEMPLATE.replace('CidrBlock: !Ref Cidr }', 'CidrBlock: !ImportValue shared-cidr }'), 't.yaml', { parameters: { Nope: 'x' } });
    expect(r.diagnostics.map((d) => d.message)).toContainEqual(expect.stringContaining('`--parameter Nope`: the template has no parameter `Nope`'));
    const vpc = r.diagnostics.find((d) => d.message.startsWith('Vpc: its IPv4 block'));
    expect(vpc?.line).toBe(10);
  });
  it('the same template as JSON imports the same way', () => {
    const json = JSON.stringify({ Resources: { Vpc: { Type: 'AWS::EC2::VPC', Properties: { CidrBlock: '10.5.0.0/16' } }, Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { VpcId: { Ref: 'Vpc' }, GroupDescription: 'x' } } } });
    const s = importIac(json, 't.json').scenario as Scenario;
    expect(s.securityGroups).toEqual([{ id: 'Sg', vpc: 'Vpc', inbound: [] }]);
  });
});

// CloudFormation refuses a template whose names refer to nothing ("Unresolved resource
// dependencies"): each is a located error with did-you-mean, and nothing is imported.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-ref.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference-sub.html
describe('names that refer to nothing', () => {
  const NAMES = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  VpcCidr: { Type: String, Default: 10.6.0.0/16 }
Conditions:
  IsProd: !Equals [!Ref "AWS::Region", us-east-1]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: !Ref VpcCidr }
  Sn:
    Type: AWS::EC2::Subnet
    DependsOn: Vpc
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
      AvailabilityZone: !Sub "\${AWS::Region}a"
      Tags: [{ Key: Name, Value: !Sub ["\${Prefix}-\${!Literal}-\${Vpc}", { Prefix: !If [IsProd, prod, dev] }] }]
`;
  const errors = (text: string) => importIac(text, 't.yaml').diagnostics.filter((d) => d.severity === 'error');
  it('every kind of name, written right: no error', () => {
    expect(errors(NAMES)).toEqual([]);
  });
  it.each([
    ['`Ref` to a parameter', '!Ref VpcCidr', '!Ref VpcCid', 9, '`Ref` to `VpcCid`: the template declares no parameter or resource of that name (CloudFormation refuses the template)', 'did you mean `VpcCidr`?'],
    ['`Ref` to a resource', 'VpcId: !Ref Vpc', 'VpcId: !Ref Vcp', 14, '`Ref` to `Vcp`: the template declares no parameter or resource of that name (CloudFormation refuses the template)', 'did you mean `Vpc`?'],
    ['`Fn::GetAtt`', '!GetAtt Vpc.CidrBlock', '!GetAtt Vpcc.CidrBlock', 15, '`Fn::GetAtt` of `Vpcc`: the template declares no resource of that name (CloudFormation refuses the template)', 'did you mean `Vpc`?'],
    ['a `Fn::Sub` variable', '-${Vpc}"', '-${Vpd}"', 17, '`Fn::Sub` variable `Vpd`: the template declares no parameter or resource of that name (CloudFormation refuses the template)', 'did you mean `Vpc`?'],
    ['`DependsOn`', 'DependsOn: Vpc', 'DependsOn: Nope', 12, '`DependsOn` `Nope`: the template declares no resource of that name (CloudFormation refuses the template)', 'declare it under `Resources`'],
    ['`Fn::If` on a condition', '!If [IsProd,', '!If [IsProdd,', 17, '`Fn::If` on `IsProdd`: the template declares no condition of that name (CloudFormation refuses the template)', 'did you mean `IsProd`?'],
  ])('%s that names nothing: a located error with did-you-mean', (_, from, to, line, message, hint) => {
    const es = errors(NAMES.replace(from, to));
    expect(es.map((d) => [d.line, d.message, d.hint])).toEqual([[line, message, hint]]);
    expect(es[0]!.code).toBe('unknown-name');
  });
});
