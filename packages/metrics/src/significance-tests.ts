/** Results of the report's significance tests: the statistic and its two-sided p-value. */
export interface TestResult {
  statistic: number;
  /** Two-sided p-value; 1 when the test has nothing to distinguish (no variance). */
  p_value: number;
}

/**
 * erfc(x) for x ≥ 0 (W. J. Cody's rational approximation as given in Numerical Recipes' `erfcc`,
 * relative error below 1.2e-7 everywhere), computed directly in the tail, so a p-value of 1e-13 is
 * not lost to 1 − 0.9999999999999.
 */
function erfcNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const polynomial =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(-x * x + polynomial);
}

/** The standard normal CDF, Φ(x). */
export function normalCdf(x: number): number {
  const tail = erfcNonNegative(Math.abs(x) / Math.SQRT2) / 2;
  return x >= 0 ? 1 - tail : tail;
}

/** Two-sided p-value of a standard normal statistic: 2·(1 − Φ(|z|)), from the tail directly. */
const twoSided = (z: number): number => Math.min(1, erfcNonNegative(Math.abs(z) / Math.SQRT2));

/**
 * Two-proportion z-test with the pooled proportion (as statsmodels' `proportions_ztest`): are
 * `successesA / totalA` and `successesB / totalB` the same rate? z is positive when A's rate is higher.
 */
export function twoProportionZTest(successesA: number, totalA: number, successesB: number, totalB: number): TestResult {
  if (totalA === 0 || totalB === 0) return { statistic: 0, p_value: 1 };
  const pooled = (successesA + successesB) / (totalA + totalB);
  const variance = pooled * (1 - pooled) * (1 / totalA + 1 / totalB);
  if (variance === 0) return { statistic: 0, p_value: 1 };
  const z = (successesA / totalA - successesB / totalB) / Math.sqrt(variance);
  return { statistic: z, p_value: twoSided(z) };
}

/**
 * Mann–Whitney U test, two-sided, normal approximation with tie correction and continuity correction
 * (scipy.stats.mannwhitneyu(a, b, method='asymptotic'), the method scipy picks for samples past 8 or
 * with ties). `statistic` is U of sample A: the number of pairs where A's value is the larger (ties half).
 */
export function mannWhitneyU(a: readonly number[], b: readonly number[]): TestResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { statistic: 0, p_value: 1 };
  const all = [...a.map((value) => ({ value, fromA: true })), ...b.map((value) => ({ value, fromA: false }))];
  all.sort((left, right) => left.value - right.value);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let start = 0; start < all.length;) {
    let end = start;
    while (end + 1 < all.length && all[end + 1]?.value === all[start]?.value) end += 1;
    const size = end - start + 1;
    const rank = (start + end) / 2 + 1;
    for (let index = start; index <= end; index += 1) if (all[index]?.fromA === true) rankSumA += rank;
    tieTerm += size ** 3 - size;
    start = end + 1;
  }
  const u1 = rankSumA - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const mean = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (variance <= 0) return { statistic: u1, p_value: 1 };
  // Continuity correction toward the mean, as scipy does with the larger of U1 and U2.
  const z = (Math.max(u1, n1 * n2 - u1) - mean - 0.5) / Math.sqrt(variance);
  return { statistic: u1, p_value: z <= 0 ? 1 : twoSided(z) };
}
