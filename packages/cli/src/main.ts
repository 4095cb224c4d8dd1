// The command line: parse argv, dispatch to a command, print its data, return the exit code.
// Every failure becomes one clear paragraph on stderr; `--debug` adds the stack trace.
import { readFileSync, existsSync } from 'node:fs';
import { access, constants, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { COMMANDS, commandHelp, commandSpec, mainHelp, type CommandSpec } from './cli-spec.js';
import { CliError } from './errors.js';
import { describeFsError, InvalidScenarioError } from './load.js';
import type { Diagnostic } from '@vpcsim/model';
import { colourEnabled, makeStyle, type Style } from './output/ansi.js';

/** Where the CLI reads and writes: the process, or a test double. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY?: boolean | undefined;
  readonly stdinIsTTY?: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const PACKAGE_ROOT = join(import.meta.dirname, '..');

/** The CLI's version, from its package.json. */
export function version(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The default worked scenario: `scenarios/vpc-three-tier.yaml`, else `scenarios/public-private-nat.yaml`. */
export function defaultScenario(): string {
  const dir = join(PACKAGE_ROOT, '..', '..', 'scenarios');
  const first = join(dir, 'vpc-three-tier.yaml');
  return existsSync(first) ? first : join(dir, 'public-private-nat.yaml');
}

type Values = Record<string, string | boolean | string[] | undefined>;

function parse(spec: CommandSpec, args: readonly string[]): { values: Values; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: spec.options as never, allowPositionals: true, strict: true });
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '').replace(/\.$/, '');
    throw new CliError(`${spec.name}: ${msg.charAt(0).toLowerCase()}${msg.slice(1)}`, 2, `see \`vpcsim ${spec.name} --help\``);
  }
  const values = parsed.values as Values;
  if (values['help']) return { values, positionals: parsed.positionals };
  const n = parsed.positionals.length;
  if (n < spec.positionals.min) {
    const one = n > 0 ? spec.positionals.names?.[n] : undefined;
    throw new CliError(`${spec.name}: missing ${one ? `the ${one}` : spec.positionals.name}`, 2, `usage: ${spec.usage}`);
  }
  if (n > spec.positionals.max) throw new CliError(`${spec.name}: unexpected argument \`${parsed.positionals[spec.positionals.max]}\``, 2, `usage: ${spec.usage}`);
  return { values, positionals: parsed.positionals };
}

