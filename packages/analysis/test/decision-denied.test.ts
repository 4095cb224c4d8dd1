// `decision: denied` (a vpcsim extension) holds for either kind of denial, never for allowed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, type Expectation, type Model, type Property } from '@vpcsim/model';
import { checkProperty, runExpectation } from '../src/index.js';

function load(): Model {
  const c = compile(parse(readFileSync(join(import.meta.dirname, '../../../scenarios/iam-explicit-deny.yaml'), 'utf8')));
  if (!c.ok) throw new Error('invalid');
  return c.model;
}
const m = load();

describe('decision: denied', () => {
  it('an expectation holds for an explicit and for an implicit deny', () => {
    const explicit: Expectation = { name: 'x', request: { principal: 'user/dana', action: 's3:DeleteBucket', resource: 'arn:aws:s3:::records' }, decision: 'denied' };
    expect(runExpectation(m, explicit, 0)).toMatchObject({ passed: true, actual: { decision: 'explicitly-denied' } });
    const implicit: Expectation = { name: 'y', request: { principal: 'user/gina', action: 's3:DeleteBucket', resource: 'arn:aws:s3:::records' }, decision: 'denied' };
    expect(runExpectation(m, implicit, 0)).toMatchObject({ passed: true, actual: { decision: 'implicitly-denied' } });
  });
  it('an expectation fails when the request is allowed', () => {
    const allowed: Expectation = { name: 'z', request: { principal: 'user/erin', action: 's3:DeleteBucket', resource: 'arn:aws:s3:::records' }, decision: 'denied' };
    expect(runExpectation(m, allowed, 0)).toMatchObject({ passed: false, actual: { decision: 'allowed' } });
  });
  it('a property over mixed denials holds, and one allowed case is its counterexample', () => {
    const p = (except: string[]): Property => ({ name: 'p', forall: { principal: '*', action: ['s3:DeleteBucket'], resource: 'arn:aws:s3:::records' }, decision: 'denied', except });
    const failing = checkProperty(m, p([]));
    expect(failing.passed).toBe(false);
    expect(failing.actual).toMatchObject({ decision: 'allowed' });
    const admins = (failing.counterexample as { principal: string }).principal;
    expect(['user/erin', 'user/frank']).toContain(admins);
    expect(checkProperty(m, p(['user/erin', 'user/frank'])).passed).toBe(true);
  });
});
