// What a command's `run` receives: its parsed arguments, where to write, and how to style text.
// `main` parses argv against the command's spec (cli-spec.ts) and looks the command up in
// commands/index.ts; each command lives in commands/<name>.ts with its `run`.
import { didYouMean } from '@vpcsim/model';
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
export function int(ctx: CommandContext, name: string, min: number, max: number, hint?: string): number | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max)
    throw new CliError(`\`--${name} ${v}\` is not a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}`, 2, hint ?? `see \`vpcsim ${ctx.spec.name} --help\``);
  return Number(v);
}

/**
 * Port names a person types for the ports they mean (the IANA service names, and the usual
 * short forms): `--port https` is 443. https://www.iana.org/assignments/service-names-port-numbers
 */
export const PORT_NAMES: Readonly<Record<string, number>> = Object.freeze({
  ftp: 21, ssh: 22, telnet: 23, smtp: 25, dns: 53, domain: 53, http: 80, pop3: 110, ntp: 123, imap: 143, snmp: 161, ldap: 389, https: 443, smb: 445,
  smtps: 465, submission: 587, ldaps: 636, imaps: 993, pop3s: 995, mssql: 1433, oracle: 1521, nfs: 2049, mysql: 3306, rdp: 3389, postgres: 5432,
  postgresql: 5432, winrm: 5985, redis: 6379, 'http-alt': 8080, elasticsearch: 9200, kafka: 9092, memcached: 11211, mongodb: 27017,
});

/** A port flag: a number from 0 to 65535, or a port name (`https`, `ssh`), if given. */
export function port(ctx: CommandContext, name: string): number | undefined {
  const v = str(ctx, name);
  if (v === undefined || /^\d+$/.test(v)) return int(ctx, name, 0, 65535, 'write a port number, or a name such as `https` or `ssh`');
  const n = Object.hasOwn(PORT_NAMES, v.toLowerCase()) ? PORT_NAMES[v.toLowerCase()] : undefined;
  if (n !== undefined) return n;
  const guess = didYouMean(v.toLowerCase(), Object.keys(PORT_NAMES));
  throw new CliError(`\`--${name} ${v}\` is not a port`, 2, guess ? `did you mean \`${guess}\` (${PORT_NAMES[guess]})?` : 'write a port number from 0 to 65535, or a name such as `https` (443) or `ssh` (22)');
}

/** A port-range flag: `N`, `A-B`, `all` or a port name, if given, as [first, last]. */
export function portRange(ctx: CommandContext, name: string): [number, number] | undefined {
  const v = str(ctx, name);
  if (v === undefined) return undefined;
  if (v === 'all') return [0, 65535];
  const m = /^(\d+)-(\d+)$/.exec(v);
  if (m) {
    const [lo, hi] = [Number(m[1]), Number(m[2])];
    if (lo > 65535 || hi > 65535 || lo > hi) throw new CliError(`\`--${name} ${v}\` is not a port range: ports are 0 to 65535, the first no larger than the last`, 2, 'write 1024-65535, 443 or all');
    return [lo, hi];
  }
  const one = port(ctx, name)!;
  return [one, one];
}

/** Protocol names the tracer takes, with their IP protocol numbers (https://www.iana.org/assignments/protocol-numbers). */
const PROTOCOL_NAMES: Readonly<Record<string, string | number>> = Object.freeze({ tcp: 'tcp', udp: 'udp', icmp: 'icmp', icmpv6: 'icmpv6', 'ipv6-icmp': 'icmpv6', gre: 47, esp: 50, ah: 51, sctp: 132 });

/** `--protocol`: a name (`tcp`, `udp`, `icmp`, `icmpv6`, ...) or an IP protocol number from 0 to 255. */
export function protocolOf(v: string | undefined): string | number | undefined {
  if (v === undefined) return undefined;
  if (/^\d+$/.test(v)) {
    if (Number(v) > 255) throw new CliError(`\`--protocol ${v}\` is not an IP protocol: protocol numbers are 0 to 255`, 2, 'write tcp, udp, icmp or icmpv6, or a number such as 47 (GRE)');
    return Number(v);
  }
  const key = v.toLowerCase();
  if (Object.hasOwn(PROTOCOL_NAMES, key)) return PROTOCOL_NAMES[key];
  if (key === 'all' || key === '-1') throw new CliError('a trace follows one packet, of one protocol: `all` is not one', 2, 'write tcp, udp, icmp or icmpv6 (properties take `protocol: all`)');
  const guess = didYouMean(key, Object.keys(PROTOCOL_NAMES));
  throw new CliError(`\`--protocol ${v}\` is not a protocol vpcsim knows`, 2, guess ? `did you mean \`${guess}\`?` : 'write tcp, udp, icmp or icmpv6, or an IP protocol number from 0 to 255');
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
