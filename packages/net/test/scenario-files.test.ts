// The `trace` expectations of the hybrid and advanced scenarios (scenarios/hybrid-*.yaml,
// advanced-*.yaml, public-private-nat.yaml; scenarios.test.ts runs vpc-*.yaml): the tracer
// must satisfy each, and agree with the reference tracer where it models the path.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '@vpcsim/model';
import { trace, traceEndpoints, type Flow } from '@vpcsim/net';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { referenceTrace } from '../src/reference.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../scenarios');
const files = readdirSync(dir).filter((f) => /^(hybrid-|advanced-|public-private-nat).*\.yaml$/.test(f)).sort();

it('finds the hybrid and advanced scenarios', () => {
  expect(files.length).toBeGreaterThanOrEqual(4);
});

for (const file of files) {
  describe(file, () => {
    const raw = parse(readFileSync(join(dir, file), 'utf8')) as { expect?: { name: string; trace?: Flow; reachable: boolean; blockedBy?: string; disposition?: string }[] };
    const r = compile(raw, { file });
    it('compiles', () => expect(r.ok).toBe(true));
    if (!r.ok) return;
    for (const e of (raw.expect ?? []).filter((x) => x.trace)) {
      it(e.name, () => {
        const t = trace(r.model, e.trace!);
        const got = { reachable: t.reachable, disposition: t.disposition, blockedBy: t.blockedBy };
        // `blockedBy: <instance id>` matches a blocker on any of its interfaces (as `vpcsim check` reads it)
        const ofInstance = e.blockedBy !== undefined && got.blockedBy !== null && (r.model.index.instance.get(e.blockedBy)?.interfaces.includes(got.blockedBy) ?? false);
        expect(got, t.errors.map((x) => x.message).join('; ')).toEqual({ reachable: e.reachable, disposition: e.disposition ?? got.disposition, blockedBy: ofInstance ? got.blockedBy : e.blockedBy ?? got.blockedBy });
        const ref = referenceTrace(r.model, e.trace!);
        if (ref.modelled) expect(got).toEqual({ reachable: ref.reachable, disposition: ref.disposition, blockedBy: ref.blockedBy });
      });
    }
  });
}

describe('trace agrees with the reference on every endpoint pair of the worked scenarios', () => {
  const all = readdirSync(dir).filter((f) => /^(vpc-|hybrid-|advanced-|public-private-nat).*\.yaml$/.test(f)).sort();
  for (const file of all) {
    it(file, () => {
      const r = compile(parse(readFileSync(join(dir, file), 'utf8')), { file });
      if (!r.ok) throw new Error(`${file} does not compile`);
      const ids = [...traceEndpoints(r.model).map((e) => e.id), 'internet:8.8.8.8', '8.8.8.8'];
      let compared = 0;
      for (const from of ids) {
        for (const to of ids) {
          for (const [protocol, port] of [['tcp', 443], ['tcp', 22], ['udp', 53], ['icmp', undefined]] as const) {
            const flow: Flow = { from, to, protocol, port };
            const ref = referenceTrace(r.model, flow);
            if (!ref.modelled) continue;
            compared++;
            const t = trace(r.model, flow);
            expect({ reachable: t.reachable, disposition: t.disposition, blockedBy: t.blockedBy }, JSON.stringify(flow)).toEqual({ reachable: ref.reachable, disposition: ref.disposition, blockedBy: ref.blockedBy });
          }
        }
      }
      expect(compared).toBeGreaterThan(0);
    });
  }
});
