import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario, loadScenarioFile, parseScenarioText } from '../src/loader.js';

const YAML = `# a comment
version: 1
vpcs:
  - id: vpc-a
    cidr: 10.0.0.0/16
subnets:
  - id: sn-a
    vpc: vpc-a
    availabilityZone: us-east-1a
    cidr: 10.0.0.0/24
    routeTable: rtb-9
  - id: sn-b
    vpc: vpc-a
    availabilityZone: us-east-1a
    cidr: 10.0.1.0/24
`;

describe('parseScenarioText', () => {
  it('parses YAML and locates paths', () => {
    const p = parseScenarioText(YAML, 'x.yaml');
    expect(p.errors).toEqual([]);
    expect((p.value as { subnets: unknown[] }).subnets).toHaveLength(2);
    expect(p.locate(['subnets', 0, 'routeTable'])).toEqual({ line: 11, column: 5 });
    expect(p.locate(['subnets', 1])?.line).toBe(12);
    expect(p.locate(['vpcs', 0, 'cidr'])?.line).toBe(5);
    expect(p.locate([])?.line).toBe(2);
  });
  it('a path not in the document resolves to its nearest ancestor', () => {
    const p = parseScenarioText(YAML, 'x.yaml');
    expect(p.locate(['subnets', 1, 'ipv6Cidr'])?.line).toBe(12);
    expect(p.locate(['subnets', 7])?.line).toBe(6);
  });
  it('parses JSON with line numbers', () => {
    const json = JSON.stringify({ version: 1, vpcs: [{ id: 'vpc-a', cidr: '10.0.0.0/16' }] }, null, 2);
    const p = parseScenarioText(json, 'x.json');
    expect(p.errors).toEqual([]);
    expect(p.locate(['vpcs', 0, 'cidr'])).toEqual({ line: 6, column: 7 });
  });
  it('a YAML syntax error has a line, the code `syntax` and a hint', () => {
    const p = parseScenarioText('version: 1\nvpcs:\n  - id: a\n   cidr: [10.0.0.0/16\n', 'x.yaml');
    expect(p.errors.length).toBeGreaterThan(0);
    expect(p.errors[0]!.code).toBe('syntax');
    expect(p.errors[0]!.line).toBeGreaterThanOrEqual(3);
    expect(p.errors[0]!.hint).toBeTruthy();
    expect(p.errors[0]!.message).toMatch(/^[a-z]/);
  });
  it('a line indented too far is reported at that line, not at the line above', () => {
    const p = parseScenarioText('version: 1\nvpcs:\n  - id: vpc-a\n      cidr: 10.0.0.0/16\n', 'x.yaml');
    expect(p.errors.length).toBeGreaterThan(0);
    expect(p.errors.map((e) => e.line)).toEqual(p.errors.map(() => 4));
    expect(p.errors[0]!.column).toBe(7);
  });
  it('a JSON syntax error (trailing comma) has a line and a JSON hint', () => {
    const p = parseScenarioText('{\n  "version": 1,\n  "vpcs": [],\n}\n', 'x.json');
    expect(p.errors[0]?.code).toBe('syntax');
    expect(p.errors[0]?.line).toBe(4);
    expect(p.errors[0]?.hint).toContain('comma');
  });
  it('duplicate keys are errors, at the second key', () => {
    const p = parseScenarioText('version: 1\nvpcs: []\nvpcs: []\n', 'x.yaml');
    expect(p.errors.map((e) => [e.code, e.line])).toEqual([['syntax', 3]]);
    expect(p.errors[0]!.hint).toContain('once');
    const j = parseScenarioText('{"version": 1,\n "version": 1}', 'x.json');
    expect(j.errors[0]?.line).toBe(2);
  });
  it('an alias bomb is refused (timed in bench/hostile.bench.mjs)', () => {
    let text = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n';
    for (let k = 0; k < 12; k++) text += `${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)},*${String.fromCharCode(97 + k)}]\n`;
    const p = parseScenarioText(text, 'bomb.yaml');
    expect(p.errors.map((e) => e.code)).toEqual(['too-many-aliases']);
  });
  it('deep nesting is refused, not a stack overflow', () => {
    for (const text of ['['.repeat(100000), '['.repeat(5000) + ']'.repeat(5000), 'a:\n' + Array.from({ length: 400 }, (_, i) => ' '.repeat(i + 1) + '- ').join('\n')]) {
      const p = parseScenarioText(text, 'deep.yaml');
      expect(p.errors.length).toBeGreaterThan(0);
    }
  });
  it('a 10 MB JSON file parses (JSON.parse, positions on demand; timed in bench/hostile.bench.mjs)', () => {
    const prefixLists = Array.from({ length: 100000 }, (_, i) => ({ id: `pl-${i}`, cidrs: [`10.${(i >> 8) & 255}.${i & 255}.0/24`], name: 'padding padding padding padding' }));
    const text = JSON.stringify({ version: 1, prefixLists }, null, 1);
    expect(text.length).toBeGreaterThan(10_000_000);
    const p = parseScenarioText(text, 'big.json');
    expect(p.errors).toEqual([]);
    expect((p.value as { prefixLists: unknown[] }).prefixLists).toHaveLength(100000);
  }, 300_000);
  it('a 2 MB YAML file parses', () => {
    const items = Array.from({ length: 27000 }, (_, i) => `  - { id: pl-${i}, cidrs: [10.${(i >> 8) & 255}.${i & 255}.0/24], name: "padding padding padding" }`);
    const text = `version: 1\nprefixLists:\n${items.join('\n')}\n`;
    expect(text.length).toBeGreaterThan(2_000_000);
    const p = parseScenarioText(text, 'big.yaml');
    expect(p.errors).toEqual([]);
  }, 300_000);
  it('JSON with a duplicate key falls back to the YAML parser and reports the line', () => {
    const p = parseScenarioText('{\n "version": 1,\n "vpcs": [],\n "v\\u0070cs": []\n}', 'x.json');
    expect(p.errors.map((e) => [e.code, e.line])).toEqual([['syntax', 4]]);
  });
  it('never throws on odd input', () => {
    for (const t of ['', '\u0000', '---\n---\n', '%YAML 9.9\n---\na: 1', '!!binary x', 'a: !!js/function "x"', '? [a]\n: 1', '\t- x', '"unterminated', '{a: 1, a: 2}', '&a [*a]'])
      expect(() => parseScenarioText(t, 'x.yaml')).not.toThrow();
  });
});

