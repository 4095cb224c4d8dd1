// End to end: `vpcsim trace` to a load balancer (both legs in text, `targets[]` in JSON, the
// fixes `--what-if` applies, flow logs of both legs) and `vpcsim check` of the worked scenarios.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, json, ROOT, vpcsim } from './helpers.js';

beforeAll(() => ensureBuilt(), 300_000);

const alb = join(ROOT, 'scenarios', 'lb-alb-private-instances.yaml');

describe('vpcsim trace --to a load balancer', () => {
  it('prints the client leg, then each target\'s leg from the node, and exits 0 when a target is reachable', () => {
    const r = vpcsim(['trace', alb, '--from', 'internet', '--to', 'alb-web', '--port', '443']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('targets of alb-web (node alb-web/subnet-public-a, listener HTTPS 443 → tg-web)');
    expect(r.stdout).toMatch(/✓ i-web-1 {2}instance, port 8080, from alb-web\/subnet-public-a: reachable \(delivered\)/);
    expect(r.stdout).toMatch(/✗ i-web-3 {2}instance, port 8080, from alb-web\/subnet-public-a, unhealthy: unreachable \(target-unhealthy\) at sg-web-3/);
    expect(r.stdout).toContain('health check HTTP 8080: fails');
    expect(r.stdout).toContain('✓ reachable (delivered)');
  });
  it('--json: `targets[]` with each leg, and the load balancer the client reached', () => {
    const j = json<{ reachable: boolean; loadBalancer: unknown; targets: Record<string, unknown>[] }>(vpcsim(['trace', alb, '--from', 'internet', '--to', 'lb:alb-web', '--port', '443', '--json']));
    expect(j.reachable).toBe(true);
    expect(j.loadBalancer).toEqual({ id: 'alb-web', node: 'alb-web/subnet-public-a', listener: 'HTTPS 443 → tg-web' });
    expect(j.targets.map((t) => [t['target'], t['reachable'], t['healthy'], t['disposition']])).toEqual([
      ['i-web-1', true, true, 'delivered'],
      ['i-web-2', true, true, 'delivered'],
      ['i-web-3', false, false, 'target-unhealthy'],
    ]);
    for (const t of j.targets) for (const k of ['target', 'node', 'healthy', 'reachable', 'disposition', 'blockedBy', 'forward', 'return']) expect(t).toHaveProperty(k);
  });
  it('--what-if admits the load balancer\'s group in the targets\' group and traces again', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'vpcsim-lb-')), 'alb.yaml');
    writeFileSync(file, readFileSync(alb, 'utf8').replace('    inbound:\n      - { protocol: tcp, ports: 8080, securityGroup: sg-alb }\n', '    inbound: []\n'));
    const r = vpcsim(['trace', file, '--from', 'internet', '--to', 'alb-web', '--port', '443', '--what-if']);
    expect(r.stdout).toContain('✗ unreachable (denied-sg-ingress): blocked by sg-web');
    expect(r.stdout).toContain("fix: add an inbound rule to `sg-web` allowing TCP 8080 from the load balancer's security group `sg-alb`");
    expect(r.stdout).toContain('add securityGroups[sg-web].inbound[0] = { protocol: tcp, ports: 8080, securityGroup: sg-alb }');
    expect(r.stdout).toContain('✓ then reachable (delivered)');
    expect(r.code).toBe(0);
  });
  it('--flow-logs records both legs (the node\'s interface, the targets\')', () => {
    const r = vpcsim(['trace', alb, '--from', 'internet', '--to', 'alb-web', '--port', '443', '--flow-logs']);
    expect(r.stdout).toMatch(/alb-web\/subnet-public-a 203\.0\.113\.10 10\.20\.0\.50 49152 443 6 .* ACCEPT OK/);
    expect(r.stdout).toMatch(/i-web-1\/eth0 10\.20\.0\.50 10\.20\.32\.10 49152 8080 6 .* ACCEPT OK/);
  });
  it('a port with no listener: refused at the listener, exit 1', () => {
    const r = vpcsim(['trace', join(ROOT, 'scenarios', 'lb-nlb-client-ip.yaml'), '--from', 'internet', '--to', 'nlb-api', '--port', '8443']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ unreachable (no-listener): blocked by nlb-api');
  });
});

describe('vpcsim check: the load balancer scenarios', () => {
  it('every expectation and property holds', () => {
    const r = vpcsim(['check', alb, join(ROOT, 'scenarios', 'lb-nlb-client-ip.yaml'), join(ROOT, 'scenarios', 'lb-gwlb-inspection.yaml')]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('23 passed, 0 failed');
  });
});
