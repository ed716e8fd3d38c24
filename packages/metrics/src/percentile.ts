/** Percentiles the report gives. */
export const REPORTED_PERCENTILES = [0.5, 0.95, 0.99] as const;

/**
 * How percentiles are computed, stated in every report: exact, over every value in the group, by
 * linear interpolation between the two closest ranks. This is Hyndman and Fan's type 7 — NumPy's
 * default, R's default, and DuckDB's `quantile_cont`.
 */
export const PERCENTILE_METHOD =
  'exact; linear interpolation between closest ranks (Hyndman-Fan type 7, as DuckDB quantile_cont and NumPy)';

/**
 * The `fraction` quantile (0…1) of ascending `sorted` values, or null when there are none. With
 * n values the rank is h = (n − 1)·fraction and, with d = h − ⌊h⌋, the result is
 * x[⌊h⌋]·(1 − d) + x[⌈h⌉]·d — written in the order of operations DuckDB's `quantile_cont` uses for
 * doubles, so the two agree to the last bit (the metrics-report benchmark checks it).
 */
export function percentileOfSorted(sorted: ArrayLike<number>, fraction: number): number | null {
  const count = sorted.length;
  if (count === 0) return null;
  if (!(fraction >= 0 && fraction <= 1))
    throw new RangeError(`percentile fraction must be within 0…1, got ${fraction}`);
  const rank = (count - 1) * fraction;
  const lowerRank = Math.floor(rank);
  const upperRank = Math.ceil(rank);
  const lower = sorted[lowerRank] as number;
  if (lowerRank === upperRank) return lower;
  const upper = sorted[upperRank] as number;
  const weight = rank - lowerRank;
  return lower * (1 - weight) + upper * weight;
}
