// The CLI in-process: argument errors, help, version, validation, JSON shapes and exit codes
// for the paths that need no engine.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli-spec.js';
import { parseContext } from '../src/commands/can.js';
import { run } from '../src/main.js';
import { colourEnabled, stripAnsi } from '../src/output/ansi.js';

const FIX = join(import.meta.dirname, 'fixtures');

async function cli(args: string[], opts: { tty?: boolean; env?: Record<string, string> } = {}) {
  let stdout = '';
  let stderr = '';
  const code = await run(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), stdoutIsTTY: opts.tty ?? false, env: opts.env ?? {} });
  return { code, stdout, stderr };
}

describe('help and version', () => {
  it('prints the main help with every command', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toContain(`  ${c.name}`);
    expect(r.stdout).toContain('Exit codes: 0');
  });
  it('prints each command help with usage, every flag and examples', async () => {
    for (const c of COMMANDS) {
      const r = await cli([c.name, '--help']);
      expect(r.code, c.name).toBe(0);
      expect(r.stdout).toContain(`Usage: ${c.usage}`);
      for (const f of Object.keys(c.options)) expect(r.stdout).toContain(`--${f}`);
      expect(r.stdout).toContain('Examples:');
    }
  });
  it('prints the version', async () => {
    const r = await cli(['--version']);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('usage errors exit 2 with one clear paragraph', () => {
  it.each([
    [['chek', 'x'], /unknown command `chek`[\s\S]*did you mean `check`/],
    [['trace', 'x.yaml', '--to', 'b'], /`--from` is required/],
    [['trace', 'x.yaml', '--from', 'a', '--to', 'b', '--port', '99999'], /`--port 99999` is not a whole number from 0 to 65535/],
    [['trace', 'x.yaml', '--bogus'], /unknown option '--bogus'/],
    [['trace'], /missing scenario/],
    [['can', 'a.yaml', 'b.yaml', '--principal', 'p', '--action', 'a'], /unexpected argument `b.yaml`/],
    [['check', join(FIX, 'nope.yaml')], /cannot read `.*nope.yaml`: no such file or directory/],
    [['trace', join(FIX, 'nope.yaml'), '--from', 'a', '--to', 'b', '--port', '1'], /no such file/],
  ])('%j', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
  it('rejects a context flag without `=`', () => {
    expect(() => parseContext(['aws:SecureTransport'])).toThrow(/is not `key=value`/);
  });
});

describe('--context', () => {
  it('repeating a key makes it multi-valued; commas stay in values', () => {
    expect(parseContext(['aws:TagKeys=team', 'aws:TagKeys=env', 'aws:UserAgent=a,b', 'x=1=2'])).toEqual({ 'aws:TagKeys': ['team', 'env'], 'aws:UserAgent': 'a,b', x: '1=2' });
  });
});

describe('validate', () => {
  it('exits 0 on valid files and prints ✓ per file', async () => {
    const r = await cli(['validate', join(FIX, 'small.yaml'), join(FIX, 'failing.yaml')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ .*small\.yaml\s+valid/);
    expect(r.stdout).toContain('2 valid');
  });
  it('a directory means the files directly inside it', async () => {
    const r = await cli(['validate', FIX, '--json']);
    const j = JSON.parse(r.stdout) as { scenarios: { file: string; valid: boolean }[] };
    expect(j.scenarios.map((s) => s.file.split('/').pop())).toEqual(['failing.yaml', 'small.yaml']);
    expect(r.code).toBe(0);
  });
  it('exits 2 on an invalid file, with file:line path: message', async () => {
    const r = await cli(['validate', join(FIX, 'invalid')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/✗ .*bad\.yaml\s+invalid: \d+ errors?/);
    expect(r.stdout).toMatch(/bad\.yaml:\d+ subnets\[0\]/);
    expect(r.stdout).toMatch(/syntax\.yaml:\d+ \(top level\)/);
    expect(r.stdout).toContain('0 valid, 2 invalid');
  });
  it('prints the check JSON shape', async () => {
    const r = await cli(['validate', join(FIX, 'invalid', 'bad.yaml'), '--json']);
    const j = JSON.parse(r.stdout) as { scenarios: { file: string; valid: boolean; errors: { path: unknown[]; message: string }[]; results: unknown[] }[] };
    expect(j.scenarios).toHaveLength(1);
    expect(j.scenarios[0]).toMatchObject({ valid: false, results: [] });
    expect(j.scenarios[0]!.errors[0]!.path).toEqual(expect.arrayContaining(['subnets', 0]));
  });
});

describe('colour', () => {
  it('colours only on a terminal without NO_COLOR', async () => {
    expect(colourEnabled({ isTTY: true }, {})).toBe(true);
    expect(colourEnabled({ isTTY: false }, {})).toBe(false);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourEnabled({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    const tty = await cli(['validate', join(FIX, 'small.yaml')], { tty: true });
    expect(tty.stdout).toContain('\u001b[32m');
    expect(stripAnsi(tty.stdout)).toContain('✓');
    const plain = await cli(['validate', join(FIX, 'small.yaml')], { tty: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\u001b[');
  });
});

describe('schema', () => {
  it('prints the JSON Schema of the scenario format', async () => {
    const r = await cli(['schema']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { $schema: string; properties: Record<string, unknown>; additionalProperties: unknown };
    expect(j.$schema).toContain('json-schema.org');
    expect(Object.keys(j.properties)).toEqual(expect.arrayContaining(['version', 'vpcs', 'subnets', 'iam', 'expect', 'properties']));
    expect(j.additionalProperties).toBe(false);
  });
});
