import { percentileOfSorted } from './percentile.js';

/** Values to select from: the first `length` of `values`. */
export interface SampleRun {
  values: Float64Array;
  length: number;
  /** The values are in ascending order (a reader thread sorted them while the others still read). */
  sorted?: boolean;
}

/** How many values of a sorted run are below `value` (or, with `orEqual`, not above it), by binary search. */
function countSortedBelow(run: SampleRun, value: number, orEqual: boolean): number {
  let low = 0;
  let high = run.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const candidate = run.values[middle] as number;
    if (candidate < value || (orEqual && candidate === value)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * The k-th smallest value (0-based) of sorted runs taken together: the answer is some run's value,
 * found by binary search within that run on how many values in all runs lie below and not above it.
 * O(runs² log² n) with no pass over the values, where selection would partition them all.
 */
function selectFromSorted(runs: readonly SampleRun[], k: number): number {
  const count = (value: number, orEqual: boolean): number =>
    runs.reduce((sum, run) => sum + countSortedBelow(run, value, orEqual), 0);
  for (const run of runs) {
    let low = 0;
    let high = run.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = run.values[middle] as number;
      if (k < count(value, false)) high = middle - 1;
      else if (k >= count(value, true)) low = middle + 1;
      else return value;
    }
  }
  throw new RangeError(`rank ${k} is outside the runs`);
}

/** The part of one run still in play: indexes [from, to). */
interface Window {
  values: Float64Array;
  from: number;
  to: number;
}

/** The `index`-th value of the windows taken end to end. */
function valueAt(windows: readonly Window[], index: number): number {
  let rest = index;
  for (const window of windows) {
    const size = window.to - window.from;
    if (rest < size) return window.values[window.from + rest] as number;
    rest -= size;
  }
  throw new RangeError('index past the end of the windows');
}

/** Three-way partition of values[from, to) around `pivot` in place; returns where the equal and the greater values start. */
function partition(values: Float64Array, from: number, to: number, pivot: number): [number, number] {
  let less = from;
  let greater = to - 1;
  let index = from;
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
  return [less, greater + 1];
}

/**
 * The k-th smallest value (0-based) of several windows taken together, by quickselect across them
 * (so partial results never need copying into one array). Reorders the windows in place. Returns the
 * value and, per window, where its values not smaller than the answer start.
 */
function selectAcross(windows: Window[], k: number): { value: number; notSmaller: number[]; equalCount: number } {
  let active = windows.map((window) => ({ ...window }));
  const notSmaller = windows.map((window) => window.from);
  let rest = k;
  const total = active.reduce((sum, window) => sum + window.to - window.from, 0);
  const maxRounds = 4 * Math.ceil(Math.log2(total + 1)) + 16;
  if (rest < 0 || rest >= total) throw new RangeError(`rank ${k} is outside 0…${total - 1}`);
  for (let round = 0; ; round += 1) {
    const size = active.reduce((sum, window) => sum + window.to - window.from, 0);
    // Median of three as pivot; the three-way split keeps runs of equal values (latencies are rounded) cheap.
    const a = valueAt(active, 0);
    const b = valueAt(active, size >>> 1);
    const c = valueAt(active, size - 1);
    let pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    if (round > maxRounds) {
      // Adversarial input would make this quadratic: sort what is left once, and use the answer as the pivot.
      const left = Float64Array.from(
        active.flatMap((window) => [...window.values.subarray(window.from, window.to)]),
      ).sort();
      pivot = left[rest] as number;
    }
    let less = 0;
    let equal = 0;
    const bounds = active.map((window) => {
      const [equalStart, greaterStart] = partition(window.values, window.from, window.to, pivot);
      less += equalStart - window.from;
      equal += greaterStart - equalStart;
      return [equalStart, greaterStart] as const;
    });
    if (rest < less) {
      active = active.map((window, index) => ({ ...window, to: bounds[index]?.[0] ?? window.to }));
    } else if (rest < less + equal) {
      active.forEach((_, index) => (notSmaller[index] = bounds[index]?.[0] ?? notSmaller[index] ?? 0));
      return { value: pivot, notSmaller, equalCount: equal };
    } else {
      rest -= less + equal;
      active = active.map((window, index) => ({ ...window, from: bounds[index]?.[1] ?? window.from }));
      active.forEach((window, index) => (notSmaller[index] = window.from));
    }
  }
}

/**
 * Percentiles of several runs of values taken together, by the method of {@link percentileOfSorted}
 * (exact, linear interpolation between closest ranks), found by selection in O(n) rather than by
 * sorting, and without copying the runs into one array. Reorders the values in place. `fractions`
 * must be ascending.
 */
export function selectPercentiles(runs: readonly SampleRun[], fractions: readonly number[]): (number | null)[] {
  const count = runs.reduce((sum, run) => sum + run.length, 0);
  if (count === 0) return fractions.map(() => null);
  if (runs.every((run) => run.sorted === true)) {
    return fractions.map((fraction) => {
      const rank = (count - 1) * fraction;
      const lower = selectFromSorted(runs, Math.floor(rank));
      if (Math.floor(rank) === Math.ceil(rank)) return lower;
      return percentileOfSorted([lower, selectFromSorted(runs, Math.floor(rank) + 1)], rank - Math.floor(rank));
    });
  }
  // Values ranked below `skipped` are known to be smaller than anything still to be selected.
  let windows: Window[] = runs
    .filter((run) => run.length > 0)
    .map((run) => ({ values: run.values, from: 0, to: run.length }));
  let skipped = 0;
  return fractions.map((fraction) => {
    const rank = (count - 1) * fraction;
    const lowerRank = Math.floor(rank);
    const { value: lower, notSmaller, equalCount } = selectAcross(windows, lowerRank - skipped);
    const below = windows.reduce((sum, window, index) => sum + (notSmaller[index] ?? window.from) - window.from, 0);
    windows = windows.map((window, index) => ({ ...window, from: notSmaller[index] ?? window.from }));
    skipped += below;
    if (lowerRank === Math.ceil(rank)) return lower;
    // The next order statistic: the same value again, or else the smallest value above it.
    let upper = lower;
    if (lowerRank + 1 >= skipped + equalCount) {
      upper = Number.POSITIVE_INFINITY;
      for (const window of windows) {
        for (let index = window.from; index < window.to; index += 1) {
          const value = window.values[index] as number;
          if (value > lower && value < upper) upper = value;
        }
      }
    }
    return percentileOfSorted([lower, upper], rank - lowerRank);
  });
}
