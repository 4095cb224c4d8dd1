// A check that errors keep from a verdict says so: its `actual` names the error and never shows
// a `reachable` or `decision` that only looks like an answer.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, type Expectation, type Model, type Property } from '@vpcsim/model';
import { checkProperty, runExpectation } from '../src/index.js';

function load(f: string): Model {
  const c = compile(parse(readFileSync(join(import.meta.dirname, '../../../scenarios', f), 'utf8')));
  if (!c.ok) throw new Error('invalid');
  return c.model;
}
const net = load('vpc-three-tier.yaml');

describe('checks that could not be judged', () => {
  it('an expectation naming an unknown endpoint fails with the error as its actual, even if reachable: false was expected', () => {
    const e: Expectation = { name: 'typo', trace: { from: 'i-web-1', to: 'i-db-9', protocol: 'tcp', port: 5432 }, reachable: false };
    const r = runExpectation(net, e, 0);
    expect(r.passed).toBe(false);
    expect(r.actual).toEqual({ disposition: 'invalid-flow', error: 'unknown endpoint `i-db-9`' });
  });
  it('a property whose selector matches nothing fails, naming the selector', () => {
    const p: Property = { name: 'p', forall: { from: 'i-web-*', to: 'i-dbb-*', protocol: 'tcp', port: 5432 }, reachable: false };
    const r = checkProperty(net, p);
    expect(r.passed).toBe(false);
    expect(r.actual).toEqual({ error: 'no instance, interface, NAT gateway or endpoint matches `i-dbb-*`' });
  });
  it('a request expectation naming an unknown principal fails with the error', () => {
    const iam = load('iam-account.yaml');
    const e: Expectation = { name: 'typo', request: { principal: 'user/alcie', action: 's3:GetObject', resource: 'arn:aws:s3:::x/y' }, decision: 'implicitly-denied' };
    const r = runExpectation(iam, e, 0);
    expect(r.passed).toBe(false);
    expect(String(r.actual.error)).toContain('alcie');
  });
});
