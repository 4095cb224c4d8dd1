// Any input gives a Model or a non-empty list of errors: never an exception, never a hang (a
// hang fails by vitest's test timeout; speed is measured in bench/, never asserted here).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { loadScenario } from '../src/loader.js';
import { base, type Raw } from './fixtures.js';

function check(raw: unknown): void {
  const r = compile(raw);
  if (!r.ok) {
    expect(r.errors.length).toBeGreaterThan(0);
    for (const e of r.errors) {
      expect(typeof e.code).toBe('string');
      expect(typeof e.message).toBe('string');
      expect(e.code).not.toBe('internal');
    }
  }
}

/** All paths to values inside an object, for picking one to mutate. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (v === null || typeof v !== 'object') return out;
  for (const [k, c] of Object.entries(v)) {
    const p = [...prefix, Array.isArray(v) ? Number(k) : k];
    out.push(p);
    paths(c, p, out);
  }
  return out;
}
const ALL = paths(base());
const IDS = ALL.filter((p) => p[p.length - 1] === 'id' || ['vpc', 'subnet', 'routeTable', 'target', 'securityGroup'].includes(String(p[p.length - 1])));

function at(root: Raw, path: (string | number)[]): { parent: Raw; key: string | number } {
  let parent = root;
  for (const seg of path.slice(0, -1)) parent = parent !== null && typeof parent === 'object' ? parent[seg] : undefined;
  return { parent, key: path[path.length - 1]! };
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), path: fc.constantFrom(...ALL), value: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...ALL) }),
  fc.record({ kind: fc.constant('id' as const), path: fc.constantFrom(...IDS), value: fc.constantFrom('vpc-a', 'vpc-b', 'sn-b', 'igw-a', 'rtb-pub', 'x', 'vpc-a/main-rtb', 'i-web/eth0', '') }),
  fc.record({ kind: fc.constant('duplicate' as const), path: fc.constantFrom(...ALL.filter((p) => typeof p[p.length - 1] === 'number')) }),
);

describe('compile never throws and never hangs', () => {
  it('on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => check(v)), { numRuns: 300 });
  });
  it('on any JSON value under a valid-looking top level', () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('vpcs', 'subnets', 'routeTables', 'iam', 'organization', 'expect', 'instances', 'natGateways'), fc.jsonValue({ maxDepth: 4 })), (d) => check({ version: 1, ...d })), { numRuns: 300 });
  });
  it('on mutations of a valid scenario', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        const s = base();
        for (const m of ms) {
          const { parent, key } = at(s, m.path);
          if (parent === null || parent === undefined || typeof parent !== 'object' || !(key in parent)) continue;
          if (m.kind === 'delete') {
            if (Array.isArray(parent)) parent.splice(Number(key), 1);
            else delete parent[key];
          } else if (m.kind === 'duplicate' && Array.isArray(parent)) parent.push(structuredClone(parent[Number(key)]));
          else if (m.kind === 'replace' || m.kind === 'id') parent[key] = structuredClone(m.value);
        }
        check(s);
      }),
      { numRuns: 500 },
    );
  });
  it('loadScenario on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (t) => {
        const r = loadScenario(t, 'x.yaml');
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });
});
