// Requests sent from an instance over the network into IAM (issue 5): each derived context
// key, each path kind, the endpoint policy gate and the gateway endpoint's region check.
// Runs on the real tracer and IAM engine.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, type Model, type RequestSpec } from '@vpcsim/model';
import { request } from '../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

type Raw = Record<string, unknown>;
function raw(file: string): Raw {
  return parse(readFileSync(join(root, 'scenarios', file), 'utf8')) as Raw;
}
function build(r: Raw): Model {
  const c = compile(r);
  if (!c.ok) throw new Error(c.errors.map((e) => e.message).join('\n'));
  return c.model;
}
const load = (file: string, change?: (r: Raw) => void): Model => {
  const r = raw(file);
  change?.(r);
  return build(r);
};
const ask = (m: Model, spec: RequestSpec) => request(m, spec);

describe('requests across the network', () => {
  describe('credentials', () => {
    const m = load('request-nat-source-ip.yaml');
    it('are the instance profile role session named by the instance id', () => {
      const r = ask(m, { from: 'i-etl-1', action: 's3:PutObject', resource: 'arn:aws:s3:::partner-exchange/x' });
      expect(r.principal).toBe('arn:aws:sts::111111111111:assumed-role/etl/i-etl-1');
      expect(r.decision.principal).toBe('arn:aws:sts::111111111111:assumed-role/etl/i-etl-1');
    });
    it('a principal given explicitly is used instead', () => {
      const r = ask(m, { from: 'i-etl-1', principal: 'role/etl/other', action: 's3:PutObject', resource: 'arn:aws:s3:::partner-exchange/x' });
      expect(r.principal).toBe('arn:aws:sts::111111111111:assumed-role/etl/other');
    });
    it('an instance without an instance profile has none, and the answer says so', () => {
      const m2 = load('request-nat-source-ip.yaml', (r) => {
        for (const i of r.instances as Raw[]) delete i.instanceProfile;
      });
      const r = ask(m2, { from: 'i-etl-1', action: 's3:PutObject', resource: 'arn:aws:s3:::partner-exchange/x' });
      expect(r.decision.decision).toBe('implicitly-denied');
      expect(r.errors.map((e) => e.code)).toContain('request-no-principal');
    });
  });

  describe('path kinds and the keys each derives', () => {
    it('through a NAT gateway: aws:SourceIp is the NAT Elastic IP, no VPC keys', () => {
      const m = load('request-nat-source-ip.yaml');
      const r = ask(m, { from: 'i-etl-1', action: 's3:PutObject', resource: 'arn:aws:s3:::partner-exchange/x' });
      expect(r.network).toMatchObject({ reached: true, via: 'internet' });
      expect(r.network?.context).toEqual({ 'aws:SourceIp': '52.0.0.30' });
      expect(r.decision.context['aws:SourceVpce']).toBeUndefined();
      expect(r.decision.decision).toBe('allowed');
      expect(r.trace?.forward.some((h) => h.component === 'nat-etl')).toBe(true);
    });
    it('through an internet gateway: aws:SourceIp is the instance public IP', () => {
      const m = load('request-nat-source-ip.yaml');
      const r = ask(m, { from: 'i-edge-1', action: 's3:PutObject', resource: 'arn:aws:s3:::partner-exchange/x' });
      expect(r.network?.context).toEqual({ 'aws:SourceIp': '3.80.0.30' });
      expect(r.decision.decision).toBe('explicitly-denied');
      expect(r.decision.decisive.map((d) => d.sid)).toEqual(['OnlyFromTheNatAddress']);
    });
    it('a caller cannot claim aws:SourceIp: the path overrides it', () => {
      const m = load('request-nat-source-ip.yaml');
      const r = ask(m, { from: 'i-edge-1', action: 's3:PutObject', resource: 'arn:aws:s3:::partner-exchange/x', context: { 'aws:SourceIp': '52.0.0.30' } });
      expect(r.decision.context['aws:SourceIp']).toBe('3.80.0.30');
      expect(r.decision.decision).toBe('explicitly-denied');
    });
    it('aws:SecureTransport is passed through as given', () => {
      const m = load('request-nat-source-ip.yaml');
      const r = ask(m, { from: 'i-etl-1', action: 's3:PutObject', resource: 'arn:aws:s3:::partner-exchange/x', context: { 'aws:SecureTransport': 'true' } });
      expect(r.decision.context['aws:SecureTransport']).toBe('true');
    });
    it('no route: the request never arrives, and the answer says where it stopped', () => {
      const m = load('request-nat-source-ip.yaml');
      const r = ask(m, { from: 'i-vault-1', action: 's3:GetObject', resource: 'arn:aws:s3:::partner-exchange/x' });
      expect(r.network).toMatchObject({ reached: false, disposition: 'no-route' });
      expect(r.network?.reason).toMatch(/never reaches s3/);
      expect(r.decision.decision).toBe('implicitly-denied');
      expect(r.errors.map((e) => e.code)).toEqual(['request-not-delivered']);
    });
    it('through a gateway endpoint: aws:SourceVpc, aws:SourceVpce and aws:VpcSourceIp, no aws:SourceIp', () => {
      const m = load('request-endpoint-or-nat.yaml');
      const r = ask(m, { from: 'i-report-a', action: 's3:GetObject', resource: 'arn:aws:s3:::finance-reports/q3.csv' });
      expect(r.network).toMatchObject({ reached: true, via: 'gateway-endpoint', endpoint: 'vpce-s3' });
      expect(r.network?.context).toEqual({ 'aws:SourceVpc': 'vpc-fin', 'aws:SourceVpce': 'vpce-s3', 'aws:VpcSourceIp': '10.1.10.10' });
      expect(r.decision.context['aws:SourceIp']).toBeUndefined();
      expect(r.decision.decision).toBe('allowed');
    });
    it('the same role in a subnet without the endpoint goes through NAT and is refused', () => {
      const m = load('request-endpoint-or-nat.yaml');
      const r = ask(m, { from: 'i-report-b', action: 's3:GetObject', resource: 'arn:aws:s3:::finance-reports/q3.csv' });
      expect(r.network).toMatchObject({ reached: true, via: 'internet' });
      expect(r.network?.context).toEqual({ 'aws:SourceIp': '52.0.0.20' });
      expect(r.decision.decision).toBe('explicitly-denied');
      expect(r.decision.decisive.map((d) => d.sid)).toEqual(['OnlyThroughVpceS3']);
    });
    it('through an interface endpoint (private DNS): the VPC keys and the endpoint id', () => {
      const m = load('request-interface-endpoint-policy.yaml');
      const r = ask(m, { from: 'i-app-1', action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbCdEf' });
      expect(r.network).toMatchObject({ reached: true, via: 'interface-endpoint', endpoint: 'vpce-secrets' });
      expect(r.network?.context).toEqual({ 'aws:SourceVpc': 'vpc-svc', 'aws:SourceVpce': 'vpce-secrets', 'aws:VpcSourceIp': '10.3.10.10' });
      expect(r.decision.decision).toBe('allowed');
    });
    it('an interface endpoint whose security group refuses the caller stops the request', () => {
      const m = load('request-interface-endpoint-policy.yaml', (r) => {
        const sg = (r.securityGroups as Raw[]).find((g) => g.id === 'sg-endpoint')!;
        sg.inbound = [{ protocol: 'tcp', ports: 443, cidr: '10.3.11.0/24' }];
      });
      const r = ask(m, { from: 'i-app-1', action: 'secretsmanager:GetSecretValue', resource: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbCdEf' });
      expect(r.network).toMatchObject({ reached: false, disposition: 'denied-sg-ingress' });
      expect(r.decision.decision).toBe('implicitly-denied');
    });
  });

  describe('the endpoint policy gate', () => {
    const m = load('request-interface-endpoint-policy.yaml');
    const secret = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:app/db-AbCdEf';
    it('allows what it allows, for the principal it names', () => {
      const r = ask(m, { from: 'i-app-1', action: 'secretsmanager:GetSecretValue', resource: secret });
      expect(r.decision.decision).toBe('allowed');
      expect(r.decision.explain.find((g) => g.gate === 'endpoint')?.result).toBe('allow');
    });
    it('a principal the endpoint policy does not name is implicitly denied, though IAM allows it', () => {
      const r = ask(m, { from: 'i-reports-1', action: 'secretsmanager:GetSecretValue', resource: secret });
      expect(r.decision.decision).toBe('implicitly-denied');
      expect(r.decision.explain.find((g) => g.gate === 'endpoint')?.result).toBe('no-allow');
      expect(ask(m, { principal: 'role/reports', action: 'secretsmanager:GetSecretValue', resource: secret }).decision.decision).toBe('allowed');
    });
    it('an action the endpoint policy does not allow is implicitly denied', () => {
      expect(ask(m, { from: 'i-app-1', action: 'secretsmanager:PutSecretValue', resource: secret }).decision.decision).toBe('implicitly-denied');
    });
    it('an explicit Deny in the endpoint policy is an explicit deny, naming its statement', () => {
      const r = ask(m, { from: 'i-app-1', action: 'secretsmanager:DeleteSecret', resource: secret });
      expect(r.decision.decision).toBe('explicitly-denied');
      expect(r.decision.decisive).toMatchObject([{ policyType: 'endpoint', statement: 1, sid: 'NobodyDeletesThroughHere' }]);
    });
    it('an endpoint without a policy allows everything IAM allows', () => {
      const m2 = load('request-interface-endpoint-policy.yaml', (r) => {
        delete (r.vpcEndpoints as Raw[])[0]!.policy;
      });
      expect(ask(m2, { from: 'i-reports-1', action: 'secretsmanager:DeleteSecret', resource: secret }).decision.decision).toBe('allowed');
    });
  });

  describe('gateway endpoints serve their own region only', () => {
    it('a bucket in another region is not reached through the endpoint', () => {
      const m = load('request-endpoint-or-nat.yaml', (r) => {
        (r.resources as Raw[])[0]!.region = 'eu-west-1';
      });
      const r = ask(m, { from: 'i-report-a', action: 's3:GetObject', resource: 'arn:aws:s3:::finance-reports/q3.csv' });
      expect(r.network).toMatchObject({ reached: false, via: 'gateway-endpoint' });
      expect(r.network?.reason).toMatch(/us-east-1 only/);
      expect(r.decision.decision).toBe('implicitly-denied');
    });
  });
});
