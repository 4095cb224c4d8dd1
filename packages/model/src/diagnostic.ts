// Errors are values: a code, a path into the scenario, a message a person understands, and a hint.
// Messages follow STYLE.md: lowercase, no final period, user input in backticks.

/** A path into the scenario, as zod and immer write it: `['subnets', 3, 'cidr']`. */
export type Path = readonly (string | number)[];

/** One problem found in a scenario (or a warning about it). */
export interface Diagnostic {
  /** A stable code, e.g. `unknown-reference`, `subnet-overlap`. */
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly path: Path;
  readonly message: string;
  readonly hint?: string | undefined;
  /** The file the scenario came from, when it came from one. */
  readonly file?: string | undefined;
  /** 1-based line and column in that file, when known. */
  readonly line?: number | undefined;
  readonly column?: number | undefined;
}

/** Formats a path the way people read it: `subnets[3].routeTable`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(p)) out += out ? `.${p}` : p;
    else out += `[${JSON.stringify(p)}]`;
  }
  return out || '(top level)';
}

/** Formats one diagnostic as `web.yaml:42 subnets[3].routeTable: message — hint ...`. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file ?? '<scenario>'}${d.line !== undefined ? `:${d.line}` : ''}`;
  const sev = d.severity === 'warning' ? 'warning: ' : '';
  return `${where} ${formatPath(d.path)}: ${sev}${d.message}${d.hint ? ` — hint: ${d.hint}` : ''}`;
}

/** Builds an error diagnostic. */
export function error(code: string, path: Path, message: string, hint?: string): Diagnostic {
  return hint === undefined ? { code, severity: 'error', path, message } : { code, severity: 'error', path, message, hint };
}

/** Builds a warning diagnostic. */
export function warning(code: string, path: Path, message: string, hint?: string): Diagnostic {
  return hint === undefined ? { code, severity: 'warning', path, message } : { code, severity: 'warning', path, message, hint };
}

/**
 * Appends every item of `from` to `to`, in order. `to.push(...from)` passes each item as an
 * argument, and past about 120,000 of them the call overflows the stack.
 */
export function pushAll<T>(to: T[], from: Iterable<T>): T[] {
  for (const x of from) to.push(x);
  return to;
}

/** The largest of `xs` (`fallback` for none), without spreading them as arguments. */
export function maxOf(xs: Iterable<number>, fallback = -Infinity): number {
  let m = fallback;
  for (const x of xs) if (x > m) m = x;
  return m;
}

/**
 * `table[key]` when `key` is the table's own key; undefined otherwise. A lookup by a key that
 * comes from input (a file name, an AWS field) must never find `constructor` or `toString`
 * on Object.prototype.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** Edit distance, for "did you mean" hints (small strings only). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length > 64 || b.length > 64) return Math.abs(a.length - b.length) + 64;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/**
 * A did-you-mean that answers at most `max` times (candidates are listed only when asked):
 * each answer costs a pass over the candidates, so past the bound a file with a dangling
 * reference in every entry is still validated in linear time.
 */
export function boundedDidYouMean(max = 200): (word: string, candidates: () => Iterable<string>) => string | undefined {
  let left = max;
  return (word, candidates) => (left-- > 0 ? didYouMean(word, candidates()) : undefined);
}

/** The closest candidate to `word`, if one is close enough to be a likely typo. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) { bestD = d; best = c; }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  return bestD <= limit ? best : undefined;
}
