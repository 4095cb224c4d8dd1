import { applyPatches } from 'immer';
import { describe, expect, it } from 'vitest';
import { compile } from '../src/compile.js';
import { applyScenarioPatches, edit, editWithPatches } from '../src/edit.js';
import type { Model } from '../src/model.js';
import { base } from './fixtures.js';

function model(): Model {
  const r = compile(base(), { file: 'base.yaml' });
  if (!r.ok) throw new Error('base does not compile');
  return r.model;
}

describe('edit', () => {
  it('applies a recipe and recompiles', () => {
    const m = model();
    const r = edit(m, (d) => {
      d.instances![0]!.privateIp = '10.0.0.99';
    });
    expect(r.ok).toBe(true);
    expect(r.ok && r.model.network.networkInterfaces.find((i) => i.id === 'i-web/eth0')?.privateIp).toBe('10.0.0.99');
    expect(m.scenario.instances![0]!.privateIp).toBe('10.0.0.10');
    expect(r.ok && r.model.file).toBe('base.yaml');
  });
  it('re-validates: an edit that breaks a rule returns errors', () => {
    const r = edit(model(), (d) => {
      d.subnets![0]!.routeTable = 'rtb-nope';
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.map((e) => [e.code, e.path])).toEqual([['unknown-reference', ['subnets', 0, 'routeTable']]]);
  });
  it('a recipe that throws is an error value', () => {
    const r = edit(model(), () => {
      throw new Error('boom');
    });
    expect(!r.ok && r.errors[0]!.code).toBe('edit-failed');
  });
  it('editWithPatches returns patches that reproduce the edit', () => {
    const m = model();
    const r = editWithPatches(m, (d) => {
      d.securityGroups![0]!.inbound!.push({ protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' });
    });
    expect(r.ok).toBe(true);
    expect(r.patches).toEqual([{ op: 'add', path: ['securityGroups', 0, 'inbound', 4], value: { protocol: 'tcp', ports: 80, cidr: '0.0.0.0/0' } }]);
    expect(applyPatches(m.scenario, [...r.patches])).toEqual(r.ok && r.model.scenario);
    const again = applyScenarioPatches(m, r.patches);
    expect(again.ok && again.model.scenario.securityGroups![0]!.inbound).toHaveLength(5);
    const undo = r.ok ? applyScenarioPatches(r.model, r.inversePatches) : undefined;
    expect(undo?.ok && undo.model.scenario).toEqual(m.scenario);
  });
  it('patches with a bad path are an error value', () => {
    const r = applyScenarioPatches(model(), [{ op: 'replace', path: ['nope', 3, 'x'], value: 1 }]);
    expect(r.ok).toBe(false);
  });
});
