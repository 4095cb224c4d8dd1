// End-to-end: the real binary in a pseudo-terminal (util-linux `script`), keys typed with
// pauses, the screen read back ANSI-stripped after each step: each step waits until what it
// expects is drawn, so a slow machine is slower, never red.
import { spawn, spawnSync } from 'node:child_process';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, engines, ensureBuilt, FIX, ROOT } from './helpers.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasScript) console.warn('tui-pty.test.ts skipped: util-linux `script` is not installed (needed to run the UI in a pseudo-terminal)');

// eslint-disable-next-line no-control-regex
const strip = (s: string) => s.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b[()][A-Za-z0-9]|\u001b[=>78cDEHM]/g, '').replace(/\r/g, '');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LIVENESS_MS = 60_000;

/** The UI in a pty: `keys(...)` types and returns what was drawn since the previous step. */
function openPty(args: string[]) {
  const cmd = `stty cols 100 rows 40; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} ${args.map((a) => JSON.stringify(a)).join(' ')}`;
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '', TERM: 'xterm-256color', CI: 'true' /* as on CI machines: the UI must draw anyway */ } });
  let all = '';
  let mark = 0;
  child.stdout.on('data', (d: Buffer) => (all += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (all += d.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    /** Waits until everything in `texts` has been drawn since the previous step (a liveness
     *  bound, not a speed assertion: a busy CI machine may take seconds), then returns it. */
    async waitFor(...texts: string[]): Promise<string> {
      const t0 = Date.now(); // liveness bound
      const seen = () => strip(all.slice(mark));
      while (!texts.every((t) => seen().includes(t))) {
        if (Date.now() - t0 > LIVENESS_MS /* liveness */) throw new Error(`screen never showed ${JSON.stringify(texts)}; it showed:\n${seen().slice(-2500)}`);
        await sleep(50);
      }
      const chunk = seen();
      mark = all.length;
      return chunk;
    },
    /** Types keys one by one (the UI applies them in order whatever their timing). */
    async keys(...ks: string[]): Promise<void> {
      for (const k of ks) {
        child.stdin.write(k);
        await sleep(30);
      }
    },
    exited,
    /** Everything the UI wrote, escape sequences included. */
    raw: () => all,
    kill: () => child.kill('SIGKILL'),
  };
}

/** Presses q: the UI exits 0. */
async function quits(ui: ReturnType<typeof openPty>): Promise<void> {
  await ui.keys('q');
  const code = await Promise.race([ui.exited, sleep(LIVENESS_MS).then(() => 'timeout')]);
  expect(code).toBe(0);
}

describe.skipIf(!hasScript)('vpcsim tui in a pseudo-terminal', () => {
  beforeAll(() => ensureBuilt(), 300_000);

  const HAS = hasScript ? engines() : undefined;
  it.skipIf(!HAS?.net || !HAS.iam || !HAS.analysis)('shows a trace, steps through hops, opens help, switches screens and quits on q', async () => {
    const ui = openPty(['tui', relative(ROOT, join(FIX, 'small.yaml'))]);
    try {
      const first = await ui.waitFor('forward path', '✓ reachable');
      expect(first).toContain('source i-web-1');
      expect(first).toContain('destination 8.8.8.8');

      await ui.keys('\t');
      const hops = await ui.waitFor('forward 1');
      expect(hops).toMatch(/▶ 1 ✓/); // the first hop is selected and detailed

      await ui.keys('?');
      const help = await ui.waitFor('keys (? or esc closes)', 'swap source and destination');
      expect(help).toContain('swap source and destination');
      await ui.keys('?');

      await ui.keys('3');
      const done = await ui.waitFor('passed,');
      expect(done).toMatch(/5 passed, 0 failed/);

      await ui.keys('2', '\r', 'w', 'e', 'b', '\r', '\r', 'G', 'e', 't', '\r', '\r', 'e', 'x', 'a', '\r');
      const req = await ui.waitFor('principal role/web', 'arn:aws:s3:::assets/example-object', '✓ allowed');
      expect(req).toContain('✓ allowed');

      await quits(ui);
    } finally {
      ui.kill();
    }
  }, 300_000);

  // issue 12: the reach screen walks on a worker thread (the built one), and a line's witness opens as a trace
  it.skipIf(!HAS?.net || !HAS.analysis)('asks what the internet reaches on the reach screen, traces a line, comes back on esc', async () => {
    const ui = openPty(['tui', 'scenarios/vpc-three-tier.yaml']);
    try {
      await ui.waitFor('forward path');
      await ui.keys('4');
      const lines = await ui.waitFor('1 line · proved over every packet of 1 source to 5 destinations', 'internet → i-web-1 (3.80.1.10) tcp 80, 443');
      expect(lines).toContain('from internet');

      await ui.keys('\t', '\r');
      const trace = await ui.waitFor('reach line 1 of 1: its witness packet, hop by hop', '✓ reachable (delivered)');
      expect(trace).toContain('source internet:203.0.113.10');

      await ui.keys('\u001b');
      await ui.waitFor('line 1 of 1', 'witness');

      await quits(ui);
    } finally {
      ui.kill();
    }
  }, 300_000);

  // issue 18: ctrl-c exited 0 and left the frame behind; q left a frame without its title line
  it.each([
    ['ctrl-c', 130, '\u0003'],
    ['q', 0, 'q'],
  ])('%s exits %d and gives the terminal back: the alternate screen left, the cursor shown', async (_name, status, key) => {
    const ui = openPty(['tui', relative(ROOT, join(FIX, 'small.yaml'))]);
    try {
      await ui.waitFor('forward path');
      expect(ui.raw()).toContain('\u001b[?1049h');
      await ui.keys(key);
      const code = await Promise.race([ui.exited, sleep(LIVENESS_MS).then(() => 'timeout')]);
      expect(code).toBe(status);
      // nothing is drawn after the terminal is given back
      const out = ui.raw();
      expect(out.slice(out.lastIndexOf('\u001b[?1049l'))).toMatch(/^\u001b\[\?1049l\u001b\[\?25h[\s\S]{0,40}$/);
    } finally {
      ui.kill();
    }
  }, 300_000);

  it('shows the validation errors of an invalid scenario and still quits on q', async () => {
    const ui = openPty(['tui', relative(ROOT, join(FIX, 'invalid', 'bad.yaml'))]);
    try {
      const screen = await ui.waitFor('is not a valid scenario', 'subnets[0]');
      expect(screen).toMatch(/bad\.yaml:\d+ subnets\[0\]/);
      await quits(ui);
    } finally {
      ui.kill();
    }
  }, 300_000);
});
