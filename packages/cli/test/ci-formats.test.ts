// `vpcsim check --format sarif|junit|github|json` and `diff --format markdown`: the reports CI
// systems read. SARIF is validated against the OASIS SARIF 2.1.0 schema (test/fixtures/sarif,
// with Ajv); JUnit is parsed as XML and its counts checked; every failure points at the line of
// its entry, and at the rule or statement in the file that decided it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { checkCommand } from '../src/commands/check.js';
import { run } from '../src/main.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const FILE = join('packages', 'cli', 'test', 'fixtures', 'ci', 'blocked.yaml');
const FAILING = join('packages', 'cli', 'test', 'fixtures', 'failing.yaml');
const INVALID = join('packages', 'cli', 'test', 'fixtures', 'invalid', 'bad.yaml');

async function cli(args: string[]) {
  let stdout = '';
  let stderr = '';
  const cwd = process.cwd();
  process.chdir(ROOT); // file names in reports are as given: relative to the repository
  try {
    const code = await run(args, { out: (t) => (stdout += t), err: (t) => (stderr += t), stdoutIsTTY: false, env: {} });
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

/** The line of the first line of `text` that contains `needle` (1-based). */
function lineOf(needle: string): number {
  const i = readFileSync(join(ROOT, FILE), 'utf8').split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${FILE}`);
  return i + 1;
}

describe('check --format sarif', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);

  it('validates against the SARIF 2.1.0 schema, one result per failure at its line, related locations at the deciding rules', async () => {
    const r = await cli(['check', FILE, '--format', 'sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]; relatedLocations?: { physicalLocation: { region: { startLine: number } }; message: { text: string } }[] }[] }[] };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0]!.results;
    expect(results.map((x) => x.ruleId)).toEqual(['vpcsim/expectation', 'vpcsim/expectation', 'vpcsim/property']);
    expect(results.every((x) => x.level === 'error' && x.locations[0]!.physicalLocation.artifactLocation.uri === 'packages/cli/test/fixtures/ci/blocked.yaml')).toBe(true);
    const [ssh, del, prop] = results as [(typeof results)[0], (typeof results)[0], (typeof results)[0]];
    expect(ssh.locations[0]!.physicalLocation.region.startLine).toBe(lineOf('ssh from the internet'));
    // the NACL's rule 90 denies ssh: the related location is that rule's line
    expect(ssh.relatedLocations?.map((x) => x.physicalLocation.region.startLine)).toEqual([lineOf('rule: 90')]);
    expect(ssh.relatedLocations?.[0]?.message.text).toContain('acl-web');
    // the bucket policy's statement 1 denies the delete
    expect(del.locations[0]!.physicalLocation.region.startLine).toBe(lineOf('bob deletes assets'));
    expect(del.relatedLocations?.map((x) => x.physicalLocation.region.startLine)).toEqual([lineOf('Sid: NoDelete')]);
    // the property's counterexample gets through sg-web's 443 rule
    expect(prop.locations[0]!.physicalLocation.region.startLine).toBe(lineOf('nothing on the internet reaches'));
    expect(prop.message.text).toContain('port: 443');
    expect(prop.relatedLocations?.map((x) => x.physicalLocation.region.startLine)).toContain(lineOf('ports: 443'));
  });

  it('an invalid scenario is an error result at the offending line, still schema-valid (exit 2)', async () => {
    const r = await cli(['check', INVALID, FAILING, '--format', 'sarif']);
    expect(r.code).toBe(2);
    const log = JSON.parse(r.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { region?: { startLine: number } } }[] }[] }[] };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const invalid = log.runs[0]!.results.filter((x) => x.ruleId === 'vpcsim/invalid-scenario');
    expect(invalid.length).toBeGreaterThan(0);
    expect(invalid.every((x) => typeof x.locations[0]!.physicalLocation.region?.startLine === 'number')).toBe(true);
  });
});

describe('check --format junit', () => {
  it('parses as XML: one test case per expectation and property, with the right counts', async () => {
    const r = await cli(['check', FILE, FAILING, '--format', 'junit']);
    expect(r.code).toBe(1);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(r.stdout) as {
      testsuites: { tests: string; failures: string; errors: string; testsuite: { name: string; tests: string; failures: string; testcase: { name: string; line?: string; failure?: { message: string } }[] }[] };
    };
    expect(doc.testsuites).toMatchObject({ tests: '5', failures: '4', errors: '0' });
    const suite = doc.testsuites.testsuite.find((s) => s.name === FILE)!;
    expect(suite).toMatchObject({ tests: '4', failures: '3' });
    expect(suite.testcase.map((c) => c.name)).toEqual([
      'the internet reaches the web server on 443',
      'ssh from the internet (fails on purpose)',
      'bob deletes assets (fails on purpose)',
      'nothing on the internet reaches the web server below 1024 (fails on purpose)',
    ]);
    expect(suite.testcase[0]!.failure).toBeUndefined();
    expect(suite.testcase[1]).toMatchObject({ line: String(lineOf('ssh from the internet')) });
    expect(suite.testcase[1]!.failure!.message).toContain('blocked by acl-web');
  });

  it('an invalid file is a test case with an error', async () => {
    const r = await cli(['check', INVALID, '--format', 'junit']);
    expect(r.code).toBe(2);
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    expect(r.stdout).toMatch(/<testsuites name="vpcsim check" tests="1" failures="0" errors="1">/);
    expect(r.stdout).toContain('<error message="');
  });
});

describe('check --format github', () => {
  it('one error annotation per failure at its line, then a summary line', async () => {
    const r = await cli(['check', FILE, '--format', 'github']);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^::error file=packages/cli/test/fixtures/ci/blocked.yaml,line=${lineOf('ssh from the internet')},title=vpcsim%3A expectation fails%3A ssh from the internet \\(fails on purpose\\)::`));
    // the message's newlines and the deciding rule's line are escaped into the one command
    expect(lines[0]).toContain(`%0Apackages/cli/test/fixtures/ci/blocked.yaml:${lineOf('rule: 90')}: forward: acl-web`);
    expect(lines[3]).toBe('vpcsim check: 1 passed, 3 failed');
  });
});