describe('loadScenario', () => {
  it('attaches file and line to every diagnostic', () => {
    const r = loadScenario(YAML, 'net.yaml');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.file, e.line])).toEqual([['unknown-reference', 'net.yaml', 11]]);
  });
  it('a missing required field gets the line of its parent', () => {
    const r = loadScenario(YAML.replace('    cidr: 10.0.1.0/24\n', ''), 'net.yaml');
    expect(!r.ok && r.errors.find((e) => e.code === 'missing-field')?.line).toBe(12);
  });
  it('an unknown field points at the key', () => {
    const r = loadScenario(YAML.replace('routeTable: rtb-9', 'routTable: rtb-9'), 'net.yaml');
    expect(!r.ok && r.errors.map((e) => [e.code, e.line, e.hint])).toEqual([['unknown-field', 11, 'did you mean `routeTable`?']]);
  });
  it('loads a valid scenario to a model', () => {
    const r = loadScenario(YAML.replace('    routeTable: rtb-9\n', ''), 'net.yaml');
    expect(r.ok).toBe(true);
  });
  it('syntax errors come back with file and line', () => {
    const r = loadScenario('version: 1\nvpcs: [\n', 'bad.yaml');
    expect(!r.ok && r.errors[0]!.file).toBe('bad.yaml');
    expect(!r.ok && r.errors[0]!.line).toBeGreaterThan(0);
  });
});

describe('loadScenarioFile', () => {
  it('reads YAML and JSON files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vpcsim-'));
    writeFileSync(join(dir, 'a.yaml'), YAML.replace('    routeTable: rtb-9\n', ''));
    writeFileSync(join(dir, 'a.json'), '\ufeff' + JSON.stringify({ version: 1, vpcs: [{ id: 'v', cidr: '10.0.0.0/16' }] }));
    expect(loadScenarioFile(join(dir, 'a.yaml')).ok).toBe(true);
    expect(loadScenarioFile(join(dir, 'a.json')).ok).toBe(true);
  });
  it('a missing file or a directory is a diagnostic', () => {
    const r = loadScenarioFile('/nonexistent/x.yaml');
    expect(!r.ok && r.errors[0]!.code).toBe('read-error');
    expect(!r.ok && r.errors[0]!.message).toBe('cannot read `/nonexistent/x.yaml`: no such file or directory');
    const d = loadScenarioFile(tmpdir());
    expect(!d.ok && d.errors[0]!.code).toBe('read-error');
  });
});

describe('loadScenario locate', () => {
  it('a loaded scenario says where each expectation and property is written (for CI reports)', () => {
    const text = `version: 1
vpcs:
  - { id: vpc-a, cidr: 10.0.0.0/16 }
expect:
  - name: a
    request: { principal: root, action: s3:ListAllMyBuckets }
    decision: allowed
  - name: b
    request: { principal: root, action: s3:ListAllMyBuckets }
    decision: allowed
properties:
  - name: p
    forall: { principal: "*", action: s3:GetObject, resource: "arn:aws:s3:::x/*" }
    decision: implicitly-denied
`;
    const r = loadScenario(text, 'x.yaml');
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
    expect(r.locate(['expect', 1])?.line).toBe(8);
    expect(r.locate(['properties', 0])?.line).toBe(12);
    expect(r.locate(['vpcs', 0, 'cidr'])?.line).toBe(3);
  });
});
