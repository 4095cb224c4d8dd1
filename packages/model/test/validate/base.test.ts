import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { formatDiagnostic } from '../../src/diagnostic.js';
import { base, diagnose } from '../fixtures.js';

describe('the base scenario', () => {
  it('has no diagnostics at all', () => {
    expect(diagnose(base()).map(formatDiagnostic)).toEqual([]);
  });
  it('compiles to a model', () => {
    const r = compile(base());
    expect(r.ok ? [] : r.errors.map(formatDiagnostic)).toEqual([]);
    expect(r.ok && r.model.network.subnets.length).toBe(5);
  });
});
