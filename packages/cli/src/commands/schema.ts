// `vpcsim schema`: the JSON Schema of the scenario format, for editors.
import { z } from 'zod';
import { Scenario } from '@vpcsim/model';
import type { CommandContext } from '../command-context.js';
import { writeJson } from '../output/write.js';

/** The scenario format as JSON Schema (draft 2020-12), generated from the zod schema. */
export function schemaCommand(): Record<string, unknown> {
  const schema = z.toJSONSchema(Scenario, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'vpcsim scenario', description: 'A vpcsim scenario file, format version 1' };
}

/** `vpcsim schema`. */
export async function run(ctx: CommandContext): Promise<number> {
  writeJson(ctx.io, schemaCommand());
  return 0;
}
