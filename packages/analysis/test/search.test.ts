import { describe, expect, it } from 'vitest';
import type { Property } from '@vpcsim/model';
import { checkPropertyWith, checkScenarioWith, expandSelector, runExpectationWith } from '../src/index.js';
import { calls, fakes, model, sshOpen } from './fakes.js';

const m = model(sshOpen);
const prop = (p: Record<string, unknown>): Property => ({ name: 'p', ...p }) as Property;

describe('expandSelector', () => {
  it('expands ids, globs, subnets and VPCs in declaration order', () => {
    expect(expandSelector(m, 'i-db-*').endpoints.map((e) => e.endpoint)).toEqual(['i-db-1', 'i-db-2']);
    expect(expandSelector(m, 'subnet:subnet-db').endpoints.map((e) => e.endpoint)).toEqual(['i-db-1', 'i-db-2']);
    expect(expandSelector(m, 'vpc:vpc-a').endpoints.map((e) => e.endpoint)).toEqual(['i-web-1', 'i-db-1', 'i-db-2']);
    expect(expandSelector(m, 'subnet-web').endpoints.map((e) => e.endpoint)).toEqual(['i-web-1']);
  });
  it('cuts address ranges into classes at the model CIDR boundaries', () => {
    const x = expandSelector(m, 'cidr:10.0.1.0/24');
    // 10.0.1.0-9 is unassigned VPC space (sends nothing); 10.0.1.10 is i-web-1
    expect(x.range).toBe(true);
    expect(x.endpoints.map((e) => e.endpoint)).toEqual(['i-web-1']);
    const internet = expandSelector(m, 'internet').endpoints.map((e) => e.endpoint);
    expect(internet[0]).toBe('internet:1.0.0.0'); // 0.0.0.0/8 ("this network") is not routed either (RFC 6890)
    expect(internet).toContain('internet:11.0.0.0'); // just past 10.0.0.0/8, which the internet does not route
    expect(internet.some((e) => e.startsWith('internet:10.'))).toBe(false);
    expect(internet.some((e) => e.startsWith('internet:192.168.'))).toBe(false);
  });
  it('reports unknown selectors', () => {
    expect(expandSelector(m, 'i-nope').errors[0]?.message).toContain('i-nope');
    expect(expandSelector(m, 'subnet:subnet-x*').errors[0]?.code).toBe('selector-unknown');
  });
});

