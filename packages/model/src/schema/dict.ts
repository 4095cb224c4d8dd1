// Mappings whose keys the user chooses: tag keys, inline policy names, condition operators and
// keys, request context keys. zod's record leaves out a key named `__proto__` (it guards the
// plain object it builds), so an inline policy of that name, and the Deny in it, would vanish
// and a request would be "allowed". So: keys are escaped before zod reads the scenario
// (`escapeKeys`, run by compile), a Dict unescapes them into a null-prototype object, where
// every key (`__proto__`, `constructor`, `toString`) is an own property and nothing is
// inherited, and diagnostics unescape the paths they report (`unescapeKey`).
import { z } from 'zod';
import { copyTree, someKey } from '../tree.js';

/** Prefix of an escaped key; keys that already start with it are escaped too, so escaping is one to one. */
const ESC = '\u0000';
const needsEscape = (k: string): boolean => k === '__proto__' || k.startsWith(ESC);

/** A key as the user wrote it, from its escaped form. */
export const unescapeKey = (k: string): string => (k.startsWith(ESC) ? k.slice(1) : k);


/**
 * The value with every mapping key that zod would drop (`__proto__`) escaped, as a copy; the
 * value itself when no key needs it (the common case: one pass, no copy).
 */
export function escapeKeys(v: unknown): unknown {
  return someKey(v, needsEscape) ? copyTree(v, (k) => (needsEscape(k) ? ESC + k : k)) : v;
}

/** A null-prototype copy of a record with its keys unescaped. */
function toDict<V>(r: Record<string, V>): Record<string, V> {
  const out = Object.create(null) as Record<string, V>;
  for (const k of Object.keys(r)) out[unescapeKey(k)] = r[k]!;
  return out;
}

/**
 * A mapping from user-chosen string keys to `value`: every key kept (`__proto__` included),
 * parsed into a null-prototype object, so a lookup never finds an inherited `constructor`.
 */
export const Dict = <V extends z.ZodType>(value: V) => z.record(z.string(), value).transform(toDict);
