// End to end: `vpcsim validate` on the second round of format extensions (issue 14's bad inputs:
// located errors with hints on stderr, exit 2; the draft scenarios of test/fixtures/format-2 valid).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, json, ROOT, vpcsim } from './helpers.js';

beforeAll(() => ensureBuilt(), 300_000);

const invalid = (f: string) => join(ROOT, 'scenarios', 'invalid', f);

describe('vpcsim validate: load balancers and Direct Connect', () => {
  it.each([
    ['listener-missing-target-group.yaml', ':24 loadBalancers[0].listeners[0].targetGroup: unknown target group `tg-wbe` — hint: did you mean `tg-web`?'],
    ['target-outside-vpc.yaml', ":28 targetGroups[0].targets[1].id: instance `i-web-2` is in `vpc-b`, not in the target group's VPC `vpc-a` — hint:"],
    ['vif-missing-connection.yaml', ':16 directConnect.virtualInterfaces[0].connection: unknown Direct Connect connection `dxcon-l` — hint: did you mean `dxcon-1`?'],
    ['allowed-prefix-not-cidr.yaml', ':15 directConnect.gateways[0].associations[0].allowedPrefixes[0]: `10.0.0.1/8` has host bits set: the block is `10.0.0.0/8` — hint:'],
  ])('%s: a located error with a hint, exit 2', (file, text) => {
    const r = vpcsim(['validate', invalid(file)]);
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain(`${invalid(file)}${text}`);
    const j = json<{ scenarios: { valid: boolean; errors: { path: unknown[]; hint?: string; line?: number }[] }[] }>(vpcsim(['validate', invalid(file), '--json']));
    expect(j.scenarios[0]!.valid).toBe(false);
    expect(j.scenarios[0]!.errors[0]!.hint).toBeTruthy();
  });
  it("docs/scenario-format.md's first scenario holds (`vpcsim check`)", () => {
    const doc = readFileSync(join(ROOT, 'docs', 'scenario-format.md'), 'utf8');
    const first = /```yaml\n(version: 1[\s\S]*?)```/.exec(doc)![1]!;
    const file = join(mkdtempSync(join(tmpdir(), 'vpcsim-doc-')), 'first.yaml');
    writeFileSync(file, first);
    const r = vpcsim(['check', file]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('2 passed, 0 failed');
  });
  it('the draft scenarios of test/fixtures/format-2 are valid', () => {
    const r = vpcsim(['validate', join(ROOT, 'test', 'fixtures', 'format-2')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('3 valid');
  });
});
