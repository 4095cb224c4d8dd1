// Hostile input to the loader (issue 18): paths that are not regular files, files that never
// end, bytes that are not UTF-8, empty files, YAML the two parsers could read differently,
// aliases that expand without bound or refer to themselves, and a shared list reused legitimately.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadScenario, loadScenarioFile, parseScenarioText, readTextFile } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'vpcsim-hostile-'));
const write = (name: string, text: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('paths that are not regular files', () => {
  it('a FIFO is refused before it is opened (opening it would wait for a writer forever)', () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = loadScenarioFile(fifo);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'not-a-file', file: fifo, message: expect.stringContaining('named pipe') });
    expect(!r.ok && r.errors[0]!.hint).toBeTruthy();
  });
  it.skipIf(!existsSync('/dev/zero'))('/dev/zero is refused up front, not read to the cap', () => {
    const r = readTextFile('/dev/zero');
    expect(r).toMatchObject({ ok: false, error: { code: 'not-a-file', message: expect.stringContaining('character device') } });
  });
  it.skipIf(!existsSync('/proc/self/status'))('a file that reports a size of 0 but holds more is capped while it is read', () => {
    // /proc files report st_size 0: only the cap applied while reading stops them
    const r = readTextFile('/proc/self/status', { maxBytes: 16 });
    expect(r).toMatchObject({ ok: false, error: { code: 'too-large' } });
  });
  it('a symbolic link is followed; a broken one and a loop are named as such', () => {
    const target = write('real.yaml', 'version: 1\n');
    const link = join(dir, 'link.yaml');
    symlinkSync(target, link);
    expect(loadScenarioFile(link).ok).toBe(true);
    const broken = join(dir, 'broken.yaml');
    symlinkSync(join(dir, 'nowhere.yaml'), broken);
    const b = loadScenarioFile(broken);
    expect(!b.ok && b.errors[0]!.message).toMatch(/symbolic link to .*nowhere\.yaml`, which does not exist/);
    const loop = join(dir, 'loop.yaml');
    symlinkSync(loop, loop);
    const l = loadScenarioFile(loop);
    expect(!l.ok && l.errors[0]!.message).toMatch(/loop of symbolic links/);
    expect(!l.ok && l.errors[0]!.message).not.toMatch(/ELOOP/);
  });
});

describe('bytes and empty files', () => {
  it('bytes that are not UTF-8 are an error with their line, never replaced silently', () => {
    const p = write('latin1.yaml', Buffer.concat([Buffer.from('version: 1\nvpcs:\n  - id: vpc-'), Buffer.from([0xe9]), Buffer.from('\n    cidr: 10.0.0.0/16\n')]));
    const r = loadScenarioFile(p);
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'not-utf8', line: 3, file: p });
  });
  it('a byte order mark is dropped', () => {
    const p = write('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('version: 1\n')]));
    expect(loadScenarioFile(p).ok).toBe(true);
  });
  it.each([
    ['', 'the file is empty'],
    ['\n\n  \n', 'the file is empty'],
    ['# only a comment\n', 'holds no YAML mapping'],
    ['null\n', 'holds no YAML mapping'],
  ])('an empty document (%j) is an error on line 1 with a hint', (text, message) => {
    const r = parseScenarioText(text, 'x.yaml');
    expect(r.errors[0]).toMatchObject({ code: 'empty-file', line: 1, message: expect.stringContaining(message), hint: expect.stringContaining('version: 1') });
  });
});

describe('YAML 1.2 core: both parsers read every scalar alike', () => {
  it.each([
    ['0b1', '0b1'],
    ['+0x1', '+0x1'],
    ['-0x1', '-0x1'],
    ['+.5', 0.5],
    ['0o17', 15],
    ['0x1F', 31],
    ['0777', 777],
    ['yes', 'yes'],
    ['2012-10-17', '2012-10-17'],
  ])('`ports: %s` reads as %j (as the yaml package reads it)', (scalar, value) => {
    const r = parseScenarioText(`ports: ${scalar}\n`, 'x.yaml');
    expect((r.value as { ports: unknown }).ports).toEqual(value);
    expect(parse(`ports: ${scalar}\n`, { version: '1.2' }).ports).toEqual(value);
  });
  it('any plain scalar made of number-like characters reads the same through both parsers', () => {
    // sign, radix prefix, digits, fraction or exponent: the pieces YAML 1.1 and 1.2 read differently
    const scalar = fc
      .tuple(fc.constantFrom('', '+', '-'), fc.constantFrom('', '0b', '0o', '0x', '0B', '0X', '.', '0'), fc.stringMatching(/^[0-9a-fA-F_]{0,4}$/), fc.constantFrom('', '.', '.5', 'e3', 'E-2', '.inf', '.Inf', '.NaN', 'nan', ':30'))
      .map((parts) => parts.join(''))
      .filter((s) => s.length > 0 && s !== '-' && !s.startsWith('- '));
    fc.assert(
      fc.property(scalar, (s) => {
        const text = `v: ${s}\n`;
        const ours = parseScenarioText(text, 'x.yaml');
        if (ours.errors.length > 0) return; // not a plain scalar: both refuse or the yaml path reports
        expect((ours.value as { v: unknown }).v).toEqual(parse(text, { version: '1.2' }).v);
      }),
      { numRuns: 2000, seed: 18 },
    );
  });
});

describe('aliases', () => {
  it('a shared list reused a thousand times is read (not an alias bomb), expanded into a tree', () => {
    const lines = ['version: 1', 'prefixLists:', '  - id: pl-a', '    cidrs: &office [10.1.0.0/24, 10.2.0.0/24]'];
    for (let i = 0; i < 1200; i++) lines.push(`  - id: pl-${i}`, '    cidrs: *office');
    const r = parseScenarioText(`${lines.join('\n')}\n`, 'x.yaml');
    expect(r.errors).toEqual([]);
    const lists = (r.value as { prefixLists: { cidrs: string[] }[] }).prefixLists;
    expect(lists).toHaveLength(1201);
    expect(lists[5]!.cidrs).toEqual(['10.1.0.0/24', '10.2.0.0/24']);
    expect(lists[5]!.cidrs).not.toBe(lists[6]!.cidrs); // a tree: no shared node reaches the rest
  });
  it('a document that doubles at every level is refused, measured on its shared graph', () => {
    const lines = ['a0: &a0 [x, x]'];
    for (let i = 1; i < 60; i++) lines.push(`a${i}: &a${i} [*a${i - 1}, *a${i - 1}]`);
    const r = parseScenarioText(lines.join('\n'), 'bomb.yaml');
    expect(r.value).toBeUndefined();
    expect(r.errors[0]).toMatchObject({ code: 'too-many-aliases', hint: expect.any(String) });
  });
  it('an alias inside its own anchor is refused, not followed forever', () => {
    const r = parseScenarioText('version: 1\na: &a [1, *a]\n', 'x.yaml');
    expect(r.errors[0]).toMatchObject({ code: 'alias-cycle' });
  });
  it('keys named `__proto__` and `constructor` survive parsing as own keys', () => {
    for (const [text, file] of [
      ['tags:\n  __proto__: x\n  constructor: y\n', 'x.yaml'],
      ['{"tags": {"__proto__": "x", "constructor": "y"}}', 'x.json'],
      ['a: &t {__proto__: x}\nb: *t\n', 'x.yaml'],
    ] as const) {
      const v = parseScenarioText(text, file).value as Record<string, Record<string, unknown>>;
      const tags = v['tags'] ?? v['b']!;
      expect(Object.keys(tags)).toContain('__proto__');
      expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    }
  });
});

describe('large broken files', () => {
  it('JSON positions come from one pass over the text and agree with the yaml parser', async () => {
    const { locateJson } = await import('../src/json-locate.js');
    const { LineCounter, parseDocument, isMap, isSeq, isScalar } = await import('yaml');
    // the yaml package's position for a path (the loader's reference for YAML)
    const viaYaml = (text: string, path: readonly (string | number)[]) => {
      const lc = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lc });
      let node: unknown = doc.contents;
      let best = (node as { range?: number[] }).range?.[0];
      for (const seg of path) {
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
          if (!pair) break;
          best = (pair.key as { range?: number[] }).range?.[0];
          node = pair.value;
        } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
          node = node.items[seg];
          best = (node as { range?: number[] }).range?.[0];
        } else break;
      }
      if (best === undefined) return undefined;
      const p = lc.linePos(best);
      return { line: p.line, column: p.col };
    };
    const pathIn = (v: unknown, picks: number[]): (string | number)[] => {
      const out: (string | number)[] = [];
      for (const k of picks) {
        if (Array.isArray(v) && v.length > 0) {
          out.push(k % v.length);
          v = v[k % v.length];
        } else if (v !== null && typeof v === 'object' && Object.keys(v).length > 0) {
          const key = Object.keys(v)[k % Object.keys(v).length]!;
          out.push(key);
          v = (v as Record<string, unknown>)[key];
        } else break;
      }
      return out;
    };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), (v, picks, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined) ?? 'null';
        const path = pathIn(JSON.parse(text), picks);
        expect(locateJson(text, [path])[0]).toEqual(viaYaml(text, path));
      }),
      { numRuns: 500, seed: 18 },
    );
  });
  it('a file broken everywhere reports the first 10,000 problems and counts the rest, last', () => {
    const subnets = Array.from({ length: 12_000 }, (_, i) => ({ id: `s-${i}`, vpc: 'v', availabilityZone: 'us-east-1a', cidr: '10.0.0.0/24', routTable: 'x' }));
    const text = JSON.stringify({ version: 1, vpcs: [{ id: 'v', cidr: '10.0.0.0/8' }], subnets }, null, 1);
    const r = loadScenario(text, 'broken.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(10_001);
    expect(r.errors[0]).toMatchObject({ code: 'unknown-field', line: 15, hint: 'did you mean `routeTable`?' });
    expect(r.errors.at(-1)).toMatchObject({ code: 'more-problems', message: '… and 2,000 more problems not listed' });
  });
});

describe('library wording never reaches the user', () => {
  it('a second YAML document is said in vpcsim\'s words, with its line', () => {
    const r = parseScenarioText('version: 1\n---\nversion: 1\n', 'x.yaml');
    expect(r.errors[0]).toMatchObject({ line: 2, message: expect.stringContaining('more than one YAML document'), hint: expect.stringContaining('---') });
    expect(r.errors[0]!.message).not.toMatch(/parseAllDocuments|YAML\./);
  });
  it.each(['version: !!binary aGVsbG8=\n', 'version: !custom 1\n', 'a: !!set {x}\n'])('a tag a scenario has no type for (%j) is refused with its line', (text) => {
    const r = parseScenarioText(text, 'x.yaml');
    expect(r.errors[0]).toMatchObject({ code: 'yaml-tag', line: 1, hint: expect.any(String) });
  });
  it('core tags are fine, and read alike by both parsers', () => {
    expect(parseScenarioText('a: !!str 1\nb: !!int "2"\n', 'x.yaml').value).toEqual({ a: '1', b: 2 });
  });
  // issue 18: `rule: 1e20` said "maximum 9007199254740991" (zod's safe-integer bound), not the rule's
  it('a number past every bound says the field\'s own maximum, with its line', () => {
    const text = 'version: 1\nvpcs: [{ id: v, cidr: 10.0.0.0/16 }]\nnetworkAcls:\n  - id: acl\n    vpc: v\n    inbound:\n      - { rule: 1e20, protocol: tcp, ports: 22, cidr: 0.0.0.0/0, action: allow }\n';
    const r = loadScenario(text, 'x.yaml');
    const d = !r.ok ? r.errors.find((e) => e.path.join('.') === 'networkAcls.0.inbound.0.rule') : undefined;
    expect(d).toMatchObject({ line: 7, message: expect.stringContaining('the maximum is 32766'), hint: expect.any(String) });
    expect(d!.message).not.toContain('9007199254740991');
  });
  // issue 18: the YAML 1.1 merge key `<<` got "did you mean `id`?"
  it('the merge key `<<` is said to be YAML 1.1, with a hint that works in YAML 1.2, not a did-you-mean', () => {
    const r = loadScenario('version: 1\nvpcs:\n  - <<: { cidr: 10.0.0.0/16 }\n    id: v\n', 'x.yaml');
    const d = !r.ok ? r.errors.find((e) => e.path.at(-1) === '<<') : undefined;
    expect(d).toMatchObject({ line: 3, message: expect.stringContaining('the merge key `<<` is YAML 1.1'), hint: expect.stringContaining('anchor') });
    expect(d!.hint).not.toContain('did you mean');
  });
  it('a quoted version says it is text, not the number', () => {
    const r = loadScenario('version: "1"\n', 'x.yaml');
    expect(!r.ok && r.errors[0]).toMatchObject({ message: 'invalid value `1` (a string, not a number): expected `1`' });
  });
});

describe('did-you-mean is bounded', () => {
  it('answers at most `max` times, and lists candidates only when it answers', async () => {
    const { boundedDidYouMean } = await import('../src/diagnostic.js');
    const suggest = boundedDidYouMean(3);
    let listed = 0;
    const cands = () => {
      listed++;
      return ['subnet-a', 'subnet-b'];
    };
    const answers = Array.from({ length: 10 }, () => suggest('subnet-c', cands));
    expect(answers.filter((a) => a !== undefined)).toHaveLength(3);
    expect(listed).toBe(3);
  });
});
