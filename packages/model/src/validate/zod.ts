// Turns zod issues into diagnostics. (Owned by the validation work: improve freely.)
import type { z } from 'zod';
import { error, type Diagnostic } from '../diagnostic.js';

/** Maps zod issues to diagnostics with paths and hints. */
export function zodDiagnostics(issues: readonly z.core.$ZodIssue[], _raw?: unknown): Diagnostic[] {
  return issues.map((i) => error(`schema-${i.code}`, i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), i.message));
}
