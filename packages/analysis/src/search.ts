// The search behind a property: enumerate a finite case space in simplicity order when it is
// small enough (a proof), otherwise sample it with fast-check, biased toward boundary values,
// and shrink a failure toward the simplest case.
import fc from 'fast-check';

/** One quantified dimension: its values in simplicity order, and how to sample it. */
export interface Dimension<T> {
  readonly name: string;
  /** Every value to check for a proof, simplest first (one per equivalence class). */
  readonly values: readonly T[];
  /** Sampling; default: an index into `values` (shrinks toward the first). */
  readonly arbitrary?: fc.Arbitrary<T> | undefined;
}

/** The outcome of a search. */
export interface SearchOutcome<C> {
  readonly mode: 'proved' | 'sampled';
  /** Cases examined. */
  readonly cases: number;
  /** Size of the whole space (classes multiplied). */
  readonly space: number;
  /** The simplest failing case found, if any. */
  readonly failure?: C | undefined;
  readonly seed?: number | undefined;
}

/** Default budget: spaces up to this many cases are enumerated, not sampled. */
export const DEFAULT_BUDGET = 20_000;
/** Default fast-check runs for sampled properties. */
export const DEFAULT_RUNS = 1_000;
/** Default fast-check seed: fixed, so runs repeat. */
export const DEFAULT_SEED = 42;

/** An index arbitrary over a list, shrinking toward its first element. */
export function indexArbitrary<T>(values: readonly T[]): fc.Arbitrary<T> {
  return fc.nat({ max: Math.max(0, values.length - 1) }).map((i) => values[i]!);
}

/**
 * Searches the product of the dimensions for a case where `holds` is false. With a space of
 * at most `budget` cases, every case is checked in lexicographic order (first dimension
 * outermost, each dimension simplest first), so the first failure is the simplest one. Beyond
 * it, fast-check samples `runs` cases with `seed` and shrinks a failure.
 */
export function search<C extends unknown[]>(
  dims: { readonly [K in keyof C]: Dimension<C[K]> },
  holds: (c: C) => boolean,
  options: { budget: number; runs: number; seed: number },
): SearchOutcome<C> {
  const list = dims as unknown as readonly Dimension<unknown>[];
  const space = list.reduce((n, d) => n * d.values.length, 1);
  if (space === 0) return { mode: 'proved', cases: 0, space };
  if (space <= options.budget) {
    const idx = list.map(() => 0);
    for (let n = 0; n < space; n++) {
      const c = list.map((d, i) => d.values[idx[i]!]) as C;
      if (!holds(c)) return { mode: 'proved', cases: n + 1, space, failure: c };
      for (let i = list.length - 1; i >= 0; i--) {
        idx[i]! += 1;
        if (idx[i]! < list[i]!.values.length) break;
        idx[i] = 0;
      }
    }
    return { mode: 'proved', cases: space, space };
  }
  const arbs = list.map((d) => d.arbitrary ?? indexArbitrary(d.values));
  const details = fc.check(
    fc.property(fc.tuple(...arbs), (c) => holds(c as C)),
    { seed: options.seed, numRuns: options.runs, endOnFailure: false },
  );
  return {
    mode: 'sampled',
    cases: details.numRuns + details.numShrinks,
    space,
    failure: details.failed && details.counterexample ? (details.counterexample[0] as C) : undefined,
    seed: options.seed,
  };
}
