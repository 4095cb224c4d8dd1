// `vpcsim schema`: the JSON Schema of the scenario format, for editors.
import { z } from 'zod';
import { Scenario } from '@vpcsim/model';

/** The scenario format as JSON Schema (draft 2020-12), generated from the zod schema. */
export function schemaCommand(): Record<string, unknown> {
  const schema = z.toJSONSchema(Scenario, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { ...schema, title: 'vpcsim scenario', description: 'A vpcsim scenario file, format version 1' };
}
