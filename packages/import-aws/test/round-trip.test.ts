// Round trip: import → YAML → load → the same model as compiling the imported object.
import { compile, loadScenario, parseScenarioText } from '@vpcsim/model';
import { describe, expect, it } from 'vitest';
import { importAws, scenarioToYaml } from '../src/index.js';
import { fixture } from './helpers.js';

const EXAMPLES = ['corp', 'real-transit-gateway-peering', 'real-vpc-endpoint-gateway', 'real-public-private-subnet', 'real-vpc-peering'];

describe('import → YAML → load', () => {
  for (const name of EXAMPLES) {
    it(`${name}: the YAML loads into the same model`, () => {
      const { scenario } = importAws(fixture(name));
      const direct = compile(scenario);
      expect(direct.ok ? [] : direct.errors).toEqual([]);
      const yaml = scenarioToYaml(scenario);
      const loaded = loadScenario(yaml, 'imported.yaml');
      expect(loaded.ok ? [] : loaded.errors).toEqual([]);
      if (!direct.ok || !loaded.ok) return;
      expect(loaded.model.scenario).toEqual(direct.model.scenario);
      expect(loaded.model.network).toEqual(direct.model.network);
    });
  }

  it('writes stable text: the same scenario gives the same YAML, with a header naming the source', () => {
    const a = scenarioToYaml(importAws(fixture('corp')).scenario);
    const b = scenarioToYaml(importAws(fixture('corp')).scenario);
    expect(a).toBe(b);
    expect(a.split('\n')[0]).toMatch(/^# vpcsim scenario imported from AWS CLI exports \(\d+ files; accounts 111111111111, 222222222222/);
    expect(a).toContain('version: 1');
    // account ids stay strings
    expect(a).toContain('account: "222222222222"');
    const parsed = parseScenarioText(a, 'x.yaml');
    expect(parsed.errors).toEqual([]);
    expect(Object.keys(parsed.value as object).slice(0, 4)).toEqual(['version', 'name', 'description', 'defaults']);
    // routes print one per line
    expect(a).toContain('- { destination: 0.0.0.0/0, target: igw-0a1000000000000a1 }');
  });

  it('names a given source in the header', () => {
    expect(scenarioToYaml({ version: 1 }, 'exports/prod').startsWith('# vpcsim scenario imported from AWS CLI exports (exports/prod)')).toBe(true);
  });
});
