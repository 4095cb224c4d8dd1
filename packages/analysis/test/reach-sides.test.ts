// `reachSides`: how many sources and destinations a reach question walks, said before the walk
// (the terminal UI shows it while it walks): the counts `reachQuery` reports after it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compile, type Model } from '@vpcsim/model';
import { reachQuery, reachSides, type ReachQuery } from '../src/index.js';

const three = ((): Model => {
  const c = compile(parse(readFileSync(join(import.meta.dirname, '../../../scenarios/vpc-three-tier.yaml'), 'utf8')));
  if (!c.ok) throw new Error('three-tier does not compile');
  return c.model;
})();

describe('reachSides', () => {
  const questions: ReachQuery[] = [{}, { from: ['internet'] }, { to: ['i-db-1'] }, { from: ['subnet:subnet-web-a'], to: ['internet', 'i-app-1'] }, { from: ['i-*'] }];
  for (const q of questions)
    it(`counts what reachQuery walks: ${JSON.stringify(q)}`, () => {
      const r = reachQuery(three, q);
      expect(reachSides(three, q)).toEqual({ sources: r.stats.sources, destinations: r.stats.destinations });
    });
  it('every source and every destination by default: the instances and the internet', () => {
    expect(reachSides(three)).toEqual({ sources: 4, destinations: 5 });
  });
  it('counts nothing for a selector that selects nothing (reachQuery says why)', () => {
    expect(reachSides(three, { from: ['i-wbe-1'] }).sources).toBe(0);
  });
});
