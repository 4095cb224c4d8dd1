// Runs the `trace` expectations of every worked scenario (scenarios/vpc-*.yaml) through the
// fast tracer (`trace` from @vpcsim/net) and through the slow reference tracer, and asserts
// `reachable` (and `blockedBy` / `disposition` where the scenario gives them).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type Model } from '@vpcsim/model';
import { trace } from '@vpcsim/net';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { referenceTrace } from '../src/reference.js';
import type { Flow } from '../src/trace-types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dir = join(root, 'scenarios');
const files = readdirSync(dir).filter((f) => /^vpc-.*\.yaml$/.test(f)).sort();
/** The worked scenarios of issue 4 (others may add more vpc-*.yaml files; their traces run too). */
const WORKED = [
  'vpc-three-tier.yaml', 'vpc-nat-gateway-per-az.yaml', 'vpc-bastion.yaml', 'vpc-nacl-deny-list.yaml', 'vpc-missing-ephemeral.yaml',
  'vpc-egress-only-ipv6.yaml', 'vpc-gateway-endpoint-s3.yaml', 'vpc-interface-endpoint.yaml', 'vpc-peering-not-transitive.yaml',
  'vpc-transit-gateway-vpn.yaml', 'vpc-nat-instance.yaml',
];


interface TraceExpectation {
  name: string;
  trace: Flow;
  reachable: boolean;
  blockedBy?: string;
  disposition?: string;
}

function load(file: string): { model: Model; expectations: TraceExpectation[] } {
  const raw = parse(readFileSync(join(dir, file), 'utf8')) as { expect?: TraceExpectation[] };
  const r = compile(raw, { file });
  if (!r.ok) throw new Error(`${file} does not compile:\n${r.errors.map((e) => `${e.path.join('.')}: ${e.message}`).join('\n')}`);
  return { model: r.model, expectations: (raw.expect ?? []).filter((e) => e.trace !== undefined) };
}

const describeFlow = (f: Flow): string => `${f.from} -> ${f.to} ${f.protocol ?? 'tcp'}/${f.port ?? '-'}`;

it('finds the worked VPC scenarios', () => {
  for (const f of WORKED) expect(files).toContain(f);
});

it('vpc-nat-instance.yaml warns about the NAT instance with its source/destination check on', () => {
  const r = compile(parse(readFileSync(join(dir, 'vpc-nat-instance.yaml'), 'utf8')));
  expect(r.ok).toBe(true);
  const codes = r.warnings.map((w) => `${w.code} ${w.message}`);
  expect(codes.some((c) => c.startsWith('nat-source-dest-check') && c.includes('i-nat-broken'))).toBe(true);
  expect(codes.some((c) => c.includes('i-nat-fixed'))).toBe(false);
});

for (const file of files) {
  describe(file, () => {
    it.runIf(WORKED.includes(file))('compiles, has a header with an AWS documentation URL, a trace expectation and a network property', () => {
      expect(readFileSync(join(dir, file), 'utf8')).toMatch(/^# [^]*?# +https:\/\/docs\.aws\.amazon\.com\//);
      const raw = parse(readFileSync(join(dir, file), 'utf8')) as { properties?: { forall: { from?: unknown } }[] };
      const { expectations } = load(file);
      expect(expectations.length).toBeGreaterThan(0);
      expect((raw.properties ?? []).some((p) => p.forall.from !== undefined)).toBe(true);
    });

    describe('reference tracer', () => {
      const { model, expectations } = load(file);
      for (const e of expectations) {
        it(e.name, (ctx) => {
          const r = referenceTrace(model, e.trace);
          if (!r.modelled) {
            ctx.skip(`the reference does not model this path (${r.note ?? ''})`);
            return;
          }
          const got = { reachable: r.reachable, disposition: r.disposition, blockedBy: r.blockedBy };
          const want = {
            reachable: e.reachable,
            disposition: e.disposition ?? got.disposition,
            blockedBy: e.blockedBy ?? got.blockedBy,
          };
          expect(got, `${file}: ${describeFlow(e.trace)}`).toEqual(want);
        });
      }
    });

    describe('trace (fast tracer)', () => {
      const { model, expectations } = load(file);
      for (const e of expectations) {
        it(e.name, () => {
          const t = trace(model, e.trace);
          const got = { reachable: t.reachable, disposition: t.disposition, blockedBy: t.blockedBy };
          const want = {
            reachable: e.reachable,
            disposition: e.disposition ?? got.disposition,
            blockedBy: e.blockedBy ?? got.blockedBy,
          };
          const ref = referenceTrace(model, e.trace);
          const msg =
            `${file}: ${describeFlow(e.trace)}: trace gave ${JSON.stringify(got)}; the scenario expects ${JSON.stringify(want)}` +
            (ref.modelled ? `; the reference tracer gives ${JSON.stringify({ reachable: ref.reachable, disposition: ref.disposition, blockedBy: ref.blockedBy })}` : '') +
            (t.errors.length ? `; errors: ${t.errors.map((x) => x.message).join('; ')}` : '');
          expect(got, msg).toEqual(want);
        });
      }
    });
  });
}
