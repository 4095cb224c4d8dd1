// Fuzzing the loaders (issue 18): any text, and any mutation of a real scenario, ends in a model
// or in errors a person can act on (a code, a message in vpcsim's words, a hint, a line when the
// text has one), never in a throw, a hang, or a diagnostic that is only the library talking.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, loadScenario, parseScenarioText, type Diagnostic } from '@vpcsim/model';
import { parseDocument } from 'yaml';
import { trace } from '@vpcsim/net';
import { evaluate } from '@vpcsim/iam';

const ROOT = join(import.meta.dirname, '..', '..');
const scenarios = readdirSync(join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => ({ file: f, text: readFileSync(join(ROOT, 'scenarios', f), 'utf8') }));

/** Wording that belongs to a library or the runtime, not to vpcsim. */
const FOREIGN = /parseAllDocuments|YAML\.|Invalid string length|Maximum call stack|ERR_[A-Z_]+|ENOENT|ELOOP|EACCES|undefined is not|Cannot read propert|is not a function|\bat [\w.]+ \(|zod|ZodError|Unexpected token|in JSON at position/;

function expectUsable(ds: readonly Diagnostic[], where: string): void {
  for (const d of ds) {
    const shown = `${where}: ${d.code} ${d.message} — ${d.hint ?? '(no hint)'}`;
    expect(d.message, shown).toMatch(/\S/);
    expect(d.message, shown).not.toMatch(FOREIGN);
    if (d.severity === 'error') expect(d.hint, shown).toBeTruthy();
  }
}

// pieces of YAML and JSON that parsers trip over
const token = fc.constantFrom(
  'version: 1\n', 'vpcs:\n', '  - ', '{', '}', '[', ']', ',', ':', ': ', '"', "'", '&a ', '*a', '!!binary ', '!tag ', '<<: ', '---\n', '...\n', '#', '%YAML 1.2\n',
  '\t', '\n', '  ', '- ', '? ', '|\n', '>-\n', 'null', '~', '0b1', '0x1F', '1e20', '-.inf', '.nan', '__proto__', 'constructor', '\u0000', '\u001b[31m', '\ufeff', '\ud800', 'é', '💥',
  'id: vpc-a', 'cidr: 10.0.0.0/16', 'subnets:', 'expect:', 'properties:', 'iam:',
);
const yamlish = fc.array(fc.oneof({ weight: 4, arbitrary: token }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) }), { maxLength: 40 }).map((a) => a.join(''));

describe('any text', () => {
  it('parses to a value or to located errors with hints, never a throw', () => {
    fc.assert(
      fc.property(yamlish, fc.constantFrom('x.yaml', 'x.json'), (text, file) => {
        const r = loadScenario(text, file);
        if (!r.ok) {
          expect(r.errors.length).toBeGreaterThan(0);
          expectUsable(r.errors, JSON.stringify(text));
        }
      }),
      { numRuns: 1500, seed: 18 },
    );
  });
  it('both YAML parsers (the fast one and the one that keeps lines) give the same value, or it is refused', () => {
    fc.assert(
      fc.property(yamlish, (text) => {
        const ours = parseScenarioText(text, 'x.yaml');
        if (ours.errors.length > 0) return;
        let theirs: unknown;
        try {
          const doc = parseDocument(text, { version: '1.2', uniqueKeys: true, logLevel: 'error' });
          if (doc.errors.length > 0) return;
          theirs = doc.toJS({ maxAliasCount: -1 });
        } catch {
          return;
        }
        expect(ours.value, JSON.stringify(text)).toEqual(theirs);
      }),
      { numRuns: 2000, seed: 18 },
    );
  });
  it('arbitrary unicode and JSON values too', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.json({ maxDepth: 4 })), (text) => {
        const p = parseScenarioText(text, 'x.yaml');
        expectUsable(p.errors, JSON.stringify(text));
        const r = loadScenario(text, 'x.yaml');
        if (!r.ok) expectUsable(r.errors, JSON.stringify(text));
      }),
      { numRuns: 500, seed: 18 },
    );
  });
});

/** A path into a JSON-like value, chosen by the numbers in `picks`. */
function pick(v: unknown, picks: readonly number[]): (string | number)[] {
  const path: (string | number)[] = [];
  for (const k of picks) {
    if (Array.isArray(v) && v.length > 0) {
      path.push(k % v.length);
      v = v[k % v.length];
    } else if (v !== null && typeof v === 'object' && Object.keys(v).length > 0) {
      const key = Object.keys(v)[k % Object.keys(v).length]!;
      path.push(key);
      v = (v as Record<string, unknown>)[key];
    } else break;
  }
  return path;
}

const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom('', ' ', '__proto__', 'constructor', 'toString', '0.0.0.0', '127.0.0.1', '255.255.255.255', 'fe80::1%eth0', '10.0.0.0/33', '::/0', '*', '?', '${aws:username}', 'i-web-1\u001b[2J', 'a\nb', '\u0000'),
  fc.constantFrom(0, -1, 1e20, 2 ** 32, Number.MAX_SAFE_INTEGER + 2, 0.5, -0, 65536, 32767),
);

/** Replaces the value at `path`, deletes it, or renames its key: the mutations a careless edit makes. */
function mutated(raw: unknown, path: readonly (string | number)[], how: number, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(raw)) as unknown;
  if (path.length === 0) return value;
  let parent = copy as Record<string | number, unknown>;
  for (const seg of path.slice(0, -1)) parent = parent[seg] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (how === 0) parent[last] = value;
  else if (how === 1) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (!Array.isArray(parent)) {
    const v = parent[last];
    delete parent[last];
    Object.defineProperty(parent, typeof value === 'string' && value !== '' ? value : `${String(last)}x`, { value: v, enumerable: true, writable: true, configurable: true });
  } else parent.push(parent[last]);
  return copy;
}

describe('real scenarios, mutated', () => {
  it('compile to a model (whose engines answer) or to errors with paths and hints, never a throw', () => {
    const parsed = scenarios.map((s) => ({ file: s.file, value: parseScenarioText(s.text, s.file).value }));
    fc.assert(
      fc.property(fc.nat(), fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.nat({ max: 2 }), hostileValue, (which, picks, how, value) => {
        const s = parsed[which % parsed.length]!;
        const path = pick(s.value, picks);
        const raw = mutated(s.value, path, how, value);
        const r = compile(raw);
        if (!r.ok) {
          expectUsable(r.errors, `${s.file} ${JSON.stringify(path)}`);
          return;
        }
        // a model that compiled: its engines answer without throwing
        const m = r.model;
        const first = m.network.instances[0]?.id;
        if (first) expect(() => trace(m, { from: first, to: '8.8.8.8', protocol: 'tcp', port: 443 })).not.toThrow();
        const user = m.scenario.iam?.users?.[0]?.name;
        if (user) expect(() => evaluate(m, { principal: `user/${user}`, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k' })).not.toThrow();
      }),
      { numRuns: 400, seed: 18 },
    );
  });
});
