// The search on the real tracer: shrunk counterexamples and proofs asserted exactly.
import { describe, expect, it } from 'vitest';
import type { Property } from '@vpcsim/model';
import { checkProperty, checkScenario } from '../src/index.js';
import { model, publicWeb } from './fakes.js';


const m = model(publicWeb);
const prop = (p: Record<string, unknown>): Property => ({ name: 'p', ...p }) as Property;

describe('network properties on the real tracer', () => {
  it('an SSH-open security group: the counterexample is port 22 from the tracer\'s internet address', () => {
    const r = checkProperty(m, prop({ forall: { from: 'internet', to: 'i-web-1', protocol: ['tcp', 'udp'] }, reachable: false, except: [] }), {});
    expect(r.passed).toBe(false);
    expect(r.counterexample).toEqual({ from: 'internet:203.0.113.10', to: 'i-web-1', protocol: 'tcp', port: 22, class: 'internet → i-web-1 (3.80.1.10) tcp 22, 443' });
    expect(r.actual).toMatchObject({ reachable: true, disposition: 'delivered' });
    expect(r.trace?.reachable).toBe(true);
  });
  it('network properties are proved whatever the sampling budget: the same counterexample, never a sample', () => {
    const r = checkProperty(m, prop({ forall: { from: 'internet', to: 'i-web-1' }, reachable: false }), { budget: 1, runs: 2000, seed: 1 });
    expect(r.stats).toMatchObject({ mode: 'proved' });
    expect(r.counterexample).toEqual({ from: 'internet:203.0.113.10', to: 'i-web-1', protocol: 'tcp', port: 22, class: 'internet → i-web-1 (3.80.1.10) tcp 22, 443' });
  });
  it('a private database is proved closed to the internet, for every packet', () => {
    const r = checkProperty(m, prop({ forall: { from: 'internet', to: 'subnet:subnet-db', protocol: ['tcp', 'udp'] }, reachable: false }));
    expect(r.passed).toBe(true);
    expect(r.stats?.mode).toBe('proved');
    expect(r.stats?.summary).toBe('proved for every packet (1 source × 1 destination; tcp, udp; ports 0-65535, source ports 1024-65535)');
  });
  it('only the web tier reaches the database, on 5432 only', () => {
    const r = checkProperty(m, prop({ forall: { from: 'vpc:vpc-a', to: 'i-db-1' }, reachable: false, except: [] }));
    expect(r.counterexample).toEqual({ from: 'i-web-1', to: 'i-db-1', protocol: 'tcp', port: 5432, class: 'i-web-1 → i-db-1 (10.0.2.10) tcp 5432' });
    expect(checkProperty(m, prop({ forall: { from: 'vpc:vpc-a', to: 'i-db-1', port: ['0-5431', '5433-65535'] }, reachable: false })).passed).toBe(true);
    expect(checkProperty(m, prop({ forall: { from: 'vpc:vpc-a', to: 'i-db-1' }, reachable: false, except: ['i-web-*'] })).passed).toBe(true);
  });
  it('checkScenario gives expectations and properties their verdicts', () => {
    const s = model({
      ...publicWeb,
      expect: [{ name: 'web on 443', trace: { from: 'internet:8.8.8.8', to: 'i-web-1', protocol: 'tcp', port: 443 }, reachable: true }],
      properties: [{ name: 'db closed', forall: { from: 'internet', to: 'i-db-1' }, reachable: false }],
    });
    expect(checkScenario(s).map((r) => [r.name, r.passed])).toEqual([['web on 443', true], ['db closed', true]]);
  });
});
