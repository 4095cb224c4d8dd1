// Output that cannot go wrong: JSON written in chunks is exactly JSON.stringify's text (so no
// output ever needs one string past V8's limit), and text never carries control characters
// that came from input (terminal injection).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeControls, printableDeep } from '../src/output/printable.js';
import { jsonPieces, writeJson, writeLines } from '../src/output/write.js';

describe('JSON in chunks', () => {
  it('is JSON.stringify(value, null, 2), for any JSON-like value', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: false, withMap: false, withSet: false, withDate: true, withTypedArray: false, withSparseArray: true, withBoxedValues: false, withNullPrototype: true }), (v) => {
        expect([...jsonPieces(v)].join('')).toBe(JSON.stringify(v, null, 2) ?? 'null');
      }),
      { numRuns: 1000, seed: 18 },
    );
  });
  it('writes bigints as strings, as the CLI always has', () => {
    let out = '';
    writeJson({ out: (t) => (out += t) }, { n: 10n, xs: [undefined, () => 1, NaN] });
    expect(JSON.parse(out)).toEqual({ n: '10', xs: [null, null, null] });
  });
  it('writes a large value in many writes, none of them large', () => {
    const writes: number[] = [];
    const big = Array.from({ length: 50_000 }, (_, i) => ({ id: `i-${i}`, cidr: '10.0.0.0/24' }));
    writeJson({ out: (t) => writes.push(t.length) }, big);
    expect(writes.length).toBeGreaterThan(10);
    expect(Math.max(...writes)).toBeLessThan(70_000);
    let lines = 0;
    writeLines({ out: (t) => (lines += t.split('\n').length - 1) }, big.map((x) => x.id));
    expect(lines).toBe(50_000);
  });
  it('refuses a value that contains itself, as JSON.stringify does', () => {
    const a: unknown[] = [];
    a.push(a);
    expect(() => [...jsonPieces(a)]).toThrow(/refers to itself/);
  });
});

describe('control characters from input are escaped', () => {
  it.each([
    ['\u001b[32m✓ passed\u001b[0m', '\\u001b[32m✓ passed\\u001b[0m'],
    ['a\nb', 'a\\nb'],
    ['\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007', '\\u001b]8;;https://evil.example\\u0007link\\u001b]8;;\\u0007'],
    ['\u009b31m', '\\u009b31m'],
    ['half \ud800 pair', 'half \\ud800 pair'],
    ['a whole pair \ud83d\ude00 stays', 'a whole pair \ud83d\ude00 stays'],
    ['plain text', 'plain text'],
  ])('%j', (input, shown) => {
    expect(escapeControls(input)).toBe(shown);
  });
  it('in every string and key of a value, which is copied only when needed', () => {
    const clean = { a: ['x', { b: 'y' }] };
    expect(printableDeep(clean)).toBe(clean);
    const dirty = { name: 'x\u001b[2J', list: ['ok', { ['k\n']: 'v\r' }], n: 1 };
    expect(printableDeep(dirty)).toEqual({ name: 'x\\u001b[2J', list: ['ok', { 'k\\n': 'v\\r' }], n: 1 });
    expect(dirty.name).toBe('x\u001b[2J');
  });
});
