// `vpcsim init [dir]`: writes a worked scenario into a folder, so an installed vpcsim has
// something to trace and check at once. Never overwrites a file.
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { str, type CommandContext } from '../command-context.js';
import { CliError } from '../errors.js';
import { describeFsError } from '../load.js';
import { scenariosDir } from '../version.js';

/** The worked scenarios one can ask for by name (file names without `.yaml`). */
export async function workedScenarios(): Promise<string[]> {
  return (await readdir(scenariosDir())).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort();
}

/** `vpcsim init`. */
export async function run(ctx: CommandContext): Promise<number> {
  const dir = ctx.positionals[0] ?? '.';
  const name = str(ctx, 'scenario') ?? 'vpc-three-tier';
  const names = await workedScenarios();
  if (!names.includes(name)) {
    const { didYouMean } = await import('@vpcsim/model');
    const guess = didYouMean(name, names);
    throw new CliError(`no worked scenario \`${name}\``, 2, guess ? `did you mean \`${guess}\`?` : `one of: ${names.join(', ')}`);
  }
  const to = join(dir, `${name}.yaml`);
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new CliError(`cannot create \`${dir}\`: ${describeFsError(e)}`);
  }
  if (await stat(to).then(() => true, () => false)) throw new CliError(`\`${to}\` exists: not overwritten`, 2, 'remove it, or pass another folder');
  await copyFile(join(scenariosDir(), `${name}.yaml`), to);
  ctx.io.out(
    [
      `wrote ${to}`,
      '',
      'next:',
      `  vpcsim check ${to}`,
      ...(name === 'vpc-three-tier' ? [`  vpcsim trace ${to} --from internet --to i-web-1 --port 443`] : []),
      `  vpcsim tui ${to}`,
      '',
    ].join('\n'),
  );
  return 0;
}