describe('network properties', () => {
  it('an SSH-open SG fails and shrinks to port 22 from the lowest internet address', () => {
    const r = checkPropertyWith(fakes, m, prop({ forall: { from: 'internet', to: 'i-web-1' }, reachable: false }));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toEqual({ from: 'internet:1.0.0.0', to: 'i-web-1', protocol: 'tcp', port: 22, src: '1.0.0.0' });
    expect(r.actual).toMatchObject({ reachable: true, disposition: 'delivered' });
    expect(r.trace?.reachable).toBe(true);
    expect(r.stats?.mode).toBe('proved');
    expect(r.stats?.summary).toMatch(/^counterexample found after \d+ of [\d,]+ cases/);
  });
  it('the same failure is found and shrunk when sampling', () => {
    const r = checkPropertyWith(fakes, m, prop({ forall: { from: 'internet', to: 'i-web-1' }, reachable: false }), { budget: 1, seed: 7, runs: 500 });
    expect(r.passed).toBe(false);
    expect(r.stats?.mode).toBe('sampled');
    expect(r.stats?.seed).toBe(7);
    expect(r.counterexample).toMatchObject({ to: 'i-web-1', protocol: 'tcp' });
    expect([22, 443]).toContain(r.counterexample?.port);
    expect(r.counterexample?.from).toBe('internet:1.0.0.0');
  });
  it('a property that holds is proved over port classes, with the count', () => {
    const r = checkPropertyWith(fakes, m, prop({ forall: { from: 'i-web-1', to: 'i-db-1' }, reachable: false, except: [] }));
    // i-web-1 reaches 5432 on the databases, so this fails at exactly that port
    expect(r.counterexample).toEqual({ from: 'i-web-1', to: 'i-db-1', protocol: 'tcp', port: 5432 });
    const ok = checkPropertyWith(fakes, m, prop({ forall: { from: 'internet', to: 'i-db-*', protocol: ['tcp', 'udp'] }, reachable: false }));
    expect(ok.passed).toBe(true);
    expect(ok.stats?.mode).toBe('proved');
    expect(ok.stats?.cases).toBe(ok.stats?.space);
    expect(ok.stats?.summary).toBe(`proved over ${ok.stats!.cases.toLocaleString('en-US')} cases (address classes, port classes, source ports 1024-65535 (1 class))`);
    // port boundaries: 0, 22, 23, 80, 81, 443, 444, 5432, 5433 → 9 classes per protocol
    const two = checkPropertyWith(fakes, m, prop({ forall: { from: 'i-db-1', to: 'i-web-1', protocol: ['tcp', 'udp'], port: '1024-65535' }, reachable: false }));
    expect(two.passed).toBe(true);
    expect(two.stats?.summary).toBe('proved over 6 cases (port classes, source ports 1024-65535 (1 class))'); // 1024, 5432, 5433 for tcp and udp
  });
  it('a sampled property that holds reports its runs and seed', () => {
    const r = checkPropertyWith(fakes, m, prop({ forall: { from: 'internet', to: 'i-db-*' }, reachable: false }), { budget: 10, runs: 300, seed: 3 });
    expect(r.passed).toBe(true);
    expect(r.stats).toMatchObject({ mode: 'sampled', cases: 300, seed: 3 });
    expect(r.stats?.summary).toMatch(/^no counterexample in 300 runs \(seed 3; space of [\d,]+ cases\)$/);
  });
  it('except removes endpoints from both sides', () => {
    const failing = prop({ forall: { from: ['internet', 'vpc:vpc-a'], to: 'vpc:vpc-a', port: 5432 }, reachable: false });
    const r = checkPropertyWith(fakes, m, failing);
    expect(r.counterexample).toMatchObject({ from: 'i-web-1', to: 'i-db-1', port: 5432 });
    expect(checkPropertyWith(fakes, m, { ...failing, except: ['i-web-*'] }).passed).toBe(true);
    expect(checkPropertyWith(fakes, m, { ...failing, except: ['subnet:subnet-db'] }).passed).toBe(true);
  });
  it('unknown selectors fail the check with the error', () => {
    const r = checkPropertyWith(fakes, m, prop({ forall: { from: 'i-nope', to: 'i-web-1' }, reachable: false }));
    expect(r.passed).toBe(false);
    expect(r.errors[0]?.message).toContain('`i-nope`');
  });
});

