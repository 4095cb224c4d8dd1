// The search on the net package's slow reference tracer (independent of the fast one): the
// network checks of the whole scenario library hold, and a broken copy fails as expected.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, loadScenarioFile, parseScenarioText, type Property } from '@vpcsim/model';
import { referenceTrace, type ReferenceResult } from '../../net/src/reference.js';
import type { TargetTrace } from '@vpcsim/net';
import { checkPropertyWith, checkScenarioWith, type Engines } from '../src/index.js';
import { model, publicWeb } from './fakes.js';

const engines: Engines = {
  trace: (m, f) => {
    const r = referenceTrace(m, f);
    const errors = r.modelled ? [] : [{ code: 'not-implemented', severity: 'error' as const, path: [], message: r.note ?? 'not modelled by the reference' }];
    // a load balancer's targets, as far as the reference says (each target's reachability)
    const targets = (ts: ReferenceResult['targets']): TargetTrace[] | undefined =>
      ts?.map((x) => ({ target: x.target, kind: 'instance', node: '', port: 0, healthy: x.reachable, reachable: x.reachable, disposition: r.disposition, blockedBy: null, blockers: [], forward: [], return: [], targets: targets(x.targets) }));
    return { reachable: r.reachable, disposition: r.disposition, blockedBy: r.blockedBy, blockers: [], forward: [], return: [], errors, targets: targets(r.targets) };
  },
  evaluate: () => ({ decision: 'implicitly-denied', decisive: [], explain: [], errors: [] }),
};

const dir = join(import.meta.dirname, '..', '..', '..', 'scenarios');
const prop = (p: Record<string, unknown>): Property => ({ name: 'p', ...p }) as Property;

describe('the scenario library on the reference tracer', () => {
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml')).sort()) {
    it(`${f}: network expectations and properties hold`, () => {
      const loaded = loadScenarioFile(join(dir, f));
      if (!loaded.ok) return;
      const network = checkScenarioWith(engines, loaded.model).filter((r) => 'reachable' in r.expected);
      const bad = network.filter((r) => !r.passed && !r.errors.some((e) => e.code === 'not-implemented'));
      expect(bad.map((r) => ({ name: r.name, actual: r.actual, counterexample: r.counterexample }))).toEqual([]);
    });
  }
  it('a broken copy of the TGW segmentation fails at the simplest flow', () => {
    const text = readFileSync(join(dir, 'advanced-tgw-segmentation.yaml'), 'utf8').replace(/propagations: \[tgw-attach-shared\]/g, 'propagations: [tgw-attach-shared, tgw-attach-prod, tgw-attach-dev]');
    const parsed = parseScenarioText(text);
    const compiled = compile(parsed.value);
    if (!compiled.ok) throw new Error(compiled.errors[0]?.message);
    const rs = checkScenarioWith(engines, compiled.model);
    expect(rs.filter((r) => !r.passed).map((r) => r.name)).toEqual(['dev cannot reach prod through the hub', 'prod cannot reach dev through the hub', 'dev never reaches prod', 'prod never reaches dev']);
    expect(rs.find((r) => r.name === 'dev never reaches prod')?.counterexample).toEqual({ from: 'i-dev-1', to: 'i-prod-1', protocol: 'tcp', port: 0 });
  });
});

describe('shrinking on the reference tracer', () => {
  const m = model(publicWeb);
  // the lowest internet address is 1.0.0.0: 0.0.0.0/8 ("this network") is not routed (RFC 6890)
  it('an SSH-open security group shrinks to port 22 from the lowest internet address', () => {
    const r = checkPropertyWith(engines, m, prop({ forall: { from: 'internet', to: 'i-web-1', protocol: ['tcp', 'udp'] }, reachable: false }));
    expect(r.counterexample).toEqual({ from: 'internet:1.0.0.0', to: 'i-web-1', protocol: 'tcp', port: 22, src: '1.0.0.0' });
    const sampled = checkPropertyWith(engines, m, prop({ forall: { from: 'internet', to: 'i-web-1' }, reachable: false }), { budget: 1, runs: 2000, seed: 1 });
    expect(sampled.stats).toMatchObject({ mode: 'sampled', seed: 1 });
    expect(sampled.counterexample).toEqual({ from: 'internet:1.0.0.0', to: 'i-web-1', protocol: 'tcp', port: 22, src: '1.0.0.0' });
  });
  it('a closed database is proved, with the count', () => {
    const r = checkPropertyWith(engines, m, prop({ forall: { from: 'internet', to: 'subnet:subnet-db', protocol: ['tcp', 'udp'] }, reachable: false }));
    expect(r.passed).toBe(true);
    expect(r.stats?.summary).toBe('proved over 468 cases (address classes, port classes, source ports 1024-65535 (1 class))');
  });
});
