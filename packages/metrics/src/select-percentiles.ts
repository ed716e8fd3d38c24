import { percentileOfSorted } from './percentile.js';

/** Places the k-th smallest of values[from, to) at index k, smaller ones before it, larger after (Hoare's quickselect). */
function selectInPlace(values: Float64Array, k: number, from: number, to: number): void {
  let left = from;
  let right = to - 1;
  let rounds = 0;
  const maxRounds = 4 * Math.ceil(Math.log2(to - from + 1)) + 8;
  while (right > left) {
    if ((rounds += 1) > maxRounds) {
      // Guard against quadratic behaviour on adversarial input: finish by sorting what is left.
      values.subarray(left, right + 1).sort();
      return;
    }
    // Median of three as pivot; a three-way split keeps runs of equal values (common: latencies are rounded) cheap.
    const middle = (left + right) >>> 1;
    const a = values[left] as number;
    const b = values[middle] as number;
    const c = values[right] as number;
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let less = left;
    let greater = right;
    let index = left;
    while (index <= greater) {
      const value = values[index] as number;
      if (value < pivot) {
        values[index] = values[less] as number;
        values[less] = value;
        less += 1;
        index += 1;
      } else if (value > pivot) {
        values[index] = values[greater] as number;
        values[greater] = value;
        greater -= 1;
      } else {
        index += 1;
      }
    }
    if (k < less) right = less - 1;
    else if (k > greater) left = greater + 1;
    else return;
  }
}

/**
 * Percentiles of the first `length` values, by the method of {@link percentileOfSorted} (exact, linear
 * interpolation between closest ranks), found by selection in O(n) instead of sorting. Reorders the
 * values in place. `fractions` must be ascending.
 */
export function selectPercentiles(values: Float64Array, length: number, fractions: readonly number[]): (number | null)[] {
  if (length === 0) return fractions.map(() => null);
  let from = 0;
  return fractions.map((fraction) => {
    const rank = (length - 1) * fraction;
    const lowerRank = Math.floor(rank);
    selectInPlace(values, lowerRank, from, length);
    from = lowerRank;
    const lower = values[lowerRank] as number;
    if (lowerRank === Math.ceil(rank)) return lower;
    // The next order statistic is the smallest value after the selected one.
    let upper = Number.POSITIVE_INFINITY;
    for (let index = lowerRank + 1; index < length; index += 1) if ((values[index] as number) < upper) upper = values[index] as number;
    return percentileOfSorted([lower, upper], rank - lowerRank);
  });
}
