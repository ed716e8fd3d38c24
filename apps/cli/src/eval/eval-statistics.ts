import { percentileOfSorted } from '@biopipe/metrics';

/** z for a two-sided 95% interval: the 0.975 quantile of the standard normal distribution. */
const Z_95 = 1.959963984540054;

/** A proportion with its 95% Wilson score interval. */
export interface Proportion {
  successes: number;
  total: number;
  /** successes / total, or null with no items. */
  rate: number | null;
  /** Lower and upper end of the 95% Wilson score interval ([0, 1] with no items). */
  low: number;
  high: number;
}

/**
 * The 95% Wilson score interval of `successes` out of `total` (Wilson 1927; Newcombe 1998, method
 * 3). Unlike the normal approximation it stays within [0, 1] and is sound at 0% and 100% and for
 * small samples, which is where a suite of 60 questions sits.
 */
export function wilsonInterval(successes: number, total: number): Proportion {
  if (!Number.isInteger(successes) || !Number.isInteger(total) || successes < 0 || successes > total)
    throw new RangeError(`wilsonInterval needs 0 <= successes <= total, got ${successes}/${total}`);
  if (total === 0) return { successes, total, rate: null, low: 0, high: 1 };
  const rate = successes / total;
  const zSquared = Z_95 * Z_95;
  const denominator = 1 + zSquared / total;
  const centre = (rate + zSquared / (2 * total)) / denominator;
  const halfWidth = (Z_95 / denominator) * Math.sqrt((rate * (1 - rate)) / total + zSquared / (4 * total * total));
  // Clamp the rounding at the ends: 0/n has a lower end of exactly 0.
  return {
    successes,
    total,
    rate,
    low: successes === 0 ? 0 : Math.max(0, centre - halfWidth),
    high: successes === total ? 1 : Math.min(1, centre + halfWidth),
  };
}

/** p50 and p95 of latencies in milliseconds (null with none), as the metrics report computes them. */
export function latencyPercentiles(latencies: readonly number[]): { p50: number | null; p95: number | null } {
  const sorted = Float64Array.from(latencies).sort();
  return { p50: percentileOfSorted(sorted, 0.5), p95: percentileOfSorted(sorted, 0.95) };
}