describe('check --json and --format json', () => {
  it('results carry file and line; --json is --format json', async () => {
    const a = await cli(['check', FILE, '--json']);
    const b = await cli(['check', FILE, '--format', 'json']);
    const timeless = (t: string): string => t.replace(/"elapsedMs": \d+/g, '"elapsedMs": 0');
    expect(timeless(a.stdout)).toBe(timeless(b.stdout));
    const j = JSON.parse(a.stdout) as { scenarios: { results: { name: string; file: string; line: number; related?: { line: number; path: string }[] }[] }[] };
    const results = j.scenarios[0]!.results;
    expect(results.map((x) => x.file)).toEqual(Array(4).fill(FILE));
    expect(results.map((x) => x.line)).toEqual([lineOf('the internet reaches the web server on 443'), lineOf('ssh from the internet'), lineOf('bob deletes assets'), lineOf('nothing on the internet reaches')]);
    expect(results[1]!.related).toEqual([expect.objectContaining({ line: lineOf('rule: 90'), path: 'networkAcls[0].inbound[0]' })]);
  });
  it('lines are found only for the formats that print them: the text report asks for none', async () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const located = await checkCommand([FILE]);
      const bare = await checkCommand([FILE], { locate: false });
      expect(located.scenarios[0]!.results.map((x) => x.line)).toEqual([lineOf('the internet reaches the web server on 443'), lineOf('ssh from the internet'), lineOf('bob deletes assets'), lineOf('nothing on the internet reaches')]);
      expect(bare.scenarios[0]!.results.map((x) => x.line)).toEqual([undefined, undefined, undefined, undefined]);
      // the same results otherwise: the deciding rules are still named, without their lines
      expect(bare.scenarios[0]!.results.map((x) => x.related?.map((y) => y.path))).toEqual(located.scenarios[0]!.results.map((x) => x.related?.map((y) => y.path)));
      expect(bare.scenarios[0]!.results[1]!.related![0]!.line).toBeUndefined();
    } finally {
      process.chdir(cwd);
    }
  });
  it('--json with another --format, or an unknown format, is a usage error', async () => {
    expect((await cli(['check', FILE, '--json', '--format', 'sarif'])).stderr).toMatch(/`--json` and `--format sarif` ask for two formats/);
    const r = await cli(['check', FILE, '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/`--format xml` is not one of `text`, `json`, `sarif`, `junit`, `github`/);
  });
});

describe('diff --format markdown', () => {
  it('a pull-request comment: a marker, the summary and a table row per change', async () => {
    const r = await cli(['diff', 'scenarios/vpc-three-tier.yaml', 'test/fixtures/diff/vpc-three-tier-ssh.yaml', '--format', 'markdown']);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('<!-- vpcsim-diff -->');
    expect(r.stdout).toContain('**2 changes**: 🔓 2 opened, 🔒 0 closed.');
    expect(r.stdout).toContain('| 🔓 | `internet`, `i-app-1` | `i-web-1` (3.80.1.10) | tcp 22 | unreachable (denied-sg-ingress at `sg-web`) | reachable (delivered) |');
  });
  it('changes that neither open nor close are counted too (a load balancer now served by other targets)', async () => {
    const r = await cli(['diff', 'scenarios/lb-alb-private-instances.yaml', 'test/fixtures/diff/lb-alb-tg-port-9000.yaml', '--format', 'markdown']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('**4 changes**: 🔓 0 opened, 🔒 0 closed, ~ 4 changed how.');
    expect(r.stdout).toContain('reachable (delivered via i-web-1, i-web-2) | reachable (delivered via i-web-3) |');
  });
  it('no change says so', async () => {
    const r = await cli(['diff', 'scenarios/vpc-three-tier.yaml', 'scenarios/vpc-three-tier.yaml', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**No change**');
  });
});
