// Validation of big scenarios, valid or broken everywhere: complete answers (timed in
// bench/model.bench.mjs and bench/hostile.bench.mjs, never asserted here).
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM JavaScript without types
import { generateScenario } from '../../../bench/generate.mjs';
import { compile } from '../src/compile.js';

describe('scale', () => {
  it('a generated 10,000-resource scenario compiles', () => {
    const s = generateScenario();
    const r = compile(s);
    expect(r.ok ? [] : r.errors.slice(0, 3)).toEqual([]);
  });
  it('every subnet overlapping and every reference dangling: all reported', () => {
    const s = generateScenario({ vpcs: 20, subnetsPerVpc: 50, interfacesPerSubnet: 8 });
    for (const n of s.subnets) n.cidr = `10.${n.vpc.slice(4)}.0.0/24`;
    for (const i of s.instances) i.subnet = `${i.subnet}x`;
    const r = compile(s);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.filter((e) => e.code === 'subnet-overlap')).toHaveLength(20 * 49);
    expect(r.errors.filter((e) => e.code === 'unknown-reference')).toHaveLength(s.instances.length);
  });
});
