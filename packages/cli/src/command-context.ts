// What a command's `run` receives: its parsed arguments, where to write, and how to style text.
// `main` parses argv against the command's spec (cli-spec.ts) and looks the command up in
// commands/index.ts; each command lives in commands/<name>.ts with its `run`.
import { CliError } from './errors.js';
import type { CommandSpec } from './cli-spec.js';
import type { Style } from './output/ansi.js';

/** Where the CLI reads and writes: the process, or a test double. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY?: boolean | undefined;
  readonly stdinIsTTY?: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Parsed flag values, as node:util parseArgs gives them. */
export type Values = Record<string, string | boolean | string[] | undefined>;

/** One command's invocation. */
export interface CommandContext {
  readonly spec: CommandSpec;
  readonly values: Values;
  readonly positionals: readonly string[];
  readonly io: Io;
  /** Styles for stdout and for stderr (colour only where that stream is a terminal). */
  readonly style: Style;
  readonly errStyle: Style;
}

/** A command: runs and resolves to the exit code. */
export type Run = (ctx: CommandContext) => Promise<number>;

/** A string flag's value, if given. */
export function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A boolean flag. */
export function flag(ctx: CommandContext, name: string): boolean {
  return ctx.values[name] === true;
}

/** A string flag that must be given. */
export function required(ctx: CommandContext, name: string): string {
  const v = str(ctx, name);
  if (v === undefined || v === '') throw new CliError(`${ctx.spec.name}: \`--${name}\` is required`, 2, `usage: ${ctx.spec.usage}`);
  return v;
}

/** A whole-number flag within [min, max], if given. */
export function int(ctx: CommandContext, name: string, min: number, max: number): number | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new CliError(`\`--${name} ${v}\` is not a whole number from ${min} to ${max}`);
  return Number(v);
}

/** `--protocol`: a number, or a name (lowercased). */
export function protocolOf(v: string | undefined): string | number | undefined {
  if (v === undefined) return undefined;
  return /^\d+$/.test(v) ? Number(v) : v.toLowerCase();
}

/**
 * `--format F` among `formats` (the first is the default); `--json` stands for `--format json`
 * and may not contradict it.
 */
export function formatOf<F extends string>(ctx: CommandContext, formats: readonly F[]): F {
  const given = str(ctx, 'format');
  if (given !== undefined && !formats.includes(given as F))
    throw new CliError(`\`--format ${given}\` is not one of ${formats.map((f) => `\`${f}\``).join(', ')}`, 2, `see \`vpcsim ${ctx.spec.name} --help\``);
  if (flag(ctx, 'json')) {
    if (given !== undefined && given !== 'json') throw new CliError(`\`--json\` and \`--format ${given}\` ask for two formats`, 2, '`--json` is `--format json`: give one of them');
    return 'json' as F;
  }
  return (given as F | undefined) ?? formats[0]!;
}