function str(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function required(spec: CommandSpec, values: Values, name: string): string {
  const v = str(values, name);
  if (v === undefined || v === '') throw new CliError(`${spec.name}: \`--${name}\` is required`, 2, `usage: ${spec.usage}`);
  return v;
}

function int(values: Values, name: string, min: number, max: number): number | undefined {
  const v = str(values, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new CliError(`\`--${name} ${v}\` is not a whole number from ${min} to ${max}`);
  return Number(v);
}

function protocolOf(v: string | undefined): string | number | undefined {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : v.toLowerCase();
}

/** Runs the CLI on `argv` (without `node` and the script); resolves to the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  const style = makeStyle(colourEnabled({ isTTY: io.stdoutIsTTY }, io.env));
  const errStyle = makeStyle(colourEnabled({ isTTY: io.stderrIsTTY ?? io.stdoutIsTTY }, io.env));
  try {
    return await dispatch(argv, io, style);
  } catch (e) {
    // `--json` promises JSON on stdout, errors included: `{ "errors": [diagnostic] }`
    if (argv.includes('--json') && !argv.includes('--help') && !argv.includes('-h')) io.out(`${JSON.stringify({ errors: errorDiagnostics(e) }, null, 2)}\n`);
    return await reportError(e, io, errStyle, debug);
  }
}

/** An error as diagnostics (file, line, path, message, hint), for `--json`. */
function errorDiagnostics(e: unknown): Diagnostic[] {
  if (e instanceof InvalidScenarioError) return [...e.errors];
  if (e instanceof CliError) return [{ code: e.code, severity: 'error', path: [], message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(e.file !== undefined ? { file: e.file } : {}) }];
  return [{ code: 'internal-error', severity: 'error', path: [], message: `internal error: ${e instanceof Error ? e.message : String(e)}` }];
}

async function reportError(e: unknown, io: Io, s: Style, debug: boolean): Promise<number> {
  if (e instanceof InvalidScenarioError) {
    const { formatDiagnostic } = await import('@vpcsim/model');
    io.err(`${s.red('vpcsim:')} ${e.message}\n${e.errors.map((d) => `  ${formatDiagnostic(d)}`).join('\n')}\n`);
    return e.exitCode;
  }
  if (e instanceof CliError) {
    io.err(`${s.red('vpcsim:')} ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}\n`);
    if (debug && e.stack) io.err(`${e.stack}\n`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.err(`${s.red('vpcsim:')} internal error: ${err.message}. This is a vpcsim bug: please report it with the scenario${debug ? '' : ' (run again with --debug for the stack trace)'}.\n`);
  if (debug && err.stack) io.err(`${err.stack}\n`);
  return 2;
}

async function dispatch(argv: readonly string[], io: Io, s: Style): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // no command is a usage error: the usage goes to stderr, exit 2
    io.err(`${mainHelp(version())}\n`);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const sub = name === 'help' && rest[0] ? commandSpec(rest[0]) : undefined;
    io.out(`${sub ? commandHelp(sub) : mainHelp(version())}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v' || name === 'version') {
    io.out(`${version()}\n`);
    return 0;
  }
  const spec = commandSpec(name);
  if (!spec) {
    const known = COMMANDS.map((c) => c.name);
    const { didYouMean } = await import('@vpcsim/model');
    const guess = didYouMean(name, known);
    throw new CliError(`unknown command \`${name}\``, 2, guess ? `did you mean \`${guess}\`?` : `commands: ${known.join(', ')}; see \`vpcsim --help\``);
  }
  const { values, positionals } = parse(spec, rest);
  if (values['help']) {
    io.out(`${commandHelp(spec)}\n`);
    return 0;
  }
  const asJson = values['json'] === true;
  switch (spec.name) {
    case 'check':
    case 'validate': {
      const { checkCommand, checkExitCode } = await import('./commands/check.js');
      const validateOnly = spec.name === 'validate';
      const report = await checkCommand(positionals, { validateOnly, seed: int(values, 'seed', 0, 2 ** 31 - 1), runs: int(values, 'runs', 1, 10_000_000) });
      // an argument that cannot be read is reported like any error; the others are still checked
      const es = makeStyle(colourEnabled({ isTTY: io.stderrIsTTY ?? io.stdoutIsTTY }, io.env));
      for (const d of report.unreadable) io.err(`${es.red('vpcsim:')} ${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}\n`);
      if (asJson) io.out(`${(await import('./output/json.js')).toJson((await import('./output/json.js')).checkJson(report))}\n`);
      else if (report.scenarios.length > 0) io.out(`${(await import('./output/text.js')).formatCheckText(report, s, validateOnly)}\n`);
      return checkExitCode(report);
    }
    case 'trace': {
      const { traceCommand, traceExitCode } = await import('./commands/trace.js');
      const flow = {
        from: required(spec, values, 'from'),
        to: required(spec, values, 'to'),
        protocol: protocolOf(str(values, 'protocol')),
        port: int(values, 'port', 0, 65535),
        srcPort: int(values, 'src-port', 0, 65535),
        icmpType: int(values, 'icmp-type', 0, 255),
        icmpCode: int(values, 'icmp-code', 0, 255),
      };
      const o = await traceCommand(positionals[0]!, flow, { flowLogs: values['flow-logs'] === true, whatIf: values['what-if'] === true });
      if (asJson) {
        const { toJson, traceJson } = await import('./output/json.js');
        const body = traceJson(o.trace, o.flowLogs);
        io.out(`${toJson(o.whatIf ? { ...body, whatIf: { patches: o.whatIf.patches, unfixable: o.whatIf.unfixable, errors: o.whatIf.errors, trace: traceJson(o.whatIf.trace) } } : body)}\n`);
      } else {
        const { formatTraceText, formatFlowLogs, formatWhatIf } = await import('./output/text.js');
        io.out(`${formatTraceText(o.trace, o.flow, s)}\n${o.flowLogs ? `${formatFlowLogs(o.flowLogs, s)}\n` : ''}${o.whatIf ? `\n${formatWhatIf(o.whatIf, o.flow, s)}\n` : ''}`);
      }
      return traceExitCode(o.trace, o.whatIf);
    }
    case 'can': {
      const { canCommand, canExitCode, parseContext } = await import('./commands/can.js');
      const ctx = values['context'];
      const context = Array.isArray(ctx) && ctx.length ? parseContext(ctx) : undefined;
      const from = str(values, 'from');
      const request = { principal: from === undefined ? required(spec, values, 'principal') : str(values, 'principal'), action: required(spec, values, 'action'), resource: str(values, 'resource'), from, context };
      const o = await canCommand(positionals[0]!, request);
      if (asJson) {
        const { toJson, decisionJson } = await import('./output/json.js');
        io.out(`${toJson(decisionJson(o.decision, o.trace, { principal: o.principal, network: o.network }))}\n`);
      } else {
        const { formatDecisionText, formatTraceText } = await import('./output/text.js');
        let text = formatDecisionText(o.decision, { ...request, principal: o.principal ?? request.principal }, s);
        if (o.network) {
          const n = o.network;
          const ctx = Object.entries(n.context).map(([k, v]) => `${k}=${v}`).join(', ');
          text += `\n${s.cyan('network')}\n  ${n.reached ? s.green('✓ reached the service') : s.red('✗ did not reach the service')} (${n.disposition})${n.via ? ` via ${n.via}` : ''}${n.endpoint ? ` ${n.endpoint}` : ''}${n.reason ? `: ${n.reason}` : ''}${ctx ? `\n  context ${ctx}` : ''}`;
        }
        // a request to an AWS API is HTTPS: tcp/443 to the service the action names
        const service = (o.trace?.service as { service?: string } | undefined)?.service ?? request.action.split(':')[0]!.toLowerCase();
        if (o.trace) text += `\n\nnetwork path of the request\n${formatTraceText(o.trace, { from: request.from!, to: `service:${service}`, protocol: 'tcp', port: 443 }, s)}`;
        io.out(`${text}\n`);
      }
      return canExitCode(o);
    }
    case 'diff': {
      const [{ loadModel }, { diffScenarios }] = await Promise.all([import('./load.js'), import('@vpcsim/analysis')]);
      const [before, after] = await Promise.all([loadModel(positionals[0]!), loadModel(positionals[1]!)]);
      const d = diffScenarios(before, after);
      if (asJson) io.out(`${JSON.stringify(d, null, 2)}\n`);
      else io.out(`${(await import('./output/text.js')).formatDiff(d, positionals[0]!, positionals[1]!, s)}\n`);
      return d.network.changed.length + d.iam.changed.length > 0 ? 1 : 0;
    }
    case 'import': {
      const { importCommand } = await import('./commands/import.js');
      const o = await importCommand(positionals[0]!);
      const { formatDiagnostic } = await import('@vpcsim/model');
      const errors = o.diagnostics.filter((d) => d.severity === 'error');
      if (o.diagnostics.length) io.err(`${o.diagnostics.map((d) => (d.severity === 'error' ? s.red : s.yellow)(formatDiagnostic(d))).join('\n')}\n`);
      if (errors.length) throw new CliError(`import found ${errors.length} error${errors.length === 1 ? '' : 's'}; no scenario written`);
      const out = str(values, 'output');
      if (out) {
        await writeFile(out, o.yaml);
        io.err(`wrote ${out}\n`);
      } else io.out(o.yaml.endsWith('\n') ? o.yaml : `${o.yaml}\n`);
      return 0;
    }
    case 'schema': {
      const { schemaCommand } = await import('./commands/schema.js');
      io.out(`${JSON.stringify(schemaCommand(), null, 2)}\n`);
      return 0;
    }
    case 'tui': {
      const file = positionals[0] ?? defaultScenario();
      // a missing file is the first thing to say, before anything about the terminal
      try {
        await access(file, constants.R_OK);
      } catch (e) {
        throw new CliError(`cannot read \`${file}\`: ${describeFsError(e)}`, 2, undefined, file, 'unreadable-file');
      }
      if (!io.stdinIsTTY || !io.stdoutIsTTY) throw new CliError('the terminal UI needs an interactive terminal (stdin and stdout)', 2, `for scripts use \`vpcsim trace\`, \`vpcsim can\` or \`vpcsim check\``);
      return openTui(file);
    }
    case 'start':
      return start(io, s);
    default:
      throw new CliError(`\`${spec.name}\` is not implemented`);
  }
}

/**
 * Opens the terminal UI (the caller has checked that stdin and stdout are terminals). ink draws
 * only the last frame when `CI` or `CONTINUOUS_INTEGRATION` is set (is-in-ci, read once when
 * ink is first imported); someone is there to see the UI, so the flags are cleared before ink
 * loads, or the screen would stay blank until `q`.
 */
async function openTui(file: string): Promise<number> {
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
  const { runTui } = await import('./tui/run.js');
  return runTui(file);
}

async function start(io: Io, s: Style): Promise<number> {
  const file = defaultScenario();
  if (io.stdoutIsTTY && io.stdinIsTTY) {
    return openTui(file);
  }
  const { checkCommand, checkExitCode } = await import('./commands/check.js');
  const { formatCheckText, formatTraceText } = await import('./output/text.js');
  const report = await checkCommand([file]);
  io.out(`${formatCheckText(report, s, false)}\n`);
  const { loadFile } = await import('./load.js');
  const loaded = await loadFile(file);
  const sample = loaded.ok ? loaded.model.scenario.expect?.find((e) => e.trace)?.trace : undefined;
  if (loaded.ok && sample) {
    const { loadNet } = await import('./engines.js');
    const trace = (await loadNet()).trace(loaded.model, sample);
    io.out(`\nsample trace (vpcsim trace ${file} --from ${sample.from} --to ${sample.to}${sample.port !== undefined ? ` --port ${sample.port}` : ''}):\n\n${formatTraceText(trace, sample, s)}\n`);
  }
  io.out(`\nOn a terminal, \`npm start\` opens the UI (\`vpcsim tui\`).\n`);
  return checkExitCode(report);
}
