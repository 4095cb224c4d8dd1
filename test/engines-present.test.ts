// Some suites were written while the engines were being built and skip themselves when an
// engine export is missing. Now that every engine exists, a missing export is a defect: this
// test fails so those skips can never hide one.
import { describe, expect, it } from 'vitest';
import * as analysis from '@vpcsim/analysis';
import * as iam from '@vpcsim/iam';
import * as importAws from '@vpcsim/import-aws';
import * as net from '@vpcsim/net';

const required: Record<string, [Record<string, unknown>, string[]]> = {
  '@vpcsim/net': [net, ['trace', 'compileNetwork', 'formatTrace', 'flowLogs', 'traceEndpoints']],
  '@vpcsim/iam': [iam, ['evaluate', 'compileIam', 'authorize', 'formatDecision']],
  '@vpcsim/analysis': [analysis, ['checkScenario', 'checkProperty', 'runExpectation', 'request', 'expandSelector']],
  '@vpcsim/import-aws': [importAws, ['importAws', 'scenarioToYaml', 'readExportDir']],
};

describe('every engine export the suites and the CLI rely on exists', () => {
  for (const [pkg, [mod, names]] of Object.entries(required))
    it.each(names)(`${pkg} exports %s`, (name) => expect(typeof mod[name]).toBe('function'));
});
