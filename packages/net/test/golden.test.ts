// Golden traces: the whole `trace` result (hops, blockers, patches, errors), not only the
// verdict, pinned for every `trace` expectation of the worked scenarios, every endpoint pair of
// the worked network scenarios on a few ports, and 2,000 seeded random cases of the reference
// generator. A refactor of the tracer must not move them; an intended change of behaviour
// regenerates them (`UPDATE_GOLDEN=1 npx vitest run packages/net/test/golden.test.ts`) and the
// commit says why. With GOLDEN_DUMP=<file>, the full traces are written there for diffing.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { compile, type Model } from '@vpcsim/model';
import { trace, traceEndpoints, type Flow } from '@vpcsim/net';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { arbCase, compileOrThrow } from './reference-arbitraries.js';

const here = dirname(fileURLToPath(import.meta.url));
const scenariosDir = join(here, '../../../scenarios');
const goldenFile = join(here, 'golden', 'traces.json');

interface Case {
  readonly id: string;
  readonly model: Model;
  readonly flow: Flow;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const file of readdirSync(scenariosDir).filter((f) => f.endsWith('.yaml')).sort()) {
    const raw = parse(readFileSync(join(scenariosDir, file), 'utf8')) as { expect?: { trace?: Flow }[] };
    const r = compile(raw, { file });
    if (!r.ok) continue;
    (raw.expect ?? []).forEach((e, i) => {
      if (e.trace) out.push({ id: `${file}#expect${i}`, model: r.model, flow: e.trace });
    });
    if (!/^(vpc-|hybrid-|advanced-|public-private-nat|request-)/.test(file)) continue;
    const eps = traceEndpoints(r.model);
    const from = eps.filter((e) => e.kind === 'instance' || e.kind === 'internet' || e.kind === 'external').map((e) => e.id);
    const to = eps.map((e) => e.id);
    for (const f of from)
      for (const t of to) {
        if (f === t) continue;
        for (const [protocol, port] of [['tcp', 443], ['tcp', 22], ['udp', 53], ['icmp', undefined]] as const)
          out.push({ id: `${file}:${f}>${t}:${protocol}/${port ?? '-'}`, model: r.model, flow: { from: f, to: t, protocol, ...(port === undefined ? {} : { port }) } });
      }
  }
  // the topologies of before issue 13: the pinned traces keep their cases (arbCase's issue13 option)
  const random = fc.sample(arbCase({ maxVpcs: 3, issue13: false }), { seed: 20261206, numRuns: 2000 });
  random.forEach(({ sc, flow }, i) => out.push({ id: `random#${i}`, model: compileOrThrow(sc), flow }));
  return out;
}

const hash = (x: unknown): string => createHash('sha1').update(JSON.stringify(x)).digest('hex').slice(0, 10);

describe('golden traces', () => {
  it('every pinned trace is unchanged', () => {
    const all = cases();
    const got: Record<string, string> = {};
    const dump: Record<string, unknown> = {};
    for (const c of all) {
      const t = trace(c.model, c.flow);
      got[c.id] = hash(t);
      if (process.env.GOLDEN_DUMP) dump[c.id] = { flow: c.flow, trace: t };
    }
    if (process.env.GOLDEN_DUMP) writeFileSync(process.env.GOLDEN_DUMP, JSON.stringify(dump, null, 1));
    if (process.env.UPDATE_GOLDEN || !existsSync(goldenFile)) {
      writeFileSync(goldenFile, `${JSON.stringify(got, null, 0).replace(/","/g, '",\n"')}\n`);
      return;
    }
    const want = JSON.parse(readFileSync(goldenFile, 'utf8')) as Record<string, string>;
    const changed = Object.keys({ ...want, ...got }).filter((k) => want[k] !== got[k]);
    expect(changed.slice(0, 30), `${changed.length} of ${all.length} golden traces changed`).toEqual([]);
  });
});
