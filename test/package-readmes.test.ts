// Each package README's first TypeScript example runs (STYLE: the docs stay true). The iam,
// net and import-aws READMEs are run by their own packages' tests, with their outputs.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

async function runExample(pkg: string): Promise<string[]> {
  const readme = readFileSync(join(ROOT, 'packages', pkg, 'README.md'), 'utf8');
  const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!code) throw new Error(`packages/${pkg}/README.md has no \`\`\`ts example`);
  const file = join(ROOT, 'packages', pkg, `.readme-example-${process.pid}.ts`);
  writeFileSync(file, code);
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await import(/* @vite-ignore */ file);
    return log.mock.calls.map((c) => c.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' '));
  } finally {
    log.mockRestore();
    rmSync(file, { force: true });
  }
}

describe('package README examples', () => {
  it('model: compiles a scenario and finds the implicit main route table', async () => {
    expect(await runExample('model')).toEqual(['vpc-app/main-rtb']);
  });
  it('import-iac: imports the community VPC module plan and lists its subnets by address', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expect(await runExample('import-iac')).toEqual(['terraform module.vpc.aws_subnet.private[0], module.vpc.aws_subnet.private[1], module.vpc.aws_subnet.private[2], module.vpc.aws_subnet.public[0], module.vpc.aws_subnet.public[1], module.vpc.aws_subnet.public[2]']);
    } finally {
      warn.mockRestore();
    }
  });
  it('analysis: checks a scenario and sends a request through the gateway endpoint', async () => {
    const out = await runExample('analysis');
    expect(out.length).toBeGreaterThan(5);
    expect(out.slice(0, -1).every((l) => l.startsWith('✓ '))).toBe(true);
    expect(out.at(-1)).toBe('allowed gateway-endpoint {"aws:SourceVpc":"vpc-main","aws:SourceVpce":"vpce-s3","aws:VpcSourceIp":"10.0.10.10"}');
  });
});
