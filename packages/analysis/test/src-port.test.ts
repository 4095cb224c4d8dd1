// The client's source port is quantified too: network ACLs see it on the reply (as its
// destination port), so a property proved for one source port could fail for another.
// https://docs.aws.amazon.com/vpc/latest/userguide/nacl-ephemeral-ports.html
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, type Model, type Property } from '@vpcsim/model';
import { checkProperty } from '../src/index.js';

/** The three-tier scenario with the database ACL's outbound (reply) rule on `ports`. */
function threeTier(ports: string): Model {
  const raw = parse(readFileSync(join(import.meta.dirname, '../../../scenarios/vpc-three-tier.yaml'), 'utf8')) as { networkAcls: { id: string; outbound: { ports: string }[] }[]; properties?: unknown; expect?: unknown };
  raw.networkAcls.find((a) => a.id === 'acl-db')!.outbound[0]!.ports = ports;
  delete raw.properties;
  delete raw.expect;
  const c = compile(raw);
  if (!c.ok) throw new Error(c.errors.map((e) => e.message).join('\n'));
  return c.model;
}
const appToDb = (reachable: boolean): Property => ({ name: 'p', forall: { from: 'i-app-*', to: 'i-db-*', protocol: 'tcp', port: 5432 }, reachable });

describe('source ports', () => {
  it('replies allowed only to 32768-65535: a client on a lower port gets no answer (the counterexample names its port)', () => {
    const r = checkProperty(threeTier('32768-65535'), appToDb(true));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toEqual({ from: 'i-app-1', to: 'i-db-1', protocol: 'tcp', port: 5432, srcPort: 1024, class: 'i-app-1 → i-db-1 (10.16.16.10) tcp 5432 from source ports 1024-32767' });
    expect(r.trace).toMatchObject({ reachable: false, disposition: 'reply-denied', blockedBy: 'acl-db' });
  });
  it('replies allowed only to 1024-49151: the default port 49152 is blocked, but another client port gets through', () => {
    const r = checkProperty(threeTier('1024-49151'), appToDb(false));
    expect(r.passed).toBe(false);
    expect(r.counterexample).toMatchObject({ port: 5432, srcPort: 1024 });
    expect(r.trace).toMatchObject({ reachable: true });
  });
  it('replies allowed to every ephemeral port: proved over every source port class, and the counterexample-free result says so', () => {
    const r = checkProperty(threeTier('1024-65535'), appToDb(true));
    expect(r.passed).toBe(true);
    expect(r.stats?.summary).toMatch(/^proved for every packet \(.*source ports 1024-65535\)/);
  });
  it('when the source port does not matter, a counterexample keeps the default port (no srcPort)', () => {
    const r = checkProperty(threeTier('1024-65535'), appToDb(false));
    expect(r.passed).toBe(false);
    expect(r.counterexample).not.toHaveProperty('srcPort');
  });
});