describe('IAM properties', () => {
  const onlyAdmins = prop({ forall: { principal: '*', action: ['s3:DeleteBucket'], resource: 'arn:aws:s3:::*' }, decision: 'implicitly-denied', except: ['role/admin'] });
  it('holds with the except list, proved with a count', () => {
    const r = checkPropertyWith(fakes, m, { ...onlyAdmins, forall: { ...onlyAdmins.forall, resource: 'arn:aws:s3:::assets' } });
    expect(r.passed).toBe(true);
    expect(r.stats?.summary).toBe('checked all 2 cases the scenario names (principals, actions, resources, context values)'); // user/alice, role/dev
  });
  it('fails without it and names the simplest request', () => {
    // the locked bucket is explicitly denied to everyone: not `implicitly-denied` either
    const locked = checkPropertyWith(fakes, m, { ...onlyAdmins, except: [] });
    expect(locked.counterexample).toEqual({ principal: 'user/alice', action: 's3:DeleteBucket', resource: 'arn:aws:s3:::locked' });
    expect(locked.actual).toEqual({ decision: 'explicitly-denied' });
    const r = checkPropertyWith(fakes, m, { ...onlyAdmins, forall: { ...onlyAdmins.forall, resource: 'arn:aws:s3:::assets*' }, except: [] });
    expect(r.passed).toBe(false);
    // principals in declaration order: user/alice, role/admin, ...; resources: assets, then assets/example
    expect(r.counterexample).toEqual({ principal: 'role/admin', action: 's3:DeleteBucket', resource: 'arn:aws:s3:::assets' });
    expect(r.actual).toEqual({ decision: 'allowed' });
    expect(r.decision?.decision).toBe('allowed');
  });
  it('explores context values, fewest keys first', () => {
    const r = checkPropertyWith(fakes, m, prop({
      forall: { principal: 'role/d*', action: 's3:Get*', resource: 'arn:aws:s3:::assets/*', context: { 'aws:SourceIp': ['1.2.3.4'], 'aws:MultiFactorAuthPresent': ['false', 'true'] } },
      decision: 'implicitly-denied',
    }));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toEqual({ principal: 'role/dev', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/example', context: { 'aws:MultiFactorAuthPresent': 'true' } });
  });
  it('sends requests `from` instances through the request engine, instance profile as principal', () => {
    const seen: unknown[] = [];
    const withRequest = {
      ...fakes,
      request: (_m: unknown, spec: { from?: string; principal?: string; action: string }) => {
        seen.push(spec);
        const allowed = spec.from === 'i-db-2';
        return { decision: { decision: allowed ? 'allowed' : 'implicitly-denied', decisive: [], explain: [], errors: [] } as const, errors: [] };
      },
    };
    const r = checkPropertyWith(withRequest, m, prop({ forall: { from: 'i-db-*', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/logo.png' }, decision: 'implicitly-denied' }));
    expect(seen).toEqual([
      { from: 'i-db-1', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/logo.png' },
      { from: 'i-db-2', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/logo.png' },
      { from: 'i-db-2', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/logo.png' },
    ]);
    expect(r.counterexample).toEqual({ from: 'i-db-2', action: 's3:GetObject', resource: 'arn:aws:s3:::assets/logo.png' });
  });
  it('samples large IAM spaces with fast-check and the seed', () => {
    const r = checkPropertyWith(fakes, m, prop({ forall: { principal: ['user/alice', 'role/dev'], action: 's3:*', context: { 'aws:MultiFactorAuthPresent': ['false'] } }, decision: 'implicitly-denied' }), { budget: 4, runs: 200, seed: 11 });
    expect(r.passed).toBe(true);
    expect(r.stats).toMatchObject({ mode: 'sampled', cases: 200, seed: 11 });
  });
  it('an action glob that matches nothing is an error', () => {
    const r = checkPropertyWith(fakes, m, prop({ forall: { principal: '*', action: 'nosuch:*' }, decision: 'allowed' }));
    expect(r.passed).toBe(false);
    expect(r.errors[0]?.code).toBe('selector-unknown');
  });
});

describe('expectations and scenarios', () => {
  it('compares reachability, blockedBy and disposition', () => {
    const ok = runExpectationWith(fakes, m, { name: 'x', trace: { from: 'internet:8.8.8.8', to: 'i-db-1', protocol: 'tcp', port: 5432 }, reachable: false, blockedBy: 'sg-db' }, 0);
    expect(ok).toMatchObject({ passed: true, kind: 'expect', expected: { reachable: false, blockedBy: 'sg-db' }, actual: { reachable: false, blockedBy: 'sg-db' } });
    const bad = runExpectationWith(fakes, m, { name: 'y', trace: { from: 'internet:8.8.8.8', to: 'i-web-1', protocol: 'tcp', port: 22 }, reachable: false }, 1);
    expect(bad.passed).toBe(false);
    expect(bad.actual).toMatchObject({ reachable: true, disposition: 'delivered' });
  });
  it('judges requests, and fails requests `from` an instance without a request engine', () => {
    expect(runExpectationWith(fakes, m, { name: 'r', request: { principal: 'role/admin', action: 's3:DeleteBucket', resource: 'arn:aws:s3:::assets' }, decision: 'allowed' }, 0).passed).toBe(true);
    const r = runExpectationWith(fakes, m, { name: 'r', request: { from: 'i-web-1', action: 's3:GetObject' }, decision: 'allowed' }, 0);
    expect(r.passed).toBe(false);
    expect(r.errors[0]?.message).toContain('not implemented');
  });
  it('checkScenario runs expectations, then properties', () => {
    const s = model({
      ...sshOpen,
      expect: [{ name: 'db private', trace: { from: 'internet', to: 'i-db-1', port: 5432 }, reachable: false }],
      properties: [{ name: 'db closed to the internet', forall: { from: 'internet', to: 'subnet:subnet-db' }, reachable: false }],
    });
    calls.trace = 0;
    const rs = checkScenarioWith(fakes, s);
    expect(rs.map((r) => [r.name, r.kind, r.passed])).toEqual([['db private', 'expect', false], ['db closed to the internet', 'property', true]]);
    expect(calls.trace).toBeGreaterThan(10);
  });
});
